"""HTML views of datasets and partnerships, for Jupyter's rich display.

The models' ``_repr_html_`` methods reach `render` through the hook in
``ustb_coop.model._display``, which the package root installs; this module
is imported only when a notebook first shows a record, so ``import
ustb_coop`` stays lean. Every
piece of text is escaped; the markup is plain tables with no styles or
scripts, so it renders the same in JupyterLab, VS Code and on GitHub.
"""

from __future__ import annotations

import enum
import html
from collections.abc import Iterable, Sequence

from ustb_coop.model._dataset import Dataset
from ustb_coop.model._dates import PartialDate
from ustb_coop.model._quantities import Quantity
from ustb_coop.model._queries import exchange_balance
from ustb_coop.model._records import Milestone, Organization, Partnership

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


def _span(started: PartialDate, ended: PartialDate | None) -> str:
    return f"since {started}" if ended is None else f"{started} to {ended}"


def _balance(partnership: Partnership) -> str | None:
    """The student exchange in one phrase: "over 400 out, over 200 in, net +200 (indicative)"."""
    balance = exchange_balance(partnership)
    if balance is None:
        return None
    text = f"{balance.outbound} out, {balance.inbound} in, net {balance.net:+d}"
    return text if balance.exact else f"{text} (indicative)"


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
    caption = f"Dataset {dataset.version} as of {dataset.as_of}: {count}"
    rows = (
        (
            partnership.id,
            partnership.partner.name,
            partnership.partner.country,
            _label(partnership.kind),
            partnership.started,
            len(partnership.milestones),
            _balance(partnership),
        )
        for partnership in dataset
    )
    headers = ("id", "partner", "country", "kind", "started", "milestones", "balance")
    return f'<div class="ustb-coop">{_table(headers, rows, caption)}</div>'


def _milestone_row(milestone: Milestone) -> tuple[object, ...]:
    return (
        milestone.on,
        _label(milestone.kind),
        milestone.title,
        _quantity(milestone.count),
        milestone.actor,
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
            f"{_label(partnership.kind)}, {_span(partnership.started, partnership.ended)}"
        )
        + f" <code>{html.escape(partnership.id)}</code></p>",
    ]
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
                ("name", "frequency", "first", "times held"),
                (
                    (program.name, _label(program.frequency), program.first, _quantity(program.times_held))
                    for program in partnership.programs
                ),
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
