"""The course's widgets and content tools. Notebooks use the functions below; see course/AUTHORING.md.

The package is split by role (README, "Layout"): `content` (the course model and its schema, at the bottom),
`learner` (these widgets: views, models, the learner store), `authoring`, `grading`, `kit`, `app`, `classroom`.
Import contracts in pyproject.toml keep the dependencies pointing one way.
"""

from ._errors import ContentError, Problem, StoreError
from .learner.store import LearnerStore, data_dir
from .learner.views.card_sort import card_sort
from .learner.views.cycle import cycle_timeline
from .learner.views.notes import my_data, reflection, saving_choice
from .learner.views.quiz import quiz
from .learner.views.resources import support_finder
from .learner.views.scenario import scenario
from .learner.views.summary import my_summary
from .learner.views.worksheet import Field, worksheet

__all__ = [
    "ContentError",
    "Field",
    "LearnerStore",
    "Problem",
    "StoreError",
    "card_sort",
    "cycle_timeline",
    "data_dir",
    "my_data",
    "my_summary",
    "quiz",
    "reflection",
    "reinforcement_simulator",
    "saving_choice",
    "scenario",
    "support_finder",
    "worksheet",
]


def __getattr__(name: str):
    """Import the simulator (numpy, matplotlib when present) only when a notebook asks for it, so `import widgets`
    stays fast."""
    if name == "reinforcement_simulator":
        from .learner.views.reinforcement_widget import reinforcement_simulator

        return reinforcement_simulator
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
