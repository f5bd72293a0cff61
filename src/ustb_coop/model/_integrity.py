"""The rules every `Dataset` keeps: unique ids, references that resolve, one record per organization.

`Dataset` checks them whenever one is built (so `attrs.evolve` checks too);
the loader checks the records it could read against their positions in the
file. Either way a broken rule is a `Problem`, never a soft finding: a
dataset that breaks one cannot exist.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import TypeVar

from ustb_coop.exceptions import Location, Problem, quote, render_location
from ustb_coop.model._records import Citation, Organization, Partnership, Source

_T = TypeVar("_T")

#: A record with its position: in the dataset, or in the file it was read from.
Placed = Sequence[tuple[int, _T]]

#: Up to this many known ids are listed in a message; past it, the closest few are suggested.
LISTED_IDS = 10
#: How many ids a suggestion names at most.
SUGGESTED_IDS = 3
#: How many unknown ids of one check get suggestions; the rest say how many ids are known.
SUGGESTION_BUDGET = 20


def unknown_id_hint(noun: str, known: Collection[str], listing: str | None = None) -> Callable[[str], str]:
    """What to say of an id that is not among *known*: the known ids, or the closest few.

    The cost stays bounded however many ids are wrong: up to `LISTED_IDS`
    known ids are listed (after *listing*, by default "known *noun*");
    past that, the first `SUGGESTION_BUDGET` unknown ids get the closest
    known ones and the rest only how many are known.
    """
    left = [SUGGESTION_BUDGET]
    label = f"known {noun}" if listing is None else listing

    def hint(wanted: str) -> str:
        if len(known) <= LISTED_IDS:
            return f"{label}: {', '.join(quote(id_) for id_ in known) or 'none'}"
        if left[0] <= 0:
            return f"{len(known):,} {noun} are known"
        left[0] -= 1
        import difflib  # noqa: PLC0415 - only a wrong id needs it, never the way to a first answer

        close = difflib.get_close_matches(wanted, known, n=SUGGESTED_IDS, cutoff=0.6)
        if not close:
            return f"none of the {len(known):,} known {noun} is close"
        return f"did you mean {' or '.join(quote(id_) for id_ in close)}? ({len(known):,} {noun} are known)"

    return hint


def duplicate_positions(ids: Iterable[str | None]) -> Iterator[tuple[int, int, str]]:
    """``(position, first position, id)`` for each id seen before; None stands for no id."""
    first_at: dict[str, int] = {}
    for position, id_ in enumerate(ids):
        if id_ is None:
            continue
        first = first_at.setdefault(id_, position)
        if first != position:
            yield position, first, id_


def duplicate_problem(collection: Location, position: int, first: int, id_: str, label: str) -> Problem:
    """The problem of the record at *position* of *collection* whose id the one at *first* already used."""
    return Problem(
        (*collection, position, "id"),
        f"duplicate {label} id {quote(id_)}, first used at {render_location((*collection, first))}",
    )


def _duplicates(
    collection: Location, placed: Placed[object], ids: Iterable[str], label: str
) -> Iterator[Problem]:
    positions = [position for position, _ in placed]
    for index, first, id_ in duplicate_positions(ids):
        yield duplicate_problem(collection, positions[index], positions[first], id_, label)


def citations(
    organizations: Placed[Organization], partnerships: Placed[Partnership]
) -> Iterator[tuple[Location, Citation]]:
    """Every citation of these records, with its location."""
    for position, org in organizations:
        for i, identifier in enumerate(org.identifiers):
            yield ("organizations", position, "identifiers", i, "citation"), identifier.citation
        for i, citation in enumerate(org.citations):
            yield ("organizations", position, "citations", i), citation
    for position, p in partnerships:
        for i, citation in enumerate(p.citations):
            yield ("partnerships", position, "citations", i), citation
        for i, milestone in enumerate(p.milestones):
            yield ("partnerships", position, "milestones", i, "citation"), milestone.citation
        for i, metric in enumerate(p.metrics):
            yield ("partnerships", position, "metrics", i, "citation"), metric.citation
        for i, program in enumerate(p.programs):
            yield ("partnerships", position, "programs", i, "citation"), program.citation


def _organization_citations(org: Organization) -> Iterator[Citation]:
    for identifier in org.identifiers:
        yield identifier.citation
    yield from org.citations


def _partnership_citations(p: Partnership) -> Iterator[Citation]:
    yield from p.citations
    for milestone in p.milestones:
        yield milestone.citation
    for metric in p.metrics:
        yield metric.citation
    for program in p.programs:
        yield program.citation


def _citation_problems(
    sources: Placed[Source],
    organizations: Placed[Organization],
    partnerships: Placed[Partnership],
    invalid_sources: frozenset[str],
) -> Iterator[Problem]:
    # A dict keeps the sections' order for messages and finds one in constant time.
    sections: dict[str, dict[str, None]] = {}
    for _, source in sources:
        sections.setdefault(source.id, dict.fromkeys(section.id for section in source.sections))
    section_hints: dict[str, Callable[[str], str]] = {}

    def section_hint(source: str) -> Callable[[str], str]:
        if source not in section_hints:
            section_hints[source] = unknown_id_hint("sections", sections[source], "its sections")
        return section_hints[source]

    unknown = unknown_id_hint("sources", sections)

    def resolves(citation: Citation) -> bool:
        source = citation.source
        if source in invalid_sources:
            return True
        known = sections.get(source)
        return known is not None and (citation.section is None or citation.section in known)

    # Locations are built only for the records with a citation that does not resolve: a valid
    # dataset, the common case, then costs one lookup per citation and no allocation.
    broken_organizations = [
        placed for placed in organizations if not all(map(resolves, _organization_citations(placed[1])))
    ]
    broken_partnerships = [
        placed for placed in partnerships if not all(map(resolves, _partnership_citations(placed[1])))
    ]
    for location, citation in citations(broken_organizations, broken_partnerships):
        if citation.source in invalid_sources:
            continue  # the source's own problem is reported where it stands
        if citation.source not in sections:
            yield Problem(
                (*location, "source"),
                f"unknown source {quote(citation.source)}; {unknown(citation.source)}",
            )
        elif citation.section is not None and citation.section not in sections[citation.source]:
            yield Problem(
                (*location, "section"),
                f"source {quote(citation.source)} has no section {quote(citation.section)}; "
                f"{section_hint(citation.source)(citation.section)}",
            )


def _holds_listed(p: Partnership, listed: dict[str, tuple[int, Organization]]) -> bool:
    """Whether every organization *p* names is listed, and its home and partner are the listed records."""
    for org in (p.home, p.partner):
        entry = listed.get(org.id)
        if entry is None or (entry[1] is not org and entry[1] != org):
            return False
    # An id in *invalid* is never in *listed*, so the slow path, which skips those, sees it.
    return all(m.actor is None or m.actor in listed for m in p.milestones)


def _organization_problems(
    organizations: Placed[Organization], partnerships: Placed[Partnership], invalid: frozenset[str]
) -> Iterator[Problem]:
    listed: dict[str, tuple[int, Organization]] = {}
    for position, org in organizations:
        listed.setdefault(org.id, (position, org))
    unknown = unknown_id_hint("organizations", listed)
    for position, p in partnerships:
        if _holds_listed(p, listed):
            continue  # the common case, checked without building a location
        held: list[tuple[Location, str, Organization | None]] = [
            (("partnerships", position, "home"), p.home.id, p.home),
            (("partnerships", position, "partner"), p.partner.id, p.partner),
        ]
        held += [
            (("partnerships", position, "milestones", i, "actor"), milestone.actor, None)
            for i, milestone in enumerate(p.milestones)
            if milestone.actor is not None
        ]
        for location, id_, record in held:
            if id_ in invalid:
                continue
            if id_ not in listed:
                yield Problem(location, f"unknown organization {quote(id_)}; {unknown(id_)}")
            elif record is not None and record != listed[id_][1]:
                where = render_location(("organizations", listed[id_][0]))
                yield Problem(
                    location,
                    f"the organization {quote(id_)} held here differs from {where}; "
                    "a file names it by id, so one of the two would be lost",
                )


def integrity_problems(
    sources: Placed[Source],
    organizations: Placed[Organization],
    partnerships: Placed[Partnership],
    *,
    invalid_sources: frozenset[str] = frozenset(),
    invalid_organizations: frozenset[str] = frozenset(),
) -> list[Problem]:
    """Duplicate ids, then references that point nowhere or to another record; each kind in order.

    Args:
        sources: The sources, each with its position.
        organizations: The organizations, each with its position.
        partnerships: The partnerships, each with its position.
        invalid_sources: Ids of sources that failed on their own; the loader
            reports those once, so citations of them are not reported again.
        invalid_organizations: The same for organization ids.
    """
    problems: list[Problem] = []
    problems += _duplicates(("sources",), sources, (s.id for _, s in sources), "source")
    problems += _duplicates(
        ("organizations",), organizations, (o.id for _, o in organizations), "organization"
    )
    problems += _duplicates(("partnerships",), partnerships, (p.id for _, p in partnerships), "partnership")
    for position, source in sources:
        problems += _duplicates(
            ("sources", position, "sections"),
            list(enumerate(source.sections)),
            (section.id for section in source.sections),
            "section",
        )
    problems += _citation_problems(sources, organizations, partnerships, invalid_sources)
    problems += _organization_problems(organizations, partnerships, invalid_organizations)
    return problems
