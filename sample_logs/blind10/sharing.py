"""Planted credential sharing: an offshore night contractor, a principal's login on her secretary's PC,
coaches sharing the athletic director's login on their phones, and a phished account's takeover."""
import random

from . import tasks as T
from . import world as W
from .client import Client


def AClient(*a, **k):
    return Client(*a, tag="abuse", **k)

from .scraping import _abusive
from .staff import Ctx, run_block

P = T.P
MANILA = ["112.198", "180.191", "122.2", "49.145", "124.106"]


def plan(pop, rng, addr, seed, days, scale, sources):
    jobs = []
    # offshore data-entry contractor keying the enrolment queue at night (Manila daytime)
    s = pop.pick(role="enrollment_clerk")
    ua = W.chrome_win(151)
    _abusive(s, "offshore_night_contractor", "credential_sharing", ["credential_sharing"], user_agent=ua,
             hours_local="21:15-06:40", country="PH", abuser_auth="local_form")
    jobs.append(lambda out, s=s: _night(out, s, seed, pop, addr, days, scale, ua, sources))

    # the principal's password used by her secretary in the other browser on the secretary's own PC
    princ = pop.pick(role="principal", level="M", where=lambda z: any(
        q.role == "secretary" and q.school == z.school and q.behaviour == "secretary" for q in pop.staff)
        and not any(q.school == z.school and q.label != "benign" for q in pop.staff))
    sec = [q for q in pop.staff if q.role == "secretary" and q.school == princ.school and q.behaviour == "secretary"][0]
    v = int(sec.ua.split("Chrome/")[1].split(".")[0]) if "Chrome/" in sec.ua else 157
    ua2 = W.chrome_win(v) if "Edg/" in sec.ua else W.chrome_win(v, edge=True)
    _abusive(princ, "principal_login_on_secretary_pc", "credential_sharing", ["credential_sharing"],
             user_agent=ua2, secretary=sec.login, secretary_pc=sec.desk, hours_local="12:45-15:45",
             abuser_auth="local_form")
    sec.extra["params"] = {"role": sec.role, "school": sec.school, "login": sec.login,
                           "note": "uses the principal's login in a second browser (%s)" % princ.login}
    jobs.append(lambda out, p=princ, q=sec: _secretary(out, p, q, seed, pop, addr, days, ua2))

    # coaches on the athletic director's login from their phones
    ad = pop.pick(role="athletic_director")
    coaches = [(W.phone_ua(rng), addr.any(W.RESIDENTIAL)) for _ in range(rng.randint(3, 4))]
    _abusive(ad, "coaches_share_ad_login", "credential_sharing", ["credential_sharing"],
             user_agents=[u for u, _ in coaches], n_people=len(coaches) + 1, home_ips=[h for _, h in coaches],
             abuser_auth="local_form")
    jobs.append(lambda out, s=ad: _coaches(out, s, seed, pop, addr, days, scale, coaches))

    # a phished HR/data account: a new country, a new browser, straight to the exports
    vic = pop.pick(where=lambda z: z.role in ("hr_specialist", "data_specialist"))
    ip1, ip2 = addr.pick(rng.choice(["102.89", "105.112", "197.210"])), addr.pick(rng.choice(["161.97", "173.212"]))
    ua4 = W.firefox_win(160) if "Firefox" not in vic.ua else W.chrome_win(157)
    _abusive(vic, "phished_account_takeover", "credential_sharing", ["credential_sharing", "scraping"],
             ips=[ip1, ip2], user_agent=ua4, countries=["NG", "DE"], abuser_auth="local_form")
    for ip in (ip1, ip2):
        sources[ip] = {"label": "credential_sharing", "behaviour": "phished_account_takeover",
                       "kinds": ["credential_sharing", "scraping"], "params": {"account": vic.login}}
    jobs.append(lambda out, s=vic: _takeover(out, s, seed, pop, addr, days, (ip1, ip2), ua4))
    return jobs


