"""A browser tab (or a script) talking to the portal, one request at a time.

:class:`Client` keeps a time cursor and appends :class:`Hit` records to a
shared list; the log writers sort them by the time the proxy logs them
(request completion).  It knows the portal's sign-in dance (OIDC or SAML
redirects through the district's identity provider), the single-page app's
boot calls, its 15-minute silent token refresh, its real-time channel
(a websocket, or long polling where a district's web filter blocks
websockets) and its 30-minute idle sign-out.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass
from urllib.parse import quote

from sample_logs.blind.world import HOST

ORIGIN = f"https://{HOST}"
IDP_REFERER = {"azure": "https://login.microsoftonline.com/", "google": "https://accounts.google.com/"}
REFRESH_S = 900.0
IDLE_LOGOUT_S = 1800.0
POLL_HOLD_S = 50.0


@dataclass(slots=True)
class Hit:
    """One logged request; ``ts`` is when the proxy logged it (completion)."""

    ts: float
    dur: float
    ip: str
    port: int
    user: str | None
    method: str
    path: str
    query: str
    status: int
    size: int
    req_size: int
    referer: str
    ua: str
    proto: str
    trace: str


class Client:
    """One device/browser (or script) acting as one account.

    Parameters
    ----------
    out : list of Hit
        Shared sink.
    rng : random.Random
        The actor's own random stream.
    user : str
        Account the requests are authenticated as.
    ua, ip : str
        User agent and client address.
    sso : str
        ``azure``, ``google`` or ``adfs``.
    domain : str
        The district's mail domain (for the ADFS host name and Google ``hd``).
    ui : str
        ``classic`` (REST pages) or ``new`` (GraphQL pages).
    realtime : str
        ``ws``, ``poll`` or ``none``.
    """

    def __init__(self, out: list[Hit], rng: random.Random, user: str, ua: str, ip: str, *, sso: str = "azure",
                 domain: str = "", ui: str = "classic", realtime: str = "ws", proto: str = "2") -> None:
        self.out, self.rng, self.user, self.ua, self.ip = out, rng, user, ua, ip
        self.sso, self.domain, self.ui, self.realtime, self.proto = sso, domain, ui, realtime, proto
        self.t = 0.0
        self.page = ""
        self.authed = False
        self.port = rng.randint(49152, 65535)
        self.open_since: float | None = None
        self.last_action = 0.0

    # -- time -------------------------------------------------------------
    def at(self, t: float) -> "Client":
        """Move the cursor to ``t`` (epoch seconds, UTC)."""
        self.t = t
        return self

    def wait(self, seconds: float) -> None:
        """Let time pass."""
        self.t += max(0.0, seconds)

    def think(self, median: float = 20.0, sigma: float = 0.9, cap: float = 1200.0) -> None:
        """A human pause: log-normal around ``median`` seconds."""
        self.wait(min(cap, self.rng.lognormvariate(math.log(median), sigma)))

    # -- requests ---------------------------------------------------------
    def page_url(self) -> str:
        """The referer the app sends (same-origin: the full page URL)."""
        return ORIGIN + self.page if self.page else ""

    def req(self, method: str, path: str, query: str = "", *, status: int = 200, size: int | None = None,
            dur: float | None = None, req_size: int = 0, authed: bool | None = None,
            referer: str | None = None, advance: bool = True) -> float:
        """Log one request starting now; return its completion time."""
        rng = self.rng
        if dur is None:
            dur = rng.lognormvariate(math.log(0.07), 0.6)
        if size is None:
            size = rng.randint(600, 4500)
        user = self.user if (self.authed if authed is None else authed) else None
        ref = self.page_url() if referer is None else referer
        end = self.t + dur
        self.out.append(Hit(end, dur, self.ip, self.port, user, method, path, query, status, size, req_size,
                            ref, self.ua, self.proto, f"{rng.getrandbits(64):016x}"))
        if advance:
            self.t = end
        return end

    def burst(self, calls: list[tuple]) -> None:
        """Parallel fetches fired together (the app renders when all are back).

        ``calls`` holds ``(method, path, query, size)`` tuples; ``size`` may be None.
        """
        start, done = self.t, self.t
        for i, (method, path, query, size) in enumerate(calls):
            self.t = start + i * self.rng.uniform(0.002, 0.025)
            body = self.rng.randint(300, 1400) if method == "POST" else 0
            done = max(done, self.req(method, path, query, size=size, req_size=body, advance=False))
        self.t = done + self.rng.uniform(0.05, 0.4)  # render
        self.last_action = self.t

    def graphql(self, operation: str, size: tuple[int, int] = (2500, 12000)) -> None:
        """A GraphQL POST: the operation and its variables travel in the body."""
        self.req("POST", "/graphql", size=self.rng.randint(*size), req_size=self.rng.randint(250, 1500),
                 dur=self.rng.lognormvariate(math.log(0.18), 0.6))
        self.last_action = self.t

    def persisted(self, operation: str, variables: str) -> None:
        """An Apollo persisted-query GET (variables, hence ids, end up in the URL)."""
        digest = hashlib.sha256(operation.encode()).hexdigest()
        ext = quote('{"persistedQuery":{"version":1,"sha256Hash":"%s"}}' % digest)
        query = f"operationName={operation}&variables={quote(variables)}&extensions={ext}"
        self.req("GET", "/graphql", query, size=self.rng.randint(1500, 9000))
        self.last_action = self.t

    # -- sign-in, boot, timers --------------------------------------------
    def login(self, silent: bool = False, route: str = "/app/") -> None:
        """Sign in through the district's identity provider and boot the app."""
        rng = self.rng
        self.authed, self.page = False, ""
        self.port = rng.randint(49152, 65535)
        self.req("GET", route, size=2140, referer="")
        self.page = route
        self.req("GET", "/api/v1/me", status=401, size=71)
        back = quote(route, safe="")
        if self.sso == "adfs":
            self.req("GET", "/auth/saml/login", f"RelayState={back}", status=302, size=0)
        else:
            self.req("GET", "/auth/login", f"provider={self.sso}&return_to={back}", status=302, size=0)
        self.wait(rng.uniform(0.8, 2.5) if silent else rng.lognormvariate(math.log(14.0), 0.5))
        state = f"{rng.getrandbits(96):024x}"
        if self.sso == "adfs":
            self.req("POST", "/auth/saml/acs", status=302, size=0, req_size=rng.randint(6500, 9800),
                     referer=f"https://adfs.{self.domain}/")
        elif self.sso == "google":
            q = (f"state={state}&code=4%2F0A{rng.getrandbits(160):040x}&scope=email+profile+openid"
                 f"&authuser=0&hd={self.domain}&prompt={'none' if silent else 'consent'}")
            self.req("GET", "/auth/oidc/callback", q, status=302, size=0, referer=IDP_REFERER["google"])
        else:
            q = f"code=0.A{rng.getrandbits(192):048x}&state={state}&session_state={rng.getrandbits(64):016x}"
            self.req("GET", "/auth/oidc/callback", q, status=302, size=0, referer=IDP_REFERER["azure"])
        self.authed = True
        self.boot(route)

    def boot(self, route: str = "/app/") -> None:
        """The app shell loads and fetches who-am-I, organisations and flags."""
        self.req("GET", route, size=2140, referer="")
        self.page = route
        self.burst([("GET", "/api/v1/me", "", 900), ("GET", "/api/v1/orgs", "scope=mine", None),
                    ("GET", "/api/v1/announcements", "", 1200), ("GET", "/api/v1/feature-flags", "", 640)])
        self.open_since = self.t

    def close(self, logout: str = "idle") -> None:
        """End the tab: fill its timers, then sign out (idle, explicit), expire, or just vanish."""
        if self.open_since is None:
            return
        if logout == "idle":
            self.t = max(self.t, self.last_action + IDLE_LOGOUT_S)
        self._timers(self.open_since, self.t)
        if logout in ("idle", "explicit"):
            self.req("POST", "/auth/logout", status=204, size=0)
            self.req("GET", "/app/signed-out", size=1800, authed=False)
        elif logout == "expired":  # the refresh token ran out: the app falls back to the sign-in page
            self.req("POST", "/auth/token/refresh", status=401, size=71, authed=False)
            self.req("GET", "/auth/login", f"provider={self.sso}&return_to=%2Fapp%2F", status=302, size=0,
                     authed=False)
        self.authed, self.open_since = False, None

    def _timers(self, t0: float, t1: float) -> None:
        """Token refresh every 15 min and the real-time channel between ``t0`` and ``t1``."""
        rng, cursor = self.rng, self.t
        t = t0 + REFRESH_S
        while t < t1:
            self.t = t
            self.req("POST", "/auth/token/refresh", size=rng.randint(1100, 1300), req_size=0, advance=False)
            t += REFRESH_S + rng.uniform(0.0, 1.2)
        if self.realtime == "ws":
            start = t0
            while start < t1 - 5:
                end = min(t1, start + rng.uniform(1200, 3600))  # idle timeouts drop the socket
                self.t = start
                self.req("GET", "/ws/notifications", "v=3", status=101, size=rng.randint(300, 9000),
                         dur=end - start, advance=False)
                start = end + rng.uniform(1.0, 6.0)
        elif self.realtime == "poll":
            t, cursor_id = t0 + 0.5, rng.randint(10_000, 90_000)
            while t < t1:
                hold = POLL_HOLD_S if rng.random() > 0.04 else rng.uniform(0.2, POLL_HOLD_S)
                self.t = t
                idle = hold >= POLL_HOLD_S
                self.req("GET", "/api/v1/notifications/poll", f"cursor={cursor_id}", status=204 if idle else 200,
                         size=0 if idle else rng.randint(200, 900), dur=hold, advance=False)
                cursor_id += hold < POLL_HOLD_S
                t += hold + rng.uniform(0.03, 0.25)
        self.t = max(cursor, t1)
