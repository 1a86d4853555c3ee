"""blind23 generate: run the scenario, order events as the unit sends them, render one format, damage a few lines,
write the log and labels.json."""
import json
import random

from . import labels as LB
from . import scenario
from . import world as W
from .parse import PARSERS
from .render import FORMATS, UNIT, VIP, Clock, render

FIRST_FORMAT = "f5_splunk"


def _damage(entries, rng, parser):
    """2 cut lines, 2 records glued, 1 record split over two lines, 1 stray non-ASM syslog line, 1 garbage line."""
    n = len(entries)
    picks = set()
    while len(picks) < 6:
        i = rng.randrange(int(n * 0.05), int(n * 0.95))
        if all(abs(i - j) > 5 for j in picks):
            picks.add(i)
    ops = ["cut", "cut", "glue", "split", "stray", "garbage"]
    rng.shuffle(ops)
    for i, op in sorted(zip(sorted(picks), ops), reverse=True):
        line = entries[i][0]
        if op == "cut":
            while True:
                k = int(len(line) * (0.2 + 0.45 * rng.random()))
                if parser(line[:k]) is None:
                    break
            entries[i] = (line[:k], None, True)
        elif op == "glue":
            entries[i:i + 2] = [(line + entries[i + 1][0], None, True)]
        elif op == "split":
            k = int(len(line) * (0.3 + 0.4 * rng.random()))
            entries[i:i + 1] = [(line[:k], None, True), (line[k:], None, True)]
        elif op == "stray":
            stray = "%s %s warning tmm1[21544]: 01260013:4: SSL Handshake failed for TCP %s:%d -> %s:443" % (
                line[:15], UNIT, W.addr(rng, W.HOME_NETS), rng.randint(1024, 65000), VIP)
            entries.insert(i, (stray, None, True))
        else:
            junk = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=#@!~")
                           for _ in range(rng.randint(30, 90)))
            entries.insert(i, (junk, None, True))
    return entries


def build(seed=1, days=2, n_staff=240, fmt=FIRST_FORMAT):
    """Returns (entries, labels): entries are (line, event or None, malformed) in file order."""
    if fmt not in FORMATS:
        raise ValueError("unknown fmt %r (choose from %s)" % (fmt, ", ".join(FORMATS)))
    if n_staff < 100:
        raise ValueError("n_staff must be at least 100")
    if days < 1:
        raise ValueError("days must be at least 1")
    W.GEO.clear()
    ctx, special, svc = scenario.run(seed, days, n_staff)
    end = days * W.DAY
    evs = [e for e in ctx.sink if 0 <= e.t < end]
    evs.sort(key=lambda e: e.t + e.dur)
    srng = random.Random("blind23:%d:support" % seed)
    clock = Clock()
    entries = [(render(fmt, e, str(srng.randrange(10 ** 18, 2 ** 64)), clock, ctx.ipi), e, False) for e in evs]
    entries = _damage(entries, random.Random("blind23:%d:damage" % seed), PARSERS[fmt])
    kept = [e for _l, e, bad in entries if not bad]
    late, top = 0, -1.0
    for e in kept:
        if e.t < top - 1:
            late += 1
        top = max(top, e.t)
    meta = {"seed": seed, "format": fmt, "start": W.START.isoformat(), "days": days, "tz": W.TZ_NAME,
            "n_staff": n_staff, "malformed_lines": [i + 1 for i, x in enumerate(entries) if x[2]],
            "header_lines": [], "n_lines": len(entries), "n_events": len(kept), "n_out_of_order": late,
            "file": FORMATS[fmt], "deadline": "fall enrolment snapshot closes day %d 17:00" % (ctx.deadline_day + 1)}
    return entries, LB.compute(ctx, special, svc, kept, meta)


def write(entries, labels, log_path, labels_path):
    with open(log_path, "w", encoding="utf-8", newline="\n") as f:
        for line, _e, _bad in entries:
            f.write(line)
            f.write("\n")
    with open(labels_path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(labels, f, indent=1, sort_keys=True)
        f.write("\n")


def generate(log_path, labels_path, seed=1, days=2, n_staff=240, fmt=FIRST_FORMAT):
    entries, labels = build(seed, days, n_staff, fmt)
    write(entries, labels, log_path, labels_path)
    return labels
