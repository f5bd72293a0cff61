"""Dataset: lookup by id, iteration, filtering and the timeline, on the bundled data."""

from __future__ import annotations

import datetime
import enum
import typing

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ustb_coop as uc
from tests import strategies
from ustb_coop.model import _records

DS = uc.load()
D = uc.PartialDate.parse
IDS = ("rwth-aachen", "tata-steel", "tohoku")


def _ids(dataset: uc.Dataset) -> tuple[str, ...]:
    return tuple(p.id for p in dataset)


# ---------------------------------------------------------------------- lookup


def test_getitem_returns_the_partnership() -> None:
    """ds["rwth-aachen"] is the partnership with that id."""
    expected = ("rwth-aachen", "RWTH Aachen University")
    partnership = DS["rwth-aachen"]
    assert expected == (partnership.id, partnership.partner.name)


@pytest.mark.parametrize(
    ("asked", "suggestion"),
    [("rwth", "rwth-aachen"), ("tata", "tata-steel"), ("tohuku", "tohoku"), ("xyz", None), ("", None)],
    ids=["prefix", "short-name", "typo", "nothing-close", "empty"],
)
def test_getitem_miss_raises_with_suggestion(asked: str, suggestion: str | None) -> None:
    """A miss raises UnknownPartnershipError, a KeyError, naming the known ids and the closest one."""
    with pytest.raises(KeyError) as caught:
        DS[asked]
    error = caught.value
    assert isinstance(error, uc.UnknownPartnershipError)
    assert isinstance(error, uc.UstbCoopError)
    assert (asked, IDS, suggestion) == (error.id, error.known, error.suggestion)
    hint = f" Did you mean {suggestion!r}?" if suggestion else ""
    expected = f"no partnership with id {asked!r}.{hint} Known ids: 'rwth-aachen', 'tata-steel', 'tohoku'."
    assert expected == str(error)


def test_getitem_miss_hides_the_internal_key_error() -> None:
    """The lookup error does not chain the dictionary's own KeyError."""
    with pytest.raises(uc.UnknownPartnershipError) as caught:
        DS["rwth"]
    assert caught.value.__suppress_context__
    assert caught.value.__cause__ is None


def test_get_returns_the_partnership_or_a_default() -> None:
    """get() returns the partnership, None on a miss, or the default given."""
    default = object()
    expected = (DS["tohoku"], None, default)
    assert expected == (DS.get("tohoku"), DS.get("rwth"), DS.get("rwth", default))


def test_len() -> None:
    """A dataset's length is its number of partnerships."""
    expected = 3
    assert expected == len(DS)


def test_iteration_keeps_file_order() -> None:
    """Iterating yields partnerships in file order; ids lists their ids the same way."""
    expected = IDS
    assert expected == _ids(DS)
    assert expected == DS.ids


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("rwth-aachen", True),
        ("tohoku", True),
        ("ustb", False),
        ("RWTH-AACHEN", False),
        (3, False),
        (None, False),
    ],
    ids=["rwth", "tohoku", "organization-not-partnership", "wrong-case", "number", "none"],
)
def test_contains_tests_partnership_ids(value: object, expected: bool) -> None:
    """`in` tests partnership ids, and is False for anything else."""
    assert expected == (value in DS)


def test_repr_is_short() -> None:
    """The repr names the version, the date and the ids, on one short line."""
    expected = "<Dataset 1.0.0 as of 2020-10-22: rwth-aachen, tata-steel, tohoku>"
    assert expected == repr(DS)


def test_repr_of_an_empty_dataset() -> None:
    """An empty dataset says it has no partnerships."""
    expected = "<Dataset 1.0.0 as of 2020-10-22: no partnerships>"
    assert expected == repr(attrs.evolve(DS, partnerships=()))


