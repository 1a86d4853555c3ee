"""A browser or script talking to the app, turning actions into log events.

An *event* is the tuple ``(write_key, ts, ip, user, method, path, status,
bytes, referer, user_agent, duration_ms)`` where ``ts`` is the UTC epoch
second the request arrived and ``write_key = ts + duration`` is when the
server finished it and wrote the line (so slow responses land slightly out of
order, as in real multi-worker logs).
"""

from __future__ import annotations

import math
import uuid
from urllib.parse import quote

import numpy as np

from .app import HOST, World

#: kind -> (median bytes, sigma of log bytes, median duration ms, sigma of log duration)
KINDS = {
    "page": (17_000, 0.25, 110, 0.5), "dashboard": (24_000, 0.15, 160, 0.5), "search": (12_000, 0.35, 180, 0.6),
    "student": (21_000, 0.2, 130, 0.5), "roster": (38_000, 0.5, 260, 0.6), "reports": (15_000, 0.1, 90, 0.4),
    "extract": (9_500, 0.1, 240, 0.5), "login": (6_400, 0.02, 40, 0.4), "post_login": (0, 0, 320, 0.3),
    "redirect": (0, 0, 15, 0.4), "error": (3_100, 0.05, 25, 0.4), "api": (2_600, 0.45, 60, 0.6),
    "api_roster": (28_000, 0.6, 200, 0.6), "poll": (96, 0.04, 18, 0.4), "ready": (172, 0.03, 20, 0.4),
    "download": (900_000, 1.1, 2_500, 0.8), "health": (15, 0.0, 3, 0.5), "post": (0, 0, 280, 0.5),
    "count": (41, 0.08, 9, 0.4),
}
KEEP = object()


class Draw:
    """Buffered scalar draws from a :class:`numpy.random.Generator`.

    Scalar generator calls cost about a microsecond each; drawing blocks keeps
    per-event work cheap while staying deterministic.
    """

    __slots__ = ("rng", "_z", "_u")

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self._z = iter(rng.standard_normal(2048).tolist()).__next__
        self._u = iter(rng.random(2048).tolist()).__next__

    def z(self) -> float:
        """A standard normal draw."""
        try:
            return self._z()
        except StopIteration:
            self._z = iter(self.rng.standard_normal(8192).tolist()).__next__
            return self._z()

    def u(self) -> float:
        """A uniform draw on [0, 1)."""
        try:
            return self._u()
        except StopIteration:
            self._u = iter(self.rng.random(8192).tolist()).__next__
            return self._u()

    def lognorm(self, median: float, sigma: float, lo: float = 0.0, hi: float = math.inf) -> float:
        """A log-normal draw with the given median, clipped to ``[lo, hi]``."""
        return min(hi, max(lo, median * math.exp(sigma * self.z())))

    def int(self, lo: int, hi: int) -> int:
        """A uniform integer in ``[lo, hi)``."""
        return lo + int(self.u() * (hi - lo))

    def pick(self, seq):
        """A uniformly chosen element of ``seq``."""
        return seq[int(self.u() * len(seq))]


