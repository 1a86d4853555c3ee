"""Scraping of pupil records through staff credentials, four styles unlike a textbook bot."""
from . import tasks as T
from . import world as W
from .client import Client, lognorm
from .staff import evening, ordinary_day, work_day

AGENT_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 Safari/537.36"
OKHTTP = "okhttp/4.12.0"


def _windows(ctx, plan):
    """Map (day, hour, minutes) onto the window, folding onto the last day when the window is short."""
    out = [(d, h, m) for d, h, m in plan if d < ctx.days]
    if len(out) < 2:
        out = sorted({(min(d, ctx.days - 1), h, m) for d, h, m in plan[:2]})
    return out


def llm_browser_agent(ctx):
    """A vendor's 'AI assistant' driving a real Chrome on a teacher's SSO login from a cloud host."""
    r, pop = ctx.rng("S1"), ctx.pop
    s = pop.pick(r, role="teacher", district="SVUSD", level="es", auth="saml")
    ips = [W.ip_in(r, W.CLOUD["gcp_us_west1"]) for _ in range(2)]
    plan = _windows(ctx, [(0, r.uniform(19.3, 20.8), r.uniform(40, 70)), (1, r.uniform(10.0, 10.8), r.uniform(25, 45)),
                          (1, r.uniform(20.0, 21.2), r.uniform(45, 75))])
    ctx.abuse("S1", "scraping", "llm_browser_agent", ["scraping"], s, no_sources=False,
              agent_host="GCP us-west1", pause_s=[10, 40], sessions=len(plan))
    seen, n_pupils = [], 0
    for k, (d, h, mins) in enumerate(plan):
        c = Client(ctx.log, r, ips[k % 2], AGENT_UA, tag="S1", warm=False)
        t = c.saml_login(W.local(d, h), s.login, idp_wait=r.uniform(3.5, 7.0), campus=s.campus)
        end = t + mins * 60
        t0 = t
        while t < end:
            t += r.uniform(10, 40) if r.random() < 0.9 else r.uniform(45, 95)
            x = r.random()
            if seen and x < 0.15:
                sid = r.choice(seen)
                t = T.student(c, t, sid, "teacher", ref=W.BASE + "/home")
                continue
            q = r.choice(W.LAST).lower()[:r.randint(3, 5)]
            search = "/search.php?q=%s&scope=district" % q
            t = c.page(t, search)
            t += r.uniform(10, 40)
            sid = r.choice(pop.all_sids if r.random() < 0.3 else pop.district_sids["SVUSD"])
            seen.append(sid)
            n_pupils += 1
            t = T.student(c, t, sid, "teacher", ref=W.BASE + search)
            for tab in r.sample(("attendance", "grades", "contacts", "tests", "discipline"), r.randint(0, 3)):
                t += r.uniform(10, 40)
                t = c.page(t, "/student.php?sid=%s&tab=%s" % (sid, tab))
            if r.random() < 0.2:
                t += r.uniform(10, 40)
                secs = [k2 for k2, v in pop.sections.items() if v[0] == pop.pupil_school[sid]]
                if secs:
                    t = c.page(t, "/roster.php?section=%d" % r.choice(secs), status=403)
        c.poll(t0, t)
    ctx.abuse_params("S1", pupils_opened=n_pupils, distinct_pupils=len(set(seen)))
    for d in range(ctx.days):
        ordinary_day(ctx, s, d, ctx.rng("S1own:%d" % d))


def mobile_token_scraper(ctx):
    """A counselor's long-lived mobile-app token replayed by an okhttp script from a home connection."""
    r, pop = ctx.rng("S2"), ctx.pop
    s = pop.pick(r, role="counselor", district="SVUSD", level="hs")
    if s.app_ua is None:
        s.app_ua = W.APP_IOS
    ips = [W.ip_in(r, ["68.3.", "70.190.", "98.167."])]
    ids = r.sample(pop.district_sids["SVUSD"], r.randint(1100, 1700))
    ids = [W.mistype(r, x) if r.random() < 0.04 else x for x in ids]
    start, stop = W.local(0, r.uniform(9.0, 11.0)), W.local(min(1, ctx.days - 1), 23.5)
    c = Client(ctx.log, r, ips[0], OKHTTP, user=s.login, tag="S2", browser=False)
    t, i, runs = start, 0, 0
    while i < len(ids) and t < stop:
        if runs == 3 and ctx.days > 1 and r.random() < 0.7:
            ips.append(W.ip_in(r, ["68.3.", "70.190.", "98.167."]))   # DHCP lease renewed
            c.ip = ips[-1]
        runs += 1
        t = c.api(t, "/api/v3/me", ref=None)
        for _ in range(r.randint(30, 220)):
            if i >= len(ids) or t > stop:
                break
            sid = ids[i]
            i += 1
            t += lognorm(r, 4.0, 0.9) + (r.uniform(30, 300) if r.random() < 0.02 else 0)
            ok = W.luhn_digit(sid[:-1]) == sid[-1] and sid in pop.pupil_school
            t = c.api(t, "/api/v3/students/%s" % sid, status=200 if ok else 404, nbytes=r.randint(1800, 4200) if ok else 96)
            if ok and r.random() < 0.3:
                t = c.api(t + r.uniform(0.3, 2.0), "/api/v3/students/%s/contacts" % sid, nbytes=r.randint(600, 1500))
        t += lognorm(r, 3 * 3600.0, 0.6)
    ctx.abuse("S2", "scraping", "mobile_token_scraper", ["scraping"], s, ids_listed=len(ids), ids_pulled=i,
              token="mobile-app refresh token (no cookies, no referer)")
    for d in range(ctx.days):
        rr = ctx.rng("S2own:%d" % d)
        ordinary_day(ctx, s, d, rr)


