"""The SQLite export answers in SQL what the Python helpers answer, with keys that hold."""

from __future__ import annotations

import datetime
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ustb_coop as uc
from tests import strategies
from ustb_coop.exports._sqlite import write_sqlite
from ustb_coop.exports._tables import TABLES, TableName

SOURCE_DATE = datetime.date(2020, 10, 22)

#: The years-active query docs/exports.md shows, which an app would run on the stored days alone.
YEARS_ACTIVE_SQL = re.findall(
    r"```sql\n(.*?)```",
    (Path(__file__).resolve().parents[2] / "docs" / "exports.md").read_text("utf-8"),
    re.DOTALL,
)[1]

#: The latest figure of one kind per partnership: the latest earliest day, then the coarser
#: date (a shorter text spans longer), then the first listed, as `uc.latest_metric` picks.
LATEST_METRIC_SQL = """
SELECT partnership_id, value, value_qualifier FROM (
  SELECT partnership_id, value, value_qualifier,
    row_number() OVER (
      PARTITION BY partnership_id
      ORDER BY as_of_earliest DESC, length(as_of) ASC, position ASC
    ) AS rank
  FROM metrics WHERE kind = :kind
)
WHERE rank = 1
ORDER BY partnership_id
"""


def _user_dataset() -> uc.Dataset:
    """A user's variant of the bundled data: RWTH ended in 2010 and reported new figures in 2009."""
    bundled = uc.load()
    rwth = bundled["rwth-aachen"]
    citation = rwth.metrics[0].citation
    late_figures = (
        uc.Metric(
            kind=uc.MetricKind.STUDENTS_SENT,
            value=uc.Quantity(350),
            as_of=uc.PartialDate.parse("2009"),
            citation=citation,
        ),
        uc.Metric(
            kind=uc.MetricKind.STUDENTS_RECEIVED,
            value=uc.Quantity(180, uc.Qualifier.APPROXIMATELY),
            as_of=uc.PartialDate.parse("2009-06"),
            citation=citation,
        ),
    )
    ended = attrs.evolve(
        rwth,
        ended=uc.PartialDate.parse("2010-07"),
        metrics=(*rwth.metrics, *late_figures),
    )
    return attrs.evolve(
        bundled,
        version="1.0.0+mine",
        partnerships=tuple(ended if p.id == rwth.id else p for p in bundled.partnerships),
    )


DATASETS = {"bundled": uc.load(), "user": _user_dataset()}


@pytest.fixture(params=list(DATASETS), ids=list(DATASETS))
def dataset(request: pytest.FixtureRequest) -> uc.Dataset:
    """The bundled dataset and a user's."""
    chosen: uc.Dataset = DATASETS[request.param]
    return chosen


def _connect(path: Path) -> closing[sqlite3.Connection]:
    return closing(sqlite3.connect(path))


def _written(dataset: uc.Dataset, directory: Path) -> Path:
    return write_sqlite(dataset, directory / "ustb.sqlite")


def _years_active_in_sql(path: Path, as_of: datetime.date) -> dict[str, uc.Interval]:
    with _connect(path) as db:
        rows = db.execute(YEARS_ACTIVE_SQL, {"as_of": as_of.isoformat()}).fetchall()
    return {id_: uc.Interval(low, high) for id_, low, high in rows}


def _latest_in_sql(path: Path, kind: uc.MetricKind) -> dict[str, tuple[int, str]]:
    with _connect(path) as db:
        rows = db.execute(LATEST_METRIC_SQL, {"kind": kind.value}).fetchall()
    return {partnership: (value, qualifier) for partnership, value, qualifier in rows}


def test_rwth_years_active_in_sql(tmp_path: Path) -> None:
    """SQL on the stored days gives RWTH's 40–41 years as of the source's date, as `years_active` does."""
    path = _written(uc.load(), tmp_path)
    expected = (uc.Interval(40, 41), uc.Interval(40, 41))
    actual = (
        uc.years_active(uc.load()["rwth-aachen"], as_of=SOURCE_DATE),
        _years_active_in_sql(path, SOURCE_DATE)["rwth-aachen"],
    )
    assert expected == actual