class Client:
    """One browser (or script) with its cookie jar, cache and current page.

    Parameters
    ----------
    world : World
    out : list
        Event list to append to.
    dr : Draw
    ip, ua : str
        Source address and User-Agent.
    user : str or None
        Account the client logs in as.
    browser : bool
        Loads static assets and sends Referer headers (default True).
    nocache : bool
        Re-download every asset on every page (headless tools with a fresh profile).
    reval : float
        Probability that a cached non-hashed asset is revalidated (304) on a page view.
    idle : float
        Server-side session idle timeout in seconds.
    media : bool
        Fetch fonts and images (automation tools often block them).
    """

    def __init__(self, world: World, out: list, dr: Draw, ip: str, ua: str, user: str | None, *,
                 browser: bool = True, referers: bool | None = None, nocache: bool = False,
                 reval: float = 0.3, idle: float = 1800.0, media: bool = True) -> None:
        self.w, self.out, self.dr, self.ip, self.ua, self.user = world, out, dr, ip, ua, user
        self.browser, self.refs = browser, browser if referers is None else referers
        self.nocache, self.reval, self.idle, self.media = nocache, reval, idle, media
        self.authed, self.last, self.url = False, -math.inf, None
        self.loaded: set[str] = set()

    def warm(self, t: float) -> None:
        """Mark every current asset as cached (another tab of the same browser loaded them)."""
        for group in (None, "students", "schools", "reports"):
            self.loaded.update(a[0] for a in self.w.assets(t, group))

    def emit(self, t: float, method: str, path: str, status: int, kind: str, ref: str | None = None,
             nbytes: int | None = None, authed: bool | None = None) -> float:
        """Append one request of ``kind`` (sets typical size and service time).  Returns its duration in s."""
        mb, sb, md, sd = KINDS[kind]
        if nbytes is None:
            nbytes = int(mb * math.exp(sb * self.dr.z())) if mb else 0
        dur = md * math.exp(sd * self.dr.z())
        user = self.user if (self.authed if authed is None else authed) else None
        self.out.append((t + dur / 1000.0, t, self.ip, user, method, path, status, nbytes,
                         ref if self.refs else None, self.ua, dur))
        return dur / 1000.0

    def assets(self, t: float, group: str | None, url: str) -> None:
        """Static assets a page loads right after its HTML, with the page as Referer."""
        dr, tt = self.dr, t + 0.05
        for path, nb, hashed in self.w.assets(t, group):
            if not self.media and not path.endswith((".js", ".css")):
                continue
            tt += 0.01 + 0.06 * dr.u()
            if self.nocache or path not in self.loaded:
                self.loaded.add(path)
                self.out.append((tt + 0.004, tt, self.ip, self.user if self.authed else None, "GET", path, 200,
                                 nb, url if self.refs else None, self.ua, 2.0 + 8.0 * dr.u()))
            elif not hashed and dr.u() < self.reval:
                self.out.append((tt + 0.002, tt, self.ip, self.user if self.authed else None, "GET", path, 304,
                                 0, url if self.refs else None, self.ua, 1.0 + 2.0 * dr.u()))

    def page(self, t: float, path: str, kind: str = "page", group: str | None = None, api: str | None = None,
             api_kind: str = "api", status: int = 200, ref=KEEP, method: str = "GET") -> float:
        """Navigate to ``path``: HTML, assets and the page's XHR.  Returns ``t``.

        If the session has been idle longer than the timeout, the request is
        redirected to the login page first and the user signs in again.
        """
        if self.user and self.authed and t - self.last > self.idle:
            self.emit(t, method, path, 302, "redirect", self.url, authed=False)
            self.authed = False
            t = self.login(t + 0.2, next_path=path)
        ref = self.url if ref is KEEP else ref
        ta = t + self.emit(t, method, path, status, kind if status < 400 else "error", ref) + 0.01
        url = HOST + path
        if self.browser:  # the HTML has arrived: assets, then the app's script fetches data and the badge count
            self.assets(ta, group, url)
            if self.authed:
                self.emit(ta + 0.2 + 0.5 * self.dr.u(), "GET", "/api/v1/notifications/count", 200, "count", url)
        if api and status < 400:
            self.emit(ta + 0.15 + 0.6 * self.dr.u(), "GET", api, 200, api_kind, url)
        self.url, self.last = url, t
        return t

    def login(self, t: float, next_path: str | None = None, fail: bool = False, typing: float | None = None) -> float:
        """Sign in (a failed try first if ``fail``).  Returns the time of the successful POST."""
        dr, self.authed = self.dr, False
        if self.browser:
            lp = "/login" if next_path in (None, "/dashboard") else f"/login?next={quote(next_path, safe='')}"
            self.emit(t, "GET", lp, 200, "login", self.url if next_path else None)
            self.url = HOST + lp
            self.assets(t, None, self.url)
            t += typing if typing is not None else dr.lognorm(7.0, 0.6, 1.5, 60.0)
        if fail:
            self.emit(t, "POST", "/login", 401, "login", self.url)
            t += dr.lognorm(9.0, 0.5, 3.0, 90.0)
        self.emit(t, "POST", "/login", 302, "post_login", self.url, authed=True)
        self.authed, self.last = True, t
        return t + 0.3 + 0.2 * dr.u()

    def logout(self, t: float) -> float:
        """Sign out (GET /logout, redirected to the login page)."""
        self.emit(t, "GET", "/logout", 302, "redirect", self.url)
        self.authed = False
        return self.page(t + 0.2, "/login", "login")

    def poll_job(self, t: float, build_s: float, ref: str, interval, ready_kind: str = "ready") -> tuple[float, str]:
        """Poll a report job until it is built.  Returns (time ready seen, job id)."""
        job = str(uuid.UUID(bytes=self.dr.rng.bytes(16), version=4))
        path, tp, end = f"/reports/jobs/{job}/status", t + interval(), t + build_s
        while tp < end:
            self.emit(tp, "GET", path, 200, "poll", ref)
            tp += interval()
        self.emit(tp, "GET", path, 200, ready_kind, ref)
        return tp, job

    def extract(self, t: float, typ: str, year: str, school: str, *, build_s: float, interval=None,
                click: tuple[float, float] = (2.0, 25.0), size: float = 1.0) -> float:
        """Request an extract, poll its job, download it.  Returns the download time."""
        w, dr = self.w, self.dr
        path = f"/reports/extract?type={typ}&year={year}&school={school}"
        t = self.page(t, path, "extract", "reports")
        url = self.url
        if interval is None:
            def interval(_s=[0.0]):  # the page's script: fixed period, backs off to 5 s after 30 s
                _s[0] += 1
                base = w.poll_s if _s[0] < 30 / w.poll_s else 5.0
                return base + 0.02 * dr.z() + 0.05 * dr.u()
        tp, job = self.poll_job(t, build_s, url, interval)
        td = tp + click[0] + (click[1] - click[0]) * dr.u()
        nb = int(size * dr.lognorm(900_000, 1.0, 20_000, 60_000_000))
        mb, _, md, sd = KINDS["download"]
        dur = min(60_000.0, md * (nb / mb) ** 0.5 * math.exp(sd * dr.z()))
        self.out.append((td + dur / 1000.0, td, self.ip, self.user, "GET", f"/reports/download/{job}", 200, nb,
                         url if self.refs else None, self.ua, dur))
        self.last = max(self.last, td)
        return td
