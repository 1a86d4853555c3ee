"""Write outputs: tables as CSV quickly (Arrow's writer instead of pandas' per-value formatting), text files whole.

Formatting numbers is most of the cost (``sessions.csv`` of a 10M-line log
has about 230k rows of 50 floats), and Arrow's writer runs without the GIL:
row blocks are formatted on threads and written to the file in order.
"""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

#: Rows formatted per block (each block is one Arrow CSV write, on its own thread).
BLOCK_ROWS = 32_768


def _arrow_column(values: pd.Series, decimals: int) -> pa.Array:
    """One column as Arrow: floats rounded, text and categoricals as strings (missing -> null, an empty field)."""
    if pd.api.types.is_float_dtype(values.dtype):
        return pa.array(np.round(values.to_numpy(dtype=np.float64), decimals))
    if isinstance(values.dtype, pd.CategoricalDtype):
        categories = values.cat.categories
        if categories.dtype == object or pd.api.types.is_string_dtype(categories.dtype):
            codes = values.cat.codes.to_numpy()
            dictionary = pa.array(categories.astype(object).to_numpy(), type=pa.string())
            return pa.DictionaryArray.from_arrays(pa.array(codes, mask=codes < 0), dictionary).dictionary_decode()
        values = values.astype(object)
    if values.dtype == object:
        return pa.array(values.where(values.notna(), None).to_numpy(), from_pandas=True)
    return pa.array(values, from_pandas=True)


def write_csv(frame: pd.DataFrame, path: str | Path, decimals: int = 6, threads: int | None = None) -> None:
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
    threads : int, optional
        Threads formatting blocks of :data:`BLOCK_ROWS` rows; None is one per
        core (at most 4).  The file is the same whatever the number.
    """
    table = pa.table({str(name): _arrow_column(frame[name], decimals) for name in frame.columns})
    blocks = [(start, min(BLOCK_ROWS, table.num_rows - start)) for start in range(0, table.num_rows, BLOCK_ROWS)]

    def formatted(block: tuple[int, int]) -> pa.Buffer:
        start, length = block
        sink = pa.BufferOutputStream()
        options = pa_csv.WriteOptions(quoting_style="needed", include_header=start == 0)
        pa_csv.write_csv(table.slice(start, length), sink, write_options=options)
        return sink.getvalue()

    threads = threads or min(4, os.cpu_count() or 1)
    with open(path, "wb") as fh:
        if len(blocks) <= 1 or threads == 1:
            for block in blocks or [(0, 0)]:
                fh.write(formatted(block))
            return
        with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="csv") as pool:
            # at most two blocks per thread formatted ahead of the writer, so memory stays a few blocks
            window = 2 * threads
            pending = [pool.submit(formatted, block) for block in blocks[:window]]
            for i in range(len(blocks)):
                fh.write(pending[i].result())
                pending[i] = None
                if i + window < len(blocks):
                    pending.append(pool.submit(formatted, blocks[i + window]))


def write_text_whole(target: Path, text: str) -> Path:
    """Write ``text`` to ``target`` through a temporary file beside it, renamed into place.

    A reader never sees a half-written file, a failed write leaves the old
    file (if any) as it was and no temporary file behind, and the result is
    readable by its owner only (mode 0600) even when it replaces a file with
    wider permissions.

    Raises
    ------
    OSError
        The directory cannot be created or written.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".tmp", dir=target.parent)  # created 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
