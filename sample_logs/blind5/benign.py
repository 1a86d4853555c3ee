"""Ordinary staff work and benign look-alikes."""
import zlib
from . import app
from .session import Client
from .world import fill_ua, rand_ip, MOBILE_PREFIXES, HOTEL_PREFIXES, UA_MOBILE

ITINERANT = ("psychologist", "speech", "related_services")


def scope_of(st):
    return {s.code for s in (st.district.schools if st.role in ("coordinator", "clerk") else st.schools)}


def inner_xff(ctx, st, school=None):
    sc = school or (st.schools[0] if st.role not in ("coordinator", "clerk") else None)
    if sc is not None and sc.filtered:
        return "10.%d.%d.%d" % (zlib.crc32(sc.code.encode()) % 200 + 20, ctx.rng.randint(0, 31), ctx.rng.randint(2, 250))
    return None


def staff_client(ctx, st, t, ip=None, ua=None, beh="staff", xff=None, **kw):
    return Client(ctx, t, ip or st.base_ip, ua or st.ua, user=st.email, beh=beh, scope=scope_of(st),
                  xff=xff if ip else (xff or inner_xff(ctx, st)), **kw)


def caseload_of(ctx, st):
    if not hasattr(st, "caseload"):
        pool = [s for sc in st.schools for s in sc.students]
        st.caseload = ctx.rng.sample(pool, min(len(pool), ctx.rng.randint(12, 35)))
    return st.caseload


def sign_in(c, st, typo=None):
    if st.sso:
        app.login_sso(c, st.district)
    else:
        app.login_form(c, typo=(c.rng.random() < 0.06) if typo is None else typo)
    app.dashboard(c)


def one_task(c, ctx, st):
    """One unit of human work: a few screens with reading/typing pauses."""
    rng = c.rng
    cl = caseload_of(ctx, st)
    stu = rng.choice(cl)
    r = rng.random()
    role = st.role
    if role in ("coordinator", "clerk") and r < 0.35:
        sc = rng.choice(st.district.schools)
        app.roster(c, sc)
        c.pause(25)
        if rng.random() < 0.3 and len(sc.students) > 50:
            app.roster(c, sc, offset=50)
            c.pause(20)
        stu = rng.choice(sc.students)
        r = 0.5
    elif role == "coordinator" and r < 0.5:
        app.reports(c)
        c.pause(20)
        rt = rng.choice(app.REPORT_TYPES)
        app.reports(c, rt, rng.choice(st.district.schools) if rng.random() < 0.6 else None)
        c.pause(60)
        if rng.random() < 0.3:
            app.reports(c, rt, None, export=rng.choice(["csv", "pdf"]))
        return
    if r < 0.12:
        app.search(c, stu.last[:rng.randint(3, 6)])
        c.pause(4)
    elif r < 0.2:
        app.caseload(c)
        c.pause(15)
        if rng.random() < 0.3:
            app.caseload(c, 1)
            c.pause(12)
    elif r < 0.26:
        app.meetings(c, schedule=rng.random() < 0.3)
        c.pause(30)
        return
    elif r < 0.3:
        app.dashboard(c)
        c.pause(20)
        return
    if not app.student(c, stu):
        return
    c.pause(60)
    r = rng.random()
    if r < 0.45 and stu.plans:
        doc = rng.choice(stu.plans)
        app.plan(c, stu, doc)
        c.pause(70)
        if rng.random() < 0.35 and role != "clerk":
            app.edit_plan(c, stu, doc, rng.uniform(3, 15))
    elif r < 0.6 and role != "clerk":
        app.progress(c, stu, write=rng.random() < 0.7)
    elif r < 0.72 and stu.docs:
        app.download(c, rng.choice(stu.docs))
        c.pause(90)
    elif r < 0.78 and role in ("clerk", "psychologist", "speech"):
        c.pause(20)
        app.upload(c, stu)
    c.pause(25)


