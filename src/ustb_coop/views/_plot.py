"""A timeline chart of a dataset's partnerships, drawn with matplotlib.

matplotlib is an optional extra (``pip install 'ustb-coop[plot]'``): it is
imported when `plot_timeline` is called, never when ``ustb_coop`` is.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Final

from ustb_coop.model._dataset import Dataset
from ustb_coop.model._queries import known_running_until
from ustb_coop.model._records import Milestone, Partnership

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: Heights in y units: the bar, the rise from the bar to the first label,
#: one label line, and the space between two partnerships.
_BAR: Final = 0.5
_FIRST_LABEL: Final = 0.8
_LINE: Final = 0.6
_GAP: Final = 0.7
#: The figure's size when plot_timeline makes one: inches wide, and inches per y unit.
_WIDTH: Final = 11.0
_INCHES_PER_UNIT: Final = 0.3
#: Room left and right of the spans, in years.
_MARGIN: Final = 1.0
#: How far a label stands off its leader line, in points.
_OFFSET: Final = 4.0
#: How far the legend sits below the axes, in points: past the tick labels and the axis label.
_LEGEND_DROP: Final = 32.0
#: The legend's names of the two kinds of bar.
_KNOWN: Final = "shown running by the sources"
_POSSIBLE: Final = "possible, not confirmed"


def _year(day: datetime.date) -> float:
    """*day* as a decimal year (2014-07-02 is about 2014.5), the x axis of the chart."""
    first = datetime.date(day.year, 1, 1)
    length = (
        datetime.date(day.year + 1, 1, 1) - first if day.year < datetime.MAXYEAR else datetime.timedelta(365)
    )
    return day.year + (day - first) / length


def _ends(partnership: Partnership, as_of: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Where the known span stops, and where the possible span stops.

    The known span runs from the latest day the start may mean to the last
    day the sources show the partnership running (`confirmed`, or the end);
    the possible span from the earliest start to the end's last day, or to
    *as_of* when no end is reported.
    """
    known = max(known_running_until(partnership), partnership.started.latest)
    possible = as_of if partnership.ended is None else partnership.ended.latest
    return known, max(possible, known)


def _bars(
    ax: Axes, y: float, partnership: Partnership, known: datetime.date, possible: datetime.date
) -> None:
    """The solid known span and, beside it, the hatched possible parts, side by side, never overlapping."""
    start, certain, end = partnership.started.earliest, partnership.started.latest, known
    pieces = [(start, certain, _POSSIBLE), (certain, end, _KNOWN), (end, possible, _POSSIBLE)]
    if known <= certain:  # nothing is known beyond the start: all of it is possible only
        pieces = [(start, possible, _POSSIBLE)]
    for left, right, kind in pieces:
        if right <= left:
            continue
        style: dict[str, object] = (
            {"color": "tab:blue", "alpha": 0.35}
            if kind == _KNOWN
            else {"facecolor": "none", "edgecolor": "tab:blue", "hatch": "///", "linewidth": 0, "alpha": 0.5}
        )
        ax.barh(y, _year(right) - _year(left), left=_year(left), height=_BAR, label=kind, **style)  # type: ignore[arg-type]


def _dated(partnership: Partnership) -> list[tuple[float, Milestone]]:
    """The dated milestones at their earliest day, oldest first."""
    dated = [(_year(m.on.earliest), m) for m in partnership.milestones if m.on is not None]
    return sorted(dated, key=lambda pair: pair[0])


def _height(dated: list[tuple[float, Milestone]]) -> float:
    """The y units a partnership takes: its bar and its stack of labels."""
    return _BAR / 2 + (_FIRST_LABEL + (len(dated) - 1) * _LINE if dated else _BAR / 2)


def _title(dataset: Dataset, as_of: datetime.date) -> str:
    drawn_to = "" if as_of == dataset.as_of else f", drawn to {as_of}"
    homes = {partnership.home.id: partnership.home for partnership in dataset}
    if len(homes) == 1:
        (home,) = homes.values()
        return f"Partnerships of {home.short_name or home.name}, as of {dataset.as_of}{drawn_to}"
    return f"Partnerships as of {dataset.as_of}{drawn_to}"


