"""A SQLite database of a dataset, for SQL, Datasette and any app with a SQLite driver.

The tables, columns and keys are those of `ustb_coop.exports._tables.TABLES`, the
description the CSV files and the data package use too.
"""

from __future__ import annotations

import datetime
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

from ustb_coop.exports._tables import TABLES, ColumnType, Scalar, Table, to_records
from ustb_coop.io._files import replacing
from ustb_coop.model._dataset import Dataset

#: SQLite column types of the column types; days are ISO ``YYYY-MM-DD`` text, which sorts by date.
_SQL_TYPES: dict[ColumnType, str] = {
    ColumnType.STRING: "TEXT",
    ColumnType.INTEGER: "INTEGER",
    ColumnType.DATE: "TEXT",
}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _names(names: tuple[str, ...]) -> str:
    return ", ".join(_quote(name) for name in names)


def _comment(text: str) -> str:
    """A SQL line comment; SQLite keeps it in the stored schema, where Datasette shows it."""
    return " -- " + " ".join(text.split())


def create_table_sql(table: Table) -> str:
    """The ``CREATE TABLE`` statement of *table*, its columns described in comments."""
    definitions = [
        (
            f"{_quote(column.name)} {_SQL_TYPES[column.type]}{' NOT NULL' if column.required else ''}",
            _comment(column.description),
        )
        for column in table.columns
    ]
    definitions.append((f"PRIMARY KEY ({_names(table.primary_key)})", ""))
    definitions.extend(
        (f"FOREIGN KEY ({_names(key.columns)}) REFERENCES {_quote(key.table)} ({_names(key.reference)})", "")
        for key in table.foreign_keys
    )
    last = len(definitions) - 1
    lines = [
        f"  {definition}{'' if index == last else ','}{comment}"
        for index, (definition, comment) in enumerate(definitions)
    ]
    return "\n".join([f"CREATE TABLE {_quote(table.name)} ({_comment(table.description)}", *lines, ")"])


def _index_sql(table: Table) -> Iterator[str]:
    """Indexes for the foreign keys the primary key does not already lead with."""
    for key in table.foreign_keys:
        if table.primary_key[: len(key.columns)] != key.columns:
            name = _quote(f"{table.name}_{'_'.join(key.columns)}")
            yield f"CREATE INDEX {name} ON {_quote(table.name)} ({_names(key.columns)})"


def _value(value: Scalar) -> str | int | None:
    # Days are stored as text explicitly: sqlite3's default date adapter is deprecated.
    return value.isoformat() if isinstance(value, datetime.date) else value


def _insert(connection: sqlite3.Connection, dataset: Dataset, table: Table) -> None:
    names = tuple(column.name for column in table.columns)
    values = ", ".join("?" * len(names))
    sql = f"INSERT INTO {_quote(table.name)} ({_names(names)}) VALUES ({values})"  # noqa: S608 - names from TABLES
    connection.executemany(
        sql, ([_value(record[name]) for name in names] for record in to_records(dataset, table.name))
    )


def write_sqlite(dataset: Dataset, path: str | os.PathLike[str]) -> Path:
    """Write *dataset* as a SQLite database, one table per table of `to_records`.

    Each table has its primary key and its foreign keys (sections to
    sources, partnerships to organizations, milestones, metrics and programs
    to partnerships and to their cited sources, milestone actors to
    organizations), enforced while the rows go in.
    Columns are INTEGER or TEXT; days are ISO ``YYYY-MM-DD`` text, so they
    compare and sort as dates, and ``julianday()`` and ``date()`` read them.
    The file opens as it is in Datasette, which links the foreign keys.

    The database is built in a new file beside *path* that then replaces
    it, so a reader sees the old file or the new one, never a half-written
    one, and on an error *path* is left as it was. A link has the file it
    points to replaced; a FIFO or a device is written into, not replaced.

    Args:
        dataset: The dataset to write.
        path: The database file; replaced when it exists.

    Returns:
        *path*, as a `Path`.

    Every `Dataset` keeps its ids unique and its references resolved, so
    every key and foreign key holds; SQLite checks them all the same.

    Example:
        >>> import sqlite3, tempfile, pathlib, ustb_coop as uc
        >>> with tempfile.TemporaryDirectory() as directory:
        ...     path = uc.write_sqlite(uc.load(), pathlib.Path(directory) / "ustb.sqlite")
        ...     with sqlite3.connect(path) as db:
        ...         db.execute("SELECT started FROM partnerships WHERE id = 'tohoku'").fetchone()
        ('2002',)
    """
    target = Path(path)
    with replacing(target) as temporary, closing(sqlite3.connect(temporary, isolation_level=None)) as db:
        # The journal in memory: no ``-journal`` file beside the temporary for a killed export to leave.
        db.execute("PRAGMA journal_mode = MEMORY")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("BEGIN")
        for table in TABLES.values():
            db.execute(create_table_sql(table))
            for statement in _index_sql(table):
                db.execute(statement)
            _insert(db, dataset, table)
        db.execute("COMMIT")
    return target
