"""For course authors: build the learner notebooks from `course/notebooks/*.md` (`widgets build`), render their
includes and citations, and check the whole course (`widgets check`).

May import: `widgets.grading` (the nbgrader sources are built and checked too), `widgets.kit` (handouts are
checked), `widgets.learner`, `widgets.content` and the base modules. Nothing imports authoring but the
command line (`widgets/__main__.py`).
"""
