"""A JSON Schema of the dataset file format, generated from the model.

Nothing here is written by hand per field: the schema walks the attrs
classes, their type hints and their validators, so a new field or enum
member shows up in the schema without anyone remembering to add it. Rules
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

from ustb_coop.io._converter import CONVERTER
from ustb_coop.io._loading import _TOP_LEVEL_KEYS
from ustb_coop.model._dataset import Dataset
from ustb_coop.model._dates import PartialDate
from ustb_coop.model._quantities import MAX_VALUE, Quantity, _check_value
from ustb_coop.model._records import (
    _COUNTRY,
    _SLUG,
    GEONAMES_IDS,
    YEARS,
    Organization,
    _country,
    _geonames_id,
    _slug,
    _text,
    _year,
)

#: The JSON Schema dialect the schema is written in.
DIALECT = "https://json-schema.org/draft/2020-12/schema"

Schema = dict[str, object]


def _anchored(body: str) -> str:
    r"""A JSON Schema ``pattern`` that matches the whole text or nothing.

    JSON Schema patterns match anywhere, so the body is anchored. ``$(?!\n)``
    rather than ``$``: Python's ``$`` (which Python validators use) also
    matches before a final newline, ECMA-262's does not.
    """
    return "^" + body + r"$(?!\n)"


def _pattern(regex: re.Pattern[str]) -> str:
    r"""The JSON Schema ``pattern`` that matches what ``regex.fullmatch`` accepts.

    ``\d`` becomes ``[0-9]``: Python's ``\d`` also matches other scripts'
    digits, ECMA-262's does not, and the file format means ASCII digits.
    """
    return _anchored(regex.pattern.replace(r"\d", "[0-9]"))


# The calendar-free part of `_dates._check_calendar`: years 0001 to 9999,
# months 01 to 12, days 01 to 31. Whether a day exists in its month is left to
# the loader. The shape is that of `_dates._ISO_REDUCED`.
_YEAR = r"(?!0000)[0-9]{4}"
_MONTH = r"(?:0[1-9]|1[0-2])"
_DAY = r"(?:0[1-9]|[12][0-9]|3[01])"


#: What the model's own validators require, in JSON Schema terms. Each entry
#: names the validator that owns the rule, so a field gets the keyword
#: exactly when the model checks it.
_VALIDATOR_KEYWORDS: tuple[tuple[object, Schema], ...] = (
    (_slug, {"pattern": _pattern(_SLUG)}),
    (_country, {"pattern": _pattern(_COUNTRY)}),
    # `_text` rejects text that strips to nothing: some character must not be whitespace.
    (_text, {"pattern": r"\S"}),
    (_check_value, {"minimum": 0, "maximum": MAX_VALUE}),
    (_year, {"minimum": YEARS[0], "maximum": YEARS[1]}),
    (_geonames_id, {"minimum": GEONAMES_IDS[0], "maximum": GEONAMES_IDS[1]}),
)

#: Rules a class's validators check across fields, in JSON Schema terms.
_CLASS_KEYWORDS: dict[type, Schema] = {
    # `_check_value`: "fewer than 0" admits no count, nor "more than MAX_VALUE" one that fits.
    Quantity: {
        "allOf": [
            {
                "if": {"properties": {"qualifier": {"const": "fewer_than"}}, "required": ["qualifier"]},
                "then": {"properties": {"value": {"minimum": 1}}},
            },
            {
                "if": {"properties": {"qualifier": {"const": "more_than"}}, "required": ["qualifier"]},
                "then": {"properties": {"value": {"maximum": MAX_VALUE - 1}}},
            },
        ]
    },
}


def _parts(validator: object) -> tuple[object, ...]:
    """The validators inside an ``and_`` or ``optional`` validator, or the validator itself."""
    if validator is None:
        return ()
    inner = getattr(validator, "_validators", None)  # attrs.validators.and_
    if inner is not None:
        return tuple(part for each in inner for part in _parts(each))
    inner = getattr(validator, "validator", None)  # attrs.validators.optional
    if inner is not None:
        return _parts(inner)
    return (validator,)


def _member_validator(validator: object) -> object:
    """The validator a ``deep_iterable`` validator applies to each item, or None."""
    return next(
        (part.member_validator for part in _parts(validator) if hasattr(part, "member_validator")), None
    )


def _keywords(validator: object) -> Schema:
    keywords: Schema = {}
    for part in _parts(validator):
        for known, words in _VALIDATOR_KEYWORDS:
            if part is known:
                keywords.update(words)
    return keywords


def _plain(text: str) -> str:
    """Docstring text without its reStructuredText backticks, on one line."""
    return " ".join(re.sub(r"`+([^`]*)`+", r"\1", text).split())


def _summary(cls: type) -> str:
    doc = inspect.getdoc(cls) or ""
    return _plain(doc.split("\n\n", 1)[0])


def _attribute_docs(cls: type) -> dict[str, str]:
    """The entries of the ``Attributes:`` section of *cls*'s docstring, by name."""
    entries: dict[str, list[str]] = {}
    lines = iter((inspect.getdoc(cls) or "").splitlines())
    for line in lines:
        if line.strip() == "Attributes:":
            break
    current: list[str] | None = None
    for line in lines:
        if line and not line.startswith(" "):
            break
        entry = re.fullmatch(r" {4}(\w+): (.*)", line)
        if entry is not None:
            current = entries.setdefault(entry[1], [])
            current.append(entry[2])
        elif current is not None and line.strip():
            current.append(line.strip())
    return {name: _plain(" ".join(words)) for name, words in entries.items()}


