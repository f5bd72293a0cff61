"""Every fact of the bundled dataset, read through the public API, against the seed and the reference.

The seed is shared/seed/000_1c1d32772e554507.txt (USTB, "Cooperation cases",
Oct 22, 2020); identifiers, places and founding years come from
shared/reference/identifiers.md. Nothing else may be in the data.
"""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path
from typing import Any

import attrs
import pytest

import ustb_coop as uc

DS = uc.load()
SEED = "ustb-cooperation-cases"
#: The seed is not shipped with the package; USTB_COOP_SEED points at it outside the workspace.
SEED_FILE = Path(
    os.environ.get(
        "USTB_COOP_SEED",
        Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_1c1d32772e554507.txt",
    )
)
needs_seed = pytest.mark.skipif(not SEED_FILE.is_file(), reason=f"the seed is not at {SEED_FILE}")
D = uc.PartialDate.parse
K = uc.MilestoneKind
Q = uc.Qualifier
A = uc.Activity


def _section(partnership: str) -> str:
    return {"rwth-aachen": "1", "tata-steel": "2", "tohoku": "3"}[partnership]


def test_dataset_header() -> None:
    """The dataset is version 1.0.0 and current to the seed's date."""
    expected = ("1.0.0", datetime.date(2020, 10, 22))
    assert expected == (DS.version, DS.as_of)


# ------------------------------------------------------------------ partnerships


PARTNERSHIPS = [
    # id, partner, kind, started
    ("rwth-aachen", "rwth-aachen", uc.PartnershipKind.ACADEMIC, D("1979")),
    ("tata-steel", "tata-steel", uc.PartnershipKind.INDUSTRY, D("2014")),
    ("tohoku", "tohoku", uc.PartnershipKind.ACADEMIC, D("2002")),
]


def test_partnership_ids_in_seed_order() -> None:
    """The three cases are there, in the seed's order, and nothing more."""
    expected = ("rwth-aachen", "tata-steel", "tohoku")
    assert expected == tuple(p.id for p in DS)


@pytest.mark.parametrize(
    ("id_", "partner", "kind", "started"), PARTNERSHIPS, ids=[row[0] for row in PARTNERSHIPS]
)
def test_partnership(id_: str, partner: str, kind: uc.PartnershipKind, started: uc.PartialDate) -> None:
    """USTB is home, the partner, kind and start year are the seed's, and no end is claimed."""
    p = DS[id_]
    expected = ("ustb", partner, kind, started, None, ((SEED, _section(id_)),))
    actual = (
        p.home.id,
        p.partner.id,
        p.kind,
        p.started,
        p.ended,
        tuple((c.source, c.section) for c in p.citations),
    )
    assert expected == actual


ACTIVITIES = [
    (
        "rwth-aachen",
        (
            A.STUDENT_EXCHANGE,
            A.STAFF_EXCHANGE,
            A.JOINT_RESEARCH,
            A.SYMPOSIUMS,
            A.TRAINING,
            A.INTERNSHIPS,
            A.CULTURAL_EXCHANGE,
        ),
    ),
    ("tata-steel", (A.JOINT_RESEARCH, A.EXPERT_EXCHANGE, A.RESOURCE_SHARING, A.TRAINING)),
    ("tohoku", (A.SCIENTIFIC_EXCHANGE, A.TRAINING, A.JOINT_RESEARCH)),
]


@pytest.mark.parametrize(("id_", "expected"), ACTIVITIES, ids=[row[0] for row in ACTIVITIES])
def test_activities(id_: str, expected: tuple[uc.Activity, ...]) -> None:
    """Each partnership carries out the activities its section names."""
    assert expected == DS[id_].activities


FIELDS = [
    ("rwth-aachen", ()),
    ("tata-steel", ()),
    ("tohoku", ("metallurgy", "resources", "iron and steel materials", "environment", "informatization")),
]


@pytest.mark.parametrize(("id_", "expected"), FIELDS, ids=[row[0] for row in FIELDS])
def test_fields(id_: str, expected: tuple[str, ...]) -> None:
    """Only the Tohoku case names fields: the five of the seed, in its order."""
    assert expected == DS[id_].fields


# -------------------------------------------------------------------- milestones


