"""Builds the event stream of one Harbor window (blind14): picks who does what (benign look-alikes and abuse),
runs every staff member's days, the generic login, the services, the scrapers and the brute force."""
import random

from . import world as W
from . import roster, services, scraping, sharing, bruteforce
from . import lookalikes as L
from .staff import ordinary_day


class Ctx:
    pass


def _take(pool, n, used):
    out = [s for s in pool if s.email not in used][:n]
    used.update(s.email for s in out)
    return out


def build(seed, days, n_staff):
    rng = random.Random("blind14:%d" % seed)
    ctx = Ctx()
    ctx.rng, ctx.out, ctx.devices = rng, [], {}
    ctx.pupils = W.make_pupils(rng, n_staff * 22)
    ctx.by_school, ctx.by_district = {}, {}
    for p in ctx.pupils:
        ctx.by_school.setdefault(p.school, []).append(p)
        ctx.by_district.setdefault(p.district, []).append(p)
    staff = roster.make_staff(rng, n_staff, ctx.pupils)
    by_role = {}
    for s in staff:
        by_role.setdefault(s.role, []).append(s)
    used, plan, behaviour, abuse = set(), {}, {}, {}

    # ---- abuse on staff accounts ----
    evergreen = [s for s in staff if s.agency == "evergreen"]
    carousel = _take(evergreen, 6, used)
    offshore = _take([s for s in staff if s.agency == "soundpath"], 1, used)[0]
    psychs = [s for s in by_role["school_psych"] if s.district in ("SB", "TR") and len(s.buildings) > 1]
    if not psychs:
        s = [x for x in by_role["school_psych"] if x.email not in used][0]
        s.district, s.campus, s.buildings = "SB", "KPE", ["KPE", "RWE"]
        psychs = [s]
    two = _take(psychs, 1, used)[0]
    director = next(s for s in by_role["sped_director"] if s.district == "TR")
    used.add(director.email)
    slps = sorted([s for s in by_role["slp"] if s.email not in used], key=lambda s: s.district != "SB")
    ext = _take(slps, 1, used)[0]
    info = {"offshore": {}, "two": {"owner_school": two.buildings[0], "intern_school": two.buildings[1],
                                   "intern_ua": W.chromebook_ua(rng)}, "generic": {}}
    generic = roster.Staff()
    generic.email, generic.first, generic.last = roster.generic_account("CP"), "Special Services", "Office"
    generic.role, generic.district, generic.campus, generic.auth = "office_staff", "CP", "CPDO", "oidc"
    generic.home, generic.laptop, generic.buildings, generic.agency = W.home_ip(rng), W.CHROME_WIN % "160", [], None
    generic.caseload = rng.sample(ctx.by_district["CP"], 30)
    generic.lang, generic.host, generic.home_pc, generic.phone, generic.tablet = "en-US,en;q=0.9", 31, None, None, None
    for s in carousel:
        abuse[s.email] = ("vendor_credential_carousel", ["scraping", "credential_sharing"])
    abuse[offshore.email] = ("totp_seed_shared_offshore", ["credential_sharing"])
    abuse[two.email] = ("two_schools_at_once", ["credential_sharing"])
    abuse[director.email] = ("billing_export_sweep", ["scraping"])
    abuse[ext.email] = ("extension_autopager", ["scraping"])
    abuse[generic.email] = ("generic_sped_office", ["credential_sharing"])
    abuse[W.AGENCIES["tidewater"][3]] = ("agency_key_roster_crawl", ["scraping"])

    # ---- benign look-alikes ----
    def look(name, people, fn):
        for s in people:
            behaviour[s.email], plan[s.email] = name, fn
    look("billing_month_start_exports", _take(by_role["billing_coordinator"], 3, used), L.billing_month_start)
    look("iep_season_heavy_drafting", _take(by_role["case_manager"], 6, used), L.iep_season)
    itin = [s for r in ("slp", "ot", "pt", "school_psych") for s in by_role.get(r, []) if len(s.buildings) > 1]
    look("itinerant_phone_between_schools", _take(itin, 8, used), L.itinerant_phone)
    auditor = by_role["state_auditor"][0]
    used.add(auditor.email)
    sample = rng.sample(ctx.pupils, 70)
    look("state_auditor_sample_review", [auditor], lambda c, s, d: L.state_auditor(c, s, d, sample))
    look("analyst_directory_paging", _take(by_role["district_analyst"], 2, used), L.analyst_paging)
    for k, s in enumerate(_take(by_role["registrar"], 2, used)):
        look("registrar_transfer_batch", [s], lambda c, s, d, k=k: L.registrar_transfers(c, s, d, k % max(1, days)))
    for k, s in enumerate(_take([s for s in by_role["case_manager"] if len(s.caseload) >= 15], 3, used)):
        look("progress_report_printing", [s], lambda c, s, d, k=k: L.progress_printing(c, s, d, k % max(1, days)))
    look("counselor_scheduling_accommodations", _take(by_role["counselor"], 3, used), L.counselor_scheduling)
    meet = _take(by_role["principal"], 3, used) + _take([s for s in by_role["sped_director"]], 1, used)
    look("meetings_multi_device", meet, L.meetings_multi_device)
    pcs = _take([s for s in by_role["teacher"] if s.district in ("SB", "TR")], 2, used)
    if len(pcs) == 2:
        a, b = pcs
        b.district, b.campus, b.laptop, b.host, b.lang = a.district, a.campus, a.laptop, a.host, a.lang
        emails = {x.email for x in staff}
        base, k = b.email.split("@")[0], 2
        new = base + "@" + W.DISTRICTS[a.district][1]
        while new != b.email and new in emails:
            new, k = "%s%d@%s" % (base, k, W.DISTRICTS[a.district][1]), k + 1
        b.email = new
        behaviour[a.email], plan[a.email] = "shared_classroom_pc", lambda c, s, d: L.shared_pc(c, s, d, True)
        behaviour[b.email], plan[b.email] = "shared_classroom_pc", lambda c, s, d: L.shared_pc(c, s, d, False)
    it = (by_role.get("crssc_it") or by_role.get("it_admin"))[0]
    behaviour[it.email] = "it_admin_scripted_checks"

    # ---- run the days ----
    results = {}
    for s in staff:
        for day in range(days):
            if s is offshore:
                sharing.offshore_day(ctx, s, day, info["offshore"])
            elif s is two:
                sharing.two_schools_day(ctx, s, day, info["two"])
            elif s is director:
                ordinary_day(ctx, s, day, {"evening": 0.0})
                if day == 0:
                    results["sweep"] = scraping.export_sweep(ctx, s, 0)
            elif s is ext:
                if W.school_day(day):
                    ordinary_day(ctx, s, day, {"evening": 0.0})
                results["ext_n"] = results.get("ext_n", 0) + scraping.extension_evening(ctx, s, day)
            elif s.email in plan:
                plan[s.email](ctx, s, day)
            else:
                ordinary_day(ctx, s, day)
    for day in range(days):
        sharing.generic_office_day(ctx, generic, day, info["generic"])
    L.it_script(ctx, it, days)
    results["carousel"] = scraping.vendor_carousel(ctx, carousel, days)
    results["crawl"] = scraping.agency_roster_crawl(ctx, W.AGENCIES["tidewater"][3], days)
    results["integrations"] = services.integrations(ctx, days)
    services.monitors(ctx, days)
    services.crawlers(ctx, days)
    services.teams_previews(ctx, days)
    results["scanner"] = services.scanner(ctx, days)
    results["spray"] = bruteforce.password_spray(ctx, days)
    results["guess"] = bruteforce.key_guessing(ctx, days)
    t_end = W.utc(days, 0)
    ctx.out = [e for e in ctx.out if W.EPOCH0 <= e.t < t_end]
    roles = {"staff": staff, "generic": generic, "carousel": carousel, "offshore": offshore, "two": two,
             "director": director, "ext": ext, "it": it, "auditor": auditor}
    return ctx, roles, behaviour, abuse, info, results
