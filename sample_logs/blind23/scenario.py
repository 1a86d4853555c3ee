"""blind23 scenario: picks who does what (ordinary staff, look-alikes, services, abusers), runs them all into one
event list and records what each labelled account and source is."""
import datetime as dt
import random

from . import brute, lookalikes as L, scraping, services, sharing, staff as S, world as W
from .client import rand_token
from .people import RATE, Person, make_staff
from .world import Prof


class Ctx:
    def __init__(self, seed, days, n_staff):
        self.seed, self.days, self.n_staff = seed, days, n_staff
        self.sink = []
        self.ipi = {}
        self.pupils = W.Pupils(seed)
        self.people = make_staff(seed, n_staff)
        self.extra = []                  # accounts beyond the n_staff people (generic, departed, successor, svc.)
        self.abuse = []                  # dicts: kind(account|source), key, label, behaviour, kinds, tags, params
        self.benign_sources = {}         # ip -> (behaviour, params)
        self.used = set()
        self.deadline_day = min(1, days - 1)
        while self.deadline_day > 0 and not self.school_day(self.deadline_day):
            self.deadline_day -= 1

    def rng(self, name):
        return random.Random("blind23:%d:%s" % (self.seed, name))

    def school_day(self, d):
        return (W.START + dt.timedelta(days=d)).weekday() < 5

    def pick(self, rng, role=None, district=None, auth=None, need_phone=False, fallback=True):
        """An unused person matching role/district/auth; else an unused one of the district given the role."""
        c = [p for p in self.people if p.login not in self.used and (role is None or p.role == role)
             and (district is None or p.district == district) and (auth is None or p.auth == auth)
             and (not need_phone or p.phone) and p.role != "data_steward"]
        if not c and fallback:
            c = [p for p in self.people if p.login not in self.used and p.role not in ("data_steward", "helpdesk",
                 "state_auditor") and (district is None or p.district == district)]
            if c:
                p = c[rng.randrange(len(c))]
                p.role = role or p.role
                p.rate = RATE.get(role, p.rate) if role else p.rate
                if auth:
                    p.auth = auth
                c = [p]
        if not c:
            return None
        p = c[rng.randrange(len(c))]
        self.used.add(p.login)
        return p

    def steward(self, code):
        p = next(p for p in self.people if p.district == code and p.role == "data_steward")
        self.used.add(p.login)
        return p

    def add_abuse(self, kind, key, label, behaviour, kinds, tags, params, person=None):
        self.abuse.append({"kind": kind, "key": key, "label": label, "behaviour": behaviour, "kinds": kinds,
                           "tags": set(tags), "params": params, "person": person})


