"""A JSON Schema of the dataset file format, generated from the model.

Nothing here is written by hand per field: the schema walks the attrs
classes and their type hints, and reads each field's rule and description
from the model (see `ustb_coop.model._rules`), so a new field or enum member
shows up in the schema without anyone remembering to add it. Rules
the schema cannot state (unique ids, references that must resolve, an end
after its start, real calendar days) are left to `ustb_coop.load`.
"""

from __future__ import annotations

import copy
import datetime
import enum
import functools
import inspect
import re
import types
import typing
from collections.abc import Iterator

import attrs

from ustb_coop.exports._constraints import character_class, day_body, partial_date_body, text_body
from ustb_coop.io._converter import BY_ID, CONVERTER
from ustb_coop.io._loading import TOP_LEVEL_KEYS
from ustb_coop.model._dataset import Dataset
from ustb_coop.model._dates import DatePrecision, PartialDate
from ustb_coop.model._quantities import CEILINGS, FLOORS, Quantity
from ustb_coop.model._records import Organization, Partnership
from ustb_coop.model._rules import WHITESPACE, PreciseEnough, Text, TextItems, WholeNumber, description

#: The JSON Schema dialect the schema is written in.
DIALECT = "https://json-schema.org/draft/2020-12/schema"

Schema = dict[str, object]


def _anchored(body: str) -> str:
    r"""A JSON Schema ``pattern`` that matches the whole text or nothing.

    JSON Schema patterns match anywhere, so the body is anchored. ``$(?!\n)``
    rather than ``$``: Python's ``$`` (which Python validators use) also
    matches before a final newline, ECMA-262's does not.
    """
    return "^(?:" + body + r")$(?!\n)"


def _keywords(rule: object) -> Schema:
    """The JSON Schema keywords that say what the model's *rule* accepts; none for other validators."""
    if isinstance(rule, Text):
        if rule.nonblank and rule.pattern is None and not rule.excluded:
            # Patterns search, so one character outside the whitespace set anywhere will do.
            return {"pattern": character_class(WHITESPACE, negated=True)}
        body = text_body(rule)
        return {} if body is None else {"pattern": _anchored(body)}
    if isinstance(rule, WholeNumber):
        return {"minimum": rule.minimum, "maximum": rule.maximum}
    return {}


def _item_rule(rule: object) -> object:
    return rule.item if isinstance(rule, TextItems) else None


def _when(field: str, value: enum.Enum, then: Schema) -> Schema:
    """A condition: when *field* holds *value*, the record also follows *then*."""
    return {"if": {"properties": {field: {"const": value.value}}, "required": [field]}, "then": then}


def _quantity_floors() -> list[Schema]:
    """The qualifiers' floors and ceilings (`FLOORS`, `CEILINGS`) as conditions on the value."""
    limits = [(qualifier, "minimum", floor) for qualifier, floor in FLOORS.items()]
    limits += [(qualifier, "maximum", ceiling) for qualifier, ceiling in CEILINGS.items()]
    return [
        _when("qualifier", qualifier, {"properties": {"value": {"type": "integer", keyword: limit}}})
        for qualifier, keyword, limit in limits
    ]


def _precision_conditions(name: str, rule: PreciseEnough) -> list[Schema]:
    """A `PreciseEnough` rule as conditions: a monthly program's first date has a month."""
    return [
        _when(
            rule.by,
            value,
            {
                "properties": {
                    name: {"type": ["string", "null"], "pattern": _anchored(partial_date_body(needed))}
                }
            },
        )
        for value, needed in rule.needed.items()
        if needed is not DatePrecision.YEAR
    ]


def _combined(conditions: list[Schema]) -> Schema:
    if not conditions:
        return {}
    return conditions[0] if len(conditions) == 1 else {"allOf": conditions}


def _summary(cls: type) -> str:
    """The first paragraph of *cls*'s docstring, the summary that says what it is, on one line."""
    doc = inspect.getdoc(cls) or ""
    return " ".join(re.sub(r"`+([^`]*)`+", r"\1", doc.split("\n\n", 1)[0]).split())


