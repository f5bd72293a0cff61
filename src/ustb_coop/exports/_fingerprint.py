"""Content fingerprints: one short text that changes whenever any fact changes."""

from __future__ import annotations

import hashlib
import json

from ustb_coop.io._converter import BY_ID, CONVERTER
from ustb_coop.model._collector import paused
from ustb_coop.model._dataset import Dataset
from ustb_coop.model._records import Partnership


def _plain_form(obj: Dataset | Partnership) -> object:
    """The plain data the fingerprint is taken over."""
    if isinstance(obj, Dataset):
        return CONVERTER.unstructure(obj)
    if isinstance(obj, Partnership):
        # The file names home and partner by id; their records are facts of the
        # partnership too (two partnerships with different partners are unequal).
        form: dict[str, object] = CONVERTER.unstructure(obj)
        form.update({key: CONVERTER.unstructure(getattr(obj, key)) for key in BY_ID})
        return form
    msg = f"fingerprint() takes a Dataset or a Partnership, got {type(obj).__name__}"
    raise TypeError(msg)


def _without_empty(data: object) -> object:
    """*data* without the keys whose value is null or an empty list, at every depth.

    A fact that is not there reads the same whether a later version of the
    format adds an optional key for it or not, so fingerprints of unchanged
    data survive such additions.
    """
    if isinstance(data, dict):
        return {
            key: _without_empty(value) for key, value in data.items() if value is not None and value != []
        }
    if isinstance(data, list | tuple):
        return [_without_empty(item) for item in data]
    return data


def canonical_json(data: object) -> bytes:
    """*data* as canonical JSON bytes: no null or empty-list values, sorted keys, no spaces, UTF-8."""
    text = json.dumps(_without_empty(data), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    # Strict: the model admits no lone surrogates (see `_rules.Text`), so all its text has a UTF-8 form.
    return text.encode("utf-8")


def fingerprint(obj: Dataset | Partnership) -> str:
    """A hex SHA-256 digest of *obj*'s facts, the same in every run and Python version.

    Equal datasets (or partnerships) have equal fingerprints and changing
    any fact changes the fingerprint, so it can key a cache or tell an app
    that its copy is stale.

    A dataset's fingerprint is taken over the JSON that `dumps` writes,
    made canonical: keys whose value is null or an empty list left out (so
    a new optional key in a later format leaves it unchanged), keys sorted,
    no whitespace between tokens, text as UTF-8 rather than escapes. Any language can recompute it from a file
    that `dumps` wrote. A partnership's fingerprint is taken over its own
    JSON with ``home`` and ``partner`` given as full organization records
    instead of ids.

    Raises:
        TypeError: *obj* is neither a Dataset nor a Partnership.

    Example:
        >>> import ustb_coop as uc
        >>> len(uc.fingerprint(uc.load()))
        64
    """
    with paused():  # many small objects, no cycles: see `paused`
        return hashlib.sha256(canonical_json(_plain_form(obj))).hexdigest()
