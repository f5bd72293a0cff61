"""Flat tables of a dataset: the one description that records, CSV, SQLite and data packages share.

Each table lists its columns, each with a type, a description and the way
its cell is read from a record, so a column is declared once and the rows
follow; then its primary key, its foreign keys and the items its rows are
made of. Dates known only in
part are given three times: as the text the data states ("1979") and as the
earliest and the latest day it can mean, real `datetime.date`s. A figure
carries its bounds (``_low``, ``_high``), the interval its qualifier allows.

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
import operator
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal, get_args

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
    """A column of a table, and how a row's record gives its cell.

    Attributes:
        name: The column's name.
        type: The type of its values.
        description: What it holds.
        required: Whether every row has a value.
        constraints: What its values must be, read from the model field it holds.
        cell: Gives the column's value from the item a row is made of.
    """

    name: str
    type: ColumnType
    description: str
    required: bool = False
    constraints: Constraints = attrs.field(factory=Constraints)
    cell: Callable[[Any], Scalar] = attrs.field(default=lambda _: None, kw_only=True, eq=False, repr=False)


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
    """A table's columns, keys and the items its rows are made of.

    Attributes:
        name: The table's name.
        description: What one row is.
        columns: The columns, in order, each with the way to its cell.
        primary_key: The columns that identify a row.
        foreign_keys: Links to other tables.
        items: Yields the items of a dataset that become rows, one each.
        label: The column that names a row for a person (Datasette shows it
            for a foreign key to the table), or None when the id does.
    """

    name: TableName
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    items: Callable[[Dataset], Iterable[Any]]
    label: str | None = None

    def rows(self, dataset: Dataset) -> Iterator[Record]:
        """One plain dict per item of *dataset*, a value for every column."""
        cells = [(column.name, column.cell) for column in self.columns]
        for item in self.items(dataset):
            yield {name: cell(item) for name, cell in cells}


@attrs.frozen
class Child:
    """A record listed inside another (a milestone in a partnership, a section in a source), where it stands.

    Attributes:
        parent: The record it is listed in.
        position: Its place in that list, from 0.
        record: The record itself.
    """

    parent: Any
    position: int
    record: Any


_TEXT = ColumnType.STRING
_INT = ColumnType.INTEGER
_DATE = ColumnType.DATE


def _rule(field: tuple[type, str] | None) -> Constraints:
    """The constraints of a column holding the values of a model field, given as (class, name)."""
    return Constraints() if field is None else field_constraints(*field)


def _of(get: Callable[[Any], Any], then: Callable[[Any], Scalar]) -> Callable[[Any], Scalar]:
    """The cell *then* gives of the value *get* reads, None where that value is None."""

    def cell(item: Any) -> Scalar:
        value = get(item)
        return None if value is None else then(value)

    return cell


def _value(get: Callable[[Any], Any]) -> Callable[[Any], Scalar]:
    """The cell of an enum (its file string) or a plain value."""

    def cell(item: Any) -> Scalar:
        value = get(item)
        return value.value if isinstance(value, enum.Enum) else value  # type: ignore[no-any-return]

    return cell


#: A model field a column holds: its class and its name, whose rule gives the column's constraints.
Field = tuple[type, str]


def _date_columns(  # noqa: PLR0913 - a name, a meaning, where to read it, its field, and two flags
    name: str, what: str, path: str, field: Field, *, required: bool = False, empty: str = ""
) -> tuple[Column, ...]:
    """The stated text of a partial date at *path* of a row's item, and its first and last days."""
    get = operator.attrgetter(path)
    return (
        Column(
            name,
            _TEXT,
            f"{what}, as stated: YYYY, YYYY-MM or YYYY-MM-DD{empty}",
            required,
            _rule(field),
            cell=_of(get, PartialDate.isoformat),
        ),
        Column(
            f"{name}_earliest", _DATE, f"the first day {what} can mean", required, cell=_of(get, _earliest)
        ),
        Column(f"{name}_latest", _DATE, f"the last day {what} can mean", required, cell=_of(get, _latest)),
    )


