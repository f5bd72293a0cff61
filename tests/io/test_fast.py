"""With the ``fast`` extra, orjson writes the same bytes and reads to the same errors as `json`."""

from __future__ import annotations

import json

import attrs
import pytest
from benchmarks import generate
from hypothesis import given, settings
from hypothesis import strategies as st

import ustb_coop as uc
from tests import strategies
from tests.malformed_cases import CASES, build
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


def _bundled_text() -> str:
    return uc.dumps(uc.load())


def _replace_once(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def _tricky_texts() -> dict[str, str]:
    """Inputs on which orjson and the standard library could differ, each built from the bundled data."""
    text = _bundled_text()
    value = '"value": 1'
    figure = '"value": ' + str(json.loads(text)["partnerships"][0]["metrics"][0]["value"]["value"])
    return {
        "duplicate top-level key": _replace_once(text, '"version": ', '"version": "0", "version": '),
        "duplicate key in a record": _replace_once(text, '"kind": ', '"kind": "x:y", "kind": '),
        "duplicate key in a table": '{"a": {"b": "c:d", "b": "e"}}',
        "duplicate key written with an escaped colon": '{"a:b": 1, "a\\u003ab": 2}',
        "escaped colon and no duplicate": '{"a\\u003Ab": 1}',
        "NaN": _replace_once(text, figure, '"value": NaN'),
        "Infinity": _replace_once(text, figure, '"value": Infinity'),
        "-Infinity": _replace_once(text, figure, '"value": -Infinity'),
        "an infinite number": _replace_once(text, figure, '"value": 1e400'),
        "a float": _replace_once(text, figure, '"value": 3.0'),
        "2**64": _replace_once(text, figure, f'"value": {2**64}'),
        "2**63": _replace_once(text, figure, f'"value": {2**63}'),
        "-2**63 - 1": _replace_once(text, figure, f'"value": {-(2**63) - 1}'),
        "10**30": _replace_once(text, figure, f'"value": {10**30}'),
        "10**5000": _replace_once(text, figure, f'"value": {"1" + "0" * 5000}'),
        "lone surrogate": _replace_once(text, '"title": "', '"title": "\\ud800'),
        "reversed surrogates": _replace_once(text, '"title": "', '"title": "\\udc00\\ud800'),
        "paired surrogates": _replace_once(text, '"title": "', '"title": "\\ud83d\\ude00'),
        "byte-order mark": "\ufeff" + text,
        "trailing comma": text[:-2] + ",}",
        "control character in text": _replace_once(text, '"title": "', '"title": "\x01'),
        "nested 900 deep": "[" * 900 + "]" * 900,
        "nested 5000 deep": "[" * 5000 + "]" * 5000,
        "empty": "",
        "whitespace around": " \t\r\n" + text + "\n\n",
        "form feed around": "\x0c" + text,
        "valid": text,
        "unknown value key": _replace_once(text, value, '"value": 1, "valu": 1') if value in text else text,
    }


@pytest.mark.parametrize(("name", "text"), list(_tricky_texts().items()), ids=list(_tricky_texts()))
def test_orjson_reads_to_the_standard_library_outcome(name: str, text: str) -> None:
    """`loads` gives the same dataset, or the same error message, with orjson as without."""
    fast, standard = _on_both_paths(uc.loads, text)
    assert standard == fast, name


@pytest.mark.parametrize("case", [case for case in CASES if case.format == "json"], ids=lambda case: case.id)
def test_every_malformed_case_reads_to_the_same_error(case: object) -> None:
    """Each malformed JSON case of tests/malformed_cases.py gets the same message on both paths."""
    text = build(case)  # type: ignore[arg-type]
    fast, standard = _on_both_paths(uc.loads, text, max_bytes=4 * len(text) + 1)
    assert standard == fast


_JSON_KEYS = st.sampled_from(["a", "b", "a:b", "é", "\u2028"])
_JSON_VALUES = st.recursive(
    # Integers within 64 bits: orjson reads longer ones as floats, which `loads` leaves to `json` (above).
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.lists(st.tuples(_JSON_KEYS, inner), max_size=3),
    max_leaves=10,
)


def _json_text(value: object) -> str:
    """*value* as JSON text, a list of pairs written as an object, so keys may repeat."""
    if isinstance(value, list) and all(isinstance(item, tuple) for item in value) and value:
        pairs = (f"{json.dumps(key)}: {_json_text(item)}" for key, item in value)
        return "{" + ", ".join(pairs) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(map(_json_text, value)) + "]"
    return json.dumps(value, ensure_ascii=False)


def _repeats_a_key(value: object) -> bool:
    if isinstance(value, list) and value and all(isinstance(item, tuple) for item in value):
        keys = [key for key, _ in value]
        return len(set(keys)) < len(keys) or any(_repeats_a_key(item) for _, item in value)
    return isinstance(value, list) and any(_repeats_a_key(item) for item in value)


@given(_JSON_VALUES)
def test_parse_gives_what_json_loads_gives_or_leaves_the_text_to_it(value: object) -> None:
    """Parsed by orjson, 64-bit JSON is `json.loads`' value or is left to `json`, as a repeated key is."""
    text = _json_text(value)
    parsed = _fast.parse(text)
    assert parsed is not _fast.UNPARSED  # orjson reads all of these
    assert _repeats_a_key(value) != _fast.keys_unique(text, parsed)
    if not _repeats_a_key(value):
        assert repr(json.loads(text)) == repr(parsed)  # repr tells 1 from 1.0 and True from 1


def test_parse_reads_a_dataset_as_json_loads_does() -> None:
    """A valid dataset's text is read by orjson to the value `json.loads` gives, its keys unique."""
    text = generate.text(20)
    parsed = _fast.parse(text)
    assert (json.loads(text), True) == (parsed, _fast.keys_unique(text, parsed))


@pytest.mark.parametrize(
    "text", ['{"a\\u003ab": 1}', '{"a\\u003Ab": 1}', "[" * 300 + "]" * 300], ids=["u003a", "u003A", "deep"]
)
def test_keys_are_not_vouched_for_past_an_escaped_colon_or_orjson_depth(text: str) -> None:
    """An escaped colon, or nesting orjson reads but cannot write, leaves the keys to `json`."""
    assert not _fast.keys_unique(text, _fast.parse(text))


def test_the_fast_path_is_switched_off_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """USTB_COOP_FAST=0 leaves the standard library alone in use; any other value uses orjson."""
    monkeypatch.setenv("USTB_COOP_FAST", "0")
    assert _fast._orjson() is None
    monkeypatch.setenv("USTB_COOP_FAST", "1")
    assert orjson is _fast._orjson()


def test_without_orjson_nothing_is_parsed_or_written_by_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """With orjson switched off, `parse` and `dumps` leave everything to the standard library."""
    monkeypatch.setattr(_fast, "ORJSON", None)
    expected = (_fast.UNPARSED, None)
    assert expected == (_fast.parse("{}"), _fast.dumps({}, None, PLAIN_FORMS.default))
