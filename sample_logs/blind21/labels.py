"""Build labels.json from the registry and the requests that made it into the log (counts are measured, not
planned): accounts by the name in the user field, labelled sources, proxies, line bookkeeping, notes."""
from . import world as W
from .services import TOMCAT_DEFAULTS

SERVICE_ACCOUNTS = {
    "svc_rostersync": ("sanctioned_nightly_roster_sync", W.SYNC_IP, "integration server, Apache HttpClient"),
    "svc_dwh": ("sanctioned_dwh_nightly_extract", W.DWH_IP, "data warehouse ETL, python-requests"),
    "svc_nagios": ("nagios_authenticated_check", W.NAGIOS_IP, "Nagios check_http every 5 min"),
    "svc_nessus": ("nessus_credentialed_scan", W.NESSUS_IP, "IT's weekly Nessus scan"),
}


def _base(s):
    return {"role": s.role, "campus": s.campus, "auth": s.auth, "login": s.login}


def build(log, world, staff, reg, reqs, typo_owner):
    by_user, by_ip = {}, {}
    for r in reqs:
        if r.user:
            by_user.setdefault(r.user, []).append(r)
        by_ip.setdefault(r.ip, []).append(r)
    staff_by = {s.login: s for s in staff}
    names_of = {}
    for alias, (login, _) in log.aliases.items():
        if alias in by_user:
            names_of.setdefault(login, []).append(alias)
    abusive = {}
    for key, b in reg.behaviours.items():
        for a in b["accounts"]:
            abusive[a] = key
    accounts = {}

    def abuse_entry(name, key, label, kinds, base, params, actor=None):
        actor = actor or key
        rs = [r for r in by_user.get(name, []) if r.actor == actor]
        mine = rs + [r for r in reqs if r.actor == actor and r.user is None]
        ips, uas = sorted({r.ip for r in mine}), sorted({r.ua for r in mine if r.ua})
        p = dict(base)
        p.update(params)
        p.update(ips=ips, user_agents=uas, addresses=sorted({r.ip for r in by_user.get(name, [])}),
                 log_names=sorted([name] + names_of.get(name, [])), n_requests=len(rs),
                 clients=sorted({(r.ip, r.ua) for r in rs}), via_proxy=any(r.px is not None for r in rs))
        if len(ips) == 1:
            p["ip"] = ips[0]
        if len(uas) == 1:
            p["user_agent"] = uas[0]
        p["clients"] = [list(c) for c in p["clients"]]
        return {"label": label, "behaviour": key, "kinds": kinds, "params": p}

    for s in staff:
        if s.login in abusive:
            key = abusive[s.login]
            b = reg.behaviours[key]
            accounts[s.login] = abuse_entry(s.login, key, b["label"], b["kinds"], _base(s), b["params"])
        else:
            p = _base(s)
            p.update(reg.benign_params.get(s.login, {}))
            for k in ("documented",):
                if k in s.tags:
                    p[k] = s.tags[k]
            accounts[s.login] = {"label": "benign", "behaviour": s.tags.get("lookalike", s.role), "kinds": [],
                                 "params": p}
    for name, e in reg.extra.items():
        spray = e["behaviour"] == "password_spray_unknown_user"
        accounts[name] = abuse_entry(name, e["behaviour"], e["label"], e["kinds"], {}, e["params"],
                                     "password_spray" if spray else None)
    for name in sorted(by_user):
        if name in accounts:
            continue
        if name in log.aliases:
            login, why = log.aliases[name]
            p = _base(staff_by[login])
            p["alias_of"] = login
            accounts[name] = {"label": "benign", "behaviour": why, "kinds": [], "params": p}
        elif name in typo_owner:
            p = _base(staff_by[typo_owner[name]])
            p["alias_of"] = typo_owner[name]
            accounts[name] = {"label": "benign", "behaviour": "mistyped_username", "kinds": [], "params": p}
        elif name in SERVICE_ACCOUNTS:
            why, ip, what = SERVICE_ACCOUNTS[name]
            accounts[name] = {"label": "benign", "behaviour": why, "kinds": [], "params": {
                "role": "service account (%s)" % what, "campus": "SDE data centre", "auth": "ldap-basic (service OU)",
                "login": name, "ip": ip}}
        elif name in TOMCAT_DEFAULTS:
            accounts[name] = {"label": "benign", "behaviour": "nessus_default_credential_check", "kinds": [],
                              "params": {"role": "none (scanner's default-credential test)", "campus": "-",
                                         "auth": "none", "login": name, "ip": W.NESSUS_IP}}
        else:
            raise RuntimeError("unlabelled user name in the log: %r" % name)
    return accounts, _sources(log, world, staff, reg, reqs, by_ip)


def _sources(log, world, staff, reg, reqs, by_ip):
    sources = {}
    for ip, e in reg.sources.items():
        rs = by_ip.get(ip, [])
        if not rs:                  # e.g. a pool address picked just as the harvest ran out
            continue
        p = dict(e["params"])
        p.update(n_requests=len(rs), user_agents=sorted({r.ua for r in rs if r.ua}),
                 log_names=sorted({r.user for r in rs if r.user}))
        sources[ip] = {"label": e["label"], "behaviour": e["behaviour"], "kinds": e["kinds"], "params": p}
    dirty = {r.ip for r in reqs if r.actor is not None}

    def benign(ip, behaviour, **params):
        if ip in dirty or ip in sources or ip not in by_ip:
            return
        rs = by_ip[ip]
        params.setdefault("n_accounts", len({r.user for r in rs if r.user}))
        sources[ip] = {"label": "benign", "behaviour": behaviour, "kinds": [], "params": params}

    for d in world.districts:
        kind = {"district_nat": "district_shared_nat", "school_nat": "district_office_nat",
                "internet": "district_public_nat"}.get(d.net)
        if kind:
            benign(d.office_nat, kind, district=d.suffix, via_proxy=d.net == "internet")
        if d.net == "school_nat":
            for sc in d.schools:
                benign(sc.nat, "school_nat", district=d.suffix, school=sc.code)
    benign(W.NAGIOS_IP, "monitor_nagios", role="Nagios (public page + svc_nagios check every 5 min)")
    benign(W.NESSUS_IP, "vulnerability_scanner_weekly", role="IT's Nessus scanner, Tuesday 05:10")
    benign(W.SYNC_IP, "integration_roster_sync", role="svc_rostersync integration server")
    benign(W.DWH_IP, "integration_dwh_extract", role="svc_dwh data warehouse ETL")
    for s in staff:
        if s.tags.get("lookalike") == "psychometrician_r_scripts":
            benign(s.work_ip, "psychometrician_workstation", account=s.login, documented=s.tags.get("documented"))
    for ip, name in sorted(log.crawler_ips.items()):
        benign(ip, "search_engine_crawler", crawler=name, via_proxy=True)
    for ip in log.background_ips:
        benign(ip, "internet_background_scanner", via_proxy=True)
    return sources
