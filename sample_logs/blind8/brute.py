"""Brute force against the local-login endpoint (POST /signin)."""
import math

from . import world as W
from .benign import ev, BASE

BOT_UAS = [W.WIN_CHROME.format(v=120), "python-requests/2.28.1", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
           W.MAC_SAFARI.format(v=1), "Go-http-client/1.1"]


def _guess(rng, w):
    r = rng.random()
    if r < 0.55:
        return rng.choice(w.staff)["email"]
    if r < 0.65:
        return rng.choice(["admin", "administrator", "attendance", "test", "support", "it", "helpdesk"]) + "@" + W.DOMAIN
    return "%s.%s@%s" % (rng.choice(W.FIRST), rng.choice(W.LAST), W.DOMAIN)


def password_spray(rng, w, out, days, e0):
    n_ip = rng.randint(3, 6)
    ips = [W.ip_in(rng, rng.choice(W.DATACENTER)) for _ in range(n_ip)]
    users = []
    for _ in range(rng.randint(120, 260)):
        u = _guess(rng, w)
        if u not in users:
            users.append(u)
    n_pw = rng.choice([1, 2])
    gap = rng.uniform(20, 150)
    start = e0 + rng.uniform(0, days * 24 - 12) * 3600
    res = {}
    for i, ip in enumerate(ips):
        ua = rng.choice(BOT_UAS)
        mine = users[i::n_ip]
        t = start + rng.uniform(0, 1800)
        n = 0
        for pw in range(n_pw):
            for u in mine:
                if rng.random() < 0.15:
                    t = ev(out, t, ip, "GET", "/signin", 200, 6120, ua, "", "", "-", rng=rng) + rng.uniform(0.3, 2)
                t = ev(out, t, ip, "POST", "/signin", 422, 6488, ua, "", "", BASE + "/signin",
                       rng.randint(180, 450), login=u)
                n += 1
                t += rng.lognormvariate(math.log(gap), 0.5)
        res[ip] = {"label": "brute_force", "behaviour": "password_spray", "kinds": ["brute_force"],
                   "params": {"user_agent": ua, "n_attempts": n, "n_usernames": len(mine), "passwords_per_user": n_pw,
                              "median_gap_s": round(gap, 1), "n_ips": n_ip}}
    return res


def credential_stuffing(rng, w, out, days, e0):
    res = {}
    for _ in range(rng.randint(1, 2)):
        ip = W.ip_in(rng, rng.choice(W.DATACENTER + W.FOREIGN))
        ua = rng.choice(BOT_UAS)
        n = rng.randint(300, 1500)
        dur_min = rng.uniform(10, 40)
        gap = dur_min * 60 / n
        t = e0 + rng.uniform(0, days * 24 - 1) * 3600
        fails = []
        for k in range(n):
            u = _guess(rng, w) if rng.random() < 0.4 else "%s%s%d@%s" % (
                rng.choice(W.FIRST), rng.choice(W.LAST)[:3], rng.randint(1, 99), W.DOMAIN)
            fails.append(t)
            recent = sum(1 for x in fails[-80:] if t - x < 600)
            status, b = (429, 312) if recent > 60 and rng.random() < 0.8 else (422, 6488)
            t = ev(out, t, ip, "POST", "/signin", status, b, ua, "", "", "-", rng.randint(5, 40) if status == 429
                   else rng.randint(180, 450), login=u if status == 422 else None)
            t += rng.expovariate(1.0 / gap)
        res[ip] = {"label": "brute_force", "behaviour": "credential_stuffing", "kinds": ["brute_force"],
                   "params": {"user_agent": ua, "n_attempts": n, "duration_min": round(dur_min, 1)}}
    return res
