"""Field rules: each field says once what it may hold and what it means, and text is always writable."""

from __future__ import annotations

import copy
import datetime
import inspect
import pickle
import re
import types
import typing
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ustb_coop as uc
from tests import strategies
from ustb_coop.model import _rules
from ustb_coop.model._rules import (
    WHITESPACE,
    InstanceOrNone,
    Text,
    TextItems,
    TupleOf,
    WholeNumber,
    description,
    lone_surrogate,
)

CITATION = uc.Citation(source="example-source")
ORGANIZATION: Any = uc.Organization(id="example", name="Example", kind=uc.OrganizationKind.OTHER)

#: A valid instance of each record of the file format, to change one field of.
VALID: dict[type, Any] = {
    uc.Citation: CITATION,
    uc.Section: uc.Section(id="1", title="A section"),
    uc.Source: uc.Source(id="example-source", title="A source"),
    uc.LocalizedName: uc.LocalizedName(text="A name"),
    uc.City: uc.City(name="A city"),
    uc.Identifier: uc.Identifier(scheme=uc.IdentifierScheme.WIKIDATA, value="Q1", citation=CITATION),
    uc.Organization: ORGANIZATION,
    uc.Milestone: uc.Milestone(kind=uc.MilestoneKind.OTHER, title="A milestone", citation=CITATION),
    uc.Metric: uc.Metric(
        kind=uc.MetricKind.STAFF_SENT, value=uc.Quantity(1), as_of=uc.PartialDate(2000), citation=CITATION
    ),
    uc.Program: uc.Program(name="A program", frequency=uc.Frequency.YEARLY, citation=CITATION),
    uc.Partnership: uc.Partnership(
        id="example",
        home=ORGANIZATION,
        partner=ORGANIZATION,
        kind=uc.PartnershipKind.ACADEMIC,
        started=uc.PartialDate(2000),
    ),
    uc.Quantity: uc.Quantity(1),
    uc.Dataset: uc.Dataset(version="1", as_of=datetime.date(2020, 10, 22)),
}

_UNPAIRED = "unpaired surrogate '\\udc80' at index 1"

#: Every text field of the model, and what its error says of text with a lone surrogate.
TEXT_FIELDS: list[tuple[type, str, str]] = [
    (uc.Dataset, "version", _UNPAIRED),
    (uc.Citation, "source", "must be a slug"),
    (uc.Citation, "section", _UNPAIRED),
    (uc.Section, "id", _UNPAIRED),
    (uc.Section, "title", _UNPAIRED),
    (uc.Source, "id", "must be a slug"),
    (uc.Source, "title", _UNPAIRED),
    (uc.Source, "publisher", _UNPAIRED),
    (uc.Source, "url", _UNPAIRED),
    (uc.LocalizedName, "text", _UNPAIRED),
    (uc.LocalizedName, "language", _UNPAIRED),
    (uc.City, "name", _UNPAIRED),
    (uc.Identifier, "value", _UNPAIRED),
    (uc.Organization, "id", "must be a slug"),
    (uc.Organization, "name", _UNPAIRED),
    (uc.Organization, "short_name", _UNPAIRED),
    (uc.Organization, "country", "must be an ISO 3166-1 alpha-2 code"),
    (uc.Milestone, "title", _UNPAIRED),
    (uc.Milestone, "actor", "must be a slug"),
    (uc.Milestone, "description", _UNPAIRED),
    (uc.Metric, "note", _UNPAIRED),
    (uc.Program, "name", _UNPAIRED),
    (uc.Program, "description", _UNPAIRED),
    (uc.Partnership, "id", "must be a slug"),
    (uc.Partnership, "fields", _UNPAIRED),
    (uc.Partnership, "summary", _UNPAIRED),
    (uc.Quantity, "as_stated", _UNPAIRED),
]


def _hints(record: type) -> dict[str, object]:
    return typing.get_type_hints(record)


def _leaf(hint: object) -> tuple[object, bool]:
    """The plain type under ``X | None`` and ``tuple[X, ...]``, and whether None is allowed."""
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (types.UnionType, typing.Union):
        [present] = [arg for arg in args if arg is not type(None)]
        return _leaf(present)[0], True
    if typing.get_origin(hint) is tuple:
        return args[0], False
    return hint, False


