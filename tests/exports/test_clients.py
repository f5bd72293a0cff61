"""docs/exports.md's commands for other clients run as written and read the exports with the right types.

ajv runs in node (skipped, saying why, where node is missing); check-jsonschema,
Datasette, DuckDB, pandas and Frictionless come with the test extra.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

import ustb_coop as uc

DOC = Path(__file__).resolve().parents[2] / "docs" / "exports.md"
#: How long Datasette may take to start answering, in seconds.
STARTUP_SECONDS = 60


def _block(language: str, containing: str) -> str:
    """The one fenced block of *language* in docs/exports.md that contains *containing*."""
    blocks = re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    [found] = [str(block) for block in blocks if containing in block]
    return found


def _command(program: str) -> list[str]:
    """The page's shell command that runs *program*, split into arguments, the program from this venv."""
    [line] = [line for line in _block("sh", program).splitlines() if line.startswith(program + " ")]
    return [str(Path(sys.executable).with_name(program)), *shlex.split(line)[1:]]


def _run_python(block: str) -> dict[str, Any]:
    """Run a Python block of the page in the current folder; its variables after the run."""
    namespace: dict[str, Any] = {"__name__": "docs_exports"}
    exec(compile(block, str(DOC), "exec"), namespace)  # noqa: S102 - the page's own example
    return namespace


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder prepared as the page says: schema, JSON, data package, database and Datasette metadata."""
    monkeypatch.chdir(tmp_path)
    _run_python(_block("python", 'uc.write_sqlite(ds, "ustb.sqlite")'))
    return tmp_path


def _with_count(folder: Path, value: object) -> None:
    """Rewrite dataset.json with the first metric's figure set to *value*."""
    document = json.loads((folder / "dataset.json").read_text(encoding="utf-8"))
    document["partnerships"][0]["metrics"][0]["value"]["value"] = value
    (folder / "dataset.json").write_text(json.dumps(document), encoding="utf-8")


def _with_title(folder: Path, title: str) -> None:
    """Rewrite dataset.json with the first source's title set to *title*."""
    document = json.loads((folder / "dataset.json").read_text(encoding="utf-8"))
    document["sources"][0]["title"] = title
    (folder / "dataset.json").write_text(json.dumps(document), encoding="utf-8")


# ------------------------------------------------------------------ JSON Schema clients


def test_ajv_script_validates_as_the_loader(folder: Path, node: str, node_path: str) -> None:
    """The page's ajv script says "valid" for the bundled data and fails on a count past I-JSON's limit."""
    (folder / "validate.cjs").write_text(_block("js", "ajv/dist/2020"), encoding="utf-8")

    def run() -> tuple[int, str]:
        result = subprocess.run(  # noqa: S603 - node from PATH, the page's script
            [node, "validate.cjs"],
            env={**os.environ, "NODE_PATH": node_path},
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        return result.returncode, result.stdout.splitlines()[0]

    bundled = run()
    _with_count(folder, 2**53)
    expected = ((0, "valid"), (1, "["))
    assert expected == (bundled, run())


def test_check_jsonschema_command_validates_as_the_loader(folder: Path) -> None:
    """The page's check-jsonschema command passes the bundled data and fails a title of a byte-order mark."""

    def run() -> int:
        command = _command("check-jsonschema")
        return subprocess.run(command, capture_output=True, check=False, timeout=120).returncode  # noqa: S603

    bundled = run()
    _with_title(folder, "\ufeff")
    expected = (0, 1)
    assert expected == (bundled, run())


# ------------------------------------------------------------------ Datasette


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - a local http URL
        body: bytes = response.read()
        return body


@contextlib.contextmanager
def _serving(command: list[str]) -> Iterator[str]:
    """Datasette started with *command* on 127.0.0.1 and a free port; its base URL, until the block ends."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with subprocess.Popen(  # noqa: S603 - datasette from this venv
        [*command, "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    ) as server:
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while True:
                if server.poll() is not None:
                    assert server.stderr is not None
                    pytest.fail(f"datasette stopped: {server.stderr.read().decode(errors='replace')}")
                try:
                    _get(f"{base}/-/versions.json")
                    break
                except (urllib.error.URLError, ConnectionError):
                    if time.monotonic() > deadline:
                        pytest.fail(f"datasette did not answer on {base} within {STARTUP_SECONDS} s")
                    time.sleep(0.2)
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@pytest.mark.usefixtures("folder")
def test_datasette_shows_labels_and_descriptions() -> None:
    """Served as the page says, Datasette labels organization ids with names and shows column descriptions."""
    with _serving(_command("datasette")) as base:
        rows = json.loads(_get(f"{base}/ustb/partnerships.json?_labels=on&_shape=array"))
        page = _get(f"{base}/ustb/metrics").decode()
    ds = uc.load()
    expected = {
        "home": [{"value": p.home.id, "label": p.home.name} for p in ds],
        "started": [p.started.isoformat() for p in ds],
        "description shown": True,
    }
    actual = {
        "home": [row["home_id"] for row in rows],
        "started": [row["started"] for row in rows],
        "description shown": 'data-column-description="the count: the figure the source gives"' in page,
    }
    assert expected == actual


# ------------------------------------------------------------------ CSV readers


def _partnership_dates() -> list[tuple[str, str, datetime.date]]:
    return sorted((p.id, p.started.isoformat(), p.started.earliest) for p in uc.load())


@pytest.mark.usefixtures("folder")
def test_duckdb_reads_partial_dates_as_text_and_days_as_dates() -> None:
    """With the package's types, DuckDB keeps 1979 as text, its earliest day a date, section ids text."""
    database = _run_python(_block("python", "import duckdb"))["db"]
    expected = (_partnership_dates(), [("1",), ("2",), ("3",)])
    actual = (
        database.sql("SELECT id, started, started_earliest FROM partnerships ORDER BY id").fetchall(),
        database.sql("SELECT DISTINCT citation_section FROM milestones ORDER BY 1").fetchall(),
    )
    assert expected == actual


@pytest.mark.usefixtures("folder")
def test_pandas_reads_the_tables_as_to_dataframe_gives_them() -> None:
    """With the package's types, read_csv gives every table exactly as uc.to_dataframe does."""
    frames = _run_python(_block("python", "import pandas as pd"))["frames"]
    ds = uc.load()
    for name in frames:
        pd.testing.assert_frame_equal(uc.to_dataframe(ds, name), frames[name])
    expected = ["1979", "2014", "2002"]
    assert expected == frames["partnerships"]["started"].tolist()


@pytest.mark.usefixtures("folder")
def test_guessing_readers_turn_partial_dates_into_numbers() -> None:
    """The page's warning holds: DuckDB and plain read_csv, left to guess, read 1979 as a number."""
    guessed = duckdb.sql("SELECT started FROM read_csv('package/partnerships.csv')")
    assert guessed is not None
    expected = (["BIGINT"], "int64")
    assert expected == (
        [str(kind) for kind in guessed.types],
        str(pd.read_csv("package/partnerships.csv")["started"].dtype),
    )


@pytest.mark.usefixtures("folder")
def test_frictionless_reads_typed_rows() -> None:
    """Frictionless reads the package's rows with partial dates as text and earliest days as dates."""
    rows = _run_python(_block("python", "read_rows()"))["rows"]
    expected = _partnership_dates()
    assert expected == sorted((row["id"], row["started"], row["started_earliest"]) for row in rows)
