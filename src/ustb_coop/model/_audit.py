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
from ustb_coop.model._occurrences import counts_through, occurrence
from ustb_coop.model._records import Citation, Partnership


class FindingKind(enum.Enum):
    """What an audit finding is about."""

    #: A milestone, metric, program or `confirmed` day is dated before its partnership started.
    DATED_BEFORE_START = "dated_before_start"
    #: A consecutive count needs more occurrences than the dates allow.
    COUNT_EXCEEDS_DATES = "count_exceeds_dates"
    #: A partnership is `confirmed` running later than every source it cites was published.
    CONFIRMED_AFTER_SOURCES = "confirmed_after_sources"
    #: A partnership is `confirmed` running on a day after every day its `ended` may mean.
    CONFIRMED_AFTER_END = "confirmed_after_end"


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


def _ends_before(on: PartialDate | None, start: datetime.date) -> bool:
    """Whether every day *on* may mean is before *start*; None is never before."""
    if on is None or on.year > start.year:
        return False
    return on.year < start.year or on.latest < start


def _before_start(partnership: Partnership, path: Location) -> Iterator[Finding]:
    started, programs = partnership.started, partnership.programs
    start = started.earliest
    # Locations are built only for a partnership with a date before its start, a rare finding.
    dates = [partnership.confirmed]
    dates += [m.on for m in partnership.milestones]
    dates += [m.as_of for m in partnership.metrics]
    dates += [date for p in programs for date in (p.first, p.as_of)]
    # Most dates fall in a later year than the start: a comparison of years settles those.
    if not any(_ends_before(on, start) for on in dates if on is not None and on.year <= start.year):
        return
    dated: list[tuple[Location, str, PartialDate | None]] = [
        ((*path, "confirmed"), "confirmed", partnership.confirmed)
    ]
    dated += [
        ((*path, "milestones", i, "on"), "milestone", m.on) for i, m in enumerate(partnership.milestones)
    ]
    dated += [((*path, "metrics", i, "as_of"), "metric", m.as_of) for i, m in enumerate(partnership.metrics)]
    dated += [((*path, "programs", i, "first"), "program", p.first) for i, p in enumerate(programs)]
    dated += [((*path, "programs", i, "as_of"), "program count", p.as_of) for i, p in enumerate(programs)]
    for fact, label, on in dated:
        if _ends_before(on, start):
            yield Finding(
                FindingKind.DATED_BEFORE_START,
                (fact, (*path, "started")),
                f"{label} dated {on} is before the partnership started ({started})",
                partnership.id,
            )


#: The last day each source may have been published, by id; None when the source gives no date.
Published = dict[str, datetime.date | None]


def _published(dataset: Dataset) -> Published:
    published: Published = {}
    for source in dataset.sources:
        published.setdefault(source.id, None if source.published is None else source.published.latest)
    return published


def _reported_on(dataset: Dataset, published: Published, citation: Citation) -> datetime.date:
    """The last day the cited source can have been written: its publication, else the dataset's as_of."""
    day = published.get(citation.source)
    return dataset.as_of if day is None else day


def _partnership_citations(partnership: Partnership) -> Iterator[Citation]:
    yield from partnership.citations
    yield from (milestone.citation for milestone in partnership.milestones)
    yield from (metric.citation for metric in partnership.metrics)
    yield from (program.citation for program in partnership.programs)


def _confirmed_after_sources(
    dataset: Dataset, published: Published, partnership: Partnership, path: Location
) -> Iterator[Finding]:
    confirmed = partnership.confirmed
    if confirmed is None:
        return
    latest = max(
        (_reported_on(dataset, published, c) for c in _partnership_citations(partnership)), default=None
    )
    if latest is None:
        yield Finding(
            FindingKind.CONFIRMED_AFTER_SOURCES,
            ((*path, "confirmed"), (*path, "citations")),
            f"confirmed running on {confirmed}, but the partnership cites no source that could show it",
            partnership.id,
        )
    elif confirmed.earliest > latest:
        yield Finding(
            FindingKind.CONFIRMED_AFTER_SOURCES,
            ((*path, "confirmed"), (*path, "citations")),
            f"confirmed running on {confirmed}, later than every source the partnership cites "
            f"was published (the latest by {latest})",
            partnership.id,
        )


def _confirmed_after_end(partnership: Partnership, path: Location) -> Iterator[Finding]:
    confirmed, ended = partnership.confirmed, partnership.ended
    if confirmed is not None and ended is not None and confirmed.earliest > ended.latest:
        yield Finding(
            FindingKind.CONFIRMED_AFTER_END,
            ((*path, "confirmed"), (*path, "ended")),
            f"confirmed running on {confirmed}, after the partnership ended ({ended})",
            partnership.id,
        )


def _count_beyond_dates(
    dataset: Dataset, published: Published, partnership: Partnership, path: Location
) -> Iterator[Finding]:
    for i, program in enumerate(partnership.programs):
        if program.first is None or program.times_held is None:
            continue
        if program.as_of is not None:
            reported_on = program.as_of.latest
        else:
            reported_on = _reported_on(dataset, published, program.citation)
        # Arithmetic, not a walk: the cost does not grow with the count written in the file.
        total, fitting = counts_through(program, (datetime.date.max, reported_on))
        if fitting < total:
            yield Finding(
                FindingKind.COUNT_EXCEEDS_DATES,
                ((*path, "programs", i, "times_held"), (*path, "programs", i, "first")),
                f"{program.name!r} is reported held {program.times_held} times "
                f"{program.frequency.value} from {program.first}, which needs occurrences through "
                f"{occurrence(program, total - 1)}, but it was reported on {reported_on}, "
                f"by when at most {fitting} could have taken place",
                partnership.id,
            )


def audit(dataset: Dataset) -> tuple[Finding, ...]:
    """Findings about the data itself, in the document order of the records they are about.

    Reports milestones, metrics, programs and `confirmed` days dated before their
    partnership started, a `confirmed` day later than every source the
    partnership cites was published or after the partnership ended, and recurring counts that the dates
    cannot support (a program "held 22 consecutive years" from 2002, counted
    as of 2020). A program's count is taken as reported on its `as_of`, or
    else on the day its source was published (the dataset's `as_of` when
    the source gives none). The cost does not grow with the counts written
    in the data.

    Example:
        >>> import ustb_coop as uc
        >>> [finding.partnership for finding in uc.audit(uc.load())]
        ['tohoku']
    """
    findings: list[Finding] = []
    published = _published(dataset)
    for position, partnership in enumerate(dataset.partnerships):
        path: Location = ("partnerships", position)
        findings += _before_start(partnership, path)
        findings += _confirmed_after_sources(dataset, published, partnership, path)
        findings += _confirmed_after_end(partnership, path)
        findings += _count_beyond_dates(dataset, published, partnership, path)
    return tuple(findings)
