"""The built documentation site, opened page by page in headless Chromium.

The site is built once (``sphinx-build -W -n --keep-going``), served from a
local ``http.server`` on 127.0.0.1 and driven through Selenium with Debian's
``chromium`` and ``chromium-driver``; no browser is downloaded. Without Sphinx
or Chromium the tests skip, saying why, unless ``USTB_COOP_SITE_TESTS=required``
(as ``.ci/run`` sets), when they fail instead.
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests import browser

if TYPE_CHECKING:
    from selenium.webdriver.chrome.webdriver import WebDriver

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "docs" / "_build" / "screenshots"
WAIT_SECONDS = browser.WAIT_SECONDS

pytestmark = pytest.mark.site


def _require() -> None:
    browser.require(("sphinx", "furo", "myst_nb", "sphinxarg", "selenium"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of the freshly built site, served on 127.0.0.1 while the tests run."""
    _require()
    html = tmp_path_factory.mktemp("site") / "html"
    build = subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going", "-q", "-b", "html", "docs", str(html)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (build.returncode, _warnings(build.stderr)) == (0, "")
    handler = functools.partial(_QuietHandler, directory=str(html))
    with browser.serving(http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)) as url:
        yield f"{url}/"


def _warnings(stderr: str) -> str:
    """Sphinx's warnings in *stderr*, without the notebook kernel's own log lines."""
    return "\n".join(line for line in stderr.splitlines() if "WARNING:" in line and "IPKernelApp" not in line)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Keep the test output to the tests."""


@pytest.fixture(scope="module")
def driver(site: str) -> Iterator[WebDriver]:
    """A headless Chromium with a fresh profile, that keeps the console log."""
    with browser.chromium() as opened:
        yield opened
    del site


def _pages(driver: WebDriver, site: str) -> dict[str, tuple[list[str], set[str]]]:
    """Every page reachable from the home page: its links and the ids it holds, by address."""
    pages: dict[str, tuple[list[str], set[str]]] = {}
    queue = [site]
    while queue:
        address = queue.pop()
        if address in pages:
            continue
        driver.get(address)
        links: list[str] = driver.execute_script("return Array.from(document.links, a => a.href)")
        ids: list[str] = driver.execute_script(
            "return Array.from(document.querySelectorAll('[id]'), e => e.id)"
        )
        pages[address] = (links, set(ids))
        queue += [
            urllib.parse.urldefrag(link).url
            for link in links
            if link.startswith(site) and urllib.parse.urldefrag(link).url.endswith((".html", "/"))
        ]
    return pages


@pytest.fixture(scope="module")
def crawl(driver: WebDriver, site: str) -> tuple[dict[str, tuple[list[str], set[str]]], list[str]]:
    """Every page of the site and the severe console messages seen while opening them."""
    pages = _pages(driver, site)
    log: list[dict[str, str]] = driver.get_log("browser")  # type: ignore[no-untyped-call]
    severe = [entry["message"] for entry in log if entry["level"] == "SEVERE"]
    return pages, severe


def test_every_page_opens_without_console_errors(
    crawl: tuple[dict[str, tuple[list[str], set[str]]], list[str]], site: str
) -> None:
    """The crawl reaches the site's main pages, and no page logs a severe console message."""
    pages, severe = crawl
    expected = {"index.html", "tutorial.html", "reference/api.html", "reference/data-format.html"}
    assert expected <= {address.removeprefix(site) for address in pages}
    assert severe == []


def test_no_internal_link_or_anchor_is_broken(
    crawl: tuple[dict[str, tuple[list[str], set[str]]], list[str]], site: str
) -> None:
    """Every link between pages reaches a page that exists and, with a fragment, an element of that id."""
    pages, _ = crawl
    broken = []
    for address, (links, _ids) in pages.items():
        for link in links:
            target, fragment = urllib.parse.urldefrag(link)
            if not link.startswith(site) or not target.endswith((".html", "/")):
                continue
            page = pages.get(target)
            if page is None or (fragment and urllib.parse.unquote(fragment) not in page[1]):
                broken.append(f"{address} -> {link}")
    assert broken == []


def test_search_finds_years_active(driver: WebDriver, site: str) -> None:
    """The search page, asked for years_active, lists the API entry among its results."""
    from selenium.webdriver.common.by import By  # noqa: PLC0415
    from selenium.webdriver.support import expected_conditions  # noqa: PLC0415
    from selenium.webdriver.support.ui import WebDriverWait  # noqa: PLC0415

    driver.get(site + "search.html?q=years_active")
    WebDriverWait(driver, WAIT_SECONDS).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "ul.search li"))
    )
    results = driver.find_element(By.CSS_SELECTOR, "ul.search").text
    assert "years_active" in results


def test_api_page_shows_partnership_attributes(driver: WebDriver, site: str) -> None:
    """The API page documents Partnership with its attributes, and is kept as a screenshot."""
    from selenium.webdriver.common.by import By  # noqa: PLC0415

    driver.get(site + "reference/api.html#ustb_coop.Partnership")
    title = driver.find_element(By.ID, "ustb_coop.Partnership")
    driver.execute_script("arguments[0].scrollIntoView({block: 'start', behavior: 'instant'})", title)
    entry = driver.find_element(By.XPATH, "//dt[@id='ustb_coop.Partnership']/..").text
    shown = [name for name in ("started", "confirmed", "ended", "milestones", "programs") if name in entry]
    assert shown == ["started", "confirmed", "ended", "milestones", "programs"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(SCREENSHOTS / "api.png"))


def test_home_page_says_what_the_library_is_for(driver: WebDriver, site: str) -> None:
    """The home page opens with what the library is for, and is kept as a screenshot."""
    from selenium.webdriver.common.by import By  # noqa: PLC0415

    driver.get(site)
    assert "cooperation between universities and industry" in driver.find_element(By.TAG_NAME, "article").text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(SCREENSHOTS / "home.png"))


def test_notebook_page_shows_the_plot(driver: WebDriver, site: str) -> None:
    """The executed notebook's page shows the timeline plot as a loaded image."""
    from selenium.webdriver.common.by import By  # noqa: PLC0415

    driver.get(site + "_generated/analysis.html")
    images = driver.find_elements(By.CSS_SELECTOR, "article img")
    widths = [driver.execute_script("return arguments[0].naturalWidth", image) for image in images]
    assert any(width > 0 for width in widths)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / "notebook.png"))
