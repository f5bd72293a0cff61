"""Mutation testing of the model's core: run mutmut, print the score per module, fail under 95%.

The modules mutated are `[tool.mutmut] only_mutate` in pyproject.toml (dates,
quantities, intervals, the queries and the occurrences they count by); the
tests run against each mutant are `pytest_add_cli_args_test_selection`
(tests/model, about ten seconds in all; mutmut runs only the tests that reach
the mutated function, fastest first, and stops at the first failure).

Usage, from a checkout with the ``mutation`` extra installed
(``pip install -e ".[test,mutation]"``)::

    python scripts/mutation.py                 # a fresh run: about 6 minutes on 2 cores
    python scripts/mutation.py --keep          # reuse mutants/ from the last run (mutmut's cache)
    python scripts/mutation.py --threshold 90

The score of a module is ``killed / (generated - equivalent)``. A mutant is
killed when a test fails, times out or mutmut's type check rejects it. It is
equivalent when it survives and matches an entry of `EQUIVALENT` below: a
change no caller can observe, with the reason. Every other survivor (and
every mutant no test reaches) counts against the score and is printed with
its diff. The run fails (exit status 1) when any module or the whole is
below the threshold, and with mutmut's status when mutmut itself fails.
docs/testing.md has the figures of the last full run and the same list.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"

#: mutmut's exit codes (mutmut/stats.py) that mean a mutant was caught.
_KILLED = {1: "killed", 3: "killed", 37: "type check"}
_TIMED_OUT = {24, -24, 36, 152, 255}


@dataclass(frozen=True)
class Equivalent:
    """A surviving mutant judged equivalent: a change to *function* no caller can observe.

    Attributes:
        function: The module and function, as mutmut names them (``module.x_function``,
            ``module.xǁClassǁmethod``).
        original: The line as written, stripped.
        mutated: The line as the mutant has it, stripped.
        reason: Why no caller can tell the two apart.
    """

    function: str
    original: str
    mutated: str
    reason: str


EQUIVALENT = (
    Equivalent(
        "ustb_coop.model._queries.x__years",
        "if stop <= start:",
        "if stop < start:",
        "when stop == start, relativedelta(stop, start).years is 0, the value the early return gives",
    ),
)


@dataclass
class ModuleScore:
    """What happened to one module's mutants."""

    path: str
    generated: int = 0
    killed: int = 0
    timed_out: int = 0
    equivalent: int = 0
    survivors: tuple[str, ...] = ()

    @property
    def score(self) -> float:
        """Killed (timeouts included) over the mutants that could be killed, in percent."""
        killable = self.generated - self.equivalent
        return 100.0 if killable == 0 else 100.0 * (self.killed + self.timed_out) / killable


def _mutated_modules() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    modules: list[str] = config["tool"]["mutmut"]["only_mutate"]
    return modules


def _mutmut(*arguments: str, capture: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter running mutmut
        [sys.executable, "-m", "mutmut", *arguments],
        cwd=ROOT,
        check=False,
        text=True,
        capture_output=capture,
    )


def _changed_lines(diff: str) -> tuple[list[str], list[str]]:
    lines = diff.splitlines()
    removed = [line[1:].strip() for line in lines if line.startswith("-") and not line.startswith("---")]
    added = [line[1:].strip() for line in lines if line.startswith("+") and not line.startswith("+++")]
    return removed, added


def _equivalent(name: str, diff: str) -> Equivalent | None:
    removed, added = _changed_lines(diff)
    for entry in EQUIVALENT:
        if name.startswith(f"{entry.function}__mutmut_") and (removed, added) == (
            [entry.original],
            [entry.mutated],
        ):
            return entry
    return None


def _score(path: str, matched: Counter[Equivalent]) -> tuple[ModuleScore, list[tuple[str, str, str]]]:
    """The score of the module at *path*, and its unexplained mutants as (name, status, diff)."""
    meta = MUTANTS / f"{path}.meta"
    exit_codes: dict[str, int | None] = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    result = ModuleScore(path=path, generated=len(exit_codes))
    unexplained: list[tuple[str, str, str]] = []
    for name, code in sorted(exit_codes.items()):
        if code in _KILLED:
            result.killed += 1
            continue
        if code in _TIMED_OUT:
            result.timed_out += 1
            continue
        status = {0: "survived", 5: "no tests", 33: "no tests", None: "not checked"}.get(code, f"exit {code}")
        diff = _mutmut("show", name, capture=True).stdout
        entry = _equivalent(name, diff) if code == 0 else None
        if entry is None:
            unexplained.append((name, status, diff))
        else:
            result.equivalent += 1
            matched[entry] += 1
    result.survivors = tuple(name for name, _, _ in unexplained)
    return result, unexplained


def _report(scores: Sequence[ModuleScore], seconds: float) -> ModuleScore:
    """Print one line per module and one for the whole; return the whole."""
    total = ModuleScore(
        path="overall",
        generated=sum(score.generated for score in scores),
        killed=sum(score.killed for score in scores),
        timed_out=sum(score.timed_out for score in scores),
        equivalent=sum(score.equivalent for score in scores),
        survivors=tuple(name for score in scores for name in score.survivors),
    )
    print(
        f"{'module':<24} {'mutants':>7} {'killed':>6} {'timeout':>7} {'equiv.':>6} {'left':>4} {'score':>7}"
    )
    for row in [*scores, total]:
        print(
            f"{Path(row.path).name:<24} {row.generated:>7} {row.killed:>6} {row.timed_out:>7} "
            f"{row.equivalent:>6} {len(row.survivors):>4} {row.score:>6.1f}%"
        )
    print(f"run time: {seconds:.0f} s with {os.cpu_count()} CPUs")
    return total


def main(argv: Sequence[str] | None = None) -> int:
    """Run mutmut on the core, print the scores and return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--keep", action="store_true", help="reuse mutants/ and mutmut's cached results")
    parser.add_argument("--threshold", type=float, default=95.0, help="the least score, in percent (95)")
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 1, help="parallel workers")
    arguments = parser.parse_args(argv)

    if not arguments.keep and MUTANTS.exists():
        shutil.rmtree(MUTANTS)
    MUTANTS.mkdir(exist_ok=True)
    log = MUTANTS / "mutmut-run.log"
    started = time.monotonic()
    with log.open("w", encoding="utf-8") as output:
        run = subprocess.run(  # noqa: S603 - our own interpreter running mutmut
            [sys.executable, "-m", "mutmut", "run", "--max-children", str(arguments.max_children)],
            cwd=ROOT,
            check=False,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    seconds = time.monotonic() - started
    if run.returncode != 0:
        print(f"mutmut run failed with status {run.returncode}; its output is in {log}", file=sys.stderr)
        return run.returncode

    matched: Counter[Equivalent] = Counter()
    scores, unexplained = [], []
    for path in _mutated_modules():
        score, left = _score(path, matched)
        scores.append(score)
        unexplained.extend(left)
    for name, status, diff in unexplained:
        print(f"{status}: {name}\n{diff}")
    for entry in EQUIVALENT:
        if not matched[entry]:
            print(f"note: no survivor matches the equivalent mutant '{entry.mutated}' in {entry.function}")
    total = _report(scores, seconds)
    failing = [score for score in [*scores, total] if score.score < arguments.threshold]
    for score in failing:
        print(f"{score.path}: mutation score {score.score:.1f}% is below {arguments.threshold:g}%")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
