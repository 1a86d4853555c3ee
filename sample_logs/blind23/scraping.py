"""blind23 scraping: tools that use a staff member's sign-in to pull pupil records (vendor SAML sync, an RPA bot in
many short sessions, search paging, a browser extension harvesting SPED PDFs)."""
from . import tasks as T
from . import world as W
from .client import Browser
from .world import Prof

DAY = W.DAY
VENDOR_API = Prof("java", "Apache-HttpClient/4.5.14 (Java/17.0.12)")


def vendor_saml_sync(ctx, p, tag, ip):
    """A SIS vendor's sync tool with a data steward's state login: a headless Chrome does the SAML sign-in (and again
    when the 8-hour session ends), then a Java client calls the JSON endpoints with the copied cookies: each pupil's
    enrolment and transcript once, one request every 3-6 s, around the clock; a new full pass starts at 01:30."""
    rng = ctx.rng("abuse:vendor")
    rows = ctx.pupils.by[p.district]
    order = sorted(range(len(rows)), key=lambda i: rows[i][0][::-1])     # the vendor's own (hashed) order
    i = rng.randrange(len(order) // 3, len(order) // 2)                  # mid-pass when the window opens
    head = Browser(ctx, rng, W.device("headless", 146), ip, tag=tag)
    api = Browser(ctx, rng, VENDOR_API, ip, tag=tag)
    t = -3600 * (1 + rng.random() * 6.5)                                 # signed in before the window opened
    end = ctx.days * DAY
    gap = (3.0, 6.0)
    while t < end:
        if i >= len(order):                                              # pass done: idle until 01:30
            nxt = (int(t // DAY) + 1) * DAY + 1.5 * 3600 + rng.random() * 60
            t, i = nxt, 0
            continue
        if not (api.user != "N/A" and t < head.hard_exp):
            head.restart()
            t = head.login_saml(t, p.log_name, p.district, idp_wait=4 + rng.random() * 3)
            api.ts, api.sid, api.user, api.ksr = head.ts, head.sid, head.user, head.ksr
            api.hard_exp = head.hard_exp
            t += 2 + rng.random() * 3
        s = rows[order[i]][0]
        for part in ("enrollment", "transcript"):
            st = 404 if (part == "enrollment" and rng.random() < 0.006) else 200
            api.hit(t, "GET", "/ksr/api/v2/students/%s/%s" % (s, part), "", "api", st, ref=None)
            t += gap[0] + rng.random() * (gap[1] - gap[0])
            if st == 404:
                break
        i += 1
    return {"gap_s": list(gap), "pupils_in_district": len(rows), "session_hours": 8, "idp_flow": "saml"}


def rpa_short_sessions(ctx, p, tag, ip, prof):
    """An RPA bot driving a real Chrome in a consultancy's office with a registrar's password: sign in, 8-12 pupils
    at a person-like pace, sign out, close the browser, wait 10-25 minutes, again; office hours on school days."""
    rng = ctx.rng("abuse:rpa")
    todo = [r for c in (p.district, "TLG") for r in sorted(ctx.pupils.by[c], key=lambda r: r[0])]
    k = rng.randrange(len(todo) // 4)
    b = Browser(ctx, rng, prof, ip, tag=tag)
    for d in range(ctx.days):
        if not ctx.school_day(d):
            continue
        t = d * DAY + 3600 * (7.8 + rng.random() * 0.3)
        end = d * DAY + 3600 * (17.4 + rng.random() * 0.3)
        while t < end:
            b.restart()
            t = b.login_form(t, p.log_name, typing=3 + rng.random() * 2)
            for _ in range(rng.randint(8, 12)):
                r = todo[k % len(todo)]
                k += 1
                t = T.student(b, t + T.read(rng, 6, 0.4), r, ["enrollment", "demographics"], p.role)
                t += T.read(rng, 18, 0.35)
            t = b.logout(t + 2)
            t += 600 + rng.random() * 900
    return {"pupils_per_session": [8, 12], "wait_min": [10, 25], "office_hours": "07:50-17:30"}


def search_paging(ctx, p, tag, prof):
    """A district analyst's script at home, with the session cookie copied from her browser (and her browser's user
    agent): pages through /ksr/search district by district and grade by grade, 200 a page, never opens a pupil."""
    rng = ctx.rng("abuse:paging")
    own = Browser(ctx, rng, p.home_dev, p.home_ip)
    script = Browser(ctx, rng, prof, p.home_ip, tag=tag)
    plan = [(c, g) for c in W.DCODES for g in range(13)]
    k = 0
    for d in range(ctx.days):
        t = d * DAY + 3600 * (19.8 + rng.random() * 0.7)
        own.restart()
        t = own.login_saml(t, p.log_name, p.district, idp_wait=8 + rng.random() * 10)
        t = T.report(own, t + 30, p.district, export_p=0)
        script.ts, script.sid, script.user, script.ksr, script.pref = own.ts, own.sid, own.user, own.ksr, own.pref
        t += 120 + rng.random() * 200
        stop = t + 3600 * (3.2 + rng.random())
        while t < stop:
            code, g = plan[k % len(plan)]                      # a new pass starts where the last one ended
            n = max(1, int(W.DINFO[code][2] / 13 / 200 + 0.999))
            for page in range(1, n + 1):
                q = "district=%s&grade=%s&q=&page=%d&size=200&sort=ssid" % (code, "KG" if g == 0 else "%02d" % g, page)
                for _ in range(2):
                    st = 500 if rng.random() < 0.02 else 200
                    dur = 1.5 + rng.random() * 3
                    script.hit(t, "GET", "/ksr/search", q, "api", st, dur=dur, ref=None)
                    t += dur + 18 + rng.random() * 12
                    if st == 200:
                        break
            k += 1
    return {"page_size": 200, "gap_s": [18, 30], "hours": "from about 20:00, 3-4 h an evening"}


def extension_pdfs(ctx, p, tag):
    """A SPED coordinator's browser extension ('IEP export helper') at home: while her own tab is open in the evening,
    its background worker walks the district roster API and downloads every SPED plan PDF, 2-5 s apart."""
    rng = ctx.rng("abuse:ext")
    prof = W.device("chrome_win", 147)
    prof = Prof(prof.engine, prof.ua, prof.ch, prof.platform, False, "kdgmhofpbcnlaejiobkmnhmgcbgpjkfl")
    p.home_dev = prof
    rows = [r for r in ctx.pupils.by[p.district]]
    k = 0
    for d in range(ctx.days):
        own = Browser(ctx, rng, prof, p.home_ip)
        own.pref_val = p.district
        t = d * DAY + 3600 * (19.2 + rng.random() * 0.8)
        t = own.login_saml(t, p.log_name, p.district, idp_wait=5 + rng.random() * 8)
        t = T.student(own, t + 20, rows[rng.randrange(len(rows))], ["programs", "sped"], p.role, pdf_p=0.5)
        ext = Browser(ctx, rng, prof, p.home_ip, tag=tag)
        ext.ts, ext.sid, ext.user, ext.ksr, ext.pref = own.ts, own.sid, own.user, own.ksr, own.pref
        t0 = t + 30
        stop = t0 + 3600 * (1.0 + rng.random())
        own.idle(t0, stop + 600, stop - t0 + 600)
        t = t0
        while t < stop and k < len(rows):
            if k % 50 == 0:
                q = "grade=ALL&page=%d&size=50" % (k // 50 + 1)
                ext.hit(t, "GET", "/ksr/api/v2/district/%s/roster" % p.district, q, "ext", ref=None)
                t += 1 + rng.random()
            r = rows[k]
            k += 1
            if not r[4]:
                continue
            ext.hit(t, "GET", "/ksr/api/v2/students/%s/sped/documents" % r[0], "", "ext", ref=None)
            t += 0.8 + rng.random()
            for doc in r[4]:
                ext.hit(t, "GET", "/ksr/student/%s/sped/documents/%s.pdf" % (r[0], doc), "", "ext", ref=None,
                        dur=0.5 + rng.random())
                t += 2 + rng.random() * 3
    return {"extension_id": "kdgmhofpbcnlaejiobkmnhmgcbgpjkfl", "gap_s": [2, 5], "hours": "19:30-21:30"}
