"""Reported figures that may be exact, approximate or only a bound."""

from __future__ import annotations

import enum

import attrs

from ustb_coop.exceptions import InvalidFieldError
from ustb_coop.model._intervals import Interval

#: The largest count a Quantity holds: what SQLite and most JSON readers hold exactly as an integer.
MAX_VALUE = 2**63 - 1


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


def _check_value(instance: Quantity, _attribute: object, value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool):  # a guard for untyped callers
        msg = f"a quantity's value must be a whole number, got {value!r}"
        raise TypeError(msg)
    if value < 0:
        msg = f"a quantity's value must be 0 or more, got {value}"
        raise InvalidFieldError("value", value, msg)
    if value > MAX_VALUE:
        msg = f"a quantity's value must be at most {MAX_VALUE} (2**63 - 1), got {value}"
        raise InvalidFieldError("value", value, msg)
    if value == 0 and instance.qualifier is Qualifier.FEWER_THAN:
        msg = "'fewer than 0' admits no count; use a value of 1 or more"
        raise InvalidFieldError("value", value, msg)
    # Its lower bound, MAX_VALUE + 1, would be a count no table or reader here holds.
    if value == MAX_VALUE and instance.qualifier is Qualifier.MORE_THAN:
        msg = f"'more than {MAX_VALUE}' admits no count up to {MAX_VALUE}; use 'at least' or a smaller value"
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

    value: int = attrs.field(validator=_check_value)
    qualifier: Qualifier = attrs.field(
        default=Qualifier.EXACT, validator=attrs.validators.instance_of(Qualifier)
    )
    as_stated: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(str))
    )

    @property
    def is_exact(self) -> bool:
        """Whether the figure is the count itself."""
        return self.qualifier is Qualifier.EXACT

    @property
    def bounds(self) -> Interval:
        """The counts the figure allows: "over 400" is ``Interval(401, None)``.

        An approximate figure ("about 300") sets no bound on either side; a
        count is never negative, so "at most 50" starts at 0.

        Example:
            >>> str(Quantity(400, Qualifier.MORE_THAN).bounds)
            'at least 401'
        """
        match self.qualifier:
            case Qualifier.EXACT:
                return Interval(self.value, self.value)
            case Qualifier.AT_LEAST:
                return Interval(self.value, None)
            case Qualifier.MORE_THAN:
                return Interval(self.value + 1, None)
            case Qualifier.AT_MOST:
                return Interval(0, self.value)
            case Qualifier.FEWER_THAN:
                return Interval(0, self.value - 1)
            case Qualifier.APPROXIMATELY:
                return Interval(None, None)

    @property
    def minimum(self) -> int | None:
        """The smallest count the figure allows, or None when it sets no lower bound (`bounds.low`)."""
        return self.bounds.low

    @property
    def maximum(self) -> int | None:
        """The largest count the figure allows, or None when it sets no upper bound (`bounds.high`)."""
        return self.bounds.high

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
