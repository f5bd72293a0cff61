"""docs/cli.md shows real output: each single-command example is run and compared."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from ustb_coop import cli

DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"
_ELIDED = re.compile(r"^[ \t]*\.\.\.[ \t]*$", re.MULTILINE)
_BLOCK = re.compile(r"```text\n(\$ ustb-coop [^\n]*)\n(.*?)```", re.DOTALL)


def _examples() -> list[tuple[str, str]]:
    """(command line, shown output) of each block that runs one command on the bundled data."""
    found = []
    for command, shown in _BLOCK.findall(DOC.read_text(encoding="utf-8")):
        if "\n$ " in shown or "--data" in command or " validate " in command:
            continue  # several commands, or files the page does not ship
        found.append((command.removeprefix("$ ustb-coop").strip(), shown))
    return found


def test_the_page_has_runnable_examples() -> None:
    """The command-line page shows several examples that this test can run."""
    assert len(_examples()) >= 5


@pytest.mark.parametrize(("command", "shown"), _examples(), ids=[c for c, _ in _examples()])
def test_example_output_is_what_the_command_prints(
    capsys: pytest.CaptureFixture[str], command: str, shown: str
) -> None:
    """The page shows exactly what the command prints, on standard output or standard error."""
    cli.main(shlex.split(command))
    captured = capsys.readouterr()
    printed = (captured.out + captured.err).rstrip("\n")
    # A line of "..." on the page stands for lines it leaves out, as in doctests.
    pattern = ".*".join(re.escape(part.strip("\n")) for part in _ELIDED.split(shown.rstrip("\n")))
    assert re.fullmatch(pattern, printed, re.DOTALL), (
        f"docs/cli.md shows:\n{shown}\nbut it prints:\n{printed}"
    )
