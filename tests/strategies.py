"""Hypothesis strategies for the ustb-coop model: the one place they live.

`datasets()` builds coherent datasets, ones the loader accepts: ids are
unique, every citation names an existing source and section, and every
home, partner and actor names an existing organization.
"""

from __future__ import annotations

import calendar
import datetime
import re
import string
from collections.abc import Sequence
from typing import TypeVar

from hypothesis import strategies as st

import ustb_coop as uc
from ustb_coop.exceptions import Location

_T = TypeVar("_T")

#: The largest figure a generated quantity states; TOML integers are 64-bit.
MAX_FIGURE = 10**6

_SLUG_PART = st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=6)

#: Any text, non-ASCII included (hypothesis leaves out lone surrogates).
any_text = st.text(max_size=20)

#: Text with something other than whitespace in it, as names, titles and any stated optional text must have.
non_blank_text = st.builds(
    lambda head, tail: head + tail,
    st.characters(categories=("Lu", "Ll", "Lo", "Nd")),
    any_text,
)


def slugs() -> st.SearchStrategy[str]:
    """Ids like ``rwth-aachen``: lowercase letters and digits in parts joined by single hyphens."""
    return st.lists(_SLUG_PART, min_size=1, max_size=3).map("-".join)


def country_codes() -> st.SearchStrategy[str]:
    """Two capital letters, the shape of an ISO 3166-1 alpha-2 code."""
    return st.text(alphabet=string.ascii_uppercase, min_size=2, max_size=2)


@st.composite
def partial_dates(draw: st.DrawFn, min_year: int = 1, max_year: int = 9999) -> uc.PartialDate:
    """Real dates of every precision, from *min_year* to *max_year*."""
    year = draw(st.integers(min_year, max_year))
    precision = draw(st.sampled_from(uc.DatePrecision))
    if precision is uc.DatePrecision.YEAR:
        return uc.PartialDate(year)
    month = draw(st.integers(1, 12))
    if precision is uc.DatePrecision.MONTH:
        return uc.PartialDate(year, month)
    return uc.PartialDate(year, month, draw(st.integers(1, calendar.monthrange(year, month)[1])))


def bounds(min_value: int = -(10**6), max_value: int = 10**6) -> st.SearchStrategy[int | None]:
    """One end of an interval: a whole number, or None for no bound."""
    return st.none() | st.integers(min_value, max_value)


@st.composite
def intervals(draw: st.DrawFn) -> uc.Interval:
    """Intervals of every shape: exact, bounded, bounded on one side, unknown; negative ones too."""
    low, high = draw(bounds()), draw(bounds())
    if low is not None and high is not None and low > high:
        low, high = high, low
    return uc.Interval(low, high)


@st.composite
def members(draw: st.DrawFn, interval: uc.Interval) -> int:
    """A whole number inside *interval*, near its ends as often as not."""
    low = interval.low if interval.low is not None else (interval.high or 0) - 10**6
    high = interval.high if interval.high is not None else low + 10**6
    return draw(st.sampled_from((low, high)) | st.integers(low, high))


@st.composite
def quantities(draw: st.DrawFn) -> uc.Quantity:
    """Figures with every qualifier, with and without the source's wording."""
    qualifier = draw(st.sampled_from(uc.Qualifier))
    lowest = 1 if qualifier is uc.Qualifier.FEWER_THAN else 0
    value = draw(st.integers(lowest, MAX_FIGURE))
    return uc.Quantity(value, qualifier, draw(st.none() | non_blank_text))


def sections() -> st.SearchStrategy[tuple[uc.Section, ...]]:
    """The sections of one source, ids unique within it; possibly none."""
    return st.lists(
        st.builds(uc.Section, id=non_blank_text, title=non_blank_text),
        max_size=3,
        unique_by=lambda section: section.id,
    ).map(tuple)


def sources() -> st.SearchStrategy[uc.Source]:
    """A source with or without its optional facts and sections."""
    return st.builds(
        uc.Source,
        id=slugs(),
        title=non_blank_text,
        publisher=st.none() | non_blank_text,
        published=st.none() | partial_dates(),
        url=st.none() | non_blank_text,
        sections=sections(),
    )


