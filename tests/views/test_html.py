"""The HTML that Jupyter shows for a Dataset and a Partnership."""

from __future__ import annotations

import datetime
import html.parser
import subprocess
import sys

import attrs
import pytest
from hypothesis import given, settings

import ustb_coop as uc
from tests.strategies import datasets, non_blank_text
from ustb_coop.views._html import dataset_html, partnership_html

#: The only elements the views use.
ELEMENTS = {"div", "h4", "p", "code", "table", "caption", "thead", "tbody", "tr", "th", "td"}
SOURCE = uc.Citation(source="ustb-cooperation-cases")
#: What stands between the two sides in a heading: an en dash with a space each side.
DASH = " \N{EN DASH} "


@attrs.define
class Table:
    """A table read back from markup: its caption, header cells and body rows."""

    caption: str = ""
    headers: list[str] = attrs.Factory(list)
    rows: list[list[str]] = attrs.Factory(list)


class Reader(html.parser.HTMLParser):
    """Reads the tables, headings and paragraphs of a view back into text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.tables: list[Table] = []
        self.headings: list[str] = []
        self.paragraphs: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002
        """Note the element and start what it holds."""
        self.tags.append(tag)
        self._open.append(tag)
        match tag:
            case "table":
                self.tables.append(Table())
            case "tr" if self._open[-2] == "tbody":
                self.tables[-1].rows.append([])
            case "td":
                self.tables[-1].rows[-1].append("")
            case "th":
                self.tables[-1].headers.append("")
            case "h4":
                self.headings.append("")
            case "p":
                self.paragraphs.append("")

    def handle_endtag(self, tag: str) -> None:
        """Close the innermost element, which must be *tag*."""
        assert tag == self._open.pop()

    def handle_data(self, data: str) -> None:
        """Add text to the innermost element that collects it."""
        where = next((tag for tag in reversed(self._open) if tag in {"td", "th", "caption", "h4", "p"}), None)
        match where:
            case "td":
                self.tables[-1].rows[-1][-1] += data
            case "th":
                self.tables[-1].headers[-1] += data
            case "caption":
                self.tables[-1].caption += data
            case "h4":
                self.headings[-1] += data
            case "p":
                self.paragraphs[-1] += data


def read(markup: str) -> Reader:
    """Parse *markup*, checking every element it opens it also closes."""
    reader = Reader()
    reader.feed(markup)
    reader.close()
    assert not reader._open, f"unclosed: {reader._open}"
    return reader


def test_dataset_table() -> None:
    """The bundled dataset shows one row per partnership: its span, horizon, years as an interval, balance."""
    stated = ["none reported", "2020-10-22"]
    expected = Table(
        caption="Dataset 1.0.0 as of 2020-10-22: 3 partnerships; years active counted to that day",
        headers=[
            *("id", "partner", "country", "kind", "started", "ended", "confirmed"),
            *("years active", "milestones", "balance"),
        ],
        rows=[
            [
                *("rwth-aachen", "RWTH Aachen University", "DE", "academic", "1979", *stated, "40–41", "2"),
                "over 400 out, over 200 in, net unknown",
            ],
            ["tata-steel", "Tata Steel", "IN", "industry", "2014", *stated, "5–6", "6", "—"],
            ["tohoku", "Tohoku University", "JP", "academic", "2002", *stated, "17–18", "2", "—"],
        ],
    )
    assert [expected] == read(dataset_html(uc.load())).tables


def test_dataset_years_past_the_confirmed_day_say_so() -> None:
    """Counted past a partnership's confirmed day, the years cell names the day they are confirmed to."""
    later = attrs.evolve(uc.load(), as_of=datetime.date(2026, 11, 28))
    row = read(dataset_html(later)).tables[0].rows[0]
    expected = "40–47 (confirmed only to 2020-10-22)"
    assert expected == row[7]


@pytest.mark.parametrize(
    ("dataset", "caption"),
    [
        (
            uc.load().filter(country="DE"),
            "Dataset 1.0.0 as of 2020-10-22: 1 partnership; years active counted to that day",
        ),
        (
            uc.load().filter(country="FR"),
            "Dataset 1.0.0 as of 2020-10-22: 0 partnerships; years active counted to that day",
        ),
    ],
    ids=["one", "none"],
)
def test_dataset_caption_counts_partnerships(dataset: uc.Dataset, caption: str) -> None:
    """The caption counts the partnerships, in the singular for one."""
    assert caption == read(dataset_html(dataset)).tables[0].caption


