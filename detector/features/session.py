"""Session-level feature families of the path through the site: rate, timing, breadth, navigation, revisits.

The client, errors, time of day and data volume are in
:mod:`detector.features.session_context`.

Requests arrive sorted by session then time, so every per-session reduction is
a contiguous segment and runs as one numpy ``reduceat`` or ``bincount`` over
integer codes (see :mod:`detector.features.kernels`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from detector.features import kernels as k
from detector.features.registry import FeatureParams, feature_family
from detector.sessions import Sessionised

AUTOMATION_CLASSES = ("library", "headless", "crawler", "empty", "other")


def page_rows(data: Sessionised) -> np.ndarray:
    """Row positions of the page views: non-static GET/HEAD requests, without repeats of the previous URL.

    Navigation is a GET.  POSTs are actions (sign-ins, forms, telemetry
    beacons a page's script sends every few seconds) and a page polling one
    URL (a job status) repeats it; counting either as navigation would make
    people look machine-paced, so both are left out.
    """

    def compute() -> np.ndarray:
        req = data.requests
        navigation = ~req["is_static"].to_numpy() & k.value_mask(data, "method", ("GET", "HEAD", ""))
        rows = np.flatnonzero(navigation)
        sid = k.session_of(data)[rows]
        path = k.codes(data, "path")[0][rows]
        repeat = np.zeros(len(rows), dtype=bool)
        repeat[1:] = (sid[1:] == sid[:-1]) & (path[1:] == path[:-1])
        return rows[~repeat]

    return k.cached(data, "page_rows", compute)


def _pages(data: Sessionised) -> pd.DataFrame:
    """The page views as a frame (``session_idx, ts, entity, entity_num, template, path, referer``)."""
    cols = ["session_idx", "ts", "entity", "entity_num", "template", "path", "referer"]
    return k.cached(data, "pages", lambda: data.requests[cols].iloc[page_rows(data)])


def _n(data: Sessionised) -> int:
    return len(data.sessions)


def _page_gaps(data: Sessionised) -> tuple[np.ndarray, np.ndarray]:
    """(session, gap in seconds) between consecutive page views of one session."""

    def compute() -> tuple[np.ndarray, np.ndarray]:
        rows = page_rows(data)
        ts = k.ts_ns(data)[rows] / 1e9
        sid = k.session_of(data)[rows]
        same = np.zeros(len(sid), dtype=bool)
        same[1:] = sid[1:] == sid[:-1]
        gaps = np.diff(ts, prepend=np.nan)
        return sid[same], gaps[same]

    return k.cached(data, "page_gaps", compute)


@feature_family("rate", "session", "how many requests, how fast, over how long")
def rate_features(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    s = data.sessions
    n = _n(data)
    duration_min = (s["last_seen"] - s["first_seen"]).dt.total_seconds().to_numpy() / 60.0
    requests = s["requests"].to_numpy(dtype=np.float64)
    pages = k.count(k.session_of(data)[page_rows(data)], n)
    # busiest minute: requests are in session then time order, so each (session, minute) is one run
    sid = k.session_of(data)
    minute = k.ts_ns(data) // 60_000_000_000
    head = np.ones(len(sid), dtype=bool)
    head[1:] = (sid[1:] != sid[:-1]) | (minute[1:] != minute[:-1])
    runs = np.flatnonzero(head)
    run_len = np.diff(np.append(runs, len(sid))).astype(np.float64)
    peak = k.group_max(sid[runs], run_len, n)
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
    n = _n(data)
    sid, g = _page_gaps(data)
    counts = k.count(sid, n)
    mean, std = k.mean_std(sid, g, n)
    median = k.median(sid, g, n)
    # near-identical consecutive gaps: |g_i - g_{i-1}| <= max(10% of g_{i-1}, 0.25 s)
    prev_same = np.zeros(len(g), dtype=bool)
    prev_same[1:] = sid[1:] == sid[:-1]
    prev = np.roll(g, 1)
    similar = prev_same & (np.abs(g - prev) <= np.maximum(0.1 * prev, 0.25))
    similar_share = k.count(sid, n, similar) / np.maximum(k.count(sid, n, prev_same), 1.0)
    # entropy of log2-binned gaps (bits): machines pace in few bins, people in many
    bins = np.floor(np.log2(np.maximum(g, 0.05)) * 2).astype(np.int64)
    entropy = np.full(n, np.nan)
    if len(sid):
        order = np.lexsort((bins, sid))
        ss, bb = sid[order], bins[order]
        head = np.ones(len(ss), dtype=bool)
        head[1:] = (ss[1:] != ss[:-1]) | (bb[1:] != bb[:-1])
        first = np.flatnonzero(head)
        size = np.diff(np.append(first, len(ss))).astype(np.float64)
        p = size / counts[ss[first]]
        terms = -(p * np.log2(p))
        unit = ss[first]
        sess_head = np.ones(len(unit), dtype=bool)
        sess_head[1:] = unit[1:] != unit[:-1]
        entropy[unit[sess_head]] = np.add.reduceat(terms, np.flatnonzero(sess_head))
    # longest stretch without a pause (all requests)
    gap_s = data.requests["gap_s"].to_numpy()
    pause = np.isnan(gap_s) | (gap_s > params.pause_minutes * 60)
    t = k.ts_ns(data) / 60e9
    stretch_first = np.flatnonzero(pause)
    stretch_last = np.append(stretch_first[1:], len(t)) - 1
    stretch_len = t[stretch_last] - t[stretch_first] if len(t) else np.zeros(0)
    sid_all = k.session_of(data)
    longest = k.group_max(sid_all[stretch_first], stretch_len, n)
    pauses = k.count(sid_all[stretch_first], n) - 1.0
    nonstop_pages, nonstop_seconds = _nonstop_new_pages(data, n)
    return pd.DataFrame(
        {
            "gap_mean_s": mean,
            "gap_median_s": median,
            "gap_cv": std / np.where(mean > 0, mean, np.nan),
            "gap_entropy_bits": entropy,
            "regular_gap_share": similar_share,
            "longest_active_min": longest,
            "pauses": np.maximum(pauses, 0.0),
            "nonstop_new_pages": nonstop_pages,
            "nonstop_new_seconds": nonstop_seconds,
        },
        index=s.index,
    )


#: First views of pages this close together (whole-second stamps: under 3 s) leave no time to read.
NONSTOP_GAP_SECONDS = 2


def _nonstop_new_pages(data: Sessionised, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The session's longest run of first views of distinct pages with no pause to read between two of them.

    A page is a (route template, record) pair, so polling one URL, a
    cache-buster or a page number names no new page.  The first views are
    taken in order, and a run ends where two are more than
    :data:`NONSTOP_GAP_SECONDS` apart.  One click of a single-page app fans
    out into a few dozen new API calls within a second or two, and a browser
    restoring its tabs opens dozens of pages at once, but then the person
    reads; crawlers, scanners and scrapers go on fetching pages they have
    never seen, second after second, for minutes.  Needs no peers, so it
    works on a log of one client.

    Returns
    -------
    pages, seconds : numpy.ndarray
        Per session, the first views in its longest run (the longest-lasting
        among runs as long) and that run's length in seconds.
    """
    rows = page_rows(data)
    if not len(rows):
        return np.zeros(n), np.zeros(n)
    sid = k.session_of(data)[rows]
    template = np.maximum(k.codes(data, "template")[0][rows], 0)
    page = k.pair_codes(sid, k.pair_codes(template, k.dense(data.requests["entity"].to_numpy()[rows])))
    first = ~pd.Series(page).duplicated().to_numpy()  # rows are in session then time order
    sid, ts = sid[first], k.ts_ns(data)[rows][first]
    head = np.ones(len(sid), dtype=bool)
    head[1:] = (sid[1:] != sid[:-1]) | (ts[1:] - ts[:-1] > NONSTOP_GAP_SECONDS * 1_000_000_000)
    starts = np.flatnonzero(head)
    ends = np.append(starts[1:], len(sid)) - 1
    run_pages = (ends - starts + 1).astype(np.float64)
    run_seconds = (ts[ends] - ts[starts]) / 1e9
    # per session, the run with the most pages (ties: the longer-lasting): the last after sorting by (session, pages, seconds)
    order = np.lexsort((run_seconds, run_pages, sid[starts]))
    run_sid = sid[starts][order]
    last = np.ones(len(order), dtype=bool)
    last[:-1] = run_sid[1:] != run_sid[:-1]
    pages, seconds = np.zeros(n), np.zeros(n)
    pages[run_sid[last]] = run_pages[order][last]
    seconds[run_sid[last]] = run_seconds[order][last]
    return pages, seconds


def _entity_pages(data: Sessionised) -> tuple[np.ndarray, np.ndarray]:
    """Page rows that name a record, and those records as dense codes."""

    def compute() -> tuple[np.ndarray, np.ndarray]:
        rows = page_rows(data)
        entity = data.requests["entity"].to_numpy()[rows]
        keep = entity != 0
        return rows[keep], k.dense(entity[keep])

    return k.cached(data, "entity_pages", compute)


def page_entities(records: pd.DataFrame) -> np.ndarray:
    """The distinct records named by page views in enriched ``records``: the population behind ``entity_share``.

    Page views are the non-asset GET/HEAD requests (dropping repeats of the
    previous URL, as :func:`page_rows` does, names no new record).
    """
    nav = ~records["is_static"].to_numpy(dtype=bool) & records["method"].isin(("GET", "HEAD", "")).to_numpy()
    entity = records["entity"].to_numpy()[nav]
    return np.unique(entity[entity != 0])


@feature_family("breadth", "session", "how many distinct routes and records the session touched")
def breadth_features(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    s = data.sessions
    n = _n(data)
    sid = k.session_of(data)
    rows, ent = _entity_pages(data)
    population = params.entity_population or max(int(ent.max()) + 1 if len(ent) else 0, 1)
    ent_sid = sid[rows]
    distinct_entities = k.distinct(ent_sid, ent, n)
    entity_requests = k.count(ent_sid, n)
    template = k.codes(data, "template")[0]
    per_template = k.pair_codes(ent_sid, template[rows])
    pt_ids, pt_index = pd.factorize(per_template, sort=True)
    pt_counts = k.distinct(pt_ids, ent, len(pt_index))
    pt_session = sid[rows][np.unique(pt_ids, return_index=True)[1]] if len(pt_ids) else np.zeros(0, np.int64)
    max_per_template = k.group_max(pt_session, pt_counts, n)
    window = k.ts_ns(data)[rows] // int(params.window_minutes * 60e9)
    sw_ids, sw_index = pd.factorize(k.pair_codes(ent_sid, window - window.min() if len(window) else window), sort=True)
    sw_counts = k.distinct(sw_ids, ent, len(sw_index))
    sw_session = ent_sid[np.unique(sw_ids, return_index=True)[1]] if len(sw_ids) else np.zeros(0, np.int64)
    pages = page_rows(data)
    return pd.DataFrame(
        {
            "distinct_templates": k.distinct(sid[pages], np.maximum(template[pages], 0), n),
            "distinct_urls": k.distinct(sid[pages], np.maximum(k.codes(data, "path")[0][pages], 0), n),
            "distinct_entities": distinct_entities,
            "max_entities_per_template": max_per_template,
            "peak_window_entities": k.group_max(sw_session, sw_counts, n),
            "entity_share": distinct_entities / population,
            "requests_per_entity": entity_requests / np.maximum(distinct_entities, 1.0),
        },
        index=s.index,
    )


@feature_family("navigation", "session", "how a browser would move: referers, assets per page, IDs walked in order")
def navigation_features(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    s = data.sessions
    n = _n(data)
    req = data.requests
    rows = page_rows(data)
    sid_pages = k.session_of(data)[rows]
    n_pages = k.count(sid_pages, n)
    static = k.seg_sum(req["is_static"].to_numpy(), data)
    with_ref = k.count(sid_pages, n, k.codes(data, "referer")[0][rows] >= 0)
    # IDs walked in order: among successive distinct numeric IDs, share of small steps and of steps continuing one direction
    num = req["entity_num"].to_numpy()[rows]
    has_num = ~np.isnan(num)
    sid, num = sid_pages[has_num], num[has_num]
    keep = np.ones(len(num), dtype=bool)
    keep[1:] = (num[1:] != num[:-1]) | (sid[1:] != sid[:-1])
    sid, num = sid[keep], num[keep]
    step = np.diff(num, prepend=np.nan)
    valid = np.zeros(len(sid), dtype=bool)
    valid[1:] = sid[1:] == sid[:-1]
    small = valid & (np.abs(step) >= 1) & (np.abs(step) <= 3)
    same_dir = np.zeros(len(sid), dtype=bool)
    same_dir[1:] = valid[1:] & valid[:-1] & (np.sign(step[1:]) == np.sign(step[:-1]))
    steps = k.count(sid, n, valid)
    return pd.DataFrame(
        {
            "referer_share": with_ref / np.maximum(n_pages, 1.0),
            "static_share": static / s["requests"].to_numpy(dtype=np.float64),
            "assets_per_page": static / np.maximum(n_pages, 1.0),
            "sequential_id_share": k.count(sid, n, small) / np.maximum(steps, 1.0),
            "monotonic_id_share": k.count(sid, n, same_dir) / np.maximum(steps - 1, 1.0),
        },
        index=s.index,
    )


@feature_family("revisits", "session", "returns to pages already seen: back-and-forth, and time on them against time on new pages")
def revisit_features(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    """People go back to lists and hubs, and skim a page they have already read; timers do neither.

    ``backtrack_share``: among page views with two earlier ones in the
    session, the share that return to the page two steps back (A, B, A).
    ``revisit_dwell_shift``: mean log time spent on pages the session had
    already viewed minus that on first views (the time on a page is the time
    to the session's next later page view, floored at 0.5 s since logs stamp
    whole seconds and capped at a pause).  People come back to a list or a hub to
    pick the next item and leave it quickly (negative); a bot that waits a
    random or length-proportional time per page does not remember (near 0 or
    above).  Both are NaN when the session has nothing to measure.
    """
    n = _n(data)
    rows = page_rows(data)
    sid = k.session_of(data)[rows]
    path = np.maximum(k.codes(data, "path")[0][rows], 0)
    two_back = np.zeros(len(rows), dtype=bool)
    two_back[2:] = sid[2:] == sid[:-2]
    back = two_back.copy()
    back[2:] &= path[2:] == path[:-2]
    steps = k.count(sid, n, two_back)
    # the first view of each (session, URL): rows are in session then time order
    first = np.zeros(len(rows), dtype=bool)
    first[np.unique(k.pair_codes(sid, path), return_index=True)[1]] = True
    # time to the session's next later page view: views stamped alike share it, so the order of ties is moot
    ts = k.ts_ns(data)[rows]
    head = np.ones(len(rows), dtype=bool)
    head[1:] = (sid[1:] != sid[:-1]) | (ts[1:] != ts[:-1])
    run = np.cumsum(head) - 1
    first_of_run = np.flatnonzero(head)
    run_next = np.zeros(len(first_of_run), dtype=bool)
    run_next[:-1] = sid[first_of_run[1:]] == sid[first_of_run[:-1]]
    run_dwell = np.zeros(len(first_of_run))
    run_dwell[:-1] = np.diff(ts[first_of_run]) / 1e9
    has_next, dwell = run_next[run], run_dwell[run]
    log_dwell = np.log(np.clip(dwell, 0.5, max(params.pause_minutes * 60.0, 1.0)))
    seen, new = has_next & ~first, has_next & first
    n_seen, n_new = k.count(sid, n, seen), k.count(sid, n, new)
    mean_seen = k.count(sid, n, np.where(seen, log_dwell, 0.0)) / np.maximum(n_seen, 1.0)
    mean_new = k.count(sid, n, np.where(new, log_dwell, 0.0)) / np.maximum(n_new, 1.0)
    return pd.DataFrame(
        {
            "backtrack_share": np.where(steps > 0, k.count(sid, n, back) / np.maximum(steps, 1.0), np.nan),
            "revisit_dwell_shift": np.where((n_seen > 0) & (n_new > 0), mean_seen - mean_new, np.nan),
        },
        index=data.sessions.index,
    )
