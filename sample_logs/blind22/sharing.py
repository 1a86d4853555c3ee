"""Credential sharing (label ``credential_sharing``).

C1 ``generic_frontoffice_login``  one generic office login used by three aides at once, each on her own PC
C2 ``ap_login_shared_with_secretary`` an assistant principal's login: secretary's Chrome mornings, his laptop afternoons
C3 ``sold_parent_portal_account`` a guardian's portal password sold: sign-ins from several countries the same day
C4 ``teacher_login_used_by_substitute`` a teacher on leave lets the long-term substitute use her SSO login in class
"""
from . import staff as S
from . import tasks as T
from . import world as W
from .client import Browser
from .parents import guardian_session
from .people import Person, pick

BUYERS = [("NG", "102.89.%d.%d", W.ua_android(150), 3.0), ("VN", "14.161.%d.%d", W.ua_android(154), 7.5),
          ("BR", "177.37.%d.%d", W.ua_chrome_win(153), 10.5), ("PH", "112.198.%d.%d", W.ua_android(156), 9.0),
          ("RO", "86.124.%d.%d", W.ua_firefox_win(157), 4.5), ("PK", "39.45.%d.%d", W.ua_android(149), 2.0)]
OFFICE_TASKS = [(T.office_attendance, 3), (T.open_card, 4), (T.search_page, 2), (T.print_card, 1), (T.messages, 1)]
AP_TASKS = [(T.discipline, 5), (T.open_card, 3), (T.office_attendance, 1), (T.messages, 1)]


def _loop(c, t, end, tasks, rate):
    while t < end:
        t = T.random_task(c, t, tasks) + c.r.expovariate(rate / 3600.0)
    return t


def setup(w, out):
    r = w.rng("sharing")
    g = Person(login="frontoffice.cpe@" + W.DOMAIN, role="generic_office", campus="CPE", auth="local",
               behaviour="generic_frontoffice_login", nat=W.CAMPUS["CPE"][4], level="es")
    w.extra_accounts[g.login] = w.c1 = g
    w.c1_aides = [(W.ua_edge_win(), 7.3, 11.6, g.login), (W.ua_chrome_win(155), 8.9, 14.6, "Frontoffice.cpe@" + W.DOMAIN),
                  (W.ua_firefox_win(), 11.0, 15.8, g.login)]
    w.abuse["C1"] = {"account": g.login, "label": "credential_sharing", "behaviour": g.behaviour,
                     "kinds": ["credential_sharing"], "params": {"n_people": 3, "shifts_local": [
                         "Edge 07:20-11:35", "Chrome 155 08:55-14:35 (types 'Frontoffice.cpe@')", "Firefox 11:00-15:50"],
                         "abuser_auth": "local form"}}
    ap = pick(w, r, "assistant_principal", "HHS")
    sec = pick(w, r, "secretary", "HHS")
    ap.behaviour, ap.day_fn = "ap_login_shared_with_secretary", ap_day
    w.c2 = (ap, sec, W.ua_chrome_win(155))
    w.abuse["C2"] = {"account": ap.login, "label": "credential_sharing", "behaviour": ap.behaviour,
                     "kinds": ["credential_sharing"], "params": {
                         "sharer": sec.login, "morning_local": "07:25-11:40 secretary's Chrome (trusted device, no MFA)",
                         "afternoon_local": "12:20-15:40 owner's own laptop (SSO)", "abuser_auth": "local form"}}
    kids = [x for x in w.guardians if W.CAMPUS[x.campus][2] in ("es", "ms")]
    w.c3 = r.choice(kids)
    w.c3.behaviour = "sold_parent_portal_account"
    w.c3_buyers = r.sample(BUYERS, 4)
    w.abuse["C3"] = {"account": w.c3.login, "label": "credential_sharing", "behaviour": w.c3.behaviour,
                     "kinds": ["credential_sharing"], "params": {"countries": [b[0] for b in w.c3_buyers],
                                                                 "owner_country": "US"}}
    sub = pick(w, r, "teacher", "FVM")
    sub.behaviour, sub.day_fn, sub.never_absent, sub.phone_prob = "teacher_login_used_by_substitute", sub_day, True, 0
    sub.phone = W.ua_iphone()
    sub.laptop = Browser(out, w.rng("C4-chromebook"), W.ua_chromeos(155), sub.nat, actor="C4")
    w.abuse["C4"] = {"account": sub.login, "label": "credential_sharing", "behaviour": sub.behaviour,
                     "kinds": ["credential_sharing"], "params": {
                         "substitute_device": "cart Chromebook, ChromeOS", "owner": "on leave; checks in from home "
                         "on her iPhone midday and evenings", "abuser_auth": sub.auth + (" (owner approves the IdP push)" if sub.auth == "sso" else "")}}


