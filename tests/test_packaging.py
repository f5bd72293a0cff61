"""The wheel and the sdist hold what a user and a packager need."""

from __future__ import annotations

import tarfile
import zipfile
from pathlib import Path

import pytest
from hatchling.build import build_sdist, build_wheel

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[set[str], set[str]]:
    """The file names in a freshly built wheel and sdist, built in-process with hatchling's PEP 517 hooks."""
    out = tmp_path_factory.mktemp("dist")
    import os  # noqa: PLC0415 - the hooks build from the working directory

    here = Path.cwd()
    os.chdir(ROOT)
    try:
        wheel = out / build_wheel(str(out))
        sdist = out / build_sdist(str(out))
    finally:
        os.chdir(here)
    with zipfile.ZipFile(wheel) as archive:
        wheel_names = set(archive.namelist())
    with tarfile.open(sdist) as archive:
        # Drop the "ustb_coop-0.1.0/" folder every member sits in.
        sdist_names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    return wheel_names, sdist_names


@pytest.mark.parametrize(
    "name",
    [
        "ustb_coop/__init__.py",
        "ustb_coop/data/ustb.toml",
        "ustb_coop/io/_bundled.py",
        "ustb_coop/model/_records.py",
        "ustb_coop/cli/__init__.py",
    ],
)
def test_wheel_holds_the_package_and_its_data(built: tuple[set[str], set[str]], name: str) -> None:
    """The wheel installs the package's modules and the bundled dataset."""
    wheel, _ = built
    assert name in wheel


def test_wheel_holds_py_typed_when_the_package_has_it(built: tuple[set[str], set[str]]) -> None:
    """A py.typed marker in the source tree ships in the wheel, so type checkers use the hints."""
    wheel, _ = built
    expected = (ROOT / "src" / "ustb_coop" / "py.typed").exists()
    assert expected == ("ustb_coop/py.typed" in wheel)


def test_wheel_carries_the_license(built: tuple[set[str], set[str]]) -> None:
    """The wheel's metadata folder carries the MIT license text."""
    wheel, _ = built
    assert [name for name in wheel if name.endswith("/LICENSE") and ".dist-info/" in name]


@pytest.mark.parametrize(
    "name",
    [
        "src/ustb_coop/__init__.py",
        "src/ustb_coop/data/ustb.toml",
        "tests/test_packaging.py",
        "docs/conf.py",
        "docs/index.md",
        "docs/reference/data-format.md",
        "examples/partners.toml",
        "examples/analysis.ipynb",
        ".ci/run",
        ".ci/constraints.txt",
        ".ci/docs-constraints.txt",
        "LICENSE",
        "README.md",
        "CHANGELOG.md",
        "pyproject.toml",
    ],
)
def test_sdist_holds_what_a_packager_needs(built: tuple[set[str], set[str]], name: str) -> None:
    """The sdist holds the source, tests, docs, examples, CI script, license, README and changelog."""
    _, sdist = built
    assert name in sdist


def test_sdist_leaves_out_built_documentation(built: tuple[set[str], set[str]]) -> None:
    """The sdist does not ship a local site build or the notebook copy the build makes."""
    _, sdist = built
    shipped = sorted(name for name in sdist if name.startswith(("docs/_build/", "docs/_generated/")))
    assert not shipped, shipped