def run(seed, days, n_staff):
    ctx = Ctx(seed, days, n_staff)
    rng = ctx.rng("cast")
    ppl = ctx.people
    special = {}

    # --- abuse ---------------------------------------------------------------------------------------------
    vend = ctx.steward("MLB")
    vend_ip = W.addr(rng, W.CLOUD["aws"])
    ctx.ipi[vend_ip] = "Cloud-based Services"
    prm = scraping.vendor_saml_sync(ctx, vend, "vendor_saml_sync", vend_ip)
    ctx.add_abuse("account", vend.login, "scraping", "vendor_saml_sync", ["scraping"], ["vendor_saml_sync"], prm, vend)

    rpa = ctx.pick(rng, "registrar", "RDO", "form")
    rpa_ip = W.addr(rng, W.BUSINESS_NETS)
    prm = scraping.rpa_short_sessions(ctx, rpa, "rpa_short_sessions", rpa_ip, W.device("chrome_win", 147))
    ctx.add_abuse("account", rpa.login, "scraping", "rpa_short_sessions", ["scraping"], ["rpa_short_sessions"],
                  prm, rpa)

    pag = ctx.pick(rng, "district_analyst", "PRH", "saml")
    prm = scraping.search_paging(ctx, pag, "search_paging", Prof("python", pag.home_dev.ua))
    ctx.add_abuse("account", pag.login, "scraping", "search_paging", ["scraping"], ["search_paging"], prm, pag)

    ext = ctx.pick(rng, "sped_coordinator", "OSV", "saml")
    prm = scraping.extension_pdfs(ctx, ext, "extension_pdf_harvest")
    ctx.add_abuse("account", ext.login, "scraping", "extension_pdf_harvest", ["scraping"], ["extension_pdf_harvest"],
                  prm, ext)

    clw = W.domain("CLW")
    gen = Person(login="records.office@" + clw, log_name="records.office@" + clw, role="generic",
                 district="CLW", campus="Clearwater District Office", auth="form", work_ip=W.DINFO["CLW"][4],
                 school=0, laptop=W.device("chrome_win"), home_ip=W.addr(rng, W.HOME_NETS), home_dev=None,
                 rate=1.3, evening_p=0, phone_p=0, xff=None)
    ctx.extra.append(gen)
    spell = ["records.office@" + clw, "Records.Office@" + clw, "records.office@" + clw,
             "records.office@Clearwater.k12.example.us"]
    prm = sharing.generic_office(ctx, gen, "generic_records_office", "CLW", spell, gen.home_ip)
    ctx.add_abuse("account", gen.login, "credential_sharing", "generic_records_office", ["credential_sharing"],
                  ["generic_records_office"], prm, gen)

    coord = next(p for p in ppl if p.role == "regional_coordinator" and p.login not in ctx.used)
    ctx.used.add(coord.login)
    coord.auth = "form"
    col_ip = W.addr(rng, W.BUSINESS_NETS)
    prm = sharing.two_cities(ctx, coord, "two_city_shared_login", col_ip, W.device("firefox_win", 147))
    ctx.add_abuse("account", coord.login, "credential_sharing", "two_city_shared_login", ["credential_sharing"],
                  ["two_city_shared_login"], prm, coord)

    stb = W.domain("STB")
    dep = Person(login="mhalvorsen@" + stb, log_name="mhalvorsen@" + stb, role="registrar", district="STB",
                 campus="Stonebridge District Office", auth="form", work_ip=W.DINFO["STB"][4], school=0,
                 laptop=W.device("edge_win"), home_ip=W.addr(rng, W.HOME_NETS), home_dev=None, rate=3, evening_p=0,
                 phone_p=0, xff=None)
    suc = Person(login="tokafor@" + stb, log_name="tokafor@" + stb, role="office_staff", district="STB",
                 campus="Stonebridge District Office", auth="form", work_ip=W.DINFO["STB"][4], school=0,
                 laptop=W.device("edge_win"), home_ip=W.addr(rng, W.HOME_NETS), home_dev=None, rate=3, evening_p=0,
                 phone_p=0, xff=None)
    ctx.extra += [dep, suc]
    special[suc.login] = "new_hire_awaiting_role"
    prm = sharing.departed(ctx, dep, suc, "departed_employee_successor", "2026-11-06")
    ctx.add_abuse("account", dep.login, "credential_sharing", "departed_employee_successor", ["credential_sharing"],
                  ["departed_employee_successor"], prm, dep)

    pri = ctx.pick(rng, "principal", "STB", "saml")
    prm = sharing.principal_secretary(ctx, pri, "principal_login_at_front_desk", W.device("edge_win", 146))
    ctx.add_abuse("account", pri.login, "credential_sharing", "principal_login_at_front_desk",
                  ["credential_sharing"], ["principal_login_at_front_desk"], prm, pri)

    victim = ctx.pick(rng, "teacher", None, "form")
    spray_ips = [W.addr(rng, W.CLOUD[c]) for c in ("digitalocean", "vultr", "linode", "ovh")]
    for ip in spray_ips:
        ctx.ipi[ip] = "Cloud-based Services"
    W.GEO[spray_ips[3]] = "CA"
    trng = ctx.rng("spray-targets")
    targets = [p.login for p in ppl if p.login != victim.login and trng.random() < 0.8]
    for code in W.DCODES:
        targets += ["%s%s@%s" % (trng.choice(W.FIRST)[0], trng.choice(W.LAST).replace("'", ""), W.domain(code))
                    for _ in range(25)]
    trng.shuffle(targets)
    prm = brute.spray(ctx, "password_spray", "password_spray_takeover", spray_ips, targets, victim)
    ctx.add_abuse("account", victim.login, "brute_force", "password_spray_takeover", ["brute_force"],
                  ["password_spray_takeover"], dict(prm, password="a new one each night, masked by ASM"), victim)
    ctx.add_abuse("source", spray_ips, "brute_force", "password_spray", ["brute_force"],
                  ["password_spray", "password_spray_takeover"], prm)

    stuff_ips, prm = brute.stuffing(ctx, "credential_stuffing", 150 + rng.randrange(100),
                                    [p.login for p in ppl])
    ctx.add_abuse("source", stuff_ips, "brute_force", "credential_stuffing", ["brute_force"],
                  ["credential_stuffing"], prm)

    # --- look-alikes -----------------------------------------------------------------------------------------
    for code in ("WSF", "RVB", "PRH"):
        p = ctx.steward(code)
        special[p.login] = "deadline_review"
        L.deadline_review(ctx, p)
    for p in ppl:
        if p.role == "state_auditor":
            special[p.login] = "state_audit_sample"
            ctx.used.add(p.login)
            L.audit_sample(ctx, p)
        elif p.role == "helpdesk":
            special[p.login] = "helpdesk_caller_lookups"
            ctx.used.add(p.login)
            L.helpdesk(ctx, p)
    nsch = W.DINFO["WSF"][6]
    for _ in range(2):
        p = ctx.pick(rng, "counselor", "WSF")
        p.school = nsch - 1 - rng.randrange(4)
        p.campus = W.school_name("WSF", p.school)
        special[p.login] = "senior_transcript_audit"
        L.senior_audit(ctx, p)
    for code in ("WSF", "OSV"):
        p = ctx.pick(rng, "office_staff", code)
        special[p.login] = "score_report_batch_print"
        L.score_report_print(ctx, p)
    p = ctx.pick(rng, "district_it", "TLG", "form")
    special[p.login] = "it_roster_script_own_account"
    L.it_script(ctx, p)
    for role in ("principal", "counselor", "principal", "program_specialist", "nurse"):
        p = ctx.pick(rng, role, need_phone=True, fallback=False)
        if p:
            special[p.login] = "phone_and_laptop"
            L.several_devices(ctx, p, "phone_and_laptop")
    for _ in range(3):
        p = ctx.pick(rng, "teacher", "WSF")
        special[p.login] = "two_computers_at_work"
        L.several_devices(ctx, p, "two_computers")
    for _ in range(2):
        p = ctx.pick(rng, None, None, "form")
        special[p.login] = "forgot_password"
        L.forgot_password(ctx, p)
    for _ in range(2):
        p = ctx.pick(rng, "office_staff")
        p.extra_cookie = "_stateportal_prefs=" + rand_token(rng, 2900)
        special[p.login] = "oversized_cookie"
        S.ordinary(ctx, p)

    # --- everyone else, services ------------------------------------------------------------------------------
    for p in ppl:
        if p.login not in ctx.used:
            S.ordinary(ctx, p)
        elif p in (vend, rpa, pag, ext, coord, pri, victim):
            S.ordinary(ctx, p)
    svc = services_and_sources(ctx, rng)
    return ctx, special, svc


