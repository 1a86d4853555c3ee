"""Credential sharing (generic logins, a substitute on a teacher's Windows login, a login used at home and school at
once) and brute force (a low-and-slow forms password spray, NTLM guessing from a compromised school PC)."""
from .abuse import Abuse, pick_owner
from .client import SC_401_1, SC_401_2, WIN_DENIED, WIN_LOCKED, WIN_LOGON_FAIL, WIN_NOCRED, Browser, lognorm
from .staff import pings, run_session
from .tasks import DATE_Q, gap, office_attendance, open_pupil, photo, report, role_task, typeahead
from .world import DOMAIN, HOME_NETS, NETBIOS, SCHOOLS, Staff, day_at, is_school_day

GUEST_NAT = "66.213.140.11"
SPRAY_NETS = ["45.134.26.{}", "193.32.162.{}", "91.92.251.{}", "185.107.56.{}"]
PASSWORDS = ["Winter2027!", "Ashgrove2027!", "Welcome1!", "January2027!", "Password1!", "Spring2027!", "Falcons2027!",
             "Student1!", "Summer2026!", "Teacher2027!"]


def pseudo(W, sid, role, building, name, ip):
    s = Staff(sid=sid, first="", last="", role=role, building=building, win=name, email=name, home_ip=ip, pc_ip=ip,
              engine="edge", keep_open=True, evening=False, ticket=3100)
    s.actor, s.pupils = "abuse:" + sid, W.pupils.get(building) or [p for b in SCHOOLS for p in W.pupils[b]]
    return s


def setup(W):
    A = W.addrs
    out = [Abuse("generic_frontoffice_reception", "credential_sharing", ["credential_sharing"], "abuse:G0001",
                 None, ["%s\\frontoffice2" % NETBIOS], [A.school_pc("SMS"), A.school_pc("PEL")], ["Edge 131 (Windows)"],
                 people=4, shifts=["07:10", "09:30", "11:45", "13:30"], second_school="PEL 12:40-15:30",
                 role="generic_shared_login", campus="SMS")]
    out.append(Abuse("generic_registrar_temp", "credential_sharing", ["credential_sharing"], "abuse:G0002", None,
                     ["registrar.temp@" + DOMAIN], [A.take(HOME_NETS), GUEST_NAT, A.take(HOME_NETS)],
                     ["Chrome 131 (Windows)", "Edge 131 (Windows)", "Chrome 131 (macOS)"], people=3,
                     role="generic_shared_login", campus="BOE"))
    elem = SCHOOLS[3:]
    t = pick_owner(W, "teacher", exclude_buildings=("ACHS", "NMS", "SMS"), tag="substitute_on_teacher_login")
    t.extra["force_present"], t.keep_open = {0}, True
    sub_b = W.rng("sub-building").choice([b for b in elem if b != t.building])
    out.append(Abuse("substitute_on_teacher_login", "credential_sharing", ["credential_sharing"], "abuse:sub", t,
                     [t.win], [A.school_pc(sub_b)], ["Edge 131 (Windows)"], sub_building=sub_b, day=0))
    c = pick_owner(W, "office_secretary", exclude_buildings=("ACHS", "BOE"), tag="home_and_school_at_once")
    c.extra["force_present"], c.keep_open = set(range(W.days)), True
    out.append(Abuse("home_and_school_at_once", "credential_sharing", ["credential_sharing"], "abuse:daughter", c,
                     [c.email], [A.take(HOME_NETS)], ["Chrome 131 (Windows)"], hours="09:00-11:30, 12:45-15:00",
                     who="the owner's adult daughter, a former aide, at her own apartment"))
    v = pick_owner(W, "teacher", tag="login_password_spray")
    spray = [A.take(n) for n in SPRAY_NETS]
    out.append(Abuse("login_password_spray", "brute_force", ["brute_force", "credential_sharing"], "abuse:spray", v,
                     [v.email], spray[2:4], ["python-requests/2.28.2"], spray_ips=spray,
                     passwords=PASSWORDS, found="Winter2027!"))
    pc = pick_owner(W, "teacher", "ACHS", tag="ntlm_guessing_compromised_pc")
    pc.pc_ip = A.school_pc("ACHS")
    out.append(Abuse("ntlm_guessing_compromised_pc", "brute_force", ["brute_force"], "abuse:ntlm_guess", None, [],
                     [pc.pc_ip], ["(malware, raw NTLMSSP over HTTP)"], pc_owner=pc.win))
    return out


