"""The typed model of cooperation: organizations, sources and partnerships.

The classes know nothing about files; ``ustb_coop.io`` reads and writes them.
"""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Callable, Iterator
from typing import Any, Literal, TypeVar

import attrs

from ustb_coop.exceptions import InvalidFieldError, quote
from ustb_coop.model._dates import DatePrecision, PartialDate
from ustb_coop.model._display import render_html
from ustb_coop.model._quantities import Quantity
from ustb_coop.model._rules import (
    LARGEST_EXACT_INTEGER,
    InstanceOrNone,
    PreciseEnough,
    Text,
    TextItems,
    TupleOf,
    WholeNumber,
    doc,
    optional,
)

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_COUNTRY = re.compile(r"[A-Z]{2}")

#: The years a founding year may take, as `datetime.date` allows.
YEARS = (1, 9999)
#: The ids a GeoNames id may take: positive, and no larger than every JSON reader holds exactly.
GEONAMES_IDS = (1, LARGEST_EXACT_INTEGER)

#: Separates values where a table holds a list in one cell; kept out of the values themselves.
LIST_SEPARATOR = "; "

# What each kind of field may hold; see `_rules`.
_SLUG_TEXT = Text(
    meaning="a slug of lowercase letters, digits and single hyphens (like 'rwth-aachen')", pattern=_SLUG
)
_COUNTRY_CODE = Text(meaning="an ISO 3166-1 alpha-2 code like 'DE'", pattern=_COUNTRY, optional=True)
_NONBLANK_TEXT = Text(meaning="non-empty text", nonblank=True)
# Text that is not stated is None; text that is stated says something, so tables can write
# "not stated" one way (an empty cell, NULL) without confusing it with empty text.
_OPTIONAL_TEXT = optional(_NONBLANK_TEXT)
_FIELD_NAMES = TextItems(
    item=Text(
        meaning=f"non-empty text without {LIST_SEPARATOR.strip()!r}, which separates fields in table exports",
        nonblank=True,
        excluded=LIST_SEPARATOR.strip(),
    )
)
_YEAR = WholeNumber(minimum=YEARS[0], maximum=YEARS[1], optional=True)
_GEONAMES_ID = WholeNumber(minimum=GEONAMES_IDS[0], maximum=GEONAMES_IDS[1], optional=True)


def _instance(kind: type) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    return attrs.validators.instance_of(kind)


class OrganizationKind(enum.Enum):
    """What sort of body an organization is."""

    #: A university or other degree-granting institution.
    UNIVERSITY = "university"
    #: A business.
    COMPANY = "company"
    #: A ministry or other public authority.
    GOVERNMENT = "government"
    #: A research institute outside a university.
    RESEARCH_INSTITUTE = "research_institute"
    #: Anything else.
    OTHER = "other"


class IdentifierScheme(enum.Enum):
    """A registry that gives organizations persistent identifiers."""

    #: The Research Organization Registry, as the full ``https://ror.org/...`` URL.
    ROR = "ror"
    #: Wikidata, as the item id (``Q273263``).
    WIKIDATA = "wikidata"


class PartnershipKind(enum.Enum):
    """Who the partner is to the home institution."""

    #: A partnership between academic institutions.
    ACADEMIC = "academic"
    #: A partnership between an academic institution and a company.
    INDUSTRY = "industry"


class Activity(enum.Enum):
    """A kind of work a partnership carries out."""

    #: Students study or work at the other institution.
    STUDENT_EXCHANGE = "student_exchange"
    #: Teachers or other staff visit the other institution.
    STAFF_EXCHANGE = "staff_exchange"
    #: Experts and scholars meet through a shared platform.
    EXPERT_EXCHANGE = "expert_exchange"
    #: Exchanges about science, technology and innovation.
    SCIENTIFIC_EXCHANGE = "scientific_exchange"
    #: Research carried out together.
    JOINT_RESEARCH = "joint_research"
    #: Facilities, equipment or other resources are shared.
    RESOURCE_SHARING = "resource_sharing"
    #: Symposiums or conferences hosted together.
    SYMPOSIUMS = "symposiums"
    #: Training of students, staff or professionals.
    TRAINING = "training"
    #: Internships at the other side.
    INTERNSHIPS = "internships"
    #: Cultural exchange.
    CULTURAL_EXCHANGE = "cultural_exchange"


