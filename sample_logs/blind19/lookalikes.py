"""Benign look-alikes: people who look alarming but are allowed."""
from datetime import timedelta
from .client import Client
from .staff import ordinary_day, session, signin, PROFILE, REPORTS
from .world import START, STATE_VPN, IPAD, carrier_ip, ip4, desktop_ua


class Pool:
    def __init__(self, people, rng):
        self.free = list(people)
        self.rng = rng

    def take(self, role=None, auth=None, pred=None):
        c = [p for p in self.free if (role is None or p.role == role) and (auth is None or p.auth == auth)
             and (pred is None or pred(p))]
        if not c:
            c = [p for p in self.free if auth is None or p.auth == auth]
        if not c:
            c = list(self.free)
        p = self.rng.choice(c)
        self.free.remove(p)
        return p


def mark(L, p, behaviour, **extra):
    params = p.label_params()
    params.update(extra)
    L["accounts"][p.upn] = {"label": "benign", "behaviour": behaviour, "kinds": [], "params": params}


def date(day):
    return (START + timedelta(days=day)).strftime("%Y-%m-%d")


def lookalikes(sim, world, L, pool, days):
    rng = sim.rng
    for _ in range(2):
        p = pool.take("registrar")
        for day in range(days):
            ordinary_day(sim, world, p, day, heavy=3.0)
        mark(L, p, "registrar_enrolment_rush")
    # state reporting coordinator exporting everything before the KIDS deadline
    p = pool.take("data_coordinator")
    for day in range(days):
        ordinary_day(sim, world, p, day)
        t = world.day_epoch(day, p.tz, rng.uniform(9, 10))
        for i in range(rng.randint(18, 30)):
            t = sim.export(t, p.work, p.upn, REPORTS[i % len(REPORTS)], p.district.num, rng.choice(("csv", "xlsx")),
                           big=rng.random() < 0.4) + rng.uniform(30, 240)
    mark(L, p, "state_reporting_exporter")
    # counselor building spring schedules: hundreds of profiles quickly
    p = pool.take("counselor")
    for day in range(days):
        ordinary_day(sim, world, p, day)
        t = world.day_epoch(day, p.tz, rng.uniform(12.5, 13.5))
        for sid in rng.sample(p.district.students, min(len(p.district.students), rng.randint(120, 220))):
            t = sim.student(t, p.work, p.upn, sid, "asm" if rng.random() < 0.35 else None) + rng.uniform(6, 35)
    mark(L, p, "counselor_schedule_builder")
    # state auditor on the state VPN reading across districts
    p = pool.take("state_analyst")
    p.work = Client(STATE_VPN[0], p.work.ua)
    ds = rng.sample(world.districts, 6)
    for day in range(days):
        t = signin(sim, p, p.work, world.day_epoch(day, p.tz, rng.uniform(8.2, 8.8)))
        end = world.day_epoch(day, p.tz, 16.2)
        while t < end:
            sid = rng.choice(rng.choice(ds).students)
            f = rng.choice((sim.enrollment, sim.program, sim.student))
            t = f(t, p.work, p.upn, sid) + rng.uniform(25, 110)
    mark(L, p, "state_auditor_review", network="state VPN egress " + STATE_VPN[0])
    # state analysts on the shared state VPN egress
    for i in range(3):
        p = pool.take("state_analyst")
        p.work = Client(STATE_VPN[i % 2], p.work.ua)
        for day in range(days):
            ordinary_day(sim, world, p, day)
        mark(L, p, "state_vpn_user", network="shared state VPN egress")
    # principal on a phone flipping between school Wi-Fi and cellular
    p = pool.take("principal")
    cli = Client(p.nat, p.phone_ua)
    for day in range(days):
        ordinary_day(sim, world, p, day)
        t = signin(sim, p, cli, world.day_epoch(day, p.tz, rng.uniform(7.0, 7.5)))
        end = world.day_epoch(day, p.tz, 16.5)
        while t < end:
            if rng.random() < 0.45:
                cli.ip = p.nat if cli.ip != p.nat else carrier_ip(rng)
            act = rng.choice((sim.student, sim.student, lambda t, c, u, s: sim.dashboard(t, c, u)))
            t = act(t, cli, p.upn, rng.choice(p.district.students)) + rng.uniform(120, 900)
    mark(L, p, "phone_wifi_cellular_switching")
    # teacher with laptop and iPad at the same time
    p = pool.take("teacher", pred=lambda q: q.sections)
    ipad = Client(p.nat, IPAD.format(m=1))
    for day in range(days):
        ordinary_day(sim, world, p, day)
        t0 = world.day_epoch(day, p.tz, rng.uniform(7.6, 8.2))
        session(sim, world, p, ipad, t0, t0 + 7 * 3600, 6, (1, 3), {"att": 3, "roster": 2, "student": 2}, date(day))
    mark(L, p, "two_devices_concurrent")
    # two clerks on one front-desk PC, each with their own login
    a = pool.take("front_office")
    b = pool.take(pred=lambda q: q.district is a.district and q.role not in ("state_analyst", "principal"))
    shared = Client(a.nat, desktop_ua(rng))
    b.nat, b.campus = a.nat, a.campus
    for day in range(days):
        w = {"search": 4, "student": 4, "att": 1, "dash": 1}
        t = world.day_epoch(day, a.tz, 7.4)
        for k in range(4):
            who = (a, b)[k % 2]
            t2 = t + rng.uniform(1.5, 2.4) * 3600
            t = session(sim, world, who, shared, t, t2, 3, (2, 5), w, date(day), logout_p=1.0) + rng.uniform(30, 300)
    mark(L, a, "shared_front_desk_pc", shared_pc=[shared.ip, shared.ua])
    mark(L, b, "shared_front_desk_pc", shared_pc=[shared.ip, shared.ua])
    # local-account users who mistype passwords (one locks out and comes back)
    for i in range(3):
        p = pool.take(auth="local")
        for day in range(days):
            t = world.day_epoch(day, p.tz, rng.uniform(7.3, 8.0))
            p.work.assets = False
            if i == 0 and day == 0:
                t, _ = sim.login_form(t, p.work, fails=4, lock=True)
                t += rng.uniform(900, 1500)
            t, _ = sim.login_form(t, p.work, fails=rng.randint(1, 3))
            t = sim.dashboard(t, p.work, p.upn)
            w, bursts, acts = PROFILE[p.role][:3]
            session(sim, world, p, p.work, t, world.day_epoch(day, p.tz, 16), rng.randint(*bursts), acts, w,
                    date(day), sign=False)
        mark(L, p, "password_typos")
    # at a conference out of state on the last day
    p = pool.take("district_admin")
    hotel = Client(ip4(rng, "12.244.%d" % rng.randint(1, 250)), p.work.ua)
    for day in range(days):
        if day == days - 1:
            t0 = world.day_epoch(day, p.tz, 7.0)
            session(sim, world, p, hotel, t0, t0 + 11 * 3600, 5, (1, 4), PROFILE[p.role][0], date(day))
        else:
            ordinary_day(sim, world, p, day)
    mark(L, p, "conference_travel", where="hotel Wi-Fi in Nashville TN on the last day")
    # teacher grading from home before dawn
    p = pool.take("teacher", pred=lambda q: q.sections)
    for day in range(days):
        t0 = world.day_epoch(day, p.tz, rng.uniform(4.3, 5.0))
        session(sim, world, p, p.home, t0, t0 + 4000, 3, (2, 4), {"grades": 4, "roster": 1, "student": 1}, date(day))
        ordinary_day(sim, world, p, day)
    mark(L, p, "early_morning_home_grader")
