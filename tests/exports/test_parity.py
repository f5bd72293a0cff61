"""Every client judges the parity corpus as the loader does, except for the documented gaps.

The clients: the JSON Schema under Python's ``re`` (jsonschema) and under
ECMA-262 (jsonschema with the ``regress`` engine, as check-jsonschema runs it,
and ajv in node), and Frictionless on the table export. See
`tests.exports.parity_cases` for the corpus and the gaps.
"""

from __future__ import annotations

import csv
import functools
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import frictionless
import jsonschema
import pytest
import regress
from hypothesis import given, settings
from hypothesis import strategies as st

import ustb_coop as uc
from tests import strategies
from tests.exports import parity_cases
from tests.exports.parity_cases import CASES, ParityCase, SchemaGap, TableGap
from ustb_coop.model._records import LIST_SEPARATOR
from ustb_coop.model._rules import WHITESPACE

DOC = Path(__file__).resolve().parents[2] / "docs" / "exports.md"
AJV_SCRIPT = Path(__file__).with_name("ajv_verdicts.cjs")
_IDS = [case.id for case in CASES]
_TABLE_CASES = [case for case in CASES if parity_cases.table_changes(case) is not None]


def _loader_accepts(case: ParityCase) -> bool:
    try:
        uc.loads(case.text, "json")
    except uc.DatasetError:
        return False
    return True


@functools.cache
def _ecma_regex(pattern: str) -> regress.Regex:
    return regress.Regex(pattern, "u")


def _ecma_pattern(
    _validator: jsonschema.protocols.Validator, pattern: str, instance: object, _schema: object
) -> Iterator[jsonschema.ValidationError]:
    """The ``pattern`` keyword in ECMA-262, with the unicode flag, as check-jsonschema and ajv run it."""
    if isinstance(instance, str) and _ecma_regex(pattern).find(instance) is None:
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


#: Draft 2020-12 with ECMA-262 patterns (the `regress` engine), as check-jsonschema validates by default.
EcmaValidator = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
    jsonschema.Draft202012Validator, {"pattern": _ecma_pattern}
)


@functools.cache
def _validators() -> tuple[jsonschema.protocols.Validator, jsonschema.protocols.Validator]:
    schema = uc.json_schema()
    return jsonschema.Draft202012Validator(schema), EcmaValidator(schema)


def _expected(case: ParityCase, gap: object) -> bool:
    """What a client must say: the loader's verdict, or "valid" where the client cannot see the rule."""
    return _loader_accepts(case) if gap is None else True


# ------------------------------------------------------------------ the corpus itself


def test_every_gap_is_one_the_loader_enforces() -> None:
    """A case that names a gap is one the loader rejects, so no gap hides a disagreement on a valid file."""
    expected: list[str] = []
    assert expected == [
        case.id
        for case in CASES
        if (case.schema_gap is not None or case.table_gap is not None) and _loader_accepts(case)
    ]


def test_every_gap_has_a_case() -> None:
    """Each documented gap is shown by at least one case, so the lists hold no rule nobody tried."""
    expected = (set(SchemaGap), set(TableGap))
    assert expected == (
        {case.schema_gap for case in CASES} - {None},
        {case.table_gap for case in _TABLE_CASES} - {None},
    )


def test_the_documentation_lists_every_gap() -> None:
    """docs/exports.md names each rule the JSON Schema and the Table Schemas cannot state."""
    text = " ".join(DOC.read_text(encoding="utf-8").split())
    expected: list[str] = []
    assert expected == [gap.value for gap in (*SchemaGap, *TableGap) if gap.value not in text]


def test_the_corpus_holds_every_malformed_json_document() -> None:
    """Only the inputs that are not one JSON document (syntax, NaN, nesting, size) stay out."""
    expected = (
        "malformed-json",
        "malformed-toml",
        "duplicate-json-key",
        "json-nan",
        "json-infinity",
        "json-nested-too-deeply",
        "toml-nested-too-deeply",
        "over-input-limit",
    )
    assert expected == parity_cases.NOT_JSON


def test_gaps_name_only_corpus_cases() -> None:
    """Every malformed case given a gap is in the corpus, so no gap is kept for a case that left."""
    expected: set[str] = set()
    assert expected == set(parity_cases._MALFORMED_GAPS) - set(_IDS)


