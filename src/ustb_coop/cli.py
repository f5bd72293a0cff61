"""The ``ustb-coop`` command: read, check and export cooperation data from a terminal.

Presentation lives here; every figure comes from the public API. Text output
is aligned plain text without colour or trailing spaces; ``--json`` gives the
same facts as JSON with stable keys (documented in ``docs/cli.md``).

Exit codes: 0 success, 1 invalid data or audit findings under ``--strict``,
2 usage errors, 141 when the reader of a pipe goes away early.
"""

from __future__ import annotations

import argparse
import datetime
import enum
import io
import itertools
import json
import os
import sys
import textwrap
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import ustb_coop as uc

#: The command finished and found nothing wrong.
EXIT_OK = 0
#: The data is invalid, or ``audit --strict`` found something.
EXIT_INVALID = 1
#: The command line was wrong: an unknown option or id, a bad date, a missing file.
EXIT_USAGE = 2
#: The reader of standard output went away (128 + SIGPIPE, as a shell reports it).
EXIT_BROKEN_PIPE = 141

#: How many occurrences of one program `show` lists before it stops.
MAX_OCCURRENCES_SHOWN = 100

_PROG = "ustb-coop"
_WIDTH = 79
_NONE = "—"
_EXPORT_FORMATS = ("json", "csv", "datapackage", "sqlite", "jsonschema")

Json = dict[str, object]


class _UsageError(Exception):
    """A mistake on the command line that argparse cannot see, reported with exit code 2."""


# ----------------------------------------------------------------- formatting


def _width(text: str) -> int:
    """The columns *text* takes in a terminal: wide East Asian characters take two, combining marks none."""
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1
        for char in text
    )


def _pad(text: str, width: int, *, right: bool = False) -> str:
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def _align(rows: Sequence[Sequence[str]], *, right: Iterable[int] = ()) -> list[str]:
    """Rows as columns two spaces apart, the *right* columns right-aligned, no trailing spaces."""
    right_aligned = frozenset(right)
    widths = [max(_width(cell) for cell in column) for column in zip(*rows, strict=True)]
    return [
        "  ".join(
            _pad(cell, width, right=position in right_aligned)
            for position, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], *, right: Iterable[int] = ()) -> list[str]:
    """A header line over aligned rows."""
    return _align([header, *rows], right=right)


def _fields(pairs: Sequence[tuple[str, str]], indent: str = "  ") -> list[str]:
    """Label and value pairs, values aligned and wrapped under each other."""
    label_width = max(len(label) for label, _ in pairs)
    lines: list[str] = []
    for label, value in pairs:
        head = f"{indent}{label.ljust(label_width)}  "
        lines += textwrap.wrap(
            value, _WIDTH, initial_indent=head, subsequent_indent=" " * len(head), break_on_hyphens=False
        ) or [head.rstrip()]
    return lines


def _paragraph(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, _WIDTH, initial_indent=indent, subsequent_indent=indent) or [indent.rstrip()]


def _words(member: enum.Enum) -> str:
    """An enum member's value as words: ``student_exchange`` -> ``student exchange``."""
    return str(member.value).replace("_", " ")


def _text(value: object) -> str:
    return _NONE if value is None else str(value)


def _balance_text(balance: uc.ExchangeBalance | None) -> str:
    """``over 400 out / over 200 in, net +200 (indicative)``, or a dash when there are no figures."""
    if balance is None:
        return _NONE
    net = f"{balance.net:+d}" if balance.net else "0"
    hedge = "" if balance.exact else " (indicative)"
    return f"{balance.outbound} out / {balance.inbound} in, net {net}{hedge}"


def _printable(line: str) -> str:
    """*line* with control characters from the data made harmless, so none can steer the terminal."""
    return "".join(
        " " if char == "\t" else "\N{REPLACEMENT CHARACTER}" if unicodedata.category(char) == "Cc" else char
        for char in line
    ).rstrip()


