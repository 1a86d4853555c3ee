"""Credential sharing (an out-of-state consultant on a coordinator's login, a generic office@ login across towns,
a student teacher on her mentor's login, a refresh token replayed from Germany) and brute force (low-and-slow
credential stuffing against the hosted-UI /login from residential proxies, with one hit)."""
import copy
import random

from . import tasks
from .client import CLIENT_ID, REDIRECT, Client, b64url
from .netpool import BROWSER_POOL, CROS, ED, MAC_SAFARI, SA, WIN_CHROME, WIN_EDGE, WIN_FF
from .staff import date_str
from .world import Staff


def _other_ua(owner, prefs):
    mine = {owner.primary_ua, owner.home_ua, owner.phone_ua}
    return next(u for u in prefs if u not in mine)


def _block(w, sink, rng, acct, d, a, b, ip, ua, tag, rate, ghost=None, resume=False, auth=None):
    c = Client(sink, rng, ip, ua, user=acct, tag=tag)
    t = w.at(d, a)
    if resume:
        t = c.refresh(t)
    else:
        t = c.sign_in(t, auth or acct.auth, hd=w.district[acct.district]["domain"])
    t = c.load(t + rng.uniform(0.4, 1.2))
    x = tasks.Ctx(w, ghost or acct, c, date_str(w, d))
    end = w.at(d, b)
    while True:
        t += rng.expovariate(rate / 3600.0)
        if t >= end:
            return c
        t = tasks.do_task(x, t)


def consultant_out_of_state(w, sink, seed, owner):
    key = "consultant_out_of_state"
    rng = random.Random("blind13:%d:%s" % (seed, key))
    ip, ua = w.net.residential(rng), _other_ua(owner, (MAC_SAFARI % SA, WIN_FF, WIN_EDGE % ED))
    ghost = copy.copy(owner)
    ghost.task_weights = ((tasks.report, 0.35), (tasks.demographics, 0.3), (tasks.lookup, 0.2), (tasks.dashboard, 0.15))
    weekend_done = False
    for d in range(w.days):
        kind = w.day_kind(owner.district, d)
        if kind in ("school", "pd"):
            blocks = [(rng.gauss(8.0, 0.15), rng.gauss(11.7, 0.15)), (rng.gauss(12.6, 0.15), rng.gauss(16.2, 0.2))]
        elif not weekend_done:
            weekend_done, blocks = True, [(rng.uniform(9.8, 10.4), rng.uniform(12.2, 12.8))]
        else:
            continue
        for i, (a, b) in enumerate(blocks):
            _block(w, sink, rng, owner, d, a, b, ip, ua, key, 7.0, ghost, resume=i > 0)
    return {"key": key, "label": "credential_sharing", "kinds": ["credential_sharing"], "account": owner,
            "params": {"consultant": "data consultant working from Minneapolis (Central time)",
                       "hours_local": "08:00-11:40, 12:35-16:15 on school days; Saturday late morning"}}


def generic_office(w, sink, seed):
    key = "generic_office_login"
    rng = random.Random("blind13:%d:%s" % (seed, key))
    d0 = w.district["TMP"]
    uid = rng.randint(30000, 39999)
    while uid in w.by_uid:
        uid += 1
    acct = Staff(sid=5000, uid=uid, email="office@" + d0["domain"], first="office", last="TMP",
                 role="shared_office_login", district="TMP", campus="TMP district office", school=None,
                 auth="google", nat=d0["office_nat"], sections=[], kind="shared", secondary=False)
    acct.primary_ua = acct.home_ua = acct.phone_ua = WIN_CHROME % "153.0.0.0"
    acct.task_weights = tasks.WEIGHTS["secretary"]
    w.by_uid[uid] = acct
    nat_r, nat_c = w.schools["TMP-R"]["nat"], w.schools["TMP-C"]["nat"]
    home_ip, _ = w.net.home()
    bus_ip = w.net.fixed("75.104")
    people = [("Ridgeline front office", nat_r, WIN_CHROME % "153.0.0.0", (7.6, 16.2), 6.0),
              ("Cobb Flats office", nat_c, CROS % "153.0.0.0", (7.9, 15.6), 5.0),
              ("transportation coordinator, Dupuyer Junction", bus_ip, WIN_EDGE % ED, (11.0, 12.8), 5.0),
              ("superintendent's assistant at home", home_ip, "Mozilla/5.0 (iPad; CPU OS 18_7 like Mac OS X) "
               "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/27.3 Mobile/15E148 Safari/604.1", (19.0, 20.4), 4.0)]
    for d in range(w.days):
        kind = w.day_kind("TMP", d)
        for name, ip, ua, (a, b), rate in people:
            if kind == "weekend" and not name.startswith("superintendent"):
                continue
            a2, b2 = a + rng.gauss(0, 0.15), b + rng.gauss(0, 0.15)
            if kind == "weekend":
                a2, b2 = rng.uniform(10, 15), 0
                b2 = a2 + rng.uniform(0.3, 0.8)
            _block(w, sink, rng, acct, d, a2, b2, ip, ua, key, rate)
    return {"key": key, "label": "credential_sharing", "kinds": ["credential_sharing"], "account": acct,
            "params": {"people": [p[0] for p in people], "towns": ["Ridgeline", "Cobb Flats", "Dupuyer Junction"]}}


