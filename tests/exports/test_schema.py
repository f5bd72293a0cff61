"""The JSON Schema of the file format accepts what `dumps` writes and rejects what `load` rejects."""

from __future__ import annotations

import calendar
import json
import re

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ustb_coop as uc
from tests import strategies
from tests.malformed_cases import CASES, MalformedCase, build
from ustb_coop.exports._constraints import character_class
from ustb_coop.exports._schema import _Builder, json_schema
from ustb_coop.model._rules import WHITESPACE, Text, TextItems, WholeNumber, description, doc, optional

_SCHEMA_CASES = [case for case in CASES if case.schema_expressible]


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    """A validator of the file schema, which is itself checked against the draft's metaschema."""
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _errors(validator: jsonschema.Draft202012Validator, document: object) -> list[str]:
    return [f"{error.json_path}: {error.message}" for error in validator.iter_errors(document)]


def test_schema_is_draft_2020_12() -> None:
    """The schema declares the dialect it is written in and passes that dialect's metaschema."""
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    expected = "https://json-schema.org/draft/2020-12/schema"
    assert expected == schema["$schema"]


def test_bundled_dataset_validates(validator: jsonschema.Draft202012Validator) -> None:
    """The JSON form of the bundled dataset is valid."""
    expected: list[str] = []
    assert expected == _errors(validator, json.loads(uc.dumps(uc.load())))


@given(strategies.datasets())
def test_generated_datasets_validate(dataset: uc.Dataset) -> None:
    """Whatever `dumps` writes for a dataset is valid."""
    validator = jsonschema.Draft202012Validator(json_schema())
    expected: list[str] = []
    assert expected == _errors(validator, json.loads(uc.dumps(dataset)))


def test_schema_cases_are_json() -> None:
    """Every case the schema must reject is a JSON document, so the schema test below sees them all."""
    expected: list[str] = []
    assert expected == [case.id for case in _SCHEMA_CASES if case.format != "json"]


@pytest.mark.parametrize("case", _SCHEMA_CASES, ids=[case.id for case in _SCHEMA_CASES])
def test_schema_rejects_malformed_input(
    validator: jsonschema.Draft202012Validator, case: MalformedCase
) -> None:
    """Each malformed input a JSON Schema can describe is invalid under the schema."""
    assert not validator.is_valid(json.loads(build(case)))


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("partnerships.0.started", "1979\n"),
        ("partnerships.0.id", "rwth-aachen\n"),
        ("organizations.1.country", "DE\n"),
        ("partnerships.0.started", "١٩٧٩"),
        ("as_of", "٢٠٢٠-10-22"),
        ("partnerships.1.milestones.3.count", {"value": 0, "qualifier": "fewer_than"}),
        ("partnerships.1.milestones.3.count", {"value": 2**53 - 1, "qualifier": "more_than"}),
        ("partnerships.0.confirmed", "2020-13"),
        ("partnerships.0.home", {"id": "ustb"}),
        ("organizations.1.name", " \t"),
        ("partnerships.2.fields.0", "iron; steel"),
        ("partnerships.2.fields.0", " "),
    ],
    ids=[
        "date-trailing-newline",
        "slug-trailing-newline",
        "country-trailing-newline",
        "date-other-digits",
        "day-other-digits",
        "fewer-than-zero",
        "more-than-the-largest-count",
        "confirmed-no-month",
        "organization-record-for-id",
        "blank-name",
        "field-with-list-separator",
        "blank-field",
    ],
)
def test_schema_rejects_edge_values(
    validator: jsonschema.Draft202012Validator, path: str, value: object
) -> None:
    """Values only a careful schema rejects are invalid, as the loader finds them."""
    document = json.loads(uc.dumps(uc.load()))
    *parents, last = (int(step) if step.isdigit() else step for step in path.split("."))
    node = document
    for step in parents:
        node = node[step]
    node[last] = value
    assert not validator.is_valid(document)


def test_schema_is_generated_from_the_model() -> None:
    """Every enum member and every field of the model appears in the schema."""
    definitions = json_schema()["$defs"]
    assert isinstance(definitions, dict)
    expected = {
        "MilestoneKind": [kind.value for kind in uc.MilestoneKind],
        "Qualifier": [qualifier.value for qualifier in uc.Qualifier],
        "Activity": [activity.value for activity in uc.Activity],
    }
    assert expected == {name: definitions[name]["enum"] for name in expected}
    expected_fields = [field.name for field in attrs.fields(uc.Source)]
    assert expected_fields == list(definitions["Source"]["properties"])


