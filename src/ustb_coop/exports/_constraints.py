r"""What a field's values may be, said once for every export: read from the model's rules.

The JSON Schema, the data package's Table Schemas and the SQLite ``CHECK``
constraints all take their enums, bounds and patterns from here, and this
module takes them from the model's field rules (`ustb_coop.model._rules`) and
type hints, so no export restates a rule.

Every pattern is written to mean the same in ECMA-262 (ajv, browsers,
check-jsonschema) and in Python's `re` (jsonschema, Frictionless): explicit
character classes with ``\uXXXX`` escapes, no ``\s``, ``\w``, ``\d`` or ``.``,
whose meanings differ between the two, and no flags.
"""

from __future__ import annotations

import enum
import re
import types
import typing

import attrs

from ustb_coop.model._dates import DatePrecision, PartialDate
from ustb_coop.model._records import LIST_SEPARATOR
from ustb_coop.model._rules import WHITESPACE, Text, TextItems, WholeNumber

# Escapes and constructs whose meaning differs between ECMA-262 and Python's re.
_NOT_PORTABLE = re.compile(r"\\[dDwWsSbBAZzGpP]|(?<!\\)\.|\(\?[aiLmsux]|\(\?P|\(\?<[^=!]")
# Characters a literal must escape: the syntax characters both engines agree on.
_SYNTAX = frozenset("^$\\.*+?()[]{}|/")
_LARGEST_BMP = 0xFFFF


def _escape(character: str) -> str:
    r"""*character* as a ``\uXXXX`` escape, which both engines read the same, in a class or out."""
    code = ord(character)
    if code > _LARGEST_BMP:
        msg = f"cannot write {character!r} portably: ECMA-262 and Python escape it differently"
        raise ValueError(msg)
    return f"\\u{code:04x}"


def character_class(characters: str, *, negated: bool = False) -> str:
    r"""A character class of exactly *characters* (or of all others), written portably.

    Runs of consecutive code points become ranges, so the class stays short.

    Example:
        >>> character_class("\t\n\r ")
        '[\\u0009-\\u000a\\u000d\\u0020]'
    """
    codes = sorted({ord(character) for character in characters})
    parts: list[str] = []
    start = 0
    while start < len(codes):
        end = start
        while end + 1 < len(codes) and codes[end + 1] == codes[end] + 1:
            end += 1
        first, last = _escape(chr(codes[start])), _escape(chr(codes[end]))
        parts.append(first if start == end else f"{first}-{last}")
        start = end + 1
    return f"[{'^' if negated else ''}{''.join(parts)}]"


def literal(text: str) -> str:
    """A pattern that matches exactly *text*, written portably."""
    return "".join(
        f"\\{character}"
        if character in _SYNTAX
        else character
        if character.isascii() and (character.isalnum() or character in "_ ;,:-'\"#%&<>=@!~`")
        else _escape(character)
        for character in text
    )


def portable(pattern: re.Pattern[str]) -> str:
    r"""The source of *pattern*, checked to mean the same in ECMA-262 and Python's re.

    Raises:
        TypeError: The pattern uses flags, ``.``, a class shorthand (``\d``,
            ``\s``, ``\w``, ...) or group syntax only one engine knows.
    """
    found = _NOT_PORTABLE.search(pattern.pattern)
    if found is not None or pattern.flags & ~re.UNICODE:
        shown = found.group() if found is not None else f"flags {pattern.flags}"
        msg = (
            f"cannot write {pattern.pattern!r} portably: {shown!r} means different things in "
            "ECMA-262 and Python; use an explicit character class"
        )
        raise TypeError(msg)
    return pattern.pattern


def text_body(rule: Text) -> str | None:
    """A pattern the whole of a text must match to follow *rule*, or None when any text does.

    Raises:
        TypeError: The rule has a pattern and other shape rules, which one pattern would have to merge.
    """
    if rule.pattern is not None:
        if rule.nonblank or rule.excluded:
            msg = f"cannot describe {rule!r} in an export: a pattern says all the shape"
            raise TypeError(msg)
        return portable(rule.pattern)
    if rule.nonblank:
        # Whitespace, then a character that is not, repeated; then trailing whitespace. Each
        # step is decided by one character, so matching stays linear.
        blank = "".join(character for character in WHITESPACE if character not in rule.excluded)
        content = character_class(WHITESPACE + rule.excluded, negated=True)
        return f"(?:{character_class(blank)}*{content})+{character_class(blank)}*"
    if rule.excluded:
        return f"{character_class(rule.excluded, negated=True)}*"
    # Unpaired surrogates, which `Text` also rejects, are no JSON or UTF-8 text a pattern could see.
    return None


