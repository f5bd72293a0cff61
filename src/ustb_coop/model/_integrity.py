"""The one walk that checks ids and references across a dataset.

The loader reports what it finds as errors; `audit` reports it as findings
about a dataset built in code.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Iterable, Iterator

import attrs

from ustb_coop.model._dataset import Dataset
from ustb_coop.model._records import Citation, Organization


class FindingKind(enum.Enum):
    """What an integrity or audit finding is about."""

    #: Two records of one kind share an id.
    DUPLICATE_ID = "duplicate_id"
    #: A citation or organization id points at nothing in the dataset.
    DANGLING_REFERENCE = "dangling_reference"
    #: A milestone, metric, program or `confirmed` day is dated before its partnership started.
    DATED_BEFORE_START = "dated_before_start"
    #: A partnership holds an organization record that differs from the listed one of its id.
    MISMATCHED_ORGANIZATION = "mismatched_organization"
    #: A consecutive count needs more occurrences than the dates allow.
    COUNT_EXCEEDS_DATES = "count_exceeds_dates"
    #: A partnership is `confirmed` running later than every source it cites was published.
    CONFIRMED_AFTER_SOURCES = "confirmed_after_sources"


@attrs.frozen
class Finding:
    """Something wrong with the facts of a dataset.

    Attributes:
        kind: What sort of finding it is.
        facts: Paths to the facts involved, like ``partnerships[2].programs[0].first``;
            the first is where the problem shows.
        message: What is wrong, in words.
        partnership: The id of the partnership involved, or None.
    """

    kind: FindingKind
    facts: tuple[str, ...]
    message: str
    partnership: str | None = None

    def __str__(self) -> str:
        return f"{self.facts[0]}: {self.message}"


#: Gives the path of a top-level record from its collection and position.
Where = Callable[[str, int], str]


def in_order(collection: str, position: int) -> str:
    return f"{collection}[{position}]"


def duplicate_positions(ids: Iterable[str | None]) -> Iterator[tuple[int, int, str]]:
    """``(position, first position, id)`` for each id seen before; None stands for no id."""
    first_at: dict[str, int] = {}
    for position, id_ in enumerate(ids):
        if id_ is None:
            continue
        first = first_at.setdefault(id_, position)
        if first != position:
            yield position, first, id_


def duplicate_finding(
    path_of: Callable[[int], str], position: int, first: int, id_: str, label: str
) -> Finding:
    """The finding for a record at *position* whose id the one at *first* already used."""
    first_path = path_of(first)
    return Finding(
        FindingKind.DUPLICATE_ID,
        (f"{path_of(position)}.id", f"{first_path}.id"),
        f"duplicate {label} id {id_!r}, first used at {first_path}",
    )


def _duplicates(path_of: Callable[[int], str], ids: Iterable[str], label: str) -> Iterator[Finding]:
    for position, first, id_ in duplicate_positions(ids):
        yield duplicate_finding(path_of, position, first, id_, label)


def _section_path(source_path: str, position: int) -> str:
    return f"{source_path}.sections[{position}]"


def _listing(ids: Iterable[str]) -> str:
    return ", ".join(repr(i) for i in ids) or "none"


def _citations(dataset: Dataset, where: Where) -> Iterator[tuple[str, Citation, str | None]]:
    """Every citation in the dataset, with its path and partnership id."""
    for position, org in enumerate(dataset.organizations):
        path = where("organizations", position)
        for i, identifier in enumerate(org.identifiers):
            yield f"{path}.identifiers[{i}].citation", identifier.citation, None
        for i, citation in enumerate(org.citations):
            yield f"{path}.citations[{i}]", citation, None
    for position, p in enumerate(dataset.partnerships):
        path = where("partnerships", position)
        for i, citation in enumerate(p.citations):
            yield f"{path}.citations[{i}]", citation, p.id
        for i, milestone in enumerate(p.milestones):
            yield f"{path}.milestones[{i}].citation", milestone.citation, p.id
        for i, metric in enumerate(p.metrics):
            yield f"{path}.metrics[{i}].citation", metric.citation, p.id
        for i, program in enumerate(p.programs):
            yield f"{path}.programs[{i}].citation", program.citation, p.id


def _organization_references(
    dataset: Dataset, where: Where
) -> Iterator[tuple[str, str, Organization | None, str]]:
    """Every organization a partnership names: path, id, the record it holds if any, partnership id."""
    for position, p in enumerate(dataset.partnerships):
        path = where("partnerships", position)
        yield f"{path}.home", p.home.id, p.home, p.id
        yield f"{path}.partner", p.partner.id, p.partner, p.id
        for i, milestone in enumerate(p.milestones):
            if milestone.actor is not None:
                yield f"{path}.milestones[{i}].actor", milestone.actor, None, p.id


def _dangling_citation(
    sections: dict[str, tuple[str, ...]], path: str, citation: Citation, partnership: str | None
) -> Finding | None:
    if citation.source not in sections:
        return Finding(
            FindingKind.DANGLING_REFERENCE,
            (f"{path}.source",),
            f"unknown source {citation.source!r}; known sources: {_listing(sections)}",
            partnership,
        )
    if citation.section is not None and citation.section not in sections[citation.source]:
        return Finding(
            FindingKind.DANGLING_REFERENCE,
            (f"{path}.section",),
            f"source {citation.source!r} has no section {citation.section!r}; "
            f"its sections: {_listing(sections[citation.source])}",
            partnership,
        )
    return None


def _organization_findings(dataset: Dataset, where: Where, invalid: frozenset[str]) -> Iterator[Finding]:
    positions: dict[str, int] = {}
    for position, org in enumerate(dataset.organizations):
        positions.setdefault(org.id, position)
    for path, id_, held, partnership in _organization_references(dataset, where):
        if id_ in invalid:
            continue
        if id_ not in positions:
            yield Finding(
                FindingKind.DANGLING_REFERENCE,
                (path,),
                f"unknown organization {id_!r}; known organizations: {_listing(positions)}",
                partnership,
            )
        elif held is not None and held != dataset.organizations[positions[id_]]:
            listed = where("organizations", positions[id_])
            yield Finding(
                FindingKind.MISMATCHED_ORGANIZATION,
                (path, listed),
                f"the organization {id_!r} held here differs from {listed}; "
                "a file names it by id, so one of the two would be lost",
                partnership,
            )


def integrity_issues(
    dataset: Dataset,
    *,
    invalid_sources: frozenset[str] = frozenset(),
    invalid_organizations: frozenset[str] = frozenset(),
    where: Where = in_order,
) -> tuple[Finding, ...]:
    """Duplicate ids, then references that point nowhere; each kind in document order.

    Args:
        dataset: The dataset to check.
        invalid_sources: Source ids whose records failed on their own; the
            loader reports those once, so citations of them are not reported again.
        invalid_organizations: The same for organization ids.
        where: The path of a top-level record, from its collection and its
            position in the dataset; the loader maps positions back to the file's.
    """
    issues: list[Finding] = []
    issues += _duplicates(lambda i: where("sources", i), (s.id for s in dataset.sources), "source")
    issues += _duplicates(
        lambda i: where("organizations", i), (o.id for o in dataset.organizations), "organization"
    )
    issues += _duplicates(
        lambda i: where("partnerships", i), (p.id for p in dataset.partnerships), "partnership"
    )
    for position, source in enumerate(dataset.sources):
        issues += _duplicates(
            functools.partial(_section_path, where("sources", position)),
            (section.id for section in source.sections),
            "section",
        )
    sections = {source.id: tuple(section.id for section in source.sections) for source in dataset.sources}
    for path, citation, partnership in _citations(dataset, where):
        if citation.source in invalid_sources:
            continue
        finding = _dangling_citation(sections, path, citation, partnership)
        if finding is not None:
            issues.append(finding)
    issues += _organization_findings(dataset, where, invalid_organizations)
    return tuple(issues)