def frontoffice(W, a):
    r = W.rng("frontoffice")
    main = pseudo(W, "G0001", "office_secretary", "SMS", a.names[0], a.ips[0])
    b = Browser(W, r, a.ips[0], a.names[0], "kerb", a.actor, "edge")
    b2 = Browser(W, W.rng("frontoffice2"), a.ips[1], a.names[0], "kerb", a.actor, "edge")
    pel = pseudo(W, "G0001", "office_secretary", "PEL", a.names[0], a.ips[1])
    for d in range(W.days):
        if not is_school_day(d):
            continue
        bounds = [7.15, 9.5, 11.75, 13.5, 16.3]
        for i in range(4):
            t0, t1 = day_at(d, bounds[i] + r.uniform(0, 0.1)), day_at(d, bounds[i + 1] + r.uniform(-0.05, 0.05))
            rate = r.uniform(4.0, 9.0)
            ev, t = [], t0
            while True:
                t += r.expovariate(rate / 3600)
                if t >= t1:
                    break
                ev.append((t, lambda bb, tt: role_task(bb, tt, main, r)))
            run_session(b, t0 + r.uniform(30, 200), t1, ev, True, r)
        t0, t1 = day_at(d, 12.65 + r.uniform(0, 0.2)), day_at(d, 15.5)
        ev = [(t0 + r.uniform(300, t1 - t0 - 300), lambda bb, tt: role_task(bb, tt, pel, r)) for _ in range(r.randint(5, 11))]
        run_session(b2, t0, t1, ev, True, r)


def registrar_temp(W, a):
    blocks = {0: [(8.5, 12.0), (9.0, 15.5), (12.5, 16.5)], 1: [(13.0, 15.0), (8.8, 14.8), (10.0, 14.0)]}
    for i, ip in enumerate(a.ips):
        r = W.rng("regtemp", i)
        b = Browser(W, r, ip, a.names[0], "forms", a.actor, ["chrome", "edge", "chrome"][i])
        for d in range(W.days):
            if not is_school_day(d):
                continue
            h0, h1 = blocks[d % 2][i]
            t, stop = day_at(d, h0 + r.uniform(0, 0.2)), day_at(d, h1)
            b.conns, b.signed_in = [], False
            t = b.signin(t, fails=1 if r.random() < 0.2 else 0)
            idle_from = t
            while t < stop:
                if t - idle_from > 1800:
                    b.signed_in = False
                    t = b.signin(t)
                pid = r.choice(W.pupils[r.choice(SCHOOLS)])
                t = open_pupil(b, t, pid, "ALL") + gap(r, 10)
                for stem in ("/Demographics.aspx", "/Contacts.aspx"):
                    t = b.page(t, stem, "ID=%d" % pid) + gap(r, 40)
                    t = b.page(t, stem, "ID=%d" % pid, "POST", body=r.randint(30000, 70000)) + gap(r, 8)
                idle_from = t
                t += gap(r, 90, 0.8)


def substitute(W, a):
    r, s = W.rng("sub"), a.owner
    sb = a.params["sub_building"]
    b = Browser(W, r, a.ips[0], s.win, "kerb", a.actor, "edge")
    pool = W.pupils[sb]
    fake = pseudo(W, "sub", "teacher", sb, s.win, a.ips[0])
    d = a.params["day"]
    ev = [(day_at(d, 8.9), lambda bb, t: bb.page(t, "/Teacher/MySections.aspx") + 0.1),
          (day_at(d, 8.95), lambda bb, t: bb.page(t, "/Teacher/TakeAttendance.aspx", "SectionID=%d&Date=%s" %
                                                  (s.sections[0][0], DATE_Q), extra=[photo(p) for p in s.sections[0][1]])),
          (day_at(d, 9.05), lambda bb, t: typeahead(bb, t, sb))]
    for _ in range(r.randint(9, 18)):
        ev.append((day_at(d, r.uniform(9.1, 15.2)), lambda bb, t: open_pupil(bb, t, r.choice(pool), sb, tabs=1)))
    ev.append((day_at(d, 11.2), lambda bb, t: report(bb, t, "ClassRoster", sb)))
    run_session(b, day_at(d, 8.6 + r.uniform(0, 0.1)), day_at(d, 15.6), ev, True, r)


