"""Fuzz `uc.loads`, `uc.load` and ``ustb-coop validate`` with mutated datasets (see `tests.mutations`).

Every case must keep these promises:

- only `uc.DatasetError` escapes `loads` and `load`, and ``validate`` exits
  0 or 1, 0 exactly when `load` accepts the file;
- `loads` and `load` agree on the same text;
- an accepted dataset round-trips (``loads(dumps(ds)) == ds``), also under
  a limit of exactly what the JSON export writes, which the loader's bound
  on that size (`ustb_coop.io._written`) is never below; dumps the same
  text twice, audits, and exports as CSV, a Data Package and SQLite;
- the input file is unchanged, bytes and modification time.

The test suite runs a few thousand cases (``tests/io/test_fuzz.py``); a long
run is::

    python -m tests.fuzz --cases 100000            # seed 0; --seed N for others
    python -m tests.fuzz --seed 0 --case 4711      # replay one case, printing its file

Exports skip `os.fsync` and write to ``/dev/shm`` where there is one:
durability is not what the fuzz checks, and syncs and renames on a disk
would take most of its time.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import attrs

import ustb_coop as uc
from tests.mutations import Case, make_case, seeds
from ustb_coop import cli
from ustb_coop.io import _written


@attrs.frozen
class Failure:
    """A broken promise: which case, at which stage, and what happened."""

    case: Case
    stage: str
    error: str

    def __str__(self) -> str:
        steps = ", ".join(self.case.steps) or "no mutation"
        return f"case {self.case.number} ({self.case.fmt}, {steps}): {self.stage}: {self.error}"


@attrs.frozen
class Summary:
    """What a run did."""

    cases: int
    accepted: int
    failures: tuple[Failure, ...]
    seconds: float
    #: The slowest cases, as (seconds, case number), slowest first.
    slowest: tuple[tuple[float, int], ...]


def _described(error: BaseException) -> str:
    where = traceback.extract_tb(error.__traceback__)[-1]
    return f"{type(error).__name__}: {str(error)[:300]} (at {Path(where.filename).name}:{where.lineno})"


def _attempt(stage: str, case: Case, failures: list[Failure], call: Callable[[], object]) -> object | None:
    """*call*'s result; None when it raised DatasetError; a recorded failure for anything else."""
    try:
        return call()
    except uc.DatasetError:
        return None
    except Exception as error:  # noqa: BLE001 - anything else is what the fuzz looks for
        failures.append(Failure(case, stage, _described(error)))
        return None


def _validate(path: Path) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return cli.main(["validate", str(path)])


def _check_accepted(case: Case, dataset: uc.Dataset, directory: Path, failures: list[Failure]) -> None:
    def round_trip() -> None:
        text = uc.dumps(dataset)
        if uc.loads(text) != dataset:
            failures.append(Failure(case, "round-trip", "loads(dumps(ds)) != ds"))
        written = len(text.encode()) + 1  # as the JSON export writes it
        if _written.bound(dataset, len(case.text.encode("utf-8", "surrogatepass")), case.fmt) < written:
            failures.append(Failure(case, "round-trip", f"bound below the {written:,} bytes dumps writes"))
        if uc.loads(text + "\n", max_bytes=written) != dataset:
            failures.append(Failure(case, "round-trip", "loads(dumps(ds)) != ds at a limit of its size"))
        if uc.dumps(dataset) != text:
            failures.append(Failure(case, "dumps", "two dumps of one dataset differ"))

    def exports() -> None:
        uc.audit(dataset)
        uc.write_csv(dataset, directory / "csv")
        uc.write_datapackage(dataset, directory / "package")
        uc.write_sqlite(dataset, directory / "dataset.sqlite")

    for stage, call in (("round-trip", round_trip), ("audit and exports", exports)):
        try:
            call()
        except Exception as error:  # noqa: BLE001 - an accepted dataset must do all of this
            failures.append(Failure(case, stage, _described(error)))


