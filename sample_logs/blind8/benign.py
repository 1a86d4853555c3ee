"""Ordinary staff behaviour: web sessions (SSO / local login, pages, assets),
mobile field app sessions, evening home use, clerk period-attendance bursts."""
import math

from . import world as W

# event: [t, ip, method, path, status, bytes, ua, user, sess, referer, dur_ms, login]
ASSETS = [("/assets/application-5c2e9f1a.css", 41233), ("/assets/application-9b7d20c4.js", 188412),
          ("/assets/vendor-3e1a77f0.js", 402113), ("/assets/lanternline-logo-2x.png", 9331),
          ("/assets/fonts/inter-var-latin.woff2", 48256), ("/favicon.ico", 5430)]
BASE = "https://" + W.HOST
MONTHS = ["2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03"]
SCALE = 1.0


def ev(out, t, ip, method, path, status, nbytes, ua, user, sess, ref="-", dur=None, login=None, rng=None):
    if dur is None:
        dur = int(rng.lognormvariate(math.log(45), 0.6)) + 3
    out.append([t, ip, method, path, status, int(nbytes), ua, user or "", sess or "", ref, dur, login])
    return t + dur / 1000.0


def think(rng, median=22.0, sigma=0.9, cap=900.0):
    return min(cap, rng.lognormvariate(math.log(median), sigma)) + 0.4


def new_sess(rng):
    return "%08x" % rng.getrandbits(32)


def assets(rng, out, t, ip, ua, ref, cached):
    for p, b in ASSETS:
        if cached and p.endswith((".css", ".js", ".woff2")):
            if rng.random() < 0.6:
                continue
            ev(out, t + rng.uniform(0.02, 0.4), ip, "GET", p, 304, 0, ua, "", "", ref, rng.randint(1, 4))
        elif not cached or rng.random() < 0.3:
            ev(out, t + rng.uniform(0.02, 0.6), ip, "GET", p, 200, b, ua, "", "", ref, rng.randint(1, 9))


def typo(rng, w, sid):
    s = str(sid)
    i = rng.randrange(2, len(s))
    s = s[:i] + str((int(s[i]) + rng.randint(1, 9)) % 10) + s[i + 1:]
    if rng.random() < 0.3:
        s = s[:-1]
    return s


def page_for(rng, w, st):
    """Return list of (method, path, status, bytes) for one user action."""
    role = st["role"]
    pool = st["caseload"] if rng.random() < 0.85 else w.school_pupils[rng.choice(w.schools)["code"]]
    sid = rng.choice(pool)
    case = w.cases.get(sid)
    r = rng.random()
    if rng.random() < 0.02:
        bad = typo(rng, w, sid)
        ok = bad.isdigit() and int(bad) in w.pupil_set
        return [("GET", "/pupils/%s" % bad, 200 if ok else 404, rng.randint(9000, 30000) if ok else 1932)]
    foreign = sid not in w.school_pupils[st["school"]]
    if role in ("attendance_clerk", "nurse") and foreign and rng.random() < 0.5:
        return [("GET", "/pupils/%d/health" % sid, 403, 2210)]
    if r < 0.22:
        return [("GET", "/pupils/%d" % sid, 200, rng.randint(14000, 38000))]
    if r < 0.40:
        return [("GET", "/pupils/%d/attendance?term=3" % sid, 200, rng.randint(20000, 61000)),
                ("GET", "/pupils/%d/attendance/chart.json?term=3" % sid, 200, rng.randint(1800, 6400))]
    if r < 0.48:
        return [("GET", "/pupils/%d/guardians" % sid, 200, rng.randint(7000, 15000))]
    if r < 0.54:
        which = "health" if role == "nurse" else "plans/504"
        return [("GET", "/pupils/%d/%s" % (sid, which), 200, rng.randint(9000, 26000))]
    if r < 0.66 and case:
        if role in ("social_worker", "counselor", "truancy_officer", "school_psychologist") and rng.random() < 0.25:
            return [("POST", "/cases/%s/notes" % case, 302, 0), ("GET", "/cases/%s" % case, 200, rng.randint(25000, 90000))]
        sub = rng.choice(["", "", "/visits", "/timeline"])
        return [("GET", "/cases/%s%s" % (case, sub), 200, rng.randint(18000, 90000))]
    if r < 0.76:
        q = rng.choice(W.LAST) if rng.random() < 0.8 else str(sid)[:5]
        return [("GET", "/search?q=%s" % q, 200, rng.randint(6000, 24000))]
    if r < 0.83:
        return [("GET", rng.choice(["/caseload", "/home", "/schools/%d/today" % st["school"]]), 200,
                 rng.randint(12000, 45000))]
    if r < 0.90:
        return [("GET", "/reports/chronic-absence?school=%d&month=%s" % (st["school"], rng.choice(MONTHS[-3:])),
                 200, rng.randint(30000, 120000))]
    if r < 0.93 and role in ("data_staff", "principal", "counselor"):
        return [("GET", "/exports/attendance.csv?school=%d&month=%s" % (st["school"], rng.choice(MONTHS)),
                 200, rng.randint(90000, 900000))]
    if r < 0.95 and case:
        return [("GET", "/cases/%s/export.pdf" % case, 200, rng.randint(60000, 400000))]
    return [("GET", "/pupils/%d" % sid, 200, rng.randint(14000, 38000))]


