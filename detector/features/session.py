"""Session-level feature families: rate, timing, breadth, navigation, client,
errors, time of day and data volume.

Requests arrive sorted by session then time, so every per-session reduction is
a contiguous segment and runs as one numpy ``reduceat`` or pandas groupby.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from detector.schema import epoch_ns

from detector.features.registry import FeatureParams, feature_family
from detector.sessions import Sessionised

AUTOMATION_CLASSES = ("library", "headless", "crawler", "empty", "other")


def _seg_sum(values: np.ndarray, data: Sessionised) -> np.ndarray:
    starts = data.sessions["start"].to_numpy(dtype=np.int64)
    if len(starts) == 0:
        return np.zeros(0)
    return np.add.reduceat(values.astype(np.float64), starts)


def _per_session(series: pd.Series, data: Sessionised, fill: float = 0.0) -> np.ndarray:
    """Align a Series indexed by session_idx to all sessions."""
    return series.reindex(range(len(data.sessions)), fill_value=fill).to_numpy(dtype=np.float64)


def _pages(data: Sessionised) -> pd.DataFrame:
    """Page views: non-static GET/HEAD requests, without repeats of the previous URL.

    Navigation is a GET.  POSTs are actions (sign-ins, forms, telemetry
    beacons a page's script sends every few seconds) and a page polling one
    URL (a job status) repeats it; counting either as navigation would make
    people look machine-paced, so both are left out.
    """
    if "pages" in data.cache:
        return data.cache["pages"]
    req = data.requests
    cols = ["session_idx", "ts", "entity", "entity_num", "template", "path", "referer"]
    method = req["method"].to_numpy()
    navigation = ~req["is_static"].to_numpy() & ((method == "GET") | (method == "HEAD") | (method == ""))
    nonstatic = req.loc[navigation, cols]
    sid = nonstatic["session_idx"].to_numpy()
    path = nonstatic["path"].to_numpy()
    repeat = np.zeros(len(sid), dtype=bool)
    repeat[1:] = (sid[1:] == sid[:-1]) & (path[1:] == path[:-1])
    data.cache["pages"] = nonstatic.loc[~repeat]
    return data.cache["pages"]


def _page_gaps(data: Sessionised) -> pd.DataFrame:
    pages = _pages(data)
    ts = epoch_ns(pages["ts"]) / 1e9
    sid = pages["session_idx"].to_numpy()
    same = np.zeros(len(sid), dtype=bool)
    same[1:] = sid[1:] == sid[:-1]
    gaps = np.diff(ts, prepend=np.nan)
    return pd.DataFrame({"session_idx": sid[same], "gap": gaps[same]})


@feature_family("rate", "session", "how many requests, how fast, over how long")
def rate_features(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    s = data.sessions
    req = data.requests
    duration_min = (s["last_seen"] - s["first_seen"]).dt.total_seconds().to_numpy() / 60.0
    requests = s["requests"].to_numpy(dtype=np.float64)
    pages = _per_session(_pages(data).groupby("session_idx").size(), data)
    minute = epoch_ns(req["ts"]) // 60_000_000_000
    per_minute = pd.Series(1, index=pd.MultiIndex.from_arrays([req["session_idx"].to_numpy(), minute])).groupby(level=[0, 1]).size()
    peak = _per_session(per_minute.groupby(level=0).max(), data)
    return pd.DataFrame(
        {
            "requests": requests,
            "pages": pages,
            "duration_min": duration_min,
            "requests_per_min": requests / np.maximum(duration_min, 1.0),
            "pages_per_min": pages / np.maximum(duration_min, 1.0),
            "peak_requests_per_min": peak,
        },
        index=s.index,
    )


@feature_family("timing", "session", "pacing of page requests: spread, regularity, entropy, stamina")
def timing_features(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    s = data.sessions
    gaps = _page_gaps(data)
    g = gaps["gap"].to_numpy()
    grouped = gaps.groupby("session_idx")["gap"]
    mean = _per_session(grouped.mean(), data, np.nan)
    std = _per_session(grouped.std(ddof=0), data, np.nan)
    median = _per_session(grouped.median(), data, np.nan)
    # near-identical consecutive gaps: |g_i - g_{i-1}| <= max(10% of g_{i-1}, 0.25 s)
    sid = gaps["session_idx"].to_numpy()
    prev_same = np.zeros(len(g), dtype=bool)
    prev_same[1:] = sid[1:] == sid[:-1]
    prev = np.roll(g, 1)
    similar = prev_same & (np.abs(g - prev) <= np.maximum(0.1 * prev, 0.25))
    similar_share = _per_session(pd.Series(similar).groupby(sid).sum(), data) / np.maximum(
        _per_session(pd.Series(prev_same).groupby(sid).sum(), data), 1.0
    )
    # entropy of log2-binned gaps (bits): machines pace in few bins, people in many
    bins = np.floor(np.log2(np.maximum(g, 0.05)) * 2).astype(np.int64)
    counts = pd.DataFrame({"s": sid, "b": bins}).groupby(["s", "b"]).size()
    p = counts / counts.groupby(level=0).transform("sum")
    entropy = _per_session((-(p * np.log2(p))).groupby(level=0).sum(), data, np.nan)
    # longest stretch without a pause (all requests)
    req = data.requests
    pause = np.isnan(req["gap_s"].to_numpy()) | (req["gap_s"].to_numpy() > params.pause_minutes * 60)
    stretch_id = np.cumsum(pause)
    ts = epoch_ns(req["ts"]) / 60e9
    spans = pd.Series(ts).groupby(stretch_id).agg(["min", "max"])
    stretch_len = (spans["max"] - spans["min"]).to_numpy()
    stretch_session = req["session_idx"].to_numpy()[np.flatnonzero(pause)]
    longest = _per_session(pd.Series(stretch_len).groupby(stretch_session).max(), data)
    pauses = _per_session(pd.Series(pause).groupby(req["session_idx"].to_numpy()).sum(), data) - 1.0
    return pd.DataFrame(
        {
            "gap_mean_s": mean,
            "gap_median_s": median,
            "gap_cv": std / np.where(mean > 0, mean, np.nan),
            "gap_entropy_bits": entropy,
            "regular_gap_share": similar_share,
            "longest_active_min": longest,
            "pauses": np.maximum(pauses, 0.0),
        },
        index=s.index,
    )


@feature_family("breadth", "session", "how many distinct routes and records the session touched")
def breadth_features(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    s = data.sessions
    pages = _pages(data)
    with_entity = pages[pages["entity"].to_numpy() != 0]
    population = max(int(with_entity["entity"].nunique()), 1)
    distinct_entities = _per_session(with_entity.groupby("session_idx")["entity"].nunique(), data)
    entity_requests = _per_session(with_entity.groupby("session_idx").size(), data)
    per_template = with_entity.groupby(["session_idx", "template"], observed=True)["entity"].nunique()
    max_per_template = _per_session(per_template.groupby(level=0).max(), data)
    window = (epoch_ns(pages["ts"]) // int(params.window_minutes * 60e9))
    hourly = pd.DataFrame({"s": pages["session_idx"].to_numpy(), "w": window, "e": pages["entity"].to_numpy()})
    hourly = hourly[hourly["e"] != 0].groupby(["s", "w"])["e"].nunique()
    return pd.DataFrame(
        {
            "distinct_templates": _per_session(pages.groupby("session_idx")["template"].nunique(), data),
            "distinct_urls": _per_session(pages.groupby("session_idx")["path"].nunique(), data),
            "distinct_entities": distinct_entities,
            "max_entities_per_template": max_per_template,
            "peak_window_entities": _per_session(hourly.groupby(level=0).max(), data),
            "entity_share": distinct_entities / population,
            "requests_per_entity": entity_requests / np.maximum(distinct_entities, 1.0),
        },
        index=s.index,
    )


@feature_family("navigation", "session", "how a browser would move: referers, assets per page, IDs walked in order")
def navigation_features(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    s = data.sessions
    req = data.requests
    pages = _pages(data)
    n_pages = _per_session(pages.groupby("session_idx").size(), data)
    static = _seg_sum(req["is_static"].to_numpy(), data)
    with_ref = _per_session(pages["referer"].notna().groupby(pages["session_idx"]).sum(), data)
    # IDs walked in order: among successive distinct numeric IDs, share of small steps and of steps continuing one direction
    nums = pages.loc[pages["entity_num"].notna(), ["session_idx", "entity_num"]]
    nums = nums[(nums["entity_num"].diff() != 0) | (nums["session_idx"].diff() != 0)]
    sid = nums["session_idx"].to_numpy()
    step = np.diff(nums["entity_num"].to_numpy(), prepend=np.nan)
    valid = np.zeros(len(sid), dtype=bool)
    valid[1:] = sid[1:] == sid[:-1]
    small = valid & (np.abs(step) >= 1) & (np.abs(step) <= 3)
    same_dir = np.zeros(len(sid), dtype=bool)
    same_dir[1:] = valid[1:] & valid[:-1] & (np.sign(step[1:]) == np.sign(step[:-1]))
    steps = _per_session(pd.Series(valid).groupby(sid).sum(), data)
    return pd.DataFrame(
        {
            "referer_share": with_ref / np.maximum(n_pages, 1.0),
            "static_share": static / s["requests"].to_numpy(dtype=np.float64),
            "assets_per_page": static / np.maximum(n_pages, 1.0),
            "sequential_id_share": _per_session(pd.Series(small).groupby(sid).sum(), data) / np.maximum(steps, 1.0),
            "monotonic_id_share": _per_session(pd.Series(same_dir).groupby(sid).sum(), data) / np.maximum(steps - 1, 1.0),
        },
        index=s.index,
    )


@feature_family("client", "session", "what kind of client (browser, phone, HTTP library, headless, crawler, none), signed in or not")
def client_features(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    req = data.requests
    n = data.sessions["requests"].to_numpy(dtype=np.float64)
    cls = req["ua_class"].astype(object).to_numpy()
    out = {f"ua_{name}_share": _seg_sum(cls == name, data) / n for name in ("library", "headless", "crawler", "empty", "mobile")}
    out["ua_automation_share"] = _seg_sum(np.isin(cls, AUTOMATION_CLASSES), data) / n
    out["user_agents"] = _per_session(req.groupby("session_idx")["ua_family"].nunique(), data)
    out["authenticated"] = data.sessions["user"].notna().to_numpy(dtype=np.float64)
    return pd.DataFrame(out, index=data.sessions.index)


@feature_family("errors", "session", "share of client and server errors, failed sign-ins")
def error_features(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    req = data.requests
    n = data.sessions["requests"].to_numpy(dtype=np.float64)
    status = req["status"].to_numpy()
    login_post = req["is_login"].to_numpy() & (req["method"].to_numpy() == "POST")
    return pd.DataFrame(
        {
            "error_4xx_share": _seg_sum((status >= 400) & (status < 500), data) / n,
            "error_5xx_share": _seg_sum(status >= 500, data) / n,
            "not_found_share": _seg_sum(status == 404, data) / n,
            "login_attempts": _seg_sum(login_post, data),
            "login_failures": _seg_sum(login_post & (status >= 400), data),
        },
        index=data.sessions.index,
    )


@feature_family("time_of_day", "session", "when, in the site's local time: night, off-hours, weekend")
def time_features(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    req = data.requests
    n = data.sessions["requests"].to_numpy(dtype=np.float64)
    hour = req["local_hour"].to_numpy()
    weekend = req["local_dow"].to_numpy() >= 5
    return pd.DataFrame(
        {
            "night_share": _seg_sum(hour < 6, data) / n,
            "offhours_share": _seg_sum((hour < 7) | (hour >= 19) | weekend, data) / n,
            "weekend_share": _seg_sum(weekend, data) / n,
        },
        index=data.sessions.index,
    )


@feature_family("data", "session", "bytes served, downloads and exports")
def data_features(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    req = data.requests
    n = data.sessions["requests"].to_numpy(dtype=np.float64)
    is_download = req["is_download"].to_numpy() & ~req["is_static"].to_numpy()
    downloads = _seg_sum(is_download, data)
    total = _seg_sum(req["bytes"].to_numpy(), data)
    # distinct export URLs = distinct parameter combinations asked for (polls of one job count once)
    distinct = req.loc[is_download].groupby("session_idx")["path"].nunique()
    return pd.DataFrame(
        {
            "bytes_total": total,
            "bytes_per_request": total / n,
            "downloads": downloads,
            "distinct_downloads": _per_session(distinct, data),
            "download_share": downloads / n,
        },
        index=data.sessions.index,
    )
