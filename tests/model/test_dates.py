"""PartialDate: parsing, precision, the span a date covers and its ordering."""

from __future__ import annotations

import datetime
import operator
import pickle
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ustb_coop as uc
from tests.strategies import partial_dates
from ustb_coop.model import _dates

D = uc.PartialDate
P = uc.DatePrecision


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1979", D(1979)),
        ("2014-05", D(2014, 5)),
        ("2015-03-02", D(2015, 3, 2)),
        ("0001", D(1)),
        ("9999-12-31", D(9999, 12, 31)),
        ("2016-02-29", D(2016, 2, 29)),
    ],
    ids=["year", "month", "day", "first-year", "last-day", "leap-day"],
)
def test_parse(text: str, expected: uc.PartialDate) -> None:
    """Each ISO 8601 reduced-precision form parses to its parts."""
    assert expected == D.parse(text)


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (D(1979), "1979"),
        (D(2014, 5), "2014-05"),
        (D(2015, 3, 2), "2015-03-02"),
        (D(1), "0001"),
        (D(987, 1, 9), "0987-01-09"),
    ],
    ids=["year", "month", "day", "padded-year", "padded-all"],
)
def test_isoformat(date: uc.PartialDate, expected: str) -> None:
    """The ISO text is zero-padded and has the known parts only."""
    assert expected == date.isoformat()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1979", P.YEAR), ("2014-05", P.MONTH), ("2015-03-02", P.DAY)],
    ids=["year", "month", "day"],
)
def test_precision(text: str, expected: uc.DatePrecision) -> None:
    """The precision says which parts are known."""
    assert expected == D.parse(text).precision


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("1979", datetime.date(1979, 1, 1), datetime.date(1979, 12, 31)),
        ("2014-05", datetime.date(2014, 5, 1), datetime.date(2014, 5, 31)),
        ("2014-04", datetime.date(2014, 4, 1), datetime.date(2014, 4, 30)),
        ("2016-02", datetime.date(2016, 2, 1), datetime.date(2016, 2, 29)),
        ("2015-02", datetime.date(2015, 2, 1), datetime.date(2015, 2, 28)),
        ("2000-02", datetime.date(2000, 2, 1), datetime.date(2000, 2, 29)),
        ("1900-02", datetime.date(1900, 2, 1), datetime.date(1900, 2, 28)),
        ("2014-12", datetime.date(2014, 12, 1), datetime.date(2014, 12, 31)),
        ("2015-03-02", datetime.date(2015, 3, 2), datetime.date(2015, 3, 2)),
    ],
    ids=[
        "year",
        "31-day-month",
        "30-day-month",
        "leap-february",
        "common-february",
        "leap-century",
        "common-century",
        "december",
        "day",
    ],
)
def test_earliest_and_latest(text: str, earliest: datetime.date, latest: datetime.date) -> None:
    """A date covers the days from its earliest to its latest, month ends and leap years included."""
    date = D.parse(text)
    assert (earliest, latest) == (date.earliest, date.latest)


INVALID_TEXTS = [
    "2015-13",
    "79",
    "",
    "2015/03",
    "2015-02-30",
    "0000",
    "2015-1",
    " 2015",
    "2015-03-02T00:00",
    "2015-00",
    "2015-04-31",
    "2015-02-29",
    "2015-03-00",
    "2015-03-02 ",
    "2015\n",
    "20150302",
    "+2015",
    "-2015",
    "12015",
]


@pytest.mark.parametrize("text", INVALID_TEXTS, ids=[repr(text) for text in INVALID_TEXTS])
def test_parse_rejects(text: str) -> None:
    """Text that is not a real reduced-precision date is a ValueError naming the text."""
    with pytest.raises(ValueError, match="invalid partial date") as raised:
        D.parse(text)
    assert repr(text) in str(raised.value)


@pytest.mark.parametrize(
    "text",
    ["\u0662\u0660\u0661\u0665", "\uff12\uff10\uff11\uff15-\uff10\uff13"],
    ids=["arabic-indic", "fullwidth"],
)
def test_parse_rejects_non_ascii_digits(text: str) -> None:
    """Digits other than ASCII 0-9 are not ISO 8601 and are rejected."""
    with pytest.raises(ValueError, match="invalid partial date"):
        D.parse(text)


