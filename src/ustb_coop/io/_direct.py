"""The loader's fast path: a valid document structured in one pass, with no problems collected.

`structure_dataset` tries `direct_dataset` first. It raises at the first
thing that does not fit, of any kind; the loader then structures the
document again on the collecting path (the converter with detailed
validation), which finds and reports every problem. So this module never
says why a record is not valid, and decides it only by the model's own
rules: each value is made from the file either untouched, when the field's
rule checks its type itself (`Text`, `TextItems`, `WholeNumber`), or
through the converter's own hook for the type. What the converter adds to
the rules is checked here the same way: a table is a dict with no unknown
keys and every required one, a list is a list, an enum is one of its file
strings, and a partnership's organizations are ids of the dataset's
organizations. Once every record is built, the dataset's own rules run in
`Dataset`; what they refuse is what the collecting path would report too
(`BrokenRulesError`).

A record is made as attrs' ``__init__`` makes it, its slots set and then
its validators run, except those `proves` shows redundant: a validator
that asks only for a type, given a value this module made of that type
(an enum member from the enum's table, a record from its builder, a tuple
of such). Text rules ask their one-call quick test first. A class whose
``__init__`` does more than that (`slot_setters`) is built by calling it.

The builders are generated once per record class, on the first load, as
cattrs generates its own: one function per class that reads each key and
makes the record, with none of the collecting path's bookkeeping.
Within one document, equal dates and equal records of text only (citations
above all) are built once and shared, as frozen values may be.
"""

from __future__ import annotations

import datetime
import enum
import inspect
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

from ustb_coop.exceptions import DatasetError, Problem
from ustb_coop.io._converter import BY_ID, CONVERTER
from ustb_coop.io._shapes import ISO_TYPES, is_record, optional_of, tuple_item
from ustb_coop.model._dataset import Dataset
from ustb_coop.model._dates import PartialDate
from ustb_coop.model._records import Organization, Partnership, Source
from ustb_coop.model._rules import InstanceOrNone, Text, TextItems, TupleOf, WholeNumber


class UnfitError(Exception):
    """The document has something the fast path does not build: the collecting path reports it."""


class BrokenRulesError(Exception):
    """Every record was built, and the dataset's own rules (`Dataset`'s integrity) refuse them.

    The collecting path would build the same records and meet the same
    refusal, with the same problems at the same positions (nothing was left
    out), so the loader reports *problems* at once instead.

    Attributes:
        problems: What `Dataset` said is wrong.
    """

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__(problems)
        self.problems = problems


class PartlyBuiltError(Exception):
    """Something after the sources and organizations did not fit; what was built before it is kept.

    The collecting path takes the records in `built` as they are, since it
    would build equal ones and find no problem in them, and structures only
    the rest: a large document bad only near its end is not built twice.

    Attributes:
        built: For each top-level list, the records built for its first positions.
    """

    def __init__(self, built: dict[str, list[Any]]) -> None:
        super().__init__("partly built")
        self.built = built


def _unfit() -> typing.NoReturn:
    raise UnfitError


def _checks_own_type(rule: object, hint: Any, *, optional: bool) -> bool:
    """Whether *rule* rejects every value of a type other than *hint* (and None unless *optional*)."""
    if hint is str and isinstance(rule, Text):
        return rule.optional == optional
    if hint is int and isinstance(rule, WholeNumber):
        # Every WholeNumber refuses bools and non-ints; only its optional attribute lets None in.
        return rule.optional == optional
    return False


# A key that is absent, where a field's default applies; not a value any document holds.
_ABSENT = object()
#: The types whose values the converter's hooks make from one scalar, shared within a document.
_SHARED_VALUES = ISO_TYPES


class _Memo(dict[object, object]):
    """What one document's equal raw values make, made once: *make* runs on a key's first use.

    Keys are raw values that compare equal only when they are the same text,
    date or None, and numbers with their class, so one is never judged by
    another's verdict; an unhashable
    key (a list, a table) raises TypeError, which sends the document to the
    collecting path. What *make* raises is not remembered.
    """

    def __init__(self, make: Callable[[Any], object]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: object) -> object:
        value = self.make(key)
        self[key] = value
        return value


def _scalar(hint: Any) -> Any | None:
    """*hint* (or the type in ``T | None``) when its raw values are scalars a key can hold, else None."""
    inner = optional_of(hint)
    hint = hint if inner is None else inner
    if hint in (str, int, *_SHARED_VALUES) or (isinstance(hint, type) and issubclass(hint, enum.Enum)):
        return hint
    return None


