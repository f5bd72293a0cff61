"""Questions asked of one partnership: years_active, exchange_balance, is_active, latest_metric."""

from __future__ import annotations

import datetime

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ustb_coop as uc
from tests.strategies import partial_dates

SOURCE_DATE = datetime.date(2020, 10, 22)
Q = uc.Qualifier
K = uc.MetricKind


def partnership(
    started: str, ended: str | None = None, metrics: tuple[uc.Metric, ...] = ()
) -> uc.Partnership:
    """The bundled RWTH partnership with its dates and metrics replaced."""
    return attrs.evolve(
        uc.load()["rwth-aachen"],
        started=uc.PartialDate.parse(started),
        ended=None if ended is None else uc.PartialDate.parse(ended),
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
    """Partnerships with any start, ongoing or ended."""
    started = draw(partial_dates(min_year=1900, max_year=2100))
    ended = draw(
        st.none()
        | partial_dates(min_year=started.year, max_year=2100).filter(
            lambda end: end.latest >= started.earliest
        )
    )
    return partnership(started.isoformat(), None if ended is None else ended.isoformat())


# ------------------------------------------------------------------ years_active


@pytest.mark.parametrize(
    ("partnership_id", "expected"),
    [("rwth-aachen", 41), ("tata-steel", 6), ("tohoku", 18)],
    ids=["rwth-aachen", "tata-steel", "tohoku"],
)
def test_bundled_years_active(partnership_id: str, expected: int) -> None:
    """Complete years at the source date: RWTH Aachen, partners since 1979, counts 41 on 2020-10-22."""
    assert expected == uc.years_active(uc.load()[partnership_id], as_of=SOURCE_DATE)


@pytest.mark.parametrize(
    ("started", "ended", "as_of", "expected"),
    [
        ("2014", None, datetime.date(2014, 12, 31), 0),
        ("2014", None, datetime.date(2015, 1, 1), 1),
        ("2014-05", None, datetime.date(2015, 4, 30), 0),
        ("2014-05", None, datetime.date(2015, 5, 1), 1),
        ("2014-05-20", None, datetime.date(2015, 5, 19), 0),
        ("2014-05-20", None, datetime.date(2015, 5, 20), 1),
        ("2016-02-29", None, datetime.date(2017, 2, 28), 1),
        ("2000", "2005-06", datetime.date(2020, 1, 1), 5),
        ("2000", "2005-06", datetime.date(2003, 1, 1), 3),
        ("2000", "2005", datetime.date(2005, 12, 31), 5),
        ("2014", None, datetime.date(2013, 6, 1), 0),
        ("2014", None, datetime.date(2014, 1, 1), 0),
        ("2014-05-20", None, datetime.date(2014, 5, 20), 0),
        ("2014", "2014", datetime.date(2020, 1, 1), 0),
    ],
    ids=[
        "year-start-day-before-anniversary",
        "year-start-counts-from-1-january",
        "month-start-day-before-anniversary",
        "month-start-counts-from-the-1st",
        "day-start-day-before-anniversary",
        "day-start-anniversary",
        "leap-day-start",
        "stops-at-ended",
        "before-ended",
        "ended-year-counts-from-its-earliest-day",
        "before-start",
        "on-year-start",
        "on-day-start",
        "ended-when-started",
    ],
)
def test_years_active(started: str, ended: str | None, as_of: datetime.date, expected: int) -> None:
    """Complete years from the earliest start day to as_of, or to the earliest ended day."""
    assert expected == uc.years_active(partnership(started, ended), as_of=as_of)


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
    """A later as_of never gives fewer years."""
    earlier, later = sorted([a, b])
    assert uc.years_active(subject, as_of=earlier) <= uc.years_active(subject, as_of=later)


@given(dated_partnerships(), st.dates())
def test_years_active_is_zero_until_the_start(subject: uc.Partnership, as_of: datetime.date) -> None:
    """On or before the earliest start day the count is 0; it is never negative."""
    years = uc.years_active(subject, as_of=as_of)
    assert years >= 0
    if as_of <= subject.started.earliest:
        assert years == 0


@given(dated_partnerships(), st.dates())
def test_years_active_stops_at_ended(subject: uc.Partnership, as_of: datetime.date) -> None:
    """After a partnership ended, the count stays what it was on the ended date."""
    if subject.ended is not None and as_of >= subject.ended.earliest:
        assert uc.years_active(subject, as_of=subject.ended.earliest) == uc.years_active(subject, as_of=as_of)


# -------------------------------------------------------------- exchange_balance


def test_rwth_aachen_exchange_balance() -> None:
    """Over 400 sent, over 200 received: a net of 200 that is not exact."""
    expected = uc.ExchangeBalance(
        outbound=uc.Quantity(400, Q.MORE_THAN, "over 400"),
        inbound=uc.Quantity(200, Q.MORE_THAN, "over 200"),
        net=200,
        exact=False,
    )
    assert expected == uc.exchange_balance(uc.load()["rwth-aachen"])


@pytest.mark.parametrize("partnership_id", ["tata-steel", "tohoku"])
def test_no_exchange_balance_without_figures(partnership_id: str) -> None:
    """Partnerships whose source gives no student figures have no balance."""
    assert uc.exchange_balance(uc.load()[partnership_id]) is None


def test_exact_balance_when_both_figures_are_exact() -> None:
    """Two exact figures give an exact balance; the net may be negative."""
    subject = partnership(
        "2000",
        metrics=(
            metric(K.STUDENTS_SENT, 10, Q.EXACT, "2020"),
            metric(K.STUDENTS_RECEIVED, 25, Q.EXACT, "2020"),
        ),
    )
    expected = uc.ExchangeBalance(outbound=uc.Quantity(10), inbound=uc.Quantity(25), net=-15, exact=True)
    assert expected == uc.exchange_balance(subject)


@pytest.mark.parametrize(
    ("sent", "received"),
    [(Q.EXACT, Q.APPROXIMATELY), (Q.AT_LEAST, Q.EXACT), (Q.FEWER_THAN, Q.AT_MOST)],
    ids=["approximate-inbound", "bound-outbound", "both-bounds"],
)
def test_balance_is_inexact_when_a_figure_is(sent: uc.Qualifier, received: uc.Qualifier) -> None:
    """Any figure that is not exact makes the balance inexact."""
    subject = partnership(
        "2000",
        metrics=(metric(K.STUDENTS_SENT, 10, sent, "2020"), metric(K.STUDENTS_RECEIVED, 5, received, "2020")),
    )
    balance = uc.exchange_balance(subject)
    assert balance is not None
    expected = (5, False)
    assert expected == (balance.net, balance.exact)


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
    expected = (300, 250)
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
    ("started", "ended", "on", "expected"),
    [
        ("2014", None, datetime.date(2013, 12, 31), False),
        ("2014", None, datetime.date(2014, 1, 1), True),
        ("2014-05", None, datetime.date(2014, 4, 30), False),
        ("2014-05", None, datetime.date(2014, 5, 1), True),
        ("2014", None, datetime.date(2090, 1, 1), True),
        ("2014", "2016-06", datetime.date(2016, 5, 31), True),
        ("2014", "2016-06", datetime.date(2016, 6, 1), False),
        ("2014", "2016", datetime.date(2015, 12, 31), True),
        ("2014", "2016", datetime.date(2016, 6, 1), False),
        ("2014", None, uc.PartialDate.parse("2014"), True),
        ("2014-05", None, uc.PartialDate.parse("2014"), False),
        ("2014", "2016-06", uc.PartialDate.parse("2016-06"), False),
    ],
    ids=[
        "day-before-start",
        "first-day-of-start-year",
        "day-before-start-month",
        "first-day-of-start-month",
        "ongoing",
        "day-before-ended",
        "first-day-of-ended",
        "before-ended-year",
        "in-ended-year",
        "partial-date-at-start",
        "partial-date-means-its-earliest-day",
        "partial-date-at-ended",
    ],
)
def test_is_active(
    started: str, ended: str | None, on: datetime.date | uc.PartialDate, expected: bool
) -> None:
    """Active from the earliest start day up to, not including, the earliest ended day."""
    assert expected == uc.is_active(partnership(started, ended), on)