def _fields_of_type(kind: type) -> set[tuple[type, str]]:
    """The fields a caller gives (derived ``init=False`` attributes are the record's own) of type *kind*."""
    return {
        (record, name)
        for record in VALID
        for name, hint in _hints(record).items()
        if _leaf(hint)[0] is kind and attrs.fields_dict(record)[name].init
    }


def test_the_table_lists_every_text_field() -> None:
    """TEXT_FIELDS covers each field holding text, so a new one cannot miss the rule unnoticed."""
    expected = _fields_of_type(str)
    assert expected == {(record, name) for record, name, _ in TEXT_FIELDS}


def test_valid_covers_every_record_of_the_file_format() -> None:
    """Every attrs class a dataset holds (apart from dates) has an instance in VALID."""
    expected: set[type] = {uc.Dataset}
    pending: list[type] = [uc.Dataset]
    while pending:
        for hint in _hints(pending.pop()).values():
            leaf = _leaf(hint)[0]
            if isinstance(leaf, type) and attrs.has(leaf) and leaf not in expected | {uc.PartialDate}:
                expected.add(leaf)
                pending.append(leaf)
    assert expected == set(VALID)


@pytest.mark.parametrize(
    ("record", "field", "problem"),
    TEXT_FIELDS,
    ids=[f"{record.__name__}.{field}" for record, field, _ in TEXT_FIELDS],
)
def test_text_a_file_cannot_hold_is_refused_at_construction(record: type, field: str, problem: str) -> None:
    """Text with a lone surrogate is an InvalidFieldError naming the field, so nothing unwritable exists."""
    text = "x\udc80"
    value = (text,) if _hints(record)[field] == tuple[str, ...] else text
    with pytest.raises(uc.InvalidFieldError) as raised:
        attrs.evolve(VALID[record], **{field: value})
    expected = (field, value, True, True)
    actual = (
        raised.value.field,
        raised.value.value,
        str(raised.value).startswith(field),
        problem in str(raised.value),
    )
    assert expected == actual


def test_an_evolved_dataset_version_cannot_hold_a_lone_surrogate() -> None:
    """The reproducer of issue 8: the version is checked when a dataset is evolved, not when it is written."""
    dataset = uc.load()
    with pytest.raises(uc.InvalidFieldError) as raised:
        attrs.evolve(dataset, version="1\udc80")
    expected = "version must be text a UTF-8 file can hold, got '1\\udc80' with the " + _UNPAIRED
    assert expected == str(raised.value)


def test_a_list_item_is_named_by_its_position() -> None:
    """A research field with a lone surrogate is named with its index; the error carries the whole tuple."""
    fields = ("metallurgy", "steel\ud800")
    with pytest.raises(uc.InvalidFieldError) as raised:
        attrs.evolve(VALID[uc.Partnership], fields=fields)
    expected = ("fields", fields, "fields[1] must be text a UTF-8 file can hold")
    assert expected == (raised.value.field, raised.value.value, str(raised.value).partition(", got")[0])


@given(strategies.any_text, st.integers(0xD800, 0xDFFF), st.integers(0, 20))
def test_any_lone_surrogate_is_found(text: str, code: int, position: int) -> None:
    """A surrogate put anywhere into any text is found where it was put."""
    index = min(position, len(text))
    expected = (index, chr(code))
    assert expected == lone_surrogate(text[:index] + chr(code) + text[index:])


@given(strategies.any_text)
def test_text_without_surrogates_is_accepted(text: str) -> None:
    """Any text a file can hold, blank or not, is a valid version."""
    assert text == attrs.evolve(VALID[uc.Dataset], version=text).version


def test_a_surrogate_pair_is_no_lone_surrogate() -> None:
    """Characters outside the Basic Multilingual Plane are one code point in Python, not a pair."""
    expected = None
    assert expected == lone_surrogate("\U0001f600 ok")


def test_a_free_text_field_given_no_text_is_a_type_error() -> None:
    """Where any text will do (the version), a value of another type is a TypeError, as attrs says it."""
    with pytest.raises(TypeError, match="'version' must be <class 'str'>"):
        attrs.evolve(VALID[uc.Dataset], version=1)


