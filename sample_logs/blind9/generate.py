"""blind9 generator: Calloway COE Student Data Hub logs, as an Azure Log Analytics CSV export or as
`journalctl -o json` output, with labels."""
import json
import random

from . import world as W
from . import abuse, benign, lookalikes, services, sharing
from . import render_azure, render_journald
from .client import Sink, T, DUR, IP, STATUS, NBYTES, ACCT, ROUTE
from .parse import scan

FORMATS = {"azure_csv": render_azure, "journald": render_journald}


def build_events(seed, days, n_staff):
    r = random.Random("%s:world" % seed)
    w = W.build(r, n_staff)
    sink = Sink()
    L = {"accounts": {}, "sources": {}, "abuse": {}}
    abuse.run(sink, w, days, seed, L)
    sharing.run(sink, w, days, seed, L)
    lookalikes.run(sink, w, days, seed, L)
    benign.staff_days(sink, w, days, seed)
    services.run(sink, w, days, seed, L)
    end = W.at(days, 0)
    ev = [e for e in sink.ev if W.T0 <= e[T] and e[T] + e[DUR] / 1000.0 < end]
    # a Tomcat redeploy at lunchtime on the last weekday: the backend refuses connections for a minute or so
    oday = max([d for d in range(days) if W.weekday(d) < 5] or [0])
    o0 = W.at(oday, 12.5 + r.uniform(0, .3))
    outage = (o0, o0 + r.uniform(40, 90))
    for k, e in enumerate(ev):
        if outage[0] <= e[T] <= outage[1]:
            e = list(e)
            e[STATUS], e[NBYTES], e[DUR] = 503, 299, 1 + k % 4
            ev[k] = tuple(e)
    ev.sort(key=lambda e: (e[T], e[IP]))
    return w, ev, L, outage


def labels_for(w, ev, L, seed, days, n_staff, fmt, outage):
    addrs, seen_names = {}, {}
    for e in ev:
        if e[ACCT] and e[ROUTE] != "probe":
            addrs.setdefault(e[ACCT], set()).add(e[IP])
    accounts = {}
    for st in w["staff"]:
        label, kinds = L["abuse"].get(st.key, ("benign", []))
        p = {"role": st.role, "district": st.lea, "school": st.school, "login": st.login}
        p.update(st.params)
        if st.login == "local":
            p["log_names"] = []
            p["note"] = "form sign-in (j_security_check): the name is never logged"
        else:
            p.setdefault("log_names", [st.key])
        if label != "benign":
            p["addresses"] = sorted(addrs.get(st.key, ()))
            if "ip" not in p and "ips" not in p:
                p["ips"] = p["addresses"]
        accounts[st.key] = {"label": label, "behaviour": st.behaviour, "kinds": list(kinds), "params": p}
    accounts.update(L["accounts"])
    sources = dict(L["sources"])
    abusive_ips = set()
    for a in accounts.values():
        if a["label"] != "benign":
            abusive_ips.update(a["params"].get("addresses", []))
    for d in w["districts"]:
        if d["nat"] and d["nat"] not in abusive_ips:
            n = len({e[ACCT] for e in ev if e[IP] == d["nat"] and e[ACCT]})
            sources[d["nat"]] = {"label": "benign", "behaviour": "district_nat", "kinds": [],
                                 "params": {"district": d["lea"], "n_accounts": n}}
    if w["coe_ip"] not in abusive_ips:
        sources[w["coe_ip"]] = {"label": "benign", "behaviour": "county_office_nat", "kinds": [], "params": {}}
    probe_ips = [render_azure.PROBE_IP] if fmt == "azure_csv" else render_journald.F5
    for ip in probe_ips:
        sources[ip] = {"label": "benign", "behaviour": "platform_health_probe", "kinds": [],
                       "params": {"period_s": 60}}
    return accounts, sources


def generate(log_path, labels_path, seed=1, days=2, n_staff=240, fmt="azure_csv"):
    if fmt not in FORMATS:
        raise ValueError("fmt must be one of %s" % sorted(FORMATS))
    w, ev, L, outage = build_events(seed, days, n_staff)
    rr = random.Random("%s:render:%s" % (seed, fmt))
    lines, headers, malformed, notes = FORMATS[fmt].render(ev, rr, seed, outage)
    sep = "\r\n" if fmt == "azure_csv" else "\n"
    with open(log_path, "w", encoding="utf-8", newline="") as f:
        f.write(sep.join(lines) + sep)
    kinds, recs, ooo = scan(lines, fmt)
    accounts, sources = labels_for(w, ev, L, seed, days, n_staff, fmt, outage)
    present = {rec["ip"] for rec in recs}       # addresses that made it into this file (window end, cut rows)
    names = {rec["user"] for rec in recs if rec["user"]}
    for a in accounts.values():
        p = a["params"]
        if isinstance(p.get("log_names"), list):
            p["log_names"] = [x for x in p["log_names"] if x in names]   # names this rendering actually shows
        for k in ("addresses", "ips", "buildings", "phone_addresses"):
            if isinstance(p.get(k), list):
                p[k] = [x for x in p[k] if x in present]
    sources = {ip: s for ip, s in sources.items() if ip in present}
    notes.update({
        "system": "Calloway County Office of Education Student Data Hub (Java EE / JSF on Tomcat)",
        "user_field": ("CsUsername: Easy Auth (Entra ID) sign-ins only" if fmt == "azure_csv" else
                       "%u: mod_auth_openidc sign-ins and HTTP Basic on /sdh/feeds/ (attempted name on 401 too)"),
        "not_named": "form (j_security_check) sign-ins, bearer-token API calls, anonymous requests",
        "n_out_of_order": "request lines whose logged request time is earlier than that of an earlier request line",
        "outage_utc": [outage[0], outage[1]],
        "n_generated_requests": len(ev),
    })
    labels = {"seed": seed, "format": fmt, "start": W.START.isoformat(), "days": days, "tz": W.TZ,
              "n_staff": n_staff, "threat_scale": 1.0, "accounts": accounts, "sources": sources,
              "malformed_lines": malformed, "header_lines": headers, "n_lines": len(lines),
              "n_events": len(recs), "n_out_of_order": ooo, "notes": notes}
    with open(labels_path, "w", encoding="utf-8") as f:
        json.dump(labels, f, indent=1, sort_keys=False)
        f.write("\n")
    return labels
