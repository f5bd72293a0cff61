"""The parser and the dispatch: which command runs, with which arguments, and how errors end."""

from __future__ import annotations

import argparse
import datetime
import io
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import ustb_coop as uc
from ustb_coop.cli import _commands as commands
from ustb_coop.cli import _layout as layout
from ustb_coop.cli._common import EXIT_BROKEN_PIPE, EXIT_INVALID, EXIT_USAGE, UsageError
from ustb_coop.cli._show import show

_EXPORT_FORMATS = ("json", "csv", "datapackage", "sqlite", "jsonschema")


def _partial_date(text: str) -> uc.PartialDate:
    try:
        return uc.PartialDate.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


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
        type=_partial_date,
        default=default(None),
        help=(
            "count years active to this day (YYYY-MM-DD; a YYYY or YYYY-MM means any day of it; "
            "default: today)"
        ),
    )
    parser.add_argument(
        "--json", action="store_true", default=default(False), help="write JSON instead of text"
    )


_Command = Callable[[argparse.Namespace], int]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=layout.PROG,
        description=(
            "Read, check and export data about university and industry cooperation; "
            "USTB's cooperation cases are bundled. Without a command, prints the summary."
        ),
        epilog="Exit status: 0 success, 1 invalid data or audit findings with --strict, 2 usage error.",
    )
    parser.add_argument("--version", action="version", version=f"{layout.PROG} {uc.__version__}")
    _add_shared_options(parser, suppress=False)
    shared = argparse.ArgumentParser(add_help=False)
    _add_shared_options(shared, suppress=True)
    subparsers = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND")

    def command(name: str, handler: _Command, help_text: str) -> argparse.ArgumentParser:
        sub = subparsers.add_parser(name, parents=[shared], help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    command("summary", commands.summary, "partners, start, years active, exchange balance, milestones")
    listing = command("list", commands.list_, "one line per partnership; the options filter")
    listing.add_argument("--country", type=_country, help="partner's ISO 3166-1 alpha-2 code, like DE")
    listing.add_argument("--kind", choices=[kind.value for kind in uc.PartnershipKind])
    listing.add_argument("--activity", choices=[activity.value for activity in uc.Activity])
    listing.add_argument("--field", help="a research field, compared without regard to case")
    listing.add_argument(
        "--active-on",
        metavar="DATE",
        type=_partial_date,
        help="shown running on this day by the sources (a YYYY or YYYY-MM: on every day of it)",
    )
    show_parser = command("show", show, "everything about one partnership")
    show_parser.add_argument("id", metavar="ID", help="a partnership id, like rwth-aachen")
    timeline_parser = command(
        "timeline", commands.timeline, "dated milestones of every partnership, oldest first"
    )
    timeline_parser.add_argument(
        "--from", dest="start", metavar="DATE", type=_partial_date, help="from this date"
    )
    timeline_parser.add_argument(
        "--to", dest="end", metavar="DATE", type=_partial_date, help="up to this date"
    )
    command("balance", commands.balance, "students sent and received per partnership")
    audit_parser = command(
        "audit",
        commands.audit,
        "findings about the facts: dates before a start, counts the dates cannot hold",
    )
    audit_parser.add_argument("--strict", action="store_true", help="exit with 1 when there are findings")
    validate_parser = command("validate", commands.validate, "check a dataset file and list every problem")
    validate_parser.add_argument("file", metavar="FILE", type=Path, help="a .toml or .json dataset")
    export_parser = command("export", commands.export, "write the dataset in another format")
    export_parser.add_argument("--format", required=True, choices=_EXPORT_FORMATS)
    export_parser.add_argument(
        "--output",
        required=True,
        metavar="PATH",
        type=Path,
        help="a file, or a directory for csv/datapackage",
    )
    parser.set_defaults(handler=commands.summary)
    return parser


def _run(argv: Sequence[str] | None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse has printed its message, or the help or version
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    if args.as_of is None:
        args.as_of = uc.PartialDate.from_date(datetime.date.today())  # noqa: DTZ011 - a calendar day
    handler: _Command = args.handler
    try:
        return handler(args)
    except (uc.UnknownPartnershipError, UsageError) as error:
        layout.error(str(error))
        return EXIT_USAGE
    except uc.DatasetError as error:
        layout.error(str(error))
        return EXIT_INVALID
    except OSError as error:
        if isinstance(error, BrokenPipeError):
            raise
        layout.error(f"{error.filename}: {error.strerror}" if error.filename else str(error))
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
