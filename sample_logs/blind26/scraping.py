"""Scraping with a staff member's credentials or session, each written the way a real tool would run.

- ``extension_lowslow_clerk``: a vendor's browser extension in a records clerk's Chrome reads 60-90 pupils of her
  school a day (profile + contacts + health, three fetches a second apart) while she works, same address/browser.
- ``home_pc_navigation_mimic``: a vendor's automation on an assistant principal's home PC walks the UI like a person
  (surname-prefix search, open result, tabs, back), 9 to 5 with lunch, while she is at school.
- ``powershell_attendance_export``: a scheduled PowerShell task on an office manager's desktop pulls the attendance
  export every 10 minutes, 06:00-18:00, on her own session cookie (302 whenever her session is gone).
- ``cas_stuffing_farm`` (with brute force): leaked passwords tried against CAS through residential proxies; only the
  bounce to CAS shows for failures; each hit reads a few dozen pupils from its proxy.
"""
from . import tasks as T
from .browser import Browser
from .staff import H, weekday
from .world import CORE_NAT, UA_WORK, UA_HOME, ip_in

PS_UA = "Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.19041.6456"
PROXY_PREFIXES = ["67.176", "76.90", "68.106", "70.184", "72.191", "75.85", "98.27", "99.105", "104.173", "174.53",
                  "184.97", "47.149", "66.67", "107.3", "97.113", "162.203", "23.117", "24.14", "71.58", "76.127"]


def _pick(world, rng, taken, roles, levels=("ES", "MS", "HS")):
    """An owner for an abuse: the role at a school of the level, not behind the shared core NAT (fallbacks)."""
    def pool(roles, levels):
        return [p for p in world.staff if p.login not in taken and (roles is None or p.role in roles)
                and p.school in world.schools and world.schools[p.school].level in levels
                and world.schools[p.school].nat != CORE_NAT]
    cands = pool(roles, levels) or pool(roles, ("ES", "MS", "HS")) or pool(None, ("ES", "MS", "HS"))
    p = rng.choice(cands)
    taken[p.login] = 1
    return p


def reserve(world, rng, taken):
    """Choose the owners before the staff days are generated and adjust their days."""
    own = {"clerk": _pick(world, rng, taken, ("records_clerk",)),
           "ap": _pick(world, rng, taken, ("assistant_principal",), ("MS", "HS")),
           "office": _pick(world, rng, taken, ("office_manager",))}
    own["clerk"].flags.update(present=True, polls=True)
    own["office"].flags.update(present=True, polls=True, no_idle=True)
    ap = own["ap"]
    ap.flags["present"] = True
    ap.home_ua = UA_HOME[0][0]                  # her home PC: Windows Chrome, driven by the tool
    ap.flags["evenings"] = {0: (rng.uniform(19.6, 20.6) * H, rng.uniform(25, 50), "home")}
    return own


def extension_lowslow(world, log, truth, rng, dev, p):
    b = dev.get(p, "work")
    s = world.schools[p.school]
    tag = truth.abuse(p.login, "scraping", "extension_lowslow_clerk", ["scraping"], account=p.login,
                      vendor="RecordBridge for Chrome (browser extension)", school=s.code)
    roll = sorted(s.pupils)
    k = rng.randrange(len(roll))
    per_day = []
    for d in range(world.days):
        if weekday(d) >= 5:
            continue
        n = rng.randint(60, 90)
        got = 0
        t = d * 86400.0 + rng.uniform(7.9, 8.3) * H
        gap = (7.2 * H) / n
        while got < n and t < d * 86400.0 + 16.5 * H:
            t += rng.uniform(.55, 1.45) * gap
            last = b.referer_at(t)
            i = _last_index(b, t)
            if last is None or i is None or t - b.hist_t[i] > 900:     # the clerk is not using the SIS now
                continue
            pid = roll[k % len(roll)]
            k += 1
            got += 1
            live = b.session_at(t)
            for path, size in ((T.P % pid, 27000), (T.TAB["contacts"] % pid, 16000), (T.TAB["health"] % pid, 19000)):
                log.add(t, b.ip, p.login if live else "-", "GET", path, 200 if live else 302,
                        int(rng.gauss(size, size * .12)) if live else 0, last, b.ua, tag, dur=rng.uniform(.08, .4))
                t += rng.uniform(.4, 1.6)
        per_day.append(got)
    truth.tags[tag]["params"].update(pupils_per_day=per_day)


