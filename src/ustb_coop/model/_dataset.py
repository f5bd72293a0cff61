"""A dataset: the partnerships, with the organizations and sources they cite."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from operator import itemgetter
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol, TypeVar, overload

import attrs

from ustb_coop.exceptions import DatasetError, UnknownPartnershipError, quote
from ustb_coop.model._collector import paused
from ustb_coop.model._dates import PartialDate, order_key
from ustb_coop.model._display import render_html
from ustb_coop.model._integrity import integrity_problems
from ustb_coop.model._queries import as_day, is_active
from ustb_coop.model._records import (
    _COUNTRY,
    Activity,
    ActivityName,
    Organization,
    Partnership,
    PartnershipKind,
    PartnershipKindName,
    Source,
    member,
)
from ustb_coop.model._rules import Text, TupleOf, doc

if TYPE_CHECKING:
    from ustb_coop.model._timeline import TimelineEntry

_T = TypeVar("_T")

#: How many partnership ids the plain repr names before it counts the rest.
_REPR_IDS = 5
#: Up to this many partnerships, a missed lookup suggests the closest id; past it, the
#: miss costs no more than a hit plus a short message, whatever the dataset's size.
SUGGESTION_POOL = 100


def _calendar_day(_instance: object, attribute: attrs.Attribute[datetime.date], value: object) -> None:
    # A datetime is a date subclass, but the file format holds days only.
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        msg = f"{attribute.name} must be a datetime.date (not a datetime), got {value!r}"
        raise TypeError(msg)


#: What a Dataset built in code is called in the `DatasetError` its broken rules raise.
BUILT_IN_CODE = "<Dataset>"


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


_R = TypeVar("_R", bound=_Identified)


def _index(records: tuple[_R, ...]) -> Mapping[str, _R]:
    return MappingProxyType({record.id: record for record in records})


def _span(value: datetime.date | PartialDate) -> tuple[datetime.date, datetime.date]:
    if isinstance(value, PartialDate):
        return value.earliest, value.latest
    return as_day(value), as_day(value)


def _check_country(country: object) -> None:
    """Reject a country that could never match, rather than return nothing."""
    if country is not None and (not isinstance(country, str) or _COUNTRY.fullmatch(country) is None):
        msg = f"country must be an ISO 3166-1 alpha-2 code like 'DE', got {quote(country)}"
        raise ValueError(msg)


@attrs.frozen(kw_only=True)
class Dataset:
    """Partnerships with the organizations and sources they refer to; always consistent.

    Look a partnership up by id with ``dataset["rwth-aachen"]`` or
    `get`; iterating yields the partnerships, and ``in`` takes an id or a
    partnership.

    Every Dataset keeps its integrity rules, checked whenever one is built
    (by `load`, by hand or by `attrs.evolve`): ids are unique among sources,
    organizations and partnerships (and sections within a source), every
    citation names a source (and section) of the dataset, every organization
    a partnership or milestone names is listed, and a partnership's ``home``
    and ``partner`` are the listed records of their ids. A Dataset that
    would break one is not built: `DatasetError` lists every broken rule.

    Attributes:
        version: The dataset's own version.
        as_of: The day its facts are current to.
        sources: The documents and records cited.
        organizations: Every organization that partnerships or milestones name.
        partnerships: The partnerships, in file order.
    """

    version: str = attrs.field(validator=Text(), metadata=doc("The dataset's own version."))
    as_of: datetime.date = attrs.field(
        validator=_calendar_day, metadata=doc("The day its facts are current to.")
    )
    sources: tuple[Source, ...] = attrs.field(
        default=(), validator=TupleOf(Source), metadata=doc("The documents and records cited.")
    )
    organizations: tuple[Organization, ...] = attrs.field(
        default=(),
        validator=TupleOf(Organization),
        metadata=doc("Every organization that partnerships or milestones name."),
    )
    partnerships: tuple[Partnership, ...] = attrs.field(
        default=(), validator=TupleOf(Partnership), metadata=doc("The partnerships, in file order.")
    )
    # Set once the fields are valid (see __attrs_post_init__); ids are unique, so no record is lost.
    _by_id: Mapping[str, Partnership] = attrs.field(init=False, eq=False, repr=False)
    _ids: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False)
    _organizations_by_id: Mapping[str, Organization] = attrs.field(init=False, eq=False, repr=False)
    _sources_by_id: Mapping[str, Source] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        problems = integrity_problems(
            tuple(enumerate(self.sources)),
            tuple(enumerate(self.organizations)),
            tuple(enumerate(self.partnerships)),
        )
        if problems:
            raise DatasetError(BUILT_IN_CODE, tuple(problems))
        object.__setattr__(self, "_by_id", _index(self.partnerships))
        object.__setattr__(self, "_ids", tuple(self._by_id))
        object.__setattr__(self, "_organizations_by_id", _index(self.organizations))
        object.__setattr__(self, "_sources_by_id", _index(self.sources))

    @property
    def ids(self) -> tuple[str, ...]:
        """The partnership ids, in file order."""
        return self._ids

    def __getitem__(self, id: str) -> Partnership:  # noqa: A002 - the partnership's id
        """The partnership with *id*.

        Raises:
            UnknownPartnershipError: There is none. In a dataset of up to
                `SUGGESTION_POOL` partnerships it suggests the closest id;
                in a larger one it suggests none, so a miss stays as cheap
                as a hit.
        """
        try:
            return self._by_id[id]
        except KeyError:
            raise UnknownPartnershipError(id, self._ids, self._suggestion(id)) from None

    def _suggestion(self, id: str) -> str | None:  # noqa: A002 - the partnership's id
        if len(self._ids) > SUGGESTION_POOL:
            return None
        import difflib  # noqa: PLC0415 - only a miss needs it; keeps the import cheap

        folded = {known.casefold(): known for known in self._ids}
        close = difflib.get_close_matches(str(id).casefold(), folded, n=1, cutoff=0.4)
        return folded[close[0]] if close else None

    @overload
    def get(self, id: str) -> Partnership | None: ...
    @overload
    def get(self, id: str, default: _T) -> Partnership | _T: ...
    def get(self, id: str, default: object = None) -> object:  # noqa: A002
        """The partnership with *id*, or *default* when there is none."""
        return self._by_id.get(id, default)

    def __contains__(self, item: object) -> bool:
        """Whether *item*, an id or a Partnership, is in the dataset."""
        if isinstance(item, Partnership):
            return self._by_id.get(item.id) == item
        return item in self._by_id

    def __iter__(self) -> Iterator[Partnership]:
        return iter(self.partnerships)

    def __len__(self) -> int:
        return len(self.partnerships)

    def __repr__(self) -> str:
        shown = ", ".join(self.ids[:_REPR_IDS]) or "no partnerships"
        if len(self.ids) > _REPR_IDS:
            shown += f" and {len(self.ids) - _REPR_IDS} more"
        return f"<Dataset {self.version} as of {self.as_of}: {shown}>"

    def _repr_html_(self) -> str:
        """A table of the partnerships, for Jupyter's rich display."""
        return render_html(self)

    def organization(self, id: str) -> Organization | None:  # noqa: A002
        """The organization with *id*, or None when there is none."""
        return self._organizations_by_id.get(id)

    def source(self, id: str) -> Source | None:  # noqa: A002
        """The source with *id*, or None when there is none."""
        return self._sources_by_id.get(id)

    def filter(
        self,
        *,
        country: str | None = None,
        kind: PartnershipKind | PartnershipKindName | None = None,
        activity: Activity | ActivityName | None = None,
        field: str | None = None,
        active_on: datetime.date | PartialDate | None = None,
    ) -> Dataset:
        """A dataset with only the partnerships that match every criterion given.

        Args:
            country: The partner's ISO 3166-1 alpha-2 code ("DE").
            kind: Academic or industry: a `PartnershipKind` or its file string ("academic").
            activity: An activity the partnership carries out: an `Activity` or its
                file string ("student_exchange").
            field: A research field, compared without regard to case.
            active_on: A day (or a year or month, every day of it) on which the
                sources show the partnership running, as `is_active` reads them.

        Returns:
            A new Dataset with the same sources and organizations.

        Raises:
            ValueError: A criterion could never match: a country that is no
                two-letter code, text that names no kind or activity.
            TypeError: A kind or activity that is neither a member nor text.

        Example:
            >>> import ustb_coop as uc
            >>> uc.load().filter(kind="industry").ids
            ('tata-steel',)
        """
        _check_country(country)
        kind = None if kind is None else member(PartnershipKind, kind, "kind")
        activity = None if activity is None else member(Activity, activity, "activity")
        wanted_field = None if field is None else field.casefold()

        def matches(partnership: Partnership) -> bool:
            return (
                (country is None or partnership.partner.country == country)
                and (kind is None or partnership.kind is kind)
                and (activity is None or activity in partnership.activities)
                and (wanted_field is None or wanted_field in (f.casefold() for f in partnership.fields))
                and (active_on is None or is_active(partnership, active_on))
            )

        return self._keeping(tuple(p for p in self.partnerships if matches(p)))

    def _keeping(self, partnerships: tuple[Partnership, ...]) -> Dataset:
        """What ``attrs.evolve(self, partnerships=partnerships)`` builds, for some of this dataset's own.

        *partnerships* must be some of `partnerships`, in their order. Every
        integrity rule holds for them as it does for all of them: their ids
        stay unique, and the sources and organizations they cite and name are
        the same records. So neither the rules nor the indexes of the
        organizations and sources are redone: the result shares this
        dataset's, and only the partnerships are indexed again. A subclass,
        whose own checks this cannot know, is built by `attrs.evolve`.
        """
        if self.__class__ is not Dataset:
            return attrs.evolve(self, partnerships=partnerships)
        subset = object.__new__(Dataset)
        for field in attrs.fields(Dataset):
            object.__setattr__(subset, field.name, getattr(self, field.name))
        by_id = _index(partnerships)
        object.__setattr__(subset, "partnerships", partnerships)
        object.__setattr__(subset, "_by_id", by_id)
        object.__setattr__(subset, "_ids", tuple(by_id))
        return subset

    def timeline(
        self,
        start: datetime.date | PartialDate | None = None,
        end: datetime.date | PartialDate | None = None,
    ) -> tuple[TimelineEntry, ...]:
        """Every dated milestone across partnerships, oldest first.

        A milestone is kept when its date's span overlaps ``start .. end``
        (both inclusive, either open when None). Ties keep file order.
        """
        # Made on first use: the first answer needs no timeline (docs/performance.md, "Startup").
        from ustb_coop.model._timeline import TimelineEntry  # noqa: PLC0415

        low = None if start is None else _span(start)[0]
        high = None if end is None else _span(end)[1]
        # Each date's key once, not two dates rebuilt per comparison; a stable sort keeps ties in file order.
        keyed = []
        with paused():  # many small objects, no cycles: see `paused`
            for partnership in self.partnerships:
                for milestone in partnership.milestones:
                    on = milestone.on
                    if on is None:
                        continue
                    key = order_key(on)
                    if (low is None or key[1] >= low) and (high is None or key[0] <= high):
                        keyed.append((key, partnership, milestone))
            keyed.sort(key=itemgetter(0))
            return tuple(
                TimelineEntry(partnership=partnership, milestone=milestone)
                for _, partnership, milestone in keyed
            )
