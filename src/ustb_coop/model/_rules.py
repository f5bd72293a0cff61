"""What a field may hold, said once: rules that validate and describe themselves.

Each rule is an attrs validator (``attrs.field(validator=rule)``) whose
attributes say what it accepts, and each field's meaning is one sentence in
its metadata (``metadata=doc("...")``). Other layers read both, never the
validators' code or the docstrings: the JSON Schema export turns a rule's
attributes into keywords and a field's description into its ``description``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping
from itertools import repeat
from typing import Any, Self, TypeVar

import attrs

from ustb_coop.exceptions import InvalidFieldError
from ustb_coop.model._dates import DatePrecision, PartialDate

#: The field metadata key that holds what the field means.
DESCRIPTION = "description"

#: The characters that do not make text non-empty, one explicit set that every reader can state:
#: what Python's `str.isspace` counts (Unicode's White_Space, and the separators U+001C to U+001F)
#: together with what ECMA-262's ``\s`` counts (which adds U+FEFF, the zero-width no-break space
#: of byte-order marks). A title of only these characters is blank for the loader, the JSON
#: Schema in any regular-expression engine, and the exports alike.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)

#: The largest whole number a count or an id may be: 2**53 - 1, the largest that I-JSON
#: (RFC 7493) says every JSON reader holds exactly (a JavaScript number holds no larger
#: whole number exactly), and that SQLite's INTEGER holds too.
LARGEST_EXACT_INTEGER = 2**53 - 1

# Halves of UTF-16 surrogate pairs: Python text may hold them alone, no UTF-8 file can.
_SURROGATE = re.compile("[\ud800-\udfff]")
# What text that is not blank cannot start with: a character of WHITESPACE, or nothing.
_BLANK_START = frozenset((*WHITESPACE, ""))

# attrs' own type checks, so a value of the wrong type gets attrs' TypeError as before.
_TEXT: Callable[[Any, attrs.Attribute[Any], Any], None] = attrs.validators.instance_of(str)
_TUPLE_OF_TEXT: Callable[[Any, attrs.Attribute[Any], Any], None] = attrs.validators.deep_iterable(
    member_validator=_TEXT, iterable_validator=attrs.validators.instance_of(tuple)
)

_Rule = TypeVar("_Rule", "Text", "WholeNumber")

_PRECISION_RANK = {DatePrecision.YEAR: 0, DatePrecision.MONTH: 1, DatePrecision.DAY: 2}


def doc(description: str) -> dict[str, str]:
    """The metadata of a field that means *description*, a sentence in plain text."""
    return {DESCRIPTION: description}


def description(field: attrs.Attribute[Any]) -> str | None:
    """What *field* means, from its metadata, or None when it does not say."""
    text = field.metadata.get(DESCRIPTION)
    return text if isinstance(text, str) else None


def lone_surrogate(text: str) -> tuple[int, str] | None:
    r"""The index and character of the first unpaired surrogate in *text*, or None when it has none.

    JSON escapes (``"\ud800"``) and Python code can put half of a surrogate
    pair into a string; no UTF-8 file can hold it, so such text can never be
    written out.
    """
    found = _SURROGATE.search(text)
    return None if found is None else (found.start(), found.group())


def optional(rule: _Rule) -> _Rule:
    """*rule*, accepting None as well.

    Used instead of ``attrs.validators.optional`` so the field's validator is
    still the rule, which other layers can read.
    """
    return rule.but(optional=True)


def _remade(cls: type[_Frozen], fields: dict[str, object]) -> _Frozen:
    """A *cls* rule made of *fields*: what copying or unpickling a rule gives."""
    return cls(**fields)


class _Frozen:
    """What every rule class shares: frozen fields, compared, hashed and shown as attrs shows them.

    The rules are plain classes, not attrs ones: the model makes its rule
    classes at import, on the way to every first answer, and an attrs class
    takes about 0.28 ms to make (it writes and compiles its methods), a plain
    one 0.005 ms (docs/performance.md, "Startup"). Each rule class names its
    fields in `_FIELDS`, in order, and sets them in its own typed
    ``__init__``.
    """

    __slots__ = ()
    _FIELDS: tuple[str, ...] = ()

    def _set(self, **values: object) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._FIELDS)

    def _fields(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self._FIELDS}

    def but(self, **changes: object) -> Self:
        """A copy with *changes* to some fields, as `attrs.evolve` makes one."""
        return type(self)(**{**self._fields(), **changes})

    def __reduce__(self) -> tuple[Callable[..., _Frozen], tuple[type[_Frozen], dict[str, object]]]:
        # copy, deepcopy and pickle make the rule again from its fields, as its class makes it:
        # setting its slots one by one, as they would, meets the frozen __setattr__.
        return _remade, (type(self), self._fields())

    def __setattr__(self, name: str, value: object) -> None:
        raise attrs.exceptions.FrozenInstanceError

    def __delattr__(self, name: str) -> None:
        raise attrs.exceptions.FrozenInstanceError

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, _Frozen)  # checked just above
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((self.__class__, *self._values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in self._fields().items())
        return f"{self.__class__.__qualname__}({shown})"


class Text(_Frozen):
    """Text a UTF-8 file can hold, of the shape the field needs.

    A value that is not text is a `TypeError` when any text will do
    (*meaning* None), and an `InvalidFieldError` saying what is wanted
    otherwise; text that is not of the shape, or that holds an unpaired
    surrogate, is an `InvalidFieldError` naming the field.

    Attributes:
        meaning: What valid text is, as messages say it ("non-empty text"), or
            None when any text will do.
        pattern: A regular expression the whole text must match, or None.
        nonblank: Whether the text must hold a character that is not in `WHITESPACE`.
        excluded: Characters the text must not contain.
        optional: Whether None is accepted too.
    """

    __slots__ = ("excluded", "fits", "meaning", "nonblank", "optional", "pattern")
    _FIELDS = ("meaning", "pattern", "nonblank", "excluded", "optional")

    meaning: str | None
    pattern: re.Pattern[str] | None
    nonblank: bool
    excluded: str
    optional: bool
    #: Whether a value is a `str` (exactly: a subclass may behave otherwise) that surely keeps every
    #: part of the rule, in one call: what the validator asks first, and what every valid text
    #: meets. False is no verdict: `check` decides, and says what is wrong. Not a field: it is
    #: made from the fields, and neither compared nor shown.
    fits: Callable[[object], bool]

    def __init__(
        self,
        *,
        meaning: str | None = None,
        pattern: re.Pattern[str] | None = None,
        nonblank: bool = False,
        excluded: str = "",
        optional: bool = False,
    ) -> None:
        self._set(meaning=meaning, pattern=pattern, nonblank=nonblank, excluded=excluded, optional=optional)
        self._set(fits=self._fits())

    def _fits(self) -> Callable[[object], bool]:
        # An ASCII text holds no surrogate; a text that starts with no WHITESPACE is not blank.
        fullmatch = None if self.pattern is None else self.pattern.fullmatch
        nonblank = self.nonblank
        excluded = None if not self.excluded else re.compile(f"[{re.escape(self.excluded)}]").search
        if fullmatch is None and excluded is None:  # most fields: one expression, nothing else to test
            if nonblank:
                return lambda value: (
                    value.__class__ is str
                    and value[:1] not in _BLANK_START
                    and (value.isascii() or _SURROGATE.search(value) is None)
                )
            return lambda value: (
                value.__class__ is str and (value.isascii() or _SURROGATE.search(value) is None)
            )

        def fits(value: object) -> bool:
            return (
                value.__class__ is str
                and (value.isascii() or _SURROGATE.search(value) is None)
                and (fullmatch is None or fullmatch(value) is not None)
                and (not nonblank or value[:1] not in _BLANK_START)
                and (excluded is None or excluded(value) is None)
            )

        return fits

    def __call__(self, _instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if self.fits(value):
            return
        if value is None and self.optional:
            return
        if self.meaning is None:
            _TEXT(_instance, attribute, value)
        self.check(value, field=attribute.name, where=attribute.name, reported=value)

    def check(self, value: object, *, field: str, where: str, reported: object) -> None:
        """Check one text value.

        Args:
            value: The value to check.
            field: The field's name, for the error.
            where: The field or item the message names (``fields[2]``).
            reported: The value the error carries: *value*, or the tuple it is an item of.

        Raises:
            InvalidFieldError: The value is not text of the shape, or cannot be written.
        """
        if self.meaning is not None and not (isinstance(value, str) and self._shaped(value)):
            msg = f"{where} must be {self.meaning}, got {value!r}"
            raise InvalidFieldError(field, reported, msg)
        assert isinstance(value, str)  # checked above, or by the caller
        surrogate = lone_surrogate(value)
        if surrogate is not None:
            index, character = surrogate
            msg = (
                f"{where} must be text a UTF-8 file can hold, got {value!r} "
                f"with the unpaired surrogate {character!r} at index {index}"
            )
            raise InvalidFieldError(field, reported, msg)

    def _shaped(self, text: str) -> bool:
        return (
            (self.pattern is None or self.pattern.fullmatch(text) is not None)
            and (not self.nonblank or bool(text.strip(WHITESPACE)))
            and not any(character in text for character in self.excluded)
        )


class TextItems(_Frozen):
    """A tuple of text, each item following *item*.

    A value that is not a tuple of `str` is a `TypeError`; an item that breaks
    the rule is an `InvalidFieldError` that names its position and carries the
    whole tuple.

    Attributes:
        item: The rule for each item.
    """

    __slots__ = ("item",)
    _FIELDS = ("item",)

    item: Text

    def __init__(self, *, item: Text) -> None:
        self._set(item=item)

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value.__class__ is tuple and all(map(self.item.fits, value)):
            return
        _TUPLE_OF_TEXT(instance, attribute, value)
        assert isinstance(value, tuple)  # checked just above
        for position, text in enumerate(value):
            self.item.check(text, field=attribute.name, where=f"{attribute.name}[{position}]", reported=value)


class WholeNumber(_Frozen):
    """A whole number (not a `bool`) from *minimum* to *maximum*.

    A value that is not a whole number is a `TypeError`; one out of range is
    an `InvalidFieldError` naming the field.

    Attributes:
        minimum: The smallest value allowed.
        maximum: The largest value allowed.
        optional: Whether None is accepted too.
    """

    __slots__ = ("maximum", "minimum", "optional")
    _FIELDS = ("minimum", "maximum", "optional")

    minimum: int
    maximum: int
    optional: bool

    def __init__(self, *, minimum: int, maximum: int, optional: bool = False) -> None:
        self._set(minimum=minimum, maximum=maximum, optional=optional)

    def __call__(self, _instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None and self.optional:
            return
        # bool is an int subclass, but True is no year and no GeoNames id.
        if not isinstance(value, int) or isinstance(value, bool):
            alternative = " or None" if self.optional else ""
            msg = f"{attribute.name} must be a whole number{alternative}, got {value!r}"
            raise TypeError(msg)
        if not self.minimum <= value <= self.maximum:
            msg = f"{attribute.name} must be between {self.minimum} and {self.maximum}, got {value}"
            raise InvalidFieldError(attribute.name, value, msg)


class TupleOf(_Frozen):
    """A tuple of *kind* (a type, or a tuple of types) items.

    Anything else gets attrs' own `deep_iterable` TypeError. The loader reads
    `kind` to know what the rule asks, so, like every rule, it is frozen.

    Attributes:
        kind: What each item must be an instance of.
    """

    __slots__ = ("_every", "kind")
    _FIELDS = ("kind",)

    kind: type | tuple[type, ...]
    _every: Callable[[Any, attrs.Attribute[Any], Any], None]

    def __init__(self, kind: type | tuple[type, ...]) -> None:
        every = attrs.validators.deep_iterable(
            member_validator=attrs.validators.instance_of(kind),
            iterable_validator=attrs.validators.instance_of(tuple),
        )
        self._set(kind=kind, _every=every)

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        # The usual tuple of records is accepted in one pass in C; anything else meets attrs' own
        # validator, which raises its TypeError as it always has.
        if value.__class__ is tuple and all(map(isinstance, value, repeat(self.kind))):
            return
        self._every(instance, attribute, value)


class InstanceOrNone(_Frozen):
    """None, or an instance of *kind*; anything else gets attrs' own `instance_of` TypeError.

    Attributes:
        kind: The type a value other than None must be an instance of.
    """

    __slots__ = ("_either", "kind")
    _FIELDS = ("kind",)

    kind: type
    _either: Callable[[Any, attrs.Attribute[Any], Any], None]

    def __init__(self, kind: type) -> None:
        self._set(kind=kind, _either=attrs.validators.optional(attrs.validators.instance_of(kind)))

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        # None or a *kind* (exactly) in one call; anything else meets attrs' own validators and message.
        if value is None or value.__class__ is self.kind:
            return
        self._either(instance, attribute, value)


class PreciseEnough(_Frozen):
    """A `PartialDate` (or None) known at least as precisely as another field of the record needs.

    A monthly program first held "in 2002" would imply months nobody stated,
    so its first occurrence must be known to the month. A value that is not
    a `PartialDate` is a `TypeError`; one too coarse is an `InvalidFieldError`
    naming the field.

    Attributes:
        by: The name of the field (an enum) whose value decides the precision needed.
        needed: The least precision for each value of that field.
        record: What messages call the record ("program").
        noun: What messages call the date ("first occurrence").
    """

    __slots__ = ("by", "needed", "noun", "record")
    _FIELDS = ("by", "needed", "record", "noun")

    by: str
    needed: Mapping[enum.Enum, DatePrecision]
    record: str
    noun: str

    def __init__(self, *, by: str, needed: Mapping[enum.Enum, DatePrecision], record: str, noun: str) -> None:
        self._set(by=by, needed=needed, record=record, noun=noun)

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None:
            return
        if not isinstance(value, PartialDate):
            msg = f"{attribute.name} must be a PartialDate or None, got {value!r}"
            raise TypeError(msg)
        decider = getattr(instance, self.by)
        needed = self.needed[decider]
        if _PRECISION_RANK[value.precision] < _PRECISION_RANK[needed]:
            msg = (
                f"a {decider.value} {self.record} needs its {self.noun} known to the "
                f"{needed.value}, got {value}"
            )
            raise InvalidFieldError(attribute.name, value, msg)