@pytest.mark.parametrize(
    ("id_", "expected"),
    [
        ("tata-steel", "Tata Steel"),
        ("ministry-of-education-japan", "Ministry of Education of Japan"),
        ("tata", None),
    ],
    ids=["partner", "actor", "miss"],
)
def test_organization_lookup(id_: str, expected: str | None) -> None:
    """organization() finds an organization by id, or returns None."""
    organization = DS.organization(id_)
    assert expected == (None if organization is None else organization.name)


@pytest.mark.parametrize(
    ("id_", "expected"),
    [("ustb-cooperation-cases", "Cooperation cases"), ("ror-02egmk993", "ROR record"), ("ror", None)],
    ids=["seed", "ror", "miss"],
)
def test_source_lookup(id_: str, expected: str | None) -> None:
    """source() finds a source by id, or returns None."""
    source = DS.source(id_)
    assert expected == (None if source is None else source.title[: len(expected or "")])


def test_partnerships_share_organization_objects() -> None:
    """A partnership's home and partner are the dataset's own organization records."""
    for partnership in DS:
        assert partnership.home is DS.organization("ustb")
        assert partnership.partner is DS.organization(partnership.partner.id)


# --------------------------------------------------------------------- filter


FILTERS = [
    pytest.param({"country": "DE"}, ("rwth-aachen",), id="country-de"),
    pytest.param({"country": "IN"}, ("tata-steel",), id="country-in"),
    pytest.param({"country": "JP"}, ("tohoku",), id="country-jp"),
    pytest.param({"country": "CN"}, (), id="country-of-home-only"),
    pytest.param({"kind": uc.PartnershipKind.ACADEMIC}, ("rwth-aachen", "tohoku"), id="academic"),
    pytest.param({"kind": uc.PartnershipKind.INDUSTRY}, ("tata-steel",), id="industry"),
    pytest.param({"activity": uc.Activity.TRAINING}, IDS, id="training"),
    pytest.param({"activity": uc.Activity.INTERNSHIPS}, ("rwth-aachen",), id="internships"),
    pytest.param({"activity": uc.Activity.EXPERT_EXCHANGE}, ("tata-steel",), id="expert-exchange"),
    pytest.param({"activity": uc.Activity.SCIENTIFIC_EXCHANGE}, ("tohoku",), id="scientific-exchange"),
    pytest.param({"activity": uc.Activity.JOINT_RESEARCH}, IDS, id="joint-research"),
    pytest.param({"field": "metallurgy"}, ("tohoku",), id="field"),
    pytest.param({"field": "METALLURGY"}, ("tohoku",), id="field-upper-case"),
    pytest.param({"field": "Iron and Steel Materials"}, ("tohoku",), id="field-mixed-case"),
    pytest.param({"field": "steel"}, (), id="field-is-not-a-substring-match"),
    pytest.param({"active_on": datetime.date(1978, 12, 31)}, (), id="before-any"),
    pytest.param({"active_on": datetime.date(1979, 1, 1)}, (), id="first-day-of-1979-start-may-be-later"),
    pytest.param({"active_on": datetime.date(1979, 12, 31)}, ("rwth-aachen",), id="last-day-of-1979"),
    pytest.param({"active_on": datetime.date(2001, 12, 31)}, ("rwth-aachen",), id="last-day-before-tohoku"),
    pytest.param({"active_on": datetime.date(2002, 1, 1)}, ("rwth-aachen",), id="first-day-of-2002"),
    pytest.param(
        {"active_on": datetime.date(2002, 12, 31)}, ("rwth-aachen", "tohoku"), id="last-day-of-2002"
    ),
    pytest.param({"active_on": datetime.date(2020, 10, 22)}, IDS, id="source-date"),
    pytest.param({"active_on": datetime.date(2020, 10, 23)}, (), id="after-the-confirmed-day"),
    pytest.param({"active_on": D("2014")}, ("rwth-aachen", "tohoku"), id="partial-year-every-day-of-it"),
    pytest.param({"active_on": D("2013-12")}, ("rwth-aachen", "tohoku"), id="partial-month"),
    pytest.param(
        {
            "kind": uc.PartnershipKind.ACADEMIC,
            "activity": uc.Activity.TRAINING,
            "active_on": datetime.date(2000, 6, 1),
        },
        ("rwth-aachen",),
        id="kind-activity-date",
    ),
    pytest.param({"country": "JP", "field": "Environment"}, ("tohoku",), id="country-and-field"),
    pytest.param({"country": "DE", "field": "metallurgy"}, (), id="contradicting"),
    pytest.param({}, IDS, id="no-criteria"),
]


