"""What every command shares: exit codes, the usage error, the dataset an invocation names."""

from __future__ import annotations

import argparse

import ustb_coop as uc

#: The command finished and found nothing wrong.
EXIT_OK = 0
#: The data is invalid, or ``audit --strict`` found something.
EXIT_INVALID = 1
#: The command line was wrong: an unknown option or id, a bad date, a missing file.
EXIT_USAGE = 2
#: Interrupted by Ctrl-C (128 + SIGINT, as a shell reports it).
EXIT_INTERRUPTED = 130
#: The reader of standard output went away (128 + SIGPIPE, as a shell reports it).
EXIT_BROKEN_PIPE = 141

#: The ``--output`` that means standard output.
DASH = "-"


class UsageError(Exception):
    """A mistake on the command line that argparse cannot see, reported with exit code 2."""


def dataset_of(args: argparse.Namespace) -> uc.Dataset:
    """The dataset of ``--data`` (at most ``--max-bytes`` long), or the bundled one."""
    return uc.load(args.data, max_bytes=args.max_bytes)
