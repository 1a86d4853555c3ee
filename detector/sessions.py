"""Group requests into sessions.

A session is a run of requests from one *client key* with no gap longer than
the inactivity gap.  The key is, in order of preference:

1. the application's own session id (cookie or field), when the log has one;
2. the authenticated account plus client address plus user agent;
3. for unauthenticated traffic, the client address plus user agent.

Keys are built from the integer codes of the categorical record columns
(no string is touched per request) and numbered in order of first
appearance, so sessions come out in the same order whatever the input's
dtypes or chunking.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from detector.io.memory import release_memory
from detector.schema import epoch_ns, factorize


@dataclass
class Sessionised:
    """Requests in session order plus one row per session.

    Attributes
    ----------
    requests : pandas.DataFrame
        The enriched records sorted by session then time, with an int
        ``session_idx`` column (0..n-1) and ``gap_s`` (seconds since the
        session's previous request, NaN for its first).
    sessions : pandas.DataFrame
        Indexed by ``session_idx``: ``session_id``, ``user`` (its first
        account), ``other_users`` (a tuple of any other account names signing
        its requests, else None), ``client_ip``,
        ``user_agent``, ``app_session`` (Python strings, None when absent),
        ``first_seen``, ``last_seen``, ``requests``, ``start`` and ``stop``
        (row positions in ``requests``); ``first_day`` and ``last_day``
        (local days since the epoch) when the requests are enriched.
    """

    requests: pd.DataFrame
    sessions: pd.DataFrame
    #: Derived arrays shared by the feature families of one :func:`detector.features.compute_features`
    #: call (see :mod:`detector.features.kernels`); emptied when the call ends.
    cache: dict = field(default_factory=dict, repr=False)


def _combine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Codes of the pairs ``(a, b)`` (both >= -1), numbered in order of first appearance."""
    a = a.astype(np.int64)
    b = b.astype(np.int64)
    width = int(b.max()) + 2 if len(b) else 1
    if a.max(initial=0) < (2**62) // width:
        return pd.factorize((a + 1) * width + (b + 1), sort=False)[0]
    return pd.MultiIndex.from_arrays([a, b]).factorize()[0]


def client_keys(records: pd.DataFrame) -> np.ndarray:
    """The client key of every request, numbered in order of first appearance.

    Parameters
    ----------
    records : pandas.DataFrame
        Records (categorical or plain text columns).

    Returns
    -------
    numpy.ndarray
        int64 key per row: equal keys = same app session, or same account,
        address and user agent, or (unauthenticated) same address and agent.
    """
    app, _ = factorize(records["app_session"])
    user, _ = factorize(records["user"])
    ip, _ = factorize(records["client_ip"])
    ua, _ = factorize(records["user_agent"])
    has_app = app >= 0
    # namespaces: 0 = app session, 1 = account, 2 = neither
    kind = np.full(len(has_app), 2, dtype=np.int8)
    kind[user >= 0] = 1
    kind[has_app] = 0
    first = np.where(has_app, app, user)
    key = _combine(kind, first)
    key = _combine(key, np.where(has_app, -1, ip))
    return _combine(key, np.where(has_app, -1, ua)).astype(np.int64)


def _session_id(key: str, first_ns: int) -> str:
    digest = hashlib.blake2b(f"{key}|{first_ns}".encode("utf-8", "replace"), digest_size=6).hexdigest()
    return f"s-{digest}"


def _sort_order(key: np.ndarray, ts_ns: np.ndarray) -> np.ndarray:
    """Stable order by key, then time (ties keep input order), as ``np.lexsort((ts, key))``."""
    if len(key) == 0:
        return np.zeros(0, dtype=np.int64)
    span = int(ts_ns.max()) - int(ts_ns.min()) + 1
    if (int(key.max()) + 1) < (2**62) // span:
        return np.argsort(key * span + (ts_ns - ts_ns.min()), kind="stable")
    return np.lexsort((ts_ns, key))


def _values(column: pd.Series, rows: np.ndarray, missing: object) -> np.ndarray:
    """Python values of ``column`` at ``rows`` (object array), ``missing`` where absent."""
    codes, uniques = factorize(column.iloc[rows])
    table = np.append(np.asarray(uniques, dtype=object), missing)
    return table[codes]


def _empty(records: pd.DataFrame) -> Sessionised:
    requests = records.assign(session_idx=pd.Series([], dtype=np.int64), gap_s=pd.Series([], dtype=float))
    sessions = pd.DataFrame(
        {
            "session_id": pd.Series([], dtype=object),
            "user": pd.Series([], dtype=object),
            "other_users": pd.Series([], dtype=object),
            "client_ip": pd.Series([], dtype=object),
            "user_agent": pd.Series([], dtype=object),
            "app_session": pd.Series([], dtype=object),
            "first_seen": pd.Series([], dtype="datetime64[ns, UTC]"),
            "last_seen": pd.Series([], dtype="datetime64[ns, UTC]"),
            "requests": pd.Series([], dtype=np.int64),
            "start": pd.Series([], dtype=np.int64),
            "stop": pd.Series([], dtype=np.int64),
        }
    )
    if "local_day" in records.columns:
        sessions["first_day"] = pd.Series([], dtype=np.int32)
        sessions["last_day"] = pd.Series([], dtype=np.int32)
    sessions.index.name = "session_idx"
    release_memory()
    return Sessionised(requests, sessions)


def _other_users(sess: np.ndarray, codes: np.ndarray, first: np.ndarray, names: np.ndarray) -> np.ndarray:
    """Per session, the account names other than its first that signed its requests (a tuple), else None.

    One application session (cookie) can carry two names: a server that logs
    ``DOMAIN\\user`` on pages and the e-mail on API calls, or one person
    signing out and another in on the same browser.  The session is named by
    its first account; account-days are built from each request's own name,
    so these names say which account-days the session also belongs to.
    """
    out = np.full(len(first), None, dtype=object)
    extra = codes != first[sess]
    if not extra.any():
        return out
    pairs = np.unique(np.stack([sess[extra], codes[extra]]), axis=1)
    split = np.flatnonzero(np.diff(pairs[0])) + 1
    for group in np.split(pairs, split, axis=1):
        out[group[0, 0]] = tuple(str(names[c]) for c in group[1])
    return out


def sessionise(records: pd.DataFrame, gap_minutes: float = 30.0) -> Sessionised:
    """Split enriched records into sessions.

    Parameters
    ----------
    records : pandas.DataFrame
        Enriched records (see :func:`detector.enrich.enrich_records`), in
        any order.
    gap_minutes : float, default 30
        Inactivity that ends a session.

    Returns
    -------
    Sessionised
        Requests in session order and the sessions table.
    """
    if records.empty:
        return _empty(records)
    key = client_keys(records)
    ts_ns = epoch_ns(records["ts"])
    order = _sort_order(key, ts_ns)
    key_sorted = key[order]
    del key
    ts_sorted = ts_ns[order]
    gap_ns = np.diff(ts_sorted, prepend=ts_sorted[0])
    new_session = np.ones(len(order), dtype=bool)
    new_session[1:] = key_sorted[1:] != key_sorted[:-1]
    del key_sorted
    new_session |= gap_ns > gap_minutes * 60e9
    session_idx = np.cumsum(new_session) - 1
    gap_s = gap_ns / 1e9
    del gap_ns
    gap_s[new_session] = np.nan

    requests = records.take(order)
    del order
    requests.index = pd.RangeIndex(len(requests))
    requests["session_idx"] = session_idx
    requests["gap_s"] = gap_s

    starts = np.flatnonzero(new_session)
    stops = np.append(starts[1:], len(requests))
    # an app session can be signed in part-way through: take the session's first non-empty account
    user_codes, user_names = factorize(requests["user"])
    signed = np.flatnonzero(user_codes >= 0)
    first_signed = np.full(len(starts), -1, dtype=np.int64)
    if len(signed):
        sess_of = session_idx[signed]
        head = np.ones(len(signed), dtype=bool)
        head[1:] = sess_of[1:] != sess_of[:-1]
        first_signed[sess_of[head]] = user_codes[signed[head]]
    user_of = np.append(np.asarray(user_names, dtype=object), None)[first_signed]
    other_users = _other_users(session_idx[signed], user_codes[signed], first_signed, user_names)
    app = _values(requests["app_session"], starts, None)
    first_user = _values(requests["user"], starts, None)
    ip = _values(requests["client_ip"], starts, "")
    ua = _values(requests["user_agent"], starts, "")
    keys = [
        f"a:{a}" if a is not None else f"c:{u or ''}|{i}|{g}"
        for a, u, i, g in zip(app, first_user, ip, ua)
    ]
    sessions = pd.DataFrame(
        {
            "session_id": [_session_id(k, t) for k, t in zip(keys, ts_sorted[starts].tolist())],
            "user": user_of,
            "other_users": other_users,
            "client_ip": ip,
            "user_agent": ua,
            "app_session": app,
            "first_seen": pd.to_datetime(ts_sorted[starts], utc=True),
            "last_seen": pd.to_datetime(ts_sorted[stops - 1], utc=True),
            "requests": stops - starts,
            "start": starts,
            "stop": stops,
        }
    )
    if "local_day" in requests.columns:  # enriched: the local days the session spans (for day units)
        day = requests["local_day"].to_numpy()
        sessions["first_day"] = np.minimum.reduceat(day, starts)  # offsets may vary line to line
        sessions["last_day"] = np.maximum.reduceat(day, starts)
    sessions.index.name = "session_idx"
    release_memory()
    return Sessionised(requests, sessions)
