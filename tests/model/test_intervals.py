"""Interval: whole numbers known between two bounds, with sound + and -."""

from __future__ import annotations

import operator
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ustb_coop as uc
from tests.strategies import intervals, members

I = uc.Interval  # noqa: E741 - reads as the class it is


@pytest.mark.parametrize(
    ("interval", "text"),
    [
        (I(41, 41), "41"),
        (I(40, 41), "40–41"),
        (I(401, None), "at least 401"),
        (I(None, 5), "at most 5"),
        (I(None, None), "unknown"),
        (I(0, 0), "0"),
        (I(-5, -3), "-5 to -3"),
        (I(-2, 3), "-2 to 3"),
        (I(-7, None), "at least -7"),
    ],
    ids=[
        "exact",
        "range",
        "lower-bound",
        "upper-bound",
        "unknown",
        "zero",
        "negative",
        "across-zero",
        "neg-low",
    ],
)
def test_text(interval: uc.Interval, text: str) -> None:
    """An interval reads as a number, a range with an en dash, a one-sided bound or "unknown"."""
    assert text == str(interval)


@pytest.mark.parametrize(
    ("interval", "expected"),
    [(I(3, 3), True), (I(3, 4), False), (I(3, None), False), (I(None, 3), False), (I(None, None), False)],
    ids=["equal-bounds", "range", "no-high", "no-low", "unknown"],
)
def test_is_exact(interval: uc.Interval, expected: bool) -> None:
    """Only an interval whose two bounds are set and equal is exact."""
    assert expected == interval.is_exact


@pytest.mark.parametrize(
    ("value", "interval", "expected"),
    [
        (40, I(40, 41), True),
        (41, I(40, 41), True),
        (39, I(40, 41), False),
        (42, I(40, 41), False),
        (10**30, I(401, None), True),
        (400, I(401, None), False),
        (-(10**30), I(None, 5), True),
        (0, I(None, None), True),
        (True, I(0, 1), False),
        ("1", I(0, 1), False),
    ],
    ids=["low-end", "high-end", "below", "above", "unbounded-high", "under-lower-bound", "unbounded-low",
         "unknown-holds-all", "bool-is-no-number", "text-is-no-number"],
)  # fmt: skip
def test_membership(value: object, interval: uc.Interval, expected: bool) -> None:
    """``in`` holds for the whole numbers between the bounds, both included, and nothing else."""
    assert expected == (value in interval)


@pytest.mark.parametrize(
    ("low", "high", "error", "message"),
    [
        (5, 4, ValueError, "low must not exceed its high, got low=5 and high=4"),
        (1.5, 2, TypeError, "low must be a whole number or None"),
        (1, True, TypeError, "high must be a whole number or None"),
    ],
    ids=["reversed", "float", "bool"],
)
def test_invalid_intervals_are_rejected(
    low: object, high: object, error: type[Exception], message: str
) -> None:
    """Reversed bounds and bounds that are no whole numbers raise, naming the bound and the value."""
    with pytest.raises(error, match=message):
        I(low, high)  # type: ignore[arg-type]


def test_intervals_may_be_negative() -> None:
    """The interval does not stop at 0: 12 received less 35 sent is -23, not 0."""
    assert I(-23, -23) == I(12, 12) - I(35, 35)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        (lambda: I(401, None) - I(150, 150), I(251, None)),
        (lambda: I(35, 35) - I(12, 12), I(23, 23)),
        (lambda: I(401, None) - I(201, None), I(None, None)),
        (lambda: I(1, 2) + 3, I(4, 5)),
        (lambda: 3 + I(1, 2), I(4, 5)),
        (lambda: I(1, 2) - 3, I(-2, -1)),
        (lambda: 3 - I(1, None), I(None, 2)),
        (lambda: -I(1, None), I(None, -1)),
    ],
    ids=["bound-less-exact", "exact-less-exact", "bound-less-bound", "plus-int", "int-plus", "minus-int",
         "int-minus", "negated"],
)  # fmt: skip
def test_arithmetic(expression: object, expected: uc.Interval) -> None:
    """Sums and differences with intervals and ints, in either order, keep every bound that survives."""
    assert callable(expression)
    assert expected == expression()


@pytest.mark.parametrize("other", [1.5, "1", None, True], ids=["float", "text", "none", "bool"])
def test_arithmetic_with_other_types_is_a_type_error(other: object) -> None:
    """Adding or subtracting anything but an Interval or an int raises TypeError."""
    with pytest.raises(TypeError):
        I(1, 2) + other  # type: ignore[operator]
    with pytest.raises(TypeError):
        other - I(1, 2)  # type: ignore[operator]


class _Ledger:
    """A number type of a caller's own that knows how to be added to or taken from an Interval."""

    def __radd__(self, other: object) -> str:
        return f"ledger + {other!r}"

    def __rsub__(self, other: object) -> str:
        return f"ledger - {other!r}"


@pytest.mark.parametrize(
    ("combine", "expected"),
    [(operator.add, "ledger + Interval(1, 2)"), (operator.sub, "ledger - Interval(1, 2)")],
    ids=["add", "sub"],
)
def test_another_type_answers_for_itself(combine: Callable[[object, object], object], expected: str) -> None:
    """Interval declines a type it does not know (NotImplemented), so that type's reflected method answers."""
    assert expected == combine(I(1, 2), _Ledger())


@given(st.data(), intervals(), intervals())
def test_sum_contains_every_sum_of_members(data: st.DataObject, a: uc.Interval, b: uc.Interval) -> None:
    """For any members x of A and y of B, x + y is in A + B."""
    x, y = data.draw(members(a)), data.draw(members(b))
    assert x + y in a + b


@given(st.data(), intervals(), intervals())
def test_difference_contains_every_difference_of_members(
    data: st.DataObject, a: uc.Interval, b: uc.Interval
) -> None:
    """For any members x of A and y of B, x - y is in A - B."""
    x, y = data.draw(members(a)), data.draw(members(b))
    assert x - y in a - b


@given(intervals(), intervals())
def test_sum_and_difference_are_tight(a: uc.Interval, b: uc.Interval) -> None:
    """Each finite bound of A + B and A - B is reached by members at the ends of A and B."""
    total, difference = a + b, a - b
    expected = (
        None if a.low is None or b.low is None else a.low + b.low,
        None if a.high is None or b.high is None else a.high + b.high,
        None if a.low is None or b.high is None else a.low - b.high,
        None if a.high is None or b.low is None else a.high - b.low,
    )
    assert expected == (total.low, total.high, difference.low, difference.high)


def test_repr_rebuilds_the_interval() -> None:
    """The repr is the constructor call."""
    expected = "Interval(401, None)"
    assert expected == repr(I(401, None))
