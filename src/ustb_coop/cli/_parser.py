"""The parser and the dispatch: which command runs, with which arguments, and how errors end."""

from __future__ import annotations

import argparse
import datetime
import io
import re
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NoReturn

import ustb_coop as uc
from ustb_coop.cli import _commands as commands
from ustb_coop.cli import _layout as layout
from ustb_coop.cli._common import (
    DASH,
    EXIT_BROKEN_PIPE,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_USAGE,
    UsageError,
)

if TYPE_CHECKING:
    from pathlib import Path

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


def _path(text: str) -> Path:
    """A file argument; pathlib is imported only when a command line names a file."""
    from pathlib import Path  # noqa: PLC0415 - the summary of the bundled data needs no path

    return Path(text)


def _output(text: str) -> str:
    """An ``--output``: a path, or ``-`` for standard output; kept as text so ``./-`` stays a file."""
    if not text:
        msg = f"expected a path, or {DASH} for standard output; got an empty string"
        raise argparse.ArgumentTypeError(msg)
    return text


#: The options a command may take before its name or after it, and what each is for.
_SHARED = ("data", "as_of", "json")


def _add_shared_options(
    parser: argparse.ArgumentParser, *, suppress: bool, only: Sequence[str] = _SHARED
) -> None:
    """The options commands share, before the command's name or after it.

    After the command they default to `argparse.SUPPRESS`, so that leaving them
    out there keeps what was given before the command. A command's help
    lists only those in *only*, the ones it uses.
    """

    def default(value: object) -> object:
        return argparse.SUPPRESS if suppress else value

    if "data" in only:
        parser.add_argument(
            "--data",
            metavar="FILE",
            type=_path,
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
    if "as_of" in only:
        parser.add_argument(
            "--as-of",
            metavar="DATE",
            type=_partial_date,
            default=default(None),
            help=(
                "count years active to this day, YYYY-MM-DD (a YYYY or YYYY-MM means any day of it); "
                "default: today; summary and show use it"
            ),
        )
    if "json" in only:
        parser.add_argument(
            "--json", action="store_true", default=default(False), help="write JSON instead of text"
        )


class _Formatter(argparse.HelpFormatter):
    """Help text wrapped at spaces only, so ``YYYY-MM-DD`` and ``rwth-aachen`` stay whole."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        import textwrap  # noqa: PLC0415 - only help is wrapped; the summary needs none of it

        return textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap  # noqa: PLC0415 - see _split_lines

        return textwrap.fill(
            text,
            width,
            initial_indent=indent,
            subsequent_indent=indent,
            break_on_hyphens=False,
            break_long_words=False,
        )


_INVALID_CHOICE = re.compile(r"invalid choice: '(?P<value>[^']*)' \(choose from (?P<choices>.*)\)")


def _did_you_mean(message: str) -> str:
    """*message* with the closest valid choice suggested, when argparse says a choice is invalid."""
    match = _INVALID_CHOICE.search(message)
    if match is None:
        return message
    import difflib  # noqa: PLC0415 - only a mistyped choice needs it

    choices = [choice.strip().strip("'") for choice in match["choices"].split(",")]
    close = difflib.get_close_matches(match["value"], choices, n=1, cutoff=0.5)
    return f"{message}. Did you mean {close[0]!r}?" if close else message


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


class _Parser(argparse.ArgumentParser):
    """An argument parser whose help reports a failure to write it, and whose errors suggest a choice."""

    def error(self, message: str) -> NoReturn:
        super().error(_did_you_mean(message))

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
        formatter_class=_Formatter,
        description=(
            "Read, check and export data about university and industry cooperation; "
            "USTB's cooperation cases are bundled. Without a command, prints the summary."
        ),
        epilog="Exit status: 0 success, 1 invalid data or audit findings with --strict, 2 usage error.",
    )
    parser.add_argument("--version", action=_Version)
    _add_shared_options(parser, suppress=False)
    subparsers = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND")

    def command(
        name: str, handler: _Command, help_text: str, options: Sequence[str] = ("data", "json")
    ) -> argparse.ArgumentParser:
        sub = subparsers.add_parser(name, help=help_text, description=help_text, formatter_class=_Formatter)
        _add_shared_options(sub, suppress=True, only=options)
        sub.set_defaults(handler=handler)
        return sub

    command(
        "summary",
        commands.summary,
        "partners, start, years active, exchange balance, milestones",
        options=_SHARED,
    )
    listing = command("list", commands.list_, "one line per partnership; the options filter")
    listing.add_argument("--country", type=_country, help="partner's ISO 3166-1 alpha-2 code, like DE")
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
        type=_partial_date,
        help="shown running on this day by the sources (a YYYY or YYYY-MM: on every day of it)",
    )
    show_parser = command("show", _show, "everything about one partnership", options=_SHARED)
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
    validate_parser = command(
        "validate", commands.validate, "check a dataset file and list every problem", options=("json",)
    )
    validate_parser.add_argument("file", metavar="FILE", type=_path, help="a .toml or .json dataset")
    export_parser = command("export", _export, "write the dataset in another format")
    export_parser.add_argument(
        "--format",
        required=True,
        choices=_EXPORT_FORMATS,
        help="json (the file format), csv (a file per table), datapackage (csv with a Frictionless "
        "descriptor), sqlite (one database), jsonschema (the JSON Schema of the file format)",
    )
    export_parser.add_argument(
        "--output",
        required=True,
        metavar="PATH",
        type=_output,
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
