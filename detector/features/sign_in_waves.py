"""Whole-log session feature: waves of failed sign-ins from many addresses at once.

Password guessing through a pool of proxies (residential exits, a botnet)
spreads its attempts so that each address tries once to a few times and
moves on: per address it looks like a person who mistyped.  What stands out
is the log as a whole: within an hour or two, dozens of addresses that only ever
failed to sign in, against an hour or two a day of a person forgetting a
password.  A person who mistypes signs in afterwards, usually from the same
address; an address that never signed in anywhere in the log, and whose
every attempt was refused, is the guessing's mark.

The same failing-only sessions show the other slow way: one address (or a
few) guessing one password an hour, day and night, under any lockout.  Per
session it is one mistyped password; over the log the address fails in hour
after hour and never gets in, where a person who forgot a password tries
within an hour or two and then resets it (``failed_sign_in_hours_address``).

It crosses addresses, so it is computed from the whole log's sessions table
and session features (:func:`failed_sign_in_wave_features`), after the
partitions are combined, by :func:`detector.units.with_whole_log_features`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from detector.schema import factorize

#: Addresses count around a session when they failed within this many minutes of its start, either side.
WAVE_MINUTES = 60


def failed_sign_in_wave_features(sessions: pd.DataFrame, session_features: pd.DataFrame,
                                 wave_minutes: float = WAVE_MINUTES) -> pd.DataFrame:
    """Per session, how many addresses failed to sign in, and only failed, around its start.

    A session *fails only* when it made at least one sign-in post and every
    one failed (refused with an error status, or, in a session that opened
    nothing but sign-in pages, answered without a redirect), it met no server
    error, it never signed in, and no session of its address signed in
    anywhere in the log.  An address
    with such sessions is *failing* from the first of them to the last (a new
    spell after twice ``wave_minutes`` without one).  For
    a failing-only session, ``failed_sign_in_sources_hour`` is the number of
    failing addresses within ``wave_minutes`` of its start, either side, and
    ``failed_sign_in_sources_hour_vs_log`` that number over the same count's
    median over the log's other sessions (at least 1): how far the moment
    stands out from the log's own background of forgotten passwords.  Both
    are 0 for every other session.

    Parameters
    ----------
    sessions : pandas.DataFrame
        The whole log's sessions table (``user``, ``client_ip``, ``first_seen``).
    session_features : pandas.DataFrame
        The whole log's session features (``login_attempts``, ``login_failures``,
        ``login_not_redirected``, ``login_retries``, ``non_sign_in_requests``, ``error_5xx_share``, and
        ``login_unanswered`` when present),
        indexed like ``sessions``.
    wave_minutes : float, default :data:`WAVE_MINUTES`
        Half the width of the window around each session.

    Returns
    -------
    pandas.DataFrame
        ``failed_sign_in_sources_hour``, ``failed_sign_in_sources_hour_vs_log``,
        ``failed_sign_in_hours_address`` (for a failing-only session, the
        distinct clock hours of the log in which its address had failing-only
        sessions), ``failed_sign_in_sources_log`` (the failing addresses of
        the whole log) and ``failed_sign_in_sources_log_share`` (those over
        the addresses that signed in or tried to), float, indexed like
        ``sessions``.
    """
    n = len(sessions)
    count = np.zeros(n)
    ratio = np.zeros(n)
    hours = np.zeros(n)
    in_log = np.zeros(n)
    log_share = np.zeros(n)
    failing = _failing_only(sessions, session_features) if n else np.zeros(0, dtype=bool)
    if failing.any():
        # a campaign that runs all day long is the log's background: measured against the addresses that
        # signed in or tried to, it is as many as they are, against a few in a hundred for forgotten passwords
        failing_addresses = sessions["client_ip"][failing].nunique()
        tried = session_features["login_attempts"].reindex(sessions.index).to_numpy(dtype=np.float64) >= 1
        named = pd.notna(sessions["user"].to_numpy(dtype=object))
        in_log[failing] = failing_addresses
        log_share[failing] = failing_addresses / max(sessions["client_ip"][tried | named].nunique(), 1)
        start = pd.DatetimeIndex(sessions["first_seen"]).as_unit("ns").asi8
        ip = factorize(sessions["client_ip"], sort=True)[0].astype(np.int64)
        failing_hours = pd.DataFrame({"ip": ip[failing], "hour": start[failing] // int(3600e9)})
        per_address = failing_hours.groupby("ip")["hour"].nunique()
        hours[failing] = per_address.reindex(ip[failing]).to_numpy(dtype=np.float64)
        half = int(wave_minutes * 60e9)
        first, last = _failing_spans(ip[failing], start[failing], 2 * half)
        # addresses failing within the window: failing began before its end, and did not end before its start
        around = (np.searchsorted(first, start + half, side="right")
                  - np.searchsorted(last, start - half, side="left")).astype(np.float64)
        # the background is what the log's other sessions see: a campaign's own sessions, when they are many
        # (hundreds of proxies, one session each), would otherwise make the campaign its own background
        others = around[~failing]
        background = max(float(np.median(others if len(others) else around)), 1.0)
        count[failing] = around[failing]
        ratio[failing] = around[failing] / background
    return pd.DataFrame({"failed_sign_in_sources_hour": count, "failed_sign_in_sources_hour_vs_log": ratio,
                         "failed_sign_in_hours_address": hours, "failed_sign_in_sources_log": in_log,
                         "failed_sign_in_sources_log_share": log_share}, index=sessions.index)


def _failing_spans(ip: np.ndarray, start: np.ndarray, gap: int) -> tuple[np.ndarray, np.ndarray]:
    """Sorted first and last starts of each address's spells of failing: its failing sessions, a new spell
    where more than ``gap`` ns pass without one (a pool of proxies used again the next night is not failing
    all day in between)."""
    order = np.lexsort((start, ip))
    ip, start = ip[order], start[order]
    new = np.ones(len(ip), dtype=bool)
    new[1:] = (ip[1:] != ip[:-1]) | (start[1:] - start[:-1] > gap)
    heads = np.flatnonzero(new)
    ends = np.append(heads[1:], len(ip)) - 1
    return np.sort(start[heads]), np.sort(start[ends])


def _failing_only(sessions: pd.DataFrame, session_features: pd.DataFrame) -> np.ndarray:
    """Sessions that tried to sign in, failed every time, and whose address never signed in.

    Failed: refused with an error status, or, for a session that opened
    nothing but sign-in pages, not redirected (a web form that answers a
    wrong password with 200 and the form again; one that worked redirects,
    and the person goes on into the site), or sent straight back to the
    sign-in page (a form that redirects every answer, ``302 /login?error``):
    a session that never went further than the sign-in pages and posted
    more than once, or posted once and was shown the sign-in page again at
    once (or got no answer the log shows: a firewall's log has no status; or
    was redirected and never followed the redirect, as no browser does),
    or posted once from an address that never went further and posted
    more than once in all (a tool that changes its user agent at every
    attempt starts a new session each time).  A session that met a server
    error (5xx) is left out: when the identity provider is down, everyone's
    sign-in fails, and in a log without account names nobody is seen to
    succeed.
    """
    feats = session_features.reindex(sessions.index)
    attempts = feats["login_attempts"].to_numpy(dtype=np.float64)
    failures = feats["login_failures"].to_numpy(dtype=np.float64)
    not_redirected = feats["login_not_redirected"].to_numpy(dtype=np.float64)
    refused = failures >= attempts
    # a session that never left the sign-in pages and posted again did not get in with any post but perhaps its
    # last (a form answering 200, or redirecting every answer to /login?error); a lone post counts when it was
    # seen to fail: refused, not redirected, or followed at once by the sign-in page again
    only_sign_in = feats["non_sign_in_requests"].to_numpy(dtype=np.float64) == 0
    # a post whose answer the log does not give (no status, as in a firewall's log), from a session that went no
    # further, is as good as one shown the form again
    unanswered = (feats["login_unanswered"].to_numpy(dtype=np.float64) if "login_unanswered" in feats
                  else np.zeros(len(feats)))
    # a redirect never followed: no browser, and nothing signed in (a tool checking its guess's answer)
    unfollowed = (feats["login_redirect_unfollowed"].to_numpy(dtype=np.float64) if "login_redirect_unfollowed" in feats
                  else np.zeros(len(feats)))
    evident = np.maximum.reduce([failures, not_redirected, feats["login_retries"].to_numpy(dtype=np.float64),
                                 unanswered, unfollowed])
    ips = pd.Series(sessions["client_ip"].to_numpy(dtype=object))
    # a tool that changes its user agent at every attempt starts a session each time: its address as a whole
    # posted again and again and never went past the sign-in pages
    by_address = pd.DataFrame({"ip": ips, "attempts": attempts, "further": ~only_sign_in}).groupby("ip")
    address_attempts = by_address["attempts"].transform("sum").to_numpy(dtype=np.float64)
    address_only_sign_in = ~by_address["further"].transform("any").to_numpy(dtype=bool)
    sent_back = only_sign_in & ((attempts >= 2) | (evident >= 1) | (address_only_sign_in & (address_attempts >= 2)))
    server_error = feats["error_5xx_share"].to_numpy(dtype=np.float64) > 0  # an identity provider down: no refusal
    users = sessions["user"].to_numpy(dtype=object)
    signed = pd.notna(users) & (users != "")
    address_signed = ips.isin(ips[signed]).to_numpy()
    return (attempts >= 1) & (refused | sent_back) & ~server_error & ~signed & ~address_signed
