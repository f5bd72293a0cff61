"""The loader's fast path builds what the collecting path builds, and refuses whatever it refuses."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from benchmarks import generate

import ustb_coop as uc
from tests import malformed_cases, mutations
from ustb_coop.io import _direct
from ustb_coop.io._direct import direct_dataset
from ustb_coop.io._loading import _parse, collect_dataset, structure_dataset
from ustb_coop.model._rules import InstanceOrNone, Text, TupleOf

#: How many fuzz cases the agreement test compares (each is parsed and structured twice).
_CASES = 1_500


def _parsed(text: str, fmt: str, limit: int | None = None) -> object:
    """*text* parsed as `loads` parses it (duplicate keys and NaN refused), within *limit* bytes."""
    size = len(text.encode("utf-8", "surrogatepass"))
    return _parse(text, size, fmt, "<test>", uc.MAX_INPUT_BYTES if limit is None else limit)  # type: ignore[arg-type]


def _both(raw: object) -> tuple[object, object]:
    """What each path makes of *raw*: the Dataset, or the type of what it raised."""
    results: list[object] = []
    for build in (direct_dataset, lambda raw: collect_dataset(raw, "<test>")):
        try:
            results.append(build(raw))
        except Exception as error:  # noqa: BLE001 - the fast path may raise anything
            results.append(type(error))
    return results[0], results[1]


@pytest.mark.parametrize("partnerships", [1, 10, 200])
def test_the_fast_path_builds_what_the_collecting_path_builds(partnerships: int) -> None:
    """A generated dataset of any size comes out equal from both paths."""
    raw = generate.document(partnerships)
    expected = collect_dataset(copy.deepcopy(raw), "<generated>")
    assert expected == direct_dataset(raw)


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_the_fast_path_builds_the_bundled_dataset(fmt: str) -> None:
    """The bundled dataset's JSON form, and its TOML file (dates as TOML dates), build the bundled data."""
    if fmt == "json":
        text = uc.dumps(uc.load())
    else:
        text = (Path(uc.__file__).parent / "data" / "ustb.toml").read_text("utf-8")
    raw = _parsed(text, fmt)
    expected = uc.load()
    assert expected == direct_dataset(raw)


def _structured_cases() -> list[tuple[malformed_cases.MalformedCase, object]]:
    """The JSON cases that parse within their size limit, each with its parsed document."""
    cases = []
    for case in malformed_cases.CASES:
        if case.format != "json":
            continue
        text = malformed_cases.build(case)
        try:
            cases.append((case, _parsed(text, "json", case.max_input_bytes)))
        except uc.DatasetError:  # refused by the parser or the size limit, before any structuring
            continue
    return cases


@pytest.mark.parametrize(("case", "raw"), _structured_cases(), ids=lambda value: getattr(value, "id", ""))
def test_the_fast_path_refuses_every_malformed_case(case: malformed_cases.MalformedCase, raw: object) -> None:
    """Each malformed document the loader reports on makes the fast path give up, so the report is made."""
    outcome = "built"
    try:
        direct_dataset(raw)
    except Exception:  # noqa: BLE001 - the fast path may raise anything
        outcome = "refused"
    expected = "refused"
    assert expected == outcome, case.id


def _fuzzed(seed: int, cases: int) -> Iterator[tuple[int, tuple[str, ...], object]]:
    """Mutated documents that parse: each case's number, the mutations made, and the parsed document."""
    documents = mutations.seeds()
    for number in range(cases):
        case = mutations.make_case(seed, number, documents)
        try:
            raw = _parsed(case.text, case.fmt)
        except (uc.DatasetError, RecursionError):
            continue
        yield number, case.steps, raw


def test_the_fast_path_agrees_with_the_collecting_path_on_fuzzed_documents() -> None:
    """On mutated documents both paths accept the same ones, equal, and refuse the rest."""
    disagreements = []
    accepted = 0
    for number, steps, raw in _fuzzed(3, _CASES):
        fast, collected = _both(raw)
        accepted += isinstance(collected, uc.Dataset)
        if (isinstance(collected, uc.Dataset) or isinstance(fast, uc.Dataset)) and fast != collected:
            disagreements.append((number, steps))
    expected: list[tuple[int, tuple[str, ...]]] = []
    assert expected == disagreements
    assert 0.02 * _CASES < accepted < 0.5 * _CASES  # both outcomes compared, often enough to mean something


def _quantity_document() -> dict[str, Any]:
    """A generated document whose first two metrics count exactly 1, but the second as JSON's true."""
    document = generate.document(1)
    metrics = document["partnerships"][0]["metrics"]  # type: ignore[index]
    for metric, value in zip(metrics, (1, True), strict=True):
        metric["value"] = {"value": value, "qualifier": "exact", "as_stated": None}
    return document


def test_an_equal_value_of_another_type_is_judged_on_its_own() -> None:
    """1 and true are equal in Python; the true after a 1 is still refused, never taken for it."""
    with pytest.raises(uc.DatasetError) as caught:
        uc.loads(json.dumps(_quantity_document()))
    expected = ["partnerships[0].metrics[1].value.value"]
    assert expected == [problem.path for problem in caught.value.problems]


