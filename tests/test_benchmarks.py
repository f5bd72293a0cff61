"""A smoke test: the benchmark script keeps working; its figures are read by people, not asserted here."""

from __future__ import annotations

import math

import pytest
from benchmarks import floor, generate, hostile, operations, peers, run, startup

import ustb_coop as uc
from ustb_coop.io import _fast


def test_quick_run_times_every_operation_at_every_size_against_every_baseline() -> None:
    """A quick run times loads, its floor, dumps and compact dumps at N = 100, 1,000, 10,000 against peers.

    With the ``fast`` extra installed both dumps are timed again with orjson in use, and the
    JSON writer in use afterwards is the one installed.
    """
    installed = _fast.ORJSON
    results = run.measure(quick=True)
    timed = ["loads", "loads floor", "dumps", "dumps compact"]
    if _fast.ORJSON is not None:
        timed += [operation + run.WITH_ORJSON for operation in ("dumps", "dumps compact")]
    assert [*timed, "loads peak memory"] == list(results)
    for operation in timed:
        assert list(run.QUICK_SIZES) == list(results[operation])
    assert installed is _fast.ORJSON
    for by_size in results.values():
        for row in by_size.values():
            assert list(run.SUBJECTS) == list(row)
            assert all(0 < figure < math.inf for figure in row.values())


def test_main_prints_one_table_per_operation_and_the_exponents(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`python -m benchmarks.run` prints a table of ratios per operation, then the fitted exponents."""
    rows = {"ustb-coop": 2.0, "json": 1.0, "pydantic": 4.0, "msgspec": 0.5}
    fake = {"loads": {1_000: rows, 10_000: {name: 10 * figure for name, figure in rows.items()}}}
    monkeypatch.setattr(run, "measure", lambda **_: fake)
    run.main(["--quick"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split() == ["N", "ustb-coop", "ms", "/", "json", "/", "pydantic", "/", "msgspec"]
    assert lines[2].split() == ["1,000", "2000.0", "2.00", "0.50", "4.00"]
    assert lines[-1].split() == ["loads", "1.00", "1.00", "1.00", "1.00"]


def test_exponent_is_the_slope_on_a_log_log_scale() -> None:
    """Time growing as N squared fits an exponent of 2; sizes below 1,000 are left out of the fit."""
    fitted = run.exponent({100: 99.0, 1_000: 1.0, 10_000: 100.0, 100_000: 10_000.0})
    assert pytest.approx(2.0) == fitted


def test_peers_accept_valid_and_reject_malformed_inputs() -> None:
    """Each peer accepts generated and bundled data and rejects every schema-level malformed case."""
    malformed = peers.malformed_samples()
    assert len(malformed) >= 20
    peers.check([generate.text(20), uc.dumps(uc.load())], malformed)
    with pytest.raises(AssertionError, match="rejects valid input 0"):
        peers.check([malformed[0]], [])
    with pytest.raises(AssertionError, match="accepts malformed input 0"):
        peers.check([], [generate.text(3)])


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
        "build, against a walk and an index",
        "filter",
        "filter, against a walk and an index",
        "timeline",
        "timeline, against a sort of the dates",
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
        else:  # the exponent relative to the baseline's: one plus the slope of the ratio
            assert round(1 + row["subject"] - row["baseline"], 9) == round(row["relative"], 9)


def test_exponent_fits_the_slope_of_a_power_law() -> None:
    """A time that grows as size**1.5 has a fitted exponent of 1.5."""
    sizes, expected = (10, 100, 1000), 1.5
    assert expected == round(operations.exponent(sizes, [size**1.5 for size in sizes]), 9)


def test_the_floor_makes_the_records_loads_makes() -> None:
    """The floor's call makes each distinct record of the loaded dataset, equal to it and of its class."""
    text = generate.text(5)
    dataset = uc.loads(text)
    made = floor.least_load(text)()
    assert isinstance(made, list)
    expected = floor._distinct_records(dataset)
    assert (expected, [type(record) for record in expected]) == (made, [type(record) for record in made])
    assert dataset == made[-1]
