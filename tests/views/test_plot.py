"""plot_timeline: partnerships as spans in time, with their dated milestones labelled."""

from __future__ import annotations

import datetime
import itertools
import subprocess
import sys
from collections.abc import Iterator

import attrs
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation

import ustb_coop as uc
from ustb_coop.views._plot import plot_timeline

SOURCE = uc.Citation(source="ustb-cooperation-cases")
#: The bundled dataset's as_of, 2020-10-22, as a decimal year to 9 decimals: day 295 of a leap year.
AS_OF = round(2020 + 295 / 366, 9)


@pytest.fixture(autouse=True)
def _agg() -> Iterator[None]:
    """Draw off screen, and close every figure a test made."""
    mpl.use("Agg")
    yield
    plt.close("all")


def spans(ax: Axes) -> list[tuple[float, float, str]]:
    """The bars, top to bottom and left to right: their ends, to 9 decimals, and whether known or possible."""
    bars = sorted(
        (p for p in ax.patches if isinstance(p, Rectangle)), key=lambda bar: (-bar.get_y(), bar.get_x())
    )
    return [
        (
            round(bar.get_x(), 9),
            round(bar.get_x() + bar.get_width(), 9),
            "possible" if bar.get_hatch() else "known",
        )
        for bar in bars
    ]


def _end_of(year: int) -> float:
    """31 December of *year*, a common year, as a decimal year."""
    return round(year + 364 / 365, 9)


def markers(ax: Axes) -> list[list[float]]:
    """The x positions of the milestone markers, one list per partnership, in drawing order."""
    lines = [line for line in ax.lines if line.get_marker() == "D"]
    return [np.asarray(line.get_xdata(), dtype=float).tolist() for line in lines]


def labels(ax: Axes) -> list[Annotation]:
    """The milestone labels."""
    return [text for text in ax.texts if isinstance(text, Annotation)]


def crowded() -> uc.Dataset:
    """A dataset with eight milestones a month apart in one partnership, and two partnerships with none."""
    milestones = tuple(
        uc.Milestone(
            kind=uc.MilestoneKind.OTHER,
            title=f"A long milestone title that takes room, number {month}",
            on=uc.PartialDate(2019, month),
            citation=SOURCE,
        )
        for month in range(1, 9)
    )
    bundled = uc.load()
    partnerships = (
        attrs.evolve(bundled["tata-steel"], milestones=milestones),
        attrs.evolve(bundled["rwth-aachen"], milestones=()),
        attrs.evolve(bundled["tohoku"], milestones=milestones[:3]),
    )
    return attrs.evolve(bundled, partnerships=partnerships)


def test_makes_a_figure_when_given_no_axes() -> None:
    """Without axes it draws on a new figure's and returns them."""
    ax = plot_timeline(uc.load())
    assert (1, ax) == (len(plt.get_fignums()), plt.gcf().axes[0])


def test_draws_on_the_axes_given() -> None:
    """Given axes, it draws on them, returns them and makes no figure of its own."""
    figure = Figure()
    ax = figure.add_subplot()
    assert (ax, []) == (plot_timeline(uc.load(), ax=ax), plt.get_fignums())


def test_partner_names_label_the_rows_top_down() -> None:
    """The y ticks name the partners, in dataset order from the top."""
    ax = plot_timeline(uc.load())
    ticks = sorted(zip(ax.get_yticks(), ax.get_yticklabels(), strict=True), key=lambda tick: -tick[0])
    expected = ["RWTH Aachen University", "Tata Steel", "Tohoku University"]
    assert expected == [label.get_text() for _, label in ticks]


@pytest.mark.parametrize(
    ("dataset", "title"),
    [
        (uc.load(), "Partnerships of USTB, as of 2020-10-22"),
        (uc.load().filter(country="FR"), "Partnerships as of 2020-10-22"),
    ],
    ids=["one-home", "no-partnerships"],
)
def test_title_names_the_home_and_the_day(dataset: uc.Dataset, title: str) -> None:
    """The title names the one home institution, when there is one, and the dataset's as_of."""
    assert title == plot_timeline(dataset).get_title()


def test_spans_are_known_from_the_last_start_day_to_the_confirmed_day() -> None:
    """Each bar is hatched over the start year it may have begun in, solid from its end to confirmed."""
    expected = [
        (1979.0, _end_of(1979), "possible"),
        (_end_of(1979), AS_OF, "known"),
        (2014.0, _end_of(2014), "possible"),
        (_end_of(2014), AS_OF, "known"),
        (2002.0, _end_of(2002), "possible"),
        (_end_of(2002), AS_OF, "known"),
    ]
    assert expected == spans(plot_timeline(uc.load()))


def test_span_of_an_ended_partnership_stops_at_its_end() -> None:
    """Known up to the first day of its end (2018-07-01, day 181 of 365), possible to the last (day 211)."""
    ended = attrs.evolve(uc.load()["tata-steel"], ended=uc.PartialDate(2018, 7), confirmed=None)
    dataset = attrs.evolve(uc.load(), partnerships=(ended,))
    expected = [
        (2014.0, _end_of(2014), "possible"),
        (_end_of(2014), round(2018 + 181 / 365, 9), "known"),
        (round(2018 + 181 / 365, 9), round(2018 + 211 / 365, 9), "possible"),
    ]
    assert expected == spans(plot_timeline(dataset))


