"""Builds the world, runs every actor, renders one format with its damage, and writes the log and labels.json."""
import json
import random
from collections import defaultdict

from . import lookalikes, scraping, services, sharing
from .client import Log, asset_tokens
from .render import FORMATS, RENDER, damage
from .staff import ordinary_days
from .world import (DISTRICT_BYOD_NAT, DOMAIN, RDS_HOSTS, START, TZ, Addresses, build_pupils, build_staff, day_at)

CRASH_AT_H, CRASH_DOWN_S = 3.07, 170          # hypervisor host failure: KSWEB01 restarted in ~3 minutes (day 1)


class World:
    def __init__(self, seed, days, n_staff):
        self.seed, self.days, self.domain = seed, days, DOMAIN
        self.log, self.devices, self.extra_people = Log(), {}, []
        self.addrs = Addresses(self.rng("addresses"))
        self.pupils, self.docs = build_pupils(self.rng("pupils"))
        self.staff = build_staff(self.rng("staff"), n_staff, self.addrs, self.pupils)
        r = self.rng("phones")
        for s in self.staff:
            if r.random() < 0.3:
                s.phone_email = s.email[0].upper() + s.email[1:]     # iOS capitalises the first letter typed
        self.axd = asset_tokens(self.rng("axd"))
        self.t0, self.t_end = day_at(0, 0), day_at(days, 0)

    def rng(self, *parts):
        return random.Random("blind12:%d:%s" % (self.seed, ":".join(str(p) for p in parts)))

    def vpn_ip(self, s):
        return self.addrs.take("10.10.200.{}", 10, 250)

    def seen(self, s):
        return s.actor in self.log.named


def simulate(seed, days, n_staff):
    W = World(seed, days, n_staff)
    abuses = scraping.setup(W) + sharing.setup(W)
    lookalikes.assign(W)
    for s in W.staff + W.extra_people:
        if s.lookalike:
            lookalikes.run(W, s)
        else:
            ordinary_days(W, s)
    services.run(W)
    scraping.run(W, [a for a in abuses if a.behaviour in scraping.RUN])
    sharing.run(W, [a for a in abuses if a.behaviour in sharing.RUN])
    rows = [x for x in W.log.rows if W.t0 <= x[0] < W.t_end]
    rows.sort(key=lambda x: (x[0], x[1]))
    crash = day_at(0, CRASH_AT_H) + W.rng("crash").uniform(0, 300)
    rows = [x for x in rows if not crash <= x[0] < crash + CRASH_DOWN_S]
    crash_index = max(i for i, x in enumerate(rows) if x[0] < crash)
    return W, abuses, rows, crash_index


def _entry(label, behaviour, kinds, params):
    return {"label": label, "behaviour": behaviour, "kinds": list(kinds), "params": params}


def build_labels(W, abuses, kept, fmt, seed, days, n_staff):
    names_by_actor, addr_by_name, count = defaultdict(set), defaultdict(set), defaultdict(int)
    users_by_ip = defaultdict(set)
    for x in kept:
        ip, user, actor = x[2], x[3], x[12]
        count[(actor, ip)] += 1
        if user != "-":
            names_by_actor[actor].add(user)
            addr_by_name[user].add(ip)
            users_by_ip[ip].add(user)
            count[(actor, ip, "named", user)] += 1
    for a in abuses:
        used = {k[1] for k in count if k[0] == a.actor}
        a.ips = [ip for ip in a.ips if ip in used]
    by_owner = {a.owner.sid: a for a in abuses if a.owner is not None}
    accounts, sources = {}, {}
    for s in W.staff + W.extra_people:
        a = by_owner.get(s.sid)
        names = set(names_by_actor[s.actor]) | (set(names_by_actor[a.actor]) if a else set())
        base = {"role": s.role, "campus": s.building, "person": s.sid, "log_names": sorted(names)}
        if s.extra.get("building2"):
            base["campus2"] = s.extra["building2"]
        for nm in sorted(names):
            p = dict(base, auth="windows" if "\\" in nm else "forms", login=nm)
            if a is None:
                accounts[nm] = _entry("benign", s.lookalike or s.role, [], p)
            else:
                accounts[nm] = _entry(a.label, a.behaviour, a.kinds, _abuse_params(a, p, names, addr_by_name, count))
    for a in abuses:
        if a.owner is None and a.names:
            p = {"role": a.params.get("role"), "campus": a.params.get("campus"), "person": None,
                 "auth": "windows" if "\\" in a.names[0] else "forms", "login": a.names[0],
                 "log_names": sorted(names_by_actor[a.actor])}
            accounts[a.names[0]] = _entry(a.label, a.behaviour, a.kinds,
                                          _abuse_params(a, p, set(a.names), addr_by_name, count))
    sacc, ssrc = services.labels(W)
    accounts.update(sacc)
    sources.update(ssrc)
    for host, beh in [(h, "rds_session_host") for h in RDS_HOSTS] + [(DISTRICT_BYOD_NAT, "district_wifi_public_nat")]:
        if users_by_ip[host]:
            sources[host] = _entry("benign", beh, [], {"n_accounts": len(users_by_ip[host])})
    for a in abuses:
        used = {k[1] for k in count if k[0] == a.actor}
        for ip in [x for x in a.params.get("spray_ips", a.ips) if x in used]:
            p = {"n_requests": sum(v for k, v in count.items() if k[0] == a.actor and k[1] == ip and len(k) == 2)}
            if a.names and ip in a.ips:
                p["account"] = a.names[0]
            if a.behaviour == "ntlm_guessing_compromised_pc":
                p["pc_owner"] = a.params["pc_owner"]
                p["note"] = "the PC owner's own Keystone use from this address is benign"
            sources[ip] = _entry(a.label, a.behaviour, a.kinds, p)
    return {"seed": seed, "format": fmt, "start": START.isoformat(), "days": days, "tz": TZ, "n_staff": n_staff,
            "accounts": dict(sorted(accounts.items())), "sources": dict(sorted(sources.items()))}


