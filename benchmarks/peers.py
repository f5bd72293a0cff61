"""The same file schema as pydantic v2 models and msgspec structs, the peers `benchmarks.run` times.

Both peers take the JSON form `ustb_coop.dumps` writes and `benchmarks.generate`
makes: the same enums (ustb-coop's own), partial dates and days as strings
validated by pattern, whole numbers with the same bounds (booleans refused),
non-empty text as ustb-coop means it (a character outside its whitespace set),
the same required and optional keys, and unknown keys refused. They do not
check what needs more than one field or the whole document (a program's
first-date precision, an end before a start, dangling references, duplicate
ids), so they do less work than ``ustb_coop.loads``, never more.

`check` proves each peer accepts the generated datasets and rejects a few of
the malformed inputs of ``tests/malformed_cases.py`` before anything is timed.

Needs the ``bench`` extra: ``pip install -e '.[bench]'``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import msgspec
import pydantic

import ustb_coop as uc
from ustb_coop.model._quantities import MAX_VALUE
from ustb_coop.model._records import YEARS

# ustb-coop's whitespace set (`ustb_coop.model._rules.WHITESPACE`), as the JSON Schema export writes it.
_BLANK = r"\u0009-\u000d\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028-\u2029\u202f\u205f\u3000\ufeff"
_NONBLANK = f"[^{_BLANK}]"
_YEAR = r"(?:000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})"
_MONTH = r"(?:0[1-9]|1[0-2])"
_DAY = r"(?:0[1-9]|[12][0-9]|3[01])"
_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
# A field name: non-empty text without ';', the separator of table exports.
_FIELD = f"(?:[{_BLANK}]*[^{_BLANK};])+[{_BLANK}]*"
# Rust's regex (pydantic) ends a match with `$`; Python's re (msgspec) needs `\Z` to refuse a final newline.
_WHOLE = {"pydantic": "^(?:{})$", "msgspec": r"^(?:{})\Z"}
_SHAPES = {
    "slug": _SLUG,
    "country": "[A-Z]{2}",
    "partial_date": f"{_YEAR}(?:-{_MONTH}(?:-{_DAY})?)?",
    "day": f"{_YEAR}-{_MONTH}-{_DAY}",
    "field": _FIELD,
}


def _pattern(engine: str, shape: str) -> str:
    return _WHOLE[engine].format(_SHAPES[shape])


def _pydantic_types() -> dict[str, Any]:
    def text(shape: str | None) -> Any:
        pattern = _NONBLANK if shape is None else _pattern("pydantic", shape)
        return Annotated[str, pydantic.StringConstraints(pattern=pattern)]

    return {
        "Text": text(None),
        "Slug": text("slug"),
        "Country": text("country"),
        "PartialDate": text("partial_date"),
        "Day": text("day"),
        "FieldName": text("field"),
        "Year": Annotated[int, pydantic.Field(ge=YEARS[0], le=YEARS[1])],
        "GeonamesId": Annotated[int, pydantic.Field(ge=1, le=MAX_VALUE)],
        "Figure": Annotated[int, pydantic.Field(ge=0, le=MAX_VALUE)],
    }


class _Strict(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(strict=True, extra="forbid", frozen=True)


_P = _pydantic_types()
PText, PSlug, PCountry, PDate, PDay, PField = (
    _P["Text"],
    _P["Slug"],
    _P["Country"],
    _P["PartialDate"],
    _P["Day"],
    _P["FieldName"],
)
PYear, PGeonames, PFigure = _P["Year"], _P["GeonamesId"], _P["Figure"]


class PCitation(_Strict):
    """A citation, as pydantic sees it."""

    source: PSlug  # type: ignore[valid-type]
    section: PText | None = None  # type: ignore[valid-type]


class PSection(_Strict):
    """A section of a source."""

    id: PText  # type: ignore[valid-type]
    title: PText  # type: ignore[valid-type]


class PSource(_Strict):
    """A source."""

    id: PSlug  # type: ignore[valid-type]
    title: PText  # type: ignore[valid-type]
    publisher: PText | None = None  # type: ignore[valid-type]
    published: PDate | None = None  # type: ignore[valid-type]
    url: PText | None = None  # type: ignore[valid-type]
    sections: tuple[PSection, ...] = ()


class PLocalizedName(_Strict):
    """A name in a language."""

    text: PText  # type: ignore[valid-type]
    language: PText | None = None  # type: ignore[valid-type]


class PCity(_Strict):
    """A city."""

    name: PText  # type: ignore[valid-type]
    geonames_id: PGeonames | None = None  # type: ignore[valid-type]


class PIdentifier(_Strict):
    """An id in an outside registry."""

    scheme: uc.IdentifierScheme
    value: PText  # type: ignore[valid-type]
    citation: PCitation


class POrganization(_Strict):
    """An organization."""

    id: PSlug  # type: ignore[valid-type]
    name: PText  # type: ignore[valid-type]
    kind: uc.OrganizationKind
    short_name: PText | None = None  # type: ignore[valid-type]
    other_names: tuple[PLocalizedName, ...] = ()
    country: PCountry | None = None  # type: ignore[valid-type]
    city: PCity | None = None
    established: PYear | None = None  # type: ignore[valid-type]
    identifiers: tuple[PIdentifier, ...] = ()
    citations: tuple[PCitation, ...] = ()


class PQuantity(_Strict):
    """A figure, possibly a bound."""

    value: PFigure  # type: ignore[valid-type]
    qualifier: uc.Qualifier = uc.Qualifier.EXACT
    as_stated: PText | None = None  # type: ignore[valid-type]


class PMilestone(_Strict):
    """An event."""

    kind: uc.MilestoneKind
    title: PText  # type: ignore[valid-type]
    citation: PCitation
    on: PDate | None = None  # type: ignore[valid-type]
    count: PQuantity | None = None
    actor: PSlug | None = None  # type: ignore[valid-type]
    description: PText | None = None  # type: ignore[valid-type]


class PMetric(_Strict):
    """A reported figure."""

    kind: uc.MetricKind
    value: PQuantity
    as_of: PDate  # type: ignore[valid-type]
    citation: PCitation
    note: PText | None = None  # type: ignore[valid-type]


class PProgram(_Strict):
    """A recurring activity."""

    name: PText  # type: ignore[valid-type]
    frequency: uc.Frequency
    citation: PCitation
    first: PDate | None = None  # type: ignore[valid-type]
    times_held: PQuantity | None = None
    as_of: PDate | None = None  # type: ignore[valid-type]
    description: PText | None = None  # type: ignore[valid-type]


class PPartnership(_Strict):
    """A partnership, naming its organizations by id."""

    id: PSlug  # type: ignore[valid-type]
    home: PSlug  # type: ignore[valid-type]
    partner: PSlug  # type: ignore[valid-type]
    kind: uc.PartnershipKind
    started: PDate  # type: ignore[valid-type]
    citations: tuple[PCitation, ...] = ()
    ended: PDate | None = None  # type: ignore[valid-type]
    confirmed: PDate | None = None  # type: ignore[valid-type]
    activities: tuple[uc.Activity, ...] = ()
    fields: tuple[PField, ...] = ()  # type: ignore[valid-type]
    milestones: tuple[PMilestone, ...] = ()
    metrics: tuple[PMetric, ...] = ()
    programs: tuple[PProgram, ...] = ()
    summary: PText | None = None  # type: ignore[valid-type]


class PDataset(_Strict):
    """A dataset file."""

    version: str
    as_of: PDay  # type: ignore[valid-type]
    sources: tuple[PSource, ...]
    organizations: tuple[POrganization, ...]
    partnerships: tuple[PPartnership, ...]


def _text(shape: str | None = None) -> Any:
    pattern = _NONBLANK if shape is None else _pattern("msgspec", shape)
    return Annotated[str, msgspec.Meta(pattern=pattern)]


MText, MSlug, MCountry, MDate, MDay, MField = (
    _text(),
    _text("slug"),
    _text("country"),
    _text("partial_date"),
    _text("day"),
    _text("field"),
)
MYear = Annotated[int, msgspec.Meta(ge=YEARS[0], le=YEARS[1])]
MGeonames = Annotated[int, msgspec.Meta(ge=1, le=MAX_VALUE)]
MFigure = Annotated[int, msgspec.Meta(ge=0, le=MAX_VALUE)]


class _Struct(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A struct that refuses unknown keys."""


