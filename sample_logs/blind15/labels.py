"""Collects what the generator did (Registry) and builds labels.json from the events actually rendered."""
from .world import CAMPUS_NAT, DO_SERVERS, PROXY_IPS, STUDENT_NAT, TZ_NAME, START_LOCAL

BEHAVIOUR = {"consultancy": "admissions_consultancy_transcript_bursts", "extension": "gradebook_extension_poll",
             "walker": "playwright_turbo_walker", "nightly_csv": "nightly_csv_export_script",
             "student": "student_with_teacher_password", "generic": "generic_gradebook_admin_login",
             "dept_head_shared": "department_head_login_shared", "spray": "password_spray_takeover",
             "password_spray": "password_spray", "password_spray_takeover": "password_spray_takeover",
             "credential_stuffing": "credential_stuffing_wave"}


class Registry:
    def __init__(self):
        self.src, self.abusers, self.services, self.generics = {}, {}, {}, {}
        self.shared, self.notes, self.extra_staff = {}, [], []

    def source(self, ip, behaviour, label="benign", kinds=(), **params):
        self.src.setdefault(ip, {"label": label, "behaviour": behaviour, "kinds": list(kinds), "params": params})

    def attacker(self, ip, key, label, kinds, staff, **params):
        if staff is not None:
            params["account"] = str(staff.uid)
        self.src[ip] = {"label": label, "behaviour": BEHAVIOUR.get(key, key), "kinds": list(kinds), "params": params}

    def abuse(self, key, staff, label, kinds, match, actors=None, **params):
        self.abusers[key] = {"account": str(staff.uid), "label": label, "kinds": list(kinds), "match": match,
                             "actors": actors or [key], "params": params}

    def service(self, uid, name, key, ips, ua):
        self.services[uid] = {"login": name, "key": key, "ips": ips, "user_agent": ua}

    def generic(self, uid, login, campus):
        self.generics[uid] = {"login": login, "campus": campus}

    def shared_with_abuse(self, ip, note):
        self.shared[ip] = note

    def note(self, text):
        self.notes.append(text)


def user_field(ev, fmt):
    return ev.ru if fmt == "rails_log" else ev.nu


def build(fmt, seed, days, n_staff, events, shown, w, reg, n_lines, n_events, malformed, header):
    """shown: indices of events whose request line is in the log (undamaged)."""
    acct_ips, ip_users, ip_abuse, ip_benign = {}, {}, set(), set()
    counts, rids = {}, {}
    actor_key = {a: k for k, v in reg.abusers.items() for a in v["actors"]}
    for i in shown:
        ev = events[i]
        uf = user_field(ev, fmt)
        uf = None if uf is None else str(uf)
        if uf is not None:
            acct_ips.setdefault(uf, set()).add(ev.ip)
            ip_users.setdefault(ev.ip, set()).add(uf)
        if ev.actor is None:
            ip_benign.add(ev.ip)
        else:
            ip_abuse.add(ev.ip)
            k = actor_key.get(ev.actor)
            if k is not None and uf == reg.abusers[k]["account"]:
                counts[k] = counts.get(k, 0) + 1
                rids.setdefault(k, []).append(ev.rid)
    accounts = {}
    people = list(w.staff) + list(reg.extra_staff)
    for s in people:
        accounts[str(s.uid)] = {"label": "benign", "behaviour": s.behaviour, "kinds": [],
                                "params": {"role": s.role, "campus": s.campus, "auth": s.auth, "login": s.email}}
    for uid, g in reg.generics.items():
        accounts[uid] = {"label": "benign", "behaviour": "generic_account", "kinds": [],
                         "params": {"role": "generic_account", "campus": g["campus"], "auth": "local",
                                    "login": g["login"]}}
    for uid, sv in reg.services.items():
        if uid in acct_ips:
            accounts[uid] = {"label": "benign", "behaviour": "integration_" + sv["key"], "kinds": [],
                             "params": {"role": "service_account", "campus": "DO", "auth": "api_token",
                                        "login": sv["login"], "ips": sv["ips"], "user_agent": sv["user_agent"]}}
    for k, a in reg.abusers.items():
        acc = accounts[a["account"]]
        acc["label"], acc["kinds"], acc["behaviour"] = a["label"], a["kinds"], BEHAVIOUR[k]
        p = acc["params"]
        p.update(a["params"])
        match = a["match"]
        if match == "request_ids":
            match = {"request_ids": sorted(rids.get(k, []))}
        p.update(addresses=sorted(acct_ips.get(a["account"], ())), log_names=[a["account"]],
                 n_requests=counts.get(k, 0), match=match)
    sources, notes = {}, list(reg.notes)
    for ip, s in reg.src.items():
        if ip not in ip_abuse and ip not in ip_benign:
            continue
        if s["label"] != "benign" and ip in ip_benign:
            notes.append("%s (%s) is shared with benign traffic and left out of sources" % (ip, s["behaviour"]))
            continue
        if s["label"] == "benign" and ip in ip_abuse:
            continue
        sources[ip] = s
    nats = [(ip, "district_web_filter_proxy") for ip in PROXY_IPS]
    nats += [(ip, "campus_staff_nat_" + k if k != "DO" else "central_office_nat") for k, ip in CAMPUS_NAT.items()]
    nats += [(ip, "student_wifi_nat_" + k) for k, ip in STUDENT_NAT.items()] + [(DO_SERVERS, "district_office_servers")]
    for ip, name in nats:
        if ip in ip_abuse:
            notes.append("%s (%s) also carried abusive requests: %s" % (ip, name, reg.shared.get(ip, "see accounts")))
            continue
        if ip in ip_benign:
            sources[ip] = {"label": "benign", "behaviour": name, "kinds": [],
                           "params": {"n_accounts": len(ip_users.get(ip, ()))}}
    missing = [k for k in accounts if k not in acct_ips]
    for k in missing:
        del accounts[k]
        notes.append("account %s never appears in this log's user field and is not listed" % k)
    return {"seed": seed, "format": fmt, "start": START_LOCAL.replace(tzinfo=None).isoformat(), "days": days,
            "tz": TZ_NAME, "n_staff": n_staff, "accounts": accounts, "sources": dict(sorted(sources.items())),
            "malformed_lines": malformed, "header_lines": header, "n_lines": n_lines, "n_events": n_events,
            "notes": notes}