MILESTONES = [
    # partnership, kind, on, count, actor
    ("rwth-aachen", K.AGREEMENT_SIGNED, D("1979"), None, None),
    ("rwth-aachen", K.SYMPOSIUM_HELD, None, None, None),
    ("tata-steel", K.AGREEMENT_SIGNED, D("2014"), None, None),
    ("tata-steel", K.CENTER_ESTABLISHED, D("2014"), None, None),
    ("tata-steel", K.PLATFORM_ESTABLISHED, None, None, None),
    ("tata-steel", K.PROJECTS_APPROVED, D("2015"), uc.Quantity(2, Q.EXACT, "two"), "tata-steel"),
    ("tata-steel", K.TRAINING_COURSE_HELD, D("2016"), None, "ustb"),
    ("tata-steel", K.TRAINING_COURSE_HELD, D("2017"), None, "ustb"),
    ("tohoku", K.PLATFORM_ESTABLISHED, D("2002"), None, None),
    ("tohoku", K.AWARD_RECEIVED, None, None, "ministry-of-education-japan"),
]


def test_milestones_are_exactly_these() -> None:
    """The dataset holds the ten milestones of the table below and no other."""
    expected = [(row[0], row[1], row[2], row[3], row[4]) for row in MILESTONES]
    actual = [(p.id, m.kind, m.on, m.count, m.actor) for p in DS for m in p.milestones]
    assert expected == actual


def _milestone_id(row: tuple[Any, ...]) -> str:
    return f"{row[0]}-{row[1].value}-{row[2] or 'undated'}"


@pytest.mark.parametrize(
    ("partnership", "kind", "on", "count", "actor"),
    MILESTONES,
    ids=[_milestone_id(row) for row in MILESTONES],
)
def test_milestone(
    partnership: str,
    kind: uc.MilestoneKind,
    on: uc.PartialDate | None,
    count: uc.Quantity | None,
    actor: str | None,
) -> None:
    """Each milestone has its date, count and actor, and cites its partnership's section of the seed."""
    matching = [m for m in DS[partnership].milestones if (m.kind, m.on) == (kind, on)]
    expected = [(count, actor, uc.Citation(source=SEED, section=_section(partnership)))]
    assert expected == [(m.count, m.actor, m.citation) for m in matching]


@pytest.mark.parametrize(
    ("partnership", "kind", "actor"),
    [
        ("tata-steel", K.PROJECTS_APPROVED, "Tata Steel"),
        ("tata-steel", K.TRAINING_COURSE_HELD, "University of Science and Technology Beijing"),
        ("tohoku", K.AWARD_RECEIVED, "Ministry of Education of Japan"),
    ],
    ids=["projects-approved-by-tata", "courses-held-by-ustb", "award-by-the-ministry"],
)
def test_actor_is_an_organization(partnership: str, kind: uc.MilestoneKind, actor: str) -> None:
    """Each actor names an organization of the dataset, by the seed's name."""
    names = {
        organization.name
        for m in DS[partnership].milestones
        if m.kind is kind and m.actor is not None
        for organization in [DS.organization(m.actor)]
        if organization is not None
    }
    assert {actor} == names


def test_projects_count_is_exactly_two() -> None:
    """'two scientific research projects' is an exact count of two."""
    (projects,) = [m for m in DS["tata-steel"].milestones if m.kind is K.PROJECTS_APPROVED]
    assert projects.count is not None
    expected = (2, True, 2, 2)
    assert expected == (
        projects.count.value,
        projects.count.is_exact,
        projects.count.minimum,
        projects.count.maximum,
    )


# ----------------------------------------------------------------------- metrics


METRICS = [
    # kind, value, qualifier, as stated, note words
    (uc.MetricKind.STUDENTS_SENT, 400, Q.MORE_THAN, "over 400", "further study"),
    (uc.MetricKind.STUDENTS_RECEIVED, 200, Q.MORE_THAN, "over 200", "internships and cultural exchange"),
]


def test_only_rwth_has_metrics() -> None:
    """The seed gives figures for the RWTH Aachen case alone."""
    expected = [("rwth-aachen", 2), ("tata-steel", 0), ("tohoku", 0)]
    assert expected == [(p.id, len(p.metrics)) for p in DS]


@pytest.mark.parametrize(
    ("kind", "value", "qualifier", "as_stated", "note"), METRICS, ids=["sent-over-400", "received-over-200"]
)
def test_metric(kind: uc.MetricKind, value: int, qualifier: uc.Qualifier, as_stated: str, note: str) -> None:
    """Each RWTH figure is 'over N', reported on the seed's date, for the seed's purpose, citing section 1."""
    (metric,) = [m for m in DS["rwth-aachen"].metrics if m.kind is kind]
    expected = (
        uc.Quantity(value, qualifier, as_stated),
        D("2020-10-22"),
        uc.Citation(source=SEED, section="1"),
    )
    assert expected == (metric.value, metric.as_of, metric.citation)
    assert metric.note is not None
    assert note in metric.note


# ---------------------------------------------------------------------- programs


