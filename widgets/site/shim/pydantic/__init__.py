"""A stand-in for pydantic in the browser edition only (Pyodide from PyPI has no pydantic-core).

The course's files are validated by the real pydantic when the site is built; the browser receives the validated
objects, pickled (widgets.content.files: frozen reads). This module gives `widgets.content.schema` the names it
imports, and model instances what unpickling needs. It validates nothing: a read that was not frozen at build
time raises ValidationError, and never passes unchecked data on.
"""

from __future__ import annotations

from typing import Any

__version__ = "0+browser-edition"


class ValidationError(ValueError):
    """Raised for every validation asked of this stand-in: only the build validates."""

    def errors(self) -> list[dict]:
        return [{"type": "not_frozen", "loc": (), "msg": str(self), "input": None}]


class _Marker:
    """Field(...), StringConstraints(...), validators and tags: kept, never applied."""

    def __init__(self, *args: Any, **kwargs: Any):
        self.args, self.kwargs = args, kwargs
        self.alias = kwargs.get("alias")
        self.annotation = None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return args[0] if args else self


Field = AfterValidator = BeforeValidator = Discriminator = StringConstraints = Tag = WithJsonSchema = _Marker


def PrivateAttr(default: Any = None, default_factory: Any = None) -> Any:  # noqa: N802 - pydantic's name
    return default_factory() if default_factory else default


def ConfigDict(**kwargs: Any) -> dict:  # noqa: N802 - pydantic's name
    return dict(kwargs)


def model_validator(*, mode: str = "after") -> Any:
    return lambda function: function


field_validator = model_validator


class BaseModel:
    """Holds attributes set by unpickling (pydantic's own pickle state) and nothing else."""

    model_fields: dict = {}

    def __init__(self, **values: Any):
        """Build from values the course's own code gives (already checked), with the declared defaults."""
        for klass in reversed(type(self).__mro__):
            for name in getattr(klass, "__annotations__", {}):
                if name.startswith("_") or name in values or name == "model_fields":
                    continue
                default = getattr(type(self), name, None)
                if isinstance(default, _Marker):
                    factory = default.kwargs.get("default_factory")
                    default = factory() if factory else default.kwargs.get("default")
                if not callable(default) or isinstance(default, type):
                    object.__setattr__(self, name, default)
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__()

    def __class_getitem__(cls, item: Any) -> type:
        return cls

    @classmethod
    def model_validate(cls, data: Any) -> Any:
        raise ValidationError(f"{cls.__name__}: this file was not read when the site was built, so it cannot be "
                              "checked here; rebuild the site (make site)")

    def __setstate__(self, state: dict) -> None:
        for key, value in (state.get("__dict__") or {}).items():
            object.__setattr__(self, key, value)
        for key, value in (state.get("__pydantic_private__") or {}).items():
            object.__setattr__(self, key, value)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and vars(other) == vars(self)

    def __hash__(self) -> int:
        return hash((type(self).__name__, *sorted((k, repr(v)) for k, v in vars(self).items())))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in vars(self).items())})"


class RootModel(BaseModel):
    root: Any
