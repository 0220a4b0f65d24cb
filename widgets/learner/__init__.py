"""What a learner touches: the widgets the notebooks show, their pure models, and the private learner store.

Serves: learners, in JupyterLab or the learner app. The notebooks use it through the public API re-exported by
`widgets/__init__.py` (`from widgets import quiz`).
Layout: `views` (ipywidgets + matplotlib) import `models` (pure: numpy and dataclasses, unit-tested without a
browser), which import `store` (where saved answers and notes live). May import: `widgets.content` and the base
modules (`widgets._errors`, `widgets._paths`, `widgets._files`). Never authoring, grading, kit, app or classroom.
"""
