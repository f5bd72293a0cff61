"""The ``fast`` extra: orjson writes JSON, when installed, byte for byte as the standard library does.

``pip install 'ustb-coop[fast]'`` installs orjson; `dumps` then writes with
it. Both write the same text: UTF-8 characters as they are (U+2028 and
astral characters too), the same escapes for quotes, backslashes and control
characters, ``": "`` and ``","`` as separators. orjson indents by 2 spaces
only, so any other indent, and any value orjson refuses to write (an integer
past 64 bits, an object that is not a record), goes to `json.dumps`, which
writes it or says what is wrong.

Reading stays with the standard library: orjson parsed a dataset about 20%
faster than `json.loads`, but parsing is under a tenth of `loads`, and its
reading differs (it keeps the last of two equal keys, reads integers past 64
bits as floats and words errors its own way), so matching every message took
a second parse of every failing document, and its parse allocates about 16
bytes per input byte (docs/performance.md, "Fast extra").

Set the environment variable ``USTB_COOP_FAST=0`` before the first dump to
use the standard library alone.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from types import ModuleType
from typing import Any


def _orjson() -> ModuleType | None:
    if os.environ.get("USTB_COOP_FAST", "1") == "0":
        return None
    try:
        import orjson  # noqa: PLC0415 - optional: the `fast` extra
    except ImportError:
        return None
    return orjson


#: The orjson module when the ``fast`` extra is installed and not switched off, else None.
ORJSON: ModuleType | None = _orjson()


def dumps(value: object, indent: int | None, default: Callable[[Any], object]) -> str | None:
    """*value* written by orjson as `json.dumps` would write it (``ensure_ascii=False``), or None.

    None when orjson is not in use, cannot indent by *indent*, or refuses the
    value (an integer past 64 bits, an object *default* cannot turn into
    plain data): the standard library then writes it, or says what is wrong.
    """
    if ORJSON is None:
        return None
    if indent is None:
        option = 0
    elif type(indent) is int and indent == 2:  # noqa: PLR2004 - the one indent orjson writes
        option = ORJSON.OPT_INDENT_2
    else:
        return None
    try:
        written: bytes = ORJSON.dumps(value, default=default, option=option)
    except ORJSON.JSONEncodeError:
        return None
    return written.decode("utf-8")
