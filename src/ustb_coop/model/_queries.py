"""Questions asked of one partnership: how long, how balanced, how active."""

from __future__ import annotations

import datetime

import attrs
from dateutil.relativedelta import relativedelta

from ustb_coop.model._dates import PartialDate
from ustb_coop.model._quantities import Quantity
from ustb_coop.model._records import Metric, MetricKind, Partnership


def as_day(value: datetime.date | PartialDate) -> datetime.date:
    """The calendar day *value* stands for: a PartialDate's earliest day, a datetime's date."""
    if isinstance(value, PartialDate):
        return value.earliest
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


def is_active(partnership: Partnership, on: datetime.date | PartialDate) -> bool:
    """Whether *partnership* had started and not yet ended on the day *on*.

    A start known only to the year or month counts from its earliest day;
    an end counts from its earliest day too. A PartialDate *on* means its
    earliest day.
    """
    day = as_day(on)
    if day < partnership.started.earliest:
        return False
    return partnership.ended is None or day < partnership.ended.earliest


def years_active(partnership: Partnership, as_of: datetime.date | PartialDate | None = None) -> int:
    """Complete years from the start of *partnership* to *as_of*.

    Args:
        partnership: The partnership.
        as_of: The day to count to (a PartialDate counts to its earliest day,
            a datetime to its date); today when omitted.

    Returns:
        The whole years between the earliest day of `started` and *as_of*,
        or the earliest day of `ended` when that comes first; 0 before the start.

    Example:
        >>> import datetime, ustb_coop as uc
        >>> uc.years_active(uc.load()["rwth-aachen"], as_of=datetime.date(2020, 10, 22))
        41
    """
    end = datetime.date.today() if as_of is None else as_day(as_of)  # noqa: DTZ011 - a calendar day
    if partnership.ended is not None:
        end = min(end, partnership.ended.earliest)
    start = partnership.started.earliest
    if end <= start:
        return 0
    return relativedelta(end, start).years


def latest_metric(partnership: Partnership, kind: MetricKind) -> Metric | None:
    """The most recently reported metric of *kind*, or None when there is none.

    Ties keep the one listed first.
    """
    candidates = [metric for metric in partnership.metrics if metric.kind is kind]
    if not candidates:
        return None
    return max(candidates, key=lambda metric: metric.as_of)


@attrs.frozen(kw_only=True)
class ExchangeBalance:
    """Students sent against students received, from the home institution's side.

    Attributes:
        outbound: Students the home institution sent to the partner.
        inbound: Students the partner sent to the home institution.
        net: ``outbound.value - inbound.value``, from the stated figures.
        exact: False when either figure is a bound or an approximation,
            so `net` is only indicative.
    """

    outbound: Quantity
    inbound: Quantity
    net: int
    exact: bool


def exchange_balance(partnership: Partnership) -> ExchangeBalance | None:
    """The student exchange balance of *partnership*.

    Uses the latest STUDENTS_SENT and STUDENTS_RECEIVED metrics.

    Returns:
        The balance, or None when either direction has no figure.

    Example:
        >>> import ustb_coop as uc
        >>> uc.exchange_balance(uc.load()["rwth-aachen"]).net
        200
    """
    sent = latest_metric(partnership, MetricKind.STUDENTS_SENT)
    received = latest_metric(partnership, MetricKind.STUDENTS_RECEIVED)
    if sent is None or received is None:
        return None
    return ExchangeBalance(
        outbound=sent.value,
        inbound=received.value,
        net=sent.value.value - received.value.value,
        exact=sent.value.is_exact and received.value.is_exact,
    )
