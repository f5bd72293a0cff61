"""Questions asked of one partnership: years_active, exchange_balance, is_active, latest_metric."""

from __future__ import annotations

import calendar
import datetime

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import ustb_coop as uc
from tests.strategies import partial_dates, spans
from ustb_coop.model._queries import confirmed_only_to, signed

SOURCE_DATE = datetime.date(2020, 10, 22)
Q = uc.Qualifier
K = uc.MetricKind


def partnership(
    started: str,
    ended: str | None = None,
    metrics: tuple[uc.Metric, ...] = (),
    confirmed: str | None = None,
) -> uc.Partnership:
    """The bundled RWTH partnership with its dates and metrics replaced."""
    return attrs.evolve(
        uc.load()["rwth-aachen"],
        started=uc.PartialDate.parse(started),
        ended=None if ended is None else uc.PartialDate.parse(ended),
        confirmed=None if confirmed is None else uc.PartialDate.parse(confirmed),
        metrics=metrics,
    )


def metric(kind: uc.MetricKind, value: int, qualifier: uc.Qualifier, as_of: str) -> uc.Metric:
    """A metric citing the bundled source's whole text."""
    return uc.Metric(
        kind=kind,
        value=uc.Quantity(value, qualifier),
        as_of=uc.PartialDate.parse(as_of),
        citation=uc.Citation(source="ustb-cooperation-cases"),
    )


@st.composite
def dated_partnerships(draw: st.DrawFn) -> uc.Partnership:
    """Partnerships with any start, with or without an end and a confirmed day."""
    started, ended, confirmed = draw(spans(min_year=1900, max_year=2100))
    return attrs.evolve(uc.load()["rwth-aachen"], started=started, ended=ended, confirmed=confirmed)


# ------------------------------------------------------------------ years_active


@pytest.mark.parametrize(
    ("partnership_id", "as_of", "expected"),
    [
        ("rwth-aachen", SOURCE_DATE, "40–41"),
        ("tata-steel", SOURCE_DATE, "5–6"),
        ("tohoku", SOURCE_DATE, "17–18"),
        ("rwth-aachen", datetime.date(2026, 11, 28), "40–47"),
    ],
    ids=["rwth-aachen", "tata-steel", "tohoku", "rwth-aachen-later"],
)
def test_bundled_years_active(partnership_id: str, as_of: datetime.date, expected: str) -> None:
    """RWTH Aachen, partners since some day of 1979, counts 40–41 on 2020-10-22; later, at least 40."""
    assert expected == str(uc.years_active(uc.load()[partnership_id], as_of=as_of))


I = uc.Interval  # noqa: E741 - reads as the class it is


