"""Fingerprints are stable across runs and change with every fact."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import given

import ustb_coop as uc
from tests import strategies
from ustb_coop.exports._fingerprint import canonical_json, fingerprint

#: The fingerprint of the bundled dataset 1.0.0. It changes only when the
#: bundled facts or the fingerprint's definition change; update it then, on purpose.
BUNDLED = "52937b5090dc89568eea0b6502e555af0bf845539fbb4cde090a9642a7d977a1"

#: The bundled partnerships' fingerprints, pinned the same way.
BUNDLED_PARTNERSHIPS = {
    "rwth-aachen": "f1f530e0dfc4da486a7a7cb413e86ff73d3502c3790455911abe4a73b5b7070d",
    "tata-steel": "e74209e4aa1cedb8201d305fd1f8487255119a3535fc8b07dd8327a86bc47e83",
    "tohoku": "5f350ad79bf7d2fbc371f8716955cb1ad36754c7e664610f30f764e699c3657f",
}

Edit = Callable[[uc.Dataset], uc.Dataset]


def test_bundled_dataset_fingerprint_is_pinned() -> None:
    """The bundled dataset has the fingerprint computed once and written down here."""
    assert fingerprint(uc.load()) == BUNDLED


def test_bundled_partnership_fingerprints_are_pinned() -> None:
    """Each bundled partnership has the fingerprint computed once and written down here."""
    assert {partnership.id: fingerprint(partnership) for partnership in uc.load()} == BUNDLED_PARTNERSHIPS


def test_fingerprint_is_the_same_in_another_process() -> None:
    """A fresh interpreter with another hash seed computes the same fingerprint."""
    code = "import ustb_coop, ustb_coop.exports._fingerprint as f; print(f.fingerprint(ustb_coop.load()))"
    result = subprocess.run(  # noqa: S603 - this interpreter, a fixed program
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
    )
    assert result.stdout.strip() == BUNDLED


def test_fingerprint_can_be_recomputed_from_the_json() -> None:
    """SHA-256 of the canonical form of what `dumps` writes is the dataset's fingerprint."""

    def without_empty(data: object) -> object:
        if isinstance(data, dict):
            return {k: without_empty(v) for k, v in data.items() if v is not None and v != []}
        if isinstance(data, list):
            return [without_empty(item) for item in data]
        return data

    data = json.loads(uc.dumps(uc.load()))
    canonical = json.dumps(without_empty(data), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert hashlib.sha256(canonical.encode("utf-8")).hexdigest() == fingerprint(uc.load())


def test_a_new_empty_optional_key_leaves_the_fingerprint_alone() -> None:
    """Keys with null or empty-list values do not count, so a later optional key changes nothing."""
    data = json.loads(uc.dumps(uc.load()))
    data["partnerships"][0]["some_later_key"] = None
    data["partnerships"][1]["another_later_key"] = []
    assert canonical_json(data) == canonical_json(json.loads(uc.dumps(uc.load())))


def _partnership(id_: str, **changes: Any) -> Edit:
    def edit(dataset: uc.Dataset) -> uc.Dataset:
        partnerships = tuple(attrs.evolve(p, **changes) if p.id == id_ else p for p in dataset.partnerships)
        return attrs.evolve(dataset, partnerships=partnerships)

    return edit


def _organization(id_: str, **changes: Any) -> Edit:
    def edit(dataset: uc.Dataset) -> uc.Dataset:
        def changed(organization: uc.Organization) -> uc.Organization:
            return attrs.evolve(organization, **changes) if organization.id == id_ else organization

        # The listed record and the copies partnerships hold change together, as in a loaded file.
        partnerships = tuple(
            attrs.evolve(p, home=changed(p.home), partner=changed(p.partner)) for p in dataset.partnerships
        )
        organizations = tuple(changed(o) for o in dataset.organizations)
        return attrs.evolve(dataset, organizations=organizations, partnerships=partnerships)

    return edit


def _source(position: int, **changes: Any) -> Edit:
    def edit(dataset: uc.Dataset) -> uc.Dataset:
        sources = list(dataset.sources)
        sources[position] = attrs.evolve(sources[position], **changes)
        return attrs.evolve(dataset, sources=tuple(sources))

    return edit


_BUNDLED = uc.load()
_RWTH, _TATA, _TOHOKU = _BUNDLED["rwth-aachen"], _BUNDLED["tata-steel"], _BUNDLED["tohoku"]

_DATASET_EDITS: list[tuple[str, Edit]] = [
    ("version", lambda ds: attrs.evolve(ds, version="1.0.1")),
    ("as-of", lambda ds: attrs.evolve(ds, as_of=datetime.date(2020, 10, 23))),
    ("partnership-order", lambda ds: attrs.evolve(ds, partnerships=ds.partnerships[::-1])),
    ("drop-partnership", lambda ds: attrs.evolve(ds, partnerships=ds.partnerships[:2])),
    ("source-title", _source(0, title="Cooperation Cases")),
    ("source-published", _source(0, published=uc.PartialDate.parse("2020-10"))),
    (
        "section-title",
        _source(0, sections=(uc.Section(id="1", title="USTB-RWTH"), *_BUNDLED.sources[0].sections[1:])),
    ),
    ("organization-name", _organization("tata-steel", name="Tata Steel Limited")),
    ("organization-country", _organization("tohoku", country=None)),
    ("organization-city", _organization("ustb", city=uc.City(name="Beijing", geonames_id=1))),
    ("organization-established", _organization("rwth-aachen", established=1871)),
    (
        "organization-other-name",
        _organization("ustb", other_names=(uc.LocalizedName(text="北京科技大学"),)),
    ),
]

_PARTNERSHIP_EDITS: list[tuple[str, tuple[str, ...], Edit]] = [
    ("summary", ("rwth-aachen",), _partnership("rwth-aachen", summary="A partnership.")),
    ("started", ("rwth-aachen",), _partnership("rwth-aachen", started=uc.PartialDate.parse("1979-01"))),
    ("ended", ("tata-steel",), _partnership("tata-steel", ended=uc.PartialDate.parse("2020"))),
    ("confirmed", ("tata-steel",), _partnership("tata-steel", confirmed=uc.PartialDate.parse("2020-10"))),
    ("kind", ("tata-steel",), _partnership("tata-steel", kind=uc.PartnershipKind.ACADEMIC)),
    ("activity-order", ("tata-steel",), _partnership("tata-steel", activities=_TATA.activities[::-1])),
    ("field", ("tohoku",), _partnership("tohoku", fields=(*_TOHOKU.fields, "energy"))),
    (
        "milestone-date",
        ("rwth-aachen",),
        _partnership(
            "rwth-aachen",
            milestones=(
                attrs.evolve(_RWTH.milestones[0], on=uc.PartialDate.parse("1979-05")),
                *_RWTH.milestones[1:],
            ),
        ),
    ),
    (
        "milestone-count-qualifier",
        ("tata-steel",),
        _partnership(
            "tata-steel",
            milestones=(
                *_TATA.milestones[:3],
                attrs.evolve(_TATA.milestones[3], count=uc.Quantity(2, uc.Qualifier.AT_LEAST, "two")),
                *_TATA.milestones[4:],
            ),
        ),
    ),
    (
        "metric-value",
        ("rwth-aachen",),
        _partnership(
            "rwth-aachen",
            metrics=(
                attrs.evolve(_RWTH.metrics[0], value=uc.Quantity(401, uc.Qualifier.MORE_THAN, "over 400")),
                *_RWTH.metrics[1:],
            ),
        ),
    ),
    (
        "citation-section",
        ("rwth-aachen",),
        _partnership("rwth-aachen", citations=(uc.Citation(source="ustb-cooperation-cases"),)),
    ),
    (
        "program-times-held",
        ("tohoku",),
        _partnership(
            "tohoku",
            programs=(attrs.evolve(_TOHOKU.programs[0], times_held=uc.Quantity(21)),),
        ),
    ),
    (
        "program-as-of",
        ("tohoku",),
        _partnership("tohoku", programs=(attrs.evolve(_TOHOKU.programs[0], as_of=None),)),
    ),
    ("partner-record", ("tohoku",), _organization("tohoku", short_name="Tohoku")),
    ("home-record", ("rwth-aachen", "tata-steel", "tohoku"), _organization("ustb", established=1953)),
]


def _resolved(dataset: uc.Dataset) -> uc.Dataset:
    """The dataset read back from its file form, as an app would get it."""
    return uc.loads(uc.dumps(dataset))


@pytest.mark.parametrize(("edit"), [edit for _, edit in _DATASET_EDITS], ids=[i for i, _ in _DATASET_EDITS])
def test_every_dataset_fact_changes_the_fingerprint(edit: Edit) -> None:
    """Changing one fact of the dataset gives it another fingerprint."""
    edited = _resolved(edit(_BUNDLED))
    assert edited != _BUNDLED
    assert fingerprint(edited) != BUNDLED


@pytest.mark.parametrize(
    ("changed", "edit"),
    [(changed, edit) for _, changed, edit in _PARTNERSHIP_EDITS],
    ids=[name for name, _, _ in _PARTNERSHIP_EDITS],
)
def test_every_partnership_fact_changes_its_fingerprint(changed: tuple[str, ...], edit: Edit) -> None:
    """Changing a fact of a partnership, its home or its partner changes its fingerprint and no other's."""
    edited = _resolved(edit(_BUNDLED))
    expected = {id_: id_ in changed for id_ in BUNDLED_PARTNERSHIPS}
    actual = {p.id: fingerprint(p) != BUNDLED_PARTNERSHIPS[p.id] for p in edited}
    assert expected == actual
    assert fingerprint(edited) != BUNDLED


@given(strategies.datasets())
def test_fingerprint_survives_a_round_trip(dataset: uc.Dataset) -> None:
    """A dataset read back from its dump has the same fingerprint."""
    assert fingerprint(dataset) == fingerprint(uc.loads(uc.dumps(dataset)))


@given(strategies.datasets(), strategies.datasets())
def test_fingerprints_are_equal_exactly_when_datasets_are(first: uc.Dataset, second: uc.Dataset) -> None:
    """Two datasets share a fingerprint if and only if they are equal."""
    assert (first == second) == (fingerprint(first) == fingerprint(second))


def test_fingerprint_rejects_other_objects() -> None:
    """Only datasets and partnerships have fingerprints."""
    with pytest.raises(TypeError, match="takes a Dataset or a Partnership, got Organization"):
        fingerprint(_RWTH.partner)  # type: ignore[arg-type]