@pytest.mark.parametrize(
    ("definition", "required"),
    [
        ("Organization", ["id", "name", "kind"]),
        ("Partnership", ["id", "home", "partner", "kind", "started"]),
        ("Metric", ["kind", "value", "as_of", "citation"]),
        ("Quantity", ["value"]),
        ("Citation", ["source"]),
    ],
    ids=["organization", "partnership", "metric", "quantity", "citation"],
)
def test_required_keys_are_the_fields_without_defaults(definition: str, required: list[str]) -> None:
    """A record must have exactly the keys whose fields have no default."""
    definitions = json_schema()["$defs"]
    assert isinstance(definitions, dict)
    assert required == definitions[definition]["required"]


def test_top_level_keys_are_all_required() -> None:
    """A file must have every top-level key, as the loader demands."""
    expected = ["version", "as_of", "sources", "organizations", "partnerships"]
    assert expected == json_schema()["required"]


def test_partnerships_name_organizations_by_id() -> None:
    """Home and partner are organization ids in the file, while the top level lists full records."""
    schema = json_schema()
    definitions = schema["$defs"]
    properties = schema["properties"]
    assert isinstance(definitions, dict)
    assert isinstance(properties, dict)
    expected = ("#/$defs/OrganizationId", "#/$defs/Organization")
    assert expected == (
        definitions["Partnership"]["properties"]["home"]["$ref"],
        properties["organizations"]["items"]["$ref"],
    )


def test_optional_fields_are_nullable() -> None:
    """A field that may be None accepts null, as `dumps` writes it."""
    definitions = json_schema()["$defs"]
    assert isinstance(definitions, dict)
    expected = ["string", "null"]
    assert expected == definitions["Organization"]["properties"]["country"]["type"]
    assert {"type": "null"} in definitions["Partnership"]["properties"]["ended"]["anyOf"]


def _records_in_schema() -> list[type]:
    """The attrs classes the schema describes: the dataset and every record in ``$defs``."""
    definitions = json_schema()["$defs"]
    assert isinstance(definitions, dict)
    records = [getattr(uc, name) for name, entry in definitions.items() if entry["type"] == "object"]
    return [uc.Dataset, *records]


@pytest.mark.parametrize("record", _records_in_schema(), ids=lambda record: record.__name__)
def test_each_description_is_the_fields_description(record: type) -> None:
    """Every property's description is the one its field states in the model's metadata."""
    schema = json_schema()
    definitions = schema["$defs"]
    assert isinstance(definitions, dict)
    described = schema if record is uc.Dataset else definitions[record.__name__]
    properties = described["properties"]
    assert isinstance(properties, dict)
    expected = {field.name: description(field) for field in attrs.fields(record) if field.init}
    actual = {name: prop["description"] for name, prop in properties.items()}
    assert expected == actual


def test_a_description_reads_as_the_model_states_it() -> None:
    """A field's description is its sentence, as the model's documentation gives it."""
    definitions = json_schema()["$defs"]
    assert isinstance(definitions, dict)
    expected = "ISO 3166-1 alpha-2 code, when known."
    assert expected == definitions["Organization"]["properties"]["country"]["description"]


def test_callers_get_their_own_copy() -> None:
    """Changing a returned schema leaves the next call's schema as it was."""
    first = json_schema()
    first["title"] = "changed"
    expected = "ustb-coop dataset"
    assert expected == json_schema()["title"]


@st.composite
def _date_shaped_text(draw: st.DrawFn) -> str:
    """Text shaped like YYYY, YYYY-MM or YYYY-MM-DD with any digits in each part."""
    year = f"{draw(st.integers(0, 9999)):04d}"
    rest = draw(st.lists(st.integers(0, 99).map("{:02d}".format), max_size=2))
    return "-".join([year, *rest])


def _loader_accepts(text: str) -> bool:
    try:
        uc.PartialDate.parse(text)
    except ValueError:
        return False
    return True


def _names_a_day_its_month_lacks(text: str) -> bool:
    """Whether *text* is a day 29 to 31 of a real month that is shorter, like 2015-02-30."""
    parts = [int(part) for part in text.split("-")]
    if len(parts) != 3:
        return False
    year, month, day = parts
    return year >= 1 and 1 <= month <= 12 and calendar.monthrange(year, month)[1] < day <= 31


