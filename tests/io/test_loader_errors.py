"""The loader rejects malformed input as a whole, naming every problem, its place and its source."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ustb_coop as uc
import ustb_coop.io._loading
from tests.malformed_cases import CASES, MalformedCase, all_of, build, bundled_document, setting

_SUFFIX = {"json": ".json", "toml": ".toml"}


_PARAMS = [pytest.param(case, id=case.id) for case in CASES]


def _load_case(case: MalformedCase, monkeypatch: pytest.MonkeyPatch, name: str) -> uc.DatasetError:
    if case.max_input_bytes is not None:
        monkeypatch.setattr(ustb_coop.io._loading, "MAX_INPUT_BYTES", case.max_input_bytes)
    text = build(case)
    with pytest.raises(uc.DatasetError) as caught:
        uc.loads(text, case.format, name=name)
    return caught.value


def _bundled_toml() -> str:
    return resources.files("ustb_coop").joinpath("data", "ustb.toml").read_text(encoding="utf-8")


def _fingerprint(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def _write_old(path: Path, data: bytes) -> Path:
    """Write *data* and date the file in the past, so any later write would show in its mtime."""
    path.write_bytes(data)
    os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    return path


def test_case_table_has_distinct_cases() -> None:
    """The malformed cases are many, and no two share an id."""
    ids = [case.id for case in CASES]
    assert len(set(ids)) == len(ids)
    assert len(ids) >= 35


@pytest.mark.parametrize("case", _PARAMS)
def test_case_is_rejected_with_path_and_message(case: MalformedCase, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each malformed input raises DatasetError naming the path and saying what is wrong."""
    error = _load_case(case, monkeypatch, "cases.json")
    for path, message in case.expected:
        matching = [
            problem for problem in error.problems if problem.path == path and message in problem.message
        ]
        assert len(matching) == 1, str(error)
        assert f"  {matching[0]}" in str(error).splitlines()


