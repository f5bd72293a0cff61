r"""Indented or compact JSON of a dataset, by a function written for each record class, as json writes it.

The standard library indents in Python (``json.encoder._make_iterencode``,
the C encoder serves only ``indent=None``): a generator per nesting level,
yielding a few small strings per value. The functions here know each
record's fields in advance, so a record's text is one ``"".join`` of its
layout, written once per indentation as constants (``",\n    \"title\": "``),
and of its values: text through the C ``json.encoder.encode_basestring``
(what `json.dumps` uses with ``ensure_ascii=False``), integers by
``int.__repr__``, enums by their value, dates by their ISO text, and ``null``
for None, as `json.dumps` writes the plain form (io/_plain.py) of the same
record. Lists are ``[]`` when empty, else one item a line; a nested record
(a citation, a quantity) is written in place.

The compact form (indent None) is the same layout with no line breaks and
``:`` after each key. For a compact dump the C encoder would serve, but it
asks for each record's plain form (a dict per record, built and dropped);
these writers build no dict at all.

The text is the same, byte for byte, as ``json.dumps(unstructure(dataset),
ensure_ascii=False, indent=indent)`` (with ``separators=(",", ":")`` when
compact): tests/io/test_indented.py proves it on generated datasets for
compact and indents 0 to 8 and on text a JSON writer may get wrong.
"""

from __future__ import annotations

import enum
import json.encoder
import operator
import threading
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from ustb_coop.io._shapes import ISO_TYPES, is_record, optional_of, tuple_item

#: Writes one record as indented JSON text.
Writer = Callable[[Any], str]

#: How many indentations keep their writers; more are rare (every call may pass another).
_KEPT_INDENTS = 8


class IndentedWriters:
    """The indented JSON writers of every record class, written on first use for each indentation.

    Args:
        references: For each record class, the fields that hold a record
            written by its ``id`` (a partnership's ``home`` and ``partner``).
    """

    def __init__(self, references: Mapping[type, tuple[str, ...]]) -> None:
        self._references = references
        self._by_indent: dict[str | None, dict[tuple[type, int], Writer]] = {}
        self._lock = threading.Lock()

    def write(self, record: object, indent: str | None) -> str:
        """*record* as JSON text, each nesting level indented by *indent* more than the one above.

        Args:
            record: A record (an attrs class of the model other than a date).
            indent: What each line starts with once per level it is nested, as
                `json.dumps` takes a text *indent*; None for the compact form,
                one line with ``,`` and ``:`` between items and keys and values,
                as `json.dumps` writes it with ``separators=(",", ":")``.

        Raises:
            TypeError: A field of the record's class, or of one it holds, has a
                type no writer is written for.
        """
        return self.write_at(record, indent, 0)

    def write_at(self, record: object, indent: str | None, level: int) -> str:
        """*record* as `write` writes it nested *level* levels deep: its closing brace indented *level* times.

        An item of a dataset's top-level list is written at level 2; its text
        is the same as in the dataset's, where `write` would hold the whole.
        """
        writers = self._by_indent.get(indent)
        if writers is None:
            with self._lock:
                if len(self._by_indent) >= _KEPT_INDENTS:
                    self._by_indent.clear()
                writers = self._by_indent.setdefault(indent, {})
        return self._writer(writers, type(record), level, indent)(record)

    def _writer(
        self, writers: dict[tuple[type, int], Writer], cls: type, level: int, indent: str | None
    ) -> Writer:
        """The function that writes a *cls* record whose closing brace is indented *level* times."""
        writer = writers.get((cls, level))
        if writer is None:
            namespace: dict[str, Any] = {
                "encode": json.encoder.encode_basestring,
                "int_repr": int.__repr__,
                "enum_value": operator.attrgetter("_value_"),
                "listed": listed,
            }
            name = f"write_{cls.__name__}_{level}"
            body = _Body(self, writers, indent, namespace)
            source = f"def {name}(record):\n    return {body.record(cls, 'record', level)}\n"
            exec(compile(source, f"<indented writer of {cls.__qualname__}>", "exec"), namespace)  # noqa: S102 - our own field table
            writer = writers[(cls, level)] = namespace[name]
        return writer


