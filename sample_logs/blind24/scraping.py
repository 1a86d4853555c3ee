"""Scraping behaviours (each labelled): a vendor pulling IEP and health JSON with a district's
attendance-sync API key in nightly bursts; Playwright with the JS SDK walking a district's IEP
documents on a psychologist's login from her home; an export-only script on a data clerk's
password asking for a different school and grade three times a minute all evening; a browser
extension in a teacher's own Chrome fetching pupils' contacts district-wide while she works."""
from . import tasks as T, world as W
from .client import Visit, ln

VENDOR_UA = "axios/1.7.9"
PW_UA = W.UA["win_chrome"].format(v=W.CV + 1)      # Playwright's bundled Chromium, one ahead of stable


class Abuse:
    """Bookkeeping for one labelled abusive behaviour."""

    def __init__(self, tag, behaviour, kinds, account=None, **params):
        self.tag, self.behaviour, self.kinds, self.account = tag, behaviour, kinds, account
        self.params, self.ips, self.uas, self.ai_users = params, [], [], []

    def use(self, cl):
        if cl.ip not in self.ips:
            self.ips.append(cl.ip)
        if cl.ua not in self.uas:
            self.uas.append(cl.ua)
        if cl.uid and cl.uid not in self.ai_users:
            self.ai_users.append(cl.uid)
        return cl