def _earliest(date: PartialDate) -> datetime.date:
    return date.earliest


def _latest(date: PartialDate) -> datetime.date:
    return date.latest


def _quantity_columns(name: str, what: str, path: str, *, required: bool = False) -> tuple[Column, ...]:
    """The figure at *path* of a row's item, as stated, and the bounds it allows."""
    get = operator.attrgetter(path)
    return (
        Column(
            name,
            _INT,
            f"{what}: the figure the source gives",
            required,
            _rule((Quantity, "value")),
            cell=_of(get, lambda q: q.value),
        ),
        Column(
            f"{name}_qualifier",
            _TEXT,
            f"how the figure bounds {what} (exact, more_than, ...)",
            required,
            _rule((Quantity, "qualifier")),
            cell=_of(get, lambda q: q.qualifier.value),
        ),
        Column(
            f"{name}_as_stated",
            _TEXT,
            f"{what} in the source's words",
            constraints=_rule((Quantity, "as_stated")),
            cell=_of(get, lambda q: q.as_stated),
        ),
        Column(
            f"{name}_low",
            _INT,
            "the smallest count the figure allows; empty: no lower bound",
            cell=_of(get, lambda q: q.bounds.low),
        ),
        Column(
            f"{name}_high",
            _INT,
            "the largest count the figure allows; empty: no upper bound",
            cell=_of(get, lambda q: q.bounds.high),
        ),
    )


def _field(  # noqa: PLR0913 - a name, a type, a meaning, its field, where to read it, one flag
    name: str,
    type_: ColumnType,
    description: str,
    field: Field,
    path: str | None = None,
    *,
    required: bool = False,
) -> Column:
    """A column holding a model *field* of the row's item, read at *path* (dotted; by default the name)."""
    return Column(
        name, type_, description, required, _rule(field), cell=_value(operator.attrgetter(path or name))
    )


def _joined(get: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any], Scalar]:
    """A list in one cell: its items joined with `LIST_SEPARATOR`, or None (not stated) when it has none."""

    def cell(item: Any) -> Scalar:
        return (
            LIST_SEPARATOR.join(
                value.value if isinstance(value, enum.Enum) else str(value) for value in get(item)
            )
            or None
        )

    return cell


def _identifier(scheme: IdentifierScheme) -> Callable[[Any], Scalar]:
    return lambda organization: organization.identifier(scheme)


def _sections(dataset: Dataset) -> Iterator[Child]:
    for source in dataset.sources:
        for position, section in enumerate(source.sections):
            yield Child(source, position, section)


def _children(collection: str) -> Callable[[Dataset], Iterator[Child]]:
    def items(dataset: Dataset) -> Iterator[Child]:
        for partnership in dataset.partnerships:
            for position, record in enumerate(getattr(partnership, collection)):
                yield Child(partnership, position, record)

    return items


_CITATION_COLUMNS = (
    _field(
        "citation_source",
        _TEXT,
        "the id of the cited source",
        (Citation, "source"),
        "record.citation.source",
        required=True,
    ),
    _field(
        "citation_section",
        _TEXT,
        "the cited section of that source; empty for the whole source",
        (Citation, "section"),
        "record.citation.section",
    ),
)
_CHILD_KEY_COLUMNS = (
    _field("partnership_id", _TEXT, "the partnership's id", (Partnership, "id"), "parent.id", required=True),
    Column(
        "position",
        _INT,
        "the row's place within its partnership, from 0",
        required=True,
        cell=operator.attrgetter("position"),
    ),
)
_CHILD_FOREIGN_KEYS = (
    ForeignKey(("partnership_id",), "partnerships", ("id",)),
    ForeignKey(("citation_source",), "sources", ("id",)),
    ForeignKey(("citation_source", "citation_section"), "sections", ("source_id", "id"), partial=True),
)