@pytest.mark.parametrize(
    ("record", "field", "value"),
    [
        (uc.Source, "publisher", ""),
        (uc.Milestone, "description", " \t"),
        (uc.Partnership, "summary", "\ufeff"),
        (uc.Quantity, "as_stated", "\x1f"),
        (uc.Citation, "section", 1),
        (uc.Quantity, "as_stated", 400),
    ],
    ids=["empty-publisher", "blank-description", "bom-summary", "separator-as-stated", "number", "number-2"],
)
def test_stated_optional_text_is_not_blank(record: type, field: str, value: object) -> None:
    """Optional text is None when not stated; stated, it must say something, so no table confuses the two."""
    with pytest.raises(uc.InvalidFieldError) as raised:
        attrs.evolve(VALID[record], **{field: value})
    expected = (field, f"{field} must be non-empty text, got {value!r}")
    assert expected == (raised.value.field, str(raised.value))


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        (
            "id",
            3,
            "id must be a slug of lowercase letters, digits and single hyphens (like 'rwth-aachen'), got 3",
        ),
        ("name", None, "name must be non-empty text, got None"),
        ("country", "de", "country must be an ISO 3166-1 alpha-2 code like 'DE', got 'de'"),
    ],
    ids=["slug-number", "name-none", "country-lowercase"],
)
def test_a_shaped_text_field_says_what_it_wants(field: str, value: Any, expected: str) -> None:
    """Ids, names and codes given anything else say what valid text is, as an InvalidFieldError."""
    with pytest.raises(uc.InvalidFieldError) as raised:
        attrs.evolve(ORGANIZATION, **{field: value})
    assert (field, expected) == (raised.value.field, str(raised.value))


@pytest.mark.parametrize(
    ("field", "value", "error", "expected"),
    [
        ("established", 0, uc.InvalidFieldError, "established must be between 1 and 9999, got 0"),
        ("established", 10_000, uc.InvalidFieldError, "established must be between 1 and 9999, got 10000"),
        ("established", True, TypeError, "established must be a whole number or None, got True"),
        ("established", "1950", TypeError, "established must be a whole number or None, got '1950'"),
    ],
    ids=["year-0", "year-10000", "year-true", "year-text"],
)
def test_a_whole_number_field_says_its_range(field: str, value: Any, error: type, expected: str) -> None:
    """A year out of range is an InvalidFieldError and a non-number a TypeError, each saying what is valid."""
    with pytest.raises(error) as raised:
        attrs.evolve(ORGANIZATION, **{field: value})
    assert expected == str(raised.value)


def test_a_city_geonames_id_is_one_every_json_reader_holds_exactly() -> None:
    """A GeoNames id past 2**53 - 1 (I-JSON's limit) is refused, naming the field and the range."""
    with pytest.raises(uc.InvalidFieldError) as raised:
        uc.City(name="A city", geonames_id=2**53)
    expected = ("geonames_id", f"geonames_id must be between 1 and {2**53 - 1}, got {2**53}")
    assert expected == (raised.value.field, str(raised.value))


# ------------------------------------------------------------ one statement each


def _rule_kinds() -> list[tuple[type, str, object, bool]]:
    """``(record, field, validator, optional)`` for each given field of text or whole numbers."""
    rows = []
    for record in VALID:
        for field in attrs.fields(record):
            leaf, optional = _leaf(_hints(record)[field.name])
            if field.init and leaf in (str, int):
                rows.append((record, field.name, field.validator, optional))
    return rows


@pytest.mark.parametrize(
    ("record", "field", "validator", "optional"),
    _rule_kinds(),
    ids=[f"{record.__name__}.{field}" for record, field, _, _ in _rule_kinds()],
)
def test_each_text_or_number_field_is_checked_by_a_rule(
    record: type, field: str, validator: object, optional: bool
) -> None:
    """Text and numbers are checked by a rule that says what it accepts, and None where the type allows it."""
    rule = validator.item if isinstance(validator, TextItems) else validator
    assert isinstance(rule, Text | WholeNumber), f"{record.__name__}.{field}: {validator!r}"
    expected = (record, field, optional)
    assert expected == (record, field, rule.optional)


