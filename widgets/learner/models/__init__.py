"""Pure models of the learner widgets: progress, notes, summaries, the reinforcement simulation.

No ipywidgets, no matplotlib (an import contract checks it), so each is tested in milliseconds.
May import: `widgets.learner.store`, `widgets.content` and the base modules.
"""
