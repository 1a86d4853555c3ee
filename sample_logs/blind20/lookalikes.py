"""Benign look-alikes: heavy users, roaming phones, VPNs, shared PCs, mistypers, travellers, auditors."""
from . import acts, staff
from .nets import Dev
from .world import OFFICE_VPN, Person


def pick(G, role=None, pred=None):
    for p in G.free:
        if (role is None or p.role == role) and (pred is None or pred(p)):
            G.free.remove(p)
            return p
    p = G.free.pop(0)
    if role:
        p.role = role
    return p


def weekdays(G):
    return [(d0, wd) for d0, wd in G.days if wd < 5]


def lookalikes(G):
    r = G.rng
    towns = G.towns
    wk = weekdays(G)
    # registrar in enrolment season: all day, fast
    p = pick(G, "registrar"); p.behaviour = "registrar_enrolment_season"
    for d0, _ in wk:
        staff.workday(G, p, d0, arrive=d0 + 6.9 * 3600, leave=d0 + 17.6 * 3600, gap=70,
                      weights=[("enroll", 45), ("student", 30), ("search", 25)])
    # state reporting coordinator: every extract of every town, then report builder exports
    p = pick(G, "data_coordinator"); p.behaviour = "state_reporting_coordinator_bulk_extracts"
    for i, (d0, _) in enumerate(wk):
        c = staff.client(G, p.devs["desk"], staff.work_ip(p), d0 + r.uniform(8.0, 9.0) * 3600)
        staff.sign_in(G, p, c)
        for t in towns:
            for coll in (("SIMS", "SCS") if i % 2 == 0 else ("EPIMS", "SIMS")):
                acts.extract(c, r, t.code, coll)
                c.think(15, 90)
        staff.block(G, p, c, d0 + 16.5 * 3600, gap=300, weights=[("report", 60), ("student", 20), ("search", 20)])
        staff.park(G, c)
    # counselor building next term's schedules
    p = pick(G, "counselor"); p.behaviour = "counselor_schedule_building"
    for d0, _ in wk:
        staff.workday(G, p, d0, gap=50, weights=[("schedule", 70), ("student", 20), ("search", 10)], leave=d0 + 17 * 3600)
    # external auditor from the state network, sampling records across towns
    aud = Person(9000, "Kathleen", "Walsh", None, "auditor", "DESE audit"); aud.email = "kwalsh.audit@trec.k12.ma.us"
    staff.setup_devices(G, aud); aud.devs["desk"] = Dev("edge_win", name="desk"); aud.behaviour = "external_auditor_sampling"
    aud.method = "local"; G.extra_people.append(aud)
    aip = G.nets.ip("mass_gov")
    for d0, _ in wk[:2]:
        c = staff.client(G, aud.devs["desk"], aip, d0 + r.uniform(8.5, 9.2) * 3600)
        staff.sign_in(G, aud, c)
        end = d0 + 15.8 * 3600
        while c.t < end:
            t = towns[r.randrange(len(towns))]
            acts.student(c, t, r.randrange(t.n_students), "registrar", r, ntabs=r.randint(1, 3), legacy=r.random() < 0.5)
            c.think(30, 200)
            if r.random() < 0.1:
                c.idle(c.t + r.uniform(1800, 3000))
        c.logout(); staff.park(G, c)
    # phone switching between school Wi-Fi and cellular inside one session
    for _ in range(2):
        p = pick(G, pred=lambda q: q.role in ("principal", "assistant_principal", "teacher")); p.behaviour = "phone_wifi_cellular_switching"
        for d0, _ in wk:
            staff.workday(G, p, d0)
            c = staff.client(G, p.devs["phone"], p.town.nat, d0 + r.uniform(9, 10) * 3600)
            staff.sign_in(G, p, c)
            cell = G.nets.carrier()
            for k in range(r.randint(12, 25)):
                c.ip = cell if (k // r.randint(2, 4)) % 2 else p.town.nat
                if r.random() < 0.15:
                    cell = G.nets.carrier()
                acts.student(c, p.town, r.randrange(p.town.n_students), p.role, r, ntabs=r.randint(0, 2))
                c.wait(r.uniform(120, 1200))
            staff.park(G, c)
    # VPN users: personal commercial VPN at home; collaborative VPN from home
    p = pick(G, "teacher"); p.behaviour = "commercial_vpn_user"; vpn = G.nets.ip("nordvpn")
    for d0, _ in wk:
        staff.workday(G, p, d0)
        staff.evening(G, p, d0, ip=vpn, minutes=r.uniform(40, 90))
    p = pick(G, pred=lambda q: q.town is None); p.behaviour = "collaborative_vpn_from_home"
    for d0, _ in wk:
        staff.workday(G, p, d0, ip=OFFICE_VPN, dev=p.devs["home"], arrive=d0 + 7.5 * 3600)
    # two devices at once (desktop + laptop in the same building)
    p = pick(G, pred=lambda q: q.role in ("principal", "sped_coordinator", "counselor")); p.behaviour = "two_devices_at_once"
    p.devs["laptop"] = Dev("chrome_mac", name="laptop")
    for d0, _ in wk:
        staff.workday(G, p, d0)
        staff.workday(G, p, d0, dev=p.devs["laptop"], arrive=d0 + r.uniform(8.5, 9.5) * 3600, leave=d0 + 14 * 3600,
                      lunch=False, logout_p=1.0)
    # front-desk PC shared by two clerks, each with their own login
    t = towns[r.randrange(len(towns))]
    a = pick(G, "secretary", lambda q: q.town is t) if any(q.town is t and q.role == "secretary" for q in G.free) \
        else pick(G, "secretary")
    b = pick(G, "attendance_clerk", lambda q: q.town is a.town)
    b.town, b.school = a.town, a.school
    pc = Dev("edge_win", name="frontdesk-pc")
    a.behaviour = b.behaviour = "shared_front_desk_pc_own_logins"
    for d0, _ in wk:
        for h0, h1, who in [(7.2, 9.6, a), (9.6, 11.4, b), (11.4, 12.5, a), (12.5, 13.8, b), (13.8, 15.6, a)]:
            staff.workday(G, who, d0, arrive=d0 + h0 * 3600 + r.uniform(0, 300), leave=d0 + h1 * 3600, dev=pc,
                          lunch=False, logout_p=1.0)
    # people who mistype their password (one gets locked out)
    for k in range(3):
        p = pick(G); p.behaviour = "password_mistyper" if k else "password_mistyper_lockout"
        if k == 0 and p.method == "google":
            p.method = "local"
        for d0, _ in wk:
            staff.workday(G, p, d0, fails=5 if (k == 0 and p.method == "local") else r.randint(1, 3))
    # night owl teacher grading after midnight from home
    p = pick(G, "teacher"); p.behaviour = "night_owl_teacher"
    for d0, _ in wk:
        staff.workday(G, p, d0)
        staff.evening(G, p, d0, start=d0 + r.uniform(22.6, 23.4) * 3600, minutes=r.uniform(90, 150))
    # secretary printing cards for a whole grade's field trip
    p = pick(G, "secretary"); p.behaviour = "field_trip_card_printing"
    d0 = wk[0][0]
    c = staff.workday(G, p, d0)
    c2 = staff.client(G, p.devs["desk"], staff.work_ip(p), d0 + r.uniform(13.0, 13.5) * 3600)
    staff.sign_in(G, p, c2)
    start = r.randrange(max(1, p.town.n_students - 100))
    for k in range(r.randint(55, 90)):
        acts.card(c2, p.town, start + k, r)
        c2.wait(r.uniform(4, 14))
    staff.park(G, c2)
    for d0, _ in wk[1:]:
        staff.workday(G, p, d0)
    # conference travel: home in MA at dawn, hotel Wi-Fi in Orlando in the afternoon
    p = pick(G, pred=lambda q: q.role in ("principal", "data_coordinator", "helpdesk")); p.behaviour = "conference_travel_hotel_wifi"
    hotel = G.nets.ip("hotel_orlando")
    for i, (d0, _) in enumerate(wk):
        if i == 0:
            staff.workday(G, p, d0)
        else:
            staff.phone(G, p, d0, t=d0 + 5.6 * 3600, ip=p.home_ip, pages=2)
            staff.evening(G, p, d0, start=d0 + r.uniform(14, 15) * 3600, minutes=r.uniform(60, 120), ip=hotel)
    # helpdesk looking at many towns; idle tab overnight
    p = pick(G, "helpdesk"); p.behaviour = "helpdesk_cross_town_support"
    for d0, _ in wk:
        staff.workday(G, p, d0, gap=150)
    p = pick(G, "teacher"); p.behaviour = "idle_tab_keepalive_overnight"
    for d0, _ in wk:
        staff.workday(G, p, d0, logout_p=0.0, overnight_p=1.0)
