"""Build the world, run everybody, render one format, write access.log and labels.json."""
import json
import random

from . import scraping, sharing, services
from .render import render, parse
from .staff import plain_staff, LOOKALIKES
from .world import (TZ, START, CAMPUSES, HUB_NAT, SERVER_NAT, CH, desktop_ua, make_pupils, make_staff)

FORMATS = ("akamai", "fastly")
ABUSE = [  # behaviour, function, victim role, label, kinds, setup
    ("regional_headless_farm", scraping.regional_headless_farm, "data_analyst", "scraping",
     ["scraping", "credential_sharing"], {"auth": "local"}),
    ("typeahead_prefix_sweep", scraping.typeahead_prefix_sweep, "teacher:secondary", "scraping", ["scraping"], {}),
    ("token_photo_document_harvest", scraping.token_photo_document_harvest, "counselor", "scraping", ["scraping"], {}),
    ("second_person_edge_same_nat", sharing.second_person_edge_same_nat, "office_manager", "credential_sharing",
     ["credential_sharing"], {"ua": CH.format(v=150), "auth": "classlink"}),
    ("family_tablet_evenings", sharing.family_tablet_evenings, "teacher", "credential_sharing",
     ["credential_sharing"], {"auth": "classlink"}),
    ("mfa_fatigue_takeover", sharing.mfa_fatigue_takeover, "hr_specialist", "credential_sharing",
     ["credential_sharing", "brute_force"], {"auth": "local"}),
]


class Ctx:
    pass


def _take(rng, staff, role, used):
    sec = role.endswith(":secondary")
    role = role.split(":")[0]
    from .world import CAMPUS
    cands = [p for p in staff if p["role"] == role and p["email"] not in used
             and (not sec or CAMPUS[p["campus"]][2] in ("middle", "high"))]
    p = rng.choice(cands)
    used.add(p["email"])
    return p


def generate(log_path, labels_path, seed=1, days=2, n_staff=240, fmt="akamai", threat_scale=1.0):
    if fmt not in FORMATS:
        raise ValueError("fmt must be one of %s" % (FORMATS,))
    if n_staff < 100:
        raise ValueError("n_staff must be at least 100")
    rng = random.Random("blind11:%d" % seed)
    ctx = Ctx()
    ctx.pupils = make_pupils(random.Random("blind11-pupils:%d" % seed))
    ctx.lastnames = sorted({x[2] for c in ctx.pupils.values() for x in c})
    staff = make_staff(random.Random("blind11-staff:%d" % seed), n_staff)
    for p in staff:
        p["home_ua"] = p["ua"] if rng.random() < 0.6 else desktop_ua(rng)
    used = set()
    out = []
    accounts = {}
    sources = {}
    plans = {}
    for name, fn, role, label, kinds, setup in ABUSE:
        p = _take(rng, staff, role, used)
        p.update(setup)
        plans[p["email"]] = (name, fn, label, kinds)
    looks = {}
    for name, role, k, fn in LOOKALIKES:
        for _ in range(k):
            p = _take(rng, staff, role, used)
            looks[p["email"]] = (name, fn)
    for p in staff:
        prng = random.Random("blind11:%d:%s" % (seed, p["email"]))
        base = {"role": p["role"], "campus": p["campus"], "auth": p["auth"], "login": p["email"]}
        if p["email"] in plans:
            name, fn, label, kinds = plans[p["email"]]
            params, srcs = fn(out, prng, ctx, p, days)
            params.update(base)
            accounts[p["email"]] = {"label": label, "behaviour": name, "kinds": kinds, "params": params}
            for ip, (lab, kk) in sorted(srcs.items()):
                sources[ip] = {"label": lab, "behaviour": name, "kinds": kk, "params": {"account": p["email"]}}
        elif p["email"] in looks:
            name, fn = looks[p["email"]]
            fn(out, prng, ctx, p, days)
            accounts[p["email"]] = {"label": "benign", "behaviour": name, "kinds": [], "params": base}
        else:
            plain_staff(out, prng, ctx, p, days)
            accounts[p["email"]] = {"label": "benign", "behaviour": p["role"], "kinds": [], "params": base}
    srng = random.Random("blind11-services:%d" % seed)
    services.sanctioned(out, srng, ctx, days, sources)
    services.robots(out, srng, ctx, days, sources)
    for email, (ua, ips) in sorted(services.SVC.items()):
        accounts[email] = {"label": "benign", "behaviour": "sanctioned_integration", "kinds": [],
                           "params": {"user_agent": ua, "ips": ips, "auth": "OAuth client credentials"}}
    brng = random.Random("blind11-brute:%d" % seed)
    sharing.ipv6_slow_rotation(out, brng, ctx, days, sources)
    sharing.api_token_guessing(out, brng, ctx, days, sources)

    # addresses per account, requests per abusive actor, benign shared sources
    addrs, nreq, nat_users, abusive_ips = {}, {}, {}, set()
    for e in out:
        if e.user:
            addrs.setdefault(e.user, set()).add(e.ip)
        if e.actor.startswith("abuse:"):
            nreq[e.actor] = nreq.get(e.actor, 0) + 1
            abusive_ips.add(e.ip)
        if e.user:
            nat_users.setdefault(e.ip, set()).add(e.user)
    for email, a in sorted(accounts.items()):
        if a["label"] != "benign":
            a["params"]["addresses"] = sorted(addrs.get(email, ()))
            a["params"]["log_names"] = [email]
            a["params"]["n_requests"] = nreq.get("abuse:" + a["behaviour"], 0)
    nats = sorted({c[3] for c in CAMPUSES} | {SERVER_NAT})
    for ip in nats:
        if ip in abusive_ips:
            continue
        sources[ip] = {"label": "benign", "behaviour": "district_shared_nat" if ip == HUB_NAT else
                       ("network_office_servers" if ip == SERVER_NAT else "campus_nat"), "kinds": [],
                       "params": {"n_accounts": len(nat_users.get(ip, ()))}}

    lines, malformed = render(out, fmt, rng)
    n_events, n_ooo, mx = 0, 0, None
    for line in lines:
        r = parse(line, fmt)
        if r is None:
            continue
        n_events += 1
        s = int(r["ts"])
        if mx is not None and s < mx:
            n_ooo += 1
        mx = s if mx is None else max(mx, s)
    with open(log_path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    labels = {"seed": seed, "format": fmt, "start": START.isoformat(), "days": days, "tz": TZ, "n_staff": n_staff,
              "threat_scale": threat_scale, "accounts": dict(sorted(accounts.items())),
              "sources": dict(sorted(sources.items())), "malformed_lines": malformed, "header_lines": [],
              "n_lines": len(lines), "n_events": n_events, "n_out_of_order": n_ooo,
              "notes": {"system": "Meridian Peaks Public Schools Wayfinder (Phoenix LiveView) behind %s" % fmt,
                        "user_field": "customField (X-Wayfinder-User response header)" if fmt == "akamai"
                        else "user (resp.http.X-Wayfinder-User, '(null)' when unset)",
                        "sunday_is_day_1": True}}
    with open(labels_path, "w", encoding="utf-8") as f:
        json.dump(labels, f, indent=1, sort_keys=False)
        f.write("\n")
    return labels
