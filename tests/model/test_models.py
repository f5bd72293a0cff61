"""The model classes: validation at construction, immutability and their own methods."""

from __future__ import annotations

import datetime
import pickle
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

import ustb_coop as uc
from tests import strategies

CITATION = uc.Citation(source="ustb-cooperation-cases", section="3")
ORGANIZATION: dict[str, Any] = {
    "id": "rwth-aachen",
    "name": "RWTH Aachen University",
    "kind": uc.OrganizationKind.UNIVERSITY,
}

# ------------------------------------------------------------------- validation

BAD_SLUGS = ["RWTH", "rwth_aachen", "rwth aachen", "-rwth", "rwth-", "rwth--aachen", "", "rwth\n", "ätna"]


@pytest.mark.parametrize("value", BAD_SLUGS, ids=[repr(value) for value in BAD_SLUGS])
def test_organization_id_must_be_a_slug(value: str) -> None:
    """An id that is not lowercase letters and digits in hyphen-joined parts is an InvalidFieldError."""
    with pytest.raises(uc.InvalidFieldError, match="slug") as raised:
        uc.Organization(**{**ORGANIZATION, "id": value})
    expected = ("id", value)
    assert expected == (raised.value.field, raised.value.value)


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: uc.Source(id="Ustb", title="t"), "id"),
        (lambda: uc.Citation(source="ror 02egmk993"), "source"),
        (lambda: uc.Partnership(**_partnership_arguments(id="RWTH")), "id"),
        (
            lambda: uc.Milestone(kind=uc.MilestoneKind.OTHER, title="t", citation=CITATION, actor="Tata"),
            "actor",
        ),
    ],
    ids=["source-id", "citation-source", "partnership-id", "milestone-actor"],
)
def test_every_slug_field_is_checked(build: Any, field: str) -> None:
    """Ids and references to ids elsewhere in the model are slugs too."""
    with pytest.raises(uc.InvalidFieldError, match="slug") as raised:
        build()
    assert field == raised.value.field


BAD_COUNTRIES = ["de", "DEU", "D", "", "D1", "ÄÖ"]


@pytest.mark.parametrize("value", BAD_COUNTRIES, ids=[repr(value) for value in BAD_COUNTRIES])
def test_country_must_be_two_capital_letters(value: str) -> None:
    """A country that is not an ISO 3166-1 alpha-2 shaped code is an InvalidFieldError."""
    with pytest.raises(uc.InvalidFieldError, match="ISO 3166-1") as raised:
        uc.Organization(**ORGANIZATION, country=value)
    expected = ("country", value)
    assert expected == (raised.value.field, raised.value.value)


def test_country_may_be_unknown() -> None:
    """None stands for an unknown country."""
    assert uc.Organization(**ORGANIZATION).country is None


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda text: uc.Organization(**{**ORGANIZATION, "name": text}), "name"),
        (lambda text: uc.Source(id="s", title=text), "title"),
        (lambda text: uc.Section(id=text, title="t"), "id"),
        (lambda text: uc.LocalizedName(text=text), "text"),
        (lambda text: uc.City(name=text), "name"),
        (lambda text: uc.Identifier(scheme=uc.IdentifierScheme.ROR, value=text, citation=CITATION), "value"),
        (lambda text: uc.Milestone(kind=uc.MilestoneKind.OTHER, title=text, citation=CITATION), "title"),
        (lambda text: uc.Program(name=text, frequency=uc.Frequency.YEARLY, citation=CITATION), "name"),
    ],
    ids=["organization", "source", "section", "localized-name", "city", "identifier", "milestone", "program"],
)
@pytest.mark.parametrize(
    "text", ["", "   ", "\t\n", "\u3000"], ids=["empty", "spaces", "tab-newline", "ideographic-space"]
)
def test_required_text_must_not_be_blank(build: Any, field: str, text: str) -> None:
    """Names, titles and ids of text are an InvalidFieldError when empty or only whitespace."""
    with pytest.raises(uc.InvalidFieldError, match="non-empty text") as raised:
        build(text)
    assert field == raised.value.field