@pytest.mark.parametrize("case", _PARAMS)
def test_case_reports_nothing_else(case: MalformedCase, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each malformed input reports its own problems and no knock-on ones."""
    error = _load_case(case, monkeypatch, "cases.json")
    assert sorted(path for path, _ in case.expected) == sorted(problem.path for problem in error.problems)


@pytest.mark.parametrize("case", _PARAMS)
def test_case_error_is_a_value_error_naming_its_source(
    case: MalformedCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The error is a ValueError whose message starts with the name given to loads and counts the problems."""
    error = _load_case(case, monkeypatch, "my-partners.data")
    noun = "problem" if len(error.problems) == 1 else "problems"
    assert isinstance(error, ValueError)
    assert isinstance(error, uc.UstbCoopError)
    expected = "my-partners.data"
    assert expected == error.source
    assert f"{expected}: {len(error.problems)} {noun} in dataset" == str(error).splitlines()[0]
    assert all(isinstance(problem, uc.Problem) for problem in error.problems)
    assert isinstance(error.problems, tuple)


@pytest.mark.parametrize("case", _PARAMS)
def test_case_from_a_file_names_the_file(
    case: MalformedCase, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """load(path) reports the same problems as loads, under the file's path."""
    expected = _load_case(case, monkeypatch, "ignored").problems
    file = tmp_path / f"partners{_SUFFIX[case.format]}"
    file.write_text(build(case), encoding="utf-8")
    with pytest.raises(uc.DatasetError) as caught:
        uc.load(file)
    assert str(file) == caught.value.source
    assert str(caught.value).startswith(f"{file}: ")
    if case.max_input_bytes is None:
        assert expected == caught.value.problems
    else:  # the file's size is checked in bytes before it is read
        assert case.message in caught.value.problems[0].message


def test_several_problems_are_listed_in_the_message() -> None:
    """A file with several problems lists every one of them, one line each, under one header."""
    case = next(case for case in CASES if case.id == "several-schema-problems")
    with pytest.raises(uc.DatasetError) as caught:
        uc.loads(build(case), name="several.json")
    lines = str(caught.value).splitlines()
    expected = "several.json: 4 problems in dataset"
    assert expected == lines[0]
    assert [path for path, _ in case.expected] == [line.strip().partition(": ")[0] for line in lines[1:]]


def test_positions_are_those_in_the_file() -> None:
    """Problems found after an invalid record was left out still name positions in the file."""
    mutate = all_of(
        setting("partnerships[0].kind", "school"),
        setting("partnerships[1].id", "tohoku"),
        setting("sources[1].title", 5),
        setting("sources[3].id", "ror-00925cq50"),
    )
    document = bundled_document()
    mutate(document)
    with pytest.raises(uc.DatasetError) as caught:
        uc.loads(json.dumps(document))
    found = {(problem.path, problem.message) for problem in caught.value.problems}
    assert ("sources[4].id", "duplicate source id 'ror-00925cq50', first used at sources[3]") in found
    assert ("partnerships[2].id", "duplicate partnership id 'tohoku', first used at partnerships[1]") in found


def test_actor_of_an_invalid_organization_is_not_reported_again() -> None:
    """An organization's own problem is reported once, not again at each actor naming it."""
    document = bundled_document()
    setting("organizations[4].kind", "ministry")(document)
    with pytest.raises(uc.DatasetError) as caught:
        uc.loads(json.dumps(document))
    expected = ["organizations[4].kind"]
    assert expected == [problem.path for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        pytest.param(
            all_of(
                setting("organizations[2].kind", "firm"),
                setting("partnerships[0].citations[0].source", "tata-steel"),
            ),
            ["organizations[2].kind", "partnerships[0].citations[0].source"],
            id="citation-naming-an-invalid-organization",
        ),
        pytest.param(
            all_of(
                setting("sources[4].title", ""),
                setting("partnerships[2].milestones[1].actor", "ror-00925cq50"),
            ),
            ["sources[4].title", "partnerships[2].milestones[1].actor"],
            id="actor-naming-an-invalid-source",
        ),
    ],
)
def test_only_references_of_the_right_kind_are_excused(
    mutate: Callable[[dict[str, Any]], None], expected: list[str]
) -> None:
    """An invalid record excuses references to it, not references of another kind that share its id."""
    document = bundled_document()
    mutate(document)
    with pytest.raises(uc.DatasetError) as caught:
        uc.loads(json.dumps(document))
    assert expected == [problem.path for problem in caught.value.problems]


def test_long_problem_lists_are_summarized() -> None:
    """Past 50 problems the message says how many more there are; .problems keeps them all."""
    document = bundled_document()
    document["partnerships"][0]["activities"] = ["dancing"] * 60
    with pytest.raises(uc.DatasetError) as caught:
        uc.loads(json.dumps(document))
    lines = str(caught.value).splitlines()
    expected = (60, "<string>: 60 problems in dataset", "  ... and 10 more (see .problems)", 52)
    assert expected == (len(caught.value.problems), lines[0], lines[-1], len(lines))


def test_input_limit_counts_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text whose UTF-8 form is over MAX_INPUT_BYTES is rejected, however few characters it has."""
    text = uc.dumps(uc.load())
    monkeypatch.setattr(ustb_coop.io._loading, "MAX_INPUT_BYTES", len(text))
    assert len(text.encode("utf-8")) > len(text)
    with pytest.raises(uc.DatasetError):
        uc.loads(text)


def test_input_at_the_limit_loads(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A file exactly MAX_INPUT_BYTES long, as the JSON export writes it, is accepted."""
    data = (uc.dumps(uc.load()) + "\n").encode("utf-8")
    monkeypatch.setattr(ustb_coop.io._loading, "MAX_INPUT_BYTES", len(data))
    file = tmp_path / "limit.json"
    file.write_bytes(data)
    assert uc.load() == uc.load(file)


def test_unsupported_file_type(tmp_path: Path) -> None:
    """A .yaml file is refused by its suffix, and the message says which suffixes work."""
    file = tmp_path / "partners.yaml"
    file.write_text("version: 1\n", encoding="utf-8")
    with pytest.raises(uc.DatasetError) as caught:
        uc.load(file)
    assert (uc.Problem((), "unsupported file type '.yaml'; use .json or .toml"),) == caught.value.problems
    assert str(caught.value).startswith(f"{file}: 1 problem in dataset")


def test_non_utf8_file(tmp_path: Path) -> None:
    """A file that is not UTF-8 is refused with the offset of the first bad byte."""
    file = tmp_path / "partners.json"
    file.write_bytes(b'{"version": "caf\xe9"}')
    with pytest.raises(uc.DatasetError) as caught:
        uc.load(file)
    assert (uc.Problem((), "not UTF-8 text: undecodable byte at offset 16"),) == caught.value.problems


def test_missing_file(tmp_path: Path) -> None:
    """A file that does not exist raises FileNotFoundError, not DatasetError."""
    with pytest.raises(FileNotFoundError):
        uc.load(tmp_path / "absent.json")


@pytest.mark.parametrize(
    ("text", "expected"),
    [(b"", "malformed JSON at line 1, column 1"), (b"{}", "required key missing")],
    ids=["empty-file", "empty-object"],
)
def test_empty_json_documents(tmp_path: Path, text: bytes, expected: str) -> None:
    """An empty JSON file and an empty object are rejected, not read as empty datasets."""
    file = tmp_path / "empty.json"
    file.write_bytes(text)
    with pytest.raises(uc.DatasetError) as caught:
        uc.load(file)
    assert any(expected in problem.message for problem in caught.value.problems)


def test_loads_takes_text_only() -> None:
    """Bytes are a TypeError: loads wants decoded text."""
    with pytest.raises(TypeError, match=r"loads\(\) takes text \(str\), got bytes"):
        uc.loads(b"{}")  # type: ignore[arg-type]


def test_loads_knows_two_formats() -> None:
    """An unknown format is a ValueError naming the valid ones."""
    with pytest.raises(ValueError, match="format must be 'json' or 'toml', got 'yaml'"):
        uc.loads("{}", "yaml")  # type: ignore[arg-type]


def test_failing_load_leaves_the_file_alone(tmp_path: Path) -> None:
    """A load that fails changes neither the bytes nor the mtime of the file."""
    file = _write_old(tmp_path / "bad.json", b'{"version": 1}')
    before = _fingerprint(file)
    with pytest.raises(uc.DatasetError):
        uc.load(file)
    assert before == _fingerprint(file)


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_succeeding_load_leaves_the_file_alone(tmp_path: Path, suffix: str) -> None:
    """A load that succeeds changes neither the bytes nor the mtime of the file."""
    text = uc.dumps(uc.load()) if suffix == ".json" else _bundled_toml()
    file = _write_old(tmp_path / f"good{suffix}", text.encode("utf-8"))
    before = _fingerprint(file)
    uc.load(file)
    assert before == _fingerprint(file)


def test_user_files_are_read_afresh(tmp_path: Path) -> None:
    """Each load of a user's file reads it again: an edit shows, and the bundled cache is not used."""
    file = tmp_path / "mine.json"
    file.write_text(uc.dumps(uc.load()), encoding="utf-8")
    first = uc.load(file)
    document = bundled_document()
    document["version"] = "2.0.0"
    file.write_text(json.dumps(document), encoding="utf-8")
    expected = ("1.0.0", "2.0.0")
    assert expected == (first.version, uc.load(file).version)


def test_toml_and_json_files_with_the_same_content_load_equal(tmp_path: Path) -> None:
    """The TOML file and its JSON form load to equal datasets, equal to the bundled one."""
    toml_file = tmp_path / "ustb.toml"
    toml_file.write_text(_bundled_toml(), encoding="utf-8")
    json_file = tmp_path / "ustb.JSON"
    json_file.write_text(uc.dumps(uc.load()), encoding="utf-8")
    assert uc.load(toml_file) == uc.load(json_file)
    assert uc.load() == uc.load(json_file)


def test_toml_native_dates_load() -> None:
    """TOML's unquoted dates are read like the quoted ones."""
    text = _bundled_toml()
    native = text.replace('"2020-10-22"', "2020-10-22").replace('"2024-10-21"', "2024-10-21")
    # The dataset's as_of, the source's date, two metrics' and the program's as_of, three confirmed days.
    assert native.count("= 2020-10-22\n") == 8
    assert uc.load() == uc.loads(native, "toml")


def test_toml_datetime_is_not_a_date() -> None:
    """A TOML date-time where a date belongs is rejected, not cut to its day."""
    text = _bundled_toml().replace('as_of = "2020-10-22"', "as_of = 2020-10-22T10:00:00Z", 1)
    with pytest.raises(uc.DatasetError) as caught:
        uc.loads(text, "toml")
    expected = ["as_of"]
    assert expected == [problem.path for problem in caught.value.problems]
    assert "expected a date like '2020-10-22'" in caught.value.problems[0].message


def test_json_dataset_is_not_taken_for_toml() -> None:
    """JSON text read as TOML is malformed TOML, with its position."""
    with pytest.raises(uc.DatasetError, match=r"malformed TOML: .*\(at line 1, column 1\)"):
        uc.loads(uc.dumps(uc.load()), "toml")


@pytest.mark.parametrize("depth", [10, 900, 5_000, 50_000])
@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_nesting_never_escapes_as_recursion_error(depth: int, fmt: str) -> None:
    """Deeply nested values inside a record are reported as DatasetError at any depth."""
    nested = "[" * depth + "]" * depth
    if fmt == "json":
        document = json.loads(uc.dumps(uc.load()))
        text = json.dumps(document).replace('"fields": []', f'"fields": {nested}', 1)
    else:
        text = _bundled_toml().replace(
            'activities = ["joint_research"', f'fields = {nested}\nactivities = ["joint_research"', 1
        )
    with pytest.raises(uc.DatasetError):
        uc.loads(text, fmt)  # type: ignore[arg-type]


def _json_values() -> st.SearchStrategy[object]:
    scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8)
    return st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
        ),
        max_leaves=12,
    )


