"""Occurrences counted by arithmetic agree with the walk through them, and know the program's as_of."""

from __future__ import annotations

import datetime

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import ustb_coop as uc
from tests.strategies import walkable_programs
from ustb_coop.model._occurrences import count_through, is_implied, listed_occurrences, occurrence


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