# The calendar-free part of a partial date: years 0001 to 9999, months 01 to 12, days 01 to 31.
# Whether a day exists in its month is left to the loader.
_YEAR = "(?!0000)[0-9]{4}"
_MONTH = "(?:0[1-9]|1[0-2])"
_DAY = "(?:0[1-9]|[12][0-9]|3[01])"


def partial_date_body(at_least: DatePrecision = DatePrecision.YEAR) -> str:
    """A pattern for ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, known at least to *at_least*."""
    match at_least:
        case DatePrecision.YEAR:
            return f"{_YEAR}(?:-{_MONTH}(?:-{_DAY})?)?"
        case DatePrecision.MONTH:
            return f"{_YEAR}-{_MONTH}(?:-{_DAY})?"
        case DatePrecision.DAY:
            return day_body()


def day_body() -> str:
    """A pattern for a calendar day, ``YYYY-MM-DD``."""
    return f"{_YEAR}-{_MONTH}-{_DAY}"


@attrs.frozen(kw_only=True)
class Constraints:
    """What every value of a field or column must be, beyond its type; None where nothing is said.

    Attributes:
        enum: The values allowed.
        minimum: The smallest whole number allowed.
        maximum: The largest whole number allowed.
        pattern: A portable pattern the whole value must match (not anchored).
        nonblank: Whether text must hold a character outside `WHITESPACE`, for
            readers without regular expressions (SQLite); the pattern says it too.
    """

    enum: tuple[str, ...] | None = None
    minimum: int | None = None
    maximum: int | None = None
    pattern: str | None = None
    nonblank: bool = False


def _present(hint: object) -> object:
    """*hint* without its ``| None``."""
    if typing.get_origin(hint) in (types.UnionType, typing.Union):
        present = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if len(present) == 1:
            return present[0]
    return hint


def _alternatives(cls: type[enum.Enum]) -> str:
    return "(?:" + "|".join(literal(str(member.value)) for member in cls) + ")"


def _joined(item: str) -> str:
    """A pattern for items joined with `LIST_SEPARATOR`, as tables write a list in one cell."""
    return f"(?:{item})(?:{literal(LIST_SEPARATOR)}(?:{item}))*"


def rule_constraints(rule: object) -> Constraints:
    """The constraints a single rule states (a `Text` or a `WholeNumber`); none for other validators."""
    if isinstance(rule, Text):
        return Constraints(pattern=text_body(rule), nonblank=rule.nonblank)
    if isinstance(rule, WholeNumber):
        return Constraints(minimum=rule.minimum, maximum=rule.maximum)
    return Constraints()


def field_constraints(cls: type, name: str) -> Constraints:
    """The constraints on the values of field *name* of the attrs class *cls*, as the model states them.

    Enums give their values; lists of enum members or of text give a pattern
    for their items joined with `LIST_SEPARATOR`; text and whole numbers
    give what their rule says; partial dates give their shape.

    Raises:
        TypeError: *cls* has no field *name*, or its text rule cannot be written portably.
    """
    fields = attrs.fields_dict(cls)
    if name not in fields:
        msg = f"{cls.__name__} has no field {name!r}"
        raise TypeError(msg)
    field = fields[name]
    hint = _present(typing.get_type_hints(cls)[name])
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return Constraints(enum=tuple(str(member.value) for member in hint))
    if hint is PartialDate:
        return Constraints(pattern=partial_date_body())
    if typing.get_origin(hint) is tuple:
        item = typing.get_args(hint)[0]
        if isinstance(item, type) and issubclass(item, enum.Enum):
            return Constraints(pattern=_joined(_alternatives(item)))
        if isinstance(field.validator, TextItems):
            body = text_body(field.validator.item)
            return Constraints(pattern=None if body is None else _joined(body))
        return Constraints()
    return rule_constraints(field.validator)
