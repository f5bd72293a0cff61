"""Structure-aware mutation of valid dataset documents, for the fuzz test (`tests.fuzz`).

A case starts from a valid document (a seed), applies one to four mutations
that know the schema's shapes (delete a key, swap a value's type, huge and
negative numbers, NaN, odd Unicode, deep nesting, duplicate keys and ids,
dangling references, odd and native TOML dates), writes it as JSON or TOML,
and sometimes damages the bytes. Everything comes from one `random.Random`,
so a case is reproduced from its seed alone; hypothesis is not used, which
keeps a run of 100,000 cases cheap.
"""

from __future__ import annotations

import copy
import datetime
import json
import math
import random
from collections.abc import Callable
from typing import Literal

import attrs

import ustb_coop as uc

Format = Literal["json", "toml"]
Document = dict[str, object]
#: A place in a document: the container and the key or index of a value in it.
Slot = tuple[dict[str, object] | list[object], str | int]

#: Marks a key that the writer turns into a second copy of the key it names.
_DUPLICATE = "\x00duplicate\x00"

NUMBERS: tuple[object, ...] = (
    0,
    -1,
    1,
    2**31,
    2**53 + 1,
    2**63 - 1,
    2**63,
    -(2**63),
    -(2**63) - 1,
    10**40,
    1.5,
    -0.0,
    1e308,
    math.inf,
    -math.inf,
    math.nan,
)
TEXTS: tuple[str, ...] = (
    "",
    " ",
    "\t\n",
    "\x00",
    "\x1b[31mred",
    "\udcff",
    "\ud800x",
    "\u202eevil",
    "e\u0301",
    "\ufeffbom",
    "東北大学",
    "🏭" * 50,
    "x" * 5000,
    "a; b",
    "rwth-aachen",
    "ustb",
    "Rwth-Aachen",
    "nobody",
    "null",
    "1e3",
)
DATES: tuple[str, ...] = (
    "0000",
    "0001",
    "0001-01-01",
    "9999",
    "9999-12-31",
    "10000",
    "2020-02-29",
    "2021-02-29",
    "2020-13",
    "2020-00",
    "2020-1",
    "+2020",
    " 2020",
    "2020-01-01T00:00:00",
    "\uff12\uff10\uff12\uff10",  # 2020 in fullwidth digits
    "1979/01",
)


def _slots(value: object, slots: list[Slot]) -> None:
    """Every place in *value* that holds a value, depth first."""
    if isinstance(value, dict):
        for key, item in value.items():
            slots.append((value, key))
            _slots(item, slots)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            slots.append((value, index))
            _slots(item, slots)


def _get(slot: Slot) -> object:
    container, key = slot
    if isinstance(container, dict):
        return container[str(key)]
    return container[int(key)]


def _set(slot: Slot, value: object) -> None:
    container, key = slot
    if isinstance(container, dict):
        container[str(key)] = value
    else:
        container[int(key)] = value


def _pick(rng: random.Random, document: Document, want: Callable[[object], bool]) -> Slot | None:
    slots: list[Slot] = []
    _slots(document, slots)
    fitting = [slot for slot in slots if want(_get(slot))]
    return rng.choice(fitting) if fitting else None


def _table(rng: random.Random, document: Document) -> dict[str, object]:
    """A table of *document*, nested or the document itself."""
    tables: list[dict[str, object]] = [document]
    tables += [value for value in map(_get, _all_slots(document)) if isinstance(value, dict)]
    return rng.choice(tables)


def _list(rng: random.Random, document: Document) -> list[object] | None:
    """A non-empty list of *document*, or None when it has none."""
    lists = [value for value in map(_get, _all_slots(document)) if isinstance(value, list) and value]
    return rng.choice(lists) if lists else None


def _all_slots(document: Document) -> list[Slot]:
    slots: list[Slot] = []
    _slots(document, slots)
    return slots


def _any_value(rng: random.Random, depth: int = 0) -> object:  # noqa: PLR0911 - one return per kind
    kind = rng.randrange(8 if depth < 2 else 5)
    if kind == 0:
        return rng.choice(NUMBERS)
    if kind == 1:
        return rng.choice(TEXTS)
    if kind == 2:
        return rng.choice((True, False))
    if kind == 3:
        return None
    if kind == 4:
        return rng.choice(DATES)
    if kind == 5:
        return [_any_value(rng, depth + 1) for _ in range(rng.randrange(3))]
    if kind == 6:
        return {rng.choice(("id", "value", "x", "on", "")): _any_value(rng, depth + 1)}
    return datetime.date(rng.randrange(1, 10000), rng.randrange(1, 13), rng.randrange(1, 29))


