"""Score long sessions window by window as well as whole.

A scraper that never pauses makes one endless session; scored only whole it
would be judged when it ends (or, live, never).  Sessions longer than the
window (``session_window_minutes``, default 60) are also cut into windows
measured from the session's start, and each window is scored with the same
session features and models as a session.  Evidence from a window counts for
its parent session.

Everything is computed on integer nanoseconds and row positions; the only
copy is of the requests of long sessions (the windows' own requests), and
times stay ``DatetimeArray`` slices (no per-row ``Timestamp`` objects).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from detector.schema import epoch_ns
from detector.sessions import Sessionised


def window_split(data: Sessionised, window_minutes: float) -> tuple[Sessionised, np.ndarray] | None:
    """Cut sessions longer than ``window_minutes`` into windows.

    Parameters
    ----------
    data : Sessionised
        Requests in session order and the sessions table.
    window_minutes : float
        Window length, measured from each session's first request.

    Returns
    -------
    (Sessionised, numpy.ndarray) or None
        The windows as sessions of their own (``session_id`` is the parent's
        plus ``-w<k>``) and, per window, the ``session_idx`` of its parent
        session; None when no session is longer than a window.
    """
    sessions = data.sessions
    if sessions.empty:
        return None
    window_ns = int(window_minutes * 60e9)
    first = epoch_ns(sessions["first_seen"])
    long = (epoch_ns(sessions["last_seen"]) - first) > window_ns
    if not long.any():
        return None
    req = data.requests
    parent_of_row = req["session_idx"].to_numpy()
    rows = np.flatnonzero(long[parent_of_row])
    parent = parent_of_row[rows]
    ts = epoch_ns(req["ts"])[rows]
    k = (ts - first[parent]) // window_ns
    new = np.ones(len(rows), dtype=bool)
    new[1:] = (parent[1:] != parent[:-1]) | (k[1:] != k[:-1])
    starts = np.flatnonzero(new)
    stops = np.append(starts[1:], len(rows))
    sub = req.iloc[rows].reset_index(drop=True)
    sub["session_idx"] = np.cumsum(new) - 1
    sub["gap_s"] = np.where(new, np.nan, np.diff(ts, prepend=ts[0]) / 1e9)
    return Sessionised(sub, _windows_table(sessions, sub, parent[starts], k[starts], starts, stops)), parent[starts]


def _windows_table(
    sessions: pd.DataFrame, sub: pd.DataFrame, parents: np.ndarray, k: np.ndarray, starts: np.ndarray, stops: np.ndarray
) -> pd.DataFrame:
    """The sessions table of the windows (columns as :class:`Sessionised` documents)."""
    times = sub["ts"].array  # DatetimeArray: positional slices keep the dtype, no Timestamp objects
    ids = sessions["session_id"].to_numpy()[parents]
    table = {
        "session_id": [f"{sid}-w{w}" for sid, w in zip(ids.tolist(), k.tolist())],
        **{c: sessions[c].to_numpy()[parents] for c in ("user", "other_users", "client_ip", "user_agent", "app_session")
           if c in sessions.columns},
        "first_seen": times[starts],
        "last_seen": times[stops - 1],
        "requests": stops - starts,
        "start": starts,
        "stop": stops,
    }
    if "first_day" in sessions.columns and "local_day" in sub.columns:  # enriched: local days spanned, as sessionise gives
        day = sub["local_day"].to_numpy()
        table["first_day"] = np.minimum.reduceat(day, starts)
        table["last_day"] = np.maximum.reduceat(day, starts)
    windows = pd.DataFrame(table)
    windows.index.name = "session_idx"
    return windows
