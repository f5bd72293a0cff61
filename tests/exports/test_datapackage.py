"""CSV files and the Frictionless Data Package hold every row, typed and linked by their keys."""

from __future__ import annotations

import csv
import datetime
import json
from pathlib import Path

import frictionless
import pytest
from hypothesis import HealthCheck, given, settings

import ustb_coop as uc
from tests import strategies
from ustb_coop.exports._datapackage import write_csv, write_datapackage
from ustb_coop.exports._tables import TABLES, Scalar, TableName

#: A user's own dataset, with text that CSV must quote: commas, quotes, line breaks, other scripts.
USER_TOML = '''\
version = "2024.1"
as_of = "2024-03-01"

[[sources]]
id = "annual-report"
title = "Annual report, 2023"
sections = [{ id = "4.2", title = "Partners \\"abroad\\"" }]

[[organizations]]
id = "ustb"
name = "University of Science and Technology Beijing"
kind = "university"
country = "CN"
other_names = [{ text = "北京科技大学", language = "zh" }]

[[organizations]]
id = "acme-steel"
name = "Acme Steel, Ltd."
kind = "company"
established = 1901

[[partnerships]]
id = "acme"
home = "ustb"
partner = "acme-steel"
kind = "industry"
started = "2019-09"
ended = "2023"
activities = ["internships", "training"]
fields = ["rolling, casting", "coatings"]
summary = """Two lines:
the second one."""

[[partnerships.milestones]]
kind = "agreement_signed"
title = "Agreement signed"
on = "2019-09-12"
actor = "acme-steel"
count = { value = 3, qualifier = "approximately", as_stated = "about three" }
citation = { source = "annual-report", section = "4.2" }

[[partnerships.metrics]]
kind = "students_sent"
value = { value = 12 }
as_of = "2023-12"
citation = { source = "annual-report" }

[[partnerships.programs]]
name = "Summer school"
frequency = "yearly"
first = "2020"
citation = { source = "annual-report" }
'''


@pytest.fixture
def user_dataset(tmp_path: Path) -> uc.Dataset:
    """The user's dataset, read from a TOML file of its own."""
    path = tmp_path / "mine.toml"
    path.write_text(USER_TOML, encoding="utf-8")
    return uc.load(path)


def _validate(descriptor: Path) -> list[str]:
    """Frictionless's complaints about a data package, keys and references included."""
    report = frictionless.validate(str(descriptor))
    return [f"{error.type}: {error.note}" for task in report.tasks for error in task.errors] + [
        f"{error.type}: {error.note}" for error in report.errors
    ]


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _cell(value: Scalar) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _expected_rows(dataset: uc.Dataset, name: TableName) -> list[dict[str, str]]:
    return [{key: _cell(value) for key, value in record.items()} for record in uc.to_records(dataset, name)]


def test_bundled_datapackage_is_valid(tmp_path: Path) -> None:
    """Frictionless finds nothing wrong with the bundled dataset's package, foreign keys included."""
    expected: list[str] = []
    assert expected == _validate(write_datapackage(uc.load(), tmp_path))


def test_user_datapackage_is_valid(tmp_path: Path, user_dataset: uc.Dataset) -> None:
    """A user's dataset read from TOML makes a valid package too."""
    expected: list[str] = []
    assert expected == _validate(write_datapackage(user_dataset, tmp_path / "out"))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dataset=strategies.datasets())
def test_generated_datapackages_are_valid(tmp_path: Path, dataset: uc.Dataset) -> None:
    """Any dataset the loader accepts makes a package Frictionless accepts."""
    expected: list[str] = []
    assert expected == _validate(write_datapackage(dataset, tmp_path))


def test_frictionless_checks_the_foreign_keys(tmp_path: Path) -> None:
    """The descriptor declares the foreign keys: a milestone actor edited to name nobody is an error."""
    descriptor = write_datapackage(uc.load(), tmp_path)
    milestones = tmp_path / "milestones.csv"
    text = milestones.read_text(encoding="utf-8")
    assert ",ministry-of-education-japan," in text
    milestones.write_text(text.replace(",ministry-of-education-japan,", ",nobody,"), encoding="utf-8")
    errors = _validate(descriptor)
    expected = ["foreign-key"]
    assert expected == [error.split(":")[0] for error in errors]


