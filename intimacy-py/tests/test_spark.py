"""intimacy.spark on a local Spark session (two executor threads, several
partitions, several Arrow batches per partition): scores, missing scores,
flags and invalid-cell records equal the single-process ``score_frame``, each
row named by its id. The README's Spark example runs here as written."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import intimacy
import intimacy.spark

pd = pytest.importorskip("pandas")
pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java (scripts/test-all.sh installs it)", allow_module_level=True)

from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import types as T  # noqa: E402

pytestmark = [
    # pyspark 4 warns that it does not fully support pandas 3; the results are checked here.
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
    pytest.mark.filterwarnings("ignore::intimacy.IntimacyWarning"),
]

README = Path(__file__).resolve().parents[2] / "README.md"
# The README's Spark example is its ```python block that calls this.
README_MARKER = "intimacy.spark.score_frame("

N = 240  # rows; 4 partitions of about 60, Arrow batches of at most 16


def readme_spark_block():
    blocks = [b for b in re.findall(r"```python\n(.*?)```", README.read_text(), re.S) if README_MARKER in b]
    assert blocks, f"README.md has no python block calling {README_MARKER}"
    return blocks[0]


@pytest.fixture(scope="module")
def spark():
    # Executors run this Python (where intimacy is installed), not python3 from PATH.
    saved = {k: os.environ.get(k) for k in ("PYSPARK_PYTHON", "PYSPARK_DRIVER_PYTHON", "SPARK_LOCAL_IP")}
    os.environ.update(PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable, SPARK_LOCAL_IP="127.0.0.1")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("intimacy-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "4")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "16")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        # A short-lived JVM: the quick compiler and the serial collector start faster.
        .config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(scope="module")
def survey():
    """A survey export: an id column, a column that is not an item, the items
    out of the instrument's order, unanswered and invalid cells."""
    inst = intimacy.Instrument.builtin("levels-checkin")
    rng = np.random.default_rng(13)
    data = {}
    for item in rng.permutation([i.id for i in inst.items]):
        rs = inst.response_scale_of(item)
        col = rng.integers(int(rs.min), int(rs.max) + 1, size=N).astype(float)
        col[rng.random(N) < 0.08] = np.nan
        col[rng.random(N) < 0.01] = rs.max + 7  # outside the scale
        data[item] = col
    data["l1a"][:3] = [2.5, -1.0, np.inf]  # off step, below, infinite
    ids = rng.permutation(N).astype(np.int64) * 7 + 1000
    pdf = pd.DataFrame({"respondent": ids, "site": rng.choice(["north", "south"], size=N), **data})
    return inst, pdf


def single_process(inst, pdf, id_column, **options):
    """What one process gives: the scores by id, and the problems as records."""
    frame = pdf.set_index(id_column)
    scores = inst.score_frame(frame, **options)
    records = [(frame.index[p.row], frame.columns[p.column], p.item, p.value, p.message) for p in scores.attrs["problems"]]
    return scores, sorted(records)


def assert_scores_equal(got, expected, id_column):
    """Spark's scores (a pandas frame from toPandas) equal the single-process
    ones: the same ids once each, the same columns, values and NaN positions."""
    assert list(got.columns) == [id_column, *expected.columns]
    got = got.set_index(id_column)
    assert got.index.is_unique and sorted(got.index) == sorted(expected.index)
    got = got.loc[expected.index]
    for name in expected.columns:
        want, have = expected[name].to_numpy(), got[name].to_numpy()
        if want.dtype.kind == "f":
            assert np.array_equal(np.isnan(want), np.isnan(have)), name
            np.testing.assert_allclose(have, want, rtol=1e-12, equal_nan=True, err_msg=name)
        else:
            # Unsigned counts and flags come back in a wider signed type, never null.
            assert have.dtype.kind == "i" and np.array_equal(have, want), name


def spark_records(frame, id_column):
    rows = frame.collect()
    return sorted((r[id_column], r["column"], r["item"], r["value"], r["message"]) for r in rows)