def _partnership_arguments(**changes: object) -> dict[str, Any]:
    home = uc.Organization(id="ustb", name="USTB", kind=uc.OrganizationKind.UNIVERSITY)
    partner = uc.Organization(**ORGANIZATION)
    arguments: dict[str, Any] = {
        "id": "rwth-aachen",
        "home": home,
        "partner": partner,
        "kind": uc.PartnershipKind.ACADEMIC,
        "started": uc.PartialDate(1979),
    }
    return {**arguments, **changes}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("activities", [uc.Activity.TRAINING]),
        ("activities", ("training",)),
        ("fields", ["metallurgy"]),
        ("fields", "metallurgy"),
        ("fields", (1,)),
        ("citations", (CITATION, None)),
        ("milestones", ({"kind": "other"},)),
        ("metrics", ("over 400",)),
        ("programs", [None]),
    ],
    ids=[
        "activities-list",
        "activity-as-text",
        "fields-list",
        "fields-string",
        "field-number",
        "citation-none",
        "milestone-dict",
        "metric-text",
        "programs-list",
    ],
)
def test_partnership_collections_are_tuples_of_their_type(field: str, value: object) -> None:
    """Collections must be tuples (not lists or strings) holding the right model type."""
    with pytest.raises(TypeError, match=field):
        uc.Partnership(**_partnership_arguments(**{field: value}))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("other_names", [uc.LocalizedName(text="北京科技大学", language="zh")]),
        ("other_names", ("北京科技大学",)),
        ("identifiers", ("https://ror.org/04xfq0f34",)),
        ("citations", [CITATION]),
    ],
    ids=["other-names-list", "other-name-text", "identifier-text", "citations-list"],
)
def test_organization_collections_are_tuples_of_their_type(field: str, value: Any) -> None:
    """An organization's names, identifiers and citations are tuples of model objects."""
    with pytest.raises(TypeError, match=field):
        uc.Organization(**ORGANIZATION, **{field: value})


@pytest.mark.parametrize(
    "build",
    [
        lambda: uc.Organization(**{**ORGANIZATION, "kind": "university"}),
        lambda: uc.Organization(**ORGANIZATION, established="1870"),  # type: ignore[arg-type]
        lambda: uc.Organization(**ORGANIZATION, city="Aachen"),  # type: ignore[arg-type]
        lambda: uc.City(name="Aachen", geonames_id="3247449"),  # type: ignore[arg-type]
        lambda: uc.Source(id="s", title="t", published="2020-10-22"),  # type: ignore[arg-type]
        lambda: uc.Source(id="s", title="t", sections=[uc.Section(id="1", title="t")]),  # type: ignore[arg-type]
        lambda: uc.Identifier(scheme="ror", value="v", citation=CITATION),  # type: ignore[arg-type]
        lambda: uc.Metric(
            kind=uc.MetricKind.STAFF_SENT,
            value=3,  # type: ignore[arg-type]
            as_of=uc.PartialDate(2020),
            citation=CITATION,
        ),
        lambda: uc.Program(name="p", frequency="yearly", citation=CITATION),  # type: ignore[arg-type]
        lambda: uc.Program(
            name="p",
            frequency=uc.Frequency.YEARLY,
            citation=CITATION,
            first="2002",  # type: ignore[arg-type]
        ),
        lambda: uc.Partnership(**_partnership_arguments(started="1979")),
        lambda: uc.Partnership(**_partnership_arguments(home="ustb")),
    ],
    ids=[
        "kind-as-text",
        "established-as-text",
        "city-as-text",
        "geonames-id-as-text",
        "published-as-text",
        "sections-list",
        "scheme-as-text",
        "metric-value-as-number",
        "frequency-as-text",
        "first-as-text",
        "started-as-text",
        "home-as-id",
    ],
)
def test_wrong_types_are_rejected(build: Any) -> None:
    """The model coerces nothing: text is not an enum, a date or a number; a list is not a tuple."""
    with pytest.raises(TypeError):
        build()


@pytest.mark.parametrize(
    "build",
    [
        lambda: uc.City(name="Aachen", geonames_id=True),
        lambda: uc.Organization(**ORGANIZATION, established=True),
    ],
    ids=["geonames-id", "established"],
)
def test_booleans_are_not_whole_numbers(build: Any) -> None:
    """True is not a year or a GeoNames id, as it is not a Quantity's value."""
    with pytest.raises(TypeError):
        build()


def test_ended_before_started_is_rejected() -> None:
    """A partnership cannot end before its earliest start day."""
    with pytest.raises(uc.InvalidFieldError, match="before started") as raised:
        uc.Partnership(**_partnership_arguments(started=uc.PartialDate(2014), ended=uc.PartialDate(2013, 12)))
    expected = "ended"
    assert expected == raised.value.field


