"""Labels of a Harbor window (blind14): accounts (staff, the generic login, Kong consumers) and sources
(attacker addresses, shared NATs, monitors, crawlers, the scanner, integrations), computed from the events that
survive in the log."""
from . import world as W
from . import services as S
from .sharing import GENERIC_USERS

KIND_LABEL = {"scraping": "scraping", "credential_sharing": "credential_sharing", "brute_force": "brute_force"}
BEHAVIOUR_KINDS = {"local_login_spray": ["brute_force"], "partner_key_guessing": ["brute_force"]}


def _stats(events):
    acc, ips = {}, {}
    for e in events:
        d = ips.setdefault(e.ip, {"accts": {}, "abuse": {}, "n": 0, "uas": {}, "abuse_uas": {}})
        d["n"] += 1
        if e.acct:
            d["accts"][e.acct] = d["accts"].get(e.acct, 0) + (0 if e.abuse else 1)
        if e.abuse:
            d["abuse"][e.abuse] = d["abuse"].get(e.abuse, 0) + 1
            d["abuse_uas"].setdefault(e.ua, 1)
        d["uas"].setdefault(e.ua, 1)
        if e.acct is None:
            continue
        a = acc.setdefault(e.acct, {"ips": {}, "n": 0, "abuse_n": 0, "abuse_ips": {}, "abuse_uas": {}, "names": {}})
        a["n"] += 1
        a["ips"].setdefault(e.ip, 1)
        if e.abuse:
            a["abuse_n"] += 1
            a["abuse_ips"].setdefault(e.ip, 1)
            a["abuse_uas"].setdefault(e.ua, 1)
        if e.user:
            a["names"].setdefault(e.user, 1)
        if e.consumer:
            a["names"].setdefault(e.consumer, 1)
    return acc, ips


def _one_or_many(params, key, values):
    values = list(values)
    if len(values) == 1:
        params[key] = values[0]
    else:
        params[key + "s"] = values


def make_labels(events, fmt, roles, behaviour, abuse, info, results, named):
    acc, ips = _stats(events)
    accounts = {}
    people = list(roles["staff"]) + [roles["generic"]]
    for s in people:
        p = {"role": s.role if s is not roles["generic"] else "generic_mailbox", "campus": s.campus, "auth": s.auth,
             "login": s.email, "district": s.district}
        accounts[s.email] = {"label": "benign", "behaviour": behaviour.get(s.email, s.role), "kinds": [], "params": p}
    agency_of = {W.AGENCIES[k][3]: k for k in W.AGENCY_ORDER}
    for consumer, (ip, ua, hour) in S.INTEGRATIONS.items():
        ag = agency_of.get(consumer)
        p = {"role": "partner_integration", "campus": ("AG-" + ag) if ag else "vendor",
             "auth": W.AGENCIES[ag][5] if ag else "oauth2", "login": consumer, "sync_address": ip,
             "sync_user_agent": ua, "sync_hour_local": hour}
        accounts[consumer] = {"label": "benign", "behaviour": "agency_nightly_sync" if ag else "billing_vendor_claims_sync",
                              "kinds": [], "params": p}
    for name, (beh, kinds) in abuse.items():
        a = acc.get(name, {"ips": {}, "abuse_n": 0, "abuse_ips": {}, "abuse_uas": {}, "names": {}})
        rec = accounts[name]
        rec["label"], rec["behaviour"], rec["kinds"] = KIND_LABEL[kinds[0]], beh, list(kinds)
        p = rec["params"]
        _one_or_many(p, "ip", a["abuse_ips"])
        _one_or_many(p, "user_agent", a["abuse_uas"])
        p["addresses"] = list(a["ips"])
        p["log_names"] = list(a["names"]) if named else []
        p["n_requests"] = a["abuse_n"]
        p.update(_drawn(beh, name, roles, info, results))
    sources = _sources(ips, abuse, results)
    return accounts, sources


