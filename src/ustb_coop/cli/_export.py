"""The ``export`` command: the dataset in another format, into files or onto standard output."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import ustb_coop as uc
from ustb_coop.cli import _layout as layout
from ustb_coop.cli._common import DASH, EXIT_OK, UsageError, dataset_of

#: The formats that write a directory of files, which standard output cannot take.
DIRECTORY_FORMATS = ("csv", "datapackage")


def _text(args: argparse.Namespace) -> str:
    """The document of a text format: the dataset's JSON or the JSON Schema."""
    if args.format == "json":
        return uc.dumps(dataset_of(args)) + "\n"
    return json.dumps(uc.json_schema(), ensure_ascii=False, indent=2) + "\n"


def _to_standard_output(args: argparse.Namespace) -> int:
    """Write a one-file format onto standard output, and nothing else there."""
    if args.format in DIRECTORY_FORMATS:
        msg = (
            f"--format {args.format} writes a directory of files; --output - (standard output) "
            "takes json, jsonschema or sqlite, so give a directory"
        )
        raise UsageError(msg)
    if args.format != "sqlite":
        text = _text(args)
        if getattr(sys.stdout, "buffer", None) is None:  # replaced by a text stream, as in a test
            layout.emit(text)
        else:  # UTF-8 whatever the terminal's encoding: the formats say so
            layout.emit_bytes(text.encode("utf-8"))
        return EXIT_OK
    if sys.stdout.isatty():
        msg = "will not write a SQLite database to a terminal; redirect standard output or give a file"
        raise UsageError(msg)
    dataset = dataset_of(args)
    # SQLite needs a file it can seek in; it is built whole there, then copied out.
    with tempfile.TemporaryDirectory() as directory:
        database = uc.write_sqlite(dataset, Path(directory) / "export.sqlite")
        with database.open("rb") as source:
            while chunk := source.read(1 << 16):
                layout.emit_bytes(chunk)
    return EXIT_OK


def export(args: argparse.Namespace) -> int:
    """Write the dataset (or the schema) to ``--output``, and print the paths written."""
    from ustb_coop.io._files import write_text  # noqa: PLC0415 - only export writes files

    if args.output == DASH:
        return _to_standard_output(args)
    output = Path(args.output)
    written: tuple[Path, ...]
    if args.format in ("json", "jsonschema"):
        write_text(output, _text(args))
        written = (output,)
    elif args.format == "csv":
        written = uc.write_csv(dataset_of(args), output)
    elif args.format == "datapackage":
        written = (uc.write_datapackage(dataset_of(args), output),)
    else:
        written = (uc.write_sqlite(dataset_of(args), output),)
    if args.json:
        layout.write_json({"format": args.format, "paths": [str(path) for path in written]})
    else:
        layout.write(str(path) for path in written)
    return EXIT_OK