class MilestoneKind(enum.Enum):
    """What happened at a milestone."""

    #: A cooperation agreement was signed.
    AGREEMENT_SIGNED = "agreement_signed"
    #: A joint center was set up.
    CENTER_ESTABLISHED = "center_established"
    #: An exchange platform was set up.
    PLATFORM_ESTABLISHED = "platform_established"
    #: Joint projects were approved.
    PROJECTS_APPROVED = "projects_approved"
    #: A training course was held.
    TRAINING_COURSE_HELD = "training_course_held"
    #: An award was received.
    AWARD_RECEIVED = "award_received"
    #: A symposium was held.
    SYMPOSIUM_HELD = "symposium_held"
    #: Anything else.
    OTHER = "other"


class MetricKind(enum.Enum):
    """What a metric counts, from the home institution's point of view."""

    #: Students the home institution sent to the partner.
    STUDENTS_SENT = "students_sent"
    #: Students the partner sent to the home institution.
    STUDENTS_RECEIVED = "students_received"
    #: Staff the home institution sent to the partner.
    STAFF_SENT = "staff_sent"
    #: Staff the partner sent to the home institution.
    STAFF_RECEIVED = "staff_received"


class Frequency(enum.Enum):
    """How often a program recurs."""

    #: Once a year.
    YEARLY = "yearly"
    #: Once a month.
    MONTHLY = "monthly"
    #: Once a week.
    WEEKLY = "weekly"
    #: Once a day.
    DAILY = "daily"


#: The file strings of `PartnershipKind`, for callers that pass text.
PartnershipKindName = Literal["academic", "industry"]
#: The file strings of `Activity`, for callers that pass text.
ActivityName = Literal[
    "student_exchange",
    "staff_exchange",
    "expert_exchange",
    "scientific_exchange",
    "joint_research",
    "resource_sharing",
    "symposiums",
    "training",
    "internships",
    "cultural_exchange",
]
#: The file strings of `MetricKind`, for callers that pass text.
MetricKindName = Literal["students_sent", "students_received", "staff_sent", "staff_received"]

_E = TypeVar("_E", bound=enum.Enum)


def member(enum_type: type[_E], value: object, name: str) -> _E:
    """The member of *enum_type* that *value* is or names by its file string.

    Raises:
        ValueError: *value* is text that names no member; the message lists the valid strings.
        TypeError: *value* is neither a member nor text.
    """
    if isinstance(value, enum_type):
        return value
    valid = ", ".join(repr(each.value) for each in enum_type)
    if isinstance(value, str):
        try:
            return enum_type(value)
        except ValueError:
            msg = f"{name} must be one of {valid}, got {quote(value)}"
            raise ValueError(msg) from None
    msg = f"{name} must be a {enum_type.__name__} or one of {valid}, got {quote(value)}"
    raise TypeError(msg)


# A monthly program first held "in 2002" implies months nobody stated.
_FIRST_PRECISE_ENOUGH = PreciseEnough(
    by="frequency",
    needed={
        Frequency.YEARLY: DatePrecision.YEAR,
        Frequency.MONTHLY: DatePrecision.MONTH,
        Frequency.WEEKLY: DatePrecision.DAY,
        Frequency.DAILY: DatePrecision.DAY,
    },
    record="program",
    noun="first occurrence",
)


def _fields_repr(self: attrs.AttrsInstance) -> str:
    # The text attrs' own repr gives, ``City(name='Aachen', geonames_id=3247449)``, from one function
    # every record shares: attrs writes and compiles a repr for each class at import, about a third
    # of the time a class takes to make (docs/performance.md, "Startup"). Records are frozen and
    # hold only values, text and other records, so none can hold itself.
    shown = ", ".join(f"{field.name}={getattr(self, field.name)!r}" for field in attrs.fields(self.__class__))
    return f"{self.__class__.__qualname__.rsplit('>.', 1)[-1]}({shown})"