class MCitation(_Struct):
    """A citation, as msgspec sees it."""

    source: MSlug  # type: ignore[valid-type]
    section: MText | None = None  # type: ignore[valid-type]


class MSection(_Struct):
    """A section of a source."""

    id: MText  # type: ignore[valid-type]
    title: MText  # type: ignore[valid-type]


class MSource(_Struct):
    """A source."""

    id: MSlug  # type: ignore[valid-type]
    title: MText  # type: ignore[valid-type]
    publisher: MText | None = None  # type: ignore[valid-type]
    published: MDate | None = None  # type: ignore[valid-type]
    url: MText | None = None  # type: ignore[valid-type]
    sections: tuple[MSection, ...] = ()


class MLocalizedName(_Struct):
    """A name in a language."""

    text: MText  # type: ignore[valid-type]
    language: MText | None = None  # type: ignore[valid-type]


class MCity(_Struct):
    """A city."""

    name: MText  # type: ignore[valid-type]
    geonames_id: MGeonames | None = None


class MIdentifier(_Struct):
    """An id in an outside registry."""

    scheme: uc.IdentifierScheme
    value: MText  # type: ignore[valid-type]
    citation: MCitation


class MOrganization(_Struct):
    """An organization."""

    id: MSlug  # type: ignore[valid-type]
    name: MText  # type: ignore[valid-type]
    kind: uc.OrganizationKind
    short_name: MText | None = None  # type: ignore[valid-type]
    other_names: tuple[MLocalizedName, ...] = ()
    country: MCountry | None = None  # type: ignore[valid-type]
    city: MCity | None = None
    established: MYear | None = None
    identifiers: tuple[MIdentifier, ...] = ()
    citations: tuple[MCitation, ...] = ()


