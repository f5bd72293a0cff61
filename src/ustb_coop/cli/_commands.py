"""The commands other than ``show`` and ``export``: summary, list, timeline, balance, audit, validate.

Each takes the parsed arguments, prints through `_layout` and returns an exit code.
"""

from __future__ import annotations

import argparse

import ustb_coop as uc
from ustb_coop.cli import _layout as layout
from ustb_coop.cli._common import EXIT_INVALID, EXIT_OK, UsageError, dataset_of
from ustb_coop.model._queries import confirmed_only_to, signed

#: Marks a count that goes past the day the facts reach; the footnote under the table says so.
_BEYOND = "*"


def summary(args: argparse.Namespace) -> int:
    dataset = dataset_of(args)
    as_of: uc.PartialDate = args.as_of
    rows = [
        (
            partnership,
            uc.years_active(partnership, as_of=as_of),
            confirmed_only_to(partnership, as_of),
            uc.exchange_balance(partnership),
        )
        for partnership in dataset
    ]
    if args.json:
        layout.write_json(
            {
                "version": dataset.version,
                "data_as_of": dataset.as_of.isoformat(),
                "as_of": as_of.isoformat(),
                "partnerships": [
                    {
                        "id": partnership.id,
                        "partner": partnership.partner.name,
                        "country": partnership.partner.country,
                        "started": partnership.started.isoformat(),
                        "ended": layout.date_json(partnership.ended),
                        "confirmed": layout.date_json(partnership.confirmed),
                        "years_active": layout.interval_json(years),
                        "confirmed_only_to": layout.date_json(beyond),
                        "exchange_balance": layout.balance_json(balance),
                        "milestone_count": len(partnership.milestones),
                    }
                    for partnership, years, beyond, balance in rows
                ],
            }
        )
        return EXIT_OK
    count = f"{len(dataset)} partnership{'' if len(dataset) == 1 else 's'}"
    lines = [
        f"{count} in dataset {dataset.version or '(no version)'}, data as of {dataset.as_of};",
        f"years active counted to {as_of}"
        + ("." if as_of.precision is uc.DatePrecision.DAY else ", any day of it."),
    ]
    if rows:
        lines.append("")
        lines += layout.table(
            ("PARTNER", "COUNTRY", "SINCE", "CONFIRMED", "YEARS", "EXCHANGE BALANCE", "MILESTONES"),
            [
                (
                    partnership.partner.name,
                    layout.cell_text(partnership.partner.country),
                    str(partnership.started),
                    layout.cell_text(partnership.confirmed),
                    f"{years}{'' if beyond is None else _BEYOND}",
                    layout.balance_text(balance),
                    str(len(partnership.milestones)),
                )
                for partnership, years, beyond, balance in rows
            ],
            right=(4, 6),
        )
    if any(beyond is not None for _, _, beyond, _ in rows):
        lines += [
            "",
            f"{_BEYOND} confirmed only to the CONFIRMED day (the start, when none is given):",
            f"  no source shows the partnership running later, so the count to {as_of}",
            "  is what is possible, not what is known.",
        ]
    layout.write(lines)
    return EXIT_OK


def list_(args: argparse.Namespace) -> int:
    dataset = dataset_of(args)
    selected = dataset.filter(
        country=args.country,
        kind=None if args.kind is None else uc.PartnershipKind(args.kind),
        activity=None if args.activity is None else uc.Activity(args.activity),
        field=args.field,
        active_on=args.active_on,
    )
    if args.json:
        layout.write_json(
            {
                "partnerships": [
                    {
                        "id": partnership.id,
                        "partner": partnership.partner.name,
                        "kind": partnership.kind.value,
                        "country": partnership.partner.country,
                        "started": partnership.started.isoformat(),
                    }
                    for partnership in selected
                ]
            }
        )
        return EXIT_OK
    if not selected:
        layout.write(["No partnerships match."])
        return EXIT_OK
    layout.write(
        layout.table(
            ("ID", "PARTNER", "KIND", "COUNTRY", "STARTED"),
            [
                (p.id, p.partner.name, p.kind.value, layout.cell_text(p.partner.country), str(p.started))
                for p in selected
            ],
        )
    )
    return EXIT_OK


