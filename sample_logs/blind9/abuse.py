"""Scraping through staff logins: an RPA robot, a residential-proxy scraper, a vendor posing as the
sanctioned sync, and a Power BI refresh pulling pupil-level feeds around the clock."""
import random

from . import world as W
from .benign import workday, normal_days, ensure_auth, evening
from .client import Browser, ln, hexid, search
from .lookalikes import free, mark, spread

MASHUP_UA = "Microsoft.Data.Mashup (https://go.microsoft.com/fwlink/?LinkID=304225)"
FEEDS = ["enrollment", "contacts", "guardians", "programs", "attendance-daily", "health-alerts"]


class Rotating(Browser):
    """A browser behind a residential proxy pool: the exit address changes every few requests."""

    def __init__(self, *a, pool=None, every=(3, 12), **k):
        Browser.__init__(self, *a, **k)
        self.pool, self.every, self.left, self.exits = pool, every, 0, []

    def send(self, *a, **k):
        if self.left <= 0:
            self.ip = self.pool.take("residential")
            self.exits.append(self.ip)
            self.left = self.r.randint(*self.every)
        self.left -= 1
        return Browser.send(self, *a, **k)


def run(sink, w, days, seed, L):
    r = random.Random("%s:scraping" % seed)
    wdays = [d for d in range(days) if W.weekday(d) < 5] or [0]
    own_line = [d["lea"] for d in w["districts"] if not d["nat"] and d["domain"]]

    # S1. UiPath robot in the registrar's own Chrome profile on her own PC, evenings (and some dawns)
    st = spread(r, [s for s in free(w, ["registrar", "office_manager"]) if s.lea in own_line]
                or free(w, ["registrar"]), L)
    rr = random.Random("%s:rpa:%s" % (seed, st.key))
    cycle, jit = rr.uniform(9.0, 14.0), rr.uniform(.04, .12)
    b = Browser(sink, rr, st.office_ip, st.office_ua, st.key, st.key)
    home = Browser(sink, rr, st.home_ip, st.home_ua, st.key, st.key)
    schools = [s for s in w["schools"].values() if s.lea == st.lea]
    queue = [(s, pk) for s in schools for pk in sorted(s.pupils, key=lambda k: hexid(random.Random(k), 6))]
    qi, windows = 0, []

    def robot(day, h0, h1, t):
        nonlocal qi
        t, stop = max(t, W.at(day, h0)), W.at(day, h1)
        win = [round(h0, 2), round(h1, 2), day]
        windows.append(win)
        t = ensure_auth(w, st, b, t)
        sch, roster = None, ""
        while t < stop and qi < len(queue):
            s, pk = queue[qi]
            if s is not sch or qi % 25 == 0:
                sch = s
                t = b.page(t + cycle * .3 * rr.lognormvariate(0, jit), "/sdh/enrol/roster.xhtml",
                           "school=%s&grade=all" % s.code, "roster", dur=ln(rr, 500, .3))
                t = b.ajax(t + 2.0 * rr.lognormvariate(0, jit))
                roster = b.ref
            step = cycle * rr.lognormvariate(0, jit) / 4
            b.ref = roster                              # the robot clicks the row, then goes Back
            t = b.page(t + step, "/sdh/pupil/summary.xhtml", "pk=" + pk, "summary")
            t = b.ajax(t + step)
            t = b.ajax(t + step)
            t = b.download(t + step, "/sdh/print/cumcard", "pk=%s&fmt=pdf" % pk, int(ln(rr, 95000, .3)),
                           ln(rr, 1300, .35))
            qi += 1
            if rr.random() < 1 / 260.0:
                t += rr.uniform(600, 2400)              # an unexpected dialog stalls the robot
            t = ensure_auth(w, st, b, t)
        win[1] = round((min(t, stop) - W.at(day, 0)) / 3600, 2)
        return t

    for day in range(days):
        if W.weekday(day) >= 5:
            continue
        t = 0
        if rr.random() < .5:
            b.close()
            t = robot(day, rr.uniform(5.2, 6.0), 6.9, t)
        res = workday(w, st, b, day, rr, arrive=rr.uniform(7.3, 7.8), leave=rr.uniform(15.8, 16.6), fresh=not t,
                      signout_p=0)
        t = res[1] if res else W.at(day, 16.5)
        robot(day, (t - W.at(day, 0)) / 3600 + rr.uniform(.1, .35), rr.uniform(20.5, 23.8), t)
        if rr.random() < st.evening_p:
            evening(w, st, day, rr, home)
    mark(L, st, "rpa_desktop_bot", tool="UiPath Robot (Chrome, owner's profile)", cycle_s=round(cycle, 2),
         cycle_sigma=round(jit, 3), pupils_harvested=qi, runs_local_h=windows, ip=b.ip, user_agent=b.ua)
    L["abuse"][st.key] = ("scraping", ["scraping"])

    # S2. scraper on a counselor's login behind a residential proxy pool, evenings, no page resources
    st = spread(r, free(w, ["counselor"]), L)
    rr = random.Random("%s:resi:%s" % (seed, st.key))
    normal_days(sink, w, st, days, rr)
    ua = W.CHROME.format(v=rr.choice([138, 139, 140]))
    b = Rotating(sink, rr, "", ua, st.key, st.key, assets=False, pool=w["ip"], every=(3, 12))
    med = rr.uniform(1.8, 5.0)
    n_pupils, runs = 0, []
    prefixes = sorted({a + c for a in "abcdefghijklmnoprstvwz" for c in "aeiloru"})
    rr.shuffle(prefixes)
    for day in range(days):
        h0 = rr.uniform(19.3, 22.5)
        h1 = h0 + rr.uniform(1.5, 3.6)
        runs.append([round(h0, 2), round(h1, 2), day])
        b.close()
        t = b.sso(W.at(day, h0), st.key, idp=ln(rr, 9, .3))
        while t < W.at(day, h1) and prefixes:
            t = search(b, t + ln(rr, med, .5), rr, st.lea, prefix=prefixes.pop(), scope="district",
                       paging=rr.choice([0, 1, 2]))
            sch = [s for s in w["schools"].values() if s.lea == st.lea]
            for _ in range(rr.randint(6, 20)):
                pk = rr.choice(rr.choice(sch).pupils)
                t = b.page(t + ln(rr, med, .5), "/sdh/pupil/summary.xhtml", "pk=" + pk, "summary", ajax=1, ajax_gap=med)
                t = b.page(t + ln(rr, med, .5), "/sdh/pupil/contacts.xhtml", "pk=" + pk, "contacts")
                n_pupils += 1
    mark(L, st, "residential_proxy_rotation", rotate_every_requests=[3, 12], median_gap_s=round(med, 2),
         pupils_viewed=n_pupils, runs_local_h=runs, ips=sorted(set(b.exits)), user_agent=ua, loads_assets=False)
    L["abuse"][st.key] = ("scraping", ["scraping", "credential_sharing"])
    for ip in sorted(set(b.exits)):
        L["sources"][ip] = {"label": "scraping", "behaviour": "residential_proxy_rotation",
                            "kinds": ["scraping", "credential_sharing"], "params": {"account": st.key}}

    # S3. a family-engagement vendor's nightly "sync" on a site admin's login, dressed as the county's sync
    st = spread(r, free(w, ["site_admin"]), L)
    rr = random.Random("%s:vend:%s" % (seed, st.key))
    normal_days(sink, w, st, days, rr)
    vip = w["ip"].take("aws")
    ua = "RosterSync/2.3 (Java/17.0.13)"
    every = rr.choice([3, 4, 6])
    b = Browser(sink, rr, vip, ua, st.key, st.key, assets=False)
    schools = [s for s in w["schools"].values() if s.lea == st.lea]
    n_req0 = len(sink.ev)
    for day in range(days):
        times = [(rr.uniform(1.05, 1.5), True)] + [(h + rr.uniform(0, .08), False) for h in range(6, 23, every)]
        for h, full in times:
            b.close()
            t = b.sso(W.at(day, h), st.key, idp=ln(rr, 1.4, .2))
            for s in schools:
                for rpt in (["ENR-CONTACTS", "ENR-CHANGES", "PRG-EL"] if full else ["ENR-CHANGES"]):
                    t = b.page(t + ln(rr, 1.2, .3), "/sdh/reports/run.xhtml", "rpt=%s&school=%s" % (rpt, s.code), "run")
                    for _ in range(rr.randint(2, 4)):
                        t = b.ajax(t + ln(rr, 1.0, .2))
                    t = b.download(t + .3, "/sdh/reports/download", "job=R%s&fmt=csv" % hexid(rr, 7),
                                   int(ln(rr, 60 * len(s.pupils) * (1 if rpt != "ENR-CHANGES" else .1), .3)),
                                   ln(rr, 2200, .4))
                if full:
                    t = b.page(t + ln(rr, 1.2, .3), "/sdh/enrol/roster.xhtml", "school=%s&grade=all" % s.code, "roster")
                    for _ in range(len(s.pupils) // 50):
                        t = b.ajax(t + ln(rr, .9, .25))
            if rr.random() < .5:
                t = b.sso_logout(t + 1)
    mark(L, st, "vendor_sync_mimic", vendor="ParentLoop family messaging", ip=vip, user_agent=ua,
         window_local="01:03-01:30 plus every %d h from 06:00" % every, intraday_every_h=every,
         n_requests=len(sink.ev) - n_req0, mimics=["svc-rostersync@callowaycoe.org"])
    L["abuse"][st.key] = ("scraping", ["scraping"])
    L["sources"][vip] = {"label": "scraping", "behaviour": "vendor_sync_mimic", "kinds": ["scraping"],
                         "params": {"account": st.key}}

    # S4. Power BI scheduled refresh pulling pupil-level feeds with a data coordinator's directory password
    st = spread(r, free(w, ["data_coordinator"]), L)
    rr = random.Random("%s:pbi:%s" % (seed, st.key))
    normal_days(sink, w, st, days, rr)
    gw = [w["ip"].take("azure") for _ in range(rr.randint(2, 4))]
    period = rr.choice([30, 60, 60])
    feeds = rr.sample(FEEDS, rr.randint(3, 5))
    schools = [s for s in w["schools"].values() if s.lea == st.lea]
    n = 0
    t = W.T0 + rr.uniform(60, 400)
    while t < W.at(days, 0):
        ip = rr.choice(gw)
        first = True
        tt = t
        for f in feeds:
            for s in schools:
                tt += rr.uniform(.05, .6)
                q = "/sdh/feeds/%s.csv?school=%s" % (f, s.code)
                if first:
                    sink.add(tt, int(ln(rr, 12, .3)), ip, "GET", q, 401, 381, 610, MASHUP_UA, "", "", "", "", "", "",
                             rr.randrange(2), st.key, "pbi")
                    first = False
                    tt += rr.uniform(.05, .2)
                sink.add(tt, int(ln(rr, 1500, .6)), ip, "GET", q, 200, int(ln(rr, 220 * len(s.pupils), .4)),
                         720, MASHUP_UA, "", "", st.ldap, "", "", "", rr.randrange(2), st.key, "pbi")
                n += 1
        t += period * 60 + rr.uniform(-20, 200)
    mark(L, st, "power_bi_feed_refresh", refresh_period_min=period, feeds=feeds, ips=gw, user_agent=MASHUP_UA,
         n_requests=n, log_names=[st.key, st.ldap], basic_user=st.ldap,
         note="feed requests carry the directory user name only in the journald rendering (Apache Basic auth)")
    L["abuse"][st.key] = ("scraping", ["scraping"])
    for ip in gw:
        L["sources"][ip] = {"label": "scraping", "behaviour": "power_bi_feed_refresh", "kinds": ["scraping"],
                            "params": {"account": st.key}}
