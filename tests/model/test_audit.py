"""audit(): what the dates of a valid dataset cannot support."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import attrs
import pytest

import ustb_coop as uc
from tests.edits import with_child, with_partnership
from tests.strategies import location
from ustb_coop.model._quantities import MAX_VALUE

DS = uc.load()
D = uc.PartialDate.parse
F = uc.FindingKind
SEED = "ustb-cooperation-cases"
# Positions come from ids, so reordering the bundled data breaks no test here.
RWTH, TATA, TOHOKU = (DS.ids.index(id_) for id_ in ("rwth-aachen", "tata-steel", "tohoku"))


# ------------------------------------------------------------------ bundled data


def test_bundled_dataset_has_one_finding() -> None:
    """The bundled data yields exactly the Tohoku program's count, which its dates cannot hold."""
    expected = (
        _finding(
            F.COUNT_EXCEEDS_DATES,
            (f"partnerships[{TOHOKU}].programs[0].times_held", f"partnerships[{TOHOKU}].programs[0].first"),
            "'Innovation and exchange program' is reported held 22 times yearly from 2002, which needs "
            "occurrences through 2023, but it was reported on 2020-10-22, by when at most 19 could have "
            "taken place",
            "tohoku",
        ),
    )
    assert expected == uc.audit(DS)


def test_bundled_finding_names_its_numbers() -> None:
    """The finding's message gives the count, the first year, the year it needs and how many fit."""
    (finding,) = uc.audit(DS)
    numbers = set(re.findall(r"\d+", finding.message))
    assert {"22", "2002", "2023", "19"} <= numbers
    expected = f"partnerships[{TOHOKU}].programs[0].times_held: {finding.message}"
    assert expected == str(finding)


def test_audit_does_not_change_the_dataset() -> None:
    """Auditing twice gives the same findings; the dataset is untouched."""
    before = uc.dumps(DS)
    assert uc.audit(DS) == uc.audit(DS)
    assert before == uc.dumps(DS)


# --------------------------------------------------------------- built in code


def _finding(
    kind: uc.FindingKind, facts: tuple[str, ...], message: str, partnership: str | None
) -> uc.Finding:
    return uc.Finding(kind, tuple(location(fact) for fact in facts), message, partnership)


BEFORE_START = [
    pytest.param(
        lambda: with_child(DS, TATA, "milestones", 0, on=D("2013")),
        (
            _finding(
                F.DATED_BEFORE_START,
                (f"partnerships[{TATA}].milestones[0].on", f"partnerships[{TATA}].started"),
                "milestone dated 2013 is before the partnership started (2014)",
                "tata-steel",
            ),
        ),
        id="milestone",
    ),
    pytest.param(
        lambda: with_child(DS, RWTH, "metrics", 1, as_of=D("1978-12-31")),
        (
            _finding(
                F.DATED_BEFORE_START,
                (f"partnerships[{RWTH}].metrics[1].as_of", f"partnerships[{RWTH}].started"),
                "metric dated 1978-12-31 is before the partnership started (1979)",
                "rwth-aachen",
            ),
        ),
        id="metric",
    ),
    pytest.param(
        lambda: with_child(DS, TOHOKU, "programs", 0, first=D("2001")),
        (
            _finding(
                F.DATED_BEFORE_START,
                (f"partnerships[{TOHOKU}].programs[0].first", f"partnerships[{TOHOKU}].started"),
                "program dated 2001 is before the partnership started (2002)",
                "tohoku",
            ),
        ),
        id="program",
    ),
    pytest.param(
        lambda: with_partnership(DS, TATA, confirmed=D("2013-06")),
        (
            _finding(
                F.DATED_BEFORE_START,
                (f"partnerships[{TATA}].confirmed", f"partnerships[{TATA}].started"),
                "confirmed dated 2013-06 is before the partnership started (2014)",
                "tata-steel",
            ),
        ),
        id="confirmed",
    ),
    pytest.param(
        lambda: with_child(DS, TOHOKU, "programs", 0, as_of=D("2001-12-31")),
        (
            _finding(
                F.DATED_BEFORE_START,
                (f"partnerships[{TOHOKU}].programs[0].as_of", f"partnerships[{TOHOKU}].started"),
                "program count dated 2001-12-31 is before the partnership started (2002)",
                "tohoku",
            ),
        ),
        id="program-count",
    ),
    pytest.param(
        lambda: with_child(DS, RWTH, "milestones", 0, on=D("1979-01-01")), (), id="first-day-is-not-before"
    ),
    pytest.param(
        lambda: with_child(DS, TATA, "milestones", 0, on=D("2013-12")),
        (
            _finding(
                F.DATED_BEFORE_START,
                (f"partnerships[{TATA}].milestones[0].on", f"partnerships[{TATA}].started"),
                "milestone dated 2013-12 is before the partnership started (2014)",
                "tata-steel",
            ),
        ),
        id="month-before-the-year",
    ),
]


