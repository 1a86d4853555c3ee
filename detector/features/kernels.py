"""Vectorised group reductions shared by the feature families.

Requests arrive sorted by session then time, so a session is a contiguous
run of rows.  Account-days and address-days are not contiguous; they are
numbered (``0..n-1``) and reduced with :func:`numpy.bincount` and friends.
Text columns are reduced through their integer codes (see
:func:`detector.schema.factorize`), never through the strings.  Everything
derived from the requests once (codes, masks, page rows, unit numbers) is
kept in :attr:`Sessionised.cache`, so the families share it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from detector.schema import epoch_ns, factorize
from detector.sessions import Sessionised


def cached(data: Sessionised, key: str, compute: Callable[[], object]) -> object:
    """``data.cache[key]``, computed by ``compute()`` the first time."""
    if key not in data.cache:
        data.cache[key] = compute()
    return data.cache[key]


def codes(data: Sessionised, column: str) -> tuple[np.ndarray, pd.Index]:
    """Integer codes (``-1`` = missing) and values of a requests column, cached."""
    return cached(data, f"codes:{column}", lambda: factorize(data.requests[column]))


def value_mask(data: Sessionised, column: str, values: tuple[str, ...]) -> np.ndarray:
    """Rows whose ``column`` is one of ``values`` (through the codes)."""
    key = f"mask:{column}:{'|'.join(values)}"

    def compute() -> np.ndarray:
        c, uniques = codes(data, column)
        hit = np.append(np.isin(np.asarray(uniques, dtype=object), list(values)), False)
        return hit[c]

    return cached(data, key, compute)


def ts_ns(data: Sessionised) -> np.ndarray:
    """Request times, int64 UTC nanoseconds, cached."""
    return cached(data, "ts_ns", lambda: epoch_ns(data.requests["ts"]))


def session_of(data: Sessionised) -> np.ndarray:
    """``session_idx`` of every request as int64, cached."""
    return cached(data, "session_of", lambda: data.requests["session_idx"].to_numpy(dtype=np.int64))


def starts(data: Sessionised) -> np.ndarray:
    """First request row of every session."""
    return cached(data, "starts", lambda: data.sessions["start"].to_numpy(dtype=np.int64))


def seg_sum(values: np.ndarray, data: Sessionised) -> np.ndarray:
    """Per-session sum of a per-request array (sessions are contiguous)."""
    first = starts(data)
    if len(first) == 0:
        return np.zeros(0)
    return np.add.reduceat(np.asarray(values, dtype=np.float64), first)


def count(ids: np.ndarray, n: int, weights: np.ndarray | None = None) -> np.ndarray:
    """Per-group count (or sum of ``weights``) for group ids in ``0..n-1``, as float64."""
    if weights is not None:
        weights = np.asarray(weights, dtype=np.float64)
    return np.bincount(ids, weights=weights, minlength=n).astype(np.float64)[:n]


def pair_codes(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One int64 per distinct pair ``(a, b)`` of non-negative codes, ordered like ``(a, b)``."""
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    width = int(b.max()) + 1 if len(b) else 1
    if len(a) == 0 or int(a.max()) < (2**62) // width:
        return a * width + b
    return pd.MultiIndex.from_arrays([a, b]).factorize(sort=True)[0].astype(np.int64)


#: :func:`distinct` marks pairs in a table of ``groups x values`` flags when it has at most this many
#: cells per input row (or :data:`_DENSE_MIN` cells), and hashes the pairs otherwise.
_DENSE_PER_ROW = 16
_DENSE_MIN = 1 << 16


