"""blind23 brute: a slow password spray from a few cloud hosts (ASM brute-force protection blocks some, one account
falls) and a credential-stuffing run from a botnet of residential proxies."""
import heapq
from collections import deque

from . import world as W
from .client import Browser, rand_token
from .world import Prof

DAY = W.DAY
BF_VIOL = ("blocked", "Brute Force: Maximum login attempts are exceeded", "", "", "", "Brute Force Attack",
           "Critical", 4)
IPI_VIOL = ("blocked", "Access from malicious IP address", "", "", "", "Abuse of Functionality", "Error", 4)
SPRAY_UAS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 "
             "Safari/537.36" % v for v in (138, 141, 144, 145)] + [
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 "
    "Safari/605.1.15", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0"]
WINDOW, LIMIT = 900, 8                     # ASM: failed logins per source address in 15 minutes


def _body(rng, name):
    return "username=%s&password=********&_csrf=%s" % (name.replace("@", "%40"), rand_token(rng, 24))


def spray(ctx, tag, takeover_tag, ips, targets, victim):
    """Each night one new password against the whole list of known addresses (in the same shuffled order), every
    host one try per 1-3.5 minutes. A host that gets ASM's blocking page rests 20-40 minutes and its name goes back
    in the queue. In the last full night the victim's try succeeds; the attacker looks around and signs out."""
    rng = ctx.rng("abuse:spray")
    nights = [(0.4 * 3600, 5.5 * 3600)] + [(d * DAY + 22.5 * 3600, (d + 1) * DAY + 5.5 * 3600)
                                             for d in range(ctx.days)]
    nights = [(a, min(b, ctx.days * DAY)) for a, b in nights if a < ctx.days * DAY - 3600]
    full = [n for n in nights if n[1] - n[0] > 4 * 3600] or nights
    win_night = full[-1]
    failed = {ip: deque() for ip in ips}
    stats = {"attempts": 0, "blocked": 0, "rounds": len(nights)}
    for night in nights:
        queue = deque(targets)
        if night == win_night:
            queue.insert(rng.randrange(len(targets) // 3, len(targets) * 2 // 3), victim.login)
        heap = []
        for ip in ips:
            heapq.heappush(heap, (night[0] + rng.random() * 600, ip))
        while heap and queue:
            t, ip = heapq.heappop(heap)
            if t >= night[1]:
                continue
            name = queue.popleft()
            prof = Prof("bot", rng.choice(SPRAY_UAS))
            br = Browser(ctx, rng, prof, ip, tag=tag)
            br.hit(t, "GET", "/ksr/login", "", "nav", ref=None)
            t2 = t + 0.6 + rng.random()
            dq = failed[ip]
            while dq and dq[0] < t2 - WINDOW:
                dq.popleft()
            stats["attempts"] += 1
            rest = 60 + rng.random() * 150
            body = _body(rng, name)
            kw = dict(body=body, ref=W.BASE + "/ksr/login", ctype="application/x-www-form-urlencoded")
            if len(dq) >= LIMIT:
                br.hit(t2, "POST", "/ksr/login", "", "form", viol=BF_VIOL, **kw)
                stats["blocked"] += 1
                rest = 1200 + rng.random() * 1200
                queue.append(name)
            elif name == victim.login and night == win_night:
                br.tag = takeover_tag
                br._signed_in(t2, name)
                br.hit(t2, "POST", "/ksr/login", "", "form", 302, **kw)
                t3 = br.home(t2 + 1.5)
                t3 = br.nav(t3 + 20, "/ksr/search", "q=&district=%s&page=1&size=25" % victim.district)
                t3 = br.nav(t3 + 30, "/ksr/extract/", "")
                br.logout(t3 + 15)
                stats["success_at"] = "day %d %s" % (t2 // DAY + 1, "%02d:%02d" % (t2 % DAY // 3600,
                                                                                    t2 % 3600 // 60))
            else:
                br.hit(t2, "POST", "/ksr/login", "", "form", 200, **kw)
                dq.append(t2)
            heapq.heappush(heap, (t2 + rest, ip))
    return {"hosts": len(ips), "gap_s": [60, 210], "asm_limit": "%d failed logins / %d s per address" % (LIMIT, WINDOW),
            "targets": len(targets), **stats}


CONSUMER = ["gmail.com", "yahoo.com", "hotmail.com", "aol.com", "outlook.com", "icloud.com", "comcast.net"]
BOT_GEO = ["BR", "VN", "IN", "ID", "MX", "TR", "PH", "RU", "EG", "PK"]


def stuffing(ctx, tag, n_hosts, real_logins):
    """Credential stuffing through residential proxies: 1-4 pairs from a breach list per address, mostly consumer
    e-mail addresses; some bots skip the GET (no CSRF token: 403); ASM's IP intelligence blocks listed addresses."""
    rng = ctx.rng("abuse:stuffing")
    day = min(1, ctx.days - 1)
    while not ctx.school_day(day) and day > 0:
        day -= 1
    t0, t1 = day * DAY + 13.2 * 3600, day * DAY + 16.3 * 3600
    ips = []
    for i in range(n_hosts):
        if rng.random() < 0.45:
            ip = "%d.%d.%d.%d" % (rng.choice((177, 186, 113, 103, 182, 189, 201, 41, 95, 14)), rng.randint(0, 255),
                                  rng.randint(0, 255), rng.randint(2, 254))
            W.GEO[ip] = rng.choice(BOT_GEO)
        else:
            ip = W.addr(rng, W.HOME_NETS + ["68.45", "73.22", "99.104", "108.31"])
        ips.append(ip)
        if rng.random() < 0.3:
            ctx.ipi[ip] = rng.choice(("BotNets", "Anonymous Proxy", "Spam Sources"))
    uas = [W.device(f, v).ua for f in ("chrome_win", "chrome_mac", "edge_win", "android") for v in range(128, 143, 2)]
    uas += [W.device("iphone").ua, W.device("safari_mac").ua, W.device("firefox_win", 136).ua]
    for ip in ips:
        t = t0 + rng.random() * (t1 - t0)
        prof = Prof("bot", rng.choice(uas))
        for _ in range(rng.randint(1, 4)):
            if rng.random() < 0.12:
                name = rng.choice(real_logins)
            else:
                name = "%s%s%s@%s" % (rng.choice(W.FIRST), rng.choice(("", ".", "_")), rng.choice(W.LAST).replace(
                    "'", "") + (str(rng.randint(1, 99)) if rng.random() < 0.6 else ""), rng.choice(CONSUMER))
            b = Browser(ctx, rng, prof, ip, tag=tag)
            bad = ctx.ipi.get(ip) == "BotNets"
            if rng.random() < 0.7:
                b.hit(t, "GET", "/ksr/login", "", "nav", viol=IPI_VIOL if bad else None, ref=None)
                t += 0.5 + rng.random() * 2
                b.hit(t, "POST", "/ksr/login", "", "form", 200, body=_body(rng, name), ref=W.BASE + "/ksr/login",
                      ctype="application/x-www-form-urlencoded", viol=IPI_VIOL if bad else None)
            else:
                b.hit(t, "POST", "/ksr/login", "", "form", 403, body="username=%s&password=********" % name.replace(
                    "@", "%40"), ref=None, ctype="application/x-www-form-urlencoded",
                    viol=IPI_VIOL if bad else None, cookies=False)
            t += 5 + rng.random() * 60
    return ips, {"hosts": n_hosts, "window": "13:12-16:18 day %d" % (day + 1), "pairs_per_host": [1, 4]}
