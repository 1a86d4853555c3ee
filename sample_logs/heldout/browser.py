"""A browser tab set (or a script) talking to the held-out SIS, turning clicks into log events.

An *event* is ``(t_end, ip, user, method, path, status, bytes, referer, user_agent, ms, win32, protocol)``:
``t_end`` is the UTC epoch second the server finished the request and wrote
the line (both IIS and nginx log at completion), ``ms`` the time taken.

What a page load produces, as an ASP.NET Web Forms + MVC hybrid would:

* sign-in through OpenID Connect: a protected URL answers 302 to
  ``/Account/Login?ReturnUrl=...``, which redirects to the identity provider
  (not in this log); the provider posts back to ``/signin-oidc`` (302).  The
  authentication cookie slides for 20 minutes; after that the next page goes
  through the same redirects silently.  Failed passwords never reach this log.
* the page, then (until cached) bundles without extensions (``/bundles/jquery?v=<hash>``,
  ``/Content/css?v=<hash>``, new hash at each nightly deploy), ``WebResource.axd``/``ScriptResource.axd``,
  images, fonts and a per-area script; an occasional 304 revalidation.
* jQuery AJAX calls with ``cache: false`` append ``_=<nonce>`` where the nonce
  is the page's load time in ms and increments by one per call.
* SignalR: ``negotiate``, a WebSocket ``connect`` (status 101, logged when the
  page is left, time-taken = its lifetime) and ``start``; schools behind a
  filtering proxy fall back to long polling (a ``poll`` line every ~110 s).
* a session keep-alive ``/Handlers/KeepAlive.ashx?_=<nonce>`` every 5 min
  while the page is open and the computer awake.
"""

from __future__ import annotations

import math
import random
from urllib.parse import quote

from .site import Site

IDLE_S = 20 * 60
KEEPALIVE_S = 300.0
LONGPOLL_S = 110.0
HUB = "%5B%7B%22name%22%3A%22notificationhub%22%7D%5D"
#: (path template, bytes, media) loaded after a page until cached; {h} is the deploy's bundle hash.
ASSETS = (
    ("/bundles/modernizr?v={h}", 11_822, False), ("/bundles/jquery?v={h}", 89_476, False),
    ("/bundles/bootstrap?v={h}", 41_203, False), ("/bundles/pupilpath?v={h}", 233_914, False),
    ("/Content/css?v={h}", 152_061, False), ("/Content/images/district-logo.png", 18_433, True),
    ("/Content/fonts/glyphicons-halflings-regular.woff2", 18_028, True), ("/favicon.ico", 5_430, True),
    ("/WebResource.axd?d=pynGkmcFUV13He1Qd6_TZAG0REM8qqEBAHCZinHsmTftbBz8ARFqQG4SmTbTGQGNsxByiuhhp7M8BL__qlDclA2&t=638712904511625807", 23_130, False),
    ("/ScriptResource.axd?d=NJmAwtEo3Ipnlaxl6CMhvtsjOePWILi8xGg3hVyqcWKTNY6ygcDDr2bkgM5gNOd0xJZOuHyJ_0Q1&t=ffffffffb53e74b8", 97_317, False),
    ("/ScriptResource.axd?d=dwY9oWetJoJoVpgL6Zq8OMLAk4l4RzbU9hZyDw2H1D5pJdQO2U5IkyM3gDEGZwMB0&t=ffffffffb53e74b8", 45_410, False),
)
AREAS = ("Home", "Student", "Roster", "Attendance", "Gradebook", "Reports", "Enrollment", "Scheduling", "Discipline")


def lognorm(r: random.Random, median: float, sigma: float, lo: float = 0.0, hi: float = math.inf) -> float:
    """A log-normal draw with the given median, clipped to [lo, hi]."""
    return min(hi, max(lo, median * math.exp(sigma * r.gauss(0.0, 1.0))))


def _conn_token(r: random.Random) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    raw = "".join(r.choice(alphabet) for _ in range(r.randint(90, 110))) + "=="
    return quote(raw, safe="")