def check(case: Case, directory: Path) -> tuple[bool, list[Failure]]:
    """Run *case* through every entry point in *directory*: whether it was accepted, and what broke."""
    failures: list[Failure] = []
    loaded = _attempt("loads", case, failures, lambda: uc.loads(case.text, case.fmt))
    path = directory / f"case.{case.fmt}"
    path.write_bytes(case.data)
    before = path.stat().st_mtime_ns
    from_file = _attempt("load", case, failures, lambda: uc.load(path))
    code = _attempt("validate", case, failures, lambda: _validate(path))
    if (path.read_bytes(), path.stat().st_mtime_ns) != (case.data, before):
        failures.append(Failure(case, "input", "the input file changed"))
    if code != (0 if from_file is not None else 1):
        failures.append(
            Failure(case, "validate", f"exit {code}, but load {'accepted' if from_file else 'refused'}")
        )
    same_text = case.data == case.text.encode("utf-8", errors="surrogatepass") and not case.text.startswith(
        "\ufeff"
    )
    if same_text and loaded != from_file:
        failures.append(Failure(case, "load", "loads and load disagree on the same text"))
    if isinstance(loaded, uc.Dataset):
        _check_accepted(case, loaded, directory, failures)
    return isinstance(loaded, uc.Dataset), failures


#: Memory-backed scratch space where there is one: renames on a disk journal cost milliseconds each.
_SCRATCH = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None  # noqa: S108 - a private subdirectory


def run(
    *, seed: int, cases: int, first: int = 0, progress: Callable[[int, int, int], None] | None = None
) -> Summary:
    """Run cases *first* to *first* + *cases* - 1 of the run seeded with *seed*."""
    documents = seeds()
    failures: list[Failure] = []
    timings: list[tuple[float, int]] = []
    accepted = 0
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=_SCRATCH) as name, mock.patch.object(os, "fsync", return_value=None):
        for number in range(first, first + cases):
            case_start = time.perf_counter()
            was_accepted, found = check(make_case(seed, number, documents), Path(name))
            timings.append((time.perf_counter() - case_start, number))
            accepted += was_accepted
            failures += found
            done = number - first + 1
            if progress is not None and done % 1000 == 0:
                progress(done, accepted, len(failures))
    slowest = tuple(sorted(timings, reverse=True)[:5])
    return Summary(cases, accepted, tuple(failures), time.perf_counter() - start, slowest)


def main(argv: list[str] | None = None) -> int:
    """Run the fuzz from the command line; exit 1 when a promise broke."""
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="how many cases (default 100,000)")
    parser.add_argument("--seed", type=int, default=0, help="the run's seed (default 0)")
    parser.add_argument("--first", type=int, default=0, help="the first case's number (default 0)")
    parser.add_argument("--case", type=int, help="print case N's file and check it alone")
    args = parser.parse_args(argv)
    if args.case is not None:
        case = make_case(args.seed, args.case, seeds())
        sys.stdout.write(f"{case.fmt}, {', '.join(case.steps) or 'no mutation'}:\n{case.text[:5000]}\n")
        with tempfile.TemporaryDirectory() as name:
            accepted, failures = check(case, Path(name))
        sys.stdout.write(f"accepted: {accepted}\n" + "".join(f"{failure}\n" for failure in failures))
        return 1 if failures else 0

    def progress(done: int, accepted: int, failed: int) -> None:
        sys.stderr.write(f"{done:,} cases, {accepted:,} accepted, {failed} failures\n")

    summary = run(seed=args.seed, cases=args.cases, first=args.first, progress=progress)
    slowest = ", ".join(f"case {number} {seconds:.2f} s" for seconds, number in summary.slowest)
    sys.stdout.write(
        f"{summary.cases:,} cases (seed {args.seed}, from {args.first}) in {summary.seconds:.1f} s: "
        f"{summary.accepted:,} accepted, {len(summary.failures)} failures; slowest: {slowest}\n"
    )
    sys.stdout.write("".join(f"{failure}\n" for failure in summary.failures[:50]))
    return 1 if summary.failures else 0


if __name__ == "__main__":
    sys.exit(main())
