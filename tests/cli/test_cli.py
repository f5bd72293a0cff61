"""The ``ustb-coop`` command line: the installed script for the main paths, `main` in-process for the rest."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import runpy
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import ustb_coop as uc
from tests import strategies
from ustb_coop import cli
from ustb_coop.cli import _layout, _show

SOURCE_DATE = "2020-10-22"
BUNDLED_FILE = Path(uc.__file__).parent / "data" / "ustb.toml"
RWTH_SUMMARY_ROW = [
    "RWTH Aachen University",
    "DE",
    "1979",
    "2020-10-22",
    "40–41",
    "over 400 out, over 200 in, net unknown",
    "2",
]

# A user's own dataset: one partnership with exact exchange figures and one milestone.
USER_TOML = """\
version = "2024.1"
as_of = "2024-06-30"
sources = [{ id = "report", title = "Annual report", sections = [{ id = "2", title = "Partnerships" }] }]

[[organizations]]
id = "home-u"
name = "Home University"
kind = "university"
country = "CN"

[[organizations]]
id = "partner-u"
name = "Partner University"
kind = "university"
country = "FR"

[[partnerships]]
id = "partner-u"
home = "home-u"
partner = "partner-u"
kind = "academic"
started = "1999-09"

[[partnerships.milestones]]
kind = "agreement_signed"
title = "Agreement signed"
on = "1999-09-15"
citation = { source = "report", section = "2" }

[[partnerships.metrics]]
kind = "students_sent"
value = { value = 120 }
as_of = "2021"
citation = { source = "report", section = "2" }

[[partnerships.metrics]]
kind = "students_received"
value = { value = 150 }
as_of = "2021"
citation = { source = "report", section = "2" }
"""

# The same document with three mistakes.
INVALID_TOML = (
    USER_TOML.replace('kind = "university"\ncountry = "FR"', 'kind = "univ"\ncountry = "FR"')
    .replace('started = "1999-09"', 'started = "1999-13"')
    .replace('partner = "partner-u"', 'partner = "partner-x"')
)
INVALID_PROBLEMS = [
    (
        "organizations[1].kind: invalid organization kind 'univ'; "
        "valid: 'university', 'company', 'government', 'research_institute', 'other'"
    ),
    "partnerships[0].partner: unknown organization 'partner-x'; known organizations: 'home-u'",
    (
        "partnerships[0].started: invalid partial date '1999-13': "
        "PartialDate month must be between 1 and 12, got 13"
    ),
]


def _script() -> str:
    """The installed ``ustb-coop`` console script, next to the running interpreter."""
    found = shutil.which("ustb-coop", path=str(Path(sys.executable).parent)) or shutil.which("ustb-coop")
    if found is None:
        pytest.fail("the ustb-coop script is not installed; run: pip install -e .")
    return found


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed script and capture what it writes."""
    return subprocess.run(  # noqa: S603 - the project's own script
        [_script(), *args], capture_output=True, text=True, check=False
    )


def _call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `main` in this process: the exit status, standard output and standard error."""
    code = cli.main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _cells(line: str) -> list[str]:
    """The cells of a table line: columns are two or more spaces apart."""
    return re.split(r" {2,}", line.strip())


def _row(output: str, first_cell: str) -> list[str]:
    """The table row whose first cell is *first_cell*."""
    return next(_cells(line) for line in output.splitlines() if _cells(line)[0] == first_cell)


@pytest.fixture
def user_file(tmp_path: Path) -> Path:
    """A user's valid TOML dataset."""
    path = tmp_path / "partners.toml"
    path.write_text(USER_TOML, encoding="utf-8")
    return path


@pytest.fixture
def invalid_file(tmp_path: Path) -> Path:
    """A TOML dataset with three problems."""
    path = tmp_path / "broken.toml"
    path.write_text(INVALID_TOML, encoding="utf-8")
    return path


# ------------------------------------------------------ the installed script


def test_script_prints_the_summary_without_a_command() -> None:
    """With no command the script prints the summary: years active, balance and milestones per partner."""
    result = _run("--as-of", SOURCE_DATE)
    expected = (0, "", RWTH_SUMMARY_ROW, ["Tata Steel", "IN", "2014", "2020-10-22", "5–6", "—", "6"])
    actual = (
        result.returncode,
        result.stderr,
        _row(result.stdout, "RWTH Aachen University"),
        _row(result.stdout, "Tata Steel"),
    )
    assert expected == actual


def test_script_and_module_print_the_same() -> None:
    """``python -m ustb_coop`` and ``ustb-coop`` give the same output and status."""
    module = subprocess.run(  # noqa: S603 - the project's own module
        [sys.executable, "-m", "ustb_coop", "--as-of", SOURCE_DATE, "show", "tohoku"],
        capture_output=True,
        text=True,
        check=False,
    )
    script = _run("--as-of", SOURCE_DATE, "show", "tohoku")
    assert (script.returncode, script.stdout, script.stderr) == (
        module.returncode,
        module.stdout,
        module.stderr,
    )


