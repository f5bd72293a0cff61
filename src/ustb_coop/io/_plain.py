"""Records as plain data, by a function written for each record class from its attrs fields.

cattrs' generated functions call a hook for each optional, enum and tuple
field; the functions here inline what each field needs (an enum's value, a
date's ISO text, a referenced record's id, a nested record's dict), which
makes `unstructure` about 1.4x faster. Each class has two forms:

- *deep*: nested records become dicts and tuples lists, as `unstructure`
  returns them;
- *shallow*: the same, but tuples of records are left in place, for a JSON
  encoder's ``default`` hook. `dumps` writes a dataset with its shallow
  form: the encoder writes each tuple as an array and asks for the deep form
  of each source, organization and partnership as it reaches it, so one
  record's dicts are built at a time, never the whole tree of plain data
  (at 10,000 partnerships that tree and the collections it set off took
  more time than the encoding).

Both forms are generated from the same field table, so they cannot disagree
on what a field is written as; tests/io/test_plain.py checks them against
cattrs' own generated functions.
"""

from __future__ import annotations

import enum
import operator
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from ustb_coop.io._shapes import ISO_TYPES, is_record, optional_of, tuple_item

#: Turns a record into a dict of its fields' plain values.
PlainForm = Callable[[Any], dict[str, Any]]

#: Types written as they are.
_PLAIN_TYPES = (str, int, bool, type(None))


class PlainForms:
    """The deep and shallow plain forms of every record class, written on first use.

    Args:
        references: For each record class, the fields that hold a record
            written by its ``id`` (a partnership's ``home`` and ``partner``).
        streamed: The class an encoder's `default` gives the shallow form (the
            dataset); it gives every other record its deep form.
    """

    def __init__(self, references: Mapping[type, tuple[str, ...]], streamed: type) -> None:
        self._references = references
        self._forms: dict[tuple[type, bool], PlainForm] = {}
        by_type: dict[type, PlainForm] = {}

        def default(value: object) -> dict[str, Any]:
            try:
                return by_type[type(value)](value)
            except KeyError:
                pass
            if not is_record(type(value)):
                msg = f"Object of type {type(value).__name__} is not JSON serializable"
                raise TypeError(msg)
            form = by_type[type(value)] = self._form(type(value), deep=type(value) is not streamed)
            return form(value)

        #: A JSON encoder's ``default`` hook: the shallow form of a `streamed` record, the deep
        #: form of any other; a TypeError in the words of `json.dumps` for anything else.
        self.default: Callable[[object], dict[str, Any]] = default

    def deep(self, cls: type) -> PlainForm:
        """The function that turns a *cls* record into a dict, nested records and tuples included."""
        return self._form(cls, deep=True)

    def shallow(self, cls: type) -> PlainForm:
        """The function that turns a *cls* record into a dict, leaving its tuples of records in place."""
        return self._form(cls, deep=False)

    def _form(self, cls: type, *, deep: bool) -> PlainForm:
        form = self._forms.get((cls, deep))
        if form is None:
            form = self._write(cls, deep=deep)
            self._forms[(cls, deep)] = form
        return form

    def _write(self, cls: type, *, deep: bool) -> PlainForm:
        namespace: dict[str, Any] = {"enum_value": operator.attrgetter("_value_")}
        name = f"{'deep' if deep else 'shallow'}_{cls.__name__}"
        source = f"def {name}(record):\n    return {self._display(cls, 'record', namespace, deep=deep)}\n"
        exec(compile(source, f"<plain form of {cls.__qualname__}>", "exec"), namespace)  # noqa: S102 - our own field table
        form: PlainForm = namespace[name]
        return form

    def _display(self, cls: type, value: str, namespace: dict[str, Any], *, deep: bool) -> str:
        """Python text of a dict display holding the plain form of *value*, a *cls* record."""
        hints = typing.get_type_hints(cls)
        references = self._references.get(cls, ())
        items = []
        for field in attrs.fields(cls):
            if not field.init:
                continue
            attribute = f"{value}.{field.name}"
            if field.name in references:
                expression = f"{attribute}.id"
            else:
                expression = self._expression(hints[field.name], attribute, namespace, deep=deep)
            items.append(f"{field.name!r}: {expression}")
        return "{" + ", ".join(items) + "}"

    def _expression(self, type_: Any, value: str, namespace: dict[str, Any], *, deep: bool) -> str:
        """Python text that turns *value*, of type *type_*, into its plain form."""
        if type_ in _PLAIN_TYPES:
            return value
        inner = optional_of(type_)
        if inner is not None:
            expression = self._expression(inner, value, namespace, deep=deep)
            return value if expression == value else f"None if {value} is None else {expression}"
        if isinstance(type_, type) and issubclass(type_, enum.Enum):
            return f"{value}._value_"  # what `.value` returns, without the descriptor's Python call
        if type_ in ISO_TYPES:
            return f"{value}.isoformat()"
        item = tuple_item(type_)
        if item is not None:
            return self._items(item, value, namespace, deep=deep)
        if is_record(type_):
            # Written in place: a nested record (a citation, a quantity) costs no call.
            return self._display(type_, value, namespace, deep=deep)
        msg = f"no plain form for a value of type {type_!r} ({value})"
        raise TypeError(msg)

    def _items(self, type_: Any, value: str, namespace: dict[str, Any], *, deep: bool) -> str:
        """Python text that turns *value*, a tuple of *type_* items, into a list of their plain forms."""
        if is_record(type_):
            if not deep:
                return value  # the encoder asks for each item's form
            function = f"deep_{type_.__name__}"
            namespace[function] = self.deep(type_)
            return f"list(map({function}, {value}))"
        item = self._expression(type_, "item", namespace, deep=deep)
        if item == "item":
            return f"list({value})"
        if item == "item._value_":
            return f"list(map(enum_value, {value}))"
        return f"[{item} for item in {value}]"
