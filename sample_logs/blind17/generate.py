"""Orchestration: build the world, run every actor, apply the WAF, render one format, damage it, label it."""
import datetime
import json

from . import bruteforce, labels, lookalikes, pentest, render, scraping, services, sharing, staff, waf
from .client import Ctx
from .parse import parse_lines
from .world import TZ, build_world

FORMATS = {"cloudfront": "cloudfront.log", "waf_json": "waf.log"}
START = datetime.date(2027, 10, 5)   # a Tuesday


def simulate(seed, days, n_staff):
    w = build_world(seed, n_staff)
    w.extra, w.extra_late, w.lookalikes, w.hotels, w.abuse, w.sources, w.extra_accounts = [], [], {}, [], {}, {}, []
    w.xff_nats = set(w.building_ips["CBHS"])
    day0 = [datetime.datetime.combine(START + datetime.timedelta(days=i), datetime.time(0), TZ).timestamp()
            for i in range(days + 1)]
    ctx = Ctx(w, day0, days, day0[0] + 20.5 * 3600)
    staff.setup_devices(w)
    for fn in (scraping.headless_harvest, scraping.caseload_extension, scraping.vendor_sync, scraping.rpa_stateid_lookup,
               sharing.replayed_session, sharing.generic_office_login, sharing.supervisor_new_hires,
               sharing.contract_therapist, bruteforce.slow_guesser):
        fn(ctx, w)
    lookalikes.setup(ctx, w)
    svc = services.service_accounts(w)
    tests = pentest.test_accounts()
    for s in w.staff:
        staff.run_staff(ctx, w, s)
    for fn in w.extra + w.extra_late:
        fn()
    lookalikes.it_script(ctx, w)
    services.monitors(ctx, w)
    services.canary(ctx, w, svc[0])
    services.nightly_export(ctx, w, svc[1])
    services.crawlers(ctx, w)
    services.link_previews(ctx, w)
    services.scanner(ctx, w)
    pentest.run(ctx, w, tests)
    bruteforce.stuffing(ctx, w)
    inside = lambda: [ev for ev in ctx.events if ctx.start <= ev.t < ctx.end]
    named = {}
    for ev in inside():
        if ev.user:
            named[ev.user] = named.get(ev.user, 0) + 1
    staff.ensure_seen(ctx, w, named)
    events = inside()
    events.sort(key=lambda e: e.t)
    waf.apply_rules(events, w)
    render.prepare(events, w, seed)
    people = w.staff + w.extra_accounts + svc + tests
    return w, ctx, events, people


def generate(log_path, labels_path, seed=1, days=2, n_staff=240, fmt="cloudfront"):
    if fmt not in FORMATS:
        raise ValueError("unknown format %r (choose from %s)" % (fmt, ", ".join(FORMATS)))
    if n_staff < 100:
        raise ValueError("n_staff must be at least 100")
    if days < 1:
        raise ValueError("days must be at least 1")
    w, ctx, events, people = simulate(seed, days, n_staff)
    if fmt == "cloudfront":
        lines, info = render.cloudfront(events, w, seed)
    else:
        lines, info = render.waf_log(events, w, seed)
    lines, _ = render.damage(lines, info, fmt, seed)
    recs, headers, bad = parse_lines(lines, fmt)
    start_iso = datetime.datetime.fromtimestamp(ctx.start, TZ).isoformat()
    lab = labels.build(w, ctx, recs, headers, bad, len(lines), fmt, seed, days, n_staff, events, people, start_iso)
    with open(log_path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines))
        f.write("\n")
    with open(labels_path, "w", encoding="utf-8") as f:
        json.dump(lab, f, indent=1)
        f.write("\n")
    return lab
