"""Typed data about international cooperation between universities and industry.

>>> import datetime, ustb_coop as uc
>>> ds = uc.load()
>>> uc.years_active(ds["rwth-aachen"], as_of=datetime.date(2020, 10, 22))
41
"""

import typing

from ustb_coop._audit import audit
from ustb_coop._dataset import Dataset, TimelineEntry
from ustb_coop._dates import DatePrecision, PartialDate
from ustb_coop._integrity import Finding, FindingKind
from ustb_coop._loading import MAX_INPUT_BYTES, dumps, load, loads
from ustb_coop._models import (
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
from ustb_coop._quantities import Qualifier, Quantity
from ustb_coop._queries import ExchangeBalance, exchange_balance, is_active, latest_metric, years_active
from ustb_coop._tables import TableName, to_records
from ustb_coop.exceptions import (
    DatasetError,
    InvalidFieldError,
    Problem,
    UnknownPartnershipError,
    UstbCoopError,
)

if typing.TYPE_CHECKING:
    from ustb_coop._datapackage import write_csv, write_datapackage
    from ustb_coop._fingerprint import fingerprint
    from ustb_coop._frames import to_dataframe
    from ustb_coop._plot import plot_timeline
    from ustb_coop._schema import json_schema
    from ustb_coop._sqlite import write_sqlite

# Exports, notebook helpers and fingerprints pull in cattrs, csv, sqlite3 and
# hashlib; they are imported on first use so `import ustb_coop` stays cheap.
_LAZY = {
    "fingerprint": "ustb_coop._fingerprint",
    "json_schema": "ustb_coop._schema",
    "plot_timeline": "ustb_coop._plot",
    "to_dataframe": "ustb_coop._frames",
    "write_csv": "ustb_coop._datapackage",
    "write_datapackage": "ustb_coop._datapackage",
    "write_sqlite": "ustb_coop._sqlite",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'ustb_coop' has no attribute {name!r}"
        raise AttributeError(msg)
    import importlib  # noqa: PLC0415 - only lazy names need it

    value = getattr(importlib.import_module(module), name)
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
    "write_csv",
    "write_datapackage",
    "write_sqlite",
    "years_active",
]