@pytest.mark.parametrize(
    ("partnership_id", "heading", "captions"),
    [
        ("rwth-aachen", f"USTB{DASH}RWTH", ["Milestones", "Figures"]),
        ("tata-steel", f"USTB{DASH}Tata Steel", ["Milestones"]),
        ("tohoku", f"USTB{DASH}Tohoku University", ["Milestones", "Programs"]),
    ],
    ids=["rwth-aachen", "tata-steel", "tohoku"],
)
def test_partnership_heading_and_tables(partnership_id: str, heading: str, captions: list[str]) -> None:
    """A partnership shows both sides as its heading and a table for each kind of fact it has."""
    reader = read(partnership_html(uc.load()[partnership_id]))
    assert ([heading], captions) == (reader.headings, [table.caption for table in reader.tables])


def test_partnership_without_facts_has_no_tables() -> None:
    """A partnership with no milestones, figures or programs shows its heading and no empty tables."""
    bare = attrs.evolve(uc.load()["rwth-aachen"], milestones=(), metrics=())
    reader = read(partnership_html(bare))
    expected: tuple[list[str], list[Table]] = ([f"USTB{DASH}RWTH"], [])
    assert expected == (reader.headings, reader.tables)


def test_partnership_sides_and_span() -> None:
    """The first paragraph names both sides in full, the kind, the span and the id."""
    ended = attrs.evolve(uc.load()["tata-steel"], ended=uc.PartialDate(2019, 6))
    paragraphs = read(partnership_html(ended)).paragraphs
    expected = (
        "University of Science and Technology Beijing and Tata Steel: industry, 2014 to 2019-06 tata-steel",
        "4–5 years active to 2019-06",
    )
    assert expected == tuple(paragraphs[:2])


def test_partnership_without_an_end_says_none_is_reported() -> None:
    """With no end reported, the span says so and gives the confirmed day the years count to."""
    paragraphs = read(partnership_html(uc.load()["rwth-aachen"])).paragraphs
    expected = (
        (
            "University of Science and Technology Beijing and RWTH Aachen University: academic, since 1979, "
            "no end reported, confirmed running on 2020-10-22 rwth-aachen"
        ),
        "40–41 years active to 2020-10-22",
    )
    assert expected == tuple(paragraphs[:2])


def test_partnership_with_nothing_after_its_start_known_shows_no_years() -> None:
    """Without an end or a confirmed day there is no day the facts reach, so no count is shown."""
    unknown = attrs.evolve(uc.load()["rwth-aachen"], confirmed=None)
    paragraphs = read(partnership_html(unknown)).paragraphs
    expected = (
        "University of Science and Technology Beijing and RWTH Aachen University: academic, since 1979, "
        "no end reported rwth-aachen"
    )
    assert expected == paragraphs[0]
    assert not any("years active" in paragraph for paragraph in paragraphs)


def test_milestones_table() -> None:
    """Milestones list date, kind, title, count and actor, undated ones with a dash."""
    milestones = read(partnership_html(uc.load()["tata-steel"])).tables[0]
    title = "Training course for Tata Steel's middle-level technical managers"
    expected = Table(
        caption="Milestones",
        headers=["date", "kind", "title", "count", "actor"],
        rows=[
            ["2014", "agreement signed", "Cooperation agreement signed", "—", "—"],
            ["2014", "center established", "Collaborative research center established", "—", "—"],
            [
                "—",
                "platform established",
                "International exchange platform for experts and scholars",
                "—",
                "—",
            ],
            [
                "2015",
                "projects approved",
                "Joint research projects approved by Tata Steel",
                "2",
                "tata-steel",
            ],
            ["2016", "training course held", title, "—", "ustb"],
            ["2017", "training course held", title, "—", "ustb"],
        ],
    )
    assert expected == milestones


def test_figures_table_and_balance() -> None:
    """Figures show their bound, report day and note; the net of two lower bounds is unknown."""
    reader = read(partnership_html(uc.load()["rwth-aachen"]))
    expected = Table(
        caption="Figures",
        headers=["kind", "figure", "as of", "note"],
        rows=[
            ["students sent", "over 400", "2020-10-22", "further study at RWTH Aachen"],
            ["students received", "over 200", "2020-10-22", "internships and cultural exchange at USTB"],
        ],
    )
    balance = "Student exchange: over 400 out, over 200 in, net unknown"
    assert (expected, balance) == (reader.tables[1], reader.paragraphs[-1])


def test_exact_balance_is_exact() -> None:
    """Exact figures give an exact net, a negative one with its sign."""
    metrics = (
        uc.Metric(
            kind=uc.MetricKind.STUDENTS_SENT,
            value=uc.Quantity(3),
            as_of=uc.PartialDate(2020),
            citation=SOURCE,
        ),
        uc.Metric(
            kind=uc.MetricKind.STUDENTS_RECEIVED,
            value=uc.Quantity(8),
            as_of=uc.PartialDate(2020),
            citation=SOURCE,
        ),
    )
    partnership = attrs.evolve(uc.load()["tohoku"], metrics=metrics)
    expected = "Student exchange: 3 out, 8 in, net -5"
    assert expected == read(partnership_html(partnership)).paragraphs[-1]


