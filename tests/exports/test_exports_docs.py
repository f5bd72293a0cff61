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


def test_the_page_shows_two_queries() -> None:
    """The exports page shows the years-active and the figures queries."""
    assert len(_queries()) == 2


def test_years_active_query_gives_what_the_page_and_python_say(tmp_path: Path) -> None:
    """The page's SQL for years active agrees with its comment and with uc.years_active."""
    import datetime  # noqa: PLC0415 - only this test needs it

    database = uc.write_sqlite(uc.load(), tmp_path / "ustb.sqlite")
    years = {str(id_): count for id_, count in _rows(database, _queries()[0])}
    shown = dict(re.findall(r"([a-z-]+) (\d+)", _queries()[0].split("-- with :as_of = '2020-10-22':")[1]))
    in_python = {p.id: uc.years_active(p, as_of=datetime.date(2020, 10, 22)) for p in uc.load()}
    assert in_python == years == {id_: int(count) for id_, count in shown.items()}


def test_figures_query_gives_the_rows_the_page_shows(tmp_path: Path) -> None:
    """The page's SQL for the exchange figures returns exactly the rows in its comments."""
    database = uc.write_sqlite(uc.load(), tmp_path / "ustb.sqlite")
    query = _queries()[1]
    shown = [
        [cell.strip() for cell in line.removeprefix("-- ").split("|")]
        for line in query.splitlines()
        if line.startswith("-- ")
    ]
    assert shown == [[str(cell) for cell in row] for row in _rows(database, query)]
