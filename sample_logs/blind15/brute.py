"""Brute force: a slow password spray through residential proxies that finds one password (and the attacker's
follow-up visit), and a credential-stuffing wave from a botnet, one attempt per address."""
from . import tasks as T
from .client import Client, lognorm
from .world import CHROME, FIRST, LAST, UA_MAC_CHROME, UA_WIN_CHROME, UA_WIN_EDGE, UA_WIN_FIREFOX

SPRAY_PREFIXES = ["73.%d", "98.%d", "24.%d", "67.%d", "174.%d", "69.%d", "70.%d", "47.%d"]


def _fresh(rng, prefixes, taken):
    while True:
        ip = (rng.choice(prefixes) % rng.randint(1, 254)) + ".%d.%d" % (rng.randint(0, 255), rng.randint(1, 254))
        if ip not in taken:
            taken.add(ip)
            return ip


def password_spray(E, w, victim, rng, days, A, L, taken):
    """One password per round across 40-70 staff e-mails (from the public staff directory, plus former staff), one
    attempt every 15-45 s through six residential proxies, three rounds a night; on the last night the round's
    password works for a teacher with a local password, and at 09:10 the attacker signs in over a VPN."""
    victim.auth = "local"
    proxies = [_fresh(rng, SPRAY_PREFIXES, taken) for _ in range(6)]
    uas = [UA_WIN_CHROME % CHROME, UA_WIN_EDGE % (CHROME, "143.0.3650.66"), UA_MAC_CHROME % CHROME]
    cl = {ip: Client(E, rng, rng.choice(uas), ip, actor="spray", proto="HTTP/1.1", turbo=False) for ip in proxies}
    pool = [s.email for s in w.staff if s is not victim]
    gone = ["%s.%s@chestateeschools.org" % (rng.choice(FIRST).lower(), rng.choice(LAST).lower()) for _ in range(15)]
    hit_ip, attempts = None, 0
    for d in range(days):
        for k in range(3):
            t = T.at(d, 1, 10 + 70 * k) + rng.uniform(-10, 10) * 60
            targets = rng.sample(pool, min(len(pool), rng.randint(35, 60))) + rng.sample(gone, rng.randint(3, 10))
            rng.shuffle(targets)
            win = d == days - 1 and k == 2
            if win:
                targets.insert(rng.randrange(len(targets)), victim.email)
            for mail in targets:
                ip = rng.choice(proxies)
                c = cl[ip]
                t = c.req(t, "GET", "/users/sign_in", "page", ref=None) + rng.uniform(0.8, 3.0)
                if win and mail == victim.email:
                    c.req(t, "POST", "/users/sign_in", "signin_ok", 303, 0, ref=None,
                          x={"email": mail, "uid": victim.uid, "loc": "/", "accept": "HTML"})
                    c.uid, hit_ip = None, ip
                else:
                    c.req(t, "POST", "/users/sign_in", "signin_fail", 422, ref=None, x={"email": mail, "accept": "HTML"})
                attempts += 1
                t += lognorm(rng, 28, 0.35)
    d = days - 1
    vpn = "146.70.%d.%d" % (rng.randint(100, 200), rng.randint(2, 250))
    taken.add(vpn)
    c = Client(E, rng, UA_WIN_FIREFOX, vpn, actor="spray_takeover", device=("vpn",), assets=A)
    t = c.local(T.at(d, 9, 10 + rng.uniform(0, 30)), victim) + lognorm(rng, 20, 0.5)
    t = c.visit(t, "/settings") + lognorm(rng, 15, 0.5)
    t = c.visit(t, "/admin/users", kind="forbidden", st=403) + lognorm(rng, 10, 0.5)
    n = rng.randint(6, 12)
    for _ in range(n):
        t = T.open_pupil(c, t, w, T.pick_pid(w, rng, victim.campus), ("contacts",))
    t = c.visit(t, "/reports/failing_grades?school=%s&term=S1" % victim.campus, kind="forbidden", st=403) + 8
    c.leave(t)
    L.abuse("spray", victim, "brute_force", ["brute_force"], ips=sorted([hit_ip, vpn]),
            user_agents=sorted(set([cl[hit_ip].ua, UA_WIN_FIREFOX])), match={"ips": sorted([hit_ip, vpn])},
            actors=["spray", "spray_takeover"], attempts=attempts, proxies=len(proxies), rounds_per_night=3,
            followup_pupils=n, takeover_ip=vpn, abuser_auth="guessed local password")
    for ip in proxies:
        L.attacker(ip, "password_spray", "brute_force", ["brute_force"], victim if ip == hit_ip else None)
    L.attacker(vpn, "password_spray_takeover", "brute_force", ["brute_force"], victim)


BOT_PREFIXES = ["177.%d", "179.%d", "186.%d", "191.%d", "187.%d", "14.%d", "113.%d", "103.%d", "117.%d", "41.%d",
                "105.%d", "78.%d", "95.%d", "31.%d", "46.%d", "88.%d", "112.%d", "125.%d", "181.%d", "200.%d",
                "201.%d", "36.%d", "27.%d", "59.%d", "190.%d"]
BOT_UAS = [UA_WIN_CHROME % v for v in ("120.0.0.0", "124.0.0.0", "131.0.0.0", "109.0.0.0")] + [
    UA_WIN_FIREFOX, "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 "
    "Safari/605.1.15", "Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"]
MAIL = ["gmail.com", "yahoo.com", "hotmail.com", "aol.com", "outlook.com", "icloud.com", "comcast.net"]


def credential_stuffing(E, w, rng, days, A, L, taken):
    """A botnet replays a combo list: every address makes one sign-in attempt (most after fetching the form, some
    without a CSRF token) within ~45 minutes in the early afternoon."""
    d = max(0, min(days - 1, 1))
    n = rng.randint(300, 700)
    t0 = T.at(d, 13, 5 + rng.uniform(0, 10))
    ips = [_fresh(rng, BOT_PREFIXES, taken) for _ in range(n)]
    staff = [s.email for s in w.staff]
    for ip in ips:
        t = t0 + rng.betavariate(2, 3) * 45 * 60
        c = Client(E, rng, rng.choice(BOT_UAS), ip, actor="stuffing", proto="HTTP/1.1", turbo=False)
        if rng.random() < 0.1:
            mail = rng.choice(staff)
        else:
            mail = "%s%s%d@%s" % (rng.choice(FIRST).lower(), rng.choice(["", ".", "_"]), rng.randint(1, 2005),
                                  rng.choice(MAIL)) if rng.random() < 0.6 else "%s.%s@%s" % (
                rng.choice(FIRST).lower(), rng.choice(LAST).lower(), rng.choice(MAIL))
        if rng.random() < 0.16:
            c.req(t, "POST", "/users/sign_in", "csrf", 422, 0, ref=None, x={"email": mail, "accept": "HTML"})
        else:
            t = c.req(t, "GET", "/users/sign_in", "page", ref=None) + rng.uniform(0.6, 4)
            c.req(t, "POST", "/users/sign_in", "signin_fail", 422, ref=None, x={"email": mail, "accept": "HTML"})
        L.attacker(ip, "credential_stuffing", "brute_force", ["brute_force"], None)
    L.note("credential_stuffing: %d addresses, one attempt each, day %d from %s" % (n, d + 1, "13:05"))