def student_teacher(w, sink, seed, owner):
    key = "student_teacher_alternating"
    rng = random.Random("blind13:%d:%s" % (seed, key))
    ua = _other_ua(owner, (MAC_SAFARI % SA, WIN_EDGE % ED, WIN_CHROME % "153.0.0.0", CROS % "153.0.0.0"))
    home_ip = w.net.fixed("71.15")
    if owner.secondary:
        mine = owner.sections[1::2]
    else:
        mine = owner.sections[:1]
    owner.skip_sections = {sec.n for sec in mine} if owner.secondary else {"pm"}
    from .staff import ELEM_ATT, PERIODS
    weekend_done = False
    for d in range(w.days):
        kind = w.day_kind(owner.district, d)
        if kind == "school":
            c = Client(sink, rng, owner.nat, ua, user=owner, tag=key)
            t = c.load(c.sign_in(w.at(d, rng.uniform(7.6, 7.9)), owner.auth,
                                 hd=w.district[owner.district]["domain"]))
            x = tasks.Ctx(w, owner, c, date_str(w, d))
            slots = [(PERIODS[s.period - 1], s) for s in mine] if owner.secondary else [(ELEM_ATT[1], mine[0])]
            for h, sec in slots:
                t = max(t, w.at(d, h + rng.uniform(0.03, 0.1)))
                t = tasks.attendance(x, t, sec)
                t = tasks.gradebook(x, t + c.think(600.0, 0.4), sec)
                if rng.random() < 0.5:
                    t = tasks.lookup(x, t + c.think(120.0))
            if not owner.secondary:
                t = tasks.gradebook(x, t + c.think(900.0, 0.3), mine[0])
        elif kind == "weekend" and not weekend_done:
            weekend_done = True
            h = rng.uniform(13.0, 14.0)
            ghost = copy.copy(owner)
            ghost.task_weights = ((tasks.gradebook, 0.8), (tasks.lookup, 0.2))
            _block(w, sink, rng, owner, d, h, h + rng.uniform(1.0, 1.6), home_ip, ua, key, 5.0, ghost)
    return {"key": key, "label": "credential_sharing", "kinds": ["credential_sharing"], "account": owner,
            "params": {"student_teacher_device": ua, "takes": "periods %s" % [s.period for s in mine]
                       if owner.secondary else "afternoon attendance and gradebook"}}


def token_replay(w, sink, seed, owner):
    key = "refresh_token_replay"
    rng = random.Random("blind13:%d:%s" % (seed, key))
    ip = w.net.cloud("hetzner_de", rng)
    c = Client(sink, rng, ip, owner.primary_ua, user=owner, tag=key)
    x = tasks.Ctx(w, owner, c, "")
    t = c.load(c.refresh(w.at(0, rng.uniform(20.7, 21.2))) + 0.6)
    stop = min(w.end, w.at(1, rng.uniform(2.2, 2.8)))
    while t < stop:
        t += c.think(70.0, 0.6)
        if rng.random() < 0.15:
            t = tasks.inbox(x, t)
            continue
        p = rng.choice(w.by_district[owner.district])
        t = c.gql(t, "StudentSearch", {"q": p.last[:rng.randint(2, 4)].lower(), "scope": "DISTRICT", "first": 20})
        t = c.gql(t + c.think(4.0), "StudentProfile", {"id": p.rid})
        t = c.gql(t + c.think(3.0), "StudentContacts", {"id": p.rid})
    return {"key": key, "label": "credential_sharing", "kinds": ["credential_sharing"], "account": owner,
            "params": {"origin": "Hetzner, Germany", "how": "refresh token and UA string lifted by an infostealer",
                       "sign_in": "none: only POST /oauth2/token (refresh) then GraphQL"}}


def residential_stuffing(w, sink, seed, victim):
    """Low-and-slow stuffing: one attempt every ~3.5 min around the clock, a new residential proxy address for most
    attempts, browser UAs; failures are 200 re-renders of /login. One reused password works."""
    key = "residential_stuffing"
    rng = random.Random("blind13:%d:%s" % (seed, key))
    lq = lambda: ("client_id=%s&response_type=code&scope=openid+email+profile&redirect_uri=%s&state=%s"
                  % (CLIENT_ID, REDIRECT, b64url(rng, 32)))
    recent, t = [], w.start + rng.uniform(0, 300)
    hit_at = w.start + (w.end - w.start) * rng.uniform(0.25, 0.6)
    hit_done = False
    while t < w.end:
        if recent and rng.random() < 0.22:
            ip, ua = rng.choice(recent[-8:])
        else:
            ip, ua = w.net.residential(rng), rng.choice(BROWSER_POOL)
            recent.append((ip, ua))
        hit = not hit_done and t >= hit_at
        c = Client(sink, rng, ip, ua, user=victim, tag=key)
        q, u = lq(), t
        if rng.random() < 0.8:
            c.emit(u, "GET", "/oauth2/authorize", "response_type=code&" + q.replace("response_type=code&", ""),
                   "ANY /oauth2/{proxy+}", 302, 0, c.lat(36), False)
            u += rng.uniform(0.2, 0.7)
        c.emit(u, "GET", "/login", q, "ANY /login", 200, c.lat(5640, 0.01), c.lat(55), False)
        u += rng.uniform(1.2, 4.5)
        c.emit(u, "POST", "/login", q, "ANY /login", 302 if hit else 200, 0 if hit else c.lat(5890, 0.01),
               c.lat(190), False)
        if hit:
            hit_done, hip, hua = True, ip, ua
            u = c.refresh(u + rng.uniform(0.8, 1.5))
            x = tasks.Ctx(w, victim, c, "")
            u = c.load(u + 0.5)
            for _ in range(rng.randint(2, 4)):
                u = tasks.lookup(x, u + c.think(20.0))
            u = tasks.inbox(x, u + c.think(10.0))
        t += rng.expovariate(1 / 210.0)
    return {"key": key, "label": "brute_force", "kinds": ["brute_force"], "account": victim,
            "params": {"mean_gap_s": 210, "hit_ip": hip if hit_done else None, "hit_user_agent": hua if hit_done else None,
                       "behaviour_of_account": "residential_stuffing_hit"}}
