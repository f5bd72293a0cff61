"""A smoke test: the benchmark script keeps working; its figures are read by people, not asserted here."""

from __future__ import annotations

import math

import pytest
from benchmarks import generate, hostile, operations, run, startup

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


def test_quick_operations_run_reports_each_operation_at_each_size_and_its_exponent() -> None:
    """A quick run of benchmarks/operations.py times every operation at both sizes and fits an exponent."""
    results = operations.measure(quick=True)
    names = [
        "build",
        "filter",
        "timeline",
        "audit",
        "to_records",
        "write_sqlite",
        "fingerprint",
        "missed ds[id]",
    ]
    expected = [f"{name} {suffix}" for name in names for suffix in ("N=100", "N=1,000", "exponent")]
    assert expected == list(results)
    for name, row in results.items():
        if not name.endswith("exponent"):
            assert 0 < row["subject"] < math.inf
            assert 0 < row["baseline"] < math.inf


def test_exponent_fits_the_slope_of_a_power_law() -> None:
    """A time that grows as size**1.5 has a fitted exponent of 1.5."""
    sizes, expected = (10, 100, 1000), 1.5
    assert expected == round(operations.exponent(sizes, [size**1.5 for size in sizes]), 9)