def sign_in(rng, w, out, t, ip, ua, email, sess, sso, cached, bad_pw=0.06):
    if sso:
        t = ev(out, t, ip, "GET", "/home", 302, 0, ua, "", "", "-", rng=rng)
        t = ev(out, t + 0.05, ip, "GET", "/auth/saml/login?RelayState=%2Fhome", 302, 0, ua, "", "", "-", rng=rng)
        t += rng.uniform(2.5, 14.0)  # at the IdP
        t = ev(out, t, ip, "POST", "/auth/saml/acs", 302, 0, ua, email, sess,
               "https://sso.rpisd.org/", rng.randint(60, 240))
    else:
        t = ev(out, t, ip, "GET", "/signin", 200, 6120, ua, "", "", "-", rng=rng)
        assets(rng, out, t, ip, ua, BASE + "/signin", cached)
        cached = True
        t += rng.uniform(4, 15)
        while rng.random() < bad_pw:
            t = ev(out, t, ip, "POST", "/signin", 422, 6488, ua, "", "", BASE + "/signin",
                   rng.randint(180, 420), login=email)
            t += rng.uniform(5, 20)
        t = ev(out, t, ip, "POST", "/signin", 302, 0, ua, email, sess, BASE + "/signin", rng.randint(180, 420))
    t = ev(out, t + 0.05, ip, "GET", "/home", 200, rng.randint(22000, 40000), ua, email, sess, "-", rng=rng)
    assets(rng, out, t, ip, ua, BASE + "/home", cached)
    return t


def web_session(rng, w, out, st, t, ip, ua, n_pages, cached=False, email=None, sso=None, signout=None):
    """A browser session; returns (end time, list of (t, page url) for referers)."""
    email = email or st["email"]
    sess = new_sess(rng)
    t = sign_in(rng, w, out, t, ip, ua, email, sess, st["sso"] if sso is None else sso, cached)
    ref, trail = BASE + "/home", []
    for _ in range(n_pages):
        t += think(rng)
        reqs = page_for(rng, w, st)
        for j, (m, p, s, b) in enumerate(reqs):
            t = ev(out, t, ip, m, p, s, b, ua, email, sess, ref, rng=rng)
            if j == 0 and m == "GET" and rng.random() < 0.15:
                ev(out, t + 0.1, ip, "GET", ASSETS[3][0], 304, 0, ua, "", "", BASE + p, 2)
        last = reqs[-1][1]
        if reqs[-1][0] == "GET" and not last.endswith((".json", ".csv", ".pdf")):
            ref = BASE + last
            trail.append((t, ref))
    if signout if signout is not None else rng.random() < 0.3:
        t = ev(out, t + think(rng, 10), ip, "GET", "/signout", 302, 0, ua, email, sess, ref, rng=rng)
        ev(out, t + 0.05, ip, "GET", "/signin", 200, 6120, ua, "", "", ref, rng=rng)
    return t, trail


