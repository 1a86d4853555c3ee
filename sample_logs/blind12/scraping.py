"""Scraping with staff credentials: a vendor VM replaying postbacks, a handler-only home script, a SOAP connector
on an analyst's account, and a cloud roster-sync app signing in with a teacher's e-mail."""
from .abuse import Abuse, pick_owner
from .client import Browser, lognorm
from .services import ASMX
from .world import HOME_NETS, day_at

VM_IP = "10.10.4.37"
AZURE = ["20.118.162.73", "52.167.104.212"]
AWS_POOL = ["3.135.84.{}", "18.189.41.{}", "3.22.17.{}", "13.58.201.{}"]


def setup(W):
    out = []
    sec = pick_owner(W, "office_secretary", exclude_buildings=("ACHS", "BOE"), tag="vendor_vm_postback_walk")
    targets = [sec.building] + [b for b in ("CEL", "PEL", "REL", "NMS") if b != sec.building][:2]
    out.append(Abuse("vendor_vm_postback_walk", "scraping", ["scraping", "credential_sharing"], "abuse:vendor_vm",
                     sec, [sec.win], [VM_IP], ["AttendIQ Collector/3.2 (.NET Framework 4.8; HttpClient)"],
                     schools=targets, pace_s=[4, 12], vm="ATTNIQ-VM01", tool="AttendIQ attendance analytics"))
    cou = pick_owner(W, "counselor", "ACHS", tag="counselor_home_handler_pull")
    cou.extra["phone_only"] = True
    out.append(Abuse("counselor_home_handler_pull", "scraping", ["scraping"], "abuse:handler_pull", cou,
                     [cou.email], [W.addrs.take(HOME_NETS)], ["python-requests/2.31.0"],
                     pace_s=[0.8, 2.5], pause_every=[200, 400], pause_min=[5, 20]))
    ana = pick_owner(W, "district_analyst", tag="soap_connector_analyst_account")
    out.append(Abuse("soap_connector_analyst_account", "scraping", ["scraping", "credential_sharing"],
                     "abuse:soap_connector", ana, [ana.win], AZURE,
                     ["Mozilla/4.0 (compatible; MSIE 6.0; MS Web Services Client Protocol 4.0.30319.42000)"],
                     window="00:50-03:40 nightly + 12:10 delta", page_size=200, vendor="PathwayCCR readiness"))
    tea = pick_owner(W, "teacher", "ACHS", tag="cloud_roster_sync_app")
    ips = [W.addrs.take(p) for p in AWS_POOL]
    out.append(Abuse("cloud_roster_sync_app", "scraping", ["scraping", "credential_sharing"], "abuse:roster_sync",
                     tea, [tea.email], ips, ["ClassBridge-Sync/2.3 (+https://classbridge.example/bot)"],
                     every_h=2, hours="06:00-22:00", app="ClassBridge parent messaging"))
    return out


