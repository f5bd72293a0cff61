"""Every Dataset is consistent: ids unique, references resolved, one record per organization.

A Dataset that would break a rule is never built, whether by `load`, by hand
or by `attrs.evolve`; the `DatasetError` lists every broken rule where it is.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
import pytest

import ustb_coop as uc
from tests.edits import with_child, with_partnership
from tests.strategies import location

DS = uc.load()
SEED = "ustb-cooperation-cases"
# Positions come from ids, so reordering the bundled data breaks no test here.
RWTH, TATA, TOHOKU = (DS.ids.index(id_) for id_ in ("rwth-aachen", "tata-steel", "tohoku"))
ALL_SOURCES = "'ustb-cooperation-cases', 'ror-02egmk993', 'ror-04xfq0f34', 'ror-01dq60k83', 'ror-00925cq50'"
ALL_ORGANIZATIONS = "'ustb', 'rwth-aachen', 'tata-steel', 'tohoku', 'ministry-of-education-japan'"


def _problem(path: str, message: str) -> uc.Problem:
    return uc.Problem(location(path), message)


def _without_organization(id_: str) -> uc.Dataset:
    return attrs.evolve(DS, organizations=tuple(o for o in DS.organizations if o.id != id_))


def _without_source(id_: str) -> uc.Dataset:
    return attrs.evolve(DS, sources=tuple(s for s in DS.sources if s.id != id_))


def _with_extra_section() -> uc.Dataset:
    seed, *others = DS.sources
    seed = attrs.evolve(seed, sections=(*seed.sections, seed.sections[0]))
    return attrs.evolve(DS, sources=(seed, *others))


DUPLICATES = [
    pytest.param(
        lambda: attrs.evolve(DS, partnerships=(*DS.partnerships, DS.partnerships[RWTH])),
        (
            _problem(
                "partnerships[3].id",
                "duplicate partnership id 'rwth-aachen', first used at partnerships[0]",
            ),
        ),
        id="partnership",
    ),
    pytest.param(
        lambda: attrs.evolve(DS, organizations=(*DS.organizations, DS.organizations[1])),
        (
            _problem(
                "organizations[5].id",
                "duplicate organization id 'rwth-aachen', first used at organizations[1]",
            ),
        ),
        id="organization",
    ),
    pytest.param(
        lambda: attrs.evolve(DS, sources=(*DS.sources, DS.sources[0])),
        (
            _problem(
                "sources[5].id",
                f"duplicate source id {SEED!r}, first used at sources[0]",
            ),
        ),
        id="source",
    ),
    pytest.param(
        _with_extra_section,
        (
            _problem(
                "sources[0].sections[3].id",
                "duplicate section id '1', first used at sources[0].sections[0]",
            ),
        ),
        id="section",
    ),
]

DANGLING = [
    pytest.param(
        lambda: with_child(DS, RWTH, "milestones", 0, citation=uc.Citation(source="nowhere")),
        (
            _problem(
                f"partnerships[{RWTH}].milestones[0].citation.source",
                f"unknown source 'nowhere'; known sources: {ALL_SOURCES}",
            ),
        ),
        id="citation-source",
    ),
    pytest.param(
        lambda: with_child(DS, TOHOKU, "programs", 0, citation=uc.Citation(source=SEED, section="4")),
        (
            _problem(
                f"partnerships[{TOHOKU}].programs[0].citation.section",
                f"source {SEED!r} has no section '4'; its sections: '1', '2', '3'",
            ),
        ),
        id="citation-section",
    ),
    pytest.param(
        lambda: with_partnership(DS, TATA, citations=(uc.Citation(source="ror-02egmk993", section="2"),)),
        (
            _problem(
                f"partnerships[{TATA}].citations[0].section",
                "source 'ror-02egmk993' has no section '2'; its sections: none",
            ),
        ),
        id="section-of-a-source-without-sections",
    ),
    pytest.param(
        lambda: with_child(DS, TATA, "milestones", 3, actor="tata"),
        (
            _problem(
                f"partnerships[{TATA}].milestones[3].actor",
                f"unknown organization 'tata'; known organizations: {ALL_ORGANIZATIONS}",
            ),
        ),
        id="actor",
    ),
    pytest.param(
        lambda: _without_organization("tohoku"),
        (
            _problem(
                f"partnerships[{TOHOKU}].partner",
                "unknown organization 'tohoku'; known organizations: "
                "'ustb', 'rwth-aachen', 'tata-steel', 'ministry-of-education-japan'",
            ),
        ),
        id="partner-not-in-organizations",
    ),
    pytest.param(
        lambda: _without_organization("ustb"),
        tuple(
            _problem(
                path,
                "unknown organization 'ustb'; known organizations: "
                "'rwth-aachen', 'tata-steel', 'tohoku', 'ministry-of-education-japan'",
            )
            for path in (
                "partnerships[0].home",
                "partnerships[1].home",
                "partnerships[1].milestones[4].actor",
                "partnerships[1].milestones[5].actor",
                "partnerships[2].home",
            )
        ),
        id="home-not-in-organizations",
    ),
    pytest.param(
        lambda: _without_organization("ministry-of-education-japan"),
        (
            _problem(
                f"partnerships[{TOHOKU}].milestones[1].actor",
                "unknown organization 'ministry-of-education-japan'; known organizations: "
                "'ustb', 'rwth-aachen', 'tata-steel', 'tohoku'",
            ),
        ),
        id="actor-not-in-organizations",
    ),
    pytest.param(
        lambda: _without_source("ror-00925cq50"),
        tuple(
            _problem(
                path,
                "unknown source 'ror-00925cq50'; known sources: "
                "'ustb-cooperation-cases', 'ror-02egmk993', 'ror-04xfq0f34', 'ror-01dq60k83'",
            )
            for path in (
                "organizations[2].identifiers[0].citation.source",
                "organizations[2].citations[0].source",
            )
        ),
        id="identifier-source-not-in-sources",
    ),
]


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        *(pytest.param(*p.values, id=f"duplicate-{p.id}") for p in DUPLICATES),
        *(pytest.param(*p.values, id=f"dangling-{p.id}") for p in DANGLING),
    ],
)
def test_a_dataset_breaking_a_rule_is_not_built(
    build: Callable[[], uc.Dataset], expected: tuple[uc.Problem, ...]
) -> None:
    """Building (or evolving) a dataset that breaks a rule raises DatasetError listing every broken rule."""
    with pytest.raises(uc.DatasetError) as caught:
        build()
    assert expected == caught.value.problems
    assert caught.value.source == "<Dataset>"


def test_a_partnership_holding_a_different_organization_record_is_refused() -> None:
    """A partner edited in a partnership but not in the list would be lost in a file; no Dataset holds it."""
    renamed = attrs.evolve(DS["tohoku"], partner=attrs.evolve(DS["tohoku"].partner, name="Renamed"))
    partnerships = list(DS.partnerships)
    partnerships[TOHOKU] = renamed
    with pytest.raises(uc.DatasetError) as caught:
        attrs.evolve(DS, partnerships=tuple(partnerships))
    listed = DS.organizations.index(DS["tohoku"].partner)
    expected = (
        _problem(
            f"partnerships[{TOHOKU}].partner",
            f"the organization 'tohoku' held here differs from organizations[{listed}]; "
            "a file names it by id, so one of the two would be lost",
        ),
    )
    assert expected == caught.value.problems


def test_every_rule_is_checked_by_evolve_and_by_hand_alike() -> None:
    """A duplicate partnership is refused by the constructor as by attrs.evolve, with the same problems."""
    partnerships = (*DS.partnerships, DS.partnerships[RWTH])
    with pytest.raises(uc.DatasetError) as by_hand:
        uc.Dataset(
            version=DS.version,
            as_of=DS.as_of,
            sources=DS.sources,
            organizations=DS.organizations,
            partnerships=partnerships,
        )
    with pytest.raises(uc.DatasetError) as evolved:
        attrs.evolve(DS, partnerships=partnerships)
    assert by_hand.value.problems == evolved.value.problems


def test_ids_are_all_the_partnerships() -> None:
    """With ids unique, a dataset's length and its ids always agree."""
    assert len(DS) == len(DS.ids) == len(set(DS.ids))