def _documented_attributes(record: type) -> dict[str, str]:
    """The ``Attributes:`` entries of *record*'s docstring, on one line each and without backticks."""
    entries: dict[str, list[str]] = {}
    lines = iter((inspect.getdoc(record) or "").splitlines())
    for line in lines:
        if line.strip() == "Attributes:":
            break
    current: list[str] = []
    for line in lines:
        if line and not line.startswith(" "):
            break
        entry = re.fullmatch(r" {4}(\w+): (.*)", line)
        if entry is not None:
            current = entries.setdefault(entry[1], [entry[2]])
        elif line.strip():
            current.append(line.strip())
    return {
        name: " ".join(re.sub(r"`+([^`]*)`+", r"\1", " ".join(words)).split())
        for name, words in entries.items()
    }


@pytest.mark.parametrize("record", list(VALID), ids=lambda record: record.__name__)
def test_docstrings_document_each_field_as_its_metadata_describes_it(record: type) -> None:
    """The docstring's Attributes, which readers see, say what the metadata, which exports read, says."""
    expected = _documented_attributes(record)
    assert expected == {field.name: description(field) for field in attrs.fields(record) if field.init}


def test_whitespace_is_what_python_counts_and_the_byte_order_mark() -> None:
    """The one whitespace set: every character `str.isspace` counts, and U+FEFF, which ECMA-262 counts too."""
    expected = {chr(code) for code in range(0x110000) if chr(code).isspace()} | {"\ufeff"}
    assert expected == set(WHITESPACE)


@pytest.mark.parametrize("character", list(WHITESPACE), ids=[f"U+{ord(c):04X}" for c in WHITESPACE])
def test_a_title_of_only_whitespace_is_blank(character: str) -> None:
    """A title of any whitespace character, alone or repeated, is not non-empty text."""
    with pytest.raises(uc.InvalidFieldError, match="title must be non-empty text"):
        uc.Section(id="1", title=character * 3)


@pytest.mark.parametrize(
    "title",
    ["\u200b", "\x00", "\u180e", "x\ufeff"],
    ids=["zwsp", "nul", "mongolian-vowel-separator", "x-bom"],
)
def test_a_character_outside_the_set_makes_text_non_empty(title: str) -> None:
    """Characters outside WHITESPACE count as content, even invisible ones, as in every regex engine."""
    expected = title
    assert expected == uc.Section(id="1", title=title).title


def _text_rules() -> list[Text]:
    """Every text rule of the model's records, an item rule in place of its tuple's."""
    rules = []
    for cls in (*VALID, uc.Dataset, uc.Quantity):
        for field in attrs.fields(cls):
            rule = field.validator.item if isinstance(field.validator, TextItems) else field.validator
            if isinstance(rule, Text):
                rules.append(rule)
    return rules


#: Characters where the text rules draw their lines: slug characters, WHITESPACE, the list
#: separator, a surrogate half, letters beyond ASCII.
_EDGES = st.text(
    st.sampled_from(["a", "-", "0", "Z", ";", " ", "\ufeff", "\u3000", "\ud800", "é", "\U0001f600"])
)


class _Text(str):
    """A subclass of str, which the quick test leaves to the full check."""

    __slots__ = ()


@given(
    value=st.one_of(_EDGES, st.text(), st.none(), st.integers(), st.builds(_Text, st.text())),
    rule=st.sampled_from(_text_rules()),
)
def test_a_value_that_fits_a_rule_passes_its_full_check(value: object, rule: Text) -> None:
    """The one-call test a validator makes first never accepts a value the full check would refuse."""
    if rule.fits(value):
        expected = "str"
        assert expected == type(value).__name__
        rule.check(value, field="field", where="field", reported=value)  # raises if the quick test was wrong


def _refuses(rule: Text, text: str) -> bool:
    try:
        rule.check(text, field="field", where="field", reported=text)
    except uc.InvalidFieldError:
        return True
    return False


@pytest.mark.parametrize("text", ["", " ", "\ufeff", "a\ud800", "\udfff", "A b;c"])
def test_text_a_rule_refuses_does_not_fit_it(text: str) -> None:
    """Blank text, a lone surrogate and a separator fail the quick test of every rule that refuses them."""
    refusing = [rule for rule in _text_rules() if _refuses(rule, text)]
    expected = [False] * len(refusing)
    assert refusing  # each of these texts breaks some rule of the model
    assert expected == [rule.fits(text) for rule in refusing]


