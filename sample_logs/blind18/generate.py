"""Generate one rendering (HAProxy log or audit CSV) of a seeded two-plus-day Compass SIS trace and its labels."""
import json
import random

from .client import Env
from .lookalikes import LOOKALIKES
from .render import haproxy_lines, audit_lines, damage
from .scraping import homework_helper, id_walk, broker
from .services import service_accounts, pingdom, crawlers, vuln_scanner, PINGDOM_IPS, CRAWLERS
from .sharing import stolen_session, sub_desk, principal_secretary, slow_guessing
from .staff import ordinary, home_session
from .world import HUB_NAT, World, START, TZ, DOMAIN, DC, GUEST_WIFI, SCHOOLS, school_nat, DISTRICT, phone_ua

FORMATS = {"haproxy_custom": "haproxy.log", "audit_csv": "audit_export.csv"}
AUTH = {"okta": ("okta_sso", "/auth/okta/callback"), "local": ("local_password", "/login"),
        "token": ("api_token", "bearer token"), "none": ("none", "/login")}


class Registry:
    def __init__(self):
        self.accounts, self.sources = {}, {}

    def account(self, s, label, behaviour, kinds, ips, uas, params):
        self.accounts[s["login"]] = dict(s=s, label=label, behaviour=behaviour, kinds=kinds, ips=list(ips),
                                         uas=list(uas), params=params)
        s["behaviour"] = behaviour

    def source(self, ip, label, behaviour, kinds, params):
        self.sources[ip] = {"label": label, "behaviour": behaviour, "kinds": kinds, "params": params}


def base_params(s):
    auth, login = AUTH[s["auth"]]
    return {"role": s["role"], "campus": "district" if s["school"] == DISTRICT else str(s["school"]),
            "auth": auth, "login": login}


def generate(log_path, labels_path, seed=1, days=2, n_staff=240, fmt="haproxy_custom"):
    if fmt not in FORMATS:
        raise ValueError("unknown fmt %r (one of %s)" % (fmt, ", ".join(FORMATS)))
    if n_staff < 100:
        raise ValueError("n_staff must be >= 100")
    R = lambda name: random.Random("blind18:%d:%s" % (seed, name))
    world = World(random.Random("blind18:%d" % seed), n_staff)
    env = Env(R("env"), world, days, seed)
    reg = Registry()
    pick = R("pick")
    look = {}
    for name, roles, n, fn in LOOKALIKES:
        for s in world.pick(roles, pick, n):
            s["behaviour"] = name
            look[s["login"]] = fn
    secs = [s for s in world.staff if s["role"] == "teacher" and len(s["sections"]) >= 4 and s["behaviour"] == "teacher"]
    tutor = pick.choice(secs)
    tutor["behaviour"], tutor["auth"] = "homework_helper", "local"
    stolen = world.pick(["counselor"], pick)[0]
    stolen["behaviour"] = "stolen_session_iep_bursts"
    nats = [c for c, _, _, m in SCHOOLS if m == "nat"]
    hubs = [c for c, _, _, m in SCHOOLS if m == "hub"]
    principal = world.pick(["principal"], pick)[0]
    if principal["school"] not in nats:
        principal["school"] = pick.choice(nats)
    principal["behaviour"], principal["auth"] = "principal_login_used_by_secretary", "local"
    secretary = world.pick(["office_secretary"], pick)[0]
    secretary["school"], secretary["behaviour"] = principal["school"], "office_secretary"
    secretary["behaviour_note"] = "the secretary in principal_login_used_by_secretary"
    victims = world.pick(["teacher", "office_secretary", "counselor", "nurse"], pick, 7)
    for v in victims:
        v["auth"], v["behaviour"] = "local", "broker_stuffed_accounts"
    lapsed = {"login": "ltsub.%s@%s" % (pick.choice(["kvang", "mfarah", "jlindqvist"]), DOMAIN), "role": "teacher",
              "school": pick.choice(hubs), "auth": "local", "behaviour": "lapsed_account_id_walk"}
    # ---- traffic ---------------------------------------------------------------------------------------------
    for s in world.staff:
        if s["login"] in look:
            look[s["login"]](env, s, world, R("look:" + s["login"]), days)
        elif s is not stolen:
            ordinary(env, s, world, R("staff:" + s["login"]), days)
    svc = service_accounts(env, R("svc"), days)
    pingdom(env, R("pingdom"), days)
    crawlers(env, R("crawlers"), days)
    vuln_scanner(env, R("scanner"), days)
    homework_helper(env, R("hwh"), world, days, reg, tutor)
    id_walk(env, R("idwalk"), world, days, reg, lapsed)
    broker(env, R("broker"), world, days, reg, victims)
    stolen_session(env, R("stolen"), world, days, reg, stolen)
    sub = sub_desk(env, R("subdesk"), world, days, reg)
    principal_secretary(env, R("secretary"), world, days, reg, principal, secretary)
    slow_guessing(env, R("guess"), world, days, reg)
    seen = set(ev.user for ev in env.events)
    for s in world.staff:                     # everybody on the roster shows up at least once
        if s["login"] not in seen:
            home_session(env, s, 0, world=world, rng=R("late:" + s["login"]), h0=19.5, h1=21.5)
    # ---- render ----------------------------------------------------------------------------------------------
    lines = haproxy_lines(env.events, R("render"), days) if fmt == "haproxy_custom" else audit_lines(env.events)
    lines, bad = damage(lines, R("damage:" + fmt), fmt)
    with open(log_path, "w", encoding="utf-8", newline="") as f:
        for text, _ in lines:
            f.write(text + "\n")
    kept = [ev for _, ev in lines if ev is not None and ev != "bad"]
    header = [i + 1 for i, (_, ev) in enumerate(lines) if ev is None]
    labels = build_labels(seed, fmt, days, n_staff, world, reg, svc, sub, lapsed, kept, len(lines), bad, header)
    with open(labels_path, "w", encoding="utf-8") as f:
        json.dump(labels, f, indent=1, sort_keys=False)
        f.write("\n")
    return labels


