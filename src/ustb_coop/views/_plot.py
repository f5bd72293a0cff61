"""A timeline chart of a dataset's partnerships, drawn with matplotlib.

matplotlib is an optional extra (``pip install 'ustb-coop[plot]'``): it is
imported when `plot_timeline` is called, never when ``ustb_coop`` is.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Final

from ustb_coop.model._dataset import Dataset
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


def _year(day: datetime.date) -> float:
    """*day* as a decimal year (2014-07-02 is about 2014.5), the x axis of the chart."""
    first = datetime.date(day.year, 1, 1)
    length = (
        datetime.date(day.year + 1, 1, 1) - first if day.year < datetime.MAXYEAR else datetime.timedelta(365)
    )
    return day.year + (day - first) / length


def _end(partnership: Partnership, as_of: datetime.date) -> datetime.date:
    """Where the span stops: the end's earliest day (as `is_active` counts it), else *as_of*."""
    end = as_of if partnership.ended is None else partnership.ended.earliest
    return max(end, partnership.started.earliest)


def _dated(partnership: Partnership) -> list[tuple[float, Milestone]]:
    """The dated milestones at their earliest day, oldest first."""
    dated = [(_year(m.on.earliest), m) for m in partnership.milestones if m.on is not None]
    return sorted(dated, key=lambda pair: pair[0])


def _height(dated: list[tuple[float, Milestone]]) -> float:
    """The y units a partnership takes: its bar and its stack of labels."""
    return _BAR / 2 + (_FIRST_LABEL + (len(dated) - 1) * _LINE if dated else _BAR / 2)


def _title(dataset: Dataset) -> str:
    homes = {partnership.home.id: partnership.home for partnership in dataset}
    if len(homes) == 1:
        (home,) = homes.values()
        return f"Partnerships of {home.short_name or home.name}, as of {dataset.as_of}"
    return f"Partnerships as of {dataset.as_of}"


def plot_timeline(dataset: Dataset, ax: Axes | None = None) -> Axes:
    """Draw each partnership as a span in time, with its dated milestones.

    Each partnership is a horizontal bar from the earliest day of its start
    to the earliest day of its end, or to the dataset's ``as_of`` while it
    goes on; a dashed line marks ``as_of``. The x axis counts years. Dated
    milestones are marked on their bar at their earliest day and labelled
    with their date and title, each label on a line of its own above the bar
    so that no two overlap. Undated milestones are left out. The first
    partnership is at the top.

    Args:
        dataset: The partnerships to draw.
        ax: The axes to draw on; when None, a new pyplot figure sized to the
            data is made.

    Returns:
        The axes drawn on.

    Raises:
        ModuleNotFoundError: matplotlib is not installed; the message names the extra.
    """
    try:
        import matplotlib.pyplot as plt  # noqa: PLC0415 - an optional extra, loaded on first use
        from matplotlib.ticker import MaxNLocator  # noqa: PLC0415
    except ImportError as error:
        msg = "plot_timeline needs matplotlib: pip install 'ustb-coop[plot]'"
        raise ModuleNotFoundError(msg, name="matplotlib") from error

    rows = [(partnership, _dated(partnership)) for partnership in dataset]
    if ax is None:
        units = sum(_height(dated) + _GAP for _, dated in rows)
        _, ax = plt.subplots(figsize=(_WIDTH, 1.2 + _INCHES_PER_UNIT * units), layout="constrained")

    as_of = _year(dataset.as_of)
    low = min([_year(partnership.started.earliest) for partnership, _ in rows] + [as_of]) - _MARGIN
    high = as_of + _MARGIN

    ticks: list[float] = []
    top = 0.0
    for partnership, dated in rows:
        y = top - _height(dated) + _BAR / 2
        ticks.append(y)
        start, end = _year(partnership.started.earliest), _year(_end(partnership, dataset.as_of))
        ax.barh(y, end - start, left=start, height=_BAR, color="tab:blue", alpha=0.35)
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

    ax.axvline(as_of, color="0.4", linestyle="--", linewidth=1)
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
    ax.set_title(_title(dataset))
    return ax
