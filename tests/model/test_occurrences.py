"""Occurrences counted by arithmetic agree with the walk through them, and know the program's as_of."""

from __future__ import annotations

import datetime

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
        ({"first": uc.PartialDate(9999)}, "would fall after 9999-12-31"),
    ],
    ids=["no-first-date", "daily-past-the-last-day", "yearly-past-the-last-year"],
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
