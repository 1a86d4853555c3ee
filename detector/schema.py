"""The record schema every parser produces and every later stage reads.

A *records frame* is a :class:`pandas.DataFrame` with one row per parsed
request and exactly the columns in :data:`RECORD_COLUMNS`, in that order.
Parsers for every log format (combined, common, IIS W3C, JSON lines, custom
Apache ``LogFormat``) normalise to it, so nothing downstream knows which
format a line came from.

Text columns are pandas categoricals: each distinct address, account, URL,
referer or user agent is stored once and every row holds a small integer
code, so a frame costs about 70 bytes per row however long the URLs are,
and later stages (enrichment, sessions, features) work once per distinct
value.  Missing values of the nullable text columns are categorical NaN.
The order of the categories carries no meaning (it depends on how the input
was chunked): compare values, or use :func:`factorize` with ``sort=True``
when an order is needed.  Frames from separate reads are joined with
:func:`concat_records`, which unions the categories.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: ``utc_offset_min`` of a time written on the server's local clock with no zone (the IIS log file format):
#: ``ts`` holds that wall-clock time as if it were UTC until :func:`detector.enrich.enrich_records` reads it in
#: the site's time zone.
LOCAL_CLOCK = float("inf")

#: ``user_agent`` of a record whose log format does not record the user agent at all (NCSA common, the IIS log file
#: format, a W3C log without ``cs(User-Agent)``, a CSV export without the column), unlike ``''``: a client that
#: sent none, itself a sign of a script.  Classified as ``unlogged``, neither a browser nor automation.
UA_NOT_LOGGED = "(not logged)"

#: Column name -> (dtype, meaning).  Missing values use the stated default.
RECORD_SCHEMA: dict[str, tuple[str, str]] = {
    "ts": ("datetime64[ns, UTC]", "request time, normalised to UTC"),
    "utc_offset_min": ("float64", "UTC offset the line carried, minutes (NaN when it carried none; "
                               "LOCAL_CLOCK when the time is the server's local clock, zone not written)"),
    "client_ip": ("category", "client address as logged ('' when absent)"),
    "user": ("category", "authenticated account (NaN when '-' or absent)"),
    "method": ("category", "HTTP method ('' when no request was received or the request line is unparseable)"),
    "path": ("category", "URL path plus query string, never the scheme or host ('' when no request was received)"),
    "status": ("int16", "HTTP status (0 when absent)"),
    "bytes": ("int64", "response bytes (0 when '-' or absent)"),
    "referer": ("category", "Referer header (NaN when '-' or absent)"),
    "user_agent": ("category", "User-Agent header ('' when '-' or absent; UA_NOT_LOGGED when the format has no such "
                               "field)"),
    "app_session": ("category", "the application's own session id, cookie or field (NaN when absent)"),
    "duration_ms": ("float64", "time taken to serve, milliseconds (NaN when absent)"),
    "file_idx": ("int32", "index of the input file in the scan's file list"),
    "line_no": ("int64", "1-based line number within that file"),
}

RECORD_COLUMNS: list[str] = list(RECORD_SCHEMA)
#: Text columns that are never missing ('' stands for "absent").
TEXT_COLUMNS: tuple[str, ...] = ("client_ip", "method", "path", "user_agent")
#: Text columns whose absent values ('-', '', None) are missing.
NULLABLE_COLUMNS: tuple[str, ...] = ("user", "referer", "app_session")
CATEGORY_COLUMNS: tuple[str, ...] = tuple(c for c, (dtype, _) in RECORD_SCHEMA.items() if dtype == "category")


def _empty_category() -> pd.Categorical:
    return pd.Categorical([], categories=pd.Index([], dtype="str"))


def empty_records() -> pd.DataFrame:
    """Return an empty records frame with the canonical columns and dtypes.

    Returns
    -------
    pandas.DataFrame
        Zero rows, columns :data:`RECORD_COLUMNS`.
    """
    cols = {}
    for name, (dtype, _) in RECORD_SCHEMA.items():
        cols[name] = pd.Series(_empty_category()) if dtype == "category" else pd.Series([], dtype=dtype)
    return pd.DataFrame(cols)


def as_category(values: object, nullable: bool) -> pd.Categorical:
    """Make a text column categorical with the schema's conventions for absent values.

    Parameters
    ----------
    values : array-like or pandas.Series
        Strings (object, ``str`` or categorical), ``None``/NaN where absent.
    nullable : bool
        True: ``'-'``, ``''`` and missing become NaN.  False: missing becomes ``''``.

    Returns
    -------
    pandas.Categorical
        Categories in order of first appearance (already-categorical input
        keeps its order), as ``str``.
    """
    if isinstance(values, pd.Series):
        values = values.array
    if isinstance(values, pd.Categorical):
        cat = values
    else:
        codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=True)
        cat = pd.Categorical.from_codes(codes, categories=pd.Index(uniques.astype(str), dtype="str"))
    if cat.categories.dtype != "str":
        cat = cat.rename_categories(pd.Index(cat.categories.astype(str), dtype="str"))
    if nullable:
        drop = [v for v in ("-", "") if v in cat.categories]
        if drop:
            cat = cat.remove_categories(drop)
    elif cat.isna().any():
        if "" not in cat.categories:
            cat = cat.add_categories([""])
        cat = cat.fillna("")
    return cat


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
        if name == "ts" or dtype == "category":
            continue
        if dtype.startswith("int"):
            out[name] = pd.to_numeric(out[name], errors="coerce").fillna(0).astype(dtype)
        else:
            out[name] = pd.to_numeric(out[name], errors="coerce").astype(dtype)
    for name in CATEGORY_COLUMNS:
        out[name] = pd.Series(as_category(out[name], name in NULLABLE_COLUMNS), index=out.index)
    return out.reset_index(drop=True)


def categorical(codes: np.ndarray, categories: pd.Index) -> pd.Categorical:
    """A categorical from codes (``-1`` = missing) and distinct categories, without re-checking them.

    The caller guarantees that ``categories`` are distinct and every code is
    in range (dictionary encodings are); pandas' own checks hash every
    category again, which costs more than building the codes.
    """
    try:
        dtype = pd.CategoricalDtype._from_fastpath(categories, ordered=False)
        return pd.Categorical.from_codes(codes, dtype=dtype, validate=False)
    except (AttributeError, TypeError):  # private fast path gone: the checked way
        return pd.Categorical.from_codes(codes, categories=categories)


def arrow_index(values: pa.Array) -> pd.Index:
    """Arrow strings as a pandas ``str`` Index (no copy of the characters)."""
    return pd.Index(pd.array(values, dtype="str"), dtype="str") if len(values) else pd.Index([], dtype="str")


def union_categories(parts: Sequence[pd.Categorical]) -> pd.Categorical:
    """Concatenate categoricals, uniting their categories (first part's first).

    Same result as :func:`pandas.api.types.union_categoricals`, computed by
    Arrow's dictionary unification, which is several times faster on the
    hundreds of thousands of distinct URLs a large log holds.
    """
    arrays = []
    for part in parts:
        codes = np.asarray(part.codes)
        categories = pa.array(np.asarray(part.categories, dtype=object), type=pa.string()) \
            if part.categories.dtype != "str" else pa.array(part.categories.array, type=pa.string())
        arrays.append(pa.DictionaryArray.from_arrays(pa.array(codes, mask=codes < 0, type=pa.int32()), categories))
    unified = pa.chunked_array(arrays, type=pa.dictionary(pa.int32(), pa.string())).unify_dictionaries()
    codes = np.concatenate([pc.fill_null(c.indices, -1).to_numpy(zero_copy_only=False) for c in unified.chunks])
    return categorical(codes, arrow_index(unified.chunk(0).dictionary))


def concat_records(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate records frames, keeping the text columns categorical.

    ``pandas.concat`` turns categoricals with different categories into
    plain strings; this unites the categories instead (first frame's
    categories first).

    Parameters
    ----------
    frames : sequence of pandas.DataFrame
        Records frames (see :data:`RECORD_SCHEMA`).

    Returns
    -------
    pandas.DataFrame
        Rows in the given order, index 0..n-1.
    """
    frames = [f for f in frames if len(f)] or list(frames[:1])
    if not frames:
        return empty_records()
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    return pd.DataFrame({name: concat_column([f[name] for f in frames]) for name in frames[0].columns}, copy=False)


def concat_column(parts: Sequence[pd.Series]) -> pd.Series:
    """Concatenate the pieces of one column (categoricals keep their dtype, see :func:`union_categories`)."""
    if all(isinstance(p.dtype, pd.CategoricalDtype) for p in parts):
        return pd.Series(union_categories([p.array for p in parts]), copy=False)
    return pd.concat(parts, ignore_index=True)


def factorize(column: pd.Series, sort: bool = False) -> tuple[np.ndarray, pd.Index]:
    """Integer codes and distinct values of a column, categorical or not.

    Parameters
    ----------
    column : pandas.Series
        Any column; categoricals reuse their codes (no hashing, no copy).
    sort : bool, default False
        When True the codes follow the order of the values, so sorting by
        code sorts by value.

    Returns
    -------
    codes : numpy.ndarray
        Signed integers (the narrowest dtype that fits; cast before doing
        arithmetic on them), ``-1`` where the value is missing.
    uniques : pandas.Index
        ``uniques[codes[i]]`` is row ``i``'s value.
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        uniques = column.cat.categories
        if sort and len(uniques) > 1:
            order = np.argsort(np.asarray(uniques, dtype=object), kind="stable")
            rank = np.empty(len(order) + 1, dtype=np.int32 if len(order) < 2**31 - 1 else np.int64)
            rank[order] = np.arange(len(order))
            rank[-1] = -1
            codes = rank[codes]  # code -1 picks the last entry: -1
            uniques = uniques[order]
        return codes, uniques
    codes, uniques = pd.factorize(column, sort=sort, use_na_sentinel=True)
    return codes, pd.Index(uniques)


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


def iso_seconds(ts: pd.Series) -> np.ndarray:
    """A UTC timestamp column as ``YYYY-MM-DDTHH:MM:SSZ`` strings (what ``strftime`` gives, several times faster).

    Parameters
    ----------
    ts : pandas.Series
        A time-zone-aware datetime column without missing values.

    Returns
    -------
    numpy.ndarray
        object array of str; fractions of a second are dropped (floored).
    """
    naive = ts.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")  # any stored resolution
    seconds = (naive.view(np.int64) // 1_000_000_000).astype("datetime64[s]")
    return np.char.add(np.datetime_as_string(seconds, unit="s"), "Z").astype(object)


__all__ = ["LOCAL_CLOCK", "UA_NOT_LOGGED", "RECORD_SCHEMA", "RECORD_COLUMNS", "CATEGORY_COLUMNS", "NULLABLE_COLUMNS", "TEXT_COLUMNS", "arrow_index",
           "as_category", "categorical",
           "coerce_records", "concat_column", "concat_records", "union_categories", "empty_records", "epoch_ns", "factorize"]