def test_parse_rejects_non_text() -> None:
    """A number is not a date text: the error says what was given."""
    with pytest.raises(TypeError, match="2015"):
        D.parse(2015)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("parts", "error", "message"),
    [
        ((0, None, None), ValueError, "PartialDate year must be between 1 and 9999, got 0"),
        ((10000, None, None), ValueError, "PartialDate year must be between 1 and 9999, got 10000"),
        ((2015, 13, None), ValueError, "PartialDate month must be between 1 and 12, got 13"),
        ((2015, 0, None), ValueError, "PartialDate month must be between 1 and 12, got 0"),
        ((2015, None, 2), ValueError, "PartialDate day 2 needs a month"),
        ((2015, 2, 29), ValueError, "PartialDate day must be between 1 and 28 in 2015-02, got 29"),
        ((987, 4, 0), ValueError, "PartialDate day must be between 1 and 30 in 0987-04, got 0"),
        (("2015", None, None), TypeError, "PartialDate year must be an int, got '2015'"),
        ((True, None, None), TypeError, "PartialDate year must be an int, got True"),
        ((2015, 3.0, None), TypeError, "PartialDate month must be an int, got 3.0"),
        ((2015, 3, "2"), TypeError, "PartialDate day must be an int, got '2'"),
    ],
    ids=[
        "year-0",
        "year-10000",
        "month-13",
        "month-0",
        "day-without-month",
        "no-such-day",
        "day-0",
        "text",
        "bool",
        "float",
        "day-as-text",
    ],
)
def test_constructor_rejects(
    parts: tuple[object, object, object], error: type[Exception], message: str
) -> None:
    """The constructor checks the calendar and the types as parse does; the message names part and value."""
    with pytest.raises(error) as raised:
        D(*parts)  # type: ignore[arg-type]
    assert message == str(raised.value)


@given(partial_dates())
def test_parse_inverts_isoformat(date: uc.PartialDate) -> None:
    """Parsing the ISO text of a date gives the date back."""
    assert date == D.parse(date.isoformat())


@given(partial_dates())
def test_isoformat_inverts_parse(date: uc.PartialDate) -> None:
    """Writing a parsed text gives the text back."""
    text = date.isoformat()
    assert text == D.parse(text).isoformat()


@given(partial_dates())
def test_str_is_isoformat(date: uc.PartialDate) -> None:
    """str() and f-strings show the ISO text."""
    assert date.isoformat() == str(date) == f"{date}"


@given(partial_dates())
def test_span_is_ordered(date: uc.PartialDate) -> None:
    """The earliest day never comes after the latest, and both lie in the date's year."""
    assert date.earliest <= date.latest
    assert date.year == date.earliest.year == date.latest.year


@given(st.dates())
def test_from_date(day: datetime.date) -> None:
    """A datetime.date becomes a day-precision date covering exactly that day."""
    date = D.from_date(day)
    assert (P.DAY, day, day) == (date.precision, date.earliest, date.latest)


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        ("1979", datetime.date(1979, 1, 1), True),
        ("1979", datetime.date(1979, 12, 31), True),
        ("1979", datetime.date(1978, 12, 31), False),
        ("1979", datetime.date(1980, 1, 1), False),
        ("2016-02", datetime.date(2016, 2, 29), True),
        ("2016-02", datetime.date(2016, 3, 1), False),
        ("2015-03-02", datetime.date(2015, 3, 2), True),
        ("2015-03-02", datetime.date(2015, 3, 3), False),
    ],
    ids=[
        "year-first-day",
        "year-last-day",
        "day-before-year",
        "day-after-year",
        "leap-day-in-month",
        "day-after-month",
        "same-day",
        "next-day",
    ],
)
def test_contains(text: str, day: datetime.date, expected: bool) -> None:
    """A date contains exactly the days from earliest to latest."""
    assert expected == D.parse(text).contains(day)


@given(partial_dates())
def test_contains_its_ends(date: uc.PartialDate) -> None:
    """A date contains its earliest and latest days."""
    assert date.contains(date.earliest), date.earliest
    assert date.contains(date.latest), date.latest


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (D(1979), "PartialDate.parse('1979')"),
        (D(2014, 5), "PartialDate.parse('2014-05')"),
        (D(2015, 3, 2), "PartialDate.parse('2015-03-02')"),
    ],
    ids=["year", "month", "day"],
)
def test_repr(date: uc.PartialDate, expected: str) -> None:
    """The repr is short and reads as the call that makes the date."""
    assert expected == repr(date)


def test_coarser_date_sorts_after_the_dates_it_contains() -> None:
    """Ordered by earliest then latest: a day, then its month, then its year."""
    expected = [D(1979, 1, 1), D(1979, 1), D(1979)]
    assert expected == sorted([D(1979), D(1979, 1), D(1979, 1, 1)])