@pytest.mark.parametrize(
    ("started", "ended", "confirmed", "as_of", "expected"),
    [
        ("2014", None, None, datetime.date(2015, 1, 1), I(0, 1)),
        ("2014", None, "2020-10-22", datetime.date(2020, 10, 22), I(5, 6)),
        ("2014-05", None, "2020", datetime.date(2015, 5, 1), I(0, 1)),
        ("2014-05-20", None, "2015-05-20", datetime.date(2015, 5, 20), I(1, 1)),
        ("2014-05-20", None, "2015-05-20", datetime.date(2015, 5, 19), I(0, 0)),
        ("2016-02-29", None, "2017-02-28", datetime.date(2017, 2, 28), I(1, 1)),
        ("2000", "2005-06", None, datetime.date(2020, 1, 1), I(4, 5)),
        ("2000", "2005-06", None, datetime.date(2003, 1, 1), I(2, 3)),
        ("2000", "2005", None, datetime.date(2005, 12, 31), I(4, 5)),
        ("2000", "2010", "2010-06-01", datetime.date(2020, 1, 1), I(9, 10)),
        ("2000-03-15", "2010", "2010-06-01", datetime.date(2020, 1, 1), I(10, 10)),
        ("2014", None, "2020-10-22", datetime.date(2013, 6, 1), I(0, 0)),
        ("2014", None, "2020-10-22", datetime.date(2014, 1, 1), I(0, 0)),
        ("2014", "2014", None, datetime.date(2020, 1, 1), I(0, 0)),
        ("1979", None, "2020-10-22", datetime.date(2026, 11, 28), I(40, 47)),
        ("1979", None, "2020-10-22", uc.PartialDate(2020), I(40, 41)),
        ("1979", None, "2020-10-22", "2020-10", I(40, 41)),
    ],
    ids=[
        "no-confirmed-day-low-counts-to-the-start",
        "year-start-to-the-confirmed-day",
        "month-start-before-the-confirmed-year",
        "day-start-anniversary",
        "day-start-day-before-anniversary",
        "leap-day-start",
        "stops-at-ended",
        "before-ended",
        "ended-year-counts-to-its-first-and-last-day",
        "confirmed-inside-the-end-year",
        "confirmed-inside-the-end-year-moves-low",
        "before-any-start",
        "on-the-first-possible-start",
        "ended-when-started",
        "high-counts-past-the-confirmed-day",
        "year-as-of-means-any-day-of-it",
        "month-string-as-of",
    ],
)
def test_years_active(
    started: str, ended: str | None, confirmed: str | None, as_of: uc.PartialDate | str, expected: uc.Interval
) -> None:
    """Low counts from the latest start to as_of, confirmed or the end; high from the earliest start on."""
    assert expected == uc.years_active(partnership(started, ended, confirmed=confirmed), as_of=as_of)


def _years(start: datetime.date, stop: datetime.date) -> int:
    """Complete years from *start* to *stop*, counted by hand: 0 unless *stop* is later.

    A 29 February start has its anniversary on 28 February in other years.
    """
    if stop <= start:
        return 0
    anniversary = (start.month, min(start.day, calendar.monthrange(stop.year, start.month)[1]))
    return stop.year - start.year - ((stop.month, stop.day) < anniversary)


def _end_range(subject: uc.Partnership) -> tuple[datetime.date, datetime.date]:
    """The first and last day the count may stop at, if the partnership did not go on.

    Within `ended` when an end is reported; else any day from `confirmed`
    (or from the start, when there is none) on. Never before the start.
    """
    started, ended, confirmed = subject.started, subject.ended, subject.confirmed
    end_low = started.earliest if confirmed is None else confirmed.earliest
    if ended is None:
        return end_low, datetime.date.max
    return max(end_low, ended.earliest), ended.latest


def _readings(
    subject: uc.Partnership, as_of: uc.PartialDate
) -> list[tuple[datetime.date, datetime.date, datetime.date]]:
    """The extreme readings of the facts: (start, end, as_of) days they allow, no end before its start."""
    started = subject.started
    end_low, end_high = _end_range(subject)
    starts = {started.earliest, started.latest, min(max(end_low, started.earliest), started.latest)}
    readings = []
    for start in starts:
        for end in {max(end_low, start), end_high}:
            if end_low <= end <= end_high and end >= start:
                readings += [(start, end, day) for day in (as_of.earliest, as_of.latest)]
    return readings


def _count(reading: tuple[datetime.date, datetime.date, datetime.date]) -> int:
    start, end, as_of = reading
    return _years(start, min(end, as_of))


@given(st.data(), dated_partnerships(), partial_dates(min_year=1890, max_year=2110))
@settings(max_examples=300)
def test_years_active_holds_every_reading(
    data: st.DataObject, subject: uc.Partnership, as_of: uc.PartialDate
) -> None:
    """Any start, end and as_of day the facts allow gives a count inside the interval."""
    readings = _readings(subject, as_of)
    assume(readings)  # a confirmed day after the end's last day allows no reading
    start = data.draw(st.dates(subject.started.earliest, subject.started.latest))
    end_low, end_high = _end_range(subject)
    assume(max(start, end_low) <= end_high)
    end = data.draw(st.dates(max(start, end_low), end_high))
    day = data.draw(st.dates(as_of.earliest, as_of.latest))
    interval = uc.years_active(subject, as_of=as_of)
    assert _count((start, end, day)) in interval
    assert all(_count(reading) in interval for reading in readings)