#: What a builder's expression makes, as much as a validator's proof needs: ``("exactly", T)``
#: an instance of T and of no subclass, ``("tuple", made)`` a tuple of such items, ``("none or",
#: made)`` None or such a value; None when nothing is known, and the field's validator runs.
Made = tuple[str, Any] | None

_INSTANCE_OF: type[Any] = type(attrs.validators.instance_of(object))


def _exactly(type_: type) -> Made:
    return ("exactly", type_)


def _tuple_of(item: Made) -> Made:
    return None if item is None else ("tuple", item)


def _none_or(made: Made) -> Made:
    return None if made is None else ("none or", made)


def _holds(value: object, made: Made) -> bool:
    """Whether *value* (a field's default) is what *made* describes."""
    if made is None:
        return False
    tag, inner = made
    if tag == "exactly":
        return value.__class__ is inner
    if tag == "tuple":
        return type(value) is tuple and all(_holds(item, inner) for item in value)
    return value is None or _holds(value, inner)


def _instance_of(made: Made, kind: type | tuple[type, ...]) -> bool:
    """Whether *made* is always an instance of *kind*."""
    return made is not None and made[0] == "exactly" and issubclass(made[1], kind)


def proves(validator: object, made: Made) -> bool:
    """Whether every value *made* describes passes *validator*, so the builder need not run it.

    Only validators whose whole rule is a type are ever proven: attrs'
    `instance_of`, and the model's `InstanceOrNone` and `TupleOf`. Every
    other rule (text, numbers, dates against each other) runs on the record.
    """
    if made is None:
        return False
    if isinstance(validator, _INSTANCE_OF):
        return _instance_of(made, validator.type)
    if isinstance(validator, InstanceOrNone):
        return _instance_of(made, validator.kind) or (
            made[0] == "none or" and _instance_of(made[1], validator.kind)
        )
    if isinstance(validator, TupleOf):
        return made[0] == "tuple" and _instance_of(made[1], validator.kind)
    return False


def slot_setters(cls: type) -> dict[str, Callable[[object, object], None]] | None:
    """For each field of *cls*, the setter of its slot; None when its ``__init__`` does more than set them.

    A record whose fields are all set by ``__init__``, unconverted, with no
    other slot (a cached hash) and no pre- or post-init hook can be built by
    setting its slots and running the validators the builder has not proven.
    """
    fields = attrs.fields(cls)
    if any(not field.init or field.converter is not None for field in fields):
        return None
    if hasattr(cls, "__attrs_pre_init__") or hasattr(cls, "__attrs_post_init__"):
        return None
    slots = {slot for klass in cls.__mro__ for slot in klass.__dict__.get("__slots__", ())}
    if slots - {"__weakref__"} != {field.name for field in fields}:
        return None
    descriptors = {field.name: inspect.getattr_static(cls, field.name) for field in fields}
    if not all(isinstance(descriptor, types.MemberDescriptorType) for descriptor in descriptors.values()):
        return None  # pragma: no cover - attrs makes a slot of every field of a slotted class
    return {name: descriptor.__set__ for name, descriptor in descriptors.items()}


