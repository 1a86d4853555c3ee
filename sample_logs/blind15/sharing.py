"""Credential sharing (a pupil with a teacher's password, a generic office login, a department head's login used by
two teachers) and brute force (a slow password spray that finds one password, a credential-stuffing wave)."""
from . import staff_days as SD
from . import tasks as T
from .client import Client, lognorm
from .world import (CAMPUS_NAT, CHROME, DOMAIN, FIRST, LAST, STUDENT_NAT, UA_CROS, UA_WIN_CHROME, UA_WIN_EDGE,
                    UA_WIN_FIREFOX, grade_id)


def student_with_teacher_password(E, w, s, rng, days, A, L):
    """A pupil who shoulder-surfed a teacher's Google password: lunch on the student Wi-Fi (guest Chromebook),
    late at night from home; looks at classmates' grades, on the first night raises his own grade."""
    s.extra["no_student_wifi"] = True
    sec = s.sections[0]
    roster = w.sections[sec][2]
    me = rng.randrange(len(roster))
    home = "99.%d.%d.%d" % (rng.randint(100, 127), rng.randint(0, 255), rng.randint(2, 250))
    uas = [UA_CROS % CHROME, UA_WIN_CHROME % "142.0.0.0"]
    nat = STUDENT_NAT[s.campus]
    plan = []
    for d in range(days):
        if SD.day_kind(d) == "school":
            plan.append((T.at(d, 11, 38 + rng.uniform(0, 6)), nat, uas[0], rng.randint(6, 12) if d == 0 else 3, False))
        plan.append((T.at(d, 23, 20 + rng.uniform(0, 25)), home, uas[1], rng.randint(5, 10), d == 0))
    changed = None
    for t, ip, ua, n, change in plan:
        c = Client(E, rng, ua, ip, actor="student", device=("student", t), assets=A)
        t = c.sso(t, s) + lognorm(rng, 5, 0.5)
        t = c.visit(t, "/sections") + lognorm(rng, 4, 0.4)
        t = c.visit(t, "/sections/%d/gradebook" % sec) + 0.05
        t = c.req(t, "GET", "/sections/%d/gradebook.json?term=S1" % sec, "json") + lognorm(rng, 25, 0.5)
        t = c.visit(t, "/sections/%d" % sec) + lognorm(rng, 6, 0.5)
        for pid in rng.sample(roster, min(n, len(roster))):
            t = c.visit(t, "/students/%d" % pid, [f % pid for f in T.STUDENT_FRAMES]) + lognorm(rng, 3, 0.4)
            t = c.frame(t, "/students/%d/grades" % pid) + lognorm(rng, 12, 0.6)
        if change:
            t = c.visit(t, "/sections/%d/gradebook" % sec) + lognorm(rng, 40, 0.4)
            changed = rng.randint(88, 96)
            t = c.req(t, "PATCH", "/sections/%d/grades/%d" % (sec, grade_id(sec, me)), "stream",
                      x={"body": {"score": str(changed), "grade": {"score": str(changed)}}}) + lognorm(rng, 20, 0.4)
            t = c.visit(t, "/sections/%d/gradebook" % sec) + 0.05
            t = c.req(t, "GET", "/sections/%d/gradebook.json?term=S1" % sec, "json") + 30
            t = c.frame(t, "/students/%d/grades" % roster[me]) + 20
        c.leave(t)
    L.abuse("student", s, "credential_sharing", ["credential_sharing"], ips=[nat, home], user_agents=uas,
            match={"ips": [nat, home]}, pupil=roster[me], section=sec, changed_score=changed,
            abuser_auth="teacher's Google password (shoulder-surfed), Google SSO")
    L.attacker(home, "student", "credential_sharing", ["credential_sharing"], s)
    L.shared_with_abuse(nat, "student Wi-Fi NAT of %s: the pupil's lunch sessions and some staff phones" % s.campus)
    return SD.run(E, w, s, rng, days, A)