def offshore_bulk_export(ctx):
    """The official bulk export driven by a script on a data coordinator's SSO login, 2 am, foreign hosting."""
    r, pop = ctx.rng("S3"), ctx.pop
    s = pop.pick(r, role="data_coordinator", district="SVUSD")
    where = r.choice(("hetzner_helsinki", "ovh_singapore", "m247_bucharest"))
    ip = W.ip_in(r, W.CLOUD[where])
    ua = W.ua_firefox_win(157)
    d = min(1, ctx.days - 1)
    c = Client(ctx.log, r, ip, ua, tag="S3", browser=False)
    t = c.saml_login(W.local(d, 2.0 + r.uniform(0, 0.2)), s.login, idp_wait=r.uniform(2, 4), campus="ALL")
    t = c.page(t + r.uniform(2, 6), "/reports/index.php")
    n = 0
    slugs = list(T.EXPORTS)
    r.shuffle(slugs)
    for slug in slugs:
        for code in T.pop_schools("SVUSD") + ["ALL"]:
            t = c.page(t + r.uniform(2, 7), "/reports/run.php?report=%s&school=%s&term=Q2" % (slug, code))
            t = T.export_csv(c, t + r.uniform(1, 4), slug, code)
            n += 1
    c.hit(t + r.uniform(2, 6), "/auth/logout", status=302, kind="redirect")
    ctx.abuse("S3", "scraping", "offshore_bulk_export", ["scraping"], s, hosting=where, exports=n)
    for dd in range(ctx.days):
        ordinary_day(ctx, s, dd, ctx.rng("S3own:%d" % dd))


def extension_background_harvest(ctx):
    """A 'roster helper' browser extension in a teacher's own Chrome: background API fetches, no referer."""
    r, pop = ctx.rng("S4"), ctx.pop
    s = pop.pick(r, role="teacher", district="SVUSD", campus="SVH") or pop.pick(r, role="teacher", level="hs")
    s.ua_work = s.ua_home = W.ua_chrome_win(152)
    ctx.abuse("S4", "scraping", "extension_background_harvest", ["scraping"], s, no_sources=True,
              extension="'Roster Pro Helper' (background service worker)")
    pupils = 0
    for d in range(ctx.days):
        rr = ctx.rng("S4own:%d" % d)
        clients = []
        if W.is_school_day(d):
            c, _last = work_day(ctx, s, d, rr)
            clients.append(c)
            if rr.random() < 0.7:
                c2, _e = evening(ctx, s, d, rr, ua=s.ua_work)
                clients.append(c2)
        else:
            ordinary_day(ctx, s, d, rr)
        for c in clients:
            moments = [t for t, u in zip(c.pt, c.pu) if "student.php" in u or "roster.php" in u] or list(c.pt)
            for t in sorted(rr.sample(moments, min(len(moments), rr.randint(2, 4)))):
                x = Client(ctx.log, rr, c.ip, c.ua, user=s.login, tag="S4", browser=False)
                t += rr.uniform(1.0, 4.0)
                q = rr.choice("abcdefghijklmnoprstvw")
                found = rr.sample(pop.district_sids["SVUSD"], rr.randint(30, 80))
                for off in range(0, len(found), 100):
                    t = x.api(t, "/api/v3/search/students?q=%s&scope=district&limit=100&offset=%d" % (q, off), ref=None)
                for sid in found:
                    t = x.api(t + rr.uniform(0.15, 1.2), "/api/v3/students/%s" % sid, ref=None)
                    t = x.api(t + rr.uniform(0.1, 0.6), "/api/v3/students/%s/contacts" % sid, ref=None)
                    if rr.random() < 0.5:
                        t = x.api(t + rr.uniform(0.1, 0.6), "/api/v3/students/%s/tests" % sid, ref=None)
                pupils += len(found)
    ctx.abuse_params("S4", pupils_fetched=pupils)


def run_all(ctx):
    llm_browser_agent(ctx)
    mobile_token_scraper(ctx)
    offshore_bulk_export(ctx)
    extension_background_harvest(ctx)
