"""Source-day crawl features: what one client address did in a day without signing in.

Crawlers and unauthenticated scrapers pace themselves slowly (a page every few
minutes), so the inactivity gap cuts them into many short sessions that each
look harmless.  Over a whole day, per client address, they stand out: many
distinct pages, no assets, no referers, a client that is not a browser or a
"browser" that never loads a style sheet.  Only unauthenticated requests
count here: signed-in automation is judged per account (and an office NAT
full of signed-in staff is not a crawler).

Address-days are numbered once (shared with :mod:`detector.features.account`)
and every reduction is a ``bincount`` over integer codes (see
:mod:`detector.features.kernels`); no text column is grouped.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from detector.features import kernels as k
from detector.features.account import source_units
from detector.features.registry import FeatureParams, feature_family
from detector.routes import API_SIGN_IN
from detector.sessions import Sessionised

_AUTOMATION = ("library", "headless", "crawler", "empty", "other")
_BROWSERS = ("browser", "mobile")
_CRAWL_COLUMNS = ["src_pages", "src_distinct_pages", "src_asset_share", "src_page_referer_share",
                  "src_automation_share", "src_browser_share", "src_anon_user_agents"]


def _present(data: Sessionised, column: str, rows: np.ndarray) -> np.ndarray:
    """Codes of ``column`` at ``rows`` (``-1`` = missing)."""
    return k.codes(data, column)[0][rows]


@feature_family("crawl", "source_day", "unauthenticated pages, distinct pages, assets, referers and client class of an address-day")
def source_crawl(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    rows, unit, index = source_units(data)
    n = len(index)
    anon = _present(data, "user", rows) < 0
    rows, unit = rows[anon], unit[anon]
    if len(rows) == 0:  # no unauthenticated request at all: unknown, not zero
        return pd.DataFrame({c: pd.Series(dtype=np.float64) for c in _CRAWL_COLUMNS}, index=index)
    static = data.requests["is_static"].to_numpy()[rows]
    page = ~static & k.value_mask(data, "method", ("GET", "HEAD"))[rows]
    requests = np.maximum(k.count(unit, n), 1.0)
    pages = k.count(unit, n, page)
    path = _present(data, "path", rows)
    agent = _present(data, "user_agent", rows)
    named = page & (path >= 0)
    return pd.DataFrame(
        {
            "src_pages": pages,
            "src_distinct_pages": k.distinct(unit[named], path[named], n),
            "src_asset_share": k.count(unit, n, static) / requests,
            "src_page_referer_share": k.count(unit, n, page & (_present(data, "referer", rows) >= 0)) / np.maximum(pages, 1.0),
            "src_automation_share": k.count(unit, n, k.value_mask(data, "ua_class", _AUTOMATION)[rows]) / requests,
            "src_browser_share": k.count(unit, n, k.value_mask(data, "ua_class", _BROWSERS)[rows]) / requests,
            # exact strings, not families: rotating the version number is the point of rotating
            "src_anon_user_agents": k.distinct(unit[agent >= 0], agent[agent >= 0], n),
        },
        index=index,
    )


def unredirected_sign_ins(data: Sessionised) -> np.ndarray:
    """Per request: a sign-in post that was not redirected, the mark of a failed sign-in whatever the app answers.

    A web sign-in that succeeds redirects (3xx); many apps answer a failed one
    200 with the form again.  An API's sign-in (a token endpoint,
    :data:`detector.routes.API_SIGN_IN`) answers a success 200: there only an
    error status is a failure.
    """

    def compute() -> np.ndarray:
        req = data.requests
        status = req["status"].to_numpy()
        login = req["is_login"].to_numpy() & k.value_mask(data, "method", ("POST",))
        codes, paths = k.codes(data, "path")
        posted = codes[login]
        api_codes = [c for c in np.unique(posted[posted >= 0]) if API_SIGN_IN.search(str(paths[c]).partition("?")[0])]
        api = np.zeros(len(login), dtype=bool)
        api[login] = np.isin(posted, api_codes)
        # status 0: no answer logged (a firewall's log has none, a client that hung up got none): no evidence
        return login & (((status > 0) & (status < 300) & ~api) | (status >= 400))

    return k.cached(data, "unredirected_sign_ins", compute)


@feature_family("sign_in_outcome", "source_day", "sign-in posts that were not redirected (failed logins re-render the form) per address-day")
def source_sign_in_outcome(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    rows, unit, index = source_units(data)
    not_redirected = unredirected_sign_ins(data)[rows]
    return pd.DataFrame({"src_login_not_redirected": k.count(unit, len(index), not_redirected)}, index=index)


def _path_stems(data: Sessionised) -> np.ndarray:
    """Per request, a code of its path without the query string (``-1`` = no path); one split per distinct URL."""

    def compute() -> np.ndarray:
        codes, paths = k.codes(data, "path")
        stems = np.array([str(path).partition("?")[0] for path in paths], dtype=object)
        stem_codes = np.append(pd.factorize(stems)[0], -1).astype(np.int64)
        return stem_codes[codes]

    return k.cached(data, "path_stems", compute)


@feature_family("refused_credentials", "source_day",
                "requests of an address-day refused as unauthorized (401), their share, the user names they carried "
                "and the paths they asked for (and how many kept a monitor's steady beat), and its requests answered "
                "to a signed-in user")
def source_refused_credentials(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    # HTTP Basic or an API key guessed: no sign-in page is posted, every wrong guess is a 401 on the resource itself
    # (with Basic, the server logs the name that was tried); a browser's challenge is one 401 before the answer
    rows, unit, index = source_units(data)
    n = len(index)
    refused = data.requests["status"].to_numpy()[rows] == 401
    user = k.codes(data, "user")[0][rows]
    named = refused & (user >= 0)
    count = k.count(unit, n, refused)
    # guessing repeats the resource it guesses at (a key or token guessed in the query string too); a scan for
    # paths is refused once on each path it probes
    resource = _path_stems(data)[rows]
    on_path = refused & (resource >= 0)
    # Windows authentication (NTLM, Negotiate) answers each new connection's first request 401, then the retry
    # with the user's credentials: a handshake, two 401s for each request answered to the signed-in user
    answered = (user >= 0) & (data.requests["status"].to_numpy()[rows] < 400)
    return pd.DataFrame(
        {
            "src_unauthorized": count,
            "src_unauthorized_share": count / np.maximum(k.count(unit, n), 1.0),
            "src_unauthorized_names": k.distinct(unit[named], user[named], n),
            "src_unauthorized_paths": k.distinct(unit[on_path], resource[on_path], n),
            "src_authorized": k.count(unit, n, answered),
            "src_unauthorized_on_beat": _on_beat(unit, resource, k.ts_ns(data)[rows], on_path, n),
        },
        index=index,
    )


#: Gaps on one path at least this long (s), each within :data:`BEAT_TOLERANCE` of the one before, keep a beat.
BEAT_MIN_SECONDS = 10.0
#: How close two successive gaps are to count as one beat: 2 s, or 5% of the gap when that is more.
BEAT_TOLERANCE = (2.0, 0.05)


def _on_beat(unit: np.ndarray, resource: np.ndarray, ts: np.ndarray, mask: np.ndarray, n: int) -> np.ndarray:
    """Per unit, the ``mask`` rows that keep a steady beat on their path: a monitor polling on a timer.

    A row is on the beat when the gap before it on the same path and unit, and the gap before that, are both
    :data:`BEAT_MIN_SECONDS` or longer and within :data:`BEAT_TOLERANCE` of each other.
    """
    idx = np.flatnonzero(mask)
    if len(idx) < 3:
        return np.zeros(n)
    order = idx[np.lexsort((ts[idx], resource[idx], unit[idx]))]
    u, r = unit[order], resource[order]
    gap = np.diff(ts[order]).astype(np.float64) / 1e9
    gap[(u[1:] != u[:-1]) | (r[1:] != r[:-1])] = np.nan
    before, after = gap[:-1], gap[1:]
    with np.errstate(invalid="ignore"):
        steady = ((before >= BEAT_MIN_SECONDS) & (after >= BEAT_MIN_SECONDS)
                  & (np.abs(after - before) <= np.maximum(BEAT_TOLERANCE[0], BEAT_TOLERANCE[1] * before)))
    return k.count(u[2:][steady], n)
