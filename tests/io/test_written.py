"""Whatever `loads` accepts under a byte limit, `dumps` writes within it: ``loads(dumps(ds)) == ds`` always.

The shortest inputs a dataset has (compact JSON and TOML with every null and
default left out) are where `dumps` adds the most, so the bound on what it
writes is checked against them.
"""

from __future__ import annotations

import datetime
import enum
import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from benchmarks import generate
from hypothesis import given, settings
from hypothesis import strategies as st

import ustb_coop as uc
from tests import strategies
from tests.toml_text import basic_string
from ustb_coop import cli
from ustb_coop.io import _written
from ustb_coop.io._converter import BY_ID


def _plain(value: object) -> object:
    """*value* as the shortest plain data `loads` reads back equal: no nulls, no defaults."""
    if isinstance(value, uc.PartialDate | datetime.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    cls: Any = type(value)
    if attrs.has(cls):
        table: dict[str, object] = {}
        for field in attrs.fields(cls):
            item = getattr(value, field.name)
            # A dataset file has every top-level key, whatever the class's defaults.
            left_out = field.default is not attrs.NOTHING and item == field.default and cls is not uc.Dataset
            if not field.init or left_out:
                continue
            table[field.name] = item.id if field.name in BY_ID and cls is uc.Partnership else _plain(item)
        return table
    return value


def shortest_json(dataset: uc.Dataset) -> str:
    """The dataset as compact JSON with every null and default left out."""
    return json.dumps(_plain(dataset), ensure_ascii=False, separators=(",", ":"))


def _toml(value: Any) -> str:
    if isinstance(value, str):
        if "'" not in value and value.isprintable():  # a literal string: no escapes at all
            return f"'{value}'"
        return basic_string(value)
    if isinstance(value, list):
        return "[" + ",".join(_toml(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{key}={_toml(item)}" for key, item in value.items()) + "}"
    return str(value)


def shortest_toml(dataset: uc.Dataset) -> str:
    """The dataset as terse TOML: literal strings where they need no escape, full dates bare."""
    document = _plain(dataset)
    assert isinstance(document, dict)
    document["as_of"] = dataset.as_of  # a bare TOML date, two bytes shorter than the JSON text
    return "".join(
        f"{key}={value.isoformat() if isinstance(value, datetime.date) else _toml(value)}\n"
        for key, value in document.items()
    )


def _written_size(dataset: uc.Dataset) -> int:
    """What the JSON export writes: `dumps` and a final newline."""
    return len(uc.dumps(dataset).encode()) + 1


def _size(text: str) -> int:
    return len(text.encode())


def test_the_shortest_forms_load_back_equal() -> None:
    """The test's shortest JSON and TOML are inputs `loads` reads as the same dataset."""
    dataset = uc.load()
    assert (dataset, dataset) == (uc.loads(shortest_json(dataset)), uc.loads(shortest_toml(dataset), "toml"))


@settings(deadline=None, max_examples=60)  # a whole dataset per example; slow machines must not fail on time
@given(strategies.datasets())
def test_the_bound_is_never_below_what_dumps_writes(dataset: uc.Dataset) -> None:
    """From the shortest JSON or TOML of any dataset, the bound is at least what the export writes."""
    written = _written_size(dataset)
    shortest = shortest_json(dataset)
    terse = shortest_toml(dataset)
    assert (dataset, dataset) == (uc.loads(shortest), uc.loads(terse, "toml"))
    assert _written.bound(dataset, _size(shortest), "json") >= written
    assert _written.bound(dataset, _size(terse), "toml") >= written


@settings(deadline=None, max_examples=60)  # a whole dataset per example; slow machines must not fail on time
@given(strategies.datasets())
def test_the_dump_is_measured_to_the_byte(dataset: uc.Dataset) -> None:
    """The loader's measure of a dump, a few records at a time, is the length of `dumps`' text."""
    assert len(uc.dumps(dataset).encode()) == _written.measure(dataset)


@pytest.mark.parametrize("partnerships", [0, 1, 2, 7])
def test_the_dump_is_measured_to_the_byte_whatever_the_lists_and_text(partnerships: int) -> None:
    """Empty and one-item lists, and text of two to four bytes a character, measure as `dumps` writes them."""
    dataset = uc.loads(generate.text(max(partnerships, 1)))
    dataset = attrs.evolve(
        dataset,
        partnerships=tuple(
            attrs.evolve(partnership, summary="北京 – Aachen \U0001f600")
            for partnership in dataset.partnerships[:partnerships]
        ),
    )
    assert len(uc.dumps(dataset).encode()) == _written.measure(dataset)


def test_the_bound_holds_where_toml_grows_most() -> None:
    """Quotes in literal strings and bare dates, which JSON writes longer, stay within the bound."""
    bundled = uc.load()
    quoted = '"' * 200
    dataset = attrs.evolve(
        bundled,
        version=quoted,
        sources=tuple(attrs.evolve(source, title=quoted, publisher=quoted) for source in bundled.sources),
    )
    terse = shortest_toml(dataset)
    assert dataset == uc.loads(terse, "toml")
    assert _written.bound(dataset, _size(terse), "toml") >= _written_size(dataset)


def test_a_compact_file_whose_dump_is_over_the_limit_is_refused() -> None:
    """The issue's case, scaled down: many small partnerships, compact, under the limit; their dump is not."""
    dataset = uc.loads(generate.text(40))
    text = shortest_json(dataset)
    written = _written_size(dataset)
    assert _size(text) < written - 1
    with pytest.raises(uc.DatasetError) as caught:
        uc.loads(text, max_bytes=written - 1)
    expected = (
        f"as dumps writes it (indented, with a final newline), the dataset takes {written:,} bytes, more "
        f"than the limit of {written - 1:,}: a dataset loads only if what dumps writes of it loads too; "
        f"allow {written:,} bytes (max_bytes=, or --max-bytes) to read it"
    )
    assert [expected] == [problem.message for problem in caught.value.problems]
    assert dataset == uc.loads(text, max_bytes=written)


def test_a_dump_at_the_limit_is_measured_and_loads() -> None:
    """An input whose bound is over the limit but whose dump fits is written, measured and accepted."""
    dataset = uc.loads(generate.text(5))
    text = uc.dumps(dataset) + "\n"
    limit = _size(text)
    assert _written.bound(dataset, limit, "json") > limit  # so the exact measure decides
    assert dataset == uc.loads(text, max_bytes=limit)


@settings(deadline=None, max_examples=60)  # a whole dataset per example; slow machines must not fail on time
@given(strategies.datasets(), st.sampled_from(["shortest json", "toml", "dumps"]), st.data())
def test_what_loads_accepts_dumps_writes_within_the_same_limit(
    dataset: uc.Dataset, form: str, data: st.DataObject
) -> None:
    """At any limit, an accepted input's dump (indented and compact) loads back equal under that limit."""
    text, format = {  # noqa: A001 - the file format
        "shortest json": (shortest_json(dataset), "json"),
        "toml": (shortest_toml(dataset), "toml"),
        "dumps": (uc.dumps(dataset), "json"),
    }[form]
    limit = data.draw(st.integers(_size(text), _written_size(dataset) + 2), label="limit")
    try:
        loaded = uc.loads(text, format, max_bytes=limit)  # type: ignore[arg-type]
    except uc.DatasetError:
        assert limit < _written_size(dataset)  # refused only when the dump would not fit
        return
    assert (dataset, dataset) == (
        uc.loads(uc.dumps(loaded) + "\n", max_bytes=limit),
        uc.loads(uc.dumps(loaded, indent=None), max_bytes=limit),
    )


def test_the_json_export_of_an_accepted_file_validates_under_the_same_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``export --format json`` writes what ``validate --max-bytes`` accepts at the limit it was read at."""
    source = tmp_path / "partners.json"
    exported = tmp_path / "exported.json"
    dataset = uc.loads(generate.text(10))
    source.write_text(shortest_json(dataset), encoding="utf-8")
    limit = str(_written_size(dataset))
    codes = (
        cli.main(
            [
                "--data",
                str(source),
                "--max-bytes",
                limit,
                "export",
                "--format",
                "json",
                "--output",
                str(exported),
            ]
        ),
        cli.main(["validate", str(exported), "--max-bytes", limit]),
        cli.main(["--max-bytes", limit, "validate", str(exported)]),
        cli.main(["validate", str(exported), "--max-bytes", str(int(limit) - 1)]),
    )
    capsys.readouterr()
    expected = (0, 0, 0, 1)
    assert expected == codes


@attrs.frozen
class _Unboundable:
    """Fields of shapes the bound does not know how to count."""

    table: dict[str, int]
    made: tuple[str, ...] = attrs.field(factory=tuple)


@attrs.frozen
class _HoldsASource:
    """A single record that holds a list (a source's sections), which the walk does not count."""

    source: uc.Source | None = None


def test_a_field_of_unknown_shape_is_refused_not_undercounted() -> None:
    """A field the bound cannot count, a default made by a factory, one record holding lists: TypeErrors."""
    fields = {field.name: field for field in attrs.fields(_Unboundable)}
    messages = []
    for attempt in (
        lambda: _written._kind(_Unboundable, "table", dict[str, int]),
        lambda: _written._default_length(fields["made"]),
        lambda: _written.Layout().plan(_HoldsASource),
    ):
        with pytest.raises(TypeError) as caught:
            attempt()
        messages.append(str(caught.value))
    expected = [
        "cannot bound how _Unboundable.table of type dict[str, int] is written",
        "cannot bound how the default of made is written: it is made by a factory",
        "cannot bound _HoldsASource.source: a single record holding lists",
    ]
    assert expected == messages