def _last_index(b, t):
    from bisect import bisect_right
    i = bisect_right(b.hist_t, t)
    return i - 1 if i else None


def navigation_mimic(world, log, truth, rng, p):
    s = world.schools[p.school]
    tag = truth.abuse(p.login + "#mimic", "scraping", "home_pc_navigation_mimic", ["scraping"], account=p.login)
    b = Browser(log, rng, p.home_ip, p.home_ua, p.login, tag=tag)
    prefixes = sorted({s.surnames[x][:3] for x in s.pupils})
    k = rng.randrange(len(prefixes))
    opened = 0
    for d in range(world.days):
        if weekday(d) >= 5:
            continue
        d0 = d * 86400.0
        t = d0 + rng.uniform(8.85, 9.15) * H
        lunch_at, lunch_len = d0 + rng.uniform(11.9, 12.3) * H, rng.uniform(35, 55) * 60
        end = d0 + rng.uniform(16.85, 17.1) * H
        t = b.page(t, "/harbor/home.do", size=rng.randint(30000, 44000))
        b.start_polls(t)
        while t < end:
            pre = prefixes[k % len(prefixes)]
            k += 1
            search = "/harbor/student/search.do?lastName=%s&firstName=&schoolId=%s&grade=" % (pre, s.code)
            hits = s.by_prefix(pre)
            b.poll_until(t)
            t = b.page(t + T.think(rng, 3.5, .5), search, size=9000 + 600 * len(hits))
            for pid in hits[:12]:
                t += T.think(rng, 8, .6)
                b.poll_until(t)
                t = b.page(t, T.P % pid)
                for name in rng.sample(("contacts", "schedule", "attendance", "grades"), rng.randint(2, 4)):
                    t = b.page(t + T.think(rng, 15, .7), T.TAB[name] % pid)
                opened += 1
                t = b.page(t + T.think(rng, 4, .6), search, size=9000 + 600 * len(hits))     # "back"
                if rng.random() < .05:
                    t += rng.uniform(1, 3) * 60                                           # "reading"
                if rng.random() < .015:
                    t += rng.uniform(5, 15) * 60                                          # a "coffee break"
                if lunch_at and t > lunch_at:
                    b.poll_until(t)
                    t += lunch_len
                    lunch_at = None
                if t > end:
                    break
        b.poll_until(end)
        b.stop_polls()
    truth.tags[tag]["params"].update(pupils_opened=opened, think_time_s={"open": 8, "tab": 15, "back": 4})


def powershell_export(world, log, truth, rng, dev, p):
    b = dev.get(p, "work")
    tag = truth.abuse(p.login + "#ps", "scraping", "powershell_attendance_export", ["scraping"], account=p.login,
                      vendor="CallAhead absence notifier (scheduled task)", interval_s=600)
    n302 = 0
    for d in range(world.days):
        if weekday(d) >= 5:
            continue
        for i in range(72):
            t = d * 86400.0 + 6 * H + i * 600 + rng.uniform(1.5, 6.5)
            live = b.session_at(t)
            path = "/harbor/reports/attendance/export.do?schoolId=%s&date=%s&format=csv" % (p.school, T.date_of(d))
            size = int(900 + 160 * min(i, 30) * rng.uniform(.9, 1.1) * 40) if live else 0
            log.add(t, b.ip, p.login if live else "-", "GET", path, 200 if live else 302, size, "-", PS_UA, tag,
                    dur=rng.uniform(.4, 2.2) if live else .01)
            n302 += not live
    truth.tags[tag]["params"].update(n_redirected_to_cas=n302)


