"""The byte limit of `load` and `loads`, the collector paused while a document is built, the compact form."""

from __future__ import annotations

import gc
import json
import threading
from pathlib import Path

import pytest
from benchmarks import generate

import ustb_coop as uc
from ustb_coop.io import _loading


def test_default_admits_ten_thousand_realistic_partnerships() -> None:
    """The default limit holds 10,000 partnerships of a realistic indented file, about 4.9 KB each."""
    realistic = 10_000 * 4_900
    assert realistic <= uc.MAX_INPUT_BYTES


def test_loads_refuses_text_over_max_bytes_and_names_the_limit() -> None:
    """A text one byte over the limit asked for is refused; the message names that limit."""
    text = generate.text(2)
    with pytest.raises(uc.DatasetError) as caught:
        uc.loads(text, max_bytes=len(text) - 1)
    expected = f"input is {len(text):,} bytes as UTF-8; the limit is {len(text) - 1:,}"
    assert expected == caught.value.problems[0].message


def _exported(partnerships: int) -> str:
    """A generated dataset as the JSON export writes it: `dumps` and a final newline."""
    return uc.dumps(uc.loads(generate.text(partnerships))) + "\n"


def test_loads_accepts_text_of_exactly_max_bytes() -> None:
    """A text exactly as long as the limit loads, when what dumps writes of it fits the limit too."""
    text = _exported(2)
    expected = 2
    assert expected == len(uc.loads(text, max_bytes=len(text)))


def test_load_refuses_a_file_over_max_bytes(tmp_path: Path) -> None:
    """`load` reads no more than the limit plus one byte and refuses the file, naming the limit."""
    file = tmp_path / "partners.json"
    file.write_text(_exported(3), encoding="utf-8")
    size = file.stat().st_size
    expected_length = 3
    assert expected_length == len(uc.load(file, max_bytes=size))
    with pytest.raises(uc.DatasetError) as caught:
        uc.load(file, max_bytes=size - 1)
    expected = f"file has more bytes than allowed; the limit is {size - 1:,}"
    assert expected == caught.value.problems[0].message


def test_a_larger_limit_admits_what_the_default_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    """max_bytes overrides `MAX_INPUT_BYTES` for one call, in either direction."""
    text = _exported(2)
    monkeypatch.setattr(_loading, "MAX_INPUT_BYTES", 10)
    with pytest.raises(uc.DatasetError, match=r"the limit is 10$"):
        uc.loads(text)
    expected = 2
    assert expected == len(uc.loads(text, max_bytes=len(text)))


@pytest.mark.parametrize(
    ("max_bytes", "error", "message"),
    [
        (-1, ValueError, "max_bytes must be at least 0, got -1"),
        (True, TypeError, "max_bytes must be a whole number of bytes or None, got bool"),
        (1.5, TypeError, "max_bytes must be a whole number of bytes or None, got float"),
    ],
)
def test_max_bytes_must_be_a_whole_number(max_bytes: object, error: type[Exception], message: str) -> None:
    """A negative, boolean or fractional limit is the caller's mistake, said as such."""
    with pytest.raises(error) as caught:
        uc.loads("{}", max_bytes=max_bytes)  # type: ignore[arg-type]
    assert message == str(caught.value)


def test_the_collector_is_on_again_after_a_load_and_after_a_failed_one() -> None:
    """A load pauses the garbage collector and restores it whether it succeeds or raises."""
    assert gc.isenabled()
    uc.loads(generate.text(2))
    assert gc.isenabled()
    with pytest.raises(uc.DatasetError):
        uc.loads('{"version": 1}')
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_app_stays_off() -> None:
    """A load never switches on a collector the app had switched off."""
    gc.disable()
    try:
        uc.loads(generate.text(2))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_concurrent_loads_leave_the_collector_on() -> None:
    """Loads on several threads, ending in any order, leave the collector as they found it."""
    text = generate.text(20)
    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(len(uc.loads(text)))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    expected = ([20] * 4, True)
    assert expected == (results, gc.isenabled())


def test_a_duplicate_key_is_named_first_as_it_comes_in_the_file() -> None:
    """Of two repeated keys in one table, the message names the one repeated first."""
    with pytest.raises(uc.DatasetError) as caught:
        uc.loads('{"b": 1, "a": 2, "a": 3, "b": 4}')
    expected = "malformed JSON: duplicate key 'a'"
    assert expected == caught.value.problems[0].message


def test_the_compact_form_is_one_line_without_spaces_and_reads_back_equal() -> None:
    """``dumps(indent=None)`` is the indented form's JSON on one line, no space after separators."""
    dataset = uc.loads(generate.text(5))
    compact = uc.dumps(dataset, indent=None)
    expected = (json.dumps(json.loads(uc.dumps(dataset)), ensure_ascii=False, separators=(",", ":")), dataset)
    assert expected == (compact, uc.loads(compact))