def plot_timeline(dataset: Dataset, ax: Axes | None = None, as_of: datetime.date | None = None) -> Axes:
    """Draw each partnership as a span in time, with its dated milestones.

    Each partnership is a solid bar over the days the sources show it
    running: from the last day its start may mean to its `confirmed` day
    (or to its end). A hatched, paler bar marks what is possible but not
    confirmed: the rest of a start or end known only to the year or month,
    and, with no end reported, the days after `confirmed` up to *as_of*
    (the dataset's ``as_of`` when None); a dashed line marks *as_of*, and a
    legend names the two kinds of bar. The x axis counts years. Dated
    milestones are marked on their bar at their earliest day and labelled
    with their date and title, each label on a line of its own above the bar
    so that no two overlap. Undated milestones are left out. The first
    partnership is at the top.

    Args:
        dataset: The partnerships to draw.
        ax: The axes to draw on; when None, a new pyplot figure sized to the
            data is made.
        as_of: The day the possible spans run to; the dataset's ``as_of`` when None.

    Returns:
        The axes drawn on.

    Raises:
        ModuleNotFoundError: matplotlib is not installed; the message names the extra.
    """
    try:
        import matplotlib.pyplot as plt  # noqa: PLC0415 - an optional extra, loaded on first use
        from matplotlib.ticker import MaxNLocator  # noqa: PLC0415
        from matplotlib.transforms import ScaledTranslation  # noqa: PLC0415
    except ImportError as error:
        msg = "plot_timeline needs matplotlib: pip install 'ustb-coop[plot]'"
        raise ModuleNotFoundError(msg, name="matplotlib") from error

    rows = [(partnership, _dated(partnership)) for partnership in dataset]
    if ax is None:
        units = sum(_height(dated) + _GAP for _, dated in rows)
        _, ax = plt.subplots(figsize=(_WIDTH, 1.2 + _INCHES_PER_UNIT * units), layout="constrained")

    day = dataset.as_of if as_of is None else as_of
    ends = [_ends(partnership, day) for partnership, _ in rows]
    line = _year(day)
    low = min([_year(partnership.started.earliest) for partnership, _ in rows] + [line]) - _MARGIN
    high = max([_year(possible) for _, possible in ends] + [line]) + _MARGIN

    ticks: list[float] = []
    top = 0.0
    for (partnership, dated), (known, possible) in zip(rows, ends, strict=True):
        y = top - _height(dated) + _BAR / 2
        ticks.append(y)
        _bars(ax, y, partnership, known, possible)
        ax.plot([x for x, _ in dated], [y] * len(dated), "D", color="tab:blue", zorder=3)
        # Labels stack upwards from the bar, each beside a vertical leader.
        # Labels hanging left of their leader stack from the leftmost up, and
        # those hanging right from the rightmost up, so no leader crosses a label.
        hang_left = bool(dated) and sum(x for x, _ in dated) / len(dated) > (low + high) / 2
        for level, (x, milestone) in enumerate(dated if hang_left else dated[::-1]):
            label_y = y + _FIRST_LABEL + level * _LINE
            ax.vlines(x, y, label_y, color="0.55", linewidth=0.8, zorder=2)
            ax.annotate(
                f"{milestone.on}  {milestone.title}",
                xy=(x, label_y),
                xytext=(-_OFFSET if hang_left else _OFFSET, 0),
                textcoords="offset points",
                ha="right" if hang_left else "left",
                va="center",
                fontsize="small",
            )
        top -= _height(dated) + _GAP

    ax.axvline(line, color="0.4", linestyle="--", linewidth=1)
    if rows:
        # One entry per kind of bar, not one per partnership.
        handles, names = ax.get_legend_handles_labels()
        unique = dict(zip(names, handles, strict=True))
        ax.legend(
            list(unique.values()),
            list(unique.keys()),
            loc="upper center",
            # Below the x axis and its label, whatever the figure's height.
            bbox_to_anchor=(0.5, 0),
            bbox_transform=ax.transAxes + ScaledTranslation(0, -_LEGEND_DROP / 72, ax.figure.dpi_scale_trans),
            ncols=len(unique),
            fontsize="small",
            frameon=False,
        )
    ax.set_xlim(low, high)
    ax.set_ylim(min(top + _GAP / 2, -_BAR), _GAP / 2)  # a span of its own when there are no rows
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("year")
    ax.set_yticks(ticks, [partnership.partner.name for partnership, _ in rows])
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="0.9")
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.set_title(_title(dataset, day))
    return ax