class _Builder:
    """Collects ``$defs`` while walking the model from `Dataset` down."""

    def __init__(self) -> None:
        self.defs: dict[str, Schema] = {}

    def reference(self, name: str, build: typing.Callable[[], Schema]) -> Schema:
        if name not in self.defs:
            self.defs[name] = {}  # a placeholder, so a class that refers to itself ends the walk
            self.defs[name] = build()
        return {"$ref": f"#/$defs/{name}"}

    def value(self, hint: object, validator: object) -> Schema:
        """The schema of a value of type *hint* that *validator* checks (a rule says what it checks)."""
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin in (types.UnionType, typing.Union):
            present = [arg for arg in args if arg is not type(None)]
            if len(present) != 1 or len(args) != 2:  # noqa: PLR2004 - X | None
                msg = f"cannot describe the union {hint!r} in the file schema"
                raise TypeError(msg)
            return _nullable(self.value(present[0], validator))
        if origin is tuple:
            if len(args) != 2 or args[1] is not Ellipsis:  # noqa: PLR2004 - tuple[X, ...]
                msg = f"cannot describe the tuple {hint!r} in the file schema"
                raise TypeError(msg)
            items = self.value(args[0], _item_rule(validator))
            return {"type": "array", "items": items}
        if hint in _JSON_TYPES:
            return {"type": _JSON_TYPES[hint], **_keywords(validator)}
        return self.named(hint)

    def named(self, hint: object) -> Schema:
        """A reference to the ``$defs`` entry of a date, enum or attrs class."""
        if hint in _STRINGS:
            name, build = _STRINGS[hint]
            return self.reference(name, build)
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            return self.reference(hint.__name__, functools.partial(_enumeration, hint))
        if isinstance(hint, type) and attrs.has(hint):
            return self.reference(hint.__name__, functools.partial(self.record, hint))
        msg = f"cannot describe {hint!r} in the file schema"
        raise TypeError(msg)

    def record(self, cls: type, required: tuple[str, ...] | None = None) -> Schema:
        """The schema of an attrs class as a JSON object; *required* overrides "fields without defaults"."""
        hints = typing.get_type_hints(cls)
        properties: Schema = {}
        needed: list[str] = []
        conditions = _quantity_floors() if cls is Quantity else []
        for field in _init_fields(cls):
            if isinstance(field.validator, PreciseEnough):
                conditions.extend(_precision_conditions(field.name, field.validator))
            meaning = description(field)
            if meaning is None:
                msg = f"cannot describe {cls.__name__}.{field.name} in the file schema: it has no description"
                raise TypeError(msg)
            if cls is Partnership and field.name in BY_ID:
                # The converter writes these organizations as their ids and the loader resolves them.
                schema = self.reference("OrganizationId", _organization_id)
            else:
                schema = self.value(hints[field.name], field.validator)
            schema = {**schema, "description": meaning}
            if field.default is attrs.NOTHING:
                needed.append(field.name)
            elif required is None and not isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
                schema = {**schema, "default": CONVERTER.unstructure(field.default)}
            properties[field.name] = schema
        return {
            "type": "object",
            "description": _summary(cls),
            "properties": properties,
            "required": list(needed if required is None else required),
            "additionalProperties": False,
            **_combined(conditions),
        }


def _init_fields(cls: type) -> Iterator[attrs.Attribute[object]]:
    return (field for field in attrs.fields(cls) if field.init)


def _nullable(schema: Schema) -> Schema:
    kind = schema.get("type")
    if isinstance(kind, str):
        return {**schema, "type": [kind, "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def _partial_date() -> Schema:
    return {
        "type": "string",
        "description": _summary(PartialDate) + " Written YYYY, YYYY-MM or YYYY-MM-DD.",
        "pattern": _anchored(partial_date_body()),
    }


def _date() -> Schema:
    return {
        "type": "string",
        "description": "A calendar day, written YYYY-MM-DD.",
        "format": "date",
        "pattern": _anchored(day_body()),
    }


def _organization_id() -> Schema:
    id_field = attrs.fields(Organization).id
    return {
        "type": "string",
        "description": "The id of an organization in the dataset's organizations.",
        **_keywords(id_field.validator),
    }


def _enumeration(cls: type[enum.Enum]) -> Schema:
    return {"type": "string", "description": _summary(cls), "enum": [member.value for member in cls]}


#: JSON types of the plain Python types the model uses.
_JSON_TYPES: dict[object, str] = {str: "string", int: "integer"}

#: Types the file writes as text, with their ``$defs`` names.
_STRINGS: dict[object, tuple[str, typing.Callable[[], Schema]]] = {
    PartialDate: ("PartialDate", _partial_date),
    datetime.date: ("Date", _date),
}


@functools.cache
def _generate() -> Schema:
    fields = tuple(field.name for field in _init_fields(Dataset))
    # The loader, not the Dataset class, decides which top-level keys a file must have.
    if set(fields) != set(TOP_LEVEL_KEYS):  # pragma: no cover - guards a change to Dataset
        msg = f"Dataset fields {fields} differ from the file's top-level keys {TOP_LEVEL_KEYS}"
        raise AssertionError(msg)
    builder = _Builder()
    top = builder.record(Dataset, required=TOP_LEVEL_KEYS)
    return {
        "$schema": DIALECT,
        "title": "ustb-coop dataset",
        **top,
        "$defs": dict(sorted(builder.defs.items())),
    }


def json_schema() -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of the dataset file format that `load` reads.

    The schema is generated from the model once per process; each call
    returns a fresh copy that the caller may change. Partnerships name their
    home, partner and milestone actors by organization id. The schema checks
    shapes, types, enums and patterns; unique ids, references that resolve,
    real calendar days and an end after the start are checked by `load` only.

    Example:
        >>> import ustb_coop as uc
        >>> uc.json_schema()["required"]
        ['version', 'as_of', 'sources', 'organizations', 'partnerships']
    """
    return copy.deepcopy(_generate())
