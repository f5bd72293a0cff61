"""Flat tables of a dataset: the one description that records, CSV, SQLite and data packages share.

Each table lists its columns with a type, its primary key and its foreign
keys, and a function that yields one plain dict per row. Dates known only in
part are given twice: as the text the data states ("1979") and as the
earliest day it can mean, a real `datetime.date`.

Each column that holds a model field's values names that field, and its
constraints (enum, bounds, pattern) are read from the field's rule, so the
data package and SQLite state what the model enforces without restating it.

One convention for what is not there, in every table: None (an empty CSV
cell, SQL NULL) means not stated, whether an optional value or a list with
no items; an empty string never appears, as the model keeps stated text
non-empty.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable, Iterable, Iterator
from typing import Literal, get_args

import attrs

from ustb_coop.exports._constraints import Constraints, field_constraints
from ustb_coop.model._dataset import Dataset
from ustb_coop.model._dates import PartialDate
from ustb_coop.model._quantities import Quantity
from ustb_coop.model._records import (
    LIST_SEPARATOR,
    Citation,
    City,
    Identifier,
    IdentifierScheme,
    Metric,
    Milestone,
    Organization,
    Partnership,
    Program,
    Section,
    Source,
)

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
        constraints: What its values must be, read from the model field it holds.
    """

    name: str
    type: ColumnType
    description: str
    required: bool = False
    constraints: Constraints = attrs.field(factory=Constraints)


@attrs.frozen
class ForeignKey:
    """Columns that name a row of another table.

    Attributes:
        columns: The referring columns.
        table: The table referred to.
        reference: Its key columns, in the same order.
        partial: Whether some of the columns may be empty while others are not,
            and the row then refers to nothing through this key (a citation of
            a whole source has no section). SQL skips such rows; Frictionless
            looks them up, so the data package leaves such keys out.
    """

    columns: tuple[str, ...]
    table: TableName
    reference: tuple[str, ...]
    partial: bool = False


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
        label: The column that names a row for a person (Datasette shows it
            for a foreign key to the table), or None when the id does.
    """

    name: TableName
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    rows: Callable[[Dataset], Iterator[Record]]
    label: str | None = None


def _of(cls: type, field: str) -> Constraints:
    """The constraints of a column holding the values of *cls*'s *field*."""
    return field_constraints(cls, field)


def _date_columns(
    name: str, what: str, field: tuple[type, str], *, required: bool = False, empty: str = ""
) -> tuple[Column, ...]:
    return (
        Column(
            name,
            ColumnType.STRING,
            f"{what}, as stated: YYYY, YYYY-MM or YYYY-MM-DD{empty}",
            required,
            _of(*field),
        ),
        Column(f"{name}_earliest", ColumnType.DATE, f"the first day {what} can mean", required),
    )


def _date_cells(name: str, value: PartialDate | None) -> Record:
    return {
        name: None if value is None else value.isoformat(),
        f"{name}_earliest": None if value is None else value.earliest,
    }


def _quantity_columns(name: str, what: str, *, required: bool = False) -> tuple[Column, ...]:
    return (
        Column(
            name, ColumnType.INTEGER, f"{what}: the figure the source gives", required, _of(Quantity, "value")
        ),
        Column(
            f"{name}_qualifier",
            ColumnType.STRING,
            f"how the figure bounds {what} (exact, more_than, ...)",
            required,
            _of(Quantity, "qualifier"),
        ),
        Column(
            f"{name}_as_stated",
            ColumnType.STRING,
            f"{what} in the source's words",
            constraints=_of(Quantity, "as_stated"),
        ),
    )


def _quantity_cells(name: str, value: Quantity | None) -> Record:
    return {
        name: None if value is None else value.value,
        f"{name}_qualifier": None if value is None else value.qualifier.value,
        f"{name}_as_stated": None if value is None else value.as_stated,
    }


_CITATION_COLUMNS = (
    Column(
        "citation_source",
        ColumnType.STRING,
        "the id of the cited source",
        required=True,
        constraints=_of(Citation, "source"),
    ),
    Column(
        "citation_section",
        ColumnType.STRING,
        "the cited section of that source; empty for the whole source",
        constraints=_of(Citation, "section"),
    ),
)


def _citation_cells(citation: Citation) -> Record:
    return {"citation_source": citation.source, "citation_section": citation.section}


_CHILD_KEY_COLUMNS = (
    Column(
        "partnership_id",
        ColumnType.STRING,
        "the partnership's id",
        required=True,
        constraints=_of(Partnership, "id"),
    ),
    Column("position", ColumnType.INTEGER, "the row's place within its partnership, from 0", required=True),
)
_CHILD_FOREIGN_KEYS = (
    ForeignKey(("partnership_id",), "partnerships", ("id",)),
    ForeignKey(("citation_source",), "sources", ("id",)),
    ForeignKey(("citation_source", "citation_section"), "sections", ("source_id", "id"), partial=True),
)


