r"""How many bytes `dumps` can write for a dataset, bounded from what was read and a count of its records.

`loads` accepts a text only if what `dumps` writes of the dataset is within
the same byte limit, so ``loads(dumps(ds)) == ds`` holds for everything
`loads` accepts. Writing the text to measure it would cost as much as a
second load; this module bounds it instead, in a walk that looks only at
the lengths of the records' lists.

The bound. What `dumps` writes (indented by `INDENT`, plus the final newline
the command line's ``export --format json`` adds) is of two kinds of bytes:

- the value tokens: a text, number, date or enum value the input holds.
  Each is written from exactly one token of the input, and never longer
  than a few times it: in JSON never longer (the input had to escape what
  `json.dumps` escapes, with escapes no shorter); in TOML at most twice (a
  literal string's ``"`` becomes ``\"``, a raw tab ``\t``, a bare date
  gains its quotes), three times where the parser reads TOML 1.1, whose
  ``\e`` becomes ``\u001b``.
- the layout: keys, punctuation, indentation, and ``null`` or a default
  for what the input left out. It depends only on the kind of record and
  its nesting, so it is bounded per record (`Layout`) and per item of a
  list of plain values, assuming every line at the deepest indentation the
  schema has.
"""

from __future__ import annotations

import enum
import functools
import json
import typing
from typing import Any, Final, Literal

import attrs

from ustb_coop.io._converter import BY_ID, CONVERTER, INDENTED_WRITERS
from ustb_coop.io._shapes import ISO_TYPES, is_record, optional_of, tuple_item
from ustb_coop.model._dataset import Dataset
from ustb_coop.model._records import Partnership

#: The indentation `dumps` writes by default, and the command line's JSON export.
INDENT: Final = 2
#: How many times longer than its token in a JSON input a value may be written: never longer.
JSON_GROWTH: Final = 1
#: What the command line's JSON export writes after the document.
FINAL_NEWLINE: Final = 1

#: A record kind's plan: its layout bytes at most (with the records it always holds), and its
#: lists as (attribute, layout bytes per item, or None to walk the items).
_Plan = tuple[int, tuple[tuple[str, int | None], ...]]

#: Types written as one JSON token, never longer than the input's token for it (see the module doc).
_SCALARS = (str, int, *ISO_TYPES)

Kind = Literal["value", "record", "records", "values"]


def _is_scalar(type_: Any) -> bool:
    return isinstance(type_, type) and (issubclass(type_, enum.Enum) or type_ in _SCALARS)


def _kind(cls: type, name: str, type_: Any) -> tuple[Kind, Any]:
    """How a field is written: a plain value, a record, a list of records, or a list of plain values.

    Raises:
        TypeError: The field's type is none of these, so the bound cannot
            count it: a change to the model must be met here, never undercounted.
    """
    if cls is Partnership and name in BY_ID:
        return "value", None  # written as the organization's id
    inner = optional_of(type_)
    if inner is not None:  # X | None: null when absent, else X
        type_ = inner
    item = tuple_item(type_)
    if item is not None:
        if is_record(item):
            return "records", item
        if _is_scalar(item):
            return "values", None
    elif is_record(type_):
        return "record", type_
    elif _is_scalar(type_):
        return "value", None
    msg = f"cannot bound how {cls.__name__}.{name} of type {type_!r} is written"
    raise TypeError(msg)


@functools.cache
def _members(cls: type) -> tuple[tuple[attrs.Attribute[Any], Kind, Any], ...]:
    """The fields `dumps` writes for *cls*, each with how it is written and the record type it holds."""
    hints = typing.get_type_hints(cls)
    # The fields that are not arguments are indexes, never written.
    return tuple(
        (field, *_kind(cls, field.name, hints[field.name])) for field in attrs.fields(cls) if field.init
    )


def _levels(cls: type) -> int:
    """How many levels below its own members the deepest line of a *cls* record can be."""
    below = {"value": 0, "record": 1, "records": 2, "values": 1}
    return max(
        (below[kind] + (_levels(inner) if inner is not None else 0) for _, kind, inner in _members(cls)),
        default=0,
    )


def _default_length(field: attrs.Attribute[Any]) -> int:
    """How long the default of *field* is written, 0 when it has none."""
    if field.default is attrs.NOTHING:
        return 0
    if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]  # attrs types Factory as a function
        msg = f"cannot bound how the default of {field.name} is written: it is made by a factory"
        raise TypeError(msg)
    return len(json.dumps(CONVERTER.unstructure(field.default), ensure_ascii=False).encode("utf-8"))


