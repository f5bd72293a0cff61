"""The parity corpus: documents that every client must judge as the loader does.

Each case is a JSON document: the bundled dataset with some values changed,
or one of the malformed inputs of `tests.malformed_cases`. No case states a
verdict: the tests ask the loader, then each client (the JSON Schema under
Python's ``re`` and under ECMA-262, ajv, Frictionless on the table export),
and compare. Where a client cannot see a rule, the case names the gap, one of
a short documented list (`SchemaGap`, `TableGap`); a test checks that every
gap named is real (the loader rejects what the client accepts) and that
docs/exports.md lists each one.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Iterator
from typing import Any

import attrs

from tests import malformed_cases
from tests.malformed_cases import RWTH, RWTH_ORG, TATA, TATA_ORG, TATA_PROJECTS, TOHOKU, Document

#: Marks a key a case removes.
DELETED = object()


class SchemaGap(enum.Enum):
    """A rule of the loader that no JSON Schema states: the schema accepts what the loader rejects."""

    #: Sources, organizations, partnerships and sections within a source have unique ids.
    UNIQUE_IDS = "ids are unique"
    #: Citations, home, partner and actor name something in the file.
    REFERENCES = "every citation, home, partner and actor names something in the file"
    #: A date's day exists in its month (2015-02-30 has the right shape).
    CALENDAR = "the day exists"
    #: A partnership ends no earlier than it starts.
    DATE_ORDER = "ended is not before started"
    #: Whole numbers have no fraction: JSON Schema counts 2.0 as an integer.
    FRACTION = "whole numbers are written without a fraction"


class TableGap(enum.Enum):
    """A rule of the loader that the data package's Table Schemas cannot state."""

    #: Rules that relate two columns: a qualifier's floor, a program's first date and its
    #: frequency, an end after the start.
    CROSS_COLUMN = "rules that relate two columns"
    #: A day its month lacks has the shape of a date.
    CALENDAR = "the day exists"
    #: A CSV cell is text, so a number or a date given where text or a list is wanted reads as text.
    UNTYPED_CELLS = "a CSV cell has no JSON type"
    #: An empty cell is not stated, so text stated as "" has no CSV form of its own.
    EMPTY_TEXT = "an empty cell is not stated"
    #: A list is one cell, its items joined with "; ", so an item holding "; " reads as two items.
    JOINED_ITEMS = "an item holding the separator reads as two items"
    #: Frictionless looks up a composite key with an empty cell as it is, so the package leaves out
    #: (citation_source, citation_section) -> sections, which the SQLite export checks.
    CITED_SECTION = "a cited section exists"


@attrs.frozen(kw_only=True)
class ParityCase:
    """One document of the corpus.

    Attributes:
        id: A short name, used as the pytest id.
        text: The JSON document.
        changes: The values the case changed, by path (`DELETED` for a removed
            key), when the case is the bundled dataset with values changed; None otherwise.
        schema_gap: The rule the JSON Schema cannot state that this case breaks, if any.
        table_gap: The rule the Table Schemas cannot state that this case breaks, if any.
    """

    id: str
    text: str
    changes: tuple[tuple[str, object], ...] | None
    schema_gap: SchemaGap | None = None
    table_gap: TableGap | None = None

    @property
    def document(self) -> Any:
        """The parsed document."""
        return json.loads(self.text)


def _changed(id_: str, *changes: tuple[str, object], **gaps: Any) -> ParityCase:
    """A case that sets each path of *changes* in the bundled dataset's JSON form."""
    document = malformed_cases.bundled_document()
    for path, value in changes:
        node, last = malformed_cases._parent(document, path)
        if value is DELETED:
            del node[last]
        else:
            node[last] = value
    return ParityCase(id=id_, text=json.dumps(document, ensure_ascii=False), changes=changes, **gaps)


_MILESTONE = f"partnerships[{TATA}].milestones[{TATA_PROJECTS}]"
_COUNT = f"{_MILESTONE}.count.value"
_METRIC = f"partnerships[{RWTH}].metrics[0]"
_PROGRAM = f"partnerships[{TOHOKU}].programs[0]"
_TITLE = "sources[0].title"
_NAME = f"organizations[{TATA_ORG}].name"
_FIELD = f"partnerships[{TOHOKU}].fields[0]"
_SECTION_TITLE = "sources[0].sections[0].title"

