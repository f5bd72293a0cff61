"""With the ``fast`` extra, orjson writes the same bytes as the standard library."""

from __future__ import annotations

import json

import attrs
import pytest
from benchmarks import generate
from hypothesis import given, settings
from hypothesis import strategies as st

import ustb_coop as uc
from tests import strategies
from ustb_coop.io import _fast
from ustb_coop.io._converter import PLAIN_FORMS

orjson = pytest.importorskip("orjson", reason="the fast extra (orjson) is not installed")

#: Text a JSON writer may get wrong: non-ASCII, the line and paragraph separators JavaScript
#: once refused, an astral character, every control character, DEL, quotes, backslashes, a slash.
NASTY_TEXT = (
    "Zürich 北京 \u2028\u2029 \U0001f600 "
    + "".join(map(chr, range(0x20)))
    + '\x7f "quoted" back\\slash a/b \ufeff\uffff'
)


def _on_both_paths(function: object, *args: object, **kwargs: object) -> tuple[object, object]:
    """What *function* returns or raises (as its message) with orjson on, then off."""

    def outcome() -> object:
        try:
            return function(*args, **kwargs)  # type: ignore[operator]
        except uc.DatasetError as error:
            return f"DatasetError: {error}"

    fast = outcome()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_fast, "ORJSON", None)
        standard = outcome()
    return fast, standard


def _nasty_dataset() -> uc.Dataset:
    """The bundled dataset with `NASTY_TEXT` in a source's title and in a partnership's summary."""
    dataset = uc.load()
    source = attrs.evolve(dataset.sources[0], title=NASTY_TEXT)
    partnership = attrs.evolve(dataset.partnerships[0], summary=NASTY_TEXT)
    return attrs.evolve(
        dataset,
        sources=(source, *dataset.sources[1:]),
        partnerships=(partnership, *dataset.partnerships[1:]),
    )


_DATASETS = [
    pytest.param(uc.load(), id="bundled"),
    pytest.param(uc.loads(generate.text(40)), id="generated"),
    pytest.param(_nasty_dataset(), id="nasty-text"),
]


@pytest.mark.parametrize("indent", [2, None], ids=["indented", "compact"])
@pytest.mark.parametrize("dataset", _DATASETS)
def test_orjson_writes_the_standard_library_bytes(dataset: uc.Dataset, indent: int | None) -> None:
    """`dumps` with orjson gives the same text as with the standard library, indented and compact."""
    assert _fast.dumps(dataset, indent, PLAIN_FORMS.default) is not None  # orjson did write it
    fast, standard = _on_both_paths(uc.dumps, dataset, indent=indent)
    assert standard == fast


def test_nasty_text_is_written_as_it_is_and_escaped_as_json_escapes_it() -> None:
    """Non-ASCII, U+2028 and astral characters are written as they are; control characters escaped."""
    written = uc.dumps(_nasty_dataset(), indent=None)
    assert json.dumps(NASTY_TEXT, ensure_ascii=False) in written
    assert "\u2028\u2029 \U0001f600" in written


@settings(deadline=None)  # a whole dataset per example; slow machines must not fail on time
@given(strategies.datasets(), st.sampled_from([2, None]))
def test_orjson_writes_the_standard_library_bytes_for_any_dataset(
    dataset: uc.Dataset, indent: int | None
) -> None:
    """For any dataset and both forms, orjson and the standard library write identical text."""
    fast, standard = _on_both_paths(uc.dumps, dataset, indent=indent)
    assert standard == fast


@pytest.mark.parametrize("indent", [4, 0, "\t"])
def test_indents_orjson_cannot_write_go_to_the_standard_library(indent: int | str) -> None:
    """The indents orjson lacks (it has 2 only) are written by `json.dumps`, the same on both paths."""
    dataset = uc.load()
    assert _fast.dumps(dataset, indent, PLAIN_FORMS.default) is None  # type: ignore[arg-type]
    fast, standard = _on_both_paths(uc.dumps, dataset, indent=indent)
    assert standard == fast
    assert json.loads(str(fast)) == uc.unstructure(dataset)


def test_values_orjson_refuses_to_write_go_to_the_standard_library() -> None:
    """An integer past 64 bits, or an object `default` refuses, is left to `json.dumps`."""
    assert _fast.dumps({"n": 2**64}, None, PLAIN_FORMS.default) is None
    assert _fast.dumps({"n": {1}}, None, PLAIN_FORMS.default) is None
    fast, standard = _on_both_paths(lambda: uc.dumps({"n": 2**64}, indent=None))  # type: ignore[arg-type]
    assert (fast, standard) == ('{"n":18446744073709551616}', '{"n":18446744073709551616}')


def test_the_fast_path_is_switched_off_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """USTB_COOP_FAST=0 leaves the standard library alone in use; any other value uses orjson."""
    monkeypatch.setenv("USTB_COOP_FAST", "0")
    assert _fast._orjson() is None
    monkeypatch.setenv("USTB_COOP_FAST", "1")
    assert orjson is _fast._orjson()


def test_without_orjson_nothing_is_written_by_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """With orjson switched off, `dumps` leaves everything to the standard library."""
    monkeypatch.setattr(_fast, "ORJSON", None)
    assert _fast.dumps({}, None, PLAIN_FORMS.default) is None


def test_loads_never_reads_with_orjson(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading stays with the standard library: a duplicate key is reported whatever is installed."""

    def refuse(*_: object, **__: object) -> object:
        raise AssertionError

    monkeypatch.setattr(orjson, "loads", refuse)
    with pytest.raises(uc.DatasetError, match="duplicate key 'a'"):
        uc.loads('{"a": 1, "a": 2}')
