"""Occurrences counted by arithmetic agree with the walk through them, and know the program's as_of."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ustb_coop as uc
from tests.strategies import walkable_programs
from ustb_coop.model._occurrences import (
    count_through,
    implied_count,
    is_implied,
    listed_occurrences,
    occurrence,
)


@given(walkable_programs(), st.dates())
@settings(max_examples=300)
def test_arithmetic_count_is_the_walked_count(program: uc.Program, day: datetime.date) -> None:
    """For any program and day, count_through counts what walking the occurrences counts."""
    walked = list(program.occurrences())
    expected = (sum(on.earliest <= day for on in walked), len(walked))
    assert expected == (count_through(program, day), count_through(program, datetime.date.max))


def program(
    frequency: uc.Frequency, first: str, times_held: int = 1000, as_of: str | None = None
) -> uc.Program:
    """A program first held on *first*, held *times_held* times (exactly) as reported on *as_of*."""
    return uc.Program(
        name="counted",
        frequency=frequency,
        citation=uc.Citation(source="s"),
        first=uc.PartialDate.parse(first),
        times_held=uc.Quantity(times_held),
        as_of=None if as_of is None else uc.PartialDate.parse(as_of),
    )


F = uc.Frequency


@pytest.mark.parametrize(
    ("frequency", "first", "day", "expected"),
    [
        (F.DAILY, "2020-01-01", datetime.date(2020, 1, 16), 16),
        (F.WEEKLY, "2020-01-01", datetime.date(2019, 12, 31), 0),
        (F.WEEKLY, "2020-01-01", datetime.date(2020, 1, 14), 2),
        (F.WEEKLY, "2020-01-01", datetime.date(2020, 1, 16), 3),
        (F.MONTHLY, "2019-11", datetime.date(2021, 2, 10), 16),
        (F.MONTHLY, "2019-11-30", datetime.date(2021, 2, 27), 15),
        (F.MONTHLY, "2019-11-30", datetime.date(2021, 2, 28), 16),
        (F.YEARLY, "2002", datetime.date(2010, 1, 1), 9),
        (F.YEARLY, "2002-06", datetime.date(2010, 5, 31), 8),
        (F.YEARLY, "2002-06", datetime.date(2010, 6, 1), 9),
        (F.YEARLY, "2002-06-15", datetime.date(2010, 3, 1), 8),
        (F.YEARLY, "2002-06-15", datetime.date(2010, 6, 15), 9),
        (F.YEARLY, "9990", datetime.date.max, 10),
    ],
    ids=[
        "daily",
        "weekly-before-the-first",
        "weekly-between-two",
        "weekly-on-the-third",
        "monthly-across-years",
        "monthly-before-a-short-months-end",
        "monthly-on-a-short-months-end",
        "yearly-in-the-year",
        "yearly-month-before",
        "yearly-month-on",
        "yearly-day-before",
        "yearly-day-on",
        "stops-where-dates-end",
    ],
)
def test_count_through(frequency: uc.Frequency, first: str, day: datetime.date, expected: int) -> None:
    """Occurrences whose earliest day is on or before *day* count, far inside the count and across years."""
    assert expected == count_through(program(frequency, first), day)


def test_an_occurrence_on_the_as_of_day_is_reported() -> None:
    """A count reported on a day covers that day's occurrence; only the days after it are implied."""
    reported, implied, truncated = listed_occurrences(program(F.DAILY, "2020-10-20", 5, as_of="2020-10-22"))
    expected = (["2020-10-20", "2020-10-21", "2020-10-22"], ["2020-10-23", "2020-10-24"], False)
    assert expected == ([str(on) for on in reported], [str(on) for on in implied], truncated)


def test_a_listing_of_exactly_its_limit_is_whole() -> None:
    """A program held as many times as the listing's limit is listed whole, not marked as cut."""
    reported, implied, truncated = listed_occurrences(program(F.YEARLY, "2002", 3), 3)
    expected = (["2002", "2003", "2004"], 0, False)
    assert expected == ([str(on) for on in reported], len(implied), truncated)


def test_a_listing_stops_at_its_limit_however_large_the_count() -> None:
    """A program held every day since the year 1 lists its first occurrences and says it left more out."""
    reported, implied, truncated = listed_occurrences(program(F.DAILY, "0001-01-01", 2**53 - 1), 3)
    expected = (["0001-01-01", "0001-01-02", "0001-01-03"], 0, True)
    assert expected == ([str(on) for on in reported], len(implied), truncated)


