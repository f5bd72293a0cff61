"""Reported figures that may be exact, approximate or only a bound."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from ustb_coop.exceptions import InvalidFieldError
from ustb_coop.model._intervals import Interval
from ustb_coop.model._rules import LARGEST_EXACT_INTEGER, Text, WholeNumber, doc, optional

#: The largest count a Quantity holds: 2**53 - 1, the I-JSON (RFC 7493) limit every JSON reader holds exactly.
MAX_VALUE = LARGEST_EXACT_INTEGER


class Qualifier(enum.Enum):
    """How a reported figure relates to the true number."""

    #: The figure is the number ("two projects").
    EXACT = "exact"
    #: The figure is close to the number ("about 300").
    APPROXIMATELY = "approximately"
    #: The number is the figure or more ("at least 400").
    AT_LEAST = "at_least"
    #: The number is above the figure ("over 400").
    MORE_THAN = "more_than"
    #: The number is the figure or fewer ("up to 50").
    AT_MOST = "at_most"
    #: The number is below the figure ("fewer than 50").
    FEWER_THAN = "fewer_than"


#: The least figure a qualifier admits where that is more than 0: "fewer than 0" admits no count.
FLOORS: Mapping[Qualifier, int] = MappingProxyType({Qualifier.FEWER_THAN: 1})
#: The greatest figure a qualifier admits where that is less than `MAX_VALUE`: the least count
#: "more than MAX_VALUE" allows would be a number no table or reader here holds.
CEILINGS: Mapping[Qualifier, int] = MappingProxyType({Qualifier.MORE_THAN: MAX_VALUE - 1})


class _Figure(WholeNumber):
    """The rule for `Quantity.value`: 0 to `MAX_VALUE`, within the qualifier's floor and ceiling."""

    __slots__ = ()

    def __call__(self, instance: object, _attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, int) or isinstance(value, bool):  # a guard for untyped callers
            msg = f"a quantity's value must be a whole number, got {value!r}"
            raise TypeError(msg)
        if value < self.minimum:
            msg = f"a quantity's value must be {self.minimum} or more, got {value}"
            raise InvalidFieldError("value", value, msg)
        if value > self.maximum:
            msg = (
                f"a quantity's value must be at most {self.maximum} (2**53 - 1, the largest "
                f"whole number every JSON reader holds exactly), got {value}"
            )
            raise InvalidFieldError("value", value, msg)
        assert isinstance(instance, Quantity)  # the rule of Quantity.value only
        floor = FLOORS.get(instance.qualifier, self.minimum)
        if value < floor:
            msg = f"'{instance}' admits no count; use a value of {floor} or more"
            raise InvalidFieldError("value", value, msg)
        ceiling = CEILINGS.get(instance.qualifier, self.maximum)
        if value > ceiling:
            msg = (
                f"'{instance}' admits no count up to {self.maximum}; "
                f"use 'at least' or a value of {ceiling} or less"
            )
            raise InvalidFieldError("value", value, msg)


@attrs.frozen
class Quantity:
    """A count as a source reports it: "over 400" is ``Quantity(400, Qualifier.MORE_THAN)``.

    Attributes:
        value: The figure the source gives, a whole number, 0 or more.
        qualifier: How the figure bounds the true count.
        as_stated: The source's own wording of the figure, when worth keeping.

    Example:
        >>> Quantity(400, Qualifier.MORE_THAN).minimum
        401
    """

    value: int = attrs.field(
        validator=_Figure(minimum=0, maximum=MAX_VALUE),
        metadata=doc("The figure the source gives, a whole number, 0 or more."),
    )
    qualifier: Qualifier = attrs.field(
        default=Qualifier.EXACT,
        validator=attrs.validators.instance_of(Qualifier),
        metadata=doc("How the figure bounds the true count."),
    )
    as_stated: str | None = attrs.field(
        default=None,
        validator=optional(Text(meaning="non-empty text", nonblank=True)),
        metadata=doc("The source's own wording of the figure, when worth keeping."),
    )

    @property
    def is_exact(self) -> bool:
        """Whether the figure is the count itself."""
        return self.qualifier is Qualifier.EXACT

    @property
    def bounds(self) -> Interval:
        """The counts the figure allows; "over 400" is ``Interval(401, None)``.

        An approximate figure ("about 300") sets no bound on either side; a
        count is never negative, so "at most 50" starts at 0.

        Example:
            >>> str(Quantity(400, Qualifier.MORE_THAN).bounds)
            'at least 401'
        """
        return Interval(self.minimum, self.maximum)

    @property
    def minimum(self) -> int | None:
        """The smallest count the figure allows, or None when it sets no lower bound (`bounds.low`)."""
        # Read without building the Interval: the audit asks this of every program.
        match self.qualifier:
            case Qualifier.EXACT | Qualifier.AT_LEAST:
                return self.value
            case Qualifier.MORE_THAN:
                return self.value + 1
            case Qualifier.AT_MOST | Qualifier.FEWER_THAN:
                return 0
            case Qualifier.APPROXIMATELY:
                return None

    @property
    def maximum(self) -> int | None:
        """The largest count the figure allows, or None when it sets no upper bound (`bounds.high`)."""
        match self.qualifier:
            case Qualifier.EXACT | Qualifier.AT_MOST:
                return self.value
            case Qualifier.FEWER_THAN:
                return self.value - 1
            case Qualifier.AT_LEAST | Qualifier.MORE_THAN | Qualifier.APPROXIMATELY:
                return None

    def __str__(self) -> str:
        prefix = {
            Qualifier.EXACT: "",
            Qualifier.APPROXIMATELY: "about ",
            Qualifier.AT_LEAST: "at least ",
            Qualifier.MORE_THAN: "over ",
            Qualifier.AT_MOST: "at most ",
            Qualifier.FEWER_THAN: "fewer than ",
        }[self.qualifier]
        return f"{prefix}{self.value}"
