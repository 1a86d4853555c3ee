"""Ordinary staff days: school-day rhythm at the desk (Windows auth), lunch, phones, evenings and weekends at home."""
from .client import Browser
from .tasks import gap, home, role_task, take_attendance
from .world import BELLS, CARRIER_NETS, DISTRICT_BYOD_NAT, LEVEL, RDS_HOSTS, day_at, is_school_day, weekday

RATE = {"teacher": 1.2, "office_secretary": 5.5, "registrar": 3.5, "counselor": 3.2, "nurse": 2.6, "principal": 2.2,
        "assistant_principal": 2.8, "it_staff": 1.4, "district_analyst": 1.6, "sped_coordinator": 2.0,
        "attendance_officer": 3.0, "district_admin": 1.0, "substitute": 0.4, "state_auditor": 0.0}
ARRIVE = {"high": 7.2, "middle": 7.6, "elem": 8.25, "office": 7.85}


def school_browser(W, s, ip=None, key="school"):
    dev = W.devices.get((s.sid, key))
    if dev is None:
        auth = "ntlm" if s.engine == "ie" else "kerb"
        dev = Browser(W, W.rng("dev", s.sid, key), ip or s.pc_ip, s.win, auth, s.actor, s.engine)
        dev.ticket = s.ticket                       # Kerberos ticket size depends on the user's group memberships
        W.devices[(s.sid, key)] = dev
    return dev


def pings(b, until, keep_open, r):
    """keystone.js calls SessionPing.ashx every 10 minutes while a Keystone page stays open."""
    nxt, n = b.last_page + 600 + r.random(), 0
    limit = 10 ** 6 if keep_open else r.choice((0, 1, 1, 2, 3))
    while nxt < until and n < limit:
        b.ping(nxt)
        nxt, n = nxt + 600 + r.random() * 1.5, n + 1
    return until


def run_session(b, t0, t_end, events, keep_open, r, first=home):
    """Open Keystone at t0, then do the (time, task) events in order, with session pings in between."""
    t = first(b, t0)
    for when, fn in sorted(events, key=lambda e: e[0]):
        when = max(when, t + gap(r, 4))
        if when > t_end:
            break
        pings(b, when, keep_open, r)
        t = fn(b, when)
    pings(b, t_end, keep_open, r)
    return t


def poisson_times(r, rate_h, spans):
    """Event times of a Poisson process with rate per hour over [(a, b)] spans (UTC epochs)."""
    out = []
    for a, b in spans:
        t = a
        while rate_h > 0:
            t += r.expovariate(rate_h / 3600.0)
            if t >= b:
                break
            out.append(t)
    return out


def day_frame(s, d, r):
    """Arrival, departure and lunch (UTC epochs) of a staff member on a school day."""
    lv = LEVEL[s.building] if s.building != "BOE" else "office"
    early = -0.3 if s.role in ("office_secretary", "principal", "assistant_principal") else 0
    arrive = ARRIVE[lv] + early + r.gauss(0, 0.17)
    leave = max(BELLS[lv][1] + 0.35, arrive + 7.3) + abs(r.gauss(0.25, 0.4))
    lunch = r.uniform(11.0, 12.6)
    return day_at(d, arrive), day_at(d, leave), day_at(d, lunch), day_at(d, lunch) + r.uniform(22, 42) * 60


def teacher_events(s, d, r, sub_sections=None):
    lv = LEVEL[s.building]
    first, last, n = BELLS[lv]
    secs = sub_sections or s.sections
    ev = []
    if lv == "elem":
        for sec in secs[:1]:
            ev.append((day_at(d, 9.0 + r.uniform(0, 0.25)), lambda b, t, sec=sec: take_attendance(b, t, sec)))
            if r.random() < 0.6:
                ev.append((day_at(d, 12.75 + r.uniform(0, 0.3)), lambda b, t, sec=sec: take_attendance(b, t, sec)))
        return ev, [(day_at(d, 10.4), day_at(d, 11.2)), (day_at(d, 12.0), day_at(d, 12.6))]
    plen = (last - first) / n
    periods = r.sample(range(n), min(len(secs), n))
    free = [p for p in range(n) if p not in periods]
    for sec, p in zip(secs, periods):
        late = r.uniform(0.02, 0.2) if r.random() > 0.06 else r.uniform(0.6, 0.9)
        ev.append((day_at(d, first + plen * (p + late)), lambda b, t, sec=sec: take_attendance(b, t, sec)))
    spans = [(day_at(d, first + plen * p), day_at(d, first + plen * (p + 0.9))) for p in free]
    return ev, spans