def services_and_sources(ctx, rng):
    svc = [("svc.dw-extract@" + W.STATE_DOMAIN, "svc_dw_nightly_extract", "State Data Center"),
           ("svc.assess-vendor@" + W.STATE_DOMAIN, "svc_assessment_vendor_upload", "Assessment contractor"),
           ("svc.sis-bridge@" + W.domain("RVB"), "svc_district_sis_bridge", "Riverbend data center")]
    services.dw_extract(ctx, svc[0][0])
    az = [W.addr(rng, W.CLOUD["azure"]) for _ in range(2)]
    for ip in az:
        ctx.ipi[ip] = "Cloud-based Services"
    services.assess_vendor(ctx, svc[1][0], az)
    services.sis_bridge(ctx, svc[2][0], "50.200.18.70")
    s24 = [W.addr(rng, ["204.141", "136.143"]) for _ in range(2)]
    services.monitors(ctx, s24)
    g = ["66.249.%d.%d" % (rng.choice((64, 66, 79)), rng.randint(1, 250)) for _ in range(4)]
    bi = ["%s.%d" % (rng.choice(("157.55.39", "40.77.167", "207.46.13")), rng.randint(1, 250)) for _ in range(3)]
    services.crawlers(ctx, g, bi)
    scan_ip = "164.119.20.201"
    services.scan(ctx, scan_ip)
    nz = []
    for cc in ("NL", "CN", "SG", "RU"):
        ip = "%d.%d.%d.%d" % (rng.choice((45, 80, 92, 185, 193, 194)), rng.randint(0, 255), rng.randint(0, 255),
                              rng.randint(2, 254))
        W.GEO[ip] = cc
        ctx.ipi[ip] = "Scanners"
        nz.append(ip)
    services.noise(ctx, nz)
    bs = ctx.benign_sources
    for ip in az:
        bs[ip] = ("integration_svc_assessment_vendor", {"account": svc[1][0]})
    bs["50.200.18.70"] = ("integration_svc_sis_bridge", {"account": svc[2][0]})
    bs[W.STATE_DC] = ("state_data_center", {"accounts": [svc[0][0]], "monitor": "nagios check_http /ksr/health"})
    for ip in s24:
        bs[ip] = ("synthetic_monitor_site24x7", {"path": "/ksr/login", "interval_s": 120})
    for ip in g:
        bs[ip] = ("crawler_googlebot", {})
    for ip in bi:
        bs[ip] = ("crawler_bingbot", {})
    bs[scan_ip] = ("authorised_weekly_vulnerability_scan", {"scanner": "Nessus (state security office)"})
    for ip in nz:
        bs[ip] = ("internet_background_scan", {})
    return svc
