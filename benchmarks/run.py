"""Time ustb-coop's loads and dumps against its peers in the same run, as ratios, at several sizes.

Run ``python -m benchmarks.run`` (``--quick`` for a smoke run of under a
minute, ``--json`` for machine-readable figures). Needs the ``bench`` extra
(pydantic and msgspec). Each dataset comes from `benchmarks.generate`
(N partnerships, each with 3 milestones, 2 metrics and a program). Every
peer is first checked to accept those datasets and reject the schema's
malformed samples (`benchmarks.peers.check`).

For each operation and size it prints ustb-coop's time and its time as a
ratio to each baseline's: below 1.00 ustb-coop is faster. Times are the
minimum of several repeats, with the garbage collector left as an app has it.

- loads: ``uc.loads(text)`` against the standard library's ``json.loads``
  (parsing alone), pydantic's ``validate_json`` and msgspec's ``decode``.
- dumps: ``uc.dumps(dataset)`` (indented by 2) against ``json.dumps`` of the
  same plain data, pydantic's ``model_dump_json(indent=2)`` and msgspec's
  encoder with ``msgspec.json.format(indent=2)``.
- dumps compact: ``uc.dumps(dataset, indent=None)`` against the same, unindented.
- dumps and dumps compact "with orjson": the same with the ``fast`` extra in
  use (only when orjson is installed); the rows above switch it off, so they
  time the standard library's encoder whatever is installed.
- loads floor: not ustb-coop, but the least any pure-Python loader of the
  schema pays (`benchmarks.floor`): ``json.loads`` and then making the same
  records by setting their slots, with nothing read by key or checked. Its
  ratios to pydantic say how near a pure-Python ``loads`` can come at all.
- loads peak memory: tracemalloc's peak for one ``loads``, against the peers'.

Last come the exponents of ``time = c * N**k`` fitted by least squares over
the sizes from 1,000 up: 1.00 is linear.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
from collections.abc import Callable, Iterator
from types import ModuleType

import ustb_coop as uc
from benchmarks import floor, generate, peers
from benchmarks.timing import best_of, peak_bytes
from ustb_coop.io import _fast

#: Dataset sizes, in partnerships: the full run's and the quick run's.
SIZES = (100, 1_000, 10_000, 100_000)
QUICK_SIZES = (100, 1_000, 10_000)
#: Where the exponents' fit starts: below this, fixed costs dominate.
FIT_FROM = 1_000
#: The subjects of each row: ustb-coop first, then its baselines.
SUBJECTS = ("ustb-coop", "json", "pydantic", "msgspec")

#: operation -> size -> subject -> seconds (bytes for memory).
Results = dict[str, dict[int, dict[str, float]]]
#: What the rows timed with the ``fast`` extra are called: the operation's name and this.
WITH_ORJSON = " with orjson"


@contextlib.contextmanager
def _json_path(orjson: ModuleType | None) -> Iterator[None]:
    """ustb-coop reads and writes with *orjson* (the ``fast`` extra), or with `json` when None."""
    installed = _fast.ORJSON
    _fast.ORJSON = orjson
    try:
        yield
    finally:
        _fast.ORJSON = installed


def _repeats(size: int, *, quick: bool) -> int:
    if quick:
        return 2 if size <= 1_000 else 1
    return 7 if size <= 1_000 else 5 if size <= 10_000 else 3


def _time_all(calls: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    return {subject: best_of(call, repeat) for subject, call in calls.items()}


def _loads_calls(text: str) -> dict[str, Callable[[], object]]:
    return {
        "ustb-coop": lambda: uc.loads(text, max_bytes=4 * len(text)),  # the sizes past the default too
        "json": lambda: json.loads(text),
        "pydantic": lambda: peers.pydantic_loads(text),
        "msgspec": lambda: peers.msgspec_loads(text),
    }


def _dumps_calls(text: str, indent: int | None) -> dict[str, Callable[[], object]]:
    dataset = uc.loads(text, max_bytes=4 * len(text))
    plain = json.loads(text)
    theirs = peers.pydantic_loads(text)
    structs = peers.msgspec_loads(text)
    separators = None if indent is not None else (",", ":")
    return {
        "ustb-coop": lambda: uc.dumps(dataset, indent=indent),
        "json": lambda: json.dumps(plain, ensure_ascii=False, indent=indent, separators=separators),
        "pydantic": lambda: peers.pydantic_dumps(theirs, indent=indent),
        "msgspec": lambda: peers.msgspec_dumps(structs, indent=indent),
    }


def measure(*, quick: bool = False) -> Results:
    """Time every operation at every size; return the seconds (or bytes) of each subject."""
    sizes = QUICK_SIZES if quick else SIZES
    texts = {size: generate.text(size) for size in sizes}
    peers.check([texts[sizes[0]], uc.dumps(uc.load())], peers.malformed_samples())
    paths = {"": None} if _fast.ORJSON is None else {"": None, WITH_ORJSON: _fast.ORJSON}
    results: Results = {"loads": {}, "loads floor": {}}
    results.update({operation + path: {} for path in paths for operation in ("dumps", "dumps compact")})
    results["loads peak memory"] = {}
    for size, text in texts.items():
        repeat = _repeats(size, quick=quick)
        results["loads"][size] = _time_all(_loads_calls(text), repeat)
        results["loads floor"][size] = _time_all(
            {**_loads_calls(text), "ustb-coop": floor.least_load(text)}, repeat
        )
        for path, orjson in paths.items():
            with _json_path(orjson):
                results["dumps" + path][size] = _time_all(_dumps_calls(text, 2), repeat)
                results["dumps compact" + path][size] = _time_all(_dumps_calls(text, None), repeat)
    # At the largest size but one, since tracemalloc makes everything several times slower.
    memory_size = sizes[-2]
    results["loads peak memory"][memory_size] = {
        subject: float(peak_bytes(call)) for subject, call in _loads_calls(texts[memory_size]).items()
    }
    return results


def exponent(times: dict[int, float]) -> float:
    """The k of ``time = c * N**k`` fitted by least squares on a log-log scale over sizes from `FIT_FROM`.

    Example:
        >>> round(exponent({1_000: 1.0, 10_000: 10.0, 100_000: 100.0}), 6)
        1.0
    """
    points = [(math.log(size), math.log(seconds)) for size, seconds in times.items() if size >= FIT_FROM]
    if len(points) < 2:
        return math.nan
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def exponents(results: Results) -> dict[str, dict[str, float]]:
    """For each timed operation, each subject's fitted exponent."""
    return {
        operation: {
            subject: exponent({size: row[subject] for size, row in by_size.items()}) for subject in SUBJECTS
        }
        for operation, by_size in results.items()
        if operation != "loads peak memory"
    }


