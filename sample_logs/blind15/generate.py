"""Entry point: builds the world, casts abusers and look-alikes, simulates all traffic, renders one format, labels."""
import json
import os
import random

from . import brute, lookalikes as LA, render_nginx, render_rails, scraping, services, sharing, staff_days as SD
from .client import Assets, Ev
from .labels import Registry, build
from .tasks import at
from .world import DAY, MAX_DAYS, START, UA_CROS, UA_MAC_CHROME, CHROME, build_world

FORMATS = {"rails_log": "production.log", "gunicorn_like": "nginx_ledger.log"}


def _cast(w, rng):
    """Chooses who is involved in each abuse and look-alike (deterministic for a seed)."""
    used = set()

    def one(role, campus=None, n=1):
        pool = [s for s in w.staff if s.role == role and (campus is None or s.campus == campus) and s.uid not in used]
        got = rng.sample(pool, min(n, len(pool)))
        used.update(s.uid for s in got)
        return got
    c = {"consultancy": one("counselor", "NRH"), "extension": one("teacher", "CCA"), "walker": one("office", "SCH"),
         "nightly_csv": one("assistant_principal", "BOH"), "student": one("teacher", "SCH"),
         "generic": one("office", "LGH", 3), "dept_head": one("dept_head", "LGH"),
         "dept_mates": one("teacher", "LGH", 2), "spray": one("teacher", "EMH"),
         "registrar_batch": one("registrar", "NRH") + one("registrar", "EMH"),
         "ap_review": one("assistant_principal", "NRH") + one("assistant_principal", "SCH"),
         "report_cards": one("office", "NRH") + one("office", "EMH"), "it_script": one("it_admin", "DO"),
         "coteachers": one("teacher", "NRH", 2), "analyst": one("district_analyst", "DO"),
         "flapping": one("teacher", "BOH"), "phone_laptop": one("teacher", None, 3),
         "marathon": one("teacher", None, 3)}
    return c


def _split_cables(E, deploy):
    """The deploy (phased restart) drops every open WebSocket; browsers reconnect a few seconds later."""
    for e in list(E):
        if e.kind != "cable" or e.t >= deploy or (e.dur is not None and e.t + e.dur <= deploy):
            continue
        end = None if e.dur is None else e.t + e.dur
        n = Ev()
        for f in Ev.__slots__:
            setattr(n, f, getattr(e, f))
        e.dur = deploy - e.t + 0.3
        e.size = int(e.dur * 4) + 180
        n.t = deploy + 2 + (e.seq % 97) / 8.0
        n.dur = None if end is None or end <= n.t + 1 else end - n.t
        n.seq = len(E)
        E.append(n)


