"""examples/app.py serves the data as the library states it: JSON with an ETag, and one HTML page."""

from __future__ import annotations

import importlib.util
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

import ustb_coop as uc
from tests import browser

ROOT = Path(__file__).resolve().parent.parent


def _app() -> ModuleType:
    spec = importlib.util.spec_from_file_location("example_app", ROOT / "examples" / "app.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def address() -> Iterator[str]:
    """The app serving the bundled dataset on 127.0.0.1, counted to 2026-11-28, while the tests run."""
    import datetime  # noqa: PLC0415 - only the fixture needs it

    with browser.serving(_app().serve(uc.load(), port=0, as_of=datetime.date(2026, 11, 28))) as url:
        yield url


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - a loopback address
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_json_is_what_dumps_writes_with_the_fingerprint_as_etag(address: str) -> None:
    """The JSON is the dataset as dumps writes it, tagged with its fingerprint."""
    status, headers, body = _get(f"{address}/partnerships.json")
    expected = (200, f'"{uc.fingerprint(uc.load())}"', uc.load())
    assert expected == (status, headers["ETag"], uc.loads(body.decode()))


def test_a_matching_etag_gets_not_modified(address: str) -> None:
    """A client that has the current data gets 304 and no body; a stale tag gets the data."""
    tag = f'"{uc.fingerprint(uc.load())}"'
    assert _get(f"{address}/partnerships.json", **{"If-None-Match": tag})[::2] == (304, b"")
    assert _get(f"{address}/partnerships.json", **{"If-None-Match": '"stale"'})[0] == 200


def test_the_page_states_the_figures_as_the_library_does(address: str) -> None:
    """The HTML page shows each partnership's years as an interval, its confirmed day and the balance text."""
    status, headers, body = _get(f"{address}/")
    page = body.decode()
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    for partnership in uc.load():
        assert str(uc.years_active(partnership, as_of="2026-11-28")) in page
    assert "2020-10-22" in page
    assert str(uc.exchange_balance(uc.load()["rwth-aachen"])) in page


def test_other_paths_are_not_found(address: str) -> None:
    """Anything but the page and the JSON is a 404."""
    assert _get(f"{address}/nothing")[0] == 404


@pytest.mark.site
def test_the_page_opens_in_a_browser(address: str) -> None:
    """Chromium shows the page's table, one row per partnership, with no console error."""
    browser.require()
    from selenium.webdriver.common.by import By  # noqa: PLC0415 - only when the browser test runs

    with browser.chromium() as driver:
        driver.get(f"{address}/")
        rows = driver.find_elements(By.CSS_SELECTOR, "tbody tr")
        log = driver.get_log("browser")  # type: ignore[no-untyped-call]
        screenshot = ROOT / "docs" / "_build" / "screenshots" / "app.png"
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(screenshot))
    assert len(rows) == len(uc.load())
    assert [entry for entry in log if entry["level"] == "SEVERE"] == []
