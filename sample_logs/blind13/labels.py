"""labels.json from the rendered lines: accounts (every staff member, service and shared account), abusive
parameters and the n_requests rule's windows, sources (attackers and benign shared addresses), line bookkeeping."""
import datetime as dt

from .world import TZ

GAP_S = 120.0            # abuser requests further apart than this start a new window


def acct_name(fmt, s):
    return s.email if fmt == "apigw" else str(s.uid)


def windows(lines_of_abuser):
    """Group by request start (gap > GAP_S splits); each window is [min, max] of the format's timestamps."""
    out, cur, last = [], None, None
    for ln in sorted(lines_of_abuser, key=lambda l: l.evs[0].t):
        t = ln.evs[0].t
        if cur is None or t - last > GAP_S:
            cur = [ln.tms, ln.tms]
            out.append(cur)
        cur[0], cur[1] = min(cur[0], ln.tms), max(cur[1], ln.tms)
        last = t
    return out


def _one_or_many(params, one, many, values):
    if len(values) == 1:
        params[one] = values[0]
    else:
        params[many] = values


def build(w, fmt, lines, entries, extra_accounts, la, bsrc, seed):
    req = [ln for ln in lines if ln.kind == "req"]
    addrs, names_at = {}, {}
    for ln in req:
        e = ln.evs[0]
        if e.who is not None:
            addrs.setdefault(id(e.who), set()).add(e.ip)
            names_at.setdefault(e.ip, set()).add(acct_name(fmt, e.who))
    accounts = {}
    for s in list(w.staff) + list(extra_accounts):
        beh = la.get(s.sid, {}).get("name") or getattr(s, "behaviour", None) or s.role
        accounts[acct_name(fmt, s)] = {"label": "benign", "behaviour": beh, "kinds": [],
                                       "params": {"role": s.role, "campus": s.campus, "auth": s.auth, "login": s.email}}
    abusive_ips, sources = set(), {}
    untagged_ips = {ln.evs[0].ip for ln in req if ln.evs[0].tag is None}
    for ent in entries:
        s, key = ent["account"], ent["key"]
        name = acct_name(fmt, s)
        mine = [ln for ln in req if ln.evs[0].tag == key and ln.evs[0].who is s]
        ips, uas = sorted({ln.evs[0].ip for ln in mine}), sorted({ln.evs[0].ua for ln in mine})
        p = {"role": s.role, "campus": s.campus, "auth": s.auth, "login": s.email}
        _one_or_many(p, "ip", "ips", ips)
        _one_or_many(p, "user_agent", "user_agents", uas)
        p.update({"addresses": sorted(addrs.get(id(s), ())), "log_names": [name], "n_requests": len(mine),
                  "windows_ms": windows(mine)})
        p.update({k: v for k, v in ent["params"].items() if k != "behaviour_of_account"})
        beh = ent["params"].get("behaviour_of_account", key)
        accounts[name] = {"label": ent["label"], "behaviour": beh, "kinds": list(ent["kinds"]), "params": p}
        tagged = [ln for ln in req if ln.evs[0].tag == key]
        for ip in sorted({ln.evs[0].ip for ln in tagged}):
            abusive_ips.add(ip)
            if ip in untagged_ips:
                continue                      # an address the owner or other staff also use: not listed
            src = sources.setdefault(ip, {"label": ent["label"], "behaviour": key, "kinds": list(ent["kinds"]),
                                          "params": {"n_requests": 0}})
            here = [ln for ln in tagged if ln.evs[0].ip == ip]
            src["params"]["n_requests"] = len(here)
            if any(ln.evs[0].who is s for ln in here):
                if key == "phished_accounts_one_host":
                    src["params"].setdefault("accounts", []).append(name)
                else:
                    src["params"]["account"] = name
            if key == "residential_stuffing":
                src["params"]["n_attempts"] = sum(1 for ln in here if ln.evs[0].m == "POST" and ln.evs[0].path == "/login")
                src["params"]["user_agents"] = sorted({ln.evs[0].ua for ln in here})
    for ip in sorted(names_at):
        if ip in abusive_ips or ip in sources:
            continue
        n = len(names_at[ip])
        if ip in bsrc:
            beh, extra = bsrc[ip]
            sources[ip] = {"label": "benign", "behaviour": beh, "kinds": [], "params": dict(extra, n_accounts=n)}
        elif n >= 2 and (ip.startswith("98.97.") or ip.startswith("129.222.")):
            sources[ip] = {"label": "benign", "behaviour": "starlink_cgnat", "kinds": [], "params": {"n_accounts": n}}
    seen = {ln.evs[0].ip for ln in req}
    for ip, (beh, extra) in sorted(bsrc.items()):
        if ip not in sources and ip not in abusive_ips and ip in seen:
            sources[ip] = {"label": "benign", "behaviour": beh, "kinds": [], "params": dict(extra)}
    return {
        "seed": seed, "format": fmt, "start": w.day0.isoformat(), "days": w.days, "tz": TZ, "n_staff": w.n_staff,
        "accounts": accounts, "sources": dict(sorted(sources.items())),
        "malformed_lines": [i + 1 for i, ln in enumerate(lines) if ln.kind == "bad"],
        "header_lines": [i + 1 for i, ln in enumerate(lines) if ln.kind == "other"],
        "n_lines": len(lines), "n_events": len(req),
        "n_out_of_order": sum(1 for a, b in zip(req, req[1:]) if b.tms < a.tms),
        "end": dt.datetime.fromtimestamp(w.end, w.tz).isoformat(),
        "notes": NOTES[fmt] + NOTES["both"],
    }


NOTES = {
    "apigw": ["Account names are the JWT e-mail claim (jwtEmail); '-' on sign-in pages, token calls, photos, "
              "preflights and requests the JWT authorizer rejected (401).",
              "Lines are in delivery order (request end + stream jitter); requestTime/requestTimeEpoch are the request "
              "start, so some lines are out of order (n_out_of_order).",
              "path has no query string (API Gateway cannot log it): GraphQL operation names and record IDs are not "
              "in this format; OPTIONS preflights (routeKey '-', status 204) are answered by API Gateway.",
              "API Gateway does not escape values: a user agent containing a double quote breaks the JSON line."],
    "app": ["Account names are the numeric user id (uid); params.login is the e-mail. uid is null on sign-in, "
            "token, photo and health requests.",
            "header_lines lists every well-formed line that is not a request (startup, pool stats, warnings, "
            "errors with one-line stacks); n_events counts 'request completed' lines only.",
            "time is when the response finished (epoch ms); windows_ms use the same clock.",
            "Requests answered by API Gateway itself (CORS preflights, JWT 401s) are not in this log; a request "
            "API Gateway timed out (504) appears here as 200 with responseTime > 30 s."],
    "both": ["An abusive account's n_requests counts request lines carrying that account whose address is in "
             "ip/ips, whose user agent is in user_agent/user_agents and whose timestamp lies in one of windows_ms "
             "(inclusive). Unauthenticated requests of the abuser (token refresh, sign-in pages, 401s) are not counted.",
             "Addresses shared by abusers and ordinary users (school NATs, an owner's home) are not listed in sources."],
}
