"""Credential sharing and password spraying.

- ``parent_account_broker``: a parent-portal login sold to a tutoring company, used the same day from several
  cities' mobile networks and a coworking space, 18-25 linked children (the real parent still uses it at night).
- ``substitute_on_teacher_login``: a long-term substitute uses an absent teacher's id on the classroom PC; the owner
  checks in from home in the evenings.
- ``generic_reg_office``: ``reg-office`` used on four front-office computers at once and from a clerk's home.
- ``intern_on_counselor_login``: a counselor's graduate intern on her own laptop, at school beside the counselor
  and in the evening from the university network.
- ``basic_auth_spray`` (brute force): one password per round across a leaked id list against the HTTP-Basic
  integration API, mimicking the LMS sync's client, every few minutes around the clock; one hit (403: right
  password, no API role) is then used through CAS from a VPN that evening.
"""
from . import services as S
from . import tasks as T
from .browser import Browser
from .staff import H, Ctx, weekday
from .world import CARRIERS, CORE_NAT, HOME_ISPS, Person, UA_HOME, UA_PHONE, UA_WORK, ip_in

COWORK = "38.140.62.18"
UNIVERSITY = "192.80.24"
SPRAY_PREFIX = "91.92.242"
VPN = "146.70.117"


def reserve(world, rng, taken):
    from .scraping import _pick
    own = {"teacher": _pick(world, rng, taken, ("teacher",)),
           "counselor": _pick(world, rng, taken, ("counselor",), ("MS", "HS"))}
    t = own["teacher"]
    t.flags["on_leave"] = True
    t.flags["evenings"] = {d: (rng.uniform(19.2, 21.0) * H, rng.uniform(20, 55), "home") for d in range(world.days)}
    own["counselor"].flags["present"] = True
    codes = [c for c in world.schools if world.schools[c].level in ("MS", "HS") and c != own["counselor"].school
             and world.schools[c].nat != CORE_NAT]
    own["reg_school"] = rng.choice(codes)
    kids1 = [pa for pa in world.parents if len(pa[1]) == 1]
    own["parent"] = rng.choice(kids1)
    return own


def parent_broker(world, log, truth, rng, parent):
    email = parent[0]
    pupils = [p for s in world.schools.values() for p in s.pupils]
    linked = rng.sample(pupils, rng.randint(18, 25))
    tag = truth.abuse(email, "credential_sharing", "parent_account_broker", ["credential_sharing"], account=email,
                      buyer="BrightPath Tutoring", n_children_linked=len(linked) + 1, real_children=parent[1])
    places = [("cell", c) for c in rng.sample(CARRIERS, 4)] + [("cowork", COWORK)]
    uas = [u for u, _ in UA_PHONE[:3]] + [UA_WORK[0][0], UA_HOME[1][0]]
    for d in range(world.days):
        S.parent_visit(world, log, rng, parent, d, t=d * 86400.0 + rng.uniform(20.5, 22.0) * H)  # the real parent
        for k in range(rng.randint(8, 13)):
            kind, where = rng.choice(places)
            ip = ip_in(rng, where) if kind == "cell" else where
            ua = rng.choice(uas[3:]) if kind == "cowork" else rng.choice(uas[:3])
            t = d * 86400.0 + rng.uniform(9.0, 20.5) * H
            if d == 0 and k == 0:
                b = Browser(log, rng, COWORK, uas[3], email, tag=tag, app="parent")
                t = b.page(d * 86400.0 + 9.2 * H, "/parent/home")
                for _ in linked[-6:]:
                    t = b.page(t + T.think(rng, 20), "/parent/students/link")
                    status = 302 if rng.random() < .8 else 200          # 200: code rejected, form again
                    t = b.post(t + T.think(rng, 15), "/parent/students/link", status=status,
                               then="/parent/home?linked=1" if status == 302 else None)
                continue
            kids = rng.sample(linked, rng.randint(2, 5))
            S.parent_visit(world, log, rng, parent, d, tag=tag, ip=ip, ua=ua, kids=kids,
                           minutes=rng.uniform(4, 15), t=t)
    truth.tags[tag]["params"].update(places=["mobile %s.x" % c for _, c in places[:4]] + ["coworking " + COWORK])


