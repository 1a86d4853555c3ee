"""blind10: Sauk Bend CUSD 214's "Lodestar" SIS (legacy PHP on Apache) — logs and labels."""
import json
import random
from datetime import date, datetime

from . import bruteforce, lookalikes, render, scraping, services, sharing, staff
from . import world as W
from .people import Population

FORMATS = ("splunk_csv", "apache_xff")


def _first_seen(values):
    seen, out = set(), []
    for v in values:
        if v not in seen:
            seen.add(v)
            out.append(v)
    return out


def build_events(seed, days, n_staff, threat_scale):
    addr = W.Addresses(random.Random("%s:addr" % seed))
    pop = Population(seed, n_staff, random.Random("%s:pop" % seed), addr)
    accounts, sources = {}, {}
    jobs = lookalikes.plan(pop, random.Random("%s:lookalikes" % seed), addr, seed, days, accounts)
    jobs += scraping.plan(pop, random.Random("%s:scraping" % seed), addr, seed, days, threat_scale, sources)
    jobs += sharing.plan(pop, random.Random("%s:sharing" % seed), addr, seed, days, threat_scale, sources)
    jobs += bruteforce.plan(pop, random.Random("%s:brute" % seed), addr, seed, days, threat_scale, sources)
    out = []
    for s in pop.staff:
        staff.staff_days(s, seed, pop, addr, days, out)
    for job in jobs:
        job(out)
    services.emit(out, seed, pop, addr, days, sources)
    t_end = W.at(days, 0)
    events = [e for e in out if W.T0 <= e.t < t_end]
    outage = _db_outage(events, seed, days)
    return pop, accounts, sources, events, outage


PHP = ("/lodestar/index.php", "/lodestar/ajax.php", "/lodestar/print.php", "/lodestar/export.php",
       "/lodestar/attendance.php", "/lodestar/health.php", "/lodestar/feeds/", "/lodestar/api/")


def _db_outage(events, seed, days):
    """A MySQL failover on the last school day: 60-150 s in which every PHP request fails."""
    rng = random.Random("%s:outage" % seed)
    school = [d for d in range(days) if W.is_school_day(d)] or [days - 1]
    t0 = W.at(school[-1], rng.uniform(10.5, 13.5))
    t1 = t0 + rng.uniform(60, 150)
    n = 0
    for e in events:
        if t0 <= e.t < t1 and e.target.startswith(PHP):
            n += 1
            e.size = 2 if e.target == "/lodestar/health.php" else 1876
            e.status = 503 if e.target == "/lodestar/health.php" else 500
            e.dur = int(rng.uniform(5000, 3000000))
    return {"start_local": datetime.fromtimestamp(int(t0), render.TZ).isoformat(), "seconds": round(t1 - t0, 1),
            "n_requests_failed": n}


