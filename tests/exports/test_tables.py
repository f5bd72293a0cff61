"""to_records: flat tables whose rows follow the TABLES description: columns, types and keys."""

from __future__ import annotations

import datetime
from typing import cast, get_args

import pytest
from hypothesis import given, settings

import ustb_coop as uc
from tests import strategies
from ustb_coop.exports._tables import TABLES, ColumnType, Record, Table

DS = uc.load()
NAMES: tuple[uc.TableName, ...] = get_args(uc.TableName)
_PYTHON_TYPE = {ColumnType.STRING: str, ColumnType.INTEGER: int, ColumnType.DATE: datetime.date}


def _key(row: Record, columns: tuple[str, ...]) -> tuple[object, ...]:
    return tuple(row[column] for column in columns)


def _column_problems(table: Table, rows: list[Record]) -> list[str]:
    """Every cell whose column is missing, misplaced, of the wrong type, or empty though required."""
    problems = []
    names = [column.name for column in table.columns]
    for number, row in enumerate(rows):
        if list(row) != names:
            problems.append(f"row {number}: columns {list(row)}")
            continue
        for column in table.columns:
            value = row[column.name]
            if value is None:
                if column.required:
                    problems.append(f"row {number}: {column.name} is required")
            elif type(value) is not _PYTHON_TYPE[column.type]:
                problems.append(f"row {number}: {column.name} is {type(value).__name__}")
    return problems


def _key_problems(dataset: uc.Dataset, table: Table, rows: list[Record]) -> list[str]:
    """Duplicate primary keys and foreign keys that name no row."""
    problems = []
    keys = [_key(row, table.primary_key) for row in rows]
    if len(set(keys)) != len(keys):
        problems.append(f"duplicate primary keys in {table.name}")
    for foreign in table.foreign_keys:
        targets = {_key(row, foreign.reference) for row in uc.to_records(dataset, foreign.table)}
        for row in rows:
            values = _key(row, foreign.columns)
            if None not in values and values not in targets:
                problems.append(f"{table.name}.{foreign.columns} = {values} names no row of {foreign.table}")
    return problems


def test_tables_are_the_table_names() -> None:
    """TABLES describes exactly the tables TableName names, in the same order, each under its own name."""
    expected = NAMES
    assert expected == tuple(TABLES)
    assert expected == tuple(table.name for table in TABLES.values())


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("sources", 5),
        ("sections", 3),
        ("organizations", 5),
        ("partnerships", 3),
        ("milestones", 10),
        ("metrics", 2),
        ("programs", 1),
    ],
    ids=NAMES,
)
def test_row_counts(name: uc.TableName, expected: int) -> None:
    """The bundled dataset has 5 organizations, 3 partnerships, 10 milestones, 2 metrics, 1 program."""
    assert expected == len(uc.to_records(DS, name))


@pytest.mark.parametrize("name", NAMES)
def test_rows_follow_the_column_description(name: uc.TableName) -> None:
    """Every row has the described columns, in order, each of its type, none empty that is required."""
    expected: list[str] = []
    assert expected == _column_problems(TABLES[name], uc.to_records(DS, name))


@pytest.mark.parametrize("name", NAMES)
def test_keys_hold(name: uc.TableName) -> None:
    """Primary keys are unique and every foreign key names a row of its table."""
    expected: list[str] = []
    assert expected == _key_problems(DS, TABLES[name], uc.to_records(DS, name))


@pytest.mark.parametrize("name", NAMES)
def test_key_columns_are_columns(name: uc.TableName) -> None:
    """Primary and foreign keys name columns that exist, and foreign keys name another table's key."""
    table = TABLES[name]
    names = {column.name for column in table.columns}
    assert set(table.primary_key) <= names
    for foreign in table.foreign_keys:
        assert set(foreign.columns) <= names
        assert foreign.reference == TABLES[foreign.table].primary_key


@pytest.mark.parametrize("name", NAMES)
def test_required_key_columns(name: uc.TableName) -> None:
    """Primary key columns are required."""
    table = TABLES[name]
    required = {column.name for column in table.columns if column.required}
    assert set(table.primary_key) <= required


@pytest.mark.parametrize("name", NAMES)
def test_records_are_fresh_plain_dicts(name: uc.TableName) -> None:
    """to_records returns a new list of dicts on every call; changing one leaves the next call alone."""
    first = uc.to_records(DS, name)
    first[0].clear()
    expected = [column.name for column in TABLES[name].columns]
    assert expected == list(uc.to_records(DS, name)[0])


def test_partial_dates_are_given_as_stated_and_as_their_first_and_last_day() -> None:
    """A date known to the year is the text the data states, its earliest day and its latest."""
    rows = {row["id"]: row for row in uc.to_records(DS, "partnerships")}
    expected = ("1979", datetime.date(1979, 1, 1), datetime.date(1979, 12, 31), None, None, None)
    row = rows["rwth-aachen"]
    assert expected == tuple(
        row[name]
        for name in (
            "started",
            "started_earliest",
            "started_latest",
            "ended",
            "ended_earliest",
            "ended_latest",
        )
    )


