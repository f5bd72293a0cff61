"""The bundled dataset is loaded once, shared by every thread, and cannot be changed."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, cast

import attrs
import pytest

import ustb_coop as uc
import ustb_coop.io._loading

THREADS = 16


def _all_at_once(task: Callable[[int], Any], threads: int = THREADS) -> list[Any]:
    """Run *task* in *threads* threads released together by a barrier."""
    barrier = threading.Barrier(threads)

    def run(number: int) -> Any:
        barrier.wait()
        return task(number)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(run, range(threads)))


def test_first_load_from_many_threads_returns_one_object(monkeypatch: pytest.MonkeyPatch) -> None:
    """Threads racing to the first load() all get the same object, parsed once."""
    monkeypatch.setattr(ustb_coop.io._loading, "_bundled", None)
    parses: list[str] = []
    real_loads = ustb_coop.io._loading.loads

    def counting_loads(
        text: str, fmt: ustb_coop.io._loading.Format = "json", *, name: str = "<string>"
    ) -> uc.Dataset:
        parses.append(name)
        return real_loads(text, fmt, name=name)

    monkeypatch.setattr(ustb_coop.io._loading, "loads", counting_loads)
    results = _all_at_once(lambda _: uc.load())
    expected_ids = {id(results[0])}
    assert expected_ids == {id(result) for result in results}
    expected_parses = [ustb_coop.io._loading.BUNDLED_NAME]
    assert expected_parses == parses
    assert results[0] is uc.load()


def test_fresh_load_equals_the_cached_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reload after the cache is cleared gives an equal dataset, as a new object."""
    cached = uc.load()
    monkeypatch.setattr(ustb_coop.io._loading, "_bundled", None)
    fresh = uc.load()
    assert cached == fresh
    assert cached is not fresh


def test_threads_loading_different_texts_do_not_mix() -> None:
    """Concurrent loads of different texts each resolve their own organizations."""
    texts = []
    for number in range(THREADS):
        document = json.loads(uc.dumps(uc.load()))
        document["version"] = f"1.0.{number}"
        document["organizations"][2]["name"] = f"Tata Steel {number}"
        texts.append(json.dumps(document))
    sequential = [uc.loads(text) for text in texts]
    concurrent = _all_at_once(lambda number: uc.loads(texts[number]))
    assert sequential == concurrent
    expected = [f"Tata Steel {number}" for number in range(THREADS)]
    assert expected == [dataset["tata-steel"].partner.name for dataset in concurrent]


def test_queries_from_many_threads_agree() -> None:
    """Filters and timelines computed in many threads at once agree with one computed alone."""
    dataset = uc.load()
    alone = (dataset.filter(kind=uc.PartnershipKind.ACADEMIC), dataset.timeline(), uc.audit(dataset))
    results = _all_at_once(
        lambda _: (dataset.filter(kind=uc.PartnershipKind.ACADEMIC), dataset.timeline(), uc.audit(dataset))
    )
    assert [alone] * THREADS == results


# ------------------------------------------------------------------ immutability


def _milestone() -> uc.Milestone:
    return uc.load()["tata-steel"].milestones[3]


FROZEN = [
    pytest.param(uc.load, "version", "2.0.0", id="dataset-version"),
    pytest.param(uc.load, "partnerships", (), id="dataset-partnerships"),
    pytest.param(lambda: uc.load()["rwth-aachen"], "id", "rwth", id="partnership-id"),
    pytest.param(lambda: uc.load()["rwth-aachen"], "started", uc.PartialDate(1980), id="partnership-started"),
    pytest.param(_milestone, "on", uc.PartialDate(2016), id="milestone-on"),
    pytest.param(lambda: _milestone().count, "value", 3, id="quantity-value"),
    pytest.param(lambda: _milestone().on, "year", 2016, id="partial-date-year"),
    pytest.param(lambda: _milestone().citation, "section", "3", id="citation-section"),
    pytest.param(lambda: uc.load().organizations[0], "name", "USTB", id="organization-name"),
    pytest.param(lambda: uc.load().sources[0], "title", "Cases", id="source-title"),
    pytest.param(lambda: uc.load()["tohoku"].programs[0], "times_held", None, id="program-times-held"),
    pytest.param(lambda: uc.load()["rwth-aachen"].metrics[0], "note", None, id="metric-note"),
]


@pytest.mark.parametrize(("get", "attribute", "value"), FROZEN)
def test_attributes_cannot_be_set(get: Callable[[], object], attribute: str, value: object) -> None:
    """Setting an attribute of any record of the bundled dataset raises FrozenInstanceError."""
    record = get()
    before = getattr(record, attribute)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(record, attribute, value)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        delattr(record, attribute)
    assert before == getattr(get(), attribute)


COLLECTIONS = [
    pytest.param(lambda: uc.load().partnerships, id="partnerships"),
    pytest.param(lambda: uc.load().organizations, id="organizations"),
    pytest.param(lambda: uc.load().sources, id="sources"),
    pytest.param(lambda: uc.load().sources[0].sections, id="sections"),
    pytest.param(lambda: uc.load().organizations[0].identifiers, id="identifiers"),
    pytest.param(lambda: uc.load().organizations[0].other_names, id="other-names"),
    pytest.param(lambda: uc.load().organizations[0].citations, id="organization-citations"),
    pytest.param(lambda: uc.load()["tata-steel"].milestones, id="milestones"),
    pytest.param(lambda: uc.load()["rwth-aachen"].metrics, id="metrics"),
    pytest.param(lambda: uc.load()["tohoku"].programs, id="programs"),
    pytest.param(lambda: uc.load()["tohoku"].fields, id="fields"),
    pytest.param(lambda: uc.load()["tohoku"].activities, id="activities"),
    pytest.param(lambda: uc.load()["tohoku"].citations, id="partnership-citations"),
    pytest.param(lambda: uc.load().timeline(), id="timeline"),
    pytest.param(lambda: uc.audit(uc.load()), id="audit"),
]


@pytest.mark.parametrize("get", COLLECTIONS)
def test_collections_are_tuples(get: Callable[[], object]) -> None:
    """Every collection in the model is a tuple: no append, no item assignment."""
    collection = get()
    assert type(collection) is tuple
    assert not hasattr(collection, "append")
    with pytest.raises(TypeError):
        cast("list[object]", collection)[0] = None


def test_private_index_is_read_only() -> None:
    """The id index behind ds[...] cannot be written to, so lookups cannot drift from the tuple."""
    dataset = uc.load()
    index = cast("dict[str, uc.Partnership]", dataset._by_id)
    with pytest.raises(TypeError):
        index["intruder"] = dataset["tohoku"]
    with pytest.raises(TypeError):
        del index["tohoku"]
    assert "intruder" not in dataset
    assert dataset["tohoku"] is dataset.partnerships[2]


def test_evolve_leaves_the_bundled_dataset_alone() -> None:
    """attrs.evolve makes a changed copy, with its own index; the bundled dataset is unchanged."""
    dataset = uc.load()
    changed = attrs.evolve(dataset, partnerships=dataset.partnerships[:1])
    expected = (("rwth-aachen",), ("rwth-aachen", "tata-steel", "tohoku"))
    assert expected == (changed.ids, uc.load().ids)
    assert "tohoku" not in changed
