"""Flat tables of a dataset: the one description that records, CSV, SQLite and data packages share.

Each table lists its columns with a type, its primary key and its foreign
keys, and a function that yields one plain dict per row. Dates known only in
part are given three times: as the text the data states ("1979") and as the
earliest and the latest day it can mean, real `datetime.date`s. A figure
carries its bounds (``_low``, ``_high``), the interval its qualifier allows.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable, Iterator
from typing import Literal, get_args

import attrs

from ustb_coop.model._dataset import Dataset
from ustb_coop.model._dates import PartialDate
from ustb_coop.model._quantities import Quantity
from ustb_coop.model._records import LIST_SEPARATOR, Citation, IdentifierScheme

#: A value in a table cell.
Scalar = str | int | datetime.date | None
#: One row of a table.
Record = dict[str, Scalar]
#: The names of the tables `to_records` knows.
TableName = Literal[
    "sources", "sections", "organizations", "partnerships", "milestones", "metrics", "programs"
]


class ColumnType(enum.Enum):
    """The type of a column's values (None is allowed where the column is nullable)."""

    #: Text.
    STRING = "string"
    #: A whole number.
    INTEGER = "integer"
    #: A calendar day, `datetime.date`.
    DATE = "date"


@attrs.frozen
class Column:
    """A column of a table.

    Attributes:
        name: The column's name.
        type: The type of its values.
        description: What it holds.
        required: Whether every row has a value.
    """

    name: str
    type: ColumnType
    description: str
    required: bool = False


@attrs.frozen
class ForeignKey:
    """Columns that name a row of another table."""

    columns: tuple[str, ...]
    table: TableName
    reference: tuple[str, ...]


@attrs.frozen
class Table:
    """A table's columns, keys and rows.

    Attributes:
        name: The table's name.
        description: What one row is.
        columns: The columns, in order.
        primary_key: The columns that identify a row.
        foreign_keys: Links to other tables.
        rows: Yields the rows of a dataset.
    """

    name: TableName
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    rows: Callable[[Dataset], Iterator[Record]]


def _date_columns(name: str, what: str, *, required: bool = False, empty: str = "") -> tuple[Column, ...]:
    return (
        Column(name, ColumnType.STRING, f"{what}, as stated: YYYY, YYYY-MM or YYYY-MM-DD{empty}", required),
        Column(f"{name}_earliest", ColumnType.DATE, f"the first day {what} can mean", required),
        Column(f"{name}_latest", ColumnType.DATE, f"the last day {what} can mean", required),
    )


def _date_cells(name: str, value: PartialDate | None) -> Record:
    return {
        name: None if value is None else value.isoformat(),
        f"{name}_earliest": None if value is None else value.earliest,
        f"{name}_latest": None if value is None else value.latest,
    }


def _quantity_columns(name: str, what: str, *, required: bool = False) -> tuple[Column, ...]:
    return (
        Column(name, ColumnType.INTEGER, f"{what}: the figure the source gives", required),
        Column(
            f"{name}_qualifier",
            ColumnType.STRING,
            f"how the figure bounds {what} (exact, more_than, ...)",
            required,
        ),
        Column(f"{name}_as_stated", ColumnType.STRING, f"{what} in the source's words"),
        Column(
            f"{name}_low", ColumnType.INTEGER, "the smallest count the figure allows; empty: no lower bound"
        ),
        Column(
            f"{name}_high", ColumnType.INTEGER, "the largest count the figure allows; empty: no upper bound"
        ),
    )


def _quantity_cells(name: str, value: Quantity | None) -> Record:
    bounds = None if value is None else value.bounds
    return {
        name: None if value is None else value.value,
        f"{name}_qualifier": None if value is None else value.qualifier.value,
        f"{name}_as_stated": None if value is None else value.as_stated,
        f"{name}_low": None if bounds is None else bounds.low,
        f"{name}_high": None if bounds is None else bounds.high,
    }


_CITATION_COLUMNS = (
    Column("citation_source", ColumnType.STRING, "the id of the cited source", required=True),
    Column("citation_section", ColumnType.STRING, "the cited section of that source"),
)


def _citation_cells(citation: Citation) -> Record:
    return {"citation_source": citation.source, "citation_section": citation.section}


_CHILD_KEY_COLUMNS = (
    Column("partnership_id", ColumnType.STRING, "the partnership's id", required=True),
    Column("position", ColumnType.INTEGER, "the row's place within its partnership, from 0", required=True),
)
_CHILD_FOREIGN_KEYS = (
    ForeignKey(("partnership_id",), "partnerships", ("id",)),
    ForeignKey(("citation_source",), "sources", ("id",)),
)


