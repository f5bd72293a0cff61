"""docs/exports.md's SQL runs against a real export and gives the results it shows."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path

import ustb_coop as uc

DOC = Path(__file__).resolve().parents[2] / "docs" / "exports.md"
_SQL = re.compile(r"```sql\n(.*?)```", re.DOTALL)


def _queries() -> list[str]:
    return _SQL.findall(DOC.read_text(encoding="utf-8"))


def _rows(database: Path, query: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(database)) as connection:
        return connection.execute(query, {"as_of": "2020-10-22"}).fetchall()


def _cell(value: object) -> str:
    """A cell as the page writes it in a comment: NULL for no value."""
    return "NULL" if value is None else str(value)


def _shown_rows(query: str) -> list[list[str]]:
    """The rows a query's comment lines show, cell by cell."""
    return [
        [cell.strip() for cell in line.removeprefix("-- ").split("|")]
        for line in query.splitlines()
        if line.startswith("-- ") and "|" in line
    ]


def test_the_page_shows_four_queries() -> None:
    """The exports page shows the dataset, the years-active, the figures and the net queries."""
    assert len(_queries()) == 4


def test_dataset_query_names_the_data(tmp_path: Path) -> None:
    """The page's first query reads the dataset table: the version, the day and a 64-digit fingerprint."""
    dataset = uc.load()
    database = uc.write_sqlite(dataset, tmp_path / "ustb.sqlite")
    query = _queries()[0]
    assert [[_cell(cell) for cell in row] for row in _rows(database, query)] == _shown_rows(query)
    with closing(sqlite3.connect(database)) as connection:
        (stored,) = connection.execute("SELECT fingerprint FROM dataset").fetchone()
    assert uc.fingerprint(dataset) == stored


def test_years_active_query_gives_what_the_page_and_python_say(tmp_path: Path) -> None:
    """The page's SQL for years active agrees with its comment and with uc.years_active: 40–41 for RWTH."""
    import datetime  # noqa: PLC0415 - only this test needs it

    database = uc.write_sqlite(uc.load(), tmp_path / "ustb.sqlite")
    years = {str(id_): (low, high) for id_, low, high in _rows(database, _queries()[1])}
    shown = re.findall(r"([a-z-]+) (\d+) (\d+)", _queries()[1].split("-- with :as_of = '2020-10-22':")[1])
    in_python = {
        p.id: (interval.low, interval.high)
        for p in uc.load()
        for interval in [uc.years_active(p, as_of=datetime.date(2020, 10, 22))]
    }
    assert in_python == years == {id_: (int(low), int(high)) for id_, low, high in shown}


def test_figures_query_gives_the_rows_the_page_shows(tmp_path: Path) -> None:
    """The page's SQL for the exchange figures returns exactly the rows in its comments."""
    database = uc.write_sqlite(uc.load(), tmp_path / "ustb.sqlite")
    query = _queries()[2]
    assert _shown_rows(query) == [[_cell(cell) for cell in row] for row in _rows(database, query)]


def test_net_query_gives_the_rows_the_page_shows_and_python_says(tmp_path: Path) -> None:
    """The page's SQL for the net gives its comment's rows and exchange_balance's net, unknown for RWTH."""
    database = uc.write_sqlite(uc.load(), tmp_path / "ustb.sqlite")
    query = _queries()[3]
    rows = _rows(database, query)
    in_python = [
        (p.id, balance.net.low, balance.net.high)
        for p in uc.load()
        for balance in [uc.exchange_balance(p)]
        if balance is not None
    ]
    assert (_shown_rows(query), in_python) == ([[_cell(cell) for cell in row] for row in rows], rows)
