"""The TidePool SIS: its URL scheme, login flow and what one client puts in the log.

A classic PHP front controller (``/sis/index.php?m=MODULE&a=ACTION``) with an
``ajax.php?fn=...`` endpoint for autocomplete, gradebook cells and keep-alive
pings, ``print.php`` for PDFs, ``reports/export.php`` for CSV extracts and
``photo.php`` for student photos.  Static files are served by the web server
itself, so their lines carry no account; PHP responses carry the account the
application put in its ``X-SIS-User`` header (logged in the user field).
Sessions expire after 24 idle minutes.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field

HOST = "sis.harborusd.org"
BASE = f"https://{HOST}"
IDLE_TIMEOUT = 24 * 60
ASSETS = ("/sis/themes/tidepool/css/app.css?v=8.4.2", "/sis/js/jquery-3.7.1.min.js", "/sis/js/tidepool.min.js?v=8.4.2",
          "/sis/js/datatables.min.js?v=1.13", "/sis/themes/tidepool/img/logo.png", "/favicon.ico")
TABS = ("attendance", "grades", "contacts", "schedule", "health", "tests", "discipline")

#: Event tuple: (epoch seconds, ip, account or "", method, path, status, bytes, referer, user agent, PHPSESSID, ms)
Event = tuple


def profile(sid: int, tab: str = "profile") -> str:
    """Path of a student page (``profile`` or one of :data:`TABS`)."""
    return f"/sis/index.php?m=student&a={tab}&sid={sid}"


@dataclass
class Client:
    """One browser (or script) talking to the SIS as one account.

    Parameters
    ----------
    ip, ua : str
        Source address and user agent.
    user : str
        Account it logs in as.
    rng : random.Random
        Timing and size noise.
    style : str
        ``browser`` (assets, photos, XHR), ``headless`` (a real browser engine
        driven by a script: same as browser) or ``script`` (documents only).
    """

    ip: str
    ua: str
    user: str
    rng: random.Random
    style: str = "browser"
    sid: str = ""
    last: float = -1e12
    warm: bool = False
    pinned: bool = False
    referer: str = "-"
    out: list = field(default_factory=list)

    def hit(self, t: float, method: str, path: str, status: int = 200, size: int | None = None,
            authed: bool = True, ref: str | None = None) -> None:
        """Append one request line."""
        size = size if size is not None else self.rng.randint(300, 2500)
        ms = int(self.rng.lognormvariate(4.6, 0.7))
        who = self.user if authed and self.sid else ""
        self.out.append((t, self.ip, who, method, path, status, size, ref if ref is not None else self.referer,
                         self.ua, self.sid, ms))
        self.last = t

    def _assets(self, t: float) -> float:
        if self.style == "script":
            return t
        photos = [a for a in ASSETS if not self.warm or self.rng.random() < 0.08]
        for asset in photos:
            t += self.rng.uniform(0.02, 0.25)
            self.hit(t, "GET", asset, 304 if self.warm else 200, 0 if self.warm else self.rng.randint(2000, 90000),
                     authed=False)
        self.warm = True
        return t

    def page(self, t: float, path: str, size: int | None = None, status: int = 200, xhr: bool = True) -> float:
        """A full page view: document, static assets, photo of a student page, message-count XHR."""
        self.hit(t, "GET", path, status, size or self.rng.randint(9000, 60000))
        t = self._assets(t + self.rng.uniform(0.1, 0.6))
        if self.style != "script":
            if "m=student" in path:
                sid = int(path.rsplit("sid=", 1)[1].split("&")[0])
                t += self.rng.uniform(0.05, 0.3)
                self.hit(t, "GET", f"/sis/photo.php?sid={sid}&sz=m", 404 if sid % 13 == 0 else 200,
                         300 if sid % 13 == 0 else self.rng.randint(6000, 30000), ref=BASE + path)
            if xhr:
                t += self.rng.uniform(0.1, 0.5)
                self.hit(t, "GET", "/sis/ajax.php?fn=msg_count", 200, self.rng.randint(40, 90), ref=BASE + path)
        self.referer = BASE + path
        return t

    def post(self, t: float, path: str, then: str | None = None, status: int = 302) -> float:
        """A form POST (redirect after post), followed by the page it redirects to."""
        self.hit(t, "POST", path, status, self.rng.randint(0, 400))
        if then:
            t = self.page(t + self.rng.uniform(0.1, 0.5), then)
        return t

    def xhr(self, t: float, path: str, method: str = "GET", size: int | None = None) -> float:
        """An XMLHttpRequest from the current page."""
        self.hit(t, method, path, 200, size)
        return t + self.rng.uniform(0.05, 0.4)

    def login(self, t: float, ok: bool = True) -> float:
        """Log in through the form: ``/sis/`` -> ``login.php`` -> POST -> home."""
        self.sid = ""
        self.hit(t, "GET", "/sis/", 302, 0, ref="-")
        t = self._assets(t + 0.2)
        self.hit(t + 0.3, "GET", "/sis/login.php", 200, self.rng.randint(4000, 5000), ref="-")
        t += self.rng.uniform(3, 15) if self.style == "browser" else self.rng.uniform(0.2, 2)
        if not ok:
            self.hit(t, "POST", "/sis/login.php", 200, self.rng.randint(4100, 5200), ref=BASE + "/sis/login.php")
            return t
        if self.style == "browser" and self.rng.random() < 0.04:  # mistyped password, then the right one
            self.hit(t, "POST", "/sis/login.php", 200, self.rng.randint(4100, 5200), ref=BASE + "/sis/login.php")
            t += self.rng.uniform(4, 20)
        self.sid = "".join(self.rng.choice(string.ascii_lowercase + string.digits) for _ in range(26))
        self.hit(t, "POST", "/sis/login.php", 302, 0, ref=BASE + "/sis/login.php")
        self.referer = BASE + "/sis/login.php"
        return self.page(t + self.rng.uniform(0.1, 0.4), "/sis/index.php?m=home")

    def ensure(self, t: float) -> float:
        """Log in (again) when there is no live session; returns when the client is ready."""
        if self.sid and (self.pinned or t - self.last < IDLE_TIMEOUT):
            return t
        if self.sid:  # expired: the next click bounces to the login page
            self.hit(t, "GET", "/sis/index.php?m=home", 302, 0, authed=False)
        return self.login(t + 1) + self.rng.uniform(2, 20)

    def logout(self, t: float) -> None:
        """Log out (the line still carries the account)."""
        self.hit(t, "GET", "/sis/logout.php", 302, 0)
        self.sid = ""

    def keepalive(self, start: float, end: float, every: float = 300.0) -> None:
        """Keep-alive pings of an open tab between ``start`` and ``end`` (the page's timer)."""
        t = start + every
        while t < end:
            self.hit(t + self.rng.uniform(0, 2), "GET", "/sis/ajax.php?fn=keepalive", 200, 38)
            t += every

    def search(self, t: float, name: str) -> float:
        """Type a surname into the student search box (one XHR per keystroke after the second)."""
        for k in range(3, min(len(name), 6) + 1):
            t += self.rng.uniform(0.15, 0.6) if self.style != "script" else 0
            self.hit(t, "GET", f"/sis/ajax.php?fn=stu_search&q={name[:k]}", 200, self.rng.randint(200, 3000))
        return t + self.rng.uniform(0.5, 2)


__all__ = ["Client", "HOST", "BASE", "TABS", "profile", "IDLE_TIMEOUT"]