def test_tohoku_program() -> None:
    """The innovation and exchange program: yearly from 2002, held 22 consecutive years, citing section 3."""
    (program,) = DS["tohoku"].programs
    expected = (
        uc.Frequency.YEARLY,
        D("2002"),
        uc.Quantity(22, Q.EXACT, "22 consecutive years"),
        uc.Citation(source=SEED, section="3"),
    )
    assert expected == (program.frequency, program.first, program.times_held, program.citation)
    expected_name = "innovation and exchange program"
    assert expected_name == program.name.casefold()


def test_only_tohoku_has_a_program() -> None:
    """No other case describes a recurring program."""
    expected = [("rwth-aachen", 0), ("tata-steel", 0), ("tohoku", 1)]
    assert expected == [(p.id, len(p.programs)) for p in DS]


# ----------------------------------------------------------------------- sources


def test_seed_source() -> None:
    """The seed is cited as USTB's 'Cooperation cases' of 2020-10-22 with one section per case."""
    source = DS.source(SEED)
    assert source is not None
    expected = (
        "Cooperation cases",
        D("2020-10-22"),
        "University of Science and Technology Beijing",
        (
            uc.Section(id="1", title="USTB-RWTH Aachen University"),
            uc.Section(id="2", title="USTB-TATA"),
            uc.Section(id="3", title="USTB-Tohoku University"),
        ),
    )
    assert expected == (source.title, source.published, source.publisher, source.sections)


ROR_SOURCES = [
    # source id, record file, published (the record's last modification)
    ("ror-02egmk993", "v1.54/02egmk993.json", D("2024-10-21")),
    ("ror-04xfq0f34", "v2.8/04xfq0f34.json", D("2026-06-02")),
    ("ror-01dq60k83", "v2.1/01dq60k83.json", D("2026-01-15")),
    ("ror-00925cq50", "v1.65/00925cq50.json", None),
]


def test_sources_are_the_seed_and_the_ror_records() -> None:
    """The seed and the four ROR records are the only sources."""
    expected = (SEED, *(row[0] for row in ROR_SOURCES))
    assert expected == tuple(source.id for source in DS.sources)


@pytest.mark.parametrize(("id_", "record", "published"), ROR_SOURCES, ids=[row[0] for row in ROR_SOURCES])
def test_ror_source(id_: str, record: str, published: uc.PartialDate | None) -> None:
    """Each ROR source names its record file and date and links to the record."""
    source = DS.source(id_)
    assert source is not None
    expected = (published, f"https://ror.org/{id_.removeprefix('ror-')}", ())
    assert expected == (source.published, source.url, source.sections)
    assert record in source.title


# ------------------------------------------------------------------ organizations


@attrs.frozen(kw_only=True)
class OrganizationFacts:
    """What the seed and the reference say about one organization; None where they say nothing."""

    id: str
    name: str
    kind: uc.OrganizationKind
    country: str
    short_name: str | None = None
    city: uc.City | None = None
    established: int | None = None
    ror: str | None = None
    wikidata: str | None = None
    other_names: tuple[tuple[str, str | None], ...] = ()


ORGANIZATIONS = [
    OrganizationFacts(
        id="ustb",
        name="University of Science and Technology Beijing",
        kind=uc.OrganizationKind.UNIVERSITY,
        short_name="USTB",
        country="CN",
        city=uc.City(name="Beijing", geonames_id=1816670),
        established=1952,
        ror="https://ror.org/02egmk993",
        wikidata="Q1510516",
        other_names=(("北京科技大学", "zh"), ("Beijing Steel and Iron Institute", None)),
    ),
    OrganizationFacts(
        id="rwth-aachen",
        name="RWTH Aachen University",
        kind=uc.OrganizationKind.UNIVERSITY,
        short_name="RWTH",
        country="DE",
        city=uc.City(name="Aachen", geonames_id=3247449),
        established=1870,
        ror="https://ror.org/04xfq0f34",
        wikidata="Q273263",
        other_names=(("Rheinisch-Westfälische Technische Hochschule Aachen", "de"),),
    ),
    OrganizationFacts(
        id="tata-steel",
        name="Tata Steel",
        kind=uc.OrganizationKind.COMPANY,
        country="IN",
        ror="https://ror.org/001wtjx27",
    ),
    OrganizationFacts(
        id="tohoku",
        name="Tohoku University",
        kind=uc.OrganizationKind.UNIVERSITY,
        country="JP",
        city=uc.City(name="Sendai", geonames_id=2111149),
        established=1907,
        ror="https://ror.org/01dq60k83",
        wikidata="Q1062129",
        other_names=(("東北大学", "ja"), ("Tōhoku daigaku", None)),
    ),
    OrganizationFacts(
        id="ministry-of-education-japan",
        name="Ministry of Education of Japan",
        kind=uc.OrganizationKind.GOVERNMENT,
        country="JP",
    ),
]


