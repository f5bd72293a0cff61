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
  than `VALUE_GROWTH` times it: in JSON never longer (the input had to
  escape what `json.dumps` escapes, with escapes no shorter); in TOML at
  most 3 times (a literal string's ``"`` becomes ``\"``, a bare date gains
  its quotes, TOML 1.1's ``\e`` becomes ``\u001b``).
- the layout: keys, punctuation, indentation, and ``null`` or a default
  for what the input left out. It depends only on the kind of record and
  its nesting, so it is bounded per record (`Layout`) and per item of a
  list of plain values, assuming every line at the deepest indentation the
  schema has.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from ustb_coop.io._converter import BY_ID, CONVERTER
from ustb_coop.model._dataset import Dataset
from ustb_coop.model._dates import PartialDate
from ustb_coop.model._records import Partnership

if TYPE_CHECKING:
    from collections.abc import Iterator

#: The indentation `dumps` writes by default, and the command line's JSON export.
INDENT: Final = 2
#: How many times longer than its token in the input a value may be written, per input format.
VALUE_GROWTH: Final[dict[Literal["json", "toml"], int]] = {"json": 1, "toml": 3}
#: What the command line's JSON export writes after the document.
FINAL_NEWLINE: Final = 1

#: A record kind's plan: its layout bytes at most, its lists as (attribute, bytes per item or None to
#: walk the items), and the attributes holding a record to walk.
_Plan = tuple[int, tuple[tuple[str, int | None], ...], tuple[str, ...]]


def _members(cls: type) -> Iterator[tuple[attrs.Attribute[Any], Any]]:
    """The fields `dumps` writes for *cls*, with their resolved types."""
    hints = typing.get_type_hints(cls)
    for field in attrs.fields(cls):
        if field.init:  # the rest are indexes, never written
            yield field, hints[field.name]


def _is_record(type_: Any) -> bool:
    """Whether values of *type_* are written as a JSON object (a record other than a date)."""
    return attrs.has(type_) and type_ is not PartialDate


def _kind(cls: type, name: str, type_: Any) -> tuple[Literal["value", "record", "records", "values"], Any]:
    """How a field is written: a plain value, a record, a list of records, or a list of plain values."""
    if cls is Partnership and name in BY_ID:
        return "value", None  # written as the organization's id
    args = [arg for arg in typing.get_args(type_) if arg is not type(None)]
    if typing.get_origin(type_) is tuple:
        return ("records", args[0]) if _is_record(args[0]) else ("values", None)
    if _is_record(type_) or (len(args) == 1 and _is_record(args[0])):
        return "record", args[0] if args else type_
    return "value", None


def _levels(cls: type) -> int:
    """How many levels below its own members the deepest line of a *cls* record can be."""
    deepest = 0
    for field, type_ in _members(cls):
        kind, inner = _kind(cls, field.name, type_)
        if kind == "record":
            deepest = max(deepest, 1 + _levels(inner))
        elif kind == "records":
            deepest = max(deepest, 2 + _levels(inner))
        elif kind == "values":
            deepest = max(deepest, 1)
    return deepest


def _default_length(field: attrs.Attribute[Any]) -> int:
    """How long the default of *field* is written, 0 when it has none."""
    if field.default is attrs.NOTHING:
        return 0
    # The model's defaults are plain values (no attrs.Factory), written as they are.
    return len(json.dumps(CONVERTER.unstructure(field.default), ensure_ascii=False).encode("utf-8"))


class Layout:
    """The most layout bytes `dumps` writes per record of each kind, and the walk that adds them up."""

    def __init__(self) -> None:
        #: Every line's indentation at most: the deepest the schema nests.
        self.indentation = INDENT * (1 + _levels(Dataset))
        # A list item's own line: newline, indentation, its comma.
        self.item = 1 + self.indentation + 1
        self._plans: dict[type, _Plan] = {}
        self._fixed: dict[type, int | None] = {}

    def _record(self, cls: type) -> int:
        """The layout of one record of *cls* alone: its braces, its members' lines, nulls and defaults."""
        # "{" on its own line (as a list item) with its comma, then "}" on its own line.
        total = self.item + len("{") + 1 + self.indentation + len("}")
        for field, _type in _members(cls):
            member = 1 + self.indentation + len(json.dumps(field.name)) + len(": ") + len(",")
            # What stands for the value when the input gave none, or the brackets of a list.
            stand_in = max(len("null"), _default_length(field), 1 + 1 + self.indentation + 1)
            total += member + stand_in
        return total

    def fixed(self, cls: type) -> int | None:
        """The whole layout of a *cls* record with everything below it, when it holds no list; else None."""
        if cls not in self._fixed:
            total = self._record(cls)
            for field, type_ in _members(cls):
                kind, inner = _kind(cls, field.name, type_)
                below = self.fixed(inner) if kind == "record" else 0
                if kind in ("records", "values") or below is None:
                    self._fixed[cls] = None
                    break
                total += below
            else:
                self._fixed[cls] = total
        return self._fixed[cls]

    def plan(self, cls: type) -> _Plan:
        """What to add up for a *cls* record that holds lists: its own layout, its lists, records to walk."""
        if cls not in self._plans:
            base = self._record(cls)
            lists: list[tuple[str, int | None]] = []
            walked: list[str] = []
            for field, type_ in _members(cls):
                kind, inner = _kind(cls, field.name, type_)
                if kind == "values":
                    lists.append((field.name, self.item))
                elif kind == "records":
                    lists.append((field.name, self.fixed(inner)))
                elif kind == "record":
                    below = self.fixed(inner)
                    if below is None:
                        walked.append(field.name)
                    else:
                        base += below
            self._plans[cls] = (base, tuple(lists), tuple(walked))
        return self._plans[cls]

    def of(self, record: object) -> int:
        """The layout bytes `dumps` writes for *record* and everything in it, at most."""
        fixed = self.fixed(type(record))
        if fixed is not None:
            return fixed
        base, lists, walked = self.plan(type(record))
        total = base
        of: Callable[[object], int] = self.of
        for name, per_item in lists:
            items = getattr(record, name)
            total += len(items) * per_item if per_item is not None else sum(map(of, items))
        for name in walked:
            value = getattr(record, name)
            if value is not None:
                total += of(value)
        return total


_layout: Layout | None = None


def bound(dataset: Dataset, input_bytes: int, format: Literal["json", "toml"]) -> int:  # noqa: A002
    """The most bytes `dumps` and the JSON export write for *dataset*, read from *input_bytes* of *format*.

    Example:
        >>> import ustb_coop as uc
        >>> text = uc.dumps(uc.load(), indent=None)
        >>> bound(uc.load(), len(text.encode()), "json") >= len(uc.dumps(uc.load()).encode()) + 1
        True
    """
    global _layout  # noqa: PLW0603 - built once, from the schema, on the first call
    if _layout is None:
        _layout = Layout()
    return VALUE_GROWTH[format] * input_bytes + _layout.of(dataset) + FINAL_NEWLINE
