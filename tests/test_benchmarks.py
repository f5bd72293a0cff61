"""A smoke test: the benchmark script keeps working; its figures are read by people, not asserted here."""

from __future__ import annotations

import math

import pytest
from benchmarks import generate, hostile, peers, run

import ustb_coop as uc


def test_quick_run_times_every_operation_at_every_size_against_every_baseline() -> None:
    """A quick run times loads, dumps and compact dumps at N = 100, 1,000, 10,000 against every peer."""
    results = run.measure(quick=True)
    expected = ["loads", "dumps", "dumps compact", "loads peak memory"]
    assert expected == list(results)
    for operation in ("loads", "dumps", "dumps compact"):
        assert list(run.QUICK_SIZES) == list(results[operation])
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