def test_equal_citations_of_one_document_are_one_object() -> None:
    """A document's repeated citations are built once and shared, as frozen values may be."""
    dataset = uc.loads(generate.text(20))
    citations = [milestone.citation for partnership in dataset for milestone in partnership.milestones]
    expected = len(set(citations))
    assert expected == len({id(citation) for citation in citations})


def _records(value: object) -> list[object]:
    """Every attrs instance in *value*, records of records included."""
    found: list[object] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if attrs.has(type(item)):
            found.append(item)
            stack.extend(getattr(item, field.name) for field in attrs.fields(type(item)))  # type: ignore[arg-type]
        elif isinstance(item, tuple):
            stack.extend(item)
    return found


def _invalid_records(dataset: uc.Dataset) -> list[str]:
    """The records of *dataset* that one of their own validators refuses, each as its repr and the error."""
    refused = []
    for record in _records(dataset):
        try:
            attrs.validate(record)  # type: ignore[arg-type]
        except Exception as error:  # noqa: BLE001 - any validator's error is a finding
            refused.append(f"{record!r}: {error}")
    return refused


@pytest.mark.parametrize("seed", range(4))
def test_every_record_the_fast_path_sets_up_passes_its_validators(seed: int) -> None:
    """Records built by setting their slots pass their validators: nothing skipped lets one through."""
    dataset = direct_dataset(generate.document(40, seed=seed))
    expected: list[str] = []
    assert expected == _invalid_records(dataset)


def test_fuzzed_records_the_fast_path_accepts_pass_their_validators() -> None:
    """On mutated documents, whatever the fast path builds passes every validator of every record."""
    refused = []
    accepted = 0
    for _, _, raw in _fuzzed(5, 300):
        try:
            dataset = direct_dataset(raw)
        except Exception:  # noqa: BLE001, S112 - refused: the collecting path reports it
            continue
        accepted += 1
        refused += _invalid_records(dataset)
    expected: list[str] = []
    assert expected == refused
    assert accepted > 30


def _builder(cls: type) -> Callable[[dict[str, object]], object]:
    """The fast path's builder of *cls*, written for it alone, taking one table."""
    source = _direct._Source()
    name = source.builder(cls)
    exec(compile("\n".join(source.lines), "<test builders>", "exec"), source.names)  # noqa: S102 - ours
    memo = tuple(_direct._Memo(make) for make in source.makers)
    build = source.names[name]
    return lambda table: build(table, memo)  # type: ignore[operator]


def _refuse_bad(_instance: object, _attribute: object, value: str) -> None:
    if value == "bad":
        msg = "bad is refused"
        raise ValueError(msg)


@attrs.frozen
class _Checked:
    """A record whose field has a validator the fast path cannot prove."""

    name: str = attrs.field(validator=_refuse_bad)


@attrs.frozen
class _PostInit:
    """A record whose ``__init__`` does more than set slots."""

    name: str
    upper: str = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "upper", self.name.upper())


@attrs.frozen(cache_hash=True)
class _CachedHash:
    """A record with a slot that is no field: its cached hash."""

    name: str


def test_a_validator_the_builder_cannot_prove_runs() -> None:
    """A rule that is more than a type is run on a record the builder sets up."""
    build = _builder(_Checked)
    with pytest.raises(ValueError, match="bad is refused"):
        build({"name": "bad"})
    expected = _Checked("good")
    assert expected == build({"name": "good"})


@pytest.mark.parametrize(("cls", "expected"), [(_PostInit, "NAME"), (_CachedHash, None)])
def test_a_record_whose_init_does_more_is_built_by_it(cls: type, expected: str | None) -> None:
    """A post-init hook or a cached hash: the builder calls ``__init__``, so the record is whole."""
    record = _builder(cls)({"name": "name"})
    assert None is _direct.slot_setters(cls)
    assert (cls(name="name"), hash(cls(name="name")), expected) == (
        record,
        hash(record),
        getattr(record, "upper", None),
    )


_STR_RULE = attrs.validators.instance_of(str)


@pytest.mark.parametrize(
    ("validator", "made", "expected"),
    [
        (_STR_RULE, ("exactly", str), True),
        (_STR_RULE, ("exactly", bool), False),
        (attrs.validators.instance_of(int), ("exactly", bool), True),
        (_STR_RULE, ("none or", ("exactly", str)), False),
        (_STR_RULE, None, False),
        (InstanceOrNone(str), ("none or", ("exactly", str)), True),
        (InstanceOrNone(str), ("exactly", str), True),
        (InstanceOrNone(str), ("none or", ("exactly", int)), False),
        (InstanceOrNone(str), ("tuple", ("exactly", str)), False),
        (TupleOf(str), ("tuple", ("exactly", str)), True),
        (TupleOf(str), ("tuple", ("exactly", int)), False),
        (TupleOf(str), ("exactly", tuple), False),
        (TupleOf(str), ("none or", ("exactly", str)), False),
        (Text(), ("exactly", str), False),
        (_refuse_bad, ("exactly", str), False),
    ],
)
def test_only_a_rule_that_is_a_type_is_proven(validator: object, made: _direct.Made, expected: bool) -> None:
    """`proves` skips a validator only when every value the builder makes is of the type it asks for."""
    assert expected == _direct.proves(validator, made)


