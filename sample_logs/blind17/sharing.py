"""Credential sharing: a replayed session, a generic office login, a supervisor's login for new hires,
a contract therapist in another time zone."""
import random

from .client import Agent, Device
from .staff import busy, device, work_day
from .world import BASE, Staff, pick, ua, work_ip


def _register(w, login, behaviour, match, **params):
    w.abuse[login] = dict(behaviour=behaviour, kinds=["credential_sharing"], label="credential_sharing", match=match,
                          params=params, actor="abuse:" + behaviour)


def _stand_in(s, **kw):
    """A second person working under `s`'s login (same account fields, own device and place)."""
    x = Staff(login=s.login, role=kw.get("role", s.role), district=s.district, building=kw.get("building", s.building),
              auth=s.auth, idp=s.idp, itinerary=[kw.get("building", s.building)], nat_slot=s.nat_slot)
    x.caseload, x.agents, x.plans = kw.get("caseload", s.caseload), {}, {}
    return x


def replayed_session(ctx, w):
    """A script replays the principal's copied cookie header and tokens from another network; no sign-in."""
    rng = random.Random("blind17:%d:replay" % w.rng_seed)
    s = pick(w, rng, ["principal"], ["2301"])
    s.abused_by = "replayed_session_cookie"
    ip = w.nets.home("spectrum")
    match = {"sessions": [], "ips": [ip]}
    _register(w, s.login, "replayed_session_cookie", match, ip=ip, user_agent=s.work_ua,
              copied_at=["day1 ~13:10", "day2 ~10:10"], http_version="HTTP/1.1")
    for d in range(ctx.days):
        if ctx.school_day(d):
            s.plans[d] = {"present": True, "no_signout": True}
    watched = rng.sample(w.by_district[s.district], 8)
    w.extra_late.append(lambda: _replay_run(ctx, w, s, ip, watched, match, rng))


def _replay_run(ctx, w, s, ip, watched, match, rng):
    dev = Device(s.work_ua, kind="script", proto="HTTP/1.1", lang="en-US,en;q=0.9", keepalive=30,
                 ports=(32768, 60999), tls=("TLSv1.3", "TLS_AES_256_GCM_SHA384"))
    school = [d for d in range(ctx.days) if ctx.school_day(d)][:2]
    for k, d in enumerate(school):
        owner = s.agents.get((d, "work"))
        if owner is None or not owner.sessions:
            continue
        tcopy = ctx.at(d, (12.9 if k == 0 else 9.9) + rng.uniform(0, 0.6))
        born = [tt for tt, _ in owner.tokens][0]
        past = [(tt, tok) for tt, tok in owner.tokens if tt <= tcopy] or owner.tokens[:1]
        a = Agent(ctx, "abuse:replayed_session_cookie", dev, ip, rng, s.login)
        a.pw = (owner.sessions[0], s.login)
        a.token, a.token_t = past[-1][1], past[-1][0]
        match["sessions"].append(owner.sessions[0])
        ref = BASE + "/cases/" + rng.choice(watched).id
        expiry = born + 12 * 3600
        t = tcopy
        while t < min(expiry, ctx.end):
            t = a.api(t, "GET", "/api/caseload", "staff=me&page=1", size=rng.randint(6000, 14000), ref=ref)
            for c in watched:
                t = a.api(t + rng.uniform(0.3, 1.5), "GET", "/api/cases/%s/timeline" % c.id, size=rng.randint(2000, 12000), ref=ref)
                if rng.random() < 0.12:
                    doc = rng.choice(c.docs)
                    t = a.api(t + 0.5, "GET", "/api/cases/%s/documents/%s" % (c.id, doc[0]), size=doc[3],
                              ctype="application/pdf", ref=ref)
            t += rng.uniform(12, 20) * 60
        for _ in range(3):   # the session is gone: 401s, then the script gives up
            if t < ctx.end:
                t = a.req(t, "GET", "/api/caseload", "staff=me&page=1", 401, 64, "application/json", ref=ref) + 30


