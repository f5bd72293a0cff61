"""A SQLite database of a dataset, for SQL, Datasette and any app with a SQLite driver.

The tables, columns, keys and constraints are those of
`ustb_coop.exports._tables.TABLES`, the description the CSV files and the
data package use too; ``CHECK`` constraints state the model's enums, bounds
and non-empty text, so the database refuses what the model refuses.
"""

from __future__ import annotations

import datetime
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

from ustb_coop.exports._fingerprint import fingerprint
from ustb_coop.exports._tables import TABLES, Column, ColumnType, Scalar, Table, to_records
from ustb_coop.io._files import replacing
from ustb_coop.model._dataset import Dataset
from ustb_coop.model._rules import WHITESPACE

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


def _text(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


# The model's whitespace set as SQL, for trim(): char() keeps control characters out of the schema text.
_WHITESPACE_SQL = f"char({', '.join(str(ord(character)) for character in WHITESPACE)})"


def column_checks(column: Column) -> tuple[str, ...]:
    """The ``CHECK`` expressions of *column*: its type, the model's enum, bounds and non-empty text.

    A NULL passes each of them (SQL's CHECK treats unknown as passing); ``NOT NULL`` says
    which columns need a value. Patterns other than these are left to the other exports:
    SQLite has no regular expressions.
    """
    name = _quote(column.name)
    rules = column.constraints
    checks: list[str] = []
    if column.type is ColumnType.INTEGER:
        checks.append(f"typeof({name}) IN ('integer', 'null')")
    if rules.enum is not None:
        checks.append(f"{name} IN ({', '.join(_text(value) for value in rules.enum)})")
    if rules.minimum is not None:
        checks.append(f"{name} >= {rules.minimum}")
    if rules.maximum is not None:
        checks.append(f"{name} <= {rules.maximum}")
    if rules.nonblank:
        checks.append(f"trim({name}, {_WHITESPACE_SQL}) <> ''")
    elif column.type is not ColumnType.INTEGER and rules.enum is None:
        checks.append(f"{name} <> ''")  # not stated is NULL; text that is stated is never empty
    return tuple(checks)


def _comment(text: str) -> str:
    """A SQL line comment; SQLite keeps it in the stored schema, where Datasette shows it."""
    return " -- " + " ".join(text.split())


def create_table_sql(table: Table) -> str:
    """The ``CREATE TABLE`` statement of *table*, its columns described in comments and checked."""
    definitions = [
        (
            f"{_quote(column.name)} {_SQL_TYPES[column.type]}{' NOT NULL' if column.required else ''}"
            + "".join(f" CHECK ({check})" for check in column_checks(column)),
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


#: The one-row table that says which data the database holds, so a query can know its date.
DATASET_TABLE = """CREATE TABLE "dataset" (
  "version" TEXT NOT NULL,  -- the dataset's own version
  "as_of" TEXT NOT NULL,  -- the day its facts are current to, YYYY-MM-DD
  "fingerprint" TEXT NOT NULL  -- the SHA-256 of its facts, as ustb_coop.fingerprint gives it
)"""


def _insert_dataset(connection: sqlite3.Connection, dataset: Dataset) -> None:
    connection.execute(DATASET_TABLE)
    connection.execute(
        'INSERT INTO "dataset" VALUES (?, ?, ?)',
        (dataset.version, dataset.as_of.isoformat(), fingerprint(dataset)),
    )


def write_sqlite(dataset: Dataset, path: str | os.PathLike[str]) -> Path:
    """Write *dataset* as a SQLite database, one table per table of `to_records`.

    Each table has its primary key and its foreign keys (sections to
    sources, partnerships to organizations, milestones, metrics and programs
    to partnerships, to their cited sources and, with the section, to the
    cited section, milestone actors to organizations), enforced while the
    rows go in. ``CHECK`` constraints refuse what the model refuses: an enum
    string it does not know, a count below 0 or past 2**53 - 1, blank text.
    Columns are INTEGER or TEXT; days are ISO ``YYYY-MM-DD`` text, so they
    compare and sort as dates, and ``julianday()`` and ``date()`` read them.
    NULL means not stated (a value, or a list with no items); no text is
    empty. A one-row table ``dataset`` holds the dataset's ``version``,
    ``as_of`` and ``fingerprint``, so a query can say what data it read.
    The file opens as it is in Datasette, which links the foreign keys;
    `datasette_metadata` adds descriptions and labels.

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
        _insert_dataset(db, dataset)
        for table in TABLES.values():
            db.execute(create_table_sql(table))
            for statement in _index_sql(table):
                db.execute(statement)
            _insert(db, dataset, table)
        db.execute("COMMIT")
    return target


def datasette_metadata(database: str | os.PathLike[str]) -> dict[str, object]:
    """Datasette's metadata for a database `write_sqlite` wrote: descriptions and label columns.

    Each table gets its description and each column its description, from
    the same table description the export uses; tables with a name or title
    get it as their ``label_column``, so Datasette shows organization names
    and source titles where other tables name them by id. Save it as JSON
    and serve both: ``datasette ustb.sqlite --metadata metadata.json``.

    Args:
        database: The database file, or its name in Datasette (the file name without its extension).

    Returns:
        The metadata, a plain dict ready for `json.dump`.

    Example:
        >>> import ustb_coop as uc
        >>> tables = uc.datasette_metadata("ustb.sqlite")["databases"]["ustb"]["tables"]
        >>> tables["organizations"]["label_column"], tables["metrics"]["columns"]["value"]
        ('name', 'the count: the figure the source gives')
    """
    tables: dict[str, object] = {}
    for table in TABLES.values():
        entry: dict[str, object] = {
            "description": table.description,
            "columns": {column.name: column.description for column in table.columns},
        }
        if table.label is not None:
            entry["label_column"] = table.label
        tables[table.name] = entry
    return {"databases": {Path(database).stem: {"tables": tables}}}