@given(dated_partnerships(), partial_dates(min_year=1890, max_year=2110))
@settings(max_examples=300)
def test_years_active_is_tight(subject: uc.Partnership, as_of: uc.PartialDate) -> None:
    """Both ends of the interval are the counts of readings the facts allow."""
    readings = _readings(subject, as_of)
    assume(readings)
    counts = [_count(reading) for reading in readings]
    interval = uc.years_active(subject, as_of=as_of)
    assert (min(counts), max(counts)) == (interval.low, interval.high)


def test_years_active_defaults_to_today() -> None:
    """Without as_of, years are counted to today's date."""
    rwth = uc.load()["rwth-aachen"]
    before = datetime.date.today()  # noqa: DTZ011 - the calendar day years_active itself uses
    actual = uc.years_active(rwth)
    after = datetime.date.today()  # noqa: DTZ011
    # Midnight may pass during the call; either day's count is right then.
    expected = {uc.years_active(rwth, as_of=before), uc.years_active(rwth, as_of=after)}
    assert actual in expected


@given(dated_partnerships(), st.dates(), st.dates())
def test_years_active_is_monotone(subject: uc.Partnership, a: datetime.date, b: datetime.date) -> None:
    """A later as_of never gives fewer years at either end."""
    earlier, later = sorted([a, b])
    first, second = uc.years_active(subject, as_of=earlier), uc.years_active(subject, as_of=later)
    assert (first.low, first.high) <= (second.low, second.high)
    assert first.low is not None
    assert second.low is not None
    assert first.low <= second.low


@given(dated_partnerships(), st.dates())
def test_years_active_is_zero_until_the_start(subject: uc.Partnership, as_of: datetime.date) -> None:
    """On or before the earliest start day the count is exactly 0; it is never negative."""
    years = uc.years_active(subject, as_of=as_of)
    assert years.low is not None
    assert years.low >= 0
    if as_of <= subject.started.earliest:
        assert uc.Interval(0, 0) == years


@given(dated_partnerships(), st.dates())
def test_years_active_stops_at_ended(subject: uc.Partnership, as_of: datetime.date) -> None:
    """After the last day the end may mean, the count stays what it was on that day."""
    if subject.ended is not None and as_of >= subject.ended.latest:
        assert uc.years_active(subject, as_of=subject.ended.latest) == uc.years_active(subject, as_of=as_of)


def test_years_active_takes_every_kind_of_day() -> None:
    """A datetime counts to its day; a PartialDate or string to any day it may mean."""
    rwth = uc.load()["rwth-aachen"]
    as_of: list[datetime.date | uc.PartialDate | str] = [
        datetime.datetime(2020, 10, 22, 23, 59),  # noqa: DTZ001 - a wall-clock moment is the point
        uc.PartialDate.parse("2020-10"),
        "2020-10-22",
        "2020",
    ]
    expected = ["40–41"] * 4
    assert expected == [str(uc.years_active(rwth, as_of=day)) for day in as_of]


@pytest.mark.parametrize("as_of", [2020, 2020.5, ("2020",), b"2020"], ids=["int", "float", "tuple", "bytes"])
def test_years_active_rejects_other_days(as_of: object) -> None:
    """Anything but a date, datetime, PartialDate or ISO string is a TypeError naming what is accepted."""
    rwth = uc.load()["rwth-aachen"]
    with pytest.raises(TypeError, match=r"as_of must be a datetime.date, a datetime.datetime, a PartialDate"):
        uc.years_active(rwth, as_of=as_of)  # type: ignore[arg-type]


def test_years_active_rejects_a_bad_date_string() -> None:
    """A string that is no ISO date is a ValueError naming it."""
    with pytest.raises(ValueError, match="invalid partial date '2020-13'"):
        uc.years_active(uc.load()["rwth-aachen"], as_of="2020-13")