def generic_office_login(ctx, w):
    """`sped.office@` of a small district: three or four secretaries sign in with it on their own PCs."""
    rng = random.Random("blind17:%d:generic" % w.rng_seed)
    d = w.districts["0833"]
    office = d["buildings"][-1]
    g = Staff(login="sped.office@" + d["domain"], role="sped_secretary", district="0833", building=office, auth="cognito",
              idp=None, itinerary=[office], nat_slot=0, first="sped", last="office")
    g.caseload, g.agents, g.plans, g.special, g.abused_by = rng.sample(w.by_district["0833"], 10), {}, {}, None, "generic"
    w.extra_accounts.append(g)
    uas = [ua("win_chrome", "169"), ua("win_edge", "168"), ua("win_firefox"), ua("mac_safari")]
    match = {"sessions": []}
    _register(w, g.login, "generic_shared_office_login", match, ip=None, user_agents=uas, n_people=4,
              people="3 secretaries daily, a 4th (Safari) on some days")
    devs = [device(u, rng) for u in uas]
    for day in range(ctx.days):
        if not ctx.school_day(day):
            continue
        for i, dev in enumerate(devs):
            if i == 3 and rng.random() < 0.5:
                continue
            a = work_day(ctx, w, g, day, rng, {"dev": dev, "net": work_ip(w, g, office), "actor": "abuse:generic_shared_office_login",
                                               "arrive": rng.uniform(7.5, 8.3), "leave": rng.uniform(15.3, 16.6), "rate": 0.8})
            match["sessions"] += a.sessions


def supervisor_new_hires(ctx, w):
    """A coordinator's login handed to two new hires without accounts: three people, three computers."""
    rng = random.Random("blind17:%d:newhires" % w.rng_seed)
    s = pick(w, rng, ["sped_coordinator", "sped_director", "principal"], ["6104"])
    s.abused_by = "supervisor_login_new_hires"
    d = w.districts[s.district]
    guest = w.nets.site(1)[0]
    cases = w.by_district[s.district]
    hires = [(_stand_in(s, role="case_manager", building=d["buildings"][1], caseload=rng.sample(cases, 20)),
              device(ua("cros", "168"), rng), None),
             (_stand_in(s, role="case_manager", building=d["buildings"][0], caseload=rng.sample(cases, 20)),
              device(ua("mac_safari"), rng), guest)]
    match = {"sessions": []}
    _register(w, s.login, "supervisor_login_new_hires", match, ip=None, user_agents=[h[1].ua for h in hires],
              guest_wifi=guest, n_people=3)
    mix = [("open", 45), ("doc", 15), ("caseload", 10), ("search", 20), ("accom", 10)]
    for day in range(ctx.days):
        if not ctx.school_day(day):
            continue
        for x, dev, net in hires:
            a = work_day(ctx, w, x, day, rng, {"dev": dev, "net": net or work_ip(w, x), "mix": mix, "rate": 0.7,
                                               "actor": "abuse:supervisor_login_new_hires", "no_signout": True,
                                               "arrive": rng.uniform(7.7, 8.2), "leave": rng.uniform(15.2, 15.7)})
            match["sessions"] += a.sessions


def contract_therapist(ctx, w):
    """A therapist's login used by a contract teletherapist in Arizona (two hours behind, no DST)."""
    rng = random.Random("blind17:%d:contract" % w.rng_seed)
    s = pick(w, rng, ["slp"], ["5021"], auth=["cognito"])
    s.abused_by = "out_of_state_contract_therapist"
    ip = w.nets.home("cox_az", region="az")
    x = _stand_in(s)
    dev = device(ua("mac_chrome", "169"), rng)
    match = {"sessions": []}
    _register(w, s.login, "out_of_state_contract_therapist", match, ip=ip, user_agent=dev.ua,
              location="Phoenix, AZ (MST, UTC-7)", hours_local_az="07:15-15:30 and some evenings 19:00-20:30")
    mix = [("slog", 60), ("open", 25), ("doc", 5), ("caseload", 10)]
    for day in range(ctx.days):
        if not ctx.school_day(day):
            continue
        a = work_day(ctx, w, x, day, rng, {"dev": dev, "net": ip, "mix": mix, "rate": 1.1, "no_signout": True,
                                           "actor": "abuse:out_of_state_contract_therapist",
                                           "arrive": 9.2 + rng.uniform(-0.1, 0.2), "leave": 17.5 + rng.uniform(-0.2, 0.3),
                                           "lunch": rng.gauss(13.6, 0.2)})
        match["sessions"] += a.sessions
        if rng.random() < 0.6:
            a2 = Agent(ctx, "abuse:out_of_state_contract_therapist", dev, ip, rng, s.login)
            t = a2.sign_in(a2.open_app(ctx.at(day, 21.0 + rng.uniform(0, 0.3))), s.auth, s.idp)
            busy(a2, t, t + rng.uniform(30, 80) * 60, x, w, ctx, 5, [("slog", 90), ("open", 10)])
            match["sessions"] += a2.sessions