def vendor_vm(W, a):
    """Overnight walk of three schools: grid paging postbacks, Student.aspx + tab postback, Attendance + postback."""
    r, s = W.rng("vendor_vm"), a.owner
    b = Browser(W, r, VM_IP, s.win, "ntlm", a.actor, "dotnet", assets=False)
    queue = []
    for bld in a.params["schools"]:
        ids = sorted(W.pupils[bld], key=lambda p: W.rng("surname", p).random())
        queue += [(bld, ids[i:i + 25], i // 25 + 1) for i in range(0, len(ids), 25)]
    nights = [(W.t0, day_at(0, 4.6 + r.uniform(0, 0.2)))]
    nights += [(day_at(d, 22.5 + r.uniform(0, 0.2)), day_at(d + 1, 4.6 + r.uniform(0, 0.2))) for d in range(W.days)]
    qi = r.randrange(len(queue) // 3)
    for start, stop in nights:
        t = start + r.uniform(0, 120)
        stop = min(stop, W.t_end)
        n = 0
        while t < stop:
            bld, page, no = queue[qi % len(queue)]
            qi += 1
            t = b.page(t, "/StudentSearch.aspx", "-", "POST", r.randint(40000, 95000), lognorm(r, 600, 0.4),
                       body=r.randint(18000, 26000))
            for pid in page:
                for stem, post in (("/Student.aspx", False), ("/Student.aspx", True), ("/Attendance.aspx", False),
                                   ("/Attendance.aspx", True)):
                    t += r.uniform(*a.params["pace_s"]) + (r.uniform(25, 95) if r.random() < 0.025 else 0)
                    if t >= stop:
                        break
                    t = b.page(t, stem, "ID=%d" % pid, "POST" if post else "GET", r.randint(38000, 80000),
                               body=r.randint(15000, 40000) if post else 0)
                    n += 1
            t += r.uniform(*a.params["pace_s"])


def handler_pull(W, a):
    """python-requests at a home address: forms sign-in, then only StudentPhoto/DocumentList/Document handlers."""
    r = W.rng("handler_pull")
    b = Browser(W, r, a.ips[0], a.names[0], "forms", a.actor, "python", assets=False)
    ids = sorted(p for p in W.pupils["ACHS"])
    cursor = 0
    windows = [(day_at(d, 20.6 + r.uniform(0, 0.6)), day_at(d, 23.9 if d == 0 else 25.5)) for d in range(W.days)]
    for start, stop in windows:
        stop = min(stop, W.t_end)
        b.signed_in, t = False, start
        t = b.hit(t, "GET", "/Login.aspx", "-", 200, r.randint(9800, 10400), 38) + r.uniform(0.3, 0.8)
        t = b.hit(t, "POST", "/Login.aspx", "-", 302, 710, lognorm(r, 380, 0.3), body=1990) + 0.2
        b.signed_in = True
        n, pause_at = 0, r.randint(*a.params["pause_every"])
        while t < stop and cursor < len(ids):
            pid = ids[cursor]
            cursor += 1
            reqs = [("/Handlers/StudentPhoto.ashx", "ID=%d&sz=L" % pid, r.randint(38000, 61000)),
                    ("/Handlers/DocumentList.ashx", "ID=%d" % pid, r.randint(700, 2600))]
            reqs += [("/Handlers/Document.ashx", "DocID=%d" % d, r.randint(90000, 2400000))
                     for d in r.sample(W.docs[pid], min(len(W.docs[pid]), r.choice((0, 1, 1, 2, 3))))]
            for stem, q, size in reqs:
                t = b.hit(t, "GET", stem, q, 200, size, lognorm(r, 60 if size < 70000 else 400, 0.5))
                t += r.uniform(*a.params["pace_s"])
                n += 1
            if n >= pause_at:
                t += r.uniform(*a.params["pause_min"]) * 60
                n, pause_at = 0, r.randint(*a.params["pause_every"])


def soap_connector(W, a):
    """A vendor's cloud connector on the analyst's Windows credentials (NTLM over the internet), paging every pupil."""
    r = W.rng("soap_connector")
    b = Browser(W, r, AZURE[0], a.names[0], "ntlm", a.actor, "dotnet", assets=False)
    total = sum(len(v) for v in W.pupils.values())
    pages = (total + a.params["page_size"] - 1) // a.params["page_size"]
    for d in range(W.days):
        b.ip, b.conns = AZURE[d % 2], []
        t = day_at(d, 0.83 + r.uniform(0, 0.1))
        t = b.hit(t, "GET", ASMX, "WSDL", 200, 38211, 40) + r.uniform(0.5, 2)
        for op in ("demographics", "contacts", "attendance"):
            for _ in range(pages):
                size = r.randint(250000, 900000) if op != "attendance" else r.randint(600000, 2200000)
                b.conns = [c for c in b.conns if t - c < 100]
                t = b.hit(t, "POST", ASMX, "-", 200, size, lognorm(r, 3200, 0.5), body=r.randint(800, 1100))
                t += r.uniform(1.0, 3.0)
            t += r.uniform(60, 240)
        b.ip, b.conns = AZURE[(d + 1) % 2], []
        t = day_at(d, 12.17 + r.uniform(0, 0.05))
        for _ in range(r.randint(2, 5)):
            t = b.hit(t, "POST", ASMX, "-", 200, r.randint(20000, 140000), lognorm(r, 900, 0.5), body=950) + 1.5


def roster_sync(W, a):
    """Every 2 h 06:00-22:00 from a rotating AWS NAT pool: sign-in, rosters, thumbnails and contacts of each pupil."""
    r, s = W.rng("roster_sync"), a.owner
    b = Browser(W, r, a.ips[0], a.names[0], "forms", a.actor, "bot", assets=False)
    for d in range(W.days):
        for h in range(6, 23, 2):
            t = day_at(d, h) + r.uniform(20, 240)
            if t >= W.t_end:
                return
            b.ip, b.conns, b.signed_in = a.ips[(d * 9 + h) % len(a.ips)], [], False
            t = b.hit(t, "GET", "/Login.aspx", "-", 200, r.randint(9800, 10400), 35) + 0.4
            t = b.hit(t, "POST", "/Login.aspx", "-", 302, 710, lognorm(r, 380, 0.3), body=2010) + 0.15
            b.signed_in = True
            t = b.hit(t, "GET", "/Teacher/MySections.aspx", "-", 200, r.randint(22000, 30000), 140) + 0.3
            for sid, roster in s.sections:
                t = b.hit(t, "GET", "/Teacher/Roster.aspx", "SectionID=%d" % sid, 200, r.randint(30000, 52000),
                          lognorm(r, 200, 0.4)) + r.uniform(0.1, 0.4)
                for pid in roster if h % 4 == 2 else ():          # contacts every 4 h, photos once a day
                    if h == 6:
                        t = b.hit(t, "GET", "/Handlers/StudentPhoto.ashx", "ID=%d&sz=S" % pid, 200,
                                  3900 + r.randint(0, 30), r.randint(8, 40)) + r.uniform(0.05, 0.3)
                    t = b.hit(t, "GET", "/Contacts.aspx", "ID=%d" % pid, 200, r.randint(31000, 47000),
                              lognorm(r, 160, 0.4)) + r.uniform(0.2, 0.6)
            b.hit(t + 0.5, "GET", "/Logout.aspx", "-", 302, 630, 4)


RUN = {"vendor_vm_postback_walk": vendor_vm, "counselor_home_handler_pull": handler_pull,
       "soap_connector_analyst_account": soap_connector, "cloud_roster_sync_app": roster_sync}


def run(W, abuses):
    for a in abuses:
        RUN[a.behaviour](W, a)