def _paths(node: object, prefix: str = "") -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            path = f"{prefix}.{key}" if prefix else key
            yield path
            yield from _paths(value, path)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            path = f"{prefix}[{index}]"
            yield path
            yield from _paths(value, path)


_BUNDLED_PATHS = tuple(_paths(bundled_document()))


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=200), fmt=st.sampled_from(["json", "toml"]))
def test_any_text_fails_only_with_dataset_error(text: str, fmt: str) -> None:
    """Whatever the text, loads returns a dataset or raises DatasetError, nothing else."""
    with contextlib.suppress(uc.DatasetError):
        uc.loads(text, fmt)  # type: ignore[arg-type]


@settings(max_examples=150, deadline=None)
@given(path=st.sampled_from(_BUNDLED_PATHS), value=_json_values())
def test_any_changed_value_fails_only_with_dataset_error(path: str, value: object) -> None:
    """Any JSON value in place of any value of the bundled data loads or raises DatasetError, nothing else."""
    document = bundled_document()
    setting(path, value)(document)
    with contextlib.suppress(uc.DatasetError):
        uc.loads(json.dumps(document))


def _problems(text: str, format: str = "json") -> list[tuple[str, str]]:  # noqa: A002
    with pytest.raises(uc.DatasetError) as caught:
        uc.loads(text, format)  # type: ignore[arg-type]
    return [(problem.path, problem.message) for problem in caught.value.problems]