def work_until(c, ctx, st, until, meetings=True):
    rng = c.rng
    while c.t < until:
        one_task(c, ctx, st)
        x = rng.random() / st.intensity
        if meetings and x < 0.05:
            if rng.random() < 0.5:
                c.idle(rng.uniform(20, 60) * 60)  # meeting with the tab still open
            else:
                c.suspend(rng.uniform(25, 80) * 60)
        elif x < 0.25:
            c.pause(240, 0.9)  # phone call, email, student contact
        else:
            c.pause(110, 0.7)


def ordinary_day(ctx, st, day, beh="staff", ip=None, shift=0.0, evening=None):
    rng = ctx.rng
    if not ctx.weekday(day):
        if rng.random() < 0.06:
            home_session(ctx, st, day, beh, rng.uniform(10, 16))
        return
    if rng.random() < 0.07 and ip is None:
        return  # out sick / professional development
    if st.mobile_ua and rng.random() < 0.2:
        phone_check(ctx, st, day, beh, rng.uniform(6.2, 7.3))
    start = ctx.at(day, rng.gauss(7.7, 0.35) + shift)
    lunch = ctx.at(day, rng.uniform(11.3, 12.5) + shift)
    end = ctx.at(day, rng.gauss(15.9, 0.45) + shift)
    c = staff_client(ctx, st, start, ip=ip, beh=beh)
    sign_in(c, st)
    work_until(c, ctx, st, lunch)
    c.suspend(rng.uniform(25, 55) * 60)
    if ip is None and st.role in ITINERANT and len(st.schools) > 1:
        sc = st.schools[rng.randint(1, len(st.schools) - 1)]
        c.ip, c.xff = sc.nat_ip, inner_xff(ctx, st, sc)
    work_until(c, ctx, st, end)
    if rng.random() < 0.35:
        app.logout(c)
    else:
        c.close()
    if (st.evening if evening is None else evening) and rng.random() < 0.5:
        home_session(ctx, st, day, beh, rng.uniform(18.8, 21.3), ip=ip)
    return c


def home_session(ctx, st, day, beh, hour, ip=None):
    c = staff_client(ctx, st, ctx.at(day, hour), ip=ip or st.home_ip, beh=beh, cold=False)
    sign_in(c, st, typo=False)
    work_until(c, ctx, st, c.t + ctx.rng.uniform(15, 70) * 60, meetings=False)
    c.close()


def phone_check(ctx, st, day, beh, hour):
    c = staff_client(ctx, st, ctx.at(day, hour), ip=rand_ip(ctx.rng, MOBILE_PREFIXES), ua=st.mobile_ua, beh=beh)
    sign_in(c, st, typo=False)
    c.pause(20)
    for _ in range(ctx.rng.randint(0, 2)):
        app.student(c, ctx.rng.choice(caseload_of(ctx, st)))
        c.pause(40)
    c.close()


# ---------------------------------------------------------------- look-alikes
def compliance_report_coordinator(ctx):
    st = ctx.take(ctx.world.staff_by_role("coordinator"))
    day = ctx.rng.choice(ctx.workdays())
    n = ctx.rng.randint(120, 190)
    ctx.label_account(st.email, "benign", "compliance_report_review", [], day=day, students=n)
    for d in range(ctx.days):
        if d != day:
            ordinary_day(ctx, st, d, beh="compliance_report_review")
    c = staff_client(ctx, st, ctx.at(day, ctx.rng.uniform(7.5, 8.2)), beh="compliance_report_review")
    sign_in(c, st)
    work_until(c, ctx, st, ctx.at(day, 11.9))
    c.suspend(ctx.rng.uniform(30, 50) * 60)
    studs = ctx.rng.sample(st.district.students, min(n, len(st.district.students)))
    studs.sort(key=lambda s: (s.school.code, s.last))
    cur = None
    for s in studs:
        if s.school is not cur:
            cur = s.school
            app.roster(c, cur, sort="next_review")
            c.pause(20)
        app.student(c, s)
        c.pause(25, 0.6)
        if s.plans and ctx.rng.random() < 0.7:
            app.plan(c, s, s.plans[0])
            c.pause(40, 0.6)
    for rt in ctx.rng.sample(app.REPORT_TYPES, 3):
        app.reports(c, rt, None)
        c.pause(60)
        app.reports(c, rt, None, export="csv")
        c.pause(30)
    c.close()


