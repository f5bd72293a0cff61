"""Flat tables of a dataset: the one description that records, CSV, SQLite and data packages share.

Each table lists its columns, each with a type, a description and the way
its cell is read from a record, so a column is declared once and the rows
follow; then its primary key, its foreign keys and the items its rows are
made of. Dates known only in
part are given three times: as the text the data states ("1979") and as the
earliest and the latest day it can mean, real `datetime.date`s. A figure
carries its bounds (``_low``, ``_high``), the interval its qualifier allows.
"""

from __future__ import annotations

import datetime
import enum
import operator
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal, get_args

import attrs

from ustb_coop.model._dataset import Dataset
from ustb_coop.model._dates import PartialDate
from ustb_coop.model._quantities import Quantity
from ustb_coop.model._records import LIST_SEPARATOR, IdentifierScheme

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
        cell: Gives the column's value from the item a row is made of.
    """

    name: str
    type: ColumnType
    description: str
    required: bool = False
    cell: Callable[[Any], Scalar] = attrs.field(default=lambda _: None, kw_only=True, eq=False, repr=False)


@attrs.frozen
class ForeignKey:
    """Columns that name a row of another table."""

    columns: tuple[str, ...]
    table: TableName
    reference: tuple[str, ...]


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
    """

    name: TableName
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    items: Callable[[Dataset], Iterable[Any]]

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


_TEXT = ColumnType.STRING
_INT = ColumnType.INTEGER
_DATE = ColumnType.DATE


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


