"""What rejecting a hostile input costs, as a ratio to loading a valid input of the same size.

Run ``python -m benchmarks.hostile`` (``--quick`` for a smoke run,
``--megabytes N`` for the size). Each hostile input is built to be as
costly to reject as its kind allows, at the size of the valid input it is
compared with; the target is at most 3x the time and 3x the peak memory
(docs/data-format.md, "Limits").
"""

from __future__ import annotations

import argparse
import copy
import json
from collections.abc import Callable

import attrs

import ustb_coop as uc
from benchmarks import generate
from benchmarks.timing import best_of, peak_bytes

Document = dict[str, object]


def _fill(size: int, unit: str) -> int:
    return max(1, size // len(unit))


def _partnerships(document: Document) -> list[dict[str, object]]:
    partnerships = document["partnerships"]
    assert isinstance(partnerships, list)
    return partnerships


def _each_partnership(change: Callable[[dict[str, object], int], None]) -> Callable[[Document, int], str]:
    def build(document: Document, _size: int) -> str:
        changed = copy.deepcopy(document)
        for number, partnership in enumerate(_partnerships(changed)):
            change(partnership, number)
        return json.dumps(changed, separators=(",", ":"))

    return build


def _last_partnership_bad(document: Document, _size: int) -> str:
    changed = copy.deepcopy(document)
    _partnerships(changed)[-1]["started"] = "2020-13"
    return json.dumps(changed, separators=(",", ":"))


def _only(key: str, value: Callable[[int], object]) -> Callable[[Document, int], str]:
    def build(_document: Document, size: int) -> str:
        return json.dumps({key: value(size)}, separators=(",", ":"))

    return build


def _unknown_keys(_document: Document, size: int) -> str:
    return json.dumps({f"k{number}": 0 for number in range(_fill(size, '"k1000000":0,'))})


def _nested(_document: Document, size: int) -> str:
    depth = _fill(size, "[]")
    return "[" * depth + "]" * depth


def _small_partnerships(document: Document, size: int) -> str:
    """As many partnerships with only their required keys as fit: what `dumps` inflates most."""
    required = {field.name for field in attrs.fields(uc.Partnership) if field.default is attrs.NOTHING}
    first = {key: value for key, value in _partnerships(document)[0].items() if key in required}
    small = {**document, "partnerships": []}
    count = _fill(
        size - len(json.dumps(small, separators=(",", ":"))), json.dumps(first, separators=(",", ":"))
    )
    small["partnerships"] = [{**first, "id": f"p{number}"} for number in range(count)]
    return json.dumps(small, separators=(",", ":"))


#: Each hostile input: how it is built from the valid document and the target size in bytes.
HOSTILE: dict[str, Callable[[Document, int], str]] = {
    "every partner unknown": _each_partnership(lambda p, _: p.update(partner="zz")),
    "every citation dangling": _each_partnership(lambda p, _: p.update(citations=[{"source": "nowhere"}])),
    "every partnership id the same": _each_partnership(lambda p, _: p.update(id="same")),
    "every partnership invalid": _each_partnership(lambda p, _: p.update(kind="lots")),
    "only the last partnership invalid": _last_partnership_bad,
    "a list of numbers for sources": _only("sources", lambda size: [1] * _fill(size, "1,")),
    "one huge date": _only("as_of", lambda size: "x" * size),
    "a million unknown keys": _unknown_keys,
    "nesting as deep as the size allows": _nested,
    # Valid and compact, read with the limit at its own size: its dump, 3.5 times as long, is not.
    "small partnerships whose dump is over the limit": _small_partnerships,
}
#: The kinds read with ``max_bytes`` at their own size; the others under the default limit.
AT_ITS_OWN_SIZE = frozenset({"small partnerships whose dump is over the limit"})


def _rejecting(text: str, max_bytes: int) -> Callable[[], None]:
    def run() -> None:
        try:
            uc.loads(text, max_bytes=max_bytes)
        except uc.DatasetError:
            return
        msg = "a hostile input was accepted"
        raise AssertionError(msg)

    return run


def _valid(megabytes: float) -> tuple[Document, str]:
    """A generated valid document of about *megabytes*, and its compact JSON text."""
    valid = generate.document(max(1, int(megabytes * 1024 * 1024 / 1500)))
    return valid, json.dumps(valid, separators=(",", ":"))


def limit(valid_text: str) -> int:
    """The byte limit every input is read at: the default, or more when the valid input's dump is over it.

    The limit bounds what `dumps` writes of an input too, and a compact
    generated file dumps about twice as long: past about 30 MB the valid
    input itself would be refused at the default.
    """
    written = len(uc.dumps(uc.loads(valid_text, max_bytes=4 * len(valid_text))).encode()) + 1
    return max(uc.MAX_INPUT_BYTES, written)


def measure(*, megabytes: float = 4.0, quick: bool = False) -> dict[str, dict[str, float]]:
    """For each hostile input: its size, and its time and peak memory to reject, as ratios to a valid load."""
    repeat = 1 if quick else 3
    valid, valid_text = _valid(megabytes)
    size = len(valid_text.encode())
    max_bytes = limit(valid_text)
    baseline_time = best_of(lambda: uc.loads(valid_text, max_bytes=max_bytes), repeat)
    baseline_peak = peak_bytes(lambda: uc.loads(valid_text, max_bytes=max_bytes))
    results = {}
    for name, build in HOSTILE.items():
        text = build(valid, size)
        reject = _rejecting(text, len(text.encode()) if name in AT_ITS_OWN_SIZE else max_bytes)
        results[name] = {
            "bytes": float(len(text.encode())),
            "time ratio": best_of(reject, repeat) / baseline_time,
            "memory ratio": peak_bytes(reject) / baseline_peak,
        }
    return results


def main(argv: list[str] | None = None) -> None:
    """Print the ratios as a table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="one repetition of a small input, for a smoke run"
    )
    parser.add_argument("--megabytes", type=float, default=4.0, help="size of the valid input (default 4)")
    args = parser.parse_args(argv)
    megabytes = 0.25 if args.quick else args.megabytes
    results = measure(megabytes=megabytes, quick=args.quick)
    used = limit(_valid(megabytes)[1])
    print(f"read at a limit of {used:,} bytes (max_bytes; the default is {uc.MAX_INPUT_BYTES:,})")
    print(f"{'hostile input':<36}{'bytes':>12}{'time x':>9}{'memory x':>10}")
    for name, row in results.items():
        print(f"{name:<36}{row['bytes']:>12,.0f}{row['time ratio']:>9.2f}{row['memory ratio']:>10.2f}")


if __name__ == "__main__":
    main()
