"""generate(): cast the world's people into behaviours, simulate, write access.log and labels.json."""
import argparse
import json
import os
import random

from . import formats, lookalikes, scraping, sharing, staff
from .world import TZ_NAME, World

APP = "Beacon: state assessment & accountability system (ASP.NET MVC + WebForms + GraphQL, IIS 10 behind an AWS ALB)"
NOTES = {
    "system": "Host beacon.prairie-ed.gov, forms authentication (20-minute sliding expiry, ASP.NET_SessionId and "
              ".ASPXAUTH cookies), WebForms .aspx pages with ?StudentID=<8-char state ID>, MVC routes, /graphql "
              "(record ids only in the POST body), /api/odata/*, /Handlers/Download.ashx?file=..., SignalR "
              "(WebSockets, or long polling behind school web filters). Two IIS targets behind an ALB with three nodes.",
    "iis": "IIS W3C extended, UTC, time of completion, the two targets' logs merged by time with one #Software/"
           "#Version/#Date/#Fields block per UTC day. c-ip is always an ALB node (10.42.x); the real client is the "
           "last address of the X-Forwarded-For column (a school web filter may put an internal 10.x address "
           "before it). cs-username is the forms-auth name: e-mail, or DOMAIN\\user for PSDE/EDNET accounts on "
           "pages; the API endpoints (/graphql, /api/odata) always log the e-mail (UPN). '-' for anonymous requests "
           "and static files. ALB health checks (ELB-HealthChecker/2.0) appear here with c-ip = the checking node.",
    "alb": "AWS ALB access log (30 fields), UTC, time = response sent (WebSocket: connection closed), sorted by "
           "time. No user names and no referers or cookies. type h2 for browsers, https for scripts, wss for "
           "SignalR WebSockets. ALB does not log its own health checks, so alb_health_check sources are absent.",
    "labels": "accounts are keyed by e-mail; params.log_names lists the cs-username strings the account appears "
              "under in the IIS rendering and params.addresses its real client addresses (same events in both "
              "formats). An account's label covers its owner's own sessions too. A guessing target or a spray hit "
              "is labelled brute_force on the account as well as on the source addresses.",
}


def _cast(w, people, r, big):
    pool = list(people)
    nat = {}
    for p in people:
        if p.school is not None and not p.vdi:
            nat[p.school.ip] = nat.get(p.school.ip, 0) + 1

    def take(roles, cond=lambda p: True):
        c = []
        for role in roles:                                  # roles in order of preference
            c = c or [p for p in pool if p.role == role and cond(p)]
        c = c or [p for p in pool if p.role != "teacher" and cond(p)] or [p for p in pool if cond(p)] or pool
        p = r.choice(c)
        pool.remove(p)
        return p

    n = (lambda: r.randint(1, 2)) if big else (lambda: 1)
    for p in people:
        if p.school is None and p.district is not None and not p.vdi:
            nat[p.district.ip] = nat.get(p.district.ip, 0) + 1
    big_district = lambda p: p.district is not None and sum(s.n for s in p.district.schools) >= 1500
    office = lambda p: (not p.vdi and big_district(p) and nat.get((p.school or p.district).ip, 0) >= 5)
    c = {"slow_single_account_guessing": [take(("principal",))],
         "graphql_bulk_pull": [take(("district_steward",)) for _ in range(n())],
         "odata_pager": [take(("counselor", "clerk", "school_tc", "district_steward")) for _ in range(n())],
         "rpa_bot_on_staff_pc": [take(("clerk", "school_tc", "counselor", "district_tc"), office) for _ in range(n())],
         "headless_report_harvester": [take(("state_staff", "district_steward", "district_tc"))],
         "substitute_on_teacher_login": [take(("teacher",), lambda p: not p.vdi) for _ in range(n())],
         "credential_passed_to_vendor_then_owner": [take(("district_steward", "district_tc", "principal", "district_admin"))
                                                    for _ in range(n())],
         "score_report_printing": [take(("school_tc",), lambda p: p.school is not None and not p.vdi) for _ in range(n())],
         "tab_restore": [take(("teacher",), lambda p: not p.vdi and len(p.sections) >= 2) for _ in range(n())]}
    return c, pool


