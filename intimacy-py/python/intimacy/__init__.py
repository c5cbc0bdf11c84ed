"""intimacy: the staged frameworks of relationship intimacy as typed data,
and scoring of the assessments built on them.

The content is a structured reflection tool drawn from public articles, not a
validated psychometric instrument; bring validated instruments through
:class:`Instrument`. The library does no network I/O and keeps nothing.

>>> import intimacy
>>> [f.key for f in intimacy.frameworks()][:3]
['seven-levels', 'five-levels', 'four-stages']
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import warnings
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple, Union

from . import _core
from ._errors import (
    ArgumentError,
    NotFoundError,
    OutOfMemoryError,
    ChangeError,
    CoupleError,
    SessionError,
    MessagesError,
    InstrumentError,
    IntimacyError,
    OptionsError,
    Problem,
    ReadError,
    ReliabilityError,
    ResponseError,
)
from ._arrays import as_block, require_numbers
from . import _frames
from ._pairwise import from_pairwise, to_pairwise
from ._record import Omega
from ._reliability import omega, reliability
from . import _model
from ._model import *  # noqa: F403  (every data class of the model, generated)
from ._model import _ReportFields, build
from ._record import _Record
from ._record import fields as _fields

__version__: str = _core.version()

__all__ = [
    "__version__",
    "ArgumentError",
    "NotFoundError",
    "OutOfMemoryError",
    "frameworks",
    "framework",
    "catalogue",
    "counterparts",
    "builtin_instruments",
    "registry",
    "ios_svg",
    "instrument_schema",
    "locales",
    "checkin_texts",
    "locale_info",
    "missing_messages",
    "add_messages",
    "messages_file",
    "reliability",
    "omega",
    "Omega",
    "ReliabilityError",
    "reliable_change",
    "change",
    "couples",
    "dyadic_agreement",
    "model_cuts",
    "to_pairwise",
    "from_pairwise",
    "Instrument",
    "Report",
    "ScoreColumns",
    "CellProblem",
    "IntimacyWarning",
    "IntimacyError",
    "InstrumentError",
    "ResponseError",
    "ReadError",
    "OptionsError",
    "ChangeError",
    "CoupleError",
    "SessionError",
    "MessagesError",
    "Session",
    "Problem",
]
__all__ += _model.__all__


def frameworks() -> List[Framework]:
    """The frameworks: the three article frameworks (``seven-levels``,
    ``five-levels``, ``four-stages``, ``family == "article"``), then the classic
    models of closeness (``family == "classic"``): ``knapp``,
    ``social-penetration``, ``powell``, ``levinger``, ``reis-shaver``,
    ``sternberg``, ``sound-relationship-house``, ``attachment``.

    >>> [len(f.stages) for f in frameworks() if f.family == "article"]
    [7, 5, 4]
    >>> {f.key: f.shape for f in frameworks() if f.family == "classic"}["sternberg"]
    'components'
    """
    return [build(Framework, f) for f in json.loads(_core.frameworks_json())]


def framework(key: str) -> Framework:
    """The framework with this key; ``KeyError`` naming the known keys otherwise."""
    by_key = {f.key: f for f in frameworks()}
    if key not in by_key:
        raise NotFoundError(f"no framework {key!r}; known: {', '.join(by_key)}")
    return by_key[key]


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
    """The names :meth:`Instrument.builtin` accepts; :func:`registry` lists
    them with their status, licence note, citation and facts."""
    return list(_core.builtin_instruments())


def registry() -> List[RegistryEntry]:
    """Every built-in instrument with its status (the weakest of its facts,
    or ``"authored"``), licence note, citation, item listing and facts, each
    fact with its sources and status.

    >>> ras = next(e for e in registry() if e.name == "ras")
    >>> (ras.items, ras.scales[0])
    (7, 'satisfaction')
    """
    return [build(RegistryEntry, e) for e in json.loads(_core.registry_json())]


def ios_svg() -> str:
    """The project's own drawing of the seven response options of the IOS
    (``Instrument.builtin("ios")``): pairs of circles, self and other,
    overlapping more from 1 to 7, as an SVG radio group whose options carry
    ``data-value`` 1..7 and a label; colours follow ``currentColor``.

    >>> ios_svg().count("data-value=")
    7
    """
    return _core.ios_svg()


def locales() -> List[str]:
    """The locales a report's words can be written in (the ``locale`` option).

    >>> "en" in locales()
    True
    """
    return list(_core.locales())


def locale_info() -> List[LocaleInfo]:
    """Every locale (built in, then those added by :func:`add_messages`)
    with its review status (``source``, ``reviewed``, ``draft`` or
    ``pseudo``) and how many of the English messages it has of its own. Any
    other well-formed locale tag falls back to the nearest of them, then to
    English.

    >>> [(l.locale, l.status) for l in locale_info()][:2]
    [('en', 'source'), ('en-XA', 'pseudo')]
    """
    return [build(LocaleInfo, x) for x in json.loads(_core.locale_info_json())]


def missing_messages(locale: str) -> Optional[List[str]]:
    """The English messages a locale (built in or added) lacks (they fall
    back to English); ``None`` for a locale the library does not have."""
    m = _core.missing_messages(locale)
    return None if m is None else list(m)


def _json_text(value: Any, what: str) -> str:
    """A JSON document given as text, a record of the model or a mapping."""
    if isinstance(value, str):
        return value
    if isinstance(value, _Record):
        value = value.to_dict()
    if not isinstance(value, Mapping):
        raise ArgumentError(f"{what} must be JSON text, a mapping or a {what} record, not {type(value).__name__}")
    try:
        return json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as e:
        raise ArgumentError(f"{what} cannot be written as JSON: {e}") from None


def add_messages(messages: Union[str, Mapping[str, Any], MessagesFile]) -> LocaleInfo:
    """Add the library's messages in another language (a
    :class:`MessagesFile`: JSON text, a mapping or the record
    :func:`messages_file` gives), or replace the ones added before for that
    locale. Reports, sessions and the check-in element speak it from then
    on; a key it lacks falls back to English. Raises :class:`MessagesError`
    listing every problem (a blank message, a placeholder dropped, a key
    English lacks, the reserved ``en``/``en-XA`` or ``source``/``pseudo``).
    Each locale is kept for the life of the process: add at start.

    >>> info = add_messages({"locale": "qaa", "status": "draft",
    ...                      "messages": {"checkin.next": "Weiter"}})
    >>> (info.locale, info.translated), checkin_texts("qaa")["next"]
    (('qaa', 1), 'Weiter')
    """
    return build(LocaleInfo, json.loads(_core.add_messages(_json_text(messages, "MessagesFile"))))


def messages_file(locale: str = "en") -> MessagesFile:
    """The library's messages in ``locale`` as a :class:`MessagesFile`:
    every key, with the locale's words where it has them and English where
    not (:func:`missing_messages` lists which). A translator's template:
    ``json.dump(messages_file("es").to_dict(), f)``, translate, then
    :func:`add_messages`. A malformed tag raises :class:`OptionsError`.

    >>> messages_file("es").messages["catalogue.kind.emotional.name"]
    'Emotional intimacy'
    """
    return build(MessagesFile, json.loads(_core.messages_file_json(locale)))


def checkin_texts(locale: str = "en") -> Dict[str, str]:
    """The words of the ``<intimacy-checkin>`` element in ``locale``
    (buttons, headings, the progress line), keyed without their
    ``checkin.`` prefix; ``{placeholders}`` are for the front end to fill.
    An unknown locale raises :class:`OptionsError`.

    >>> checkin_texts()["next"]
    'Next'
    """
    return dict(json.loads(_core.checkin_texts_json(locale)))


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

    __slots__ = ("_native", "_items", "_scales")

    def __init__(self, native: _core.NativeInstrument) -> None:
        if not isinstance(native, _core.NativeInstrument):
            raise ArgumentError(
                "use Instrument.builtin, from_json, from_toml, from_file or from_keys"
            )
        self._native = native
        # Built once, on first use (an instrument never changes).
        self._items: Optional[List[Item]] = None
        self._scales: Optional[List[Scale]] = None

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
        min_answered: Optional[Union[int, Mapping[str, float]]] = None,
        id: str = "keys",
        **options: Any,
    ) -> "Instrument":
        """Build an instrument from scoring keys in the style of R psych:
        ``{"scale": ["q1", "-q2"]}``, a leading ``-`` reverses an item.

        ``bounds`` are the declared (min, max) of every item, needed to reverse;
        ``min_answered`` is a whole number of items, or ``{"fraction": 0.5}``
        (the same forms in every language; a number that is not whole is an
        :class:`OptionsError`).

        >>> inst = Instrument.from_keys({"warmth": ["q1", "-q2", "q3"]}, bounds=(1, 5))
        >>> [i.id for i in inst.items if i.reverse]
        ['q2']
        """
        given = {"id": id, "bounds": bounds, "aggregation": aggregation, "min_answered": min_answered}
        # Any other keyword goes to the core, which names it if it is unknown.
        given.update(options)
        return cls(
            _core.NativeInstrument.from_keys(
                dict(keys) if isinstance(keys, Mapping) else keys,
                _plain({k: v for k, v in given.items() if v is not None}),
            )
        )

    def score(self, answers: Mapping[str, Optional[float]], **options: Any) -> "Report":
        """Score one respondent.

        ``answers`` maps item ids to numbers (``None`` = unanswered). Options
        (all optional): ``missing`` ("prorate", "require-all", "available",
        "person-mean"), ``min_answered`` (int count or float fraction),
        ``invalid`` ("error" or "missing"), ``threshold`` (0-100, default 60),
        ``sign_threshold`` (default: the instrument's, else 75, "often" on a
        0-4 scale), ``flags`` (dict: pacing, rushing, unhealthy_signs, fading,
        seek_help, fading_min, seek_help_min; the safety and consent flags
        have no switch), ``max_recommendations`` (default 5), ``opted_in``
        (section ids), ``locale`` (default "en", see :func:`locales`),
        ``helpline`` (dict: name, number, url: the app's regional help line,
        shown in ``report.resources``), ``emergency_number`` (str) and
        ``derived_summaries`` (bool, default False).

        Raises :class:`ResponseError` for an invalid answer or unknown item
        (``.item``, ``.value``) and :class:`OptionsError` for a bad option.

        >>> ras = Instrument.builtin("ras")
        >>> r = ras.score({"ras1": 5, "ras2": 4, "ras3": 4, "ras4": 2, "ras5": 4, "ras6": 5, "ras7": 1})
        >>> r.scales["satisfaction-total"].total
        31.0
        """
        return Report(self._native.score(dict(answers) if isinstance(answers, Mapping) else answers, _plain(options)))

    def score_array(
        self,
        array: Any,
        columns: Optional[Sequence[str]] = None,
        missing_code: Optional[int] = None,
        **options: Any,
    ) -> "ScoreColumns":
        """Score a 2-D array: one row per respondent, one column per item
        (the instrument's items in order, or as named by ``columns``).

        float64 (NaN = unanswered), uint8 or int16 codes (``missing_code`` =
        unanswered; default 255 / -1), C- or Fortran-ordered, are read without
        copying and scored with the GIL released; other numeric dtypes are
        converted to float64 (integer arrays: ``missing_code`` becomes NaN);
        bool, object and string arrays are refused. Returns a dict of numpy
        columns (``<scale>``, ``<scale>:answered``, ``<framework>:consecutive``,
        ``<framework>:peak``, ``flag:<kind>``, ``count:<kind>``), one entry per
        input row, with ``.problems``: cells that were invalid and treated as
        missing (unless ``invalid="error"``, which raises :class:`ResponseError`).
        Options as for :meth:`score`.
        """
        arr, missing_code = as_block(array, missing_code, "score_array")
        cols, problems = self._native.score_array(
            arr, None if columns is None else [str(c) for c in columns], _plain(options), missing_code
        )
        result = ScoreColumns(cols)
        result.problems = [CellProblem(*p) for p in problems]
        _warn_problems(result.problems, "see .problems")
        return result

    def score_frame(
        self,
        df: Any,
        extra_columns: str = "error",
        missing_columns: str = "error",
        return_problems: bool = False,
        **options: Any,
    ) -> Any:
        """Score a data frame whose columns are named after the items: a
        pandas DataFrame, or any frame with the Arrow PyCapsule interface
        (``__arrow_c_stream__``: a polars DataFrame, a pyarrow Table or
        RecordBatch, ...).

        Returns a frame of the same kind (pandas in, pandas out with the
        **same index**; polars in, polars out; another Arrow frame in, a
        pyarrow Table out), one row per input row in order, columns named as
        in :meth:`score_array`. Columns that are not items are an error
        unless ``extra_columns="ignore"``; items without a column are an
        error unless ``missing_columns="missing"`` (then unanswered).

        Item columns hold numbers: float64 columns are read where they lie
        (pandas' blocks, Arrow buffers: no copy), other numeric columns
        converted. pandas' missing values, NaN and Arrow nulls are
        unanswered. An Arrow frame is read straight from its Arrow memory,
        every record batch in order (float64, float32, 8- to 64-bit integers;
        another type is an :class:`ArgumentError` naming the column), and so
        is a pandas frame whose item columns all have Arrow dtypes.

        Invalid cells are treated as missing and warned about
        (:class:`IntimacyWarning`), as :class:`CellProblem` records whose
        ``row`` is the position of the row and ``column`` the position of the
        frame's column: in ``attrs["problems"]`` of a pandas result, and
        with ``return_problems=True`` for any frame, which returns
        ``(frame, problems)``. Options as for :meth:`score`.
        """
        frame = _frames.kind(df)
        if extra_columns not in ("error", "ignore") or missing_columns not in ("error", "missing"):
            raise ArgumentError('extra_columns is "error" or "ignore"; missing_columns is "error" or "missing"')
        extra_ok, missing_ok = extra_columns == "ignore", missing_columns == "missing"
        if frame == "pandas":
            out, problems = self._score_pandas(df, extra_ok, missing_ok, options)
        else:
            cols, found, plan = self._native.score_arrow(df, extra_ok, missing_ok, _plain(options))
            problems = _frame_problems(found, plan)
            out = _frames.arrow_output(df, cols)
        _warn_problems(problems, "see attrs['problems']" if frame == "pandas" else "see return_problems=True")
        return (out, problems) if return_problems else out

    def _score_pandas(
        self, df: Any, extra_ok: bool, missing_ok: bool, options: Dict[str, Any]
    ) -> Tuple[Any, List[CellProblem]]:
        """A pandas frame scored: its columns read where they lie (or through
        Arrow when they are Arrow-backed); the result with the frame's index."""
        import pandas as pd  # type: ignore[import-untyped,unused-ignore]

        names = [str(c) for c in df.columns]
        # The core matches items to columns (and names what is wrong).
        plan = self._native.match_columns(names, extra_ok, missing_ok)
        positions = [j for j in plan if j is not None]
        require_numbers(df, positions)
        if _frames.is_arrow_backed(df, positions):
            table = _frames.arrow_table(df, plan, [i.id for i in self.items])
            cols, found, _ = self._native.score_arrow(table, False, True, _plain(options))
        else:
            cols, found = self._native.score_columns(_frames.pandas_columns(df, plan), len(df), _plain(options))
        out = pd.DataFrame(cols, index=df.index, copy=False)
        # The core numbers the items: a problem's column becomes the frame's own position.
        problems = _frame_problems(found, plan)
        out.attrs["problems"] = problems
        return out, problems

    def with_form(self, form: str) -> "Instrument":
        """The instrument restricted to one of its forms (e.g. ``"short"``)."""
        return Instrument(self._native.with_form(form))

    def with_translation(self, text: Union[str, Mapping[str, Any], TranslationFile]) -> "Instrument":
        """The instrument with a translation from a side file added: a JSON
        object (text, a mapping or a :class:`TranslationFile`) with
        ``instrument`` and ``version`` (this instrument's),
        ``locale``, ``status`` (``"reviewed"`` or ``"draft"``) and the words
        ``words`` by path (``items.l1a``, ``labels.agree.3``, ``title``, ...). Words for
        what the instrument does not have raise :class:`InstrumentError`
        naming the path."""
        return Instrument(self._native.with_translation(_json_text(text, "TranslationFile")))

    def missing_translations(self, locale: str) -> List[str]:
        """What the translation of ``locale`` lacks: ``items.l1a``,
        ``labels.agree.3``, ``sections.screen.title``, ``title``, ..."""
        return list(self._native.missing_translations(locale))

    def translation_file(self, locale: str) -> TranslationFile:
        """The instrument's words in ``locale`` as a side file
        (:class:`TranslationFile`, what :meth:`with_translation` reads):
        every path, with the locale's words where its translations have them
        and the instrument's own where not. A translator's template; a
        malformed tag raises :class:`OptionsError`.

        >>> t = Instrument.builtin("levels-checkin").translation_file("es")
        >>> t.status, t.words["title"] == Instrument.builtin("levels-checkin").title
        ('draft', True)
        """
        return build(TranslationFile, json.loads(self._native.translation_file_json(locale)))

    @staticmethod
    def from_redcap_dictionary(path_or_buffer: Any, with_log: bool = False, **options: Any) -> Any:
        """An instrument from a REDCap data dictionary (a path, bytes, text or
        an open file): radio, dropdown, yesno, truefalse and slider fields
        become items with their choices as the response scale; matrix groups
        and forms become sections. Options: ``id``, ``title``, ``version``,
        ``forms`` (only these), ``skip_fields``. With ``with_log=True``,
        returns ``(instrument, log)``: the log lists the fields that are not
        items and why. Read the project's data with
        :func:`intimacy.io.read_redcap`."""
        from .io import _bytes

        native, log = _core.redcap_dictionary(_bytes(path_or_buffer), options)
        inst = Instrument(native)
        return (inst, build(ImportLog, json.loads(log))) if with_log else inst

    def to_surveyjs(self) -> Dict[str, Any]:
        """The instrument as a SurveyJS survey definition (for survey-core's
        ``new Model(json)``): a matrix per run of items sharing a scale, a
        yes/no gate per opt-in section, private items marked. Read what the
        survey stores with :func:`intimacy.io.from_surveyjs`."""
        return json.loads(_core.to_surveyjs_json(self._native))  # type: ignore[no-any-return]

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
    def status(self) -> str:
        """The registry status: ``"verified"``, ``"secondary"`` or
        ``"unconfirmed"`` (the weakest of the key's facts), or ``"authored"``
        for the project's own instruments."""
        return self._native.status

    @property
    def facts(self) -> List[KeyFact]:
        """The published key's facts, each with its sources and status
        (empty for the project's own instruments and keys without facts).

        >>> [f.status for f in Instrument.builtin("rdas").facts if f.fact == "cutoff"]
        ['verified']
        """
        facts, _ = json.loads(self._native.facts_json())
        return [build(KeyFact, f) for f in facts]

    @property
    def item_listing(self) -> Optional[ItemListing]:
        """The item listing the key follows (``None`` when it names none)."""
        _, listing = json.loads(self._native.facts_json())
        return None if listing is None else build(ItemListing, listing)

    def reliability(
        self, scale: str, data: Any, missing: str = "pairwise", missing_code: Optional[int] = None
    ) -> Reliability:
        """The reliability of scale ``scale`` (as R's ``psych::alpha``), its
        items keyed as the instrument keys them: reversed items within their
        declared bounds, "does not apply" answers left out. ``data`` is a
        DataFrame whose columns are named by item id (others are ignored, an
        absent item is unanswered) or a 2-D array with one column per item of
        the instrument, in its order; ``missing`` is ``"pairwise"`` or
        ``"listwise"``.

        >>> import numpy as np
        >>> ras = Instrument.builtin("ras")
        >>> x = np.array([[5, 5, 4, 1, 5, 4, 2], [4, 4, 4, 2, 4, 4, 2], [2, 3, 2, 4, 2, 3, 4], [1, 2, 1, 5, 2, 1, 5]], float)
        >>> round(ras.reliability("satisfaction", x).alpha, 3) > 0.9
        True
        """
        from ._arrays import as_block, require_numbers
        import numpy as np

        try:
            import pandas as pd  # type: ignore[import-untyped,unused-ignore]

            if isinstance(data, pd.DataFrame):
                plan = self._native.match_columns([str(c) for c in data.columns], True, True)
                require_numbers(data, [j for j in plan if j is not None])
                cells = np.full((len(data), len(plan)), np.nan)
                for i, j in enumerate(plan):
                    if j is not None:
                        cells[:, i] = data.iloc[:, j].to_numpy(dtype=np.float64, na_value=np.nan)
                data = cells
        except ImportError:
            pass
        arr, missing_code = as_block(data, missing_code, "reliability")
        text = self._native.scale_reliability_json(arr, scale, _plain({"missing": missing}), missing_code)
        return build(Reliability, json.loads(text))

    def change_options(self) -> Dict[str, Any]:
        """Keyword arguments for :func:`change` holding the key's published
        criteria of reliable change (``differences``: scale id -> the
        smallest reliable change in score points), e.g. 11.58 on the RDAS
        total: ``intimacy.change([before, after], **rdas.change_options())``.

        >>> Instrument.builtin("rdas").change_options()["differences"]["total"]["difference"]
        11.58
        """
        return json.loads(self._native.change_options_json())  # type: ignore[no-any-return]

    @property
    def items(self) -> List[Item]:
        """The items, in presentation order (a new list each time; the items
        themselves are frozen and built once)."""
        if self._items is None:
            self._items = [build(Item, i) for i in json.loads(self._native.items_json())]
        return list(self._items)

    @property
    def scales(self) -> List[Scale]:
        """The scales (a new list each time; built once)."""
        if self._scales is None:
            self._scales = [build(Scale, s) for s in json.loads(self._native.scales_json())]
        return list(self._scales)

    @property
    def response_scales(self) -> List[ResponseScale]:
        """The response scales items use."""
        return [build(ResponseScale, r) for r in json.loads(self._native.response_scales_json())]

    def response_scale_of(self, item: str) -> Optional[ResponseScale]:
        """The response scale item ``item`` uses (its own or the instrument's
        default); ``None`` when it has none; ``KeyError`` for an unknown item.

        >>> Instrument.builtin("levels-checkin").response_scale_of("rel-length").max
        5.0
        """
        data = json.loads(self._native.response_scale_of_json(item))
        return None if data is None else build(ResponseScale, data)

    def private_ids(self) -> List[str]:
        """The ids of the private items and of the private scales (a scale that
        holds a private item is private): what a joint, couple output never
        carries.

        >>> "safety" in Instrument.builtin("levels-checkin").private_ids()
        True
        """
        return list(self._native.private_ids())

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


class IntimacyWarning(UserWarning):
    """Issued when invalid cells of a batch were treated as missing."""


class CellProblem(NamedTuple):
    """A batch cell treated as missing: where it was, its value, what was wrong."""

    row: int
    column: int
    item: str
    value: float
    message: str


class ScoreColumns(Dict[str, Any]):
    """A dict of numpy columns from :meth:`Instrument.score_array`, with
    ``.problems``: the invalid cells that were treated as missing."""

    problems: List[CellProblem]


def _warn_problems(problems: List[CellProblem], where: str = "see the problems") -> None:
    """An :class:`IntimacyWarning` naming how many cells were invalid, and
    the first, for the caller of the entry point."""
    if problems:
        first = problems[0]
        warnings.warn(
            f"{len(problems)} invalid cell(s) treated as missing; first: row {first.row}, "
            f"item {first.item!r}, value {first.value!r} ({first.message}); {where}",
            IntimacyWarning,
            stacklevel=3,
        )


def _frame_problems(
    found: List[Tuple[int, int, str, float, str]], plan: List[Optional[int]]
) -> List[CellProblem]:
    """Problems the core reported by item index, with the column at the
    frame's own position (``plan[i]``: where item i's column is; an item
    with a problem has one)."""
    return [CellProblem(row, plan[item] or 0, name, value, message) for row, item, name, value, message in found]


def _plain(value: Any) -> Any:
    """Options as plain Python data for the core (conversion only: mappings
    become dicts, numpy scalars numbers, and NaN or an infinity an object
    naming it, which no option accepts, so the core names the option).
    Every meaning, and every check, is the core's."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return {"not plain data": str(value)}
    return value


@dataclasses.dataclass(frozen=True, eq=False, init=False, repr=False)
class Report(_ReportFields):
    """The scored report of one respondent.

    ``scales`` (dict of :class:`ScaleScore` by scale id), ``placements``
    (dict of :class:`Placement` by framework key), ``kinds``,
    ``characteristics``, ``flags``, ``safety_mode``, ``resources``, ``fading``,
    ``recommendations``, ``love_languages``, ``opted_in``, ``problems``,
    ``note``, ``provenance``.
    """

    def __init__(self, native: _core.NativeReport) -> None:
        if not isinstance(native, _core.NativeReport):
            raise ArgumentError("reports come from Instrument.score")
        super().__init__(**_fields(_ReportFields, json.loads(native.to_json())))
        self._native: _core.NativeReport
        object.__setattr__(self, "_native", native)

    def to_dict(self) -> Dict[str, Any]:
        """The report as plain dicts and lists (the same JSON in every language)."""
        return json.loads(self._native.to_json())  # type: ignore[no-any-return]

    def to_json(self) -> str:
        """The report as JSON."""
        return self._native.to_json()

    def to_svg(self, chart: str = "staircase") -> Optional[str]:
        """The ``"staircase"`` (seven levels) or ``"radar"`` (kinds of intimacy)
        chart as SVG, or a classic model's chart from ``models``:
        ``"triangle"`` (Sternberg), ``"attachment"`` (the attachment plane),
        ``"knapp"`` (Knapp's staircase, derived); ``None`` when the report has
        nothing to draw."""
        return self._native.to_svg(chart)

    def _repr_html_(self) -> str:
        """Jupyter display: the scales as a table, the placements, the flags
        and the recommendations, then the staircase and radar charts."""
        from html import escape

        def num(x: Optional[float], digits: int = 2) -> str:
            return "" if x is None else f"{x:.{digits}f}"

        rows = "".join(
            f"<tr><td>{escape(k)}</td><td>{escape(v.status)}</td><td>{num(v.score)}</td>"
            f"<td>{num(v.percent, 0)}</td><td>{v.answered}</td><td>{v.missing}</td>"
            f"<td>{escape(v.band or '')}</td></tr>"
            for k, v in self.scales.items()
        )
        places = "".join(
            f"<li><b>{escape(k)}</b>{' (derived)' if p.derived else ''}: consecutive {p.consecutive}, "
            f"peak {p.peak}, gaps {p.gaps or 'none'}. {escape(p.summary)}</li>"
            for k, p in self.placements.items()
        )
        flags = "".join(
            f"<li><b>{escape(f.kind)}</b> ({escape(f.severity)}): {escape(f.message)} "
            f"<i>evidence: {escape(', '.join(e.item for e in f.evidence))}</i></li>"
            for f in self.flags
        )
        recs = "".join(
            f"<li><b>{escape(r.name)}</b>: {escape('; '.join(x.detail for x in r.reasons))}</li>"
            for r in self.recommendations
        )
        charts = "".join(svg for svg in (self.to_svg("staircase"), self.to_svg("radar")) if svg)
        return (
            f"<div class='intimacy-report'><p><b>{escape(self.provenance.instrument)}</b> "
            f"v{escape(self.provenance.instrument_version)}</p>"
            "<table><thead><tr><th>scale</th><th>status</th><th>score</th><th>%</th>"
            f"<th>answered</th><th>missing</th><th>band</th></tr></thead><tbody>{rows}</tbody></table>"
            f"<ul>{places}</ul>"
            + (f"<p><b>Flags</b></p><ul>{flags}</ul>" if flags else "")
            + (f"<p><b>Recommendations</b></p><ol>{recs}</ol>" if recs else "")
            + f"<p>{escape(self.resources.message)} {escape(self.resources.emergency)}</p>"
            + f"<div>{charts}</div><p><small>{escape(self.note)}</small></p></div>"
        )

    def __repr__(self) -> str:
        placed = ", ".join(f"{k} {p.consecutive}/{p.peak}" for k, p in self.placements.items())
        flags = ", ".join(f.kind for f in self.flags) or "none"
        return f"Report(instrument={self.provenance.instrument!r}, scales={len(self.scales)}, placements=[{placed}], flags=[{flags}])"


def reliable_change(
    before: float,
    after: float,
    sd: float,
    reliability: float,
    higher_is_better: bool = True,
    critical: float = 1.96,
) -> ReliableChange:
    """The Jacobson-Truax reliable change index from ``before`` to ``after``
    given the scale's SD and reliability: SEM = sd*sqrt(1-r), SE_diff =
    sqrt(2)*SEM, RCI = (after-before)/SE_diff; |RCI| > ``critical`` is reliable.

    >>> reliable_change(3.0, 4.2, sd=0.6, reliability=0.85).classification
    'improved'
    """
    return build(ReliableChange, json.loads(_core.reliable_change_json(before, after, sd, reliability, higher_is_better, critical)))


def change(
    reports: Sequence["Report"],
    norms: Optional[Mapping[str, Mapping[str, Any]]] = None,
    critical: float = 1.96,
    **options: Any,
) -> ChangeReport:
    """Change across two or more waves of reports of the same respondent or
    couple (same instrument): per scale the reliable change where ``norms``
    gives ``{"sd": ..., "reliability": ..., "higher_is_better": ...}``, and a
    fading flag when a kind or characteristic declines reliably or fading
    warning signs rise."""
    natives = [r._native for r in reports]
    text = _plain({"norms": norms or {}, "critical": critical, **options})
    return build(ChangeReport, json.loads(_core.change_json(natives, text)))


def couples(instrument: Instrument, a: "Report", b: "Report") -> CoupleReport:
    """Two partners' reports compared: per scale the signed and absolute
    discrepancy, the couple mean and who falls below the cut-off (each partner
    separately); per framework the shared level and who is ahead where;
    mismatched love languages and pacing. Nothing private reaches it: no
    private item or scale (:meth:`Instrument.private_ids`), no placement resting
    on one, and nothing of either partner's safety or consent flags."""
    return build(CoupleReport, json.loads(_core.couple_json(instrument._native, a._native, b._native)))


class Session:
    """A check-in that runs itself: the core decides which question comes
    next (the form's order, the safety screen first), asks whether to enter
    an opt-in section before any of its questions, and puts a support step
    first the moment an answer raises the safety or consent flag.

    >>> s = Session(Instrument.builtin("levels-checkin"), form="short")
    >>> step = s.next()
    >>> step.kind, step.item, [o.label for o in step.options][:2]
    ('question', 'screen-fear', ['Never', 'Once or twice'])
    >>> s.answer("screen-fear", 0)
    >>> s.next().item
    'screen-hurt'
    >>> resumed = Session.from_json(s.to_json(), Instrument.builtin("levels-checkin"))
    >>> resumed.next().item, resumed.progress.answered
    ('screen-hurt', 1)
    """

    __slots__ = ("_native",)

    def __init__(self, instrument: "Instrument", form: Optional[str] = None, locale: str = "en", **options: Any) -> None:
        self._native = _core.NativeSession(instrument._native, form, _plain({**options, "locale": locale}))

    @classmethod
    def from_json(cls, text: str, instrument: "Instrument", **options: Any) -> "Session":
        """Resume a state saved with :meth:`to_json` (the same instrument and
        version; every answer is checked again). Raises :class:`SessionError`
        (``bad-state``, ``different-instrument``) otherwise."""
        s = cls.__new__(cls)
        s._native = _core.NativeSession.from_json(text, instrument._native, _plain(options))
        return s

    def next(self) -> Step:
        """The next step: ``kind`` is ``"question"`` (``item``, ``text``,
        ``options``, ``section``, ``position``), ``"gate"`` (whether to enter
        ``section``), ``"support"`` (``flags``, ``resources``) or ``"done"``."""
        return build(Step, json.loads(self._native.next_json()))

    def next_page(self) -> List[Step]:
        """The questions of the next page, for a front end that shows a page
        per section: the next question and the rest of its section still to
        ask, in order; or the next step alone when it is not a question."""
        return [build(Step, s) for s in json.loads(self._native.next_page_json())]

    def answer(self, item: str, value: float) -> None:
        """Answer ``item`` (any item of the session). A value the item's scale
        does not allow raises :class:`ResponseError` naming item and value;
        the session is unchanged."""
        self._native.answer(item, value)

    def skip(self) -> None:
        """Leave the current question unanswered (at a gate: stay out)."""
        self._native.skip()

    def back(self) -> None:
        """Undo the last step (answer, skip, section or support choice)."""
        self._native.back()

    def opt_in(self, section: str) -> None:
        """Enter an opt-in section: its questions are asked."""
        self._native.opt_in(section)

    def opt_out(self, section: str) -> None:
        """Stay out of an opt-in section (its answers are withdrawn)."""
        self._native.opt_out(section)

    def acknowledge(self) -> None:
        """After a support step, go on with the questions (recorded)."""
        self._native.acknowledge()

    def stop(self) -> None:
        """Stop here (recorded): ``next()`` is done."""
        self._native.stop()

    @property
    def progress(self) -> Progress:
        """Answered, skipped, remaining, total and the fraction done."""
        return build(Progress, json.loads(self._native.progress_json()))

    def to_json(self) -> str:
        """The saved state (small, versioned JSON)."""
        return self._native.to_json()

    def finish(self) -> "Report":
        """The report of the answers given: the same as scoring them directly."""
        return Report(self._native.finish())

    def __repr__(self) -> str:
        p = self.progress
        return f"Session(answered={p.answered}, skipped={p.skipped}, remaining={p.remaining})"


def model_cuts(framework: str, reports: Sequence["Report"]) -> Dict[str, float]:
    """The sample medians of a classic model's parts over ``reports`` (those
    that read it with every part scored): the cuts for
    ``models={framework: {"cut": "sample-median", "cuts": ...}}``.

    >>> ecr = Instrument.builtin("ecr-r")
    >>> reports = [ecr.score({i.id: v for i in ecr.items}) for v in (2, 4, 5)]
    >>> model_cuts("attachment", reports)
    {'anxiety': 4.0, 'avoidance': 4.0}
    """
    natives = [r._native for r in reports]
    return json.loads(_core.model_cuts_json(framework, natives))  # type: ignore[no-any-return]


def dyadic_agreement(a: Sequence[float], b: Sequence[float]) -> DyadicAgreement:
    """Agreement between partner A (``a[i]``) and partner B (``b[i]``) across
    couples: Pearson r and the pairwise (double-entry) ICC; NaN pairs are left out."""
    return build(DyadicAgreement, json.loads(_core.dyadic_agreement_json([float(x) for x in a], [float(x) for x in b])))