@pytest.mark.parametrize("other", [1979, "1979", datetime.date(1979, 1, 1)], ids=["int", "text", "date"])
@pytest.mark.parametrize(
    "compare", [operator.lt, operator.le, operator.gt, operator.ge], ids=["lt", "le", "gt", "ge"]
)
def test_ordering_against_other_types_is_a_type_error(
    compare: Callable[[object, object], bool], other: object
) -> None:
    """Ordering a PartialDate against something that is not one raises TypeError naming PartialDate."""
    with pytest.raises(TypeError, match="PartialDate"):
        compare(D(1979), other)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [(">10", "   2014-05"), ("<10", "2014-05   "), ("^9", " 2014-05 "), ("", "2014-05")],
    ids=["right", "left", "centre", "none"],
)
def test_format_spec_aligns_the_iso_text(spec: str, expected: str) -> None:
    """A format spec applies to the ISO text, so dates line up in columns as strings do."""
    assert expected == format(D(2014, 5), spec)


@given(partial_dates(), partial_dates())
def test_total_order_consistent_with_equality(a: uc.PartialDate, b: uc.PartialDate) -> None:
    """Exactly one of a < b, a == b, a > b holds, and <=, >= agree with them."""
    expected = 1
    assert expected == [a < b, a == b, a > b].count(True)
    assert (a < b or a == b, a > b or a == b) == (a <= b, a >= b)


@given(partial_dates(), partial_dates())
def test_antisymmetry(a: uc.PartialDate, b: uc.PartialDate) -> None:
    """Two dates each at most the other are equal, and only then."""
    assert (a == b) == (a <= b <= a)


@given(partial_dates(), partial_dates())
def test_equal_dates_hash_equal(a: uc.PartialDate, b: uc.PartialDate) -> None:
    """Equality is by the parts, and equal dates have equal hashes."""
    assert (a == b) == ((a.year, a.month, a.day) == (b.year, b.month, b.day))
    if a == b:
        assert hash(a) == hash(b)


@given(partial_dates(), partial_dates(), partial_dates())
def test_transitivity(a: uc.PartialDate, b: uc.PartialDate, c: uc.PartialDate) -> None:
    """Ordering is transitive, following the documented key: earliest, then latest."""
    low, middle, high = sorted([a, b, c], key=lambda date: (date.earliest, date.latest))
    assert low <= middle
    assert middle <= high
    assert low <= high


@given(partial_dates(), partial_dates())
def test_less_than_implies_earliest_not_later(a: uc.PartialDate, b: uc.PartialDate) -> None:
    """The lesser of two dates has the earlier (or the same) earliest day."""
    if a < b:
        assert a.earliest <= b.earliest
    else:
        assert b.earliest <= a.earliest


@given(st.lists(partial_dates(), max_size=10))
def test_sorting_orders_by_earliest(dates: list[uc.PartialDate]) -> None:
    """Sorted dates have non-decreasing earliest days."""
    earliest = [date.earliest for date in sorted(dates)]
    assert sorted(earliest) == earliest


@pytest.mark.parametrize(
    ("change", "expected"),
    [({"day": 2}, "2014-05-02"), ({"month": None}, "2014"), ({"year": 1979}, "1979-05")],
)
def test_a_changed_copy_writes_its_own_text(change: dict[str, Any], expected: str) -> None:
    """`attrs.evolve` makes the ISO text of the new date, not the old one's."""
    assert expected == attrs.evolve(uc.PartialDate(2014, 5), **change).isoformat()


def test_a_pickled_date_reads_back_equal_with_its_text() -> None:
    """A date survives pickling equal, with the same hash and ISO text."""
    date = uc.PartialDate(2015, 3, 2)
    copy = pickle.loads(pickle.dumps(date))  # noqa: S301 - our own bytes
    expected = (date, hash(date), "2015-03-02")
    assert expected == (copy, hash(copy), copy.isoformat())


def _outcome(make: Callable[[], uc.PartialDate]) -> tuple[object, ...]:
    """What *make* gives: the date with its parts and ISO text, or the error it raises and its message."""
    try:
        date = make()
    except (ValueError, TypeError) as error:
        return (type(error), str(error))
    return (date, date.year, date.month, date.day, date.isoformat(), hash(date))


