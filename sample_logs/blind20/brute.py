"""Brute force: password spraying from residential proxies, credential stuffing, slow guessing."""
from urllib.parse import quote

from . import acts, staff
from .client import Client
from .lookalikes import pick, weekdays
from .nets import Dev

PERSONAL = ["gmail.com", "yahoo.com", "comcast.net", "hotmail.com", "aol.com", "outlook.com", "verizon.net", "icloud.com"]


def attempt(c, login, ok=False, follow=True, mfa=False):
    """GET the form (CSRF token) then POST; returns True on success."""
    c.req("GET", "/auth/login", noref=True)
    c.wait(c.rng.uniform(0.3, 2.5))
    if not ok:
        lu = "/auth/login?err=invalid&last=%s" % quote(login, safe="")
        c.req("POST", "/auth/login", st=302, loc=lu)
        if follow:
            c.req("GET", lu)
        return False
    if mfa:
        c.req("POST", "/auth/login", st=302, loc="/auth/mfa")
        c.req("GET", "/auth/mfa")
        return False
    c.cred = (login, "local", False, 0, None)
    c._success(None, "POST", "/auth/login")
    return True


def brute(G):
    r = G.rng
    wk = weekdays(G)
    people = [p for p in G.people if p.town is not None]
    # password spraying from a residential proxy network: few tries per address, many accounts
    ips = [G.nets.ip("residential_proxy") for _ in range(r.randint(5, 8))]
    victim = pick(G, pred=lambda q: q.method == "local" and q.town is not None and not q.town.mfa)
    targets = sorted(r.sample([q for q in people if q is not victim], min(len(people) - 1, r.randint(60, 110))),
                     key=lambda p: p.pid)
    vtag = G.abuse(victim, "brute_force", "password_sprayed_then_used", ["brute_force"], {"campaign": "spray"})
    targets.append(victim)
    stopped = [p for p in targets if p.town.mfa and p.method == "local"][:1]
    uas = ["chrome_win", "edge_win", "firefox_win", "chrome_mac"]
    day0 = G.days[0][0]
    for wave, pw in enumerate(["Autumn2026!", "Welcome2026"]):
        for i, tp in enumerate(targets):
            ip = ips[(i + wave * 3) % len(ips)]
            t = day0 + r.uniform(0.5, 23.5) * 3600 if wave == 0 else G.days[-1][0] + r.uniform(0.5, 14) * 3600
            ua = uas[(i + wave) % len(uas)]
            hit = wave == 1 and tp is victim
            c = Client(G, Dev(ua, fake=True), ip, t, vtag if hit else None)
            attempt(c, tp.login_name("local"), ok=hit or tp in stopped, follow=False, mfa=tp in stopped)
            if hit:
                victim.use(victim.login_name("local"))
                use_t = c.t + r.uniform(1.5, 4) * 3600
    for ip in ips:
        G.src(ip, "brute_force", "password_spraying", ["brute_force"], {"provider": "residential proxy network",
                                                                       "n_targets": len(targets)})
    own_days = wk
    for d0, _ in own_days:
        staff.workday(G, victim, d0)
    # the sprayed password used later from another proxy address
    c = Client(G, Dev("chrome_win", assets=True), G.nets.ip("residential_proxy"), use_t, vtag)
    staff.sign_in(G, victim, c)
    for _ in range(r.randint(8, 20)):
        acts.search(c, victim.town, "secretary", r, apos_ok=False)
        c.think(10, 60)
    c.xhr("/sis/api/students?town=%s&page=1&per_page=50" % victim.town.code)
    acts.report(c, r, victim.town.code, fmt="csv", cols="contacts")
    # credential stuffing from data-centre proxies with leaked e-mail/password pairs
    ips = [G.nets.ip(r.choice(["ovh", "hetzner", "m247", "digitalocean"])) for _ in range(r.randint(3, 5))]
    cand = [p for p in people if p.method == "local" and not p.town.mfa and p.behaviour is None]
    victim = pick(G, pred=lambda q: q in cand)
    stag = G.abuse(victim, "brute_force", "credential_stuffing_hit_then_used", ["brute_force"], {"campaign": "stuffing"})
    hit_ip = r.choice(ips)
    for j, ip in enumerate(ips):
        t = G.days[j % len(G.days)][0] + r.uniform(0, 20) * 3600
        ua = r.choice(["requests", "chrome_win", "go", "axios"])
        n = r.randint(80, 220)
        hit_at = r.randrange(n) if ip == hit_ip else -1
        for k in range(n):
            if k == hit_at:
                c = Client(G, Dev(ua, fake=True), ip, t, stag)
                attempt(c, victim.login_name("local"), ok=True)
                c.req("GET", "/auth/logout", st=302, loc="/auth/login?bye=1")
                victim.use(victim.login_name("local"))
                use_t = t + r.uniform(2, 6) * 3600
            else:
                c = Client(G, Dev(ua, fake=True), ip, t)
                if r.random() < 0.12:
                    login = r.choice(people).email
                else:
                    login = "%s%s%d@%s" % (r.choice("abcdefghijklmnoprstw"), r.choice(["smith", "kelly", "nguyen", "ross", "m",
                                                                                    "jones", "lee", "brown"]),
                                           r.randint(1, 99), r.choice(PERSONAL))
                attempt(c, login, follow=ua == "requests")
            t = c.t + r.uniform(0.5, 6)
        G.src(ip, "brute_force", "credential_stuffing", ["brute_force"], {"provider": "data-centre proxy",
                                                                         "attempts": n, "user_agent": c.dev.ua})
    for d0, _ in wk:
        staff.workday(G, victim, d0)
    c = Client(G, Dev("firefox_win"), G.nets.ip("nordvpn"), min(use_t, G.t1 - 3 * 3600), stag)
    staff.sign_in(G, victim, c)
    for _ in range(r.randint(5, 12)):
        acts.student(c, victim.town, r.randrange(victim.town.n_students), "secretary", r, ntabs=2)
        c.think(20, 90)
    # slow guessing of one teacher's password by a student from home, under the lockout rate; succeeds
    victim = pick(G, "teacher", lambda q: q.method == "local" and q.sections and q.town.net == "own")
    ip = G.nets.home()
    gtag = G.abuse(victim, "brute_force", "slow_guess_then_gradebook", ["brute_force"], {"guesser": "student at home"})
    dev = Dev("chromeos")
    for i, (d0, _) in enumerate(G.days):
        staff.workday(G, victim, d0) if i < len(G.days) and G.days[i][1] < 5 else None
        t = d0 + r.uniform(15.5, 17) * 3600
        end = d0 + r.uniform(21.5, 23) * 3600
        last = i == len(G.days) - 1
        win = end - r.uniform(600, 3600) if last else None
        while t < end:
            c = Client(G, dev, ip, t, gtag)
            if win and t > win:
                c.cred = None
                attempt(c, victim.login_name("local"), ok=True)
                victim.use(victim.login_name("local"))
                c.cred = (victim.login_name("local"), "local", False, 0, None)
                for sec, _ in victim.sections[:3]:
                    acts.gradebook(c, sec, r)
                break
            attempt(c, victim.login_name("local"))
            t += r.uniform(200, 700)
    G.src(ip, "brute_force", "slow_password_guessing", ["brute_force"], {"provider": "residential ISP (Comcast/Verizon/Charter)",
                                                                        "target": victim.login_name("local")})
    # slow guessing of a principal's account through Tor exits, no success
    tp = r.choice([p for p in people if p.role in ("principal", "assistant_principal")] or people)
    for ip in [G.nets.ip("tor") for _ in range(2)]:
        t = G.t0 + r.uniform(0, 6) * 3600
        while t < G.t1:
            c = Client(G, Dev("firefox_win", fake=True), ip, t)
            attempt(c, tp.login_name("local"), follow=False)
            t += r.uniform(500, 1400)
        G.src(ip, "brute_force", "slow_password_guessing_tor", ["brute_force"], {"provider": "Tor exit",
                                                                                "target": tp.login_name("local")})