def school_day(W, s, d, r, b=None, rate_mult=1.0, extra=()):
    """A day at the building: Keystone opened after arrival, role tasks, attendance, pings, maybe a phone."""
    arrive, leave, l0, l1 = day_frame(s, d, r)
    b = b or school_browser(W, s)
    rate = RATE.get(s.role, 1.0) * rate_mult
    ev = list(extra)
    if s.role == "teacher":
        att, spans = teacher_events(s, d, r)
        ev += att
        spans.append((day_at(d, BELLS[LEVEL[s.building]][1] + 0.1), leave))
    else:
        spans = [(arrive + 900, l0), (l1, leave)]
    ev += [(t, lambda b, t, s=s, r=r: role_task(b, t, s, r)) for t in poisson_times(r, rate, spans)]
    run_session(b, arrive + r.uniform(60, 1200), leave, ev, s.keep_open, r)
    if s.role in ("principal", "assistant_principal", "counselor") and r.random() < 0.45:
        phone_session(W, s, d, r, r.uniform(l0, leave), on_campus=True)
    return leave


def phone_session(W, s, d, r, t, on_campus=False):
    """Keystone on the phone's browser: forms sign-in from the carrier, or the district Wi-Fi's public NAT."""
    dev = W.devices.get((s.sid, "phone"))
    ip = DISTRICT_BYOD_NAT if on_campus else W.addrs.take(CARRIER_NETS)
    if dev is None:
        dev = Browser(W, W.rng("dev", s.sid, "phone"), ip, s.phone_email or s.email, "forms", s.actor, "safari",
                      phone=True)
        W.devices[(s.sid, "phone")] = dev
    dev.ip, dev.conns, dev.signed_in = ip, [], False
    t = dev.signin(t, fails=1 if r.random() < 0.08 else 0)
    for _ in range(r.randint(1, 4)):
        t = role_task(dev, t + gap(r, 20), s, r)
    return t


def home_session(W, s, d, r, t, minutes=None, ip=None):
    """Evening at home: laptop with forms sign-in (e-mail), RD Gateway (Windows name), VPN or the phone."""
    roll = r.random()
    minutes = minutes or r.uniform(10, 70)
    if roll < 0.22 or s.extra.get("phone_only"):
        return phone_session(W, s, d, r, t)
    if roll < 0.34 or (s.building == "BOE" and roll < 0.45):
        key, ip2 = ("vpn", W.vpn_ip(s)) if s.role == "it_staff" else ("rds", r.choice(RDS_HOSTS))
        b = school_browser(W, s, ip2, key)
        b.ip, b.conns = ip2, []
        ev = [(x, lambda b, t, s=s, r=r: role_task(b, t, s, r)) for x in poisson_times(r, 3.0, [(t, t + minutes * 60)])]
        return run_session(b, t, t + minutes * 60, ev, False, r)
    dev = W.devices.get((s.sid, "home"))
    if dev is None:
        dev = Browser(W, W.rng("dev", s.sid, "home"), ip or s.home_ip, s.email, "forms", s.actor,
                      r.choice(["chrome", "edge", "safari", "chrome"]))
        W.devices[(s.sid, "home")] = dev
    dev.conns, dev.signed_in = [], False
    t0 = dev.signin(t, fails=1 if r.random() < 0.06 else 0)
    ev = [(x, lambda b, t, s=s, r=r: role_task(b, t, s, r)) for x in poisson_times(r, 4.0, [(t0, t + minutes * 60)])]
    t = run_session(dev, t0, t + minutes * 60, ev, False, r, first=lambda b, t: t)
    if r.random() < 0.15:
        t = dev.signout(t + gap(r, 20))
    return t


def ordinary_days(W, s):
    """All days of an ordinary (benign) staff member."""
    for d in range(W.days):
        r = W.rng("day", s.sid, d)
        wd = weekday(d)
        if is_school_day(d):
            if d in s.extra.get("force_present", ()) or r.random() < (0.95 if s.role != "substitute" else 0.8):
                school_day(W, s, d, r)
            p_eve = (0.55 if wd != 4 else 0.25) if s.evening else 0.05
            if r.random() < p_eve:
                home_session(W, s, d, r, day_at(d, r.uniform(18.5, 22.3)))
        elif r.random() < (0.3 if s.evening else 0.04):
            home_session(W, s, d, r, day_at(d, r.uniform(9.5, 21.5)))
    if not W.seen(s):
        r = W.rng("fallback", s.sid)
        phone_session(W, s, 0, r, day_at(0, r.uniform(17.5, 21.0)))
