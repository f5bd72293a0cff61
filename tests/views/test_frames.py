"""to_dataframe: the flat tables as pandas DataFrames with a dtype per declared column type."""

from __future__ import annotations

import subprocess
import sys
from typing import get_args

import attrs
import pandas as pd
import pytest
from hypothesis import given, settings

import ustb_coop as uc
from tests.strategies import datasets, partial_dates
from ustb_coop.exports._tables import TABLES, ColumnType, Record, TableName
from ustb_coop.views._frames import to_dataframe

TABLE_NAMES: tuple[TableName, ...] = get_args(TableName)
DTYPES = {ColumnType.STRING: "string", ColumnType.INTEGER: "Int64", ColumnType.DATE: "datetime64[s]"}


def back_to_records(frame: pd.DataFrame, table_name: TableName) -> list[Record]:
    """The frame's rows as plain dicts again: NA as None, midnights as days."""
    dates = {column.name for column in TABLES[table_name].columns if column.type is ColumnType.DATE}
    records: list[Record] = []
    for row in frame.astype(object).to_dict("records"):
        record: Record = {}
        for name, value in row.items():
            assert isinstance(name, str)
            if pd.isna(value):
                record[name] = None
            elif name in dates:
                assert isinstance(value, pd.Timestamp)
                record[name] = value.date()
            else:
                assert isinstance(value, str | int)
                record[name] = value
        records.append(record)
    return records


def empty(dataset: uc.Dataset) -> uc.Dataset:
    """The dataset with nothing in it."""
    return attrs.evolve(dataset, organizations=(), partnerships=(), sources=())


@pytest.mark.parametrize("table_name", TABLE_NAMES)
def test_rows_are_the_records(table_name: TableName) -> None:
    """The bundled tables hold the same rows as to_records, in the same order."""
    dataset = uc.load()
    assert uc.to_records(dataset, table_name) == back_to_records(
        to_dataframe(dataset, table_name), table_name
    )


@given(datasets())
@settings(max_examples=25, deadline=None)
def test_rows_are_the_records_for_any_dataset(dataset: uc.Dataset) -> None:
    """Every table of any valid dataset holds the rows to_records gives."""
    for table_name in TABLE_NAMES:
        expected = uc.to_records(dataset, table_name)
        assert expected == back_to_records(to_dataframe(dataset, table_name), table_name)


@pytest.mark.parametrize("table_name", TABLE_NAMES)
@pytest.mark.parametrize("dataset", [uc.load(), empty(uc.load())], ids=["bundled", "empty"])
def test_columns_have_the_dtype_of_their_type(dataset: uc.Dataset, table_name: TableName) -> None:
    """Text is "string", whole numbers "Int64", days "datetime64[s]", with rows or without."""
    expected = {column.name: DTYPES[column.type] for column in TABLES[table_name].columns}
    frame = to_dataframe(dataset, table_name)
    assert expected == {str(name): str(dtype) for name, dtype in frame.dtypes.items()}


@pytest.mark.parametrize("table_name", TABLE_NAMES)
def test_columns_keep_the_table_order(table_name: TableName) -> None:
    """The columns are the table's, in its order."""
    expected = [column.name for column in TABLES[table_name].columns]
    assert expected == list(to_dataframe(uc.load(), table_name).columns)


@pytest.mark.parametrize("table_name", TABLE_NAMES)
def test_index_is_a_plain_range(table_name: TableName) -> None:
    """No column becomes the index: the keys stay columns, the index counts rows from 0."""
    frame = to_dataframe(uc.load(), table_name)
    assert pd.RangeIndex(len(frame)).equals(frame.index)


@pytest.mark.parametrize(
    ("table_name", "figure"),
    [("milestones", "count"), ("metrics", "value"), ("programs", "times_held")],
    ids=["milestones", "metrics", "programs"],
)
def test_qualifier_and_wording_stand_beside_the_figure(table_name: TableName, figure: str) -> None:
    """A figure is followed by its qualifier and the source's wording."""
    columns = list(to_dataframe(uc.load(), table_name).columns)
    position = columns.index(figure)
    assert [figure, f"{figure}_qualifier", f"{figure}_as_stated"] == columns[position : position + 3]


def test_metrics_of_the_bundled_dataset() -> None:
    """The RWTH figures read as numbers with their bound and report day."""
    frame = to_dataframe(uc.load(), "metrics")
    expected = {
        "kind": ["students_sent", "students_received"],
        "value": [400, 200],
        "value_qualifier": ["more_than", "more_than"],
        "value_as_stated": ["over 400", "over 200"],
        "as_of_earliest": [pd.Timestamp("2020-10-22")] * 2,
    }
    assert expected == frame[list(expected)].to_dict("list")


def test_missing_values_are_na() -> None:
    """An undated milestone has NA text, NA count and NaT day, not None or NaN."""
    frame = to_dataframe(uc.load(), "milestones")
    undated = frame[frame["date"].isna()].iloc[0]
    assert (pd.NA, pd.NA, pd.NaT) == (undated["date"], undated["count"], undated["date_earliest"])


@given(partial_dates())
@settings(max_examples=50, deadline=None)
def test_any_year_fits_the_date_column(started: uc.PartialDate) -> None:
    """Days from year 1 to 9999 survive, beyond the nanosecond range of 1677 to 2262."""
    partnership = attrs.evolve(uc.load()["tohoku"], started=started, milestones=(), programs=())
    dataset = attrs.evolve(uc.load(), partnerships=(partnership,))
    day = to_dataframe(dataset, "partnerships")["started_earliest"].iloc[0]
    assert isinstance(day, pd.Timestamp)
    assert started.earliest == day.date()


def test_unknown_table_is_a_value_error() -> None:
    """A name that is no table raises ValueError naming the valid ones."""
    with pytest.raises(
        ValueError, match=r"unknown table 'people'; valid tables: 'sources', 'sections', 'organizations'"
    ):
        to_dataframe(uc.load(), "people")  # type: ignore[arg-type]


def test_without_pandas_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """With pandas missing, the ImportError says which extra to install."""
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"^to_dataframe needs pandas: pip install 'ustb-coop\[pandas\]'$"):
        to_dataframe(uc.load(), "metrics")


def test_importing_the_package_loads_no_pandas() -> None:
    """Neither ``import ustb_coop`` nor its frames module imports pandas."""
    code = "import sys, ustb_coop, ustb_coop.views._frames; print('pandas' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    expected = "False"
    assert expected == result.stdout.strip()


def test_dates_are_midnights_of_the_earliest_day() -> None:
    """A start known to the year is the midnight of its first of January."""
    frame = to_dataframe(uc.load(), "partnerships")
    expected = [pd.Timestamp("1979-01-01"), pd.Timestamp("2014-01-01"), pd.Timestamp("2002-01-01")]
    assert expected == list(frame["started_earliest"])
