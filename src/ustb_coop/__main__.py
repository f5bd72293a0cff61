"""``python -m ustb_coop``: the same command line as ``ustb-coop``."""

from ustb_coop.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