def _drawn(beh, name, roles, info, results):
    if beh == "vendor_credential_carousel":
        return {"tool_host": "DigitalOcean SFO3", "session_minutes": [10, 20], "accounts_in_rotation":
                [s.email for s in roles["carousel"]], "reads": "IEP detail, goals, PDF", "gap_s": [4, 12]}
    if beh == "totp_seed_shared_offshore":
        return {"assistant_country": "PH", "assistant_hours_local": "16:00-19:45", "assistant_lang": "en-PH",
                "owner_home_session_local": "16:20-17:10"}
    if beh == "two_schools_at_once":
        return {"owner_school": info["two"]["owner_school"], "intern_school": info["two"]["intern_school"],
                "intern_device": "Chromebook", "intern_hours_local": "08:20-14:45"}
    if beh == "billing_export_sweep":
        r = dict(results["sweep"])
        r.pop("ip"), r.pop("user_agent"), r.pop("n_requests")
        return r
    if beh == "extension_autopager":
        return {"delay_s": [2, 5], "first_evening": "contacts/", "second_evening": "ieps/",
                "owner_session_first_local": "18:40"}
    if beh == "generic_sped_office":
        return {"people": len(GENERIC_USERS), "buildings": ["CPDO", "AMS", "CPH"], "home_evening": "day 1 only"}
    if beh == "agency_key_roster_crawl":
        r = dict(results["crawl"])
        r.pop("ip"), r.pop("user_agent"), r.pop("n_requests")
        return r
    return {}


SHARED = {}
for _code, _ip in W.NAT.items():
    if _code == "CRSSC_SRV":
        SHARED[_ip] = "crssc_server_nat"
    elif _code == "CRSSC":
        SHARED[_ip] = "crssc_office_nat"
    elif _code.endswith("DO") and _ip not in SHARED:
        SHARED[_ip] = "district_office_nat"
    elif _ip not in SHARED:
        SHARED[_ip] = "school_nat"
SHARED[W.NAT["SVJ"]] = "district_shared_nat"
for _ip in W.CP_FILTER:
    SHARED[_ip] = "district_web_filter_egress"
for _k in W.AGENCY_ORDER:
    SHARED[W.AGENCIES[_k][2]] = "agency_office_nat"
SHARED["198.238.212.17"] = "state_agency_network"


def _sources(ips, abuse, results):
    src = {}
    abusive_ips = {ip for ip, d in ips.items() if d["abuse"]}
    for ip, d in ips.items():
        if not d["abuse"]:
            continue
        beh = max(d["abuse"], key=lambda b: d["abuse"][b])
        benign_others = [a for a, n in d["accts"].items() if n and a not in abuse]
        if ip in SHARED and benign_others:
            continue                                   # a shared NAT an abuser also used: not listed
        accts = [a for a in d["accts"] if a in abuse and abuse[a][0] == beh]
        kinds = BEHAVIOUR_KINDS.get(beh) or next(k for b, k in abuse.values() if b == beh)
        p = {"n_requests": d["abuse"][beh], "user_agents": [u for u in d["abuse_uas"] if u]}
        if len(accts) == 1:
            p["account"] = accts[0]
        elif accts:
            p["accounts"] = accts
        src[ip] = {"label": KIND_LABEL[kinds[0]], "behaviour": beh, "kinds": list(kinds), "params": p}
    def benign(ip, beh, **params):
        if ip in ips and ip not in abusive_ips and ip not in src:
            params.setdefault("n_requests", ips[ip]["n"])
            src[ip] = {"label": "benign", "behaviour": beh, "kinds": [], "params": params}
    for ip, beh in SHARED.items():
        if ip in ips:
            benign(ip, beh, n_accounts=len(ips[ip]["accts"]))
    for fd in W.FRONT_DOOR[:6]:
        benign(fd, "front_door_health_probe", user_agent=S.PROBE_UA)
    benign(S.PROM[0], "prometheus_scrape", user_agent=S.PROM[1])
    for ip in S.UPTIME[0]:
        benign(ip, "uptime_monitor", user_agent=S.UPTIME[1])
    for ip, d in ips.items():
        if d["uas"].get(S.GOOGLEBOT) or d["uas"].get(S.BINGBOT):
            benign(ip, "search_engine_crawler", user_agent=next(iter(d["uas"])))
        elif d["uas"].get(S.TEAMS):
            benign(ip, "teams_link_preview", user_agent=S.TEAMS)
    benign(S.SCANNER_IP, "vulnerability_scanner", probes=results["scanner"].get(S.SCANNER_IP, 0))
    for consumer, (ip, ua, hour) in S.INTEGRATIONS.items():
        benign(ip, "agency_nightly_sync" if consumer.startswith("agency") else "billing_vendor_claims_sync",
               account=consumer, user_agent=ua)
    return src
