"""The SDS web app as seen by its logs: URL scheme, page fan-out, assets, sign-in flows.

Layers: 0 = static file served by nginx (assets, help site), 1 = Rack middleware answered it
(OmniAuth request phase, Rack::Attack throttling), 2 = a Rails controller action (lograge logs it).
"""
from __future__ import annotations

import random
import string

from .world import ORIGIN, WINDOW, day_start

_B64 = string.ascii_letters + string.digits + "_-"


class Req:
    __slots__ = ("t0", "t1", "ip", "via", "user", "m", "path", "q", "st", "nb", "ref", "ua",
                 "layer", "ctrl", "fmt", "pp", "loc")


class Client:
    """One browser (or script) on one network: the unit a log line comes from."""
    __slots__ = ("ip", "via", "ua", "user", "authed", "cache", "url", "last", "auth_at", "browser")

    def __init__(self, ip, ua, user=None, via=None, browser=True):
        self.ip, self.ua, self.user, self.via, self.browser = ip, ua, user, via, browser
        self.authed = False
        self.cache: set = set()
        self.url = None
        self.last = -1e18
        self.auth_at = -1e18


def tok(r: random.Random, n: int) -> str:
    return "".join(r.choice(_B64) for _ in range(n))


class Site:
    IDLE = 1800.0          # idle session timeout (s)
    ABS = 36000.0          # absolute session lifetime (s)

    def __init__(self, r: random.Random, days: int):
        self.r = r
        self.out: list[Req] = []
        self._hash: dict = {}
        self.deploys = [day_start(d) + 21.5 * 3600 for d in range(days + 1)]
        self.next_id = 880000

    # ------------------------------------------------------------------ primitives
    def new_id(self) -> int:
        self.next_id += self.r.randint(1, 9)
        return self.next_id

    def release(self, t: float) -> int:
        return sum(1 for d in self.deploys if t >= d)

    def h(self, rel: int, name: str) -> str:
        key = (rel, name)
        if key not in self._hash:
            self._hash[key] = tok(random.Random(f"{rel}:{name}"), 8)
        return self._hash[key]

    def hit(self, c: Client, t: float, m: str, path: str, q: str = "", st: int = 200, nb: int = 0,
            ref=None, layer: int = 2, ctrl=None, fmt: str = "json", pp=None, dur=None, loc=None,
            auth: bool = False) -> float:
        r = self.r
        if auth and not c.authed:
            if fmt == "html":
                st, nb, loc = 302, 104, ORIGIN + "/users/sign_in"
            else:
                st, nb = 401, 47
        if dur is None:
            if layer == 0:
                dur = 0.002 + nb / r.uniform(1.5e6, 9e6)
            elif fmt == "html":
                dur = r.lognormvariate(-2.4, 0.55)
            else:
                dur = r.lognormvariate(-3.0, 0.7)
        q_ = Req()
        q_.t0, q_.t1, q_.ip, q_.via = t, t + dur, c.ip, c.via
        q_.user = c.user if (c.authed and layer != 0) else None
        q_.m, q_.path, q_.q, q_.st, q_.nb, q_.ref, q_.ua = m, path, q, st, nb, ref, c.ua
        q_.layer, q_.ctrl, q_.fmt, q_.pp, q_.loc = layer, ctrl, fmt, pp, loc
        self.out.append(q_)
        c.last = t + dur
        return t + dur

    def static(self, c: Client, t: float, path: str, nb: int, ref=None, st: int = 200) -> float:
        return self.hit(c, t, "GET", path, st=st, nb=nb, ref=ref, layer=0)

    # ------------------------------------------------------------------ browser behaviour
    CORE = (("application", "js", 148000, 156000), ("vendor-react", "js", 46000, 49000),
            ("application", "css", 30500, 32500), ("inter-latin-400-normal", "woff2", 23600, 23700),
            ("inter-latin-600-normal", "woff2", 24100, 24200), ("state-seal", "svg", 8800, 8900))

    def assets(self, c: Client, t: float, url: str, chunk=None, core: bool = True) -> None:
        rel = self.release(t)
        r = self.r
        page = ORIGIN + url
        for i, (name, ext, lo, hi) in enumerate(self.CORE if core else ()):
            if (rel, name + ext) in c.cache:
                continue
            c.cache.add((rel, name + ext))
            ref = ORIGIN + f"/vite/assets/application-{self.h(rel, 'applicationcss')}.css" if ext == "woff2" else page
            self.static(c, t + 0.01 * i + r.uniform(0, 0.05), f"/vite/assets/{name}-{self.h(rel, name + ext)}.{ext}",
                        r.randint(lo, hi), ref)
        if core and ("fav", rel) not in c.cache:
            c.cache.add(("fav", rel))
            self.static(c, t + 0.4, "/favicon.ico", 4286, page)
        if chunk and (rel, chunk) not in c.cache:
            c.cache.add((rel, chunk))
            self.static(c, t + 0.08, f"/vite/assets/{chunk}-{self.h(rel, chunk)}.js", r.randint(4000, 38000), page)

    TURBO = ("Roster", "Anomalies", "StaffRecords", "AdminUsers", "Submissions")

    def page(self, c: Client, t: float, sp, full: bool = False, ref=None) -> float:
        """A page view: full document load (HTML + assets + XHR) or an SPA navigation (XHR only)."""
        path, q, ctrl, pp, xhrs, chunk, nb = sp
        url = path + ("?" + q if q else "")
        r = self.r
        nb = int(nb * r.uniform(0.9, 1.1)) if chunk in self.TURBO else nb + r.randint(-24, 24)
        if c.url is None:
            full = True
        if full:
            t = self.hit(c, t, "GET", path, q, nb=nb, ref=ref, ctrl=ctrl, fmt="html", pp=pp, auth=True)
            if not c.authed:
                return t
            if c.browser:
                self.assets(c, t + 0.01, url, chunk)
            t += r.uniform(0.25, 0.6)
        else:
            if chunk in self.TURBO:          # server-rendered list pages: Turbo Drive fetches the HTML
                t = self.hit(c, t, "GET", path, q, nb=nb, ref=ORIGIN + c.url, ctrl=ctrl, fmt="html", pp=pp, auth=True)
            if c.browser:
                self.assets(c, t, url, chunk, core=False)
            t += r.uniform(0.02, 0.12)
        end = t
        for xp, xq, xc, xpp, lo, hi in xhrs:
            end = max(end, self.hit(c, t + r.uniform(0, 0.09), "GET", xp, xq, nb=r.randint(lo, hi),
                                    ref=ORIGIN + url, ctrl=xc, pp=xpp, auth=True))
        c.url = url
        return end

    def xhr(self, c: Client, t: float, m: str, path: str, ctrl: str, q: str = "", st: int = 200,
            lo: int = 300, hi: int = 3000, pp=None, dur=None) -> float:
        ref = ORIGIN + c.url if (c.url and c.browser) else None
        return self.hit(c, t, m, path, q, st=st, nb=self.r.randint(lo, hi), ref=ref, ctrl=ctrl, pp=pp,
                        dur=dur, auth=True)

    def ping(self, c: Client, t: float) -> float:
        """Session-status poll made by the front end every few minutes while a tab is open."""
        return self.xhr(c, t, "GET", "/api/v1/session", "Api::V1::SessionsController#show", lo=61, hi=64)

    def session_valid(self, c: Client, t: float) -> bool:
        if c.authed and (t - c.last > self.IDLE or t - c.auth_at > self.ABS or t < c.auth_at):
            c.authed = False
        return c.authed

    # ------------------------------------------------------------------ sign-in flows
    def sign_in_page(self, c: Client, t: float, ref=None, q: str = "") -> float:
        t = self.hit(c, t, "GET", "/users/sign_in", q, nb=self.r.randint(5200, 5400), ref=ref,
                     ctrl="Users::SessionsController#new", fmt="html", pp=None)
        if c.browser:
            self.assets(c, t + 0.01, "/users/sign_in", "SignIn")
        return t + self.r.uniform(0.3, 0.8)

    def login_sso(self, c: Client, t: float, lea, idp_wait: float) -> float:
        r = self.r
        if c.url is None or r.random() < 0.6:   # bookmark to the dashboard bounces to sign-in
            t = self.hit(c, t, "GET", "/dashboard", nb=104, ctrl="DashboardController#show", fmt="html", auth=True)
            t += r.uniform(0.03, 0.1)
        t = self.sign_in_page(c, t) + r.uniform(1.5, 6)
        prov = lea.idp
        ref = ORIGIN + "/users/sign_in"
        if prov == "saml":
            t = self.hit(c, t, "POST", f"/users/auth/saml/{lea.slug}", nb=0, st=302, ref=ref, layer=1)
            t += idp_wait
            c.authed, c.auth_at = True, t
            c.user, u = None, c.user
            t = self.hit(c, t, "POST", f"/users/auth/saml/{lea.slug}/callback", st=302, nb=98,
                         ref=f"https://adfs.{lea.domain}/", ctrl="Users::OmniauthCallbacksController#saml",
                         fmt="html", pp={"SAMLResponse": "[FILTERED]", "RelayState": "/dashboard", "idp": lea.slug},
                         loc=ORIGIN + "/dashboard")
            c.user = u
        else:
            t = self.hit(c, t, "POST", f"/users/auth/{prov}", q=f"lea={lea.cds}", nb=0, st=302, ref=ref, layer=1)
            t += idp_wait
            idp_ref = "https://login.microsoftonline.com/" if prov == "entra_id" else "https://accounts.google.com/"
            st = tok(r, 32)
            c.authed, c.auth_at = True, t
            c.user, u = None, c.user
            t = self.hit(c, t, "GET", f"/users/auth/{prov}/callback",
                         f"code={tok(r, 43)}&state={st}" + ("&session_state=" + tok(r, 36) if prov == "entra_id" else ""),
                         st=302, nb=98, ref=idp_ref, ctrl=f"Users::OmniauthCallbacksController#{prov}", fmt="html",
                         pp={"code": "[FILTERED]", "state": st}, loc=ORIGIN + "/dashboard")
            c.user = u
        c.url = None
        return t + r.uniform(0.05, 0.2)

    def login_local(self, c: Client, t: float, ok: bool = True, typing=(4.0, 14.0), mfa: bool = True,
                    email=None, page: bool = True) -> float:
        r = self.r
        email = email or c.user
        if page:
            t = self.sign_in_page(c, t) + r.uniform(*typing)
        ref = ORIGIN + "/users/sign_in" if c.browser or r.random() < 0.5 else None
        pp = {"authenticity_token": "[FILTERED]",
              "user": {"email": email, "password": "[FILTERED]", "remember_me": "0"}, "commit": "Sign in"}
        if not ok:
            return self.hit(c, t, "POST", "/users/sign_in", st=422, nb=r.randint(5400, 5600), ref=ref,
                            ctrl="Users::SessionsController#create", fmt="html", pp=pp,
                            dur=r.lognormvariate(-1.6, 0.3))
        t = self.hit(c, t, "POST", "/users/sign_in", st=303, nb=0, ref=ref, ctrl="Users::SessionsController#create",
                     fmt="html", pp=pp, loc=ORIGIN + ("/users/two_factor" if mfa else "/dashboard"),
                     dur=r.lognormvariate(-1.6, 0.3))
        if mfa:
            t = self.hit(c, t + 0.05, "GET", "/users/two_factor", nb=r.randint(3900, 4000), ref=ref,
                         ctrl="Users::TwoFactorController#show", fmt="html")
            t += r.uniform(*typing) * 0.8
            t = self.hit(c, t, "POST", "/users/two_factor", st=303, nb=0,
                         ref=ORIGIN + "/users/two_factor" if ref else None,
                         ctrl="Users::TwoFactorController#create", fmt="html",
                         pp={"authenticity_token": "[FILTERED]", "otp_attempt": "[FILTERED]", "remember_device": "1"},
                         loc=ORIGIN + "/dashboard")
        c.authed, c.auth_at, c.url = True, t, None
        return t + r.uniform(0.05, 0.2)

    def logout(self, c: Client, t: float) -> float:
        ref = ORIGIN + c.url if c.url else None
        t = self.hit(c, t, "DELETE", "/users/sign_out", st=303, nb=0, ref=ref,
                     ctrl="Users::SessionsController#destroy", fmt="html", loc=ORIGIN + "/users/sign_in")
        c.authed = False
        return self.sign_in_page(c, t + 0.05, ref=ref)

    # ------------------------------------------------------------------ downloads and uploads
    def extract(self, c: Client, t: float, lea: str, ftype: str, school: str | None, poll=(2.5, 4.0)) -> float:
        r = self.r
        eid = self.new_id()
        body = {"extract_request": {"file_type": ftype, "school_cds": school or "all", "academic_year": "2025-26"}}
        t = self.xhr(c, t, "POST", f"/api/v1/leas/{lea}/extract_requests", "Api::V1::ExtractRequestsController#create",
                     st=201, lo=280, hi=320, pp=dict(body, lea_id=lea))
        for _ in range(r.randint(1, 6)):
            t = self.xhr(c, t + r.uniform(*poll), "GET", f"/api/v1/extract_requests/{eid}",
                         "Api::V1::ExtractRequestsController#show", lo=300, hi=340, pp={"id": str(eid)})
        t += r.uniform(0.5, 3)
        fname = f"{ftype}_{lea}{'_' + school if school else ''}_20251{r.randint(201, 209)}.txt"
        blob = tok(r, 60) + "--" + "".join(r.choice("0123456789abcdef") for _ in range(40))
        t = self.hit(c, t, "GET", f"/leas/{lea}/extracts/{eid}/download", st=302, nb=0,
                     ref=ORIGIN + c.url if c.url and c.browser else None, ctrl="ExtractsController#download",
                     fmt="html", pp={"lea_id": lea, "id": str(eid)}, auth=True,
                     loc=f"{ORIGIN}/rails/active_storage/blobs/redirect/{blob}/{fname}")
        return self.hit(c, t + 0.05, "GET", f"/rails/active_storage/blobs/redirect/{blob}/{fname}", st=302, nb=0,
                        ref=ORIGIN + c.url if c.url and c.browser else None,
                        ctrl="ActiveStorage::Blobs::RedirectController#show", fmt="text",
                        pp={"signed_id": blob.split("--")[0] + "--", "filename": fname.rsplit(".", 1)[0]},
                        loc="https://sds-prod-extracts.s3.us-west-2.amazonaws.com/" + tok(r, 28))

    def export_report(self, c: Client, t: float, lea: str, slug: str, q: str, ext: str = "xlsx") -> float:
        r = self.r
        return self.hit(c, t, "GET", f"/leas/{lea}/reports/{slug}/export.{ext}", q,
                        nb=r.randint(30000, 900000), ref=ORIGIN + c.url if c.url and c.browser else None,
                        ctrl="ReportsController#export", fmt=ext, pp=dict(_qs(q), lea_id=lea, id=slug),
                        dur=r.uniform(1.5, 14.0), auth=True)

    def upload(self, c: Client, t: float, lea: str, ftype: str) -> float:
        r = self.r
        uid = self.new_id()
        t = self.hit(c, t, "POST", f"/leas/{lea}/file_uploads", st=303, nb=0,
                     ref=ORIGIN + f"/leas/{lea}/file_uploads/new", ctrl="FileUploadsController#create",
                     fmt="html", pp={"lea_id": lea, "file_upload": {"file_type": ftype, "academic_year": "2025-26",
                                                                    "window": WINDOW}},
                     dur=r.uniform(2.0, 25.0), loc=f"{ORIGIN}/leas/{lea}/file_uploads/{uid}", auth=True)
        sp = (f"/leas/{lea}/file_uploads/{uid}", "", "FileUploadsController#show", {"lea_id": lea, "id": str(uid)},
              [], "FileUpload", 5600)
        t = self.page(c, t + 0.05, sp)
        for _ in range(r.randint(6, 40)):   # the page polls processing status every 5 s
            t = self.xhr(c, t + r.uniform(4.9, 5.2), "GET", f"/api/v1/file_uploads/{uid}/status",
                         "Api::V1::FileUploadsController#status", lo=180, hi=260, pp={"id": str(uid)})
        return self.xhr(c, t + 0.4, "GET", f"/api/v1/file_uploads/{uid}/results", "Api::V1::FileUploadsController#results",
                        q="page=1&per_page=50", lo=4000, hi=30000, pp={"id": str(uid), "page": "1", "per_page": "50"})


def _qs(q: str) -> dict:
    d = {}
    for part in q.split("&"):
        if part:
            k, _, v = part.partition("=")
            d[k] = v.replace("%20", " ").replace("+", " ")
    return d