LABEL = {"graphql_bulk_pull": ("scraping", ["scraping", "credential_sharing"]),
         "odata_pager": ("scraping", ["scraping"]), "rpa_bot_on_staff_pc": ("scraping", ["scraping"]),
         "headless_report_harvester": ("scraping", ["scraping"]),
         "substitute_on_teacher_login": ("credential_sharing", ["credential_sharing"]),
         "credential_passed_to_vendor_then_owner": ("credential_sharing", ["credential_sharing"]),
         "shared_generic_account": ("credential_sharing", ["credential_sharing"]),
         "slow_single_account_guessing": ("brute_force", ["brute_force"]),
         "password_spray": ("brute_force", ["brute_force"]),
         "score_report_printing": ("benign", []), "tab_restore": ("benign", []), "rostering_sync": ("benign", [])}
FUNCS = {"graphql_bulk_pull": scraping.graphql_bulk_pull, "odata_pager": scraping.odata_pager,
         "rpa_bot_on_staff_pc": scraping.rpa_bot_on_staff_pc,
         "headless_report_harvester": scraping.headless_report_harvester,
         "substitute_on_teacher_login": sharing.substitute_on_teacher_login,
         "credential_passed_to_vendor_then_owner": sharing.credential_passed_to_vendor_then_owner,
         "score_report_printing": lookalikes.score_report_printing, "tab_restore": lookalikes.tab_restore}


def _entry(behaviour, params):
    label, kinds = LABEL[behaviour]
    return {"label": label, "behaviour": behaviour, "kinds": list(kinds), "params": params}


def simulate(seed=1, days=2, n_staff=240):
    w = World(seed, n_staff, days)
    r = random.Random(f"blind6/{seed}/cast")
    people = [w.person(f"s{i:03d}") for i in range(n_staff)]
    cast, pool = _cast(w, people, r, n_staff >= 100)
    sink, accounts, sources = [], {}, {}
    guess = cast.pop("slow_single_account_guessing")[0]
    ips, params = sharing.slow_single_account_guessing(w, guess, sink)
    accounts[guess.acct.email] = _entry("slow_single_account_guessing", dict(params, role="target"))
    for ip in ips:
        sources[ip] = _entry("slow_single_account_guessing", dict(params))
    for behaviour, owners in cast.items():
        for p in owners:
            accounts[p.acct.email] = _entry(behaviour, dict(FUNCS[behaviour](w, p, sink), role=p.role))
    for k in range(r.randint(1, 2) if n_staff >= 100 else 1):
        acct, params = sharing.shared_generic_account(w, sink, k, accounts)
        accounts[acct.email] = _entry("shared_generic_account", params)
    acct, params = lookalikes.rostering_sync(w, sink)
    accounts[acct.email] = _entry("rostering_sync", params)
    for k in range(r.randint(1, 2) if n_staff >= 100 else 1):
        ip, victim, params = sharing.password_spray(w, sink, k, pool)
        sources[ip] = _entry("password_spray", params)
        if victim is not None:
            accounts[victim.acct.email] = _entry("password_spray", dict(params, role="victim (the hit)"))
    for p in pool:
        for d in range(days):
            staff.workday(w, p, d, sink)
    hc = lookalikes.alb_health_checks(w, sink)
    bots = lookalikes.search_crawlers(w, sink)
    mon = lookalikes.uptime_monitor(w, sink)
    sink.sort(key=lambda e: e.t + e.d)
    return w, people, pool, sink, accounts, sources, (hc, bots, mon)


