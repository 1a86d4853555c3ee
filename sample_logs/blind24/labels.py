"""labels.json of a rendered blind24 log: line classes, every account (staff, generic, auditor,
integrations) with its label, abusive accounts' clients and request counts as present in this
file, and the sources (attacker addresses, shared NATs, integrations, monitors, crawlers)."""
from collections import Counter, defaultdict
from datetime import datetime
from zoneinfo import ZoneInfo

from . import services, world as W

NOTES = [
    "Times: the window starts Tuesday 2027-10-12 00:00 America/Los_Angeles (PDT, UTC-7); day 2 is a Wednesday.",
    "User names are as the app logs them: Entra ID users by their UPN as the directory spells it (some districts "
    "capitalise first/last names), local users in lower case, API-key integrations as 'api:<integration>'.",
    "Abusive clients that used a shared campus NAT or the agency WAN NAT are not listed under sources (those "
    "addresses are shared with many benign staff); they appear in the account's addresses.",
    "n_requests counts the abuser's requests on well-formed lines of this file (after sampling for appinsights_csv); "
    "n_requests_generated counts what the clients sent.",
    "A deployment restarts both App Service instances at 22:10 local on day 1 (new MachineName/AppRoleInstance, "
    "AppVersion 4.12.2 -> 4.12.3, Kestrel connection ids restart, static asset ?v= hashes change).",
]


def make_labels(ctx, fmt, lines, dmg, accounts, abuses, integ, extra):
    w = ctx.w
    malformed, header, other, present = [], [], [], []
    for i, (_, kind, q) in enumerate(lines, 1):
        if kind == "malformed":
            malformed.append(i)
        elif kind == "header":
            header.append(i)
        elif kind == "other":
            other.append(i)
        else:
            present.append(q)
    tag_n = Counter(q.tag for q in present if q.tag)
    tag_gen = Counter(q.tag for q in ctx.reqs if q.tag)
    tag_ip = Counter((q.tag, q.ip) for q in present if q.tag)
    gen_ip = Counter((q.tag, q.ip) for q in ctx.reqs if q.tag)
    for ab in abuses:       # only the clients that sent something inside the window
        ab.ips = [ip for ip in ab.ips if gen_ip[(ab.tag, ip)]]
        ab.uas = [ua for ua in ab.uas if any(q.ua == ua for q in ctx.reqs if q.tag == ab.tag)]
    users_by_ip, ips_by_user = defaultdict(set), defaultdict(set)
    for q in present:
        if q.user:
            users_by_ip[q.ip].add(q.user)
            ips_by_user[q.user].add(q.ip)
    abusive_ips = {q.ip for q in ctx.reqs if q.tag}
    shared = {d.nat for d in w.districts} | {W.ESA_WAN_NAT}
    out = {"seed": ctx.seed, "format": fmt, "start": "2027-10-12T00:00:00", "days": ctx.days, "tz": W.TZ,
           "n_staff": len(w.staff), "accounts": {}, "sources": {}, "malformed_lines": malformed,
           "header_lines": header, "other_lines": other, "n_lines": len(lines), "n_events": len(present),
           "notes": list(NOTES), "damage": dmg,
           "deployment_local": datetime.fromtimestamp(ctx.deploy_t, ZoneInfo(W.TZ)).strftime("%Y-%m-%dT%H:%M:%S")}
    if "n_kept" in extra:
        out["sampling"] = {"n_generated": len(ctx.reqs), "n_kept": extra["n_kept"], "max_items_per_second": 5,
                           "items_per_request_assumed": 5, "decision": "per instance, N from the previous 5 minutes"}
    acc = out["accounts"]
    for s in accounts:
        p = {"role": s.role, "campus": s.campus if s.district or s.role != "state_auditor" else "California Dept. of Education",
             "auth": s.auth, "login": s.login, "district": s.acct if s.role != "state_auditor" else "CDE"}
        p.update(s.params)
        acc[s.login] = {"label": "benign", "behaviour": s.behaviour or s.role, "kinds": [], "params": p}
    for name, ip in sorted(integ.items()):
        p = {"role": "integration", "campus": ip.get("campus", "SFESA"), "auth": "api_key", "login": name}
        p.update({k: v for k, v in ip.items() if k not in ("role", "campus", "behaviour")})
        acc[name] = {"label": "benign", "behaviour": ip["behaviour"], "kinds": [], "params": p}
    for ab in abuses:
        if ab.account:
            e = acc[ab.account]
            mine = [q for q in present if q.tag == ab.tag or q.user == ab.account]
            p = e["params"]
            p.update(ab.params)
            _clients(p, ab)
            p["addresses"] = sorted({q.ip for q in mine})
            p["log_names"] = sorted({q.user for q in mine if q.user})
            p["n_requests"], p["n_requests_generated"], p["tag"] = tag_n[ab.tag], tag_gen[ab.tag], ab.tag
            e.update(label=ab.kinds[0], behaviour=ab.behaviour, kinds=list(ab.kinds))
        for ip in ab.ips:
            if ip in shared or (fmt == "serilog_clef" and not tag_ip[(ab.tag, ip)]):
                continue
            sp = {"n_requests": tag_ip[(ab.tag, ip)], "tag": ab.tag, "city": w.net.geo.get(ip, ("",))[0],
                  "user_agents": sorted({q.ua for q in ctx.reqs if q.tag == ab.tag and q.ip == ip and q.ua})}
            if ab.account:
                sp["account"] = ab.account
            for k in ("target", "n_attempts"):
                if k in ab.params and not ab.account:
                    sp[k] = ab.params[k]
            out["sources"][ip] = {"label": ab.kinds[0], "behaviour": ab.behaviour, "kinds": list(ab.kinds), "params": sp}
    src = out["sources"]

    def benign(ip, behaviour, **p):
        if ip in abusive_ips or ip in src:
            return
        src[ip] = {"label": "benign", "behaviour": behaviour, "kinds": [], "params": p}
    benign(W.ESA_WAN_NAT, "agency_wan_nat_shared", n_accounts=len(users_by_ip[W.ESA_WAN_NAT]),
           districts=[d.code for d in w.districts if d.wan] + ["SFESA"])
    benign(W.ESA_SERVERS, "agency_servers", n_accounts=len(users_by_ip[W.ESA_SERVERS]))
    for d in w.districts:
        if not d.wan:
            benign(d.nat, "district_nat", n_accounts=len(users_by_ip[d.nat]), district=d.code)
    for name, ip in sorted(integ.items()):
        for a in ip.get("ips") or [ip.get("ip")]:
            benign(a, "integration_" + ip["behaviour"], account=name, user_agent=ip.get("user_agent"))
    benign(services.PROBE_IP, "app_service_health_check_and_always_on",
           user_agents=["ReadyForRequest/1.0 (HealthCheck)", "AlwaysOn"])
    for name, ips, ua in services.MONITOR_IPS:
        for a in ips:
            benign(a, name, user_agents=ua if isinstance(ua, list) else [ua])
    for s in accounts:
        if s.role == "state_auditor":
            benign(s.home_ip, "state_auditor_network", account=s.login)
    return out


def _clients(p, ab):
    if len(ab.ips) == 1:
        p["ip"] = ab.ips[0]
    else:
        p["ips"] = list(ab.ips)
    if len(ab.uas) == 1:
        p["user_agent"] = ab.uas[0]
    else:
        p["user_agents"] = list(ab.uas)
    if ab.ai_users:
        p["ai_user_ids"] = list(ab.ai_users)
