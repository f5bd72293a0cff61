"""Datasets survive being written and read back: JSON from `dumps`, and TOML."""

from __future__ import annotations

import json

import attrs
import pytest
from hypothesis import given, settings

import ustb_coop as uc
from tests import strategies
from tests.toml_text import basic_string


def _toml_value(value: object) -> str:
    """One TOML value, written inline; dicts drop None entries since TOML has no null."""
    if isinstance(value, str):
        return basic_string(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"{key} = {_toml_value(item)}" for key, item in value.items() if item is not None)
            + "}"
        )
    msg = f"no TOML for {value!r}"
    raise TypeError(msg)


def to_toml(dataset: uc.Dataset) -> str:
    """The dataset as a TOML document, built from the plain data `dumps` writes."""
    data = json.loads(uc.dumps(dataset))
    return "".join(f"{key} = {_toml_value(value)}\n" for key, value in data.items())


@settings(deadline=None)  # a whole dataset per example; slow machines must not fail on time
@given(strategies.datasets())
def test_json_round_trip(dataset: uc.Dataset) -> None:
    """Reading what `dumps` wrote, indented or compact, gives back an equal dataset."""
    assert dataset == uc.loads(uc.dumps(dataset))
    assert dataset == uc.loads(uc.dumps(dataset, indent=None))


@settings(deadline=None)  # a whole dataset per example; slow machines must not fail on time
@given(strategies.datasets())
def test_toml_round_trip(dataset: uc.Dataset) -> None:
    """The same data written as TOML reads back as an equal dataset."""
    assert dataset == uc.loads(to_toml(dataset), "toml")


@settings(deadline=None)  # a whole dataset per example; slow machines must not fail on time
@given(strategies.datasets())
def test_dumps_is_stable(dataset: uc.Dataset) -> None:
    """Dumping a dataset, or the dataset read back from its dump, gives identical text."""
    text = uc.dumps(dataset)
    assert text == uc.dumps(dataset)
    assert text == uc.dumps(uc.loads(text))


def test_dumps_writes_every_key() -> None:
    """The top level of the dump has every key of the schema, in the schema's order."""
    expected = ["version", "as_of", "sources", "organizations", "partnerships"]
    assert expected == list(json.loads(uc.dumps(uc.load())))


def test_dumps_writes_none_as_null() -> None:
    """Unknown optional facts are written as null, not left out."""
    organizations = json.loads(uc.dumps(uc.load()))["organizations"]
    tata_steel = next(organization for organization in organizations if organization["id"] == "tata-steel")
    expected = {"city": None, "established": None}
    assert expected == {key: tata_steel[key] for key in expected}


def test_bundled_dataset_json_round_trip() -> None:
    """The bundled dataset reads back equal from its JSON dump."""
    dataset = uc.load()
    assert dataset == uc.loads(uc.dumps(dataset))


def test_bundled_dataset_toml_round_trip() -> None:
    """The bundled dataset reads back equal from TOML written from its dump."""
    dataset = uc.load()
    assert dataset == uc.loads(to_toml(dataset), "toml")


def test_bundled_dataset_dump_is_stable() -> None:
    """Two dumps of the bundled dataset are the same text."""
    assert uc.dumps(uc.load()) == uc.dumps(uc.loads(uc.dumps(uc.load())))


def test_dumps_keeps_non_ascii_text() -> None:
    """Names in other scripts are written as themselves, not as escapes."""
    assert "北京科技大学" in uc.dumps(uc.load())


def test_toml_writer_escapes_what_toml_requires() -> None:
    """The test's own TOML writer escapes quotes, backslashes and control characters."""
    expected = '"a\\"b\\\\c\\u0000\\u007F\\u000A\td"'
    assert expected == _toml_value('a"b\\c\x00\x7f\n\td')


def test_what_loads_would_not_read_back_equal_cannot_reach_dumps() -> None:
    """A dangling reference or a mismatched organization is refused when a Dataset is built."""
    bundled = uc.load()
    renamed = attrs.evolve(bundled["tohoku"], partner=attrs.evolve(bundled["tohoku"].partner, name="Renamed"))
    for changes, path in (
        ({"organizations": bundled.organizations[:4]}, "partnerships[2].milestones[1].actor"),
        ({"partnerships": (*bundled.partnerships[:2], renamed)}, "partnerships[2].partner"),
    ):
        with pytest.raises(uc.DatasetError) as caught:
            attrs.evolve(bundled, **changes)
        assert [path] == [problem.path for problem in caught.value.problems]


def test_unstructure_gives_a_record_as_dumps_writes_it() -> None:
    """Each record's plain form is the one inside the dataset's JSON, organizations named by id."""
    dataset = uc.load()
    document = json.loads(uc.dumps(dataset))
    expected = (document["partnerships"][0], document["organizations"][1], document["sources"][0])
    assert expected == (
        uc.unstructure(dataset.partnerships[0]),
        uc.unstructure(dataset.organizations[1]),
        uc.unstructure(dataset.sources[0]),
    )


def test_unstructure_refuses_what_is_not_a_record() -> None:
    """Anything but a Dataset or one of its records is a TypeError naming what it takes."""
    with pytest.raises(TypeError, match="takes a Dataset or one of its records, got dict"):
        uc.unstructure({"id": "x"})  # type: ignore[arg-type]