def _labels(pop, accounts, sources, kept, fmt):
    by_user = {}
    for e in kept:
        if e.user != "-":
            by_user.setdefault(e.user, []).append(e)
    for s in pop.staff:
        params = dict(s.extra.get("params") or {"role": s.role, "school": s.school, "login": s.login})
        params.setdefault("role", s.role)
        params.setdefault("school", s.school)
        params.setdefault("login", s.login)
        params["auth"] = "google_sso" if s.sso else "local_form"
        entry = {"label": s.label, "behaviour": s.behaviour, "kinds": list(s.kinds), "params": params}
        evs = by_user.get(s.login, [])
        if s.label != "benign" or s.behaviour in ("travelling_teacher", "home_vpn_changing_exit",
                                                  "coach_own_login_on_phone"):
            params["addresses"] = _first_seen(a for e in evs for a in render.shown_addresses(e, fmt))
        if s.label != "benign":
            ab = [e for e in evs if e.tag == "abuse"]
            ips = _first_seen(render.shown_addresses(e, fmt)[0] for e in ab if e.chain)
            uas = _first_seen(e.ua for e in ab)
            for k in ("ip", "ips", "user_agent", "user_agents"):
                params.pop(k, None)
            if len(ips) == 1:
                params["ip"] = ips[0]
            else:
                params["ips"] = ips
            if len(uas) == 1:
                params["user_agent"] = uas[0]
            else:
                params["user_agents"] = uas
            params["log_names"] = [s.login]
            params["n_requests"] = len(ab)
        accounts[s.login] = entry
    for login, beh, extra in (("svc-dw", "sanctioned_nightly_export", {"auth": "http_basic", "ip": W.DO_FIREWALL}),
                              ("svc-schoology", "sanctioned_oneroster_sync", {"auth": "http_basic", "ips": list(W.SCHOOLOGY)})):
        accounts[login] = {"label": "benign", "behaviour": beh, "kinds": [], "params": dict(extra, role="service_account")}
    # shared public addresses: only those no abusive client used
    abusive_addr = set(e.chain[-1] for e in kept if e.tag == "abuse" and e.chain)
    users_at = {}
    for e in kept:
        if e.chain and e.user != "-":
            users_at.setdefault(e.chain[-1], set()).add(e.user)
    shared = [(ip, "school_nat", {"school": c}) for c, ip in sorted(W.ELEM_NAT.items())]
    shared += [(ip, "district_web_filter_egress", {"adds_xff": True}) for ip in W.PROXY_EGRESS]
    shared += [(W.DO_FIREWALL, "district_office_servers", {})]
    for ip, beh, p in shared:
        if ip not in abusive_addr and ip in users_at:
            sources[ip] = {"label": "benign", "behaviour": beh, "kinds": [], "params": dict(p, n_accounts=len(users_at[ip]))}
    return {k: accounts[k] for k in sorted(accounts)}, {k: sources[k] for k in sorted(sources)}


NOTES = {
    "app": "Lodestar SIS 7.4 (legacy PHP 7.4, mod_php) on Apache httpd 2.4 behind an HAProxy pair, host lodestar.saukbend214.org",
    "user_field": "%u = Google sign-in (mod_auth_openidc, e-mail local part), local form (mod_auth_form, also on failed "
                  "tries) or HTTP Basic on /lodestar/feeds/ and /lodestar/api/; '-' otherwise",
    "apache_xff": "first field = X-Forwarded-For as received: client's own proxy chain + the address the balancer saw; "
                  "'-' for balancer health checks; files per server and local day, gathered with tail -n +1",
    "splunk_csv": "index=web sourcetype=access_combined host=lodestar-web* NOT uri_path=\"/lodestar/health.php\" | table ...; "
                  "clientip after mod_remoteip; newest first; _time in the investigator's zone (US/Central)",
    "addresses": "as shown: splunk_csv clientip; apache_xff the X-Forwarded-For field and, for chains, its members",
    "extra_accounts": "svc-dw, svc-schoology and sub.<school> are not among n_staff",
}


def generate(log_path, labels_path, seed=1, days=2, n_staff=240, fmt="splunk_csv", threat_scale=1.0):
    if fmt not in FORMATS:
        raise ValueError("fmt must be one of %s" % (FORMATS,))
    pop, accounts, sources, events, outage = build_events(seed, days, n_staff, threat_scale)
    text, meta, kept = render.render(fmt, events, days, seed)
    with open(log_path, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    accounts, sources = _labels(pop, accounts, sources, kept, fmt)
    labels = {"seed": seed, "format": fmt, "start": date(*W.START).isoformat(), "days": days, "tz": W.TZNAME,
              "n_staff": n_staff, "threat_scale": threat_scale, "accounts": accounts, "sources": sources,
              "malformed_lines": meta["malformed_lines"], "header_lines": meta["header_lines"],
              "n_lines": meta["n_lines"], "n_events": meta["n_events"], "n_out_of_order": meta["n_out_of_order"],
              "notes": dict(NOTES, db_outage=outage)}
    with open(labels_path, "w", encoding="utf-8") as f:
        json.dump(labels, f, indent=1, sort_keys=False)
        f.write("\n")
    return labels
