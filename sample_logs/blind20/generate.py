"""blind20: TREC Records (student-records SIS of a Massachusetts regional collaborative) - log generator."""
import datetime as _dt
import json
import random

from . import render
from .brute import brute
from .lookalikes import lookalikes
from .nets import ALT, DESK_MIX, UA, Nets
from .parse import parse
from .scraping import scraping
from .services import services
from .sharing import sharing
from .staff import ordinary, setup_devices
from .world import START, TZ, dt_of, lt, make_world

FORMATS = {"modsec_json": "modsec_audit.log", "lighttpd": "access.log"}


class Gen:
    def __init__(self, seed, days, n_staff):
        self.rng = random.Random(seed)
        self.nets = Nets(random.Random(seed * 7919 + 3))
        self.events, self.devstate, self.extra_people, self.generic = [], {}, [], []
        self.accounts, self.sources, self.abuse_meta = {}, {}, {}
        self.claimed = set()
        d = _dt.date(*START)
        self.days = []
        for i in range(days):
            di = d + _dt.timedelta(days=i)
            self.days.append((lt(di.year, di.month, di.day), di.weekday()))
        self.t0, self.t1 = self.days[0][0], self.days[0][0] + 86400 * days
        self.towns, self.people = make_world(self.rng, n_staff, self.nets)
        for p in self.people:
            setup_devices(self, p)
        self.free = list(self.people)
        self.rng.shuffle(self.free)

    def claim(self, ip, prefs):
        """Pick a user-agent key not yet used by another abusive client at this address."""
        for k in prefs:
            if (ip, k) not in self.claimed:
                self.claimed.add((ip, k))
                return k
        raise RuntimeError("no free agent at %s" % ip)

    def datestr(self, d0):
        return dt_of(d0).strftime("%Y-%m-%d")

    def acct(self, name, label, behaviour, kinds, params):
        self.accounts[name] = {"label": label, "behaviour": behaviour, "kinds": kinds, "params": params}

    def src(self, ip, label, behaviour, kinds, params):
        self.sources[ip] = {"label": label, "behaviour": behaviour, "kinds": kinds, "params": params}

    def abuse(self, owner, label, behaviour, kinds, params):
        tag = "A%02d" % len(self.abuse_meta)
        owner.behaviour = behaviour
        self.abuse_meta[tag] = {"owner": owner, "label": label, "behaviour": behaviour, "kinds": kinds, "params": params}
        return tag


def ev_user(e):
    if e.setck:
        for c in e.setck:
            if c.startswith("sis_user=") and not c.startswith("sis_user=;"):
                return c[9:].split(";", 1)[0]
    return e.user


def fix_collisions(G, evs):
    """Make every abusive client's (address, agent) pairs unique to it: benign devices there get another agent."""
    pairs = {}
    for e in evs:
        if e.tag:
            pairs.setdefault((e.ip, e.dev.ua), set()).add(e.tag)
    for k, v in pairs.items():
        if len(v) > 1:
            raise RuntimeError("abusive clients share %s: %s" % (k, sorted(v)))
    for _ in range(8):
        bad, seen = [], set()
        for e in evs:
            t = pairs.get((e.ip, e.dev.ua))
            if t and e.tag not in t and id(e.dev) not in seen:
                if e.tag:
                    raise RuntimeError("abusive clients collide: %s %s" % (sorted(t), e.ip))
                seen.add(id(e.dev))
                bad.append(e.dev)
        if not bad:
            return
        for dev in bad:
            nk = ALT.get(dev.key, "chrome_win")
            dev.key, dev.ua = nk, UA[nk]
    raise RuntimeError("collision fix did not converge")


def build(seed, days, n_staff):
    G = Gen(seed, days, n_staff)
    services(G)
    lookalikes(G)
    scraping(G)
    sharing(G)
    brute(G)
    for p in sorted(G.free, key=lambda q: q.pid):
        ordinary(G, p, G.days)
    evs = [e for e in G.events if G.t0 <= e.t and e.t + e.dur < G.t1]
    evs.sort(key=lambda e: (e.t + e.dur, e.seq))
    fix_collisions(G, evs)
    return G, evs