@pytest.mark.parametrize(
    "as_of",
    [datetime.date(1978, 12, 31), datetime.date(2009, 12, 31), SOURCE_DATE, datetime.date(2030, 1, 1)],
    ids=["before-any-start", "mid-way", "source-date", "later"],
)
def test_years_active_in_sql_match_python(tmp_path: Path, dataset: uc.Dataset, as_of: datetime.date) -> None:
    """Years active computed in SQL equal `years_active` for every partnership, ended ones included."""
    path = _written(dataset, tmp_path)
    expected = {p.id: uc.years_active(p, as_of=as_of) for p in dataset}
    assert expected == _years_active_in_sql(path, as_of)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dataset=strategies.datasets(), as_of=st.dates())
def test_generated_years_active_in_sql_match_python(
    tmp_path: Path, dataset: uc.Dataset, as_of: datetime.date
) -> None:
    """For any dataset and day, SQL on the stored days gives the years `years_active` gives."""
    path = _written(dataset, tmp_path)
    expected = {p.id: uc.years_active(p, as_of=as_of) for p in dataset}
    assert expected == _years_active_in_sql(path, as_of)


def _balance_figures(dataset: uc.Dataset) -> dict[str, tuple[tuple[int, str], tuple[int, str]]]:
    figures = {}
    for partnership in dataset:
        balance = uc.exchange_balance(partnership)
        if balance is not None:
            figures[partnership.id] = (
                (balance.outbound.value, balance.outbound.qualifier.value),
                (balance.inbound.value, balance.inbound.qualifier.value),
            )
    return figures


def _balance_figures_in_sql(path: Path) -> dict[str, tuple[tuple[int, str], tuple[int, str]]]:
    sent = _latest_in_sql(path, uc.MetricKind.STUDENTS_SENT)
    received = _latest_in_sql(path, uc.MetricKind.STUDENTS_RECEIVED)
    return {id_: (sent[id_], received[id_]) for id_ in sent.keys() & received.keys()}


def test_exchange_balance_figures_in_sql(tmp_path: Path, dataset: uc.Dataset) -> None:
    """The latest figures SQL picks from the metrics table are `exchange_balance`'s, value and qualifier."""
    path = _written(dataset, tmp_path)
    assert _balance_figures(dataset) == _balance_figures_in_sql(path)


def test_rwth_exchange_balance_in_sql(tmp_path: Path) -> None:
    """RWTH's stored bounds, at least 401 sent and 201 received, give a net NULL at both ends: unknown."""
    path = _written(uc.load(), tmp_path)
    with _connect(path) as db:
        net = db.execute(
            "SELECT sent.value_low - received.value_high, sent.value_high - received.value_low "
            "FROM metrics AS sent JOIN metrics AS received USING (partnership_id) "
            "WHERE partnership_id = 'rwth-aachen' "
            "AND sent.kind = 'students_sent' AND received.kind = 'students_received'"
        ).fetchone()
    balance = uc.exchange_balance(uc.load()["rwth-aachen"])
    assert balance is not None
    expected = ((None, None), (None, None))
    assert expected == ((balance.net.low, balance.net.high), net)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dataset=strategies.datasets())
def test_generated_exchange_balance_figures_in_sql(tmp_path: Path, dataset: uc.Dataset) -> None:
    """For any dataset, SQL picks the figures `exchange_balance` picks."""
    path = _written(dataset, tmp_path)
    assert _balance_figures(dataset) == _balance_figures_in_sql(path)


def test_foreign_keys_hold(tmp_path: Path, dataset: uc.Dataset) -> None:
    """SQLite's own foreign key check finds nothing."""
    path = _written(dataset, tmp_path)
    with _connect(path) as db:
        expected: list[object] = []
        assert expected == db.execute("PRAGMA foreign_key_check").fetchall()


@pytest.mark.parametrize("name", list(TABLES), ids=list(TABLES))
def test_tables_hold_every_record(tmp_path: Path, dataset: uc.Dataset, name: TableName) -> None:
    """Each table has one row per record, days as ISO text and unknowns as NULL."""
    path = _written(dataset, tmp_path)
    columns = [column.name for column in TABLES[name].columns]
    expected = [
        tuple(value.isoformat() if isinstance(value, datetime.date) else value for value in record.values())
        for record in uc.to_records(dataset, name)
    ]
    with _connect(path) as db:
        quoted = ", ".join(f'"{column}"' for column in columns)
        assert expected == db.execute(f'SELECT {quoted} FROM "{name}" ORDER BY rowid').fetchall()  # noqa: S608