@pytest.mark.parametrize(
    ("started", "ended"),
    [("2014", "2014"), ("2014-05", "2014"), ("2014", "2014-01-01")],
    ids=["same-year", "ended-year-contains-start", "ended-on-first-day"],
)
def test_ended_may_overlap_started(started: str, ended: str) -> None:
    """An end whose span reaches the start is allowed."""
    partnership = uc.Partnership(
        **_partnership_arguments(started=uc.PartialDate.parse(started), ended=uc.PartialDate.parse(ended))
    )
    assert uc.PartialDate.parse(ended) == partnership.ended


def test_invalid_field_error_is_a_value_error() -> None:
    """Callers may catch InvalidFieldError as ValueError or as the library's base error."""
    assert issubclass(uc.InvalidFieldError, ValueError)
    assert issubclass(uc.InvalidFieldError, uc.UstbCoopError)


# ------------------------------------------------------------------ immutability


def _bundled_instances() -> list[tuple[object, str]]:
    dataset = uc.load()
    rwth = dataset["rwth-aachen"]
    tohoku = dataset["tohoku"]
    organization = rwth.partner
    assert organization.city is not None
    return [
        (dataset, "version"),
        (dataset.sources[0], "title"),
        (dataset.sources[0].sections[0], "title"),
        (organization, "name"),
        (organization.other_names[0], "text"),
        (organization.city, "name"),
        (organization.identifiers[0], "value"),
        (rwth.citations[0], "section"),
        (rwth, "started"),
        (rwth.milestones[0], "on"),
        (rwth.metrics[0], "value"),
        (rwth.metrics[0].value, "value"),
        (tohoku.programs[0], "times_held"),
        (rwth.started, "year"),
    ]


@pytest.mark.parametrize(
    ("instance", "attribute"),
    _bundled_instances(),
    ids=lambda value: type(value).__name__ if not isinstance(value, str) else value,
)
def test_models_are_frozen(instance: object, attribute: str) -> None:
    """Setting an attribute of any model object raises FrozenInstanceError and changes nothing."""
    before = getattr(instance, attribute)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(instance, attribute, None)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        delattr(instance, attribute)
    assert before == getattr(instance, attribute)


@settings(deadline=None)  # a whole dataset per example; slow machines must not fail on time
@given(strategies.datasets())
def test_collections_are_tuples(dataset: uc.Dataset) -> None:
    """Every collection in a dataset is a tuple, so nothing can be appended in place."""
    collections = [dataset.sources, dataset.organizations, dataset.partnerships]
    collections += [source.sections for source in dataset.sources]
    for organization in dataset.organizations:
        collections += [organization.other_names, organization.identifiers, organization.citations]
    for partnership in dataset.partnerships:
        collections += [partnership.citations, partnership.activities, partnership.fields]
        collections += [partnership.milestones, partnership.metrics, partnership.programs]
    expected = [tuple] * len(collections)
    assert expected == [type(collection) for collection in collections]


def test_answers_that_list_records_are_tuples() -> None:
    """The timeline and the audit findings come as tuples, like every collection of the model."""
    dataset = uc.load()
    assert (tuple, tuple) == (type(dataset.timeline()), type(uc.audit(dataset)))


def test_evolve_validates() -> None:
    """attrs.evolve builds a new object through the same validators."""
    with pytest.raises(uc.InvalidFieldError):
        attrs.evolve(uc.load()["rwth-aachen"].partner, country="Germany")


# ----------------------------------------------------------- Program.occurrences


def program(
    first: str | None,
    times_held: uc.Quantity | None,
    frequency: uc.Frequency = uc.Frequency.YEARLY,
) -> uc.Program:
    """A program of the given first date, count and frequency."""
    return uc.Program(
        name="Innovation and exchange program",
        frequency=frequency,
        citation=CITATION,
        first=None if first is None else uc.PartialDate.parse(first),
        times_held=times_held,
    )


def dates(*texts: str) -> list[uc.PartialDate]:
    """PartialDates from their ISO texts."""
    return [uc.PartialDate.parse(text) for text in texts]


def test_tohoku_program_occurrences() -> None:
    """The Tohoku program, yearly from 2002 and held 22 times, implies 2002 to 2023."""
    expected = dates(*(str(year) for year in range(2002, 2024)))
    assert expected == list(uc.load()["tohoku"].programs[0].occurrences())


