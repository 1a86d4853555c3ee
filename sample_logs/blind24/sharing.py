"""Credential sharing and brute force (each labelled): a teacher's login on five devices in three
towns (never two at once), a generic front-desk login used by three secretaries, a special-ed
director's login used by her assistant in the afternoons, a substitute on an absent teacher's
login; password spraying from rotating cloud addresses and a slow guesser against one admin."""
from . import staff as S, tasks as T, world as W
from .client import LOGIN_SC, Visit, ln
from .scraping import Abuse

SPRAY_UAS = [W.UA[k].format(v=v, s=s, f=v + 1) for k, v, s in
             (("win_chrome", 169, 28), ("win_chrome", 168, 28), ("mac_safari", 169, 27), ("win_edge", 169, 28),
              ("mac_chrome", 167, 28), ("win_firefox", 169, 28), ("iphone", 169, 28), ("win_chrome", 166, 28))]


def _session(ctx, v, s, t, end, fns, rate):
    r = v.r
    v.wake(t)
    t = T.t_dashboard(v, t, s)
    while t < end:
        t = v.idle(t + r.expovariate(rate / 3600))
        if t >= end:
            break
        t = r.choices([f for f, _ in fns], [w for _, w in fns])[0](v, t, s)
    v.sleep(t + r.uniform(20, 200))
    return t


def five_devices(ctx, s):
    """Runs after the owner's own days: three borrowed devices fill gaps in her activity."""
    r = ctx.rng("five_devices")
    ab = Abuse("C1", "one_login_five_devices_three_towns", ["credential_sharing"], s.login)
    towns = r.sample([c for c in ("Roseville", "Yuba City", "Chico", "Stockton", "Modesto", "Folsom") if c != s.home_city], 2)
    home_b, home_c = ctx.w.net.alloc("comcast", towns[0]), ctx.w.net.alloc("att", towns[1])
    devs = [ctx.client(home_b, W.ua("win_chrome", r), blocker=False), ctx.client(home_b, W.ua("android_tab", r), blocker=False),
            ctx.client(home_c, W.ua("mac_safari", r), blocker=False)]
    busy = sorted(q.t for q in ctx.reqs if q.user == s.login)
    plan = [(0, 16.6, 0), (0, 20.5, 2), (1, 19.1, 0), (1, 17.3, 1)]
    used = []
    for day, h, k in plan:
        if day >= ctx.days:
            continue
        t0 = ctx.at(day, h + r.uniform(-0.2, 0.2))
        dur = r.uniform(25, 50) * 60
        while any(t0 - 120 <= b <= t0 + dur + 300 for b in busy):
            t0 += 900
        v = Visit(ctx, devs[k], s, r, tag="C1")
        _session(ctx, v, s, t0, t0 + dur, [(T.t_gradebook, 3), (T.t_student, 3), (T.t_roster, 1), (T.t_messages, 1)], 14)
        used.append(k)
        busy = sorted(busy + [q.t for q in ctx.reqs[-400:] if q.tag == "C1"])
    for k in sorted(set(used)):
        ab.use(devs[k])
    ab.params.update(towns=[s.district.city, towns[0], towns[1]], owner_devices=["school laptop", "phone on home Wi-Fi"],
                     sessions=len(used), abuser_auth="local password (written down for a relative and a tutor)")
    return ab


def owner_phone_evenings(ctx, s):
    r = ctx.rng("five_devices_owner")
    cl = ctx.client(s.home_ip, s.phone_ua)
    for day in range(ctx.days):
        v = Visit(ctx, cl, s, r)
        _session(ctx, v, s, ctx.at(day, r.uniform(17.9, 18.3)), ctx.at(day, 18.5), [(T.t_messages, 1), (T.t_student, 1)], 20)


def frontdesk(ctx, acct):
    r = ctx.rng("frontdesk")
    ab = Abuse("C2", "generic_frontdesk_login_three_secretaries", ["credential_sharing"], acct.login,
               school=acct.school.sid, people=3)
    ip = acct.district.nat
    pcs = [ctx.client(ip, W.ua("win_edge", r), blocker=False), ctx.client(ip, W.ua("win_chrome", r), blocker=False),
           ctx.client(ip, W.ua("win_chrome", r, W.CV - 1), blocker=False)]
    shifts = [[(7.3, 15.7)], [(7.55, 11.7)], [(8.05, 10.5), (13.05, 14.7)]]
    fns = [(T.t_student, 5), (T.t_office_attendance, 3), (T.t_transport, 1), (T.t_messages, 1)]
    for day in range(ctx.days):
        if not ctx.school_day(day):
            continue
        for k, pc in enumerate(pcs):
            for a, b in shifts[k]:
                v = Visit(ctx, pc, acct, r, tag="C2")
                _session(ctx, v, acct, ctx.at(day, a + r.uniform(-0.1, 0.15)), ctx.at(day, b + r.uniform(-0.15, 0.15)), fns, 11)
    for pc in pcs:
        ab.use(pc)
    ab.params.update(shifts=["07:20-15:40", "07:35-11:40", "08:05-10:30 + 13:05-14:40"], abuser_auth="local password (generic)")
    return ab


