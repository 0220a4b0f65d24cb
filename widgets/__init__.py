"""The course's widgets and content tools. Notebooks use the functions below; see course/AUTHORING.md."""

from ._errors import ContentError, Problem, StoreError
from .card_sort_view import card_sort
from .cycle_view import cycle_timeline
from .notes_view import my_data, reflection, saving_choice
from .quiz_view import quiz
from .resources_view import support_finder
from .scenario_view import scenario
from .store import LearnerStore, data_dir
from .summary_view import my_summary
from .worksheet_view import Field, worksheet

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
    """Import the simulator (numpy, matplotlib) only when a notebook asks for it, so `import widgets` stays fast."""
    if name == "reinforcement_simulator":
        from .reinforcement_view import reinforcement_simulator

        return reinforcement_simulator
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