def _source_rows(dataset: Dataset) -> Iterator[Record]:
    for source in dataset.sources:
        yield {
            "id": source.id,
            "title": source.title,
            "publisher": source.publisher,
            **_date_cells("published", source.published),
            "url": source.url,
        }


def _section_rows(dataset: Dataset) -> Iterator[Record]:
    for source in dataset.sources:
        for section in source.sections:
            yield {"source_id": source.id, "id": section.id, "title": section.title}


def _organization_rows(dataset: Dataset) -> Iterator[Record]:
    for org in dataset.organizations:
        yield {
            "id": org.id,
            "name": org.name,
            "short_name": org.short_name,
            "kind": org.kind.value,
            "country": org.country,
            "city": None if org.city is None else org.city.name,
            "city_geonames_id": None if org.city is None else org.city.geonames_id,
            "established": org.established,
            "ror": org.identifier(IdentifierScheme.ROR),
            "wikidata": org.identifier(IdentifierScheme.WIKIDATA),
        }


def _partnership_rows(dataset: Dataset) -> Iterator[Record]:
    for p in dataset.partnerships:
        yield {
            "id": p.id,
            "home_id": p.home.id,
            "partner_id": p.partner.id,
            "kind": p.kind.value,
            **_date_cells("started", p.started),
            **_date_cells("ended", p.ended),
            **_date_cells("confirmed", p.confirmed),
            "activities": LIST_SEPARATOR.join(activity.value for activity in p.activities),
            "fields": LIST_SEPARATOR.join(p.fields),
            "summary": p.summary,
        }


def _milestone_rows(dataset: Dataset) -> Iterator[Record]:
    for p in dataset.partnerships:
        for position, m in enumerate(p.milestones):
            yield {
                "partnership_id": p.id,
                "position": position,
                "kind": m.kind.value,
                "title": m.title,
                **_date_cells("on", m.on),
                **_quantity_cells("count", m.count),
                "actor_id": m.actor,
                "description": m.description,
                **_citation_cells(m.citation),
            }


def _metric_rows(dataset: Dataset) -> Iterator[Record]:
    for p in dataset.partnerships:
        for position, m in enumerate(p.metrics):
            yield {
                "partnership_id": p.id,
                "position": position,
                "kind": m.kind.value,
                **_quantity_cells("value", m.value),
                **_date_cells("as_of", m.as_of),
                "note": m.note,
                **_citation_cells(m.citation),
            }


def _program_rows(dataset: Dataset) -> Iterator[Record]:
    for p in dataset.partnerships:
        for position, program in enumerate(p.programs):
            yield {
                "partnership_id": p.id,
                "position": position,
                "name": program.name,
                "frequency": program.frequency.value,
                **_date_cells("first", program.first),
                **_quantity_cells("times_held", program.times_held),
                **_date_cells("as_of", program.as_of),
                "description": program.description,
                **_citation_cells(program.citation),
            }


_TEXT = ColumnType.STRING
_INT = ColumnType.INTEGER