def generate(log_path, labels_path, seed: int = 1, days: int = 2, n_staff: int = 240, fmt: str = "iis") -> dict:
    if fmt not in ("iis", "alb"):
        raise ValueError("fmt must be 'iis' or 'alb'")
    w, people, pool, sink, accounts, sources, (hc, bots, mon) = simulate(seed, days, n_staff)
    names, addrs, ip_accts = {}, {}, {}
    for e in sink:
        if e.acct is not None:
            if e.user != "-":
                names.setdefault(e.acct, set()).add(e.user)
            addrs.setdefault(e.acct, set()).add(e.ip)
            ip_accts.setdefault(e.ip, set()).add(e.acct)
    for email, a in accounts.items():
        a["params"]["log_names"] = sorted(names.get(email, ()))
        a["params"]["addresses"] = sorted(addrs.get(email, ()))
    scraping_ips = {v for a in accounts.values() if a["label"] == "scraping" for k, v in a["params"].items()
                    if k == "ip" and isinstance(v, str)}
    for ip in w.vdi_ips:
        if ip in ip_accts:
            sources[ip] = {"label": "benign", "behaviour": "vdi_farm", "kinds": [],
                           "params": {"n_accounts": len(ip_accts[ip]), "user_agent": w.vdi_ua, "network": "state Citrix farm"}}
    for s in w.schools + [d for d in w.districts]:
        ip = s.ip
        if ip in ip_accts and len(ip_accts[ip]) >= 5 and ip not in sources and ip not in scraping_ips:
            sources[ip] = {"label": "benign", "behaviour": "office_nat", "kinds": [], "params": {"n_accounts": len(ip_accts[ip])}}
    extra = [("search_crawler", bots), ("uptime_monitor", mon)] + ([("alb_health_check", hc)] if fmt == "iis" else [])
    for behaviour, d in extra:
        for ip, params in d.items():
            sources[ip] = {"label": "benign", "behaviour": behaviour, "kinds": [], "params": params}
    staff_list = sorted({p.acct.email for p in pool if p.acct.email in names} - set(accounts))
    os.makedirs(os.path.dirname(os.path.abspath(log_path)), exist_ok=True)
    os.makedirs(os.path.dirname(os.path.abspath(labels_path)), exist_ok=True)
    lines = formats.iis_lines(sink, w) if fmt == "iis" else formats.alb_lines(sink, w)
    n = 0
    with open(log_path, "w", encoding="utf-8", newline="\n") as f:
        buf = []
        for line in lines:
            buf.append(line)
            if len(buf) >= 20000:
                f.write("\n".join(buf) + "\n")
                n += len(buf)
                buf = []
        if buf:
            f.write("\n".join(buf) + "\n")
            n += len(buf)
    notes = dict(NOTES, format=NOTES[fmt], dates=[str(d) for d in w.dates],
                 staff_log_names={m: sorted(names[m]) for m in staff_list if names.get(m, {m}) != {m}})
    labels = {"seed": seed, "format": fmt, "tz": TZ_NAME, "app": APP, "accounts": dict(sorted(accounts.items())),
              "sources": dict(sorted(sources.items())), "staff": staff_list, "n_lines": n, "notes": notes}
    with open(labels_path, "w", encoding="utf-8") as f:
        json.dump(labels, f, indent=1, sort_keys=False)
        f.write("\n")
    return labels


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m sample_logs.blind6", description=__doc__)
    ap.add_argument("--out", required=True, help="directory for access.log and labels.json")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fmt", choices=("iis", "alb"), default="iis")
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--staff", type=int, default=240)
    a = ap.parse_args(argv)
    labels = generate(os.path.join(a.out, "access.log"), os.path.join(a.out, "labels.json"), a.seed, a.days, a.staff, a.fmt)
    print(f"wrote {labels['n_lines']} lines to {os.path.join(a.out, 'access.log')}")


if __name__ == "__main__":
    main()