def test_module_runs_main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Running the package as ``__main__`` exits with the status of `main`."""
    monkeypatch.setattr(sys, "argv", ["ustb-coop", "--version"])
    monkeypatch.delitem(sys.modules, "ustb_coop.__main__", raising=False)
    with pytest.raises(SystemExit) as stop:
        runpy.run_module("ustb_coop", run_name="__main__")
    expected = (0, f"ustb-coop {uc.__version__}\n")
    assert expected == (stop.value.code, capsys.readouterr().out)


def test_script_prints_the_version() -> None:
    """``--version`` prints the package version."""
    result = _run("--version")
    expected = (0, f"ustb-coop {uc.__version__}\n")
    assert expected == (result.returncode, result.stdout)


def test_script_shows_a_partnership() -> None:
    """``show`` prints the partnership with its organizations, program occurrences and resolved sources."""
    result = _run("--as-of", SOURCE_DATE, "show", "rwth-aachen")
    expected = [
        "rwth-aachen: University of Science and Technology Beijing and RWTH Aachen University",
        "  started     1979",
        "  ended       no end reported",
        "  confirmed   running on 2020-10-22",
        "  years       40–41 active as of 2020-10-22",
        "  ror          https://ror.org/04xfq0f34 [3]",
        "  students sent      over 400  as of 2020-10-22  further study at RWTH Aachen [1]",
        '  [1] Cooperation cases, section "USTB-RWTH Aachen University"',
    ]
    assert (0, expected) == (
        result.returncode,
        [line for line in expected if line in result.stdout.splitlines()],
    )


def test_script_validates_a_valid_file() -> None:
    """``validate`` on a valid file says so, with the number of partnerships, and exits 0."""
    result = _run("validate", str(BUNDLED_FILE))
    assert (0, f"{BUNDLED_FILE}: valid (3 partnerships)\n", "") == (
        result.returncode,
        result.stdout,
        result.stderr,
    )


def test_script_lists_every_problem_of_an_invalid_file(invalid_file: Path) -> None:
    """``validate`` on an invalid file prints each problem as ``path: problem`` and exits 1."""
    result = _run("validate", str(invalid_file))
    expected = (1, INVALID_PROBLEMS, f"ustb-coop: {invalid_file}: invalid (3 problems)\n")
    assert expected == (result.returncode, result.stdout.splitlines(), result.stderr)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show"], "the following arguments are required: ID"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["show", "rwth"], "no partnership with id 'rwth'. Did you mean 'rwth-aachen'?"),
        (["timeline", "--from", "2020-13"], "invalid partial date '2020-13'"),
        (["--data", "no-such-file.toml", "list"], "no-such-file.toml: No such file or directory"),
    ],
    ids=["missing-argument", "unknown-command", "unknown-id", "bad-date", "missing-file"],
)
def test_script_usage_errors_exit_2_without_a_traceback(args: list[str], message: str) -> None:
    """A usage error exits 2 with a message prefixed by the program name and no traceback."""
    result = _run(*args)
    assert (result.returncode, result.stdout) == (2, "")
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith("ustb-coop")


def test_script_json_parses() -> None:
    """``--json`` output is JSON."""
    result = _run("--json", "--as-of", SOURCE_DATE, "balance")
    rwth = json.loads(result.stdout)["partnerships"][0]
    expected = (0, "rwth-aachen", {"low": None, "high": None, "text": "unknown"}, False)
    assert expected == (
        result.returncode,
        rwth["id"],
        *(rwth["exchange_balance"][k] for k in ("net", "exact")),
    )


def test_script_reads_a_user_file(user_file: Path) -> None:
    """``--data`` runs a command on the user's TOML file; with no confirmed day, years are marked past it."""
    result = _run("--data", str(user_file), "--as-of", "2024-06-30")
    expected = (0, ["Partner University", "FR", "1999-09", "—", "0–24*", "120 out, 150 in, net -30", "1"])
    assert expected == (result.returncode, _row(result.stdout, "Partner University"))


def test_script_exits_quietly_when_the_pipe_is_closed() -> None:
    """Writing to a pipe nobody reads ends with status 141 and nothing on stderr."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(  # noqa: S603 - the project's own script
            [_script(), "show", "tohoku"], stdout=write_end, stderr=subprocess.PIPE, text=True, check=False
        )
    finally:
        os.close(write_end)
    expected = (141, "")
    assert expected == (result.returncode, result.stderr)


# ------------------------------------------------------------------- summary


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2020-10-22", {"rwth-aachen": "40–41", "tata-steel": "5–6", "tohoku": "17–18"}),
        ("2020", {"rwth-aachen": "40–41", "tata-steel": "5–6", "tohoku": "17–18"}),
        ("1990-06", {"rwth-aachen": "10–11", "tata-steel": "0", "tohoku": "0"}),
        ("2026-11-28", {"rwth-aachen": "40–47", "tata-steel": "5–12", "tohoku": "17–24"}),
    ],
    ids=["source-date", "year-means-any-day-of-it", "before-two-starts", "past-the-confirmed-day"],
)
def test_summary_counts_years_to_as_of(
    capsys: pytest.CaptureFixture[str], as_of: str, expected: dict[str, str]
) -> None:
    """Years active are counted to ``--as-of`` as intervals; a year or month means any day of it."""
    code, out, _ = _call(capsys, "--json", "--as-of", as_of)
    assert (0, expected) == (
        code,
        {p["id"]: p["years_active"]["text"] for p in json.loads(out)["partnerships"]},
    )


def test_summary_json_has_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    """The summary JSON has the keys docs/cli.md lists, and RWTH's figures."""
    _, out, _ = _call(capsys, "summary", "--json", "--as-of", SOURCE_DATE)
    document = json.loads(out)
    keys = ["version", "data_as_of", "as_of", "partnerships"]
    assert keys == list(document)
    expected = {
        "id": "rwth-aachen",
        "partner": "RWTH Aachen University",
        "country": "DE",
        "started": "1979",
        "ended": None,
        "confirmed": "2020-10-22",
        "years_active": {"low": 40, "high": 41, "text": "40–41"},
        "confirmed_only_to": None,
        "exchange_balance": {
            "outbound": {
                "value": 400,
                "qualifier": "more_than",
                "as_stated": "over 400",
                "bounds": {"low": 401, "high": None, "text": "at least 401"},
            },
            "inbound": {
                "value": 200,
                "qualifier": "more_than",
                "as_stated": "over 200",
                "bounds": {"low": 201, "high": None, "text": "at least 201"},
            },
            "net": {"low": None, "high": None, "text": "unknown"},
            "exact": False,
            "text": "over 400 out, over 200 in, net unknown",
        },
        "milestone_count": 2,
    }
    assert expected == document["partnerships"][0]


