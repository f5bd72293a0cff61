"""Constraints read from the model's rules: portable patterns, enums and bounds, said once for all exports."""

from __future__ import annotations

import re

import pytest
import regress
from hypothesis import given
from hypothesis import strategies as st

import ustb_coop as uc
from ustb_coop.exports._constraints import (
    Constraints,
    character_class,
    field_constraints,
    literal,
    portable,
    text_body,
)
from ustb_coop.model._quantities import MAX_VALUE
from ustb_coop.model._rules import WHITESPACE, Text

_RULES = {
    "non-empty": Text(meaning="non-empty text", nonblank=True),
    "non-empty-without-semicolon": Text(meaning="a field", nonblank=True, excluded=";"),
    "without-semicolon": Text(meaning="no semicolon", excluded=";"),
}

#: Text made mostly of the characters the rules turn on, and any text besides.
_TRICKY_TEXT = st.text(alphabet=WHITESPACE + "a;\u200b\x00\U0001f4d8", max_size=8) | st.text(max_size=8)


def _both_engines(body: str, text: str) -> tuple[bool, bool]:
    """Whether *text* matches *body* whole, in Python's re and in ECMA-262."""
    anchored = f"^(?:{body})$(?!\\n)"
    return re.search(anchored, text) is not None, regress.Regex(anchored, "u").find(text) is not None


@pytest.mark.parametrize("name", list(_RULES))
@given(text=_TRICKY_TEXT)
def test_a_text_rule_pattern_accepts_what_the_rule_accepts(name: str, text: str) -> None:
    """In both engines, a rule's pattern matches exactly the text the model's rule accepts."""
    rule = _RULES[name]
    body = text_body(rule)
    assert body is not None
    accepted = rule._shaped(text)
    assert (accepted, accepted) == _both_engines(body, text)


def test_free_text_has_no_pattern() -> None:
    """Where any text will do, no pattern is stated."""
    expected = None
    assert expected == text_body(Text())


@pytest.mark.parametrize("pattern", [r"\d+", r"[a-z]\w*", "a.b", r"\s", "(?i)[a-z]+", r"\bword"], ids=str)
def test_a_pattern_one_engine_reads_otherwise_is_refused(pattern: str) -> None:
    """Class shorthands, dots, inline flags and word boundaries are refused, naming the construct."""
    with pytest.raises(TypeError, match="means different things in ECMA-262 and Python"):
        portable(re.compile(pattern))


def test_a_pattern_with_flags_is_refused() -> None:
    """A pattern compiled with a flag (case-insensitive) is refused, as ECMA-262 would not see the flag."""
    with pytest.raises(TypeError, match="flags"):
        portable(re.compile("[a-z]+", re.IGNORECASE))


def test_a_portable_pattern_is_kept_as_written() -> None:
    """A slug pattern of explicit classes comes back unchanged."""
    expected = "[a-z0-9]+(?:-[a-z0-9]+)*"
    assert expected == portable(re.compile(expected))


def test_characters_outside_the_basic_plane_cannot_be_escaped_portably() -> None:
    """ECMA-262 and Python escape astral characters differently, so a class of one is refused."""
    with pytest.raises(ValueError, match="cannot write"):
        character_class("\U0001f4d8")


@given(st.text(max_size=10).filter(lambda text: all(ord(c) <= 0xFFFF for c in text)))
def test_a_literal_matches_exactly_its_text_in_both_engines(text: str) -> None:
    """A literal pattern matches its own text whole, in Python's re and in ECMA-262."""
    expected = (True, True)
    assert expected == _both_engines(literal(text), text)


@pytest.mark.parametrize(
    ("record", "field", "expected"),
    [
        (uc.Organization, "kind", Constraints(enum=tuple(kind.value for kind in uc.OrganizationKind))),
        (uc.Organization, "established", Constraints(minimum=1, maximum=9999)),
        (uc.City, "geonames_id", Constraints(minimum=1, maximum=2**53 - 1)),
        (uc.Quantity, "value", Constraints(minimum=0, maximum=MAX_VALUE)),
        (uc.Partnership, "milestones", Constraints()),
        (uc.Citation, "source", Constraints(pattern="[a-z0-9]+(?:-[a-z0-9]+)*")),
    ],
    ids=["enum", "year", "geonames-id", "count", "records", "slug"],
)
def test_field_constraints_come_from_the_model(record: type, field: str, expected: Constraints) -> None:
    """Enums give their values, whole numbers their bounds, slugs their pattern, lists of records nothing."""
    assert expected == field_constraints(record, field)


@pytest.mark.parametrize(
    ("field", "cell", "valid"),
    [
        ("activities", "training", True),
        ("activities", "training; internships", True),
        ("activities", "training;internships", False),
        ("activities", "training; consulting", False),
        ("fields", "metallurgy; mining", True),
        ("fields", "metallurgy;mining", False),
        ("fields", "; mining", False),
        ("fields", "metallurgy; \ufeff", False),
    ],
)
def test_a_list_cell_pattern_splits_back_into_valid_items(field: str, cell: str, valid: bool) -> None:
    """A joined list matches when each item, split at '; ', is one the model accepts."""
    pattern = field_constraints(uc.Partnership, field).pattern
    assert pattern is not None
    assert (valid, valid) == _both_engines(pattern, cell)


def test_an_unknown_field_is_named() -> None:
    """Asking for a field the class lacks names the class and the field."""
    with pytest.raises(TypeError, match="Organization has no field 'colour'"):
        field_constraints(uc.Organization, "colour")
