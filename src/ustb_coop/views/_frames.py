"""The flat tables of a dataset as pandas DataFrames, typed column by column.

pandas is an optional extra (``pip install 'ustb-coop[pandas]'``): it is
imported when `to_dataframe` is called, never when ``ustb_coop`` is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from ustb_coop.exports._tables import Column, ColumnType, TableName, table, to_records
from ustb_coop.model._dataset import Dataset

if TYPE_CHECKING:
    import pandas as pd

#: The pandas dtype of each column type. Days are midnights at second
#: resolution, which spans every year a `PartialDate` allows (1 to 9999);
#: nanoseconds would stop at 2262.
_DTYPES: Final[dict[ColumnType, str]] = {
    ColumnType.STRING: "string",
    ColumnType.INTEGER: "Int64",
    ColumnType.DATE: "datetime64[s]",
}


def to_dataframe(dataset: Dataset, table_name: TableName) -> pd.DataFrame:
    """One table of *dataset* as a pandas DataFrame.

    The rows and columns are those of `ustb_coop.to_records`, in the same
    order, so a figure keeps its ``_qualifier``, ``_as_stated``, ``_low`` and
    ``_high`` columns beside it and a partial date its ``_earliest`` and
    ``_latest`` day. Each column gets the
    dtype of its declared type, whether or not the table has rows:

    - text: ``"string"``, missing values ``pd.NA``;
    - whole numbers: nullable ``"Int64"``, missing values ``pd.NA``;
    - days (the ``_earliest`` and ``_latest`` columns): ``"datetime64[s]"`` at midnight,
      missing values ``NaT``.

    The index is a plain ``RangeIndex``: the key columns (``id``, or
    ``partnership_id`` and ``position``) stay columns, ready for ``merge``
    along the foreign keys; call ``set_index`` for a keyed frame.

    Args:
        dataset: The dataset.
        table_name: One of ``sources``, ``sections``, ``organizations``,
            ``partnerships``, ``milestones``, ``metrics``, ``programs``.

    Raises:
        ModuleNotFoundError: pandas is not installed; the message names the extra.
        ValueError: *table_name* is not a table; the message lists those there are.

    Example:
        >>> import ustb_coop as uc
        >>> metrics = uc.to_dataframe(uc.load(), "metrics")
        >>> metrics[["value", "value_qualifier"]].to_dict("list")
        {'value': [400, 200], 'value_qualifier': ['more_than', 'more_than']}
        >>> metrics.dtypes[["value", "value_qualifier", "as_of_earliest"]].map(str).to_dict()
        {'value': 'Int64', 'value_qualifier': 'string', 'as_of_earliest': 'datetime64[s]'}
    """
    try:
        import pandas as pd  # noqa: PLC0415 - an optional extra, loaded on first use
    except ImportError as error:
        msg = "to_dataframe needs pandas: pip install 'ustb-coop[pandas]'"
        raise ModuleNotFoundError(msg, name="pandas") from error

    import numpy as np  # noqa: PLC0415 - comes with pandas

    columns = table(table_name).columns
    records = to_records(dataset, table_name)

    def series(column: Column) -> pd.Series:
        values = [record[column.name] for record in records]
        if column.type is ColumnType.DATE:
            # Through numpy, which holds any year at second resolution; older
            # pandas would go through nanoseconds and stop at 2262.
            return pd.Series(np.array(values, dtype=_DTYPES[column.type]), name=column.name)
        return pd.Series(values, dtype=_DTYPES[column.type], name=column.name)

    return pd.DataFrame(
        {column.name: series(column) for column in columns},
        columns=[column.name for column in columns],
    )
