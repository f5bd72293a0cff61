"""The arguments of the command line: their types, the options commands share, help layout and errors.

Each argument type turns one command-line word into a value or says, in an
`argparse.ArgumentTypeError`, what would be valid; `Parser` suggests the
closest choice for a mistyped one and writes help through `_layout`.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

import ustb_coop as uc
from ustb_coop.cli import _layout as layout
from ustb_coop.cli._common import DASH

if TYPE_CHECKING:
    from pathlib import Path

    from _typeshed import SupportsWrite

EXPORT_FORMATS = ("json", "csv", "datapackage", "sqlite", "jsonschema")
_COUNTRY = re.compile(r"[A-Za-z]{2}")
#: How much of a rejected argument an error message repeats.
_SHOWN = 40


def _shown(text: str) -> str:
    """*text* as an error message quotes it: its repr, cut short when long."""
    return repr(text) if len(text) <= _SHOWN else f"{text[:_SHOWN]!r}... ({len(text):,} characters)"


def partial_date(text: str) -> uc.PartialDate:
    try:
        return uc.PartialDate.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def byte_count(text: str) -> int:
    """A ``--max-bytes``: a whole number of bytes, 0 or more."""
    if not text.isascii() or not text.isdigit():
        msg = f"expected a whole number of bytes, like 134217728; got {_shown(text)}"
        raise argparse.ArgumentTypeError(msg)
    return int(text)


def country(text: str) -> str:
    """A ``--country`` code: two ASCII letters, in either case."""
    if _COUNTRY.fullmatch(text) is None:
        msg = f"expected an ISO 3166-1 alpha-2 country code of two letters, like DE or jp; got {_shown(text)}"
        raise argparse.ArgumentTypeError(msg)
    return text.upper()


def path(text: str) -> Path:
    """A file argument; pathlib is imported only when a command line names a file."""
    from pathlib import Path  # noqa: PLC0415 - the summary of the bundled data needs no path

    return Path(text)


def output(text: str) -> str:
    """An ``--output``: a path, or ``-`` for standard output; kept as text so ``./-`` stays a file."""
    if not text:
        msg = f"expected a path, or {DASH} for standard output; got an empty string"
        raise argparse.ArgumentTypeError(msg)
    return text


#: The options a command may take before its name or after it, and what each is for.
SHARED = ("data", "max_bytes", "as_of", "json")


def add_shared_options(
    parser: argparse.ArgumentParser, *, suppress: bool, only: Sequence[str] = SHARED
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
            type=path,
            default=default(None),
            help="read this .toml or .json dataset instead of the bundled one",
        )
    if "max_bytes" in only:
        parser.add_argument(
            "--max-bytes",
            metavar="N",
            type=byte_count,
            default=default(None),
            help=(
                f"refuse a dataset file of more than N bytes, or whose JSON export would be "
                f"(default: {uc.MAX_INPUT_BYTES:,}, 64 MiB)"
            ),
        )
    if "as_of" in only:
        parser.add_argument(
            "--as-of",
            metavar="DATE",
            type=partial_date,
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


class Formatter(argparse.HelpFormatter):
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


class Parser(argparse.ArgumentParser):
    """An argument parser whose help reports a failure to write it, and whose errors suggest a choice."""

    def error(self, message: str) -> NoReturn:
        super().error(_did_you_mean(message))

    def print_help(self, file: SupportsWrite[str] | None = None) -> None:
        if file is None:
            layout.emit(self.format_help())
        else:  # pragma: no cover - argparse passes no file; kept for the signature's sake
            super().print_help(file)


class Version(argparse.Action):
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