_PATTERN = re.compile("[a-z]+")


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (Text(), "Text(meaning=None, pattern=None, nonblank=False, excluded='', optional=False)"),
        (
            Text(meaning="slug", pattern=_PATTERN, optional=True),
            "Text(meaning='slug', pattern=re.compile('[a-z]+'), nonblank=False, excluded='', optional=True)",
        ),
        (WholeNumber(minimum=1, maximum=9), "WholeNumber(minimum=1, maximum=9, optional=False)"),
        (
            TextItems(item=Text(nonblank=True)),
            "TextItems(item=Text(meaning=None, pattern=None, nonblank=True, excluded='', optional=False))",
        ),
    ],
)
def test_a_rule_shows_its_fields_as_attrs_would(rule: object, expected: str) -> None:
    """A rule's repr names its class and every field in order, as attrs writes a frozen class's."""
    assert expected == repr(rule)


def test_rules_are_equal_by_their_fields_and_hash_alike() -> None:
    """Two rules made alike are equal with equal hashes; a field apart, or another class, they differ."""
    first, second = Text(meaning="a slug", pattern=_PATTERN), Text(meaning="a slug", pattern=_PATTERN)
    expected = (True, True, False, False, False)
    assert expected == (
        first == second,
        hash(first) == hash(second),
        first == Text(meaning="a slug"),
        WholeNumber(minimum=1, maximum=2) == TextItems(item=first),
        first == "Text",
    )


def test_a_rule_is_frozen() -> None:
    """Setting or deleting a field raises attrs' FrozenInstanceError, as an attrs frozen class does."""
    rule = WholeNumber(minimum=1, maximum=2)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        rule.minimum = 0
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del rule.maximum
    expected = (1, 2)
    assert expected == (rule.minimum, rule.maximum)


@pytest.mark.parametrize(
    "rule",
    [
        Text(meaning="a slug", pattern=_PATTERN, nonblank=True, excluded=";"),
        WholeNumber(minimum=1, maximum=2),
    ],
    ids=["text", "whole-number"],
)
def test_optional_makes_a_copy_that_accepts_none(rule: Any) -> None:
    """`optional` keeps every other field and leaves the rule it was given as it was."""
    made = _rules.optional(rule)
    expected = (type(rule), {**_fields(rule), "optional": True}, False)
    assert expected == (type(made), _fields(made), rule.optional)


def _fields(rule: Text | WholeNumber) -> dict[str, object]:
    return {name: getattr(rule, name) for name in rule._FIELDS}


@pytest.mark.parametrize(
    "rule",
    [
        Text(meaning="a slug", pattern=_PATTERN, nonblank=True, excluded=";", optional=True),
        TextItems(item=Text(nonblank=True)),
        WholeNumber(minimum=1, maximum=2, optional=True),
        uc.Program.__attrs_attrs__.first.validator,
        TupleOf(uc.Citation),
        InstanceOrNone(uc.City),
    ],
    ids=["text", "text-items", "whole-number", "precise-enough", "tuple-of", "instance-or-none"],
)
def test_a_rule_copies_deep_copies_and_pickles_equal(rule: Any) -> None:
    """copy, deepcopy and a pickle round trip each give an equal rule that checks as the original does."""
    copies = [copy.copy(rule), copy.deepcopy(rule), pickle.loads(pickle.dumps(rule))]  # noqa: S301 - our own bytes
    expected = [(rule, type(rule))] * 3
    assert expected == [(made, type(made)) for made in copies]


def test_a_records_fields_deep_copy_with_their_rules() -> None:
    """`copy.deepcopy(attrs.fields(...))` of a record works, its rules copied equal."""
    fields = attrs.fields(uc.City)
    expected = [field.validator for field in fields]
    assert expected == [field.validator for field in copy.deepcopy(fields)]


@pytest.mark.parametrize(
    "rule", [TupleOf(uc.Citation), InstanceOrNone(uc.City)], ids=["tuple-of", "instance-or-none"]
)
def test_the_type_a_rule_asks_for_is_frozen(rule: TupleOf | InstanceOrNone) -> None:
    """The loader trusts `kind` to say what the rule checks, so it cannot change once the rule is made."""
    kind = rule.kind
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        rule.kind = str
    expected = (kind, f"{type(rule).__name__}(kind={kind!r})")
    assert expected == (rule.kind, repr(rule))
