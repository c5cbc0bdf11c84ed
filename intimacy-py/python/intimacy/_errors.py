"""Exceptions raised by intimacy (from Rust and from Python alike)."""

from __future__ import annotations

from typing import Any, Iterable, List, NamedTuple, Optional, Tuple


class Problem(NamedTuple):
    """One defect of an instrument: where (a path such as ``items[3].reverse``),
    what kind (a stable code such as ``"duplicate-id"``) and a plain message."""

    path: str
    code: str
    message: str


class IntimacyError(Exception):
    """Base class of every error intimacy raises on bad input.

    Every error has a stable ``code`` and says where it lies with what applies
    of ``path`` (an option or instrument field), ``row``, ``column``, ``item``
    and ``value`` (``None`` where they do not apply): the core's one location
    shape, the same in every language."""

    code: str = ""
    path: Optional[str] = None
    row: Optional[int] = None
    column: Optional[int] = None
    item: Optional[str] = None
    value: Any = None
    line: Optional[int] = None
    column_name: Optional[str] = None
    text: Optional[str] = None
    problems: List[Problem]

    def __init__(self, message: str = "", *, problems: Iterable[Tuple[str, str, str]] = (), **where: Any) -> None:
        """``message``, then by keyword the ``code`` and where the error lies
        (``path``, ``row``, ``column``, ``item``, ``value``, an
        ``OptionsError``'s ``option``; the class's defaults otherwise) and an
        instrument's ``problems`` as ``(path, code, message)``."""
        super().__init__(message)
        self.problems = [Problem(*p) for p in problems]
        for name, value in where.items():
            if not hasattr(self, name):
                raise TypeError(f"{type(self).__name__} has no attribute {name!r}")
            setattr(self, name, value)


class InstrumentError(IntimacyError, ValueError):
    """An instrument could not be loaded or built.

    ``code`` is ``"parse"``, ``"invalid"``, ``"unknown-builtin"`` or
    ``"unknown-form"``; ``problems`` lists every defect found, each with its path.
    """

    code: str = "invalid"


class ResponseError(IntimacyError, ValueError):
    """An answer could not be scored: ``row``, ``item`` and ``value`` say which
    (``row`` is ``None`` for one respondent); ``code`` is ``"invalid-answer"``,
    ``"unknown-item"``, ``"invalid-responses"``, ``"shape"`` or ``"internal"`` (a defect of the library: please report it)."""

    code: str = "invalid-answer"


class OptionsError(IntimacyError, ValueError):
    """An option of any entry point is unknown or has a bad value: ``option``
    is its path (e.g. ``"min_answered"``, ``"norms.kind-emotional.sd"``);
    ``code`` is ``"invalid-option"`` or ``"unknown-section"``."""

    option: str = ""
    code: str = "invalid-option"


class ReadError(IntimacyError, ValueError):
    """A survey export could not be read (``intimacy.io``): ``line`` (1-based),
    ``column`` (0-based position) and ``column_name``, ``row`` (0-based
    respondent), ``item`` and ``text`` (the value as written) say where, as a
    compiler would; ``code`` is ``"syntax"``, ``"layout"``,
    ``"missing-column"``, ``"duplicate-column"``, ``"row-length"``,
    ``"invalid-value"``, ``"unmapped-value"``, ``"missing-id"``,
    ``"invalid-option"`` or ``"too-large"``."""

    code: str = "invalid-value"


class ChangeError(IntimacyError, ValueError):
    """Change could not be computed: ``code`` is ``"invalid-parameter"``,
    ``"different-instruments"`` or ``"too-few-waves"``."""

    code: str = "invalid-parameter"


class SessionError(IntimacyError, ValueError):
    """A session call does not fit the session: ``code`` is ``"not-now"``
    (e.g. ``skip`` at a support step, ``back`` at the start),
    ``"unknown-section"``, ``"bad-state"`` (a saved state that cannot be
    resumed) or ``"different-instrument"``. The session is unchanged. (A
    refused answer is a :class:`ResponseError`.)"""

    code: str = "not-now"


class MessagesError(IntimacyError, ValueError):
    """A translation of the library's messages could not be added
    (:func:`add_messages`): ``code`` is ``"invalid-messages"``; ``problems``
    lists every defect, each with its path (``locale``, ``status``,
    ``messages.<key>``) and code (``syntax``, ``reserved``, ``invalid-id``,
    ``unknown-reference``, ``empty``, ``placeholder``, ``too-large``);
    ``path`` is the first one's."""

    code: str = "invalid-messages"


class CoupleError(IntimacyError, ValueError):
    """Partners could not be compared: ``code`` is ``"different-instruments"``,
    ``"not-this-instrument"``, ``"length-mismatch"`` or ``"too-few-couples"``."""

    code: str = "different-instruments"


class ReliabilityError(IntimacyError, ValueError):
    """A reliability analysis could not be done: ``code`` says why
    (``"too-few-items"``, ``"out-of-bounds"``, ...); ``row``, ``column``,
    ``item`` and ``value`` say where, when they apply."""


class ArgumentError(IntimacyError, TypeError, ValueError):
    """An argument that is not an option has the wrong type, shape or value
    (answers that are not numbers, a 1-D array, a DataFrame with repeated
    column names, ...): ``code`` is ``"invalid-argument"``. It is a
    ``TypeError`` and a ``ValueError`` too, so code that catches either
    keeps working."""

    code: str = "invalid-argument"


class NotFoundError(IntimacyError, KeyError):
    """Nothing by that name (a framework key, a DataFrame column): ``code`` is
    ``"not-found"``. It is a ``KeyError`` too."""

    code: str = "not-found"

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class OutOfMemoryError(IntimacyError, MemoryError):
    """Memory for the output could not be had: the allocation was refused
    (``code`` is ``"out-of-memory"``) instead of ending the process."""

    code: str = "out-of-memory"
