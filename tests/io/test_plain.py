"""Each record's plain form is the one cattrs' generated functions give, written faster."""

from __future__ import annotations

import datetime
import json
from typing import Any

import attrs
import cattrs
import pytest
from benchmarks import generate
from cattrs.gen import make_dict_unstructure_fn, override
from hypothesis import given, settings

import ustb_coop as uc
from tests import strategies
from ustb_coop.io._converter import BY_ID, CONVERTER, PLAIN_FORMS
from ustb_coop.io._plain import PlainForms
from ustb_coop.io._shapes import is_record


def _by_id(organization: uc.Organization) -> str:
    return organization.id


def _cattrs_reference() -> cattrs.Converter:
    """The unstructuring cattrs generates, with the hooks `unstructure` documents: ISO dates, ids."""
    converter = cattrs.Converter()
    converter.register_unstructure_hook(uc.PartialDate, uc.PartialDate.isoformat)
    converter.register_unstructure_hook(datetime.date, datetime.date.isoformat)
    by_id = override(unstruct_hook=_by_id)
    assert BY_ID == ("home", "partner")
    converter.register_unstructure_hook(
        uc.Partnership, make_dict_unstructure_fn(uc.Partnership, converter, home=by_id, partner=by_id)
    )
    return converter


_REFERENCE = _cattrs_reference()


def _records(dataset: uc.Dataset) -> list[Any]:
    """The dataset and every record in it, nested ones included."""
    found: list[Any] = []

    def visit(value: object) -> None:
        if isinstance(value, tuple):
            for item in value:
                visit(item)
        elif is_record(type(value)):
            found.append(value)
            for field in attrs.fields(type(value)):  # type: ignore[arg-type]
                if field.name not in BY_ID:
                    visit(getattr(value, field.name))

    visit(dataset)
    return found


@pytest.mark.parametrize(
    "dataset",
    [pytest.param(uc.load(), id="bundled"), pytest.param(uc.loads(generate.text(30)), id="generated")],
)
def test_unstructure_gives_what_cattrs_gives_for_every_record(dataset: uc.Dataset) -> None:
    """The converter's plain form of the dataset and of each record in it is cattrs' own."""
    records = _records(dataset)
    assert {type(record) for record in records} >= {uc.Dataset, uc.Partnership, uc.Quantity, uc.Citation}
    for record in records:
        assert _REFERENCE.unstructure(record) == CONVERTER.unstructure(record)


@settings(deadline=None)  # a whole dataset per example; slow machines must not fail on time
@given(strategies.datasets())
def test_unstructure_gives_what_cattrs_gives_for_any_dataset(dataset: uc.Dataset) -> None:
    """For any dataset, `unstructure` equals cattrs' own generated unstructuring."""
    assert _REFERENCE.unstructure(dataset) == uc.unstructure(dataset)


@settings(deadline=None)  # a whole dataset per example; slow machines must not fail on time
@given(strategies.datasets())
def test_shallow_forms_written_by_an_encoder_give_the_deep_form(dataset: uc.Dataset) -> None:
    """Encoding a dataset record by record through `default` gives the same JSON as its whole plain form."""
    expected = json.dumps(uc.unstructure(dataset), ensure_ascii=False)
    assert expected == json.dumps(dataset, default=PLAIN_FORMS.default, ensure_ascii=False)


def test_shallow_form_leaves_tuples_of_records_to_the_encoder() -> None:
    """A dataset's shallow form holds its record tuples themselves; its other fields are plain."""
    dataset = uc.load()
    shallow = PLAIN_FORMS.shallow(uc.Dataset)(dataset)
    assert (dataset.partnerships, dataset.as_of.isoformat()) == (shallow["partnerships"], shallow["as_of"])


def test_default_refuses_what_is_not_a_record_in_json_dumps_words() -> None:
    """An encoder's `default` raises the TypeError `json.dumps` raises for a value it cannot write."""
    with pytest.raises(TypeError) as ours:
        json.dumps([{1, 2}], default=PLAIN_FORMS.default)
    with pytest.raises(TypeError) as standard:
        json.dumps([{1, 2}])
    assert str(standard.value) == str(ours.value)


def test_a_field_type_without_a_plain_form_is_named() -> None:
    """A record class with a field of a type no plain form is known for fails with that field named."""

    @attrs.frozen
    class Tagged:
        tags: frozenset[str]

    expected = r"no plain form for a value of type frozenset\[str\] \(record.tags\)"
    with pytest.raises(TypeError, match=expected):
        PlainForms({}, streamed=uc.Dataset).deep(Tagged)


def test_optional_enums_dates_and_nested_records_are_written_in_place() -> None:
    """A record with unset optional fields and one with them set both match cattrs' form."""
    citation = uc.Citation(source="s")
    bare = uc.Milestone(kind=uc.MilestoneKind.AGREEMENT_SIGNED, title="t", citation=citation)
    full = attrs.evolve(bare, on=uc.PartialDate(2014, 5), count=uc.Quantity(3), actor="a", description="d")
    for milestone in (bare, full):
        assert _REFERENCE.unstructure(milestone) == uc.unstructure(milestone)
