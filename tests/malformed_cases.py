"""Malformed dataset inputs and the problem the loader must report for each.

One table serves the loader tests and the JSON Schema tests. Most cases
change one fact of the bundled dataset's JSON form; the rest are raw text.
Paths name the place of the change, like ``partnerships[1].milestones[0].on``
(``""`` for the document as a whole), and `build` turns a case into the text
to give ``uc.loads(text, case.format)``.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Callable
from typing import Any, Literal

import attrs

import ustb_coop as uc

#: The JSON form of a dataset, as `json.loads` returns it.
Document = dict[str, Any]
#: Changes a document in place.
Mutation = Callable[[Document], None]
Format = Literal["json", "toml"]

_STEP = re.compile(r"([A-Za-z_]\w*)|\[(\d+)\]")

# Indexes into the bundled dataset's JSON form, named so the table reads; found by id,
# so reordering the bundled data breaks no case.
_BUNDLED = uc.load()
USTB, RWTH_ORG, TATA_ORG, TOHOKU_ORG, MINISTRY = (
    [organization.id for organization in _BUNDLED.organizations].index(id_)
    for id_ in ("ustb", "rwth-aachen", "tata-steel", "tohoku", "ministry-of-education-japan")
)
RWTH, TATA, TOHOKU = (_BUNDLED.ids.index(id_) for id_ in ("rwth-aachen", "tata-steel", "tohoku"))
TATA_PROJECTS = next(
    position
    for position, milestone in enumerate(_BUNDLED["tata-steel"].milestones)
    if milestone.kind is uc.MilestoneKind.PROJECTS_APPROVED
)


@attrs.frozen(kw_only=True)
class MalformedCase:
    """One malformed input and the problem it must produce.

    Attributes:
        id: A short name, used as the pytest id.
        path: The path the problem names; ``""`` for the document as a whole.
        message: A substring of the problem's message.
        schema_expressible: Whether a JSON Schema can reject the input (types,
            keys, enums, patterns, bounds); False for what needs the whole
            document or happens before parsing (duplicate ids, references,
            date order, syntax, nesting, size).
        mutate: Changes a deep copy of the bundled dataset's JSON form;
            None when `text` is the input.
        text: The raw input, when `mutate` is None.
        format: How to parse the input.
        max_input_bytes: The input limit to set while loading (monkeypatch
            ``ustb_coop.io._loading.MAX_INPUT_BYTES``), or None to keep it.
        also: Further ``(path, message substring)`` problems the same input must report.
    """

    id: str
    path: str
    message: str
    schema_expressible: bool
    mutate: Mutation | None = None
    text: str | None = None
    format: Format = "json"
    max_input_bytes: int | None = None
    also: tuple[tuple[str, str], ...] = ()

    @property
    def expected(self) -> tuple[tuple[str, str], ...]:
        """Every ``(path, message substring)`` the input must report."""
        return ((self.path, self.message), *self.also)


def _steps(path: str) -> list[str | int]:
    steps: list[str | int] = []
    for match in _STEP.finditer(path):
        key, index = match.groups()
        steps.append(key if key is not None else int(index))
    return steps


def _parent(document: Document, path: str) -> tuple[Any, str | int]:
    *head, last = _steps(path)
    node: Any = document
    for step in head:
        node = node[step]
    return node, last


def setting(path: str, value: object) -> Mutation:
    """A mutation that sets the value at *path*."""

    def mutate(document: Document) -> None:
        node, last = _parent(document, path)
        node[last] = value

    return mutate


def deleting(path: str) -> Mutation:
    """A mutation that removes the key at *path*."""

    def mutate(document: Document) -> None:
        node, last = _parent(document, path)
        del node[last]

    return mutate


def duplicating(path: str) -> Mutation:
    """A mutation that appends a copy of the list item at *path* to its list."""

    def mutate(document: Document) -> None:
        node, last = _parent(document, path)
        node.append(copy.deepcopy(node[last]))

    return mutate


def all_of(*mutations: Mutation) -> Mutation:
    """A mutation that applies *mutations* in order."""

    def mutate(document: Document) -> None:
        for mutation in mutations:
            mutation(document)

    return mutate


@functools.cache
def _bundled_json() -> str:
    return uc.dumps(uc.load())


def bundled_document() -> Document:
    """A fresh deep copy of the bundled dataset's JSON form."""
    document: Document = json.loads(_bundled_json())
    return document


