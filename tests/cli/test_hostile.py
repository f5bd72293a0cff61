"""The installed script under hostile invocations: odd arguments, closed or full streams, odd files.

Whatever it is given, ``ustb-coop`` ends with a message and an exit status
(0, 1, 2 or 141), never a traceback.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import ustb_coop as uc
from ustb_coop import cli

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX streams, FIFOs and devices")

FULL = Path("/dev/full")
#: Exit status when reading a file fails on permissions: root reads it anyway, and finds it malformed.
UNREADABLE = 1 if hasattr(os, "geteuid") and os.geteuid() == 0 else 2


def _script() -> str:
    found = shutil.which("ustb-coop", path=str(Path(sys.executable).parent)) or shutil.which("ustb-coop")
    if found is None:
        pytest.fail("the ustb-coop script is not installed; run: pip install -e .")
    return found


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory of odd inputs: a valid file, a directory named like a file, damaged files."""
    directory = tmp_path_factory.mktemp("hostile")
    (directory / "valid.json").write_text(uc.dumps(uc.load()), encoding="utf-8")
    (directory / "dir.toml").mkdir()
    (directory / "bad-utf8.toml").write_bytes(b'version = "\xff\xfe"\n')
    (directory / "deep.json").write_text("[" * 200_000, encoding="utf-8")
    (directory / "nan.json").write_text('{"version": NaN}', encoding="utf-8")
    (directory / "zero.json").symlink_to("/dev/zero")
    unreadable = directory / "unreadable.toml"
    unreadable.write_text("x", encoding="utf-8")
    unreadable.chmod(0)
    return directory


