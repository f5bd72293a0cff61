"""The parser and the dispatch: which command runs, with which arguments, and how errors end."""

from __future__ import annotations

import argparse
import datetime
import io
import sys
from collections.abc import Callable, Sequence

import ustb_coop as uc
from ustb_coop.cli import _arguments as arguments
from ustb_coop.cli import _commands as commands
from ustb_coop.cli import _layout as layout
from ustb_coop.cli._common import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_USAGE,
    UsageError,
)

_Command = Callable[[argparse.Namespace], int]


# ``show`` and ``export`` (with tempfile, pathlib and textwrap behind them) are
# imported when they run, so the summary, the command run most, loads neither.
def _show(args: argparse.Namespace) -> int:
    from ustb_coop.cli._show import show  # noqa: PLC0415 - see above

    return show(args)


def _completion(args: argparse.Namespace) -> int:
    from ustb_coop.cli._completion import completion  # noqa: PLC0415 - see above

    return completion(args)


def _export(args: argparse.Namespace) -> int:
    from ustb_coop.cli._export import export  # noqa: PLC0415 - see above

    return export(args)


def _parser() -> argparse.ArgumentParser:
    parser = arguments.Parser(
        prog=layout.PROG,
        formatter_class=arguments.Formatter,
        description=(
            "Read, check and export data about university and industry cooperation; "
            "USTB's cooperation cases are bundled. Without a command, prints the summary."
        ),
        epilog="Exit status: 0 success, 1 invalid data or audit findings with --strict, 2 usage error.",
    )
    parser.add_argument("--version", action=arguments.Version)
    arguments.add_shared_options(parser, suppress=False)
    subparsers = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND")

    def command(
        name: str, handler: _Command, help_text: str, options: Sequence[str] = ("data", "max_bytes", "json")
    ) -> argparse.ArgumentParser:
        sub = subparsers.add_parser(
            name, help=help_text, description=help_text, formatter_class=arguments.Formatter
        )
        arguments.add_shared_options(sub, suppress=True, only=options)
        sub.set_defaults(handler=handler)
        return sub

    command(
        "summary",
        commands.summary,
        "partners, start, years active, exchange balance, milestones",
        options=arguments.SHARED,
    )
    listing = command("list", commands.list_, "one line per partnership; the options filter")
    listing.add_argument(
        "--country", type=arguments.country, help="partner's ISO 3166-1 alpha-2 code, like DE"
    )
    listing.add_argument(
        "--kind",
        choices=[kind.value for kind in uc.PartnershipKind],
        help="academic or industry partnerships only",
    )
    listing.add_argument(
        "--activity",
        choices=[activity.value for activity in uc.Activity],
        metavar="ACTIVITY",
        help=f"partnerships that carry out this activity: {', '.join(a.value for a in uc.Activity)}",
    )
    listing.add_argument("--field", help="a research field, compared without regard to case")
    listing.add_argument(
        "--active-on",
        metavar="DATE",
        type=arguments.partial_date,
        help="shown running on this day by the sources (a YYYY or YYYY-MM: on every day of it)",
    )
    show_parser = command("show", _show, "everything about one partnership", options=arguments.SHARED)
    show_parser.add_argument("id", metavar="ID", help="a partnership id, like rwth-aachen")
    timeline_parser = command(
        "timeline", commands.timeline, "dated milestones of every partnership, oldest first"
    )
    timeline_parser.add_argument(
        "--from", dest="start", metavar="DATE", type=arguments.partial_date, help="from this date"
    )
    timeline_parser.add_argument(
        "--to", dest="end", metavar="DATE", type=arguments.partial_date, help="up to this date"
    )
    command("balance", commands.balance, "students sent and received per partnership")
    audit_parser = command(
        "audit",
        commands.audit,
        "findings about the facts: dates before a start, counts the dates cannot hold",
    )
    audit_parser.add_argument("--strict", action="store_true", help="exit with 1 when there are findings")
    validate_parser = command(
        "validate",
        commands.validate,
        "check a dataset file and list every problem",
        options=("max_bytes", "json"),
    )
    validate_parser.add_argument("file", metavar="FILE", type=arguments.path, help="a .toml or .json dataset")
    export_parser = command("export", _export, "write the dataset in another format")
    export_parser.add_argument(
        "--format",
        required=True,
        choices=arguments.EXPORT_FORMATS,
        help="json (the file format), csv (a file per table), datapackage (csv with a Frictionless "
        "descriptor), sqlite (one database), jsonschema (the JSON Schema of the file format)",
    )
    export_parser.add_argument(
        "--output",
        required=True,
        metavar="PATH",
        type=arguments.output,
        help="a file, or a directory for csv/datapackage; - for standard output (json, jsonschema, sqlite)",
    )
    completion_parser = command(
        "completion", _completion, "print a shell completion script: eval it in bash or zsh", options=()
    )
    completion_parser.add_argument("shell", choices=("bash", "zsh"), help="the shell to complete in")
    completion_parser.set_defaults(root=parser)
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