def _joined(items: Iterable[str]) -> str | None:
    """A list in one cell: its items joined with `LIST_SEPARATOR`, or None (not stated) when it has none."""
    return LIST_SEPARATOR.join(items) or None


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
            "activities": _joined(activity.value for activity in p.activities),
            "fields": _joined(p.fields),
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
                Column("id", _TEXT, "the source's id", required=True, constraints=_of(Source, "id")),
                Column("title", _TEXT, "its title", required=True, constraints=_of(Source, "title")),
                Column("publisher", _TEXT, "who published it", constraints=_of(Source, "publisher")),
                *_date_columns("published", "its publication or last change", (Source, "published")),
                Column("url", _TEXT, "where to read it", constraints=_of(Source, "url")),
            ),
            ("id",),
            (),
            _source_rows,
            label="title",
        ),
        Table(
            "sections",
            "a part of a source that citations name",
            (
                Column("source_id", _TEXT, "the source's id", required=True, constraints=_of(Source, "id")),
                Column(
                    "id",
                    _TEXT,
                    "the section's id within its source",
                    required=True,
                    constraints=_of(Section, "id"),
                ),
                Column(
                    "title", _TEXT, "the section's heading", required=True, constraints=_of(Section, "title")
                ),
            ),
            ("source_id", "id"),
            (ForeignKey(("source_id",), "sources", ("id",)),),
            _section_rows,
            label="title",
        ),
        Table(
            "organizations",
            "an organization that takes part in partnerships",
            (
                Column(
                    "id", _TEXT, "the organization's id", required=True, constraints=_of(Organization, "id")
                ),
                Column(
                    "name", _TEXT, "its English name", required=True, constraints=_of(Organization, "name")
                ),
                Column(
                    "short_name",
                    _TEXT,
                    "an acronym or short form",
                    constraints=_of(Organization, "short_name"),
                ),
                Column(
                    "kind",
                    _TEXT,
                    "university, company, government, ...",
                    required=True,
                    constraints=_of(Organization, "kind"),
                ),
                Column("country", _TEXT, "ISO 3166-1 alpha-2 code", constraints=_of(Organization, "country")),
                Column("city", _TEXT, "the city it is seated in", constraints=_of(City, "name")),
                Column(
                    "city_geonames_id", _INT, "the city's GeoNames id", constraints=_of(City, "geonames_id")
                ),
                Column(
                    "established", _INT, "the founding year", constraints=_of(Organization, "established")
                ),
                Column("ror", _TEXT, "its ROR id, a URL", constraints=_of(Identifier, "value")),
                Column("wikidata", _TEXT, "its Wikidata item id", constraints=_of(Identifier, "value")),
            ),
            ("id",),
            (),
            _organization_rows,
            label="name",
        ),
        Table(
            "partnerships",
            "a cooperation between a home institution and a partner",
            (
                Column(
                    "id", _TEXT, "the partnership's id", required=True, constraints=_of(Partnership, "id")
                ),
                Column(
                    "home_id",
                    _TEXT,
                    "the home institution's organization id",
                    required=True,
                    constraints=_of(Organization, "id"),
                ),
                Column(
                    "partner_id",
                    _TEXT,
                    "the partner's organization id",
                    required=True,
                    constraints=_of(Organization, "id"),
                ),
                Column(
                    "kind", _TEXT, "academic or industry", required=True, constraints=_of(Partnership, "kind")
                ),
                *_date_columns("started", "the start", (Partnership, "started"), required=True),
                *_date_columns("ended", "the end", (Partnership, "ended"), empty="; empty while ongoing"),
                Column(
                    "activities",
                    _TEXT,
                    "activity codes, separated by '; '; empty when none is stated",
                    constraints=_of(Partnership, "activities"),
                ),
                Column(
                    "fields",
                    _TEXT,
                    "research fields, separated by '; '; empty when none is stated",
                    constraints=_of(Partnership, "fields"),
                ),
                Column(
                    "summary",
                    _TEXT,
                    "a summary in the dataset's own words",
                    constraints=_of(Partnership, "summary"),
                ),
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
                Column(
                    "kind",
                    _TEXT,
                    "what happened (agreement_signed, ...)",
                    required=True,
                    constraints=_of(Milestone, "kind"),
                ),
                Column("title", _TEXT, "a short title", required=True, constraints=_of(Milestone, "title")),
                *_date_columns(
                    "on", "the date", (Milestone, "on"), empty="; empty when the source gives none"
                ),
                *_quantity_columns("count", "how many things the event involved"),
                Column("actor_id", _TEXT, "the organization that acted", constraints=_of(Milestone, "actor")),
                Column(
                    "description",
                    _TEXT,
                    "what happened, in the dataset's own words",
                    constraints=_of(Milestone, "description"),
                ),
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
                Column(
                    "kind",
                    _TEXT,
                    "what is counted (students_sent, ...)",
                    required=True,
                    constraints=_of(Metric, "kind"),
                ),
                *_quantity_columns("value", "the count", required=True),
                *_date_columns("as_of", "when the source reported it", (Metric, "as_of"), required=True),
                Column("note", _TEXT, "what the figure is for", constraints=_of(Metric, "note")),
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
                Column("name", _TEXT, "the program's name", required=True, constraints=_of(Program, "name")),
                Column(
                    "frequency",
                    _TEXT,
                    "yearly, monthly, weekly or daily",
                    required=True,
                    constraints=_of(Program, "frequency"),
                ),
                *_date_columns("first", "the first occurrence", (Program, "first")),
                *_quantity_columns("times_held", "how many times it has been held"),
                Column(
                    "description",
                    _TEXT,
                    "what it is, in the dataset's own words",
                    constraints=_of(Program, "description"),
                ),
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