# (args, standard output, standard error, exit status). "{tmp}" is the directory of `files`.
# A stream is "pipe" (read by the test), "closed" (as by >&-), "full" (/dev/full) or
# "broken" (a pipe whose reader has gone).
HOSTILE: list[tuple[list[str], str, str, int]] = [
    (["list", "--country", "Germany"], "pipe", "pipe", 2),
    (["list", "--country", "D"], "pipe", "pipe", 2),
    (["list", "--country", ""], "pipe", "pipe", 2),
    (["list", "--country", "\udcff\udcfe"], "pipe", "pipe", 2),
    (["list", "--country", "x" * 5000], "pipe", "pipe", 2),
    (["list", "--kind", "\udcff"], "pipe", "pipe", 2),
    (["list", "--field", "\udcff"], "pipe", "pipe", 0),
    (["list", "--active-on", "9999-12-31"], "pipe", "pipe", 0),
    (["show", "\udcff"], "pipe", "pipe", 2),
    (["show"], "pipe", "pipe", 2),
    (["frobnicate"], "pipe", "pipe", 2),
    (["--as-of"], "pipe", "pipe", 2),
    (["--as-of", "99999-01-01"], "pipe", "pipe", 2),
    (["--as-of", "0000"], "pipe", "pipe", 2),
    (["--as-of", "9999-12-31", "summary"], "pipe", "pipe", 0),
    (["--as-of", "0001-01-01", "--json", "summary"], "pipe", "pipe", 0),
    (["timeline", "--from", "9999", "--to", "0001"], "pipe", "pipe", 2),
    (["timeline", "--from", "9" * 400], "pipe", "pipe", 2),
    (["--data", "{tmp}/\udcff.toml", "list"], "pipe", "pipe", 2),
    (["--data", "{tmp}/dir.toml", "list"], "pipe", "pipe", 2),
    (["--data", "{tmp}", "summary"], "pipe", "pipe", 2),
    (["--data", "{tmp}/zero.json", "list"], "pipe", "pipe", 1),
    (["--data", "/dev/zero", "balance"], "pipe", "pipe", 1),
    (["--data", "{tmp}/deep.json", "audit"], "pipe", "pipe", 1),
    (["--data", "{tmp}/nan.json", "balance"], "pipe", "pipe", 1),
    (["--data", "{tmp}/bad-utf8.toml", "timeline"], "pipe", "pipe", 1),
    (["validate", "{tmp}/dir.toml"], "pipe", "pipe", 2),
    (["validate", "{tmp}/zero.json"], "pipe", "pipe", 1),
    (["validate", "{tmp}/unreadable.toml"], "pipe", "pipe", UNREADABLE),
    (["validate", "{tmp}"], "pipe", "pipe", 2),
    (["export", "--format", "csv", "--output", "-"], "pipe", "pipe", 2),
    (["export", "--format", "datapackage", "--output", "-"], "pipe", "pipe", 2),
    (["export", "--format", "json", "--output", ""], "pipe", "pipe", 2),
    (["export", "--format", "json", "--output", "{tmp}"], "pipe", "pipe", 2),
    (["export", "--format", "sqlite", "--output", "{tmp}/valid.json/x.db"], "pipe", "pipe", 2),
    (["export", "--format", "csv", "--output", "{tmp}/valid.json"], "pipe", "pipe", 2),
    (["export", "--format", "jsonschema", "--output", "{tmp}/missing/x.json"], "pipe", "pipe", 2),
    (["export", "--format", "json", "--output", "{tmp}/" + "x" * 300], "pipe", "pipe", 2),
    (["--data", "{tmp}/nan.json", "export", "--format", "json", "--output", "-"], "pipe", "pipe", 1),
    (["list"], "closed", "pipe", 2),
    (["--version"], "closed", "pipe", 2),
    (["export", "--format", "json", "--output", "{tmp}/closed.json"], "closed", "pipe", 2),
    (["export", "--format", "json", "--output", "-"], "closed", "pipe", 2),
    (["list"], "closed", "closed", 2),
    (["show", "nosuch"], "pipe", "closed", 2),
    (["show", "tohoku"], "pipe", "closed", 0),
    (["--data", "{tmp}/nan.json", "list"], "pipe", "closed", 1),
    (["list"], "full", "pipe", 2),
    (["--version"], "full", "pipe", 2),
    (["--help"], "full", "pipe", 2),
    (["show", "--help"], "full", "pipe", 2),
    (["export", "--format", "sqlite", "--output", "-"], "full", "pipe", 2),
    (["show", "nosuch"], "pipe", "full", 2),
    (["validate", "{tmp}/bad-utf8.toml"], "pipe", "full", 1),
    (["list"], "full", "full", 2),
    (["show", "tohoku"], "broken", "pipe", 141),
    (["export", "--format", "sqlite", "--output", "-"], "broken", "pipe", 141),
    (["--help"], "broken", "pipe", 141),
]


@contextlib.contextmanager
def _stream(kind: str) -> Iterator[int | None]:
    """What a child's standard stream is connected to; None for closed (the caller closes it)."""
    if kind in {"pipe", "closed"}:
        yield subprocess.PIPE if kind == "pipe" else None
    elif kind == "full":
        if not FULL.is_char_device():
            pytest.skip("needs /dev/full")
        with FULL.open("wb") as full:
            yield full.fileno()
    else:
        read_end, write_end = os.pipe()
        os.close(read_end)
        try:
            yield write_end
        finally:
            os.close(write_end)


def _run(args: list[str], stdout: str, stderr: str) -> subprocess.CompletedProcess[bytes]:
    """Run the installed script with its streams as asked; closed ones are closed by a shell."""
    closing = " ".join(f"{fd}>&-" for fd, kind in ((1, stdout), (2, stderr)) if kind == "closed")
    command = [_script(), *args]
    if closing:
        command = ["/bin/sh", "-c", f'exec "$@" {closing}', "sh", *command]
    with _stream(stdout) as out, _stream(stderr) as err:
        return subprocess.run(command, stdout=out, stderr=err, check=False, timeout=60)  # noqa: S603


