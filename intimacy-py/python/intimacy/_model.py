"""The model as frozen dataclasses, built from the core's JSON.

Field names are those of the Rust types (and of the JSON data files), so a
value converts to the same dict in every language (see ``to_dict``).
"""

from __future__ import annotations

import dataclasses
import sys
import typing
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Type, TypeVar

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
    if origin in (dict, Dict):
        _, inner = typing.get_args(tp)
        return {k: _build(inner, v) for k, v in data.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _HINTS.get(tp)
        if hints is None:
            hints = typing.get_type_hints(tp, vars(sys.modules[__name__]))
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
class Source(_Record):
    """A public text the content is drawn from."""

    key: str
    title: str
    publisher: str
    kind: str
    note: Optional[str] = None


@dataclass(frozen=True)
class Principle(_Record):
    """A rule for reading a framework; ``basis`` is "published" when the
    framework's own source states it, "authored" when it is the project's
    reading."""

    key: str
    text: str
    basis: str


@dataclass(frozen=True)
class DisclosureLink(_Record):
    """The disclosure depth typical of a stage, and whether the source says so."""

    depth: str
    basis: str


@dataclass(frozen=True)
class Stage(_Record):
    """One stage (level) of a framework."""

    level: int
    key: str
    name: str
    summary: str
    features: List[str]
    sources: List[str]
    cautions: List[str] = dataclasses.field(default_factory=list)
    author_label: Optional[str] = None
    phase: Optional[str] = None
    disclosure: Optional[DisclosureLink] = None


@dataclass(frozen=True)
class Transition(_Record):
    """A move a framework allows between two stages."""

    from_: str = dataclasses.field(metadata={"json": "from"})
    to: str
    kind: str


@dataclass(frozen=True)
class RegainStep(_Record):
    """A step a framework's source gives for regaining closeness, with the
    keys of the practices that carry it out."""

    key: str
    name: str
    summary: str
    practices: List[str]
    sources: List[str]


@dataclass(frozen=True)
class Framework(_Record):
    """A staged framework of intimacy."""

    key: str
    name: str
    shape: str
    subject: str
    summary: str
    principles: List[Principle]
    stages: List[Stage]
    sources: List[str]
    transitions: List[Transition] = dataclasses.field(default_factory=list)
    missing_signs: List[Entry] = dataclasses.field(default_factory=list)
    regain_steps: List[RegainStep] = dataclasses.field(default_factory=list)

    def stage(self, key: str) -> Optional[Stage]:
        """The stage with this key."""
        return next((s for s in self.stages if s.key == key), None)


@dataclass(frozen=True)
class StageRef(_Record):
    """A stage named by framework and stage key."""

    framework: str
    stage: str


@dataclass(frozen=True)
class Counterpart(_Record):
    """A stage of another framework that corresponds to a given stage."""

    stage: StageRef
    level: int
    correspondence: str
    via: Optional[str] = None


@dataclass(frozen=True)
class CrosswalkLink(_Record):
    """One link of the crosswalk (it holds in both directions)."""

    a: StageRef
    b: StageRef
    correspondence: str
    note: Optional[str] = None


@dataclass(frozen=True)
class Unmatched(_Record):
    """A stage with no counterpart in another framework."""

    stage: StageRef
    framework: str
    note: str


@dataclass(frozen=True)
class Crosswalk(_Record):
    """How the frameworks' stages correspond: the project's interpretation."""

    note: str
    links: List[CrosswalkLink]
    unmatched: List[Unmatched] = dataclasses.field(default_factory=list)


@dataclass(frozen=True)
class Kind(_Record):
    """A kind of intimacy and how it shows."""

    key: str
    name: str
    summary: str
    expressions: List[str]
    sources: List[str]
    note: Optional[str] = None


@dataclass(frozen=True)
class Characteristic(_Record):
    """A characteristic of emotional intimacy."""

    key: str
    name: str
    summary: str
    sources: List[str]
    note: Optional[str] = None


@dataclass(frozen=True)
class Barrier(_Record):
    """Something in the way of intimacy, and what helps."""

    key: str
    name: str
    group: str
    summary: str
    remedy: str
    sources: List[str]


@dataclass(frozen=True)
class Sign(_Record):
    """A sign of healthy or unhealthy intimacy."""

    key: str
    name: str
    polarity: str
    summary: str
    indicators: List[str]
    sources: List[str]
    may_be_fear_response: bool = False


@dataclass(frozen=True)
class Entry(_Record):
    """A plain catalogue entry (fading sign, step, criterion, myth, prompt)."""

    key: str
    name: str
    summary: str
    sources: List[str]


@dataclass(frozen=True)
class LoveLanguage(_Record):
    """One of the five love languages."""

    key: str
    name: str
    summary: str
    examples: List[str]
    sources: List[str]


@dataclass(frozen=True)
class Practice(_Record):
    """Something a couple can do that helps intimacy grow."""

    key: str
    name: str
    summary: str
    steps: List[str]
    addresses: List[str]
    category: str
    sources: List[str]
    together: bool = False
    physical: bool = False


@dataclass(frozen=True)
class Catalogue(_Record):
    """Everything the library knows about intimacy, as data."""

    sources: List[Source]
    frameworks: List[Framework]
    crosswalk: Crosswalk
    kinds: List[Kind]
    characteristics: List[Characteristic]
    barriers: List[Barrier]
    signs: List[Sign]
    fading_signs: List[Entry]
    reconnecting_steps: List[Entry]
    seek_help: List[Entry]
    love_languages: List[LoveLanguage]
    practices: List[Practice]
    myths: List[Entry]
    reflection_prompts: List[Entry]


@dataclass(frozen=True)
class MinAnswered(_Record):
    """How many items must be answered: a ``count`` or a ``fraction``."""

    count: Optional[int] = None
    fraction: Optional[float] = None


@dataclass(frozen=True)
class ScaleLabel(_Record):
    """A label of one value of a response scale."""

    value: float
    label: str


@dataclass(frozen=True)
class ResponseScale(_Record):
    """The answers an item accepts: declared bounds, steps, labels, and a
    "does not apply" code (``not_applicable``) when it has one."""

    id: str
    min: float
    max: float
    step: Optional[float] = None
    continuous: bool = False
    labels: List[ScaleLabel] = dataclasses.field(default_factory=list)
    not_applicable: Optional[ScaleLabel] = None


@dataclass(frozen=True)
class Item(_Record):
    """One question or statement of an instrument."""

    id: str
    text: Optional[str] = None
    response_scale: Optional[str] = None
    reverse: bool = False
    weight: float = 1.0
    measures: List[str] = dataclasses.field(default_factory=list)
    section: Optional[str] = None
    private: bool = False
    alerts: List["Alert"] = dataclasses.field(default_factory=list)


@dataclass(frozen=True)
class Alert(_Record):
    """A rule raising the safety or consent flag from one item's answer (as given)."""

    flag: str
    severity: str
    min: Optional[float] = None
    max: Optional[float] = None


@dataclass(frozen=True)
class Scale(_Record):
    """A scale: items combined into one score."""

    id: str
    items: List[str]
    aggregation: str = "mean"
    name: Optional[str] = None
    min_answered: Optional[MinAnswered] = None
    measures: List[str] = dataclasses.field(default_factory=list)
    private: bool = False


@dataclass(frozen=True)
class ScaleScore(_Record):
    """The score of one scale (``score`` is the mean or the total, by its aggregation)."""

    status: str
    answered: int
    missing: int
    skipped: int
    score: Optional[float] = None
    total: Optional[float] = None
    mean: Optional[float] = None
    percent: Optional[float] = None
    band: Optional[str] = None
    not_applicable: int = 0


@dataclass(frozen=True)
class StageAttainment(_Record):
    """How far one stage is reached (attainment 0-100)."""

    level: int
    key: str
    status: str
    attainment: Optional[float] = None
    reached: Optional[bool] = None


@dataclass(frozen=True)
class Placement(_Record):
    """Where a relationship stands on one framework; it describes, it does not judge."""

    framework: str
    derived: bool
    threshold: float
    stages: List[StageAttainment]
    consecutive: int
    peak: int
    gaps: List[int]
    unknown: List[int]
    summary: str
    via: Optional[str] = None


@dataclass(frozen=True)
class Evidence(_Record):
    """One answer behind a flag."""

    item: str
    answer: float
    target: str
    label: Optional[str] = None


@dataclass(frozen=True)
class Flag(_Record):
    """Something worth attention, with the answers behind it."""

    kind: str
    severity: str
    message: str
    evidence: List[Evidence]
    target: Optional[str] = None


@dataclass(frozen=True)
class Reason(_Record):
    """Why a practice is recommended."""

    target: str
    detail: str
    evidence: List[str]


@dataclass(frozen=True)
class Recommendation(_Record):
    """A practice recommended from the answers, with its reasons."""

    practice: str
    name: str
    summary: str
    steps: List[str]
    category: str
    together: bool
    reasons: List[Reason]
    priority: float


@dataclass(frozen=True)
class LoveLanguageScore(_Record):
    """One love language's preference, 0-100."""

    key: str
    percent: float


@dataclass(frozen=True)
class LoveLanguages(_Record):
    """Love-language preferences to talk about, not a type: the ranking, the
    primary group (within ``margin`` points of the strongest) and the next
    group; both empty when every answered language is within the margin
    (``no_clear_preference``). ``note`` says how weak the research support is."""

    ranking: List[LoveLanguageScore]
    primary: List[str]
    secondary: List[str]
    margin: float
    no_clear_preference: bool
    note: str


@dataclass(frozen=True)
class Helpline(_Record):
    """A help line an app supplies for its region."""

    name: str
    number: Optional[str] = None
    url: Optional[str] = None


@dataclass(frozen=True)
class Resources(_Record):
    """Where help can be found: in every report, flagged or not."""

    message: str
    emergency: str
    helpline: Optional[Helpline] = None


@dataclass(frozen=True)
class AreaScore(_Record):
    """A kind of intimacy or a characteristic, as percent of maximum."""

    target: str
    name: str
    percent: Optional[float] = None


@dataclass(frozen=True)
class FadingSummary(_Record):
    """How many fading warning signs are present, and how strongly (0-100)."""

    present: int
    answered: int
    strength: float
    signs: List[str]


@dataclass(frozen=True)
class AnswerProblem(_Record):
    """An invalid answer that was treated as missing."""

    item: str
    message: str
    value: Optional[float] = None


@dataclass(frozen=True)
class Provenance(_Record):
    """What a report was made from, so it can be reproduced."""

    instrument: str
    instrument_version: str
    content_hash: str
    library_version: str
    options: Dict[str, Any]


@dataclass(frozen=True)
class ReliableChange(_Record):
    """The Jacobson-Truax reliable change between two waves."""

    difference: float
    sem: float
    se_difference: float
    rci: float
    critical: float
    classification: str


@dataclass(frozen=True)
class ScaleChange(_Record):
    """One scale's scores over the waves, and its reliable change (first to last)."""

    scores: List[Optional[float]]
    change: Optional[ReliableChange] = None


@dataclass(frozen=True)
class ChangeReport(_Record):
    """Change across waves: per scale, fading signs per wave, and flags."""

    waves: int
    scales: Dict[str, ScaleChange]
    fading_present: List[Optional[int]]
    flags: List["Flag"]


@dataclass(frozen=True)
class ScalePair(_Record):
    """One scale for both partners (the cut-off applies to each partner)."""

    a: Optional[float] = None
    b: Optional[float] = None
    difference: Optional[float] = None
    absolute_difference: Optional[float] = None
    couple_mean: Optional[float] = None
    below_cutoff: Optional[str] = None


@dataclass(frozen=True)
class PlacementPair(_Record):
    """One framework for both partners: the shared level and who is ahead where."""

    a: int
    b: int
    shared: int
    ahead: List[str]


@dataclass(frozen=True)
class CoupleReport(_Record):
    """Two partners' reports compared."""

    scales: Dict[str, ScalePair]
    placements: Dict[str, PlacementPair]
    love_languages_a: List[str]
    love_languages_b: List[str]
    pacing_mismatch: bool
    love_languages_mismatch: Optional[bool] = None


@dataclass(frozen=True)
class DyadicAgreement(_Record):
    """Agreement between partners across couples: Pearson r (distinguishable
    dyads) and the pairwise, double-entry ICC (exchangeable dyads)."""

    n: int
    pearson: float
    icc_pairwise: float