def substitute(world, log, truth, rng, dev, p):
    tag = truth.abuse(p.login + "#sub", "credential_sharing", "substitute_on_teacher_login", ["credential_sharing"],
                      account=p.login, owner_status="on leave, evenings from home")
    ua = next(u for u, _ in UA_WORK if u not in (p.work_ua, p.home_ua))
    b = Browser(log, rng, world.nat(p.school), ua, p.login, tag=tag)
    for d in range(world.days):
        if weekday(d) >= 5:
            continue
        ctx = Ctx(world, p, rng, d)
        d0 = d * 86400.0
        t = b.page(d0 + rng.uniform(7.45, 7.75) * H, "/harbor/home.do")
        for sec in p.sections:
            times = [8.66 * H, 12.6 * H] if sec[2] == 0 else [(7.92 + (sec[2] - 1) * 56 / 60.0) * H]
            for tt in times:
                tt = max(d0 + tt + rng.uniform(2, 12) * 60, t + 10)
                t = T.attendance(b, tt, ctx, sec, sec[2] or 1)
                if rng.random() < .5:
                    t = T.roster(b, t + T.think(rng, 30), ctx, sec)
                if rng.random() < .3:
                    t = T.lookup(b, t + T.think(rng, 60), ctx)
        b.logout(max(t + 60, d0 + rng.uniform(15.0, 15.3) * H))
    truth.tags[tag]["params"].update(substitute_user_agent=ua)


def reg_office(world, log, truth, rng, code, dev):
    s = world.schools[code]
    name = "reg-office"
    tag = truth.abuse(name, "credential_sharing", "generic_reg_office", ["credential_sharing"], account=name,
                      n_computers=4, school=code)
    who = Person(name, "office_manager", code, "Front", "Office", UA_WORK[0][0], ip_in(rng, rng.choice(HOME_ISPS)),
                 UA_HOME[2][0], UA_PHONE[0][0], CARRIERS[0])
    uas = [UA_WORK[0][0], UA_WORK[1][0], UA_WORK[2][0], UA_WORK[3][0]]
    for d in range(world.days):
        if weekday(d) >= 5:
            continue
        ctx = Ctx(world, who, rng, d)
        for i, ua in enumerate(uas):
            b = Browser(log, rng, s.nat, ua, name, tag=tag, idle=10 ** 9)
            t = b.page(d * 86400.0 + rng.uniform(7.4, 8.2) * H, "/harbor/home.do")
            b.start_polls(t)
            end = d * 86400.0 + rng.uniform(15.6, 16.3) * H
            while t < end:
                t += rng.expovariate(4.0 / H) if i else rng.expovariate(6.0 / H)
                b.poll_until(t)
                fn = rng.choice((T.lookup, T.lookup, T.call_home, T.documents, T.enroll_new, T.report, T.inbox))
                t = fn(b, t, ctx)
            b.poll_until(end)
            b.stop_polls()
        if d == 0 or rng.random() < .5:
            b = Browser(log, rng, who.home_ip, who.home_ua, name, tag=tag)
            t = b.page(d * 86400.0 + rng.uniform(19.8, 20.8) * H, "/harbor/home.do")
            for _ in range(rng.randint(3, 8)):
                t = T.lookup(b, t + T.think(rng, 30), ctx)
    truth.tags[tag]["params"].update(clerk_home=who.home_ip)


def intern(world, log, truth, rng, p):
    tag = truth.abuse(p.login + "#intern", "credential_sharing", "intern_on_counselor_login", ["credential_sharing"],
                      account=p.login, helper="graduate counseling intern")
    ua = UA_HOME[2][0] if p.work_ua != UA_HOME[2][0] else UA_HOME[0][0]
    b = Browser(log, rng, world.nat(p.school), ua, p.login, tag=tag)
    home = Browser(log, rng, ip_in(rng, UNIVERSITY), ua, p.login, tag=tag)
    for d in range(world.days):
        if weekday(d) not in (0, 2, 3):
            continue
        ctx = Ctx(world, p, rng, d)
        t = b.page(d * 86400.0 + rng.uniform(8.4, 8.9) * H, "/harbor/home.do")
        end = d * 86400.0 + rng.uniform(14.0, 14.8) * H
        while t < end:
            t = rng.choice((T.counsel_note, T.lookup, T.lookup))(b, t + rng.expovariate(3.0 / H), ctx)
        t = home.page(d * 86400.0 + rng.uniform(18.0, 18.6) * H, "/harbor/home.do")
        for _ in range(rng.randint(3, 7)):
            t = T.counsel_note(home, t + T.think(rng, 60), ctx)
    truth.tags[tag]["params"].update(university_address=home.ip, intern_user_agent=ua)


