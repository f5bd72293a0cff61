"""The command line, the top layer: ``ustb-coop`` (also ``python -m ustb_coop``).

It may import every other layer, but only through the public ``ustb_coop``
names, and it is the only layer that imports `argparse` or writes to the
terminal. Nothing imports it but ``ustb_coop.__main__`` and the console script.

- `_parser`: the parser of every command, the dispatch to a command and how errors end.
- `_arguments`: argument types, the options commands share, help layout and "did you mean".
- `_commands`: every command but ``show``, ``export`` and ``completion``; `_show`: ``show``;
  `_export`: ``export``, into files or onto standard output; `_completion`: shell completion.
- `_layout`: text layout (aligned columns, wrapped fields) and safe output.
- `_common`: exit codes, the usage error and the dataset an invocation names.

Exit codes: 0 success, 1 invalid data or audit findings under ``--strict``,
2 usage errors (standard output closed or unwritable included), 130 on
Ctrl-C, 141 when the reader of a pipe goes away early.
"""

from ustb_coop.cli._common import EXIT_BROKEN_PIPE, EXIT_INTERRUPTED, EXIT_INVALID, EXIT_OK, EXIT_USAGE
from ustb_coop.cli._parser import main

__all__ = ["EXIT_BROKEN_PIPE", "EXIT_INTERRUPTED", "EXIT_INVALID", "EXIT_OK", "EXIT_USAGE", "main"]
