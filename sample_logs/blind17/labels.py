"""labels.json from the generation record and the parsed final log (so counts always agree with the log)."""
from .parse import matches

NOTES = [
    "Account = the staff login carried by the pw_user cookie (URL-encoded by the app; CloudFront escapes '%' again, "
    "so it reads pw_user=jane.doe%2540district.k12.ps.us there); keys here are the decoded logins.",
    "Requests before sign-in (hosted-UI pages, static assets, config.json) and failed password attempts carry no "
    "pw_user; an abusive account's n_requests counts only its abusive client's lines that carry the name "
    "(params.match says how to pick them out); n_requests_total also counts its unnamed lines.",
    "Time zone America/Chicago (CDT, UTC-5); day 1 is Tuesday 2027-10-05. Log times are UTC.",
    "CloudFront: one header pair per delivered file (1-3 files per UTC hour), lines only roughly time-ordered; "
    "time is when the response finished. WAF: one JSON object per line, sorted by timestamp (request start); "
    "no status or bytes; blocked requests are 403s in the CloudFront log.",
    "Benign sources include shared NATs (only those no abusive client used), monitors, crawlers, link previews, "
    "the internet scanner, the pentest firm, the sanctioned integrations.",
]


def build(w, ctx, recs, headers, bad, n_lines, fmt, seed, days, n_staff, events, people, start_iso):
    by_user, by_ip = {}, {}
    for r in recs:
        if r["user"]:
            by_user.setdefault(r["user"], []).append(r)
        by_ip.setdefault(r["ip"], []).append(r)
    actor_n = {}
    for ev in events:
        actor_n[ev.actor] = actor_n.get(ev.actor, 0) + 1
    accounts, abusive_ips, exclusive = {}, set(), {}
    for s in people:
        base = {"role": s.role, "campus": s.building, "district": s.district, "auth": s.auth, "login": s.login}
        mine = by_user.get(s.login, [])
        if s.login in w.abuse:
            a = w.abuse[s.login]
            m = a["match"]
            sess = set(m["sessions"]) if m.get("sessions") is not None else None
            hit = [r for r in mine if matches(r, s.login, m, sess)]
            ips = sorted({r["ip"] for r in hit})
            uas = sorted({r["ua"] for r in hit if r["ua"]})
            params = dict(base)
            params.update({k: v for k, v in a["params"].items() if k not in ("ip", "ips", "user_agent", "user_agents")})
            params.update({"ip": ips[0]} if len(ips) == 1 else {"ips": ips})
            params.update({"user_agent": uas[0]} if len(uas) == 1 else {"user_agents": uas})
            params.update(addresses=sorted({r["ip"] for r in mine}), log_names=[s.login], n_requests=len(hit),
                          n_requests_total=actor_n.get(a["actor"], 0), match=m)
            accounts[s.login] = {"label": a["label"], "behaviour": a["behaviour"], "kinds": a["kinds"], "params": params}
            abusive_ips.update(ips)
            for ip in ips:
                others = [r for r in by_ip[ip] if r["user"] not in (None, s.login) or (r["user"] == s.login and not matches(r, s.login, m, sess))]
                if not others and ip not in w.nat_names:
                    exclusive[ip] = s.login
        else:
            name, extra = w.lookalikes.get(s.login, (s.role, {}))
            params = dict(base)
            params.update(extra)
            accounts[s.login] = {"label": "benign", "behaviour": name, "kinds": [], "params": params}
    sources = {}
    for ip, src in w.sources.items():
        if src["label"] != "benign":
            abusive_ips.add(ip)
    for ip, login in exclusive.items():
        a = accounts[login]
        sources[ip] = {"label": a["label"], "behaviour": a["behaviour"], "kinds": a["kinds"],
                       "params": {"account": login, "n_requests": len(by_ip[ip]),
                                  "user_agents": sorted({r["ua"] for r in by_ip[ip] if r["ua"]})}}
    for ip, src in w.sources.items():
        if ip not in by_ip or (src["label"] == "benign" and ip in abusive_ips):
            continue
        params = dict(src["params"])
        params["n_requests"] = len(by_ip[ip])
        sources[ip] = dict(src, params=params)
    shared = [(ip, "shared_nat", {"network": name}) for ip, name in w.nat_names.items()]
    shared += [(ip, "hotel_wifi", {}) for ip in w.hotels]
    shared.append((w.districts["2301"]["server_ip"], "district_it_server", {"network": "cedarbluffs_servers"}))
    for ip, behaviour, params in shared:
        if ip in by_ip and ip not in abusive_ips and ip not in sources:
            users = sorted({r["user"] for r in by_ip[ip] if r["user"]})
            params = dict(params, n_accounts=len(users), n_requests=len(by_ip[ip]))
            if ip in w.xff_nats:
                params["web_filter_adds_x_forwarded_for"] = True
            sources[ip] = {"label": "benign", "behaviour": behaviour, "kinds": [], "params": params}
    notes = list(NOTES) + ["Credential stuffing: %(n_attempts)d attempts from %(n_addresses)d addresses, %(hits)d hit "
                           "(not followed up); the captured authorize query (same state) is replayed by every attempt." % w.notes_stuffing,
                           "Scheduled penetration test on day %d from %s (allow-listed in the WAF from 10:15 local)."
                           % (w.pentest["day"], w.pentest["ip"])]
    return {"seed": seed, "format": fmt, "start": start_iso, "days": days, "tz": "America/Chicago", "n_staff": n_staff,
            "accounts": accounts, "sources": sources, "malformed_lines": bad, "header_lines": headers,
            "n_lines": n_lines, "n_events": len(recs), "notes": notes}