def _write(lines: Iterable[str]) -> None:
    sys.stdout.write("".join(f"{_printable(line)}\n" for line in lines))


def _write_json(document: Json) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def _dataset(args: argparse.Namespace) -> uc.Dataset:
    """The dataset of ``--data``, or the bundled one."""
    return uc.load(args.data)


def _error(message: str) -> None:
    sys.stderr.write(f"{_PROG}: {message}\n")


# ------------------------------------------------------------------ JSON parts


def _quantity_json(quantity: uc.Quantity) -> Json:
    return {"value": quantity.value, "qualifier": quantity.qualifier.value, "as_stated": quantity.as_stated}


def _balance_json(balance: uc.ExchangeBalance | None) -> Json | None:
    if balance is None:
        return None
    return {
        "outbound": _quantity_json(balance.outbound),
        "inbound": _quantity_json(balance.inbound),
        "net": balance.net,
        "exact": balance.exact,
    }


def _date_json(value: uc.PartialDate | datetime.date | None) -> str | None:
    return None if value is None else value.isoformat()


# ------------------------------------------------------------------- citations


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
        return " ".join(dict.fromkeys(self.mark(citation) for citation in citations)) or _NONE

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
                where, _WIDTH, initial_indent=f"  [{number}] ", subsequent_indent=" " * (len(str(number)) + 5)
            )
        return lines

    def json(self) -> list[Json]:
        resolved: list[Json] = []
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


# -------------------------------------------------------------------- commands


def _summary(args: argparse.Namespace) -> int:
    dataset = _dataset(args)
    as_of: datetime.date = args.as_of
    rows = [
        (
            partnership,
            uc.years_active(partnership, as_of=as_of),
            uc.exchange_balance(partnership),
        )
        for partnership in dataset
    ]
    if args.json:
        _write_json(
            {
                "version": dataset.version,
                "data_as_of": dataset.as_of.isoformat(),
                "as_of": as_of.isoformat(),
                "partnerships": [
                    {
                        "id": partnership.id,
                        "partner": partnership.partner.name,
                        "country": partnership.partner.country,
                        "started": partnership.started.isoformat(),
                        "years_active": years,
                        "exchange_balance": _balance_json(balance),
                        "milestone_count": len(partnership.milestones),
                    }
                    for partnership, years, balance in rows
                ],
            }
        )
        return EXIT_OK
    count = f"{len(dataset)} partnership{'' if len(dataset) == 1 else 's'}"
    lines = [
        f"{count} in dataset {dataset.version or '(no version)'}, facts as of {dataset.as_of};",
        f"years active counted to {as_of}.",
    ]
    if rows:
        lines.append("")
        lines += _table(
            ("PARTNER", "COUNTRY", "SINCE", "YEARS", "EXCHANGE BALANCE", "MILESTONES"),
            [
                (
                    partnership.partner.name,
                    _text(partnership.partner.country),
                    str(partnership.started),
                    str(years),
                    _balance_text(balance),
                    str(len(partnership.milestones)),
                )
                for partnership, years, balance in rows
            ],
            right=(3, 5),
        )
    _write(lines)
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    dataset = _dataset(args)
    selected = dataset.filter(
        country=args.country,
        kind=None if args.kind is None else uc.PartnershipKind(args.kind),
        activity=None if args.activity is None else uc.Activity(args.activity),
        field=args.field,
        active_on=args.active_on,
    )
    if args.json:
        _write_json(
            {
                "partnerships": [
                    {
                        "id": partnership.id,
                        "partner": partnership.partner.name,
                        "kind": partnership.kind.value,
                        "country": partnership.partner.country,
                        "started": partnership.started.isoformat(),
                    }
                    for partnership in selected
                ]
            }
        )
        return EXIT_OK
    if not selected:
        _write(["No partnerships match."])
        return EXIT_OK
    _write(
        _table(
            ("ID", "PARTNER", "KIND", "COUNTRY", "STARTED"),
            [
                (p.id, p.partner.name, p.kind.value, _text(p.partner.country), str(p.started))
                for p in selected
            ],
        )
    )
    return EXIT_OK


