"""The README's Python examples run as written: every ```python block that
starts with ``import intimacy`` is self-contained and is executed here (the
others continue an example with data of the reader's own, such as ``df``)."""

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCKS = [b for b in re.findall(r"```python\n(.*?)```", README.read_text(), re.S) if b.startswith("import intimacy")]


def test_the_readme_has_runnable_python_examples():
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: b.splitlines()[2][:40])
def test_readme_python_block_runs(block, capsys, monkeypatch):
    # Paths in the examples are relative to the repository's root.
    monkeypatch.chdir(README.parent)
    exec(compile(block, str(README), "exec"), {"__name__": "readme"})
    assert capsys.readouterr().out
