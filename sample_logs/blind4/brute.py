"""Labelled brute force against the local password form (subjects are client addresses)."""
from __future__ import annotations

from .ctx import Ctx
from .site import Client
from .world import FIRST, LAST, UA, day_start

SPRAY_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36"


def _targets(cx: Ctx, n: int) -> list[str]:
    r = cx.r
    known = sorted(cx.seen)
    out = r.sample(known, min(len(known), int(n * 0.7)))
    while len(out) < n:
        lea = r.choice(cx.leas)
        out.append(r.choice((f"admin@{lea.domain}", f"calpads@{lea.domain}", f"registrar@{lea.domain}",
                             f"{r.choice(FIRST)}.{r.choice(LAST)}@{lea.domain}", f"sis@{lea.domain}",
                             f"{r.choice(FIRST)[0]}{r.choice(LAST)}@{lea.domain}")))
    return list(dict.fromkeys(out))


def attempt(cx: Ctx, c: Client, t: float, email: str, get_page: bool = True) -> float:
    site, r = cx.site, cx.r
    if get_page:
        t = site.sign_in_page(c, t) + r.uniform(0.2, 1.0)
    return site.login_local(c, t, ok=False, email=email, page=False, mfa=False)


def slow_spray(cx: Ctx) -> None:
    """One hosting address tries one password per account across ~110 accounts each night."""
    r = cx.r
    ip = cx.nets.ip("ovh", "OVH VPS, password spraying")
    targets = _targets(cx, 110)
    n = 0
    for d in range(cx.days):
        c = Client(ip, SPRAY_UA, browser=False)
        t = day_start(d) + r.uniform(0.7, 1.4) * 3600
        for email in r.sample(targets, len(targets)):
            t = attempt(cx, c, t, email) + r.uniform(12, 45)
            n += 1
    cx.src(ip, "brute_force", "password_spray_slow", ["brute_force"], attempts=n, accounts=len(targets), ua=SPRAY_UA,
           pace_s="12-45", note="GET sign-in page then POST /users/sign_in (422), one password per account per night")


def fast_spray(cx: Ctx) -> None:
    """A python script hammers the form with five passwords x 60 accounts; Rack::Attack answers 429 above 20/min."""
    site, r = cx.site, cx.r
    ip = cx.nets.ip("hetzner", "Hetzner server, fast password spraying (python-requests)")
    c = Client(ip, "python-requests/2.31.0", browser=False)
    targets = _targets(cx, 60)
    t = day_start(0) + r.uniform(14.0, 14.5) * 3600
    window, count, n429, n = t, 0, 0, 0
    for _pw in range(5):
        for email in targets:
            if t - window > 60:
                window, count = t, 0
            count += 1
            n += 1
            if count > 20:
                t = site.hit(c, t, "POST", "/users/sign_in", st=429, nb=31, layer=1) + r.uniform(0.3, 0.9)
                n429 += 1
                continue
            t = attempt(cx, c, t, email) + r.uniform(0.2, 0.8)
    cx.src(ip, "brute_force", "password_spray_fast_throttled", ["brute_force"], attempts=n, throttled_429=n429,
           accounts=len(targets), ua="python-requests/2.31.0")


def slow_guess_rotating(cx: Ctx) -> None:
    """Slow guessing of one LEA admin's password from rotating residential addresses, a few tries each."""
    r = cx.r
    victim = cx.r.choice([p.s.account for p in cx.pool if p.s.role in ("admin", "data")]
                         or [p.s.account for p in cx.pool] or sorted(cx.seen))
    end = day_start(cx.days)
    t = day_start(0) + r.uniform(0.2, 3.0) * 3600
    ips = []
    while t < end and len(ips) < 7:
        ip = cx.nets.ip("resproxy", f"residential proxy exit, slow guessing of {victim}")
        ips.append(ip)
        c = Client(ip, UA[r.choice(("win_chrome", "mac_safari", "win_edge", "android", "iphone"))], browser=False)
        for _ in range(r.randint(1, 3)):
            t = attempt(cx, c, t, victim) + r.uniform(240, 720)
        t += r.uniform(1.5, 6.5) * 3600 * max(1, cx.days) / 2
    for ip in ips:
        cx.src(ip, "brute_force", "slow_guess_one_account_rotating_ips", ["brute_force"], target=victim, campaign_ips=len(ips))
    cx.notes["slow_guess_target"] = f"{victim} is the victim of the rotating slow guessing (an ordinary staff account)"


ALL = (slow_spray, fast_spray, slow_guess_rotating)
