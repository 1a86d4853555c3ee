"""Score long sessions window by window as well as whole.

A scraper that never pauses makes one endless session; scored only whole it
would be judged when it ends (or, live, never).  Sessions longer than the
window (``session_window_minutes``, default 60) are also cut into windows
measured from the session's start, and each window is scored with the same
session features and models as a session.  Evidence from a window counts for
its parent session.
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
    sub = req.iloc[rows].reset_index(drop=True)
    parent = parent_of_row[rows]
    ts = epoch_ns(sub["ts"])
    k = (ts - first[parent]) // window_ns
    new = np.ones(len(sub), dtype=bool)
    new[1:] = (parent[1:] != parent[:-1]) | (k[1:] != k[:-1])
    unit = np.cumsum(new) - 1
    gap = np.diff(ts, prepend=ts[0]) / 1e9
    sub["session_idx"] = unit
    sub["gap_s"] = np.where(new, np.nan, gap)
    starts = np.flatnonzero(new)
    stops = np.append(starts[1:], len(sub))
    parents = parent[starts]
    windows = pd.DataFrame(
        {
            "session_id": [f"{sid}-w{int(w)}" for sid, w in zip(sessions["session_id"].to_numpy()[parents], k[starts])],
            "user": sessions["user"].to_numpy()[parents],
            "client_ip": sessions["client_ip"].to_numpy()[parents],
            "user_agent": sessions["user_agent"].to_numpy()[parents],
            "app_session": sessions["app_session"].to_numpy()[parents],
            "first_seen": sub["ts"].to_numpy()[starts],
            "last_seen": sub["ts"].to_numpy()[stops - 1],
            "requests": stops - starts,
            "start": starts,
            "stop": stops,
        }
    )
    windows["first_seen"] = pd.to_datetime(windows["first_seen"], utc=True)
    windows["last_seen"] = pd.to_datetime(windows["last_seen"], utc=True)
    windows.index.name = "session_idx"
    return Sessionised(sub, windows), parents