def test_user_text_that_looks_like_a_path_is_reported_as_written() -> None:
    """A section id like 'sources[99]' is the user's text: it is quoted, never rewritten or crashed on."""
    document = bundled_document()
    document["partnerships"][0]["milestones"][0]["citation"]["section"] = "sources[99]"
    document["sources"][1]["title"] = 3  # an invalid earlier source shifts the structured positions
    expected = [
        ("sources[1].title", "expected text, got a whole number 3"),
        (
            "partnerships[0].milestones[0].citation.section",
            "source 'ustb-cooperation-cases' has no section 'sources[99]'; its sections: '1', '2', '3'",
        ),
    ]
    assert expected == _problems(json.dumps(document))


def test_unpaired_surrogates_are_rejected() -> None:
    """Text with half a surrogate pair, which JSON escapes allow, is no Unicode text a file can hold."""
    document = bundled_document()
    document["version"] = "\ud800"
    [(path, message)] = _problems(json.dumps(document))
    assert path == "version"
    assert message.startswith("text contains an unpaired surrogate")


def test_a_list_of_bad_items_reports_the_first_hundred() -> None:
    """A million bad items report quickly: the first hundred, which is enough to act on."""
    document = bundled_document()
    document["partnerships"][0]["fields"] = [1] * 1_000_000
    problems = _problems(json.dumps(document))
    expected = (100, ("partnerships[0].fields[99]", "expected text, got a whole number 1"))
    assert expected == (len(problems), problems[-1])


