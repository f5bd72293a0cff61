"""The cyclic garbage collector, paused while many objects and no cycles are made."""

from __future__ import annotations

import contextlib
import gc
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

_lock = threading.Lock()
_pausers = 0
_was_enabled = False


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Keep the cyclic garbage collector off while a document is built or written, or a dataset walked.

    A load, a dump, a timeline or a fingerprint makes many small objects and
    no cycles, so the collections their allocations trigger find nothing:
    they cost about 40% of a load and of a fingerprint, and the full ones
    walk every object of the datasets already in memory, which makes large
    datasets slower per record. The collector is switched back on when the
    last concurrent pauser ends, on every exit path, and only if it was on
    when the first one began.
    """
    global _pausers, _was_enabled  # noqa: PLW0603 - the one process-wide count of pausers
    with _lock:
        if _pausers == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pausers += 1
    try:
        yield
    finally:
        with _lock:
            _pausers -= 1
            if _pausers == 0 and _was_enabled:
                gc.enable()
