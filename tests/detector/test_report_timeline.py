"""One alert's timeline PNG (detector.report_timeline)."""

from __future__ import annotations

import base64

import pandas as pd

from detector.report_timeline import _dense, timeline_png

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _activity(minutes: list[int]) -> pd.DataFrame:
    start = pd.Timestamp("2026-09-14 15:00", tz="UTC")
    return pd.DataFrame({
        "minute": [start + pd.Timedelta(minutes=m) for m in minutes],
        "requests": [5] * len(minutes),
        "errors": [1] * len(minutes),
        "new_records": [3] * len(minutes),
        "records_cumulative": [3 * (k + 1) for k in range(len(minutes))],
        "networks": [1] * len(minutes),
        "addresses": [1] * len(minutes),
        "user_agents": [1] * len(minutes),
    })


def test_dense_fills_quiet_minutes_with_zeros_and_carries_the_cumulative_count() -> None:
    dense = _dense(_activity([0, 1, 4]), step=1)
    assert len(dense) == 5
    assert list(dense["requests"]) == [5, 5, 0, 0, 5]
    assert list(dense["failed_logins"]) == [0] * 5  # a column the scan did not write is zeros
    assert list(dense["records_cumulative"]) == [3, 6, 6, 6, 9]


def test_timeline_is_a_png_and_grows_with_the_networks_drawn() -> None:
    activity = _activity([0, 1, 2, 5])
    lanes = pd.DataFrame({
        "minute": activity["minute"].repeat(3).to_numpy(),
        "network": ["203.0.113.0/24", "198.51.100.0/24", "$x^2$ net"] * 4,
        "user_agent": ["Chrome 128 on Windows", "python-requests", "curl"] * 4,
        "requests": [2, 7, 1] * 4,
    })
    alone = base64.b64decode(timeline_png(activity, None))
    drawn = base64.b64decode(timeline_png(activity, lanes))
    assert alone.startswith(PNG_SIGNATURE) and drawn.startswith(PNG_SIGNATURE)
    height = lambda png: int.from_bytes(png[20:24], "big")  # noqa: E731  (IHDR: width, then height)
    assert height(drawn) > height(alone)
