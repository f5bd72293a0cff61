"""CSV files and a Frictionless Data Package, for apps that read tables rather than Python.

Both are written from `ustb_coop.exports._tables.TABLES`, the one description of the
flat tables, so the CSV columns, the data package's Table Schemas and the
SQLite tables always agree.
"""

from __future__ import annotations

import csv
import datetime
import json
import os
from pathlib import Path

from ustb_coop.exports._tables import TABLES, Column, ColumnType, Scalar, Table, to_records
from ustb_coop.io._files import replacing_all
from ustb_coop.model._dataset import Dataset

#: The data package's name, as the Data Package spec's ``name`` pattern allows.
PACKAGE_NAME = "ustb-coop"

#: What the Data Package file is called, as the spec requires.
DESCRIPTOR_NAME = "datapackage.json"

#: Table Schema field types of the column types.
_FIELD_TYPES: dict[ColumnType, str] = {
    ColumnType.STRING: "string",
    ColumnType.INTEGER: "integer",
    ColumnType.DATE: "date",
}


def _cell(value: Scalar) -> str | int:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _csv_name(table: Table) -> str:
    return f"{table.name}.csv"


def _write_table(dataset: Dataset, table: Table, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow([column.name for column in table.columns])
        for record in to_records(dataset, table.name):
            writer.writerow([_cell(record[column.name]) for column in table.columns])


def _write_set(dataset: Dataset, folder: Path, descriptor: str | None) -> tuple[Path, ...]:
    """Write the CSV files, and *descriptor* as ``datapackage.json`` if given, as one set.

    Every file is written to a temporary first; only when all are complete
    do they replace the old ones (see `ustb_coop.io._files.replacing_all`).
    """
    folder.mkdir(parents=True, exist_ok=True)
    tables = tuple(TABLES.values())
    paths = [folder / _csv_name(table) for table in tables]
    if descriptor is not None:
        paths.append(folder / DESCRIPTOR_NAME)
    with replacing_all(paths) as temporaries:
        for table, temporary in zip(tables, temporaries, strict=False):
            _write_table(dataset, table, temporary)
        if descriptor is not None:
            temporaries[-1].write_text(descriptor, encoding="utf-8")
    return tuple(paths)


def write_csv(dataset: Dataset, directory: str | os.PathLike[str]) -> tuple[Path, ...]:
    """Write one CSV file per table of *dataset* into *directory*.

    The files are ``sources.csv``, ``sections.csv``, ``organizations.csv``,
    ``partnerships.csv``, ``milestones.csv``, ``metrics.csv`` and
    ``programs.csv``: UTF-8, a
    header row, then one row per record of `to_records`. Days are ISO
    ``YYYY-MM-DD`` text and unknown values are empty cells. The files are
    replaced as a set: all are written to temporary files first, and only
    when every one is complete do they take the old files' places, so an
    error leaves the old files as they were and no new file behind.

    Args:
        dataset: The dataset to write.
        directory: Where to write; created when missing. Files of the same
            names are replaced.

    Returns:
        The paths written, in table order.

    Example:
        >>> import tempfile, ustb_coop as uc
        >>> with tempfile.TemporaryDirectory() as directory:
        ...     [path.name for path in uc.write_csv(uc.load(), directory)][2:4]
        ['organizations.csv', 'partnerships.csv']
    """
    return _write_set(dataset, Path(directory), None)


def _resource_name(name: str, referrer: Table) -> str:
    """How a foreign key of *referrer* names the resource of table *name*."""
    # The Table Schema spec names the resource's own table with "".
    return "" if name == referrer.name else name


def _column_constraints(table: Table, column: Column) -> dict[str, object]:
    r"""The Table Schema ``constraints`` of *column*: the model's rules for its values, and its keys.

    Patterns are matched against the whole cell (Frictionless anchors them
    with ``^`` and ``$``, in Python's `re`); the trailing ``(?!\n)`` keeps
    ``$`` from matching before a final line break, as the model does.
    """
    rules = column.constraints
    constraints: dict[str, object] = {}
    if column.required:
        constraints["required"] = True
    if table.primary_key == (column.name,):
        constraints["unique"] = True
    if rules.enum is not None:
        constraints["enum"] = list(rules.enum)
    if rules.minimum is not None:
        constraints["minimum"] = rules.minimum
    if rules.maximum is not None:
        constraints["maximum"] = rules.maximum
    if rules.pattern is not None:
        constraints["pattern"] = f"(?:{rules.pattern})(?!\\n)"
    return constraints


def _table_schema(table: Table) -> dict[str, object]:
    """The Frictionless Table Schema of *table*."""
    fields = []
    for column in table.columns:
        field: dict[str, object] = {
            "name": column.name,
            "type": _FIELD_TYPES[column.type],
            "description": column.description,
        }
        constraints = _column_constraints(table, column)
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    # Frictionless looks up a key with some cells empty as it is, so a citation of a whole
    # source (no section) would name no section; SQLite checks those keys instead.
    foreign_keys = [
        {
            "fields": list(key.columns),
            "reference": {"resource": _resource_name(key.table, table), "fields": list(key.reference)},
        }
        for key in table.foreign_keys
        if not key.partial
    ]
    return {
        "fields": fields,
        "primaryKey": list(table.primary_key),
        "foreignKeys": foreign_keys,
        "missingValues": [""],
    }


def _descriptor(dataset: Dataset) -> dict[str, object]:
    """The Data Package descriptor (spec v1) of the CSV files `write_csv` writes."""
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "ustb-coop dataset",
        "description": (
            "Cooperation between universities and industry: organizations, partnerships and "
            f"their milestones, metrics and programs, as of {dataset.as_of.isoformat()}."
        ),
        "version": dataset.version,
        "resources": [
            {
                "name": table.name,
                "path": _csv_name(table),
                "profile": "tabular-data-resource",
                "description": table.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": _table_schema(table),
            }
            for table in TABLES.values()
        ],
    }


def write_datapackage(dataset: Dataset, directory: str | os.PathLike[str]) -> Path:
    """Write *dataset* as a Frictionless Data Package: the CSV files and ``datapackage.json``.

    The descriptor follows the Data Package spec v1. Each CSV file is a
    tabular data resource whose Table Schema gives every column's type
    (string, integer or date) and description, which columns are required,
    the primary key and the foreign keys between the tables, so
    ``frictionless validate datapackage.json`` checks the references too.

    Args:
        dataset: The dataset to write.
        directory: Where to write; created when missing. Files of the same
            names are replaced, all or none of them (see `write_csv`).

    Returns:
        The path of ``datapackage.json``.

    Example:
        >>> import tempfile, ustb_coop as uc
        >>> with tempfile.TemporaryDirectory() as directory:
        ...     uc.write_datapackage(uc.load(), directory).name
        'datapackage.json'
    """
    text = json.dumps(_descriptor(dataset), ensure_ascii=False, indent=2) + "\n"
    return _write_set(dataset, Path(directory), text)[-1]
