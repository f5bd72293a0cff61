"""Measure ustb-coop's start-up as ratios against a cold import of its dependencies, in the same run.

Run ``python -m benchmarks.startup`` (``--quick`` for a smoke run). Each
figure is the median wall time of fresh interpreters (``-I -S``, this
interpreter's ``sys.path`` put back explicitly) running one statement, minus
the median of an empty one. The baseline is a cold import of attrs, cattrs
and dateutil alone (``benchmarks.run``'s anchors). Subject and baseline
runs alternate, so a neighbour's load on the machine hits both alike.

- import: ``import ustb_coop``.
- first answer: ``uc.years_active(uc.load()["rwth-aachen"])`` after the import.
- summary command: ``python -m ustb_coop --as-of 2020-10-22``, its output discarded.

The targets (issue 11): import and first answer at most 1.0x, the summary
command at most 1.5x.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from benchmarks.timing import ratio_main

#: The runtime dependencies' own import: the baseline every start is measured against.
_ANCHORS = "import attrs, cattrs, dateutil.relativedelta, dateutil.rrule"

#: What each benchmark runs in a fresh interpreter.
STATEMENTS = {
    "import (s)": "import ustb_coop",
    "first answer (s)": "import ustb_coop as uc; uc.years_active(uc.load()['rwth-aachen'])",
    "summary command (s)": (
        "sys.argv[1:] = ['--as-of', '2020-10-22']; import runpy; "
        "runpy.run_module('ustb_coop', run_name='__main__', alter_sys=True)"
    ),
}


def _run_seconds(code: str) -> float:
    """The wall time of a fresh interpreter running *code*, its output discarded."""
    # -S keeps site-packages off the path, so put this interpreter's path back explicitly.
    prefix = f"import sys; sys.path[:0] = {sys.path!r}; "
    start = time.perf_counter()
    subprocess.run(  # noqa: S603 - this interpreter, a fixed program
        [sys.executable, "-I", "-S", "-c", prefix + code], check=True, stdout=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def _cold_seconds(codes: dict[str, str], repeat: int) -> dict[str, float]:
    """For each of *codes*, the median time of a fresh interpreter running it, minus an empty one's.

    The runs go round robin, one of each in turn, so that a slow spell on
    the machine slows every statement alike rather than one of them.
    """
    timings: dict[str, list[float]] = {name: [] for name in ("", *codes)}
    for _ in range(repeat):
        for name, times in timings.items():
            times.append(_run_seconds(codes.get(name, "pass")))
    empty = statistics.median(timings.pop(""))
    return {name: max(statistics.median(times) - empty, 1e-6) for name, times in timings.items()}


def measure(*, quick: bool = False) -> dict[str, dict[str, float]]:
    """Run every start-up benchmark; return each one's seconds, the baseline's and their ratio."""
    repeat = 3 if quick else 41
    seconds = _cold_seconds({"baseline": _ANCHORS, **STATEMENTS}, repeat)
    baseline = seconds.pop("baseline")
    return {
        name: {"subject": subject, "baseline": baseline, "ratio": subject / baseline}
        for name, subject in seconds.items()
    }


def main(argv: list[str] | None = None) -> None:
    """Print the measurements as a table, or as JSON."""
    ratio_main(argv, __doc__, measure, label="benchmark", quick_help="few repetitions, for a smoke run")


if __name__ == "__main__":
    main()
