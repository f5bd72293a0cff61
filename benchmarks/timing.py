"""What every benchmark here shares: the best of a few timings, a peak of memory, a table of ratios."""

from __future__ import annotations

import argparse
import gc
import json
import time
import tracemalloc
from collections.abc import Callable

#: Rows of one benchmark: name -> "subject" and "baseline" figures, their "ratio", and any more columns.
Rows = dict[str, dict[str, float]]


def best_of(function: Callable[[], object], repeat: int, *, collect: bool = False) -> float:
    """The least of *repeat* timings of *function*, in seconds, each after a full collection if *collect*."""
    timings = []
    for _ in range(repeat):
        if collect:
            gc.collect()
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return min(timings)


def peak_bytes(function: Callable[[], object]) -> int:
    """The most memory *function* held at once, as tracemalloc counts it."""
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def ratio_main(
    argv: list[str] | None,
    doc: str,
    measure: Callable[..., Rows],
    *,
    label: str,
    quick_help: str,
) -> None:
    """Parse ``--quick`` and ``--json``, run *measure*, and print its rows as JSON or as a table.

    The table has *label*, ustb-coop's figure, the baseline's and their
    ratio, and a column "relative" when the rows have one.
    """
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=quick_help)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    results = measure(quick=args.quick)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    width = max(len(label), *map(len, results)) + 2
    relative = any("relative" in row for row in results.values())
    print(
        f"{label:<{width}}{'ustb-coop':>14}{'baseline':>14}{'ratio':>9}"
        + (f"{'relative':>10}" if relative else "")
    )
    for name, row in results.items():
        extra = f"{row['relative']:>10.2f}" if "relative" in row else ""
        print(f"{name:<{width}}{row['subject']:>14.6g}{row['baseline']:>14.6g}{row['ratio']:>9.2f}{extra}")