def simulate(seed, days, n_staff):
    w = build_world(seed, n_staff)
    E, reg = [], Registry()
    t0, t1 = START, START + days * DAY
    deploy = at(0, 21, 40)
    A = Assets(random.Random("blind15:%d:assets" % seed), deploy)
    cast = _cast(w, random.Random("blind15:%d:cast" % seed))

    def R(name):
        return random.Random("blind15:%d:%s" % (seed, name))
    done = set()

    def mark(people, behaviour=None):
        for s in people:
            done.add(s.uid)
            if behaviour:
                s.behaviour = behaviour
    for s in w.staff:
        if s.role == "counselor":
            s.behaviour = "counselor_transcript_season"
    for key, fn in (("consultancy", scraping.consultancy), ("walker", scraping.playwright_walker),
                    ("nightly_csv", scraping.nightly_csv), ("student", sharing.student_with_teacher_password)):
        for s in cast[key]:
            if key == "consultancy":
                SD.run(E, w, s, R("own:%d" % s.uid), days, A)
            fn(E, w, s, R(key), days, A, reg)
        mark(cast[key])
    for s in cast["extension"]:
        s.laptop = UA_MAC_CHROME % CHROME
        scraping.extension(E, w, s, R("extension"), days, A, reg)
        mark([s])
    if cast["generic"]:
        sharing.generic_account(E, w, cast["generic"], R("generic"), days, A, reg, 9910)
    if cast["dept_head"] and len(cast["dept_mates"]) == 2:
        sharing.dept_head_shared(E, w, cast["dept_head"][0], cast["dept_mates"], R("dept_head"), days, A, reg)
        mark(cast["dept_head"])
    taken = {s.home for s in w.staff}
    for s in cast["spray"]:
        SD.run(E, w, s, R("own:%d" % s.uid), days, A)
        mark([s])
    looks = [("registrar_batch", LA.registrar_records_batch, "registrar_records_batch"),
             ("ap_review", LA.ap_failing_grades_review, "ap_failing_grades_review"),
             ("report_cards", LA.report_card_printing, "report_card_printing"),
             ("phone_laptop", LA.phone_and_laptop_evening, "teacher_phone_and_laptop"),
             ("analyst", LA.analyst_bulk_exports, "district_analyst_bulk_exports"),
             ("marathon", LA.grade_marathon, "semester_end_grade_marathon")]
    for key, fn, name in looks:
        for s in cast[key]:
            fn(E, w, s, R("%s:%d" % (key, s.uid)), days, A)
            mark([s], name)
    for s in cast["flapping"]:
        s.laptop = UA_CROS % CHROME
        LA.cable_flapping(E, w, s, R("flap"), days, A)
        mark([s], "cable_flapping_chromebook")
    for s in cast["it_script"]:
        LA.it_script_own_account(E, w, s, R("it_script"), days, A, t0, t1)
        mark([s], "it_script_own_account")
    if len(cast["coteachers"]) == 2:
        LA.coteachers_shared_desktop(E, w, cast["coteachers"], R("coteachers"), days, A)
        mark(cast["coteachers"], "coteachers_shared_desktop")
    aud, _ = LA.state_auditor(E, w, R("auditor"), days, A, 9911)
    reg.extra_staff.append(aud)
    for s in w.staff:
        if s.uid not in done:
            SD.run(E, w, s, R("staff:%d" % s.uid), days, A)
    services.run(E, w, R("services"), days, t0, t1, reg)
    for s in cast["spray"]:
        brute.password_spray(E, w, s, R("spray"), days, A, reg, taken)
    brute.credential_stuffing(E, w, R("stuffing"), days, A, reg, taken)
    _split_cables(E, deploy)
    E = [e for e in E if t0 <= e.t < t1]
    E.sort(key=lambda e: (e.t, e.seq))
    rr = R("rid")
    for i, e in enumerate(E):
        e.seq = i
        e.rid = "%032x" % rr.getrandbits(128)
    return w, E, reg, deploy, t1


def generate(log_path, labels_path, seed=1, days=2, n_staff=240, fmt="rails_log"):
    if fmt not in FORMATS:
        raise ValueError("unknown fmt %r (expected one of %s)" % (fmt, ", ".join(FORMATS)))
    if n_staff < 100:
        raise ValueError("n_staff must be at least 100")
    if not 1 <= days <= MAX_DAYS:
        raise ValueError("days must be between 1 and %d" % MAX_DAYS)
    w, E, reg, deploy, t1 = simulate(seed, days, n_staff)
    rng = random.Random("blind15:%d:render:%s" % (seed, fmt))
    if fmt == "rails_log":
        lines, meta = render_rails.render(E, rng, t1, deploy)
        lines, meta, bad = render_nginx.damage("rails", lines, meta, rng, E)
        lines.insert(0, "# Logfile created on 2026-12-16 00:00:02 -0500 by logger.rb/v1.6.0")
        meta.insert(0, (-1, False, False))
        bad = [b + 1 for b in bad]
        header = [1]
    else:
        lines, meta = render_nginx.render(E, t1)
        lines, meta, bad = render_nginx.damage("nginx", lines, meta, rng, E)
        header = []
    shown = [m[0] for m in meta if m[1]]
    os.makedirs(os.path.dirname(os.path.abspath(log_path)), exist_ok=True)
    with open(log_path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    labels = build(fmt, seed, days, n_staff, E, shown, w, reg, len(lines), len(shown), bad, header)
    with open(labels_path, "w", encoding="utf-8") as f:
        json.dump(labels, f, indent=1, sort_keys=False)
        f.write("\n")
    return labels
