"""Exports that write several files replace them as a set; SQLite leaves no journal to clean up."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

import ustb_coop as uc
from ustb_coop.exports import _datapackage, _sqlite, _tables
from ustb_coop.exports._tables import TABLES, Record, TableName

#: The fourth table written; a failure there comes after three files are complete.
FOURTH = list(TABLES)[3]


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def _failing_on_the_fourth_table(real: Callable[[uc.Dataset, TableName], list[Record]]) -> object:
    def to_records(dataset: uc.Dataset, table: TableName) -> list[Record]:
        if table == FOURTH:
            msg = "disk full while writing the fourth table"
            raise OSError(28, msg)
        return real(dataset, table)

    return to_records


@pytest.mark.parametrize(
    "write", [uc.write_csv, uc.write_datapackage], ids=["write_csv", "write_datapackage"]
)
def test_a_failure_on_the_fourth_table_replaces_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write: Callable[[uc.Dataset, Path], object]
) -> None:
    """An error after three complete files leaves every old file as it was and no new file behind."""
    uc.write_datapackage(uc.Dataset(version="0", as_of=uc.load().as_of), tmp_path)  # header-only tables
    (tmp_path / "sources.csv").unlink()  # the first table missing: it must not appear either
    before = _snapshot(tmp_path)
    real = _tables.to_records
    monkeypatch.setattr(_datapackage, "to_records", _failing_on_the_fourth_table(real))
    with pytest.raises(OSError, match="fourth table"):
        write(uc.load(), tmp_path)
    assert before == _snapshot(tmp_path)


def test_a_new_set_replaces_every_file(tmp_path: Path) -> None:
    """Without an error, every file of the set is new: an empty dataset leaves header-only tables."""
    uc.write_datapackage(uc.load(), tmp_path)
    empty = uc.Dataset(version="0", as_of=uc.load().as_of)
    uc.write_datapackage(empty, tmp_path)
    expected = {f"{name}.csv": 1 for name in TABLES}
    actual = {
        path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in tmp_path.glob("*.csv")
    }
    assert expected == actual


def test_sqlite_keeps_no_journal_beside_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """While the database is being built, no ``-journal`` file exists that a killed export could leave."""
    seen: list[list[str]] = []
    real = _tables.to_records

    def to_records(dataset: uc.Dataset, table: TableName) -> list[Record]:
        seen.append(sorted(path.name for path in tmp_path.iterdir() if path.name.endswith("-journal")))
        return real(dataset, table)

    monkeypatch.setattr(_sqlite, "to_records", to_records)
    path = uc.write_sqlite(uc.load(), tmp_path / "ustb.sqlite")
    with sqlite3.connect(path) as database:
        count = database.execute("SELECT count(*) FROM partnerships").fetchone()[0]
    expected: tuple[list[list[str]], int] = ([[]] * len(TABLES), 3)
    assert expected == (seen, count)
