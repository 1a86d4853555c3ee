"""Tests of the session families about the exchange: client, errors, time of day, data (``session_context``)."""

from __future__ import annotations

import pytest

from tests.detector.features.test_session_features import IPHONE, featurise, of_ip, one

def test_client_shares() -> None:
    rows = [
        {"s": 0, "app_session": "k1"},
        {"s": 1, "app_session": "k1"},
        {"s": 2, "app_session": "k1", "user_agent": IPHONE},
        {"s": 3, "app_session": "k1", "user_agent": "curl/8.4.0", "user": "maria"},
    ]
    f = one(rows)
    assert f["ua_library_share"] == pytest.approx(0.25)
    assert f["ua_mobile_share"] == pytest.approx(0.25)
    assert f["ua_headless_share"] == 0 and f["ua_crawler_share"] == 0 and f["ua_empty_share"] == 0
    assert f["ua_automation_share"] == pytest.approx(0.25)
    assert f["user_agents"] == 3
    assert f["authenticated"] == 1

def test_client_library_session() -> None:
    g = one([{"s": i, "user_agent": "python-requests/2.31.0"} for i in range(5)])
    assert g["ua_library_share"] == 1 and g["ua_automation_share"] == 1
    assert g["user_agents"] == 1 and g["authenticated"] == 0
    e = one([{"s": i, "user_agent": ""} for i in range(3)])
    assert e["ua_empty_share"] == 1 and e["ua_automation_share"] == 1

def test_error_shares() -> None:
    f = one([{"s": i, "status": st} for i, st in enumerate([200, 404, 403, 500, 200])])
    assert f["error_4xx_share"] == pytest.approx(2 / 5)
    assert f["error_5xx_share"] == pytest.approx(1 / 5)
    assert f["not_found_share"] == pytest.approx(1 / 5)
    assert f["login_attempts"] == 0 and f["login_failures"] == 0

def test_login_failures() -> None:
    rows = [{"s": i, "method": "POST", "path": "/login", "status": 401} for i in range(3)]
    rows += [
        {"s": 3, "method": "GET", "path": "/login", "status": 200},  # viewing the form is no attempt
        {"s": 4, "method": "POST", "path": "/login", "status": 302},  # success
        {"s": 5, "method": "POST", "path": "/students/1", "status": 403},  # not a sign-in
    ]
    f = one(rows)
    assert f["login_attempts"] == 4
    assert f["login_failures"] == 3

def test_night_share_uses_site_timezone() -> None:
    # 12:30-13:30 UTC on Tue 2 July 2024 is 05:30-06:30 PDT
    rows = [{"s": -5400 + 20 * 60 * i} for i in range(4)]  # 12:30, 12:50, 13:10, 13:30 UTC
    la = one(rows, timezone="America/Los_Angeles")
    assert la["night_share"] == pytest.approx(0.5)  # 05:30, 05:50 are before 06:00
    assert la["offhours_share"] == pytest.approx(1.0)  # all before 07:00
    assert la["weekend_share"] == 0
    utc = one(rows)
    assert utc["night_share"] == 0 and utc["offhours_share"] == 0

def test_weekend_share() -> None:
    # Saturday 6 July 2024 10:00 UTC
    f = one([{"s": 4 * 86400 - 4 * 3600 + i} for i in range(3)])
    assert f["weekend_share"] == 1 and f["offhours_share"] == 1 and f["night_share"] == 0

def test_downloads_and_bytes() -> None:
    rows = [
        {"s": 0, "path": "/reports/export?format=csv", "bytes": 5000},
        {"s": 1, "path": "/files/roster.csv", "bytes": 3000},
        {"s": 2, "path": "/students/1", "bytes": 1500},
        {"s": 3, "path": "/static/app.js", "bytes": 500},
    ]
    f = one(rows)
    assert f["downloads"] == 2
    assert f["download_share"] == pytest.approx(0.5)
    assert f["bytes_total"] == 10_000
    assert f["bytes_per_request"] == pytest.approx(2_500)