def _abuse_params(a, p, names, addr_by_name, count):
    p = dict(p)
    ips = sorted(set(a.ips))
    p.update({"ip" if len(ips) == 1 else "ips": ips[0] if len(ips) == 1 else ips})
    ua = a.user_agents
    p.update({"user_agent" if len(ua) == 1 else "user_agents": ua[0] if len(ua) == 1 else ua})
    p["user_agents_logged"] = False
    p["addresses"] = sorted(set().union(*[addr_by_name[n] for n in names]) if names else set())
    p["abuse_log_names"] = sorted(a.names)
    p["n_requests"] = sum(v for k, v in count.items() if len(k) == 4 and k[0] == a.actor and k[3] in a.names)
    p["n_lines_abusive_client"] = sum(v for k, v in count.items() if len(k) == 2 and k[0] == a.actor)
    p.update({k: v for k, v in a.params.items() if k not in ("role", "campus")})
    return p


NOTES = [
    "Times are local (America/New_York, EST, UTC-5); the window does not cross a daylight-saving change.",
    "Internal clients (10.x) are challenged with Windows Integrated auth: each new connection is answered 401 "
    "(win32 5; NTLM adds a second 401 with win32 2148074254) before the request is retried as DISTRICT\\user.",
    "Outside the district network the forms sign-in is used and the user is logged as the e-mail; a person can show "
    "under DISTRICT\\flast, first.last@countyschools.org and an iPhone-capitalised First.last@...; every name is a key.",
    "For forms sessions static files (.css/.js/.png/.ico) carry no user (FormsAuthentication runs for managed "
    "handlers only); .aspx/.ashx/.axd requests do.",
    "An abused person's every log name carries the abuse label; params.abuse_log_names and params.ip(s) say which "
    "names and addresses the abusive client used; n_requests counts its lines that carry one of those names.",
    "KSWEB01 crashed on day 1 about 03:05 and was back ~3 minutes later: a line of NULs with the first entry after the "
    "restart glued on. The concatenated file ends with copy's ^Z (0x1A) on a line of its own.",
    "No user agent or referer in either format; user_agent(s) in params describe the abusive client (not logged).",
]


def generate(log_path, labels_path, seed=1, days=2, n_staff=240, fmt="iis_native"):
    if fmt not in FORMATS:
        raise ValueError("unknown fmt %r (use one of %s)" % (fmt, ", ".join(FORMATS)))
    if n_staff < 100:
        raise ValueError("n_staff must be at least 100")
    if days < 1:
        raise ValueError("days must be at least 1")
    W, abuses, rows, crash_index = simulate(seed, days, n_staff)
    render = RENDER[fmt]
    lines = [render(x) for x in rows]
    out, kept, bad = damage(fmt, rows, lines, W.rng("damage"), crash_index)
    labels = build_labels(W, abuses, kept, fmt, seed, days, n_staff)
    for a in abuses:
        for x in kept:
            if x[2] in a.ips and x[3] in a.names:
                assert x[12] == a.actor, (a.behaviour, x)
    labels.update({"malformed_lines": bad, "header_lines": [], "n_lines": len(out), "n_events": len(kept),
                   "notes": NOTES})
    with open(log_path, "w", encoding="ascii", newline="\n") as f:
        f.write("\n".join(out))
    with open(labels_path, "w", encoding="utf-8") as f:
        json.dump(labels, f, indent=1, sort_keys=False)
        f.write("\n")
    return labels
