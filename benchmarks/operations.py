"""Measure how the operations on a loaded dataset grow with its size, as ratios to baselines in the same run.

Run ``python -m benchmarks.operations`` (``--quick`` for a smoke run). For
each size the synthetic dataset of `benchmarks.generate` is built once (the
loader's own structuring, without the byte limit of ``loads``: 100,000
partnerships take a while) and every operation is timed on it, the best of
a few repeats, each after a full garbage collection so that one operation
does not pay for the garbage of the one before. Each operation's time is
given as a ratio to a baseline taken on the same data in the same run:

- build, filter, timeline, to_records, write_sqlite, fingerprint: a plain
  Python loop that visits every partnership, milestone, metric, program and
  citation of the dataset (the least any linear operation must do);
- build and filter again: that loop and a dict of the partnerships by id
  (the least a dataset that looks partnerships up by id must do: on this
  machine a dict of 100,000 ids takes more than 100 times one of 1,000);
- timeline again: every milestone date's sort key, sorted (a sort is
  N log N: 1.11 as a fitted exponent from 1,000 to 100,000);
- audit: ``timeline()`` of the same dataset;
- a missed ``dataset[id]``: a hit plus the building of a message that names
  ten ids.

The fitted exponent of an operation is the slope of log(time) against
log(size) over the sizes measured: 1.0 is linear. The walk, which does a
fixed amount of work per record, fits more than 1.0 on a machine whose
caches hold the small datasets and not the large ones; so each operation
also gets its exponent relative to its baseline's, ``1 + (its exponent -
the baseline's)``, the slope of its ratio plus one: at most 1.0 when it
grows no faster than the baseline on the same machine in the same run.
"""

from __future__ import annotations

import datetime
import math
import tempfile
from collections.abc import Callable
from operator import itemgetter
from pathlib import Path

import attrs

import ustb_coop as uc
from benchmarks import generate
from benchmarks.timing import best_of, ratio_main
from ustb_coop.exports._tables import TableName
from ustb_coop.io._loading import structure_dataset

#: The sizes of a full run and of a quick one, in partnerships.
SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (100, 1_000)

_TABLES: tuple[TableName, ...] = (
    "sources",
    "sections",
    "organizations",
    "partnerships",
    "milestones",
    "metrics",
    "programs",
)


def _walk(dataset: uc.Dataset) -> int:
    """Visit every partnership and the records inside it; the baseline of linear operations."""
    visited = 0
    for partnership in dataset.partnerships:
        visited += 1
        for citation in partnership.citations:
            visited += citation.source is not None
        for milestone in partnership.milestones:
            visited += milestone.citation.source is not None
        for metric in partnership.metrics:
            visited += metric.citation.source is not None
        for program in partnership.programs:
            visited += program.citation.source is not None
    return visited


def _walk_and_index(dataset: uc.Dataset) -> dict[str, uc.Partnership]:
    """The walk, and a dict of the partnerships by id: the least a build (or a filter) must do."""
    _walk(dataset)
    return {partnership.id: partnership for partnership in dataset.partnerships}


def _sort_dates(dataset: uc.Dataset) -> list[tuple[tuple[datetime.date, datetime.date], int]]:
    """Every milestone's date as a sort key, sorted: the least a timeline must do."""
    keys = [
        ((on.earliest, on.latest), position)
        for position, partnership in enumerate(dataset.partnerships)
        for milestone in partnership.milestones
        if (on := milestone.on) is not None
    ]
    keys.sort(key=itemgetter(0))
    return keys


def _missed(dataset: uc.Dataset) -> str:
    try:
        dataset["no-such-partnership"]
    except uc.UnknownPartnershipError as error:
        return str(error)
    msg = "the id was found"
    raise AssertionError(msg)


def _hit_and_short_message(dataset: uc.Dataset, known: str) -> str:
    dataset.get(known)
    shown = ", ".join(repr(partnership.id) for partnership in dataset.partnerships[:10])
    return f"no partnership with id 'no-such-partnership'. Known ids: {shown}."


def exponent(sizes: tuple[int, ...], seconds: list[float]) -> float:
    """The least-squares slope of log(seconds) against log(size)."""
    xs = [math.log(size) for size in sizes]
    ys = [math.log(max(second, 1e-9)) for second in seconds]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


def _operations(
    dataset: uc.Dataset, directory: Path
) -> dict[str, tuple[Callable[[], object], Callable[[], object]]]:
    """Each operation with its baseline, on *dataset*."""
    known = dataset.partnerships[len(dataset) // 2].id

    def walk() -> object:
        return _walk(dataset)

    return {
        "build": (lambda: attrs.evolve(dataset), walk),
        "build, against a walk and an index": (
            lambda: attrs.evolve(dataset),
            lambda: _walk_and_index(dataset),
        ),
        "filter": (lambda: dataset.filter(kind="industry"), walk),
        "filter, against a walk and an index": (
            lambda: dataset.filter(kind="industry"),
            lambda: _walk_and_index(dataset),
        ),
        "timeline": (dataset.timeline, walk),
        "timeline, against a sort of the dates": (dataset.timeline, lambda: _sort_dates(dataset)),
        "audit": (lambda: uc.audit(dataset), dataset.timeline),
        "to_records": (lambda: [uc.to_records(dataset, name) for name in _TABLES], walk),
        "write_sqlite": (lambda: uc.write_sqlite(dataset, directory / "bench.sqlite"), walk),
        "fingerprint": (lambda: uc.fingerprint(dataset), walk),
        "missed ds[id]": (lambda: _missed(dataset), lambda: _hit_and_short_message(dataset, known)),
    }


def build(partnerships: int) -> uc.Dataset:
    """The synthetic dataset of *partnerships* partnerships."""
    return structure_dataset(generate.document(partnerships), f"<generated {partnerships}>")


def measure(
    *, quick: bool = False, datasets: Callable[[int], uc.Dataset] = build
) -> dict[str, dict[str, float]]:
    """Time every operation at every size; rows of the subject's and baseline's figures and their ratio.

    Rows named ``"<operation> N=<size>"`` hold seconds; rows named
    ``"<operation> exponent"`` hold the fitted exponents of the operation
    and of its baseline, and the operation's relative to the baseline's.
    """
    sizes = QUICK_SIZES if quick else SIZES
    repeat = 2 if quick else 3
    times: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as directory:
        for size in sizes:
            dataset = datasets(size)
            for name, (operation, reference) in _operations(dataset, Path(directory)).items():
                times.setdefault(name, []).append(
                    (best_of(operation, repeat, collect=True), best_of(reference, repeat, collect=True))
                )
            del dataset
    rows: dict[str, dict[str, float]] = {}
    for name, pairs in times.items():
        for size, (subject, baseline) in zip(sizes, pairs, strict=True):
            ratio = subject / baseline
            rows[f"{name} N={size:,}"] = {"subject": subject, "baseline": baseline, "ratio": ratio}
        subject_exponent = exponent(sizes, [subject for subject, _ in pairs])
        baseline_exponent = exponent(sizes, [baseline for _, baseline in pairs])
        rows[f"{name} exponent"] = {
            "subject": subject_exponent,
            "baseline": baseline_exponent,
            "ratio": subject_exponent / baseline_exponent if baseline_exponent else math.inf,
            "relative": 1 + subject_exponent - baseline_exponent,
        }
    return rows


def main(argv: list[str] | None = None) -> None:
    """Print the measurements as a table, or as JSON."""
    ratio_main(argv, __doc__, measure, label="operation", quick_help="small sizes, few repeats: a smoke run")


if __name__ == "__main__":
    main()