def test_occurrences_until_stops_early() -> None:
    """Occurrences after `until` are left out: up to the source date, 2002 to 2020."""
    expected = dates(*(str(year) for year in range(2002, 2021)))
    assert expected == list(uc.load()["tohoku"].programs[0].occurrences(until=datetime.date(2020, 10, 22)))


@pytest.mark.parametrize(
    ("first", "times_held", "frequency", "until", "expected"),
    [
        ("2002", uc.Quantity(22), uc.Frequency.YEARLY, None, [str(y) for y in range(2002, 2024)]),
        ("2002", uc.Quantity(22), uc.Frequency.YEARLY, datetime.date(2004, 12, 31), ["2002", "2003", "2004"]),
        ("2002", uc.Quantity(22), uc.Frequency.YEARLY, datetime.date(2004, 1, 1), ["2002", "2003", "2004"]),
        ("2002", uc.Quantity(22), uc.Frequency.YEARLY, datetime.date(2001, 12, 31), []),
        (
            "2002",
            uc.Quantity(3, uc.Qualifier.MORE_THAN),
            uc.Frequency.YEARLY,
            None,
            ["2002", "2003", "2004", "2005"],
        ),
        ("2002", uc.Quantity(3, uc.Qualifier.AT_LEAST), uc.Frequency.YEARLY, None, ["2002", "2003", "2004"]),
        (
            "2002",
            uc.Quantity(3, uc.Qualifier.APPROXIMATELY),
            uc.Frequency.YEARLY,
            None,
            ["2002", "2003", "2004"],
        ),
        ("2002", uc.Quantity(3, uc.Qualifier.AT_MOST), uc.Frequency.YEARLY, None, []),
        ("2002", uc.Quantity(0), uc.Frequency.YEARLY, None, []),
        ("2014-11", uc.Quantity(3), uc.Frequency.MONTHLY, None, ["2014-11", "2014-12", "2015-01"]),
        ("2015-03-02", uc.Quantity(3), uc.Frequency.WEEKLY, None, ["2015-03-02", "2015-03-09", "2015-03-16"]),
        ("2016-02-28", uc.Quantity(3), uc.Frequency.DAILY, None, ["2016-02-28", "2016-02-29", "2016-03-01"]),
        (
            "2016-02-28",
            uc.Quantity(3),
            uc.Frequency.DAILY,
            datetime.date(2016, 2, 29),
            ["2016-02-28", "2016-02-29"],
        ),
    ],
    ids=[
        "yearly-22",
        "until-last-day-of-a-year",
        "until-first-day-of-a-year",
        "until-before-first",
        "more-than-uses-lower-bound",
        "at-least-uses-the-figure",
        "approximately-uses-the-figure",
        "at-most-vouches-for-none",
        "held-zero-times",
        "monthly-keeps-month-precision",
        "weekly-keeps-day-precision",
        "daily-across-leap-day",
        "daily-until",
    ],
)
def test_occurrences(
    first: str,
    times_held: uc.Quantity,
    frequency: uc.Frequency,
    until: datetime.date | None,
    expected: list[str],
) -> None:
    """Occurrences follow the frequency from `first`, as many as the count vouches for, in its precision."""
    assert dates(*expected) == list(program(first, times_held, frequency).occurrences(until=until))


@pytest.mark.parametrize(
    ("first", "times_held"),
    [(None, uc.Quantity(22)), ("2002", None), (None, None)],
    ids=["no-first", "no-count", "neither"],
)
def test_no_occurrences_without_first_and_count(first: str | None, times_held: uc.Quantity | None) -> None:
    """Without a first date or a count, no occurrence is implied."""
    expected: list[uc.PartialDate] = []
    assert expected == list(program(first, times_held).occurrences())


@pytest.mark.parametrize(
    ("first", "frequency", "expected"),
    [
        ("2016-02-29", uc.Frequency.YEARLY, [(2016, 2), (2017, 2), (2018, 2)]),
        ("2015-01-31", uc.Frequency.MONTHLY, [(2015, 1), (2015, 2), (2015, 3)]),
    ],
    ids=["yearly-from-leap-day", "monthly-from-the-31st"],
)
def test_occurrences_do_not_skip_short_periods(
    first: str, frequency: uc.Frequency, expected: list[tuple[int, int | None]]
) -> None:
    """A program held three times in a row occurs in three consecutive years or months."""
    occurrences = program(first, uc.Quantity(3), frequency).occurrences()
    assert expected == [(date.year, date.month) for date in occurrences]