class _Body:
    """Writes the Python text of one writer: constants for the layout, expressions for the values."""

    def __init__(
        self,
        writers: IndentedWriters,
        table: dict[tuple[type, int], Writer],
        indent: str | None,
        namespace: dict[str, Any],
    ) -> None:
        self._writers = writers
        self._table = table
        self._indent = indent
        self._namespace = namespace
        # What follows a key: json.dumps's ": " when it indents, ":" in the compact form.
        self._colon = ":" if indent is None else ": "

    def _newline(self, level: int) -> str:
        """What starts an item *level* levels deep: a line of its own, or nothing in the compact form."""
        return "" if self._indent is None else "\n" + self._indent * level

    def record(self, cls: type, value: str, level: int) -> str:
        """Python text of a ``"".join`` that writes *value*, a *cls* record, its closing brace at *level*."""
        pieces = self._pieces(cls, value, level)
        if len(pieces) == 1 and type(pieces[0]) is str:
            return repr(pieces[0])
        return '"".join((' + ", ".join(map(_python, pieces)) + ",))"

    def _pieces(self, cls: type, value: str, level: int) -> list[str | _Code]:
        """What writes *value*, a *cls* record: its layout as text, its values as `_Code`, in order.

        Adjacent layout is merged into one text; a record it always holds (a
        milestone's citation) and the items of its lists are written among
        its own pieces, so each reaches the text without a join of its own.
        """
        hints = typing.get_type_hints(cls)
        references = self._writers._references.get(cls, ())  # noqa: SLF001 - the writers' own table
        pieces: list[str | _Code] = []

        def add(piece: str | _Code) -> None:
            if type(piece) is str and pieces and type(pieces[-1]) is str:
                pieces[-1] += piece
            else:
                pieces.append(piece)

        opening = "{" + self._newline(level + 1)
        for field in attrs.fields(cls):
            if not field.init:
                continue  # indexes a record builds from its fields, never written
            add(opening + json.encoder.encode_basestring(field.name) + self._colon)
            opening = "," + self._newline(level + 1)
            type_, attribute = hints[field.name], f"{value}.{field.name}"
            if field.name in references:
                add(_Code(f"encode({attribute}.id)"))
            elif (item := tuple_item(type_)) is not None:
                # Its pieces joined with the record's: a dataset's list of partnerships is copied once.
                add(_Code("*" + self._items(item, attribute, level + 1)))
            elif is_record(type_):
                for piece in self._pieces(type_, attribute, level + 1):
                    add(piece)
            else:
                add(_Code(self._expression(type_, attribute, level + 1)))
        add(self._newline(level) + "}" if pieces else "{}")
        return pieces

    def _expression(self, type_: Any, value: str, level: int) -> str:
        """Python text that writes *value*, of type *type_*, on a line indented *level* times."""
        inner = optional_of(type_)
        if inner is not None:
            return f"('null' if {value} is None else {self._expression(inner, value, level)})"
        token = _token(type_, value)
        if token is not None:
            return token
        item = tuple_item(type_)
        if item is not None:
            return f'"".join({self._items(item, value, level)})'
        if is_record(type_):
            # Written in place: a nested record (a citation, a quantity) costs no call.
            return self.record(type_, value, level)
        msg = f"no indented JSON writer for a value of type {type_!r} ({value})"
        raise TypeError(msg)

    def _items(self, type_: Any, value: str, level: int) -> str:
        """Python text that writes *value*, a tuple of *type_* items: ``[]``, or one item a line."""
        if is_record(type_):
            function = f"write_{type_.__name__}_{level + 1}"
            self._namespace[function] = self._writers._writer(self._table, type_, level + 1, self._indent)  # noqa: SLF001
            texts = f"map({function}, {value})"
        elif type_ is str:
            texts = f"map(encode, {value})"
        elif isinstance(type_, type) and issubclass(type_, enum.Enum):
            _require_text_values(type_)
            texts = f"map(encode, map(enum_value, {value}))"
        else:
            msg = f"no indented JSON writer for a tuple of {type_!r} ({value})"
            raise TypeError(msg)
        opening = repr("[" + self._newline(level + 1))
        separator = repr("," + self._newline(level + 1))
        closing = repr(self._newline(level) + "]")
        return f"listed({texts}, len({value}), {opening}, {separator}, {closing})"


class _Code(str):
    """Python text of an expression, as opposed to layout text written as it is."""

    __slots__ = ()


def _python(piece: str) -> str:
    """*piece* as Python text: a `_Code` as it is, layout text as a string literal."""
    return piece if isinstance(piece, _Code) else repr(piece)


def listed(texts: Iterable[str], count: int, opening: str, separator: str, closing: str) -> list[str]:
    """The pieces of a JSON array of *count* *texts*, for one ``"".join`` with what surrounds it.

    ``[]`` when there are none, else *opening*, the texts with *separator*
    between them, and *closing*.
    """
    if not count:
        return ["[]"]
    pieces = [separator] * (2 * count + 1)
    pieces[0] = opening
    pieces[1::2] = texts
    pieces[-1] = closing
    return pieces


def _token(type_: Any, value: str) -> str | None:
    """Python text that writes *value* as one JSON token, or None when *type_* is not written as one."""
    if type_ is str:
        return f"encode({value})"
    if type_ is int:
        return f"int_repr({value})"
    if isinstance(type_, type) and issubclass(type_, enum.Enum):
        _require_text_values(type_)
        return f"encode({value}._value_)"  # what `.value` returns, without the descriptor's Python call
    if type_ in ISO_TYPES:
        return f"encode({value}.isoformat())"
    return None


def _require_text_values(enum_type: type[enum.Enum]) -> None:
    """Refuse an enum whose members' values are not all text: they are written as JSON strings."""
    others = [member for member in enum_type if not isinstance(member.value, str)]
    if others:
        msg = f"no indented JSON writer for {enum_type.__name__}: {others[0]!r} has a value that is not text"
        raise TypeError(msg)
