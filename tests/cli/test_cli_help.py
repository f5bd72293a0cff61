"""The command line explains itself: help for every option, suggestions for typos, shell completion."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

import ustb_coop as uc
from ustb_coop import cli
from ustb_coop.cli._parser import _parser

COMMANDS = ("summary", "list", "show", "timeline", "balance", "audit", "validate", "export", "completion")


def _call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _help(capsys: pytest.CaptureFixture[str], *command: str) -> str:
    code, out, _ = _call(capsys, *command, "--help")
    assert code == 0
    return out


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_has_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    """Each option in a command's help is followed by a description, not left bare."""
    options = _help(capsys, command).split("options:", 1)[1]
    bare = [
        line.strip()
        for line, following in zip(options.splitlines(), [*options.splitlines()[1:], ""], strict=True)
        if re.fullmatch(r"  -\S.*", line) and "  " not in line.strip() and not following.startswith(" " * 10)
    ]
    assert bare == []


def test_help_keeps_a_date_form_whole(capsys: pytest.CaptureFixture[str]) -> None:
    """Wrapping never breaks YYYY-MM-DD (or an id) at its hyphens."""
    for text in (_help(capsys), _help(capsys, "summary"), _help(capsys, "show")):
        assert "YYYY-MM-DD" in text
        assert not re.search(r"YYYY-\s*\n\s*MM|YYYY-MM-\s*\n", text)


@pytest.mark.parametrize(
    ("command", "applies"),
    [
        ("summary", {"--data", "--as-of", "--json"}),
        ("show", {"--data", "--as-of", "--json"}),
        ("list", {"--data", "--json"}),
        ("timeline", {"--data", "--json"}),
        ("validate", {"--json"}),
        ("completion", set()),
    ],
)
def test_shared_options_appear_only_where_they_apply(
    capsys: pytest.CaptureFixture[str], command: str, applies: set[str]
) -> None:
    """A command's help lists the shared options it uses and no other."""
    shown = set(re.findall(r"--data|--as-of|--json", _help(capsys, command).split("options:", 1)[1]))
    assert applies == shown


@pytest.mark.parametrize(
    ("args", "suggestion"),
    [
        (["shwo", "rwth-aachen"], "Did you mean 'show'?"),
        (["export", "--format", "sqlit", "--output", "x.db"], "Did you mean 'sqlite'?"),
        (["list", "--kind", "academc"], "Did you mean 'academic'?"),
        (["show", "rwth"], "Did you mean 'rwth-aachen'?"),
    ],
    ids=["command", "format", "kind", "id"],
)
def test_a_typo_gets_a_suggestion(
    capsys: pytest.CaptureFixture[str], args: list[str], suggestion: str
) -> None:
    """A mistyped command, format, choice or id exits 2 and suggests the closest valid one."""
    code, _, err = _call(capsys, *args)
    assert code == 2
    assert suggestion in err


def test_nothing_close_gets_no_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    """A word like no command is refused with the valid choices and no guess."""
    code, _, err = _call(capsys, "frobnicate")
    assert (code, "Did you mean" in err) == (2, False)


def _complete(script: str, words: list[str]) -> list[str]:
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed, so the completion function cannot be run")
    line = " ".join(f"'{word}'" for word in words)
    program = (
        f'{script}\nCOMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; _ustb_coop; echo "${{COMPREPLY[@]}}"'
    )
    result = subprocess.run([bash, "-c", program], capture_output=True, text=True, check=True)  # noqa: S603
    return result.stdout.split()


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["ustb-coop", "sh"], ["show"]),
        (["ustb-coop", "list", "--kind", ""], ["academic", "industry"]),
        (["ustb-coop", "export", "--format", "s"], ["sqlite"]),
        (["ustb-coop", "completion", ""], ["-h", "--help", "bash", "zsh"]),
        (["ustb-coop", "validate", "--d"], []),
        (["ustb-coop", "show", "--as"], ["--as-of"]),
    ],
)
def test_bash_completes_commands_options_and_values(
    capsys: pytest.CaptureFixture[str], words: list[str], expected: list[str]
) -> None:
    """The bash script completes command names, each command's own options and closed sets of values."""
    code, script, _ = _call(capsys, "completion", "bash")
    assert code == 0
    assert expected == _complete(script, words)


def test_zsh_runs_the_same_function_through_bashcompinit(capsys: pytest.CaptureFixture[str]) -> None:
    """The zsh script loads bashcompinit, then the same completion function, registered for the program."""
    _, bash_script, _ = _call(capsys, "completion", "bash")
    _, zsh_script, _ = _call(capsys, "completion", "zsh")
    assert "autoload -U +X bashcompinit && bashcompinit" in zsh_script
    assert bash_script.split("\n", 1)[1] in zsh_script
    zsh = shutil.which("zsh")
    if zsh is not None:
        subprocess.run([zsh, "-n", "-c", zsh_script], check=True)  # noqa: S603 - syntax check only


def test_completion_names_every_command() -> None:
    """The script is generated from the parser: every command the parser has is completed."""
    from ustb_coop.cli._completion import bash_script  # noqa: PLC0415 - the generator under test

    script = bash_script(_parser())
    assert all(command in script for command in COMMANDS)


def test_show_lists_citation_marks_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    """Every run of footnote marks `show` prints reads in ascending order, like [1] [3]."""
    for partnership in uc.load():
        _, out, _ = _call(capsys, "show", partnership.id)
        for run in re.findall(r"(?:\[\d+\](?: |$))+", out, flags=re.MULTILINE):
            numbers = [int(number) for number in re.findall(r"\d+", run)]
            assert numbers == sorted(numbers), run
