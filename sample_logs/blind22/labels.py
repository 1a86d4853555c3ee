"""Build labels.json from the world, the events and the rendered lines (after duplicates and damage).

Counts (``n_requests``, addresses, names) come from the lines that survived, each request counted once.
"""
import datetime as dt

from . import world as W


def _canon(w, name):
    low = name.lower()
    return low if low in w.all_accounts else name


def build(w, events, lines, meta, fmt, ship_notes):
    req = [events[i] for kind, i in meta if kind == "req"]
    acct_addr, acct_names, addr_accts, addr_benign, name_n = {}, {}, {}, {}, {}
    actor_n, actor_ips, actor_uas, actor_names, actor_ip_n = {}, {}, {}, {}, {}
    for e in req:
        client, ua, user, actor = e[2], e[10], e[11], e[13]
        if user != "-":
            a = _canon(w, user)
            acct_addr.setdefault(a, set()).add(client)
            acct_names.setdefault(a, set()).add(user)
            name_n[user] = name_n.get(user, 0) + 1
            addr_accts.setdefault(client, set()).add(a)
        if actor is None:
            addr_benign[client] = addr_benign.get(client, 0) + 1
        else:
            actor_n[actor] = actor_n.get(actor, 0) + 1
            actor_ip_n[(actor, client)] = actor_ip_n.get((actor, client), 0) + 1
            actor_ips.setdefault(actor, set()).add(client)
            actor_uas.setdefault(actor, set()).add(ua)
            if user != "-":
                actor_names.setdefault(actor, set()).add(user)
    by_account = {a["account"]: k for k, a in w.abuse.items() if a.get("account")}
    accounts = {}
    for login, p in sorted(w.all_accounts.items()):
        if login not in acct_addr and login not in by_account:
            continue
        params = {"role": p.role, "campus": p.campus, "auth": p.auth, "login": login}
        params.update(getattr(p, "label_params", {}))
        params["log_names"] = sorted(acct_names.get(login, set()))
        ent = {"label": "benign", "behaviour": p.behaviour or p.role, "kinds": [], "params": params}
        if login in by_account:
            k = by_account[login]
            a = w.abuse[k]
            ips, uas = sorted(actor_ips.get(k, ())), sorted(actor_uas.get(k, ()))
            params.update(a.get("params", {}))
            params["ips" if len(ips) > 1 else "ip"] = ips if len(ips) > 1 else (ips[0] if ips else None)
            params["user_agents" if len(uas) > 1 else "user_agent"] = uas if len(uas) > 1 else (uas[0] if uas else None)
            params["addresses"] = sorted(acct_addr.get(login, set()) | set(ips))
            params["log_names"] = sorted(acct_names.get(login, set()) | actor_names.get(k, set()))
            params["n_requests"] = actor_n.get(k, 0)
            ent.update(label=a["label"], behaviour=a["behaviour"], kinds=list(a["kinds"]))
        names = acct_names.get(login, set())
        key = login if (login in names or not names) else sorted(names, key=lambda n: (-name_n[n], n))[0]
        accounts[key] = ent
    sources, mixed = {}, {}
    for k, a in sorted(w.abuse.items()):
        for ip in sorted(actor_ips.get(k, ())):
            if ip in addr_benign:
                mixed.setdefault(ip, []).append(a["behaviour"])
                continue
            ent = sources.get(ip)
            if ent is None:
                ent = sources[ip] = {"label": a["label"], "behaviour": a["behaviour"], "kinds": list(a["kinds"]),
                                     "params": {"n_requests": 0}}
            if a.get("account"):
                ent["params"].setdefault("account", a["account"])
            ent["params"]["n_requests"] += actor_ip_n[(k, ip)]
    for ip, s in sorted(w.sources.items()):
        if ip in sources or ip in mixed or ip not in addr_benign:
            continue
        ent = {"label": "benign", "behaviour": s["behaviour"], "kinds": [], "params": dict(s.get("params", {}))}
        if s.get("nat"):
            ent["params"]["n_accounts"] = len(addr_accts.get(ip, ()))
        ent["params"]["n_requests"] = addr_benign[ip]
        sources[ip] = ent
    times = [events[i][0] for kind, i in meta if kind == "req"]
    ooo = sum(1 for a, b in zip(times, times[1:]) if int(b) < int(a))
    start = dt.datetime(W.START_DATE.year, W.START_DATE.month, W.START_DATE.day, tzinfo=W.TZ)
    notes = dict(w.notes)
    notes["shipper_events"] = ship_notes
    notes["mixed_addresses_not_listed"] = {ip: sorted(set(b)) for ip, b in sorted(mixed.items())}
    return {
        "seed": w.seed, "format": fmt, "start": start.isoformat(), "days": w.days, "tz": W.TZ_NAME,
        "n_staff": w.n_staff, "accounts": accounts, "sources": dict(sorted(sources.items())),
        "malformed_lines": [i + 1 for i, (k, _) in enumerate(meta) if k == "bad"], "header_lines": [],
        "duplicate_lines": [i + 1 for i, (k, _) in enumerate(meta) if k == "dup"],
        "n_lines": len(lines), "n_events": len(req), "n_out_of_order": ooo, "notes": notes,
    }