@pytest.mark.parametrize(
    ("args", "stdout", "stderr", "code"),
    HOSTILE,
    ids=[f"{' '.join(args)[:50]} >{out} 2>{err}" for args, out, err, _ in HOSTILE],
)
def test_no_invocation_prints_a_traceback(
    files: Path, args: list[str], stdout: str, stderr: str, code: int
) -> None:
    """Each hostile invocation exits with its documented status and no traceback on standard error."""
    result = _run([arg.replace("{tmp}", str(files)) for arg in args], stdout, stderr)
    shown = result.stderr or b""
    expected = (code, False, True)
    actual = (result.returncode, b"Traceback" in shown, result.returncode in {0, 1, 2, 141})
    assert expected == actual, shown.decode(errors="replace")[-2000:]


@pytest.mark.parametrize("country", ["Germany", "D", ""])
def test_a_country_that_is_no_code_is_a_usage_error(country: str) -> None:
    """``list --country`` takes two letters; anything else exits 2 saying what is valid."""
    result = subprocess.run(  # noqa: S603
        [_script(), "list", "--country", country], capture_output=True, text=True, check=False
    )
    message = (
        "argument --country: expected an ISO 3166-1 alpha-2 country code of two letters, "
        f"like DE or jp; got {country!r}"
    )
    expected = (2, "", True)
    assert expected == (result.returncode, result.stdout, result.stderr.endswith(f"{message}\n"))


@pytest.mark.parametrize(
    "args",
    [["list"], ["--version"], ["export", "--format", "json", "--output", "{tmp}/never.json"]],
    ids=["list", "version", "export"],
)
def test_closed_standard_output_does_nothing_and_exits_2(files: Path, args: list[str]) -> None:
    """With standard output closed (``>&-``) nothing is done: one message, exit 2, no file written."""
    result = _run([arg.replace("{tmp}", str(files)) for arg in args], "closed", "pipe")
    message = (
        b"ustb-coop: standard output is closed, so nothing was done; redirect it to a file or /dev/null\n"
    )
    expected = (2, message, False)
    assert expected == (result.returncode, result.stderr, (files / "never.json").exists())


def test_closed_standard_error_keeps_the_exit_status() -> None:
    """``show nosuch 2>&-`` has nowhere to say why, but still exits 2, the usage error."""
    expected = 2
    assert expected == _run(["show", "nosuch"], "pipe", "closed").returncode


@pytest.mark.parametrize("args", [["list"], ["--version"], ["--help"]], ids=["list", "version", "help"])
def test_a_full_standard_output_is_reported(args: list[str]) -> None:
    """Output that cannot be written (a full disk) exits 2 and says so, rather than exit 0 having lost it."""
    result = _run(args, "full", "pipe")
    expected = (2, b"ustb-coop: cannot write standard output: No space left on device\n")
    assert expected == (result.returncode, result.stderr)


# ------------------------------------------------------------ export --output


@pytest.mark.parametrize(
    ("export_format", "document"),
    [
        ("json", lambda: uc.dumps(uc.load()) + "\n"),
        ("jsonschema", lambda: json.dumps(uc.json_schema(), ensure_ascii=False, indent=2) + "\n"),
    ],
    ids=["json", "jsonschema"],
)
def test_export_to_a_dash_writes_standard_output(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    export_format: str,
    document: Callable[[], str],
) -> None:
    """``--output -`` writes the document, and only the document, on standard output; no file ``-``."""
    monkeypatch.chdir(tmp_path)
    code = cli.main(["export", "--format", export_format, "--output", "-"])
    captured = capsys.readouterr()
    expected: tuple[int, str, str, list[Path]] = (0, document(), "", [])
    assert expected == (code, captured.out, captured.err, list(tmp_path.iterdir()))


