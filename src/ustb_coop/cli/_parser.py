"""The parser and the dispatch: which command runs, with which arguments, and how errors end."""

from __future__ import annotations

import argparse
import datetime
import io
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import ustb_coop as uc
from ustb_coop.cli import _commands as commands
from ustb_coop.cli import _layout as layout
from ustb_coop.cli._common import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_USAGE,
    UsageError,
)
from ustb_coop.cli._export import DASH, export
from ustb_coop.cli._show import show

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

_EXPORT_FORMATS = ("json", "csv", "datapackage", "sqlite", "jsonschema")
_COUNTRY = re.compile(r"[A-Za-z]{2}")
#: How much of a rejected argument an error message repeats.
_SHOWN = 40


def _shown(text: str) -> str:
    """*text* as an error message quotes it: its repr, cut short when long."""
    return repr(text) if len(text) <= _SHOWN else f"{text[:_SHOWN]!r}... ({len(text):,} characters)"


def _partial_date(text: str) -> uc.PartialDate:
    try:
        return uc.PartialDate.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _byte_count(text: str) -> int:
    """A ``--max-bytes``: a whole number of bytes, 0 or more."""
    if not text.isascii() or not text.isdigit():
        msg = f"expected a whole number of bytes, like 134217728; got {_shown(text)}"
        raise argparse.ArgumentTypeError(msg)
    return int(text)


def _country(text: str) -> str:
    """A ``--country`` code: two ASCII letters, in either case."""
    if _COUNTRY.fullmatch(text) is None:
        msg = f"expected an ISO 3166-1 alpha-2 country code of two letters, like DE or jp; got {_shown(text)}"
        raise argparse.ArgumentTypeError(msg)
    return text.upper()


def _output(text: str) -> str:
    """An ``--output``: a path, or ``-`` for standard output; kept as text so ``./-`` stays a file."""
    if not text:
        msg = f"expected a path, or {DASH} for standard output; got an empty string"
        raise argparse.ArgumentTypeError(msg)
    return text


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
        "--max-bytes",
        metavar="N",
        type=_byte_count,
        default=default(None),
        help=f"refuse a --data file of more than N bytes (default: {uc.MAX_INPUT_BYTES:,}, 64 MiB)",
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


class _Parser(argparse.ArgumentParser):
    """An argument parser whose help reports a failure to write it, rather than swallow it."""

    def print_help(self, file: SupportsWrite[str] | None = None) -> None:
        if file is None:
            layout.emit(self.format_help())
        else:  # pragma: no cover - argparse passes no file; kept for the signature's sake
            super().print_help(file)


class _Version(argparse.Action):
    """``--version``: print the program and version on standard output, failing loudly."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        del kwargs  # argparse passes default=, which a flag that only prints has no use for
        super().__init__(
            option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="print the version and exit"
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,  # noqa: ARG002 - the Action protocol
        values: object,  # noqa: ARG002
        option_string: str | None = None,  # noqa: ARG002
    ) -> NoReturn:
        layout.emit(f"{layout.PROG} {uc.__version__}\n")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=layout.PROG,
        description=(
            "Read, check and export data about university and industry cooperation; "
            "USTB's cooperation cases are bundled. Without a command, prints the summary."
        ),
        epilog="Exit status: 0 success, 1 invalid data or audit findings with --strict, 2 usage error.",
    )
    parser.add_argument("--version", action=_Version)
    _add_shared_options(parser, suppress=False)
    shared = _Parser(add_help=False)
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
    export_parser = command("export", export, "write the dataset in another format")
    export_parser.add_argument("--format", required=True, choices=_EXPORT_FORMATS)
    export_parser.add_argument(
        "--output",
        required=True,
        metavar="PATH",
        type=_output,
        help="a file, or a directory for csv/datapackage; - for standard output (json, jsonschema, sqlite)",
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
        if error.filename == layout.STANDARD_OUTPUT or (
            error.filename is None and isinstance(error, BrokenPipeError)
        ):
            raise  # standard output failed, or its reader went away: `main` ends that
        layout.error(f"{error.filename}: {error.strerror}" if error.filename else str(error))
        return EXIT_USAGE


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status.

    Args:
        argv: The arguments after the program name; ``sys.argv[1:]`` when None.

    Returns:
        0 on success, 1 for invalid data or audit findings under ``--strict``,
        2 for a usage error or when standard output is closed or cannot be
        written (a full disk), 130 when interrupted (Ctrl-C), 141 when
        standard output is a pipe whose reader went away.
    """
    if sys.stdout is None:  # started with standard output closed, as by ``>&-``
        layout.error("standard output is closed, so nothing was done; redirect it to a file or /dev/null")
        return EXIT_USAGE
    for stream in (sys.stdout, sys.stderr):
        # A terminal or pipe that cannot show a character gets an escape, not a traceback.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        code = _run(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        layout.silence(sys.stdout)
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:  # Ctrl-C, say while a FIFO given as --data waits for a writer
        return EXIT_INTERRUPTED
    except OSError as error:  # standard output failed: a full disk or a device error
        layout.silence(sys.stdout)
        layout.error(f"cannot write standard output: {error.strerror}")
        return EXIT_USAGE
    return code