@st.composite
def citations(draw: st.DrawFn, sources: Sequence[uc.Source]) -> uc.Citation:
    """A citation of one of *sources*: the whole source or one of its sections."""
    source = draw(st.sampled_from(sources))
    section_ids = [section.id for section in source.sections]
    section = draw(st.none() | st.sampled_from(section_ids)) if section_ids else None
    return uc.Citation(source=source.id, section=section)


def _tuples(elements: st.SearchStrategy[_T], max_size: int = 3) -> st.SearchStrategy[tuple[_T, ...]]:
    return st.lists(elements, max_size=max_size).map(tuple)


def organizations(sources: Sequence[uc.Source]) -> st.SearchStrategy[uc.Organization]:
    """An organization whose citations and identifiers cite *sources*."""
    return st.builds(
        uc.Organization,
        id=slugs(),
        name=non_blank_text,
        kind=st.sampled_from(uc.OrganizationKind),
        short_name=st.none() | non_blank_text,
        other_names=_tuples(
            st.builds(uc.LocalizedName, text=non_blank_text, language=st.none() | non_blank_text)
        ),
        country=st.none() | country_codes(),
        city=st.none()
        | st.builds(uc.City, name=non_blank_text, geonames_id=st.none() | st.integers(1, 10**9)),
        established=st.none() | st.integers(1, 9999),
        identifiers=_tuples(
            st.builds(
                uc.Identifier,
                scheme=st.sampled_from(uc.IdentifierScheme),
                value=non_blank_text,
                citation=citations(sources),
            )
        ),
        citations=_tuples(citations(sources)),
    )


def milestones(
    sources: Sequence[uc.Source], organization_ids: Sequence[str]
) -> st.SearchStrategy[uc.Milestone]:
    """A milestone citing *sources*, its actor (if any) one of *organization_ids*."""
    actors = st.none() | st.sampled_from(organization_ids) if organization_ids else st.none()
    return st.builds(
        uc.Milestone,
        kind=st.sampled_from(uc.MilestoneKind),
        title=non_blank_text,
        citation=citations(sources),
        on=st.none() | partial_dates(),
        count=st.none() | quantities(),
        actor=actors,
        description=st.none() | non_blank_text,
    )


def metrics(sources: Sequence[uc.Source]) -> st.SearchStrategy[uc.Metric]:
    """A reported figure citing *sources*."""
    return st.builds(
        uc.Metric,
        kind=st.sampled_from(uc.MetricKind),
        value=quantities(),
        as_of=partial_dates(),
        citation=citations(sources),
        note=st.none() | non_blank_text,
    )


#: The precisions a program's first date may have at each frequency.
_PRECISE_ENOUGH = {
    uc.Frequency.YEARLY: tuple(uc.DatePrecision),
    uc.Frequency.MONTHLY: (uc.DatePrecision.MONTH, uc.DatePrecision.DAY),
    uc.Frequency.WEEKLY: (uc.DatePrecision.DAY,),
    uc.Frequency.DAILY: (uc.DatePrecision.DAY,),
}


@st.composite
def programs(draw: st.DrawFn, sources: Sequence[uc.Source]) -> uc.Program:
    """A recurring activity citing *sources*, its first date and count each known or not."""
    frequency = draw(st.sampled_from(uc.Frequency))
    precise_enough = st.none() | partial_dates().filter(
        lambda first: first.precision in _PRECISE_ENOUGH[frequency]
    )
    return uc.Program(
        name=draw(non_blank_text),
        frequency=frequency,
        citation=draw(citations(sources)),
        first=draw(precise_enough),
        times_held=draw(st.none() | quantities()),
        as_of=draw(st.none() | partial_dates()),
        description=draw(st.none() | non_blank_text),
    )


