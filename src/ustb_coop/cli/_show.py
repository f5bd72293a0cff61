"""The ``show`` command: everything about one partnership, with numbered citations."""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Iterable

import ustb_coop as uc
from ustb_coop.cli import _layout as layout
from ustb_coop.cli._common import EXIT_OK, dataset_of
from ustb_coop.model._occurrences import MAX_LISTED, listed_occurrences
from ustb_coop.model._queries import confirmed_only_to

#: How many occurrences of one program `show` lists before it stops.
MAX_OCCURRENCES_SHOWN = MAX_LISTED


class _Citations:
    """The distinct citations of one partnership, numbered in the order `show` prints them."""

    def __init__(self, dataset: uc.Dataset, partnership: uc.Partnership) -> None:
        self._dataset = dataset
        self._numbers: dict[uc.Citation, int] = {}
        for citation in _partnership_citations(partnership):
            self.mark(citation)

    def mark(self, citation: uc.Citation) -> str:
        """The citation's footnote mark, like ``[1]``."""
        number = self._numbers.setdefault(citation, len(self._numbers) + 1)
        return f"[{number}]"

    def marks(self, citations: Iterable[uc.Citation]) -> str:
        """The distinct marks of *citations*, in number order, like ``[1] [3]``."""
        numbers = sorted({int(self.mark(citation)[1:-1]) for citation in citations})
        return " ".join(f"[{number}]" for number in numbers) or layout.NONE

    def titles(self, citation: uc.Citation) -> tuple[str, str | None]:
        """The cited source's title, and its section's title when the citation names one."""
        source = self._dataset.source(citation.source)
        assert source is not None  # the loader rejects citations of unknown sources and sections
        if citation.section is None:
            return source.title, None
        return source.title, next(s.title for s in source.sections if s.id == citation.section)

    def listing(self) -> list[str]:
        lines = []
        for citation, number in self._numbers.items():
            title, section = self.titles(citation)
            where = title if section is None else f'{title}, section "{section}"'
            lines += textwrap.wrap(
                where,
                layout.WIDTH,
                initial_indent=f"  [{number}] ",
                subsequent_indent=" " * (len(str(number)) + 5),
            )
        return lines

    def json(self) -> list[layout.Json]:
        resolved: list[layout.Json] = []
        for citation in self._numbers:
            title, section = self.titles(citation)
            resolved.append(
                {
                    "source": citation.source,
                    "section": citation.section,
                    "source_title": title,
                    "section_title": section,
                }
            )
        return resolved


def _organization_lines(role: str, organization: uc.Organization, citations: _Citations) -> list[str]:
    pairs = [("id", organization.id), ("kind", layout.words(organization.kind))]
    if organization.short_name is not None:
        pairs.append(("short name", organization.short_name))
    pairs.append(("country", layout.cell_text(organization.country)))
    if organization.city is not None:
        geonames = organization.city.geonames_id
        pairs.append(
            ("city", organization.city.name + ("" if geonames is None else f" (GeoNames {geonames})"))
        )
    pairs.append(("established", layout.cell_text(organization.established)))
    if organization.other_names:
        names = [
            name.text if name.language is None else f"{name.text} ({name.language})"
            for name in organization.other_names
        ]
        pairs.append(("other names", "; ".join(names)))
    pairs += [
        (identifier.scheme.value, f"{identifier.value} {citations.mark(identifier.citation)}")
        for identifier in organization.identifiers
    ]
    pairs.append(("sources", citations.marks(organization.citations)))
    return [f"{role}: {organization.name}", *layout.fields(pairs)]


def _milestone_lines(
    milestone: uc.Milestone, date_width: int, citations: _Citations, dataset: uc.Dataset
) -> list[str]:
    """A milestone under its date: title and source, then what happened, who acted, how many."""
    indent = " " * (4 + date_width)
    date = layout.pad(layout.cell_text(milestone.on), date_width)
    head = f"  {date}  {milestone.title} {citations.mark(milestone.citation)}"
    details = [layout.words(milestone.kind)]
    if milestone.actor is not None:
        actor = dataset.organization(milestone.actor)
        details.append(f"by {milestone.actor if actor is None else actor.name}")
    if milestone.count is not None:
        stated = milestone.count.as_stated
        details.append(f"count {milestone.count}" + ("" if stated is None else f' ("{stated}")'))
    lines = textwrap.wrap(head, layout.WIDTH, subsequent_indent=indent)
    lines += layout.paragraph("; ".join(details), indent)
    if milestone.description:
        lines += layout.paragraph(milestone.description, indent)
    return lines


