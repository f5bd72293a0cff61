"""Counting a program's occurrences by arithmetic, and telling reported ones from implied ones.

`Program.occurrences` walks the dates one by one; a daily program "held
2**63 - 1 times" would take longer than anyone waits. The functions here
answer "how many, up to this day" and "which is the last" in constant time,
with the same dates: the n-th occurrence of a yearly or monthly program
falls on the day of `first`, or on the last day of a shorter month.
"""

from __future__ import annotations

import calendar
import datetime
import itertools

from ustb_coop.model._dates import DatePrecision, PartialDate
from ustb_coop.model._records import Frequency, Program


def implied_count(program: Program) -> int:
    """How many occurrences the count stands for: its lower bound, or its figure when it sets none.

    0 when `first` or `times_held` is unknown, as `Program.occurrences` yields nothing then.
    """
    if program.first is None or program.times_held is None:
        return 0
    minimum = program.times_held.minimum
    return program.times_held.value if minimum is None else minimum


def _month_day(year: int, month: int, day: int) -> int:
    """*day*, or the last day of the month when the month is shorter."""
    return min(day, calendar.monthrange(year, month)[1])


def _last_index(program: Program, day: datetime.date) -> int:
    """The index (from 0) of the last occurrence whose earliest day is on or before *day*; -1 for none.

    Occurrences are unbounded here: the caller caps the index by the count.
    """
    assert program.first is not None  # callers check
    start, precision = program.first.earliest, program.first.precision
    if program.frequency is Frequency.DAILY:
        return (day - start).days
    if program.frequency is Frequency.WEEKLY:
        return (day - start).days // 7
    # The occurrence in the month (or year) of *day*, less one when it falls after *day*.
    if program.frequency is Frequency.MONTHLY:
        index, month = (day.year - start.year) * 12 + day.month - start.month, day.month
    else:
        index, month = day.year - start.year, start.month
    match precision:
        case DatePrecision.YEAR:
            later = False
        case DatePrecision.MONTH:
            later = month > day.month
        case DatePrecision.DAY:
            later = (month, _month_day(day.year, month, start.day)) > (day.month, day.day)
    return index - later


def count_through(program: Program, day: datetime.date) -> int:
    """How many of the occurrences `Program.occurrences` yields could have taken place by *day*.

    An occurrence counts when its earliest day is on or before *day*.
    Constant time, whatever the count.
    """
    return counts_through(program, (day,))[0]


def counts_through(program: Program, days: tuple[datetime.date, ...]) -> tuple[int, ...]:
    """`count_through` of each of *days*, reading the program's count once."""
    if program.first is None:
        return tuple(0 for _ in days)
    implied = implied_count(program)
    # No *day* is after 9999-12-31, where dates end, so the count stops there as
    # `Program.occurrences` does: `_last_index` grows with *day*.
    return tuple([max(0, min(implied, _last_index(program, day) + 1)) for day in days])


def occurrence(program: Program, index: int) -> PartialDate:
    """The occurrence at *index* (from 0), with the precision of `first`.

    Raises:
        ValueError: The program has no first date, or that occurrence would fall after 9999-12-31.
    """
    if program.first is None:
        msg = f"program {program.name!r} has no first date, so it implies no occurrences"
        raise ValueError(msg)
    start = program.first.earliest
    match program.frequency:
        case Frequency.DAILY | Frequency.WEEKLY:
            step = 1 if program.frequency is Frequency.DAILY else 7
            if index * step > (datetime.date.max - start).days:
                msg = f"occurrence {index} of {program.name!r} would fall after 9999-12-31"
                raise ValueError(msg)
            day = start + datetime.timedelta(days=index * step)
        case Frequency.MONTHLY | Frequency.YEARLY:
            months = index if program.frequency is Frequency.MONTHLY else 12 * index
            year, month = divmod(start.year * 12 + start.month - 1 + months, 12)
            if year > datetime.MAXYEAR:
                msg = f"occurrence {index} of {program.name!r} would fall after 9999-12-31"
                raise ValueError(msg)
            day = datetime.date(year, month + 1, _month_day(year, month + 1, start.day))
    match program.first.precision:
        case DatePrecision.YEAR:
            return PartialDate(day.year)
        case DatePrecision.MONTH:
            return PartialDate(day.year, day.month)
        case DatePrecision.DAY:
            return PartialDate.from_date(day)


def is_implied(program: Program, on: PartialDate) -> bool:
    """Whether the occurrence *on* falls after the program's `as_of`: implied by the count, not reported.

    An occurrence is reported when it could have taken place by the last day
    `as_of` may mean (its earliest day is on or before it), the rule
    `count_through` counts by. Without `as_of` nothing is marked implied.
    """
    return program.as_of is not None and on.earliest > program.as_of.latest


#: How many occurrences of one program a listing (the command line, the HTML) shows before it stops.
MAX_LISTED = 100


def listed_occurrences(
    program: Program, limit: int = MAX_LISTED
) -> tuple[tuple[PartialDate, ...], tuple[PartialDate, ...], bool]:
    """The first *limit* occurrences, split into reported and implied, and whether more were left out.

    Reported occurrences could have taken place by the program's `as_of`;
    implied ones fall after it (see `is_implied`). Every interface that
    lists occurrences lists them this way.
    """
    shown = list(itertools.islice(program.occurrences(), limit + 1))
    truncated = len(shown) > limit
    shown = shown[:limit]
    reported = tuple(on for on in shown if not is_implied(program, on))
    return reported, tuple(shown[len(reported) :]), truncated
