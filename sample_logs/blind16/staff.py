"""Ordinary staff days: arrival, sign-in, bell schedule, role tasks, lunch, phones, evenings and weekends."""
from . import tasks as T
from . import world as W
from .client import MIN, Browser, think
from .directory import PERIODS_ES, PERIODS_SEC

H = 3600 * 1000
TABS = {"teacher": ["grades", "attendance", "schedule", "contacts"], "office": ["contacts", "attendance"],
        "registrar": ["schedule", "contacts", "attendance"], "counselor": ["schedule", "grades", "attendance"],
        "nurse": ["health", "contacts"], "principal": ["attendance", "grades", "contacts", "health"],
        "assistant_principal": ["attendance", "contacts", "grades", "health"], "district_analyst": [],
        "it_admin": [], "director": ["attendance"], "sped_coordinator": ["programs", "health", "grades"],
        "generic": ["contacts", "attendance"]}
RATE = {"teacher": 2.0, "office": 5.0, "registrar": 4.5, "counselor": 4.5, "nurse": 3.5, "principal": 2.6,
        "assistant_principal": 3.5, "district_analyst": 3.0, "it_admin": 2.6, "director": 1.4,
        "sped_coordinator": 3.0, "generic": 5.0}


def look(w, t):
    tabs = TABS.get(w.role, [])
    k = min(len(tabs), w.rng.choice([0, 1, 1, 2]))
    return T.lookup(w, t, None, w.rng.sample(tabs, k))


MIX = {
    "teacher": [(look, 4), (T.gradebook, 3), (T.roster, 1.5), (T.messages, 1.5), (T.forbidden_click, 0.05)],
    "office": [(look, 6), (T.office_daily, 3), (T.messages, 1), (T.enrollment, 0.3)],
    "registrar": [(look, 4), (T.enrollment, 3), (T.report_task, 1), (T.messages, 0.5)],
    "counselor": [(look, 4), (T.schedule_change, 3), (T.roster, 0.5), (T.messages, 1)],
    "nurse": [(T.health_visit, 4), (look, 2), (T.report_task, 0.3)],
    "principal": [(look, 3), (T.discipline, 2), (T.report_task, 1), (T.messages, 1.5)],
    "assistant_principal": [(look, 4), (T.discipline, 3), (T.report_task, 0.6), (T.messages, 1)],
    "district_analyst": [(T.report_task, 4), (look, 2), (T.messages, 0.5)],
    "it_admin": [(T.admin_task, 4), (look, 1), (T.report_task, 0.4)],
    "director": [(T.report_task, 2), (look, 1.5), (T.messages, 2)],
    "sped_coordinator": [(look, 4), (T.report_task, 1), (T.messages, 1)],
    "generic": [(look, 5), (T.office_daily, 3)],
}


def pick(rng, mix):
    tot = sum(w for _, w in mix)
    r = rng.random() * tot
    for fn, w in mix:
        r -= w
        if r <= 0:
            return fn
    return mix[-1][0]


def device(sim, s, kind, rng, ip):
    """A person's browser of one kind, kept across days (cache, IdP session)."""
    devs = s.__dict__.setdefault("devices", {})
    b = devs.get(kind)
    if b is None:
        ua = {"work": s.work_ua, "home": s.home_ua, "phone": s.phone_ua}.get(kind) or kind
        b = Browser(sim, rng, ip, ua, s.login, s.auth, p_cold={"work": 0.55, "home": 0.2, "phone": 0.3}.get(kind, 0.4),
                    tag=getattr(s, "tag", None))
        devs[kind] = b
    b.rng, b.ip = rng, ip
    b.cached = rng.random() >= b.p_cold
    return b


def work_ip(s, rng):
    net = s.net
    if net == "proxy":
        node = s.proxy_node if rng.random() < 0.9 else 1 - s.proxy_node
        return W.DISTRICT_PROXY[node]
    return net


def run_tasks(w, t, items, lunch, leave, mix):
    """Run scheduled (fixed, fn) items in time order; fillers are dropped after leaving time."""
    items.sort(key=lambda x: x[0])
    for tt, fixed, fn in items:
        if lunch[0] <= tt < lunch[1]:
            if not fixed:
                continue
            tt = lunch[1] + w.rng.randint(0, 10 * MIN)
        tt = max(tt, t + w.rng.randint(2000, 40000))
        if tt > leave and not fixed:
            continue
        t = fn(w, tt)
    return t


