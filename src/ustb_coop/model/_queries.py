"""Questions asked of one partnership: how long, how balanced, how active."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta

from ustb_coop.model._dates import PartialDate
from ustb_coop.model._intervals import Interval
from ustb_coop.model._records import Metric, MetricKind, MetricKindName, Partnership, member


def as_day(value: datetime.date | PartialDate) -> datetime.date:
    """The calendar day *value* stands for: a PartialDate's earliest day, a datetime's date."""
    if isinstance(value, PartialDate):
        return value.earliest
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


#: What `years_active` and `is_active` accept as a day.
Day = datetime.date | PartialDate | str

_ACCEPTED = (
    "a datetime.date, a datetime.datetime, a PartialDate or an ISO date string "
    "('2020', '2020-10' or '2020-10-22')"
)


def day_span(value: object, name: str = "as_of") -> tuple[datetime.date, datetime.date]:
    """The first and last calendar day *value* may mean.

    A date or datetime means one day; a PartialDate or an ISO string known
    to the year or month means any day of it.

    Raises:
        TypeError: *value* is none of those; the message names what is accepted.
        ValueError: A string that is no date in those forms.
    """
    if isinstance(value, str):
        value = PartialDate.parse(value)
    if isinstance(value, PartialDate):
        return value.earliest, value.latest
    if isinstance(value, datetime.date):
        day = as_day(value)
        return day, day
    msg = f"{name} must be {_ACCEPTED}, got {value!r}"
    raise TypeError(msg)


def _today() -> datetime.date:
    return datetime.date.today()  # noqa: DTZ011 - a calendar day, not an instant


def _years(start: datetime.date, stop: datetime.date) -> int:
    """Complete years from *start* to *stop*; 0 when *stop* is not after *start*."""
    if stop <= start:
        return 0
    return relativedelta(stop, start).years


def known_running_until(partnership: Partnership) -> datetime.date:
    """The last day the sources show *partnership* running, for certain.

    The earliest day of `ended` (or of `confirmed`, when later and not past
    the end's last day) when an end is reported; else the earliest day of
    `confirmed`; else the latest day the start may mean, which confirms nothing.
    """
    started, ended, confirmed = partnership.started, partnership.ended, partnership.confirmed
    if ended is not None:
        # A confirmed day inside the end's span narrows where the end can fall.
        floor = ended.earliest if confirmed is None else max(ended.earliest, confirmed.earliest)
        return min(floor, ended.latest)
    if confirmed is not None:
        return confirmed.earliest
    return started.latest


def years_active(partnership: Partnership, as_of: Day | None = None) -> Interval:
    """Complete years active to *as_of*, as an interval sound over every uncertainty in the facts.

    The count runs from the start to *as_of*, or to the end when one is
    reported. `low` is the fewest complete years any reading of the facts
    allows: from the latest day `started` may mean to the earliest of
    *as_of*, `confirmed` and the end (without `confirmed` or `ended`,
    nothing after the start is known, so `low` is 0). `high` is the most:
    from the earliest day `started` may mean to *as_of* or the latest day
    `ended` may mean. Both are 0 before any possible start. The interval is
    tight: each end is reached by some reading.

    Args:
        partnership: The partnership.
        as_of: The day to count to: a `datetime.date`, a `datetime.datetime`
            (its date), a `PartialDate` or an ISO string ("2020",
            "2020-10", "2020-10-22"). A year or month means any of its days,
            so `low` counts to its first day and `high` to its last. Today
            when omitted.

    Raises:
        TypeError: *as_of* is none of those.
        ValueError: *as_of* is a string that is no such date.

    Example:
        >>> import ustb_coop as uc
        >>> rwth = uc.load()["rwth-aachen"]
        >>> str(uc.years_active(rwth, as_of="2020-10-22")), str(uc.years_active(rwth, as_of="2026-11-28"))
        ('40–41', '40–47')
    """
    first, last = (_today(), _today()) if as_of is None else day_span(as_of)
    started, ended = partnership.started, partnership.ended
    low = _years(started.latest, min(first, known_running_until(partnership)))
    high = _years(started.earliest, last if ended is None else min(last, ended.latest))
    return Interval(low, high)


def confirmed_only_to(partnership: Partnership, as_of: Day | None = None) -> PartialDate | None:
    """The day a count to *as_of* is confirmed only to, or None when the facts reach *as_of*.

    A partnership with no reported end is shown running only up to
    `confirmed` (or, without it, only at its start); a count to a later day
    is what is possible, not what is known. Every interface that counts past
    that day says so with this day.

    Example:
        >>> import ustb_coop as uc
        >>> rwth = uc.load()["rwth-aachen"]
        >>> confirmed_only_to(rwth, "2020-10-22"), confirmed_only_to(rwth, "2026-11-28")
        (None, PartialDate.parse('2020-10-22'))
    """
    if partnership.ended is not None:
        return None
    horizon = partnership.confirmed or partnership.started
    last = _today() if as_of is None else day_span(as_of)[1]
    return horizon if last > horizon.earliest else None


def is_active(partnership: Partnership, on: Day) -> bool:
    """Whether the sources show *partnership* running on every day *on* may mean.

    The reading `years_active` counts `low` by: the partnership is known to
    run from the latest day `started` may mean, through the earliest day of
    `confirmed` (a source shows it running then), or, when an end is
    reported, up to, not including, the earliest day of `ended` (a
    `confirmed` day inside the end's span moves that to the confirmed day).
    Outside that span the facts cannot tell,
    and the answer is False: after `confirmed` nothing is known, and without
    `confirmed` or `ended` nothing after the start is. *on* takes what
    `years_active`'s *as_of* takes; a year or month must lie wholly inside.

    Raises:
        TypeError: *on* is none of the accepted kinds of day.

    Example:
        >>> import ustb_coop as uc
        >>> rwth = uc.load()["rwth-aachen"]
        >>> uc.is_active(rwth, "2010"), uc.is_active(rwth, "1979-06"), uc.is_active(rwth, "2021")
        (True, False, False)
    """
    first, last = day_span(on, "on")
    if first < partnership.started.latest:
        return False
    until = known_running_until(partnership)
    if partnership.ended is not None:
        return last < until
    return partnership.confirmed is not None and last <= until


def latest_metric(partnership: Partnership, kind: MetricKind | MetricKindName) -> Metric | None:
    """The most recently reported metric of *kind*, or None when there is none.

    *kind* is a `MetricKind` or its file string (``"students_sent"``). Ties
    keep the one listed first.

    Raises:
        ValueError: *kind* is text that names no metric kind.

    Example:
        >>> import ustb_coop as uc
        >>> str(uc.latest_metric(uc.load()["rwth-aachen"], "students_sent").value)
        'over 400'
    """
    kind = member(MetricKind, kind, "kind")
    candidates = [metric for metric in partnership.metrics if metric.kind is kind]
    if not candidates:
        return None
    return max(candidates, key=lambda metric: metric.as_of)


def signed(interval: Interval) -> str:
    """*interval* as `str` gives it, with a plus sign on a positive exact value: ``+23``, ``-5``, ``0``."""
    if interval.is_exact and interval.low is not None and interval.low > 0:
        return f"+{interval.low}"
    return str(interval)