def generic_account(E, w, users, rng, days, A, L, uid):
    """`gradebook.admin`: a generic local account with grade-change rights used by three office staff of one
    school at once (each in Edge on their own desktop, all behind the campus NAT) and by one of them from home."""
    campus = users[0].campus
    login = "gradebook.admin@" + DOMAIN

    class G:
        pass
    g = G()
    g.uid, g.email, g.auth, g.role, g.campus = uid, login, "local", "generic_account", campus
    secs = sorted(k for k, v in w.sections.items() if v[1] == campus)
    uas, ips = [], {CAMPUS_NAT[campus]}
    for i, u in enumerate(users):
        ua = UA_WIN_EDGE % (CHROME, ["143.0.3650.66", "142.0.3595.94", "143.0.3650.80"][i % 3])
        uas.append(ua)
        c = Client(E, rng, ua, CAMPUS_NAT[campus], actor="generic", device=("generic", u.uid), assets=A)
        c.role = "generic_account"
        for d in range(days):
            if SD.day_kind(d) != "school":
                continue
            c.move(CAMPUS_NAT[campus])
            for _ in range(rng.randint(2, 4)):
                t = T.at(d, 7, 45) + rng.uniform(0, 8 * 3600)
                if c.last is None or t - c.last > 3 * 3600 or t < c.last:
                    c.uid, c.page = None, None
                    t = c.local(max(t, (c.last or 0) + 60), g)
                t = max(t, c.last or 0)
                for _ in range(rng.randint(2, 6)):
                    r = rng.random()
                    if r < 0.45:
                        t = T.gradebook(c, t, w, rng.choice(secs), rng.randint(1, 4), gap=30)
                    elif r < 0.7:
                        t = T.open_pupil(c, t, w, T.pick_pid(w, rng, campus), ("grades",))
                    else:
                        t = c.visit(t, "/report_cards/batches?school=%s&term=S1" % campus) + lognorm(rng, 60, 0.5)
                    t += lognorm(rng, 90, 0.6)
                c.leave(t)
                c.last = t
            if i == 0 and d == 0:
                c.move(u.home)
                ips.add(u.home)
                t = T.at(d, 20, rng.uniform(0, 60))
                c.uid = None
                t = c.local(t, g)
                t = T.gradebook(c, t, w, rng.choice(secs), rng.randint(3, 8), gap=25)
                c.leave(t)
                c.last = t
    L.generic(str(uid), login, campus)
    L.abuse("generic", g, "credential_sharing", ["credential_sharing"], ips=sorted(ips), user_agents=uas,
            match={}, used_by=[str(u.uid) for u in users], n_people=len(users))
    L.shared_with_abuse(CAMPUS_NAT[campus], "campus NAT of %s (all staff there) also carries the generic login"
                        % campus)


def dept_head_shared(E, w, head, mates, rng, days, A, L):
    """A department head's local login used by two first-year teachers from their own laptops in their planning
    periods (and once from home) to see department-wide grades; the head uses it too."""
    head.auth = "local"
    campus = head.campus
    secs = sorted(k for k, v in w.sections.items() if v[1] == campus)
    uas, ips = [], set()
    for i, m in enumerate(mates):
        c = Client(E, rng, m.laptop, CAMPUS_NAT[campus], actor="dept_head_shared", device=("dh", m.uid), assets=A)
        uas.append(m.laptop)
        for d in range(days):
            if SD.day_kind(d) != "school":
                continue
            plan = [(T.at(d, 8, 20 + 55 * (m.uid % 7)) + rng.uniform(300, 900), CAMPUS_NAT[campus])]
            if i == 1 and d == 0:
                plan.append((T.at(d, 20, 30) + rng.uniform(0, 1800), m.home))
            for t, ip in plan:
                c.move(ip)
                ips.add(ip)
                c.uid, c.page = None, None
                t = c.local(t, head)
                t = c.visit(t, "/departments/%d/grade_distribution?term=S1" % (10 * ["NRH", "SCH", "EMH", "BOH",
                                                                                      "LGH", "CCA"].index(campus) + 3))
                t += lognorm(rng, 60, 0.5)
                t = T.report(c, t, "failing_grades", campus)
                for sec in rng.sample(secs, rng.randint(2, 4)):
                    t = c.visit(t, "/sections/%d/gradebook" % sec) + 0.05
                    t = c.req(t, "GET", "/sections/%d/gradebook.json?term=S1" % sec, "json") + lognorm(rng, 70, 0.5)
                for _ in range(rng.randint(1, 4)):
                    t = T.open_pupil(c, t, w, T.pick_pid(w, rng, campus), ("grades",))
                c.leave(t)
    L.abuse("dept_head_shared", head, "credential_sharing", ["credential_sharing"], ips=sorted(ips),
            user_agents=uas, match="request_ids", used_by=[str(m.uid) for m in mates], abuser_auth="local password")
    return SD.run(E, w, head, rng, days, A)