def mobile_session(rng, w, out, st, t, ip, n_visits, email=None, ua=None):
    email, ua = email or st["email"], ua or st["app_ua"]
    tok = "m" + new_sess(rng)[:7]
    A = "/api/m/v2"
    t = ev(out, t, ip, "POST", A + "/auth/refresh", 200, 812, ua, email, tok, rng=rng)
    t = ev(out, t + 0.3, ip, "GET", A + "/caseload", 200, rng.randint(4000, 22000), ua, email, tok, rng=rng)
    t = ev(out, t + 0.2, ip, "GET", A + "/sync?since=%d" % int(t - 86400), 200, rng.randint(900, 30000),
           ua, email, tok, rng=rng)
    for _ in range(n_visits):
        t += think(rng, 40, 1.0)
        sid = rng.choice(st["caseload"])
        case = w.cases.get(sid)
        t = ev(out, t, ip, "GET", A + "/pupils/%d" % sid, 200, rng.randint(2500, 7000), ua, email, tok, rng=rng)
        t = ev(out, t + rng.uniform(0.1, 0.5), ip, "GET", A + "/pupils/%d/guardians" % sid, 200,
               rng.randint(800, 2600), ua, email, tok, rng=rng)
        if case:
            t = ev(out, t + think(rng, 8), ip, "GET", A + "/cases/%s" % case, 200, rng.randint(3000, 16000),
                   ua, email, tok, rng=rng)
            if rng.random() < 0.6:
                t += think(rng, 240, 0.8, 2400)
                t = ev(out, t, ip, "POST", A + "/cases/%s/visits" % case, 201, 412, ua, email, tok, rng=rng)
                for _ in range(rng.choice([0, 0, 1, 2, 3])):
                    t = ev(out, t + rng.uniform(1, 6), ip, "POST", A + "/visits/v%d/photos" % rng.randint(10**6, 10**7),
                           201, 188, ua, email, tok, dur=rng.randint(300, 2500))
    return t


def clerk_burst(rng, w, out, st, t, n, period=1):
    """Morning period-attendance entry: one autosave XHR per pupil, 0.7-4 s apart."""
    sess, ip, ua, email = new_sess(rng), st["office_ip"], st["ua"], st["email"]
    t = sign_in(rng, w, out, t, ip, ua, email, sess, st["sso"], False)
    code = st["school"]
    roster = w.school_pupils[code]
    page = "/schools/%d/roll?period=%d" % (code, period)
    t = ev(out, t + 3, ip, "GET", page, 200, rng.randint(60000, 180000), ua, email, sess, BASE + "/home", rng=rng)
    start = rng.randrange(len(roster))
    for k in range(n):
        sid = roster[(start + k) % len(roster)]
        t += rng.lognormvariate(math.log(1.6), 0.5) if rng.random() > 0.03 else rng.uniform(15, 90)
        t = ev(out, t, ip, "PUT", "/schools/%d/roll/%d?period=%d" % (code, sid, period), 204, 0, ua,
               email, sess, BASE + page, rng.randint(12, 60))
    return t


def staff_day(rng, w, out, st, day, e0, weekday):
    D = e0 + day * 86400
    H = lambda h: D + h * 3600
    act = st["activity"] * SCALE
    if not weekday:
        if rng.random() < 0.1 + st["evening"] * 0.3:
            web_session(rng, w, out, st, H(rng.uniform(10, 21)), st["home_ip"], st["home_ua"] or st["ua"],
                        int(rng.uniform(4, 25)))
        return
    if rng.random() < 0.05:
        return  # absent
    cached = False
    if st["role"] == "attendance_clerk":
        n = int(min(len(w.school_pupils[st["school"]]), rng.uniform(150, 600)))
        clerk_burst(rng, w, out, st, H(rng.uniform(7.7, 8.3)), n)
        cached = True
        for per in range(2, rng.randint(3, 7)):
            clerk_burst(rng, w, out, st, H(8.2 + per * 0.9 + rng.uniform(0, 0.4)), rng.randint(5, 40), per)
    n_sess = max(1, int(rng.uniform(1.5, 4.5)) - (1 if st["mobile"] else 0))
    starts = sorted(rng.uniform(7.4, 16.2) for _ in range(n_sess))
    t_end = 0
    for h in starts:
        t0 = max(H(h), t_end + 120)
        t_end, _ = web_session(rng, w, out, st, t0, st["office_ip"], st["ua"],
                               max(2, int(rng.lognormvariate(math.log(28 * act), 0.6))), cached)
        cached = True
    if st["mobile"]:
        hop = st.get("hopper", False)
        ip = W.ip_in(rng, st["carrier"])
        for h in sorted(rng.uniform(8.5, 16.5) for _ in range(rng.randint(2, 5))):
            if hop or rng.random() < 0.3:
                ip = W.ip_in(rng, st["carrier"])
                st.setdefault("seen_ips", []).append(ip)
            else:
                st.setdefault("seen_ips", []).append(ip)
            mobile_session(rng, w, out, st, H(h), ip, rng.randint(1, 4))
    if rng.random() < st["evening"]:
        web_session(rng, w, out, st, H(rng.uniform(18.5, 22.3)), st["home_ip"], st["home_ua"] or st["ua"],
                    int(rng.uniform(4, 30)), signout=False)