def it_nightly_sync(ctx):
    w = ctx.world
    email = "svc-sis-sync@cde-sped.org"
    ip = w.uniq_ip(["165.127.22"])
    ctx.label_account(email, "benign", "it_nightly_sync", [], ip=ip, schedule="01:30 nightly")
    ua = "sesame-sis-sync/4.2.1 python-httpx/0.27.0"
    for day in range(ctx.days):
        c = Client(ctx, ctx.at(day, 1.5 + ctx.rng.uniform(0, 0.02)), ip, ua, user=email, beh="it_nightly_sync",
                   browser=False)
        app.api_login(c)
        cursor = None
        pages = ctx.rng.randint(8, 20)
        for i in range(pages):
            q = "since=%d&limit=500" % int(c.t - 86400)
            if cursor:
                q += "&cursor=%s" % cursor
            c.req("GET", "/api/v2/sync/changes?" + q, size=c.rng.randint(90_000, 160_000), gap=0.05)
            cursor = "".join(c.rng.choice("abcdef0123456789") for _ in range(16))
        changed = ctx.rng.sample([s for d in w.districts for s in d.students], ctx.rng.randint(150, 400))
        for s in changed:
            c.req("GET", "/api/v2/students/%s?include=plans,services" % s.sid, size=c.rng.randint(4000, 9000),
                  gap=c.rng.uniform(0.05, 0.2))
            if c.t > c.token_exp - 60:
                c.refresh()
        c.req("POST", "/api/v2/sync/ack", size=60, recv=300)


def psychologist_two_devices(ctx):
    st = ctx.take(ctx.world.staff_by_role("psychologist"))
    ipad = fill_ua(ctx.rng, UA_MOBILE[2])
    day = ctx.rng.choice(ctx.workdays())
    ctx.label_account(st.email, "benign", "psychologist_two_devices", [], day=day)
    for d in range(ctx.days):
        ordinary_day(ctx, st, d, beh="psychologist_two_devices", ip=st.schools[0].nat_ip if d == day else None)
    lte = ctx.rng.random() < 0.5
    c = staff_client(ctx, st, ctx.at(day, 8.6), ip=rand_ip(ctx.rng, MOBILE_PREFIXES) if lte else st.schools[0].nat_ip,
                     ua=ipad, beh="psychologist_two_devices", xff=None if lte else inner_xff(ctx, st))
    sign_in(c, st, typo=False)
    for _ in range(ctx.rng.randint(3, 6)):
        s = ctx.rng.choice(caseload_of(ctx, st))
        app.student(c, s)
        c.pause(60)
        app.progress(c, s)
        app.upload(c, s)
        c.idle(ctx.rng.uniform(15, 45) * 60)  # testing session, iPad on the table
    c.close()


def travelling_staff(ctx):
    st = ctx.take(ctx.world.staff_by_role("coordinator", "psychologist", "case_manager"))
    hotel = rand_ip(ctx.rng, HOTEL_PREFIXES)
    ctx.label_account(st.email, "benign", "travelling_staff", [], hotel_ip=hotel, note="conference, Pacific time")
    for d in range(ctx.days):
        if ctx.weekday(d):
            ordinary_day(ctx, st, d, beh="travelling_staff", ip=hotel, shift=1.0, evening=True)
            if st.mobile_ua is None:
                st.mobile_ua = fill_ua(ctx.rng, UA_MOBILE[0])
            phone_check(ctx, st, d, "travelling_staff", ctx.rng.uniform(12.5, 13.5))


