"""Whole numbers known only between two bounds, and sound arithmetic on them."""

from __future__ import annotations

import attrs


def _check_bound(_instance: object, attribute: attrs.Attribute[int | None], value: object) -> None:
    # bool is an int subclass, but True is no bound.
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        msg = f"an Interval's {attribute.name} must be a whole number or None (unbounded), got {value!r}"
        raise TypeError(msg)


def _check_order(instance: Interval, _attribute: object, high: int | None) -> None:
    if instance.low is not None and high is not None and instance.low > high:
        msg = f"an Interval's low must not exceed its high, got low={instance.low} and high={high}"
        raise ValueError(msg)


def _add(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a + b


@attrs.frozen(repr=False)
class Interval:
    """A whole number known to lie between two bounds, both included.

    Arithmetic is sound: the sum or difference of two intervals contains the
    sum or difference of any two of their members, so a figure known only
    as a bound stays a bound through every computation. The interval is a
    general one of integers; it does not stop at 0.

    ``str`` reads ``41`` (exact), ``40–41`` (an en dash; ``-5 to -3`` when the
    low end is negative), ``at least 401``, ``at most 5`` or ``unknown``.

    Attributes:
        low: The smallest value possible, or None when there is no lower bound.
        high: The largest value possible, or None when there is no upper bound.

    Example:
        >>> str(Interval(401, None) - Interval(150, 150))
        'at least 251'
        >>> str(Interval(40, 41)), 41 in Interval(40, 41)
        ('40–41', True)
    """

    low: int | None = attrs.field(validator=_check_bound)
    high: int | None = attrs.field(validator=[_check_bound, _check_order])

    @classmethod
    def exactly(cls, value: int) -> Interval:
        """The interval holding *value* alone."""
        return cls(value, value)

    @property
    def is_exact(self) -> bool:
        """Whether the value is known, both bounds set and equal."""
        return self.low is not None and self.low == self.high

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, int) or isinstance(value, bool):
            return False
        return (self.low is None or self.low <= value) and (self.high is None or value <= self.high)

    def __add__(self, other: Interval | int) -> Interval:
        if isinstance(other, bool) or not isinstance(other, Interval | int):
            return NotImplemented
        if isinstance(other, int):
            other = Interval.exactly(other)
        return Interval(_add(self.low, other.low), _add(self.high, other.high))

    __radd__ = __add__

    def __neg__(self) -> Interval:
        return Interval(None if self.high is None else -self.high, None if self.low is None else -self.low)

    def __sub__(self, other: Interval | int) -> Interval:
        if isinstance(other, bool) or not isinstance(other, Interval | int):
            return NotImplemented
        if isinstance(other, int):
            other = Interval.exactly(other)
        return self + -other

    def __rsub__(self, other: int) -> Interval:
        if isinstance(other, bool) or not isinstance(other, int):
            return NotImplemented
        return Interval.exactly(other) - self

    def __str__(self) -> str:
        if self.low is None and self.high is None:
            return "unknown"
        if self.high is None:
            return f"at least {self.low}"
        if self.low is None:
            return f"at most {self.high}"
        if self.low == self.high:
            return str(self.low)
        # "-5–-3" would read as a subtraction; a range with a negative end is spelt out.
        separator = " to " if self.low < 0 else "\N{EN DASH}"
        return f"{self.low}{separator}{self.high}"

    def __repr__(self) -> str:
        return f"Interval({self.low!r}, {self.high!r})"
