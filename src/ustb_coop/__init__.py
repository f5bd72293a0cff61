"""Typed data about international cooperation between universities and industry.

>>> import datetime, ustb_coop as uc
>>> ds = uc.load()
>>> uc.years_active(ds["rwth-aachen"], as_of=datetime.date(2020, 10, 22))
41
"""

from ustb_coop._audit import audit
from ustb_coop._datapackage import write_csv, write_datapackage
from ustb_coop._dataset import Dataset, TimelineEntry
from ustb_coop._dates import DatePrecision, PartialDate
from ustb_coop._fingerprint import fingerprint
from ustb_coop._frames import to_dataframe
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
from ustb_coop._plot import plot_timeline
from ustb_coop._quantities import Qualifier, Quantity
from ustb_coop._queries import ExchangeBalance, exchange_balance, is_active, latest_metric, years_active
from ustb_coop._schema import json_schema
from ustb_coop._sqlite import write_sqlite
from ustb_coop._tables import TableName, to_records
from ustb_coop.exceptions import (
    DatasetError,
    InvalidFieldError,
    Problem,
    UnknownPartnershipError,
    UstbCoopError,
)

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