def test_export_sqlite_to_a_dash_writes_the_database_bytes(tmp_path: Path) -> None:
    """``--format sqlite --output -`` writes a database a client can open from the redirected file."""
    output = tmp_path / "redirected.sqlite"
    with output.open("wb") as redirected:
        result = subprocess.run(  # noqa: S603
            [_script(), "export", "--format", "sqlite", "--output", "-"],
            stdout=redirected,
            stderr=subprocess.PIPE,
            check=False,
        )
    with contextlib.closing(sqlite3.connect(output)) as database:
        ids = [row[0] for row in database.execute("SELECT id FROM partnerships ORDER BY id")]
    expected = (0, b"", ["rwth-aachen", "tata-steel", "tohoku"])
    assert expected == (result.returncode, result.stderr, ids)


def test_export_sqlite_refuses_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database is not written onto a terminal: exit 2 and say what to do instead."""

    class Terminal(io.TextIOWrapper):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Terminal(io.BytesIO(), encoding="utf-8"))
    code = cli.main(["export", "--format", "sqlite", "--output", "-"])
    message = (
        "ustb-coop: will not write a SQLite database to a terminal; redirect standard output or give a file\n"
    )
    expected = (2, message)
    assert expected == (code, capsys.readouterr().err)


def test_export_to_dot_slash_dash_writes_a_file_named_dash(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``./-`` is a path like any other: a file named ``-``."""
    monkeypatch.chdir(tmp_path)
    code = cli.main(["export", "--format", "json", "--output", "./-"])
    expected = (0, "-\n", uc.dumps(uc.load()) + "\n")
    assert expected == (code, capsys.readouterr().out, (tmp_path / "-").read_text(encoding="utf-8"))


