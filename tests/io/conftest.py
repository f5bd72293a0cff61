"""The tests of what `dumps` writes run on each JSON writer: orjson (the ``fast`` extra), and `json`."""

from __future__ import annotations

import pytest

from ustb_coop.io import _fast

#: The JSON paths this installation has: orjson's only with the ``fast`` extra.
PATHS = ("orjson", "standard library") if _fast.ORJSON is not None else ("standard library",)

#: The modules whose tests run on each path: the ones that check what `dumps` writes and its size.
_ON_EACH_PATH = ("test_roundtrip", "test_written")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Give the tests of `_ON_EACH_PATH` one run per path in `PATHS`."""
    if metafunc.module.__name__.rpartition(".")[2] in _ON_EACH_PATH:
        metafunc.parametrize("json_path", PATHS, indirect=True)


@pytest.fixture(autouse=True)
def json_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The JSON path a test runs on; the standard library's switches orjson off for the test."""
    path: str = getattr(request, "param", "as installed")
    if path == "standard library":
        monkeypatch.setattr(_fast, "ORJSON", None)
    return path
