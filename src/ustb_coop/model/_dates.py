"""Dates known to the year, the month or the day."""

from __future__ import annotations

import calendar
import datetime
import enum
import re

import attrs

_ISO_REDUCED = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")  # ASCII digits only


class DatePrecision(enum.Enum):
    """How much of a `PartialDate` is known."""

    #: Only the year is known ("1979").
    YEAR = "year"
    #: The year and the month are known ("2014-05").
    MONTH = "month"
    #: The full calendar day is known ("2015-03-02").
    DAY = "day"


def _check_calendar(instance: PartialDate, _attribute: object, _value: int) -> None:
    """Reject combinations that name no real day, month or year."""
    year, month, day = instance.year, instance.month, instance.day
    for name, part in (("year", year), ("month", month), ("day", day)):
        if part is not None and (not isinstance(part, int) or isinstance(part, bool)):
            msg = f"PartialDate {name} must be an int, got {part!r}"
            raise TypeError(msg)
    if not 1 <= year <= 9999:  # noqa: PLR2004 - the range datetime.date accepts
        msg = f"PartialDate year must be between 1 and 9999, got {year}"
        raise ValueError(msg)
    if month is None:
        if day is not None:
            msg = f"PartialDate day {day} needs a month"
            raise ValueError(msg)
        return
    if not 1 <= month <= 12:  # noqa: PLR2004 - months of the year
        msg = f"PartialDate month must be between 1 and 12, got {month}"
        raise ValueError(msg)
    if day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            msg = f"PartialDate day must be between 1 and {last} in {year:04d}-{month:02d}, got {day}"
            raise ValueError(msg)


@attrs.frozen(order=False, repr=False)
class PartialDate:
    """A calendar date known to the year, the month or the day.

    Ordered by `earliest`, then by `latest`, so a coarser date sorts after
    the finer dates it contains ("1979-01-01" < "1979-01" < "1979").

    Attributes:
        year: The year, 1 to 9999.
        month: The month, 1 to 12, or None when only the year is known.
        day: The day of the month, or None when it is not known.

    Example:
        >>> PartialDate.parse("2014-05").latest
        datetime.date(2014, 5, 31)
    """

    year: int = attrs.field(validator=_check_calendar)
    month: int | None = None
    day: int | None = None
    # The ISO text, made once: every dump, export and message writes it, often many times.
    _text: str = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        year, month, day = self.year, self.month, self.day
        if month is None:
            text = f"{year:04d}"
        elif day is None:
            text = f"{year:04d}-{month:02d}"
        else:
            text = f"{year:04d}-{month:02d}-{day:02d}"
        object.__setattr__(self, "_text", text)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read an ISO 8601 reduced-precision date: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

        Raises:
            ValueError: The text is not one of those forms or names no real date.
        """
        if not isinstance(text, str):  # a guard for untyped callers
            msg = f"a partial date must be a string like '1979', '2014-05' or '2015-03-02', got {text!r}"
            raise TypeError(msg)
        match = _ISO_REDUCED.fullmatch(text)
        if match is None:
            msg = f"invalid partial date {text!r}: expected YYYY, YYYY-MM or YYYY-MM-DD"
            raise ValueError(msg)
        year_text, month_text, day_text = match.groups()
        year = int(year_text)
        month = None if month_text is None else int(month_text)
        day = None if day_text is None else int(day_text)
        if cls is PartialDate and text.__class__ is str and _names_a_date(year, month, day):
            # What __init__ would make, and the text it would write: the pattern's fixed widths
            # make *text* the ISO form. Loaders parse every date of a file here.
            date = _NEW(PartialDate)
            _SET_YEAR(date, year)
            _SET_MONTH(date, month)
            _SET_DAY(date, day)
            _SET_TEXT(date, text)
            return date
        try:
            return cls(year, month, day)
        except ValueError as error:
            msg = f"invalid partial date {text!r}: {error}"
            raise ValueError(msg) from None

    @classmethod
    def from_date(cls, date: datetime.date) -> PartialDate:
        """Make a day-precision PartialDate from a `datetime.date`."""
        return cls(date.year, date.month, date.day)

    @property
    def precision(self) -> DatePrecision:
        """Which parts of the date are known."""
        if self.month is None:
            return DatePrecision.YEAR
        if self.day is None:
            return DatePrecision.MONTH
        return DatePrecision.DAY

    @property
    def earliest(self) -> datetime.date:
        """The first day the date could mean."""
        return datetime.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> datetime.date:
        """The last day the date could mean."""
        if self.month is None:
            return datetime.date(self.year, 12, 31)
        if self.day is None:
            return datetime.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return datetime.date(self.year, self.month, self.day)

    def contains(self, date: datetime.date) -> bool:
        """Whether *date* falls within the span this partial date covers."""
        return self.earliest <= date <= self.latest

    def isoformat(self) -> str:
        """The ISO 8601 reduced-precision text, the inverse of `parse`."""
        return self._text

    def __str__(self) -> str:
        return self.isoformat()

    def __format__(self, spec: str) -> str:
        return format(self.isoformat(), spec)

    def __repr__(self) -> str:
        return f"PartialDate.parse({self.isoformat()!r})"

    def _key(self) -> tuple[datetime.date, datetime.date]:
        return order_key(self)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() >= other._key()


def order_key(date: PartialDate) -> tuple[datetime.date, datetime.date]:
    """The key `PartialDate` is ordered by: `earliest`, then `latest`.

    Sorting many dates by this key computes it once per date, where the
    rich comparisons compute it twice per comparison.

    Example:
        >>> sorted([PartialDate(1979), PartialDate(1979, 1)], key=order_key)
        [PartialDate.parse('1979-01'), PartialDate.parse('1979')]
    """
    return (date.earliest, date.latest)


# Days in each month of a common year, by month number.
_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_FEBRUARY, _LEAP_DAY = 2, 29


def _names_a_date(year: int, month: int | None, day: int | None) -> bool:
    """Whether the parts, each a whole number, pass `_check_calendar`, in a few comparisons."""
    if year < 1:
        return False
    if month is None:
        return day is None
    if not 1 <= month <= 12:  # noqa: PLR2004 - months of the year
        return False
    return day is None or (
        1 <= day <= _MONTH_DAYS[month] or (month == _FEBRUARY and day == _LEAP_DAY and calendar.isleap(year))
    )


_NEW = object.__new__
_SET_YEAR = PartialDate.__dict__["year"].__set__
_SET_MONTH = PartialDate.__dict__["month"].__set__
_SET_DAY = PartialDate.__dict__["day"].__set__
_SET_TEXT = PartialDate.__dict__["_text"].__set__
