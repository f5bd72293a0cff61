"""Writing files so that a reader never sees one half written."""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A new, empty file beside *target* that takes its place if the block ends without error.

    A reader sees the old file or the new one, never a half-written one; on
    an error the new file is removed and *target* is left as it was. The
    file is created with the permissions the process's umask gives new
    files, not the owner-only ones of `tempfile`.
    """
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a directory; give a file path", str(target))
    absolute = target.absolute()
    temporary = absolute.with_name(f".{absolute.name}.{secrets.token_hex(8)}.tmp")
    try:
        os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    except OSError as error:
        raise _naming(error, target) from None
    try:
        yield temporary
        with temporary.open("rb+") as written:
            os.fsync(written.fileno())  # on disk before it takes the old file's place
        try:
            temporary.replace(target)
        except OSError as error:
            raise _naming(error, target) from None
    finally:
        temporary.unlink(missing_ok=True)


def _naming(error: OSError, target: Path) -> OSError:
    """The same error, naming the file the caller asked for rather than the temporary one."""
    return type(error)(error.errno, error.strerror, str(target))


def write_text(target: Path, text: str) -> None:
    """Replace *target* with *text* as UTF-8, all at once (see `replacing`)."""
    with replacing(target) as temporary:
        temporary.write_text(text, encoding="utf-8")