# ------------------------------------------------------- Organization.identifier


@pytest.mark.parametrize(
    ("organization_id", "scheme", "expected"),
    [
        ("rwth-aachen", uc.IdentifierScheme.ROR, "https://ror.org/04xfq0f34"),
        ("rwth-aachen", uc.IdentifierScheme.WIKIDATA, "Q273263"),
        ("ustb", uc.IdentifierScheme.ROR, "https://ror.org/02egmk993"),
        ("tohoku", uc.IdentifierScheme.WIKIDATA, "Q1062129"),
        ("tata-steel", uc.IdentifierScheme.ROR, "https://ror.org/001wtjx27"),
        ("tata-steel", uc.IdentifierScheme.WIKIDATA, None),
        ("ministry-of-education-japan", uc.IdentifierScheme.ROR, None),
    ],
    ids=[
        "rwth-ror",
        "rwth-wikidata",
        "ustb-ror",
        "tohoku-wikidata",
        "tata-ror",
        "tata-no-wikidata",
        "no-ids",
    ],
)
def test_identifier(organization_id: str, scheme: uc.IdentifierScheme, expected: str | None) -> None:
    """identifier() gives the organization's id in a registry, or None when it has none."""
    organization = uc.load().organization(organization_id)
    assert organization is not None
    assert expected == organization.identifier(scheme)


def test_identifier_returns_the_first_of_a_scheme() -> None:
    """With two ids in one registry, the first listed is returned."""
    first, second = (
        uc.Identifier(scheme=uc.IdentifierScheme.WIKIDATA, value=value, citation=CITATION)
        for value in ("Q1", "Q2")
    )
    organization = uc.Organization(**ORGANIZATION, identifiers=(first, second))
    expected = "Q1"
    assert expected == organization.identifier(uc.IdentifierScheme.WIKIDATA)


@pytest.mark.parametrize(
    "fields",
    [("rolling; casting",), ("",), ("   ",)],
    ids=["separator", "empty", "blank"],
)
def test_fields_are_nonblank_and_free_of_the_list_separator(fields: tuple[str, ...]) -> None:
    """A research field is non-blank text without ';', so table exports can split fields back apart."""
    partnership = uc.load()["tohoku"]
    with pytest.raises(uc.InvalidFieldError, match=r"fields\[0\] must be non-empty text without ';'"):
        attrs.evolve(partnership, fields=fields)


@pytest.mark.parametrize(
    ("frequency", "first"),
    [
        (uc.Frequency.MONTHLY, "2002"),
        (uc.Frequency.WEEKLY, "2002-05"),
        (uc.Frequency.DAILY, "2002"),
    ],
    ids=["monthly-from-a-year", "weekly-from-a-month", "daily-from-a-year"],
)
def test_program_first_date_is_as_precise_as_its_frequency(frequency: uc.Frequency, first: str) -> None:
    """A program cannot imply months or days nobody stated."""
    with pytest.raises(uc.InvalidFieldError, match="needs its first occurrence known to the"):
        uc.Program(
            name="x",
            frequency=frequency,
            citation=uc.Citation(source="s"),
            first=uc.PartialDate.parse(first),
            times_held=uc.Quantity(3),
        )


@pytest.mark.parametrize(
    "build",
    [
        lambda: uc.City(name="Aachen", geonames_id=0),
        lambda: attrs.evolve(uc.load().organizations[0], established=10_000),
        lambda: attrs.evolve(uc.load().organizations[0], established=-44),
        lambda: uc.Quantity(2**53),
    ],
    ids=["geonames-id-zero", "year-10000", "negative-year", "count-past-i-json"],
)
def test_whole_numbers_stay_in_their_range(build: Callable[[], object]) -> None:
    """Years are 1 to 9999, GeoNames ids positive, counts at most 2**53 - 1 (I-JSON)."""
    with pytest.raises(uc.InvalidFieldError):
        build()


@pytest.mark.parametrize(
    "error",
    [
        uc.DatasetError("f.toml", (uc.Problem(("a",), "b"),)),
        uc.UnknownPartnershipError("x", ("a", "b"), "a"),
        uc.InvalidFieldError("year", 0, "bad year"),
    ],
    ids=["dataset-error", "unknown-partnership", "invalid-field"],
)
def test_errors_survive_pickling(error: uc.UstbCoopError) -> None:
    """Errors cross process boundaries (multiprocessing) with their message and attributes."""
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
    expected = (type(error), str(error), vars(error))
    assert expected == (type(copy), str(copy), vars(copy))


