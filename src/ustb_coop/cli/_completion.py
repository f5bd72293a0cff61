"""The ``completion`` command: shell completion scripts generated from the parser itself.

The script names every command, every option of each and the values of the
options that take a closed set (``--kind``, ``--format``...), read from the
argparse parser, so a new option completes without anyone writing it twice.
zsh runs the same function through its ``bashcompinit`` layer.
"""

from __future__ import annotations

import argparse
import shlex

from ustb_coop.cli import _layout as layout
from ustb_coop.cli._common import EXIT_OK

_FUNCTION = "_ustb_coop"


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return next(
        (
            dict(action.choices)
            for action in parser._actions  # noqa: SLF001 - argparse offers no public view of its actions
            if isinstance(action, argparse._SubParsersAction)  # noqa: SLF001
        ),
        {},
    )


def _options(parser: argparse.ArgumentParser) -> list[str]:
    return [
        option
        for action in parser._actions  # noqa: SLF001 - see _subcommands
        for option in action.option_strings
    ]


def _values(parser: argparse.ArgumentParser) -> dict[str, list[str]]:
    """The options (and, under ``""``, the positional argument) that take one of a closed set of values."""
    values: dict[str, list[str]] = {}
    for action in parser._actions:  # noqa: SLF001 - see _subcommands
        if action.choices is None or isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            continue
        for key in action.option_strings or [""]:
            values[key] = [str(choice) for choice in action.choices]
    return values


def _words(words: list[str]) -> str:
    return shlex.quote(" ".join(words))


def bash_script(parser: argparse.ArgumentParser) -> str:
    """A bash completion function for *parser*'s program, and the line that registers it."""
    commands = _subcommands(parser)
    cases = []
    for name, sub in commands.items():
        values = _values(sub)
        value_cases = "".join(
            f'        {option}) COMPREPLY=($(compgen -W {_words(choices)} -- "$cur")); return;;\n'
            for option, choices in values.items()
            if option
        )
        positional = values.get("", [])
        value_block = f'      case "$prev" in\n{value_cases}      esac\n' if value_cases else ""
        cases.append(
            f"    {name})\n{value_block}"
            f'      COMPREPLY=($(compgen -W {_words([*_options(sub), *positional])} -- "$cur"));;\n'
        )
    return (
        f'# {layout.PROG} completion for bash; load it with: eval "$({layout.PROG} completion bash)"\n'
        f"{_FUNCTION}() {{\n"
        '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" command="" i\n'
        "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
        f'    case "${{COMP_WORDS[i]}}" in {"|".join(commands)}) command="${{COMP_WORDS[i]}}"; break;; esac\n'
        "  done\n"
        '  case "$command" in\n'
        f'    "") COMPREPLY=($(compgen -W {_words([*commands, *_options(parser)])} -- "$cur"));;\n'
        f"{''.join(cases)}"
        "  esac\n"
        "}\n"
        f"complete -o default -F {_FUNCTION} {layout.PROG}\n"
    )


def zsh_script(parser: argparse.ArgumentParser) -> str:
    """The bash function, run by zsh's ``bashcompinit``."""
    return (
        f'# {layout.PROG} completion for zsh; load it with: eval "$({layout.PROG} completion zsh)"\n'
        "autoload -U +X bashcompinit && bashcompinit\n" + bash_script(parser).split("\n", 1)[1]
    )


def completion(args: argparse.Namespace) -> int:
    """Print the completion script for ``args.shell`` of the whole parser, ``args.root``."""
    root: argparse.ArgumentParser = args.root
    layout.emit(bash_script(root) if args.shell == "bash" else zsh_script(root))
    return EXIT_OK
