"""pydantic.fields for the browser stand-in: FieldInfo is the marker every Field(...) returns."""

from . import _Marker as FieldInfo

__all__ = ["FieldInfo"]