def test_the_corpus_has_both_verdicts() -> None:
    """The corpus holds documents the loader accepts and documents it rejects, of the issue's kinds."""
    verdicts = {case.id: _loader_accepts(case) for case in CASES}
    expected = {
        "bundled": True,
        "count-largest": True,
        "title-with-byte-order-mark": True,
        "monthly-first-month": True,
        "title-byte-order-mark": False,
        "title-next-line": False,
        "title-unit-separator": False,
        "field-empty": False,
        "field-with-separator": False,
        "monthly-first-year": False,
        "count-past-i-json": False,
        "count-past-64-bits": False,
    }
    assert expected == {case: verdicts[case] for case in expected}


# ------------------------------------------------------------------ JSON Schema


@pytest.mark.parametrize("case", CASES, ids=_IDS)
def test_json_schema_judges_as_the_loader_in_both_engines(case: ParityCase) -> None:
    """Under Python's re and under ECMA-262 the schema says what the loader says, but for the gaps."""
    in_python, in_ecma = _validators()
    expected = {"re": _expected(case, case.schema_gap), "ECMA-262": _expected(case, case.schema_gap)}
    actual = {"re": in_python.is_valid(case.document), "ECMA-262": in_ecma.is_valid(case.document)}
    assert expected == actual


def _patterns(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            else:
                yield from _patterns(value)
    elif isinstance(node, list):
        for item in node:
            yield from _patterns(item)


_SCHEMA_PATTERNS = sorted(set(_patterns(uc.json_schema())))

#: Text that tells regular-expression engines apart: each whitespace character alone and around
#: content, characters only one engine calls whitespace or a digit, line ends, astral characters.
_PROBES = (
    "",
    "a",
    "rwth-aachen",
    "rwth-aachen\n",
    "DE",
    "DE\n",
    "1979",
    "1979\n",
    "2015-02-30",
    "١٩٧٩",
    "\uff12\uff10\uff11\uff15",
    "metallurgy; mining",
    "metallurgy;mining",
    "\u200b",
    "\x00",
    "\U0001f4d8",
    "x\U0001f4d8",
    "\u180e",
    *WHITESPACE,
    *(f"a{character}" for character in WHITESPACE),
    *(f"{character}a{character}" for character in WHITESPACE),
)


@pytest.mark.parametrize("pattern", _SCHEMA_PATTERNS)
def test_each_pattern_means_the_same_in_both_engines(pattern: str) -> None:
    """Every pattern of the schema matches the same probes in Python's re and in ECMA-262."""
    import re  # noqa: PLC0415 - the engine under comparison, named where it is compared

    expected = [re.search(pattern, probe) is not None for probe in _PROBES]
    assert expected == [_ecma_regex(pattern).find(probe) is not None for probe in _PROBES]


@pytest.mark.parametrize("pattern", _SCHEMA_PATTERNS)
def test_no_pattern_uses_a_class_shorthand_or_dot(pattern: str) -> None:
    r"""No pattern holds \s, \S, \w, \W, \d, \D or an unescaped dot, whose meaning differs by engine."""
    import re  # noqa: PLC0415 - the engine under comparison, named where it is compared

    expected: list[str] = []
    assert expected == re.findall(r"\\[sSwWdDbB]|(?<!\\)\.", pattern)


#: Text built from the characters engines disagree on, and any text besides.
_FUZZ_TEXT = st.text(alphabet=WHITESPACE + "a;\u200b\x00\U0001f4d8\n", max_size=6) | st.text(max_size=6)


@settings(max_examples=60, deadline=None)
@given(
    path=st.sampled_from(["sources[0].title", "partnerships[2].fields[0]", "partnerships[0].summary"]),
    text=_FUZZ_TEXT,
)
def test_fuzzed_text_is_judged_alike(path: str, text: str) -> None:
    """Any text in a title, a research field or a summary gets the loader's verdict from both engines."""
    case = parity_cases._changed("fuzzed", (path, text))
    in_python, in_ecma = _validators()
    loader = _loader_accepts(case)
    expected = {"re": loader, "ECMA-262": loader}
    assert expected == {"re": in_python.is_valid(case.document), "ECMA-262": in_ecma.is_valid(case.document)}


@settings(max_examples=25, deadline=None)
@given(strategies.datasets())
def test_generated_datasets_validate_in_ecma_262(dataset: uc.Dataset) -> None:
    """Whatever `dumps` writes is valid under ECMA-262 patterns too, as check-jsonschema reads them."""
    expected = True
    assert expected == _validators()[1].is_valid(json.loads(uc.dumps(dataset)))


# ------------------------------------------------------------------ ajv


@pytest.fixture(scope="module")
def ajv_verdicts(node: str, node_path: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bool]:
    """Ajv's verdict on every case, from one node process: strict mode, ajv-formats, draft 2020-12."""
    folder = tmp_path_factory.mktemp("ajv")
    schema = folder / "schema.json"
    schema.write_text(json.dumps(uc.json_schema()), encoding="utf-8")
    documents = folder / "documents.json"
    documents.write_text(json.dumps([case.text for case in CASES]), encoding="utf-8")
    result = subprocess.run(  # noqa: S603 - node from PATH, our own script
        [node, str(AJV_SCRIPT), str(schema), str(documents)],
        env={**os.environ, "NODE_PATH": node_path},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    verdicts: list[bool] = json.loads(result.stdout)
    return dict(zip(_IDS, verdicts, strict=True))


def test_ajv_strict_compiles_the_schema_and_accepts_the_bundled_export(ajv_verdicts: dict[str, bool]) -> None:
    """Ajv in strict mode compiles the schema (the fixture fails otherwise) and validates the bundled data."""
    expected = True
    assert expected == ajv_verdicts["bundled"]


@pytest.mark.parametrize("case", CASES, ids=_IDS)
def test_ajv_judges_as_the_loader(ajv_verdicts: dict[str, bool], case: ParityCase) -> None:
    """Ajv (JavaScript numbers, ECMA-262 patterns) says what the loader says, but for the schema's gaps."""
    expected = _expected(case, case.schema_gap)
    assert expected == ajv_verdicts[case.id]


# ------------------------------------------------------------------ Frictionless


@pytest.fixture(scope="module")
def bundled_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled dataset's data package, written once; each case edits a copy."""
    folder = tmp_path_factory.mktemp("package")
    uc.write_datapackage(uc.load(), folder)
    return folder


def _cell_text(value: object) -> str:
    """A JSON value as a CSV cell: what is not stated is empty, a list is joined as the export joins it."""
    if value is None or value is parity_cases.DELETED:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return str(value)


def _edited_package(package: Path, folder: Path, case: ParityCase) -> Path:
    """A copy of *package* with the cells *case* changes set to its values."""
    shutil.copytree(package, folder)
    changes = parity_cases.table_changes(case)
    assert changes is not None
    for cell, value in changes:
        path = folder / f"{cell.table}.csv"
        with path.open(encoding="utf-8", newline="") as file:
            rows = list(csv.reader(file))
        header = rows[0]
        key = {header.index(column): str(wanted) for column, wanted in cell.key}
        [row] = [row for row in rows[1:] if all(row[index] == wanted for index, wanted in key.items())]
        row[header.index(cell.column)] = _cell_text(value)
        with path.open("w", encoding="utf-8", newline="") as file:
            csv.writer(file).writerows(rows)
    return folder / "datapackage.json"


def _frictionless_accepts(descriptor: Path) -> bool:
    report: Any = frictionless.validate(str(descriptor))
    return bool(report.valid)


@pytest.mark.parametrize("case", _TABLE_CASES, ids=[case.id for case in _TABLE_CASES])
def test_frictionless_judges_the_table_export_as_the_loader(
    bundled_package: Path, tmp_path: Path, case: ParityCase
) -> None:
    """With the case's values in their cells, Frictionless says what the loader says, but for its gaps."""
    descriptor = _edited_package(bundled_package, tmp_path / "package", case)
    expected = _expected(case, case.table_gap)
    assert expected == _frictionless_accepts(descriptor)


@pytest.mark.parametrize(
    ("case_id", "error"),
    [("count-negative", "constraint-error"), ("qualifier-unknown", "constraint-error")],
    ids=["negative-count", "unknown-qualifier"],
)
def test_frictionless_rejects_a_negative_count_and_an_unknown_enum(
    bundled_package: Path, tmp_path: Path, case_id: str, error: str
) -> None:
    """The Table Schemas' constraints catch a count of -5 and a qualifier of 'lots' in the CSV."""
    [case] = [case for case in CASES if case.id == case_id]
    report: Any = frictionless.validate(str(_edited_package(bundled_package, tmp_path / "package", case)))
    expected = [error]
    assert expected == [found.type for task in report.tasks for found in task.errors]


def test_the_corpus_reaches_every_table() -> None:
    """The cases with a table form change cells of every table, so each Table Schema is tried."""
    tables: set[str] = set()
    for case in _TABLE_CASES:
        changes = parity_cases.table_changes(case)
        assert changes is not None
        tables.update(cell.table for cell, _ in changes)
    expected = {"sources", "sections", "organizations", "partnerships", "milestones", "metrics", "programs"}
    assert expected == tables