class _Builder:
    """Collects ``$defs`` while walking the model from `Dataset` down."""

    def __init__(self) -> None:
        self.defs: dict[str, Schema] = {}

    def reference(self, name: str, build: typing.Callable[[], Schema]) -> Schema:
        if name not in self.defs:
            self.defs[name] = {}  # a placeholder, so a class that refers to itself ends the walk
            self.defs[name] = build()
        return {"$ref": f"#/$defs/{name}"}

    def value(self, hint: object, validator: object, *, organization_by_id: bool = True) -> Schema:
        """The schema of a value of type *hint* that *validator* checks."""
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin in (types.UnionType, typing.Union):
            present = [arg for arg in args if arg is not type(None)]
            if len(present) != 1 or len(args) != 2:  # noqa: PLR2004 - X | None
                msg = f"cannot describe the union {hint!r} in the file schema"
                raise TypeError(msg)
            return _nullable(self.value(present[0], validator, organization_by_id=organization_by_id))
        if origin is tuple:
            if len(args) != 2 or args[1] is not Ellipsis:  # noqa: PLR2004 - tuple[X, ...]
                msg = f"cannot describe the tuple {hint!r} in the file schema"
                raise TypeError(msg)
            items = self.value(args[0], _member_validator(validator), organization_by_id=organization_by_id)
            return {"type": "array", "items": items}
        if hint in _JSON_TYPES:
            return {"type": _JSON_TYPES[hint], **_keywords(validator)}
        if hint is Organization and organization_by_id:
            # The converter reads an organization inside a record as its id (see `_serialization`).
            return self.reference("OrganizationId", _organization_id)
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
        docs = _attribute_docs(cls)
        properties: Schema = {}
        needed: list[str] = []
        for field in _init_fields(cls):
            # Only the dataset itself holds organizations; every other record names them by id.
            schema = self.value(hints[field.name], field.validator, organization_by_id=cls is not Dataset)
            if field.name in docs:
                schema = {**schema, "description": docs[field.name]}
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
            **_CLASS_KEYWORDS.get(cls, {}),
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
        "pattern": _anchored(f"{_YEAR}(?:-{_MONTH}(?:-{_DAY})?)?"),
    }


def _date() -> Schema:
    return {
        "type": "string",
        "description": "A calendar day, written YYYY-MM-DD.",
        "format": "date",
        "pattern": _anchored(f"{_YEAR}-{_MONTH}-{_DAY}"),
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
    if set(fields) != set(_TOP_LEVEL_KEYS):  # pragma: no cover - guards a change to Dataset
        msg = f"Dataset fields {fields} differ from the file's top-level keys {_TOP_LEVEL_KEYS}"
        raise AssertionError(msg)
    builder = _Builder()
    top = builder.record(Dataset, required=_TOP_LEVEL_KEYS)
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