class _Source:
    """Python source of the builders, the names it refers to, and what each document's memo makes."""

    def __init__(self) -> None:
        self.names: dict[str, object] = {"UnfitError": UnfitError, "_unfit": _unfit}
        self.lines: list[str] = []
        self.built: set[type] = set()
        #: What each memo of a document makes, by its position in the tuple ``memo``.
        self.makers: list[Callable[[Any], object]] = []

    def name(self, prefix: str, value: object) -> str:
        name = f"{prefix}_{len(self.names)}"
        self.names[name] = value
        return name

    def memo(self, make: Callable[[Any], object]) -> str:
        """The expression of the document's memo that makes values with *make*."""
        self.makers.append(make)
        return f"memo[{len(self.makers) - 1}]"

    def convert(self, hint: Any, rule: object, variable: str) -> tuple[str, Made]:  # noqa: PLR0911 - one return a kind
        """An expression making the model's value of *variable*, a raw value of type *hint*; what it makes."""
        inner = optional_of(hint)
        if inner is not None:
            if _checks_own_type(rule, inner, optional=True):
                return variable, None
            expression, made = self.convert(inner, None, variable)
            return f"None if {variable} is None else {expression}", _none_or(made)
        if _checks_own_type(rule, hint, optional=False):
            return variable, None
        item = tuple_item(hint)
        if item is not None:
            if item is str and isinstance(rule, TextItems):  # the rule checks each item's type
                items, made = f"tuple({variable})", None
            else:
                expression, item_made = self.convert(item, None, "item")
                items, made = f"tuple([{expression} for item in {variable}])", _tuple_of(item_made)
            return f"({items} if {variable}.__class__ is list else _unfit())", made
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            members = self.name("members", {member.value: member for member in hint})
            # A value that names no member, or is unhashable, raises.
            return f"{members}[{variable}]", _exactly(hint)
        if is_record(hint):
            return f"{self.builder(hint)}({variable}, memo)", _exactly(hint)
        hook = CONVERTER.get_structure_hook(hint)
        if hint in _SHARED_VALUES:
            # The hook of PartialDate makes one with PartialDate.parse or .from_date, never another class.
            made = _exactly(hint) if hint is PartialDate else None
            return f"{self.memo(lambda value: hook(value, hint))}[{variable}]", made
        return f"{self.name('hook', hook)}({variable}, {self.name('type', hint)})", None  # pragma: no cover

    def construct(
        self, cls: type, fields: list[attrs.Attribute[Any]], variables: list[str], mades: list[Made]
    ) -> list[str]:
        """Lines that make a *cls* of *variables* and return it, checking what the builder has not proven.

        The slots are set, then each field's validator runs unless `proves`
        says the value passes it; a text rule asks its one-call `fits` first.
        attrs' ``__init__`` does the same, in the same order, with every
        validator; a class whose ``__init__`` does more is built by calling it.
        """
        setters = slot_setters(cls)
        if setters is None:
            arguments = ", ".join(
                f"{field.name}={variable}" for field, variable in zip(fields, variables, strict=True)
            )
            return [f"    return {self.name('cls', cls)}({arguments})"]
        lines = [f"    self = {self.name('new', object.__new__)}({self.name('cls', cls)})"]
        lines += [
            f"    {self.name('set', setters[field.name])}(self, {variable})"
            for field, variable in zip(fields, variables, strict=True)
        ]
        for field, variable, made in zip(fields, variables, mades, strict=True):
            validator = field.validator
            if validator is None or proves(validator, made):
                continue
            check = f"{self.name('validator', validator)}(self, {self.name('field', field)}, {variable})"
            if isinstance(validator, Text):
                condition = f"not {self.name('fits', validator.fits)}({variable})"
                if validator.optional:
                    condition = f"{variable} is not None and {condition}"
                lines += [f"    if {condition}:", f"        {check}"]
            else:
                lines.append(f"    {check}")
        return [*lines, "    return self"]

    def builder(self, cls: type) -> str:
        """The name of the function that builds *cls* from its table, written on first use.

        A record whose fields are all text, enums or dates is made once per
        document for each set of raw values, by a function of those values.
        """
        function = f"build_{cls.__name__}"
        if cls in self.built:
            return function
        self.built.add(cls)
        hints = typing.get_type_hints(cls)
        fields = [field for field in attrs.fields(cls) if field.init]
        by_id = cls is Partnership
        reads, converts, mades = [], [], []
        for position, field in enumerate(fields):
            variable = f"value_{position}"
            if by_id and field.name in BY_ID:  # the id of one of the dataset's organizations
                value, made = f"known[{variable}]", _exactly(Organization)
            else:
                value, made = self.convert(hints[field.name], field.validator, variable)
            if field.default is attrs.NOTHING:
                reads.append(f"table[{field.name!r}]")
            elif field.default is None and optional_of(hints[field.name]) is not None:
                reads.append(f"table.get({field.name!r})")
            else:  # when absent, the field's default, not a converted value
                if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]  # attrs types it as a function
                    # One value for every record would be shared where attrs makes one each.
                    msg = f"the fast path builds no default made by a factory ({cls.__name__}.{field.name})"
                    raise TypeError(msg)
                absent = self.name("absent", _ABSENT)
                reads.append(f"table.get({field.name!r}, {absent})")
                value = f"{self.name('default', field.default)} if {variable} is {absent} else {value}"
                made = made if _holds(field.default, made) else None
            if value != variable:
                converts.append(f"    {variable} = {value}")
            mades.append(made)
        variables = [f"value_{position}" for position in range(len(fields))]
        construct = [*converts, *self.construct(cls, fields, variables, mades)]
        keys = self.name("keys", frozenset(field.name for field in fields))
        lines = [
            f"def {function}(table, memo{', known' if by_id else ''}):",
            f"    if table.__class__ is not dict or not table.keys() <= {keys}:",
            "        raise UnfitError",
        ]
        scalars = [_scalar(hints[field.name]) for field in fields]
        if not by_id and None not in scalars:
            # Text, None and dates equal only values that mean the same; a number also equals a
            # bool or a float (1 == True == 1.0), so its class is part of the key.
            typed = [variable for variable, hint in zip(variables, scalars, strict=True) if hint is int]
            key = [f"{v}, {v}.__class__" if v in typed else v for v in variables]
            maker = f"make_{cls.__name__}"
            self.lines += [
                "",
                f"def {maker}(key):",
                f"    {', '.join(key).replace('.__class__', '_class')}, = key",
            ]
            self.lines += construct
            # The maker exists once the source is compiled, so the memo looks it up then.
            shared = self.memo(lambda key: self.names[maker](key))  # type: ignore[operator]  # noqa: PLW0108
            lines += [f"    {variable} = {read}" for variable, read in zip(variables, reads, strict=True)]
            lines.append(f"    return {shared}[({', '.join(key)},)]")
        else:
            lines += [f"    {variable} = {read}" for variable, read in zip(variables, reads, strict=True)]
            lines += construct
        self.lines += ["", *lines]
        return function