def test_quantities_are_given_with_their_bounds() -> None:
    """A metric's figure is the number, the qualifier code, the source's wording and the counts it allows."""
    expected = [(400, "more_than", "over 400", 401, None), (200, "more_than", "over 200", 201, None)]
    rows = uc.to_records(DS, "metrics")
    names = ("value", "value_qualifier", "value_as_stated", "value_low", "value_high")
    assert expected == [tuple(row[name] for name in names) for row in rows]


def test_the_horizon_is_in_the_tables() -> None:
    """Each partnership's confirmed day and the Tohoku program's report day are table columns."""
    day = datetime.date(2020, 10, 22)
    confirmed = [
        (row["id"], row["confirmed"], row["confirmed_latest"]) for row in uc.to_records(DS, "partnerships")
    ]
    (program,) = uc.to_records(DS, "programs")
    expected = (
        [(id_, "2020-10-22", day) for id_ in ("rwth-aachen", "tata-steel", "tohoku")],
        ("2020-10-22", day, 22, 22),
    )
    assert expected == (
        confirmed,
        (program["as_of"], program["as_of_earliest"], program["times_held_low"], program["times_held_high"]),
    )


def test_lists_are_joined() -> None:
    """Activities and fields are joined with '; ' in one cell."""
    rows = {row["id"]: row for row in uc.to_records(DS, "partnerships")}
    expected = (
        "scientific_exchange; training; joint_research",
        "metallurgy; resources; iron and steel materials; environment; informatization",
    )
    assert expected == (rows["tohoku"]["activities"], rows["tohoku"]["fields"])


def test_organization_identifiers_and_places() -> None:
    """The organizations table gives each organization's ROR and Wikidata ids and its city."""
    expected = [
        ("ustb", "https://ror.org/02egmk993", "Q1510516", "Beijing", 1816670),
        ("rwth-aachen", "https://ror.org/04xfq0f34", "Q273263", "Aachen", 3247449),
        ("tata-steel", "https://ror.org/001wtjx27", None, None, None),
        ("tohoku", "https://ror.org/01dq60k83", "Q1062129", "Sendai", 2111149),
        ("ministry-of-education-japan", None, None, None, None),
    ]
    actual = [
        (row["id"], row["ror"], row["wikidata"], row["city"], row["city_geonames_id"])
        for row in uc.to_records(DS, "organizations")
    ]
    assert expected == actual


def test_child_positions_follow_the_partnership() -> None:
    """Milestone positions count from 0 within each partnership, in file order."""
    expected = [("rwth-aachen", p) for p in range(2)] + [("tata-steel", p) for p in range(6)]
    expected += [("tohoku", p) for p in range(2)]
    assert expected == [(row["partnership_id"], row["position"]) for row in uc.to_records(DS, "milestones")]


def test_empty_dataset_has_empty_tables() -> None:
    """A dataset without records gives no rows in any table."""
    empty = uc.Dataset(version="0", as_of=DS.as_of)
    expected: list[list[Record]] = [[] for _ in NAMES]
    assert expected == [uc.to_records(empty, name) for name in NAMES]


@pytest.mark.parametrize(
    "name", ["people", "Organizations", "", "identifiers"], ids=["other", "case", "empty", "identifiers"]
)
def test_unknown_table_name(name: str) -> None:
    """An unknown table name raises ValueError listing the valid names."""
    valid = "'sources', 'sections', 'organizations', 'partnerships', 'milestones', 'metrics', 'programs'"
    expected = f"unknown table {name!r}; valid tables: {valid}"
    with pytest.raises(ValueError, match=r"unknown table") as caught:
        uc.to_records(DS, cast("uc.TableName", name))
    assert expected == str(caught.value)


@settings(max_examples=40, deadline=None)
@given(dataset=strategies.datasets())
def test_any_dataset_gives_valid_tables(dataset: uc.Dataset) -> None:
    """For any coherent dataset, every table follows its description and its keys hold."""
    for name in NAMES:
        rows = uc.to_records(dataset, name)
        expected: tuple[list[str], list[str]] = ([], [])
        assert expected == (_column_problems(TABLES[name], rows), _key_problems(dataset, TABLES[name], rows))


@settings(max_examples=40, deadline=None)
@given(dataset=strategies.datasets())
def test_any_dataset_row_counts(dataset: uc.Dataset) -> None:
    """Each table has one row per record of its kind."""
    expected = [
        len(dataset.sources),
        sum(len(source.sections) for source in dataset.sources),
        len(dataset.organizations),
        len(dataset.partnerships),
        sum(len(p.milestones) for p in dataset),
        sum(len(p.metrics) for p in dataset),
        sum(len(p.programs) for p in dataset),
    ]
    assert expected == [len(uc.to_records(dataset, name)) for name in NAMES]
