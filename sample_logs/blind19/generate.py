"""blind19 generator: KSEDS PrairieRecords early-childhood and K-12 student records portal."""
import json
import random
from .brute import brute
from .client import Sim
from .lookalikes import Pool, lookalikes
from .render import pods_for, other_records, render_otel, render_appgw, damage
from .scraping import scraping
from .services import monitors, crawlers, scanners, integrations
from .sharing import sharing
from .staff import make_staff, ordinary_day
from .world import World, START, TZ, window
from .parse import count_account, count_source

FORMATS = {"otel": "otel-logs.jsonl", "appgw": "PT1H.json"}

NOTES = [
    "Site: records.kseds.org, the (fictional) Kansas State Education Data Services 'PrairieRecords' early-childhood and "
    "K-12 student records portal; ASP.NET Core 9 on AKS behind Azure Application Gateway WAF_v2 (Prevention).",
    "All timestamps in both logs are UTC. Districts work in America/Chicago except five western districts (Sappa Creek, "
    "Goodland Plains, High Plains, Chalk Bluffs, Sand Hills) in America/Denver; start/labels use America/Chicago.",
    "Sign-in: Entra ID OIDC (anonymous GET /Dashboard -> 302, then anonymous POST /signin-oidc form_post -> 302) for most "
    "districts; local form POST /Account/Login (200 = failed, 302 = success or, after 5 failures in 15 min, lockout) for "
    "local-account districts and the LMS vendor service user; service integrations use POST /api/v2/auth/token.",
    "otel: one line = one OTel Collector file-exporter flush holding several pods' batches; records inside a batch are in "
    "time order but consecutive lines overlap in time by up to ~1 s. enduser.id (UPN) only on authenticated requests; "
    "client.address is the real client (X-Forwarded-For). Static assets are served from a blob backend and appear only "
    "in appgw; WAF-blocked (403) requests appear only in appgw; kubelet probes are filtered from request logging.",
    "appgw: one access record per line, roughly time-ordered (instances flush independently, up to ~20 s out of order); "
    "'time' is the request receipt time to the second; no user field at all.",
    "n_events: otel = number of 'Request finished' log records in well-formed lines; appgw = number of well-formed lines. "
    "A malformed otel line loses all its records (requests in it are not in n_events or any n_requests).",
    "header_lines (otel): lines whose records are all non-request (health-check warnings, EF Core warnings, host lifetime, "
    "export cleanup job). appgw has none.",
    "Abusive account n_requests: otel = records in well-formed lines whose enduser.id is in params.log_names AND whose "
    "[client.address, user_agent.original] pair is in params.clients; appgw = well-formed lines whose [clientIP, userAgent] "
    "pair is in params.clients (includes anonymous sign-in and asset requests from those clients). Where the abusive "
    "client is the owner's own browser (browser extension) the owner's own use from that browser is included.",
    "Source n_requests: requests (otel records / appgw lines) whose client address equals the source address.",
    "State student IDs are 10 digits, assigned statewide in near-sequence, so a sequential walk sees 200s and 404 gaps; "
    "a staff member outside their district gets 403. Enrolment and program participations use GUIDs.",
]


def _label_people(L, people, pool):
    for p in pool.free:
        L["accounts"][p.upn] = {"label": "benign", "behaviour": p.role, "kinds": [], "params": p.label_params()}


def build(seed, days, n_staff):
    t0, t1 = window(days)
    world = World(random.Random(seed * 1000 + 1))
    sim = Sim(random.Random(seed * 1000 + 2), t0, t1)
    sim.world = world
    people = make_staff(world, random.Random(seed * 1000 + 3), n_staff)
    pool = Pool(people, random.Random(seed * 1000 + 4))
    L = {"accounts": {}, "sources": {}}
    scraping(sim, world, L, pool, days)
    sharing(sim, world, L, pool, days)
    brute(sim, world, L, pool, days)
    lookalikes(sim, world, L, pool, days)
    for p in pool.free:
        for day in range(days):
            ordinary_day(sim, world, p, day)
    _label_people(L, people, pool)
    monitors(sim, world, L, days)
    crawlers(sim, world, L, days)
    scanners(sim, world, L, days)
    integrations(sim, world, L, days)
    ev = sorted(sim.ev, key=lambda e: e[0])
    return ev, L, t0, t1


def generate(log_path, labels_path, seed=1, days=2, n_staff=240, fmt="otel"):
    if fmt not in FORMATS:
        raise ValueError("unknown format %r" % fmt)
    if n_staff < 100:
        raise ValueError("n_staff must be >= 100")
    if days < 1:
        raise ValueError("days must be >= 1")
    ev, L, t0, t1 = build(seed, days, n_staff)
    pods, t_restart = pods_for(ev, seed, t0, t1)
    if fmt == "otel":
        lines, idx = render_otel(ev, pods, other_records(seed, t0, t1, t_restart), seed)
    else:
        lines, idx = render_appgw(ev, pods, seed)
    data, bad = damage(lines, seed)
    with open(log_path, "wb") as f:
        for b in data:
            f.write(b + b"\n")
    badset = set(bad)
    kept = [ev[i] for j, evs in enumerate(idx) if j not in badset for i in evs]
    recs = [{"client": e[8], "ua": e[10], "user": e[12] if fmt == "otel" else None} for e in kept]
    pairs = {}
    for e in ev:
        if e[16]:
            pairs.setdefault(e[16], set()).add((e[8], e[10]))
    accounts = {}
    users = {e[12] for e in ev if e[12]}
    for name in sorted(L["accounts"]):
        a = L["accounts"][name]
        if name not in users:
            continue
        a = json.loads(json.dumps(a))
        tag = a["params"].pop("tag", None)
        if tag:
            cl = sorted(pairs.get(tag, ()))
            prm = a["params"]
            prm["clients"] = [list(c) for c in cl]
            prm["ips"] = sorted({c[0] for c in cl})
            prm["addresses"] = prm["ips"]
            prm["user_agents"] = sorted({c[1] for c in cl})
            prm["n_requests"] = count_account(recs, prm, fmt)
        accounts[name] = a
    sources = {}
    for ip in sorted(L["sources"]):
        s = json.loads(json.dumps(L["sources"][ip]))
        s["params"].pop("tag", None)
        s["params"]["n_requests"] = count_source(recs, ip)
        if s["params"]["n_requests"] or s["label"] != "benign":
            sources[ip] = s
    header = [j + 1 for j, evs in enumerate(idx) if not evs and j not in badset] if fmt == "otel" else []
    labels = {"seed": seed, "format": fmt, "start": START.strftime("%Y-%m-%dT%H:%M:%S"), "days": days, "tz": TZ,
              "n_staff": n_staff, "accounts": accounts, "sources": sources, "malformed_lines": [b + 1 for b in bad],
              "header_lines": header, "n_lines": len(data), "n_events": len(kept), "notes": NOTES}
    labels = json.loads(json.dumps(labels))
    with open(labels_path, "w") as f:
        json.dump(labels, f, indent=1, sort_keys=False)
        f.write("\n")
    return labels