def test_organizations_are_exactly_these() -> None:
    """USTB, its three partners and the ministry that gave the award, and no one else."""
    expected = tuple(facts.id for facts in ORGANIZATIONS)
    assert expected == tuple(organization.id for organization in DS.organizations)


@pytest.mark.parametrize("expected", ORGANIZATIONS, ids=[facts.id for facts in ORGANIZATIONS])
def test_organization(expected: OrganizationFacts) -> None:
    """Each organization has exactly the reference's facts: one the reference lacks stays empty."""
    org = DS.organization(expected.id)
    assert org is not None
    actual = OrganizationFacts(
        id=org.id,
        name=org.name,
        kind=org.kind,
        country=org.country or "",
        short_name=org.short_name,
        city=org.city,
        established=org.established,
        ror=org.identifier(uc.IdentifierScheme.ROR),
        wikidata=org.identifier(uc.IdentifierScheme.WIKIDATA),
        other_names=tuple((name.text, name.language) for name in org.other_names),
    )
    assert expected == actual


IDENTIFIER_PROVENANCE = [
    ("ustb", "ror-02egmk993"),
    ("rwth-aachen", "ror-04xfq0f34"),
    ("tata-steel", "ror-00925cq50"),
    ("tohoku", "ror-01dq60k83"),
]


@pytest.mark.parametrize(
    ("id_", "record"), IDENTIFIER_PROVENANCE, ids=[row[0] for row in IDENTIFIER_PROVENANCE]
)
def test_identifiers_cite_their_ror_record(id_: str, record: str) -> None:
    """Every identifier, and the place and founding facts, cite the ROR record they were read from."""
    org = DS.organization(id_)
    assert org is not None
    assert org.identifiers
    assert {uc.Citation(source=record)} == {identifier.citation for identifier in org.identifiers}
    assert uc.Citation(source=record) in org.citations


def test_ministry_cites_the_tohoku_section() -> None:
    """The ministry is known from the seed's Tohoku section only, and has no identifiers."""
    ministry = DS.organization("ministry-of-education-japan")
    assert ministry is not None
    expected = ((uc.Citation(source=SEED, section="3"),), ())
    assert expected == (ministry.citations, ministry.identifiers)


# ---------------------------------------------------------------- citations


def test_every_fact_of_a_case_cites_its_section() -> None:
    """Every milestone, metric and program cites the seed's section for its own partnership."""
    for p in DS:
        citations = [
            *(m.citation for m in p.milestones),
            *(m.citation for m in p.metrics),
            *(g.citation for g in p.programs),
        ]
        expected = [uc.Citation(source=SEED, section=_section(p.id))] * len(citations)
        assert expected == citations


# ------------------------------------------------------- the dataset's own words


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


def _runs(text: str, length: int = 8) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + length]) for i in range(len(words) - length + 1)}


def _own_words() -> list[tuple[str, str | None]]:
    texts: list[tuple[str, str | None]] = []
    for p in DS:
        texts.append((f"{p.id}.summary", p.summary))
        texts += [(f"{p.id}.milestones[{i}].description", m.description) for i, m in enumerate(p.milestones)]
        texts += [(f"{p.id}.milestones[{i}].title", m.title) for i, m in enumerate(p.milestones)]
        texts += [(f"{p.id}.metrics[{i}].note", m.note) for i, m in enumerate(p.metrics)]
        texts += [(f"{p.id}.programs[{i}].description", g.description) for i, g in enumerate(p.programs)]
    return texts


OWN_WORDS = [pytest.param(text, id=where) for where, text in _own_words()]


@needs_seed
@pytest.mark.parametrize("text", OWN_WORDS)
def test_text_is_in_the_datasets_own_words(text: str | None) -> None:
    """No run of eight words of the seed appears verbatim in a summary, description, title or note."""
    assert text is not None
    assert text.strip()
    assert set() == _runs(text) & _runs(SEED_FILE.read_text(encoding="utf-8"))


@needs_seed
def test_seed_is_where_expected() -> None:
    """The own-words check reads the real seed, which has runs to compare."""
    assert "Cooperation cases" in SEED_FILE.read_text(encoding="utf-8")
    assert len(_runs(SEED_FILE.read_text(encoding="utf-8"))) > 300


@needs_seed
def test_own_words_check_catches_a_copy() -> None:
    """A sentence lifted from the seed is caught by the check."""
    copied = (
        "In 2016 and 2017, two training courses for middle-level technical managers of Tata Steel were held."
    )
    assert _runs(copied) & _runs(SEED_FILE.read_text(encoding="utf-8"))
