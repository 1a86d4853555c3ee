"""Brute force against Harbor (blind14): a slow password spray on the local sign-in through rotating residential
proxies (one password per round, a new address per attempt, one hit stopped by TOTP), and an API-key guessing
run against the partner API from one VPS in short bursts."""
from . import world as W
from .client import Actor, JSON, token

SPRAY_PREFIXES = ["68.4", "70.181", "24.9", "71.72", "97.81", "76.104", "99.35", "108.29", "104.185", "172.91",
                  "47.185", "72.196", "75.142", "96.230", "174.52", "67.80", "98.118", "107.133"]
SPRAY_UAS = [W.CHROME_WIN % "158", W.CHROME_WIN % "159", W.CHROME_MAC % "159", W.EDGE_WIN % ("159", "159.0.2987.76"),
             W.FIREFOX_WIN % ("161", "161"), W.SAFARI_MAC % "26.5"]
GUESS_IP, GUESS_UA = "51.222.143.87", "okhttp/4.12.0"
B62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def password_spray(ctx, days):
    """Returns {address: {"n_requests": n, "user_agents": [...]}} and the drawn parameters."""
    rng = ctx.rng
    pool = []
    while len(pool) < 36:
        ip = W.ip_in(rng, rng.choice(SPRAY_PREFIXES))
        if ip not in pool:
            pool.append(ip)
    per_ip = {}
    windows = {0: (0.67, 5.5), 1: (1.17, 5.83)}
    hit_done = False
    attempts = 0
    for day in range(days):
        h0, h1 = windows.get(day, (1.0, 5.0))
        if day > 1 and rng.random() < 0.5:
            continue
        t, stop = W.utc(day, h0 + rng.uniform(0, .05)), W.utc(day, h1)
        while t < stop:
            ip, ua = rng.choice(pool), rng.choice(SPRAY_UAS)
            a = Actor(ctx.out, rng, ua, ip, None, None, abuse="local_login_spray", auth_mode="local_totp",
                      kind="script")
            n0 = len(ctx.out)
            attempts += 1
            lucky = (not hit_done) and day == 0 and t > W.utc(0, 3.1)
            hdr_ref = "https://%s/accounts/login/" % W.HOST
            a.csrf = token(rng, 32, B62)
            t1 = a.hit(t, "GET", "/api/auth/csrf/", 204, 0, (7, .3), "auth", ref=None)
            hdr = {"x-csrftoken": a.csrf, "content-type": JSON, "origin": "https://" + W.HOST}
            t1 += rng.uniform(0.3, 1.2)
            if lucky:
                hit_done = True
                t1 = a.hit(t1, "POST", "/api/auth/login/", 200, 44, (270, .2), "auth", rx=(64, 80), ref=hdr_ref, hdr=hdr)
                for code in range(4):
                    t1 += rng.uniform(2, 5)
                    st, tx = (400, 27) if code < 3 else (429, 39)
                    t1 = a.hit(t1, "POST", "/api/auth/totp/", st, tx, (30, .3), "auth", rx=18, ref=hdr_ref, hdr=hdr)
            else:
                a.hit(t1, "POST", "/api/auth/login/", 400, 42, (265, .2), "auth", rx=(60, 84), ref=hdr_ref, hdr=hdr)
            d = per_ip.setdefault(ip, {"n_requests": 0, "user_agents": []})
            d["n_requests"] += len(ctx.out) - n0
            if ua not in d["user_agents"]:
                d["user_agents"].append(ua)
            t += rng.uniform(45, 110)
    return per_ip, {"attempts": attempts, "addresses": len(per_ip), "gap_s": [45, 110], "mfa_stopped_hits": 1}


def key_guessing(ctx, days):
    rng = ctx.rng
    a = Actor(ctx.out, rng, GUESS_UA, GUESS_IP, abuse="partner_key_guessing", kind="script")
    bursts = [(0, 23.1), (0, 23.45), (0, 23.8), (1, 2.7), (1, 3.1)]
    n0 = len(ctx.out)
    paths = ["/partner/v1/students/?page_size=1", "/partner/v1/caseload/", "/partner/v1/students/",
             "/partner/v1/service-logs/?page_size=1"]
    n_bursts = 0
    for day, h in bursts:
        if day >= days:
            continue
        n_bursts += 1
        t = W.utc(day, h + rng.uniform(0, .05))
        for _ in range(rng.randint(50, 120)):
            key = rng.choice(["hbk_live_", "hbk_", "hb_live_"]) + token(rng, rng.choice([24, 28, 32]), B62)
            path = rng.choice(paths)
            if rng.random() < 0.2:
                path += ("&" if "?" in path else "?") + "apikey=" + key
                hdr = None
            else:
                hdr = {"apikey": key}
            t = a.hit(t, "GET", path, 401, 95, (3, .3), "partner", auth="apikey_bad", hdr=hdr,
                      rhdr={"www-authenticate": 'Key realm="kong"'}) + rng.uniform(0.4, 2.5)
    return {"ip": GUESS_IP, "user_agent": GUESS_UA, "n_requests": len(ctx.out) - n0, "bursts": n_bursts,
            "gap_s": [0.4, 2.5]}
