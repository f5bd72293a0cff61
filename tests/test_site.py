"""The documentation site: its generated pages are fresh, its API page names everything public.

The browser tests in ``tests/test_site_browser.py`` build and open the site.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from docs._ext import reference

import ustb_coop as uc

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EXAMPLE = ROOT / "examples" / "partners.toml"


@pytest.mark.parametrize("name", sorted(reference.PAGES))
def test_generated_page_is_fresh(name: str) -> None:
    """Each committed generated page equals a fresh generation from the model and data."""
    expected = reference.PAGES[name]()
    actual = (DOCS / name).read_text(encoding="utf-8")
    assert expected == actual, f"docs/{name} is stale: run `python -m docs._ext.reference`"


def test_api_page_names_every_public_name() -> None:
    """Every name in `ustb_coop.__all__` is documented on the API reference page."""
    text = (DOCS / "reference" / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\.\. auto(?:class|function|data):: (\S+)$", text, re.MULTILINE))
    assert set(uc.__all__) == documented


@pytest.mark.parametrize(
    "text",
    [
        "`[[partnerships.milestones]]`",
        "`[[partnerships.programs]]`",
        "`[[partnerships.metrics]]`",
        "| `fields` |",
        "| `ended` |",
        "| `confirmed` |",
        "| `summary` |",
        "| `city` |",
        "| `identifiers` |",
        "| `short_name` |",
        "| `other_names` |",
        "**required**",
        "`more_than`",
        "`research_institute`",
        "`joint_research`",
        "`monthly`",
    ],
)
def test_data_format_reference_shows(text: str) -> None:
    """The data-format reference shows each table, key and file string a newcomer needs."""
    assert text in (DOCS / "reference" / "data-format.md").read_text(encoding="utf-8")


def test_data_format_reference_lists_every_enum_value_as_written_in_a_file() -> None:
    """Each value of every enum a file holds appears as its file string, not its member name."""
    text = (DOCS / "reference" / "data-format.md").read_text(encoding="utf-8")
    kinds = (uc.OrganizationKind, uc.PartnershipKind, uc.Activity, uc.MilestoneKind, uc.MetricKind)
    missing = [
        member.value
        for kind in (*kinds, uc.Frequency, uc.Qualifier, uc.IdentifierScheme)
        for member in kind
        if f"| `{member.value}` |" not in text
    ]
    assert missing == []


def test_enum_meanings_are_read_from_the_members_comments() -> None:
    """The meaning of an enum value is the ``#:`` comment above its member."""
    assert (
        reference.member_meanings(uc.Qualifier)["more_than"] == 'The number is above the figure ("over 400").'
    )


def test_example_dataset_loads_and_is_audit_clean() -> None:
    """examples/partners.toml is valid, has several partnerships with every kind of fact, and no findings."""
    dataset = uc.load(EXAMPLE)
    assert len(dataset) >= 3
    assert all(p.milestones and p.metrics and p.programs for p in dataset)
    assert uc.audit(dataset) == ()


def _commands(text: str) -> list[list[str]]:
    """The ``ustb-coop`` commands of *text*'s ``sh`` blocks that name examples/partners.toml."""
    blocks = re.findall(r"```sh\n(.*?)```", text, re.DOTALL)
    lines = [line.split("#", 1)[0].split() for block in blocks for line in block.splitlines()]
    return [line[1:] for line in lines if line[:1] == ["ustb-coop"] and "examples/partners.toml" in line]


@pytest.mark.parametrize(
    "arguments",
    [
        arguments
        for page in (ROOT / "README.md", DOCS / "howto" / "own-data.md", DOCS / "howto" / "export.md")
        for arguments in _commands(page.read_text(encoding="utf-8"))
    ],
    ids=" ".join,
)
def test_readme_and_docs_commands_run_on_the_example(arguments: list[str], tmp_path: Path) -> None:
    """Each documented command on examples/partners.toml exits 0, writing any output in a scratch folder."""
    arguments = [str(tmp_path / a) if a.endswith((".db", ".json")) else a for a in arguments]
    result = subprocess.run(  # noqa: S603 - the documented command lines
        [sys.executable, "-m", "ustb_coop", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