def _night(out, s, seed, pop, addr, days, scale, ua, sources):
    ips = []
    for night in range(-1, days):
        if W.weekday(night + 1) >= 5:          # Manila Saturday/Sunday
            continue
        x = Ctx(seed, pop, addr, night, random.Random("%s:night:%d" % (seed, night)))
        rng = x.rng
        ip = addr.any(MANILA)
        ips.append(ip)
        c = AClient(out, rng, (ip,), ua)
        t0 = W.at(night, rng.uniform(21.25, 22.5))
        t1 = W.at(night, 24 + rng.uniform(5.5, 6.65))
        brk = W.at(night, 24 + rng.uniform(0.8, 2.0))
        run_block(c, s, x, t0, t1, rate=11.0 * scale, sso=False, signout_p=0.7, lunch=(brk, brk + rng.uniform(1800, 3600)),
                  pick=lambda x_: T.enroll if x_.rng.random() < 0.7 else T.contact_update)
    for ip in ips:
        sources[ip] = {"label": "credential_sharing", "behaviour": "offshore_night_contractor",
                       "kinds": ["credential_sharing"], "params": {"account": s.login}}
    s.extra["params"]["ips"] = ips


def staff_eval(c, t, s, x):
    url = "%sstaff.eval&id=%d" % (P, x.rng.randint(300, 420))
    t = c.page(t, url)
    return c.post_redirect(t, url, url + "&saved=1", dwell=(120, 600))


def _secretary(out, princ, sec, seed, pop, addr, days, ua):
    for day in range(days):
        if not W.is_school_day(day):
            continue
        x = Ctx(seed, pop, addr, day, random.Random("%s:secretary:%d" % (seed, day)))
        rng = x.rng
        chain = W.chain_for(sec.desk)
        t = W.at(day, rng.uniform(12.75, 13.6))
        for k in range(rng.choice([1, 2, 2])):
            c = AClient(out, rng, chain, ua)
            t1 = t + rng.uniform(1800, 6000)
            t = run_block(c, princ, x, t, t1, rate=7.0, sso=False, signout_p=0.6,
                          pick=lambda x_: x_.rng.choice([T.discipline, T.discipline, T.report, T.messages, staff_eval,
                                                         T.lookup])) + rng.uniform(900, 2400)


def _coaches(out, s, seed, pop, addr, days, scale, coaches):
    for day in range(days):
        if not W.is_school_day(day):
            continue
        x = Ctx(seed, pop, addr, day, random.Random("%s:coaches:%d" % (seed, day)))
        rng = x.rng
        for ua, home in coaches:
            if rng.random() < 0.75 * scale:
                c = AClient(out, rng, (addr.any(W.CARRIER),), ua)
                t0 = W.at(day, rng.uniform(15.25, 18.4))
                run_block(c, s, x, t0, t0 + rng.uniform(240, 1000), rate=10.0, sso=False, signout_p=0.1,
                          pick=lambda x_: T.eligibility)
            if rng.random() < 0.35 * scale:
                c = AClient(out, rng, (home,), ua)
                t0 = W.at(day, rng.uniform(19.4, 21.6))
                run_block(c, s, x, t0, t0 + rng.uniform(300, 1200), rate=8.0, sso=False, signout_p=0.1,
                          pick=lambda x_: x_.rng.choice([T.eligibility, T.lookup]))


def _takeover(out, s, seed, pop, addr, days, ips, ua):
    rng = random.Random("%s:takeover" % seed)
    visits = [(0, rng.uniform(2.2, 4.5), ips[0]), (min(1, days - 1), rng.uniform(9.0, 11.0), ips[1])]
    for day, h, ip in visits:
        c = AClient(out, rng, (ip,), ua)
        c.cached = False
        t = c.form_signin(W.at(day, h), s.login, typing=(6, 20))
        t = c.page(t + rng.uniform(3, 9), P + "reports")
        todo = [("stu_directory", "ALL", "csv"), ("guardian_contacts", "ALL", "csv"), ("staff_directory", "ALL", "xlsx")]
        todo += [("guardian_contacts", b, "xlsx") for b, _, _, _ in rng.sample(W.SCHOOLS, rng.randint(3, 8))]
        for rpt, b, fmt in todo:
            url = "%sreport&rpt=%s&bldg=%s" % (P, rpt, b)
            t = c.page(t + rng.uniform(2, 8), url)
            t = c.hit(t + rng.uniform(1.5, 5), "GET", "/lodestar/export.php?rpt=%s&bldg=%s&fmt=%s" % (rpt, b, fmt),
                      kind="export", size=int(rng.uniform(0.4, 6.5) * 1e6 if b == "ALL" else rng.uniform(4e4, 4e5)))
        t = c.page(t + rng.uniform(4, 15), "/lodestar/admin/index.php?page=users", 403)
        if day == 0:
            url = P + "profile"
            t = c.page(t + rng.uniform(4, 12), url)
            t = c.post_redirect(t, url, url + "&saved=1", dwell=(15, 40))
        c.signout(t + rng.uniform(5, 30), sso=False)
