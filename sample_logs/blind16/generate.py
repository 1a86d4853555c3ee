"""blind16 entry point: cast the people, run the simulation, render one format, damage it, write labels."""
import datetime
import json
import os

from . import bruteforce, labels, lookalikes as L, render, scraping, services, sharing, staff as S
from . import world as W
from .client import Sim
from .directory import Directory

FRONTDESK_SCHOOLS = ["ISH", "GPM", "ERE", "DCE"]


def _pick(rng, pool, used, n=1):
    pool = [s for s in pool if s.login not in used]
    out = rng.sample(pool, min(n, len(pool)))
    used.update(s.login for s in out)
    return out


def cast(sim):
    """Choose the staff behind each abuse and each look-alike (deterministic)."""
    d, rng, used = sim.d, sim.rng("cast"), set()
    c = {}
    c["vendor"] = _pick(rng, d.of_role("assistant_principal", "HHS"), used)[0]
    c["proxy"] = _pick(rng, d.of_role("teacher", "FHM"), used)[0]
    c["disguised"] = _pick(rng, d.of_role("counselor", "ISH"), used)[0]
    c["spouse"] = _pick(rng, d.of_role("teacher", "AME"), used)[0]
    c["aide"] = _pick(rng, [s for s in d.of_role("teacher", "HHS") if len(s.sections) >= 2], used)[0]
    c["successor"] = _pick(rng, d.of_role("office", "GPM"), used)[0]
    c["spray"] = _pick(rng, [s for s in d.of_role("teacher") if s.auth == "form"], used)[0]
    c["stuffing"] = _pick(rng, [s for s in d.staff if s.auth == "saml" and s.role in ("teacher", "counselor", "office")], used, 2)
    c["disguised"].auth = c["spouse"].auth = c["aide"].auth = "saml"
    for s in c.values():
        for x in (s if isinstance(s, list) else [s]):
            x.always = True
    regs = d.of_role("registrar", "DO") + d.of_role("registrar", "HHS")
    for s in _pick(rng, regs, used, 3):
        L.registrar_morning_reports(sim, s, rng)
    sec = [s for s in d.of_role("counselor") if s.campus in ("FHM", "GPM", "HHS", "ISH")]
    for s in _pick(rng, sec, used, 3):
        L.counselor_scheduling(sim, s, rng)
    L.state_reporting_coordinator(sim, _pick(rng, d.of_role("district_analyst"), used)[0], rng)
    for s in _pick(rng, d.of_role("nurse"), used, 2):
        L.nurse_grade_screening(sim, s, rng)
    es_office = [s for s in d.of_role("office") if W.CAMPUS[s.campus][2] == "es" and s.campus not in FRONTDESK_SCHOOLS]
    for s in _pick(rng, es_office, used, 2):
        L.report_card_printing(sim, s, rng)
    for s in _pick(rng, d.of_role("teacher"), used, 3):
        L.multi_device_teacher(sim, s, rng)
    for s in _pick(rng, d.of_role("teacher"), used, 2):
        L.late_night_grader(sim, s, rng)
    L.it_admin_script(sim, _pick(rng, d.of_role("it_admin"), used)[0], rng)
    c["auditor"] = L.state_auditor(sim, rng)
    return c


def simulate(seed, days, n_staff):
    d = Directory(seed, n_staff)
    sim = Sim(seed, d, days)
    c = cast(sim)
    scraping.vendor_data_bridge(sim, c["vendor"])
    scraping.residential_proxy_scraper(sim, c["proxy"])
    scraping.disguised_browser_scraper(sim, c["disguised"])
    sharing.frontdesk_generic(sim, FRONTDESK_SCHOOLS)
    sharing.spouse_at_home(sim, c["spouse"])
    sharing.retired_successor(sim, c["successor"])
    sharing.student_aide(sim, c["aide"])
    bruteforce.slow_password_spray(sim, c["spray"])
    bruteforce.saml_credential_stuffing(sim, c["stuffing"])
    for s in d.staff:
        S.staff_days(sim, s, days)
    aud = c["auditor"]
    for day in range(days):
        for hook in aud.side_hooks:
            hook(sim, aud, day, sim.rng("auditor:%d" % day))
    services.monitor(sim)
    services.crawlers(sim)
    services.scanner(sim)
    extras = services.integrations(sim)
    S.ensure_seen(sim, d.staff, {e[7] for e in sim.events if e[7]})
    sim.events.sort(key=lambda e: e[0])
    return sim, extras


def generate(log_path, labels_path, seed=1, days=2, n_staff=240, fmt="squid_native"):
    if fmt not in render.FORMATS:
        raise ValueError("unknown fmt %r (use one of %s)" % (fmt, ", ".join(render.FORMATS)))
    if n_staff < 100:
        raise ValueError("n_staff must be at least 100")
    if days < 1:
        raise ValueError("days must be at least 1")
    sim, extras = simulate(seed, days, n_staff)
    events = sim.events
    lines = [render.RENDER[fmt](e) for e in events]
    out, bad, lost = render.damage(lines, events, sim.rng("damage"), fmt)
    parse = render.PARSE[fmt]
    badset = set(bad)
    for i, line in enumerate(out, 1):
        assert (parse(line) is None) == (i in badset), "parser disagrees on line %d: %r" % (i, line[:120])
    kept = [e for i, e in enumerate(events) if i not in lost]
    notes = [
        "Squid logs a line when the transaction ends: the timestamp is the end time, start = ts - elapsed.",
        "User field = the app's X-Remote-User response header; '-' on static files (served from Squid's cache), "
        "sign-in pages, failed sign-ins, Squid errors and the 503s of the nightly redeploy.",
        "strip_query_terms is off (full query strings are logged); TLS ends at a HAProxy in front of Squid, so URLs are http://.",
        "Damaged lines were taken from benign static-file lines; counts in the labels are over the intact lines.",
        "Abusive-account params: n_requests = every line of the abusive client(s) on the account (sign-in pages and "
        "assets included); n_named = those carrying the name; n_named_lines = all lines under the name (owner too); "
        "separable = the ip(+user agent in combined) filter isolates exactly the n_named lines.",
    ]
    accounts, sources = labels.build(sim, kept, fmt, extras, notes)
    start = datetime.datetime(*W.START).isoformat()
    lab = {"seed": seed, "format": fmt, "start": start, "days": days, "tz": W.TZ, "n_staff": n_staff,
           "accounts": accounts, "sources": sources, "malformed_lines": bad, "header_lines": [],
           "n_lines": len(out), "n_events": len(out) - len(bad), "notes": notes,
           "outage": {"start_ms": sim.outage[0], "end_ms": sim.outage[1]}}
    os.makedirs(os.path.dirname(os.path.abspath(log_path)), exist_ok=True)
    with open(log_path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out))
        f.write("\n")
    with open(labels_path, "w", encoding="utf-8") as f:
        json.dump(lab, f, indent=1, sort_keys=False)
        f.write("\n")
    return lab
