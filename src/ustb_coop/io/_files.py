"""Writing files so that a reader never sees one half written, and nothing but the file named changes.

What happens depends on what the path names:

- nothing yet, or a regular file: the new content goes into a temporary
  file beside it, which then takes its place in one rename, keeping the old
  file's permission bits;
- a symbolic link: the same, for the file the link points to; the link stays;
- a FIFO, a character or block device, or any other file that is not a
  regular one: the content is built in a temporary file elsewhere, then
  written into the path through an ordinary open, so the FIFO's reader or
  the device gets it and the path itself is never replaced;
- a directory: `IsADirectoryError`.

The temporary beside a file is called ``.NAME.<16 hex digits>.tmp``. One that
an export killed mid-write left behind is removed by the next write of
``NAME`` once it is `STALE_AFTER_SECONDS` old (see `_remove_stale`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import attrs

#: How old (by modification time) a leftover temporary must be before a later write removes it.
#: A write in progress touches its temporary all along, and none takes minutes, let alone an hour.
STALE_AFTER_SECONDS = 3600.0

#: The names of our temporaries, and of the journal SQLite may have left beside one.
_TEMPORARY = re.compile(r"\.(?P<name>.+)\.[0-9a-f]{16}\.tmp(?:-journal)?", re.DOTALL)


@attrs.frozen
class _Write:
    """One file to write: where the bytes go first, and how they reach the path named."""

    #: The path the caller named, for error messages.
    target: Path
    #: Where the content goes first; the caller writes here.
    temporary: Path
    #: True when the path is not a regular file: the content is copied into it, never renamed over it.
    through: bool
    #: The file the temporary replaces (the target, or the file its link points to).
    destination: Path
    #: The permission bits of the file replaced, kept on its successor; None for a new file.
    mode: int | None


def _naming(error: OSError, target: Path) -> OSError:
    """The same error, naming the file the caller asked for rather than a temporary one."""
    return type(error)(error.errno, error.strerror, str(target))


def _remove_stale(destination: Path, *, now: float) -> None:
    """Remove temporaries of *destination* that an interrupted write left, once they are stale.

    Only files of our own naming pattern for this very name are touched, and
    only regular ones older than `STALE_AFTER_SECONDS`, so a write in
    progress elsewhere keeps its temporary.
    """
    try:
        entries = list(os.scandir(destination.parent))
    except OSError:  # the directory is missing or unreadable: creating the temporary will say so
        return
    for entry in entries:
        match = _TEMPORARY.fullmatch(entry.name)
        if match is None or match["name"] != destination.name:
            continue
        with contextlib.suppress(OSError):  # gone already, or not ours to remove: leave it
            status = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(status.st_mode) and now - status.st_mtime > STALE_AFTER_SECONDS:
                Path(entry.path).unlink()


def _prepare(target: Path) -> _Write:
    """Plan the write of *target* and create its empty temporary."""
    try:
        status: os.stat_result | None = target.stat()  # follows links: the kind of file written
    except FileNotFoundError:  # nothing there, or a link to nothing: a new file
        status = None
    except OSError as error:
        raise _naming(error, target) from None
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a directory; give a file path", str(target))
    if status is not None and not stat.S_ISREG(status.st_mode):
        try:
            descriptor, name = tempfile.mkstemp(prefix=".ustb-coop.", suffix=".tmp")
        except OSError as error:
            raise _naming(error, target) from None
        os.close(descriptor)
        return _Write(target, Path(name), through=True, destination=target, mode=None)
    destination = Path(os.path.realpath(target))
    _remove_stale(destination, now=time.time())
    temporary = destination.with_name(f".{destination.name}.{secrets.token_hex(8)}.tmp")
    try:
        # The umask's permissions for a new file, not the owner-only ones of `tempfile`.
        os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    except OSError as error:
        raise _naming(error, target) from None
    mode = None if status is None else stat.S_IMODE(status.st_mode)
    return _Write(target, temporary, through=False, destination=destination, mode=mode)


def _commit(write: _Write) -> None:
    """Put the written temporary's content where *write* says."""
    try:
        if write.through:
            # Neither created nor truncated: the path stays the FIFO or device it was.
            sink = os.open(write.destination, os.O_WRONLY | os.O_NOCTTY)
            with write.temporary.open("rb") as source, open(sink, "wb") as stream:  # noqa: PTH123
                shutil.copyfileobj(source, stream)
            return
        if write.mode is not None:
            write.temporary.chmod(write.mode)
        write.temporary.replace(write.destination)
    except OSError as error:
        raise _naming(error, write.target) from None


@contextmanager
def replacing_all(targets: Sequence[Path]) -> Iterator[tuple[Path, ...]]:
    """New, empty files, one per target, whose content takes the targets' places if the block succeeds.

    Every file is written and flushed to disk before any target changes, so
    an error while writing (a full disk, a record that cannot be written)
    leaves every target as it was and no temporary behind. What remains is
    the moment of the renames themselves, one per target, one after another:
    a process killed between two of them leaves some targets new and some
    old, and a rename that fails (the target turned into a directory
    meanwhile) stops the others after it. See the module docstring for what
    each kind of target gets.

    Args:
        targets: The paths to write.

    Yields:
        The temporary files, in the order of *targets*; write each in full.

    Raises:
        IsADirectoryError: A target is a directory.
        OSError: A target cannot be written; the error names the target.
    """
    writes: list[_Write] = []
    try:
        writes.extend(_prepare(target) for target in targets)
        yield tuple(write.temporary for write in writes)
        for write in writes:
            with write.temporary.open("rb+") as written:
                os.fsync(written.fileno())  # on disk before it takes the old file's place
        for write in writes:
            _commit(write)
    finally:
        for write in writes:
            write.temporary.unlink(missing_ok=True)


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A new, empty file whose content takes *target*'s place if the block ends without error.

    A reader sees the old file or the new one, never a half-written one; on
    an error the new file is removed and *target* is left as it was. A link
    has the file it points to replaced; a FIFO or a device is written into
    (see the module docstring).
    """
    with replacing_all((target,)) as (temporary,):
        yield temporary


def write_text(target: Path, text: str) -> None:
    """Replace *target* with *text* as UTF-8, all at once (see `replacing`)."""
    with replacing(target) as temporary:
        temporary.write_text(text, encoding="utf-8")
