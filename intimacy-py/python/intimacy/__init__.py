"""intimacy: the staged frameworks of relationship intimacy as typed data,
and scoring of the assessments built on them.

The content is a structured reflection tool drawn from public articles, not a
validated psychometric instrument; bring validated instruments through
:class:`Instrument`. The library does no network I/O and keeps nothing.

>>> import intimacy
>>> [f.key for f in intimacy.frameworks()]
['seven-levels', 'five-levels', 'four-stages']
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from . import _core
from ._errors import InstrumentError, IntimacyError, Problem, ResponseError
from ._model import (
    Barrier,
    Catalogue,
    Characteristic,
    Counterpart,
    Crosswalk,
    CrosswalkLink,
    DisclosureLink,
    Entry,
    Framework,
    Item,
    Kind,
    LoveLanguage,
    MinAnswered,
    Practice,
    Principle,
    Scale,
    Sign,
    Source,
    Stage,
    StageRef,
    Transition,
    Unmatched,
    build,
)

__version__: str = _core.version()

__all__ = [
    "__version__",
    "frameworks",
    "framework",
    "catalogue",
    "counterparts",
    "builtin_instruments",
    "instrument_schema",
    "Instrument",
    "IntimacyError",
    "InstrumentError",
    "ResponseError",
    "Problem",
    "Barrier",
    "Catalogue",
    "Characteristic",
    "Counterpart",
    "Crosswalk",
    "CrosswalkLink",
    "DisclosureLink",
    "Entry",
    "Framework",
    "Item",
    "Kind",
    "LoveLanguage",
    "MinAnswered",
    "Practice",
    "Principle",
    "Scale",
    "Sign",
    "Source",
    "Stage",
    "StageRef",
    "Transition",
    "Unmatched",
]


def frameworks() -> List[Framework]:
    """The staged frameworks: ``seven-levels``, ``five-levels``, ``four-stages``.

    >>> [len(f.stages) for f in frameworks()]
    [7, 5, 4]
    """
    return [build(Framework, f) for f in json.loads(_core.frameworks_json())]


def framework(key: str) -> Framework:
    """The framework with this key; ``KeyError`` naming the known keys otherwise."""
    for f in frameworks():
        if f.key == key:
            return f
    known = ", ".join(f.key for f in frameworks())
    raise KeyError(f"no framework {key!r}; known: {known}")


def catalogue() -> Catalogue:
    """The whole catalogue: sources, frameworks, crosswalk, kinds, characteristics,
    barriers, signs, fading signs, reconnecting steps, seek-help criteria, love
    languages, practices, myths and reflection prompts."""
    return build(Catalogue, json.loads(_core.catalogue_json()))


def counterparts(framework: str, stage: str, to: str) -> List[Counterpart]:
    """The stages of framework ``to`` corresponding to ``stage`` of ``framework``
    (an interpretation: see ``catalogue().crosswalk.note``).

    >>> [c.level for c in counterparts("five-levels", "feelings-and-fears", "seven-levels")]
    [4, 5]
    """
    return [build(Counterpart, c) for c in json.loads(_core.counterparts_json(framework, stage, to))]


def builtin_instruments() -> List[str]:
    """The names :meth:`Instrument.builtin` accepts."""
    return list(_core.builtin_instruments())


def instrument_schema() -> Dict[str, Any]:
    """The JSON Schema of the instrument format."""
    return json.loads(_core.instrument_schema_json())  # type: ignore[no-any-return]


class Instrument:
    """An assessment: items, response scales, scales, cut-offs, sections, forms.

    Build one with :meth:`builtin`, :meth:`from_json`, :meth:`from_toml`,
    :meth:`from_file` or :meth:`from_keys`; every constructor validates and
    raises :class:`InstrumentError` listing every problem with its path.

    >>> Instrument.builtin("ras").id
    'ras'
    """

    __slots__ = ("_native",)

    def __init__(self, native: _core.NativeInstrument) -> None:
        if not isinstance(native, _core.NativeInstrument):
            raise TypeError(
                "use Instrument.builtin, from_json, from_toml, from_file or from_keys"
            )
        self._native = native

    @classmethod
    def builtin(cls, name: str) -> "Instrument":
        """A built-in instrument by name (see :func:`builtin_instruments`)."""
        return cls(_core.NativeInstrument.builtin(name))

    @classmethod
    def from_json(cls, text: str) -> "Instrument":
        """Read and validate an instrument from JSON text."""
        return cls(_core.NativeInstrument.from_json(text))

    @classmethod
    def from_toml(cls, text: str) -> "Instrument":
        """Read and validate an instrument from TOML text."""
        return cls(_core.NativeInstrument.from_toml(text))

    @classmethod
    def from_file(cls, path: Union[str, "os.PathLike[str]"]) -> "Instrument":
        """Read a ``.json`` or ``.toml`` instrument file (by extension)."""
        return cls(_core.NativeInstrument.from_file(os.fspath(path)))

    @classmethod
    def from_keys(
        cls,
        keys: Mapping[str, Sequence[str]],
        bounds: Optional[Tuple[float, float]] = None,
        aggregation: str = "mean",
        min_answered: Optional[Union[int, float]] = None,
        id: str = "keys",
    ) -> "Instrument":
        """Build an instrument from scoring keys in the style of R psych:
        ``{"scale": ["q1", "-q2"]}``, a leading ``-`` reverses an item.

        ``bounds`` are the declared (min, max) of every item, needed to reverse;
        ``min_answered`` is a count (int) or a fraction (float in (0, 1]).

        >>> inst = Instrument.from_keys({"warmth": ["q1", "-q2", "q3"]}, bounds=(1, 5))
        >>> [i.id for i in inst.items if i.reverse]
        ['q2']
        """
        return cls(
            _core.NativeInstrument.from_keys(
                dict(keys) if isinstance(keys, Mapping) else keys,
                bounds,
                aggregation,
                min_answered,
                id,
            )
        )

    def with_form(self, form: str) -> "Instrument":
        """The instrument restricted to one of its forms (e.g. ``"short"``)."""
        return Instrument(self._native.with_form(form))

    def to_json(self) -> str:
        """The instrument in the JSON instrument format."""
        return self._native.to_json()

    def to_dict(self) -> Dict[str, Any]:
        """The instrument as plain dicts and lists (the JSON format)."""
        return json.loads(self._native.to_json())  # type: ignore[no-any-return]

    @property
    def id(self) -> str:
        """The instrument's id."""
        return self._native.id

    @property
    def version(self) -> str:
        """The version of the definition."""
        return self._native.version

    @property
    def title(self) -> str:
        """The display title."""
        return self._native.title

    @property
    def items(self) -> List[Item]:
        """The items, in presentation order."""
        return [build(Item, i) for i in json.loads(self._native.items_json())]

    @property
    def scales(self) -> List[Scale]:
        """The scales."""
        return [build(Scale, s) for s in json.loads(self._native.scales_json())]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Instrument) and self._native == other._native

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"Instrument(id={self.id!r}, version={self.version!r}, "
            f"items={len(self.items)}, scales={len(self.scales)})"
        )

    def __reduce__(self) -> Tuple[Any, Tuple[str]]:
        # Instruments travel (to Dask workers, through pickle) as their JSON.
        return (Instrument.from_json, (self.to_json(),))
