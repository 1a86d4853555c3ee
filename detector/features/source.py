"""Source-day crawl features: what one client address did in a day without signing in.

Crawlers and unauthenticated scrapers pace themselves slowly (a page every few
minutes), so the inactivity gap cuts them into many short sessions that each
look harmless.  Over a whole day, per client address, they stand out: many
distinct pages, no assets, no referers, a client that is not a browser or a
"browser" that never loads a style sheet.  Only unauthenticated requests
count here: signed-in automation is judged per account (and an office NAT
full of signed-in staff is not a crawler).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from detector.features.account import source_day_index
from detector.features.registry import FeatureParams, feature_family
from detector.sessions import Sessionised

_AUTOMATION = ("library", "headless", "crawler", "empty", "other")
_BROWSERS = ("browser", "mobile")


@feature_family("crawl", "source_day", "unauthenticated pages, distinct pages, assets, referers and client class of an address-day")
def source_crawl(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    index = source_day_index(data.requests)
    req = data.requests.loc[data.requests["user"].isna().to_numpy()]
    if len(req) == 0:
        columns = ["src_pages", "src_distinct_pages", "src_asset_share", "src_page_referer_share",
                   "src_automation_share", "src_browser_share", "src_anon_user_agents"]
        return pd.DataFrame({c: pd.Series(dtype=np.float64) for c in columns}, index=index)
    method = req["method"].to_numpy()
    static = req["is_static"].to_numpy()
    page = ~static & ((method == "GET") | (method == "HEAD"))
    cls = req["ua_class"].astype(object).to_numpy()
    keys = [req["client_ip"], req["local_day"]]
    frame = pd.DataFrame(
        {
            "page": page,
            "static": static,
            "page_with_referer": page & req["referer"].notna().to_numpy(),
            "automation": np.isin(cls, _AUTOMATION),
            "browser": np.isin(cls, _BROWSERS),
        },
        index=req.index,
    )
    sums = frame.groupby(keys, observed=True).sum().reindex(index, fill_value=0)
    n = np.maximum(frame.groupby(keys, observed=True).size().reindex(index, fill_value=0).to_numpy(dtype=np.float64), 1.0)
    pages = sums["page"].to_numpy(dtype=np.float64)
    distinct = req.loc[page].groupby(["client_ip", "local_day"], observed=True)["path"].nunique().reindex(index, fill_value=0)
    return pd.DataFrame(
        {
            "src_pages": pages,
            "src_distinct_pages": distinct.to_numpy(dtype=np.float64),
            "src_asset_share": sums["static"].to_numpy(dtype=np.float64) / n,
            "src_page_referer_share": sums["page_with_referer"].to_numpy(dtype=np.float64) / np.maximum(pages, 1.0),
            "src_automation_share": sums["automation"].to_numpy(dtype=np.float64) / n,
            "src_browser_share": sums["browser"].to_numpy(dtype=np.float64) / n,
            # exact strings, not families: rotating the version number is the point of rotating
            "src_anon_user_agents": req.groupby(["client_ip", "local_day"], observed=True)["user_agent"].nunique()
            .reindex(index, fill_value=0).to_numpy(dtype=np.float64),
        },
        index=index,
    )


@feature_family("sign_in_outcome", "source_day", "sign-in posts that were not redirected (failed logins re-render the form) per address-day")
def source_sign_in_outcome(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    req = data.requests
    index = source_day_index(req)
    status = req["status"].to_numpy()
    login = req["is_login"].to_numpy() & (req["method"].to_numpy() == "POST")
    # a web sign-in that succeeds redirects (3xx); many apps answer a failed one 200 with the form again
    not_redirected = login & ((status < 300) | (status >= 400))
    counts = pd.Series(not_redirected, index=req.index).groupby([req["client_ip"], req["local_day"]], observed=True).sum()
    return pd.DataFrame({"src_login_not_redirected": counts.reindex(index, fill_value=0).to_numpy(dtype=np.float64)}, index=index)