def _problems(build: Callable[[], object]) -> tuple[object, ...] | None:
    """The problems *build* reports as a DatasetError, or None when it reports none that way."""
    try:
        build()
    except uc.DatasetError as error:
        return error.problems
    except Exception:  # noqa: BLE001 - any other failure: no report
        return None
    return None


def _broken(partnerships: int, change: Callable[[dict[str, Any]], None]) -> object:
    """A generated document with *change* made to each partnership, parsed."""
    document = generate.document(partnerships)
    for partnership in document["partnerships"]:  # type: ignore[attr-defined]
        change(partnership)
    return _parsed(json.dumps(document), "json")


def _dangle(partnership: dict[str, Any]) -> None:
    partnership["citations"] = [{"source": "nowhere", "section": None}]


def _same_id(partnership: dict[str, Any]) -> None:
    partnership["id"] = "the-same"


@pytest.mark.parametrize("change", [_dangle, _same_id], ids=["dangling-citations", "repeated-ids"])
def test_broken_dataset_rules_are_reported_as_the_collecting_path_reports_them(
    change: Callable[[dict[str, Any]], None],
) -> None:
    """When every record builds and only the dataset's rules refuse them, the collecting path's report."""
    raw = _broken(30, change)
    expected = _problems(lambda: collect_dataset(copy.deepcopy(raw), "<test>"))
    assert expected is not None
    assert expected == _problems(lambda: structure_dataset(raw, "<test>"))
    with pytest.raises(_direct.BrokenRulesError):
        direct_dataset(raw)


def test_fuzzed_documents_get_the_collecting_paths_report() -> None:
    """On mutated documents, what the loader reports is what the collecting path alone reports."""
    differences = []
    broken = 0
    for number, steps, raw in _fuzzed(7, 600):
        try:  # a copy for each path, so neither sees what another made of the document
            copies = [copy.deepcopy(raw), copy.deepcopy(raw)]
        except RecursionError:  # nested too deeply to copy (Python 3.13's limit): loads says so itself
            continue
        try:
            direct_dataset(copies[0])
        except _direct.BrokenRulesError:
            broken += 1
        except Exception:  # noqa: BLE001, S110 - the collecting path reports it: compared below all the same
            pass
        collected = _problems(lambda copied=copies[1]: collect_dataset(copied, "<test>"))  # type: ignore[misc]
        if collected != _problems(lambda raw=raw: structure_dataset(raw, "<test>")):  # type: ignore[misc]
            differences.append((number, steps))
    expected: list[tuple[int, tuple[str, ...]]] = []
    assert expected == differences
    assert broken > 0  # some documents reach the dataset's rules with every record built


def test_a_document_bad_only_at_its_end_gets_the_collecting_paths_report() -> None:
    """The last partnership broken: the report is the collecting path's, and names that partnership."""
    raw = generate.document(30)
    raw["partnerships"][-1]["kind"] = "neither"  # type: ignore[index]
    expected = _problems(lambda: collect_dataset(copy.deepcopy(raw), "<test>"))
    assert expected is not None
    assert expected == _problems(lambda: structure_dataset(raw, "<test>"))
    paths = [problem.path for problem in expected]  # type: ignore[attr-defined]
    with pytest.raises(_direct.PartlyBuiltError) as caught:
        direct_dataset(raw)
    built = [len(caught.value.built[key]) for key in ("partnerships", "organizations", "sources")]
    reported = (["partnerships[29].kind"], [29, 11, 5])
    assert reported == (paths, built)


def test_the_collecting_path_takes_records_already_built_as_they_are() -> None:
    """Records the fast path built for the first positions are kept, the same objects; the rest are built."""
    raw = generate.document(6)
    dataset = direct_dataset(copy.deepcopy(raw))
    done = {"partnerships": list(dataset.partnerships[:4])}
    collected = collect_dataset(raw, "<test>", done=done)
    expected = (dataset, [True] * 4 + [False] * 2)
    assert expected == (
        collected,
        [a is b for a, b in zip(collected.partnerships, dataset.partnerships, strict=True)],
    )


@attrs.frozen
class _Listed:
    """A record whose default is made by a factory, one for each record."""

    names: list[str] = attrs.field(factory=list)


def test_a_default_made_by_a_factory_is_refused_when_the_builder_is_written() -> None:
    """A field whose default a factory makes fails loudly, naming it, instead of sharing one default."""
    with pytest.raises(TypeError) as error:
        _builder(_Listed)
    expected = "the fast path builds no default made by a factory (_Listed.names)"
    assert expected == str(error.value)
