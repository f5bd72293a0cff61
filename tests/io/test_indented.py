"""`dumps`, indented or compact, writes what `json.dumps` writes of the plain form, byte for byte."""

from __future__ import annotations

import enum
import json

import attrs
import pytest
from benchmarks import generate
from hypothesis import given, settings
from hypothesis import strategies as st

import ustb_coop as uc
from tests import strategies
from ustb_coop.io import _fast
from ustb_coop.io._converter import BY_ID, CONVERTER, INDENTED_WRITERS
from ustb_coop.io._indented import IndentedWriters
from ustb_coop.io._plain import PlainForms

#: Characters a JSON writer may get wrong: quotes, backslashes, a slash, every control character,
#: DEL, non-ASCII, the line and paragraph separators JavaScript once refused, astral characters.
_TRICKY = '"\\/' + "".join(map(chr, range(0x20))) + "\x7fü北\u2028\u2029\ufeff\uffff\U0001f600\U0010ffff"

#: Text that is mostly made of `_TRICKY` characters, and never blank (titles must not be).
tricky_text = st.builds(
    lambda head, tail: head + tail,
    st.sampled_from("Zü北\U0001f600"),
    st.text(alphabet=st.sampled_from(_TRICKY) | st.characters(codec="utf-8"), max_size=30),
)


@st.composite
def tricky_datasets(draw: st.DrawFn) -> uc.Dataset:
    """Generated datasets whose version, first source title and publisher are `tricky_text`."""
    dataset = draw(strategies.datasets())
    source = attrs.evolve(dataset.sources[0], title=draw(tricky_text), publisher=draw(tricky_text))
    return attrs.evolve(dataset, version=draw(tricky_text), sources=(source, *dataset.sources[1:]))


def _json_dumps(plain: object, indent: object) -> str:
    """*plain* as `json.dumps` writes it with *indent*, or compact (no spaces) when *indent* is None."""
    separators = (",", ":") if indent is None else None
    return json.dumps(plain, ensure_ascii=False, indent=indent, separators=separators)  # type: ignore[arg-type]


def _standard_library(dataset: object, indent: object) -> str:
    """What `json.dumps` writes of the plain form of *dataset*, as `dumps` wrote it before its writers."""
    return _json_dumps(CONVERTER.unstructure(dataset), indent)


@pytest.fixture(autouse=True)
def _without_orjson(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test here times nothing and checks the standard library's path, whatever is installed."""
    monkeypatch.setattr(_fast, "ORJSON", None)


@settings(deadline=None)  # a whole dataset per example; slow machines must not fail on time
@given(tricky_datasets() | strategies.datasets(), st.none() | st.integers(min_value=0, max_value=8))
def test_dumps_writes_what_json_dumps_writes_for_any_dataset(dataset: uc.Dataset, indent: int | None) -> None:
    """For any dataset, tricky text included, compact and any indent 0 to 8, the text is `json.dumps`'s."""
    assert _standard_library(dataset, indent) == uc.dumps(dataset, indent=indent)


@pytest.mark.parametrize(
    "dataset",
    [pytest.param(uc.load(), id="bundled"), pytest.param(uc.loads(generate.text(30)), id="generated")],
)
def test_every_indent_in_turn_is_written_as_json_dumps_writes_it(dataset: uc.Dataset) -> None:
    """Indents of any width, negative (none) and text ones, one after another, each as json writes them."""
    indents: list[int | str | None] = [*range(-1, 12), "\t", "", None, "-->", ' {"%s"} ', None]
    for indent in indents:
        assert _standard_library(dataset, indent) == uc.dumps(dataset, indent=indent)  # type: ignore[arg-type]


def test_the_text_reads_back_as_the_dataset() -> None:
    """What the writers write, `loads` reads back equal, and it starts as a dataset file does."""
    dataset = uc.loads(generate.text(5))
    written = uc.dumps(dataset, indent=2)
    assert dataset == uc.loads(written)
    assert written.startswith('{\n  "version": ')


def test_an_indent_json_refuses_is_refused_in_its_words() -> None:
    """An indent that is neither a whole number nor text meets `json.dumps`'s own TypeError."""
    with pytest.raises(TypeError) as expected:
        _standard_library(uc.load(), 2.0)
    with pytest.raises(TypeError) as actual:
        uc.dumps(uc.load(), indent=2.0)  # type: ignore[arg-type]
    assert str(expected.value) == str(actual.value)


class _Level(enum.Enum):
    LOW = "low"


class _Rank(enum.Enum):
    FIRST = 1


@attrs.frozen
class _Empty:
    pass


@attrs.frozen
class _Inner:
    name: str
    level: _Level | None = None


@attrs.frozen
class _Outer:
    inner: _Inner | None
    items: tuple[_Inner, ...]
    levels: tuple[_Level, ...]
    empty: _Empty
    count: int | None = None
    tags: tuple[str, ...] | None = None
    maybe_empty: _Empty | None = None


@pytest.mark.parametrize(
    "record",
    [
        _Outer(inner=None, items=(), levels=(), empty=_Empty()),
        _Outer(
            inner=_Inner("a\u2028b", _Level.LOW),
            items=(_Inner("x"), _Inner("y", _Level.LOW)),
            levels=(_Level.LOW, _Level.LOW),
            empty=_Empty(),
            count=2**70,
            tags=("a", "\x00"),
            maybe_empty=_Empty(),
        ),
    ],
    ids=["nones-and-empty-lists", "all-filled"],
)
@pytest.mark.parametrize("indent", ["", " ", "    ", None])
def test_any_record_class_is_written_as_json_dumps_writes_its_plain_form(
    record: _Outer, indent: str | None
) -> None:
    """Optional, nested, listed and empty records, enums and big integers: the text `json.dumps` writes."""
    plain = PlainForms({}, streamed=type(None)).deep(_Outer)(record)
    assert _json_dumps(plain, indent) == IndentedWriters({}).write(record, indent)


@attrs.frozen
class _Measured:
    share: float


@attrs.frozen
class _Ranked:
    rank: _Rank


@attrs.frozen
class _Shares:
    shares: tuple[float, ...]


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (_Measured(0.5), "no indented JSON writer for a value of type <class 'float'> (record.share)"),
        (
            _Ranked(_Rank.FIRST),
            "no indented JSON writer for _Rank: <_Rank.FIRST: 1> has a value that is not text",
        ),
        (_Shares((0.5,)), "no indented JSON writer for a tuple of <class 'float'> (record.shares)"),
    ],
    ids=["float", "enum-of-numbers", "tuple-of-floats"],
)
def test_a_field_no_writer_knows_is_refused_when_its_writer_is_written(record: object, message: str) -> None:
    """A model change the writers do not know fails loudly, naming the type and the field."""
    with pytest.raises(TypeError) as error:
        IndentedWriters({}).write(record, "  ")
    assert message == str(error.value)


def test_the_converter_writes_partnerships_sides_by_id() -> None:
    """The writers `dumps` uses write a partnership's home and partner as their ids, as `unstructure` does."""
    assert BY_ID == ("home", "partner")
    partnership = uc.load().partnerships[0]
    written = json.loads(INDENTED_WRITERS.write(partnership, ""))
    assert (partnership.home.id, partnership.partner.id) == (written["home"], written["partner"])
