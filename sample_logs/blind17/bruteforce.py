"""Password attacks on the Cognito hosted UI: a rotating-proxy stuffing run and a slow lockout-paced guesser."""
import random

from .client import Agent, Device
from .tasks import caseload, open_case, search_last, view_doc
from .world import BASE, pick, ua

STUFF_UAS = [ua("win_chrome", v) for v in ("150", "158", "163", "166", "168", "169")] + \
            [ua("win_edge", v) for v in ("160", "167", "169")] + [ua("mac_chrome", v) for v in ("161", "168")] + \
            [ua("win_firefox", v) for v in ("160", "169", "171")] + [ua("mac_safari", v) for v in ("26.4", "27.1", "28.0")] + \
            [ua("iphone", v) for v in ("27.2", "28.0")] + [ua("android", v) for v in ("164", "169")] + [ua("linux_firefox", "168")]
FOREIGN = ["BR", "MX", "IN", "VN", "DE", "GB", "CA", "PL"]


def stuffing(ctx, w):
    """Credential stuffing from a residential proxy pool: one or two attempts per address, many usernames."""
    rng = random.Random("blind17:%d:stuffing" % w.rng_seed)
    waves = [(0, 1.6, 5.2, rng.randint(450, 800))]
    if ctx.days > 1:
        waves.append((1, 0.8, 2.6, rng.randint(200, 380)))
    probe = Agent(ctx, "x", Device("x"), "0.0.0.0", rng)
    q = probe.authorize_query()   # captured once, replayed by every attempt
    once, info, hit_at = [], {}, None
    total = sum(n for *_, n in waves)
    hit_at = rng.randint(total // 3, total - 1)
    k = 0
    for day, h0, h1, n in waves:
        t, end = ctx.at(day, h0), ctx.at(day, h1)
        step = (end - t) / n
        for _ in range(n):
            t += rng.expovariate(1.0 / step)
            if once and rng.random() < 0.3:
                ip = once.pop(rng.randrange(len(once)))
            else:
                ip = w.nets.home() if rng.random() < 0.78 else w.nets.foreign(rng.choice(FOREIGN))
                once.append(ip)
                info[ip] = {"blocked": rng.random() < 0.09, "uas": [], "n": 0}
            u = rng.choice(STUFF_UAS)
            dev = Device(u, kind="script", proto="HTTP/1.1" if rng.random() < 0.8 else "HTTP/2.0",
                         lang="en-US,en;q=0.9", keepalive=10, ports=(1024, 65535))
            a = Agent(ctx, "abuse:credential_stuffing_proxy_pool", dev, ip, rng)
            waf = "iprep" if info[ip]["blocked"] else None
            st = 403 if waf else 200
            t1 = a.req(t, "GET", "/login", q, st, 919 if waf else 9214, "text/html", ref=None, auth=False, waf=waf)
            if not waf:
                a.cog = [("XSRF-TOKEN", "%032x" % rng.getrandbits(128))]
            ok = k == hit_at and not waf
            a.req(t1 + rng.uniform(0.3, 2.5), "POST", "/login", q, 403 if waf else (302 if ok else 200),
                  919 if waf else (0 if ok else 9388), "text/html" if not ok else None, body=rng.randint(150, 200),
                  ref=BASE + "/login?" + q, auth=False, waf=waf)
            info[ip]["uas"].append(u)
            info[ip]["n"] += 2
            k += 1
    for ip, v in info.items():
        w.sources[ip] = {"label": "brute_force", "behaviour": "credential_stuffing_proxy_pool", "kinds": ["brute_force"],
                         "params": {"n_requests": v["n"], "user_agents": sorted(set(v["uas"])),
                                    "country": w.nets.country[ip], "waf_blocked": v["blocked"]}}
    w.notes_stuffing = {"n_attempts": total, "n_addresses": len(info), "hits": 1, "state_param_reused": True}


def slow_guesser(ctx, w):
    """One account guessed from one proxy address, paced just above Cognito's lockout; it succeeds on the last evening."""
    rng = random.Random("blind17:%d:guesser" % w.rng_seed)
    s = pick(w, rng, ["nurse", "registrar", "counselor"], ["4512", "0833", "5021"], auth=["cognito"])
    s.abused_by = "slow_lockout_paced_guesser"
    ip = w.nets.home("spectrum", region="texas")
    script = Device(ua("linux_firefox", "171"), kind="script", proto="HTTP/1.1", lang="en-US,en;q=0.5",
                    keepalive=0, ports=(32768, 60999), tls=("TLSv1.3", "TLS_AES_256_GCM_SHA384"))
    browser = Device(ua("linux_firefox", "171"), lang="en-US,en;q=0.5", ports=(32768, 60999))
    actor = "abuse:slow_lockout_paced_guesser"
    match = {"sessions": [], "ips": [ip]}
    w.abuse[s.login] = dict(behaviour="slow_lockout_paced_guesser", kinds=["brute_force"], label="brute_force",
                            match=match, actor=actor, params={"ip": ip, "user_agent": browser.ua, "gap_min": [14.5, 19.0]})
    t = ctx.at(0, rng.uniform(2.5, 4.0))
    win = ctx.at(ctx.days - 1, rng.uniform(19.3, 20.4))
    probe = Agent(ctx, actor, script, ip, rng)
    q = probe.authorize_query()
    n = 0
    while True:
        a = Agent(ctx, actor, script, ip, rng)
        t1 = a.req(t, "GET", "/login", q, 200, 9214, "text/html", ref=None, auth=False)
        a.cog = [("XSRF-TOKEN", "%032x" % rng.getrandbits(128))]
        n += 1
        last = t >= win
        a.req(t1 + rng.uniform(0.2, 0.9), "POST", "/login", q, 302 if last else 200, 0 if last else 9388,
              None if last else "text/html", body=rng.randint(150, 190), ref=None, auth=False)
        if last:
            break
        t += rng.uniform(14.5, 19.0) * 60
    w.abuse[s.login]["params"]["n_attempts"] = n
    # the operator now signs in with a real browser from the same address and looks around
    a = Agent(ctx, actor, browser, ip, rng, s.login)
    t = a.sign_in(a.open_app(t + rng.uniform(60, 240)), s.auth, s.idp, typing=(4, 9))
    match["sessions"] += a.sessions
    t = caseload(a, t, 1)
    cases = w.by_district[s.district]
    for _ in range(rng.randint(10, 25)):
        c = rng.choice(cases)
        if rng.random() < 0.4:
            t = search_last(a, t, c.last, c.district)
        t = open_case(a, t, c, s.district)
        if rng.random() < 0.3:
            t = view_doc(a, t, c)
    # the owner meets Cognito's lockout some mornings
    for d in range(1, ctx.days):
        if ctx.school_day(d):
            s.plans.setdefault(d, {})["fails"] = 1 if rng.random() < 0.6 else 0
    w.sources[ip] = {"label": "brute_force", "behaviour": "slow_lockout_paced_guesser", "kinds": ["brute_force"],
                     "params": {"account": s.login, "user_agent": browser.ua}}