@given(_date_shaped_text())
def test_partial_date_pattern_accepts_what_the_loader_accepts(text: str) -> None:
    """The pattern matches exactly the dates the loader reads, and days a month lacks."""
    definitions = json_schema()["$defs"]
    assert isinstance(definitions, dict)
    expected = _loader_accepts(text) or _names_a_day_its_month_lacks(text)
    assert expected == (re.search(definitions["PartialDate"]["pattern"], text) is not None)


@attrs.frozen(kw_only=True)
class _Example:
    """An example record.

    Note:
        Only for the generator's tests.
    """

    name: str = attrs.field(validator=Text(meaning="non-empty text", nonblank=True), metadata=doc("A name."))
    tags: tuple[str, ...] = attrs.field(
        factory=tuple,
        validator=TextItems(item=Text(meaning="text without commas", excluded=",")),
        metadata=doc("Labels."),
    )
    rank: int | None = attrs.field(
        default=None, validator=optional(WholeNumber(minimum=1, maximum=9)), metadata=doc("A rank.")
    )


def test_generator_reads_rules_descriptions_and_defaults() -> None:
    """Rules give keywords (a tuple's items too), metadata the descriptions; factory defaults are left out."""
    expected = {
        "type": "object",
        "description": "An example record.",
        "properties": {
            "name": {
                "type": "string",
                "pattern": character_class(WHITESPACE, negated=True),
                "description": "A name.",
            },
            "tags": {
                "type": "array",
                "items": {"type": "string", "pattern": "^(?:[^\\u002c]*)$(?!\\n)"},
                "description": "Labels.",
            },
            "rank": {
                "type": ["integer", "null"],
                "minimum": 1,
                "maximum": 9,
                "description": "A rank.",
                "default": None,
            },
        },
        "required": ["name"],
        "additionalProperties": False,
    }
    assert expected == _Builder().record(_Example)


@attrs.frozen(kw_only=True)
class _Undescribed:
    """A record with a field that says nothing about itself."""

    name: str = attrs.field(validator=Text())


def test_a_field_without_a_description_stops_the_generator() -> None:
    """A field with no description names itself instead of leaving the schema silent about it."""
    with pytest.raises(TypeError, match=r"_Undescribed\.name .* has no description"):
        _Builder().record(_Undescribed)


def test_a_pattern_with_other_shape_rules_stops_the_generator() -> None:
    """A text rule whose pattern and other shape rules would need two patterns is refused, not half shown."""
    rule = Text(meaning="a code", pattern=re.compile("[A-Z]+"), excluded="Q")
    with pytest.raises(TypeError, match="a pattern says all the shape"):
        _Builder().value(str, rule)


@pytest.mark.parametrize(
    "hint",
    [dict[str, int], tuple[int, str], int | str | None, float],
    ids=["mapping", "fixed-tuple", "wide-union", "float"],
)
def test_generator_refuses_types_it_cannot_describe(hint: object) -> None:
    """A model type with no file form stops the generator with the type's name, not a wrong schema."""
    with pytest.raises(TypeError, match="cannot describe"):
        _Builder().value(hint, None)


def test_every_qualifier_floor_and_ceiling_becomes_a_condition(monkeypatch: pytest.MonkeyPatch) -> None:
    """With floors and ceilings for several qualifiers, the schema states each one the model keeps."""
    floors = {uc.Qualifier.FEWER_THAN: 1, uc.Qualifier.AT_MOST: 5}
    ceilings = {uc.Qualifier.MORE_THAN: 7}
    monkeypatch.setattr("ustb_coop.exports._schema.FLOORS", floors)
    monkeypatch.setattr("ustb_coop.exports._schema.CEILINGS", ceilings)
    limits = [(q, "minimum", floor) for q, floor in floors.items()]
    limits += [(q, "maximum", ceiling) for q, ceiling in ceilings.items()]
    expected = [
        {
            "if": {"properties": {"qualifier": {"const": qualifier.value}}, "required": ["qualifier"]},
            "then": {"properties": {"value": {"type": "integer", keyword: limit}}},
        }
        for qualifier, keyword, limit in limits
    ]
    assert expected == _Builder().record(uc.Quantity)["allOf"]