def spray(world, log, truth, rng, taken):
    src = truth.abuse("src:basic_auth_spray", "brute_force", "basic_auth_spray", ["brute_force"])
    ips = ["%s.%d" % (SPRAY_PREFIX, rng.randint(10, 250)) for _ in range(3)]
    ua = "Apache-HttpClient/4.5.14 (Java/17.0.9)"
    current = [p for p in world.staff if p.login not in taken]
    cur = rng.sample(current, min(len(current), rng.randint(70, 95)))
    staff_ids = {p.login for p in world.staff}
    departed = []
    while len(departed) < rng.randint(75, 100):
        x = "e%d" % rng.randint(100000, 999999)
        if x not in staff_ids and x not in departed:
            departed.append(x)
    names = [p.login for p in cur] + departed + ["admin", "sisadmin", "harbor", "test", "svc-sis", "svc-lmssync"]
    rng.shuffle(names)
    victim = rng.choice(cur)
    end = world.days * 86400.0
    t, rounds, attempts, hit_t = rng.uniform(0, 1200), 0, {}, None
    hit_round_time = rng.uniform(13.5, 16.5) * H
    while t < end:
        for name in names:
            t += rng.lognormvariate(5.6, .45)
            if t >= end:
                break
            if name == victim.login and (hit_t is not None or t < hit_round_time):
                continue
            if hit_t is None and t >= hit_round_time:
                name = victim.login                 # the list reaches her password guess now
            attempts[name] = attempts.get(name, 0) + 1
            if name == victim.login:
                hit_t = t
                tag = truth.abuse(name, "brute_force", "basic_auth_spray_takeover", ["brute_force", "scraping"],
                                  account=name)
                log.add(t, ips[0], name, "GET", "/harbor/api/v2/schools", 403, 1290, "-", ua, tag, dur=.3)
                continue
            if name in staff_ids or name == "svc-lmssync":
                tg = src
                truth.account_params.setdefault(name, {})["spray_attempts"] = attempts[name]
            else:
                tg = truth.abuse(name, "brute_force", "basic_auth_spray", ["brute_force"], account=name) \
                    if name not in truth.tags else name
            log.add(t, rng.choice(ips), name, "GET", "/harbor/api/v2/schools", 401, 381, "-", ua, tg,
                    dur=rng.uniform(.2, .6))
        rounds += 1
    truth.tags[src]["params"].update(addresses=ips, n_names=len(names), rounds=rounds,
                                     mimics="svc-lmssync client and endpoint")
    if hit_t is not None:
        tag = victim.login
        vpn = ip_in(rng, VPN)
        b = Browser(log, rng, vpn, UA_WORK[3][0], victim.login, tag=tag)
        d = int(hit_t // 86400)
        t = max(hit_t + 3 * H, d * 86400.0 + rng.uniform(20.5, 21.5) * H)
        t = b.page(t, "/harbor/home.do")
        ctx = Ctx(world, victim, rng, d)
        for _ in range(rng.randint(30, 50)):
            t = T.lookup(b, t + T.think(rng, 6), ctx)
        truth.tags[tag]["params"].update(vpn_address=vpn, spray_hit_time=hit_t)
    return victim


def run(world, log, truth, rng_for, dev, own, taken):
    parent_broker(world, log, truth, rng_for("abuse:broker"), own["parent"])
    substitute(world, log, truth, rng_for("abuse:substitute"), dev, own["teacher"])
    reg_office(world, log, truth, rng_for("abuse:regoffice"), own["reg_school"], dev)
    intern(world, log, truth, rng_for("abuse:intern"), own["counselor"])
    return spray(world, log, truth, rng_for("abuse:spray"), taken)