@attrs.frozen(kw_only=True, repr=False)
class Citation:
    """Where a fact comes from.

    Attributes:
        source: The id of a `Source` in the same dataset.
        section: The id of a section of that source, or None for the whole source.
    """

    __repr__ = _fields_repr

    source: str = attrs.field(validator=_SLUG_TEXT, metadata=doc("The id of a Source in the same dataset."))
    section: str | None = attrs.field(
        default=None,
        validator=_OPTIONAL_TEXT,
        metadata=doc("The id of a section of that source, or None for the whole source."),
    )


@attrs.frozen(kw_only=True, repr=False)
class Section:
    """A part of a source that citations can point to.

    Attributes:
        id: The section's id, unique within its source.
        title: The section's heading.
    """

    __repr__ = _fields_repr

    id: str = attrs.field(
        validator=_NONBLANK_TEXT, metadata=doc("The section's id, unique within its source.")
    )
    title: str = attrs.field(validator=_NONBLANK_TEXT, metadata=doc("The section's heading."))


@attrs.frozen(kw_only=True, repr=False)
class Source:
    """A document or record that facts are taken from.

    Attributes:
        id: A slug, unique in the dataset.
        title: The document's title.
        publisher: Who published it, when known.
        published: When it was published or last modified, when known.
        url: Where to read it, when known.
        sections: The parts citations may name.
    """

    __repr__ = _fields_repr

    id: str = attrs.field(validator=_SLUG_TEXT, metadata=doc("A slug, unique in the dataset."))
    title: str = attrs.field(validator=_NONBLANK_TEXT, metadata=doc("The document's title."))
    publisher: str | None = attrs.field(
        default=None, validator=_OPTIONAL_TEXT, metadata=doc("Who published it, when known.")
    )
    published: PartialDate | None = attrs.field(
        default=None,
        validator=InstanceOrNone(PartialDate),
        metadata=doc("When it was published or last modified, when known."),
    )
    url: str | None = attrs.field(
        default=None, validator=_OPTIONAL_TEXT, metadata=doc("Where to read it, when known.")
    )
    sections: tuple[Section, ...] = attrs.field(
        default=(), validator=TupleOf(Section), metadata=doc("The parts citations may name.")
    )


@attrs.frozen(kw_only=True, repr=False)
class LocalizedName:
    """A name in a given language.

    Attributes:
        text: The name.
        language: Its BCP 47 language tag ("zh", "de"), or None when unknown.
    """

    __repr__ = _fields_repr

    text: str = attrs.field(validator=_NONBLANK_TEXT, metadata=doc("The name."))
    language: str | None = attrs.field(
        default=None,
        validator=_OPTIONAL_TEXT,
        metadata=doc('Its BCP 47 language tag ("zh", "de"), or None when unknown.'),
    )


@attrs.frozen(kw_only=True, repr=False)
class City:
    """A city an organization is seated in.

    Attributes:
        name: The city's English name.
        geonames_id: Its GeoNames id, when known.
    """

    __repr__ = _fields_repr

    name: str = attrs.field(validator=_NONBLANK_TEXT, metadata=doc("The city's English name."))
    geonames_id: int | None = attrs.field(
        default=None, validator=_GEONAMES_ID, metadata=doc("Its GeoNames id, when known.")
    )


@attrs.frozen(kw_only=True, repr=False)
class Identifier:
    """An organization's id in an outside registry, with where it was read.

    Attributes:
        scheme: The registry.
        value: The id as that registry writes it.
        citation: The record the id was read from.
    """

    __repr__ = _fields_repr

    scheme: IdentifierScheme = attrs.field(
        validator=_instance(IdentifierScheme), metadata=doc("The registry.")
    )
    value: str = attrs.field(validator=_NONBLANK_TEXT, metadata=doc("The id as that registry writes it."))
    citation: Citation = attrs.field(
        validator=_instance(Citation), metadata=doc("The record the id was read from.")
    )