def test_summary_heads_the_table_with_the_dataset_and_day(capsys: pytest.CaptureFixture[str]) -> None:
    """The summary names the dataset and both days: the data's and the one years are counted to."""
    _, out, _ = _call(capsys, "--as-of", SOURCE_DATE)
    expected = [
        "3 partnerships in dataset 1.0.0, data as of 2020-10-22;",
        "years active counted to 2020-10-22.",
        "",
    ]
    assert expected == out.splitlines()[:3]


def test_summary_past_the_confirmed_day_says_the_count_is_not_known(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Counted past the confirmed days, each count is marked and a note says it is only confirmed to them."""
    _, out, _ = _call(capsys, "--as-of", "2026-11-28")
    lines = out.splitlines()
    expected = (
        [
            "RWTH Aachen University",
            "DE",
            "1979",
            "2020-10-22",
            "40–47*",
            "over 400 out, over 200 in, net unknown",
            "2",
        ],
        "* confirmed only to the CONFIRMED day (the start, when none is given):",
    )
    assert expected == (_row(out, "RWTH Aachen University"), lines[-3])
    assert "ongoing" not in out


def test_summary_defaults_to_today(capsys: pytest.CaptureFixture[str]) -> None:
    """Without ``--as-of`` the summary counts years to today."""
    _, out, _ = _call(capsys, "--json")
    expected = str(uc.years_active(uc.load()["rwth-aachen"]))
    assert expected == json.loads(out)["partnerships"][0]["years_active"]["text"]


def test_options_after_the_command_count_too(capsys: pytest.CaptureFixture[str], user_file: Path) -> None:
    """``--data``, ``--as-of`` and ``--json`` work after the command as well as before it."""
    before = _call(capsys, "--data", str(user_file), "--as-of", "2024-06-30", "--json", "summary")
    after = _call(capsys, "summary", "--data", str(user_file), "--as-of", "2024-06-30", "--json")
    expected = (0, "0–24")
    assert expected == (before[0], json.loads(before[1])["partnerships"][0]["years_active"]["text"])
    assert before == after


# ---------------------------------------------------------------------- list


def test_list_prints_one_row_per_partnership(capsys: pytest.CaptureFixture[str]) -> None:
    """``list`` prints id, partner, kind, country and start under a header."""
    code, out, _ = _call(capsys, "list")
    expected = [
        ["ID", "PARTNER", "KIND", "COUNTRY", "STARTED"],
        ["rwth-aachen", "RWTH Aachen University", "academic", "DE", "1979"],
        ["tata-steel", "Tata Steel", "industry", "IN", "2014"],
        ["tohoku", "Tohoku University", "academic", "JP", "2002"],
    ]
    assert (0, expected) == (code, [_cells(line) for line in out.splitlines()])


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], ["rwth-aachen", "tata-steel", "tohoku"]),
        (["--country", "jp"], ["tohoku"]),
        (["--kind", "academic"], ["rwth-aachen", "tohoku"]),
        (["--activity", "internships"], ["rwth-aachen"]),
        (["--field", "Metallurgy"], ["tohoku"]),
        (["--active-on", "2010"], ["rwth-aachen", "tohoku"]),
        (["--kind", "industry", "--country", "DE"], []),
    ],
    ids=["all", "country", "kind", "activity", "field", "active-on", "nothing-matches"],
)
def test_list_filters(capsys: pytest.CaptureFixture[str], options: list[str], expected: list[str]) -> None:
    """``list`` options select partnerships through `Dataset.filter`."""
    _, out, _ = _call(capsys, "--json", "list", *options)
    assert expected == [p["id"] for p in json.loads(out)["partnerships"]]


def test_list_json_has_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    """Each listed partnership has id, partner, kind, country and started."""
    _, out, _ = _call(capsys, "--json", "list")
    expected = {
        "id": "tata-steel",
        "partner": "Tata Steel",
        "kind": "industry",
        "country": "IN",
        "started": "2014",
    }
    assert expected == json.loads(out)["partnerships"][1]


def test_list_says_when_nothing_matches(capsys: pytest.CaptureFixture[str]) -> None:
    """An empty selection is said in words, not shown as a bare header."""
    expected = (0, "No partnerships match.\n", "")
    assert expected == _call(capsys, "list", "--country", "FR")


# ---------------------------------------------------------------------- show


def test_show_lists_program_occurrences(capsys: pytest.CaptureFixture[str]) -> None:
    """``show`` lists the occurrences possible by the count's as_of apart from those only implied."""
    _, out, _ = _call(capsys, "show", "tohoku")
    listed = out.split("    occurrences: ")[1].split("\n\n")[0]
    reported, implied = listed.split("    implied after 2020-10-22, not reported: ")
    expected = (", ".join(str(year) for year in range(2002, 2021)), "2021, 2022, 2023")
    assert expected == (" ".join(reported.split()), " ".join(implied.split()))


@pytest.mark.parametrize(
    ("as_of", "years"),
    [
        (SOURCE_DATE, "40–41 active as of 2020-10-22"),
        ("2026-11-28", "40–47 active as of 2026-11-28; confirmed only to 2020-10-22"),
    ],
    ids=["at-the-confirmed-day", "past-it"],
)
def test_show_says_no_end_is_reported_and_how_far_the_count_is_confirmed(
    capsys: pytest.CaptureFixture[str], as_of: str, years: str
) -> None:
    """``show`` never says "ongoing": no end is reported, a source shows it running to a day, no further."""
    _, out, _ = _call(capsys, "--as-of", as_of, "show", "rwth-aachen")
    expected = [
        "  ended       no end reported",
        "  confirmed   running on 2020-10-22",
        f"  years       {years}",
    ]
    assert expected == out.splitlines()[3:6]
    assert "ongoing" not in out


def test_show_resolves_citations(capsys: pytest.CaptureFixture[str]) -> None:
    """The sources at the end of ``show`` are source titles with section titles."""
    _, out, _ = _call(capsys, "show", "tohoku")
    sources = out.split("\nSources\n")[1]
    expected = [
        '  [1] Cooperation cases, section "USTB-Tohoku University"',
        "  [2] ROR record v1.54/02egmk993.json (University of Science and Technology",
        "      Beijing)",
        "  [3] ROR record v2.1/01dq60k83.json (Tohoku University)",
    ]
    assert expected == sources.splitlines()


def test_show_prints_milestone_details(capsys: pytest.CaptureFixture[str]) -> None:
    """A milestone shows its date, title, kind, actor, count and an undated one a dash."""
    _, out, _ = _call(capsys, "show", "tata-steel")
    lines = out.splitlines()
    expected = [
        "  2015  Joint research projects approved by Tata Steel [1]",
        '        projects approved; by Tata Steel; count 2 ("two")',
    ]
    start = lines.index(expected[0])
    assert expected == lines[start : start + 2]
    assert "  —     International exchange platform for experts and scholars [1]" in lines


def test_show_prints_none_for_empty_sections(capsys: pytest.CaptureFixture[str], user_file: Path) -> None:
    """Sections without entries say ``none``; missing facts are a dash."""
    _, out, _ = _call(capsys, "--data", str(user_file), "show", "partner-u")
    text = "\n".join(out.splitlines())
    for expected in ("Summary\n  none", "Programs\n  none", "  fields      —", "  established  —"):
        assert expected in text


def test_show_an_unknown_id_suggests_the_closest(capsys: pytest.CaptureFixture[str]) -> None:
    """``show`` of an unknown id exits 2, names the closest id and lists the known ones."""
    expected = (
        2,
        "",
        (
            "ustb-coop: no partnership with id 'tohok'. Did you mean 'tohoku'? "
            "Known ids: 'rwth-aachen', 'tata-steel', 'tohoku'.\n"
        ),
    )
    assert expected == _call(capsys, "show", "tohok")


def test_show_json_holds_the_file_records(capsys: pytest.CaptureFixture[str]) -> None:
    """``show --json`` gives the partnership and organizations as `uc.dumps` writes them."""
    code, out, _ = _call(capsys, "--json", "--as-of", SOURCE_DATE, "show", "tohoku")
    document = json.loads(out)
    dumped = json.loads(uc.dumps(uc.load()))
    expected = (
        dumped["partnerships"][2],
        next(org for org in dumped["organizations"] if org["id"] == "ustb"),
        next(org for org in dumped["organizations"] if org["id"] == "tohoku"),
    )
    assert (0, *expected) == (code, document["partnership"], document["home"], document["partner"])


def test_show_json_adds_what_is_computed(capsys: pytest.CaptureFixture[str]) -> None:
    """``show --json`` adds years active, balance, occurrences reported and implied, resolved citations."""
    _, out, _ = _call(capsys, "--json", "--as-of", SOURCE_DATE, "show", "tohoku")
    document = json.loads(out)
    expected = {
        "as_of": "2020-10-22",
        "years_active": {"low": 17, "high": 18, "text": "17–18"},
        "confirmed_only_to": None,
        "exchange_balance": None,
        "program_occurrences": [
            {
                "program": "Innovation and exchange program",
                "as_of": "2020-10-22",
                "occurrences": [str(year) for year in range(2002, 2021)],
                "implied": ["2021", "2022", "2023"],
                "truncated": False,
            }
        ],
        "first_citation": {
            "source": "ustb-cooperation-cases",
            "section": "3",
            "source_title": "Cooperation cases",
            "section_title": "USTB-Tohoku University",
        },
    }
    actual = {key: document[key] for key in expected if key in document}
    actual["first_citation"] = document["citations"][0]
    assert expected == actual


def test_show_caps_the_occurrences_listed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A program held very often lists its first occurrences and says it was cut short."""
    path = tmp_path / "daily.toml"
    path.write_text(
        USER_TOML
        + """
[[partnerships.programs]]
name = "Daily seminar"
frequency = "daily"
first = "2000-01-01"
times_held = { value = 100000 }
citation = { source = "report" }
""",
        encoding="utf-8",
    )
    _, out, _ = _call(capsys, "--data", str(path), "--json", "show", "partner-u")
    program = json.loads(out)["program_occurrences"][0]
    expected = (_show.MAX_OCCURRENCES_SHOWN, "2000-01-01", True)
    assert expected == (len(program["occurrences"]), program["occurrences"][0], program["truncated"])
    _, text, _ = _call(capsys, "--data", str(path), "show", "partner-u")
    assert "2000-04-08, 2000-04-09, ..." in " ".join(text.split())


# ------------------------------------------------------------------ timeline

TIMELINE = [
    ("1979", "rwth-aachen", "Cooperation agreement signed"),
    ("2002", "tohoku", "Cooperation and exchange platform established"),
    ("2014", "tata-steel", "Cooperation agreement signed"),
    ("2014", "tata-steel", "Collaborative research center established"),
    ("2015", "tata-steel", "Joint research projects approved by Tata Steel"),
    ("2016", "tata-steel", "Training course for Tata Steel's middle-level technical managers"),
    ("2017", "tata-steel", "Training course for Tata Steel's middle-level technical managers"),
]


def test_timeline_is_oldest_first(capsys: pytest.CaptureFixture[str]) -> None:
    """``timeline`` lists every dated milestone, oldest first, ties in file order."""
    code, out, _ = _call(capsys, "timeline")
    expected = [["DATE", "PARTNERSHIP", "MILESTONE"], *(list(entry) for entry in TIMELINE)]
    assert (0, expected) == (code, [_cells(line) for line in out.splitlines()])


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--from", "2014"], TIMELINE[2:]),
        (["--to", "2002-12-31"], TIMELINE[:2]),
        (["--from", "2014-06", "--to", "2015"], TIMELINE[2:5]),
        (["--from", "2018"], []),
    ],
    ids=["from", "to", "overlapping-span", "empty"],
)
def test_timeline_range(
    capsys: pytest.CaptureFixture[str], options: list[str], expected: list[tuple[str, str, str]]
) -> None:
    """``--from`` and ``--to`` keep milestones whose date overlaps the range."""
    _, out, _ = _call(capsys, "--json", "timeline", *options)
    entries = json.loads(out)["entries"]
    assert expected == [(e["on"], e["partnership"], e["title"]) for e in entries]


def test_timeline_json_has_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    """The timeline JSON echoes the range and gives each entry's date, partnership and milestone."""
    _, out, _ = _call(capsys, "--json", "timeline", "--from", "1979", "--to", "1979")
    expected = {
        "from": "1979",
        "to": "1979",
        "entries": [
            {
                "on": "1979",
                "partnership": "rwth-aachen",
                "partner": "RWTH Aachen University",
                "kind": "agreement_signed",
                "title": "Cooperation agreement signed",
            }
        ],
    }
    assert expected == json.loads(out)


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--from", "2020"], "from 2020 on"),
        (["--to", "1900"], "up to 1900"),
        (["--from", "1950", "--to", "1960-06"], "from 1950 to 1960-06"),
    ],
)
def test_timeline_says_which_range_is_empty(
    capsys: pytest.CaptureFixture[str], options: list[str], said: str
) -> None:
    """An empty range is said in words, naming the range that was asked for."""
    expected = (0, f"No dated milestones {said}.\n", "")
    assert expected == _call(capsys, "timeline", *options)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--from", "2020", "--to", "2010"], "ustb-coop: --from 2020 is after --to 2010\n"),
        (["--to", "20x0"], "invalid partial date '20x0': expected YYYY, YYYY-MM or YYYY-MM-DD"),
        (["--from", "2021-02-29"], "PartialDate day must be between 1 and 28 in 2021-02, got 29"),
    ],
    ids=["reversed", "not-a-date", "no-such-day"],
)
def test_timeline_bad_dates_are_usage_errors(
    capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    """A bad or reversed date range exits 2 and says what is wrong."""
    code, out, err = _call(capsys, "timeline", *options)
    assert (code, out) == (2, "")
    assert message in err


# ------------------------------------------------------------------- balance


def test_balance_prints_the_figures(capsys: pytest.CaptureFixture[str]) -> None:
    """``balance`` shows students out and in and the net: unknown when both figures are lower bounds."""
    code, out, _ = _call(capsys, "balance")
    expected = [
        ["ID", "PARTNER", "OUT", "IN", "NET"],
        ["rwth-aachen", "RWTH Aachen University", "over 400", "over 200", "unknown"],
        ["tata-steel", "Tata Steel", "—", "—", "—"],
        ["tohoku", "Tohoku University", "—", "—", "—"],
    ]
    assert (0, expected) == (code, [_cells(line) for line in out.splitlines()])


def test_balance_of_exact_figures_is_exact(capsys: pytest.CaptureFixture[str], user_file: Path) -> None:
    """Exact figures give an exact net, negative when more students came than went."""
    _, text, _ = _call(capsys, "--data", str(user_file), "balance")
    _, out, _ = _call(capsys, "--data", str(user_file), "--json", "balance")
    balance = json.loads(out)["partnerships"][0]["exchange_balance"]
    expected = (
        ["partner-u", "Partner University", "120", "150", "-30"],
        {"low": -30, "high": -30, "text": "-30"},
        True,
    )
    assert expected == (_row(text, "partner-u"), balance["net"], balance["exact"])


@pytest.mark.parametrize(
    ("sent", "received", "expected"),
    [
        (120, 150, "120 out, 150 in, net -30"),
        (150, 150, "150 out, 150 in, net 0"),
        (151, 150, "151 out, 150 in, net +1"),
    ],
    ids=["negative", "zero", "positive"],
)
def test_balance_text_signs_the_net(sent: int, received: int, expected: str) -> None:
    """The net carries a sign, except zero; the text is the balance's own, as the HTML shows it."""
    balance = uc.ExchangeBalance(
        outbound=uc.Quantity(sent), inbound=uc.Quantity(received), net=uc.Interval.exactly(sent - received)
    )
    assert (expected, expected) == (_layout.balance_text(balance), str(balance))


# --------------------------------------------------------------------- audit


def test_audit_reports_the_program_count(capsys: pytest.CaptureFixture[str]) -> None:
    """``audit`` reports the Tohoku program's 22 years that cannot fit before 2020, and exits 0."""
    code, out, _ = _call(capsys, "audit")
    (finding,) = uc.audit(uc.load())
    assert (0, [str(finding), "1 finding."]) == (code, out.splitlines())
    assert str(finding).startswith(
        "partnerships[2].programs[0].times_held: 'Innovation and exchange program'"
    )


def test_audit_strict_exits_1_on_findings(capsys: pytest.CaptureFixture[str]) -> None:
    """``audit --strict`` exits 1 when there are findings."""
    expected = 1
    code, _, _ = _call(capsys, "audit", "--strict")
    assert expected == code


def test_audit_strict_exits_0_without_findings(capsys: pytest.CaptureFixture[str], user_file: Path) -> None:
    """``audit --strict`` on clean data exits 0 and says there is nothing to report."""
    expected = (0, "No findings.\n", "")
    assert expected == _call(capsys, "--data", str(user_file), "audit", "--strict")


def test_audit_json_lists_the_findings(capsys: pytest.CaptureFixture[str]) -> None:
    """``audit --json`` gives each finding's kind, facts, message and partnership."""
    code, out, _ = _call(capsys, "--json", "audit", "--strict")
    (finding,) = json.loads(out)["findings"]
    expected = {
        "kind": "count_exceeds_dates",
        "facts": ["partnerships[2].programs[0].times_held", "partnerships[2].programs[0].first"],
        "message": uc.audit(uc.load())[0].message,
        "partnership": "tohoku",
    }
    assert (1, expected) == (code, finding)


# ------------------------------------------------------------------ validate


def test_validate_json(capsys: pytest.CaptureFixture[str], invalid_file: Path, user_file: Path) -> None:
    """``validate --json`` gives validity, the partnership count and the problems as path and message."""
    code, out, _ = _call(capsys, "--json", "validate", str(invalid_file))
    document = json.loads(out)
    problems = [f"{p['path']}: {p['message']}" for p in document["problems"]]
    invalid = (1, False, None, INVALID_PROBLEMS)
    assert invalid == (code, document["valid"], document["partnerships"], problems)
    code, out, _ = _call(capsys, "--json", "validate", str(user_file))
    valid = {"file": str(user_file), "valid": True, "partnerships": 1, "problems": []}
    assert (0, valid) == (code, json.loads(out))


def test_validate_a_missing_file_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``validate`` of a file that does not exist exits 2 with one message."""
    missing = tmp_path / "missing.toml"
    expected = (2, "", f"ustb-coop: {missing}: No such file or directory\n")
    assert expected == _call(capsys, "validate", str(missing))


def test_validate_names_a_document_problem_without_a_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A problem with the whole document is printed as its message alone."""
    path = tmp_path / "partners.yaml"
    path.write_text("version: 1\n", encoding="utf-8")
    expected = (1, "unsupported file type '.yaml'; use .json or .toml\n")
    assert expected == _call(capsys, "validate", str(path))[:2]


# ----------------------------------------------------------- errors and output


def test_invalid_data_exits_1_with_every_problem(
    capsys: pytest.CaptureFixture[str], invalid_file: Path
) -> None:
    """``--data`` naming an invalid file exits 1 and lists its problems on stderr."""
    code, out, err = _call(capsys, "--data", str(invalid_file), "list")
    expected = [f"ustb-coop: {invalid_file}: 3 problems in dataset", *(f"  {p}" for p in INVALID_PROBLEMS)]
    assert (1, "", expected) == (code, out, err.splitlines())


def test_a_directory_as_data_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``--data`` naming a directory exits 2 with the system's reason."""
    directory = tmp_path / "data.toml"
    directory.mkdir()
    code, _, err = _call(capsys, "--data", str(directory), "list")
    assert code == 2
    assert err.startswith(f"ustb-coop: {directory}: "), err


@pytest.mark.parametrize(
    ("args", "expected"),
    [(["--help"], 0), (["list", "--help"], 0), (["--as-of", "yesterday"], 2), (["--kind"], 2)],
    ids=["help", "command-help", "bad-as-of", "unknown-option"],
)
def test_main_returns_argparse_exits(
    capsys: pytest.CaptureFixture[str], args: list[str], expected: int
) -> None:
    """`main` returns the status argparse exits with instead of raising SystemExit."""
    code, _, _ = _call(capsys, *args)
    assert expected == code


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["list"],
        ["show", "rwth-aachen"],
        ["show", "tata-steel"],
        ["show", "tohoku"],
        ["timeline"],
        ["balance"],
        ["audit"],
        ["--help"],
    ],
    ids=["summary", "list", "show-rwth", "show-tata", "show-tohoku", "timeline", "balance", "audit", "help"],
)
def test_text_output_has_no_trailing_spaces_or_colour(
    capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    """Text output pipes cleanly: no line ends in a space and there are no escape codes."""
    _, out, _ = _call(capsys, *args)
    expected: list[str] = []
    assert expected == [line for line in out.splitlines() if line != line.rstrip() or "\x1b" in line]


def test_control_characters_in_the_data_cannot_steer_the_terminal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """An escape sequence in a name is printed as a replacement character, never sent raw."""
    path = tmp_path / "escape.toml"
    path.write_text(
        USER_TOML.replace('"Partner University"', '"Partner\\u001b[31m University"'), encoding="utf-8"
    )
    _, out, _ = _call(capsys, "--data", str(path), "list")
    expected = ["partner-u", "Partner\N{REPLACEMENT CHARACTER}[31m University", "academic", "FR", "1999-09"]
    assert expected == _row(out, "partner-u")


class _ClosedPipe(io.StringIO):
    """Standard output whose reader has gone away."""

    def write(self, _text: str) -> int:
        raise BrokenPipeError


def test_a_closed_pipe_ends_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A broken pipe on standard output gives status 141 and no message."""
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    code = cli.main(["list"])
    expected = (141, "")
    assert expected == (code, capsys.readouterr().err)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Tohoku", 6), ("東北大学", 8), ("Tōhoku", 6), ("e\u0301", 1), ("", 0)],
    ids=["ascii", "wide", "latin", "combining", "empty"],
)
def test_columns_are_measured_as_the_terminal_shows_them(text: str, expected: int) -> None:
    """Wide characters take two columns and combining marks none, so tables stay aligned."""
    assert expected == _layout.display_width(text)


def test_a_closed_pipe_file_is_pointed_at_the_null_device(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """When standard output is a closed pipe, later flushes go to the null device and cannot fail."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    with open(write_end, "w", encoding="utf-8") as stdout:  # noqa: PTH123 - a file descriptor
        monkeypatch.setattr(sys, "stdout", stdout)
        code = cli.main(["list"])
        stdout.write("written after the reader left\n")
        stdout.flush()
    expected = (141, "")
    assert expected == (code, capsys.readouterr().err)


def test_an_os_error_without_a_file_name_is_reported_as_is(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An operating system error that names no file is shown by its own message, exit 2."""

    def fail(_path: object = None, *, max_bytes: int | None = None) -> uc.Dataset:  # noqa: ARG001
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(uc, "load", fail)
    expected = (2, "", "ustb-coop: [Errno 28] No space left on device\n")
    assert expected == _call(capsys, "list")


# -------------------------------------------------------------------- export


def test_export_json_writes_the_dumps_text(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``export --format json`` writes `uc.dumps` text, which reads back as the same dataset."""
    output = tmp_path / "ustb.json"
    code, out, _ = _call(capsys, "export", "--format", "json", "--output", str(output))
    text = output.read_text(encoding="utf-8")
    expected = (0, f"{output}\n", uc.dumps(uc.load()) + "\n", uc.load())
    assert expected == (code, out, text, uc.loads(text))


def test_export_jsonschema_writes_the_schema(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``export --format jsonschema`` writes the dataset schema, which the exported JSON satisfies."""
    import jsonschema  # noqa: PLC0415 - only this test needs it

    schema_path, data_path = tmp_path / "schema.json", tmp_path / "ustb.json"
    _call(capsys, "export", "--format", "json", "--output", str(data_path))
    code, _, _ = _call(capsys, "export", "--format", "jsonschema", "--output", str(schema_path))
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(data_path.read_text(encoding="utf-8")), schema)
    expected = (0, uc.json_schema())
    assert expected == (code, schema)


TABLE_FILES = [
    "sources.csv",
    "sections.csv",
    "organizations.csv",
    "partnerships.csv",
    "milestones.csv",
    "metrics.csv",
    "programs.csv",
]


@pytest.mark.parametrize(
    ("export_format", "printed", "written"),
    [
        ("csv", TABLE_FILES, TABLE_FILES),
        ("datapackage", ["datapackage.json"], sorted([*TABLE_FILES, "datapackage.json"])),
    ],
    ids=["csv", "datapackage"],
)
def test_export_writes_a_directory(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    export_format: str,
    printed: list[str],
    written: list[str],
) -> None:
    """``csv`` and ``datapackage`` fill a directory, created when missing, and print what they wrote."""
    output = tmp_path / "out" / export_format
    code, out, _ = _call(capsys, "export", "--format", export_format, "--output", str(output))
    expected = (0, [str(output / name) for name in printed], sorted(written))
    assert expected == (code, out.splitlines(), sorted(path.name for path in output.iterdir()))


def test_export_csv_rows(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The exported partnerships table has one row per partnership."""
    _call(capsys, "export", "--format", "csv", "--output", str(tmp_path))
    with (tmp_path / "partnerships.csv").open(encoding="utf-8", newline="") as file:
        ids = [row["id"] for row in csv.DictReader(file)]
    expected = ["rwth-aachen", "tata-steel", "tohoku"]
    assert expected == ids


def test_export_sqlite_of_user_data(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, user_file: Path
) -> None:
    """``export --format sqlite`` writes the ``--data`` dataset to a database and reports it as JSON."""
    output = tmp_path / "partners.sqlite"
    code, out, _ = _call(
        capsys, "--data", str(user_file), "--json", "export", "--format", "sqlite", "--output", str(output)
    )
    with contextlib.closing(sqlite3.connect(output)) as database:
        rows = database.execute("SELECT id, started FROM partnerships").fetchall()
    expected = (0, {"format": "sqlite", "paths": [str(output)]}, [("partner-u", "1999-09")])
    assert expected == (code, json.loads(out), rows)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "--output", "x.json"], "the following arguments are required: --format"),
        (["export", "--format", "xml", "--output", "x.xml"], "invalid choice: 'xml'"),
        (["export", "--format", "json"], "the following arguments are required: --output"),
    ],
    ids=["no-format", "unknown-format", "no-output"],
)
def test_export_usage_errors(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    """``export`` needs a known format and an output path."""
    code, _, err = _call(capsys, *args)
    expected = (2, True)
    assert expected == (code, message in err)


def test_export_into_a_missing_directory_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A JSON export into a directory that does not exist exits 2 and writes nothing."""
    output = tmp_path / "missing" / "ustb.json"
    code, out, err = _call(capsys, "export", "--format", "json", "--output", str(output))
    expected = (2, "", f"ustb-coop: {output}: No such file or directory\n", False)
    assert expected == (code, out, err, output.exists())


# ------------------------------------------------------------ any valid data

# `audit` is left out: it walks every occurrence of a program, and a generated
# daily program held a million times takes seconds.
READ_COMMANDS: Sequence[Sequence[str]] = (("summary",), ("list",), ("timeline",), ("balance",))


def _run_quietly(args: Sequence[str]) -> tuple[int, str]:
    """Run `main` with standard output caught, inside a hypothesis example."""
    stdout = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdout", stdout)
        code = cli.main(args)
    return code, stdout.getvalue()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.datasets())
def test_every_command_reads_any_valid_dataset(dataset: uc.Dataset) -> None:
    """Every read command succeeds on any dataset the loader accepts: JSON parses, text is clean."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "data.json"
        path.write_text(uc.dumps(dataset), encoding="utf-8")
        runs = [
            *(["--data", str(path), *command] for command in READ_COMMANDS),
            *(["--data", str(path), "show", id_] for id_ in dataset.ids),
            ["validate", str(path)],
        ]
        text_runs = [_run_quietly(["--as-of", "2020-10-22", *args]) for args in runs]
        json_runs = [_run_quietly(["--json", "--as-of", "2020-10-22", *args]) for args in runs]
    statuses = [
        (text_code, json_code, type(json.loads(out)))
        for (text_code, _), (json_code, out) in zip(text_runs, json_runs, strict=True)
    ]
    unclean = [
        line
        for _, out in text_runs
        for line in out.splitlines()
        if line != line.rstrip() or any(unicodedata.category(char) == "Cc" for char in line)
    ]
    expected: tuple[list[tuple[int, int, type]], list[str]] = (
        [(cli.EXIT_OK, cli.EXIT_OK, dict)] * len(runs),
        [],
    )
    assert expected == (statuses, unclean)


@pytest.mark.parametrize("format_", ["json", "jsonschema", "sqlite"])
def test_export_onto_a_directory_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, format_: str
) -> None:
    """A single-file export aimed at a directory (like '.') exits 2, names it, and writes nothing."""
    monkeypatch.chdir(tmp_path)
    code, out, err = _call(capsys, "export", "--format", format_, "--output", ".")
    expected: tuple[int, str, str, list[Path]] = (
        2,
        "",
        "ustb-coop: .: is a directory; give a file path\n",
        [],
    )
    assert expected == (code, out, err, list(tmp_path.iterdir()))


