"""The course's widgets and content tools. Notebooks use the functions below; see course/AUTHORING.md."""

from ._errors import ContentError, Problem, StoreError
from .card_sort_view import card_sort
from .notes_view import my_data, reflection
from .quiz_view import quiz
from .resources_view import support_finder
from .store import LearnerStore, data_dir
from .worksheet_view import Field, worksheet

__all__ = [
    "ContentError",
    "Field",
    "LearnerStore",
    "Problem",
    "StoreError",
    "card_sort",
    "data_dir",
    "my_data",
    "quiz",
    "reflection",
    "support_finder",
    "worksheet",
]