@attrs.frozen(kw_only=True, repr=False)
class Organization:
    """A university, company or other body that takes part in partnerships.

    Attributes:
        id: A slug, unique in the dataset ("rwth-aachen").
        name: The English name.
        kind: What sort of body it is.
        short_name: An acronym or short form ("RWTH"), when there is one.
        other_names: Names in other languages and aliases.
        country: ISO 3166-1 alpha-2 code, when known.
        city: The seat, when known.
        established: The founding year, when known.
        identifiers: Ids in outside registries, each with its provenance.
        citations: Where the country, city and founding year were read.
    """

    __repr__ = _fields_repr

    id: str = attrs.field(
        validator=_SLUG_TEXT, metadata=doc('A slug, unique in the dataset ("rwth-aachen").')
    )
    name: str = attrs.field(validator=_NONBLANK_TEXT, metadata=doc("The English name."))
    kind: OrganizationKind = attrs.field(
        validator=_instance(OrganizationKind), metadata=doc("What sort of body it is.")
    )
    short_name: str | None = attrs.field(
        default=None,
        validator=_OPTIONAL_TEXT,
        metadata=doc('An acronym or short form ("RWTH"), when there is one.'),
    )
    other_names: tuple[LocalizedName, ...] = attrs.field(
        default=(), validator=TupleOf(LocalizedName), metadata=doc("Names in other languages and aliases.")
    )
    country: str | None = attrs.field(
        default=None, validator=_COUNTRY_CODE, metadata=doc("ISO 3166-1 alpha-2 code, when known.")
    )
    city: City | None = attrs.field(
        default=None, validator=InstanceOrNone(City), metadata=doc("The seat, when known.")
    )
    established: int | None = attrs.field(
        default=None, validator=_YEAR, metadata=doc("The founding year, when known.")
    )
    identifiers: tuple[Identifier, ...] = attrs.field(
        default=(),
        validator=TupleOf(Identifier),
        metadata=doc("Ids in outside registries, each with its provenance."),
    )
    citations: tuple[Citation, ...] = attrs.field(
        default=(),
        validator=TupleOf(Citation),
        metadata=doc("Where the country, city and founding year were read."),
    )

    def identifier(self, scheme: IdentifierScheme) -> str | None:
        """The organization's id in *scheme*, or None when it has none."""
        return next((i.value for i in self.identifiers if i.scheme is scheme), None)


@attrs.frozen(kw_only=True, repr=False)
class Milestone:
    """An event in a partnership.

    Attributes:
        kind: What happened.
        title: A short title.
        citation: Where the event is reported.
        on: When it happened, or None when the source gives no date.
        count: How many of a thing it involved ("two projects"), when stated.
        actor: The id of the organization that acted (approved, awarded, held), when stated.
        description: What happened, in this dataset's own words.
    """

    __repr__ = _fields_repr

    kind: MilestoneKind = attrs.field(validator=_instance(MilestoneKind), metadata=doc("What happened."))
    title: str = attrs.field(validator=_NONBLANK_TEXT, metadata=doc("A short title."))
    citation: Citation = attrs.field(
        validator=_instance(Citation), metadata=doc("Where the event is reported.")
    )
    on: PartialDate | None = attrs.field(
        default=None,
        validator=InstanceOrNone(PartialDate),
        metadata=doc("When it happened, or None when the source gives no date."),
    )
    count: Quantity | None = attrs.field(
        default=None,
        validator=InstanceOrNone(Quantity),
        metadata=doc('How many of a thing it involved ("two projects"), when stated.'),
    )
    actor: str | None = attrs.field(
        default=None,
        validator=optional(_SLUG_TEXT),
        metadata=doc("The id of the organization that acted (approved, awarded, held), when stated."),
    )
    description: str | None = attrs.field(
        default=None, validator=_OPTIONAL_TEXT, metadata=doc("What happened, in this dataset's own words.")
    )


@attrs.frozen(kw_only=True, repr=False)
class Metric:
    """A reported figure about a partnership.

    Attributes:
        kind: What is counted; SENT means from the home institution to the partner.
        value: The figure, possibly a bound ("over 400").
        as_of: When the source reported it.
        citation: Where it is reported.
        note: What the figure is for ("further study"), when stated.
    """

    __repr__ = _fields_repr

    kind: MetricKind = attrs.field(
        validator=_instance(MetricKind),
        metadata=doc("What is counted; SENT means from the home institution to the partner."),
    )
    value: Quantity = attrs.field(
        validator=_instance(Quantity), metadata=doc('The figure, possibly a bound ("over 400").')
    )
    as_of: PartialDate = attrs.field(
        validator=_instance(PartialDate), metadata=doc("When the source reported it.")
    )
    citation: Citation = attrs.field(validator=_instance(Citation), metadata=doc("Where it is reported."))
    note: str | None = attrs.field(
        default=None,
        validator=_OPTIONAL_TEXT,
        metadata=doc('What the figure is for ("further study"), when stated.'),
    )