@pytest.mark.parametrize(("criteria", "expected"), FILTERS)
def test_filter(criteria: dict[str, object], expected: tuple[str, ...]) -> None:
    """filter() keeps the partnerships that match every criterion given, in file order."""
    assert expected == _ids(DS.filter(**criteria))  # type: ignore[arg-type]


def test_filter_keeps_sources_and_organizations() -> None:
    """A filtered dataset keeps every source and organization, and looks up only what it kept."""
    filtered = DS.filter(kind=uc.PartnershipKind.INDUSTRY)
    expected = (DS.version, DS.as_of, DS.sources, DS.organizations, ("tata-steel",))
    assert expected == (
        filtered.version,
        filtered.as_of,
        filtered.sources,
        filtered.organizations,
        filtered.ids,
    )
    assert filtered["tata-steel"] is DS["tata-steel"]
    with pytest.raises(uc.UnknownPartnershipError):
        filtered["tohoku"]


def _lookups(dataset: uc.Dataset, within: uc.Dataset) -> tuple[object, ...]:
    """What *dataset* answers about every id of *within*: partnerships, organizations, sources, and more."""
    return (
        dataset,
        dataset.ids,
        repr(dataset),
        len(dataset),
        list(dataset),
        [(dataset.get(p.id), p.id in dataset, p in dataset) for p in within],
        [dataset.organization(o.id) for o in within.organizations],
        [dataset.source(s.id) for s in within.sources],
    )


@st.composite
def _criteria(draw: st.DrawFn, dataset: uc.Dataset) -> dict[str, object]:
    """Filter criteria, each given or not, mostly values that some partnership of *dataset* has."""
    fields = [field for partnership in dataset for field in partnership.fields]
    countries = [p.partner.country for p in dataset if p.partner.country is not None]
    every: dict[str, st.SearchStrategy[object]] = {
        "kind": st.sampled_from(uc.PartnershipKind),
        "activity": st.sampled_from(uc.Activity),
        "country": st.sampled_from(countries) if countries else strategies.country_codes(),
        "field": st.sampled_from(fields).map(str.upper) if fields else st.just("x"),
        "active_on": strategies.partial_dates(1900, 2100) | st.dates(),
    }
    return {name: draw(values) for name, values in every.items() if draw(st.booleans())}


@settings(deadline=None)  # a whole dataset per example; slow machines must not fail on time
@given(st.data())
def test_filter_builds_what_evolve_builds(data: st.DataObject) -> None:
    """filter() equals ``attrs.evolve`` with the matching partnerships, and answers every lookup alike.

    filter() skips the integrity check and reuses the organization and source
    indexes; the dataset ``attrs.evolve`` builds runs and rebuilds them all.
    """
    dataset = data.draw(strategies.datasets())
    criteria = data.draw(_criteria(dataset))
    actual = dataset.filter(**criteria)  # type: ignore[arg-type]
    kept = tuple(p for p in dataset if p.id in actual.ids)
    expected = attrs.evolve(dataset, partnerships=kept)
    assert _lookups(expected, dataset) == _lookups(actual, dataset)


class _Subclass(uc.Dataset):
    """A dataset class of an app's own, whose checks filter() cannot know."""


