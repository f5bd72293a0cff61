"""The one walk that checks ids and references across a dataset.

The loader reports what it finds as errors; `audit` reports it as findings
about a dataset built in code.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator

import attrs

from ustb_coop._dataset import Dataset
from ustb_coop._models import Citation


class FindingKind(enum.Enum):
    """What an integrity or audit finding is about."""

    #: Two records of one kind share an id.
    DUPLICATE_ID = "duplicate_id"
    #: A citation or organization id points at nothing in the dataset.
    DANGLING_REFERENCE = "dangling_reference"
    #: A milestone, metric or program is dated before its partnership started.
    DATED_BEFORE_START = "dated_before_start"
    #: A consecutive count needs more occurrences than the dates allow.
    COUNT_EXCEEDS_DATES = "count_exceeds_dates"


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


def _duplicates(collection: str, ids: Iterable[str], label: str) -> Iterator[Finding]:
    first_at: dict[str, int] = {}
    for position, id_ in enumerate(ids):
        if id_ in first_at:
            yield Finding(
                FindingKind.DUPLICATE_ID,
                (f"{collection}[{position}].id", f"{collection}[{first_at[id_]}].id"),
                f"duplicate {label} id {id_!r}, first used at {collection}[{first_at[id_]}]",
            )
        else:
            first_at[id_] = position


def _listing(ids: Iterable[str]) -> str:
    return ", ".join(repr(i) for i in ids) or "none"


def _citations(dataset: Dataset) -> Iterator[tuple[str, Citation, str | None]]:
    """Every citation in the dataset, with its path and partnership id."""
    for position, org in enumerate(dataset.organizations):
        path = f"organizations[{position}]"
        for i, identifier in enumerate(org.identifiers):
            yield f"{path}.identifiers[{i}].citation", identifier.citation, None
        for i, citation in enumerate(org.citations):
            yield f"{path}.citations[{i}]", citation, None
    for position, p in enumerate(dataset.partnerships):
        path = f"partnerships[{position}]"
        for i, citation in enumerate(p.citations):
            yield f"{path}.citations[{i}]", citation, p.id
        for i, milestone in enumerate(p.milestones):
            yield f"{path}.milestones[{i}].citation", milestone.citation, p.id
        for i, metric in enumerate(p.metrics):
            yield f"{path}.metrics[{i}].citation", metric.citation, p.id
        for i, program in enumerate(p.programs):
            yield f"{path}.programs[{i}].citation", program.citation, p.id


def _organization_references(dataset: Dataset) -> Iterator[tuple[str, str, str | None]]:
    """Every organization id a partnership names, with its path and partnership id."""
    for position, p in enumerate(dataset.partnerships):
        path = f"partnerships[{position}]"
        yield f"{path}.home", p.home.id, p.id
        yield f"{path}.partner", p.partner.id, p.id
        for i, milestone in enumerate(p.milestones):
            if milestone.actor is not None:
                yield f"{path}.milestones[{i}].actor", milestone.actor, p.id


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


def integrity_issues(
    dataset: Dataset,
    *,
    invalid_sources: frozenset[str] = frozenset(),
    invalid_organizations: frozenset[str] = frozenset(),
) -> tuple[Finding, ...]:
    """Duplicate ids, then references that point nowhere; each kind in document order.

    Args:
        dataset: The dataset to check.
        invalid_sources: Source ids whose records failed on their own; the
            loader reports those once, so citations of them are not reported again.
        invalid_organizations: The same for organization ids.
    """
    issues: list[Finding] = []
    issues += _duplicates("sources", (s.id for s in dataset.sources), "source")
    issues += _duplicates("organizations", (o.id for o in dataset.organizations), "organization")
    issues += _duplicates("partnerships", (p.id for p in dataset.partnerships), "partnership")
    for position, source in enumerate(dataset.sources):
        issues += _duplicates(f"sources[{position}].sections", (s.id for s in source.sections), "section")
    sections = {source.id: tuple(section.id for section in source.sections) for source in dataset.sources}
    for path, citation, partnership in _citations(dataset):
        if citation.source in invalid_sources:
            continue
        finding = _dangling_citation(sections, path, citation, partnership)
        if finding is not None:
            issues.append(finding)
    organization_ids = tuple(org.id for org in dataset.organizations)
    issues += (
        Finding(
            FindingKind.DANGLING_REFERENCE,
            (path,),
            f"unknown organization {id_!r}; known organizations: {_listing(organization_ids)}",
            partnership,
        )
        for path, id_, partnership in _organization_references(dataset)
        if id_ not in organization_ids and id_ not in invalid_organizations
    )
    return tuple(issues)