@pytest.mark.parametrize(
    ("started", "ended", "confirmed", "as_of", "expected"),
    [
        ("2014", "2016", None, "2020", None),
        ("2014", None, None, "2015", "2014"),
        ("2014", None, "2020-10-22", "2020-10-22", None),
        ("2014", None, "2020-10-22", "2020-10-23", "2020-10-22"),
        ("2014", None, "2020-10-22", "2020", "2020-10-22"),
        ("2014", None, "2020-10-22", "2016", None),
        ("2014", None, "2020-10", "2020-10-15", "2020-10"),
    ],
    ids=[
        "an-end-is-reported",
        "only-the-start-is-known",
        "to-the-confirmed-day",
        "past-the-confirmed-day",
        "a-year-reaching-past-it",
        "a-year-before-it",
        "inside-a-confirmed-month",
    ],
)
def test_confirmed_only_to(
    started: str, ended: str | None, confirmed: str | None, as_of: str, expected: str | None
) -> None:
    """A count past the last day the facts show it running says so with that day; to an end it never does."""
    horizon = confirmed_only_to(partnership(started, ended, confirmed=confirmed), as_of)
    assert expected == (None if horizon is None else str(horizon))


def test_confirmed_only_to_defaults_to_today() -> None:
    """Without as_of the count runs to today, past RWTH Aachen's confirmed day of 2020-10-22."""
    expected = uc.PartialDate(2020, 10, 22)
    assert expected == confirmed_only_to(uc.load()["rwth-aachen"])


@pytest.mark.parametrize(
    ("interval", "expected"),
    [
        (I(1, 1), "+1"),
        (I(23, 23), "+23"),
        (I(0, 0), "0"),
        (I(-5, -5), "-5"),
        (I(1, 2), "1–2"),
        (I(None, None), "unknown"),
    ],
    ids=["one", "positive", "zero", "negative", "range", "unknown"],
)
def test_signed(interval: uc.Interval, expected: str) -> None:
    """A positive exact net reads with its plus sign, from +1 up; anything else reads as str gives it."""
    assert expected == signed(interval)


# -------------------------------------------------------------- exchange_balance


def test_rwth_aachen_exchange_balance() -> None:
    """Over 400 sent, over 200 received: the net is unknown, since either side may be far larger."""
    expected = uc.ExchangeBalance(
        outbound=uc.Quantity(400, Q.MORE_THAN, "over 400"),
        inbound=uc.Quantity(200, Q.MORE_THAN, "over 200"),
        net=uc.Interval(None, None),
    )
    balance = uc.exchange_balance(uc.load()["rwth-aachen"])
    assert (expected, False, "unknown") == (balance, expected.exact, str(expected.net))


@pytest.mark.parametrize("partnership_id", ["tata-steel", "tohoku"])
def test_no_exchange_balance_without_figures(partnership_id: str) -> None:
    """Partnerships whose source gives no student figures have no balance."""
    assert uc.exchange_balance(uc.load()[partnership_id]) is None


@pytest.mark.parametrize(
    ("sent", "received", "net", "text"),
    [
        ((35, Q.EXACT), (12, Q.EXACT), I(23, 23), "35 out, 12 in, net +23"),
        ((10, Q.EXACT), (25, Q.EXACT), I(-15, -15), "10 out, 25 in, net -15"),
        ((150, Q.EXACT), (150, Q.EXACT), I(0, 0), "150 out, 150 in, net 0"),
        ((400, Q.MORE_THAN), (150, Q.EXACT), I(251, None), "over 400 out, 150 in, net at least 251"),
        ((400, Q.MORE_THAN), (200, Q.MORE_THAN), I(None, None), "over 400 out, over 200 in, net unknown"),
        ((10, Q.EXACT), (5, Q.APPROXIMATELY), I(None, None), "10 out, about 5 in, net unknown"),
        ((10, Q.FEWER_THAN), (5, Q.AT_MOST), I(-5, 9), "fewer than 10 out, at most 5 in, net -5 to 9"),
        ((10, Q.AT_LEAST), (5, Q.EXACT), I(5, None), "at least 10 out, 5 in, net at least 5"),
    ],
    ids=["exact", "exact-negative", "exact-zero", "bound-less-exact", "two-lower-bounds", "approximate",
         "two-upper-bounds", "at-least"],
)  # fmt: skip
def test_net_is_the_difference_of_the_bounds(
    sent: tuple[int, uc.Qualifier], received: tuple[int, uc.Qualifier], net: uc.Interval, text: str
) -> None:
    """The net holds every difference the two figures allow, and the balance reads as one phrase."""
    subject = partnership(
        "2000",
        metrics=(metric(K.STUDENTS_SENT, *sent, "2020"), metric(K.STUDENTS_RECEIVED, *received, "2020")),
    )
    balance = uc.exchange_balance(subject)
    assert balance is not None
    assert (net, net.is_exact, text) == (balance.net, balance.exact, str(balance))


