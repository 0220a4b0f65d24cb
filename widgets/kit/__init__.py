"""For workshop facilitators: the facilitator kit (`widgets handouts | slides | kit`): printable handouts and
their paper activities, slide decks, the facilitator index and the one-day and two-day plans.

May import: `widgets.content` and the base modules. Never the learner widgets, grading, authoring or app.
"""
