"""Whole-log session feature: many staff logins that each visited one client once.

Whoever holds many people's passwords (phished, bought, or collected by a
vendor) uses them from a machine of their own: one address, one browser
build.  Each login visits it once, for one short session, at any hour, and
its owner goes on working from school and home.  Per account the visit is
one more place among several; the client is what stands out: half or more of
the logins ever seen on it came once and otherwise live elsewhere.  A
school's address carries dozens of logins that come back every day, a
remote-desktop host a few regulars, a person's own computer one login.

Computed from the whole log's sessions table, after the partitions are
combined (:func:`detector.units.with_whole_log_features`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from detector.features.client_turns import client_codes, signed_sessions


def client_visitor_features(sessions: pd.DataFrame, in_use: np.ndarray | None = None) -> pd.DataFrame:
    """Per session, the logins that visited its client once, when the session is one such visit.

    A client is an address and an exact user-agent string.  An account
    *visits* a client when exactly one of its sessions is on it and it has
    sessions on other clients too.  For a visit,
    ``client_visiting_accounts`` is the number of accounts that visited the
    session's client and ``client_visiting_share`` that number over all the
    accounts seen on the client; both are 0 for every other session.

    Parameters
    ----------
    sessions : pandas.DataFrame
        The sessions table of the whole log (``user``, ``client_ip``, ``user_agent``, ``first_seen``,
        ``last_seen``), any index.
    in_use : numpy.ndarray or None
        Per session, whether its login was in use (:func:`detector.features.client_turns.logins_in_use`);
        None: every signed-in session.

    Returns
    -------
    pandas.DataFrame
        ``client_visiting_accounts`` and ``client_visiting_share``, float, indexed like ``sessions``.
    """
    visiting = np.zeros(len(sessions))
    share = np.zeros(len(sessions))
    signed = signed_sessions(sessions, in_use)
    if len(signed):
        client, user, _, _ = client_codes(sessions.iloc[signed])
        table = pd.DataFrame({"client": client, "user": user})
        on_client = table.groupby(["client", "user"])["user"].transform("size").to_numpy()
        overall = table.groupby("user")["user"].transform("size").to_numpy()
        visit = (on_client == 1) & (overall >= 2)
        accounts = table.groupby("client")["user"].transform("nunique").to_numpy(dtype=np.float64)
        visitors = (table[visit].groupby("client")["user"].nunique()
                    .reindex(client).fillna(0).to_numpy(dtype=np.float64))
        visiting[signed[visit]] = visitors[visit]
        share[signed[visit]] = visitors[visit] / accounts[visit]
    return pd.DataFrame({"client_visiting_accounts": visiting, "client_visiting_share": share}, index=sessions.index)