def tab_restore(ctx):
    st = ctx.take(ctx.world.staff_by_role("case_manager"))
    day = ctx.rng.choice(ctx.workdays())
    n = ctx.rng.randint(11, 18)
    ctx.label_account(st.email, "benign", "browser_tab_restore", [], day=day, tabs=n)
    for d in range(ctx.days):
        if d != day:
            ordinary_day(ctx, st, d, beh="browser_tab_restore")
    c = staff_client(ctx, st, ctx.at(day, 7.6), beh="browser_tab_restore")
    sign_in(c, st, typo=False)
    t0 = c.t
    tabs = []
    for i in range(n):
        s = ctx.rng.choice(caseload_of(ctx, st))
        tb = staff_client(ctx, st, t0 + i * ctx.rng.uniform(0.05, 0.3), beh="browser_tab_restore", cold=False)
        tb.port, tb.xff, tb.authed, tb.token_exp = c.port, c.xff, True, c.token_exp
        if i % 3 == 0 and s.plans:
            app.plan(tb, s, s.plans[0], full=True)
        else:
            app.student(tb, s, full=True)
        tb.start_timers()
        tabs.append(tb)
    c.t = t0 + 20
    work_until(c, ctx, st, ctx.at(day, 11.8))
    for tb in tabs:
        tb.idle(c.t - tb.t)
        tb.close()
    c.suspend(40 * 60)
    work_until(c, ctx, st, ctx.at(day, 15.7))
    c.close()


def uptime_monitors(ctx):
    w, rng = ctx.world, ctx.rng
    ur = [w.uniq_ip(["216.144.250"]) for _ in range(3)] + [w.uniq_ip(["69.162.124"])]
    pd = [w.uniq_ip(["178.255.153"]), w.uniq_ip(["185.180.12"])]
    for ip in ur:
        ctx.label_ip(ip, "benign", "uptime_monitor", [], service="UptimeRobot", interval_s=60)
    for ip in pd:
        ctx.label_ip(ip, "benign", "uptime_monitor", [], service="Pingdom", interval_s=300)
    t, end = ctx.at(0, 0) + rng.uniform(0, 60), ctx.end()
    uau = "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)"
    while t < end:
        c = Client(ctx, t, rng.choice(ur), uau, beh="uptime_monitor", browser=False)
        c.req("GET" if rng.random() < 0.9 else "HEAD", "/healthz", size=27, ctype="application/json", auth=False,
              dur=rng.uniform(1, 4), ref="-")
        t += 60 + rng.uniform(-0.3, 0.3)
    t = ctx.at(0, 0) + rng.uniform(0, 300)
    while t < end:
        c = Client(ctx, t, rng.choice(pd), "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)",
                   beh="uptime_monitor", browser=False)
        c.req("GET", "/login", size=2150, ctype="text/html; charset=utf-8", auth=False, ref="-")
        t += 300 + rng.uniform(-1, 1)


def search_crawlers(ctx):
    w, rng = ctx.world, ctx.rng
    bots = [("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", ["66.249.66", "66.249.68"]),
            ("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36",
             ["40.77.167", "157.55.39"])]
    for ua, nets in bots:
        ips = [w.uniq_ip([rng.choice(nets)]) for _ in range(4)]
        for ip in ips:
            ctx.label_ip(ip, "benign", "search_crawler", [], ua=ua.split(";")[1].strip())
        t = ctx.at(0, 0)
        while t < ctx.end():
            t += rng.expovariate(1 / 1500.0)
            c = Client(ctx, t, rng.choice(ips), ua, beh="search_crawler", browser=False)
            r = rng.random()
            if r < 0.15:
                c.req("GET", "/robots.txt", size=212, ctype="text/plain", auth=False, ref="-")
            elif r < 0.22:
                c.req("GET", "/sitemap.xml", size=1900, ctype="application/xml", auth=False, ref="-")
            elif r < 0.3:
                c.req("GET", "/help/", size=8200, ctype="text/html; charset=utf-8", auth=False, ref="-")
            else:
                c.req("GET", "/help/articles/%s" % rng.choice(app.HELP), size=rng.randint(9000, 22000),
                      ctype="text/html; charset=utf-8", auth=False, ref="-", status=200 if rng.random() < 0.97 else 404)