def delete_key(rng: random.Random, document: Document) -> None:
    """Remove one key of one table."""
    table = _table(rng, document)
    if table:
        del table[rng.choice(list(table))]


def swap_type(rng: random.Random, document: Document) -> None:
    """Replace one value with a value of any type."""
    slot = _pick(rng, document, lambda _value: True)
    if slot is not None:
        _set(slot, _any_value(rng))


def odd_number(rng: random.Random, document: Document) -> None:
    """Replace a number with a huge, negative, fractional or non-finite one."""
    slot = _pick(rng, document, lambda value: isinstance(value, int) and not isinstance(value, bool))
    if slot is not None:
        _set(slot, rng.choice(NUMBERS))


def odd_text(rng: random.Random, document: Document) -> None:
    """Replace a string with empty, control, surrogate, bidi, combining, wide or long text."""
    slot = _pick(rng, document, lambda value: isinstance(value, str))
    if slot is not None:
        _set(slot, rng.choice(TEXTS))


def odd_date(rng: random.Random, document: Document) -> None:
    """Replace a date string with an odd one, or with a native TOML date or date-time."""
    slot = _pick(rng, document, lambda value: isinstance(value, str) and value[:1].isdigit())
    if slot is None:
        return
    text = str(_get(slot))
    choice = rng.randrange(4)
    if choice == 0:
        _set(slot, rng.choice(DATES))
    elif choice == 1 and len(text) == 10:
        try:
            _set(slot, datetime.date.fromisoformat(text))
        except ValueError:
            _set(slot, rng.choice(DATES))
    elif choice == 2:
        _set(slot, datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.UTC))
    else:
        _set(slot, datetime.time(12, 30))


@attrs.frozen
class Deep:
    """A value inside *depth* lists or tables, written out by the writers without recursion."""

    depth: int
    as_table: bool
    value: object


def deep_nesting(rng: random.Random, document: Document) -> None:
    """Wrap one value in many lists or tables, up to far deeper than any parser recurses."""
    slot = _pick(rng, document, lambda value: not isinstance(value, Deep))
    if slot is not None:
        _set(slot, Deep(rng.choice((2, 30, 200, 3000, 100_000)), rng.random() < 0.5, _get(slot)))


def duplicate_key(rng: random.Random, document: Document) -> None:
    """Give one table a second copy of one of its keys (the writers spell it twice)."""
    table = _table(rng, document)
    if table:
        key = rng.choice(list(table))
        table[_DUPLICATE + key] = copy.deepcopy(table[key]) if rng.random() < 0.5 else _any_value(rng)


def duplicate_item(rng: random.Random, document: Document) -> None:
    """Repeat an item of a list: a second record with the same id, or a repeated fact."""
    items = _list(rng, document)
    if items is not None:
        items.insert(rng.randrange(len(items) + 1), copy.deepcopy(rng.choice(items)))


def dangling_reference(rng: random.Random, document: Document) -> None:
    """Point a reference (home, partner, actor, source, section) at another id or at nothing."""
    keys = ("home", "partner", "actor", "source", "section")
    fitting = [slot for slot in _all_slots(document) if slot[1] in keys]
    if fitting:
        _set(rng.choice(fitting), rng.choice(("nobody", "ustb", "rwth-aachen", "", "1", None)))


def many_items(rng: random.Random, document: Document) -> None:
    """Make a list long by repeating its items."""
    items = _list(rng, document)
    if items is not None:
        items[:] = [copy.deepcopy(item) for item in items * rng.choice((2, 3, 10, 40))]


def unknown_key(rng: random.Random, document: Document) -> None:
    """Add a key no record has."""
    _table(rng, document)[rng.choice(("extra", "Id", "ID", "started ", ""))] = _any_value(rng)


MUTATIONS: tuple[Callable[[random.Random, Document], None], ...] = (
    delete_key,
    swap_type,
    odd_number,
    odd_text,
    odd_date,
    deep_nesting,
    duplicate_key,
    duplicate_item,
    dangling_reference,
    many_items,
    unknown_key,
)


