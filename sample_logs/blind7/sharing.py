"""Credential sharing (labelled on accounts) and password attacks (labelled on sources)."""
from . import net
from . import world as W
from .app import HTML, Client, page
from .lookalikes import entry, pick, weekdays
from .people import client_for, office_day, run_session


def generic_account(g):
    """(a) `registrar@district` used by 3-5 people at once from different school sites."""
    r = g.rng
    d = r.choice([d for d in g.w.districts if not d.vdi and len(d.sites) >= 4])
    email = f"{r.choice(('registrar', 'records', 'frontoffice', 'enrollment'))}@{d.domain}"
    n = r.randint(3, min(5, len(d.sites)))
    sites = r.sample(d.sites, n)
    people = []
    for ip in sites:
        people.append(W.Staff(email=email, name="shared", dist=d, role=r.choice(("registrar", "secretary")),
                              office_ip=ip, office_ua=net.desktop_ua(r), home_ip=ip, home_ua="", mobile_ua="",
                              caches={}, laptop=False, p_work=0.95, p_evening=0, p_phone=0,
                              arrive=r.gauss(7.6, 0.3), hours=r.uniform(7.5, 9.0), gap_med=r.uniform(240, 600),
                              typo=0.08, caseload=r.sample(d.pupils, 60), idp=None))
    params = dict(ips=sites, user_agents=[p.office_ua for p in people], n_people=n, district=d.slug)

    def run():
        for day in weekdays(g):
            for p in people:
                if r.random() < p.p_work:
                    office_day(g, p, day)
    return [("accounts", email, entry("generic_shared_account", "credential_sharing", ("credential_sharing",),
                                       **params))], run, set()


def contractor(g):
    """(b) The owner works in the office while a contractor elsewhere uses the same login."""
    r = g.rng
    s = pick(g, lambda s: s.dist is not None and s.role in ("registrar", "secretary") and not s.dist.vdi)
    where = r.choice(("in", "ph", "us-fl", "us-az"))
    asn, colo = {"in": (r.choice((24560, 9829)), None), "ph": (9299, None),
                 "us-fl": (r.choice((7922, 11427)), "MIA"), "us-az": (22773, "PHX")}[where]
    ip = g.w.net.alloc(asn, colo)
    s.p_work = 1.0                                   # the owner is at her desk every weekday
    ua = r.choice([u for u in (net.edge_win(151), net.firefox(153), net.chrome_win(149), net.edge_win(150))
                   if u != s.office_ua])
    h0, span = r.uniform(8.0, 10.0), r.uniform(5.0, 8.0)
    c_staff = W.Staff(email=s.email, name="contractor", dist=s.dist, role="registrar", office_ip=ip, office_ua=ua,
                      home_ip=ip, home_ua=ua, mobile_ua="", caches={}, laptop=False, p_work=1, p_evening=0,
                      p_phone=0, arrive=h0, hours=span, gap_med=r.uniform(150, 420), typo=0.05,
                      caseload=s.caseload, idp=None)
    params = dict(ip=ip, user_agent=ua, contractor_location=where, contractor_asn=asn, start_local_h=round(h0, 2),
                  hours=round(span, 2), owner_ip=s.office_ip, owner_user_agent=s.office_ua)

    def run():
        for day in weekdays(g):
            c = client_for(g, c_staff, "office")
            lz = (W.local_ts(day, h0 + span / 2), r.uniform(20, 45) * 60)
            run_session(c, c_staff, W.local_ts(day, h0 + r.uniform(-0.2, 0.2)), W.local_ts(day, h0 + span), c_staff.gap_med, lz)
    return [("accounts", s.email, entry("concurrent_contractor", "credential_sharing", ("credential_sharing",),
                                         **params))], run, set()


def handover(g):
    """(c) Owner until 15:00; someone else from another network, another browser, 15:05-23:00 daily."""
    r = g.rng
    s = pick(g, lambda s: s.dist is not None and s.role in ("secretary", "registrar") and not s.dist.vdi)
    ip = g.w.net.residential(g.w.ip_info(s.office_ip)[2])
    ua = net.firefox(r.choice((152, 153))) if "Firefox" not in s.office_ua else net.chrome_mac(151)
    other = W.Staff(email=s.email, name="evening", dist=s.dist, role=s.role, office_ip=ip, office_ua=ua, home_ip=ip,
                    home_ua=ua, mobile_ua="", caches={}, laptop=False, p_work=1, p_evening=0, p_phone=0, arrive=15.1,
                    hours=7.9, gap_med=r.uniform(200, 500), typo=0.05, caseload=s.caseload, idp=None)
    params = dict(ip=ip, user_agent=ua, owner_ip=s.office_ip, owner_user_agent=s.office_ua,
                  owner_until_local="15:00", other_from_local="15:05", other_until_local="23:00")

    def run():
        for day in g.w.dates:
            if day.weekday() < 5:
                office_day(g, s, day, start_h=r.uniform(6.9, 7.2), end_h=r.uniform(14.85, 14.98))
            c = client_for(g, other, "office")
            lz = (W.local_ts(day, r.uniform(18.0, 19.0)), r.uniform(25, 45) * 60)
            run_session(c, other, W.local_ts(day, 15 + r.uniform(5, 9) / 60), W.local_ts(day, 23 + r.uniform(-0.2, 0.1)),
                        other.gap_med, lz)
    return [("accounts", s.email, entry("shift_handover", "credential_sharing", ("credential_sharing",),
                                         **params))], run, {s.email}