@pytest.mark.parametrize("partnership_id", ["rwth-aachen", "tata-steel", "tohoku"])
def test_bundled_partnerships_active_at_the_source_date(partnership_id: str) -> None:
    """All three bundled partnerships were active when the source was published."""
    assert uc.is_active(uc.load()[partnership_id], SOURCE_DATE)


@given(dated_partnerships(), st.dates())
def test_active_partnership_keeps_counting(subject: uc.Partnership, on: datetime.date) -> None:
    """While active, a partnership's year count is what the distance from its start gives."""
    if uc.is_active(subject, on):
        expected = (
            on.year
            - subject.started.earliest.year
            - ((on.month, on.day) < (subject.started.earliest.month, subject.started.earliest.day))
        )
        assert expected == uc.years_active(subject, as_of=on)


def test_years_active_takes_a_datetime_or_a_partial_date() -> None:
    """A datetime counts to its day and a PartialDate to its earliest day, as is_active does."""
    rwth = uc.load()["rwth-aachen"]
    as_of = (
        datetime.datetime(2020, 10, 22, 23, 59),  # noqa: DTZ001 - a wall-clock moment is the point
        uc.PartialDate.parse("2020-10"),
        uc.PartialDate.parse("2020"),
    )
    expected = [41, 41, 41]
    assert expected == [uc.years_active(rwth, as_of=day) for day in as_of]