def _confirmed_finding(index: int, partnership: str, message: str) -> tuple[uc.Finding, ...]:
    path = f"partnerships[{index}]"
    return (
        _finding(F.CONFIRMED_AFTER_SOURCES, (f"{path}.confirmed", f"{path}.citations"), message, partnership),
    )


CONFIRMED = [
    pytest.param(
        lambda: with_partnership(DS, RWTH, confirmed=D("2020-10-23")),
        _confirmed_finding(
            RWTH,
            "rwth-aachen",
            "confirmed running on 2020-10-23, later than every source the partnership cites was "
            "published (the latest by 2020-10-22)",
        ),
        id="a-day-after-the-source",
    ),
    pytest.param(
        lambda: with_partnership(DS, RWTH, confirmed=D("2020-10")), (), id="a-month-that-holds-the-source-day"
    ),
    pytest.param(
        lambda: with_partnership(DS, RWTH, confirmed=D("2020")), (), id="a-year-that-holds-the-source-day"
    ),
    pytest.param(
        lambda: with_partnership(DS, TATA, citations=(), milestones=()),
        _confirmed_finding(
            TATA,
            "tata-steel",
            "confirmed running on 2020-10-22, but the partnership cites no source that could show it",
        ),
        id="no-source-cited",
    ),
    pytest.param(
        lambda: attrs.evolve(
            with_partnership(
                DS,
                TATA,
                confirmed=D("2030-06"),
                citations=(uc.Citation(source="ror-00925cq50"),),
                milestones=(),
            ),
            as_of=D("2030-01-01").earliest,
        ),
        _confirmed_finding(
            TATA,
            "tata-steel",
            "confirmed running on 2030-06, later than every source the partnership cites was published "
            "(the latest by 2030-01-01)",
        ),
        id="undated-source-counts-as-the-dataset-as-of",
    ),
]


def _after_end_finding(ended: str) -> tuple[uc.Finding, ...]:
    path = f"partnerships[{RWTH}]"
    message = f"confirmed running on 2020-10-22, after the partnership ended ({ended})"
    return (_finding(F.CONFIRMED_AFTER_END, (f"{path}.confirmed", f"{path}.ended"), message, "rwth-aachen"),)


AFTER_END = [
    pytest.param(
        lambda: with_partnership(DS, RWTH, confirmed=D("2020-10-22"), ended=D("2020-10-21")),
        _after_end_finding("2020-10-21"),
        id="a-day-after-the-end",
    ),
    pytest.param(
        lambda: with_partnership(DS, RWTH, confirmed=D("2020-10-22"), ended=D("2019")),
        _after_end_finding("2019"),
        id="after-the-last-day-of-an-end-year",
    ),
    pytest.param(
        lambda: with_partnership(DS, RWTH, confirmed=D("2020-10-22"), ended=D("2020-10-22")),
        (),
        id="running-on-its-last-day",
    ),
    pytest.param(
        lambda: with_partnership(DS, RWTH, confirmed=D("2020-10-22"), ended=D("2020")),
        (),
        id="an-end-year-that-holds-the-day",
    ),
]


@pytest.mark.parametrize(
    ("kind", "build", "expected"),
    [
        *(pytest.param(F.DATED_BEFORE_START, *p.values, id=f"before-start-{p.id}") for p in BEFORE_START),
        *(pytest.param(F.CONFIRMED_AFTER_SOURCES, *p.values, id=f"confirmed-{p.id}") for p in CONFIRMED),
        *(pytest.param(F.CONFIRMED_AFTER_END, *p.values, id=f"after-end-{p.id}") for p in AFTER_END),
    ],
)
def test_finding_of_a_dataset_built_in_code(
    kind: uc.FindingKind, build: Callable[[], uc.Dataset], expected: tuple[uc.Finding, ...]
) -> None:
    """A dataset changed in code yields the findings of the kind its change causes, with their facts."""
    assert expected == tuple(finding for finding in uc.audit(build()) if finding.kind is kind)


@pytest.mark.parametrize(
    ("kind", "build"),
    [
        *(pytest.param(F.DATED_BEFORE_START, p.values[0], id=f"before-start-{p.id}") for p in BEFORE_START),
        *(pytest.param(F.CONFIRMED_AFTER_SOURCES, p.values[0], id=f"confirmed-{p.id}") for p in CONFIRMED),
        *(pytest.param(F.CONFIRMED_AFTER_END, p.values[0], id=f"after-end-{p.id}") for p in AFTER_END),
    ],
)
def test_change_causes_no_other_kind_of_finding(
    kind: uc.FindingKind, build: Callable[[], uc.Dataset]
) -> None:
    """Besides the bundled count finding, a change causes findings of its own kind only."""
    others = {finding.kind for finding in uc.audit(build()) if finding.kind is not kind}
    assert others <= {F.COUNT_EXCEEDS_DATES}


def _program(**changes: Any) -> uc.Dataset:
    return with_child(DS, TOHOKU, "programs", 0, **changes)