def stuffing_farm(world, log, truth, rng, taken):
    """Credential stuffing through residential proxies; hits scrape a little each."""
    src = truth.abuse("src:cas_stuffing_farm", "brute_force", "cas_stuffing_farm", ["brute_force"])
    pool = [ip_in(rng, rng.choice(PROXY_PREFIXES)) for _ in range(rng.randint(50, 80))]
    uas = [u for u, _ in UA_WORK[:3]] + [UA_HOME[1][0], UA_HOME[3][0]]
    victims = [p for p in world.staff if p.login not in taken]
    victims = rng.sample(victims, rng.randint(6, 9))
    start = (-1.5 * H if world.days > 1 else 0.5 * H) + (86400.0 if world.days > 1 else 0)
    end = start + (7.0 * H if world.days > 1 else 5 * H)
    n_attempts = rng.randint(260, 420)
    times = sorted(rng.uniform(start, end) for _ in range(n_attempts))
    hit_at = sorted(rng.sample(range(n_attempts), len(victims)))
    hits = dict(zip(hit_at, victims))
    for i, t in enumerate(times):
        ip, ua = rng.choice(pool), rng.choice(uas)
        if i not in hits:
            log.add(t, ip, "-", "GET", "/harbor/home.do", 302, 0, "-", ua, src, dur=rng.uniform(.004, .02))
            continue
        v = hits[i]
        taken[v.login] = 1
        tag = truth.abuse(v.login, "scraping", "cas_stuffing_farm", ["scraping", "brute_force"], account=v.login,
                          proxy=ip, leaked_list="2025 third-party breach (password reuse)")
        b = Browser(log, rng, ip, ua, v.login, tag=tag)
        b.emit(t, "GET", "/harbor/home.do", 302, 0, None, .01, user=False)
        b.ref = None
        t = _cas_back(b, t, rng)
        t = b.page(t, "/harbor/home.do", size=rng.randint(30000, 44000))
        s = world.schools.get(v.school) or world.schools["0311"]
        n = rng.randint(20, 45)
        for pid in rng.sample(s.pupils, n):
            t = T.open_pupil(b, t + T.think(rng, 5, .5), rng, s, pid, rng.choice(("search", "typeahead")))
            t = b.page(t + T.think(rng, 3, .5), T.TAB["contacts"] % pid)
            if rng.random() < .5:
                t = b.page(t + T.think(rng, 3, .5), T.TAB["demographics"] % pid)
        truth.tags[tag]["params"].update(n_pupils=n)
    truth.tags[src]["params"].update(n_attempts=n_attempts, n_proxies=len(pool), n_hits=len(victims),
                                     window=[start, end])


def _cas_back(b, t, rng):
    """The proxy came back from CAS with a ticket: the password worked."""
    t += rng.uniform(9, 22)
    b.sess = [t, t]
    b.sessions.append([t, t])
    b.login_day = int(t // 86400)
    b.emit(t, "GET", "/harbor/j_spring_cas_security_check?ticket=ST-%d-%s-cas0%d" %
           (rng.randint(10000, 999999), "".join(rng.choice("abcdefghijkLMNOPQRST0123456789") for _ in range(20)),
            rng.randint(1, 3)), 302, 0, "https://sso.harborschools.org/", rng.uniform(.06, .3))
    b.ref = "https://sso.harborschools.org/"
    return t + rng.uniform(.1, .4)


def run(world, log, truth, rng_for, dev, own, taken):
    extension_lowslow(world, log, truth, rng_for("abuse:extension"), dev, own["clerk"])
    navigation_mimic(world, log, truth, rng_for("abuse:mimic"), own["ap"])
    powershell_export(world, log, truth, rng_for("abuse:powershell"), dev, own["office"])
    stuffing_farm(world, log, truth, rng_for("abuse:stuffing"), taken)
