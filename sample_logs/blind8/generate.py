"""Orchestration: world -> events -> rendered lines -> access.log + labels.json."""
import json
import os
import random

from . import world as W, benign as B, services as S, abuse as X, brute as BF, render as R

MALFORMED = ["\x00\x00\x00\x00\x00\x00\x00\x00", "~~~~~~~~ drain reconnect ~~~~ ;;;; 0x7f3a",
             "ÿþ\ufffd\ufffdGET /pupils", "}}\"]] 31 0.0 - - - [", "-----BEGIN-PARTIAL-----%%%%"]


def _pick(rng, pool, used):
    pool = [s for s in pool if s["email"] not in used]
    st = rng.choice(pool)
    used.add(st["email"])
    st["special"] = True
    return st


def generate(log_path, labels_path, seed=1, days=2, n_staff=240, fmt="heroku"):
    if fmt not in ("heroku", "ingress"):
        raise ValueError("fmt must be heroku or ingress")
    rng = random.Random(seed)
    w = W.build(rng, n_staff)
    e0 = W.epoch0()
    import datetime as dt
    weekdays = [(W.START + dt.timedelta(days=d)).weekday() < 5 for d in range(days)]
    used = set()
    role = lambda *rs: [s for s in w.staff if s["role"] in rs]
    hopper = _pick(rng, [s for s in role("social_worker") if s["mobile"]] or role("social_worker"), used)
    hopper["mobile"], hopper["hopper"] = True, True
    harv = _pick(rng, [s for s in role("social_worker", "truancy_officer") if s["mobile"]], used)
    ext = _pick(rng, role("counselor"), used)
    exp = _pick(rng, role("data_staff"), used)
    walk = _pick(rng, role("school_psychologist"), used)
    walk["sso"] = False
    replay = _pick(rng, role("principal", "counselor"), used)
    spouse = _pick(rng, role("principal", "counselor", "school_psychologist"), used)

    ev = []
    for d in range(days):
        for st in w.staff:
            B.staff_day(rng, w, ev, st, d, e0, weekdays[d])
    accounts = {}
    for st in w.staff:
        beh = "period_attendance_burst" if st["role"] == "attendance_clerk" else st["role"]
        accounts[st["email"]] = {"label": "benign", "behaviour": beh, "kinds": [],
                                 "params": {"role": st["role"], "school": st["school"], "sso": st["sso"],
                                            "mobile_app": bool(st["mobile"])}}
    accounts[hopper["email"]]["behaviour"] = "carrier_hopping_field_worker"
    sources = {}
    sources.update(S.uptime(rng, w, ev, days, e0))
    sources.update(S.crawler(rng, w, ev, days, e0))
    a, lab = S.state_export(rng, w, ev, days, e0)
    accounts[a] = lab
    accounts.update(S.front_desk(rng, w, ev, days, e0, weekdays))
    a, lab = X.generic_account(rng, w, ev, days, e0, weekdays)
    accounts[a] = lab
    accounts[harv["email"]] = X.mobile_harvester(rng, w, ev, days, e0, harv)
    accounts[exp["email"]] = X.export_loop(rng, w, ev, days, e0, exp)
    accounts[walk["email"]] = X.id_walker(rng, w, ev, days, e0, walk)
    accounts[spouse["email"]] = X.spouse_home(rng, w, ev, days, e0, spouse, weekdays)
    accounts[ext["email"]] = X.browser_extension(rng, w, ev, ext)
    accounts[replay["email"]] = X.session_replay(rng, w, ev, days, e0, replay)
    sources.update(BF.password_spray(rng, w, ev, days, e0))
    sources.update(BF.credential_stuffing(rng, w, ev, days, e0))

    end = e0 + days * 86400
    ev = [e for e in ev if e0 <= e[0] and e[0] + e[10] / 1000.0 + 31 < end]
    ev.sort(key=lambda e: (e[0], e[1], e[3]))
    # addresses per account, accounts per address
    addr, per_ip = {}, {}
    for e in ev:
        if e[7]:
            addr.setdefault(e[7], set()).add(e[1])
            per_ip.setdefault(e[1], set()).add(e[7])
    for a, lab in accounts.items():
        if lab["label"] != "benign" or lab["behaviour"] == "carrier_hopping_field_worker":
            lab["params"]["addresses"] = sorted(addr.get(a, ()))
    for a, lab in accounts.items():
        if lab["label"] == "scraping" or lab["behaviour"] == "session_cookie_replay":
            ip = lab["params"]["ip"]
            if len(per_ip.get(ip, ())) == 1 and ip not in sources:
                sources[ip] = {"label": lab["label"], "behaviour": lab["behaviour"], "kinds": lab["kinds"],
                               "params": {"account": a, "user_agent": lab["params"]["user_agent"]}}
    nat_ips = sorted(set(s["ip"] for s in w.schools) | {w.central_office_ip})
    for ip in nat_ips:
        sources.setdefault(ip, {"label": "benign", "behaviour": "district_wan_nat" if ip == w.district_nat
                                else "office_nat", "kinds": [],
                                "params": {"n_accounts": len(per_ip.get(ip, ())),
                                           "schools": [s["code"] for s in w.schools if s["ip"] == ip]}})
    sources.setdefault(w.state_export_ip, {"label": "benign", "behaviour": "sanctioned_state_export", "kinds": [],
                                           "params": {"account": "svc-statereport@" + W.DOMAIN}})

    lines = (R.heroku if fmt == "heroku" else R.ingress)(rng, w, ev, days, e0)
    keyed = []
    for i, (k, ts, text, kind) in enumerate(lines):
        if rng.random() < 0.01:
            k += rng.uniform(0.2, 2.5)  # drain / worker buffering
        keyed.append((k, i, ts, text, kind))
    keyed.sort()
    # malformed lines
    n_bad = rng.randint(3, 10)
    pos = sorted(rng.sample(range(100, len(keyed) - 100), n_bad))
    outl, header, malformed, maxts, n_ooo = [], [], [], 0.0, 0
    j = 0
    for idx, (k, i, ts, text, kind) in enumerate(keyed):
        while j < n_bad and pos[j] == idx:
            src = keyed[idx][3]
            bad = src[:rng.randint(12, min(85, len(src) - 5))] if rng.random() < 0.6 else rng.choice(MALFORMED)
            outl.append(bad)
            malformed.append(len(outl))
            j += 1
        outl.append(text)
        if kind == "hdr":
            header.append(len(outl))
        elif ts < maxts:
            n_ooo += 1
        maxts = max(maxts, ts)
    os.makedirs(os.path.dirname(os.path.abspath(log_path)), exist_ok=True)
    os.makedirs(os.path.dirname(os.path.abspath(labels_path)), exist_ok=True)
    with open(log_path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(outl) + "\n")
    labels = {
        "seed": seed, "format": fmt, "start": W.START.isoformat(), "days": days, "tz": W.TZ,
        "n_staff": n_staff, "threat_scale": 1.0,
        "accounts": dict(sorted(accounts.items())), "sources": dict(sorted(sources.items())),
        "malformed_lines": malformed, "header_lines": header, "n_lines": len(outl),
        "n_events": len(ev), "n_out_of_order": n_ooo,
        "notes": notes(fmt, w),
    }
    with open(labels_path, "w", encoding="utf-8") as f:
        json.dump(labels, f, indent=1)
        f.write("\n")
    return labels


