"""The shapes of the model's field types, as every reader and writer that generates code for them sees them.

The loader's fast path (`_direct`), the plain forms (`_plain`), the text
writers (`_indented`), the dump-size bound (`_written`) and the converter
(`_converter`) each walk a record's field types; they ask the same questions
here, so they cannot disagree on what is optional, a list or a record.
"""

from __future__ import annotations

import datetime
import types
import typing
from typing import Any

import attrs

from ustb_coop.model._dates import PartialDate

#: Types written as their ``isoformat()`` text, and read from one text or date.
ISO_TYPES = (PartialDate, datetime.date)


def is_record(type_: object) -> bool:
    """Whether *type_* is a record class, written as a table (an attrs class other than `PartialDate`)."""
    return isinstance(type_, type) and attrs.has(type_) and type_ is not PartialDate


def optional_of(hint: Any) -> Any | None:
    """The type inside ``T | None`` (``None | T`` too), or None when *hint* is not such a union."""
    if typing.get_origin(hint) not in (typing.Union, types.UnionType):
        return None
    args = typing.get_args(hint)
    if len(args) != 2 or type(None) not in args:  # noqa: PLR2004 - T and None
        return None
    return next(arg for arg in args if arg is not type(None))


def tuple_item(hint: Any) -> Any | None:
    """The item type of ``tuple[T, ...]``, or None when *hint* is not a tuple of any length of one type."""
    args = typing.get_args(hint)
    if typing.get_origin(hint) is tuple and len(args) == 2 and args[1] is Ellipsis:  # noqa: PLR2004
        return args[0]
    return None
