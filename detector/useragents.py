"""Classify user agents into a closed set of client classes.

The classes are deliberately coarse and carry over between sites:

``browser``   a desktop web browser
``mobile``    a phone or tablet browser
``library``   an HTTP library, command-line tool or scanner (requests, curl, Go, Java, Nikto, ...)
``headless``  a scripted browser (HeadlessChrome, PhantomJS, Puppeteer, Selenium, ...)
``crawler``   a self-declared crawler, monitor or preview fetcher
``empty``     no user agent at all
``other``     anything else

:func:`ua_family` reduces a user agent to its class, browser and OS without
version numbers, so that a browser update does not look like a new device.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from detector.schema import UA_NOT_LOGGED, factorize

#: ``unlogged``: the log format does not record the user agent (:data:`detector.schema.UA_NOT_LOGGED`), so nothing
#: is known about the client: neither a browser nor automation.
UA_CLASSES: tuple[str, ...] = ("browser", "mobile", "library", "headless", "crawler", "empty", "other", "unlogged")

_HEADLESS = re.compile(
    r"headless|phantomjs|puppeteer|playwright|selenium|webdriver|slimerjs|htmlunit|splash|zombie\.js",
    re.I,
)
_LIBRARY = re.compile(
    r"^(python|curl|wget|go-http-client|java/|okhttp|libwww-perl|lwp|axios|node-fetch|node\.js|undici|got |"
    r"aiohttp|httpx|apache-httpclient|postmanruntime|insomnia|powershell|winhttp|ruby|faraday|dart|"
    r"guzzle|php|rest-client|restsharp|reqwest|urllib|httpie|scrapy|mechanize|http_request|"
    r"jakarta|libcurl|perl|microsoft-webdav|microsoft office|winhttprequest|cfnetwork|nutch|"
    r"zgrab|masscan|nmap|nikto|sqlmap|w3af|acunetix|netsparker|nessus|openvas|dirbuster|gobuster|"
    r"wpscan|nuclei|fuzz|hydra)"
    r"|python-requests|python-urllib|powershell/\d|scrapy|nikto|sqlmap|w3af\.org|zgrab|masscan|nmap scripting|"
    r"\bcurl/|\bwget/|go-http-client|okhttp|apache-httpclient|java/\d|libwww|httpclient|"
    # .NET's SOAP and web clients, Power Query, Windows' own fetchers: "Mozilla/4.0 (compatible; MSIE 6.0; MS Web
    # Services Client Protocol 4.0.30319.42000)" is a program, not Internet Explorer
    r"ms web services client protocol|microsoft url control|microsoft bits|microsoft\.data\.mashup|"
    r"\bbot\b.*\bscript\b",
    re.I,
)
_CRAWLER = re.compile(
    r"(?<!cu)bot\b|bot/|bot;|crawl|spider|slurp|archiver|ia_archiver|feedfetcher|feedburner|rss|"
    r"monitor|uptime|pingdom|statuscake|site24x7|newrelic|datadog|nagios|zabbix|check_http|"
    r"prometheus|blackbox[-_ ]?exporter|grafana|telegraf|vmagent|"
    r"facebookexternalhit|mediapartners|google-|bingpreview|yahoo|baidu|yandex|duckduck|"
    r"semrush|ahrefs|mj12|dotbot|petalbot|bytespider|gptbot|claudebot|ccbot|preview|validator|"
    r"lighthouse|pagespeed|healthcheck|elb-healthchecker|kube-probe|"
    r"https?://|\w@\w+\.\w",  # browsers never advertise a URL or an e-mail address
    re.I,
)
_MOBILE = re.compile(r"mobile|android|iphone|ipad|ipod|windows phone|blackberry|opera mini|silk/", re.I)
# A phone app's own client: its name and version, then the phone's system in brackets, whatever HTTP library it
# names after (``TrailMark/5.3.0 (Android 16; Pixel 8a) okhttp/4.12.0``, ``Harbor/2.1 (iPhone; iOS 18.1;
# Scale/3.00)``); a library's name first (``okhttp/4.12.0``) is a script
_PHONE_APP = re.compile(r"^[A-Za-z][\w .-]{0,40}/v?\d[\w.]*\s*\([^)]*\b(android|iphone|ipad|ios)\b", re.I)
_BROWSER = re.compile(r"^mozilla/\d.*(chrome|chromium|firefox|safari|edg|opr/|trident|msie|gecko)", re.I)
_BROWSER_NAME = (
    ("edge", re.compile(r"edg(e|a|ios)?/", re.I)),
    ("opera", re.compile(r"opr/|opera", re.I)),
    ("chrome", re.compile(r"chrome/|crios/|chromium", re.I)),
    ("firefox", re.compile(r"firefox/|fxios/", re.I)),
    ("safari", re.compile(r"safari/", re.I)),
    ("ie", re.compile(r"msie|trident/", re.I)),
)
_OS_NAME = (
    ("ios", re.compile(r"iphone|ipad|ipod", re.I)),
    ("android", re.compile(r"android", re.I)),
    ("windows", re.compile(r"windows", re.I)),
    ("mac", re.compile(r"mac os x|macintosh", re.I)),
    ("linux", re.compile(r"linux|x11", re.I)),
)


@lru_cache(maxsize=65_536)
def classify_user_agent(user_agent: str) -> str:
    """Return the client class of one user agent.

    Parameters
    ----------
    user_agent : str
        The User-Agent header as logged ('' or '-' when absent).

    Returns
    -------
    str
        One of :data:`UA_CLASSES`.

    Examples
    --------
    >>> classify_user_agent("python-requests/2.31.0")
    'library'
    >>> classify_user_agent("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
    'crawler'
    """
    ua = (user_agent or "").strip()
    if ua in ("", "-"):
        return "empty"
    if ua == UA_NOT_LOGGED:
        return "unlogged"
    if _HEADLESS.search(ua):
        return "headless"
    if _PHONE_APP.match(ua) and not ua[:8].lower() == "mozilla/" and not _LIBRARY.match(ua) and not _CRAWLER.search(ua):
        return "mobile"
    if _LIBRARY.search(ua):
        return "library"
    if _CRAWLER.search(ua):
        return "crawler"
    if _BROWSER.search(ua):
        return "mobile" if _MOBILE.search(ua) else "browser"
    if _MOBILE.search(ua):
        return "mobile"
    return "other"


@lru_cache(maxsize=65_536)
def ua_family(user_agent: str) -> str:
    """Reduce a user agent to ``class:browser:os`` without versions.

    Parameters
    ----------
    user_agent : str
        The User-Agent header.

    Returns
    -------
    str
        For browsers e.g. ``browser:chrome:windows``; for other classes the
        class and the product token, e.g. ``library:python-requests``.
    """
    cls = classify_user_agent(user_agent)
    if cls in ("browser", "mobile", "headless"):
        name = next((n for n, rx in _BROWSER_NAME if rx.search(user_agent)), "other")
        os_name = next((n for n, rx in _OS_NAME if rx.search(user_agent)), "other")
        return f"{cls}:{name}:{os_name}"
    if cls in ("empty", "unlogged"):
        return cls
    product = re.split(r"[/\s;(]", user_agent.strip(), maxsplit=1)[0].lower()
    return f"{cls}:{product[:40]}"


def classify_column(user_agents: pd.Series) -> pd.DataFrame:
    """Classify a column of user agents, each distinct value once.

    Parameters
    ----------
    user_agents : pandas.Series
        The ``user_agent`` column of a records frame (categorical or text).

    Returns
    -------
    pandas.DataFrame
        Columns ``ua_class`` and ``ua_family`` (both categorical), aligned
        with the input.
    """
    codes, uniques = factorize(user_agents)
    names = [str(u) for u in uniques]
    if (codes < 0).any():  # a missing agent is classified as ''
        codes = np.where(codes < 0, len(names), codes.astype(np.int64))
        names.append("")
    class_codes, class_names = pd.factorize(pd.Index([classify_user_agent(u) for u in names], dtype=object))
    family_codes, family_names = pd.factorize(pd.Index([ua_family(u) for u in names], dtype=object))
    return pd.DataFrame(
        {
            "ua_class": pd.Categorical.from_codes(class_codes[codes], categories=pd.Index(class_names, dtype="str")),
            "ua_family": pd.Categorical.from_codes(family_codes[codes], categories=pd.Index(family_names, dtype="str")),
        },
        index=user_agents.index,
    )
