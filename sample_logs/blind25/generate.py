"""Build the events for a seed, render one format, and write labels.json (see README.md for the contract)."""
import json
import os
import random

from . import bruteforce, lookalikes, scraping, services, sharing
from . import world as W
from .client import Log
from .parse import FILES
from .population import Population
from .render import build_records, write_opensearch, write_splunk
from .staff import ordinary_day, phone_check

FORMATS = ("splunk_json", "opensearch_dump")


class Ctx:
    """Everything the behaviour modules share: the log, the population, per-purpose rngs and the label registry."""

    def __init__(self, seed, days, n_staff):
        self.seed, self.days = seed, days
        self.log = Log()
        self.pop = Population(self.rng("population"), n_staff)
        self.sources, self.abuses, self.extra, self.driven = {}, {}, {}, set()

    def rng(self, key):
        return random.Random("blind25:%d:%s" % (self.seed, key))

    def benign_source(self, ip, behaviour, **params):
        self.sources[ip] = {"label": "benign", "behaviour": behaviour, "kinds": [], "params": params}

    def service_account(self, login, behaviour, campus, ips, ua):
        self.extra[login] = {"label": "benign", "behaviour": behaviour, "kinds": [],
                             "params": {"role": "service", "campus": campus, "auth": "bearer_token", "login": login,
                                        "ips": ips, "user_agent": ua}}

    def generic_account(self, login, tag, campus):
        self.extra[login] = {"label": "credential_sharing", "behaviour": "", "kinds": [],
                             "params": {"role": "generic", "campus": campus, "auth": "form", "login": login}}

    def abuse(self, tag, label, behaviour, kinds, account, no_sources=False, drive=True, **params):
        login = account if isinstance(account, str) else account.login
        if not isinstance(account, str):
            account.behaviour, account.kinds = behaviour, list(kinds)
            if drive:
                self.driven.add(login)
        self.abuses[tag] = {"account": login, "label": label, "behaviour": behaviour, "kinds": list(kinds),
                            "no_sources": no_sources, "params": dict(params)}

    def abuse_params(self, tag, **params):
        self.abuses[tag]["params"].update(params)


def build(seed=1, days=2, n_staff=240):
    """All events (unsorted) and the context with the label registry."""
    if n_staff < 100:
        raise ValueError("n_staff must be at least 100")
    if days < 1:
        raise ValueError("days must be at least 1")
    ctx = Ctx(seed, days, n_staff)
    for mod in (scraping, sharing, bruteforce, lookalikes):
        mod.run_all(ctx)
    for s in ctx.pop.staff:
        if s.login not in ctx.driven:
            for d in range(days):
                ordinary_day(ctx, s, d, ctx.rng("day:%s:%d" % (s.login, d)))
    seen = {e[3] for e in ctx.log.ev if e[3]}
    for s in ctx.pop.staff:                 # absent all window: checks messages on the phone from bed
        if s.login not in seen:
            r = ctx.rng("sick:" + s.login)
            if not s.ua_phone:
                s.ua_phone = W.phone_ua(r)
            phone_check(ctx, s, r, W.local(0, r.uniform(8.5, 20.0)), n=1, ip=s.home_ip)
    services.exporter(ctx)
    services.monitors(ctx)
    services.crawlers(ctx)
    services.scanners(ctx)
    services.integrations(ctx)
    ctx.log.ev.sort(key=lambda e: e[0])
    return ctx


