"""Quantity: reported figures with their qualifiers, and the bounds they set."""

from __future__ import annotations

import pytest
from hypothesis import given

import ustb_coop as uc
from tests.strategies import quantities
from ustb_coop.model._quantities import MAX_VALUE

Q = uc.Qualifier


@pytest.mark.parametrize(
    ("qualifier", "minimum", "maximum", "is_exact"),
    [
        (Q.EXACT, 10, 10, True),
        (Q.APPROXIMATELY, None, None, False),
        (Q.AT_LEAST, 10, None, False),
        (Q.MORE_THAN, 11, None, False),
        (Q.AT_MOST, 0, 10, False),
        (Q.FEWER_THAN, 0, 9, False),
    ],
    ids=[q.value for q in Q],
)
def test_bounds(qualifier: uc.Qualifier, minimum: int | None, maximum: int | None, is_exact: bool) -> None:
    """Each qualifier turns the figure 10 into its own bounds and exactness."""
    quantity = uc.Quantity(10, qualifier)
    assert (minimum, maximum, is_exact) == (quantity.minimum, quantity.maximum, quantity.is_exact)


@pytest.mark.parametrize(
    ("quantity", "expected"),
    [
        (uc.Quantity(400, Q.MORE_THAN, "over 400"), "at least 401"),
        (uc.Quantity(300, Q.APPROXIMATELY, "about 300"), "unknown"),
        (uc.Quantity(35), "35"),
        (uc.Quantity(5, Q.AT_MOST), "0–5"),
        (uc.Quantity(5, Q.FEWER_THAN), "0–4"),
        (uc.Quantity(5, Q.AT_LEAST), "at least 5"),
    ],
    ids=["over-400", "about-300", "exact", "at-most", "fewer-than", "at-least"],
)
def test_bounds_interval(quantity: uc.Quantity, expected: str) -> None:
    """A figure's bounds are an Interval: "over 400" is at least 401, "about 300" sets no bound."""
    assert expected == str(quantity.bounds)


@given(quantities())
def test_minimum_and_maximum_are_the_bounds(quantity: uc.Quantity) -> None:
    """The minimum and maximum are the two ends of the bounds; an exact figure's bounds are it alone."""
    expected = (quantity.bounds.low, quantity.bounds.high)
    assert expected == (quantity.minimum, quantity.maximum)
    if quantity.is_exact:
        assert uc.Interval(quantity.value, quantity.value) == quantity.bounds


def test_more_than_the_largest_count_is_rejected() -> None:
    """'more than' the largest count admits no count a reader holds, so it is refused as 'fewer than 0' is."""
    with pytest.raises(uc.InvalidFieldError, match=f"over {MAX_VALUE}' admits no count"):
        uc.Quantity(MAX_VALUE, Q.MORE_THAN)


@pytest.mark.parametrize(
    ("qualifier", "expected"),
    [
        (Q.EXACT, "400"),
        (Q.APPROXIMATELY, "about 400"),
        (Q.AT_LEAST, "at least 400"),
        (Q.MORE_THAN, "over 400"),
        (Q.AT_MOST, "at most 400"),
        (Q.FEWER_THAN, "fewer than 400"),
    ],
    ids=[q.value for q in Q],
)
def test_str(qualifier: uc.Qualifier, expected: str) -> None:
    """The text form reads the figure the way a source would state it."""
    assert expected == str(uc.Quantity(400, qualifier))


def test_over_400() -> None:
    """'over 400' is 400 MORE_THAN: at least 401, no upper bound, not exact."""
    quantity = uc.Quantity(400, Q.MORE_THAN, "over 400")
    expected = (400, 401, None, False, "over 400")
    assert expected == (quantity.value, quantity.minimum, quantity.maximum, quantity.is_exact, str(quantity))


def test_default_qualifier_is_exact() -> None:
    """A figure given without a qualifier is exact and keeps no wording."""
    expected = uc.Quantity(2, Q.EXACT, None)
    assert expected == uc.Quantity(2)


def test_as_stated_does_not_change_the_bounds() -> None:
    """The source's wording is kept alongside the figure and changes no bound."""
    quantity = uc.Quantity(2, as_stated="two")
    expected = ("two", 2, 2)
    assert expected == (quantity.as_stated, quantity.minimum, quantity.maximum)


