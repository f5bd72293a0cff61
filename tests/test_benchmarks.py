"""A smoke test: the benchmark script keeps working; its figures are read by people, not asserted here."""

from __future__ import annotations

import math

import pytest
from benchmarks import generate, hostile, run, startup

import ustb_coop as uc


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


def test_quick_startup_run_reports_each_start_as_a_ratio() -> None:
    """A quick start-up run times import, first answer and summary command against the same baseline."""
    results = startup.measure(quick=True)
    expected = ["import (s)", "first answer (s)", "summary command (s)"]
    assert expected == list(results)
    assert len({row["baseline"] for row in results.values()}) == 1
    for row in results.values():
        assert 0 < row["subject"] < math.inf
        assert row["subject"] / row["baseline"] == row["ratio"]


def test_startup_main_prints_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    """`python -m benchmarks.startup --quick` prints a header and one line per start-up benchmark."""
    startup.main(["--quick"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["benchmark", "ustb-coop", "baseline", "ratio"]
    assert len(lines) == 4


def test_generated_datasets_are_valid_and_audit_clean() -> None:
    """The benchmark generator gives loadable datasets of the size asked, the same for the same seed."""
    dataset = uc.loads(generate.text(50))
    assert (len(dataset), uc.audit(dataset)) == (50, ())
    assert generate.text(5, seed=1) == generate.text(5, seed=1)


def test_hostile_inputs_are_all_rejected_and_measured() -> None:
    """A quick run rejects every hostile input and reports its cost as ratios to a valid load."""
    results = hostile.measure(megabytes=0.05, quick=True)
    assert list(hostile.HOSTILE) == list(results)
    for row in results.values():
        assert row["bytes"] > 0
        assert 0 <= row["time ratio"] < math.inf
        assert 0 <= row["memory ratio"] < math.inf
