"""Findings about the facts of a dataset: what its own dates cannot support."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from ustb_coop.model._dataset import Dataset
from ustb_coop.model._dates import PartialDate
from ustb_coop.model._integrity import Finding, FindingKind, integrity_issues
from ustb_coop.model._records import Citation, Partnership


def _before_start(partnership: Partnership, path: str) -> Iterator[Finding]:
    started = partnership.started
    dated: list[tuple[str, str, PartialDate | None]] = []
    dated += [(f"{path}.milestones[{i}].on", "milestone", m.on) for i, m in enumerate(partnership.milestones)]
    dated += [(f"{path}.metrics[{i}].as_of", "metric", m.as_of) for i, m in enumerate(partnership.metrics)]
    dated += [(f"{path}.programs[{i}].first", "program", p.first) for i, p in enumerate(partnership.programs)]
    for fact, label, on in dated:
        if on is not None and on.latest < started.earliest:
            yield Finding(
                FindingKind.DATED_BEFORE_START,
                (fact, f"{path}.started"),
                f"{label} dated {on} is before the partnership started ({started})",
                partnership.id,
            )


def _reported_on(dataset: Dataset, citation: Citation) -> datetime.date:
    source = dataset.source(citation.source)
    if source is not None and source.published is not None:
        return source.published.latest
    return dataset.as_of


def _count_beyond_dates(dataset: Dataset, partnership: Partnership, path: str) -> Iterator[Finding]:
    for i, program in enumerate(partnership.programs):
        if program.first is None or program.times_held is None:
            continue
        reported_on = _reported_on(dataset, program.citation)
        # One pass, holding no list: a daily program may imply many dates.
        fitting = total = 0
        last = program.first
        for total, occurrence in enumerate(program.occurrences(), start=1):  # noqa: B007 - total is read after
            fitting += occurrence.earliest <= reported_on
            last = occurrence
        if fitting < total:
            yield Finding(
                FindingKind.COUNT_EXCEEDS_DATES,
                (f"{path}.programs[{i}].times_held", f"{path}.programs[{i}].first"),
                f"{program.name!r} is reported held {program.times_held} times "
                f"{program.frequency.value} from {program.first}, which needs occurrences through "
                f"{last}, but it was reported on {reported_on}, "
                f"by when at most {fitting} could have taken place",
                partnership.id,
            )


_RECORD = re.compile(r"(sources|organizations|partnerships)\[(\d+)\]")
_COLLECTIONS = ("sources", "organizations", "partnerships")


def _record_position(finding: Finding) -> tuple[int, int]:
    match = _RECORD.match(finding.facts[0])
    assert match is not None  # every finding's first fact is inside a top-level record
    return _COLLECTIONS.index(match[1]), int(match[2])


def audit(dataset: Dataset) -> tuple[Finding, ...]:
    """Findings about the data itself, in the document order of the records they are about.

    Reports duplicate ids, citations and organization ids that point nowhere,
    milestones, metrics and programs dated before their partnership started,
    and recurring counts that the dates cannot support (a program "held
    22 consecutive years" from 2002 in a source dated 2020).

    Example:
        >>> import ustb_coop as uc
        >>> [finding.partnership for finding in uc.audit(uc.load())]
        ['tohoku']
    """
    findings = list(integrity_issues(dataset))
    for position, partnership in enumerate(dataset.partnerships):
        path = f"partnerships[{position}]"
        findings += _before_start(partnership, path)
        findings += _count_beyond_dates(dataset, partnership, path)
    return tuple(sorted(findings, key=_record_position))
