"""The fuzz test: mutated datasets through `loads`, `load` and ``ustb-coop validate`` keep every promise.

A fixed seed and a few thousand cases run here; ``USTB_COOP_FUZZ_CASES`` and
``USTB_COOP_FUZZ_SEED`` change them, and ``python -m tests.fuzz --cases 100000``
runs a long campaign (see `tests.fuzz` and docs/data-format.md).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
from collections.abc import Iterator

import pytest

import ustb_coop as uc
from tests import fuzz, mutations

CASES = int(os.environ.get("USTB_COOP_FUZZ_CASES", "2000"))
SEED = int(os.environ.get("USTB_COOP_FUZZ_SEED", "0"))


@contextlib.contextmanager
def _untraced() -> Iterator[None]:
    """Pause coverage measurement, if it runs: the fuzz checks promises, and tracing triples its time."""
    try:
        import coverage  # noqa: PLC0415 - only where the test extra is installed
    except ImportError:  # the core tests run without it
        yield
        return
    current = coverage.Coverage.current()
    if current is None:
        yield
        return
    current.stop()
    try:
        yield
    finally:
        current.start()


def test_mutated_datasets_keep_every_promise() -> None:
    """Only DatasetError escapes; what loads round-trips, audits and exports; inputs stay unchanged."""
    with _untraced():
        summary = fuzz.run(seed=SEED, cases=CASES)
    expected: list[str] = []
    assert expected == [str(failure) for failure in summary.failures]
    # The mutations must leave some inputs valid and spoil most, or the promises above go unchecked.
    assert 0.02 * CASES < summary.accepted < 0.5 * CASES


def test_a_case_is_reproduced_from_its_seed_and_number() -> None:
    """The same seed and case number give the same bytes, so any failure can be replayed alone."""
    documents = mutations.seeds()
    first = [mutations.make_case(7, number, documents) for number in range(20)]
    again = [mutations.make_case(7, number, documents) for number in range(20)]
    assert first == again


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_an_unmutated_seed_loads_equal_in_either_format(fmt: mutations.Format) -> None:
    """The writers are faithful: each seed, written as it is, loads back as the dataset it came from."""
    documents = mutations.seeds()
    expected = [uc.loads(document) for document in documents]
    assert expected == [uc.loads(mutations.write(json.loads(document), fmt), fmt) for document in documents]


def test_every_mutation_changes_a_document() -> None:
    """Each structure-aware mutation changes the bundled document (none is a silent no-op)."""
    text = mutations.seeds()[0]
    original = mutations.write(json.loads(text), "json")
    unchanged = []
    for mutation in mutations.MUTATIONS:
        document = json.loads(text)
        mutation(random.Random(mutation.__name__), document)  # noqa: S311 - reproducible, not secret
        if mutations.write(document, "json") == original:
            unchanged.append(mutation.__name__)
    expected: list[str] = []
    assert expected == unchanged


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_the_writers_spell_duplicate_keys_and_deep_nesting(fmt: mutations.Format) -> None:
    """A duplicated key is written twice and deep nesting is written without recursion, in both formats."""
    document: mutations.Document = {"version": "1"}
    mutations.duplicate_key(random.Random(0), document)  # noqa: S311
    document["deep"] = mutations.Deep(100_000, as_table=False, value=1)
    text = mutations.write(document, fmt)
    expected = (2, 100_000)
    assert expected == (text.count('"version"'), text.count("["))


def test_the_script_replays_one_case(capsys: pytest.CaptureFixture[str]) -> None:
    """``python -m tests.fuzz --case N`` prints the case's file and whether it was accepted."""
    code = fuzz.main(["--seed", "0", "--case", "0"])
    out = capsys.readouterr().out
    expected = (0, True)
    assert expected == (code, "accepted: " in out)
