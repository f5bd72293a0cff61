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
import ustb_coop.io._bundled
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
    """Threads racing to the first load() all get the same object, built once."""
    monkeypatch.setattr(ustb_coop.io._loading, "_bundled", None)
    builds: list[uc.Dataset] = []
    real_build = ustb_coop.io._bundled.build

    def counting_build() -> uc.Dataset:
        builds.append(real_build())
        return builds[-1]

    monkeypatch.setattr(ustb_coop.io._bundled, "build", counting_build)
    results = _all_at_once(lambda _: uc.load())
    expected_ids = {id(results[0])}
    assert expected_ids == {id(result) for result in results}
    assert [results[0]] == builds
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


@pytest.mark.parametrize("name", ["_by_id", "_organizations_by_id", "_sources_by_id"])
def test_private_indexes_are_read_only(name: str) -> None:
    """The id indexes behind lookups cannot be written to, so they cannot drift from the tuples."""
    dataset = uc.load()
    index = cast("dict[str, object]", getattr(dataset, name))
    with pytest.raises(TypeError):
        index["intruder"] = dataset["tohoku"]
    with pytest.raises(TypeError):
        del index["tohoku"]
    assert "intruder" not in dataset
    assert dataset["tohoku"] is dataset.partnerships[dataset.ids.index("tohoku")]


def test_evolve_leaves_the_bundled_dataset_alone() -> None:
    """attrs.evolve makes a changed copy, with its own index; the bundled dataset is unchanged."""
    dataset = uc.load()
    changed = attrs.evolve(dataset, partnerships=dataset.partnerships[:1])
    expected = (("rwth-aachen",), ("rwth-aachen", "tata-steel", "tohoku"))
    assert expected == (changed.ids, uc.load().ids)
    assert "tohoku" not in changed
