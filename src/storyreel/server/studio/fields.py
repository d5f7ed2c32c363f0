"""A model field for the contract's str enums: stored as the value, read back as the member.

So services compare and assign `TaskStatus.RUNNING` directly, with no `Enum(x)` or `.value`
at every use (a str enum's member also equals its value, so filters take either).
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from django.db import models
from django.db.models.query_utils import DeferredAttribute


class _EnumAttribute(DeferredAttribute):
    """Assigning a value (a string, as a form or a test might) stores the member."""

    def __set__(self, instance: Any, value: Any) -> None:
        instance.__dict__[self.field.attname] = self.field.to_python(value)


class EnumField(models.CharField):  # type: ignore[type-arg]
    """A CharField holding one member of a str Enum (choices are its values)."""

    descriptor_class = _EnumAttribute

    def __init__(self, enum: type[Enum], **kwargs: Any) -> None:
        self.enum = enum
        kwargs.setdefault("max_length", max(len(str(member.value)) for member in enum))
        kwargs["choices"] = [(member.value, member.value) for member in enum]
        if isinstance(kwargs.get("default"), Enum):
            kwargs["default"] = kwargs["default"].value
        super().__init__(**kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("choices", None)  # they follow from the enum
        kwargs["enum"] = self.enum
        return name, path, args, kwargs

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Enum | None:
        return None if value is None else self.enum(value)

    def to_python(self, value: Any) -> Enum | None:
        if value is None or isinstance(value, self.enum):
            return value
        return self.enum(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return value.value if isinstance(value, Enum) else value