BOT_PREFIXES = ["177.%d", "179.%d", "186.%d", "191.%d", "187.%d", "14.%d", "113.%d", "103.%d", "117.%d", "41.%d",
                "105.%d", "78.%d", "95.%d", "31.%d", "46.%d", "88.%d", "112.%d", "125.%d", "181.%d", "200.%d",
                "201.%d", "36.%d", "27.%d", "59.%d", "190.%d"]
BOT_UAS = [UA_WIN_CHROME % v for v in ("120.0.0.0", "124.0.0.0", "131.0.0.0", "109.0.0.0")] + [
    UA_WIN_FIREFOX, "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 "
    "Safari/605.1.15", "Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"]
MAIL = ["gmail.com", "yahoo.com", "hotmail.com", "aol.com", "outlook.com", "icloud.com", "comcast.net"]


def credential_stuffing(E, w, rng, days, A, L, taken):
    """A botnet replays a combo list: every address makes one sign-in attempt (most after fetching the form, some
    without a CSRF token) within ~45 minutes in the early afternoon."""
    d = max(0, min(days - 1, 1))
    n = rng.randint(300, 700)
    t0 = T.at(d, 13, 5 + rng.uniform(0, 10))
    ips = []
    while len(ips) < n:
        ip = (rng.choice(BOT_PREFIXES) % rng.randint(1, 254)) + ".%d.%d" % (rng.randint(0, 255), rng.randint(1, 254))
        if ip not in taken:
            taken.add(ip)
            ips.append(ip)
    staff = [s.email for s in w.staff]
    for ip in ips:
        t = t0 + rng.betavariate(2, 3) * 45 * 60
        c = Client(E, rng, rng.choice(BOT_UAS), ip, actor="stuffing", proto="HTTP/1.1", turbo=False)
        if rng.random() < 0.1:
            mail = rng.choice(staff)
        else:
            mail = "%s%s%d@%s" % (rng.choice(FIRST).lower(), rng.choice(["", ".", "_"]), rng.randint(1, 2005),
                                  rng.choice(MAIL)) if rng.random() < 0.6 else "%s.%s@%s" % (
                rng.choice(FIRST).lower(), rng.choice(LAST).lower(), rng.choice(MAIL))
        if rng.random() < 0.16:
            c.req(t, "POST", "/users/sign_in", "csrf", 422, 0, ref=None, x={"email": mail})
        else:
            t = c.req(t, "GET", "/users/sign_in", "page", ref=None) + rng.uniform(0.6, 4)
            c.req(t, "POST", "/users/sign_in", "signin_fail", 422, ref=None, x={"email": mail, "accept": "HTML"})
        L.attacker(ip, "credential_stuffing", "brute_force", ["brute_force"], None)
    L.note("credential_stuffing: %d addresses, one attempt each, day %d from %s" % (n, d + 1, "13:05"))
