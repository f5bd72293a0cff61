"""Headless Chromium for the tests that open pages: Debian's chromium and chromium-driver, no download.

Without Chromium (or Selenium) those tests skip, saying why, unless
``USTB_COOP_SITE_TESTS=required`` (as ``.ci/run`` sets), when they fail instead.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socketserver
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from selenium.webdriver.chrome.webdriver import WebDriver

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WAIT_SECONDS = 20


def missing(modules: tuple[str, ...] = ("selenium",)) -> str | None:
    """Why pages cannot be opened here, or None when they can."""
    for module in modules:
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed: pip install -e '.[test,docs]'"
    for program in (CHROMIUM, CHROMEDRIVER):
        if not program.exists():
            return f"{program} is missing: apt-get install chromium chromium-driver"
    return None


def require(modules: tuple[str, ...] = ("selenium",)) -> None:
    """Skip (or, where required, fail) when pages cannot be opened here."""
    reason = missing(modules)
    if reason is None:
        return
    if os.environ.get("USTB_COOP_SITE_TESTS") == "required":
        pytest.fail(f"the browser tests are required here, but {reason}")
    print(f"skipping the browser tests: {reason}")  # noqa: T201 - the README's command shows why
    pytest.skip(reason)


@contextmanager
def chromium() -> Iterator[WebDriver]:
    """A headless Chromium with a fresh profile, that keeps the console log."""
    from selenium import webdriver  # noqa: PLC0415 - only when a browser test runs
    from selenium.webdriver.chrome.service import Service  # noqa: PLC0415

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tempfile.mkdtemp(prefix="ustb-coop-chromium-")
    for argument in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,900",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(WAIT_SECONDS)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@contextmanager
def serving(server: socketserver.BaseServer) -> Iterator[str]:
    """*server* answering on a thread while the block runs, then shut down: its address, ``http://127.0.0.1:PORT``."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"  # type: ignore[index]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
