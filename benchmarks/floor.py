"""The least any pure-Python loader of this schema pays: parsing, then making the records, nothing else.

`least_load` returns a call that parses a text with ``json.loads`` (no
duplicate-key hook, no check) and then makes each record of the dataset it
holds, once per distinct record, by ``object.__new__`` and setting its slots
from values already made, with the garbage collector paused as `loads`
pauses it: no key is read, no rule checked, no date parsed, no index built.
No loader that reads the text and returns these records can do less in
Python, so the floor's time over pydantic's says how near pydantic's a
pure-Python ``loads`` can come at all (`benchmarks.run` prints it as the
"loads floor" rows).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import attrs

import ustb_coop as uc
from ustb_coop.model._collector import paused

#: A record to make: its class, the setters of its slots, and the values they take.
Plan = list[tuple[type, tuple[Callable[[object, object], None], ...], tuple[object, ...]]]


def _distinct_records(dataset: uc.Dataset) -> list[Any]:
    """Every record in *dataset*, each shared one once, innermost first, the dataset last."""
    seen: set[int] = set()
    found: list[Any] = []

    def visit(value: object) -> None:
        if isinstance(value, tuple):
            for item in value:
                visit(item)
        elif attrs.has(type(value)) and id(value) not in seen:
            seen.add(id(value))
            for field in attrs.fields(type(value)):  # type: ignore[arg-type]
                visit(getattr(value, field.name))
            found.append(value)

    visit(dataset)
    return found


def plan(dataset: uc.Dataset) -> Plan:
    """What making *dataset*'s records takes: for each, its class, slot setters and slot values."""
    steps: Plan = []
    for record in _distinct_records(dataset):
        cls = type(record)
        slots = [
            slot
            for klass in cls.__mro__
            for slot in klass.__dict__.get("__slots__", ())
            if slot != "__weakref__"
        ]
        setters = tuple(getattr(cls, slot).__set__ for slot in slots)
        steps.append((cls, setters, tuple(getattr(record, slot) for slot in slots)))
    return steps


def make(steps: Plan) -> list[object]:
    """The records *steps* describe, each made by ``object.__new__`` and its slots' setters."""
    new = object.__new__
    made: list[object] = []
    for cls, setters, values in steps:
        record: object = new(cls)
        for setter, value in zip(setters, values, strict=True):
            setter(record, value)
        made.append(record)
    return made


def least_load(text: str) -> Callable[[], object]:
    """A call that parses *text* and makes the records of the dataset it holds, with nothing checked."""
    steps = plan(uc.loads(text, max_bytes=4 * len(text)))

    def load() -> object:
        with paused():  # as loads does: the collections its objects would set off find nothing
            json.loads(text)
            return make(steps)

    return load