@pytest.mark.parametrize("qualifier", list(Q), ids=[q.value for q in Q])
def test_negative_value_is_rejected(qualifier: uc.Qualifier) -> None:
    """A count below zero is an InvalidFieldError on the value, whatever the qualifier."""
    with pytest.raises(uc.InvalidFieldError, match="-1") as raised:
        uc.Quantity(-1, qualifier)
    expected = ("value", -1)
    assert expected == (raised.value.field, raised.value.value)


def test_fewer_than_zero_is_rejected() -> None:
    """'fewer than 0' admits no count at all."""
    with pytest.raises(uc.InvalidFieldError, match="fewer than 0"):
        uc.Quantity(0, Q.FEWER_THAN)


@pytest.mark.parametrize(
    ("value", "qualifier", "message"),
    [
        (-1, Q.AT_LEAST, "a quantity's value must be 0 or more, got -1"),
        (
            2**53,
            Q.EXACT,
            (
                "a quantity's value must be at most 9007199254740991 (2**53 - 1, the largest "
                "whole number every JSON reader holds exactly), got 9007199254740992"
            ),
        ),
        (0, Q.FEWER_THAN, "'fewer than 0' admits no count; use a value of 1 or more"),
        (
            2**53 - 1,
            Q.MORE_THAN,
            (
                "'over 9007199254740991' admits no count up to 9007199254740991; "
                "use 'at least' or a value of 9007199254740990 or less"
            ),
        ),
    ],
    ids=["negative", "past-the-largest", "fewer-than-zero", "more-than-the-largest"],
)
def test_rejected_figures_name_the_field_the_value_and_what_would_do(
    value: int, qualifier: uc.Qualifier, message: str
) -> None:
    """Each figure a quantity cannot hold is an InvalidFieldError on 'value' carrying it and a way out."""
    with pytest.raises(uc.InvalidFieldError) as raised:
        uc.Quantity(value, qualifier)
    expected = ("value", value, message)
    assert expected == (raised.value.field, raised.value.value, str(raised.value))


@pytest.mark.parametrize("qualifier", [q for q in Q if q is not Q.FEWER_THAN], ids=lambda q: q.value)
def test_zero_is_allowed(qualifier: uc.Qualifier) -> None:
    """Zero is a count every qualifier but FEWER_THAN can bound."""
    expected = 0
    assert expected == uc.Quantity(0, qualifier).value


@pytest.mark.parametrize(
    "value",
    [True, False, 4.0, "400", None],
    ids=["true", "false", "float", "text", "none"],
)
def test_non_integer_value_is_a_type_error(value: object) -> None:
    """Booleans, floats, text and None are not whole numbers."""
    with pytest.raises(TypeError, match="whole number"):
        uc.Quantity(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("field", "value"),
    [("qualifier", "more_than"), ("qualifier", None)],
    ids=["qualifier-text", "qualifier-none"],
)
def test_wrong_types_are_rejected(field: str, value: object) -> None:
    """The qualifier must be a Qualifier."""
    with pytest.raises(TypeError, match=field):
        uc.Quantity(400, **{field: value})  # type: ignore[arg-type]


def test_qualifier_values_are_the_file_strings() -> None:
    """The qualifiers a file may name are exactly these strings, one per member, in this order."""
    expected = ["exact", "approximately", "at_least", "more_than", "at_most", "fewer_than"]
    assert expected == [qualifier.value for qualifier in Q]


@given(quantities())
def test_bounds_are_consistent(quantity: uc.Quantity) -> None:
    """The lower bound never exceeds the upper, and the figure lies within any inclusive bound."""
    if quantity.minimum is not None and quantity.maximum is not None:
        assert quantity.minimum <= quantity.maximum
    if quantity.qualifier in {Q.EXACT, Q.AT_LEAST, Q.AT_MOST}:
        assert quantity.minimum is not None
        assert quantity.minimum <= quantity.value
        assert quantity.maximum is None or quantity.value <= quantity.maximum


@given(quantities())
def test_exact_figures_bound_both_ways(quantity: uc.Quantity) -> None:
    """An exact figure is both bounds; any other figure leaves at least one bound elsewhere or open."""
    expected = (quantity.value, quantity.value)
    if quantity.is_exact:
        assert expected == (quantity.minimum, quantity.maximum)
    elif quantity.value > 0:
        assert expected != (quantity.minimum, quantity.maximum)


@given(quantities())
def test_str_ends_with_the_figure(quantity: uc.Quantity) -> None:
    """The text form always ends with the figure itself."""
    assert str(quantity).endswith(str(quantity.value))