def _truncate(moment: datetime.datetime, precision: DatePrecision) -> PartialDate:
    match precision:
        case DatePrecision.YEAR:
            return PartialDate(moment.year)
        case DatePrecision.MONTH:
            return PartialDate(moment.year, moment.month)
        case DatePrecision.DAY:
            return PartialDate(moment.year, moment.month, moment.day)


@attrs.frozen(kw_only=True, repr=False)
class Program:
    """A recurring activity, such as an annual exchange program.

    Attributes:
        name: The program's name.
        frequency: How often it recurs.
        citation: Where it is reported.
        first: Its first occurrence, when known; at least as precise as the
            frequency (a monthly program's first month, a weekly one's first day).
        times_held: How many times it has been held, when stated.
        as_of: When the count was reported, when known; occurrences after
            it are what the count implies, not what a source reports.
        description: What it is, in this dataset's own words.
    """

    __repr__ = _fields_repr

    name: str = attrs.field(validator=_NONBLANK_TEXT, metadata=doc("The program's name."))
    frequency: Frequency = attrs.field(validator=_instance(Frequency), metadata=doc("How often it recurs."))
    citation: Citation = attrs.field(validator=_instance(Citation), metadata=doc("Where it is reported."))
    first: PartialDate | None = attrs.field(
        default=None,
        validator=_FIRST_PRECISE_ENOUGH,
        metadata=doc(
            "Its first occurrence, when known; at least as precise as the frequency "
            "(a monthly program's first month, a weekly one's first day)."
        ),
    )
    times_held: Quantity | None = attrs.field(
        default=None,
        validator=InstanceOrNone(Quantity),
        metadata=doc("How many times it has been held, when stated."),
    )
    as_of: PartialDate | None = attrs.field(
        default=None,
        validator=InstanceOrNone(PartialDate),
        metadata=doc(
            "When the count was reported, when known; occurrences after "
            "it are what the count implies, not what a source reports."
        ),
    )
    description: str | None = attrs.field(
        default=None, validator=_OPTIONAL_TEXT, metadata=doc("What it is, in this dataset's own words.")
    )

    def occurrences(self, until: datetime.date | None = None) -> Iterator[PartialDate]:
        """Yield the dates the first occurrence and the count imply, oldest first.

        The count's lower bound is used (an approximate count its figure).
        Dates after `as_of` are what the count implies, not what a source
        reports; listings mark them so. Each date has the
        precision of `first`. A yearly or monthly program first held on the
        29th to 31st falls on the last day of shorter months. Nothing is
        yielded when `first` or `times_held` is unknown.

        Args:
            until: Stop after this day, when given.
        """
        if self.first is None or self.times_held is None:
            return
        count = self.times_held.minimum
        if count is None:
            count = self.times_held.value
        start = self.first.earliest
        month_end: dict[str, Any] = {}
        if self.frequency in (Frequency.YEARLY, Frequency.MONTHLY):
            # A start on the 29th to 31st falls back to the last day of shorter
            # months instead of skipping them, as plain rrule would.
            month_end = {"bymonthday": (start.day, -1), "bysetpos": 1}
            if self.frequency is Frequency.YEARLY:
                month_end["bymonth"] = start.month
        # Imported here, not with the model: only counting occurrences needs it (docs/performance.md).
        from dateutil import rrule  # noqa: PLC0415

        frequencies: dict[Frequency, Literal[0, 1, 2, 3, 4, 5, 6]] = {
            Frequency.YEARLY: rrule.YEARLY,
            Frequency.MONTHLY: rrule.MONTHLY,
            Frequency.WEEKLY: rrule.WEEKLY,
            Frequency.DAILY: rrule.DAILY,
        }
        rule = rrule.rrule(
            frequencies[self.frequency],
            dtstart=datetime.datetime(start.year, start.month, start.day),  # noqa: DTZ001 - calendar dates
            count=count,
            **month_end,
        )
        moments = iter(rule)
        while True:
            try:
                moment = next(moments)
            except (StopIteration, ValueError):  # ValueError: past 9999-12-31, where dates end
                return
            if until is not None and moment.date() > until:
                return
            yield _truncate(moment, self.first.precision)