class Layout:
    """The most layout bytes `dumps` writes per record of each kind, and the walk that adds them up."""

    def __init__(self) -> None:
        #: Every line's indentation at most: the deepest the schema nests.
        self.indentation = INDENT * (1 + _levels(Dataset))
        # A list item's own line: newline, indentation, its comma.
        self.item = 1 + self.indentation + 1
        self._plans: dict[type, _Plan] = {}

    def _record(self, cls: type) -> int:
        """The layout of one record of *cls* alone: its braces, its members' lines, nulls and defaults."""
        # "{" on its own line (as a list item) with its comma, then "}" on its own line.
        total = self.item + len("{") + 1 + self.indentation + len("}")
        for field, kind, _ in _members(cls):
            member = 1 + self.indentation + len(json.dumps(field.name)) + len(": ") + len(",")
            # What stands for the value when the input gave none, or a list's brackets: "[]", or
            # "[" and "]" on its own line.
            brackets = 1 + 1 + self.indentation + 1 if kind in ("records", "values") else 0
            total += member + max(len("null"), _default_length(field), brackets)
        return total

    def plan(self, cls: type) -> _Plan:
        """What to add up for a *cls* record: its layout with the records it holds, and its lists.

        Raises:
            TypeError: *cls* holds a single record that holds lists: the walk
                below counts lists of records only, so it must learn such a field.
        """
        if cls not in self._plans:
            base = self._record(cls)
            lists: list[tuple[str, int | None]] = []
            for field, kind, inner in _members(cls):
                if kind == "values":
                    lists.append((field.name, self.item))
                elif kind == "records":
                    below, items = self.plan(inner)
                    lists.append((field.name, None if items else below))
                elif kind == "record":
                    below, items = self.plan(inner)
                    if items:
                        msg = f"cannot bound {cls.__name__}.{field.name}: a single record holding lists"
                        raise TypeError(msg)
                    base += below  # counted whether the record is there or not: never less
            self._plans[cls] = (base, tuple(lists))
        return self._plans[cls]

    def of(self, record: object) -> int:
        """The layout bytes `dumps` writes for *record* and everything in it, at most."""
        base, lists = self.plan(type(record))
        total = base
        for name, per_item in lists:
            items = getattr(record, name)
            total += len(items) * per_item if per_item is not None else sum(map(self.of, items))
        return total


@functools.cache
def _layout() -> Layout:
    """The layout of the model's records, worked out once, from the schema, on the first bound."""
    return Layout()


def bound(dataset: Dataset, input_bytes: int, format: Literal["json", "toml"]) -> int:  # noqa: A002
    """The most bytes `dumps` and the JSON export write for *dataset*, read from *input_bytes* of *format*.

    Example:
        >>> import ustb_coop as uc
        >>> text = uc.dumps(uc.load(), indent=None)
        >>> bound(uc.load(), len(text.encode()), "json") >= len(uc.dumps(uc.load()).encode()) + 1
        True
    """
    growth = JSON_GROWTH if format == "json" else _toml_growth()
    return growth * input_bytes + _layout().of(dataset) + FINAL_NEWLINE


@functools.cache
def _toml_growth() -> int:
    r"""How many times longer than its token in a TOML input a value may be written.

    Twice under TOML 1.0 (a literal string's quote or backslash, a raw tab or
    newline each become two characters); three times where the parser reads
    TOML 1.1, whose two-character escape ``\e`` is written as ``\u001b``.
    """
    import tomllib  # noqa: PLC0415 - only TOML inputs need it

    try:
        tomllib.loads('e = "\\e"')
    except tomllib.TOMLDecodeError:
        return 2
    return 3  # pragma: no cover - Python's tomllib reads TOML 1.0 (3.11 to 3.13)


def _utf8_length(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-8"))


def measure(dataset: Dataset) -> int:
    """How many bytes ``dumps(dataset)`` is, without holding its text whole.

    The dataset with its top-level lists empty is written by the writers
    `dumps` uses (io/_indented.py), then each record of those lists, one at
    a time, as it stands in the dump, and each list's brackets and separators
    put in place of its ``[]``: about 0.3x the time of a load of the same
    data, and the memory of one record's text.
    """
    spaces = " " * INDENT
    # A list left out of the shell is written whole in it: exact all the same, only slower.
    shell = attrs.evolve(dataset, sources=(), organizations=(), partnerships=())
    total = _utf8_length(INDENTED_WRITERS.write(shell, spaces))
    # A top-level list's items stand on their own lines two levels deep, its "]" one level deep.
    opening, separator, closing = len("[\n" + spaces * 2), len(",\n" + spaces * 2), len("\n" + spaces + "]")
    for records in (dataset.sources, dataset.organizations, dataset.partnerships):
        if records:
            total += opening + separator * (len(records) - 1) + closing - len("[]")
            total += sum(_utf8_length(INDENTED_WRITERS.write_at(record, spaces, 2)) for record in records)
    return total