def build_labels(seed, fmt, days, n_staff, world, reg, svc, sub, lapsed, kept, n_lines, bad, header):
    addrs, users_at, n_abuse_user, n_abuse_ip = {}, {}, {}, {}
    for ev in kept:
        if ev.user:
            addrs.setdefault(ev.user, set()).add(ev.ip)
            users_at.setdefault(ev.ip, set()).add(ev.user)
        if ev.tag:
            n_abuse_ip[ev.ip] = n_abuse_ip.get(ev.ip, 0) + 1
            if ev.user:
                n_abuse_user[ev.user] = n_abuse_user.get(ev.user, 0) + 1
    accounts = {}
    for s in world.staff:
        accounts[s["login"]] = {"label": "benign", "behaviour": s["behaviour"], "kinds": [], "params": base_params(s)}
        accounts[s["login"]]["params"].update(s.get("params", {}))
        if s.get("behaviour_note"):
            accounts[s["login"]]["params"]["note"] = s["behaviour_note"]
    for acct, (beh, ip, ua) in sorted(svc.items()):
        p = {"role": "service_account", "campus": "district", "auth": "api_token" if "synthmon" not in acct else
             "local_password", "login": "bearer token" if "synthmon" not in acct else "/login", "ip": ip, "user_agent": ua}
        accounts[acct] = {"label": "benign", "behaviour": beh, "kinds": [], "params": p}
    abusive_ips = set()
    for acct, a in sorted(reg.accounts.items()):
        p = base_params(a["s"])
        p.update({"ip" if len(a["ips"]) == 1 else "ips": a["ips"][0] if len(a["ips"]) == 1 else a["ips"],
                  "user_agent" if len(a["uas"]) == 1 else "user_agents": a["uas"][0] if len(a["uas"]) == 1 else a["uas"],
                  "addresses": sorted(addrs.get(acct, ())), "log_names": [acct],
                  "n_requests": n_abuse_user.get(acct, 0)})
        p.update(a["params"])
        accounts[acct] = {"label": a["label"], "behaviour": a["behaviour"], "kinds": a["kinds"], "params": p}
        abusive_ips.update(a["ips"])
    sources = {}
    for ip, v in sorted(reg.sources.items()):
        v["params"]["n_requests"] = n_abuse_ip.get(ip, 0)
        sources[ip] = v
        abusive_ips.add(ip)

    present = set(ev.ip for ev in kept)

    def benign(ip, beh, **params):
        if ip in present and ip not in abusive_ips and (ip in users_at or params.pop("anon", False)):
            params.setdefault("n_accounts", len(users_at.get(ip, ())))
            sources[ip] = {"label": "benign", "behaviour": beh, "kinds": [], "params": params}
    for code, name, _, mode in SCHOOLS:
        if mode == "nat":
            benign(school_nat(code), "school_nat", school=code, name=name)
    benign(HUB_NAT, "north_hub_nat", schools=[c for c, _, _, m in SCHOOLS if m == "hub"])
    benign(GUEST_WIFI, "district_guest_wifi_egress")
    benign(DC["integration"], "sanctioned_integrations_host", accounts=sorted(a for a in svc if "synthmon" not in a))
    benign(DC["synthmon"], "synthetic_signin_monitor")
    benign(DC["scanner"], "it_vulnerability_scanner", anon=True)
    for ip in PINGDOM_IPS:
        benign(ip, "uptime_monitor_pingdom", anon=True)
    for name, _, ips in CRAWLERS:
        for ip in ips:
            benign(ip, "crawler_" + name, anon=True)
    n_events = len(kept)
    return {"seed": seed, "format": fmt, "start": START.isoformat(), "days": days, "tz": TZ, "n_staff": n_staff,
            "accounts": accounts, "sources": sources, "malformed_lines": bad, "header_lines": header,
            "n_lines": n_lines, "n_events": n_events,
            "notes": ["User field: HAProxy response-header capture X-Auth-User (%hs); the app sets it on every "
                      "authenticated response and on POST /login responses to the submitted name (failed too).",
                      "HTTP/2 requests show an absolute URI in the request field (HAProxy HTX), HTTP/1.1 a path.",
                      "Audit CSV: only requests that reached the app (no assets, crawlers, HAProxy denials, /up); "
                      "the header row repeats every 50,000 rows (header_lines); status is the app's (a 504 at "
                      "HAProxy can be 200 in the audit).",
                      "The principal's school NAT (used by the secretary under the principal's login) is not listed "
                      "as a benign source.",
                      "Abusive n_requests: lines with the account in the user field from the listed ip(s) with "
                      "the listed user agent(s); for sources: every line from the address."]}