def _date_columns(
    name: str, what: str, get: Callable[[Any], PartialDate | None], *, required: bool = False, empty: str = ""
) -> tuple[Column, ...]:
    return (
        Column(
            name,
            _TEXT,
            f"{what}, as stated: YYYY, YYYY-MM or YYYY-MM-DD{empty}",
            required,
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


def _quantity_columns(
    name: str, what: str, get: Callable[[Any], Quantity | None], *, required: bool = False
) -> tuple[Column, ...]:
    return (
        Column(
            name, _INT, f"{what}: the figure the source gives", required, cell=_of(get, lambda q: q.value)
        ),
        Column(
            f"{name}_qualifier",
            _TEXT,
            f"how the figure bounds {what} (exact, more_than, ...)",
            required,
            cell=_of(get, lambda q: q.qualifier.value),
        ),
        Column(
            f"{name}_as_stated", _TEXT, f"{what} in the source's words", cell=_of(get, lambda q: q.as_stated)
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


_CITATION_COLUMNS = (
    Column(
        "citation_source",
        _TEXT,
        "the id of the cited source",
        required=True,
        cell=lambda child: child.record.citation.source,
    ),
    Column(
        "citation_section",
        _TEXT,
        "the cited section of that source",
        cell=lambda child: child.record.citation.section,
    ),
)
_CHILD_KEY_COLUMNS = (
    Column(
        "partnership_id", _TEXT, "the partnership's id", required=True, cell=lambda child: child.parent.id
    ),
    Column(
        "position",
        _INT,
        "the row's place within its partnership, from 0",
        required=True,
        cell=lambda child: child.position,
    ),
)
_CHILD_FOREIGN_KEYS = (
    ForeignKey(("partnership_id",), "partnerships", ("id",)),
    ForeignKey(("citation_source",), "sources", ("id",)),
)


def _field(
    name: str, type_: ColumnType, description: str, path: str | None = None, *, required: bool = False
) -> Column:
    """A column holding an attribute of the row's item (*path*, dotted; by default the column's name)."""
    return Column(name, type_, description, required, cell=_value(operator.attrgetter(path or name)))


def _joined(get: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any], Scalar]:
    def cell(item: Any) -> Scalar:
        return LIST_SEPARATOR.join(
            value.value if isinstance(value, enum.Enum) else str(value) for value in get(item)
        )

    return cell


def _identifier(scheme: IdentifierScheme) -> Callable[[Any], Scalar]:
    return lambda organization: organization.identifier(scheme)


TABLES: dict[TableName, Table] = {
    table.name: table
    for table in (
        Table(
            "sources",
            "a document or record that facts are taken from",
            (
                _field("id", _TEXT, "the source's id", required=True),
                _field("title", _TEXT, "its title", required=True),
                _field("publisher", _TEXT, "who published it"),
                *_date_columns(
                    "published", "its publication or last change", operator.attrgetter("published")
                ),
                _field("url", _TEXT, "where to read it"),
            ),
            ("id",),
            (),
            lambda dataset: dataset.sources,
        ),
        Table(
            "sections",
            "a part of a source that citations name",
            (
                _field("source_id", _TEXT, "the source's id", "parent.id", required=True),
                _field("id", _TEXT, "the section's id within its source", "record.id", required=True),
                _field("title", _TEXT, "the section's heading", "record.title", required=True),
            ),
            ("source_id", "id"),
            (ForeignKey(("source_id",), "sources", ("id",)),),
            _sections,
        ),
        Table(
            "organizations",
            "an organization that takes part in partnerships",
            (
                _field("id", _TEXT, "the organization's id", required=True),
                _field("name", _TEXT, "its English name", required=True),
                _field("short_name", _TEXT, "an acronym or short form"),
                _field("kind", _TEXT, "university, company, government, ...", required=True),
                _field("country", _TEXT, "ISO 3166-1 alpha-2 code"),
                Column(
                    "city",
                    _TEXT,
                    "the city it is seated in",
                    cell=_of(operator.attrgetter("city"), operator.attrgetter("name")),
                ),
                Column(
                    "city_geonames_id",
                    _INT,
                    "the city's GeoNames id",
                    cell=_of(operator.attrgetter("city"), operator.attrgetter("geonames_id")),
                ),
                _field("established", _INT, "the founding year"),
                Column("ror", _TEXT, "its ROR id, a URL", cell=_identifier(IdentifierScheme.ROR)),
                Column(
                    "wikidata", _TEXT, "its Wikidata item id", cell=_identifier(IdentifierScheme.WIKIDATA)
                ),
            ),
            ("id",),
            (),
            lambda dataset: dataset.organizations,
        ),
        Table(
            "partnerships",
            "a cooperation between a home institution and a partner",
            (
                _field("id", _TEXT, "the partnership's id", required=True),
                _field("home_id", _TEXT, "the home institution's organization id", "home.id", required=True),
                _field("partner_id", _TEXT, "the partner's organization id", "partner.id", required=True),
                _field("kind", _TEXT, "academic or industry", required=True),
                *_date_columns("started", "the start", operator.attrgetter("started"), required=True),
                *_date_columns(
                    "ended", "the end", operator.attrgetter("ended"), empty="; empty when no end is reported"
                ),
                *_date_columns(
                    "confirmed",
                    "the latest day a cited source shows it running",
                    operator.attrgetter("confirmed"),
                    empty="; nothing later is known; empty when unknown",
                ),
                Column(
                    "activities",
                    _TEXT,
                    "activity codes, separated by '; '",
                    cell=_joined(lambda p: p.activities),
                ),
                Column(
                    "fields", _TEXT, "research fields, separated by '; '", cell=_joined(lambda p: p.fields)
                ),
                _field("summary", _TEXT, "a summary in the dataset's own words"),
            ),
            ("id",),
            (
                ForeignKey(("home_id",), "organizations", ("id",)),
                ForeignKey(("partner_id",), "organizations", ("id",)),
            ),
            lambda dataset: dataset.partnerships,
        ),
        Table(
            "milestones",
            "an event in a partnership",
            (
                *_CHILD_KEY_COLUMNS,
                _field("kind", _TEXT, "what happened (agreement_signed, ...)", "record.kind", required=True),
                _field("title", _TEXT, "a short title", "record.title", required=True),
                *_date_columns(
                    "on",
                    "the date",
                    operator.attrgetter("record.on"),
                    empty="; empty when the source gives none",
                ),
                *_quantity_columns(
                    "count", "how many things the event involved", operator.attrgetter("record.count")
                ),
                _field("actor_id", _TEXT, "the organization that acted", "record.actor"),
                _field(
                    "description", _TEXT, "what happened, in the dataset's own words", "record.description"
                ),
                *_CITATION_COLUMNS,
            ),
            ("partnership_id", "position"),
            (*_CHILD_FOREIGN_KEYS, ForeignKey(("actor_id",), "organizations", ("id",))),
            _children("milestones"),
        ),
        Table(
            "metrics",
            "a reported figure about a partnership",
            (
                *_CHILD_KEY_COLUMNS,
                _field("kind", _TEXT, "what is counted (students_sent, ...)", "record.kind", required=True),
                *_quantity_columns("value", "the count", operator.attrgetter("record.value"), required=True),
                *_date_columns(
                    "as_of", "when the source reported it", operator.attrgetter("record.as_of"), required=True
                ),
                _field("note", _TEXT, "what the figure is for", "record.note"),
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
                _field("name", _TEXT, "the program's name", "record.name", required=True),
                _field(
                    "frequency", _TEXT, "yearly, monthly, weekly or daily", "record.frequency", required=True
                ),
                *_date_columns("first", "the first occurrence", operator.attrgetter("record.first")),
                *_quantity_columns(
                    "times_held", "how many times it has been held", operator.attrgetter("record.times_held")
                ),
                *_date_columns(
                    "as_of",
                    "when the count was reported",
                    operator.attrgetter("record.as_of"),
                    empty="; empty when unknown",
                ),
                _field("description", _TEXT, "what it is, in the dataset's own words", "record.description"),
                *_CITATION_COLUMNS,
            ),
            ("partnership_id", "position"),
            _CHILD_FOREIGN_KEYS,
            _children("programs"),
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
