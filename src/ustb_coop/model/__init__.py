"""The model, the bottom layer: what a partnership is and what can be asked of it.

Frozen attrs classes (`PartialDate`, `Quantity`, the records and `Dataset`),
the integrity rules every `Dataset` keeps, the queries (`years_active`,
`exchange_balance`) and `audit`. It imports the standard library, attrs,
dateutil and `ustb_coop.exceptions`, and no other layer: it knows nothing of
files, formats, tables or terminals. HTML reprs call a hook (`_display`)
that the package root points at `ustb_coop.views` (see docs/architecture.md).
"""