def daughter(W, a):
    r, s = W.rng("daughter"), a.owner
    b = Browser(W, r, a.ips[0], a.names[0], "forms", a.actor, "chrome")
    for d in range(W.days):
        if not is_school_day(d):
            continue
        for h0, h1 in ((9.0, 11.5), (12.75, 15.0)):
            t, stop = day_at(d, h0 + r.uniform(0, 0.25)), day_at(d, h1 - r.uniform(0, 0.3))
            b.conns, b.signed_in = [], False
            t = b.signin(t)
            while t < stop:
                t = office_attendance(b, t, r.choice(W.pupils[s.building]), s.building) + gap(r, 150, 0.9)
            pings(b, t + 300, False, r)


def spray(W, a):
    r, v = W.rng("spray"), a.owner
    ips = a.params["spray_ips"]
    staff_mails = sorted(s.email for s in W.staff if s is not v)
    targets = r.sample(staff_mails, min(len(staff_mails), r.randint(110, 150)))
    targets += ["%s@%s" % (x, DOMAIN) for x in ("info", "admin", "office", "hr", "it", "webmaster")]
    rounds, t = [], day_at(0, 19.58)
    while t < W.t_end:
        h = ((t - W.t0) / 3600) % 24
        if 19.0 <= h or h < 5.5:
            rounds.append(t)
        t += r.uniform(75, 110) * 60
    k = 0
    for n, t in enumerate(rounds):
        order = targets + ([v.email] if n == 2 else [])
        r.shuffle(order)
        for mail in order:
            if mail == v.email:
                ip = a.ips[0]
            else:
                ip, k = ips[k % len(ips)], k + 1
            b = Browser(W, r, ip, "-", "forms", a.actor, "python", assets=False)
            t = b.hit(t, "GET", "/Login.aspx", "-", 200, r.randint(9800, 10400), r.randint(20, 60)) + r.uniform(.3, 1.2)
            if mail == v.email:
                t = b.hit(t, "POST", "/Login.aspx", "-", 302, 710, lognorm(r, 380, 0.3), body=1850) + 0.2
                b.user, b.signed_in = v.email, True
                t = b.page(t, "/Default.aspx") + 20
                for _ in range(r.randint(3, 6)):
                    t = open_pupil(b, t + gap(r, 15), r.choice(v.pupils), v.building, tabs=1)
                t = b.page(t + 30, "/Teacher/MySections.aspx") + gap(r, 20)
                return_at = t + r.uniform(3.2, 3.6) * 3600
                if return_at < W.t_end:
                    b2 = Browser(W, W.rng("spray-return"), a.ips[1], v.email, "forms", a.actor, "python",
                                 assets=False)
                    t2 = b2.signin(return_at)
                    for _ in range(r.randint(4, 9)):
                        t2 = open_pupil(b2, t2 + gap(r, 20), r.choice(v.pupils), v.building, tabs=2)
                continue
            t = b.hit(t, "POST", "/Login.aspx", "-", 200, r.randint(10100, 10600), lognorm(r, 420, 0.3),
                      body=r.randint(1800, 1900)) + r.uniform(6, 25)
            if t > W.t_end:
                return


def ntlm_guess(W, a):
    r, log, ip = W.rng("ntlm_guess"), W.log, a.ips[0]
    for d in range(W.days):
        t, stop = day_at(d, 17.4 + r.uniform(0, 0.3)), min(day_at(d + 1, 6.3), W.t_end)
        while t < stop:
            burst = r.randint(20, 90)
            for _ in range(burst):
                if t >= stop:
                    break
                stem = r.choice(("/", "/Default.aspx"))
                t = log.add(t, ip, "-", "GET", stem, "-", 401, WIN_DENIED, 176, SC_401_2, 0, a.actor) + 0.003
                t = log.add(t, ip, "-", "GET", stem, "-", 401, WIN_NOCRED, 238, SC_401_1, 0, a.actor) + 0.004
                res = WIN_LOCKED if r.random() < 0.12 else WIN_LOGON_FAIL
                t = log.add(t, ip, "-", "GET", stem, "-", 401, res, r.randint(560, 640), SC_401_2, r.randint(0, 3),
                            a.actor) + lognorm(r, 9, 0.6)
            t += r.uniform(10, 40) * 60


RUN = {"generic_frontoffice_reception": frontoffice, "generic_registrar_temp": registrar_temp,
       "substitute_on_teacher_login": substitute, "home_and_school_at_once": daughter, "login_password_spray": spray,
       "ntlm_guessing_compromised_pc": ntlm_guess}


def run(W, abuses):
    for a in abuses:
        RUN[a.behaviour](W, a)