class MQuantity(_Struct):
    """A figure, possibly a bound."""

    value: MFigure
    qualifier: uc.Qualifier = uc.Qualifier.EXACT
    as_stated: MText | None = None  # type: ignore[valid-type]


class MMilestone(_Struct):
    """An event."""

    kind: uc.MilestoneKind
    title: MText  # type: ignore[valid-type]
    citation: MCitation
    on: MDate | None = None  # type: ignore[valid-type]
    count: MQuantity | None = None
    actor: MSlug | None = None  # type: ignore[valid-type]
    description: MText | None = None  # type: ignore[valid-type]


class MMetric(_Struct):
    """A reported figure."""

    kind: uc.MetricKind
    value: MQuantity
    as_of: MDate  # type: ignore[valid-type]
    citation: MCitation
    note: MText | None = None  # type: ignore[valid-type]


class MProgram(_Struct):
    """A recurring activity."""

    name: MText  # type: ignore[valid-type]
    frequency: uc.Frequency
    citation: MCitation
    first: MDate | None = None  # type: ignore[valid-type]
    times_held: MQuantity | None = None
    as_of: MDate | None = None  # type: ignore[valid-type]
    description: MText | None = None  # type: ignore[valid-type]


class MPartnership(_Struct):
    """A partnership, naming its organizations by id."""

    id: MSlug  # type: ignore[valid-type]
    home: MSlug  # type: ignore[valid-type]
    partner: MSlug  # type: ignore[valid-type]
    kind: uc.PartnershipKind
    started: MDate  # type: ignore[valid-type]
    citations: tuple[MCitation, ...] = ()
    ended: MDate | None = None  # type: ignore[valid-type]
    confirmed: MDate | None = None  # type: ignore[valid-type]
    activities: tuple[uc.Activity, ...] = ()
    fields: tuple[MField, ...] = ()  # type: ignore[valid-type]
    milestones: tuple[MMilestone, ...] = ()
    metrics: tuple[MMetric, ...] = ()
    programs: tuple[MProgram, ...] = ()
    summary: MText | None = None  # type: ignore[valid-type]


class MDataset(_Struct):
    """A dataset file."""

    version: str
    as_of: MDay  # type: ignore[valid-type]
    sources: tuple[MSource, ...]
    organizations: tuple[MOrganization, ...]
    partnerships: tuple[MPartnership, ...]


_MSGSPEC_DECODER = msgspec.json.Decoder(MDataset)
_MSGSPEC_ENCODER = msgspec.json.Encoder()
_PYDANTIC = pydantic.TypeAdapter(PDataset)

#: What a peer does with JSON text: parse and validate it into its objects.
Decode = Callable[[str], object]


def pydantic_loads(text: str) -> PDataset:
    """*text* validated by pydantic v2 (`validate_json`)."""
    return _PYDANTIC.validate_json(text)


def msgspec_loads(text: str) -> MDataset:
    """*text* decoded and validated by msgspec."""
    return _MSGSPEC_DECODER.decode(text)


def pydantic_dumps(dataset: PDataset, *, indent: int | None = 2) -> str:
    """*dataset* as JSON text, by pydantic (`model_dump_json`)."""
    return dataset.model_dump_json(indent=indent)


def msgspec_dumps(dataset: MDataset, *, indent: int | None = 2) -> str:
    """*dataset* as JSON text, by msgspec (indented with `msgspec.json.format`)."""
    data = _MSGSPEC_ENCODER.encode(dataset)
    return (data if indent is None else msgspec.json.format(data, indent=indent)).decode()


#: The peers, by name: how each reads JSON text.
LOADERS: dict[str, Decode] = {"pydantic": pydantic_loads, "msgspec": msgspec_loads}


def _rejects(decode: Decode, text: str) -> bool:
    try:
        decode(text)
    except (pydantic.ValidationError, msgspec.ValidationError, msgspec.DecodeError):
        return True
    return False


def check(valid_texts: list[str], malformed_texts: list[str]) -> None:
    """Make sure each peer accepts every valid text and rejects every malformed one.

    Raises:
        AssertionError: A peer accepts or rejects the wrong input; it would not be a fair peer.
    """
    for name, decode in LOADERS.items():
        for number, text in enumerate(valid_texts):
            if _rejects(decode, text):
                msg = f"{name} rejects valid input {number}"
                raise AssertionError(msg)
        for number, text in enumerate(malformed_texts):
            if not _rejects(decode, text):
                msg = f"{name} accepts malformed input {number}"
                raise AssertionError(msg)


def malformed_samples() -> list[str]:
    """The malformed inputs of ``tests/malformed_cases.py`` that a JSON schema can reject.

    Types, keys, enums, patterns and bounds; not what needs several fields
    or the whole document, which neither peer checks.
    """
    from tests import malformed_cases  # noqa: PLC0415 - the test table, needed only to check the peers

    return [
        malformed_cases.build(case)
        for case in malformed_cases.CASES
        if case.schema_expressible and case.format == "json"
    ]