TABLES: dict[TableName, Table] = {
    table.name: table
    for table in (
        Table(
            "sources",
            "a document or record that facts are taken from",
            (
                Column("id", _TEXT, "the source's id", required=True),
                Column("title", _TEXT, "its title", required=True),
                Column("publisher", _TEXT, "who published it"),
                *_date_columns("published", "its publication or last change"),
                Column("url", _TEXT, "where to read it"),
            ),
            ("id",),
            (),
            _source_rows,
        ),
        Table(
            "sections",
            "a part of a source that citations name",
            (
                Column("source_id", _TEXT, "the source's id", required=True),
                Column("id", _TEXT, "the section's id within its source", required=True),
                Column("title", _TEXT, "the section's heading", required=True),
            ),
            ("source_id", "id"),
            (ForeignKey(("source_id",), "sources", ("id",)),),
            _section_rows,
        ),
        Table(
            "organizations",
            "an organization that takes part in partnerships",
            (
                Column("id", _TEXT, "the organization's id", required=True),
                Column("name", _TEXT, "its English name", required=True),
                Column("short_name", _TEXT, "an acronym or short form"),
                Column("kind", _TEXT, "university, company, government, ...", required=True),
                Column("country", _TEXT, "ISO 3166-1 alpha-2 code"),
                Column("city", _TEXT, "the city it is seated in"),
                Column("city_geonames_id", _INT, "the city's GeoNames id"),
                Column("established", _INT, "the founding year"),
                Column("ror", _TEXT, "its ROR id, a URL"),
                Column("wikidata", _TEXT, "its Wikidata item id"),
            ),
            ("id",),
            (),
            _organization_rows,
        ),
        Table(
            "partnerships",
            "a cooperation between a home institution and a partner",
            (
                Column("id", _TEXT, "the partnership's id", required=True),
                Column("home_id", _TEXT, "the home institution's organization id", required=True),
                Column("partner_id", _TEXT, "the partner's organization id", required=True),
                Column("kind", _TEXT, "academic or industry", required=True),
                *_date_columns("started", "the start", required=True),
                *_date_columns("ended", "the end", empty="; empty when no end is reported"),
                *_date_columns(
                    "confirmed",
                    "the latest day a cited source shows it running",
                    empty="; nothing later is known; empty when unknown",
                ),
                Column("activities", _TEXT, "activity codes, separated by '; '"),
                Column("fields", _TEXT, "research fields, separated by '; '"),
                Column("summary", _TEXT, "a summary in the dataset's own words"),
            ),
            ("id",),
            (
                ForeignKey(("home_id",), "organizations", ("id",)),
                ForeignKey(("partner_id",), "organizations", ("id",)),
            ),
            _partnership_rows,
        ),
        Table(
            "milestones",
            "an event in a partnership",
            (
                *_CHILD_KEY_COLUMNS,
                Column("kind", _TEXT, "what happened (agreement_signed, ...)", required=True),
                Column("title", _TEXT, "a short title", required=True),
                *_date_columns("on", "the date", empty="; empty when the source gives none"),
                *_quantity_columns("count", "how many things the event involved"),
                Column("actor_id", _TEXT, "the organization that acted"),
                Column("description", _TEXT, "what happened, in the dataset's own words"),
                *_CITATION_COLUMNS,
            ),
            ("partnership_id", "position"),
            (*_CHILD_FOREIGN_KEYS, ForeignKey(("actor_id",), "organizations", ("id",))),
            _milestone_rows,
        ),
        Table(
            "metrics",
            "a reported figure about a partnership",
            (
                *_CHILD_KEY_COLUMNS,
                Column("kind", _TEXT, "what is counted (students_sent, ...)", required=True),
                *_quantity_columns("value", "the count", required=True),
                *_date_columns("as_of", "when the source reported it", required=True),
                Column("note", _TEXT, "what the figure is for"),
                *_CITATION_COLUMNS,
            ),
            ("partnership_id", "position"),
            _CHILD_FOREIGN_KEYS,
            _metric_rows,
        ),
        Table(
            "programs",
            "a recurring activity of a partnership",
            (
                *_CHILD_KEY_COLUMNS,
                Column("name", _TEXT, "the program's name", required=True),
                Column("frequency", _TEXT, "yearly, monthly, weekly or daily", required=True),
                *_date_columns("first", "the first occurrence"),
                *_quantity_columns("times_held", "how many times it has been held"),
                *_date_columns("as_of", "when the count was reported", empty="; empty when unknown"),
                Column("description", _TEXT, "what it is, in the dataset's own words"),
                *_CITATION_COLUMNS,
            ),
            ("partnership_id", "position"),
            _CHILD_FOREIGN_KEYS,
            _program_rows,
        ),
    )
}


def table(name: str) -> Table:
    """The table called *name*.

    Raises:
        ValueError: There is no such table; the message lists those there are.
    """
    try:
        return TABLES[name]  # type: ignore[index]
    except KeyError:
        valid = ", ".join(repr(known) for known in get_args(TableName))
        msg = f"unknown table {name!r}; valid tables: {valid}"
        raise ValueError(msg) from None


def to_records(dataset: Dataset, table_name: TableName) -> list[Record]:
    """The rows of one table of *dataset* as plain dicts, no pandas needed.

    Args:
        dataset: The dataset.
        table_name: One of ``sources``, ``sections``, ``organizations``,
            ``partnerships``, ``milestones``, ``metrics``, ``programs``.

    Raises:
        ValueError: *table_name* is not one of those.

    Example:
        >>> import ustb_coop as uc
        >>> [row["value"] for row in uc.to_records(uc.load(), "metrics")]
        [400, 200]
    """
    return list(table(table_name).rows(dataset))