def _range_text(start: uc.PartialDate | None, end: uc.PartialDate | None) -> str:
    """The range asked for, in words: ``from 2020 to 2021``, ``from 2020 on``, ``up to 2014``."""
    if start is not None and end is not None:
        return f"from {start} to {end}"
    if start is not None:
        return f"from {start} on"
    if end is not None:
        return f"up to {end}"
    return "in the dataset"


def timeline(args: argparse.Namespace) -> int:
    start: uc.PartialDate | None = args.start
    end: uc.PartialDate | None = args.end
    if start is not None and end is not None and start.earliest > end.latest:
        msg = f"--from {start} is after --to {end}"
        raise UsageError(msg)
    dataset = dataset_of(args)
    entries = dataset.timeline(start, end)
    if args.json:
        layout.write_json(
            {
                "from": layout.date_json(start),
                "to": layout.date_json(end),
                "entries": [
                    {
                        "on": entry.on.isoformat(),
                        "partnership": entry.partnership.id,
                        "partner": entry.partnership.partner.name,
                        "kind": entry.milestone.kind.value,
                        "title": entry.milestone.title,
                    }
                    for entry in entries
                ],
            }
        )
        return EXIT_OK
    if not entries:
        layout.write([f"No dated milestones {_range_text(start, end)}."])
        return EXIT_OK
    layout.write(
        layout.table(
            ("DATE", "PARTNERSHIP", "MILESTONE"),
            [(str(entry.on), entry.partnership.id, entry.milestone.title) for entry in entries],
        )
    )
    return EXIT_OK


def balance(args: argparse.Namespace) -> int:
    dataset = dataset_of(args)
    rows = [(partnership, uc.exchange_balance(partnership)) for partnership in dataset]
    if args.json:
        layout.write_json(
            {
                "partnerships": [
                    {
                        "id": partnership.id,
                        "partner": partnership.partner.name,
                        "exchange_balance": layout.balance_json(balance),
                    }
                    for partnership, balance in rows
                ]
            }
        )
        return EXIT_OK
    if not rows:
        layout.write(["No partnerships."])
        return EXIT_OK
    table_rows = [
        (partnership.id, partnership.partner.name, layout.NONE, layout.NONE, layout.NONE)
        if balance is None
        else (
            partnership.id,
            partnership.partner.name,
            str(balance.outbound),
            str(balance.inbound),
            signed(balance.net),
        )
        for partnership, balance in rows
    ]
    layout.write(layout.table(("ID", "PARTNER", "OUT", "IN", "NET"), table_rows))
    return EXIT_OK


def audit(args: argparse.Namespace) -> int:
    dataset = dataset_of(args)
    findings = uc.audit(dataset)
    if args.json:
        layout.write_json(
            {
                "findings": [
                    {
                        "kind": finding.kind.value,
                        "facts": list(finding.facts),
                        "message": finding.message,
                        "partnership": finding.partnership,
                    }
                    for finding in findings
                ]
            }
        )
    else:
        noun = "finding" if len(findings) == 1 else "findings"
        layout.write([*(str(finding) for finding in findings), f"{len(findings) or 'No'} {noun}."])
    return EXIT_INVALID if args.strict and findings else EXIT_OK


def validate(args: argparse.Namespace) -> int:
    name = str(args.file)
    try:
        dataset = uc.load(args.file, max_bytes=args.max_bytes)
    except uc.DatasetError as error:
        if args.json:
            problems = [{"path": p.path, "message": p.message} for p in error.problems]
            layout.write_json({"file": name, "valid": False, "partnerships": None, "problems": problems})
        else:
            layout.write(str(problem) for problem in error.problems)
            noun = "problem" if len(error.problems) == 1 else "problems"
            layout.error(f"{name}: invalid ({len(error.problems)} {noun})")
        return EXIT_INVALID
    if args.json:
        layout.write_json({"file": name, "valid": True, "partnerships": len(dataset), "problems": []})
    else:
        noun = "partnership" if len(dataset) == 1 else "partnerships"
        layout.write([f"{name}: valid ({len(dataset)} {noun})"])
    return EXIT_OK