#: The cases of issue 9 and their neighbours: text at the edge of "non-empty", lists that a
#: table cell must split back, figures at the I-JSON limit, precision rules.
_OWN_CASES: tuple[ParityCase, ...] = (
    _changed("bundled"),
    _changed("title-unit-separator", (_TITLE, "\x1f")),
    _changed("title-next-line", (_TITLE, "\x85")),
    _changed("title-byte-order-mark", (_TITLE, "\ufeff")),
    _changed("title-ideographic-space", (_SECTION_TITLE, "\u3000")),
    _changed("name-spaces-and-tabs", (_NAME, " \t ")),
    _changed("name-line-separators", (_NAME, "\u2028\u2029")),
    _changed("title-zero-width-space", (_TITLE, "\u200b")),
    _changed("title-nul", (_SECTION_TITLE, "\x00")),
    _changed("title-with-byte-order-mark", (_TITLE, "\ufeffReport")),
    _changed("title-astral", (_TITLE, "\U0001f4d8")),
    _changed("title-trailing-newline", (_TITLE, "Report\n")),
    _changed("summary-empty", (f"partnerships[{RWTH}].summary", ""), table_gap=TableGap.EMPTY_TEXT),
    _changed("summary-blank", (f"partnerships[{RWTH}].summary", "\u2003")),
    _changed("note-next-line", (f"{_METRIC}.note", "\x85")),
    _changed("as-stated-blank", (f"{_METRIC}.value.as_stated", "\t")),
    _changed("section-empty", (f"{_MILESTONE}.citation.section", ""), table_gap=TableGap.EMPTY_TEXT),
    _changed("field-empty", (_FIELD, "")),
    _changed("field-with-separator", (_FIELD, "metallurgy; mining"), table_gap=TableGap.JOINED_ITEMS),
    _changed("field-with-semicolon", (_FIELD, "metallurgy;mining")),
    _changed("field-blank", (_FIELD, "\x1e")),
    _changed("field-leading-space", (_FIELD, " metallurgy")),
    _changed("slug-trailing-newline", (f"partnerships[{RWTH}].id", "rwth-aachen\n")),
    _changed("slug-other-digits", (f"organizations[{RWTH_ORG}].id", "rwth-٢")),
    _changed("country-trailing-newline", (f"organizations[{RWTH_ORG}].country", "DE\n")),
    _changed("date-other-digits", (f"partnerships[{RWTH}].started", "١٩٧٩")),
    _changed("date-trailing-newline", (f"partnerships[{RWTH}].started", "1979\n")),
    _changed("date-year-0", (f"partnerships[{RWTH}].started", "0000")),
    _changed(
        "monthly-first-year",
        (f"{_PROGRAM}.frequency", "monthly"),
        (f"{_PROGRAM}.first", "2002"),
        table_gap=TableGap.CROSS_COLUMN,
    ),
    _changed("monthly-first-month", (f"{_PROGRAM}.frequency", "monthly"), (f"{_PROGRAM}.first", "2002-04")),
    _changed(
        "weekly-first-month",
        (f"{_PROGRAM}.frequency", "weekly"),
        (f"{_PROGRAM}.first", "2002-04"),
        table_gap=TableGap.CROSS_COLUMN,
    ),
    _changed("daily-first-day", (f"{_PROGRAM}.frequency", "daily"), (f"{_PROGRAM}.first", "2002-04-01")),
    _changed("monthly-first-unknown", (f"{_PROGRAM}.frequency", "monthly"), (f"{_PROGRAM}.first", None)),
    _changed("count-largest", (_COUNT, 2**53 - 1)),
    _changed("count-past-i-json", (_COUNT, 2**53)),
    _changed("count-past-64-bits", (_COUNT, 2**63 - 1)),
    _changed("count-2-to-the-63", (_COUNT, 2**63)),
    _changed("count-zero", (_COUNT, 0)),
    _changed("count-negative", (f"{_METRIC}.value.value", -5)),
    _changed("count-two-point-zero", (_COUNT, 2.0), schema_gap=SchemaGap.FRACTION),
    _changed("qualifier-unknown", (f"{_METRIC}.value.qualifier", "lots")),
    _changed(
        "fewer-than-zero",
        (f"{_COUNT}", 0),
        (f"{_MILESTONE}.count.qualifier", "fewer_than"),
        table_gap=TableGap.CROSS_COLUMN,
    ),
    _changed("fewer-than-one", (f"{_COUNT}", 1), (f"{_MILESTONE}.count.qualifier", "fewer_than")),
    _changed("geonames-id-largest", (f"organizations[{RWTH_ORG}].city.geonames_id", 2**53 - 1)),
    _changed("geonames-id-past-i-json", (f"organizations[{RWTH_ORG}].city.geonames_id", 2**53)),
    _changed("geonames-id-zero", (f"organizations[{RWTH_ORG}].city.geonames_id", 0)),
    _changed("established-0", (f"organizations[{RWTH_ORG}].established", 0)),
    _changed("established-9999", (f"organizations[{RWTH_ORG}].established", 9999)),
    _changed("established-10000", (f"organizations[{RWTH_ORG}].established", 10000)),
    _changed("organization-kind-unknown", (f"organizations[{TATA_ORG}].kind", "charity")),
    _changed("activities-none", (f"partnerships[{TATA}].activities", [])),
    _changed("activities-unknown", (f"partnerships[{TATA}].activities", ["training", "consulting"])),
    _changed("day-of-leap-year", (f"{_MILESTONE}.on", "2016-02-29")),
    _changed(
        "day-of-common-year",
        (f"{_MILESTONE}.on", "2015-02-29"),
        schema_gap=SchemaGap.CALENDAR,
        table_gap=TableGap.CALENDAR,
    ),
)