@pytest.mark.parametrize(
    "metrics",
    [
        (metric(K.STUDENTS_SENT, 10, Q.EXACT, "2020"),),
        (metric(K.STUDENTS_RECEIVED, 10, Q.EXACT, "2020"),),
        (metric(K.STAFF_SENT, 10, Q.EXACT, "2020"), metric(K.STAFF_RECEIVED, 10, Q.EXACT, "2020")),
        (),
    ],
    ids=["only-outbound", "only-inbound", "staff-only", "no-metrics"],
)
def test_no_balance_with_one_direction(metrics: tuple[uc.Metric, ...]) -> None:
    """Without a student figure in each direction there is no balance."""
    assert uc.exchange_balance(partnership("2000", metrics=metrics)) is None


@pytest.mark.parametrize("reverse", [False, True], ids=["older-first", "newer-first"])
def test_latest_figure_wins(reverse: bool) -> None:
    """A kind reported twice counts with its most recent figure, in whatever order listed."""
    reports = [
        metric(K.STUDENTS_SENT, 100, Q.EXACT, "2018"),
        metric(K.STUDENTS_SENT, 300, Q.EXACT, "2020-06"),
    ]
    if reverse:
        reports.reverse()
    subject = partnership("2000", metrics=(*reports, metric(K.STUDENTS_RECEIVED, 50, Q.EXACT, "2019")))
    balance = uc.exchange_balance(subject)
    assert balance is not None
    expected = (300, I(250, 250))
    assert expected == (balance.outbound.value, balance.net)


# ---------------------------------------------------------------- latest_metric


def test_latest_metric_of_rwth() -> None:
    """RWTH's one STUDENTS_SENT metric is its latest."""
    rwth = uc.load()["rwth-aachen"]
    assert rwth.metrics[0] == uc.latest_metric(rwth, K.STUDENTS_SENT)


def test_latest_metric_none_when_kind_missing() -> None:
    """A kind never reported has no latest metric."""
    assert uc.latest_metric(uc.load()["rwth-aachen"], K.STAFF_SENT) is None


def test_latest_metric_picks_the_latest_date() -> None:
    """Of several reports of one kind, the one with the latest date is returned."""
    newest = metric(K.STAFF_SENT, 3, Q.EXACT, "2019-03-01")
    reports = (metric(K.STAFF_SENT, 1, Q.EXACT, "2017"), newest, metric(K.STAFF_SENT, 2, Q.EXACT, "2018-12"))
    assert newest == uc.latest_metric(partnership("2000", metrics=reports), K.STAFF_SENT)


def test_latest_metric_tie_keeps_the_first_listed() -> None:
    """Two reports of the same date: the one listed first wins."""
    first = metric(K.STAFF_SENT, 1, Q.EXACT, "2019")
    reports = (first, metric(K.STAFF_SENT, 2, Q.EXACT, "2019"))
    assert first == uc.latest_metric(partnership("2000", metrics=reports), K.STAFF_SENT)


def test_latest_metric_ignores_other_kinds() -> None:
    """A newer metric of another kind does not count."""
    wanted = metric(K.STAFF_SENT, 1, Q.EXACT, "2010")
    reports = (wanted, metric(K.STAFF_RECEIVED, 2, Q.EXACT, "2020"))
    assert wanted == uc.latest_metric(partnership("2000", metrics=reports), K.STAFF_SENT)


