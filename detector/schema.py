"""The record schema every parser produces and every later stage reads.

A *records frame* is a :class:`pandas.DataFrame` with one row per parsed
request and exactly the columns in :data:`RECORD_COLUMNS`, in that order.
Parsers for every log format (combined, common, IIS W3C, JSON lines, custom
Apache ``LogFormat``) normalise to it, so nothing downstream knows which
format a line came from.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Column name -> (dtype, meaning).  Missing values use the stated default.
RECORD_SCHEMA: dict[str, tuple[str, str]] = {
    "ts": ("datetime64[ns, UTC]", "request time, normalised to UTC"),
    "utc_offset_min": ("float64", "UTC offset the line carried, minutes (NaN when it carried none)"),
    "client_ip": ("object", "client address as logged ('' when absent)"),
    "user": ("object", "authenticated account (None when '-' or absent)"),
    "method": ("object", "HTTP method ('' when the request line is unparseable)"),
    "path": ("object", "URL path plus query string, never the scheme or host"),
    "status": ("int16", "HTTP status (0 when absent)"),
    "bytes": ("int64", "response bytes (0 when '-' or absent)"),
    "referer": ("object", "Referer header (None when '-' or absent)"),
    "user_agent": ("object", "User-Agent header ('' when '-' or absent)"),
    "app_session": ("object", "the application's own session id, cookie or field (None when absent)"),
    "duration_ms": ("float64", "time taken to serve, milliseconds (NaN when absent)"),
    "file_idx": ("int32", "index of the input file in the scan's file list"),
    "line_no": ("int64", "1-based line number within that file"),
}

RECORD_COLUMNS: list[str] = list(RECORD_SCHEMA)


def empty_records() -> pd.DataFrame:
    """Return an empty records frame with the canonical columns and dtypes.

    Returns
    -------
    pandas.DataFrame
        Zero rows, columns :data:`RECORD_COLUMNS`.
    """
    frame = pd.DataFrame({name: pd.Series([], dtype=dtype) for name, (dtype, _) in RECORD_SCHEMA.items()})
    return frame


def coerce_records(frame: pd.DataFrame) -> pd.DataFrame:
    """Cast a frame holding the record columns to the canonical dtypes.

    Parameters
    ----------
    frame : pandas.DataFrame
        Must contain every column of :data:`RECORD_COLUMNS`.

    Returns
    -------
    pandas.DataFrame
        A frame with exactly the canonical columns, in order, and dtypes.
    """
    missing = [c for c in RECORD_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"records frame lacks columns: {', '.join(missing)}")
    out = frame[RECORD_COLUMNS].copy()
    if not isinstance(out["ts"].dtype, pd.DatetimeTZDtype):
        out["ts"] = pd.to_datetime(out["ts"], utc=True)
    elif str(out["ts"].dt.tz) != "UTC":
        out["ts"] = out["ts"].dt.tz_convert("UTC")
    out["ts"] = out["ts"].astype("datetime64[ns, UTC]")
    for name, (dtype, _) in RECORD_SCHEMA.items():
        if name == "ts" or dtype == "object":
            continue
        if dtype.startswith("int"):
            out[name] = pd.to_numeric(out[name], errors="coerce").fillna(0).astype(dtype)
        else:
            out[name] = pd.to_numeric(out[name], errors="coerce").astype(dtype)
    out["client_ip"] = out["client_ip"].fillna("").astype(object)
    out["user_agent"] = out["user_agent"].fillna("").astype(object)
    out["method"] = out["method"].fillna("").astype(object)
    out["path"] = out["path"].fillna("").astype(object)
    for name in ("user", "referer", "app_session"):
        col = out[name].astype(object)
        out[name] = col.where(col.notna() & (col != "-") & (col != ""), None)
    return out.reset_index(drop=True)


__all__ = ["RECORD_SCHEMA", "RECORD_COLUMNS", "empty_records", "coerce_records"]


def epoch_ns(ts: pd.Series) -> np.ndarray:
    """Return a UTC timestamp column as int64 nanoseconds since the epoch.

    Parameters
    ----------
    ts : pandas.Series
        A ``datetime64[ns, UTC]`` column.

    Returns
    -------
    numpy.ndarray
        int64 nanoseconds, no copy where pandas allows.
    """
    return np.asarray(ts.array.asi8 if hasattr(ts.array, "asi8") else pd.to_datetime(ts, utc=True).array.asi8)
