"""Words for features: labels and "driver" reasons an analyst can check.

:func:`driver_reasons` names the features that make a unit stand out from its
peers, with the unit's value, its percentile, and what the peers' 99th
percentile is, e.g. ``"distinct records touched: 2,140 (above 99.9% of
sessions; 99th percentile: 46)"``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from models.peers import PeerBaseline

#: Human labels of the features worth explaining; others are never named in reasons.
FEATURE_LABELS: dict[str, str] = {
    "requests": "requests",
    "pages": "pages (non-asset requests)",
    "duration_min": "session length (min)",
    "requests_per_min": "requests per minute",
    "peak_requests_per_min": "busiest minute (requests)",
    "longest_active_min": "longest stretch without a 5-minute pause (min)",
    "regular_gap_share": "share of near-identical gaps between pages",
    "nonstop_new_pages": "new pages opened without a 3-second pause",
    "revisit_dwell_shift": "time on pages seen before vs new pages (log ratio; people skim pages they return to)",
    "distinct_templates": "distinct kinds of page",
    "distinct_urls": "distinct URLs",
    "distinct_entities": "distinct records touched",
    "peak_window_entities": "distinct records in the busiest hour",
    "max_entities_per_template": "distinct records on one kind of page",
    "sequential_id_share": "share of steps to the next record ID",
    "monotonic_id_share": "share of steps continuing in one ID direction",
    "ua_automation_share": "share of requests from non-browser clients",
    "error_4xx_share": "share of 4xx errors",
    "not_found_share": "share of 404s",
    "login_failures": "failed sign-ins",
    "night_share": "share of requests between midnight and 6 am",
    "downloads": "exports and downloads",
    "distinct_downloads": "distinct export parameter combinations",
    "bytes_total": "bytes served",
    "ad_requests": "requests in the day",
    "ad_distinct_entities": "distinct records touched in the day",
    "ad_active_hours": "hours active in the day",
    "ad_distinct_ips": "client addresses in the day",
    "ad_distinct_networks": "networks (/16) in the day",
    "ad_computer_networks": "networks (/16) of computers (not phones) in the day",
    "ad_distinct_ua_families": "kinds of device in the day",
    "ad_concurrent_minutes": "minutes computers (not phones) were active from two networks at once",
    "ad_fast_network_switches": "network switches of computers (not phones) within minutes",
    "ad_downloads": "exports and downloads in the day",
    "src_login_failures": "failed sign-ins from the address",
    "src_accounts_tried": "accounts tried from the address",
}
#: Features where a *low* value is the unusual one are not explained by a high percentile.
_UNIT_NAME = {"session": "sessions", "account_day": "account-days", "source_day": "address-days"}


def _fmt(value: float, name: str = "") -> str:
    if not np.isfinite(value):
        return "n/a"
    if name.endswith("_share"):
        return f"{value:.0%}"
    if name.startswith("bytes"):
        for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
            if abs(value) >= size:
                return f"{value / size:,.1f} {unit}"
        return f"{value:,.0f} B"
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    if abs(value) < 1:
        return f"{value:.0%}" if value >= 0 else f"{value:.2f}"
    return f"{value:,.1f}"


def driver_reasons(
    features: pd.Series,
    percentiles: pd.Series,
    peers: PeerBaseline,
    level: str,
    top: int = 3,
    min_percentile: float = 99.0,
    min_peers: int = 30,
) -> list[str]:
    """Reasons naming the features in which one unit stands out.

    Parameters
    ----------
    features : pandas.Series
        The unit's feature values.
    percentiles : pandas.Series
        The unit's percentile (0-100) per feature among active peers.
    peers : PeerBaseline
        The fitted peer baseline of the unit's level.
    level : str
        ``session``, ``account_day`` or ``source_day`` (for wording).
    top : int, default 3
        At most this many reasons.
    min_percentile : float, default 99
        Only features at or above this percentile are named.
    min_peers : int, default 30
        With fewer peers than this, percentiles mean little: no reasons.

    Returns
    -------
    list of str
        Sentences, most extreme first.
    """
    unit = _UNIT_NAME.get(level, "peers")
    if peers.n_peers_ < min_peers:
        return []
    candidates = percentiles[[c for c in percentiles.index if c in FEATURE_LABELS]]
    candidates = candidates[candidates >= min_percentile].sort_values(ascending=False)
    out = []
    for name in candidates.index[:top]:
        value = float(features[name])
        p99 = peers.peer_value(name, 0.99)
        if p99 <= 0 or value <= p99:
            continue
        out.append(
            f"{FEATURE_LABELS[name]}: {_fmt(value, name)} (above {candidates[name]:.1f}% of active {unit}; "
            f"99th percentile: {_fmt(p99, name)})"
        )
    return out
