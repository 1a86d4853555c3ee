"""The session features only the whole log can give, in one table.

Families registered in :mod:`detector.features.registry` read one partition
of the log (one account's or one address's requests).  These cross accounts
and addresses, so they are computed once the partitions are combined, from
the whole log's sessions table and session features, by
:func:`whole_log_session_features` (called from
:func:`detector.units.with_whole_log_features`).
"""

from __future__ import annotations

import pandas as pd

from detector.features.client_turns import client_turn_features, log_referer_share, logins_in_use
from detector.features.client_visitors import client_visitor_features
from detector.features.sign_in_waves import failed_sign_in_wave_features

#: The families computed here, by ``level.name`` (for the feature list saved with a model, and the docs).
WHOLE_LOG_FAMILIES = {
    "session.client_turns": "distinct staff logins used one after another, without overlap, on the session's client; "
                            "accounts ever signed in at the same time as another on it",
    "session.client_visitors": "staff logins that visited the session's client once each and live elsewhere, and "
                               "their share of the logins seen on it",
    "session.log_referers": "share of the whole log's page views that carry a Referer (0 where the format logs none)",
    "source_day.log_referers": "the same share, for the address-day rules",
    "source_day.log_past_sign_in": "share of the whole log's requests answered past the sign-in pages (small in an "
                                   "identity provider's log alone)",
    "session.failed_sign_in_waves": "addresses that only failed to sign in, within an hour of the session, against the log's usual "
                                     "count; hours in which the session's address only failed; such addresses in "
                                     "the whole log, against those that signed in or tried to",
}


def whole_log_session_features(sessions: pd.DataFrame, session_features: pd.DataFrame) -> pd.DataFrame:
    """Every whole-log session feature, indexed like ``sessions``.

    Parameters
    ----------
    sessions : pandas.DataFrame
        The whole log's sessions table.
    session_features : pandas.DataFrame
        The whole log's session features from the registered families, indexed like ``sessions``.

    Returns
    -------
    pandas.DataFrame
        ``client_accounts_in_turn``, ``client_accounts_at_once``, ``log_referer_share``, ``failed_sign_in_sources_hour``,
        ``failed_sign_in_sources_hour_vs_log``, ``failed_sign_in_hours_address``, ``failed_sign_in_sources_log``,
        ``failed_sign_in_sources_log_share``, ``client_visiting_accounts`` and ``client_visiting_share``.
    """
    in_use = (logins_in_use(session_features["error_4xx_share"].reindex(sessions.index).to_numpy())
              if "error_4xx_share" in session_features.columns else None)
    out = client_turn_features(sessions, in_use=in_use)
    out["log_referer_share"] = log_referer_share(session_features)
    return pd.concat([out, failed_sign_in_wave_features(sessions, session_features),
                      client_visitor_features(sessions, in_use=in_use)], axis=1)


def log_past_sign_in_share(source_days: pd.DataFrame) -> float:
    """The share of the whole log's requests answered somewhere past the sign-in pages (assets not counted).

    Where it is small, the log is a sign-in service's alone (an identity provider's): nobody's sign-ins lead
    anywhere in it, and an address whose sign-ins lead nowhere says nothing.

    Parameters
    ----------
    source_days : pandas.DataFrame
        The whole log's address-day features (``src_requests`` and ``src_requests_past_sign_in``).

    Returns
    -------
    float
        Requests past the sign-in pages over all requests (0.0 for a log without requests).

    Examples
    --------
    >>> log_past_sign_in_share(pd.DataFrame({"src_requests": [90.0, 10.0], "src_requests_past_sign_in": [80.0, 0.0]}))
    0.8
    """
    if not {"src_requests", "src_requests_past_sign_in"} <= set(source_days.columns):
        return 0.0
    total = float(source_days["src_requests"].sum())
    return float(source_days["src_requests_past_sign_in"].sum()) / total if total > 0 else 0.0