def test_filter_of_a_subclass_builds_the_subclass() -> None:
    """A subclass's filter() result is of the subclass, built by ``attrs.evolve`` with its checks."""
    subclassed = _Subclass(
        version=DS.version,
        as_of=DS.as_of,
        sources=DS.sources,
        organizations=DS.organizations,
        partnerships=DS.partnerships,
    )
    filtered = subclassed.filter(kind="industry")
    expected = (_Subclass, ("tata-steel",))
    assert expected == (type(filtered), filtered.ids)


def test_filter_leaves_the_dataset_alone() -> None:
    """filter() returns a new dataset; the bundled one still has all three."""
    DS.filter(country="DE")
    expected = IDS
    assert expected == DS.ids


# ------------------------------------------------------------------- timeline


DATED = (
    ("rwth-aachen", uc.MilestoneKind.AGREEMENT_SIGNED, D("1979")),
    ("tohoku", uc.MilestoneKind.PLATFORM_ESTABLISHED, D("2002")),
    ("tata-steel", uc.MilestoneKind.AGREEMENT_SIGNED, D("2014")),
    ("tata-steel", uc.MilestoneKind.CENTER_ESTABLISHED, D("2014")),
    ("tata-steel", uc.MilestoneKind.PROJECTS_APPROVED, D("2015")),
    ("tata-steel", uc.MilestoneKind.TRAINING_COURSE_HELD, D("2016")),
    ("tata-steel", uc.MilestoneKind.TRAINING_COURSE_HELD, D("2017")),
)


def _timeline(
    entries: tuple[uc.TimelineEntry, ...],
) -> tuple[tuple[str, uc.MilestoneKind, uc.PartialDate], ...]:
    return tuple((entry.partnership.id, entry.milestone.kind, entry.on) for entry in entries)


def test_timeline_is_oldest_first_with_ties_in_file_order() -> None:
    """The timeline lists the dated milestones of all partnerships, oldest first, ties in file order."""
    expected = DATED
    assert expected == _timeline(DS.timeline())


def test_timeline_leaves_out_undated_milestones() -> None:
    """Milestones the source gives no date for are not on the timeline."""
    undated = [(p.id, m.kind) for p in DS for m in p.milestones if m.on is None]
    expected = [
        ("rwth-aachen", uc.MilestoneKind.SYMPOSIUM_HELD),
        ("tata-steel", uc.MilestoneKind.PLATFORM_ESTABLISHED),
        ("tohoku", uc.MilestoneKind.AWARD_RECEIVED),
    ]
    assert expected == undated
    assert all(entry.milestone.on is not None for entry in DS.timeline())
    assert len(DATED) == len(DS.timeline())


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(datetime.date(2014, 6, 1), None, DATED[2:], id="start-inside-a-year"),
        pytest.param(datetime.date(2015, 1, 1), None, DATED[4:], id="start-on-first-day"),
        pytest.param(None, datetime.date(2002, 1, 1), DATED[:2], id="end-on-first-day"),
        pytest.param(None, datetime.date(2001, 12, 31), DATED[:1], id="end-before-a-year"),
        pytest.param(D("2015"), D("2016"), DATED[4:6], id="partial-bounds-inclusive"),
        pytest.param(D("2014-07"), D("2014-07"), DATED[2:4], id="month-inside-a-year"),
        pytest.param(datetime.date(2018, 1, 1), None, (), id="after-all"),
        pytest.param(datetime.date(2016, 1, 1), datetime.date(2015, 1, 1), (), id="reversed-bounds"),
    ],
)
def test_timeline_bounds(
    start: datetime.date | uc.PartialDate | None,
    end: datetime.date | uc.PartialDate | None,
    expected: tuple[tuple[str, uc.MilestoneKind, uc.PartialDate], ...],
) -> None:
    """A milestone is kept when its date's span overlaps start .. end, both inclusive."""
    assert expected == _timeline(DS.timeline(start, end))