def labels_for(ctx, fmt, n_lines, malformed, header, dropped):
    ev = ctx.log.ev
    gone = set(dropped)
    by_user_ips, by_user_names = {}, {}
    tag_user, tag_all, tag_ip, tag_ua = {}, {}, {}, {}
    for i, e in enumerate(ev):
        if i in gone:
            continue
        ip = e[2].split(", ")[-1]
        if e[3]:
            by_user_ips.setdefault(e[3], set()).add(ip)
        tag = e[11]
        if tag:
            tag_all[tag] = tag_all.get(tag, 0) + 1
            tag_ip.setdefault(tag, {}).setdefault(ip, [0, set()])
            tag_ip[tag][ip][0] += 1
            if e[3]:
                tag_ip[tag][ip][1].add(e[3])
            tag_ua.setdefault(tag, set()).add(e[9])
            if e[3] == ctx.abuses[tag]["account"]:
                tag_user[tag] = tag_user.get(tag, 0) + 1
    esc = lambda x: x.replace("\\", "\\\\")
    accounts = {}
    for s in ctx.pop.staff:
        accounts[s.log_name] = {"label": "benign", "behaviour": s.behaviour, "kinds": [],
                                "params": dict(s.params, role=s.role, campus=s.campus, auth=s.auth, login=s.login)}
    for login, v in ctx.extra.items():
        accounts[esc(login)] = json.loads(json.dumps(v))
    sources = dict(ctx.sources)
    for tag, a in sorted(ctx.abuses.items()):
        acc = accounts[esc(a["account"])]
        ips, uas = sorted(tag_ip.get(tag, {})), sorted(tag_ua.get(tag, ()))
        acc.update(label=a["label"], behaviour=a["behaviour"], kinds=a["kinds"])
        p = acc["params"]
        p.update(a["params"])
        p.update({"ips": ips} if len(ips) != 1 else {"ip": ips[0]})
        p.update({"user_agents": uas} if len(uas) != 1 else {"user_agent": uas[0]})
        p["addresses"] = sorted(by_user_ips.get(a["account"], ()))
        p["log_names"] = [esc(a["account"])]
        p["n_requests"] = tag_user.get(tag, 0)
        p["n_requests_total"] = tag_all.get(tag, 0)
        p["abuse_tag"] = tag
        if a["no_sources"]:
            for ip in ips:
                sources.pop(ip, None)
            continue
        for ip in ips:
            n, users = tag_ip[tag][ip]
            sp = {"n_requests": n}
            if users:
                sp["account"] = esc(a["account"])
            sources[ip] = {"label": a["label"], "behaviour": a["behaviour"], "kinds": a["kinds"], "params": sp}
    # shared benign networks: only those no abusive client used
    tainted = {ip for t in tag_ip for ip in tag_ip[t]}
    nat_users = {}
    for e in ev:
        if e[3]:
            nat_users.setdefault(e[2].split(", ")[-1], set()).add(e[3])
    for ip, name in ((W.SVUSD_NAT, "district_shared_nat"), (W.OFFICES["SDE"][1], "state_agency_nat")):
        if ip not in tainted:
            sources[ip] = {"label": "benign", "behaviour": name, "kinds": [],
                           "params": {"n_accounts": len(nat_users.get(ip, ()))}}
    for ip in list(sources):
        if sources[ip]["label"] == "benign" and ip in tainted:
            del sources[ip]
    n_events = n_lines - len(malformed) - len(header)
    return {"seed": ctx.seed, "format": fmt, "start": "2026-11-16T00:00:00-07:00", "days": ctx.days, "tz": W.TZ,
            "n_staff": len(ctx.pop.staff), "accounts": accounts, "sources": dict(sorted(sources.items())),
            "malformed_lines": malformed, "header_lines": header, "n_lines": n_lines, "n_events": n_events,
            "notes": NOTES}


NOTES = ("Accounts are keyed by the user field exactly as printed in the Apache line (CRESD AD logins appear as "
         "CRESD\\\\name because %u escapes the backslash); params.login is the real login. n_requests counts the "
         "abuser's requests that carry the account name; n_requests_total also counts the abuser's anonymous "
         "requests (sign-in redirects, failed guesses). Source addresses are the last address of X-Forwarded-For. "
         "School NATs and owners' homes used by an abusive client are not listed as sources at all.")


def generate(log_path, labels_path, seed=1, days=2, n_staff=240, fmt="splunk_json"):
    if fmt not in FORMATS:
        raise ValueError("unknown fmt %r (choose from %s)" % (fmt, ", ".join(FORMATS)))
    ctx = build(seed, days, n_staff)
    recs, dropped, _plan = build_records(ctx.log.ev, ctx.rng("damage"))
    writer = write_splunk if fmt == "splunk_json" else write_opensearch
    n_lines, malformed, header = writer(recs, log_path, ctx.rng("render:" + fmt))
    labels = labels_for(ctx, fmt, n_lines, malformed, header, dropped)
    with open(labels_path, "w", encoding="utf-8") as f:
        json.dump(labels, f, indent=1, sort_keys=False)
        f.write("\n")
    return labels


def generate_dir(out, seed=1, days=2, n_staff=240, fmt="splunk_json"):
    os.makedirs(out, exist_ok=True)
    return generate(os.path.join(out, FILES[fmt]), os.path.join(out, "labels.json"), seed, days, n_staff, fmt)