def _constructed(year: int, month: int | None, day: int | None) -> tuple[object, ...]:
    """What `parse` gave before it built dates itself: the constructor's date, or its message for *text*."""
    text = "-".join(
        f"{part:0{width}d}" for part, width in ((year, 4), (month, 2), (day, 2)) if part is not None
    )
    try:
        date = D(year, month, day)
    except ValueError as error:
        return (ValueError, f"invalid partial date {text!r}: {error}")
    return (date, year, month, day, text, hash(date))


@given(
    st.integers(0, 9999),
    st.one_of(st.none(), st.integers(0, 99)),
    st.one_of(st.none(), st.integers(0, 99)),
)
def test_parse_makes_what_the_constructor_makes(year: int, month: int | None, day: int | None) -> None:
    """Whatever parts the text holds, `parse` gives the constructor's date, or its error and message."""
    if month is None and day is not None:
        return  # no text has a day without a month
    text = "-".join(
        f"{part:0{width}d}" for part, width in ((year, 4), (month, 2), (day, 2)) if part is not None
    )
    expected = _constructed(year, month, day)
    assert expected == _outcome(lambda: D.parse(text))


def _refused(text: str, last: int, day: int) -> tuple[object, ...]:
    """The error and message of a day past the month's end (or zero) in *text*."""
    month = text[:7]
    return (
        ValueError,
        f"invalid partial date {text!r}: PartialDate day must be between 1 and {last} in {month}, got {day}",
    )


def _made(year: int, month: int, day: int) -> tuple[object, ...]:
    date = D(year, month, day)
    return (date, year, month, day, date.isoformat(), hash(date))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016-02-29", _made(2016, 2, 29)),
        ("2000-02-29", _made(2000, 2, 29)),
        ("1900-02-29", _refused("1900-02-29", 28, 29)),
        ("2015-02-29", _refused("2015-02-29", 28, 29)),
        ("2015-04-31", _refused("2015-04-31", 30, 31)),
        ("2015-12-31", _made(2015, 12, 31)),
        ("2015-01-00", _refused("2015-01-00", 31, 0)),
    ],
    ids=["leap", "leap-century", "common-century", "common", "short-month", "last-day", "day-zero"],
)
def test_parse_knows_each_month_length(text: str, expected: tuple[object, ...]) -> None:
    """Leap days, month ends and day zero: the same dates and messages as the calendar check's."""
    assert expected == _outcome(lambda: D.parse(text))


def test_parse_of_a_text_subclass_keeps_plain_text() -> None:
    """A `str` subclass is read, and the date's ISO text is a plain `str` all the same."""

    class Label(str):
        __slots__ = ()

    date = D.parse(Label("2014-05"))
    expected = (D(2014, 5), str)
    assert expected == (date, type(date.isoformat()))


def test_parse_in_a_subclass_makes_the_subclass() -> None:
    """A subclass's `parse` goes through its own constructor, as a classmethod should."""

    @attrs.frozen(order=False, repr=False)
    class Stamped(D):
        pass

    expected = Stamped
    assert expected is type(Stamped.parse("2014-05"))


def _constructs(year: int, month: int | None, day: int | None) -> bool:
    """Whether the constructor, and its calendar check, accept the parts."""
    try:
        D(year, month, day)
    except ValueError:
        return False
    return True


_EDGE_YEARS = (0, 1, 2, 1900, 2000, 2015, 2016, 9999)
_EDGE_MONTHS = (None, 0, 1, 2, 3, 4, 11, 12, 13)
_EDGE_DAYS = (None, 0, 1, 2, 27, 28, 29, 30, 31, 32)


def test_the_quick_calendar_check_agrees_with_the_constructor_on_every_edge() -> None:
    """`_names_a_date` says yes exactly where the constructor accepts: first and last years, months, days."""
    disagreements = [
        (year, month, day)
        for year in _EDGE_YEARS
        for month in _EDGE_MONTHS
        for day in _EDGE_DAYS
        if _dates._names_a_date(year, month, day) != _constructs(year, month, day)
    ]
    expected: list[tuple[int, int | None, int | None]] = []
    assert expected == disagreements


@given(
    st.integers(0, 9999), st.one_of(st.none(), st.integers(0, 13)), st.one_of(st.none(), st.integers(0, 32))
)
def test_the_quick_calendar_check_agrees_with_the_constructor(
    year: int, month: int | None, day: int | None
) -> None:
    """For any parts a text can hold, `_names_a_date` is the verdict of the constructor, no more, no less."""
    assert _constructs(year, month, day) == _dates._names_a_date(year, month, day)