def vendor_key(ctx, key_name, d):
    r = ctx.rng("vendor_key")
    ab = Abuse("S1", "vendor_attendance_key_iep_health_pull", ["scraping"], key_name, district=d.code,
               vendor="Brightline Analytics (contracted by the district for dashboards)")
    cl = ab.use(ctx.client(ctx.w.net.alloc("aws_use2"), VENDOR_UA, sdk=False, cookies=False, sticky=False))
    pupils = list(d.pupils)
    i = done = 0
    for day in range(min(2, ctx.days)):
        t = ctx.at(day, 22.6) + r.uniform(0, 900)
        for page in range(1, len(pupils) // 200 + 2):
            ctx.emit(cl, t, "GET", "/api/v1/districts/%d/students" % d.code, "page=%d&pageSize=200" % page, 200,
                     ln(r, 190.0), key_name, acct=str(d.code), tag="S1")
            t += r.uniform(0.2, 0.6)
        for h in (23.1, 24.6, 26.3, 27.9):
            t = ctx.at(day, h) + r.uniform(-600, 600)
            for _ in range(r.randint(150, 320)):
                p = pupils[i % len(pupils)]
                i += 1
                for k, path in enumerate(("/api/v1/students/%d/iep" % p, "/api/v1/students/%d/health" % p)):
                    st = 200 if (k or p in d.iep) else 404
                    ctx.emit(cl, t + k * r.uniform(0.002, 0.03), "GET", path, "districtId=%d" % d.code, st,
                             ln(r, 45.0 if st == 200 else 12.0), key_name, acct=str(d.code), tag="S1")
                done += 1
                t += r.uniform(0.25, 0.9)
    ab.params.update(n_pupils=done, bursts_per_night=4, burst_size="150-320 pupils", gap_s="0.25-0.9",
                     nights=min(2, ctx.days), abuser_auth="api_key (X-Api-Key header)")
    return ab


def playwright_iep(ctx, s):
    r = ctx.rng("playwright")
    d = s.district
    ab = Abuse("S2", "playwright_iep_document_walk", ["scraping"], s.login,
               tool="Playwright (bundled Chromium, persistent context, JS SDK running)")
    cl = ctx.client(s.home_ip, PW_UA, sdk=True, blocker=False, uid=ctx.aiid(), assets=True)
    cl.ms.add(s.login)
    ab.use(cl)
    v = Visit(ctx, cl, s, r, tag="S2")
    pupils = sorted(d.iep, key=lambda p: (d.school_of[p], p))
    i = docs = 0
    for day in range(min(2, ctx.days)):
        t = ctx.at(day, r.uniform(19.4, 19.9))
        end = ctx.at(day, r.uniform(24.8, 25.6))
        while t < end and i < len(pupils):
            v.wake(t)
            t = v.page(t, "/SpecialEd/Caseload", "schoolId=%d" % d.school_of[pupils[i]], 200)
            for _ in range(r.randint(40, 90)):
                if i >= len(pupils) or t >= end:
                    break
                p = pupils[i]
                i += 1
                t = T.student(v, t + r.uniform(1.0, 2.5), d, p, (), False, True)
                q = "districtId=%d" % d.code
                t = v.page(t + r.uniform(1.0, 3.0), "/SpecialEd/Iep/%d" % p, q, 200,
                           [("GET", "/api/v1/students/%d/iep" % p, q, 200, ln(r, 50.0)),
                            ("GET", "/api/v1/students/%d/iep/documents" % p, q, 200, ln(r, 30.0))])
                for doc in d.iep[p]:
                    t = T.download(v, t + r.uniform(0.8, 2.0), "/SpecialEd/Iep/%d/Documents/%d" % (p, doc), q, ln(r, 420.0, 0.5))
                    docs += 1
                t += r.uniform(2.0, 8.0)
            v.sleep(t + 1)
            t += r.uniform(600, 1800)
    ab.ai_users = [cl.uid]
    ab.params.update(n_pupils=i, n_documents=docs, hours="19:30-01:30", per_pupil_s="5-15", nights=min(2, ctx.days),
                     abuser_auth="entra (saved Microsoft session in the Playwright profile)")
    return ab


def export_clerk(ctx, s):
    r = ctx.rng("export_clerk")
    d = s.district
    ab = Abuse("S3", "export_only_script_evenings", ["scraping"], s.login)
    ip = ctx.w.net.alloc("att", "Stockton")
    ua = W.UA["mac_chrome"].format(v=W.CV)
    slugs = ["student-contacts", "guardian-directory", "emergency-cards", "program-roster"]
    combos = [(sch.sid, g) for sch in d.schools for g in sch.grades]
    n = 0
    for day in range(min(2, ctx.days)):
        cl = ab.use(ctx.client(ip, ua, sdk=False, assets=False))
        v = Visit(ctx, cl, s, r, tag="S3")
        v.fail_p = 0.0
        t = ctx.at(day, r.uniform(18.2, 18.7))
        end = ctx.at(day, r.uniform(23.3, 23.8))
        t, _ = v.send(t, "GET", "/Account/Login", "", 200, ln(r, 18.0))
        t = v.password(t + r.uniform(0.3, 0.8), "", 0)
        v.touch(t)
        last = None
        while t < end:
            c = r.choice([c for c in combos if c != last] or combos)
            last = c
            slug = r.choice(slugs)
            t = T.download(v, t + r.uniform(0.1, 0.4), "/Reports/Export/" + slug,
                           "schoolId=%d&grade=%s&format=csv" % c, ln(r, 1600.0, 0.5), slug=slug)
            n += 1
            t += 20.0 + r.uniform(-1.5, 1.5) - 0.5
    ab.params.update(n_exports=n, rate_per_min=3, hours="18:15-23:45", report_slugs=slugs,
                     abuser_auth="local password", n_school_grade_combos=len(combos))
    return ab


def extension_contacts(ctx, s, owner_key):
    """Fetches issued by a browser extension inside the owner's own work browser."""
    r = ctx.rng("extension")
    d = s.district
    ab = Abuse("S4", "browser_extension_contact_harvest", ["scraping"], s.login,
               extension="'RosterSync for Tutors' (Chrome Web Store), content script on the Pathways origin")
    mine = [q for q in ctx.reqs if q.ckey == owner_key and q.user == s.login]
    mine.sort(key=lambda q: q.t)
    windows, cur = [], None
    for q in mine:
        if cur and q.t - cur[1] < 400:
            cur[1] = q.t
            cur[2] = q
        else:
            cur = [q.t, q.t, q]
            windows.append(cur)
    pupils = d.pupils[r.randrange(len(d.pupils)):] + d.pupils
    i = 0
    from .client import Client
    for w0, w1, ref in windows:
        if w1 - w0 < 300:
            continue
        ghost = Client(owner_key, ref.ip, ref.ua, sdk=False, cookies=True, inst=ref.inst)
        ab.use(ghost)
        if ref.uid and ref.uid not in ab.ai_users:
            ab.ai_users.append(ref.uid)
        t = w0 + r.uniform(20, 60)
        while t < w1:
            p = pupils[i % len(pupils)]
            i += 1
            ctx.emit(ghost, t, "GET", "/api/v1/students/%d/contacts" % p, "", 200, ln(r, 30.0), s.login,
                     acct=str(d.code), tag="S4", uid=ref.uid, sid=ref.sid)
            t += r.uniform(18, 48)
    ab.params.update(n_pupils=i, gap_s="18-48", abuser_auth="owner's session cookie (same browser)")
    return ab