def test_days_after_the_confirmed_day_are_only_possible() -> None:
    """Drawn to a later day, a partnership with no end reported is hatched from its confirmed day on."""
    dataset = attrs.evolve(uc.load(), partnerships=(uc.load()["tohoku"],))
    ax = plot_timeline(dataset, as_of=datetime.date(2026, 11, 28))
    expected = (
        [
            (2002.0, _end_of(2002), "possible"),
            (_end_of(2002), AS_OF, "known"),
            (AS_OF, round(2026 + 331 / 365, 9), "possible"),
        ],
        "Partnerships of USTB, as of 2020-10-22, drawn to 2026-11-28",
    )
    assert expected == (spans(ax), ax.get_title())


def test_without_a_confirmed_day_all_is_possible() -> None:
    """With neither an end nor a confirmed day, nothing after the start is known: one hatched bar."""
    unknown = attrs.evolve(uc.load()["tohoku"], confirmed=None)
    ax = plot_timeline(attrs.evolve(uc.load(), partnerships=(unknown,)))
    expected = [(2002.0, AS_OF, "possible")]
    assert expected == spans(ax)


def test_legend_names_the_two_kinds_of_bar() -> None:
    """One legend entry per kind of bar, not one per partnership."""
    legend = plot_timeline(uc.load()).get_legend()
    assert legend is not None
    expected = ["possible, not confirmed", "shown running by the sources"]
    assert expected == [text.get_text() for text in legend.get_texts()]


def test_dated_milestones_are_marked_on_their_bar() -> None:
    """Each dated milestone is a marker at its earliest day; undated ones are left out."""
    expected = [[1979.0], [2014.0, 2014.0, 2015.0, 2016.0, 2017.0], [2002.0]]
    assert expected == markers(plot_timeline(uc.load()))


def test_dated_milestones_are_labelled_with_date_and_title() -> None:
    """Each dated milestone has one label giving its date and its title."""
    expected = {
        "1979  Cooperation agreement signed",
        "2014  Cooperation agreement signed",
        "2014  Collaborative research center established",
        "2015  Joint research projects approved by Tata Steel",
        "2016  Training course for Tata Steel's middle-level technical managers",
        "2017  Training course for Tata Steel's middle-level technical managers",
        "2002  Cooperation and exchange platform established",
    }
    actual = [label.get_text() for label in labels(plot_timeline(uc.load()))]
    assert (expected, len(expected)) == (set(actual), len(actual))


@pytest.mark.parametrize("dataset", [uc.load(), crowded()], ids=["bundled", "crowded"])
def test_nothing_overlaps(dataset: uc.Dataset) -> None:
    """No two labels overlap, no label covers a bar or a partner name, and all stay on the figure."""
    ax = plot_timeline(dataset)
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    texts = [label.get_window_extent(renderer) for label in labels(ax)]
    others = [bar.get_window_extent(renderer) for bar in ax.patches]
    others += [tick.get_window_extent(renderer) for tick in ax.get_yticklabels()]
    others.append(ax.title.get_window_extent(renderer))
    overlapping = [(a, b) for a, b in itertools.combinations(texts, 2) if a.overlaps(b)]
    overlapping += [(a, b) for a in texts for b in others if a.overlaps(b)]
    outside = [text for text in texts if not ax.figure.bbox.contains(text.x0, text.y0)]
    outside += [text for text in texts if not ax.figure.bbox.contains(text.x1, text.y1)]
    assert not overlapping, overlapping
    assert not outside, outside


def test_as_of_is_marked() -> None:
    """A vertical line marks the dataset's as_of."""
    ax = plot_timeline(uc.load())
    verticals = [line for line in ax.lines if line.get_linestyle() == "--"]
    expected = [[AS_OF, AS_OF]]
    assert expected == [np.round(np.asarray(line.get_xdata(), dtype=float), 9).tolist() for line in verticals]


def test_years_before_the_nanosecond_range_are_drawn() -> None:
    """A partnership from the year 1500 spans from 1500, far outside pandas' nanosecond range."""
    old = attrs.evolve(uc.load()["tohoku"], started=uc.PartialDate(1500), milestones=(), programs=())
    ax = plot_timeline(attrs.evolve(uc.load(), partnerships=(old,)))
    expected = [(1500.0, _end_of(1500), "possible"), (_end_of(1500), AS_OF, "known")]
    assert expected == spans(ax)


def test_without_matplotlib_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """With matplotlib missing, the ImportError says which extra to install."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(
        ImportError, match=r"^plot_timeline needs matplotlib: pip install 'ustb-coop\[plot\]'$"
    ):
        plot_timeline(uc.load())


def test_importing_the_package_loads_no_matplotlib() -> None:
    """Neither ``import ustb_coop`` nor its plot module imports matplotlib."""
    code = "import sys, ustb_coop, ustb_coop.views._plot; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    expected = "False"
    assert expected == result.stdout.strip()


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (datetime.date(2014, 1, 1), 2014.0),
        (datetime.date(2014, 7, 2), 2014 + 182 / 365),
        (datetime.date(2020, 12, 31), 2020 + 365 / 366),
        (datetime.date(9999, 12, 31), 9999 + 364 / 365),
    ],
    ids=["new-year", "mid-year", "leap-year-end", "last-day"],
)
def test_days_are_decimal_years(day: datetime.date, year: float) -> None:
    """The x axis counts years: a day is its year plus the share of the year gone by."""
    from ustb_coop.views._plot import _year  # noqa: PLC0415

    assert year == pytest.approx(_year(day))