#: The rule each malformed case breaks that a client cannot state, for the cases that break one.
_MALFORMED_GAPS: dict[str, tuple[SchemaGap | None, TableGap | None]] = {
    "number-for-text": (None, TableGap.UNTYPED_CELLS),
    "text-for-list": (None, TableGap.UNTYPED_CELLS),
    "date-number": (None, TableGap.UNTYPED_CELLS),
    "date-empty": (None, TableGap.EMPTY_TEXT),
    "date-february-30": (SchemaGap.CALENDAR, TableGap.CALENDAR),
    "duplicate-partnership-id": (SchemaGap.UNIQUE_IDS, None),
    "duplicate-organization-id": (SchemaGap.UNIQUE_IDS, None),
    "duplicate-source-id": (SchemaGap.UNIQUE_IDS, None),
    "duplicate-section-id": (SchemaGap.UNIQUE_IDS, None),
    "dangling-citation-source": (SchemaGap.REFERENCES, None),
    "dangling-identifier-citation": (SchemaGap.REFERENCES, None),
    "dangling-section": (SchemaGap.REFERENCES, TableGap.CITED_SECTION),
    "dangling-actor": (SchemaGap.REFERENCES, None),
    "unknown-home-organization": (SchemaGap.REFERENCES, None),
    "unknown-partner-organization": (SchemaGap.REFERENCES, None),
    "ended-before-started": (SchemaGap.DATE_ORDER, TableGap.CROSS_COLUMN),
    "several-integrity-problems": (SchemaGap.UNIQUE_IDS, None),
}


def _strict_json(text: str) -> bool:
    """Whether *text* is one JSON document by RFC 8259: no NaN or Infinity, no key twice."""

    def refuse_constant(name: str) -> object:
        raise ValueError(name)

    def refuse_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
        if len({key for key, _ in pairs}) != len(pairs):
            raise ValueError(pairs)
        return dict(pairs)

    try:
        json.loads(text, parse_constant=refuse_constant, object_pairs_hook=refuse_duplicates)
    except (ValueError, RecursionError):
        return False
    return True


def _value_at(document: Document, path: str) -> object:
    try:
        node, last = malformed_cases._parent(document, path)
        return node[last]
    except (KeyError, IndexError, TypeError, ValueError):  # no such key, or the document as a whole
        return DELETED


def _from_malformed(case: malformed_cases.MalformedCase) -> ParityCase:
    """A malformed input as a corpus case; its changes are read back at the paths its problems name."""
    text = malformed_cases.build(case)
    changes: tuple[tuple[str, object], ...] | None = None
    if case.mutate is not None:
        document = json.loads(text)
        changes = tuple((path, _value_at(document, path)) for path, _ in case.expected)
    schema_gap, table_gap = _MALFORMED_GAPS.get(case.id, (None, None))
    return ParityCase(id=case.id, text=text, changes=changes, schema_gap=schema_gap, table_gap=table_gap)


#: The malformed inputs that are JSON documents (not syntax, nesting or size limits), as corpus cases.
MALFORMED: tuple[ParityCase, ...] = tuple(
    _from_malformed(case)
    for case in malformed_cases.CASES
    if case.format == "json" and case.max_input_bytes is None and _strict_json(malformed_cases.build(case))
)

