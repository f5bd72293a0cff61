"""The code meets its own bar: mypy --strict and ruff on src, tests, examples and benchmarks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed; install the test extra: pip install -e '.[test]'")
    return found


def test_mypy_strict_is_clean() -> None:
    """Mypy in strict mode finds nothing in the package or the tests."""
    result = subprocess.run(  # noqa: S603 - a fixed command line
        [_tool("mypy"), "--strict", "src", "tests", "benchmarks", "examples"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_is_clean() -> None:
    """Ruff's linter and formatter find nothing to change."""
    for command in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run(  # noqa: S603 - a fixed command line
            [_tool("ruff"), *command], cwd=ROOT, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr
