"""Generate the Harbor SIS access log and its labels for a seed: ``generate(log_path, labels_path, ...)``."""
import json
import os
import random

from . import labels as L
from . import lookalikes, scraping, services, sharing
from .browser import Log
from .render import FORMATS, render
from .staff import H, Devices, staff_days
from .truth import Truth
from .world import build_world


def _iso(t):
    import datetime
    from .world import START
    return (datetime.datetime(*START) + datetime.timedelta(seconds=int(t))).isoformat()


def build_events(seed, days, n_staff):
    """All events of the window, sorted by the time Apache writes them, plus what the labels need."""
    def rng_for(name):
        return random.Random("blind26:%d:%s" % (seed, name))

    world = build_world(rng_for("world"), n_staff, days, seed)
    log, truth, taken = Log(), Truth(), {}
    own_s = scraping.reserve(world, rng_for("reserve:scraping"), taken)
    own_c = sharing.reserve(world, rng_for("reserve:sharing"), taken)
    it_pool = [p for p in world.staff if p.role == "it_admin" and p.login not in taken]
    it_admin = it_pool[0] if it_pool else None
    if it_admin is not None:
        taken[it_admin.login] = 1
    extras = lookalikes.plan(world, rng_for("lookalikes"), taken)
    dev = Devices(world, log, rng_for)
    staff_days(world, dev, rng_for, extras)
    lookalikes.auditor_days(world, log, rng_for)
    scraping.run(world, log, truth, rng_for, dev, own_s, taken)
    sharing.run(world, log, truth, rng_for, dev, own_c, taken)
    rr = rng_for("restart")
    restart = min(1, days - 1) * 86400.0 + rr.uniform(12.4, 13.2) * H
    gap = rr.uniform(6, 15)
    services.infrastructure(world, log, truth, rng_for, restart)
    services.integrations(world, log, truth, rng_for, it_admin)
    seen = services.parents(world, log, rng_for, {own_c["parent"][0]: 1})
    seen[own_c["parent"][0]] = 1
    end = days * 86400.0
    events = sorted(e for e in log.ev if 0 <= e[2] < end and not (restart <= e[2] < restart + gap))
    return world, truth, events, seen, restart


def generate(log_path, labels_path, seed=1, days=2, n_staff=240, fmt="combined"):
    """Write the log (``fmt``: combined | combined_rotated) and labels.json; return the labels."""
    if fmt not in FORMATS:
        raise ValueError("unknown fmt %r (choose from %s)" % (fmt, ", ".join(FORMATS)))
    if n_staff < 100:
        raise ValueError("n_staff must be at least 100")
    if days < 1:
        raise ValueError("days must be at least 1")
    world, truth, events, seen, restart = build_events(seed, days, n_staff)
    rows, rotations = render(events, fmt, random.Random("blind26:%d:damage:%s" % (seed, fmt)), restart, days)
    os.makedirs(os.path.dirname(os.path.abspath(log_path)), exist_ok=True)
    with open(log_path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(r[0] for r in rows))
        f.write("\n")
    meta = {"seed": seed, "format": fmt, "days": days, "n_staff": n_staff, "log_file": os.path.basename(log_path),
            "restart": _iso(restart), "rotations": [_iso(t) for t in rotations]}
    labels = L.build(world, truth, rows, events, meta, seen)
    with open(labels_path, "w", encoding="utf-8") as f:
        json.dump(labels, f, indent=1, sort_keys=False)
        f.write("\n")
    return labels