def test_a_listing_reads_only_what_it_shows_and_one_more(monkeypatch: pytest.MonkeyPatch) -> None:
    """Listing reads the occurrences it shows and one more (to know it cut), never the whole count."""
    walk = uc.Program.occurrences
    read: list[uc.PartialDate] = []

    def counted(self: uc.Program, until: datetime.date | None = None) -> Iterator[uc.PartialDate]:
        for on in walk(self, until):
            read.append(on)
            yield on

    monkeypatch.setattr(uc.Program, "occurrences", counted)
    limit = 3
    listed_occurrences(program(F.DAILY, "2020-01-01", 1000), limit)
    assert len(read) <= limit + 1


@pytest.mark.parametrize(
    ("frequency", "first", "index", "expected"),
    [
        (F.DAILY, "9999-12-30", 1, "9999-12-31"),
        (F.WEEKLY, "2020-01-01", 2, "2020-01-15"),
        (F.WEEKLY, "9999-12-24", 1, "9999-12-31"),
        (F.MONTHLY, "9999-01", 11, "9999-12"),
        (F.YEARLY, "9990", 9, "9999"),
        (F.MONTHLY, "2019-11-30", 3, "2020-02-29"),
        (F.YEARLY, "2016-02-29", 1, "2017-02-28"),
    ],
    ids=[
        "daily-last-day",
        "weekly",
        "weekly-last-day",
        "monthly-last-month",
        "yearly-last-year",
        "monthly-leap-month-end",
        "yearly-from-a-leap-day",
    ],
)
def test_occurrence(frequency: uc.Frequency, first: str, index: int, expected: str) -> None:
    """The occurrence at an index falls on the day of first (or its month's end), up to 9999-12-31 itself."""
    assert expected == str(occurrence(program(frequency, first), index))


@given(walkable_programs())
def test_each_occurrence_is_the_walked_one(program: uc.Program) -> None:
    """The n-th occurrence computed directly is the walk's n-th, month ends and leap days included."""
    walked = list(program.occurrences())
    assert walked == [occurrence(program, index) for index in range(len(walked))]


@given(walkable_programs(max_count=120), st.integers(1, 100))
def test_listing_splits_at_the_programs_as_of(program: uc.Program, limit: int) -> None:
    """A listing gives the first occurrences, those after as_of apart as implied, and says if it cut."""
    walked = list(program.occurrences())
    reported, implied, truncated = listed_occurrences(program, limit)
    expected = (
        [on for on in walked[:limit] if not is_implied(program, on)],
        [on for on in walked[:limit] if is_implied(program, on)],
        len(walked) > limit,
    )
    assert expected == (list(reported), list(implied), truncated)


def test_tohoku_occurrences_after_its_as_of_are_implied() -> None:
    """The Tohoku count was reported on 2020-10-22: 2002 to 2020 could have been held, 2021 on are implied."""
    program = uc.load()["tohoku"].programs[0]
    reported, implied, truncated = listed_occurrences(program)
    expected = ([str(year) for year in range(2002, 2021)], ["2021", "2022", "2023"], False)
    assert expected == ([str(on) for on in reported], [str(on) for on in implied], truncated)


def test_without_as_of_nothing_is_marked_implied() -> None:
    """A program whose count has no report day lists every occurrence as its count gives it."""
    program = attrs.evolve(uc.load()["tohoku"].programs[0], as_of=None)
    expected = (22, 0)
    reported, implied, _ = listed_occurrences(program)
    assert expected == (len(reported), len(implied))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"first": None}, "program 'Innovation and exchange program' has no first date"),
        (
            {"frequency": uc.Frequency.DAILY, "first": uc.PartialDate(9999, 12, 31)},
            "would fall after 9999-12-31",
        ),
        (
            {"frequency": uc.Frequency.WEEKLY, "first": uc.PartialDate(9999, 12, 25)},
            "would fall after 9999-12-31",
        ),
        ({"first": uc.PartialDate(9999)}, "would fall after 9999-12-31"),
    ],
    ids=["no-first-date", "daily-past-the-last-day", "weekly-past-the-last-day", "yearly-past-the-last-year"],
)
def test_an_occurrence_that_cannot_be_is_a_value_error(changes: dict[str, object], message: str) -> None:
    """Asking for an occurrence without a first date, or past 9999-12-31, raises and says why."""
    program = attrs.evolve(uc.load()["tohoku"].programs[0], **changes)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=message):
        occurrence(program, 1)


@pytest.mark.parametrize(
    "changes", [{"first": None}, {"times_held": None}], ids=["no-first-date", "no-count"]
)
def test_without_a_first_date_or_a_count_nothing_is_counted(changes: dict[str, object]) -> None:
    """A program with no first date or no count implies no occurrence, by any day."""
    program = attrs.evolve(uc.load()["tohoku"].programs[0], **changes)  # type: ignore[arg-type]
    expected: tuple[int, int, list[uc.PartialDate]] = (0, 0, [])
    assert expected == (
        implied_count(program),
        count_through(program, datetime.date.max),
        list(program.occurrences()),
    )
