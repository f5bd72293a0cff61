"""Fixtures that bring in the clients outside Python: node with ajv."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

#: Where .ci/run installs the pinned JavaScript clients (package.json and its lockfile live there).
CI_NODE = Path(__file__).resolve().parents[2] / ".ci" / "node"


@pytest.fixture(scope="session")
def node_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A NODE_PATH under which ``require("ajv/dist/2020")`` and ``require("ajv-formats")`` work.

    The versions are those .ci/node/package-lock.json pins: .ci/run installs them with
    ``npm ci``; when they are not installed yet, they are installed into a scratch folder.
    Skipped, saying why, only where node is not installed.
    """
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed, so ajv cannot be tried; install Node.js 18 or later to run this")
    installed = CI_NODE / "node_modules"
    if (installed / "ajv" / "package.json").is_file() and (
        installed / "ajv-formats" / "package.json"
    ).is_file():
        return str(installed)
    scratch = tmp_path_factory.mktemp("node")
    for name in ("package.json", "package-lock.json"):
        shutil.copy(CI_NODE / name, scratch / name)
    npm = shutil.which("npm")
    assert npm is not None, "node is installed without npm, which installs ajv; install npm"
    subprocess.run(  # noqa: S603 - npm from PATH, the pinned lockfile
        [npm, "ci", "--no-audit", "--no-fund", "--silent"], cwd=scratch, check=True, timeout=300
    )
    return str(scratch / "node_modules")


@pytest.fixture(scope="session")
def node() -> str:
    """The node executable; the test is skipped, saying why, where there is none."""
    found = shutil.which("node")
    if found is None:
        pytest.skip("node is not installed, so ajv cannot be tried; install Node.js 18 or later to run this")
    return found
