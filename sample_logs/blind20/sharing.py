"""Credential sharing: generic shared logins, retired account reuse, colleagues, contractors abroad."""
from . import staff
from .lookalikes import pick, weekdays
from .nets import Dev
from .world import Person, FIRST, LAST, OFFICE_NAT


def user_of(G, login, town, role, prefs, ip=None):
    r = G.rng
    if isinstance(prefs, str):
        prefs = [prefs]
    ip = ip or (town.nat if town else OFFICE_NAT)
    dev_key = G.claim(ip, list(prefs) + ["firefox_esr", "edge_win149", "chromeos", "safari_mac", "firefox_win", "chrome_mac"])
    q = Person(9100 + len(G.extra_people), r.choice(FIRST), r.choice(LAST), town, role,
               town.schools[0] if town else "TREC-Office")
    q.email, q.method = login, "local"
    staff.setup_devices(G, q)
    q.devs["desk"] = q.devs["home"] = Dev(dev_key, name="desk")
    return q


def sharing(G):
    r = G.rng
    towns = G.towns
    wk = weekdays(G)
    own = [t for t in towns if t.net == "own"]
    # 1-2. generic town logins shared by secretaries / clerks of several towns at once
    for login_kind, role, n in (("frontdesk", "secretary", r.randint(3, 4)), ("attendance.office", "attendance_clerk", r.randint(2, 3))):
        ts = sorted(r.sample(own, n), key=lambda t: t.idx)
        home = ts[0]
        login = "%s@%s" % (login_kind, home.domain)
        acct = Person(9050 + len(G.generic), "Shared", login_kind, home, "shared_generic", home.schools[0])
        acct.email, acct.method, acct.mfa = login, "local", False
        G.generic.append(acct)
        tag = G.abuse(acct, "credential_sharing", "generic_shared_login", ["credential_sharing"],
                      {"shared_by": n, "towns": [t.code for t in ts]})
        keys = r.sample(["firefox_esr", "edge_win149", "chromeos", "safari_mac", "firefox_win"], n)
        users = []
        for t, k in zip(ts, keys):
            u = user_of(G, login, t, role, [k])
            u.mfa = False
            users.append(u)
        for d0, _ in wk:
            for u in users:
                if r.random() < 0.93:
                    staff.workday(G, u, d0, tag=tag, logout_p=0.5, overnight_p=0.0)
        acct.names = [login]
    # 3. collaborative data admin login used by office staff and an out-of-state contractor
    login = "data.admin@trec.k12.ma.us"
    acct = Person(9060, "Data", "Admin", None, "shared_generic", "TREC-Office")
    acct.email, acct.method, acct.mfa = login, "local", False
    G.generic.append(acct)
    tag = G.abuse(acct, "credential_sharing", "generic_shared_login", ["credential_sharing"],
                  {"shared_by": 3, "note": "office staff plus a contractor in Texas"})
    tx = G.nets.ip("att_texas")
    users = [user_of(G, login, None, "data_coordinator", "edge_win149"), user_of(G, login, None, "helpdesk", "firefox_win"),
             user_of(G, login, None, "data_coordinator", "chrome_mac", ip=tx)]
    for d0, _ in wk:
        for i, u in enumerate(users):
            u.mfa = False
            if i < 2:
                staff.workday(G, u, d0, tag=tag, ip=OFFICE_NAT, gap=500,
                              weights=[("report", 30), ("extract", 20), ("student", 25), ("search", 25)])
            else:   # contractor, Central time, works 9-17 CT
                staff.workday(G, u, d0, tag=tag, ip=tx, arrive=d0 + r.uniform(10, 10.5) * 3600, leave=d0 + 18 * 3600,
                              weights=[("report", 60), ("student", 20), ("search", 20)], gap=400)
    acct.names = [login]
    # 4. retired staff member's account still used by her replacement (other town, other device)
    tr, tz = r.sample(sorted(own, key=lambda t: t.idx), 2)
    ret = Person(9070, "Linda", "Morrissette", tr, "secretary", tr.schools[0])
    ret.email, ret.method, ret.mfa = "lmorrissette@%s" % tr.domain, "local", False
    G.generic.append(ret)
    tag = G.abuse(ret, "credential_sharing", "retired_account_used_by_replacement", ["credential_sharing"],
                  {"retired": "2026-06-30", "used_from_town": tz.code, "account_town": tr.code})
    rep = user_of(G, ret.email, tz, "secretary", "chromeos")
    rep.mfa = False
    for d0, _ in wk:
        staff.workday(G, rep, d0, tag=tag)
    ret.names = [ret.email]
    # 5. teacher's login also used by a colleague at another school (concurrently)
    p = pick(G, "teacher", lambda q: q.method == "local" and q.town is not None and q.town.net == "own")
    other = r.choice([t for t in own if t is not p.town])
    tag = G.abuse(p, "credential_sharing", "login_shared_with_colleague_other_school", ["credential_sharing"],
                  {"colleague_town": other.code})
    col = user_of(G, p.login_name("local"), other, "teacher", "edge_win149")
    col.mfa = staff.needs_mfa(p, "local")
    col.sections = p.sections[:2]
    for d0, _ in wk:
        staff.workday(G, p, d0)
        staff.workday(G, col, d0, tag=tag, arrive=d0 + r.uniform(7.6, 8.4) * 3600)
    # 6. contractor abroad working the data coordinator's login overnight (impossible travel)
    p = pick(G, pred=lambda q: q.method == "local" and q.role in ("data_coordinator", "registrar", "principal"))
    ip = G.nets.ip(r.choice(["jio_india", "airtel_india", "pldt_ph"]))
    tag = G.abuse(p, "credential_sharing", "offshore_contractor_using_staff_login", ["credential_sharing"],
                  {"country": "IN/PH"})
    con = user_of(G, p.login_name("local"), p.town or towns[0], p.role, "chrome_win149", ip=ip)
    con.mfa = staff.needs_mfa(p, "local")
    for d0, _ in wk:
        staff.workday(G, p, d0, leave=d0 + 16.5 * 3600)
        staff.workday(G, con, d0, tag=tag, ip=ip, arrive=d0 + r.uniform(-1.2, -0.2) * 3600 + 24 * 3600 - 24 * 3600,
                      leave=d0 + r.uniform(7.0, 8.0) * 3600, lunch=False, logout_p=0.6,
                      weights=[("report", 40), ("student", 30), ("search", 30)])
    # 7. vendor consultant out of state in a principal's account during the school day
    p = pick(G, pred=lambda q: q.method == "local" and q.role in ("principal", "assistant_principal", "counselor"))
    ip = G.nets.ip(r.choice(["att_texas", "bell_ca"]))
    tag = G.abuse(p, "credential_sharing", "vendor_consultant_using_principal_login", ["credential_sharing"], {})
    con = user_of(G, p.login_name("local"), p.town or towns[1], p.role, "chrome_mac", ip=ip)
    con.mfa = staff.needs_mfa(p, "local")
    for d0, _ in wk:
        staff.workday(G, p, d0)
        staff.workday(G, con, d0, tag=tag, ip=ip, arrive=d0 + r.uniform(10, 11) * 3600, leave=d0 + 16 * 3600,
                      weights=[("report", 45), ("student", 35), ("search", 20)], gap=500)
    # 8. teacher's login used by a student teacher on her own laptop (school NAT by day, UMass network at night)
    p = pick(G, "teacher", lambda q: q.method == "local" and q.town is not None and q.sections)
    tag = G.abuse(p, "credential_sharing", "login_shared_with_student_teacher", ["credential_sharing"], {})
    st = user_of(G, p.login_name("local"), p.town, "teacher", "safari_mac")
    st.mfa, st.sections = staff.needs_mfa(p, "local"), p.sections
    um = G.nets.ip("umass")
    for d0, _ in wk:
        staff.workday(G, p, d0)
        staff.workday(G, st, d0, tag=tag, arrive=d0 + r.uniform(9, 10) * 3600, leave=d0 + 14.5 * 3600, lunch=False,
                      weights=[("gradebook", 60), ("roster", 40)], gap=1500)
        staff.evening(G, st, d0, tag=tag, ip=um, minutes=r.uniform(30, 80))
