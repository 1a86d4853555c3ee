"""Build a records frame from the Arrow table of the fast path's canonical lines.

Text columns become categoricals straight from Arrow dictionary encodings
(each distinct value decoded once), absent values follow the schema's
conventions exactly as the Python path maps them (``-`` in a token, ``-``
or empty in a quoted field), times are parsed once per distinct value, and
the request line is split once per distinct request.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from detector.io.forwarded import real_client_categorical, resolve_chains_categorical
from detector.io.records import BAD_TIMESTAMP
from detector.io.timeparse import NAT, clf_vectorised, parse_auto
from detector.schema import NULLABLE_COLUMNS, RECORD_SCHEMA, UA_NOT_LOGGED, arrow_index, as_category, categorical


@dataclass(frozen=True)
class Column:
    """One CSV column of the fast path: its name, role (None = ignored) and whether it was quoted."""

    name: str
    role: str | None
    quoted: bool


def table_records(table: pa.Table, columns: list[Column], line_no: np.ndarray, file_idx: int,
                  pool: Executor | None = None) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """The records frame of canonical lines split by Arrow's CSV reader.

    Parameters
    ----------
    table : pyarrow.Table
        One row per line, one column per :class:`Column` with a role.
    columns : list of Column
        The fast path's columns, in order.
    line_no : numpy.ndarray
        The line number of every row.
    file_idx : int
        Index of the file.
    pool : concurrent.futures.Executor, optional
        Threads to encode the text columns with (one after another when None).

    Returns
    -------
    tuple[pandas.DataFrame, list[tuple[int, str]]]
        The records (canonical schema) and ``(line_no, reason)`` for rows
        whose timestamp does not parse.
    """
    n = table.num_rows
    by_role: dict[str, list[str]] = {}
    for c in columns:
        if c.role is not None:
            by_role.setdefault(c.role, []).append(c.name)
    quoted = {c.role: c.quoted for c in columns if c.role is not None}
    # the text columns are independent and Arrow's kernels release the GIL: encode them side by side
    tasks: dict[str, Callable[[], object]] = {
        "time": lambda: _times(table[by_role["time"][0]], table[by_role["time"][1]]),
        "request": (lambda: _request(table[by_role["request"][0]])) if "request" in by_role
        else (lambda: (_constant(n, False), _constant(n, False))),
    }
    for role in ("client_ip", "user", "referer", "user_agent", "app_session"):
        absent = ("-", "") if quoted.get(role) else ("-",)
        nullable = role in NULLABLE_COLUMNS
        tasks[role] = (lambda name=by_role[role][0], a=absent, z=nullable: _category(table[name], a, z)) \
            if role in by_role else (lambda z=nullable, r=role: _constant(n, z, UA_NOT_LOGGED if r == "user_agent" else ""))
    for role in ("forwarded_for", "app_user"):
        if role in by_role:
            absent = ("-", "") if quoted.get(role) else ("-",)
            tasks[role] = lambda name=by_role[role][0], a=absent: _category(table[name], a, True)
    done = dict(zip(tasks, pool.map(lambda task: task(), tasks.values()) if pool else (t() for t in tasks.values())))
    if "forwarded_for" in done:  # behind a load balancer: the client, not the balancer (detector.io.forwarded)
        done["client_ip"] = real_client_categorical(done["client_ip"], done.pop("forwarded_for"))
    elif isinstance(done["client_ip"], pd.Categorical):  # an X-Forwarded-For chain logged as the client
        done["client_ip"] = resolve_chains_categorical(done["client_ip"])
    if "app_user" in done:  # the app's header names the user where the server's own user field is empty
        done["user"] = either_category(done["user"], done.pop("app_user"))
    ts, off = done.pop("time")
    cols: dict[str, object] = {"ts": ts, "utc_offset_min": off}
    cols["method"], cols["path"] = done.pop("request")
    cols.update(done)
    cols["status"] = _integers(table, by_role.get("status"), np.int16)
    cols["bytes"] = _integers(table, by_role.get("bytes"), np.int64)
    duration = np.full(n, np.nan)
    for role, scale in (("dur_ms", 1.0), ("dur_us", 1e-3), ("dur_s", 1e3)):
        if role in by_role:  # '-' was read as null, which becomes NaN
            duration = pc.cast(table[by_role[role][0]], pa.float64()).to_numpy() * scale
            break
    cols["duration_ms"] = duration
    cols["file_idx"] = np.full(n, file_idx, dtype=np.int32)
    cols["line_no"] = np.asarray(line_no, dtype=np.int64)
    keep = ts != NAT
    rejects = [(int(no), BAD_TIMESTAMP) for no in cols["line_no"][~keep]]
    data = {}
    for name, (dtype, _) in RECORD_SCHEMA.items():
        values = cols[name]
        if not keep.all():
            values = values[keep]
        if name == "ts":
            values = pd.to_datetime(values, unit="ns", utc=True)
        elif dtype != "category":
            values = np.asarray(values, dtype=dtype)
        data[name] = pd.Series(values, copy=False)
    return pd.DataFrame(data, copy=False), rejects


def _encode(col: pa.ChunkedArray | pa.Array) -> tuple[np.ndarray, pa.Array]:
    """Dictionary-encode a column: integer codes and the distinct values (first appearance order) as strings.

    The fast path reads text as binary (its lines are ASCII, so there is no
    UTF-8 to validate row by row); only the distinct values are cast.
    """
    enc = pc.dictionary_encode(col)
    if isinstance(enc, pa.ChunkedArray):
        if enc.num_chunks == 0:
            return np.zeros(0, dtype=np.int64), pa.array([], pa.string())
        codes = np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in enc.chunks])
        values = enc.chunk(enc.num_chunks - 1).dictionary
    else:
        codes, values = enc.indices.to_numpy(zero_copy_only=False), enc.dictionary
    return codes, values if values.type == pa.string() else values.cast(pa.string())


def _category(col: pa.ChunkedArray, absent: tuple[str, ...], nullable: bool) -> pd.Categorical:
    """A categorical text column; ``absent`` values become NaN (nullable) or ''."""
    codes, values = _encode(col)
    hit = pc.is_in(values, pa.array(list(absent))).to_numpy(zero_copy_only=False)
    if hit.any():
        if nullable:
            remap = np.where(hit, -1, np.cumsum(~hit) - 1)
            values = values.filter(pa.array(~hit))
        else:
            remap, values = _encode(pc.if_else(pa.array(hit), "", values))
        codes = remap[codes]
    return categorical(codes, arrow_index(values))


def either_category(first: pd.Categorical, second: pd.Categorical) -> pd.Categorical:
    """``first`` where it has a value, else ``second`` (both nullable text columns of one chunk)."""
    values = np.where(first.codes >= 0, np.asarray(first, dtype=object), np.asarray(second, dtype=object))
    return as_category(values, True)


def _constant(n: int, nullable: bool, value: str = "") -> pd.Categorical:
    """A column no field of the format fills: all missing when nullable, else ``value`` on every row."""
    if nullable:
        return categorical(np.full(n, -1, dtype=np.int8), pd.Index([], dtype="str"))
    return categorical(np.zeros(n, dtype=np.int8), pd.Index([value], dtype="str"))


_CLF_WIDTH = 26  # dd/Mon/yyyy:HH:MM:SS +zzzz


def _times(first: pa.ChunkedArray, second: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """``[%t`` split in two columns: parse each distinct time once, as the Python path would.

    Each half is encoded on its own and only the distinct pairs are joined
    (``[date`` has no space and ``zone]`` none either, so a pair is one text).
    """
    codes_a, uniq_a = _encode(first)
    codes_b, uniq_b = _encode(second)
    if len(uniq_b) <= 1:  # one UTC offset all along (the usual case): the first half alone tells the time
        codes, pick_a, pick_b = codes_a, np.arange(len(uniq_a)), np.zeros(len(uniq_a), dtype=np.int64)
    else:
        codes, pairs = pd.factorize(codes_a.astype(np.int64) * len(uniq_b) + codes_b)
        pick_a, pick_b = np.divmod(pairs, len(uniq_b))
    uniq = pc.binary_join_element_wise(pc.utf8_slice_codeunits(uniq_a.take(pa.array(pick_a)), 1),
                                       pc.utf8_slice_codeunits(uniq_b.take(pa.array(pick_b)), 0, -1), " ")
    lengths = pc.binary_length(uniq).to_numpy(zero_copy_only=False)
    if len(uniq) and (lengths == _CLF_WIDTH).all():
        offsets = np.frombuffer(uniq.buffers()[1], dtype=np.int32)[uniq.offset:uniq.offset + len(uniq) + 1]
        raw = uniq.buffers()[2].to_pybytes()[offsets[0]:offsets[-1]]
        ns, off, ok = clf_vectorised(np.frombuffer(raw, dtype=f"S{_CLF_WIDTH}").astype(f"U{_CLF_WIDTH}"))
        if not ok.all():  # what parse_auto does after the vectorised form: ISO 8601, then strptime
            rest = np.flatnonzero(~ok)
            ns[rest], off[rest] = parse_auto(uniq.take(pa.array(rest)).to_pylist())
    else:
        ns, off = parse_auto(uniq.to_pylist())
    return ns[codes], off[codes]


def _request(col: pa.ChunkedArray) -> tuple[pd.Categorical, pd.Categorical]:
    """Method and path of canonical request lines (``METHOD /path[ HTTP/x]``)."""
    codes, values = _encode(col)
    parts = pc.split_pattern(values, " ", max_splits=2)
    out = []
    for piece in (pc.list_element(parts, 0), pc.list_element(parts, 1)):
        sub_codes, sub_values = _encode(piece)
        out.append(categorical(sub_codes[codes], arrow_index(sub_values)))
    return out[0], out[1]


def _integers(table: pa.Table, names: list[str] | None, dtype: type) -> np.ndarray:
    if not names:
        return np.zeros(table.num_rows, dtype=dtype)
    col = table[names[0]]
    return pc.fill_null(col, 0).to_numpy().astype(dtype)


__all__ = ["Column", "table_records"]
