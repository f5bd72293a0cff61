"""A smoke test: the benchmark script keeps working; its figures are read by people, not asserted here."""

from __future__ import annotations

import math

import pytest
from benchmarks import run


def test_quick_run_reports_every_benchmark_as_a_ratio() -> None:
    """A quick run measures import, loads, dumps and memory, each against its baseline."""
    results = run.measure(quick=True)
    expected = ["import (s)", "loads (s)", "dumps (s)", "loads peak memory (bytes)"]
    assert expected == list(results)
    for row in results.values():
        assert 0 < row["subject"] < math.inf
        assert 0 < row["baseline"] < math.inf


def test_main_prints_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    """`python -m benchmarks.run --quick` prints a header and one line per benchmark."""
    run.main(["--quick"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["benchmark", "ustb-coop", "baseline", "ratio"]
    assert len(lines) == 5
