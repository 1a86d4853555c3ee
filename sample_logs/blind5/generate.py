"""Synthetic, labelled access logs for the SESAME special-education portal (pino-http or Envoy JSON)."""
import argparse
import collections
import datetime as _dt
import json
import os
import random
import time
from pathlib import Path

from . import abuse, benign, emit
from .session import Ctx, T, DUR, STATIC, STATUS, FLAGS, PATH, BEH, IP, UPINO, UENV
from .world import World

APP = "sesame"
NOTES = {
    "system": "SESAME (Special Education Student And Meeting Engine): a state special-education / 504 portal used by "
              "district staff. Node.js/Express API + Vue SPA behind an Envoy edge proxy at sesame.sped-portal.org. "
              "SPA routes under /app/* return the HTML shell (served by Node); hashed /assets/* come from a bucket via "
              "Envoy. JSON API under /api/v2 (students = 9-digit state ids, plans/documents = 22-char base62 ids). "
              "Auth: POST /auth/login (200/401, 429 when rate limited), district SSO via GET /auth/sso/{district} -> "
              "POST /auth/saml/acs, JWT refresh POST /auth/refresh about every 10 min, SPA polls "
              "/api/v2/notifications/count every ~5 min. Lists use offset=&limit=, search /api/v2/students?q=. "
              "Reports: /api/v2/reports/{type}/export?school=|district=all&format=csv|pdf. Public /help/*, /healthz.",
    "pino": "pino-http JSON lines, one per request that reaches Node (no static assets, no Envoy-local 503s). time = "
            "epoch ms at response end; req.remoteAddress is loopback (Envoy sidecar); the real client is the LAST "
            "entry of req.headers['x-forwarded-for'] (school networks behind a content filter prepend a 10.x "
            "address). Top-level `user` = signed-in e-mail, absent when anonymous.",
    "envoy": "Envoy json_format access log, one per request at the edge including static assets. start_time is the "
             "request start (UTC); downstream_remote_address is the real client ip:port; x_forwarded_for is the "
             "incoming header (null unless a district filter proxy set one); user is the x-auth-user header set by "
             "the JWT auth filter ('-' when no valid token, including on POST /auth/login).",
    "labels": "accounts: abuse done through an account (its owner's own sessions are in the log too, same label); "
              "sources: client IPs of anonymous password guessing and benign monitors/crawlers. staff: ordinary "
              "unlabelled accounts that appear in the log.",
}


def generate(log_path, labels_path, seed: int = 1, days: int = 2, n_staff: int = 240, fmt: str = "pino") -> dict:
    if fmt not in ("pino", "envoy"):
        raise ValueError("fmt must be 'pino' or 'envoy'")
    rng = random.Random(seed)
    world = World(rng, n_staff)
    start = _dt.date(2024, 10, 15) + _dt.timedelta(weeks=seed % 5)  # a Tuesday
    ctx = Ctx(rng, world, start, days)

    for fn in abuse.ALL:
        fn(ctx)
    for fn in (benign.compliance_report_coordinator, benign.it_nightly_sync, benign.psychologist_two_devices,
               benign.travelling_staff, benign.tab_restore, benign.uptime_monitors, benign.search_crawlers):
        fn(ctx)
    ordinary = [s for s in world.staff if s.email not in ctx.taken]
    for st in ordinary:
        for d in range(days):
            benign.ordinary_day(ctx, st, d)

    evs = ctx.events
    # rare Envoy-local upstream failures (never reach Node)
    for i in range(len(evs)):
        e = evs[i]
        if not e[STATIC] and e[PATH].startswith("/api/") and rng.random() < 0.0004:
            e = e[:DUR] + (round(rng.uniform(0.2, 1.5), 3),) + e[DUR + 1:]
            evs[i] = e[:STATUS] + (503, 19) + e[STATUS + 2:FLAGS] + ("UH",) + e[FLAGS + 1:]
    if fmt == "pino":
        evs = [e for e in evs if not e[STATIC] and e[FLAGS] == "-"]
        evs.sort(key=lambda e: e[T] + e[DUR] / 1000.0)
        line = emit.pino_line
    else:
        evs.sort(key=lambda e: e[T])
        line = emit.envoy_line

    counts = collections.Counter()
    seen_users, seen_ips = set(), set()
    Path(log_path).parent.mkdir(parents=True, exist_ok=True)
    Path(labels_path).parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w", encoding="utf-8") as f:
        buf = []
        for e in evs:
            buf.append(line(e))
            counts[e[BEH]] += 1
            seen_ips.add(e[IP])
            u = e[UPINO] if fmt == "pino" else e[UENV]
            if u:
                seen_users.add(u)
            if len(buf) >= 5000:
                f.write("\n".join(buf) + "\n")
                buf = []
        if buf:
            f.write("\n".join(buf) + "\n")

    notes = dict(NOTES)
    notes["period"] = "%s for %d day(s), America/Denver" % (start.isoformat(), days)
    notes["lines_by_behaviour"] = ", ".join("%s=%d" % kv for kv in sorted(counts.items()))
    labels = {"seed": seed, "format": fmt, "tz": "America/Denver", "app": APP,
              "accounts": ctx.accounts, "sources": ctx.sources,
              "staff": sorted(s.email for s in ordinary if s.email in seen_users),
              "n_lines": len(evs), "notes": notes}
    with open(labels_path, "w", encoding="utf-8") as f:
        json.dump(labels, f, indent=1)
    return labels


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m sample_logs.blind5", description=__doc__)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fmt", choices=["pino", "envoy"], default="pino")
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--staff", type=int, default=240)
    a = ap.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    t0 = time.time()
    lab = generate(os.path.join(a.out, "access.jsonl"), os.path.join(a.out, "labels.json"), a.seed, a.days, a.staff,
                   a.fmt)
    kinds = collections.Counter(v["label"] for v in list(lab["accounts"].values()) + list(lab["sources"].values()))
    print("%s seed=%d days=%d: %d lines, %d labelled accounts, %d labelled sources (%s), %d staff, %.1fs -> %s" % (
        a.fmt, a.seed, a.days, lab["n_lines"], len(lab["accounts"]), len(lab["sources"]),
        ", ".join("%s=%d" % kv for kv in sorted(kinds.items())), len(lab["staff"]), time.time() - t0, a.out))
