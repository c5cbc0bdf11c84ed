"""What the generated model classes (``_model.py``) share: conversion to
plain dicts, building from the core's JSON, and the few hand-written parts
(``MinAnswered``, ``Framework.stage``)."""

from __future__ import annotations

import dataclasses
import sys
import typing
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple, Type, TypeVar

T = TypeVar("T")


class _Record:
    """Shared behaviour of the model's dataclasses."""

    def to_dict(self) -> Dict[str, Any]:
        """The value as plain dicts and lists (``None`` fields left out)."""
        return _to_dict(self)  # type: ignore[no-any-return]


def _to_dict(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.metadata.get("json", f.name): _to_dict(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if getattr(value, f.name) is not None
        }
    if isinstance(value, (list, tuple)):
        return [_to_dict(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_dict(v) for k, v in value.items()}
    return value


_HINTS: Dict[type, Dict[str, Any]] = {}


def _build(tp: Any, data: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin is typing.Union:
        if data is None:
            return None
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        return _build(inner, data)
    if origin in (list, List):
        (inner,) = typing.get_args(tp)
        return [_build(inner, d) for d in data]
    if origin in (tuple, Tuple):
        return tuple(_build(t, d) for t, d in zip(typing.get_args(tp), data))
    if origin in (dict, Dict):
        _, inner = typing.get_args(tp)
        return {k: _build(inner, v) for k, v in data.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _HINTS.get(tp)
        if hints is None:
            hints = typing.get_type_hints(tp, vars(sys.modules[tp.__module__]))
            _HINTS[tp] = hints
        kwargs = {}
        for f in dataclasses.fields(tp):
            key = f.metadata.get("json", f.name)
            if key in data:
                kwargs[f.name] = _build(hints[f.name], data[key])
        return tp(**kwargs)
    return data


def build(cls: Type[T], data: Any) -> T:
    """Build ``cls`` (a dataclass of this module) from parsed JSON."""
    return _build(cls, data)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class MinAnswered(_Record):
    """How many items must be answered: a ``count`` or a ``fraction``."""

    count: Optional[int] = None
    fraction: Optional[float] = None


class _FrameworkMethods:
    """Methods of ``Framework``."""

    stages: List[Any]

    def stage(self, key: str) -> Optional[Any]:
        """The stage with this key."""
        return next((s for s in self.stages if s.key == key), None)