def school_day(sim, s, day, rng):
    role = s.role
    arrive = {"teacher": 7.25, "office": 7.4, "principal": 7.1, "assistant_principal": 7.1}.get(role, 7.6)
    if s.campus == "DO":
        arrive = 7.8
    arrive = W.local_epoch_ms(day, rng.gauss(arrive, 0.22))
    leave_h = rng.gauss(15.9 if role == "teacher" else (16.7 if s.campus == "DO" else 16.4), 0.35)
    if W.weekday(day) == 4:
        leave_h -= 0.3
    leave = W.local_epoch_ms(day, leave_h)
    ip = work_ip(s, rng)
    b = device(sim, s, "work", rng, ip)
    w = T.Work(sim, s, b, rng, day)
    if role == "teacher" and W.CAMPUS[s.campus][2] != "es":
        lunch = (W.local_epoch_ms(day, 11.67), W.local_epoch_ms(day, 12.4))
    else:
        l0 = rng.gauss(11.9, 0.3)
        lunch = (W.local_epoch_ms(day, l0), W.local_epoch_ms(day, l0 + rng.uniform(0.45, 0.8)))
    t = arrive + rng.randint(2, 15) * MIN
    t = b.open(t, "/home", xhr=("/api/v2/me", "/api/v2/notifications?unread=1")) + think(rng, 20)
    items = []
    if role == "teacher":
        es = W.CAMPUS[s.campus][2] == "es"
        for sec in s.sections:
            periods = PERIODS_ES if es else [PERIODS_SEC[sec.period]]
            for p0, _p1 in periods:
                r = rng.random()
                if r < 0.93:
                    off = rng.gauss(4, 2) if r < 0.75 else rng.uniform(9, 30)
                    items.append((W.local_epoch_ms(day, p0 + max(0.5, off) / 60), True,
                                  lambda w, tt, sec=sec: T.take_attendance(w, tt, sec)))
    rate = RATE.get(role, 2.0) * s.__dict__.setdefault("activity", rng.lognormvariate(0, 0.35))
    n = int(rate * (leave - t) / H)
    mix = MIX.get(role, MIX["teacher"])
    for _ in range(n):
        items.append((rng.randint(t, max(t + 1, leave)), False, pick(rng, mix)))
    for hook in getattr(s, "plan_hooks", ()):
        items.extend(hook(w, day))
    t = run_tasks(w, t, items, lunch, leave, mix)
    if rng.random() < 0.3:
        b.signout(t + rng.randint(5000, 60000))
    return lunch


def home_session(sim, s, day, rng, start_h, minutes, kind="home", ip=None, mix=None):
    b = device(sim, s, kind, rng, ip or (s.home_ip if kind == "home" else W.carrier_ip(rng)))
    w = T.Work(sim, s, b, rng, day)
    t = W.local_epoch_ms(day, start_h)
    end = t + int(minutes * MIN)
    t = b.open(t, "/home", xhr=("/api/v2/me", "/api/v2/notifications?unread=1")) + think(rng, 15)
    if mix is None:
        mix = MIX.get(s.role, MIX["teacher"])
        if s.role == "teacher":
            mix = [(T.gradebook, 6), (look, 2), (T.messages, 2)]
    while t < end:
        t = pick(rng, mix)(w, t) + think(rng, 30, 0.8)
    if rng.random() < 0.2:
        b.signout(t)
    return t


def staff_days(sim, s, days):
    for day in range(days):
        rng = sim.rng("staff:%s:%d" % (s.login, day))
        if W.is_school_day(day):
            if rng.random() < 0.05 and not getattr(s, "always", False):
                if rng.random() < 0.3:
                    home_session(sim, s, day, rng, rng.uniform(9, 19), rng.uniform(5, 25))
                continue
            lunch = school_day(sim, s, day, rng)
            if s.sections or rng.random() < 0.6:
                if rng.random() < s.phone_p:
                    at = rng.choice([(lunch[0] + 5 * MIN), W.local_epoch_ms(day, rng.uniform(17, 21.5))])
                    h = (at - W.local_epoch_ms(day)) / H
                    home_session(sim, s, day, rng, h, rng.uniform(2, 8), kind="phone",
                                 mix=[(look, 3), (T.messages, 1)])
            ev = s.evening_p * (0.5 if W.weekday(day) == 4 else 1.0)
            if rng.random() < ev:
                home_session(sim, s, day, rng, min(23.2, max(17.6, rng.gauss(20.2, 1.0))), rng.uniform(10, 70))
        else:
            if rng.random() < (0.10 if s.role == "teacher" else 0.05):
                home_session(sim, s, day, rng, rng.uniform(9, 21), rng.uniform(15, 100))
        for hook in getattr(s, "side_hooks", ()):
            hook(sim, s, day, rng)


def ensure_seen(sim, staff_list, named):
    """Staff who never showed up (absent both days) check something from home on day 0."""
    for s in staff_list:
        if s.login not in named:
            rng = sim.rng("seen:%s" % s.login)
            home_session(sim, s, 0, rng, rng.uniform(10, 19), rng.uniform(3, 12))
