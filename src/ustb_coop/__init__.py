"""Typed data about international cooperation between universities and industry.

>>> import datetime, ustb_coop as uc
>>> ds = uc.load()
>>> uc.years_active(ds["rwth-aachen"], as_of=datetime.date(2020, 10, 22))
Interval(40, 41)
"""

import typing

from ustb_coop.exceptions import (
    DatasetError,
    InvalidFieldError,
    Problem,
    UnknownPartnershipError,
    UstbCoopError,
)
from ustb_coop.model import _display
from ustb_coop.model._dataset import Dataset
from ustb_coop.model._dates import DatePrecision, PartialDate
from ustb_coop.model._intervals import Interval
from ustb_coop.model._quantities import Qualifier, Quantity
from ustb_coop.model._queries import is_active, latest_metric, years_active
from ustb_coop.model._records import (
    Activity,
    Citation,
    City,
    Frequency,
    Identifier,
    IdentifierScheme,
    LocalizedName,
    Metric,
    MetricKind,
    Milestone,
    MilestoneKind,
    Organization,
    OrganizationKind,
    Partnership,
    PartnershipKind,
    Program,
    Section,
    Source,
)

if typing.TYPE_CHECKING:
    from ustb_coop.exports._datapackage import write_csv, write_datapackage
    from ustb_coop.exports._fingerprint import fingerprint
    from ustb_coop.exports._schema import json_schema
    from ustb_coop.exports._sqlite import datasette_metadata, write_sqlite
    from ustb_coop.exports._tables import TableName, to_records
    from ustb_coop.io._loading import MAX_INPUT_BYTES, dumps, load, loads, unstructure
    from ustb_coop.model._audit import Finding, FindingKind, audit
    from ustb_coop.model._balance import ExchangeBalance, exchange_balance
    from ustb_coop.model._timeline import TimelineEntry
    from ustb_coop.views._frames import to_dataframe
    from ustb_coop.views._plot import plot_timeline

# Exports, notebook helpers and fingerprints pull in cattrs, csv, sqlite3 and
# hashlib; reading and writing pull in json and tomllib; the table
# descriptions and `audit` (with its occurrence counting) take as long to
# import as the records; a timeline's entries and an exchange balance are
# attrs classes the first answer does not need. All are imported on first
# use, so `import ustb_coop` and the first answer stay cheap
# (docs/performance.md, "Startup").
_LAZY = {
    "MAX_INPUT_BYTES": "ustb_coop.io._loading",
    "ExchangeBalance": "ustb_coop.model._balance",
    "Finding": "ustb_coop.model._audit",
    "FindingKind": "ustb_coop.model._audit",
    "TableName": "ustb_coop.exports._tables",
    "TimelineEntry": "ustb_coop.model._timeline",
    "audit": "ustb_coop.model._audit",
    "dumps": "ustb_coop.io._loading",
    "exchange_balance": "ustb_coop.model._balance",
    "load": "ustb_coop.io._loading",
    "loads": "ustb_coop.io._loading",
    "unstructure": "ustb_coop.io._loading",
    "datasette_metadata": "ustb_coop.exports._sqlite",
    "fingerprint": "ustb_coop.exports._fingerprint",
    "json_schema": "ustb_coop.exports._schema",
    "plot_timeline": "ustb_coop.views._plot",
    "to_records": "ustb_coop.exports._tables",
    "to_dataframe": "ustb_coop.views._frames",
    "write_csv": "ustb_coop.exports._datapackage",
    "write_datapackage": "ustb_coop.exports._datapackage",
    "write_sqlite": "ustb_coop.exports._sqlite",
}


def _render_html(record: object) -> str:
    """Render *record* with the views layer, imported when Jupyter first shows a record."""
    from ustb_coop.views._html import render  # noqa: PLC0415 - presentation loads only when shown

    return render(record)


# The model cannot import the views (it is the bottom layer); the root, above
# every layer, hands it the renderer. See docs/architecture.md.
_display.install_html_renderer(_render_html)


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'ustb_coop' has no attribute {name!r}"
        raise AttributeError(msg)
    # __import__ with a fromlist returns the submodule itself, and needs no importlib.
    value = getattr(__import__(module, fromlist=[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


# A literal, not importlib.metadata: importing the package reads no file.
__version__ = "0.1.0"

__all__ = [
    "MAX_INPUT_BYTES",
    "Activity",
    "Citation",
    "City",
    "Dataset",
    "DatasetError",
    "DatePrecision",
    "ExchangeBalance",
    "Finding",
    "FindingKind",
    "Frequency",
    "Identifier",
    "IdentifierScheme",
    "Interval",
    "InvalidFieldError",
    "LocalizedName",
    "Metric",
    "MetricKind",
    "Milestone",
    "MilestoneKind",
    "Organization",
    "OrganizationKind",
    "PartialDate",
    "Partnership",
    "PartnershipKind",
    "Problem",
    "Program",
    "Qualifier",
    "Quantity",
    "Section",
    "Source",
    "TableName",
    "TimelineEntry",
    "UnknownPartnershipError",
    "UstbCoopError",
    "__version__",
    "audit",
    "datasette_metadata",
    "dumps",
    "exchange_balance",
    "fingerprint",
    "is_active",
    "json_schema",
    "latest_metric",
    "load",
    "loads",
    "plot_timeline",
    "to_dataframe",
    "to_records",
    "unstructure",
    "write_csv",
    "write_datapackage",
    "write_sqlite",
    "years_active",
]
