"""Writing files: what each kind of path gets, all-or-nothing sets, and leftovers of killed writes."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest

from ustb_coop.io._files import STALE_AFTER_SECONDS, replacing_all, write_text

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")


def _names(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.iterdir())


def test_a_regular_file_is_replaced_keeping_its_mode(tmp_path: Path) -> None:
    """Replacing a file gives the new content the old file's permission bits, not the umask's."""
    target = tmp_path / "data.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o604)
    old_inode = target.stat().st_ino
    write_text(target, "new")
    status = target.stat()
    expected = ("new", 0o604, True, ["data.json"])
    actual = (
        target.read_text(encoding="utf-8"),
        stat.S_IMODE(status.st_mode),
        status.st_ino != old_inode,  # a new file took the old one's place: readers never see it half-written
        _names(tmp_path),
    )
    assert expected == actual


def test_a_symbolic_link_keeps_pointing_at_its_replaced_target(tmp_path: Path) -> None:
    """Writing through a link replaces the file it points to; the link stays a link to it."""
    real = tmp_path / "real" / "data.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_text(link, "new")
    expected = (True, real, "new", 0o640, ["link.json", "real"], ["data.json"])
    actual = (
        link.is_symlink(),
        link.resolve(),
        real.read_text(encoding="utf-8"),
        stat.S_IMODE(real.stat().st_mode),
        _names(tmp_path),
        _names(real.parent),
    )
    assert expected == actual


def test_a_dangling_link_gets_its_target_created(tmp_path: Path) -> None:
    """A link to a file not yet there has that file created; the link is not replaced by a file."""
    link = tmp_path / "link.json"
    link.symlink_to("made.json")
    write_text(link, "new")
    expected = (True, "new")
    assert expected == (link.is_symlink(), (tmp_path / "made.json").read_text(encoding="utf-8"))


@needs_fifo
def test_a_fifo_is_written_into_and_stays_a_fifo(tmp_path: Path) -> None:
    """A FIFO's reader gets the whole content; the FIFO is not replaced by a regular file."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_text(fifo, "through the pipe\n")
    reader.join(timeout=10)
    expected = ([b"through the pipe\n"], True, ["pipe"])
    assert expected == (received, fifo.is_fifo(), _names(tmp_path))


@pytest.mark.skipif(not Path(os.devnull).is_char_device(), reason="needs a character device")
def test_the_null_device_is_written_into_and_stays_a_device() -> None:
    """Writing to /dev/null writes through it, even as root, instead of replacing the device file."""
    null = Path(os.devnull)
    before = null.stat()
    write_text(null, "discarded")
    after = null.stat()
    expected = (True, before.st_rdev, before.st_ino)
    assert expected == (stat.S_ISCHR(after.st_mode), after.st_rdev, after.st_ino)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    """A directory is never replaced: IsADirectoryError names it and says what to give."""
    with pytest.raises(IsADirectoryError) as caught:
        write_text(tmp_path, "x")
    expected = (str(tmp_path), "is a directory; give a file path")
    assert expected == (caught.value.filename, caught.value.strerror)


def _write_then_fail(targets: list[Path]) -> None:
    """Write all but the last of *targets* as a set, then fail."""
    with replacing_all(targets) as temporaries:
        for temporary in temporaries[:-1]:
            temporary.write_text("new", encoding="utf-8")
        msg = "failed halfway"
        raise RuntimeError(msg)


def test_an_error_in_the_block_leaves_the_target_alone(tmp_path: Path) -> None:
    """When writing fails, the old file is as it was and no temporary is left."""
    target = tmp_path / "data.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError, match="failed halfway"):
        _write_then_fail([target])
    expected = ("old", ["data.json"])
    assert expected == (target.read_text(encoding="utf-8"), _names(tmp_path))


def test_an_error_names_the_target_not_the_temporary(tmp_path: Path) -> None:
    """A file in a missing directory fails with FileNotFoundError naming the path asked for."""
    target = tmp_path / "missing" / "data.json"
    with pytest.raises(FileNotFoundError) as caught:
        write_text(target, "x")
    assert str(target) == caught.value.filename


def test_a_set_is_all_or_nothing(tmp_path: Path) -> None:
    """When one file of a set fails, none of the old files is replaced and no new file is left."""
    targets = [tmp_path / f"{name}.csv" for name in "abc"]
    for target in targets[:2]:
        target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError, match="failed halfway"):
        _write_then_fail(targets)
    expected = (["a.csv", "b.csv"], ["old", "old"])
    assert expected == (_names(tmp_path), [target.read_text(encoding="utf-8") for target in targets[:2]])


def _leftover(directory: Path, name: str, age: float, suffix: str = ".tmp") -> Path:
    path = directory / f".{name}.0123456789abcdef{suffix}"
    path.write_text("left by a killed export", encoding="utf-8")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_stale_temporaries_of_the_name_written_are_removed(tmp_path: Path) -> None:
    """Temporaries (and SQLite journals) a killed write left are removed once stale; others stay."""
    old = STALE_AFTER_SECONDS + 60
    _leftover(tmp_path, "data.json", old)
    _leftover(tmp_path, "data.json", old, ".tmp-journal")
    fresh = _leftover(tmp_path, "data.json", 5)  # perhaps another export, still writing
    other = _leftover(tmp_path, "other.json", old)  # not a file this write replaces
    unrelated = tmp_path / ".data.json.not-ours.tmp"
    unrelated.write_text("x", encoding="utf-8")
    write_text(tmp_path / "data.json", "new")
    expected = sorted(["data.json", fresh.name, other.name, unrelated.name])
    assert expected == _names(tmp_path)


def test_stale_cleanup_skips_a_directory_it_cannot_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A directory that cannot be listed is not an error of its own: the write goes on."""

    def unlistable(_path: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "scandir", unlistable)
    write_text(tmp_path / "data.json", "new")
    expected = "new"
    assert expected == (tmp_path / "data.json").read_text(encoding="utf-8")


def test_a_path_under_a_file_names_the_path(tmp_path: Path) -> None:
    """A path whose parent is a file fails with NotADirectoryError naming the path asked for."""
    (tmp_path / "file").write_text("x", encoding="utf-8")
    target = tmp_path / "file" / "data.json"
    with pytest.raises(NotADirectoryError) as caught:
        write_text(target, "x")
    assert str(target) == caught.value.filename
