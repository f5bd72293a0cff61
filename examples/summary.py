"""Print a summary of the bundled partnerships using only the public API.

Run it with ``python examples/summary.py [YYYY-MM-DD]``; the date defaults to
the day the source was published, 2020-10-22.
"""

from __future__ import annotations

import datetime
import sys

import ustb_coop as uc


def main(argv: list[str]) -> None:
    """Print each partnership's years active, exchange balance and milestones."""
    as_of = datetime.date.fromisoformat(argv[0]) if argv else datetime.date(2020, 10, 22)
    dataset = uc.load()
    for partnership in dataset:
        balance = uc.exchange_balance(partnership)
        country = partnership.partner.country or "country unknown"
        print(f"{partnership.partner.name} ({country}), since {partnership.started}")
        print(f"  years active as of {as_of}: {uc.years_active(partnership, as_of=as_of)}")
        if partnership.ended is None and partnership.confirmed is not None:
            print(f"  no end reported; confirmed running on {partnership.confirmed}")
        if balance is not None:
            print(f"  students: {balance}")
        for milestone in partnership.milestones:
            print(f"  {milestone.on or 'undated':>8}  {milestone.title}")
    for finding in uc.audit(dataset):
        print(f"audit: {finding}")


if __name__ == "__main__":
    main(sys.argv[1:])