def _organization_lines(role: str, organization: uc.Organization, citations: _Citations) -> list[str]:
    pairs = [("id", organization.id), ("kind", _words(organization.kind))]
    if organization.short_name is not None:
        pairs.append(("short name", organization.short_name))
    pairs.append(("country", _text(organization.country)))
    if organization.city is not None:
        geonames = organization.city.geonames_id
        pairs.append(
            ("city", organization.city.name + ("" if geonames is None else f" (GeoNames {geonames})"))
        )
    pairs.append(("established", _text(organization.established)))
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
    return [f"{role}: {organization.name}", *_fields(pairs)]


def _milestone_lines(
    milestone: uc.Milestone, date_width: int, citations: _Citations, dataset: uc.Dataset
) -> list[str]:
    """A milestone under its date: title and source, then what happened, who acted, how many."""
    indent = " " * (4 + date_width)
    head = (
        f"  {_pad(_text(milestone.on), date_width)}  {milestone.title} {citations.mark(milestone.citation)}"
    )
    details = [_words(milestone.kind)]
    if milestone.actor is not None:
        actor = dataset.organization(milestone.actor)
        details.append(f"by {milestone.actor if actor is None else actor.name}")
    if milestone.count is not None:
        stated = milestone.count.as_stated
        details.append(f"count {milestone.count}" + ("" if stated is None else f' ("{stated}")'))
    lines = textwrap.wrap(head, _WIDTH, subsequent_indent=indent)
    lines += _paragraph("; ".join(details), indent)
    if milestone.description:
        lines += _paragraph(milestone.description, indent)
    return lines


def _occurrences(program: uc.Program) -> tuple[list[uc.PartialDate], bool]:
    """The program's occurrences, at most `MAX_OCCURRENCES_SHOWN`, and whether there were more."""
    shown = list(itertools.islice(program.occurrences(), MAX_OCCURRENCES_SHOWN + 1))
    return shown[:MAX_OCCURRENCES_SHOWN], len(shown) > MAX_OCCURRENCES_SHOWN


def _program_lines(program: uc.Program, citations: _Citations) -> list[str]:
    lines = [f"  {program.name} {citations.mark(program.citation)}"]
    facts = [_words(program.frequency)]
    if program.first is not None:
        facts.append(f"first {program.first}")
    if program.times_held is not None:
        facts.append(f"held {program.times_held} times")
    lines += _paragraph(", ".join(facts), "    ")
    if program.description:
        lines += _paragraph(program.description, "    ")
    occurrences, truncated = _occurrences(program)
    if occurrences:
        listed = ", ".join(str(on) for on in occurrences) + (", ..." if truncated else "")
        lines += textwrap.wrap(
            f"occurrences: {listed}", _WIDTH, initial_indent="    ", subsequent_indent=" " * 17
        )
    return lines


def _section(title: str, body: list[str]) -> list[str]:
    return ["", title, *(body or ["  none"])]


def _program_json(program: uc.Program) -> Json:
    occurrences, truncated = _occurrences(program)
    return {
        "program": program.name,
        "occurrences": [on.isoformat() for on in occurrences],
        "truncated": truncated,
    }


