"""Whole-log session features: staff logins used one after another on one client, and referers logged at all.

A vendor's server that holds several staff members' credentials (one per
district it serves) signs in as one, does its job, signs out and signs in as
the next, from the same address with the same user agent.  Per account each
turn is a few minutes and looks like little; the client is what stands out:
accounts taking turns on it, each starting within minutes of the previous one
ending and never overlapping.  People behind one office address overlap in
time, so their accounts do not form such a run, and a person uses one login.

These features cross accounts, so no partition by account can compute them:
they are computed from the sessions table of the whole log
(:func:`client_turn_features`), after the partitions are combined, and added
to the session level by :func:`detector.units.with_whole_log_features`
(listed in :data:`detector.features.whole_log.WHOLE_LOG_FAMILIES`).
So is :func:`log_referer_share`, one number for the whole log: whether its
format records the Referer at all, which rules that read a missing referer
as a script's mark need to know.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from detector.features.kernels import distinct, pair_codes
from detector.schema import factorize


#: The next account on a client must start within this many minutes of the last one's last request.
HANDOFF_MINUTES = 5.0


def client_turn_features(sessions: pd.DataFrame, handoff_minutes: float = HANDOFF_MINUTES,
                         in_use: np.ndarray | None = None) -> pd.DataFrame:
    """Per session, how many accounts took turns on its client in the run it belongs to.

    A client is an address and an exact user-agent string.  On each client,
    the signed-in sessions in order of their first request form *turns*: the
    consecutive sessions of one account.  A turn continues a run when it
    starts after every earlier turn on the client has ended, and within
    ``handoff_minutes`` of the latest end.  ``client_accounts_in_turn`` is the
    number of distinct accounts in the session's run (1 for an account alone
    on its client, 0 for a session without an account).

    Parameters
    ----------
    sessions : pandas.DataFrame
        The sessions table of the whole log (``user``, ``client_ip``,
        ``user_agent``, ``first_seen``, ``last_seen``), any index.
    handoff_minutes : float, default :data:`HANDOFF_MINUTES`
        Longest gap between one account's last request and the next account's first.
    in_use : numpy.ndarray or None
        Per session, whether its login was in use (see :func:`logins_in_use`); sessions that are not count as
        sessions without an account.  None: every signed-in session.

    Returns
    -------
    pandas.DataFrame
        ``client_accounts_in_turn`` and ``client_accounts_at_once`` (see
        :func:`_accounts_at_once`), float, indexed like ``sessions``.
    """
    out = np.zeros(len(sessions))
    at_once = np.zeros(len(sessions))
    signed = signed_sessions(sessions, in_use)
    if len(signed):
        codes = client_codes(sessions.iloc[signed])
        out[signed] = _accounts_in_turn(*codes, int(handoff_minutes * 60e9))
        at_once[signed] = _accounts_at_once(*codes)
    return pd.DataFrame({"client_accounts_in_turn": out, "client_accounts_at_once": at_once}, index=sessions.index)


def signed_sessions(sessions: pd.DataFrame, in_use: np.ndarray | None = None) -> np.ndarray:
    """Positions of the sessions with an account (and, given ``in_use``, whose login was in use)."""
    users = sessions["user"].to_numpy(dtype=object)
    signed = pd.notna(users) & (users != "")
    if in_use is not None:
        signed &= np.asarray(in_use, dtype=bool)
    return np.flatnonzero(signed)


def logins_in_use(error_4xx_share: np.ndarray) -> np.ndarray:
    """Per session, whether its login was in use: some request of it was not refused.

    HTTP Basic authentication logs the name that was tried on a refused request (Apache's ``%u`` "may be
    bogus if the return status is 401"): a password spray's guesses name real accounts, each once, from the
    sprayer's one client.  A session every request of which was refused (4xx) used no login; the accounts
    taking turns on a client, or visiting it once, are counted among the sessions that did.
    """
    return ~(np.nan_to_num(np.asarray(error_4xx_share, dtype=np.float64), nan=0.0) >= 1.0)


def client_codes(signed: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Client (address and user agent) and account codes, first and last request times (ns) of signed sessions.

    Codes by value, so that ties in time break the same way whatever the row order.
    """
    ip = factorize(signed["client_ip"], sort=True)[0].astype(np.int64)
    agent = factorize(signed["user_agent"], sort=True)[0].astype(np.int64)
    client = pair_codes(np.maximum(ip, 0), np.maximum(agent, 0))
    user = factorize(signed["user"], sort=True)[0].astype(np.int64)
    return client, user, _ns(signed["first_seen"]), _ns(signed["last_seen"])


def _accounts_at_once(client: np.ndarray, user: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Per session: how many accounts on its client were ever signed in while another account was, over the log.

    0 on a client that only ever served one account at a time: one tool
    working through logins in turn.  People behind one address with one
    browser build (a district's managed fleet behind one NAT) overlap, and
    so does the crowd of a remote-desktop farm.  An overlap is a session that
    starts before the longest-running earlier session on its client has
    ended, under another account.
    """
    order = np.lexsort((user, -end, start, client))  # of sessions starting together, the longest first
    c, u, t0, t1 = client[order], user[order], start[order], end[order]
    n = len(c)
    # the session with the latest end so far on its client (a client's first row always is one, so the holder
    # never comes from another client), and the one before each session
    is_max = t1 >= pd.Series(t1).groupby(c, sort=False).cummax().to_numpy()
    holder = np.maximum.accumulate(np.where(is_max, np.arange(n), 0))
    prev = np.zeros(n, dtype=np.int64)
    prev[1:] = holder[:-1]
    same_client = np.zeros(n, dtype=bool)
    same_client[1:] = c[1:] == c[:-1]
    overlap = same_client & (t0 < t1[prev]) & (u[prev] != u)
    involved = np.zeros(n, dtype=bool)
    involved[overlap] = True
    involved[prev[overlap]] = True
    dense, clients = pd.factorize(c)
    per_client = distinct(dense[involved], u[involved], len(clients))
    counts = np.empty(n)
    counts[order] = per_client[dense]
    return counts


def _accounts_in_turn(client: np.ndarray, user: np.ndarray, start: np.ndarray, end: np.ndarray,
                      handoff_ns: int) -> np.ndarray:
    order = np.lexsort((user, end, start, client))
    c, u, t0, t1 = client[order], user[order], start[order], end[order]
    # turns: runs of one account's sessions on one client
    head = np.ones(len(c), dtype=bool)
    head[1:] = (c[1:] != c[:-1]) | (u[1:] != u[:-1])
    heads = np.flatnonzero(head)
    turn_of = np.cumsum(head) - 1
    turn_client, turn_user, turn_start = c[heads], u[heads], t0[heads]
    turn_end = np.maximum.reduceat(t1, heads)
    # a turn links to the run before it when it starts after every earlier turn on the client ended, soon after
    latest = pd.Series(turn_end).groupby(turn_client, sort=False).cummax().to_numpy()
    link = np.zeros(len(heads), dtype=bool)
    link[1:] = ((turn_client[1:] == turn_client[:-1]) & (turn_start[1:] >= latest[:-1])
                & (turn_start[1:] - latest[:-1] <= handoff_ns))
    run = np.cumsum(~link) - 1
    accounts = distinct(run, turn_user, int(run[-1]) + 1)
    counts = np.empty(len(c))
    counts[order] = accounts[run[turn_of]]
    return counts


def _ns(times: pd.Series) -> np.ndarray:
    """UTC times as int64 nanoseconds, whatever the column's unit."""
    return pd.DatetimeIndex(times).as_unit("ns").asi8


def log_referer_share(session_features: pd.DataFrame) -> float:
    """The share of the whole log's page views that carry a Referer.

    Some access logs never record the header (Envoy's default format, many
    JSON loggers): there, a session without referers says nothing about its
    client, and rules that read "no referers" as a script's mark must know it.

    Parameters
    ----------
    session_features : pandas.DataFrame
        The whole log's session features (``pages`` and ``referer_share``).

    Returns
    -------
    float
        Page views with a Referer over all page views (0.0 for a log without pages).
    """
    pages = session_features["pages"].to_numpy(dtype=np.float64)
    total = float(pages.sum())
    if total <= 0:
        return 0.0
    return float(np.nansum(session_features["referer_share"].to_numpy(dtype=np.float64) * pages) / total)