def test_an_overlong_toml_number_is_a_toml_problem() -> None:
    """A number too long for int() is reported for the format it came in."""
    [(path, message)] = _problems("version = " + "9" * 5000, "toml")
    assert (path, message.startswith("malformed TOML: ")) == ("", True)


def test_null_is_named_null() -> None:
    """A JSON null where text belongs is called null, not NoneType."""
    document = bundled_document()
    document["organizations"][0]["name"] = None
    assert _problems(json.dumps(document)) == [("organizations[0].name", "expected text, got null")]


def test_a_byte_order_mark_is_read_as_encoding(tmp_path: Path) -> None:
    """A file saved as UTF-8 with a byte-order mark loads like one without."""
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + uc.dumps(uc.load()).encode("utf-8"))
    assert uc.load() == uc.load(path)


@pytest.mark.parametrize(
    "name", ["missing", "missing.yaml", "missing.json"], ids=["no-suffix", "yaml", "json"]
)
def test_a_missing_file_is_file_not_found_whatever_its_name(tmp_path: Path, name: str) -> None:
    """The file is looked for before its name is judged."""
    with pytest.raises(FileNotFoundError):
        uc.load(tmp_path / name)


def test_a_directory_is_not_a_dataset(tmp_path: Path) -> None:
    """Loading a directory is an OSError naming it, not a crash."""
    with pytest.raises(IsADirectoryError):
        uc.load(tmp_path)


def test_running_out_of_stack_is_a_dataset_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A RecursionError in structuring ends the load as one DatasetError, not one problem per field."""

    def exhausted(_text: str) -> uc.PartialDate:
        raise RecursionError

    monkeypatch.setattr(uc.PartialDate, "parse", exhausted)
    expected = [("", "input is nested too deeply to be a dataset")]
    assert expected == _problems(uc.dumps(uc.load()))


def test_a_failure_without_a_message_is_still_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """An error that says nothing is named by its type; no record is ever dropped in silence."""

    def mute(_text: str) -> uc.PartialDate:
        raise ValueError

    monkeypatch.setattr(uc.PartialDate, "parse", mute)
    document = bundled_document()
    expected = ("sources[0].published", "ValueError")
    assert expected == _problems(json.dumps(document))[0]


def test_a_duplicate_of_an_invalid_record_is_still_reported() -> None:
    """Two records sharing an id are reported even when one of them fails on its own."""
    document = bundled_document()
    document["partnerships"][0]["kind"] = "bad"
    document["partnerships"][1]["id"] = "rwth-aachen"
    expected = [
        ("partnerships[0].kind", "invalid partnership kind 'bad'; valid: 'academic', 'industry'"),
        ("partnerships[1].id", "duplicate partnership id 'rwth-aachen', first used at partnerships[0]"),
    ]
    assert expected == _problems(json.dumps(document))