def _show_json(
    partnership: uc.Partnership, dataset: uc.Dataset, as_of: datetime.date, citations: _Citations
) -> Json:
    # The records come from `uc.dumps`, so they follow the file schema and stay in step with it.
    document = json.loads(uc.dumps(dataset))
    position = next(i for i, p in enumerate(dataset.partnerships) if p is partnership)
    organizations = {record["id"]: record for record in document["organizations"]}
    record = document["partnerships"][position]
    return {
        "as_of": as_of.isoformat(),
        "years_active": uc.years_active(partnership, as_of=as_of),
        "exchange_balance": _balance_json(uc.exchange_balance(partnership)),
        "partnership": record,
        "home": organizations.get(partnership.home.id),
        "partner": organizations.get(partnership.partner.id),
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


def _show(args: argparse.Namespace) -> int:
    dataset = _dataset(args)
    partnership = dataset[args.id]
    as_of: datetime.date = args.as_of
    citations = _Citations(dataset, partnership)
    if args.json:
        _write_json(_show_json(partnership, dataset, as_of, citations))
        return EXIT_OK
    years = uc.years_active(partnership, as_of=as_of)
    lines = [f"{partnership.id}: {partnership.home.name} and {partnership.partner.name}"]
    lines += _fields(
        [
            ("kind", _words(partnership.kind)),
            ("started", f"{partnership.started} ({years} years active as of {as_of})"),
            ("ended", "ongoing" if partnership.ended is None else str(partnership.ended)),
            ("activities", ", ".join(_words(a) for a in partnership.activities) or _NONE),
            ("fields", ", ".join(partnership.fields) or _NONE),
            ("exchange", _balance_text(uc.exchange_balance(partnership))),
            ("sources", citations.marks(partnership.citations)),
        ]
    )
    for role, organization in (("Home", partnership.home), ("Partner", partnership.partner)):
        lines += ["", *_organization_lines(role, organization, citations)]
    lines += _section("Summary", [] if partnership.summary is None else _paragraph(partnership.summary, "  "))
    date_width = max((_width(_text(milestone.on)) for milestone in partnership.milestones), default=0)
    lines += _section(
        "Milestones",
        [
            line
            for milestone in partnership.milestones
            for line in _milestone_lines(milestone, date_width, citations, dataset)
        ],
    )
    metric_rows = [
        (
            _words(metric.kind),
            str(metric.value),
            f"as of {metric.as_of}",
            f"{metric.note or ''} {citations.mark(metric.citation)}".strip(),
        )
        for metric in partnership.metrics
    ]
    lines += _section("Metrics", [f"  {line}" for line in _align(metric_rows)] if metric_rows else [])
    lines += _section(
        "Programs", [line for program in partnership.programs for line in _program_lines(program, citations)]
    )
    lines += _section("Sources", citations.listing())
    _write(lines)
    return EXIT_OK


def _timeline(args: argparse.Namespace) -> int:
    start: uc.PartialDate | None = args.start
    end: uc.PartialDate | None = args.end
    if start is not None and end is not None and start.earliest > end.latest:
        msg = f"--from {start} is after --to {end}"
        raise _UsageError(msg)
    dataset = _dataset(args)
    entries = dataset.timeline(start, end)
    if args.json:
        _write_json(
            {
                "from": _date_json(start),
                "to": _date_json(end),
                "entries": [
                    {
                        "on": entry.on.isoformat(),
                        "partnership": entry.partnership.id,
                        "partner": entry.partnership.partner.name,
                        "kind": entry.milestone.kind.value,
                        "title": entry.milestone.title,
                    }
                    for entry in entries
                ],
            }
        )
        return EXIT_OK
    if not entries:
        _write(["No dated milestones in that range."])
        return EXIT_OK
    _write(
        _table(
            ("DATE", "PARTNERSHIP", "MILESTONE"),
            [(str(entry.on), entry.partnership.id, entry.milestone.title) for entry in entries],
        )
    )
    return EXIT_OK


def _balance(args: argparse.Namespace) -> int:
    dataset = _dataset(args)
    rows = [(partnership, uc.exchange_balance(partnership)) for partnership in dataset]
    if args.json:
        _write_json(
            {
                "partnerships": [
                    {
                        "id": partnership.id,
                        "partner": partnership.partner.name,
                        "exchange_balance": _balance_json(balance),
                    }
                    for partnership, balance in rows
                ]
            }
        )
        return EXIT_OK
    if not rows:
        _write(["No partnerships."])
        return EXIT_OK
    table_rows = []
    for partnership, balance in rows:
        if balance is None:
            table_rows.append((partnership.id, partnership.partner.name, _NONE, _NONE, _NONE))
            continue
        net = f"{balance.net:+d}" if balance.net else "0"
        table_rows.append(
            (
                partnership.id,
                partnership.partner.name,
                str(balance.outbound),
                str(balance.inbound),
                net if balance.exact else f"{net} (indicative)",
            )
        )
    _write(_table(("ID", "PARTNER", "OUT", "IN", "NET"), table_rows))
    return EXIT_OK


def _audit(args: argparse.Namespace) -> int:
    dataset = _dataset(args)
    findings = uc.audit(dataset)
    if args.json:
        _write_json(
            {
                "findings": [
                    {
                        "kind": finding.kind.value,
                        "facts": list(finding.facts),
                        "message": finding.message,
                        "partnership": finding.partnership,
                    }
                    for finding in findings
                ]
            }
        )
    else:
        noun = "finding" if len(findings) == 1 else "findings"
        _write([*(str(finding) for finding in findings), f"{len(findings) or 'No'} {noun}."])
    return EXIT_INVALID if args.strict and findings else EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    name = str(args.file)
    try:
        dataset = uc.load(args.file)
    except uc.DatasetError as error:
        if args.json:
            problems = [{"path": p.path, "message": p.message} for p in error.problems]
            _write_json({"file": name, "valid": False, "partnerships": None, "problems": problems})
        else:
            _write(str(problem) for problem in error.problems)
            noun = "problem" if len(error.problems) == 1 else "problems"
            _error(f"{name}: invalid ({len(error.problems)} {noun})")
        return EXIT_INVALID
    if args.json:
        _write_json({"file": name, "valid": True, "partnerships": len(dataset), "problems": []})
    else:
        noun = "partnership" if len(dataset) == 1 else "partnerships"
        _write([f"{name}: valid ({len(dataset)} {noun})"])
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from ustb_coop._files import write_text  # noqa: PLC0415 - only export writes files

    output: Path = args.output
    written: tuple[Path, ...]
    if args.format == "json":
        write_text(output, uc.dumps(_dataset(args)) + "\n")
        written = (output,)
    elif args.format == "jsonschema":
        write_text(output, json.dumps(uc.json_schema(), ensure_ascii=False, indent=2) + "\n")
        written = (output,)
    elif args.format == "csv":
        written = uc.write_csv(_dataset(args), output)
    elif args.format == "datapackage":
        written = (uc.write_datapackage(_dataset(args), output),)
    else:
        written = (uc.write_sqlite(_dataset(args), output),)
    if args.json:
        _write_json({"format": args.format, "paths": [str(path) for path in written]})
    else:
        _write(str(path) for path in written)
    return EXIT_OK


# ---------------------------------------------------------------------- parser


def _partial_date(text: str) -> uc.PartialDate:
    try:
        return uc.PartialDate.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _day(text: str) -> datetime.date:
    """A ``--as-of`` or ``--active-on`` day; a year or a month means its first day."""
    return _partial_date(text).earliest


def _country(text: str) -> str:
    return text.upper()


def _add_shared_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """The options every command takes, before the command or after it.

    After the command they default to `argparse.SUPPRESS`, so that leaving them
    out there keeps what was given before the command.
    """

    def default(value: object) -> object:
        return argparse.SUPPRESS if suppress else value

    parser.add_argument(
        "--data",
        metavar="FILE",
        type=Path,
        default=default(None),
        help="read this .toml or .json dataset instead of the bundled one",
    )
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        type=_day,
        default=default(None),
        help="count years active to this day (YYYY, YYYY-MM or YYYY-MM-DD; default: today)",
    )
    parser.add_argument(
        "--json", action="store_true", default=default(False), help="write JSON instead of text"
    )


