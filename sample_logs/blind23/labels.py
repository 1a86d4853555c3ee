"""blind23 labels: accounts and sources (label, behaviour, kinds, params) computed from the events left in the log."""
from collections import Counter, defaultdict

from . import world as W
from .people import params_of

NOTES = [
    "Keystone Records (made up): the statewide student-records system of a state education department, Java app "
    "behind an F5 BIG-IP LTM + Advanced WAF (ASM); only the ASM remote log is available.",
    "ASM logs all requests (legal and illegal). The user name is ASM session tracking's: the login pages are POST "
    "/ksr/login (form) and POST /ksr/login/sso (the app's auto-post after the SAML ACS); the name is logged as typed, "
    "from the successful login request on, for the ASM session (TS cookie) until /ksr/logout; N/A before.",
    "The SAML ACS POST is cross-site, so it arrives without cookies (session_id 0) and ASM starts a new session: "
    "a SAML sign-in changes the ASM session id.",
    "After the app session times out (30 min idle, 8 h absolute) ASM still shows the old name on the bounce to "
    "/ksr/login?expired=1.",
    "Passwords are masked by ASM (********); request bodies appear in the raw request up to 2048 bytes, so failed "
    "sign-ins show the tried user name only in the request field.",
    "LTM health monitors go from self IPs to the pool members and never traverse the virtual server: not logged. "
    "Synthetic monitors (Site24x7, the state NOC's Nagios) go through the VIP and are logged.",
    "Lines are in the unit's send order (request end); date_time/rt is the request start and the syslog header "
    "the send time, so some lines are a few seconds out of order.",
    "Riverbend's web filter adds X-Forwarded-For (internal 10.72.x.x addresses); nobody else does.",
    "Account keys are the user field spelling (most frequent spelling when several); log_names lists all.",
    "Accounts beyond n_staff: records.office@clearwater (generic), the departed registrar, her successor (only "
    "from day 2), and three sanctioned svc. accounts.",
    "District NATs that an abusive client also used (Clearwater, Stonebridge) are not listed as sources.",
]


def compute(ctx, special, svc, kept, meta):
    spell = defaultdict(Counter)
    ips_of = defaultdict(set)
    acct_ips = defaultdict(set)
    tag_events = defaultdict(list)
    for e in kept:
        if e.user != "N/A":
            lo = e.user.lower()
            spell[lo][e.user] += 1
            ips_of[lo].add(e.ip)
            acct_ips[e.ip].add(lo)
        if e.tag:
            tag_events[e.tag].append(e)

    def key_of(login):
        c = spell.get(login.lower())
        if not c:
            return None
        return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]

    accounts, missing = {}, []
    abusive = {a["person"].login: a for a in ctx.abuse if a["kind"] == "account"}
    for p in list(ctx.people) + list(ctx.extra):
        k = key_of(p.login)
        if k is None:
            missing.append(p.login)
            continue
        prm = params_of(p)
        a = abusive.get(p.login)
        if a is None:
            accounts[k] = {"label": "benign", "behaviour": special.get(p.login, p.role), "kinds": [], "params": prm}
            continue
        evs = [e for t in sorted(a["tags"]) for e in tag_events[t]]
        prm.update(a["params"])
        _client(prm, evs)
        prm["addresses"] = sorted(ips_of[p.login.lower()])
        prm["log_names"] = sorted(spell[p.login.lower()])
        prm["n_requests"] = len(evs)
        accounts[k] = {"label": a["label"], "behaviour": a["behaviour"], "kinds": list(a["kinds"]), "params": prm}
    for login, beh, campus in svc:
        k = key_of(login)
        if k:
            accounts[k] = {"label": "benign", "behaviour": beh, "kinds": [], "params": {
                "role": "service_account", "campus": campus, "auth": "form", "login": login}}
    sources = {}
    nats = {d[4] for d in W.DISTRICTS} | {W.STATE_NAT}
    bad_ips = set()
    for a in ctx.abuse:
        for t in sorted(a["tags"]):
            for e in tag_events[t]:
                bad_ips.add(e.ip)
    for a in sorted(ctx.abuse, key=lambda a: a["kind"] != "source"):
        per_ip = defaultdict(list)
        for t in sorted(a["tags"]):
            for e in tag_events[t]:
                per_ip[e.ip].append(e)
        for ip, evs in sorted(per_ip.items()):
            if ip in nats:
                continue
            prm = {"n_requests": len(evs)}
            _client(prm, evs)
            prm.pop("ip", None)
            users = sorted({e.user.lower() for e in evs if e.user != "N/A"})
            if a["kind"] == "account" or users:
                prm["account"] = key_of(a["person"].login if a["kind"] == "account" else users[0])
            s = sources.get(ip)
            if s:                                      # already listed by the source-level entry
                if prm.get("account"):
                    s["params"].setdefault("account", prm["account"])
                continue
            sources[ip] = {"label": a["label"], "behaviour": a["behaviour"], "kinds": list(a["kinds"]), "params": prm}
    count_ip = Counter(e.ip for e in kept)
    for code, name, _n, _w, nat, _a, _s in W.DISTRICTS:
        if nat in bad_ips or not count_ip[nat]:
            continue
        beh = "large_district_nat" if code == "WSF" else "district_nat"
        prm = {"district": name, "n_accounts": len(acct_ips[nat]), "n_requests": count_ip[nat]}
        if code == "RVB":
            prm["x_forwarded_for"] = "web filter adds the internal address"
        sources[nat] = {"label": "benign", "behaviour": beh, "kinds": [], "params": prm}
    if count_ip[W.STATE_NAT]:
        sources[W.STATE_NAT] = {"label": "benign", "behaviour": "state_office_nat", "kinds": [], "params": {
            "n_accounts": len(acct_ips[W.STATE_NAT]), "n_requests": count_ip[W.STATE_NAT]}}
    for ip, (beh, prm) in sorted(ctx.benign_sources.items()):
        if ip in bad_ips or not count_ip[ip]:
            continue
        sources[ip] = {"label": "benign", "behaviour": beh, "kinds": [],
                       "params": dict(prm, n_requests=count_ip[ip])}
    notes = list(NOTES)
    if missing:
        notes.append("Accounts that never appear in this window (not listed): " + ", ".join(sorted(missing)))
    out = dict(meta)
    out.update({"accounts": accounts, "sources": sources, "notes": notes})
    return out


def _client(prm, evs):
    ips = sorted({e.ip for e in evs})
    uas = sorted({e.prof.ua for e in evs})
    if len(ips) == 1:
        prm["ip"] = ips[0]
    else:
        prm["ips"] = ips
    if len(uas) == 1:
        prm["user_agent"] = uas[0]
    else:
        prm["user_agents"] = uas