class Client:
    """One device of one person (or a script): its address, user agent, cache and open tabs.

    Parameters
    ----------
    site : Site
        The district.
    out : list
        Events are appended here.
    r : random.Random
        This actor's generator.
    ips : str or sequence of str
        The address, or an egress pool picked per page load (per connection).
    ua : str
        User-Agent header.
    user : str or None
        Account as logged (None: anonymous).
    mode : str
        ``browser`` (assets, referers, SignalR, keep-alive), ``headless`` (the same,
        driven by a tool) or ``script`` (none of them, HTTP/1.1).
    longpoll : bool
        SignalR falls back to long polling (a filtering proxy in the way).
    nocache, media : bool
        Re-fetch every asset on every page; load images and fonts.
    """

    def __init__(self, site: Site, out: list, r: random.Random, ips: str | tuple[str, ...] | list[str], ua: str,
                 user: str | None, mode: str = "browser", longpoll: bool = False, nocache: bool = False,
                 media: bool = True) -> None:
        self.site, self.out, self.r = site, out, r
        self.ips = (ips,) if isinstance(ips, str) else tuple(ips)
        self.ip, self.ua, self.user, self.mode = self.ips[0], ua, user, mode
        self.browser = mode != "script"
        self.proto = "HTTP/2.0" if self.browser else "HTTP/1.1"
        self.longpoll, self.nocache, self.media = longpoll, nocache, media
        self.cache: set[str] = set()
        self.url: str | None = None
        self.last = -1e18
        self.nonce = 0
        self.ws: list[tuple[float, str, str]] = []
        self.ka_next = math.inf
        self.poll: tuple[float, str] | None = None

    # ------------------------------------------------------------------ primitives
    def emit(self, t: float, method: str, path: str, status: int, nbytes: int, ms: float, ref: str | None,
             authed: bool = True, win32: int = 0, proto: str | None = None) -> float:
        """Log one request that arrived at ``t`` and took ``ms``; return when it finished."""
        end = t + ms / 1000.0
        self.out.append((end, self.ip, self.user if authed else None, method, path, status, int(nbytes), ref, self.ua,
                         int(ms), win32, proto or self.proto))
        if authed and self.user:
            self.last = end
        return end

    def xhr(self, t: float, path: str, method: str = "GET", status: int = 200, nbytes: int | None = None,
            bust: bool = False) -> float:
        """An AJAX call from the current page (``bust``: jQuery's ``_=<nonce>`` cache buster)."""
        if bust:
            path += ("&" if "?" in path else "?") + f"_={self.nonce}"
            self.nonce += 1
        size = nbytes if nbytes is not None else int(lognorm(self.r, 2_400, 0.8, 60))
        return self.emit(t, method, path, status, size, lognorm(self.r, 70, 0.6, 4), self.url if self.browser else None)

    def _signin(self, t: float, path: str) -> float:
        r, interactive = self.r, self.last < -1e17 or self.mode == "script"
        self.emit(t, "GET", path, 302, 0, lognorm(r, 9, 0.4, 2), self.url, authed=False)
        t += 0.05
        self.emit(t, "GET", "/Account/Login?ReturnUrl=" + quote(path, safe=""), 302, 0, lognorm(r, 12, 0.4, 2), self.url,
                  authed=False)
        t += lognorm(r, 14, 0.5, 4, 90) + (r.uniform(6, 35) if r.random() < 0.5 else 0) if interactive else r.uniform(0.4, 1.6)
        end = self.emit(t, "POST", "/signin-oidc", 302, 0, lognorm(r, 140, 0.4, 30), f"https://adfs.{self.site.domain}/adfs/ls/",
                        authed=False)
        self.last = end
        return end + 0.05

    def _close_ws(self, t: float, all_tabs: bool = False, win32: int = 0) -> None:
        while self.ws:
            opened, path, ip = self.ws.pop()
            keep, self.ip = self.ip, ip
            self.emit(opened, "GET", path, 101, 0, max(50.0, (t - opened) * 1000.0), self.url, win32=win32, proto="HTTP/1.1")
            self.ip = keep
            if not all_tabs:
                break

    def _deploy(self, t: float) -> str:
        day = int((t - self.site.at(0, 5.0)) // 86400) + 1
        return self.site.bundle_hash[min(max(day, 0), len(self.site.bundle_hash) - 1)]

    # ------------------------------------------------------------------ pages
    def page(self, t: float, path: str, *, method: str = "GET", status: int = 200, xhr: tuple = (), photo: int | None = None,
             new_tab: bool = False, ref: str | None | bool = True, kb: float = 38.0) -> float:
        """Load a page (after signing in again if the cookie expired); return when it is ready.

        ``xhr`` items are paths (``~`` prefix: cache-busted GET) or ``(method, path, status)``;
        ``photo`` is a pupil's local ID whose thumbnail the page shows; ``ref`` True uses the
        current page, a string that page, False or None no referer.
        """
        r = self.r
        if self.user and t - self.last > IDLE_S and not (self.mode == "script" and self.last > -1e17):
            t = self._signin(t, path)
        if len(self.ips) > 1:
            self.ip = r.choice(self.ips)
        referer = self.url if ref is True else (ref or None)
        if not self.browser:
            referer = None
        if not new_tab:
            self._close_ws(t)
        size = 0 if status in (301, 302, 304) else lognorm(r, kb * 1000, 0.35, 900)
        done = self.emit(t, method, path, status, size, lognorm(r, 150, 0.65, 15, 30_000), referer)
        if status in (301, 302, 303):
            return done
        if self.browser:
            self.url = f"https://{self.site.host}{path}"
        self.nonce = int(done * 1000)
        if not self.browser:
            return done
        ta = done + 0.01
        area = path.split("/")[1].split("?")[0] if path.count("/") > 1 else "Home"
        h = self._deploy(t)
        assets = [(a.format(h=h), n, m) for a, n, m in ASSETS]
        if area in AREAS:
            assets.append((f"/Scripts/pages/{area.lower()}.js?v=3.8.{len(h) % 7}", 14_000 + 900 * len(area), False))
        for path_a, n, media in assets:
            if media and not self.media:
                continue
            if self.nocache or path_a not in self.cache:
                self.cache.add(path_a)
                self.emit(ta + r.uniform(0.0, 0.25), "GET", path_a, 200, n, lognorm(r, 9, 0.7, 1), self.url)
            elif path_a.endswith(".png") and r.random() < 0.06:
                self.emit(ta + r.uniform(0.0, 0.25), "GET", path_a, 304, 0, lognorm(r, 4, 0.5, 1), self.url)
        tx = ta + r.uniform(0.15, 0.6)
        if photo is not None and self.media:
            self.emit(tx, "GET", f"/Student/Photo.ashx?id={photo}&s=sm", 200, lognorm(r, 7_000, 0.3), lognorm(r, 25, 0.5, 3),
                      self.url)
        for x in xhr:
            if isinstance(x, tuple):
                tx = self.xhr(tx + 0.02, x[1], method=x[0], status=x[2])
            else:
                tx = self.xhr(tx + 0.02, x.lstrip("~"), bust=x.startswith("~"))
        self._signalr(tx + 0.05)
        self.ka_next = done + KEEPALIVE_S
        return tx + 0.45

    def _signalr(self, t: float) -> None:
        r, tok = self.r, _conn_token(self.r)
        transport = "longPolling" if self.longpoll else "webSockets"
        self.xhr(t, f"/signalr/negotiate?clientProtocol=1.5&connectionData={HUB}", bust=True, nbytes=402)
        common = f"transport={transport}&clientProtocol=1.5&connectionToken={tok}&connectionData={HUB}"
        if self.longpoll:
            self.xhr(t + 0.1, f"/signalr/connect?{common}", nbytes=89)
            self.poll = (t + 0.2, common)
        else:
            self.ws.append((t + 0.1, f"/signalr/connect?{common}&tid={r.randrange(11)}", self.ip))
        self.xhr(t + 0.2, f"/signalr/start?{common}", bust=True, nbytes=29)

    def wait(self, t: float, seconds: float, awake: bool = True) -> float:
        """Let ``seconds`` pass on the current page (keep-alives and polls if awake); return the new time."""
        end = t + seconds
        if not self.browser or self.url is None:
            return end
        if not awake:
            self._close_ws(t, all_tabs=True, win32=64)
            self.poll, self.ka_next = None, math.inf
            return end
        while self.ka_next < end:
            self.xhr(self.ka_next, "/Handlers/KeepAlive.ashx", bust=True, nbytes=2)
            self.ka_next += KEEPALIVE_S + self.r.uniform(-0.5, 0.5)
        if self.poll:
            p, common = self.poll
            while p + LONGPOLL_S < end:
                self.emit(p, "GET", f"/signalr/poll?{common}&messageId=d-{self.nonce % 9000:X}-B,0%7CH,{self.nonce % 77}",
                          200, 11, LONGPOLL_S * 1000 + self.r.uniform(0, 40), self.url)
                p += LONGPOLL_S + self.r.uniform(0.02, 0.2)
            self.poll = (p, common)
        return end

    def close(self, t: float) -> None:
        """Close the browser: every tab's WebSocket ends, nothing polls any more."""
        if self.browser:
            self._close_ws(t, all_tabs=True)
        self.poll, self.ka_next, self.url = None, math.inf, None