# -------------------------------------------------------------------- is_active


@pytest.mark.parametrize(
    ("started", "ended", "confirmed", "on", "expected"),
    [
        ("2014", None, "2020-10-22", datetime.date(2013, 12, 31), False),
        ("2014", None, "2020-10-22", datetime.date(2014, 1, 1), False),
        ("2014", None, "2020-10-22", datetime.date(2014, 12, 31), True),
        ("2014-05", None, "2020-10-22", datetime.date(2014, 5, 31), True),
        ("2014", None, "2020-10-22", datetime.date(2020, 10, 22), True),
        ("2014", None, "2020-10-22", datetime.date(2020, 10, 23), False),
        ("2014", None, None, datetime.date(2016, 1, 1), False),
        ("2014", "2016-06", None, datetime.date(2016, 5, 31), True),
        ("2014", "2016-06", None, datetime.date(2016, 6, 1), False),
        ("2014", "2016", None, datetime.date(2015, 12, 31), True),
        ("2014", "2016", None, datetime.date(2016, 6, 1), False),
        ("2014", None, "2020-10-22", uc.PartialDate.parse("2015"), True),
        ("2014", None, "2020-10-22", "2014", False),
        ("2014", None, "2020-10-22", "2020", False),
        ("2014", "2016-06", None, uc.PartialDate.parse("2016-06"), False),
        ("2014", None, "2020-10-22", "2015-03-01", True),
    ],
    ids=[
        "before-any-start",
        "on-the-first-possible-start",
        "on-the-last-possible-start",
        "last-day-of-the-start-month",
        "on-the-confirmed-day",
        "after-the-confirmed-day",
        "nothing-confirmed-after-the-start",
        "day-before-ended",
        "first-day-of-ended",
        "before-ended-year",
        "in-ended-year",
        "a-year-wholly-inside",
        "the-start-year",
        "a-year-past-the-confirmed-day",
        "the-end-month",
        "a-day-as-text",
    ],
)
def test_is_active(
    started: str,
    ended: str | None,
    confirmed: str | None,
    on: datetime.date | uc.PartialDate | str,
    expected: bool,
) -> None:
    """Active on the days the sources show running: from the latest start through confirmed, or to the end."""
    assert expected == uc.is_active(partnership(started, ended, confirmed=confirmed), on)


@pytest.mark.parametrize("partnership_id", ["rwth-aachen", "tata-steel", "tohoku"])
def test_bundled_partnerships_active_at_the_source_date(partnership_id: str) -> None:
    """All three bundled partnerships were active on the source's day, and are not known to be a day later."""
    bundled = uc.load()[partnership_id]
    expected = (True, False)
    assert expected == (
        uc.is_active(bundled, SOURCE_DATE),
        uc.is_active(bundled, datetime.date(2020, 10, 23)),
    )


@given(dated_partnerships(), st.dates())
def test_active_partnership_counts_to_the_day(subject: uc.Partnership, on: datetime.date) -> None:
    """On a day the sources show it running, the low end of years_active counts to that very day."""
    if uc.is_active(subject, on):
        expected = _years(subject.started.latest, on)
        assert expected == uc.years_active(subject, as_of=on).low


def test_is_active_rejects_other_days() -> None:
    """is_active takes what years_active takes; anything else is a TypeError naming the argument."""
    with pytest.raises(TypeError, match=r"^on must be a datetime.date"):
        uc.is_active(uc.load()["rwth-aachen"], 2020)  # type: ignore[arg-type]


def test_latest_metric_takes_the_file_string_of_its_kind() -> None:
    """A metric kind given as text finds the same metric as the member; unknown text is an error."""
    rwth = uc.load()["rwth-aachen"]
    assert uc.latest_metric(rwth, uc.MetricKind.STUDENTS_SENT) == uc.latest_metric(rwth, "students_sent")
    with pytest.raises(ValueError, match="kind must be one of 'students_sent'"):
        uc.latest_metric(rwth, "students")  # type: ignore[arg-type]
