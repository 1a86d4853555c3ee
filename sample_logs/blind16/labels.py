"""Builds labels.json from the simulation and the events that survived the damage."""
from collections import Counter, defaultdict

from . import world as W

NETS = {c[4]: c[0] for c in W.CAMPUSES if c[4] != "proxy"}


def _one_or_many(params, one, many, values):
    values = sorted(values)
    if len(values) == 1:
        params[one] = values[0]
    else:
        params[many] = values


def account_params(s):
    p = {"role": s.role, "campus": s.campus, "auth": s.auth, "login": s.login}
    p.update(getattr(s, "look_params", {}) or {})
    return p


def build(sim, kept, fmt, extras, notes):
    d = sim.d
    named = Counter(e[7] for e in kept if e[7])
    addrs = defaultdict(set)
    users_at = defaultdict(set)
    lines_at = Counter(e[2] for e in kept)
    for e in kept:
        if e[7]:
            addrs[e[7]].add(e[2])
            users_at[e[2]].add(e[7])
    by_tag = defaultdict(list)
    for e in kept:
        if e[13]:
            by_tag[e[13]].append(e)
    accounts = {}
    for s in d.staff:
        accounts[s.login] = {"label": "benign", "behaviour": s.behaviour or s.role, "kinds": [], "params": account_params(s)}
    for login, (behaviour, params) in extras.items():
        p = {"role": "service_account", "campus": "DO", "auth": "form", "login": login}
        p.update(params)
        accounts[login] = {"label": "benign", "behaviour": behaviour, "kinds": [], "params": p}
    for s in d.by_login.values():
        if s.extra and s.login not in accounts:
            accounts[s.login] = {"label": "benign", "behaviour": s.behaviour or s.role, "kinds": [],
                                 "params": account_params(s)}
    tainted = set()
    per_account = defaultdict(list)
    for tag, a in sim.abuse.items():
        if a["account"]:
            per_account[a["account"]].append(tag)
        tainted.update(e[2] for e in by_tag[tag])
    for login, tags in per_account.items():
        evs = [e for t in tags for e in by_tag[t]]
        first = sim.abuse[tags[0]]
        ips = {e[2] for e in evs}
        uas = {e[8] for e in evs}
        tagset = set(tags)
        match = sum(1 for e in kept if e[7] == login and e[2] in ips and (fmt == "squid_native" or e[8] in uas))
        n_named = sum(1 for e in evs if e[7] == login)
        p = accounts[login]["params"]
        for t in tags:
            p.update({k: v for k, v in sim.abuse[t]["params"].items() if k not in ("ip", "ips", "user_agent", "user_agents")})
        _one_or_many(p, "ip", "ips", ips)
        _one_or_many(p, "user_agent", "user_agents", uas)
        p.update(addresses=sorted(addrs[login] | ips), log_names=[login], n_requests=len(evs), n_named=n_named,
                 n_named_lines=named[login], separable=(match == n_named),
                 exclusive_ips=not any(e[2] in ips and e[13] not in tagset for e in kept))
        kinds = sorted({k for t in tags for k in sim.abuse[t]["kinds"]})
        accounts[login].update(label=first["label"], behaviour=first["behaviour"], kinds=kinds)
    sources = {}
    ip_uas = defaultdict(set)
    for tag, evs in by_tag.items():
        for e in evs:
            ip_uas[e[2]].add(e[8])
    for tag, a in sim.abuse.items():
        for ip in sorted({e[2] for e in by_tag[tag]}):
            if ip in NETS or ip in W.DISTRICT_PROXY:
                continue
            src = sources.setdefault(ip, {"label": a["label"], "behaviour": a["behaviour"], "kinds": list(a["kinds"]),
                                          "params": {"n_requests": 0, "n_lines": lines_at[ip]}})
            sp = src["params"]
            sp["n_requests"] += sum(1 for e in by_tag[tag] if e[2] == ip)
            if a["account"]:
                sp["account"] = a["account"]
            else:
                sp.update({k: v for k, v in a["params"].items() if k not in ("ip", "ips", "user_agent", "user_agents")})
            _one_or_many(sp, "user_agent", "user_agents", ip_uas[ip])
    for ip in W.DISTRICT_PROXY:
        assert ip not in tainted, "abusive client on the district proxy"
        sources[ip] = {"label": "benign", "behaviour": "district_outbound_proxy", "kinds": [],
                       "params": {"n_accounts": len(users_at[ip]), "campuses": [c[0] for c in W.CAMPUSES if c[4] == "proxy"]}}
    for ip, campus in NETS.items():
        if ip in tainted:
            notes.append("%s (%s NAT) also carries abusive traffic and is not listed as a source" % (ip, campus))
            continue
        sources[ip] = {"label": "benign", "behaviour": "school_shared_nat", "kinds": [],
                       "params": {"n_accounts": len(users_at[ip]), "campus": campus}}
    for ip, (behaviour, params) in sorted(sim.sources.items()):
        assert ip not in tainted
        p = dict(params)
        p["n_lines"] = lines_at[ip]
        sources[ip] = {"label": "benign", "behaviour": behaviour, "kinds": [], "params": p}
    return accounts, {k: sources[k] for k in sorted(sources)}
