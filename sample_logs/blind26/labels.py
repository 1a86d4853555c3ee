"""Build labels.json from the rendered rows: accounts, sources, damage and counts (see README "Labels")."""
from .render import START
from .world import CORE_NAT, SCHOOLS

NOTES = [
    "Apache combined log with %a after mod_remoteip (real client); %t is the request start, lines are written at "
    "request end, so neighbouring lines can be a few seconds out of order.",
    "%u is REMOTE_USER from mod_auth_cas (staff e-ids, the generic reg-office, contractor c-ids), from the family "
    "CAS on /parent/ (parents' e-mails), or the HTTP Basic user on /harbor/api/v2 (svc- ids) - Basic failures (401) "
    "still log the name that was tried.",
    "Static files (/static/, /favicon.ico) are outside the protected locations and always log '-'; so does the "
    "first request of a CAS round trip (302 to sso.harborschools.org, a host not in this log).",
    "CAS password failures happen on the SSO host and are invisible here: a failed stuffing attempt is a lone 302.",
    "The httpd restart in the middle of the last-but-one day (day 2 of 2) drops a few seconds of requests.",
    "n_requests counts the abuser's well-formed lines in this file (a re-flushed duplicate counts, a damaged line "
    "does not); params.lines lists them as [first, last] 1-based ranges.",
    "Campus NATs that an abusive client also used are not listed as sources (they carry dozens of benign staff).",
]


def ranges(nums):
    out = []
    for n in nums:
        if out and out[-1][1] == n - 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return out


def _one_or_many(params, key_one, key_many, values):
    params[key_many] = values
    if len(values) == 1:
        params[key_one] = values[0]


def build(world, truth, rows, events, meta, parents_seen):
    malformed, dups, seen_ev = [], [], set()
    by_user, by_tag, ip_stats = {}, {}, {}
    for ln, (text, j, kind) in enumerate(rows, 1):
        if kind == "bad":
            malformed.append(ln)
            continue
        if j in seen_ev:
            dups.append(ln)
        seen_ev.add(j)
        ev = events[j]
        ip, user, ua, tag = ev[3], ev[4], ev[11], ev[12]
        if user != "-":
            by_user.setdefault(user, {})[ip] = 1
        st = ip_stats.setdefault(ip, {"benign": 0, "tags": {}, "users": {}})
        if user != "-":
            st["users"][user] = 1
        if tag is None:
            st["benign"] += 1
            continue
        st["tags"][tag] = st["tags"].get(tag, 0) + 1
        bt = by_tag.setdefault(tag, {"lines": [], "ips": {}, "uas": {}})
        bt["lines"].append(ln)
        bt["ips"][ip] = 1
        bt["uas"][ua] = 1
    accounts = {}
    for p in world.staff + world.extra_accounts:
        accounts[p.login] = {"label": "benign", "behaviour": p.behaviour, "kinds": [],
                             "params": {"role": p.role, "campus": p.school, "auth": p.auth, "login": p.login}}
    for name, entry in truth.accounts.items():
        accounts[name] = entry
    for parent in world.parents:
        if parent[0] in parents_seen:
            accounts[parent[0]] = {"label": "benign", "behaviour": "parent", "kinds": [],
                                   "params": {"role": "parent", "campus": world.pupil_school[parent[1][0]],
                                              "auth": "family-cas", "login": parent[0], "children": parent[1]}}
    for name, extra in truth.account_params.items():
        if name in accounts:
            accounts[name]["params"].update(extra)
    for tag, info in truth.tags.items():
        name = info["account"]
        if name is None:
            continue
        got = by_tag.get(tag, {"lines": [], "ips": {}, "uas": {}})
        base = accounts.get(name, {"params": {"role": "none (not a current account)", "campus": None,
                                              "auth": "basic", "login": name}})
        params = dict(base["params"])
        params.update(info["params"])
        _one_or_many(params, "ip", "ips", list(got["ips"]))
        _one_or_many(params, "user_agent", "user_agents", list(got["uas"]))
        params["addresses"] = list(dict.fromkeys(list(by_user.get(name, {})) + list(got["ips"])))
        params["log_names"] = [name]
        params["n_requests"] = len(got["lines"])
        params["lines"] = ranges(got["lines"])
        accounts[name] = {"label": info["label"], "behaviour": info["behaviour"], "kinds": info["kinds"],
                          "params": params}
    campus_nats = {nat: code for code, _, _, _, nat in SCHOOLS}
    campus_nats[CORE_NAT] = "0311+0900+0910"
    sources, not_listed = {}, []
    for ip, st in ip_stats.items():
        if not st["tags"]:
            continue
        if ip in campus_nats:
            not_listed.append(ip)
            continue
        tags = [truth.tags[t] for t in st["tags"]]
        lead = next((t for t in tags if t["account"] is None), tags[0])
        kinds = []
        for t in tags:
            kinds += [k for k in t["kinds"] if k not in kinds]
        accts = list(dict.fromkeys(t["account"] for t in tags if t["account"]))
        lines = sorted(ln for tg in st["tags"] for ln in by_tag[tg]["lines"] if events[rows[ln - 1][1]][3] == ip)
        params = {"n_requests": len(lines), "mixed_with_benign": st["benign"] > 0, "lines": ranges(lines)}
        if accts:
            params["account"] = accts[0] if len(accts) == 1 else accts
        sources[ip] = {"label": lead["label"], "behaviour": lead["behaviour"], "kinds": kinds, "params": params}
    for ip, entry in truth.sources.items():
        if ip not in sources and ip in ip_stats:
            sources[ip] = entry
    for ip, code in campus_nats.items():
        if ip in ip_stats and ip not in sources and ip not in not_listed:
            sources[ip] = {"label": "benign", "behaviour": "district_core_nat" if ip == CORE_NAT else "school_nat",
                           "kinds": [], "params": {"campus": code, "n_accounts": len(ip_stats[ip]["users"])}}
    n_lines = len(rows)
    notes = list(NOTES) + ["Not listed (campus NATs also used by abusive clients): " + ", ".join(not_listed)]
    if meta["format"] == "combined_rotated":
        notes.append("Day files rotated by logrotate copytruncate at %s; at each rotation the copy's last line is "
                     "cut short (lost) and the next file repeats 1-3 lines; the restart re-flushes 2-5 lines, the "
                     "first re-flushed copy of the line cut at the restart is its only whole copy."
                     % ", ".join(meta["rotations"]))
    out = {"seed": meta["seed"], "format": meta["format"], "start": "%04d-%02d-%02dT00:00:00" % START,
           "days": meta["days"], "tz": "America/New_York", "n_staff": meta["n_staff"], "log_file": meta["log_file"],
           "accounts": accounts, "sources": sources, "malformed_lines": malformed, "header_lines": [],
           "duplicate_lines": dups, "n_lines": n_lines, "n_events": n_lines - len(malformed),
           "n_unique_events": n_lines - len(malformed) - len(dups), "restart": meta["restart"],
           "rotations": meta["rotations"], "notes": notes}
    return out