TABLES: dict[TableName, Table] = {
    table.name: table
    for table in (
        Table(
            "sources",
            "a document or record that facts are taken from",
            (
                _field("id", _TEXT, "the source's id", (Source, "id"), required=True),
                _field("title", _TEXT, "its title", (Source, "title"), required=True),
                _field("publisher", _TEXT, "who published it", (Source, "publisher")),
                *_date_columns(
                    "published", "its publication or last change", "published", (Source, "published")
                ),
                _field("url", _TEXT, "where to read it", (Source, "url")),
            ),
            ("id",),
            (),
            operator.attrgetter("sources"),
            label="title",
        ),
        Table(
            "sections",
            "a part of a source that citations name",
            (
                _field("source_id", _TEXT, "the source's id", (Source, "id"), "parent.id", required=True),
                _field(
                    "id",
                    _TEXT,
                    "the section's id within its source",
                    (Section, "id"),
                    "record.id",
                    required=True,
                ),
                _field(
                    "title", _TEXT, "the section's heading", (Section, "title"), "record.title", required=True
                ),
            ),
            ("source_id", "id"),
            (ForeignKey(("source_id",), "sources", ("id",)),),
            _sections,
            label="title",
        ),
        Table(
            "organizations",
            "an organization that takes part in partnerships",
            (
                _field("id", _TEXT, "the organization's id", (Organization, "id"), required=True),
                _field("name", _TEXT, "its English name", (Organization, "name"), required=True),
                _field("short_name", _TEXT, "an acronym or short form", (Organization, "short_name")),
                _field(
                    "kind",
                    _TEXT,
                    "university, company, government, ...",
                    (Organization, "kind"),
                    required=True,
                ),
                _field("country", _TEXT, "ISO 3166-1 alpha-2 code", (Organization, "country")),
                Column(
                    "city",
                    _TEXT,
                    "the city it is seated in",
                    constraints=_rule((City, "name")),
                    cell=_of(operator.attrgetter("city"), operator.attrgetter("name")),
                ),
                Column(
                    "city_geonames_id",
                    _INT,
                    "the city's GeoNames id",
                    constraints=_rule((City, "geonames_id")),
                    cell=_of(operator.attrgetter("city"), operator.attrgetter("geonames_id")),
                ),
                _field("established", _INT, "the founding year", (Organization, "established")),
                Column(
                    "ror",
                    _TEXT,
                    "its ROR id, a URL",
                    constraints=_rule((Identifier, "value")),
                    cell=_identifier(IdentifierScheme.ROR),
                ),
                Column(
                    "wikidata",
                    _TEXT,
                    "its Wikidata item id",
                    constraints=_rule((Identifier, "value")),
                    cell=_identifier(IdentifierScheme.WIKIDATA),
                ),
            ),
            ("id",),
            (),
            operator.attrgetter("organizations"),
            label="name",
        ),
        Table(
            "partnerships",
            "a cooperation between a home institution and a partner",
            (
                _field("id", _TEXT, "the partnership's id", (Partnership, "id"), required=True),
                _field(
                    "home_id",
                    _TEXT,
                    "the home institution's organization id",
                    (Organization, "id"),
                    "home.id",
                    required=True,
                ),
                _field(
                    "partner_id",
                    _TEXT,
                    "the partner's organization id",
                    (Organization, "id"),
                    "partner.id",
                    required=True,
                ),
                _field("kind", _TEXT, "academic or industry", (Partnership, "kind"), required=True),
                *_date_columns("started", "the start", "started", (Partnership, "started"), required=True),
                *_date_columns(
                    "ended",
                    "the end",
                    "ended",
                    (Partnership, "ended"),
                    empty="; empty when no end is reported",
                ),
                *_date_columns(
                    "confirmed",
                    "the latest day a cited source shows it running",
                    "confirmed",
                    (Partnership, "confirmed"),
                    empty="; nothing later is known; empty when unknown",
                ),
                Column(
                    "activities",
                    _TEXT,
                    "activity codes, separated by '; '; empty when none is stated",
                    constraints=_rule((Partnership, "activities")),
                    cell=_joined(operator.attrgetter("activities")),
                ),
                Column(
                    "fields",
                    _TEXT,
                    "research fields, separated by '; '; empty when none is stated",
                    constraints=_rule((Partnership, "fields")),
                    cell=_joined(operator.attrgetter("fields")),
                ),
                _field("summary", _TEXT, "a summary in the dataset's own words", (Partnership, "summary")),
            ),
            ("id",),
            (
                ForeignKey(("home_id",), "organizations", ("id",)),
                ForeignKey(("partner_id",), "organizations", ("id",)),
            ),
            operator.attrgetter("partnerships"),
        ),
        Table(
            "milestones",
            "an event in a partnership",
            (
                *_CHILD_KEY_COLUMNS,
                _field(
                    "kind",
                    _TEXT,
                    "what happened (agreement_signed, ...)",
                    (Milestone, "kind"),
                    "record.kind",
                    required=True,
                ),
                _field("title", _TEXT, "a short title", (Milestone, "title"), "record.title", required=True),
                *_date_columns(
                    "date",
                    "the date",
                    "record.on",
                    (Milestone, "on"),
                    empty="; empty when the source gives none",
                ),
                *_quantity_columns("count", "how many things the event involved", "record.count"),
                _field(
                    "actor_id", _TEXT, "the organization that acted", (Milestone, "actor"), "record.actor"
                ),
                _field(
                    "description",
                    _TEXT,
                    "what happened, in the dataset's own words",
                    (Milestone, "description"),
                    "record.description",
                ),
                *_CITATION_COLUMNS,
            ),
            ("partnership_id", "position"),
            (*_CHILD_FOREIGN_KEYS, ForeignKey(("actor_id",), "organizations", ("id",))),
            _children("milestones"),
            label="title",
        ),
        Table(
            "metrics",
            "a reported figure about a partnership",
            (
                *_CHILD_KEY_COLUMNS,
                _field(
                    "kind",
                    _TEXT,
                    "what is counted (students_sent, ...)",
                    (Metric, "kind"),
                    "record.kind",
                    required=True,
                ),
                *_quantity_columns("value", "the count", "record.value", required=True),
                *_date_columns(
                    "as_of", "when the source reported it", "record.as_of", (Metric, "as_of"), required=True
                ),
                _field("note", _TEXT, "what the figure is for", (Metric, "note"), "record.note"),
                *_CITATION_COLUMNS,
            ),
            ("partnership_id", "position"),
            _CHILD_FOREIGN_KEYS,
            _children("metrics"),
        ),
        Table(
            "programs",
            "a recurring activity of a partnership",
            (
                *_CHILD_KEY_COLUMNS,
                _field("name", _TEXT, "the program's name", (Program, "name"), "record.name", required=True),
                _field(
                    "frequency",
                    _TEXT,
                    "yearly, monthly, weekly or daily",
                    (Program, "frequency"),
                    "record.frequency",
                    required=True,
                ),
                *_date_columns("first", "the first occurrence", "record.first", (Program, "first")),
                *_quantity_columns("times_held", "how many times it has been held", "record.times_held"),
                *_date_columns(
                    "as_of",
                    "when the count was reported",
                    "record.as_of",
                    (Program, "as_of"),
                    empty="; empty when unknown",
                ),
                _field(
                    "description",
                    _TEXT,
                    "what it is, in the dataset's own words",
                    (Program, "description"),
                    "record.description",
                ),
                *_CITATION_COLUMNS,
            ),
            ("partnership_id", "position"),
            _CHILD_FOREIGN_KEYS,
            _children("programs"),
            label="name",
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