#: Every case of the corpus.
CASES: tuple[ParityCase, ...] = (*_OWN_CASES, *MALFORMED)

#: The malformed inputs left out of the corpus, which no client sees as a JSON document.
NOT_JSON = tuple(
    case.id for case in malformed_cases.CASES if case.id not in {parity.id for parity in MALFORMED}
)


@attrs.frozen
class Cell:
    """Where a change lands in the table export: one cell of one row.

    Attributes:
        table: The table.
        key: The row's primary key, by column.
        column: The column.
    """

    table: str
    key: tuple[tuple[str, str | int], ...]
    column: str


_CHILD = re.compile(r"partnerships\[(\d+)\]\.(milestones|metrics|programs)\[(\d+)\]\.(.+)")
_PARTNERSHIP = re.compile(r"partnerships\[(\d+)\]\.(\w+)(?:\[\d+\])?")
_ORGANIZATION = re.compile(r"organizations\[(\d+)\]\.(.+)")
_SECTION = re.compile(r"sources\[(\d+)\]\.sections\[(\d+)\]\.(\w+)")
_SOURCE = re.compile(r"sources\[(\d+)\]\.(\w+)")
_LIST_ITEM = re.compile(r"(\.(?:activities|fields))\[\d+\]$")

#: Columns named otherwise than the field they hold (quantities and citations flatten with ``_``).
_RENAMED = {
    "home": "home_id",
    "partner": "partner_id",
    "actor": "actor_id",
    "on": "date",
    "city.name": "city",
    "city.geonames_id": "city_geonames_id",
    "count.value": "count",
    "value.value": "value",
    "times_held.value": "times_held",
}


def cell(path: str) -> Cell | None:
    """The cell of the bundled table export that holds the value at *path*, or None when no cell does.

    A path into a record the bundled dataset lacks (one a case appends) has no cell.
    """
    try:
        return _cell(path)
    except IndexError:
        return None


def _cell(path: str) -> Cell | None:
    bundled = malformed_cases.bundled_document()
    partnership_ids = [partnership["id"] for partnership in bundled["partnerships"]]
    if found := _CHILD.fullmatch(path):
        index, table, position, field = found.groups()
        key: tuple[tuple[str, str | int], ...] = (
            ("partnership_id", partnership_ids[int(index)]),
            ("position", int(position)),
        )
        return _field_cell(table, key, field)
    if found := _PARTNERSHIP.fullmatch(path):
        index, field = found.groups()
        return _field_cell("partnerships", (("id", partnership_ids[int(index)]),), field)
    if found := _ORGANIZATION.fullmatch(path):
        index, field = found.groups()
        organization = bundled["organizations"][int(index)]
        return _field_cell("organizations", (("id", organization["id"]),), field)
    if found := _SECTION.fullmatch(path):
        source, section, field = found.groups()
        key = (
            ("source_id", bundled["sources"][int(source)]["id"]),
            ("id", bundled["sources"][int(source)]["sections"][int(section)]["id"]),
        )
        return _field_cell("sections", key, field)
    if found := _SOURCE.fullmatch(path):
        source, field = found.groups()
        return _field_cell("sources", (("id", bundled["sources"][int(source)]["id"]),), field)
    return None


def _field_cell(table: str, key: tuple[tuple[str, str | int], ...], field: str) -> Cell | None:
    from ustb_coop.exports._tables import TABLES  # noqa: PLC0415 - the columns, read once asked

    column = _RENAMED.get(field, field.replace(".", "_"))
    names = {existing.name for existing in TABLES[table].columns}  # type: ignore[index]
    return Cell(table, key, column) if column in names else None


def table_changes(case: ParityCase) -> Iterator[tuple[Cell, object]] | None:
    """The cells *case* changes in the table export and their new values, or None when it has no table form.

    A case has a table form when every value it changes sits in one cell and
    has a cell's form (text, a number, a list of text, or nothing).
    """
    if case.changes is None:
        return None
    found: list[tuple[Cell, object]] = []
    for path, _ in case.changes:
        target = cell(path)
        # A list's item lands in the list's cell, which then holds the whole list.
        value = _value_at(case.document, _LIST_ITEM.sub(r"\1", path))
        if target is None or isinstance(value, dict):
            return None
        if isinstance(value, list) and not all(isinstance(item, str) for item in value):
            return None
        found.append((target, value))
    return iter(found)
