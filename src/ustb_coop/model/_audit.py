"""Findings about the facts of a valid dataset: what its own dates cannot support.

Ids and references are not findings: a `Dataset` cannot be built with them
broken (see `_integrity`). What is left are soft findings, facts that can
all be true only if a source is wrong.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterator

import attrs

from ustb_coop.exceptions import Location, render_location
from ustb_coop.model._dataset import Dataset
from ustb_coop.model._dates import PartialDate
from ustb_coop.model._records import Citation, Partnership


class FindingKind(enum.Enum):
    """What an audit finding is about."""

    #: A milestone, metric or program is dated before its partnership started.
    DATED_BEFORE_START = "dated_before_start"
    #: A consecutive count needs more occurrences than the dates allow.
    COUNT_EXCEEDS_DATES = "count_exceeds_dates"


@attrs.frozen
class Finding:
    """Something a dataset's own facts cannot all support.

    Attributes:
        kind: What sort of finding it is.
        locations: Where the facts involved are, as keys and list positions
            from the top (see `Problem.location`); the first is where the problem shows.
        message: What is wrong, in words.
        partnership: The id of the partnership involved, or None.
    """

    kind: FindingKind
    locations: tuple[Location, ...]
    message: str
    partnership: str | None = None

    @property
    def facts(self) -> tuple[str, ...]:
        """The locations as text, like ``partnerships[2].programs[0].first``."""
        return tuple(render_location(location) for location in self.locations)

    def __str__(self) -> str:
        return f"{self.facts[0]}: {self.message}"


def _before_start(partnership: Partnership, path: Location) -> Iterator[Finding]:
    started = partnership.started
    dated: list[tuple[Location, str, PartialDate | None]] = []
    dated += [
        ((*path, "milestones", i, "on"), "milestone", m.on) for i, m in enumerate(partnership.milestones)
    ]
    dated += [((*path, "metrics", i, "as_of"), "metric", m.as_of) for i, m in enumerate(partnership.metrics)]
    dated += [
        ((*path, "programs", i, "first"), "program", p.first) for i, p in enumerate(partnership.programs)
    ]
    for fact, label, on in dated:
        if on is not None and on.latest < started.earliest:
            yield Finding(
                FindingKind.DATED_BEFORE_START,
                (fact, (*path, "started")),
                f"{label} dated {on} is before the partnership started ({started})",
                partnership.id,
            )


def _reported_on(dataset: Dataset, citation: Citation) -> datetime.date:
    source = dataset.source(citation.source)
    if source is not None and source.published is not None:
        return source.published.latest
    return dataset.as_of


def _count_beyond_dates(dataset: Dataset, partnership: Partnership, path: Location) -> Iterator[Finding]:
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
                ((*path, "programs", i, "times_held"), (*path, "programs", i, "first")),
                f"{program.name!r} is reported held {program.times_held} times "
                f"{program.frequency.value} from {program.first}, which needs occurrences through "
                f"{last}, but it was reported on {reported_on}, "
                f"by when at most {fitting} could have taken place",
                partnership.id,
            )


def audit(dataset: Dataset) -> tuple[Finding, ...]:
    """Findings about the data itself, in the document order of the records they are about.

    Reports milestones, metrics and programs dated before their partnership
    started, and recurring counts that the dates cannot support (a program
    "held 22 consecutive years" from 2002 in a source dated 2020). Duplicate
    ids and references that point nowhere are not findings: no `Dataset`
    can hold them.

    Example:
        >>> import ustb_coop as uc
        >>> [finding.partnership for finding in uc.audit(uc.load())]
        ['tohoku']
    """
    findings: list[Finding] = []
    for position, partnership in enumerate(dataset.partnerships):
        path: Location = ("partnerships", position)
        findings += _before_start(partnership, path)
        findings += _count_beyond_dates(dataset, partnership, path)
    return tuple(findings)