def distinct(ids: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Number of distinct ``values`` (non-negative codes) per group id in ``0..n-1``."""
    if len(ids) == 0:
        return np.zeros(n)
    values = np.asarray(values, dtype=np.int64)
    width = int(values.max()) + 1
    ids = np.asarray(ids, dtype=np.int64)
    if n * width <= max(_DENSE_PER_ROW * len(ids), _DENSE_MIN):  # few cells: flag them, no hashing
        seen = np.zeros((n, width), dtype=bool)
        seen[ids, values] = True
        return np.count_nonzero(seen, axis=1).astype(np.float64)
    if int(ids.max()) < (2**62) // width:
        uniq = pd.unique(ids * width + values)
        return count(uniq // width, n)
    pairs = pd.MultiIndex.from_arrays([ids, values]).unique()
    return count(pairs.get_level_values(0).to_numpy(dtype=np.int64), n)


def group_max(ids: np.ndarray, values: np.ndarray, n: int, fill: float = 0.0) -> np.ndarray:
    """Per-group maximum of ``values`` for group ids in ``0..n-1`` (``fill`` for empty groups)."""
    out = np.full(n, fill, dtype=np.float64)
    if len(ids) == 0:
        return out
    ids = np.asarray(ids, dtype=np.int64)
    values = np.asarray(values, dtype=np.float64)
    if len(ids) > 1 and (np.diff(ids) < 0).any():
        order = np.argsort(ids, kind="stable")
        ids, values = ids[order], values[order]
    head = np.ones(len(ids), dtype=bool)
    head[1:] = ids[1:] != ids[:-1]
    first = np.flatnonzero(head)
    out[ids[first]] = np.maximum.reduceat(values, first)
    return out


def dense(values: np.ndarray) -> np.ndarray:
    """Codes ``0..k-1`` for any int64 values (e.g. entity hashes), so they pack into pairs."""
    return pd.factorize(np.asarray(values))[0].astype(np.int64)


#: Below this many sessions still open, :func:`mean_std` finishes them one by one.
_FEW = 8


def mean_std(sid: np.ndarray, values: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-session mean and population standard deviation (NaN for sessions without values).

    ``sid`` is sorted.  The mean is the segment sum over the count and the
    deviation uses Welford's update, value by value, exactly as pandas'
    grouped ``mean`` and ``std(ddof=0)`` compute them, so the features do not
    move by a rounding error (the models rank on them).  The update runs for
    all sessions at once, one step per position in the longest session.
    """
    mean, std = np.full(n, np.nan), np.full(n, np.nan)
    if len(sid) == 0:
        return mean, std
    heads = np.flatnonzero(np.diff(sid, prepend=-1) != 0)
    sizes = np.diff(np.append(heads, len(sid)))
    mean[sid[heads]] = np.add.reduceat(values, heads) / sizes
    order = np.argsort(-sizes, kind="stable")
    first, size = heads[order], sizes[order]
    run_mean, ssq = np.zeros(len(first)), np.zeros(len(first))
    for step in range(1, int(size[0]) + 1):
        m = int(np.searchsorted(-size, -step, side="right"))  # sessions with at least `step` values
        if m <= _FEW:  # a few very long sessions left: finish them value by value (same float operations)
            for i in range(m):
                mu, acc, nobs = float(run_mean[i]), float(ssq[i]), step - 1
                for x in values[first[i] + step - 1:first[i] + size[i]].tolist():
                    nobs += 1
                    previous = mu
                    mu = previous + (x - previous) / nobs
                    acc += (x - mu) * (x - previous)
                run_mean[i], ssq[i] = mu, acc
            break
        x = values[first[:m] + step - 1]
        old = run_mean[:m].copy()
        run_mean[:m] = old + (x - old) / step
        ssq[:m] += (x - run_mean[:m]) * (x - old)
    std[sid[first]] = np.sqrt(ssq / size)
    return mean, std


def median(sid: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Per-session median (NaN for sessions without values)."""
    out = np.full(n, np.nan)
    if len(sid) == 0:
        return out
    order = np.lexsort((values, sid))
    v = values[order]
    counts = np.bincount(sid, minlength=n)
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    has = counts > 0
    lo = offsets[has] + (counts[has] - 1) // 2
    hi = offsets[has] + counts[has] // 2
    out[has] = (v[lo] + v[hi]) / 2
    return out


__all__ = ["cached", "codes", "count", "dense", "distinct", "group_max", "mean_std", "median", "pair_codes", "seg_sum", "session_of",
           "starts", "ts_ns", "value_mask"]
