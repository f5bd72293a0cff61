"""The one strict converter between the model and plain data (JSON and TOML values).

Structuring coerces nothing: 3 is not a string, a string is not a list, an
unknown key is an error. Partnerships name their organizations by id in the
data and hold the `Organization` objects in the model; `BY_ID` says which
fields, and this module alone maps between the two.
"""

from __future__ import annotations

import datetime
import enum
import re
import typing
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, override

from ustb_coop.exceptions import InvalidFieldError, Location, Problem, quote
from ustb_coop.io._indented import IndentedWriters
from ustb_coop.io._limits import MAX_ITEM_PROBLEMS
from ustb_coop.io._plain import PlainForms
from ustb_coop.io._shapes import is_record, tuple_item
from ustb_coop.model._dataset import Dataset
from ustb_coop.model._dates import PartialDate
from ustb_coop.model._records import Organization, Partnership
from ustb_coop.model._rules import lone_surrogate


class _InvalidReferenceError(ValueError):
    """A reference to a record that is itself invalid; that record's own problem is reported."""


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def describe(value: object) -> str:
    """A short, safe rendering of an offending value for error messages."""
    if value is None:
        return "null"
    kinds = {dict: "a table", list: "a list", str: "text", bool: "a boolean", int: "a whole number"}
    kind = next((name for cls, name in kinds.items() if type(value) is cls), type(value).__name__)
    if isinstance(value, dict | list):
        return kind
    shown = repr(value)
    if len(shown) > 60:  # noqa: PLR2004 - keep messages one line long
        shown = shown[:57] + "..."
    return f"{kind} {shown}"


def _structure_str(value: object, _type: type) -> str:
    if not isinstance(value, str):
        msg = f"expected text, got {describe(value)}"
        raise TypeError(msg)
    # JSON escapes can smuggle in halves of surrogate pairs, which no UTF-8 file can hold. The model's
    # rules reject them too; checking first here points at the very item, as in ``fields[2]``.
    if lone_surrogate(value) is not None:
        msg = f"text contains an unpaired surrogate, which is not valid Unicode text: {describe(value)}"
        raise ValueError(msg)
    return value


def _structure_int(value: object, _type: type) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        msg = f"expected a whole number, got {describe(value)}"
        raise TypeError(msg)
    return value


def _structure_partial_date(value: object, _type: type) -> PartialDate:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return PartialDate.from_date(value)
    if not isinstance(value, str):
        msg = f"expected a date like '1979', '2014-05' or '2015-03-02', got {describe(value)}"
        raise TypeError(msg)
    return PartialDate.parse(value)


def _structure_date(value: object, _type: type) -> datetime.date:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if not isinstance(value, str):
        msg = f"expected a date like '2020-10-22', got {describe(value)}"
        raise TypeError(msg)
    if _ISO_DAY.fullmatch(value) is None:
        msg = f"invalid date {quote(value)}: expected YYYY-MM-DD"
        raise ValueError(msg)
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        msg = f"invalid date {quote(value)}: {error}"
        raise ValueError(msg) from None


def _enum_label(enum_type: type[enum.Enum]) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", " ", enum_type.__name__).lower()


def _enum_values(enum_type: type[enum.Enum]) -> str:
    return ", ".join(repr(member.value) for member in enum_type)


def _structure_enum(value: object, enum_type: type[enum.Enum]) -> enum.Enum:
    if not isinstance(value, str):
        label = _enum_label(enum_type)
        article = "an" if label[0] in "aeiou" else "a"
        msg = f"expected {article} {label} (one of {_enum_values(enum_type)}), got {describe(value)}"
        raise TypeError(msg)
    try:
        return enum_type(value)
    except ValueError:
        msg = f"invalid {_enum_label(enum_type)} {quote(value)}; valid: {_enum_values(enum_type)}"
        raise ValueError(msg) from None


def _is_homogeneous_tuple(type_: Any) -> bool:
    return tuple_item(type_) is not None