COUNTS = [
    pytest.param(
        _program(frequency=uc.Frequency.MONTHLY, first=D("2020-01"), times_held=uc.Quantity(12)),
        "'Innovation and exchange program' is reported held 12 times monthly from 2020-01, which needs "
        "occurrences through 2020-12, but it was reported on 2020-10-22, by when at most 10 could have "
        "taken place",
        id="monthly",
    ),
    pytest.param(
        _program(times_held=uc.Quantity(19, uc.Qualifier.MORE_THAN)),
        "'Innovation and exchange program' is reported held over 19 times yearly from 2002, which needs "
        "occurrences through 2021, but it was reported on 2020-10-22, by when at most 19 could have "
        "taken place",
        id="over-19-needs-20",
    ),
    pytest.param(_program(times_held=uc.Quantity(19)), None, id="exactly-19-fits"),
    pytest.param(_program(times_held=uc.Quantity(18, uc.Qualifier.MORE_THAN)), None, id="over-18-fits"),
    pytest.param(
        _program(times_held=uc.Quantity(40, uc.Qualifier.AT_MOST)), None, id="at-most-sets-no-minimum"
    ),
    pytest.param(_program(times_held=None), None, id="no-count"),
    pytest.param(_program(first=None), None, id="no-first"),
    pytest.param(
        attrs.evolve(
            _program(citation=uc.Citation(source="ror-00925cq50"), as_of=None), as_of=D("2030-01-01").earliest
        ),
        None,
        id="unpublished-source-uses-dataset-date",
    ),
    pytest.param(
        _program(citation=uc.Citation(source="ror-00925cq50"), as_of=D("2030")),
        None,
        id="program-as-of-wins-over-the-source",
    ),
    pytest.param(
        _program(as_of=D("2010")),
        "'Innovation and exchange program' is reported held 22 times yearly from 2002, which needs "
        "occurrences through 2023, but it was reported on 2010-12-31, by when at most 9 could have "
        "taken place",
        id="program-as-of-earlier-than-the-source",
    ),
    pytest.param(
        _program(as_of=None),
        "'Innovation and exchange program' is reported held 22 times yearly from 2002, which needs "
        "occurrences through 2023, but it was reported on 2020-10-22, by when at most 19 could have "
        "taken place",
        id="without-as-of-the-source-date",
    ),
    pytest.param(
        _program(
            frequency=uc.Frequency.DAILY,
            first=D("9999-12-30"),
            times_held=uc.Quantity(5),
            as_of=D("9999-12-31"),
        ),
        None,
        id="occurrences-stop-at-the-last-day",
    ),
]


def test_a_huge_count_audits_without_walking(monkeypatch: pytest.MonkeyPatch) -> None:
    """A daily program held the largest count from 0001-01-01 is audited by arithmetic, not day by day."""

    def walk(*_args: object, **_kwargs: object) -> None:
        msg = "audit walked the occurrences"
        raise AssertionError(msg)

    monkeypatch.setattr(uc.Program, "occurrences", walk)
    dataset = _program(
        frequency=uc.Frequency.DAILY, first=D("0001-01-01"), times_held=uc.Quantity(MAX_VALUE), as_of=None
    )
    expected = (
        f"'Innovation and exchange program' is reported held {MAX_VALUE} times daily from "
        "0001-01-01, which needs occurrences through 9999-12-31, but it was reported on 2020-10-22, "
        "by when at most 737720 could have taken place"
    )
    assert [expected] == [f.message for f in uc.audit(dataset) if f.kind is F.COUNT_EXCEEDS_DATES]


@pytest.mark.parametrize(("dataset", "message"), COUNTS)
def test_count_exceeds_dates(dataset: uc.Dataset, message: str | None) -> None:
    """A count is flagged when its lower bound needs occurrences after the day it was reported."""
    expected = [] if message is None else [message]
    assert expected == [finding.message for finding in uc.audit(dataset)]


@pytest.mark.parametrize(
    "dataset",
    [
        pytest.param(_program(times_held=None), id="bundled-without-the-count"),
        pytest.param(DS.filter(kind=uc.PartnershipKind.INDUSTRY), id="tata-steel-only"),
        pytest.param(uc.Dataset(version="0", as_of=DS.as_of), id="empty"),
    ],
)
def test_clean_dataset_has_no_findings(dataset: uc.Dataset) -> None:
    """A dataset with nothing wrong yields an empty tuple."""
    expected: tuple[uc.Finding, ...] = ()
    assert expected == uc.audit(dataset)


def _top_level(finding: uc.Finding) -> tuple[int, int]:
    collection, position, *_ = finding.locations[0]
    assert isinstance(position, int)
    return ("sources", "organizations", "partnerships").index(str(collection)), position


def test_findings_are_in_document_order() -> None:
    """Findings come in the order of the records they are about."""
    dataset = with_child(
        with_child(DS, TOHOKU, "milestones", 0, on=D("1970")),
        RWTH,
        "milestones",
        0,
        on=D("1970"),
    )
    findings = uc.audit(dataset)
    assert len(findings) == 3
    assert sorted(findings, key=_top_level) == list(findings)
