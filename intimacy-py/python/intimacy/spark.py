"""Scoring Spark DataFrames: each Arrow batch is scored by
:meth:`intimacy.Instrument.score_frame` on the executor that holds it
(``mapInPandas``), with the respondent id column carried through.

>>> import intimacy.spark  # doctest: +SKIP
>>> scores = intimacy.spark.score_frame(answers, checkin, id_column="respondent")  # doctest: +SKIP
>>> invalid = intimacy.spark.problems(answers, checkin, id_column="respondent")  # doctest: +SKIP

The instrument travels to the executors as its JSON, so any instrument works,
built-in or your own. Spark holds no NaN for "missing": a score that is NaN
in pandas is null here (and NaN again after ``toPandas()``). Importing this
module does not import pyspark; calling it does (``pip install
"intimacy[spark]"``).
"""

from __future__ import annotations

import functools
from typing import Any, Dict, Iterator, Optional

from . import Instrument
from ._errors import ArgumentError, NotFoundError
from ._partition import problem_frame, problems_of

__all__ = ["schema", "score_frame", "problems"]


def schema(instrument: Instrument, id_column: Optional[str] = None, id_type: Any = None, **kwargs: Any) -> Any:
    """The Spark ``StructType`` of :func:`score_frame`'s result: ``id_column``
    first (of the Spark type ``id_type``, e.g. ``LongType()``) when given,
    then the columns of :meth:`Instrument.score_frame` with the same
    keyword arguments. For a ``mapInPandas`` of your own."""
    from pyspark.sql import types as T  # type: ignore[import-not-found,import-untyped,unused-ignore]

    _check_instrument(instrument)
    if id_column is not None and not isinstance(id_type, T.DataType):
        raise ArgumentError("intimacy.spark.schema: with id_column, id_type is the id's Spark type, e.g. LongType()")
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

    items = pd.DataFrame({item.id: pd.Series([], dtype="float64") for item in instrument.items})
    id_field = None if id_column is None else T.StructField(id_column, id_type, True)
    return _struct(instrument.score_frame(items, **kwargs), id_field)


def score_frame(spark_df: Any, instrument: Instrument, id_column: Optional[str] = None, **kwargs: Any) -> Any:
    """Score a Spark DataFrame batch by batch on the executors; returns a lazy
    Spark DataFrame with one row per input row: ``id_column`` (when given:
    name it, or the rows cannot be told apart, as Spark keeps no order), then
    the columns of :meth:`Instrument.score_frame`. Keyword arguments are
    passed to ``score_frame`` (``extra_columns``, ``missing_columns`` and the
    scoring options); column names and types are checked here, on the driver."""
    _check(spark_df, instrument, id_column, "score_frame")
    meta = instrument.score_frame(_empty_frame(spark_df, id_column), **kwargs)
    out = _struct(meta, None if id_column is None else spark_df.schema[id_column])
    score = functools.partial(_score_batches, instrument.to_json(), id_column, kwargs)
    return spark_df.mapInPandas(score, schema=out)


def problems(spark_df: Any, instrument: Instrument, id_column: str, **kwargs: Any) -> Any:
    """The invalid cells :func:`score_frame` treats as missing, which Spark
    cannot carry in ``attrs``: a lazy Spark DataFrame with one row per cell,
    ``id_column`` (the row's id), ``column`` (the input column's name),
    ``item``, ``value`` and ``message``: the records single-process
    ``score_frame`` gives in ``attrs["problems"]``. Same keyword arguments as
    :func:`score_frame`."""
    _check(spark_df, instrument, id_column, "problems")
    part = _empty_frame(spark_df, id_column)
    instrument.score_frame(part, **kwargs)  # column names and types checked here, on the driver
    records = problem_frame(part, [], row_name=id_column).drop(columns=id_column)
    out = _struct(records, spark_df.schema[id_column])
    find = functools.partial(_problems_of_batches, instrument.to_json(), id_column, kwargs)
    return spark_df.mapInPandas(find, schema=out)


def _score_batches(text: str, id_column: Optional[str], kwargs: Dict[str, Any], batches: Iterator[Any]) -> Iterator[Any]:
    instrument = Instrument.from_json(text)
    for pdf in batches:
        if id_column is None:
            yield instrument.score_frame(pdf, **kwargs).reset_index(drop=True)
        else:
            yield instrument.score_frame(pdf.set_index(id_column), **kwargs).reset_index()


def _problems_of_batches(text: str, id_column: str, kwargs: Dict[str, Any], batches: Iterator[Any]) -> Iterator[Any]:
    instrument = Instrument.from_json(text)
    for pdf in batches:
        part = pdf.set_index(id_column)
        yield problem_frame(part, problems_of(part, instrument, kwargs), row_name=id_column)


def _empty_frame(spark_df: Any, id_column: Optional[str]) -> Any:
    """An empty pandas frame of ``spark_df``'s columns as an executor's batch
    holds them (id as the index): Spark's numbers as float64, its booleans as
    bool, anything else (strings, decimals, dates) as objects."""
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]
    from pyspark.sql import types as T  # type: ignore[import-not-found,import-untyped,unused-ignore]

    def dtype(t: Any) -> str:
        if isinstance(t, T.BooleanType):
            return "bool"
        if isinstance(t, T.NumericType) and not isinstance(t, T.DecimalType):
            return "float64"
        return "object"

    frame = pd.DataFrame({f.name: pd.Series([], dtype=dtype(f.dataType)) for f in spark_df.schema.fields})
    return frame if id_column is None else frame.set_index(id_column)


def _struct(meta: Any, id_field: Any) -> Any:
    """The Spark schema of a pandas frame of results (every column nullable:
    NaN becomes null), ``id_field`` first when given. Unsigned counts take
    the next wider signed type, as Spark has no unsigned ones."""
    from pyspark.sql import types as T  # type: ignore[import-not-found,import-untyped,unused-ignore]

    signed = {1: T.ByteType, 2: T.ShortType, 4: T.IntegerType, 8: T.LongType}
    unsigned = {1: T.ShortType, 2: T.IntegerType, 4: T.LongType}
    fields = [] if id_field is None else [id_field]
    spark_type: Any
    for name, dt in meta.dtypes.items():
        if dt.kind == "f":
            spark_type = T.DoubleType() if dt.itemsize == 8 else T.FloatType()
        elif dt.kind == "i":
            spark_type = signed[dt.itemsize]()
        elif dt.kind == "u" and dt.itemsize in unsigned:
            spark_type = unsigned[dt.itemsize]()
        elif dt.kind == "b":
            spark_type = T.BooleanType()
        elif dt.kind == "O":
            spark_type = T.StringType()
        else:
            raise ArgumentError(f"column {name!r} holds {dt} values, which have no Spark type here")
        fields.append(T.StructField(str(name), spark_type, True))
    return T.StructType(fields)


def _check_instrument(instrument: Any) -> None:
    if not isinstance(instrument, Instrument):
        raise ArgumentError("instrument must be an intimacy.Instrument")


def _check(spark_df: Any, instrument: Any, id_column: Optional[str], what: str) -> None:
    from pyspark.sql import DataFrame  # type: ignore[import-not-found,import-untyped,unused-ignore]

    if not isinstance(spark_df, DataFrame):
        raise ArgumentError(f"intimacy.spark.{what} needs a Spark DataFrame, got {type(spark_df).__name__}")
    _check_instrument(instrument)
    if id_column is not None and id_column not in spark_df.columns:
        raise NotFoundError(f"no column {id_column!r} in the Spark DataFrame (the id_column)")
