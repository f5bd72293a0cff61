"""Text layout for the command line: aligned columns, wrapped fields, safe output.

Every helper here turns values into lines or writes lines; none reads data
or decides what to show.
"""

from __future__ import annotations

import datetime
import enum
import errno
import json
import os
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TextIO

import ustb_coop as uc

PROG = "ustb-coop"
#: The width text output wraps to.
WIDTH = 79
#: What a missing value prints as.
NONE = "—"

Json = dict[str, object]


def display_width(text: str) -> int:
    """The columns *text* takes in a terminal: wide East Asian characters take two, combining marks none."""
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1
        for char in text
    )


def pad(text: str, width: int, *, right: bool = False) -> str:
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def align(rows: Sequence[Sequence[str]], *, right: Iterable[int] = ()) -> list[str]:
    """Rows as columns two spaces apart, the *right* columns right-aligned, no trailing spaces."""
    right_aligned = frozenset(right)
    widths = [max(display_width(cell) for cell in column) for column in zip(*rows, strict=True)]
    return [
        "  ".join(
            pad(cell, width, right=position in right_aligned)
            for position, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def table(header: Sequence[str], rows: Sequence[Sequence[str]], *, right: Iterable[int] = ()) -> list[str]:
    """A header line over aligned rows."""
    return align([header, *rows], right=right)


def fields(pairs: Sequence[tuple[str, str]], indent: str = "  ") -> list[str]:
    """Label and value pairs, values aligned and wrapped under each other."""
    import textwrap  # noqa: PLC0415 - only show wraps; the summary and the tables do not

    label_width = max(len(label) for label, _ in pairs)
    lines: list[str] = []
    for label, value in pairs:
        head = f"{indent}{label.ljust(label_width)}  "
        lines += textwrap.wrap(
            value, WIDTH, initial_indent=head, subsequent_indent=" " * len(head), break_on_hyphens=False
        ) or [head.rstrip()]
    return lines


def paragraph(text: str, indent: str) -> list[str]:
    import textwrap  # noqa: PLC0415 - see fields()

    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent) or [indent.rstrip()]


def words(member: enum.Enum) -> str:
    """An enum member's value as words: ``student_exchange`` -> ``student exchange``."""
    return str(member.value).replace("_", " ")


def cell_text(value: object) -> str:
    return NONE if value is None else str(value)


def balance_text(balance: uc.ExchangeBalance | None) -> str:
    """The balance as `ExchangeBalance` words it, or a dash when there are no figures."""
    return NONE if balance is None else str(balance)


def printable(line: str) -> str:
    """*line* with control characters from the data made harmless, so none can steer the terminal."""
    return "".join(
        " " if char == "\t" else "\N{REPLACEMENT CHARACTER}" if unicodedata.category(char) == "Cc" else char
        for char in line
    ).rstrip()


#: What an error writing standard output names as its file (`OSError.filename`).
STANDARD_OUTPUT = "standard output"


def emit(text: str) -> None:
    """Write *text* to standard output as it is; an error other than a broken pipe names standard output."""
    try:
        sys.stdout.write(text)
    except BrokenPipeError:
        raise
    except OSError as error:  # a full disk, a device error: not the reader leaving
        raise OSError(error.errno, error.strerror, STANDARD_OUTPUT) from None


def emit_bytes(data: bytes) -> None:
    """Write *data* to standard output's byte stream, after any text already written."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        raise OSError(errno.EINVAL, "takes only text here, not bytes", STANDARD_OUTPUT)
    try:
        sys.stdout.flush()
        buffer.write(data)
        buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OSError(error.errno, error.strerror, STANDARD_OUTPUT) from None


def write(lines: Iterable[str]) -> None:
    emit("".join(f"{printable(line)}\n" for line in lines))


def write_json(document: Json) -> None:
    emit(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def silence(stream: TextIO | None) -> None:
    """Point *stream*'s file at the null device, so the interpreter's last flush cannot fail again."""
    if stream is None:
        return
    try:
        descriptor = stream.fileno()
    except (OSError, ValueError):  # closed, or an object that is not a file
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, descriptor)
    os.close(null)


def error(message: str) -> None:
    """Write *message* to standard error; when that is closed or failing, the exit status says enough."""
    if sys.stderr is None:  # started with standard error closed
        return
    try:
        sys.stderr.write(f"{PROG}: {message}\n")
        sys.stderr.flush()
    except OSError:
        silence(sys.stderr)


def section(title: str, body: list[str]) -> list[str]:
    return ["", title, *(body or ["  none"])]


def interval_json(interval: uc.Interval) -> Json:
    """``{"low": 40, "high": 41, "text": "40–41"}``; an unbounded side is null."""
    return {"low": interval.low, "high": interval.high, "text": str(interval)}


def quantity_json(quantity: uc.Quantity) -> Json:
    return {
        "value": quantity.value,
        "qualifier": quantity.qualifier.value,
        "as_stated": quantity.as_stated,
        "bounds": interval_json(quantity.bounds),
    }


def balance_json(balance: uc.ExchangeBalance | None) -> Json | None:
    if balance is None:
        return None
    return {
        "outbound": quantity_json(balance.outbound),
        "inbound": quantity_json(balance.inbound),
        "net": interval_json(balance.net),
        "exact": balance.exact,
        "text": str(balance),
    }


def date_json(value: uc.PartialDate | datetime.date | None) -> str | None:
    return None if value is None else value.isoformat()
