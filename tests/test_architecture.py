"""The layers in docs/architecture.md hold: import-linter's contracts pass, and fail on a violation."""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "ustb_coop"
LAYERS = ("model", "io", "exports", "views", "cli")


def _lint_imports(source_root: Path, config: Path) -> subprocess.CompletedProcess[str]:
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which(
        "lint-imports"
    )
    if command is None:
        pytest.fail("lint-imports is not installed; install the test extra: pip install -e '.[test]'")
    environment = {**os.environ, "PYTHONPATH": str(source_root)}
    return subprocess.run(  # noqa: S603 - a fixed command line
        [command, "--config", str(config), "--no-cache"],
        cwd=source_root,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_import_contracts_are_kept() -> None:
    """Every contract in pyproject.toml is kept by the package as it is."""
    result = _lint_imports(ROOT / "src", ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "bad_import", "broken"),
    [
        ("model/_dates.py", "from ustb_coop.io import _files", "The model imports no other layer"),
        ("io/_files.py", "from ustb_coop.exports import _tables", "Layers: command line above"),
        ("exports/_tables.py", "import argparse", "Only the command line parses arguments"),
        ("model/_quantities.py", "from ustb_coop.model import _dataset", "No import cycles between modules"),
    ],
)
def test_a_violation_breaks_its_contract(tmp_path: Path, module: str, bad_import: str, broken: str) -> None:
    """A copy of the package with one forbidden import fails lint-imports, naming the contract."""
    copy = tmp_path / "ustb_coop"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{bad_import}\n", encoding="utf-8")
    result = _lint_imports(tmp_path, ROOT / "pyproject.toml")
    assert result.returncode == 1, result.stdout + result.stderr
    broken_section = result.stdout.partition("Broken contracts")[2]
    assert broken in broken_section


@pytest.mark.parametrize("layer", LAYERS)
def test_every_layer_says_what_belongs_there_and_what_it_may_import(layer: str) -> None:
    """Each layer's package docstring names what it holds and what it may (or may not) import."""
    docstring = importlib.import_module(f"ustb_coop.{layer}").__doc__ or ""
    assert "import" in docstring
    assert len(docstring.split()) > 30