def build(case: MalformedCase) -> str:
    """The text to feed ``uc.loads(text, case.format)``."""
    if case.mutate is None:
        assert case.text is not None, case.id
        return case.text
    document = bundled_document()
    case.mutate(document)
    return json.dumps(document, ensure_ascii=False, indent=2)


_DEPTH = 100_000
_MILESTONE = f"partnerships[{TATA}].milestones[{TATA_PROJECTS}]"

CASES: tuple[MalformedCase, ...] = (
    # ------------------------------------------------------------ unknown keys
    MalformedCase(
        id="unknown-top-level-key",
        mutate=setting("comment", "hello"),
        path="",
        message="unknown key 'comment'; valid keys: version, as_of, sources, organizations, partnerships",
        schema_expressible=True,
    ),
    MalformedCase(
        id="unknown-partnership-key",
        mutate=setting(f"partnerships[{RWTH}].colour", "red"),
        path=f"partnerships[{RWTH}]",
        message="unknown key 'colour'; valid keys: id, home, partner",
        schema_expressible=True,
    ),
    MalformedCase(
        id="unknown-milestone-key",
        mutate=setting(f"{_MILESTONE}.when", "2015"),
        path=_MILESTONE,
        message="unknown key 'when'",
        schema_expressible=True,
    ),
    MalformedCase(
        id="unknown-quantity-key",
        mutate=setting(f"partnerships[{RWTH}].metrics[0].value.unit", "students"),
        path=f"partnerships[{RWTH}].metrics[0].value",
        message="unknown key 'unit'; valid keys: value, qualifier, as_stated",
        schema_expressible=True,
    ),
    MalformedCase(
        id="unknown-section-key",
        mutate=setting("sources[0].sections[2].page", 3),
        path="sources[0].sections[2]",
        message="unknown key 'page'; valid keys: id, title",
        schema_expressible=True,
    ),
    # --------------------------------------------------------- missing keys
    MalformedCase(
        id="missing-top-level-key",
        mutate=deleting("as_of"),
        path="as_of",
        message="required key missing",
        schema_expressible=True,
    ),
    MalformedCase(
        id="missing-partnership-started",
        mutate=deleting(f"partnerships[{TOHOKU}].started"),
        path=f"partnerships[{TOHOKU}].started",
        message="required key missing",
        schema_expressible=True,
    ),
    MalformedCase(
        id="missing-milestone-kind",
        mutate=deleting(f"{_MILESTONE}.kind"),
        path=f"{_MILESTONE}.kind",
        message="required key missing",
        schema_expressible=True,
    ),
    MalformedCase(
        id="missing-citation-source",
        mutate=deleting(f"partnerships[{TOHOKU}].programs[0].citation.source"),
        path=f"partnerships[{TOHOKU}].programs[0].citation.source",
        message="required key missing",
        schema_expressible=True,
    ),
    # ---------------------------------------------------------- wrong types
    MalformedCase(
        id="number-for-text",
        mutate=setting(f"organizations[{RWTH_ORG}].name", 3),
        path=f"organizations[{RWTH_ORG}].name",
        message="expected text, got a whole number 3",
        schema_expressible=True,
    ),
    MalformedCase(
        id="number-for-version",
        mutate=setting("version", 1),
        path="version",
        message="expected text, got a whole number 1",
        schema_expressible=True,
    ),
    MalformedCase(
        id="text-for-list",
        mutate=setting(f"partnerships[{RWTH}].activities", "training"),
        path=f"partnerships[{RWTH}].activities",
        message="expected a list, got text 'training'",
        schema_expressible=True,
    ),
    MalformedCase(
        id="table-for-top-level-list",
        mutate=setting("partnerships", {}),
        path="partnerships",
        message="expected a list, got a table",
        schema_expressible=True,
    ),
    MalformedCase(
        id="list-for-table",
        mutate=setting(f"partnerships[{RWTH}].milestones[0].citation", ["ustb-cooperation-cases"]),
        path=f"partnerships[{RWTH}].milestones[0].citation",
        message="expected a table with keys source, section, got a list",
        schema_expressible=True,
    ),
    MalformedCase(
        id="boolean-for-whole-number",
        mutate=setting(f"organizations[{USTB}].established", True),
        path=f"organizations[{USTB}].established",
        message="expected a whole number, got a boolean True",
        schema_expressible=True,
    ),
    MalformedCase(
        id="fraction-for-whole-number",
        mutate=setting(f"{_MILESTONE}.count.value", 2.5),
        path=f"{_MILESTONE}.count.value",
        message="expected a whole number, got float 2.5",
        schema_expressible=True,
    ),
    MalformedCase(
        id="negative-count",
        mutate=setting(f"{_MILESTONE}.count.value", -2),
        path=f"{_MILESTONE}.count.value",
        message="a quantity's value must be 0 or more, got -2",
        schema_expressible=True,
    ),
    MalformedCase(
        id="top-level-list",
        text="[]",
        path="",
        message="expected a table at the top level, got a list",
        schema_expressible=True,
    ),
    MalformedCase(
        id="top-level-text",
        text='"ustb"',
        path="",
        message="expected a table at the top level, got text 'ustb'",
        schema_expressible=True,
    ),
    # ------------------------------------------------------ bad enum values
    MalformedCase(
        id="bad-milestone-kind",
        mutate=setting(f"partnerships[{RWTH}].milestones[0].kind", "signed"),
        path=f"partnerships[{RWTH}].milestones[0].kind",
        message="invalid milestone kind 'signed'; valid: 'agreement_signed'",
        schema_expressible=True,
    ),
    MalformedCase(
        id="bad-partnership-kind",
        mutate=setting(f"partnerships[{TATA}].kind", "business"),
        path=f"partnerships[{TATA}].kind",
        message="invalid partnership kind 'business'; valid: 'academic', 'industry'",
        schema_expressible=True,
    ),
    MalformedCase(
        id="bad-qualifier",
        mutate=setting(f"partnerships[{RWTH}].metrics[1].value.qualifier", "over"),
        path=f"partnerships[{RWTH}].metrics[1].value.qualifier",
        message="invalid qualifier 'over'; valid: 'exact'",
        schema_expressible=True,
    ),
    MalformedCase(
        id="bad-activity",
        mutate=setting(f"partnerships[{TATA}].activities[1]", "expert exchange"),
        path=f"partnerships[{TATA}].activities[1]",
        message="invalid activity 'expert exchange'; valid: 'student_exchange'",
        schema_expressible=True,
    ),
    MalformedCase(
        id="bad-frequency",
        mutate=setting(f"partnerships[{TOHOKU}].programs[0].frequency", "annually"),
        path=f"partnerships[{TOHOKU}].programs[0].frequency",
        message="invalid frequency 'annually'; valid: 'yearly', 'monthly', 'weekly', 'daily'",
        schema_expressible=True,
    ),
    MalformedCase(
        id="bad-identifier-scheme",
        mutate=setting(f"organizations[{USTB}].identifiers[0].scheme", "doi"),
        path=f"organizations[{USTB}].identifiers[0].scheme",
        message="invalid identifier scheme 'doi'; valid: 'ror', 'wikidata'",
        schema_expressible=True,
    ),
    MalformedCase(
        id="number-for-enum",
        mutate=setting(f"organizations[{TATA_ORG}].kind", 2),
        path=f"organizations[{TATA_ORG}].kind",
        message="organization kind (one of 'university', 'company'",
        schema_expressible=True,
    ),
    # ------------------------------------------------------------ bad dates
    MalformedCase(
        id="date-month-13",
        mutate=setting(f"{_MILESTONE}.on", "2015-13"),
        path=f"{_MILESTONE}.on",
        message="invalid partial date '2015-13'",
        schema_expressible=True,
    ),
    MalformedCase(
        id="date-two-digit-year",
        mutate=setting(f"partnerships[{RWTH}].started", "79"),
        path=f"partnerships[{RWTH}].started",
        message="invalid partial date '79': expected YYYY, YYYY-MM or YYYY-MM-DD",
        schema_expressible=True,
    ),
    MalformedCase(
        id="date-empty",
        mutate=setting(f"partnerships[{TOHOKU}].programs[0].first", ""),
        path=f"partnerships[{TOHOKU}].programs[0].first",
        message="invalid partial date ''",
        schema_expressible=True,
    ),
    MalformedCase(
        id="date-slashes",
        mutate=setting(f"partnerships[{RWTH}].metrics[0].as_of", "2015/03"),
        path=f"partnerships[{RWTH}].metrics[0].as_of",
        message="invalid partial date '2015/03'",
        schema_expressible=True,
    ),
    MalformedCase(
        id="date-february-30",
        mutate=setting(f"{_MILESTONE}.on", "2015-02-30"),
        path=f"{_MILESTONE}.on",
        message="invalid partial date '2015-02-30'",
        # The shape is right; only a calendar knows February has no 30th.
        schema_expressible=False,
    ),
    MalformedCase(
        id="date-number",
        mutate=setting(f"partnerships[{TATA}].started", 2014),
        path=f"partnerships[{TATA}].started",
        message="expected a date like '1979', '2014-05' or '2015-03-02', got a whole number 2014",
        schema_expressible=True,
    ),
    MalformedCase(
        id="as-of-not-a-day",
        mutate=setting("as_of", "2020-10"),
        path="as_of",
        message="invalid date '2020-10': expected YYYY-MM-DD",
        schema_expressible=True,
    ),
    # ---------------------------------------------------- bad field values
    MalformedCase(
        id="bad-slug-id",
        mutate=setting(f"partnerships[{RWTH}].id", "RWTH Aachen"),
        path=f"partnerships[{RWTH}].id",
        message="id must be a slug of lowercase letters, digits and single hyphens",
        schema_expressible=True,
    ),
    MalformedCase(
        id="bad-country-code",
        mutate=setting(f"organizations[{RWTH_ORG}].country", "DEU"),
        path=f"organizations[{RWTH_ORG}].country",
        message="country must be an ISO 3166-1 alpha-2 code like 'DE', got 'DEU'",
        schema_expressible=True,
    ),
    MalformedCase(
        id="empty-name",
        mutate=setting(f"organizations[{TATA_ORG}].name", ""),
        path=f"organizations[{TATA_ORG}].name",
        message="name must be non-empty text, got ''",
        schema_expressible=True,
    ),
    # --------------------------------------------------------- duplicate ids
    MalformedCase(
        id="duplicate-partnership-id",
        mutate=setting(f"partnerships[{TATA}].id", "rwth-aachen"),
        path=f"partnerships[{TATA}].id",
        message="duplicate partnership id 'rwth-aachen', first used at partnerships[0]",
        schema_expressible=False,
    ),
    MalformedCase(
        id="duplicate-organization-id",
        mutate=duplicating(f"organizations[{MINISTRY}]"),
        path="organizations[5].id",
        message="duplicate organization id 'ministry-of-education-japan', first used at organizations[4]",
        schema_expressible=False,
    ),
    MalformedCase(
        id="duplicate-source-id",
        mutate=duplicating("sources[4]"),
        path="sources[5].id",
        message="duplicate source id 'ror-00925cq50', first used at sources[4]",
        schema_expressible=False,
    ),
    MalformedCase(
        id="duplicate-section-id",
        mutate=duplicating("sources[0].sections[1]"),
        path="sources[0].sections[3].id",
        message="duplicate section id '2', first used at sources[0].sections[1]",
        schema_expressible=False,
    ),
    # --------------------------------------------------- dangling references
    MalformedCase(
        id="dangling-citation-source",
        mutate=setting(f"partnerships[{RWTH}].citations[0].source", "ustb-cases"),
        path=f"partnerships[{RWTH}].citations[0].source",
        message="unknown source 'ustb-cases'; known sources: 'ustb-cooperation-cases'",
        schema_expressible=False,
    ),
    MalformedCase(
        id="dangling-identifier-citation",
        mutate=setting(f"organizations[{TOHOKU_ORG}].identifiers[1].citation.source", "ror-tohoku"),
        path=f"organizations[{TOHOKU_ORG}].identifiers[1].citation.source",
        message="unknown source 'ror-tohoku'",
        schema_expressible=False,
    ),
    MalformedCase(
        id="dangling-section",
        mutate=setting(f"partnerships[{TOHOKU}].milestones[1].citation.section", "4"),
        path=f"partnerships[{TOHOKU}].milestones[1].citation.section",
        message="source 'ustb-cooperation-cases' has no section '4'; its sections: '1', '2', '3'",
        schema_expressible=False,
    ),
    MalformedCase(
        id="dangling-actor",
        mutate=setting(f"{_MILESTONE}.actor", "tata"),
        path=f"{_MILESTONE}.actor",
        message="unknown organization 'tata'; known organizations: 'ustb', 'rwth-aachen', 'tata-steel'",
        schema_expressible=False,
    ),
    MalformedCase(
        id="unknown-home-organization",
        mutate=setting(f"partnerships[{RWTH}].home", "beijing"),
        path=f"partnerships[{RWTH}].home",
        message="unknown organization 'beijing'; known organizations: 'ustb'",
        schema_expressible=False,
    ),
    MalformedCase(
        id="unknown-partner-organization",
        mutate=setting(f"partnerships[{TOHOKU}].partner", "tohoku-university"),
        path=f"partnerships[{TOHOKU}].partner",
        message="unknown organization 'tohoku-university'",
        schema_expressible=False,
    ),
    # ----------------------------------------------------------- date order
    MalformedCase(
        id="ended-before-started",
        mutate=setting(f"partnerships[{RWTH}].ended", "1978"),
        path=f"partnerships[{RWTH}].ended",
        message="ended 1978 is before started 1979",
        schema_expressible=False,
    ),
    # ----------------------------------------------------------------- syntax
    MalformedCase(
        id="malformed-json",
        text='{\n  "version": "1.0.0",\n  "as_of": ,\n}\n',
        path="",
        message="malformed JSON at line 3, column 12",
        schema_expressible=False,
    ),
    MalformedCase(
        id="malformed-toml",
        text='version = "1.0.0"\nas_of = \n',
        format="toml",
        path="",
        message="malformed TOML: Invalid value (at line 2, column 9)",
        schema_expressible=False,
    ),
    MalformedCase(
        id="duplicate-json-key",
        text='{"version": "1.0.0", "version": "1.0.1"}',
        path="",
        message="duplicate key 'version'",
        schema_expressible=False,
    ),
    MalformedCase(
        id="json-nan",
        mutate=setting(f"{_MILESTONE}.count.value", float("nan")),
        path="",
        message="NaN is not a number this format accepts",
        schema_expressible=False,
    ),
    MalformedCase(
        id="json-infinity",
        mutate=setting(f"partnerships[{RWTH}].metrics[0].value.value", float("inf")),
        path="",
        message="Infinity is not a number this format accepts",
        schema_expressible=False,
    ),
    MalformedCase(
        id="json-nested-too-deeply",
        text="[" * _DEPTH + "]" * _DEPTH,
        path="",
        message="input is nested too deeply to be a dataset",
        schema_expressible=False,
    ),
    MalformedCase(
        id="toml-nested-too-deeply",
        text="version = " + "[" * _DEPTH + "]" * _DEPTH + "\n",
        format="toml",
        path="",
        message="input is nested too deeply to be a dataset",
        schema_expressible=False,
    ),
    MalformedCase(
        id="over-input-limit",
        mutate=setting("version", "1.0.0"),
        max_input_bytes=1_000,
        path="",
        message="the limit is 1,000",
        schema_expressible=False,
    ),
    # ------------------------------------------------ several problems at once
    MalformedCase(
        id="several-schema-problems",
        mutate=all_of(
            setting("as_of", "yesterday"),
            setting(f"organizations[{RWTH_ORG}].country", "de"),
            setting(f"partnerships[{TATA}].activities[0]", "research"),
            deleting(f"partnerships[{TOHOKU}].milestones[0].title"),
        ),
        path="as_of",
        message="invalid date 'yesterday'",
        also=(
            (f"organizations[{RWTH_ORG}].country", "got 'de'"),
            (f"partnerships[{TATA}].activities[0]", "invalid activity 'research'"),
            (f"partnerships[{TOHOKU}].milestones[0].title", "required key missing"),
        ),
        schema_expressible=True,
    ),
    MalformedCase(
        id="several-integrity-problems",
        mutate=all_of(
            setting(f"partnerships[{TOHOKU}].id", "tata-steel"),
            setting(f"partnerships[{RWTH}].milestones[1].citation.section", "9"),
            setting(f"partnerships[{TOHOKU}].milestones[1].actor", "mext"),
        ),
        path=f"partnerships[{TOHOKU}].id",
        message="duplicate partnership id 'tata-steel'",
        also=(
            (f"partnerships[{RWTH}].milestones[1].citation.section", "has no section '9'"),
            (f"partnerships[{TOHOKU}].milestones[1].actor", "unknown organization 'mext'"),
        ),
        schema_expressible=False,
    ),
)
