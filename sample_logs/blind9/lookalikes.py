"""Hard benign look-alikes: bulk but legitimate work, shared PCs, phones next to laptops, a slow auditor."""
import random

from . import world as W
from .benign import workday, normal_days, ensure_auth, extract, EXTRACTS, task
from .client import Browser, ln, open_pupil


def free(w, roles, login="sso", lea=None):
    return [s for s in w["staff"] if s.role in roles and not getattr(s, "custom", False) and s.login == login
            and (lea is None or s.lea == lea)]


def spread(r, cands, L):
    """Pick one candidate, preferring districts that no other planted case uses yet."""
    used = L.setdefault("leas", [])
    pref = [c for c in cands if c.lea not in used] or cands
    c = r.choice(pref)
    used.append(c.lea)
    return c


def mark(L, st, behaviour, **params):
    st.custom, st.behaviour = True, behaviour
    st.params.update(params)


def run(sink, w, days, seed, L):
    r = random.Random("%s:lookalikes" % seed)
    wdays = [d for d in range(days) if W.weekday(d) < 5] or [0]
    # 1. registrar's enrolment import day: upload a batch, then accept hundreds of pupils quickly
    for st in r.sample(free(w, ["registrar"]), 2):
        day = r.choice(wdays)
        n = r.randint(150, 450)
        gap = r.uniform(4.0, 9.0)
        mark(L, st, "enrolment_import_day", day=day, n_reviewed=n, median_gap_s=round(gap, 1))
        rr = random.Random("%s:imp:%s" % (seed, st.key))
        office, home = normal_days(sink, w, st, days, rr, skip=(day,))
        office.close()
        t = ensure_auth(w, st, office, W.at(day, rr.uniform(7.0, 8.0)))
        sch = w["schools"][st.school]
        t = office.page(t + 20, "/sdh/enrol/import.xhtml", "school=" + sch.code, "new")
        t = office.send(t + ln(rr, 40, .4), "POST", "/sdh/enrol/import.xhtml", 302, 0, rr.uniform(6000, 28000),
                        inb=rr.randint(200000, 2000000))
        batch = "B2026-%04d" % rr.randint(1000, 9999)
        t = office.page(t + .1, "/sdh/enrol/import-review.xhtml", "batch=" + batch, "roster", dur=ln(rr, 1500, .4))
        for i in range(n):
            t = office.ajax(t + ln(rr, gap, .5))
            if i % 25 == 24:
                t = office.ajax(t + ln(rr, 2, .4))                       # next page of the review table
            if rr.random() < .1:
                t = open_pupil(office, t + ln(rr, 3, .4), rr.choice(sch.pupils), rr, tabs=1, contacts=False, cum=False)
                t = office.page(t + ln(rr, 3, .4), "/sdh/enrol/import-review.xhtml", "batch=" + batch, "roster")
            if rr.random() < .004:
                t += rr.uniform(600, 1800)                                # interrupted
        workday(w, st, office, day, rr, arrive=(t - W.at(day, 0)) / 3600 + .05, scale=.3, poll=False,
                fresh=False)
    # 2. data coordinators pulling every CALPADS extract of every school before the Fall 1 deadline
    for st in r.sample(free(w, ["data_coordinator"]), 2):
        day = r.choice(wdays)
        types = r.sample(EXTRACTS, r.randint(8, 13))
        mark(L, st, "fall1_extract_sweep", day=day, extract_types=sorted(types))
        rr = random.Random("%s:f1:%s" % (seed, st.key))
        office, home = normal_days(sink, w, st, days, rr, skip=(day,))
        office.close()
        t = ensure_auth(w, st, office, W.at(day, rr.uniform(7.2, 9.5)))
        t = office.page(t + 10, "/sdh/calpads/extracts.xhtml", "lea=" + st.lea, "extracts")
        k = 0
        for sch in [s for s in w["schools"].values() if s.lea == st.lea]:
            for typ in types:
                t = extract(office, t + ln(rr, 14, .7), rr, typ, sch)
                k += 1
        st.params["n_downloads"] = k
        workday(w, st, office, day, rr, arrive=(t - W.at(day, 0)) / 3600 + .1, scale=.6, fresh=False)
    # 3. a classroom PC used by several teachers in turn (each signs in, works, signs out)
    by_school = {}
    for s in free(w, ["teacher", "counselor", "site_admin"]):
        by_school.setdefault(s.school, []).append(s)
    code = max(sorted(by_school), key=lambda c: len(by_school[c]))
    group = by_school[code][:5]
    pc_ua = W.CHROME.format(v=141)
    pc = Browser(sink, r, w["schools"][code].ip, pc_ua)
    for st in group:
        mark(L, st, "shared_classroom_pc", pc_ip=pc.ip, pc_user_agent=pc_ua, n_sharing=len(group))
    for day in wdays:
        h = r.uniform(7.4, 8.0)
        order = group[:] + r.sample(group, min(2, len(group)))
        for st in order:
            dur = r.uniform(.4, 1.2)
            if h + dur > 16.5:
                break
            pc.acct = pc.tag = st.key
            res = workday(w, st, pc, day, r, arrive=h, leave=h + dur, scale=1.6, poll=False, signout_p=1.0, lunch=False)
            h = (res[1] - W.at(day, 0)) / 3600 + r.uniform(.05, .4) if res else h + dur
    # 4. staff on phone and laptop at the same time
    for st in r.sample([s for s in free(w, ["teacher", "site_admin", "counselor"]) if s.phone_ua], 4):
        mark(L, st, "phone_and_laptop", phone_user_agent=st.phone_ua)
        rr = random.Random("%s:ph:%s" % (seed, st.key))
        normal_days(sink, w, st, days, rr)
        ph = Browser(sink, rr, "", st.phone_ua, st.key, st.key)
        carriers = []
        for day in wdays:
            for _ in range(rr.randint(2, 5)):
                ph.ip = w["ip"].take("carrier")
                carriers.append(ph.ip)
                ph.close()
                t = ensure_auth(w, st, ph, W.at(day, rr.uniform(8, 15.5)))
                for _ in range(rr.randint(1, 3)):
                    t = task(w, st, ph, t + ln(rr, 25, .6), "lookup", rr)
        st.params["phone_addresses"] = carriers
    # 5. a county auditor reading a few hundred pupils a day across every district, slowly
    for st in free(w, ["auditor"])[:1]:
        per_day = r.randint(250, 480)
        gap = r.uniform(28, 60)
        mark(L, st, "auditor_records_sample", pupils_per_day=per_day, median_gap_s=round(gap, 1))
        rr = random.Random("%s:aud:%s" % (seed, st.key))
        b = Browser(sink, rr, st.office_ip, st.office_ua, st.key, st.key)
        schools = list(w["schools"].values())
        for day in wdays:
            b.close()
            t = ensure_auth(w, st, b, W.at(day, rr.uniform(7.6, 8.2)))
            lunch = W.at(day, rr.uniform(11.6, 12.4))
            for i in range(per_day):
                t += ln(rr, gap, .45)
                if lunch <= t < lunch + 2400:
                    t = lunch + 2400 + rr.uniform(0, 300)
                if t > W.at(day, 16.6):
                    break
                t = ensure_auth(w, st, b, t)
                sch = rr.choice(schools)
                t = open_pupil(b, t, rr.choice(sch.pupils), rr, tabs=rr.choice([1, 2, 2, 3]),
                               contacts=rr.random() < .15, cum=False)
