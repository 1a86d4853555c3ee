"""Ordinary staff: weekday office hours, lunch, home evenings, phones."""
import math

from . import world as W
from .app import IDLE_LOGOUT, Client
from .tasks import pick_task


def proto_for(r, ua):
    if "Firefox" in ua:
        return r.choice(("2", "2", "3"))
    if "Safari/605" in ua or "Mobile/" in ua:
        return r.choice(("2", "3"))
    return r.choice(("2", "2", "3"))


def client_for(g, s, where, ip=None, ua=None, acct=None, **kw):
    """A browser of staff member `s` at office / home / phone (device cache kept per place)."""
    r = g.rng
    if where == "office":
        ip, ua = ip or s.office_ip, ua or s.office_ua
    elif where == "home":
        ip, ua = ip or s.home_ip, ua or s.home_ua
    elif where == "phone":
        ip, ua = ip or g.w.net.mobile(g.w.ip_info(s.home_ip)[2]), ua or s.mobile_ua
        kw.setdefault("dev", "mobile")
    cache = s.caches.setdefault(where if not (where == "home" and s.laptop) else "office", set())
    return Client(g, ip, ua, s.email if acct is None else acct, idp=s.idp, cache=cache,
                  proto=kw.pop("proto", proto_for(r, ua)), **kw)


def fails(r, s):
    """Local-password users sometimes mistype."""
    if s.idp:
        return 0
    return (1 if r.random() < s.typo else 0) + (1 if r.random() < s.typo * 0.2 else 0)


def run_session(c, s, t0, t_end, gap_med, lunch=None, task=None, route="/app/home", sigma=1.0,
                final_logout=0.25):
    """Sign in at t0, do tasks separated by log-normal gaps until t_end.

    lunch = (t_start, seconds): the first gap crossing t_start lasts at least that long.
    Gaps longer than IDLE_LOGOUT trip the SPA's inactivity sign-out; the user signs in again.
    """
    g = c.g
    r = g.rng
    c.t = t0
    c.start(route, fails=fails(r, s) if s else 0)
    c.think(6, 0.8)
    while True:
        (task or pick_task(r, s.role if s.dist else "state"))(c, s)
        gap = gap_med * math.exp(sigma * r.gauss(0, 1))
        if lunch and c.t + gap >= lunch[0]:
            gap = max(gap, lunch[0] - c.t + lunch[1])
            lunch = None
        if c.t + gap > t_end:
            break
        if gap > IDLE_LOGOUT:
            back = c.last + gap
            c.idle_logout()
            c.t = max(back, c.t + 5)
            c.resume(fails=fails(r, s) if s else 0)
        else:
            c.t += gap
    c.small(2, 30)
    if r.random() < final_logout:
        c.logout()
    else:
        c.close_sse()          # tab closed / machine shut down; server session simply expires
    return c


def office_day(g, s, day, start_h=None, end_h=None, lunch=True, **kw):
    r = g.rng
    a = start_h if start_h is not None else s.arrive + r.gauss(0, 0.15)
    e = end_h if end_h is not None else a + s.hours + r.gauss(0, 0.3)
    lz = None
    if lunch and r.random() < 0.8:
        lz = (W.local_ts(day, r.uniform(11.2, 12.6)), r.uniform(25, 55) * 60)
    c = client_for(g, s, "office", **kw)
    return run_session(c, s, W.local_ts(day, a + r.uniform(0.05, 0.3)), W.local_ts(day, e), s.gap_med, lz)


def home_session(g, s, day, h0=None, minutes=None):
    r = g.rng
    h0 = h0 if h0 is not None else r.uniform(18.5, 22.0)
    t0 = W.local_ts(day, h0)
    c = client_for(g, s, "home")
    return run_session(c, s, t0, t0 + 60 * (minutes or r.uniform(8, 45)), r.uniform(90, 240), final_logout=0.1)


def phone_session(g, s, day, h0=None):
    r = g.rng
    h0 = h0 if h0 is not None else r.choice((r.uniform(7.0, 17.0), r.uniform(17.0, 21.5)))
    t0 = W.local_ts(day, h0)
    c = client_for(g, s, "phone")
    return run_session(c, s, t0, t0 + 60 * r.uniform(1, 6), 45, final_logout=0.0)


def staff_day(g, s, day):
    """One calendar day of an ordinary staff member."""
    r = g.rng
    weekday = day.weekday() < 5
    if weekday and r.random() < s.p_work:
        office_day(g, s, day)
        if r.random() < s.p_evening:
            home_session(g, s, day)
    elif weekday and r.random() < 0.3:
        home_session(g, s, day, h0=r.uniform(8.5, 15.0), minutes=r.uniform(20, 120))   # working from home
    elif not weekday and r.random() < s.p_evening * 0.3:
        home_session(g, s, day, h0=r.uniform(9.0, 21.0))
    if r.random() < s.p_phone:
        phone_session(g, s, day)