def damage(lines, evl, rng, fmt, protect):
    n = rng.randint(5, 8)
    cand = [i for i in range(200, len(lines) - 2) if evl[i] is not None and evl[i + 1] is not None
            and not protect(evl[i]) and not protect(evl[i + 1])]
    picks = sorted(rng.sample(cand[::max(1, len(cand) // (n * 6))], n), reverse=True)
    for i in picks:
        kind = rng.choice(["trunc", "merge", "junk", "nul", "trunc", "merge"])
        ln = lines[i]
        for _ in range(50):
            if kind == "junk":
                new = bytes(rng.choice([0, 0, 0, rng.randrange(1, 256)]) for _ in range(rng.randint(40, 400)))
                new = new.replace(b"\n", b"\x00")
            elif kind == "nul":
                k = rng.randint(8, len(ln) // 2)
                new = b"\x00" * rng.randint(64, 900) + ln[k:]
            else:
                k = rng.randint(len(ln) // 6, len(ln) - 14)
                new = ln[:k] + (lines[i + 1] if kind == "merge" else b"")
            if parse(new, fmt)[0] is None:
                break
        if kind == "junk":
            lines.insert(i, new)
            evl.insert(i, None)
        else:
            lines[i] = new
            evl[i] = None
            if kind == "merge":
                del lines[i + 1], evl[i + 1]
    bad = [i + 1 for i, e in enumerate(evl) if e is None]
    return bad


NOTES = [
    "System: TREC Records, student-records SIS of the Tri-River Educational Collaborative (25 Massachusetts towns), "
    "Flask/Werkzeug behind Apache httpd 2.4 + ModSecurity v3 + OWASP CRS 4 (PL1, anomaly threshold 5); host records.trec.k12.ma.us.",
    "Times are local America/New_York wall-clock (EST, -0500 in this slice); modsec time_stamp has no zone; lines are "
    "in completion order (request start + duration), so timestamps are not strictly monotonic.",
    "User: modsec_json only, in the app's cookie sis_user=<login> in request header Cookie, and in the response "
    "Set-Cookie at sign-in (POST /auth/login without TOTP, POST /auth/mfa with TOTP, GET /auth/google/callback for SSO); "
    "cleared at /auth/logout; the cookie survives session expiry, so 302s to /auth/login may still carry it.",
    "Login names: e-mail form (x@<town>.k12.ma.us, Google SSO and local); legacy-migrated towns (SHI, BER, PHI, ASH) keep "
    "local names like jdoe.shi, so one person may appear under both names (listed in params.log_names).",
    "Failed local sign-ins redirect to /auth/login?err=invalid&last=<attempted login> (err=locked after 5 failures in 15 "
    "min); the attempted login in that URL is not a user name of the log (only cookie/Basic-auth names are).",
    "HTTP Basic integration accounts (/api/export/*): lighttpd %u field; modsec request header Authorization (base64 user:password).",
    "modsec_json omits /static/* and /favicon.ico (SecRule ... ctl:auditEngine=Off); lighttpd logs them. Browsers load "
    "assets once per session (then cache), fire /sis/api/notify/count after each page and /sis/api/ping every 5 min while a tab is open.",
    "n_requests (abusive accounts): modsec_json = request lines whose user (Set-Cookie sis_user at sign-in, else Cookie "
    "sis_user) is in params.log_names AND the (client_ip, User-Agent) pair is one of params.clients; lighttpd = "
    "request lines whose (client address, User-Agent) pair is one of params.clients (the abusive client's pairs, "
    "unique to it in the log). Sources: request "
    "lines from that address. Damaged lines are not counted.",
    "Where the abuse rides the owner's own browser (browser_extension_session_riding) or the whole account is abusive "
    "(generic shared logins, retired account), n_requests covers all of that browser's/account's lines.",
    "WAF: 403 with messages 942100/949110/980170 = CRS block (incl. false positives on names with apostrophes); the "
    "district's Greenbone scanner 10.20.9.50 is DetectionOnly (messages, no block).",
]


def labels_for(G, evs, fmt, seed, days, n_staff, n_lines, bad):
    names = set()
    for e in G.events:
        u = ev_user(e)
        if u:
            names.add(u)
        if e.auth:
            names.add(e.auth)
    accounts = {}
    for p in G.people + G.extra_people:
        for nm in p.names:
            accounts[nm] = {"label": "benign", "behaviour": p.behaviour or p.role, "kinds": [],
                            "params": {"role": p.role, "campus": p.school, "auth": p.auth, "login": p.login_path}}
            if len(p.names) > 1:
                accounts[nm]["params"]["log_names"] = sorted(p.names)
    for k, v in G.accounts.items():
        accounts[k] = json.loads(json.dumps(v))
    recs = [(e.ip, e.dev.ua, ev_user(e) if fmt == "modsec_json" else None) for e in evs]
    for tag in sorted(G.abuse_meta):
        m = G.abuse_meta[tag]
        p = m["owner"]
        tev = [e for e in evs if e.tag == tag]
        lnames = sorted(set(p.names) | {ev_user(e) for e in tev if ev_user(e)})
        A, U = sorted({e.ip for e in tev}), sorted({e.dev.ua for e in tev})
        P = sorted({(e.ip, e.dev.ua) for e in tev})
        sp, sn = set(P), set(lnames)
        if fmt == "modsec_json":
            n = sum(1 for ip, ua, u in recs if u in sn and (ip, ua) in sp)
        else:
            n = sum(1 for ip, ua, u in recs if (ip, ua) in sp)
        prm = {"role": p.role, "campus": p.school, "auth": p.auth, "login": p.login_path, "addresses": A,
               "log_names": lnames, "n_requests": n, "user_agents": U, "clients": [list(x) for x in P]}
        prm["ips"] = A
        if len(A) == 1:
            prm["ip"] = A[0]
        if len(U) == 1:
            prm["user_agent"] = U[0]
        prm.update(m["params"])
        for nm in lnames:
            accounts[nm] = {"label": m["label"], "behaviour": m["behaviour"], "kinds": list(m["kinds"]), "params": prm}
    accounts = {k: accounts[k] for k in sorted(accounts) if k in names or accounts[k]["label"] != "benign"}
    missing = sorted(names - set(accounts))
    if missing:
        raise RuntimeError("unlabelled names: %s" % missing[:5])
    cnt = {}
    for ip, _, _ in recs:
        cnt[ip] = cnt.get(ip, 0) + 1
    sources = {}
    for ip in sorted(G.sources):
        s = json.loads(json.dumps(G.sources[ip]))
        s["params"]["n_requests"] = cnt.get(ip, 0)
        if s["params"]["n_requests"]:
            sources[ip] = s
    st = dt_of(G.t0).strftime("%Y-%m-%dT%H:%M:%S")
    return {"seed": seed, "format": fmt, "start": st, "days": days, "tz": TZ, "n_staff": n_staff,
            "accounts": accounts, "sources": sources, "malformed_lines": bad, "header_lines": [],
            "n_lines": n_lines, "n_events": len(evs), "notes": NOTES}


def generate(log_path, labels_path, seed=1, days=2, n_staff=240, fmt="modsec_json"):
    if fmt not in FORMATS:
        raise ValueError("unknown format %r (known: %s)" % (fmt, ", ".join(FORMATS)))
    if n_staff < 100:
        raise ValueError("n_staff must be >= 100")
    if days < 1:
        raise ValueError("days must be >= 1")
    G, evs = build(seed, days, n_staff)
    rr = random.Random(seed * 31 + (1 if fmt == "modsec_json" else 2))
    if fmt == "modsec_json":
        evs = [e for e in evs if not e.static]
        lines = [render.modsec(e, render.unique_id(e, rr)).encode("utf-8") for e in evs]
    else:
        lines = [render.lighttpd(e).encode("utf-8") for e in evs]
    evl = list(evs)
    bad = damage(lines, evl, rr, fmt, lambda e: e.tag is not None or e.ip in G.sources)
    with open(log_path, "wb") as f:
        f.write(b"\n".join(lines) + b"\n")
    kept = [e for e in evl if e is not None]
    lab = labels_for(G, kept, fmt, seed, days, n_staff, len(lines), bad)
    lab = json.loads(json.dumps(lab))
    with open(labels_path, "w") as f:
        json.dump(lab, f, indent=1, sort_keys=False)
        f.write("\n")
    return lab