def frontoffice(w, out):
    g = w.c1
    for day in range(w.days):
        if not w.school_day[day]:
            continue
        for k, (ua, lo, hi, typed) in enumerate(w.c1_aides):
            r = w.rng("C1", k, day)
            if r.random() < 0.08:
                continue
            if not hasattr(g, "aide%d" % k):
                setattr(g, "aide%d" % k, Browser(out, w.rng("C1b", k), ua, g.nat, actor="C1"))
            b = getattr(g, "aide%d" % k)
            b.new_day(ip=g.nat)
            c = T.Ctx(w, g, b, r, day)
            t, end = w.t(day, lo + r.uniform(0, 0.3)), w.t(day, hi + r.uniform(-0.2, 0.2))
            t = b.form(t, typed, typos=1 if r.random() < 0.1 else 0)
            while t < end:
                if b.expired(t):
                    t = b.form(t, typed, bookmark=True)
                t = T.random_task(c, t, OFFICE_TASKS) + r.expovariate(7.0 / 3600)
            b.close(t)


def ap_day(w, p, day, out):
    ap, sec, ua = w.c2
    r = w.rng("C2", day)
    if not w.school_day[day]:
        S.away_session(w, p, day, out, 9.5, 20.5, key="wkend")
        return
    if not hasattr(w, "c2_browser"):
        w.c2_browser = Browser(out, w.rng("C2b"), ua, sec.nat, actor="C2")
    b = w.c2_browser
    b.new_day(ip=sec.nat)
    c = T.Ctx(w, ap, b, r, day)
    t = b.form(w.t(day, r.uniform(7.4, 7.7)), ap.login)
    t = _loop(c, t, w.t(day, r.uniform(11.5, 11.8)), AP_TASKS, 6.0)
    b.close(t)
    own = S.laptop(w, ap, out)
    own.new_day(ip=ap.nat)
    S.session_block(w, ap, day, out, own, w.t(day, r.uniform(12.3, 12.6)), r.uniform(170, 200), 5.0, AP_TASKS,
                    key="pm")
    S.away_session(w, ap, day, out, 18.3, 21.8)


def sub_day(w, p, day, out):
    r = w.rng("C4", day)
    if w.school_day[day]:
        S.workday(w, p, day, out)                 # p.laptop is the substitute's Chromebook (actor C4)
        if r.random() < 0.5:
            b = Browser(out, r, p.phone, p.home_ip)
            S.session_block(w, p, day, out, b, w.t(day, r.uniform(12.0, 12.6)), r.uniform(4, 12), 8.0,
                            [(T.gradebook, 2), (T.messages, 2), (T.open_card, 1)], True, "mid")
    if r.random() < (0.6 if w.school_day[day] else 0.3):
        b = Browser(out, r, p.phone, p.home_ip)
        S.session_block(w, p, day, out, b, w.t(day, r.uniform(19.0, 21.3)), r.uniform(6, 25), 8.0,
                        [(T.gradebook, 2), (T.messages, 2), (T.open_card, 1)], True, "eve")


def parent_buyers(w, out):
    g = w.c3
    for day in range(w.days):
        r = w.rng("C3", day)
        guardian_session(w, g, day, w.t(day, r.uniform(19.0, 21.5)), out, r)      # the real parent
        for cc, pat, ua, local_h in w.c3_buyers:
            for _ in range(r.choice([1, 1, 2])):
                ip = pat % (r.randint(0, 255), r.randint(2, 250))
                t = w.t(day, (local_h + r.uniform(0, 9)) % 24)
                guardian_session(w, g, day, t, out, r, actor="C3", ua=ua, ip=ip,
                                 extra=["/parent/contacts.php", "/parent/student.php?stu=" + g.child.sid])


def run(w, out):
    frontoffice(w, out)
    parent_buyers(w, out)
