"""audit(): what the dates of a valid dataset cannot support."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import attrs
import pytest

import ustb_coop as uc
from tests.strategies import location

DS = uc.load()
D = uc.PartialDate.parse
F = uc.FindingKind
SEED = "ustb-cooperation-cases"
# Positions come from ids, so reordering the bundled data breaks no test here.
RWTH, TATA, TOHOKU = (DS.ids.index(id_) for id_ in ("rwth-aachen", "tata-steel", "tohoku"))


def _partnership(dataset: uc.Dataset, index: int, **changes: Any) -> uc.Dataset:
    partnerships = list(dataset.partnerships)
    partnerships[index] = attrs.evolve(partnerships[index], **changes)
    return attrs.evolve(dataset, partnerships=tuple(partnerships))


def _child(dataset: uc.Dataset, index: int, collection: str, position: int, **changes: Any) -> uc.Dataset:
    children = list(getattr(dataset.partnerships[index], collection))
    children[position] = attrs.evolve(children[position], **changes)
    return _partnership(dataset, index, **{collection: tuple(children)})


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
        lambda: _child(DS, TATA, "milestones", 0, on=D("2013")),
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
        lambda: _child(DS, RWTH, "metrics", 1, as_of=D("1978-12-31")),
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
        lambda: _child(DS, TOHOKU, "programs", 0, first=D("2001")),
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
        lambda: _child(DS, RWTH, "milestones", 0, on=D("1979-01-01")), (), id="first-day-is-not-before"
    ),
    pytest.param(
        lambda: _child(DS, TATA, "milestones", 0, on=D("2013-12")),
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


@pytest.mark.parametrize(
    ("kind", "build", "expected"),
    [
        *(pytest.param(F.DATED_BEFORE_START, *p.values, id=f"before-start-{p.id}") for p in BEFORE_START),
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
    ],
)
def test_change_causes_no_other_kind_of_finding(
    kind: uc.FindingKind, build: Callable[[], uc.Dataset]
) -> None:
    """Besides the bundled count finding, a change causes findings of its own kind only."""
    others = {finding.kind for finding in uc.audit(build()) if finding.kind is not kind}
    assert others <= {F.COUNT_EXCEEDS_DATES}


def _program(**changes: Any) -> uc.Dataset:
    return _child(DS, TOHOKU, "programs", 0, **changes)


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
        attrs.evolve(_program(citation=uc.Citation(source="ror-00925cq50")), as_of=D("2030-01-01").earliest),
        None,
        id="unpublished-source-uses-dataset-date",
    ),
]


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
    dataset = _child(
        _child(DS, TOHOKU, "milestones", 0, on=D("1970")),
        RWTH,
        "milestones",
        0,
        on=D("1970"),
    )
    findings = uc.audit(dataset)
    assert len(findings) == 3
    assert sorted(findings, key=_top_level) == list(findings)