def assistant(ctx, s):
    r = ctx.rng("assistant")
    ab = Abuse("C3", "director_login_used_by_assistant_afternoons", ["credential_sharing"], s.login)
    pc = ab.use(ctx.client(s.district.nat, W.ua("win_edge", r), blocker=False))
    fns = [(T.t_iep, 4), (T.t_messages, 2), (lambda v, t, s: T.t_report(v, t, s, 0.5, ["program-roster", "chronic-absence"]), 1)]
    for day in range(ctx.days):
        if ctx.school_day(day):
            v = Visit(ctx, pc, s, r, tag="C3")
            _session(ctx, v, s, ctx.at(day, r.uniform(12.5, 12.9)), ctx.at(day, r.uniform(16.2, 16.7)), fns, 9)
    ab.params.update(owner_hours="07:45-12:00 (Chrome)", assistant_hours="12:30-16:30 (Edge)", same_address=s.district.nat,
                     abuser_auth="entra (director approved the MFA prompt once)")
    return ab


def substitute(ctx, s):
    """Day-1 absence: the substitute uses the teacher's login on the classroom PC."""
    r = ctx.rng("substitute")
    ab = Abuse("C4", "substitute_on_absent_teachers_login", ["credential_sharing"], s.login, absent_day=1)
    pc = ab.use(ctx.client(s.district.nat, W.ua("win_chrome", r), blocker=False))
    v = Visit(ctx, pc, s, r, tag="C4")
    t = ctx.at(0, r.uniform(7.75, 7.95))
    v.wake(t)
    t = T.t_dashboard(v, t, s)
    elem = s.sections[0][2] == 0
    slots = [(8.2, s.sections[0]), (12.65, s.sections[0])] if elem else [(S.PERIODS[x[2] - 1] + 0.03, x) for x in s.sections]
    for h, sec in slots:
        t = v.idle(max(t, ctx.at(0, h) + r.uniform(0, 300)))
        t = T.t_attendance(v, t, s, sec, ln(r, 150.0))
        if r.random() < 0.5:
            t = T.t_roster(v, t + ln(r, 30.0), s)
    v.sleep(ctx.at(0, 15.2))
    ab.params.update(periods=len(slots), abuser_auth="local password (left on a sticky note for the sub)")
    return ab


def absent_teacher_home(ctx, s, dev, day):
    r = dev.r
    v = dev.phone_visit()
    t = T.t_messages(v, ctx.at(day, r.uniform(10.0, 10.4)), s)
    v.sleep(t + 60)
    v = dev.visit(dev.home, s.home_ip)
    S.evening(ctx, s, dev, day, start=r.uniform(19.2, 19.8), minutes=30)


def _attempt(ctx, cl, r, t, name, tag, exists=True):
    ctx.emit(cl, t, "GET", "/Account/Login", "", 200, ln(r, 18.0), tag=tag)
    t += r.uniform(0.6, 2.5)
    msg = "Invalid password for {UserName}" if exists else "Sign-in attempt for unknown user {UserName}"
    ctx.emit(cl, t, "POST", "/Account/Login", "", 200, ln(r, 140.0, 0.2), tag=tag,
             logs=[(60.0, "Warning", msg, {"UserName": name}, LOGIN_SC)])


def spray(ctx):
    r = ctx.rng("spray")
    w = ctx.w
    ab = Abuse("B1", "password_spray_rotating_cloud", ["brute_force"])
    targets = [s.login.lower() for s in r.sample(w.staff, min(len(w.staff), r.randint(110, 150)))]
    ghosts = ["%s@%s" % (g, d.domain) for d in r.sample(w.districts, 10) for g in ("admin", "principal", "office")]
    names = [(n, True) for n in targets] + [(n, False) for n in ghosts]
    pools = ["aws_use1", "aws_usw2", "azure_east", "gcp_use4", "do_sfo", "linode_fremont", "linode_dallas", "vultr_lax", "ovh_bhs"]
    n = 0
    for day, h0, h1 in ((0, 21.5, 28.5), (1, 21.0, 24.0)):
        if day >= ctx.days:
            continue
        order = names[:]
        r.shuffle(order)
        t, end, k = ctx.at(day, h0 + r.uniform(0, 0.3)), ctx.at(day, h1), 0
        while t < end and k < len(order):
            cl = ab.use(ctx.client(w.net.alloc(r.choice(pools)), r.choice(SPRAY_UAS), sdk=False, assets=False, sticky=False))
            for _ in range(r.randint(3, 6)):
                if t >= end or k >= len(order):
                    break
                _attempt(ctx, cl, r, t, order[k][0], "B1", order[k][1])
                k += 1
                n += 1
                t += ln(r, 75.0, 0.5)
    ab.params.update(n_attempts=n, n_targets=len(names), n_addresses=len(ab.ips), passwords=["Fall2027!", "Welcome1!"],
                     result="all failed (200, form again)")
    return ab


def slow_guesser(ctx, target):
    r = ctx.rng("slow_guesser")
    ab = Abuse("B2", "slow_guesser_one_admin", ["brute_force"], None, target=target.login)
    cl = ab.use(ctx.client(ctx.w.net.alloc("spectrum_tx"), W.UA["win_firefox"].format(f=W.CV + 1), sdk=False, assets=False, sticky=False))
    t, n = ctx.t0 + r.uniform(1800, 5400), 0
    while t < ctx.t1:
        _attempt(ctx, cl, r, t, target.login.lower(), "B2")
        n += 1
        t += ln(r, 32 * 60.0, 0.35)
    ab.params.update(n_attempts=n, median_gap_min=32, lockout_policy="5 failures in 15 min (never reached)")
    return ab