def notes(fmt, w):
    return {
        "system": "Lanternline attendance & student-supports platform (tenant Red Prairie ISD, rpisd.org): pupil "
                  "attendance, chronic-absence case files, home-visit notes, 504/health plans, guardian contacts, "
                  "CSV/PDF exports. Go service; web = server-rendered pages with cookie sessions (SAML SSO or local "
                  "/signin), mobile field app = JSON API /api/m/v2 with bearer tokens, state feed = /api/v1/state with "
                  "an API key. Pupil ids are 8-digit state ids; case files CA-25nnnnn. FERPA data.",
        "tz": "Staff work in America/Chicago (CDT, UTC-5 in the window); all log timestamps are UTC.",
        "format": ("Heroku logplex drain: heroku[router] logfmt line per request (no user, no UA; fwd=client ip) plus "
                   "the app's own app[web.N] 'request' line for the same request_id with user_id, remote_ip, "
                   "user_agent, sess (hashed session/token id). Static assets and /healthz are not logged by the app. "
                   "H12 timeouts appear as router at=error lines, followed later by the app line. Other lines "
                   "(dyno cycling, worker jobs, scheduler, R14, L10, 'local login failed' warnings) are header_lines."
                   if fmt == "heroku" else
                   "Kubernetes ingress-nginx default access log behind the CRI prefix '<RFC3339Nano> stdout F '; "
                   "remote_addr is the real client (use-forwarded-headers), remote_user always '-', no user names. "
                   "Timeouts give 504 plus a stderr nginx [error] line. Controller klog lines and nginx error/warn "
                   "lines are header_lines."),
        "n_events": "number of HTTP requests (a Heroku request has a router line and, unless static, an app line)",
        "addresses": "params.addresses of a non-benign account = every client address its events used",
        "district_wan_nat": w.district_nat + " is the egress of 24 of 30 schools; 6 schools have their own lines",
    }
