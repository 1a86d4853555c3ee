"""Long sessions are also scored window by window, and window evidence counts for the parent."""

from __future__ import annotations

import numpy as np
import pandas as pd

from detector.config import Settings
from detector.enrich import enrich_records
from detector.pipeline import analyse
from detector.schema import coerce_records
from detector.sessions import sessionise
from detector.windows import window_split

T0 = pd.Timestamp("2026-09-14 15:00", tz="UTC")
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0 Safari/537.36"


def _row(ts, user, ip, path, ua=BROWSER, referer="https://records.example/"):
    return dict(
        ts=ts, utc_offset_min=-420, client_ip=ip, user=user, method="GET", path=path, status=200, bytes=2000,
        referer=referer, user_agent=ua, app_session=None, duration_ms=np.nan, file_idx=0, line_no=0,
    )


def _records(rows):
    frame = pd.DataFrame(rows)
    frame["line_no"] = np.arange(1, len(frame) + 1)
    return coerce_records(frame)


def test_window_split_cuts_only_long_sessions() -> None:
    rows = [_row(T0 + pd.Timedelta(minutes=m), "long@x.org", "198.51.100.1", f"/students/{m}") for m in range(0, 150, 5)]
    rows += [_row(T0 + pd.Timedelta(minutes=m), "short@x.org", "203.0.113.9", f"/students/{m}") for m in range(0, 40, 5)]
    data = sessionise(enrich_records(_records(rows)), gap_minutes=30)
    windows, parent = window_split(data, window_minutes=60)
    long_idx = data.sessions.index[data.sessions["user"] == "long@x.org"][0]
    # 0..145 min from the start -> windows [0,60), [60,120), [120,150)
    assert list(parent) == [long_idx] * 3
    assert windows.sessions["requests"].tolist() == [12, 12, 6]
    assert windows.sessions["session_id"].str.endswith(("-w0", "-w1", "-w2")).all()
    # windows partition the parent's requests, each window contiguous and in time order
    assert windows.sessions["requests"].sum() == data.sessions.at[long_idx, "requests"]
    assert np.isnan(windows.requests["gap_s"].to_numpy()[windows.sessions["start"].to_numpy()]).all()
    # the windows table has the sessions table's columns and time dtype, starting where the parent starts
    assert list(windows.sessions.columns) == list(data.sessions.columns)
    assert windows.sessions["first_seen"].dtype == data.sessions["first_seen"].dtype
    assert windows.sessions["first_seen"].iloc[0] == data.sessions.at[long_idx, "first_seen"]
    assert windows.sessions["last_seen"].iloc[-1] == data.sessions.at[long_idx, "last_seen"]
    assert window_split(data, window_minutes=600) is None


def test_window_evidence_is_credited_to_the_parent_session() -> None:
    rng = np.random.default_rng(0)
    rows = []
    # 60 people browsing a few records each, with assets and human pauses
    for person in range(60):
        t = T0 + pd.Timedelta(minutes=int(rng.integers(0, 240)))
        for _ in range(int(rng.integers(3, 12))):
            t += pd.Timedelta(seconds=float(rng.lognormal(3.0, 1.0)))
            rows.append(_row(t, f"p{person}@x.org", f"203.0.{person}.7", f"/students/{rng.integers(1e6, 2e6)}"))
            rows.append(_row(t, f"p{person}@x.org", f"203.0.{person}.7", "/static/app.js"))
    # a script walking IDs in order for three hours without a break
    for i in range(3 * 3600 // 3):
        rows.append(_row(T0 + pd.Timedelta(seconds=3 * i), "vendor@x.org", "198.51.100.66", f"/students/{3_000_000 + i}",
                         ua="python-requests/2.32", referer=None))
    analysis = analyse(_records(rows), Settings())
    assert "window" in analysis.scores and len(analysis.scores["window"].rule_hits) == 3
    assert all(hits for hits in analysis.scores["window"].rule_hits), "every window of the script trips a rule"
    alerts = [a for a in analysis.alerts if a.user == "vendor@x.org"]
    assert [a.kind for a in alerts] == ["scraping"]
    parent_id = analysis.data.sessions.loc[analysis.data.sessions["user"] == "vendor@x.org", "session_id"].item()
    assert alerts[0].session_ids == [parent_id]
    # one reason per rule, however many windows repeated it
    assert len(alerts[0].reasons) == len(set(alerts[0].reasons))
    assert not [a for a in analysis.alerts if a.user and a.user.startswith("p")]