# ------------------------------------------------------------------- writers


def _key(key: str) -> str:
    return json.dumps(key.removeprefix(_DUPLICATE), ensure_ascii=False)


def _json_text(value: object) -> str:
    """*value* as JSON; non-finite floats as JavaScript spells them, which JSON does not allow."""
    if isinstance(value, Deep):
        opening, closing = ('{"x": ', "}") if value.as_table else ("[", "]")
        return opening * value.depth + _json_text(value.value) + closing * value.depth
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(key)}: {_json_text(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_json_text(item) for item in value) + "]"
    if isinstance(value, datetime.date | datetime.time):
        return json.dumps(value.isoformat())
    return json.dumps(value, ensure_ascii=False, allow_nan=True)


def _toml_value(value: object) -> str:  # noqa: PLR0911 - one return per kind
    """*value* as a TOML inline value; a null in a list, which TOML cannot say, as the empty array."""
    if isinstance(value, Deep):
        opening, closing = ("{x = ", "}") if value.as_table else ("[", "]")
        return opening * value.depth + _toml_value(value.value) + closing * value.depth
    if value is None:
        return "[]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # JSON's escapes are TOML's, except that TOML refuses lone surrogates
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    assert isinstance(value, dict)
    return "{" + ", ".join(_toml_pairs(value)) + "}"


def _toml_pairs(table: dict[str, object]) -> list[str]:
    """The ``key = value`` pairs of *table*; a null value leaves its key out, as TOML says null."""
    return [f"{_key(key)} = {_toml_value(value)}" for key, value in table.items() if value is not None]


def write(document: Document, fmt: Format) -> str:
    """*document* as JSON or TOML text, keys marked as duplicates spelled a second time."""
    if fmt == "toml":
        return "".join(f"{pair}\n" for pair in _toml_pairs(document))
    return _json_text(document) + "\n"


def damage(rng: random.Random, data: bytes) -> bytes:
    """Flip, insert, delete or truncate a few bytes."""
    damaged = bytearray(data)
    for _ in range(rng.randrange(1, 4)):
        if not damaged:
            break
        at = rng.randrange(len(damaged))
        choice = rng.randrange(4)
        if choice == 0:
            damaged[at] ^= 1 << rng.randrange(8)
        elif choice == 1:
            damaged[at:at] = bytes([rng.randrange(256)])
        elif choice == 2:
            del damaged[at]
        else:
            del damaged[at:]
    return bytes(damaged)


# --------------------------------------------------------------------- cases


def seeds() -> tuple[str, ...]:
    """Valid documents to start from, as JSON: the bundled dataset, and each of its partnerships alone."""
    bundled = uc.load()
    alone = (attrs.evolve(bundled, partnerships=(partnership,)) for partnership in bundled)
    return (uc.dumps(bundled, indent=None), *(uc.dumps(dataset, indent=None) for dataset in alone))


@attrs.frozen
class Case:
    """One fuzz case: the bytes of a dataset file and how they came to be."""

    #: Which case of the run, from which its `random.Random` is seeded.
    number: int
    fmt: Format
    #: What `loads` gets: the text written (lone surrogates kept), or the damaged bytes decoded.
    text: str
    #: What the file holds; lone surrogates make it invalid UTF-8, as they would on disk.
    data: bytes
    #: The mutations applied, by name, then ``damage`` when bytes were damaged.
    steps: tuple[str, ...]


def make_case(seed: int, number: int, documents: tuple[str, ...]) -> Case:
    """Case *number* of the run seeded with *seed*; the same arguments give the same case."""
    rng = random.Random(f"{seed}:{number}")  # noqa: S311 - reproducible, not secret
    document: Document = json.loads(rng.choice(documents))  # a fresh copy, faster than deepcopy
    steps = []
    for _ in range(rng.choice((0, 1, 1, 1, 2, 2, 3, 4))):
        mutation = rng.choice(MUTATIONS)
        mutation(rng, document)
        steps.append(mutation.__name__)
    fmt: Format = rng.choice(("json", "toml"))
    text = write(document, fmt)
    data = text.encode("utf-8", errors="surrogatepass")
    if rng.random() < 0.15:
        data = damage(rng, data)
        text = data.decode("utf-8", errors="replace")
        steps.append("damage")
    return Case(number, fmt, text, data, tuple(steps))
