"""The errors ustb-coop raises, all under `UstbCoopError`."""

from __future__ import annotations

import attrs

#: How many problems a `DatasetError` message lists before it summarizes the rest.
MESSAGE_PROBLEM_LIMIT = 50
#: How many problems one `DatasetError` holds; the loader stops looking once it has found them.
MAX_PROBLEMS = 1000
#: How many known ids an `UnknownPartnershipError` message lists before it counts the rest.
LISTED_KNOWN_IDS = 10
#: How many characters of a value from the data a message quotes before it cuts it short.
QUOTED_CHARACTERS = 60


def quote(value: object) -> str:
    """The repr of *value* for a message, cut short past `QUOTED_CHARACTERS` characters.

    Example:
        >>> quote("rwth-aachen")
        "'rwth-aachen'"
        >>> len(quote("x" * 100)), quote("x" * 100)[-5:]
        (60, 'xx...')
    """
    shown = repr(value)
    if len(shown) > QUOTED_CHARACTERS:
        return shown[: QUOTED_CHARACTERS - 3] + "..."
    return shown


class UstbCoopError(Exception):
    """Base class of every error ustb-coop raises on purpose."""


#: A place in a dataset: the keys and list positions from the top, like
#: ``("partnerships", 1, "milestones", 0, "on")``; empty for the whole document.
Location = tuple[str | int, ...]


def render_location(location: Location) -> str:
    """The text of *location*, like ``partnerships[1].milestones[0].on``; empty for the whole document.

    Example:
        >>> render_location(("partnerships", 1, "milestones", 0, "on"))
        'partnerships[1].milestones[0].on'
    """
    text = ""
    for step in location:
        if isinstance(step, int):
            text += f"[{step}]"
        else:
            text += f".{step}" if text else step
    return text


def _check_location(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, tuple) or not all(isinstance(step, str | int) for step in value):
        msg = f"a location is a tuple of keys (str) and positions (int), got {value!r}"
        raise TypeError(msg)


@attrs.frozen
class Problem:
    """One thing wrong with a dataset: where it is and what is wrong.

    Attributes:
        location: Where in the data, as keys and list positions from the top,
            like ``("partnerships", 1, "milestones", 0, "on")``; empty for the
            document as a whole.
        message: What is wrong and, where it helps, what would be valid.
    """

    location: Location = attrs.field(validator=_check_location)
    message: str

    @property
    def path(self) -> str:
        """The location as text, like ``partnerships[1].milestones[0].on``."""
        return render_location(self.location)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.location else self.message


class DatasetError(UstbCoopError, ValueError):
    """A dataset file or text is not valid; nothing of it was loaded.

    Attributes:
        source: The file name, or a label like ``<string>`` for text.
        problems: Every problem found: those of each record in document order, then
            duplicate ids and references that point nowhere; at most
            `MAX_PROBLEMS`, and a last one saying how many more there were.
    """

    def __init__(self, source: str, problems: tuple[Problem, ...]) -> None:
        if len(problems) > MAX_PROBLEMS:
            more = len(problems) - MAX_PROBLEMS
            problems = (*problems[:MAX_PROBLEMS], Problem((), f"... and {more:,} more problems, not kept"))
        self.source = source
        self.problems = problems
        lines = [str(problem) for problem in problems[:MESSAGE_PROBLEM_LIMIT]]
        if len(problems) > MESSAGE_PROBLEM_LIMIT:
            lines.append(f"... and {len(problems) - MESSAGE_PROBLEM_LIMIT} more (see .problems)")
        noun = "problem" if len(problems) == 1 else "problems"
        header = f"{source}: {len(problems)} {noun} in dataset"
        super().__init__("\n".join([header, *(f"  {line}" for line in lines)]))

    def __reduce__(self) -> tuple[type[DatasetError], tuple[str, tuple[Problem, ...]]]:
        return type(self), (self.source, self.problems)


class InvalidFieldError(UstbCoopError, ValueError):
    """A model attribute was given a value it cannot hold.

    Attributes:
        field: The attribute's name.
        value: The offending value.
    """

    def __init__(self, field: str, value: object, message: str) -> None:
        self.field = field
        self.value = value
        super().__init__(message)

    def __reduce__(self) -> tuple[type[InvalidFieldError], tuple[str, object, str]]:
        return type(self), (self.field, self.value, str(self))


class UnknownPartnershipError(UstbCoopError, KeyError):
    """A dataset has no partnership with the id asked for.

    Attributes:
        id: The id that was asked for.
        known: The ids the dataset does have.
        suggestion: The closest known id, or None when none is close (or the
            dataset is too large to look for one cheaply).

    The message lists the first `LISTED_KNOWN_IDS` known ids and counts the rest.
    """

    def __init__(self, id: str, known: tuple[str, ...], suggestion: str | None) -> None:  # noqa: A002 - mirrors Partnership.id
        self.id = id
        self.known = known
        self.suggestion = suggestion
        super().__init__(id)

    def __reduce__(self) -> tuple[type[UnknownPartnershipError], tuple[str, tuple[str, ...], str | None]]:
        return type(self), (self.id, self.known, self.suggestion)

    def __str__(self) -> str:
        hint = f" Did you mean {self.suggestion!r}?" if self.suggestion else ""
        listed = ", ".join(repr(k) for k in self.known[:LISTED_KNOWN_IDS]) or "none"
        if len(self.known) > LISTED_KNOWN_IDS:
            listed += f" and {len(self.known) - LISTED_KNOWN_IDS:,} more"
        return f"no partnership with id {self.id!r}.{hint} Known ids: {listed}."
