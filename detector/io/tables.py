"""Write output tables as CSV quickly (Arrow's writer instead of pandas' per-value formatting)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv


def write_csv(frame: pd.DataFrame, path: str | Path, decimals: int = 6) -> None:
    """Write ``frame`` (without its index) as CSV, floats rounded to ``decimals`` places.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns of numbers, text (missing values become empty fields) or
        categoricals.
    path : path
        The file to write (replaced).
    decimals : int, default 6
        Decimal places kept of float columns.
    """
    columns = {}
    for name in frame.columns:
        values = frame[name]
        if pd.api.types.is_float_dtype(values.dtype):
            values = np.round(values.to_numpy(dtype=np.float64), decimals)
        elif isinstance(values.dtype, pd.CategoricalDtype) or values.dtype == object:
            values = values.astype(object).where(values.notna(), None).to_numpy()
        columns[str(name)] = values
    table = pa.table(columns)
    pa_csv.write_csv(table, str(path), write_options=pa_csv.WriteOptions(quoting_style="needed"))