_Command = Callable[[argparse.Namespace], int]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=_PROG,
        description=(
            "Read, check and export data about university and industry cooperation; "
            "USTB's cooperation cases are bundled. Without a command, prints the summary."
        ),
        epilog="Exit status: 0 success, 1 invalid data or audit findings with --strict, 2 usage error.",
    )
    parser.add_argument("--version", action="version", version=f"{_PROG} {uc.__version__}")
    _add_shared_options(parser, suppress=False)
    shared = argparse.ArgumentParser(add_help=False)
    _add_shared_options(shared, suppress=True)
    commands = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND")

    def command(name: str, handler: _Command, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, parents=[shared], help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    command("summary", _summary, "partners, start, years active, exchange balance, milestones")
    listing = command("list", _list, "one line per partnership; the options filter")
    listing.add_argument("--country", type=_country, help="partner's ISO 3166-1 alpha-2 code, like DE")
    listing.add_argument("--kind", choices=[kind.value for kind in uc.PartnershipKind])
    listing.add_argument("--activity", choices=[activity.value for activity in uc.Activity])
    listing.add_argument("--field", help="a research field, compared without regard to case")
    listing.add_argument("--active-on", metavar="DATE", type=_day, help="active on this day")
    show = command("show", _show, "everything about one partnership")
    show.add_argument("id", metavar="ID", help="a partnership id, like rwth-aachen")
    timeline = command("timeline", _timeline, "dated milestones of every partnership, oldest first")
    timeline.add_argument("--from", dest="start", metavar="DATE", type=_partial_date, help="from this date")
    timeline.add_argument("--to", dest="end", metavar="DATE", type=_partial_date, help="up to this date")
    command("balance", _balance, "students sent and received per partnership")
    audit = command(
        "audit", _audit, "findings about the facts: dates before a start, counts the dates cannot hold"
    )
    audit.add_argument("--strict", action="store_true", help="exit with 1 when there are findings")
    validate = command("validate", _validate, "check a dataset file and list every problem")
    validate.add_argument("file", metavar="FILE", type=Path, help="a .toml or .json dataset")
    export = command("export", _export, "write the dataset in another format")
    export.add_argument("--format", required=True, choices=_EXPORT_FORMATS)
    export.add_argument(
        "--output",
        required=True,
        metavar="PATH",
        type=Path,
        help="a file, or a directory for csv/datapackage",
    )
    parser.set_defaults(handler=_summary)
    return parser


# ------------------------------------------------------------------------ main


def _run(argv: Sequence[str] | None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse has printed its message, or the help or version
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    if args.as_of is None:
        args.as_of = datetime.date.today()  # noqa: DTZ011 - a calendar day, not an instant
    handler: _Command = args.handler
    try:
        return handler(args)
    except (uc.UnknownPartnershipError, _UsageError) as error:
        _error(str(error))
        return EXIT_USAGE
    except uc.DatasetError as error:
        _error(str(error))
        return EXIT_INVALID
    except OSError as error:
        if isinstance(error, BrokenPipeError):
            raise
        _error(f"{error.filename}: {error.strerror}" if error.filename else str(error))
        return EXIT_USAGE


def _silence_stdout() -> None:
    """Point standard output at the null device, so the interpreter's last flush cannot fail again."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # replaced by an object that is not a file
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, descriptor)
    os.close(null)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status.

    Args:
        argv: The arguments after the program name; ``sys.argv[1:]`` when None.

    Returns:
        0 on success, 1 for invalid data or audit findings under ``--strict``,
        2 for a usage error, 141 when standard output is a closed pipe.
    """
    for stream in (sys.stdout, sys.stderr):
        # A terminal or pipe that cannot show a character gets an escape, not a traceback.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        code = _run(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    return code
