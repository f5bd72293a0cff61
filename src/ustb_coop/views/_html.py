"""HTML views of datasets and partnerships, for Jupyter's rich display.

The models' ``_repr_html_`` methods reach `render` through the hook in
``ustb_coop.model._display``, which the package root installs; this module
is imported only when a notebook first shows a record, so ``import
ustb_coop`` stays lean. Every
piece of text is escaped; the markup is plain tables with no styles or
scripts, so it renders the same in JupyterLab, VS Code and on GitHub.
"""

from __future__ import annotations

import datetime
import enum
import html
from collections.abc import Iterable, Sequence

from ustb_coop.model._balance import exchange_balance
from ustb_coop.model._dataset import Dataset
from ustb_coop.model._dates import PartialDate
from ustb_coop.model._occurrences import listed_occurrences
from ustb_coop.model._quantities import Quantity
from ustb_coop.model._queries import confirmed_only_to, years_active
from ustb_coop.model._records import Milestone, Organization, Partnership, Program

#: What an empty cell shows, as markup.
_NOTHING = "&mdash;"


def _cell(value: object) -> str:
    """The escaped text of *value*, or a dash for None."""
    return _NOTHING if value is None else html.escape(str(value))


def _table(headers: Sequence[str], rows: Iterable[Sequence[object]], caption: str | None = None) -> str:
    head = "".join(f"<th>{html.escape(header)}</th>" for header in headers)
    body = "".join("<tr>" + "".join(f"<td>{_cell(value)}</td>" for value in row) + "</tr>" for row in rows)
    title = "" if caption is None else f"<caption>{html.escape(caption)}</caption>"
    return f"<table>{title}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _name(organization: Organization) -> str:
    return organization.short_name or organization.name


def _span(partnership: Partnership) -> str:
    """The span in words: "since 1979, no end reported, confirmed running on 2020-10-22"."""
    if partnership.ended is not None:
        return f"{partnership.started} to {partnership.ended}"
    confirmed = "" if partnership.confirmed is None else f", confirmed running on {partnership.confirmed}"
    return f"since {partnership.started}, no end reported{confirmed}"


def _years(partnership: Partnership, as_of: datetime.date | PartialDate) -> str:
    """Years active in words ("40–41 years active to 2020-10-22"), noting a count past the confirmed day."""
    text = f"{years_active(partnership, as_of)} years active to {as_of}"
    beyond = confirmed_only_to(partnership, as_of)
    return text if beyond is None else f"{text}, confirmed only to {beyond}"


def _balance(partnership: Partnership) -> str | None:
    """The student exchange in one phrase, as `ExchangeBalance` words it."""
    balance = exchange_balance(partnership)
    return None if balance is None else str(balance)


def _quantity(value: Quantity | None) -> str | None:
    return None if value is None else str(value)


def _label(member: enum.Enum) -> str:
    """An enum member's value as words: "agreement_signed" reads "agreement signed"."""
    return str(member.value).replace("_", " ")


def dataset_html(dataset: Dataset) -> str:
    """A compact table of *dataset*'s partnerships, one row each.

    Example:
        >>> import ustb_coop as uc
        >>> "<td>rwth-aachen</td>" in dataset_html(uc.load())
        True
    """
    count = f"{len(dataset)} partnership{'' if len(dataset) == 1 else 's'}"
    caption = f"Dataset {dataset.version} as of {dataset.as_of}: {count}; years active counted to that day"
    rows = (
        (
            partnership.id,
            partnership.partner.name,
            partnership.partner.country,
            _label(partnership.kind),
            partnership.started,
            partnership.ended if partnership.ended is not None else "none reported",
            partnership.confirmed,
            _years_cell(partnership, dataset.as_of),
            len(partnership.milestones),
            _balance(partnership),
        )
        for partnership in dataset
    )
    headers = (
        "id",
        "partner",
        "country",
        "kind",
        "started",
        "ended",
        "confirmed",
        "years active",
        "milestones",
        "balance",
    )
    return f'<div class="ustb-coop">{_table(headers, rows, caption)}</div>'


def _years_cell(partnership: Partnership, as_of: datetime.date) -> str:
    """The interval of years active, with the day it is confirmed only to when the count passes it."""
    text = str(years_active(partnership, as_of))
    beyond = confirmed_only_to(partnership, as_of)
    return text if beyond is None else f"{text} (confirmed only to {beyond})"


def _milestone_row(milestone: Milestone) -> tuple[object, ...]:
    return (
        milestone.on,
        _label(milestone.kind),
        milestone.title,
        _quantity(milestone.count),
        milestone.actor,
    )


def _dates(dates: tuple[PartialDate, ...], truncated: bool) -> str | None:
    if not dates:
        return None
    return ", ".join(str(on) for on in dates) + (", ..." if truncated else "")


def _program_row(program: Program) -> tuple[object, ...]:
    """Name, frequency, first, count and its day, then the occurrences reported and those only implied."""
    reported, implied, truncated = listed_occurrences(program)
    return (
        program.name,
        _label(program.frequency),
        program.first,
        _quantity(program.times_held),
        program.as_of,
        _dates(reported, truncated and not implied),
        _dates(implied, truncated),
    )


def partnership_html(partnership: Partnership) -> str:
    """A header naming both sides, then tables of milestones, figures and programs.

    A table is left out when the partnership has nothing to put in it.

    Example:
        >>> import ustb_coop as uc
        >>> "USTB &ndash; RWTH" in partnership_html(uc.load()["rwth-aachen"])
        True
    """
    parts = [
        f"<h4>{html.escape(_name(partnership.home))} &ndash; {html.escape(_name(partnership.partner))}</h4>",
        "<p>"
        + html.escape(
            f"{partnership.home.name} and {partnership.partner.name}: "
            f"{_label(partnership.kind)}, {_span(partnership)}"
        )
        + f" <code>{html.escape(partnership.id)}</code></p>",
    ]
    # Counted to the last day the facts reach: nothing after it is known.
    horizon = partnership.ended or partnership.confirmed
    if horizon is not None:
        parts.append(f"<p>{html.escape(_years(partnership, horizon))}</p>")
    if partnership.milestones:
        parts.append(
            _table(
                ("date", "kind", "title", "count", "actor"),
                (_milestone_row(milestone) for milestone in partnership.milestones),
                "Milestones",
            )
        )
    if partnership.metrics:
        parts.append(
            _table(
                ("kind", "figure", "as of", "note"),
                (
                    (_label(metric.kind), metric.value, metric.as_of, metric.note)
                    for metric in partnership.metrics
                ),
                "Figures",
            )
        )
    balance = _balance(partnership)
    if balance is not None:
        parts.append(f"<p>Student exchange: {html.escape(balance)}</p>")
    if partnership.programs:
        parts.append(
            _table(
                (
                    "name",
                    "frequency",
                    "first",
                    "times held",
                    "count as of",
                    "occurrences",
                    "implied, not reported",
                ),
                (_program_row(program) for program in partnership.programs),
                "Programs",
            )
        )
    return '<div class="ustb-coop">' + "".join(parts) + "</div>"


def render(record: object) -> str:
    """The HTML of a `Dataset` or `Partnership`; the renderer the package root installs.

    Raises:
        TypeError: *record* is neither.
    """
    if isinstance(record, Dataset):
        return dataset_html(record)
    if isinstance(record, Partnership):
        return partnership_html(record)
    msg = f"no HTML view of {type(record).__name__}; views render a Dataset or a Partnership"
    raise TypeError(msg)
