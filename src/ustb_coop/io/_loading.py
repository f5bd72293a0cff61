"""Reading and writing dataset files: JSON or TOML in, JSON out, all or nothing."""

from __future__ import annotations

import datetime
import functools
import json
import threading
import tomllib
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from ustb_coop.exceptions import DatasetError, Problem
from ustb_coop.model._dataset import Dataset
from ustb_coop.model._integrity import duplicate_finding, duplicate_positions, in_order, integrity_issues
from ustb_coop.model._records import Organization, Partnership, Source

if TYPE_CHECKING:
    import os

# cattrs and the converter it builds are the larger part of the package's
# import time, so `_serialization` is imported on the first load or dump,
# inside the functions below, never on `import ustb_coop`.

#: The largest file or text `load` and `loads` accept, in bytes.
MAX_INPUT_BYTES = 16 * 1024 * 1024

#: What the bundled dataset is called in error messages.
BUNDLED_NAME = "ustb_coop/data/ustb.toml"

Format = Literal["json", "toml"]
_FORMATS: dict[str, Format] = {".json": "json", ".toml": "toml"}
_TOP_LEVEL_KEYS = ("version", "as_of", "sources", "organizations", "partnerships")
_T = TypeVar("_T")


class _Collector:
    """Gathers every problem of one document before anything is returned."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def structure(
        self, value: object, path: str, hook: Callable[[Any, Any], _T], type_: type[_T]
    ) -> _T | None:
        try:
            return hook(value, type_)
        except RecursionError:  # the whole document's problem, see loads()
            raise
        except Exception as error:  # noqa: BLE001 - every problem is reported, none raised alone
            from ustb_coop.io._converter import problems_of  # noqa: PLC0415 - see the module top

            for at, message in problems_of(error, path):
                self.add(at, message)
            return None

    def collection(
        self, raw: dict[str, object], key: str, hook: Callable[[Any, Any], _T], type_: type[_T]
    ) -> list[tuple[int, _T]]:
        """Structure each item of a top-level list, keeping its position in the file."""
        from ustb_coop.io._converter import describe  # noqa: PLC0415 - see the module top

        items = raw.get(key)
        if not isinstance(items, list):
            if key in raw:
                self.add(key, f"expected a list, got {describe(items)}")
            return []
        kept = []
        for position, item in enumerate(items):
            structured = self.structure(item, f"{key}[{position}]", hook, type_)
            if structured is not None:
                kept.append((position, structured))
        return kept


def _file_positions(*collections: Sequence[tuple[int, object]]) -> dict[str, list[int]]:
    names = ("sources", "organizations", "partnerships")
    return {name: [position for position, _ in items] for name, items in zip(names, collections, strict=True)}


def _raw_ids(items: object) -> list[str | None]:
    """The id each record of a top-level list states, None where it states none as text."""
    if not isinstance(items, list):
        return []
    return [
        item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else None
        for item in items
    ]


def _stated_ids(items: object) -> frozenset[str]:
    return frozenset(id_ for id_ in _raw_ids(items) if id_ is not None)


def _duplicates_beside_failures(
    raw: dict[str, object], collection: str, kept: Sequence[tuple[int, object]]
) -> Iterator[Problem]:
    """Duplicate ids where one of the two records failed, which the integrity walk never sees."""
    kept_positions = {position for position, _ in kept}
    path_of = functools.partial(in_order, collection)
    for position, first, id_ in duplicate_positions(_raw_ids(raw.get(collection))):
        if not {first, position} <= kept_positions:
            finding = duplicate_finding(path_of, position, first, id_, collection.removesuffix("s"))
            yield Problem(finding.facts[0], finding.message)


def structure_dataset(raw: object, name: str) -> Dataset:
    """Turn parsed JSON or TOML data into a Dataset, or raise one DatasetError listing every problem."""
    from ustb_coop.io._converter import (  # noqa: PLC0415 - see the module top
        CONVERTER,
        describe,
        organizations_in_scope,
        structure_organization,
    )

    collector = _Collector()
    if not isinstance(raw, dict):
        raise DatasetError(name, (Problem("", f"expected a table at the top level, got {describe(raw)}"),))
    for key in raw:
        if key not in _TOP_LEVEL_KEYS:
            collector.add("", f"unknown key {key!r}; valid keys: {', '.join(_TOP_LEVEL_KEYS)}")
    for key in _TOP_LEVEL_KEYS:
        if key not in raw:
            collector.add(key, "required key missing")
    version = (
        collector.structure(raw.get("version"), "version", CONVERTER.get_structure_hook(str), str)
        if "version" in raw
        else None
    )
    as_of = (
        collector.structure(raw["as_of"], "as_of", CONVERTER.get_structure_hook(datetime.date), datetime.date)
        if "as_of" in raw
        else None
    )
    sources = collector.collection(raw, "sources", CONVERTER.get_structure_hook(Source), Source)
    organizations = collector.collection(raw, "organizations", structure_organization, Organization)
    known: dict[str, Organization] = {}
    for _, org in organizations:
        known.setdefault(org.id, org)
    invalid = _stated_ids(raw.get("organizations")) - known.keys()
    invalid_sources = _stated_ids(raw.get("sources")) - {source.id for _, source in sources}
    with organizations_in_scope(known, invalid):
        partnerships = collector.collection(
            raw, "partnerships", CONVERTER.get_structure_hook(Partnership), Partnership
        )
    dataset = Dataset(
        version=version or "",
        as_of=as_of or datetime.date.min,
        sources=tuple(item for _, item in sources),
        organizations=tuple(item for _, item in organizations),
        partnerships=tuple(item for _, item in partnerships),
    )
    positions = _file_positions(sources, organizations, partnerships)
    for collection, kept in (
        ("sources", sources),
        ("organizations", organizations),
        ("partnerships", partnerships),
    ):
        collector.problems += _duplicates_beside_failures(raw, collection, kept)
    # References to records that failed on their own are not reported again.
    for finding in integrity_issues(
        dataset,
        invalid_sources=invalid_sources,
        invalid_organizations=invalid,
        where=lambda collection, position: f"{collection}[{positions[collection][position]}]",
    ):
        collector.add(finding.facts[0], finding.message)
    if collector.problems:
        raise DatasetError(name, tuple(collector.problems))
    return dataset


def _reject_constant(token: str) -> object:
    msg = f"{token} is not a number this format accepts"
    raise ValueError(msg)


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    table: dict[str, object] = {}
    for key, value in pairs:
        if key in table:
            msg = f"duplicate key {key!r}"
            raise ValueError(msg)
        table[key] = value
    return table


def _parse(text: str, format: Format, name: str) -> object:  # noqa: A002 - the file format
    # A character is at most 4 bytes in UTF-8, so most texts need no encoding to be measured.
    size = len(text) if len(text) * 4 <= MAX_INPUT_BYTES else len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_INPUT_BYTES:
        problem = Problem("", f"input is {size:,} bytes as UTF-8; the limit is {MAX_INPUT_BYTES:,}")
        raise DatasetError(name, (problem,))
    try:
        if format == "json":
            return json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_reject_constant)
        return tomllib.loads(text)
    except json.JSONDecodeError as error:
        problem = Problem("", f"malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}")
    except tomllib.TOMLDecodeError as error:
        problem = Problem("", f"malformed TOML: {error}")
    except ValueError as error:  # a duplicate key, a NaN, or a number too long for int()
        problem = Problem("", f"malformed {format.upper()}: {error}")
    except RecursionError:
        problem = Problem("", "input is nested too deeply to be a dataset")
    raise DatasetError(name, (problem,))


def loads(text: str, format: Format = "json", *, name: str = "<string>") -> Dataset:  # noqa: A002
    """Read a dataset from JSON or TOML text.

    Args:
        text: The document.
        format: ``"json"`` or ``"toml"``.
        name: What to call the text in error messages.

    Raises:
        DatasetError: The text is malformed or breaks the schema; the message
            lists every problem as ``path: problem``.

    Example:
        >>> import ustb_coop as uc
        >>> uc.loads(uc.dumps(uc.load())) == uc.load()
        True
    """
    if not isinstance(text, str):
        msg = f"loads() takes text (str), got {type(text).__name__}"
        raise TypeError(msg)
    if format not in ("json", "toml"):
        msg = f"format must be 'json' or 'toml', got {format!r}"
        raise ValueError(msg)
    raw = _parse(text, format, name)
    try:
        return structure_dataset(raw, name)
    except RecursionError:
        raise DatasetError(name, (Problem("", "input is nested too deeply to be a dataset"),)) from None


_bundled: Dataset | None = None
_bundled_lock = threading.Lock()


def _load_bundled() -> Dataset:
    global _bundled  # noqa: PLW0603 - the one process-wide cache of the bundled data
    if _bundled is None:
        with _bundled_lock:
            if _bundled is None:
                from importlib import resources  # noqa: PLC0415 - see the module top

                text = resources.files("ustb_coop").joinpath("data", "ustb.toml").read_text(encoding="utf-8")
                _bundled = loads(text, "toml", name=BUNDLED_NAME)
    return _bundled


def load(path: str | os.PathLike[str] | None = None) -> Dataset:
    """Read a dataset file, or the bundled dataset when *path* is None.

    The bundled dataset is read on the first call and the same object is
    returned on every later call, from any thread. A user's file is read
    afresh each time and is never written to.

    Args:
        path: A ``.json`` or ``.toml`` file in the dataset schema.

    Raises:
        DatasetError: The file is malformed, too large or breaks the schema.
        FileNotFoundError: There is no such file.

    Example:
        >>> import ustb_coop as uc
        >>> uc.load() is uc.load()
        True
    """
    if path is None:
        return _load_bundled()
    from pathlib import Path  # noqa: PLC0415 - see the module top

    file = Path(path)
    name = str(file)
    # Open before judging the name, so a missing file is a FileNotFoundError whatever it is called.
    with file.open("rb") as stream:
        format = _FORMATS.get(file.suffix.lower())  # noqa: A001
        if format is None:
            problem = Problem("", f"unsupported file type {file.suffix!r}; use .json or .toml")
            raise DatasetError(name, (problem,))
        # Read one byte past the limit rather than trust the size a stat gives:
        # a pipe has none and a file may grow.
        data = stream.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        problem = Problem("", f"file has more bytes than allowed; the limit is {MAX_INPUT_BYTES:,}")
        raise DatasetError(name, (problem,))
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark is encoding, not content
    except UnicodeDecodeError as error:
        problem = Problem("", f"not UTF-8 text: undecodable byte at offset {error.start}")
        raise DatasetError(name, (problem,)) from None
    return loads(text, format, name=name)


def dumps(dataset: Dataset, *, indent: int | None = 2) -> str:
    """Write *dataset* as JSON text in the file schema; `loads` reads it back equal.

    Every key is present (None as null), in the model's attribute order, so
    the output is stable for other apps to read and diff.

    Raises:
        DatasetError: The dataset has duplicate ids, references that point
            nowhere, or partnerships holding organizations that differ from
            the listed ones (see `audit`): its JSON would not load back equal.
    """
    from ustb_coop.io._converter import CONVERTER  # noqa: PLC0415 - see the module top

    problems = tuple(Problem(finding.facts[0], finding.message) for finding in integrity_issues(dataset))
    if problems:
        raise DatasetError("dataset to dump", problems)

    data = {
        "version": dataset.version,
        "as_of": dataset.as_of.isoformat(),
        "sources": CONVERTER.unstructure(dataset.sources),
        "organizations": CONVERTER.unstructure(dataset.organizations),
        "partnerships": CONVERTER.unstructure(dataset.partnerships),
    }
    return json.dumps(data, ensure_ascii=False, indent=indent)
