"""Password attacks (label ``brute_force``).

B1 ``botnet_credential_stuffing``  a residential-proxy botnet replays a leaked combo list against ``/login``: hundreds
   of addresses, one or two tries each, real browser user agents; one reused password works (checker + a later
   hands-on session on the teacher's account)
B2 ``targeted_superintendent_guessing`` a slow, lockout-aware guesser behind two VPN exits, 4 tries then a 31-45 min
   pause; on day 2 the password is right and it fails at the MFA step
"""
from urllib.parse import quote

from . import world as W
from .client import Browser, BASE
from .people import pick

FOREIGN = ["177.12", "189.45", "201.17", "179.108", "14.232", "113.172", "49.36", "106.215", "36.73", "110.138",
           "78.180", "88.230", "187.190", "201.141", "181.49", "190.25", "41.44", "156.199", "197.210", "103.152",
           "112.200", "125.164", "91.74", "95.70", "31.223", "85.105", "5.172", "188.26", "94.54", "46.242"]
US_EXTRA = ["76.111", "99.34", "174.53", "67.183", "75.84", "104.182", "97.120", "70.160", "162.231", "50.39"]


def _uas(r):
    out = []
    for _ in range(28):
        k = r.random()
        out.append(W.ua_chrome_win(r.randint(146, 156)) if k < 0.4 else W.ua_chrome_mac(r.randint(148, 156))
                   if k < 0.5 else W.ua_iphone(r.choice(["26.3", "26.4", "27.0", "27.1"])) if k < 0.65
                   else W.ua_android(r.randint(148, 156)) if k < 0.8 else W.ua_edge_win("%d.0.%d.%d" % (
                       r.randint(150, 156), r.randint(3100, 3490), r.randint(20, 99))) if k < 0.9
                   else W.ua_firefox_win(r.randint(150, 158)))
    return out


def setup(w, out):
    r = w.rng("bruteforce")
    v = pick(w, r, "teacher", "IWH")
    v.auth, v.behaviour = "local", "credential_stuffing_victim"
    w.b1_victim, w.b1_uas = v, _uas(r)
    ips = set()
    while len(ips) < r.randint(320, 440):
        ips.add(W.ip_in(r, r.choice(FOREIGN + US_EXTRA + W.HOME_ISPS)))
    w.b1_ips = sorted(ips)
    r.shuffle(w.b1_ips)
    w.abuse["B1"] = {"account": None, "label": "brute_force", "behaviour": "botnet_credential_stuffing",
                     "kinds": ["brute_force"], "params": {"n_addresses": len(w.b1_ips)}}
    w.abuse["B1v"] = {"account": v.login, "label": "brute_force", "behaviour": "botnet_credential_stuffing",
                      "kinds": ["brute_force"], "params": {
                          "note": "reused password found by the stuffing run; checker login, then a hands-on "
                                  "session from another botnet address", "abuser_auth": "local form"}}
    s = [p for p in w.staff if p.role == "superintendent"][0]
    s.behaviour = "targeted_superintendent_guessing"
    w.b2 = s
    w.b2_ips = ["146.70.%d.%d" % (r.randint(0, 255), r.randint(2, 250)),
                "89.187.%d.%d" % (r.randint(160, 191), r.randint(2, 250))]
    w.abuse["B2"] = {"account": s.login, "label": "brute_force", "behaviour": s.behaviour, "kinds": ["brute_force"],
                     "params": {"vpn_exits": w.b2_ips, "tries_per_round": 4, "pause_min": [31, 45],
                                "outcome": "password right on day 2, MFA codes wrong, account locked"
                                if w.days > 1 else "no success in a one-day window"}}


def stuffing(w, out):
    r = w.rng("B1")
    lo = w.t(0, 20.5)
    hi = w.t(1, 5.0) if w.days > 1 else w.t(0, 23.9)
    v = w.b1_victim
    hit_at = r.randrange(len(w.b1_ips) // 3, len(w.b1_ips) - 5)
    for k, ip in enumerate(w.b1_ips):
        b = Browser(out, r, r.choice(w.b1_uas), ip, actor="B1", cached=False)
        t = r.uniform(lo, hi)
        for _ in range(1 if r.random() < 0.7 else 2):
            t = b.hit(t, "GET", "/login", ref="-", auth=False) + r.uniform(1.5, 6)
            if k == hit_at:
                b.actor, b.user = "B1v", v.login
                t = b.post(t, "/login", ref=BASE + "/login") + 0.05
                b.hit(t, "GET", "/home.php", ref=BASE + "/login")
                w.b1_hit = (ip, t)
                break
            t = b.post(t, "/login", ref=BASE + "/login", auth=False) + r.uniform(20, 300)
    # the hands-on session bought from the checker, from another botnet address
    ip = w.b1_ips[(hit_at + 7) % len(w.b1_ips)]
    b = Browser(out, r, W.ua_chrome_win(154), ip, actor="B1v", cached=False)
    t = w.t(1, r.uniform(4.1, 4.6)) if w.days > 1 else w.t(0, 23.92)
    t = b.form(t, v.login) + r.uniform(5, 20)
    sec = v.sections[0][0] if v.sections else "41001"
    for path in ("/messages/inbox.php", "/students/search.php?q=a&school=" + W.CAMPUS[v.campus][3],
                 "/teacher/roster.php?section=" + sec, "/admin/users.php", "/reports/index.php"):
        t = b.page(t, path, 403 if path.startswith("/admin") else 200) + r.uniform(6, 40)
    for x in (v.sections[0][2][:3] if v.sections else []):
        t = b.hit(t, "GET", "/api/v2/students/" + x.sid, kind="json") + r.uniform(3, 15)


def guessing(w, out):
    r = w.rng("B2")
    s = w.b2
    u = quote(s.login, safe="")
    ua = W.ua_firefox_win(157)
    wins = [(w.t(0, 21.5), w.t(0, 23.95) if w.days == 1 else w.t(1, 1.5))]
    if w.days > 1:
        wins.append((w.t(1, 11.75), w.t(1, 14.6)))
    rnd = 0
    for wi, (t, end) in enumerate(wins):
        while t < end:
            b = Browser(out, r, ua, w.b2_ips[rnd % 2], actor="B2", cached=rnd > 0)
            b.favicon = rnd > 0
            rnd += 1
            t = b.page(t, "/login", ref="-", auth=False) + r.uniform(8, 20)
            last = w.days > 1 and wi == len(wins) - 1 and t + 3300 > end
            for k in range(4):
                if last and k == 3:
                    b.user = s.login
                    t = b.post(t, "/login", ref=BASE + "/login?e=1&u=" + u) + 0.05
                    t = b.page(t, "/login/mfa") + r.uniform(15, 40)
                    for _ in range(3):
                        t = b.post(t, "/login/mfa", ref=BASE + "/login/mfa") + 0.05
                        t = b.page(t, "/login/mfa?e=1") + r.uniform(20, 45)
                    b.user = None
                    t = b.post(t, "/login/mfa", ref=BASE + "/login/mfa?e=1", auth=False) + 0.05
                    b.page(t, "/login?e=locked&u=" + u, auth=False)
                    return
                t = b.post(t, "/login", ref=b.ref, auth=False) + 0.05
                t = b.page(t, "/login?e=1&u=" + u, auth=False) + r.uniform(25, 60)
            t += r.uniform(31, 45) * 60


def run(w, out):
    stuffing(w, out)
    guessing(w, out)