def test_a_terminal_that_cannot_show_a_character_gets_an_escape() -> None:
    """With ASCII-only standard output the script still prints, escaping what it cannot show."""
    result = subprocess.run(  # noqa: S603 - the project's own script
        [_script(), "show", "tohoku"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    expected = (0, "", True)
    assert expected == (
        result.returncode,
        result.stderr,
        "\\u6771\\u5317\\u5927\\u5b66 (ja)" in result.stdout,
    )


def test_data_that_does_not_exist_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--data naming no file exits 2 whatever the name, with one line naming it."""
    missing = tmp_path / "nope"
    code, out, err = _call(capsys, "--data", str(missing), "list")
    expected = (2, "", f"ustb-coop: {missing}: No such file or directory\n")
    assert expected == (code, out, err)


@pytest.mark.parametrize(
    ("args", "code", "shown"),
    [
        (["list"], 0, "tata-steel"),
        (["timeline", "--from", "2015", "--to", "2016"], 0, "Joint research projects approved by Tata Steel"),
        (["balance", "--json"], 0, '"text": "unknown"'),
        (["audit", "--strict"], 1, "at most 19 could have taken place"),
        (["audit"], 0, "1 finding."),
    ],
    ids=["list", "timeline", "balance-json", "audit-strict", "audit"],
)
def test_installed_script_runs_every_read_command(args: list[str], code: int, shown: str) -> None:
    """The console script, run as a user would, answers each read command with its exit status."""
    result = _run(*args)
    expected = (code, True, "")
    assert expected == (result.returncode, shown in result.stdout, result.stderr)


def test_installed_script_exports(tmp_path: Path) -> None:
    """The console script writes a SQLite export a client can query."""
    output = tmp_path / "coop.db"
    result = _run("export", "--format", "sqlite", "--output", str(output))
    with closing(sqlite3.connect(output)) as database:
        ids = [row[0] for row in database.execute("SELECT id FROM partnerships ORDER BY id")]
    expected = (0, ["rwth-aachen", "tata-steel", "tohoku"])
    assert expected == (result.returncode, ids)


def test_max_bytes_limits_the_data_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``--max-bytes`` refuses a longer ``--data`` file, exit 1, naming the limit; enough admits it."""
    file = tmp_path / "partners.json"
    file.write_text(uc.dumps(uc.load()) + "\n", encoding="utf-8")
    size = file.stat().st_size
    code, _, err = _call(capsys, "--data", str(file), "--max-bytes", str(size - 1), "list")
    expected = (1, True)
    assert expected == (code, err.rstrip().endswith(f"the limit is {size - 1:,}"))
    expected_code = 0
    assert expected_code == _call(capsys, "--data", str(file), "--max-bytes", str(size), "list")[0]


def test_max_bytes_must_be_a_whole_number_of_bytes(capsys: pytest.CaptureFixture[str]) -> None:
    """A ``--max-bytes`` that is not a whole number is a usage error, exit 2."""
    code, _, err = _call(capsys, "--max-bytes", "10MB", "list")
    expected = (2, True)
    assert expected == (code, "expected a whole number of bytes" in err)