def _structure_tuple_factory(
    type_: Any, converter: cattrs.Converter
) -> Callable[[object, Any], tuple[Any, ...]]:
    item_type = typing.get_args(type_)[0]
    item_hook = converter.get_structure_hook(item_type)

    def structure(value: object, _type: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            msg = f"expected a list, got {describe(value)}"
            raise TypeError(msg)
        items: list[Any] = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            try:
                items.append(item_hook(item, item_type))
            except RecursionError:  # the whole document's problem, see ustb_coop.loads
                raise
            except Exception as error:  # noqa: BLE001 - every item's problem is collected
                error.__notes__ = [
                    *getattr(error, "__notes__", []),
                    IterableValidationNote(f"item @ index {index}", index, item_type),
                ]
                errors.append(error)
                if len(errors) == MAX_ITEM_PROBLEMS:
                    break  # enough to act on; a million bad items would take seconds to report
        if errors:
            msg = f"invalid items in {type_!r}"
            raise IterableValidationError(msg, errors, type_)
        return tuple(items)

    return structure


def _point_at_field(error: Exception) -> None:
    """Give a class validator's error the path of its field.

    cattrs knows the field of errors raised while structuring a field, but
    not of those the class's own validators raise once every field is in.
    """
    notes = getattr(error, "__notes__", [])
    if isinstance(error, InvalidFieldError) and not any(
        isinstance(n, AttributeValidationNote) for n in notes
    ):
        error.add_note(AttributeValidationNote(f"field {error.field}", error.field, object))


def _require_table(cls: type, inner: Callable[[Any, Any], Any]) -> Callable[[object, Any], Any]:
    keys = ", ".join(field.name for field in attrs.fields(cls) if field.init)

    def structure(value: object, type_: Any) -> Any:
        if not isinstance(value, dict):
            msg = f"expected a table with keys {keys}, got {describe(value)}"
            raise TypeError(msg)
        try:
            return inner(value, type_)
        except ClassValidationError as group:
            for error in group.exceptions:
                _point_at_field(error)
            raise
        except InvalidFieldError as error:  # pragma: no cover - cattrs before 25 does not wrap these
            _point_at_field(error)
            msg = f"invalid {cls.__name__}"
            raise ClassValidationError(msg, [error], cls) from None

    return structure


#: The fields of a partnership that a file gives as an organization's id and the model holds
#: as the `Organization`: the loader resolves them (`resolve_organizations`), the converter
#: writes them back as ids, and the JSON Schema describes them as ids.
BY_ID = ("home", "partner")


def _take_organization(value: object, _type: Any) -> Organization:
    """The organization `resolve_organizations` put in place of an id; an id left there was reported."""
    if isinstance(value, Organization):
        return value
    raise _InvalidReferenceError(value)


def resolve_organizations(
    raw: dict[str, Any],
    location: Location,
    known: Mapping[str, Organization],
    invalid: frozenset[str],
    unknown: Callable[[str], str],
) -> tuple[dict[str, Any], list[Problem]]:
    """*raw*, a partnership's table, with its organization ids replaced by the organizations they name.

    Args:
        raw: The partnership's table as read from the file.
        location: Where the table is.
        known: The organizations of the dataset, by id.
        invalid: Ids of organizations that failed on their own (reported there, not again here).
        unknown: Says what would be valid instead of an unknown id.

    Returns:
        The table with every resolvable id replaced, and the problems of the others.
    """
    resolved = dict(raw)
    problems: list[Problem] = []
    for key in BY_ID:
        if key not in raw:
            continue
        value = raw[key]
        if not isinstance(value, str):
            problems.append(Problem((*location, key), f"expected an organization id, got {describe(value)}"))
        elif value in known:
            resolved[key] = known[value]
        elif value not in invalid:
            problems.append(
                Problem((*location, key), f"unknown organization {quote(value)}; {unknown(value)}")
            )
    return resolved, problems


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(PartialDate, _structure_partial_date)
    converter.register_structure_hook(datetime.date, _structure_date)
    # Registered on the Enum base class, which every cattrs version dispatches to for subclasses.
    converter.register_structure_hook(enum.Enum, _structure_enum)
    converter.register_structure_hook_factory(_is_homogeneous_tuple, _structure_tuple_factory)
    converter.register_unstructure_hook(PartialDate, PartialDate.isoformat)
    converter.register_unstructure_hook(datetime.date, datetime.date.isoformat)

    def table_factory(cls: type) -> Callable[[object, Any], Any]:
        return _require_table(cls, make_dict_structure_fn(cls, converter))

    converter.register_structure_hook_factory(
        lambda t: attrs.has(t) and t not in (PartialDate, Partnership), table_factory
    )
    converter.register_structure_hook(
        Partnership,
        _require_table(
            Partnership,
            make_dict_structure_fn(
                Partnership,
                converter,
                home=override(struct_hook=_take_organization),
                partner=override(struct_hook=_take_organization),
            ),
        ),
    )
    converter.register_unstructure_hook_factory(is_record, PLAIN_FORMS.deep)
    return converter


#: The plain form of every record, as `unstructure` returns it and `dumps` writes it.
PLAIN_FORMS = PlainForms({Partnership: BY_ID}, streamed=Dataset)
#: The indented JSON `dumps` writes of a dataset, as `json.dumps` writes its plain form.
INDENTED_WRITERS = IndentedWriters({Partnership: BY_ID})
CONVERTER = _make_converter()


def format_exception(error: BaseException) -> str:
    """Say what is wrong with one value."""
    if isinstance(error, ForbiddenExtraKeysError):
        names = ", ".join(repr(key) for key in sorted(error.extra_fields))
        valid = ", ".join(field.name for field in attrs.fields(error.cl) if field.init)
        noun = "key" if len(error.extra_fields) == 1 else "keys"
        return f"unknown {noun} {names}; valid keys: {valid}"
    if isinstance(error, KeyError):
        return "required key missing"
    return str(error) or type(error).__name__


def problems_of(error: BaseException, location: Location) -> Iterator[Problem]:
    """The problems inside a structuring error, each at its location under *location*.

    Walks cattrs' exception groups by type: a class's group names each
    failing field in an `AttributeValidationNote`, a list's group each
    failing item in an `IterableValidationNote`.

    Raises:
        RecursionError: The stack ran out somewhere inside: the document's problem, not a field's.
    """
    if isinstance(error, RecursionError):
        raise error
    if isinstance(error, _InvalidReferenceError):
        return  # the record it names failed on its own and is reported there
    if isinstance(error, ClassValidationError | IterableValidationError):
        with_notes, without = error.group_exceptions()
        for inner, note in with_notes:
            step = note.name if isinstance(note, AttributeValidationNote) else note.index
            yield from problems_of(inner, (*location, step))
        for inner in without:
            yield from problems_of(inner, location)
        return
    yield Problem(location, format_exception(error))
