"""The learner widgets as ipywidgets views: quiz, card sort, notes, worksheets, support finder, simulator,
cycle timeline, scenario, summary. Each view draws what a model in `widgets.learner.models` or
`widgets.content` computes. May import: `widgets.learner.models`, `widgets.learner.store`, `widgets.content`
and the base modules.
"""
