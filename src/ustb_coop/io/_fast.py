"""The ``fast`` extra: orjson reads and writes JSON, when installed, as the standard library does.

``pip install 'ustb-coop[fast]'`` installs orjson; nothing else changes.
Where orjson would differ from the standard library's `json`, the
standard library does the work:

- writing: orjson indents by 2 spaces only, so any other indent (and any
  value orjson refuses to write) goes to `json.dumps`. For everything else
  both write the same text: UTF-8 characters as they are (U+2028 and astral
  characters too), the same escapes for quotes, backslashes and control
  characters, ``": "`` and ``","`` as separators.
- reading: orjson keeps the last of two equal keys, reads integers past 64
  bits as floats, and words its errors differently. A text orjson refuses is
  parsed by `json.loads`; so is a document that fails to load from orjson's
  reading, or loads but has a key twice (`keys_unique`): every error message
  is the standard library path's (`ustb_coop.io._loading`).

Set the environment variable ``USTB_COOP_FAST=0`` before the first load or
dump to use the standard library alone.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from types import ModuleType
from typing import Any, Final


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

#: What `parse` returns for a text orjson did not read as `json.loads` would.
UNPARSED: Final = object()


def parse(text: str) -> object:
    """*text* parsed by orjson, or `UNPARSED` when orjson is not in use or refuses it.

    The value is what `json.loads` gives unless the text has a key twice
    (`keys_unique`) or an integer past 64 bits (read as a float, which no
    field of a dataset accepts).
    """
    if ORJSON is None:
        return UNPARSED
    try:
        return ORJSON.loads(text)
    except ORJSON.JSONDecodeError:  # malformed, a lone surrogate, an infinite number, nested too deeply
        return UNPARSED


def keys_unique(text: str, value: object) -> bool:
    r"""Whether *text*, which orjson read as *value*, has no table with a key twice.

    orjson keeps the last of two equal keys where the standard library's
    reader reports them. Every key is followed by a colon outside any
    string, so a text with a duplicate key has more colons than orjson's
    rewriting of what it kept. Only the escape ``\u003a`` writes a colon in a
    string without one in the text, so a text with it counts as not unique.
    Run on documents that loaded: a rewriting of hostile input (a million
    numbers) can take a hundred times its size.
    """
    assert ORJSON is not None
    if "\\u003a" in text or "\\u003A" in text:
        return False
    try:
        written: bytes = ORJSON.dumps(value)
    except ORJSON.JSONEncodeError:  # nested deeper than orjson writes
        return False
    return text.count(":") == written.count(b":")


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
