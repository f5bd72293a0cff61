"""Measure ustb-coop's speed and memory as ratios against baselines taken in the same run.

Run ``python -m benchmarks.run`` (``--quick`` for a smoke run). Absolute
times vary between machines; the ratios are what to compare across runs:

- import: a cold ``import ustb_coop`` in a fresh interpreter, against a cold
  import of its three runtime dependencies alone (the anchors' cold start).
- loads: structuring the bundled dataset from JSON text, against the
  standard library's ``json.loads`` of the same text (parsing only).
- dumps: against ``json.dumps`` of the already-plain data.
- memory: tracemalloc peak of ``loads`` against that of ``json.loads``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable

import ustb_coop as uc

_ANCHORS = "import attrs, cattrs, dateutil.relativedelta, dateutil.rrule"


def _cold_import_seconds(statement: str, repeat: int) -> float:
    """The median wall time of a fresh interpreter running *statement*, minus an empty one."""

    def run(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-I", "-S", "-c", code], check=True)  # noqa: S603
        return time.perf_counter() - start

    # -S keeps site-packages off the path, so put this interpreter's path back explicitly.
    path = f"import sys; sys.path[:0] = {sys.path!r}; "
    empty = statistics.median(run(path) for _ in range(repeat))
    full = statistics.median(run(path + statement) for _ in range(repeat))
    return max(full - empty, 1e-6)


def _best_of(function: Callable[[], object], repeat: int, number: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            function()
        timings.append((time.perf_counter() - start) / number)
    return min(timings)


def _peak_bytes(function: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def measure(*, quick: bool = False) -> dict[str, dict[str, float]]:
    """Run every benchmark; return, for each, the subject's and baseline's figures and their ratio."""
    repeat, number = (2, 5) if quick else (7, 200)
    text = uc.dumps(uc.load())
    plain = json.loads(text)
    dataset = uc.loads(text)
    pairs: dict[str, tuple[float, float]] = {
        "import (s)": (
            _cold_import_seconds("import ustb_coop", repeat),
            _cold_import_seconds(_ANCHORS, repeat),
        ),
        "loads (s)": (
            _best_of(lambda: uc.loads(text), repeat, number),
            _best_of(lambda: json.loads(text), repeat, number),
        ),
        "dumps (s)": (
            _best_of(lambda: uc.dumps(dataset), repeat, number),
            _best_of(lambda: json.dumps(plain, ensure_ascii=False, indent=2), repeat, number),
        ),
        "loads peak memory (bytes)": (
            float(_peak_bytes(lambda: uc.loads(text))),
            float(_peak_bytes(lambda: json.loads(text))),
        ),
    }
    return {
        name: {"subject": subject, "baseline": baseline, "ratio": subject / baseline}
        for name, (subject, baseline) in pairs.items()
    }


def main(argv: list[str] | None = None) -> None:
    """Print the measurements as a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repetitions, for a smoke run")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    results = measure(quick=args.quick)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{'benchmark':<28}{'ustb-coop':>14}{'baseline':>14}{'ratio':>9}")
    for name, row in results.items():
        print(f"{name:<28}{row['subject']:>14.6g}{row['baseline']:>14.6g}{row['ratio']:>9.2f}")


if __name__ == "__main__":
    main()
