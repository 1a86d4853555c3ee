"""Group requests into sessions.

A session is a run of requests from one *client key* with no gap longer than
the inactivity gap.  The key is, in order of preference:

1. the application's own session id (cookie or field), when the log has one;
2. the authenticated account plus client address plus user agent;
3. for unauthenticated traffic, the client address plus user agent.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from detector.schema import epoch_ns


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
        Indexed by ``session_idx``: ``session_id``, ``user``, ``client_ip``,
        ``user_agent``, ``app_session``, ``first_seen``, ``last_seen``,
        ``requests``, ``start`` and ``stop`` (row positions in ``requests``).
    """

    requests: pd.DataFrame
    sessions: pd.DataFrame
    #: Derived frames shared by several feature families, computed once (see ``features.session``).
    cache: dict = field(default_factory=dict, repr=False)


def _client_key(records: pd.DataFrame) -> np.ndarray:
    app = records["app_session"]
    user = records["user"]
    has_app = app.notna().to_numpy()
    has_user = user.notna().to_numpy()
    first = np.where(has_app, "a:" + app.fillna("").astype(str), np.where(has_user, "u:" + user.fillna("").astype(str), ""))
    ip = np.where(has_app, "", records["client_ip"].astype(str))
    ua = np.where(has_app, "", records["user_agent"].astype(str))
    frame = pd.DataFrame({"k": first, "ip": ip, "ua": ua})
    return frame.groupby(["k", "ip", "ua"], sort=False, dropna=False).ngroup().to_numpy()


def _session_id(key: str, first_ns: int) -> str:
    digest = hashlib.blake2b(f"{key}|{first_ns}".encode("utf-8", "replace"), digest_size=6).hexdigest()
    return f"s-{digest}"


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
        requests = records.assign(session_idx=pd.Series([], dtype=np.int64), gap_s=pd.Series([], dtype=float))
        sessions = pd.DataFrame(
            {
                "session_id": pd.Series([], dtype=object),
                "user": pd.Series([], dtype=object),
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
        sessions.index.name = "session_idx"
        return Sessionised(requests, sessions)
    key = _client_key(records)
    ts_ns = epoch_ns(records["ts"])
    order = np.lexsort((ts_ns, key))
    key_sorted = key[order]
    ts_sorted = ts_ns[order]
    gap_ns = np.diff(ts_sorted, prepend=ts_sorted[0])
    new_key = np.ones(len(order), dtype=bool)
    new_key[1:] = key_sorted[1:] != key_sorted[:-1]
    new_session = new_key | (gap_ns > gap_minutes * 60e9)
    session_idx = np.cumsum(new_session) - 1
    gap_s = np.where(new_session, np.nan, gap_ns / 1e9)

    requests = records.iloc[order].reset_index(drop=True)
    requests["session_idx"] = session_idx
    requests["gap_s"] = gap_s

    starts = np.flatnonzero(new_session)
    stops = np.append(starts[1:], len(order))
    first = requests.iloc[starts]
    last_ts = requests["ts"].iloc[stops - 1].to_numpy()
    users = requests["user"].to_numpy()
    # an app session can be signed in part-way through: take the session's first non-empty account
    user_of = pd.Series(users).groupby(session_idx).first().reindex(range(len(starts))).to_numpy()
    keys = np.where(
        first["app_session"].notna(),
        "a:" + first["app_session"].fillna("").astype(str),
        "c:" + first["user"].fillna("").astype(str) + "|" + first["client_ip"].astype(str) + "|" + first["user_agent"].astype(str),
    )
    sessions = pd.DataFrame(
        {
            "session_id": [_session_id(k, t) for k, t in zip(keys, ts_sorted[starts])],
            "user": user_of,
            "client_ip": first["client_ip"].to_numpy(),
            "user_agent": first["user_agent"].to_numpy(),
            "app_session": first["app_session"].to_numpy(),
            "first_seen": first["ts"].to_numpy(),
            "last_seen": last_ts,
            "requests": stops - starts,
            "start": starts,
            "stop": stops,
        }
    )
    sessions["first_seen"] = pd.to_datetime(sessions["first_seen"], utc=True)
    sessions["last_seen"] = pd.to_datetime(sessions["last_seen"], utc=True)
    sessions.index.name = "session_idx"
    return Sessionised(requests, sessions)