def test_programs_table() -> None:
    """Programs list the count as stated and its day, then the occurrences reported and those only implied."""
    expected = Table(
        caption="Programs",
        headers=[
            "name",
            "frequency",
            "first",
            "times held",
            "count as of",
            "occurrences",
            "implied, not reported",
        ],
        rows=[
            [
                "Innovation and exchange program",
                "yearly",
                "2002",
                "22",
                "2020-10-22",
                ", ".join(str(year) for year in range(2002, 2021)),
                "2021, 2022, 2023",
            ]
        ],
    )
    assert expected == read(partnership_html(uc.load()["tohoku"])).tables[1]


def test_a_long_program_lists_its_first_occurrences() -> None:
    """A program held thousands of times lists its first hundred and ends the list with "..."."""
    program = attrs.evolve(
        uc.load()["tohoku"].programs[0],
        frequency=uc.Frequency.DAILY,
        first=uc.PartialDate(2020, 10, 1),
        times_held=uc.Quantity(5000),
    )
    partnership = attrs.evolve(uc.load()["tohoku"], programs=(program,))
    row = read(partnership_html(partnership)).tables[1].rows[0]
    reported, implied = row[5].split(", "), row[6].split(", ")
    expected = (22, "2020-10-22", 78, "2020-10-23", "...")
    assert expected == (len(reported), reported[-1], len(implied) - 1, implied[0], implied[-1])


@given(name=non_blank_text, title=non_blank_text)
@settings(max_examples=50, deadline=None)
def test_text_is_escaped(name: str, title: str) -> None:
    """Any name or title, markup included, reads back as the same text and adds no element."""
    rwth = uc.load()["rwth-aachen"]
    partner = attrs.evolve(rwth.partner, name=f"<script>{name}</script>", short_name=None)
    milestone = attrs.evolve(rwth.milestones[0], title=f'{title} & <b class="x">')
    partnership = attrs.evolve(rwth, partner=partner, milestones=(milestone,))
    organizations = tuple(partner if org.id == partner.id else org for org in uc.load().organizations)
    dataset = attrs.evolve(uc.load(), organizations=organizations, partnerships=(partnership,))
    shown, row = read(partnership_html(partnership)), read(dataset_html(dataset)).tables[0].rows[0]
    expected = (f"USTB{DASH}<script>{name}</script>", f'{title} & <b class="x">', partner.name)
    assert expected == (
        shown.headings[0],
        shown.tables[0].rows[0][2],
        row[1],
    )
    assert {*shown.tags, *read(dataset_html(dataset)).tags} <= ELEMENTS


@given(datasets())
@settings(max_examples=25, deadline=None)
def test_any_dataset_renders_well_formed(dataset: uc.Dataset) -> None:
    """Any valid dataset, and each of its partnerships, renders balanced markup of the known elements."""
    readers = [read(dataset_html(dataset)), *(read(partnership_html(p)) for p in dataset)]
    assert len(dataset) == len(readers[0].tables[0].rows)
    assert all(set(reader.tags) <= ELEMENTS for reader in readers)


def test_jupyter_hooks_delegate() -> None:
    """Dataset and Partnership hand Jupyter the views of this module."""
    dataset = uc.load()
    expected = (dataset_html(dataset), partnership_html(dataset["tohoku"]))
    assert expected == (dataset._repr_html_(), dataset["tohoku"]._repr_html_())


def test_views_load_only_when_shown() -> None:
    """``import ustb_coop`` leaves the presentation module unloaded until a view is asked for."""
    code = (
        "import sys, ustb_coop as uc; before = 'ustb_coop.views._html' in sys.modules; "
        "uc.load()._repr_html_(); print(before, 'ustb_coop.views._html' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    expected = "False True"
    assert expected == result.stdout.strip()


def test_without_the_views_a_record_renders_as_its_escaped_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    """The model's hook falls back to the plain repr, escaped, when no renderer is installed."""
    from ustb_coop.model import _display  # noqa: PLC0415 - the hook under test

    monkeypatch.setattr(_display, "_renderer", [])
    expected = f"<pre>{html.escape(repr(uc.load()['rwth-aachen']))}</pre>"
    assert expected == uc.load()["rwth-aachen"]._repr_html_()


def test_the_views_render_only_datasets_and_partnerships() -> None:
    """Asking the views for the HTML of another record is a TypeError that names what they render."""
    from ustb_coop.views._html import render  # noqa: PLC0415 - the renderer under test

    with pytest.raises(TypeError, match="views render a Dataset or a Partnership"):
        render(uc.load().sources[0])