def _declared_keys(db: sqlite3.Connection, name: str) -> tuple[list[str], list[tuple[str, str, str]]]:
    info = db.execute(f'PRAGMA table_info("{name}")').fetchall()
    primary = [column for _, column, _, _, _, position in sorted(info, key=lambda row: row[5]) if position]
    foreign = [(row[3], row[2], row[4]) for row in db.execute(f'PRAGMA foreign_key_list("{name}")')]
    return primary, sorted(foreign)


@pytest.mark.parametrize("name", list(TABLES), ids=list(TABLES))
def test_tables_declare_their_keys(tmp_path: Path, name: TableName) -> None:
    """Each table's primary and foreign keys are those the table description gives."""
    path = _written(uc.load(), tmp_path)
    table = TABLES[name]
    expected = (
        list(table.primary_key),
        sorted(
            (column, key.table, reference)
            for key in table.foreign_keys
            for column, reference in zip(key.columns, key.reference, strict=True)
        ),
    )
    with _connect(path) as db:
        assert expected == _declared_keys(db, name)


def test_column_types(tmp_path: Path) -> None:
    """Whole numbers are INTEGER, text and days are TEXT, and required columns are NOT NULL."""
    path = _written(uc.load(), tmp_path)
    with _connect(path) as db:
        info = {row[1]: (row[2], bool(row[3])) for row in db.execute('PRAGMA table_info("metrics")')}
    expected = {
        "position": ("INTEGER", True),
        "value": ("INTEGER", True),
        "as_of_earliest": ("TEXT", True),
        "note": ("TEXT", False),
    }
    assert expected == {name: info[name] for name in expected}


def _files(directory: Path) -> Iterator[str]:
    return (path.name for path in directory.iterdir())


def test_writing_again_replaces_the_file(tmp_path: Path) -> None:
    """Writing over an existing database replaces its contents and leaves no stray files."""
    path = _written(uc.load(), tmp_path)
    write_sqlite(DATASETS["user"], path)
    with _connect(path) as db:
        (ended,) = db.execute("SELECT ended FROM partnerships WHERE id = 'rwth-aachen'").fetchone()
    expected = ("2010-07", ["ustb.sqlite"])
    assert expected == (ended, sorted(_files(tmp_path)))


def test_the_database_refuses_a_dangling_reference(tmp_path: Path) -> None:
    """The foreign keys are real: a milestone actor that names no organization cannot be inserted."""
    path = _written(uc.load(), tmp_path)
    with _connect(path) as db:
        db.execute("PRAGMA foreign_keys = ON")
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            db.execute("UPDATE milestones SET actor_id = 'nobody' WHERE actor_id IS NOT NULL")