@st.composite
def spans(
    draw: st.DrawFn, min_year: int = 1, max_year: int = 9999
) -> tuple[uc.PartialDate, uc.PartialDate | None, uc.PartialDate | None]:
    """A start, an end or None, and a confirmed day or None, as a partnership may hold them.

    The end never lies wholly before the start; the confirmed day may fall
    anywhere, even before the start (which `audit` reports).
    """
    started = draw(partial_dates(min_year, max_year))
    ended = draw(
        st.none()
        | partial_dates(min_year=started.year, max_year=max_year).filter(
            lambda end: end.latest >= started.earliest
        )
    )
    # Mostly within a year of the start or the end, where the rules meet; anywhere at times.
    near = [
        partial_dates(max(min_year, date.year - 1), min(max_year, date.year + 1))
        for date in (started, ended or started)
    ]
    confirmed = draw(st.none() | near[0] | near[1] | partial_dates(min_year, max_year))
    return started, ended, confirmed


@st.composite
def walkable_programs(draw: st.DrawFn, max_count: int = 60) -> uc.Program:
    """Programs with a first date and a count of at most *max_count*: few enough occurrences to walk."""
    frequency = draw(st.sampled_from(uc.Frequency))
    # Near the year 9999 too, where the occurrences stop.
    first = draw(
        (partial_dates(min_year=1, max_year=40) | partial_dates() | partial_dates(min_year=9990)).filter(
            lambda first: first.precision in _PRECISE_ENOUGH[frequency]
        )
    )
    qualifier = draw(st.sampled_from(uc.Qualifier))
    value = draw(st.integers(1 if qualifier is uc.Qualifier.FEWER_THAN else 0, max_count))
    return uc.Program(
        name="walked",
        frequency=frequency,
        citation=uc.Citation(source="s"),
        first=first,
        times_held=uc.Quantity(value, qualifier),
        as_of=draw(st.none() | partial_dates()),
    )


@st.composite
def partnerships(
    draw: st.DrawFn, sources: Sequence[uc.Source], organizations: Sequence[uc.Organization]
) -> uc.Partnership:
    """A partnership between two of *organizations* (maybe the same), citing *sources*."""
    started, ended, confirmed = draw(spans())
    organization_ids = [organization.id for organization in organizations]
    return uc.Partnership(
        id=draw(slugs()),
        home=draw(st.sampled_from(organizations)),
        partner=draw(st.sampled_from(organizations)),
        kind=draw(st.sampled_from(uc.PartnershipKind)),
        started=started,
        citations=draw(_tuples(citations(sources))),
        ended=ended,
        confirmed=confirmed,
        activities=draw(_tuples(st.sampled_from(uc.Activity))),
        fields=draw(_tuples(non_blank_text.filter(lambda text: ";" not in text))),
        milestones=draw(_tuples(milestones(sources, organization_ids))),
        metrics=draw(_tuples(metrics(sources))),
        programs=draw(_tuples(programs(sources), max_size=2)),
        summary=draw(st.none() | non_blank_text),
    )


@st.composite
def datasets(draw: st.DrawFn) -> uc.Dataset:
    """Coherent datasets, which `ustb_coop.loads` accepts; sometimes without organizations or partnerships."""
    dataset_sources = tuple(draw(st.lists(sources(), min_size=1, max_size=3, unique_by=lambda s: s.id)))
    dataset_organizations = tuple(
        draw(st.lists(organizations(dataset_sources), max_size=4, unique_by=lambda o: o.id))
    )
    dataset_partnerships: tuple[uc.Partnership, ...] = ()
    if dataset_organizations:
        dataset_partnerships = tuple(
            draw(
                st.lists(
                    partnerships(dataset_sources, dataset_organizations),
                    max_size=3,
                    unique_by=lambda p: p.id,
                )
            )
        )
    return uc.Dataset(
        version=draw(any_text),
        as_of=draw(st.dates(min_value=datetime.date(1, 1, 1))),
        sources=dataset_sources,
        organizations=dataset_organizations,
        partnerships=dataset_partnerships,
    )


def location(text: str) -> Location:
    """The location a path like ``partnerships[1].milestones[0].on`` renders; the inverse of rendering."""
    steps: list[str | int] = []
    for key, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", text):
        steps.append(int(index) if index else key)
    return tuple(steps)
