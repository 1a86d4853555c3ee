"""Session feature families about the exchange rather than the path: client, errors, time of day, data.

What kind of client sent the requests, how the server answered them (errors,
failed and retried sign-ins), when in the site's local time they came, and
how much data they took.  The path through the site (rate, pacing, breadth,
navigation, revisits) is in :mod:`detector.features.session`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from detector.features import kernels as k
from detector.features.registry import FeatureParams, feature_family
from detector.features.session import AUTOMATION_CLASSES, page_rows
from detector.features.source import unredirected_sign_ins
from detector.sessions import Sessionised

#: A sign-in post followed this soon by another request to a sign-in page, in its session, was tried again.
RETRY_SECONDS = 10
#: Length of the clock-aligned windows in which ``peak_page_bytes`` adds up what page views received.
BYTES_WINDOW_MINUTES = 10
#: URLs that ask for a file sent as an attachment (``disposition=attachment``, S3's
#: ``response-content-disposition``, ``/attachments/7``): a document opened, not a page read.
ATTACHMENT = r"(?i)attachment|content-disposition"
#: Responses at least this large are checked for :data:`ATTACHMENT` (smaller ones weigh little either way).
LARGE_RESPONSE_BYTES = 65_536


@feature_family("client", "session", "what kind of client (browser, phone, HTTP library, headless, crawler, none), signed in or not")
def client_features(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    n = data.sessions["requests"].to_numpy(dtype=np.float64)
    out = {
        f"ua_{name}_share": k.seg_sum(k.value_mask(data, "ua_class", (name,)), data) / n
        for name in ("library", "headless", "crawler", "empty", "mobile")
    }
    out["ua_automation_share"] = k.seg_sum(k.value_mask(data, "ua_class", AUTOMATION_CLASSES), data) / n
    family = k.codes(data, "ua_family")[0]
    out["user_agents"] = k.distinct(k.session_of(data), np.maximum(family, 0), len(data.sessions))
    out["authenticated"] = data.sessions["user"].notna().to_numpy(dtype=np.float64)
    return pd.DataFrame(out, index=data.sessions.index)


@feature_family("errors", "session", "share of client and server errors, failed, retried and unredirected sign-ins, "
                "and sign-ins whose redirect was never followed")
def error_features(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    req = data.requests
    n = data.sessions["requests"].to_numpy(dtype=np.float64)
    status = req["status"].to_numpy()
    is_login = req["is_login"].to_numpy()
    login_post = is_login & k.value_mask(data, "method", ("POST",))
    return pd.DataFrame(
        {
            "error_4xx_share": k.seg_sum((status >= 400) & (status < 500), data) / n,
            "error_5xx_share": k.seg_sum(status >= 500, data) / n,
            "not_found_share": k.seg_sum(status == 404, data) / n,
            "login_attempts": k.seg_sum(login_post, data),
            "login_failures": k.seg_sum(login_post & (status >= 400), data),
            "login_retries": k.seg_sum(_retried_sign_ins(data, login_post), data),
            "login_not_redirected": k.seg_sum(unredirected_sign_ins(data), data),
            # sign-in posts whose answer the log does not give (a web application firewall's log has no status)
            "login_unanswered": k.seg_sum(login_post & (status == 0), data),
            # a sign-in redirected and the redirect never followed: a browser goes where it is sent at once, a
            # tool reads the answer's Location to learn whether the password worked, and moves on
            "login_redirect_unfollowed": k.seg_sum(_unfollowed_redirects(data, login_post & (status >= 300)
                                                                         & (status < 400)), data),
            "non_sign_in_requests": k.seg_sum(~is_login & ~req["is_static"].to_numpy(), data),
        },
        index=data.sessions.index,
    )


#: A browser follows a redirect within this many seconds (the log's whole-second stamps included).
FOLLOW_SECONDS = 30


def _unfollowed_redirects(data: Sessionised, redirected: np.ndarray) -> np.ndarray:
    """Per request: one of ``redirected`` after which its client (address and user agent) sent nothing within
    :data:`FOLLOW_SECONDS`.

    Looked for across sessions: an app that names the account only once signed in starts the account's own
    session with the request the redirect led to.
    """
    out = np.zeros(len(redirected), dtype=bool)
    if not redirected.any():
        return out
    ip, _ = k.codes(data, "client_ip")
    ua, _ = k.codes(data, "user_agent")
    client = k.pair_codes(np.maximum(ip, 0), np.maximum(ua, 0))
    rows = np.flatnonzero(np.isin(client, np.unique(client[redirected])))
    # requests of one second in the order the log wrote them (a redirect's answer after the post)
    ts = k.ts_ns(data)
    req = data.requests
    line = req["file_idx"].to_numpy()[rows].astype(np.int64) * (1 << 40) + req["line_no"].to_numpy()[rows]
    order = rows[np.lexsort((line, ts[rows], client[rows]))]
    t, c = ts[order], client[order]
    followed = np.zeros(len(order), dtype=bool)
    followed[:-1] = (c[1:] == c[:-1]) & (t[1:] - t[:-1] <= int(FOLLOW_SECONDS * 1e9))
    out[order] = redirected[order] & ~followed
    return out


def _retried_sign_ins(data: Sessionised, login_post: np.ndarray) -> np.ndarray:
    """Sign-in posts whose session's next request, within :data:`RETRY_SECONDS`, is at a sign-in page again.

    What a failed sign-in leads to, whatever the app answers: the form again
    (200, then the next post), a redirect to it (``302 /login?error``,
    followed at once by a browser), or a tool that reads the answer and posts
    the next guess.  A sign-in that worked leads into the application (and,
    when the log names accounts, into the account's own session).
    """
    is_login = data.requests["is_login"].to_numpy()
    sid = k.session_of(data)
    ts = k.ts_ns(data)
    retried = np.zeros(len(sid), dtype=bool)
    if len(sid) > 1:
        soon = (sid[1:] == sid[:-1]) & (ts[1:] - ts[:-1] <= RETRY_SECONDS * 1_000_000_000)
        retried[:-1] = login_post[:-1] & is_login[1:] & soon
    return retried


@feature_family("time_of_day", "session", "when, in the site's local time: night, off-hours, weekend")
def time_features(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    req = data.requests
    n = data.sessions["requests"].to_numpy(dtype=np.float64)
    hour = req["local_hour"].to_numpy()
    weekend = req["local_dow"].to_numpy() >= 5
    return pd.DataFrame(
        {
            "night_share": k.seg_sum(hour < 6, data) / n,
            "offhours_share": k.seg_sum((hour < 7) | (hour >= 19) | weekend, data) / n,
            "weekend_share": k.seg_sum(weekend, data) / n,
        },
        index=data.sessions.index,
    )


@feature_family("data", "session", "bytes served, downloads and exports")
def data_features(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    req = data.requests
    n = data.sessions["requests"].to_numpy(dtype=np.float64)
    is_download = req["is_download"].to_numpy() & ~req["is_static"].to_numpy()
    downloads = k.seg_sum(is_download, data)
    total = k.seg_sum(req["bytes"].to_numpy(), data)
    # distinct export URLs = distinct parameter combinations asked for (polls of one job count once)
    rows = np.flatnonzero(is_download)
    distinct = k.distinct(k.session_of(data)[rows], np.maximum(k.codes(data, "path")[0][rows], 0), len(n))
    return pd.DataFrame(
        {
            "bytes_total": total,
            "bytes_per_request": total / n,
            "downloads": downloads,
            "distinct_downloads": distinct,
            "download_share": downloads / n,
            "peak_page_bytes": _peak_page_bytes(data, ~is_download),
        },
        index=data.sessions.index,
    )


def _peak_page_bytes(data: Sessionised, not_download: np.ndarray) -> np.ndarray:
    """Per session, the most bytes its page views received in one window.

    Page views leave out error answers (status 400 and up), assets, exports, repeated polls and files sent as
    attachments (:data:`ATTACHMENT`: a document opened is one record, however
    large); windows are :data:`BYTES_WINDOW_MINUTES` long, aligned on the
    clock.  A record page names one record and a list page a hundred: the
    bytes a session reads measure how much it read where counting records
    cannot (rosters paged through, cursor APIs, search results), and in a
    short window they measure reading faster than a person can.
    """
    rows = page_rows(data)
    # what was read: answered pages, never the error pages of refused, missing or failed requests (a Windows
    # authentication handshake answers every new connection's first request with a 401 page)
    rows = rows[not_download[rows] & (data.requests["status"].to_numpy()[rows] < 400)]
    size = data.requests["bytes"].to_numpy()
    # attachments are looked for among the large responses only (distinct URLs, one regex each)
    codes, paths = k.codes(data, "path")
    large = rows[(size[rows] >= LARGE_RESPONSE_BYTES) & (codes[rows] >= 0)]
    if len(large):
        distinct = np.unique(codes[large])
        named = pd.Series(np.asarray(paths, dtype=object)[distinct]).str.contains(ATTACHMENT, na=False).to_numpy(bool)
        rows = rows[~np.isin(codes[rows], distinct[named])]
    sid = k.session_of(data)[rows]
    window = k.ts_ns(data)[rows] // int(BYTES_WINDOW_MINUTES * 60e9)
    # rows are in session then time order, so each (session, window) is one run
    head = np.ones(len(sid), dtype=bool)
    head[1:] = (sid[1:] != sid[:-1]) | (window[1:] != window[:-1])
    runs = np.flatnonzero(head)
    if len(runs) == 0:
        return np.zeros(len(data.sessions))
    sums = np.add.reduceat(size[rows].astype(np.float64), runs)
    return k.group_max(sid[runs], sums, len(data.sessions))
