"""Source-day crawl features count only what an address did without signing in."""

from __future__ import annotations

import numpy as np
import pandas as pd

from detector.enrich import enrich_records
from detector.features import compute_features
from detector.schema import coerce_records
from detector.sessions import sessionise

T0 = pd.Timestamp("2026-09-14 00:10", tz="UTC")  # a whole day ahead: 30 pages 40 min apart fit in it


def _row(minute: float, ip: str, path: str, ua: str, user=None, referer=None, method="GET"):
    return dict(
        ts=T0 + pd.Timedelta(minutes=minute), utc_offset_min=0, client_ip=ip, user=user, method=method, path=path,
        status=200, bytes=100, referer=referer, user_agent=ua, app_session=None, duration_ms=np.nan, file_idx=0, line_no=1,
    )


def _features(rows) -> pd.DataFrame:
    data = sessionise(enrich_records(coerce_records(pd.DataFrame(rows))))
    return compute_features(data, "source_day")


def test_slow_crawler_counted_over_the_day() -> None:
    bot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
    # one page every 40 minutes: every request is its own session, but the day adds up
    rows = [_row(40 * i, "66.249.1.1", f"/blog/post-{i}", bot) for i in range(30)]
    rows.append(_row(5, "66.249.1.1", "/blog/post-0", bot))  # a repeat: 31 pages, 30 distinct
    feats = _features(rows).loc[("66.249.1.1", slice(None))].iloc[0]
    assert feats["src_pages"] == 31 and feats["src_distinct_pages"] == 30
    assert feats["src_asset_share"] == 0 and feats["src_page_referer_share"] == 0
    assert feats["src_automation_share"] == 1 and feats["src_browser_share"] == 0


def test_signed_in_requests_are_left_out() -> None:
    chrome = "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0 Safari/537.36"
    rows = []
    for i in range(10):  # an office NAT: signed-in staff browsing with assets
        rows.append(_row(i, "203.0.113.1", f"/students/{i}", chrome, user=f"u{i}@x.org", referer="https://x/"))
        rows.append(_row(i, "203.0.113.1", "/static/app.css", chrome, user=f"u{i}@x.org", referer="https://x/"))
    rows.append(_row(0, "203.0.113.1", "/login", chrome))  # the sign-in page itself, not yet signed in
    rows.append(_row(0, "203.0.113.1", "/static/app.js", chrome))
    feats = _features(rows).loc[("203.0.113.1", slice(None))].iloc[0]
    assert feats["src_pages"] == 1 and feats["src_distinct_pages"] == 1
    assert feats["src_asset_share"] == 0.5
    assert feats["src_browser_share"] == 1