@attrs.frozen(kw_only=True, repr=False)
class Partnership:
    """A cooperation between a home institution and a partner.

    Attributes:
        id: A slug, unique in the dataset ("rwth-aachen").
        home: The institution whose point of view the figures take.
        partner: The other side.
        kind: Academic or industry.
        started: When the cooperation began.
        citations: Where the partnership is described.
        ended: When it ended, or None when no source reports an end.
        confirmed: The latest day a cited source shows the partnership
            running, or None when unknown; nothing after it is known.
        activities: The kinds of work it carries out.
        fields: Research areas, in the source's terms.
        milestones: Events, in the order the source gives them.
        metrics: Reported figures.
        programs: Recurring activities.
        summary: What the partnership is, in this dataset's own words.
    """

    id: str = attrs.field(
        validator=_SLUG_TEXT, metadata=doc('A slug, unique in the dataset ("rwth-aachen").')
    )
    home: Organization = attrs.field(
        validator=_instance(Organization),
        metadata=doc("The institution whose point of view the figures take."),
    )
    partner: Organization = attrs.field(validator=_instance(Organization), metadata=doc("The other side."))
    kind: PartnershipKind = attrs.field(
        validator=_instance(PartnershipKind), metadata=doc("Academic or industry.")
    )
    started: PartialDate = attrs.field(
        validator=_instance(PartialDate), metadata=doc("When the cooperation began.")
    )
    citations: tuple[Citation, ...] = attrs.field(
        default=(), validator=TupleOf(Citation), metadata=doc("Where the partnership is described.")
    )
    ended: PartialDate | None = attrs.field(
        default=None,
        validator=InstanceOrNone(PartialDate),
        metadata=doc("When it ended, or None when no source reports an end."),
    )
    confirmed: PartialDate | None = attrs.field(
        default=None,
        validator=InstanceOrNone(PartialDate),
        metadata=doc(
            "The latest day a cited source shows the partnership "
            "running, or None when unknown; nothing after it is known."
        ),
    )
    activities: tuple[Activity, ...] = attrs.field(
        default=(), validator=TupleOf(Activity), metadata=doc("The kinds of work it carries out.")
    )
    fields: tuple[str, ...] = attrs.field(
        default=(), validator=_FIELD_NAMES, metadata=doc("Research areas, in the source's terms.")
    )
    milestones: tuple[Milestone, ...] = attrs.field(
        default=(),
        validator=TupleOf(Milestone),
        metadata=doc("Events, in the order the source gives them."),
    )
    metrics: tuple[Metric, ...] = attrs.field(
        default=(), validator=TupleOf(Metric), metadata=doc("Reported figures.")
    )
    programs: tuple[Program, ...] = attrs.field(
        default=(), validator=TupleOf(Program), metadata=doc("Recurring activities.")
    )
    summary: str | None = attrs.field(
        default=None,
        validator=_OPTIONAL_TEXT,
        metadata=doc("What the partnership is, in this dataset's own words."),
    )

    def __repr__(self) -> str:
        span = f"since {self.started}" if self.ended is None else f"{self.started} to {self.ended}"
        if self.confirmed is not None:
            span += f", confirmed to {self.confirmed}"
        return f"<Partnership {self.id}: {self.home.id} with {self.partner.id}, {self.kind.value}, {span}>"

    @ended.validator
    def _ended_after_start(
        self, _attribute: attrs.Attribute[PartialDate | None], value: PartialDate | None
    ) -> None:
        if value is not None and value.latest < self.started.earliest:
            msg = f"ended {value} is before started {self.started}"
            raise InvalidFieldError("ended", value, msg)

    def _repr_html_(self) -> str:
        """Both sides, then tables of milestones, figures and programs, for Jupyter's rich display."""
        return render_html(self)