def test_sign_ins_not_redirected_and_requests_beyond_sign_in() -> None:
    """A web form that worked redirects; one that answers 200 showed the form again; an API's token endpoint
    answers a success 200, so only its errors count."""
    rows = [
        {"s": 0, "path": "/login"},
        {"s": 1, "path": "/assets/login.css"},
        {"s": 5, "method": "POST", "path": "/login", "status": 200},  # the form again
        {"s": 9, "method": "POST", "path": "/login", "status": 401},  # refused
        {"s": 14, "method": "POST", "path": "/login", "status": 302},  # worked
        {"s": 15, "path": "/students/12"},
        {"s": 30, "method": "POST", "path": "/api/auth/token", "status": 200},  # an API's success
        {"s": 31, "method": "POST", "path": "/api/auth/token", "status": 400},  # an API's refusal
    ]
    f = one(rows)
    assert f["login_attempts"] == 5
    assert f["login_not_redirected"] == 3
    assert f["non_sign_in_requests"] == 1  # the pupil's page; the style sheet is an asset


def test_sign_in_retries_are_posts_back_at_the_sign_in_page_within_seconds() -> None:
    rows = [
        {"s": 0, "method": "POST", "path": "/login", "status": 302},  # bounced to the form at once: retried
        {"s": 0.3, "path": "/login?error"},
        {"s": 5, "method": "POST", "path": "/login", "status": 200},  # the form again, next guess 2 s later
        {"s": 7, "method": "POST", "path": "/login", "status": 302},  # into the application: it worked
        {"s": 7.2, "path": "/students/12"},
        {"s": 100, "method": "POST", "path": "/login", "status": 302},  # back at the form only a minute later
        {"s": 160, "path": "/login"},
    ]
    f = one(rows)
    assert f["login_attempts"] == 4
    assert f["login_retries"] == 2

def test_peak_page_bytes_is_the_busiest_ten_minute_window_of_pages() -> None:
    # five roster pages of 200 kB in the first window, two in the next (T0 is on a whole hour)
    rows = [{"s": 60 * i, "path": f"/roster?school=7&page={i}", "bytes": 200_000} for i in range(5)]
    rows += [{"s": 600 + 60 * i, "path": f"/roster?school=8&page={i}", "bytes": 200_000} for i in range(2)]
    assert one(rows)["peak_page_bytes"] == 1_000_000

def test_peak_page_bytes_leaves_out_assets_exports_and_repeated_polls() -> None:
    rows = [{"s": 0, "path": "/students/12", "bytes": 30_000}]
    rows += [{"s": 1, "path": "/static/app.js", "bytes": 900_000}]                       # an asset
    rows += [{"s": 2, "path": "/reports/export?format=csv", "bytes": 5_000_000}]          # an export
    rows += [{"s": 3 + i, "path": "/jobs/42/status", "bytes": 10_000} for i in range(30)]  # one URL polled
    assert one(rows)["peak_page_bytes"] == 40_000

def test_peak_page_bytes_leaves_out_documents_sent_as_attachments() -> None:
    rows = [{"s": 20 * i, "path": f"/students/{100 + i}", "bytes": 3_000} for i in range(10)]
    rows += [{"s": 5 + 60 * i, "path": f"/api/documents/doc{900 + i}/content?disposition=attachment", "bytes": 400_000}
             for i in range(2)]
    rows += [{"s": 7, "path": "/attachments/8812", "bytes": 900_000}]
    assert one(rows)["peak_page_bytes"] == 10 * 3_000

def test_peak_page_bytes_does_not_add_across_sessions() -> None:
    rows = [{"s": i, "path": f"/list?page={i}", "bytes": 100_000, "client_ip": "10.0.0.1" if i < 4 else "10.0.0.2"}
            for i in range(10)]
    data, feats = featurise(rows)
    assert of_ip(data, feats, "10.0.0.1")["peak_page_bytes"] == 400_000
    assert of_ip(data, feats, "10.0.0.2")["peak_page_bytes"] == 600_000