def _program_lines(program: uc.Program, citations: _Citations) -> list[str]:
    lines = [f"  {program.name} {citations.mark(program.citation)}"]
    facts = [layout.words(program.frequency)]
    if program.first is not None:
        facts.append(f"first {program.first}")
    if program.times_held is not None:
        facts.append(f"held {program.times_held} times")
    if program.as_of is not None:
        facts.append(f"as of {program.as_of}")
    lines += layout.paragraph(", ".join(facts), "    ")
    if program.description:
        lines += layout.paragraph(program.description, "    ")
    reported, implied, truncated = listed_occurrences(program)
    for label, dates, cut in (
        ("occurrences", reported, truncated and not implied),
        (f"implied after {program.as_of}, not reported", implied, truncated),
    ):
        if dates:
            listed = ", ".join(str(on) for on in dates) + (", ..." if cut else "")
            lines += textwrap.wrap(
                f"{label}: {listed}", layout.WIDTH, initial_indent="    ", subsequent_indent=" " * 6
            )
    return lines


def _program_json(program: uc.Program) -> layout.Json:
    reported, implied, truncated = listed_occurrences(program)
    return {
        "program": program.name,
        "as_of": layout.date_json(program.as_of),
        "occurrences": [on.isoformat() for on in reported],
        "implied": [on.isoformat() for on in implied],
        "truncated": truncated,
    }


def _show_json(partnership: uc.Partnership, as_of: uc.PartialDate, citations: _Citations) -> layout.Json:
    # The records are what `uc.dumps` writes for them, so they follow the file schema.
    return {
        "as_of": as_of.isoformat(),
        "years_active": layout.interval_json(uc.years_active(partnership, as_of=as_of)),
        "confirmed_only_to": layout.date_json(confirmed_only_to(partnership, as_of)),
        "exchange_balance": layout.balance_json(uc.exchange_balance(partnership)),
        "partnership": uc.unstructure(partnership),
        "home": uc.unstructure(partnership.home),
        "partner": uc.unstructure(partnership.partner),
        "program_occurrences": [_program_json(program) for program in partnership.programs],
        "citations": citations.json(),
    }


def _partnership_citations(partnership: uc.Partnership) -> Iterable[uc.Citation]:
    """Every citation `show` prints, in the order it prints them."""
    yield from partnership.citations
    for organization in (partnership.home, partnership.partner):
        yield from (identifier.citation for identifier in organization.identifiers)
        yield from organization.citations
    yield from (milestone.citation for milestone in partnership.milestones)
    yield from (metric.citation for metric in partnership.metrics)
    yield from (program.citation for program in partnership.programs)


def show(args: argparse.Namespace) -> int:
    dataset = dataset_of(args)
    partnership = dataset[args.id]
    as_of: uc.PartialDate = args.as_of
    citations = _Citations(dataset, partnership)
    if args.json:
        layout.write_json(_show_json(partnership, as_of, citations))
        return EXIT_OK
    years = f"{uc.years_active(partnership, as_of=as_of)} active as of {as_of}"
    beyond = confirmed_only_to(partnership, as_of)
    if beyond is not None:
        years += f"; confirmed only to {beyond}"
    lines = [f"{partnership.id}: {partnership.home.name} and {partnership.partner.name}"]
    lines += layout.fields(
        [
            ("kind", layout.words(partnership.kind)),
            ("started", str(partnership.started)),
            ("ended", "no end reported" if partnership.ended is None else str(partnership.ended)),
            (
                "confirmed",
                layout.NONE if partnership.confirmed is None else f"running on {partnership.confirmed}",
            ),
            ("years", years),
            ("activities", ", ".join(layout.words(a) for a in partnership.activities) or layout.NONE),
            ("fields", ", ".join(partnership.fields) or layout.NONE),
            ("exchange", layout.balance_text(uc.exchange_balance(partnership))),
            ("sources", citations.marks(partnership.citations)),
        ]
    )
    for role, organization in (("Home", partnership.home), ("Partner", partnership.partner)):
        lines += ["", *_organization_lines(role, organization, citations)]
    lines += layout.section(
        "Summary", [] if partnership.summary is None else layout.paragraph(partnership.summary, "  ")
    )
    date_width = max(
        (layout.display_width(layout.cell_text(milestone.on)) for milestone in partnership.milestones),
        default=0,
    )
    lines += layout.section(
        "Milestones",
        [
            line
            for milestone in partnership.milestones
            for line in _milestone_lines(milestone, date_width, citations, dataset)
        ],
    )
    metric_rows = [
        (
            layout.words(metric.kind),
            str(metric.value),
            f"as of {metric.as_of}",
            f"{metric.note or ''} {citations.mark(metric.citation)}".strip(),
        )
        for metric in partnership.metrics
    ]
    lines += layout.section(
        "Metrics", [f"  {line}" for line in layout.align(metric_rows)] if metric_rows else []
    )
    lines += layout.section(
        "Programs", [line for program in partnership.programs for line in _program_lines(program, citations)]
    )
    lines += layout.section("Sources", citations.listing())
    layout.write(lines)
    return EXIT_OK