@pytest.mark.parametrize("name", list(TABLES), ids=list(TABLES))
def test_csv_holds_every_record(tmp_path: Path, user_dataset: uc.Dataset, name: TableName) -> None:
    """Each CSV file has one row per record, with every cell as `to_records` gives it."""
    for dataset in (uc.load(), user_dataset):
        write_csv(dataset, tmp_path)
        assert _expected_rows(dataset, name) == _read_csv(tmp_path / f"{name}.csv")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dataset=strategies.datasets())
def test_csv_row_counts_match_the_records(tmp_path: Path, dataset: uc.Dataset) -> None:
    """For any dataset, each CSV file has as many rows as `to_records` has records."""
    paths = write_csv(dataset, tmp_path)
    expected = {name: len(uc.to_records(dataset, name)) for name in TABLES}
    assert expected == {path.stem: len(_read_csv(path)) for path in paths}


def test_csv_header_is_the_table_columns(tmp_path: Path) -> None:
    """The header row lists the table's columns in order."""
    write_csv(uc.load(), tmp_path)
    with (tmp_path / "metrics.csv").open(encoding="utf-8", newline="") as file:
        header = next(csv.reader(file))
    assert [column.name for column in TABLES["metrics"].columns] == header


def test_dates_are_iso_text_and_unknowns_are_empty(tmp_path: Path) -> None:
    """The RWTH agreement reads 1979 and 1979-01-01; the undated symposiums leave the date cells empty."""
    write_csv(uc.load(), tmp_path)
    rows = _read_csv(tmp_path / "milestones.csv")
    expected = [("1979", "1979-01-01"), ("", "")]
    assert expected == [(row["date"], row["date_earliest"]) for row in rows[:2]]


def test_descriptor_describes_the_tables(tmp_path: Path) -> None:
    """Each resource's Table Schema gives the types, required columns, primary and foreign keys."""
    descriptor = json.loads(write_datapackage(uc.load(), tmp_path).read_text(encoding="utf-8"))
    milestones = next(r for r in descriptor["resources"] if r["name"] == "milestones")["schema"]
    fields = {field["name"]: field for field in milestones["fields"]}
    expected = {
        "types": ("integer", "string", "date"),
        "required": (True, None),
        "primaryKey": ["partnership_id", "position"],
        "foreignKeys": [
            {"fields": ["partnership_id"], "reference": {"resource": "partnerships", "fields": ["id"]}},
            {"fields": ["citation_source"], "reference": {"resource": "sources", "fields": ["id"]}},
            {"fields": ["actor_id"], "reference": {"resource": "organizations", "fields": ["id"]}},
        ],
    }
    actual = {
        "types": (fields["position"]["type"], fields["date"]["type"], fields["date_earliest"]["type"]),
        "required": (
            fields["title"]["constraints"].get("required"),
            fields["actor_id"]["constraints"].get("required"),
        ),
        "primaryKey": milestones["primaryKey"],
        "foreignKeys": milestones["foreignKeys"],
    }
    assert expected == actual


def test_descriptor_lists_one_resource_per_table(tmp_path: Path) -> None:
    """The package has a CSV resource for each table, and the dataset's version."""
    descriptor = json.loads(write_datapackage(uc.load(), tmp_path).read_text(encoding="utf-8"))
    expected = {"version": "1.0.0", "resources": [(name, f"{name}.csv") for name in TABLES]}
    actual = {
        "version": descriptor["version"],
        "resources": [(resource["name"], resource["path"]) for resource in descriptor["resources"]],
    }
    assert expected == actual


def test_writing_again_replaces_the_files(tmp_path: Path, user_dataset: uc.Dataset) -> None:
    """Writing into a directory that holds an earlier package replaces it and leaves no stray files."""
    directory = tmp_path / "package"
    write_datapackage(uc.load(), directory)
    write_datapackage(user_dataset, directory)
    expected = {"datapackage.json", *(f"{name}.csv" for name in TABLES)}
    assert expected == {path.name for path in directory.iterdir()}
    assert _expected_rows(user_dataset, "partnerships") == _read_csv(directory / "partnerships.csv")


def test_write_csv_makes_the_directory(tmp_path: Path) -> None:
    """A missing directory, parents included, is created."""
    directory = tmp_path / "a" / "b"
    paths = write_csv(uc.load(), directory)
    expected = tuple(directory / f"{name}.csv" for name in TABLES)
    assert expected == paths