def test_score_frame_and_problems_equal_the_single_process_results(spark, survey):
    inst, pdf = survey
    options = {"extra_columns": "ignore", "missing": "prorate"}
    expected, want = single_process(inst, pdf, "respondent", **options)
    assert len(want) > 50
    assert {p.value for p in expected.attrs["problems"]} >= {2.5, -1.0, np.inf}
    assert expected.filter(like="flag:").to_numpy().any()  # some flags are raised

    answers = spark.createDataFrame(pdf).repartition(4)
    assert answers.rdd.getNumPartitions() == 4
    scored = intimacy.spark.score_frame(answers, inst, id_column="respondent", **options)
    assert scored.schema == intimacy.spark.schema(inst, "respondent", T.LongType(), **options)
    assert_scores_equal(scored.toPandas(), expected, "respondent")

    found = intimacy.spark.problems(answers, inst, "respondent", **options)
    assert found.columns == ["respondent", "column", "item", "value", "message"]
    assert spark_records(found, "respondent") == want


def test_a_mapinpandas_of_your_own_with_the_schema(spark, survey):
    # The README's earlier recipe, now with a schema of the library's and the id kept.
    inst, pdf = survey
    text = inst.to_json()

    def score(batches):
        inst = intimacy.Instrument.from_json(text)
        for part in batches:
            yield inst.score_frame(part.set_index("respondent"), extra_columns="ignore").reset_index()

    schema = intimacy.spark.schema(inst, id_column="respondent", id_type=T.LongType())
    scored = spark.createDataFrame(pdf).repartition(3).mapInPandas(score, schema=schema)
    expected, _ = single_process(inst, pdf, "respondent", extra_columns="ignore")
    assert_scores_equal(scored.toPandas(), expected, "respondent")


def test_string_ids_and_no_id(spark):
    inst = intimacy.Instrument.builtin("ras")
    cols = [i.id for i in inst.items]
    pdf = pd.DataFrame(np.tile([[1.0, 2.0, 3.0, 4.0, 5.0, 9.0, np.nan]], (6, 1)), columns=cols)
    pdf.insert(0, "who", [f"r{i}" for i in range(6)])
    answers = spark.createDataFrame(pdf).repartition(2)
    expected, want = single_process(inst, pdf, "who")
    assert_scores_equal(intimacy.spark.score_frame(answers, inst, "who").toPandas(), expected, "who")
    assert spark_records(intimacy.spark.problems(answers, inst, "who"), "who") == want
    assert intimacy.spark.problems(answers, inst, "who").schema["who"].dataType == T.StringType()
    # Without an id column the scores come, unnamed, one row per input row.
    anonymous = intimacy.spark.score_frame(answers.drop("who"), inst)
    assert anonymous.columns == list(expected.columns) and anonymous.count() == 6


def test_the_readme_spark_example_runs_as_written(spark, capsys):
    block = readme_spark_block()
    # test_readme.py runs the blocks that start with "import intimacy" without a
    # Spark session: this one must not.
    assert not block.startswith("import intimacy")
    ns = {"__name__": "readme", "spark": spark}
    exec(compile(block, str(README), "exec"), ns)
    assert "respondent" in capsys.readouterr().out

    options = dict(ns["options"])
    id_column = options.pop("id_column")
    pdf = ns["answers"].toPandas()
    expected, want = single_process(ns["checkin"], pdf, id_column, **options)
    assert want, "the example shows an invalid cell"
    assert_scores_equal(ns["scores"].toPandas(), expected, id_column)
    assert spark_records(ns["invalid"], id_column) == want


def test_bad_arguments_are_refused_on_the_driver(spark):
    inst = intimacy.Instrument.builtin("ras")
    answers = spark.createDataFrame(pd.DataFrame({"id": [1], "ras1": [1.0], "note": ["x"]}))
    with pytest.raises(intimacy.ArgumentError):
        intimacy.spark.score_frame(pd.DataFrame(), inst)
    with pytest.raises(intimacy.ArgumentError):
        intimacy.spark.score_frame(answers, "ras")
    with pytest.raises(intimacy.NotFoundError):
        intimacy.spark.problems(answers, inst, "respondent")
    with pytest.raises(intimacy.ArgumentError):
        intimacy.spark.schema(inst, "id")  # no id_type
    # Column checks are the single-process ones, made before anything runs.
    with pytest.raises(intimacy.IntimacyError) as e:
        intimacy.spark.score_frame(answers, inst, "id", missing_columns="missing")
    assert "note" in str(e.value)
    with pytest.raises(intimacy.ArgumentError, match="ras2"):
        intimacy.spark.score_frame(answers.withColumnRenamed("note", "ras2"), inst, "id", missing_columns="missing")


def test_importing_intimacy_spark_does_not_import_pyspark():
    code = "import sys, intimacy.spark; assert 'pyspark' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
