"""The model, the bottom layer: what a partnership is and what can be asked of it.

Frozen attrs classes (`PartialDate`, `Quantity`, the records and `Dataset`),
the integrity rules every `Dataset` keeps, the queries (`years_active`,
`exchange_balance`) and `audit`. It imports the standard library, attrs,
dateutil and `ustb_coop.exceptions`, and no other layer: it knows nothing of
files, formats, tables or terminals. The one exception is the HTML repr:
``_repr_html_`` imports `ustb_coop.views` inside the method, when Jupyter
asks for it, never at import time (see docs/architecture.md).
"""