def _make_builders() -> tuple[dict[type, Callable[..., Any]], tuple[Callable[[Any], object], ...]]:
    source = _Source()
    classes = (Source, Organization, Partnership)
    for cls in classes:
        source.builder(cls)
    code = compile("\n".join(source.lines), "<ustb_coop fast-path builders>", "exec")
    exec(code, source.names)  # noqa: S102 - our own generated code, as cattrs does
    return {cls: source.names[f"build_{cls.__name__}"] for cls in classes}, tuple(source.makers)  # type: ignore[misc]


_BUILDERS, _MAKERS = _make_builders()
_build_source = _BUILDERS[Source]
_build_organization = _BUILDERS[Organization]
_build_partnership = _BUILDERS[Partnership]
_structure_str = CONVERTER.get_structure_hook(str)
_structure_date = CONVERTER.get_structure_hook(datetime.date)
#: The keys a dataset file has: every field of `Dataset` is required there.
_TOP_LEVEL_KEYS = frozenset(field.name for field in attrs.fields(Dataset) if field.init)


def _list(value: object) -> list[Any]:
    if value.__class__ is not list:
        raise UnfitError
    assert isinstance(value, list)  # checked just above
    return value


def direct_dataset(raw: object) -> Dataset:
    """*raw*, a parsed document, as a Dataset, when nothing in it is wrong.

    Raises:
        BrokenRulesError: Every record was built; the dataset's rules refuse them.
        PartlyBuiltError: A partnership did not fit; the records before it were built.
        Exception: Anything else at all: the document has a problem, or something this path
            does not build, and the collecting path must structure it to say what.
    """
    if not isinstance(raw, dict) or raw.__class__ is not dict or raw.keys() != _TOP_LEVEL_KEYS:
        raise UnfitError
    memo = tuple(_Memo(make) for make in _MAKERS)
    organizations = tuple([_build_organization(item, memo) for item in _list(raw["organizations"])])
    known = {organization.id: organization for organization in organizations}
    if len(known) != len(organizations):  # a repeated id: which one a partnership names is a problem
        raise UnfitError
    version = _structure_str(raw["version"], str)
    as_of = _structure_date(raw["as_of"], datetime.date)
    sources = [_build_source(item, memo) for item in _list(raw["sources"])]
    built: list[Partnership] = []
    try:
        for item in _list(raw["partnerships"]):
            built.append(_build_partnership(item, memo, known))  # noqa: PERF401 - kept up to a failure
    except Exception as error:
        done = {"sources": sources, "organizations": list(organizations), "partnerships": built}
        raise PartlyBuiltError(done) from error
    partnerships = tuple(built)
    try:
        return Dataset(
            version=version,
            as_of=as_of,
            sources=tuple(sources),
            organizations=organizations,
            partnerships=partnerships,
        )
    except DatasetError as error:
        raise BrokenRulesError(error.problems) from None