# ------------------------------------------------- the horizon: confirmed, as_of


def test_partnership_repr_names_the_confirmed_day() -> None:
    """The plain repr gives the span and the last day a source shows the partnership running."""
    expected = "<Partnership tohoku: ustb with tohoku, academic, since 2002, confirmed to 2020-10-22>"
    assert expected == repr(uc.load()["tohoku"])


def test_confirmed_and_program_as_of_default_to_unknown() -> None:
    """Without a confirmed day or a report day, both are None: nothing after the start is known."""
    bundled = uc.load()["tohoku"]
    partnership = attrs.evolve(
        bundled, confirmed=None, programs=(attrs.evolve(bundled.programs[0], as_of=None),)
    )
    expected = (None, None, "<Partnership tohoku: ustb with tohoku, academic, since 2002>")
    assert expected == (partnership.confirmed, partnership.programs[0].as_of, repr(partnership))


@pytest.mark.parametrize(
    "build",
    [
        lambda: attrs.evolve(uc.load()["tohoku"], confirmed="2020-10-22"),  # type: ignore[arg-type]
        lambda: attrs.evolve(uc.load()["tohoku"].programs[0], as_of="2020-10-22"),  # type: ignore[arg-type]
    ],
    ids=["confirmed-as-text", "program-as-of-as-text"],
)
def test_horizon_dates_are_partial_dates(build: Any) -> None:
    """A confirmed day and a program's as_of take a PartialDate, not its text."""
    with pytest.raises(TypeError, match="PartialDate"):
        build()


# ------------------------------------------------------------------ plain repr

#: The records whose repr is the one function they share (`_records._fields_repr`), not one attrs compiles.
_SHARED_REPR = (
    uc.Citation,
    uc.Section,
    uc.Source,
    uc.LocalizedName,
    uc.City,
    uc.Identifier,
    uc.Organization,
    uc.Milestone,
    uc.Metric,
    uc.Program,
)


def _records_in(dataset: uc.Dataset) -> list[attrs.AttrsInstance]:
    """Every attrs instance of *dataset* below the dataset itself: records, dates and quantities."""
    found: list[attrs.AttrsInstance] = []
    pending: list[attrs.AttrsInstance] = [*dataset.sources, *dataset.organizations, *dataset.partnerships]
    while pending:
        record = pending.pop()
        found.append(record)
        for field in attrs.fields(type(record)):
            value = getattr(record, field.name)
            items = value if isinstance(value, tuple) else (value,)
            pending += [item for item in items if attrs.has(type(item))]
    return found


def _attrs_repr(record: attrs.AttrsInstance) -> str:
    """The repr attrs itself writes for a class of *record*'s name and fields, holding the same values."""
    names = [field.name for field in attrs.fields(type(record))]
    twin = attrs.make_class(type(record).__name__, names, frozen=True, kw_only=True)
    return repr(twin(**{name: getattr(record, name) for name in names}))


def test_the_bundled_data_holds_every_record_with_the_shared_repr() -> None:
    """The repr checks below see each record class at least once in the bundled dataset."""
    expected = {cls.__name__ for cls in _SHARED_REPR}
    assert expected <= {type(record).__name__ for record in _records_in(uc.load())}


def test_records_repr_as_attrs_writes_it_for_the_bundled_data() -> None:
    """Every record of the bundled data shows the text attrs' own generated repr gives."""
    records = [record for record in _records_in(uc.load()) if isinstance(record, _SHARED_REPR)]
    expected = [_attrs_repr(record) for record in records]
    assert expected == [repr(record) for record in records]
    assert repr(uc.Citation(source="a-source")) == "Citation(source='a-source', section=None)"


@settings(deadline=None)  # a whole dataset per example; slow machines must not fail on time
@given(strategies.datasets())
def test_records_repr_as_attrs_writes_it(dataset: uc.Dataset) -> None:
    """Any record, of any text (non-ASCII, quotes, control characters), shows attrs' own repr text."""
    records = [record for record in _records_in(dataset) if isinstance(record, _SHARED_REPR)]
    expected = [_attrs_repr(record) for record in records]
    assert expected == [repr(record) for record in records]
