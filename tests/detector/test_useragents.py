"""User-agent classes and families (detector.useragents)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from detector.useragents import UA_CLASSES, classify_column, classify_user_agent, ua_family

CHROME_WIN_120 = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)
CHROME_WIN_119 = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/119.0.6045.160 Safari/537.36"
)
FIREFOX_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:121.0) Gecko/20100101 Firefox/121.0"
FIREFOX_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0"
SAFARI_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.1 Safari/605.1.15"
)
EDGE_WIN = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.61"
)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.1 Mobile/15E148 Safari/604.1"
)
ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.6099.43 Mobile Safari/537.36"
)
HEADLESS_CHROME = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "HeadlessChrome/120.0.6099.71 Safari/537.36"
)
PHANTOMJS = (
    "Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1"
)
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
BINGBOT = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"
UPTIMEROBOT = "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)"


@pytest.mark.parametrize(
    ("ua", "expected"),
    [
        (CHROME_WIN_120, "browser"),
        (FIREFOX_MAC, "browser"),
        (SAFARI_MAC, "browser"),
        (EDGE_WIN, "browser"),
        (IPHONE, "mobile"),
        (ANDROID, "mobile"),
        ("python-requests/2.31.0", "library"),
        ("curl/8.4.0", "library"),
        ("Go-http-client/1.1", "library"),
        ("Java/17.0.2", "library"),
        ("okhttp/4.12.0", "library"),
        ("Mozilla/5.00 (Nikto/2.1.6) (Evasions:None) (Test:000003)", "library"),
        ("sqlmap/1.7.11#stable (https://sqlmap.org)", "library"),
        # Invoke-WebRequest: Windows PowerShell 5.1 and PowerShell 7, both starting as a browser would
        ("Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.19041.1", "library"),
        ("Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.19045; en-US) PowerShell/7.4.0", "library"),
        # .NET's SOAP client and Windows' background transfers, the first dressed as Internet Explorer 6
        ("Mozilla/4.0 (compatible; MSIE 6.0; MS Web Services Client Protocol 4.0.30319.42000)", "library"),
        ("Microsoft BITS/7.8", "library"),
        (HEADLESS_CHROME, "headless"),
        (PHANTOMJS, "headless"),
        (GOOGLEBOT, "crawler"),
        (BINGBOT, "crawler"),
        (UPTIMEROBOT, "crawler"),
        ("", "empty"),
        ("-", "empty"),
        ("(not logged)", "unlogged"),  # detector.schema.UA_NOT_LOGGED: the format has no user-agent field
        ("  ", "empty"),
    ],
)
def test_classify_typical_strings(ua: str, expected: str) -> None:
    assert classify_user_agent(ua) == expected


def test_classes_are_closed_set() -> None:
    for ua in ("", "x", "SomethingWeird/1.0", CHROME_WIN_120, "curl/1"):
        assert classify_user_agent(ua) in UA_CLASSES
    assert classify_user_agent("SomethingWeird/1.0") == "other"


def test_family_ignores_versions() -> None:
    assert ua_family(CHROME_WIN_119) == ua_family(CHROME_WIN_120) == "browser:chrome:windows"
    assert ua_family("python-requests/2.31.0") == ua_family("python-requests/2.28.1") == "library:python-requests"
    assert ua_family("curl/7.68.0") == ua_family("curl/8.4.0")


def test_family_distinguishes_browser_and_os() -> None:
    assert ua_family(FIREFOX_MAC) == "browser:firefox:mac"
    assert ua_family(CHROME_WIN_120) != ua_family(FIREFOX_MAC)
    assert ua_family(FIREFOX_WIN) != ua_family(FIREFOX_MAC)  # same browser, other OS
    assert ua_family(EDGE_WIN) != ua_family(CHROME_WIN_120)  # Edge is not Chrome
    assert ua_family(IPHONE) == "mobile:safari:ios"
    assert ua_family(ANDROID) == "mobile:chrome:android"
    assert ua_family("") == ua_family("-") == "empty"


def test_classify_column_aligned() -> None:
    s = pd.Series([CHROME_WIN_120, "curl/8.4.0", None, CHROME_WIN_119, GOOGLEBOT], index=[5, 9, 1, 3, 0], dtype=object)
    out = classify_column(s)
    assert list(out.index) == [5, 9, 1, 3, 0]
    assert list(out["ua_class"].astype(object)) == ["browser", "library", "empty", "browser", "crawler"]
    fam = list(out["ua_family"].astype(object))
    assert fam[0] == fam[3] == "browser:chrome:windows"
    assert fam[1] == "library:curl" and fam[2] == "empty"


def test_cubot_phone_is_mobile() -> None:
    ua = (
        "Mozilla/5.0 (Linux; Android 10; Cubot P40) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Mobile Safari/537.36"
    )
    assert classify_user_agent(ua) == "mobile"


def test_real_crawler_list_is_not_browser(realdata) -> None:
    path = realdata / "crawler_user_agents" / "crawler-user-agents.json"
    if not path.is_file():
        pytest.skip(f"{path} is not present")
    entries = json.loads(path.read_text(encoding="utf-8"))
    instances = [ua for entry in entries for ua in entry.get("instances", [])]
    assert len(instances) > 500
    as_people = sum(classify_user_agent(ua) in ("browser", "mobile") for ua in instances)
    assert as_people / len(instances) <= 0.10


@pytest.mark.parametrize(("agent", "klass"), [
    ("TrailMark/5.3.0 (Android 16; Pixel 8a) okhttp/4.12.0", "mobile"),  # a phone app's own client
    ("Harbor/2.1 (iPhone; iOS 18.1; Scale/3.00)", "mobile"),
    ("okhttp/4.12.0", "library"),  # the library alone: a script
    ("okhttp/4.9 (Android 13)", "library"),
    ("python-requests/2.31 (Android)", "library"),
    # Googlebot's smartphone crawler names an iPhone too
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 6_0 like Mac OS X) AppleWebKit/536.26 (KHTML, like Gecko) Version/6.0 "
     "Mobile/10A5376e Safari/8536.25 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "crawler"),
    ("MonitorApp/1.0 (iPhone; iOS 17.0) uptime-check", "crawler"),
])
def test_a_phone_apps_client_is_a_phone_whatever_library_it_names(agent: str, klass: str) -> None:
    assert classify_user_agent(agent) == klass