def test_a_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An error while the rows go in leaves the old database as it was and no stray file."""
    path = _written(DATASETS["user"], tmp_path)
    before = path.read_bytes()

    def fail(*_args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr("ustb_coop.exports._sqlite._insert", fail)
    with pytest.raises(sqlite3.OperationalError):
        write_sqlite(uc.load(), path)
    assert (before, ["ustb.sqlite"]) == (path.read_bytes(), sorted(_files(tmp_path)))


def test_returns_the_path(tmp_path: Path) -> None:
    """The path written is returned as a Path, given as text or as a Path."""
    expected = tmp_path / "out.db"
    assert expected == write_sqlite(uc.load(), str(expected))


@pytest.mark.parametrize(
    "build",
    [
        lambda: uc.Quantity(2**53),
        lambda: uc.City(name="Aachen", geonames_id=2**53),
        lambda: attrs.evolve(uc.load().organizations[0], established=10**30),
    ],
    ids=["count", "geonames-id", "established"],
)
def test_numbers_too_large_for_exact_readers_cannot_reach_it(build: Callable[[], object]) -> None:
    """A whole number past 2**53 - 1 (I-JSON's limit, within SQLite's 64 bits) is rejected by the model."""
    with pytest.raises(uc.InvalidFieldError, match="must be"):
        build()


@pytest.mark.parametrize(
    ("statement", "refused"),
    [
        ("UPDATE metrics SET value = -5 WHERE position = 0", "CHECK"),
        ("UPDATE metrics SET value = 9007199254740992 WHERE position = 0", "CHECK"),
        ("UPDATE metrics SET value = 'lots' WHERE position = 0", "CHECK"),
        ("UPDATE metrics SET value_qualifier = 'lots' WHERE position = 0", "CHECK"),
        ("UPDATE organizations SET kind = 'charity' WHERE id = 'ustb'", "CHECK"),
        ("UPDATE organizations SET established = 0 WHERE id = 'ustb'", "CHECK"),
        ("UPDATE organizations SET city_geonames_id = 9007199254740992 WHERE id = 'ustb'", "CHECK"),
        ("UPDATE sections SET title = char(65279) WHERE id = '1'", "CHECK"),
        ("UPDATE partnerships SET summary = '' WHERE id = 'tohoku'", "CHECK"),
        ("UPDATE partnerships SET fields = '' WHERE id = 'tohoku'", "CHECK"),
        ("UPDATE milestones SET citation_section = '9' WHERE position = 0", "FOREIGN KEY"),
    ],
    ids=[
        "negative-count",
        "count-past-i-json",
        "text-count",
        "unknown-qualifier",
        "unknown-organization-kind",
        "year-0",
        "geonames-id-past-i-json",
        "blank-title",
        "empty-summary",
        "empty-list",
        "dangling-section",
    ],
)
def test_the_database_refuses_what_the_model_refuses(tmp_path: Path, statement: str, refused: str) -> None:
    """CHECK constraints and the composite citation key refuse bad enums, counts, blank text and sections."""
    path = _written(uc.load(), tmp_path)
    with _connect(path) as db:
        db.execute("PRAGMA foreign_keys = ON")
        with pytest.raises(sqlite3.IntegrityError, match=refused):
            db.execute(statement)


def test_a_whole_source_citation_needs_no_section(tmp_path: Path) -> None:
    """A citation without a section satisfies the composite key: NULL means the whole source."""
    path = _written(uc.load(), tmp_path)
    with _connect(path) as db:
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("UPDATE milestones SET citation_section = NULL WHERE position = 0")
        expected: list[tuple[object, ...]] = [(None,), (None,)]
        assert (
            expected
            == db.execute(
                "SELECT citation_section FROM milestones WHERE position = 0 ORDER BY partnership_id LIMIT 2"
            ).fetchall()
        )


def test_not_stated_is_null_and_no_text_is_empty(tmp_path: Path) -> None:
    """A partnership with no activities stores NULL, and no text cell anywhere holds ''."""
    tohoku = uc.load()["tohoku"]
    dataset = attrs.evolve(
        uc.load(),
        partnerships=(attrs.evolve(tohoku, activities=(), fields=()),),
    )
    path = _written(dataset, tmp_path)
    with _connect(path) as db:
        lists = db.execute("SELECT activities, fields FROM partnerships").fetchall()
        empty = [
            (table.name, column.name)
            for table in TABLES.values()
            for column in table.columns
            if db.execute(f'SELECT count(*) FROM "{table.name}" WHERE "{column.name}" = \'\'').fetchone()[0]  # noqa: S608
        ]
    expected: tuple[list[tuple[object, ...]], list[tuple[str, str]]] = ([(None, None)], [])
    assert expected == (lists, empty)


def test_datasette_metadata_describes_every_table_and_column() -> None:
    """The metadata names the database after the file, and gives each table's and column's description."""
    metadata = uc.datasette_metadata(Path("out") / "coop.sqlite")
    tables = metadata["databases"]["coop"]["tables"]  # type: ignore[index]
    expected = {
        table.name: {column.name: column.description for column in table.columns} for table in TABLES.values()
    }
    assert expected == {name: entry["columns"] for name, entry in tables.items()}
    labels = {name: entry.get("label_column") for name, entry in tables.items()}
    expected_labels = {"organizations": "name", "sources": "title", "sections": "title", "partnerships": None}
    assert expected_labels == {name: labels[name] for name in expected_labels}