def table(results: Results) -> list[str]:
    """The results as text: one table of ratios per operation and size, then the fitted exponents."""
    lines = []
    baselines = SUBJECTS[1:]
    for operation, by_size in results.items():
        unit = "MB" if "memory" in operation else "ms"
        scale = 1e-6 if unit == "MB" else 1e3
        lines.append(f"{operation} (ustb-coop / baseline; below 1.00 ustb-coop is faster or smaller)")
        lines.append(
            f"{'N':>9}{'ustb-coop ' + unit:>16}" + "".join(f"{'/ ' + name:>12}" for name in baselines)
        )
        for size, row in by_size.items():
            ratios = "".join(f"{row['ustb-coop'] / row[name]:>12.2f}" for name in baselines)
            lines.append(f"{size:>9,}{row['ustb-coop'] * scale:>16.1f}{ratios}")
        lines.append("")
    lines.append(f"fitted exponents of time in N (N >= {FIT_FROM:,}; 1.00 is linear)")
    lines.append(f"{'operation':<28}" + "".join(f"{name:>12}" for name in SUBJECTS))
    for operation, row in exponents(results).items():
        lines.append(f"{operation:<28}" + "".join(f"{row[name]:>12.2f}" for name in SUBJECTS))
    return lines


def main(argv: list[str] | None = None) -> None:
    """Print the measurements as tables, or as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="sizes to 10,000, few repeats: a smoke run")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    args = parser.parse_args(argv)
    results = measure(quick=args.quick)
    if args.json:
        print(json.dumps({"results": results, "exponents": exponents(results)}, indent=2))
        return
    print("\n".join(table(results)))


if __name__ == "__main__":
    main()