def _attempt(g, ip, ua, user, t, get_first, follow, stale=False, proto="2"):
    r = g.rng
    c = Client(g, ip, ua, "", proto=proto, bot="s", login_as=user)
    c.t = t
    if get_first:
        c.emit("GET", "/login", 200, r.randint(3_300, 3_500), ctype=HTML)
        c.small(0.4, 2.5)
    blocked = r.random() < 0.03
    status = 403 if stale else 302                                    # no CSRF token fetched -> 403
    c.emit("POST", "/login", status, 0 if status == 302 else 128, ref=page("/login"), ctype="" if status == 302 else "application/json",
           reqb=r.randint(600, 700), sec="block" if blocked else "")
    if follow and status == 302 and not blocked:
        c.small(0.05, 0.3)
        c.emit("GET", "/login?error", 200, r.randint(3_400, 3_600), ref=page("/login"), ctype=HTML)
    return c.t


def stuffing(g):
    """Credential stuffing through the local-password form from a rotating residential proxy pool."""
    r = g.rng
    n_ips = r.randint(150, 400)
    ips = [g.w.net.proxy_exit() for _ in range(n_ips)]
    uas = [net.desktop_ua(r, False) for _ in range(12)] + [net.mobile_ua(r) for _ in range(4)]
    day = r.choice(g.w.dates)
    h0 = r.choice((r.uniform(0.5, 5.0), r.uniform(12.0, 17.0)))
    hours = r.uniform(1.5, 5.0)
    staff = [s.email for s in g.w.staff]
    domains = [d.domain for d in g.w.districts] + [W.STATE_DOMAIN]
    per_ip = {ip: r.randint(1, 3) for ip in ips}
    combo = [r.choice(staff) if r.random() < 0.35 else
             f"{r.choice(W.FIRST)}.{r.choice(W.SURNAMES)}@{r.choice(domains)}" for _ in range(sum(per_ip.values()))]
    params = dict(n_ips=n_ips, day=day.isoformat(), start_local_h=round(h0, 2), hours=round(hours, 2),
                  campaign_attempts=len(combo), attempts_per_ip_range=[1, 3])

    def run():
        t0 = W.local_ts(day, h0)
        k = 0
        for ip in ips:
            ua, first = r.choice(uas), r.random() < 0.9
            t = t0 + r.uniform(0, hours * 3600)
            for j in range(per_ip[ip]):
                get = first if j == 0 else r.random() < 0.5          # later tries may reuse the token
                t = _attempt(g, ip, ua, combo[k], t, get_first=get, follow=r.random() < 0.6,
                             stale=j == 0 and not first) + r.uniform(2, 40)
                k += 1
    return [("sources", ip, entry("credential_stuffing", "brute_force", ("brute_force",), attempts=per_ip[ip], **params))
            for ip in ips], run, set()


def slow_guesser(g):
    """One address guessing passwords for 1-2 chosen accounts every few minutes, day and night."""
    r = g.rng
    ip = g.w.net.alloc(r.choice((9009, 24940, 14061)))
    ua = net.firefox(r.choice((128, 140)), "linux")
    targets = [s.email for s in r.sample([s for s in g.w.staff if s.role in ("principal", "state_records", "registrar")], r.randint(1, 2))]
    med = r.uniform(3, 15)
    ent = entry("slow_targeted_guesser", "brute_force", ("brute_force",), targets=targets,
                interval_median_min=round(med, 2), user_agent=ua, lockout_after=5)
    params = ent["params"]

    def run():
        t, end = W.local_ts(g.w.dates[0], r.uniform(0, 3)), W.local_ts(g.w.dates[-1], 24.0)
        fails, n = 0, 0
        while t < end:
            c = Client(g, ip, ua, "", proto="2", bot="s")
            c.t = t
            c.emit("GET", "/login", 200, r.randint(3_300, 3_500), ctype=HTML)
            c.small(2, 9)
            c.emit("POST", "/login", 302, 0, ref=page("/login"), ctype="", reqb=r.randint(600, 700))
            c.small(0.05, 0.3)
            locked = fails >= 5
            c.emit("GET", "/login?locked" if locked else "/login?error", 200, r.randint(3_400, 3_600), ref=page("/login"), ctype=HTML)
            fails = 0 if locked and r.random() < 0.3 else fails + 1
            n += 1
            t += 60 * med * 2.718 ** (0.5 * r.gauss(0, 1))
        params["attempts"] = n
    return [("sources", ip, ent)], run, set()


ALL = (generic_account, contractor, handover, stuffing, slow_guesser)