def test_timeline_entries_carry_their_partnership() -> None:
    """Each entry's partnership is the dataset's own, and holds the entry's milestone."""
    for entry in DS.timeline():
        assert entry.partnership is DS[entry.partnership.id]
        assert any(entry.milestone is milestone for milestone in entry.partnership.milestones)
        assert entry.milestone.on == entry.on


def test_timeline_of_a_filtered_dataset() -> None:
    """The timeline of a filtered dataset covers only its partnerships."""
    expected = DATED[:2]
    assert expected == _timeline(DS.filter(kind=uc.PartnershipKind.ACADEMIC).timeline())


def test_membership_takes_a_partnership_too() -> None:
    """Every partnership iteration yields is `in` the dataset; an edited copy is not."""
    dataset = uc.load()
    edited = attrs.evolve(dataset["tohoku"], summary="changed")
    assert all(partnership in dataset for partnership in dataset)
    assert edited not in dataset


def test_repr_stays_short_for_many_partnerships() -> None:
    """The plain repr names five ids and counts the rest."""
    bundled = uc.load()
    many = tuple(attrs.evolve(bundled["tohoku"], id=f"p-{i}") for i in range(200))
    expected = "<Dataset 1.0.0 as of 2020-10-22: p-0, p-1, p-2, p-3, p-4 and 195 more>"
    assert expected == repr(attrs.evolve(bundled, partnerships=many))


@pytest.mark.parametrize(
    ("criteria", "error", "message"),
    [
        ({"country": "de"}, ValueError, "ISO 3166-1 alpha-2"),
        ({"kind": "academics"}, ValueError, "kind must be one of 'academic', 'industry', got 'academics'"),
        ({"activity": "Training"}, ValueError, "activity must be one of 'student_exchange', "),
        ({"kind": 1}, TypeError, "kind must be a PartnershipKind or one of 'academic', 'industry', got 1"),
    ],
    ids=["lowercase-country", "unknown-kind-text", "activity-text-in-another-case", "kind-as-number"],
)
def test_filter_rejects_criteria_that_could_never_match(
    criteria: dict[str, str], error: type[Exception], message: str
) -> None:
    """A criterion of the wrong form is an error, not a silently empty result."""
    with pytest.raises(error, match=message):
        uc.load().filter(**criteria)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "changes",
    [
        {"as_of": datetime.datetime(2020, 10, 22, 12, 0)},  # noqa: DTZ001 - the point is the type
        {"partnerships": []},
        {"sources": ("not a source",)},
    ],
    ids=["datetime-as-of", "list-not-tuple", "wrong-item-type"],
)
def test_dataset_rejects_what_its_file_cannot_hold(changes: dict[str, object]) -> None:
    """A Dataset built in code holds a calendar day and tuples of records, as a loaded one does."""
    with pytest.raises(TypeError):
        attrs.evolve(uc.load(), **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "member"),
    [
        ({"kind": "academic"}, {"kind": uc.PartnershipKind.ACADEMIC}),
        ({"activity": "training"}, {"activity": uc.Activity.TRAINING}),
    ],
    ids=["kind", "activity"],
)
def test_filter_takes_the_file_string_of_an_enum(text: dict[str, str], member: dict[str, object]) -> None:
    """A criterion given as its file string, as files write it, selects what the member selects."""
    dataset = uc.load()
    assert dataset.filter(**member).ids == dataset.filter(**text).ids  # type: ignore[arg-type]
    assert dataset.filter(**text).ids  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("alias", "enum_type"),
    [
        (_records.PartnershipKindName, uc.PartnershipKind),
        (_records.ActivityName, uc.Activity),
        (_records.MetricKindName, uc.MetricKind),
    ],
)
def test_the_typed_file_strings_are_the_enum_values(alias: object, enum_type: type[enum.Enum]) -> None:
    """The Literal types mypy checks text criteria against list exactly the enum's file strings."""
    assert [member.value for member in enum_type] == list(typing.get_args(alias))
