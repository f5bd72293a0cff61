"""Importing ustb_coop is cheap: no data read, no heavy modules; its public names are in order."""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

import ustb_coop as uc

# Runs in a fresh interpreter: records every file opened (through the audit
# hook, which sees the opens importlib.resources and pathlib make) and the
# modules present before and after `import ustb_coop` and after the first
# answer, counting TOML parses of datasets, then loads the data file by its path as a
# control that the hook sees the data file opened and the counter a parse.
_PROBE = """
import json, pathlib, sys, tomllib
opened = []
toml_parses = []
parse = tomllib.loads
def counted(text, *args, **kwargs):  # parses of datasets only, not the loader's probe of the TOML version
    toml_parses.extend([1] if "partnerships" in text else [])
    return parse(text, *args, **kwargs)
tomllib.loads = counted
sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" else None)
before = sorted(sys.modules)
import ustb_coop, ustb_coop.io._loading
after = sorted(sys.modules)
cached = ustb_coop.io._loading._bundled is not None
at_import = list(opened)
ustb_coop.years_active(ustb_coop.load()["rwth-aachen"])
first_answer = sorted(sys.modules)
at_first_answer = opened[len(at_import):]
toml_parses_at_first_answer = len(toml_parses)
ustb_coop.load(pathlib.Path(ustb_coop.__file__).parent / "data" / "ustb.toml")
print(json.dumps({
    "before": before, "after": after, "cached": cached, "at_import": at_import,
    "first_answer": first_answer, "at_first_answer": at_first_answer,
    "after_load": opened[len(at_import) + len(at_first_answer):],
    "toml_parses": [toml_parses_at_first_answer, len(toml_parses)],
}))
"""

# cattrs, sqlite3 and csv are deferred to the first load or export, see ustb_coop/__init__.py.
HEAVY = (
    "importlib.metadata",
    "pandas",
    "matplotlib",
    "numpy",
    "pkg_resources",
    "jsonschema",
    "cattrs",
    "sqlite3",
    "csv",
)


@pytest.fixture(scope="module")
def probe(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What a fresh interpreter opens and imports when it imports ustb_coop."""
    result = subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-c", _PROBE],
        cwd=tmp_path_factory.mktemp("import"),
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def _data_dir() -> Path:
    return Path(uc.__file__).resolve().parent / "data"


def _in_data(opened: list[str]) -> list[str]:
    data = _data_dir()
    return [path for path in opened if Path(path).resolve().is_relative_to(data)]


def test_import_reads_no_package_data(probe: dict[str, Any]) -> None:
    """Importing opens no file under ustb_coop/data and fills no cache."""
    expected: tuple[list[str], bool] = ([], False)
    assert expected == (_in_data(probe["at_import"]), probe["cached"])


def test_probe_sees_the_data_file_when_loading(probe: dict[str, Any]) -> None:
    """Loading the data file by its path does open it, so the probe would see a read at import."""
    expected = [str(_data_dir() / "ustb.toml")]
    assert expected == [str(Path(path).resolve()) for path in _in_data(probe["after_load"])]


def test_first_answer_reads_and_parses_no_data_file(probe: dict[str, Any]) -> None:
    """The bundled dataset is code generated from the TOML file: the first answer opens and parses none.

    The control, loading the TOML file by its path, is the one parse counted.
    """
    expected: tuple[list[str], list[int]] = ([], [0, 1])
    assert expected == (_in_data(probe["at_first_answer"]), probe["toml_parses"])


@pytest.mark.parametrize("module", ["cattrs", "importlib.resources", *HEAVY])
def test_first_answer_needs_no_converter(probe: dict[str, Any], module: str) -> None:
    """`years_active(load()[id])` imports neither cattrs nor importlib.resources (issue 11)."""
    assert module not in probe["first_answer"]


@pytest.mark.parametrize("module", HEAVY)
def test_import_loads_no_heavy_module(probe: dict[str, Any], module: str) -> None:
    """Importing ustb_coop pulls in neither importlib.metadata nor pandas, matplotlib and the like."""
    assert module not in probe["before"]
    assert module not in probe["after"]


def test_import_loads_the_package(probe: dict[str, Any]) -> None:
    """The probe did import the package."""
    assert {"ustb_coop", "ustb_coop.io._loading"} <= set(probe["after"])
    assert "ustb_coop" not in probe["before"]


def _isort_key(name: str) -> tuple[int, str]:
    """The order of ruff's RUF022: CONSTANTS, then Classes, then everything else."""
    if name.isupper():
        return 0, name
    if name[:1].isupper():
        return 1, name
    return 2, name


def test_all_is_sorted_without_duplicates() -> None:
    """__all__ is in isort order (constants, classes, functions) and lists each name once."""
    expected = sorted(set(uc.__all__), key=_isort_key)
    assert expected == list(uc.__all__)


@pytest.mark.parametrize("name", uc.__all__)
def test_every_name_in_all_exists(name: str) -> None:
    """Each name in __all__ is an attribute of the package."""
    assert hasattr(uc, name)


def test_every_public_name_is_in_all() -> None:
    """Every public, non-module attribute of the package, lazy ones included, is exported in __all__."""
    public = {
        name
        for name in dir(uc)
        if not name.startswith("_") and not isinstance(getattr(uc, name), types.ModuleType)
    }
    expected = public | {"__version__"}
    assert expected == set(uc.__all__)


def test_version_matches_the_distribution() -> None:
    """The literal __version__ matches the installed distribution's metadata."""
    expected = importlib.metadata.version("ustb-coop")
    assert expected == uc.__version__


def test_first_answer_imports_no_parser_and_no_difflib() -> None:
    """The bundled data needs no JSON or TOML parser, and a hit no suggestion of close ids (issue 11).

    Checked in an interpreter of its own, since the probe above imports json
    and tomllib to watch the parses.
    """
    script = (
        "import sys, ustb_coop as uc; uc.years_active(uc.load()['rwth-aachen']); "
        "print(' '.join(m for m in ('json', 'tomllib', 'difflib') if m in sys.modules))"
    )
    result = subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    expected = ""
    assert expected == result.stdout.strip()


#: Modules that only questions other than the first answer need.
_MADE_ON_FIRST_USE = ("dateutil.rrule", "ustb_coop.model._timeline", "ustb_coop.model._balance")


@pytest.mark.parametrize("module", _MADE_ON_FIRST_USE)
def test_first_answer_makes_nothing_only_other_questions_need(probe: dict[str, Any], module: str) -> None:
    """Occurrence counting (rrule), timeline entries and exchange balances wait for their first use."""
    assert module not in probe["first_answer"]


def test_other_questions_still_find_what_they_need() -> None:
    """The names made on first use answer as before: a timeline's entries, an exchange balance."""
    ds = uc.load()
    entries = ds.timeline()
    expected = (uc.TimelineEntry, uc.ExchangeBalance, "over 400 out, over 200 in, net unknown")
    assert expected == (
        type(entries[0]),
        type(uc.exchange_balance(ds["rwth-aachen"])),
        str(uc.exchange_balance(ds["rwth-aachen"])),
    )
