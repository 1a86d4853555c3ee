"""Credential sharing (a pupil with a teacher's password, a generic office login, a department head's login used by
two teachers)."""
from . import staff_days as SD
from . import tasks as T
from .client import Client, lognorm
from .world import BASE, CAMPUS_NAT, CHROME, DOMAIN, STUDENT_NAT, UA_CROS, UA_WIN_CHROME, UA_WIN_EDGE, grade_id


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
            c.page = BASE + "/sections/%d" % sec
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
            for t in sorted(T.at(d, 7, 45) + rng.uniform(0, 8 * 3600) for _ in range(rng.randint(2, 4))):
                t = max(t, (c.last or 0) + 60)
                if c.last is None or t - c.last > 3 * 3600:
                    c.uid, c.page = None, None
                    t = c.local(t, g)
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
