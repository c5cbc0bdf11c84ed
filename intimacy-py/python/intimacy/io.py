"""Survey exports in: Qualtrics, REDCap, SurveyJS, jsPsych and any CSV.

Each reader takes a path, ``bytes``, text or an open file, and the
instrument the survey measured, and returns a pandas DataFrame with one row
per respondent (the id, or REDCap's record, event and instance, as the
index) and the instrument's items as float64 columns (NaN: unanswered),
ready for :meth:`intimacy.Instrument.score_frame`. What the reader did
(which column became which item, rows a filter left out, answers dropped)
is in ``df.attrs["log"]``, an :class:`intimacy.ImportLog`.

Every rule is the core's, the same in Rust and JavaScript: after mapping, a
value outside the item's declared scale is a :class:`intimacy.ReadError`
naming the line, the column and the value as written, so 0-based codes or
unmapped text never shift a score silently.

Options (keyword arguments, the same names in every language): ``id_column``,
``columns`` (item id -> column or question name), ``values`` (text -> code),
``item_values`` (item id -> text -> code), ``missing_values`` (texts meaning
unanswered), ``missing_columns`` (``"error"`` or ``"missing"``),
``invalid`` (``"error"``, the default, or ``"missing"``: a refused answer
is read as unanswered and listed in the log's ``refused``),
``option_positions`` (``"from-one"`` or ``"from-zero"``: the cells hold the
position of the chosen option as printed, mapped through each item's
printed order; CSV, Qualtrics and REDCap), ``finished_only``
and ``keep_status`` (Qualtrics), ``likert_values``, ``item_likert_values`` and
``likert_declared`` (jsPsych ``survey-likert``).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple

from . import _core
from ._errors import ArgumentError
from ._model import ImportLog
from ._record import build

if TYPE_CHECKING:  # pragma: no cover
    from . import Instrument

__all__ = [
    "SurveyAnswers",
    "from_surveyjs",
    "read_csv",
    "read_jspsych",
    "read_qualtrics",
    "read_redcap",
]


@dataclass(frozen=True)
class SurveyAnswers:
    """One respondent's SurveyJS results as answers for
    :meth:`intimacy.Instrument.score`: ``instrument.score(read.answers,
    opted_in=read.opted_in or [])``."""

    #: Answered items (item id -> value); unanswered items are left out.
    answers: Dict[str, float]
    #: The opt-in sections the respondent entered through the survey's gates
    #: (``None`` when the survey has none).
    opted_in: Optional[List[str]]
    #: What the reader did (answers dropped because a gate hid them, ...).
    log: ImportLog


def _is_text(s: str) -> bool:
    """Whether a string is an export's text rather than a path: it spans
    lines, or it is JSON."""
    return "\n" in s or s.lstrip()[:1] in ("[", "{")


def _bytes(path_or_buffer: Any) -> bytes:
    """The export's bytes from a path, bytes, text or an open file."""
    if isinstance(path_or_buffer, (bytes, bytearray, memoryview)):
        return bytes(path_or_buffer)
    if isinstance(path_or_buffer, str) and _is_text(path_or_buffer):
        return path_or_buffer.encode("utf-8")
    if isinstance(path_or_buffer, (str, os.PathLike)):
        if not os.path.exists(path_or_buffer):
            raise ArgumentError(f"no file {str(path_or_buffer)!r} (pass the export's text, bytes, a path or an open file)")
        with open(path_or_buffer, "rb") as f:
            return f.read()
    read = getattr(path_or_buffer, "read", None)
    if callable(read):
        data = read()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    raise ArgumentError(
        f"expected a path, bytes, text or an open file, got {type(path_or_buffer).__name__}"
    )


def _frame(out: Tuple[List[str], List[str], Any, List[Optional[List[str]]], str], instrument: "Instrument") -> Any:
    """The core's rows as a DataFrame indexed by their keys."""
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

    key_names, keys, values, opted_in, log = out
    k = len(key_names)
    if k == 1:
        index = pd.Index(keys, name=key_names[0], dtype=object)
    else:
        index = pd.MultiIndex.from_arrays([keys[j::k] for j in range(k)], names=key_names)
    frame = pd.DataFrame(values, index=index, columns=[i.id for i in instrument.items], copy=False)
    frame.attrs["log"] = build(ImportLog, json.loads(log))
    if any(o is not None for o in opted_in):
        frame.attrs["opted_in"] = opted_in
    return frame


def _csv(format: str, path_or_buffer: Any, instrument: "Instrument", options: Dict[str, Any]) -> Any:
    return _frame(_core.read_csv_rows(instrument._native, format, _bytes(path_or_buffer), options), instrument)


def read_csv(path_or_buffer: Any, instrument: "Instrument", **options: Any) -> Any:
    """A CSV with one header row and one respondent per row (Google Forms,
    LimeSurvey, a spreadsheet): map columns with ``columns`` and answer texts
    with ``values``; without ``id_column`` rows are numbered from 1."""
    return _csv("csv", path_or_buffer, instrument, options)


def read_qualtrics(path_or_buffer: Any, instrument: "Instrument", **options: Any) -> Any:
    """A Qualtrics CSV export (three header rows, or the legacy two), numeric
    or choice text (with ``values``); items are matched on the column ids,
    never on the question texts. ``finished_only`` and ``keep_status`` leave
    rows out, each listed in the log with its reason."""
    return _csv("qualtrics", path_or_buffer, instrument, options)


def read_redcap(path_or_buffer: Any, instrument: "Instrument", **options: Any) -> Any:
    """A REDCap raw data export: one row per record, event and repeat
    instance (the index); ``_complete`` columns are left out."""
    return _csv("redcap", path_or_buffer, instrument, options)


def read_jspsych(path_or_buffer: Any, instrument: "Instrument", **options: Any) -> Any:
    """jsPsych data (``jsPsych.data.get().json()`` or ``.csv()``), one row per
    participant (``id_column``, e.g. ``"subject_id"``; ``participant`` when
    present; otherwise all trials are one participant). ``survey-likert``
    answers are label positions: say what each is worth with
    ``likert_values``, ``item_likert_values`` or ``likert_declared=True``."""
    out = _core.read_jspsych_rows(instrument._native, _bytes(path_or_buffer), options)
    return _frame(out, instrument)


def from_surveyjs(instrument: "Instrument", data: Any, **options: Any) -> Any:
    """SurveyJS results (``survey.data``) as answers. One result (a dict, or
    its JSON text) gives :class:`SurveyAnswers`; a list of them (a results
    store) gives a DataFrame like the readers'. Answers to questions a gate
    hid are dropped and listed in the log, never scored."""
    text = data if isinstance(data, str) else json.dumps(data, allow_nan=False)
    out = _core.from_surveyjs_rows(instrument._native, text, options)
    key_names, keys, values, opted_in, log = out
    many = isinstance(data, list) or (isinstance(data, str) and data.lstrip().startswith("["))
    if many or len(opted_in) != 1:
        return _frame(out, instrument)
    answers = {i.id: float(x) for i, x in zip(instrument.items, values[0]) if x == x}
    return SurveyAnswers(answers, opted_in[0], build(ImportLog, json.loads(log)))