@pytest.mark.parametrize("count", [11, 500])
def test_a_message_about_an_unknown_id_stays_short_among_many(count: int) -> None:
    """Past ten known ids, a message suggests the closest few instead of listing them all."""
    extra = tuple(
        attrs.evolve(DS.organizations[0], id=f"org-{number}", name=f"Org {number}") for number in range(count)
    )
    with pytest.raises(uc.DatasetError) as caught:
        with_child(
            attrs.evolve(DS, organizations=(*DS.organizations, *extra)), TATA, "milestones", 3, actor="org-1x"
        )
    (problem,) = caught.value.problems
    known = len(DS.organizations) + count
    assert problem.message.startswith("unknown organization 'org-1x'; did you mean 'org-1'")
    assert problem.message.endswith(f"({known:,} organizations are known)")
    assert len(problem.message) < 200


def test_suggestions_stop_after_a_budget_but_every_unknown_id_is_reported() -> None:
    """However many ids are wrong, only the first twenty get suggestions; each is still reported."""
    extra = tuple(
        attrs.evolve(DS.organizations[0], id=f"org-{number}", name=f"Org {number}") for number in range(20)
    )
    tata = DS["tata-steel"]
    milestones = tuple(attrs.evolve(tata.milestones[0], actor=f"org-{n}x") for n in range(25))
    with pytest.raises(uc.DatasetError) as caught:
        with_partnership(
            attrs.evolve(DS, organizations=(*DS.organizations, *extra)), TATA, milestones=milestones
        )
    messages = [problem.message for problem in caught.value.problems]
    assert len(messages) == 25
    assert all("did you mean" in message for message in messages[:20])
    assert all(message.endswith("; 25 organizations are known") for message in messages[20:])


def test_an_unknown_id_far_from_every_known_one_says_so() -> None:
    """An id that resembles none of many known ids gets no suggestion, only the count."""
    extra = tuple(
        attrs.evolve(DS.organizations[0], id=f"org-{number}", name=f"Org {number}") for number in range(20)
    )
    with pytest.raises(uc.DatasetError) as caught:
        with_child(
            attrs.evolve(DS, organizations=(*DS.organizations, *extra)), TATA, "milestones", 3, actor="zz"
        )
    expected = ["unknown organization 'zz'; none of the 25 known organizations is close"]
    assert expected == [problem.message for problem in caught.value.problems]