def test_export_through_a_symbolic_link_keeps_the_link(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``--output`` naming a link replaces the file it points to; the link stays."""
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    code = cli.main(["export", "--format", "json", "--output", str(link)])
    capsys.readouterr()
    expected = (0, True, uc.dumps(uc.load()) + "\n")
    assert expected == (code, link.is_symlink(), real.read_text(encoding="utf-8"))


def test_export_into_a_fifo_feeds_its_reader(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A FIFO given as ``--output`` is written into: its reader gets the database; it stays a FIFO."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    code = cli.main(["export", "--format", "sqlite", "--output", str(fifo)])
    reader.join(timeout=10)
    capsys.readouterr()
    expected = (0, b"SQLite format 3\x00", True)
    assert expected == (code, received[0][:16], fifo.is_fifo())


def test_a_fifo_whose_reader_leaves_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """When the reader of an output FIFO goes early, the error names the FIFO and exits 2."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def read_a_little() -> None:
        with fifo.open("rb") as stream:
            stream.read(1)

    reader = threading.Thread(target=read_a_little, daemon=True)
    reader.start()
    code = cli.main(["export", "--format", "sqlite", "--output", str(fifo)])
    reader.join(timeout=10)
    expected = (2, "", f"ustb-coop: {fifo}: Broken pipe\n")
    assert expected == (code, *capsys.readouterr())


def test_a_fifo_given_as_data_is_read(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``--data`` may be a FIFO (as from a process substitution) with a writer at the other end."""
    fifo = tmp_path / "data.json"
    os.mkfifo(fifo)
    text = uc.dumps(uc.load())
    writer = threading.Thread(target=lambda: fifo.write_text(text, encoding="utf-8"), daemon=True)
    writer.start()
    code = cli.main(["validate", str(fifo)])
    writer.join(timeout=10)
    expected = (0, f"{fifo}: valid (3 partnerships)\n")
    assert expected == (code, capsys.readouterr().out)


def test_ctrl_c_exits_130_quietly(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An interrupt (say while a FIFO waits for a writer) exits 130, as shells report SIGINT, quietly."""

    def interrupted(_path: object = None, *, max_bytes: int | None = None) -> uc.Dataset:  # noqa: ARG001
        raise KeyboardInterrupt

    monkeypatch.setattr(uc, "load", interrupted)
    expected = (130, "", "")
    assert expected == (cli.main(["list"]), *capsys.readouterr())


# ------------------------------------------------------------- in-process


class _Full(io.StringIO):
    """A stream on a full disk."""

    def write(self, _text: str) -> int:
        raise OSError(28, "No space left on device")


def _bytes_stdout() -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8")


def test_in_process_a_full_standard_output_is_reported(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write to standard output that fails on a full disk exits 2, naming standard output."""
    monkeypatch.setattr(sys, "stdout", _Full())
    expected = (2, "ustb-coop: cannot write standard output: No space left on device\n")
    assert expected == (cli.main(["list"]), capsys.readouterr().err)


def test_in_process_closed_streams(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No standard output: exit 2 and a message; no or a failing standard error: the status alone."""
    monkeypatch.setattr(sys, "stdout", None)
    closed_out = (cli.main(["list"]), capsys.readouterr().err)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setattr(sys, "stderr", None)
    closed_err = cli.main(["show", "nosuch"])
    monkeypatch.setattr(sys, "stderr", _Full())
    full_err = cli.main(["show", "nosuch"])
    message = (
        "ustb-coop: standard output is closed, so nothing was done; redirect it to a file or /dev/null\n"
    )
    expected = ((2, message), 2, 2)
    assert expected == (closed_out, closed_err, full_err)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["list", "--country", "x" * 5000],
            "got 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'... (5,000 characters)",
        ),
        (["export", "--format", "json", "--output", ""], "expected a path, or - for standard output"),
        (["export", "--format", "csv", "--output", "-"], "--format csv writes a directory of files"),
    ],
    ids=["long-country", "empty-output", "csv-to-dash"],
)
def test_in_process_usage_errors(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    """Arguments the parser or the export command refuses exit 2 with a message saying what is valid."""
    code = cli.main(args)
    expected = (2, True)
    assert expected == (code, message in capsys.readouterr().err)


def test_in_process_sqlite_to_a_dash(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database's bytes go to standard output's byte stream."""
    stdout = _bytes_stdout()
    monkeypatch.setattr(sys, "stdout", stdout)
    code = cli.main(["export", "--format", "sqlite", "--output", "-"])
    expected = (0, b"SQLite format 3\x00", "")
    assert expected == (code, stdout.buffer.getvalue()[:16], capsys.readouterr().err)  # type: ignore[attr-defined]


def test_in_process_json_to_a_dash_on_a_text_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    """A standard output without a byte stream (replaced by a text one) still gets the JSON."""
    stdout = io.StringIO()
    monkeypatch.setattr(sys, "stdout", stdout)
    code = cli.main(["export", "--format", "json", "--output", "-"])
    expected = (0, uc.dumps(uc.load()) + "\n")
    assert expected == (code, stdout.getvalue())


@pytest.mark.parametrize(
    "failure", [OSError(28, "No space left on device"), BrokenPipeError(32, "Broken pipe")]
)
def test_in_process_bytes_that_cannot_be_written(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, failure: OSError
) -> None:
    """A failing byte stream ends as a full disk (exit 2, reported) or a gone reader (141, quiet)."""

    class Failing(io.BytesIO):
        def write(self, _data: object) -> int:
            raise failure

    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(Failing(), encoding="utf-8"))
    code = cli.main(["export", "--format", "sqlite", "--output", "-"])
    quiet = isinstance(failure, BrokenPipeError)
    expected = (
        (141, "") if quiet else (2, "ustb-coop: cannot write standard output: No space left on device\n")
    )
    assert expected == (code, capsys.readouterr().err)


def test_in_process_sqlite_to_a_text_only_stream(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database cannot go to a standard output that takes only text: exit 2, saying so."""
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    code = cli.main(["export", "--format", "sqlite", "--output", "-"])
    expected = (2, "ustb-coop: cannot write standard output: takes only text here, not bytes\n")
    assert expected == (code, capsys.readouterr().err)
