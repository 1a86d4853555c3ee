"""Generate a labelled TidePool SIS access log (``python -m sample_logs.blind3.generate``)."""

from __future__ import annotations

import argparse
import json
import random
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from .abuse import SCRAPE_STYLES, brute_force, bulk_export, generic_account, password_sharing, scrape
from .app import Client
from .lookalikes import LOOKALIKES, lookalike
from .staff import staff_day
from .world import Person, World, build_world, residential_ip
from .writers import FORMATS, format_line

TZ = "America/Los_Angeles"
GENERIC_NAMES = ("frontdesk@harborusd.org", "attendance.office", "data.admin@harborusd.org", "subteacher",
                 "sped.aide", "library", "testing.coord")
LOOKALIKE_ROLE = {"census_exports": "district", "counselor_transcript_audit": "counselor", "registrar_transcript_batch": "registrar",
                  "tab_restore_burst": "teacher", "multi_device_teacher": "teacher", "shared_front_office_pc": "clerk",
                  "itinerant_specialist": "district", "late_night_grading": "teacher", "attendance_sweep": "clerk"}


def _days(rng: random.Random, n: int, tz: ZoneInfo) -> list[tuple[float, bool]]:
    first = date(2025, 9, 8) + timedelta(weeks=rng.randint(0, 6), days=-1 if rng.random() < 0.3 else 0)
    return [(datetime.combine(first + timedelta(days=k), datetime.min.time(), tz).timestamp(),
             (first + timedelta(days=k)).weekday() < 5) for k in range(n)]


def _background(world: World, days: list[tuple[float, bool]], rng: random.Random, out: list) -> None:
    """Health checks, an uptime monitor, search-engine crawlers and an internet vulnerability scanner."""
    monitor = Client("157.242.0.2", "Zabbix", "", rng, style="script", out=out)
    uptime = Client("216.144.250.150", "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)", "", rng,
                    style="script", out=out)
    world.addresses.update({"157.242.0.2": "Zabbix health check (data centre)", "216.144.250.150": "UptimeRobot monitor"})
    span = (days[0][0], days[-1][0] + 86400)
    t = span[0]
    while t < span[1]:
        monitor.hit(t, "GET", "/sis/health.php", 200, 2, ref="-")
        if int(t) % 300 < 60:
            uptime.hit(t + 7, "GET", "/sis/login.php", 200, 4500, ref="-")
        t += 60
    for day0, _ in days:
        bot = Client(f"66.249.{rng.randint(64, 79)}.{rng.randint(1, 254)}",
                     "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "", rng, style="script", out=out)
        world.addresses[bot.ip] = "Googlebot"
        for path in ("/robots.txt", "/sis/login.php", "/", "/sis/login.php?lang=es"):
            bot.hit(day0 + rng.uniform(0, 86000), "GET", path, 404 if path == "/robots.txt" and rng.random() < 0.5 else 200, 3000, ref="-")
    scanner = Client(residential_ip(rng), "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36", "", rng, style="script", out=out)
    world.addresses[scanner.ip] = "internet vulnerability scanner (unlabelled background)"
    t = days[-1][0] + rng.uniform(0, 20) * 3600
    for path in ("/.env", "/wp-login.php", "/phpmyadmin/", "/sis/config.php.bak", "/.git/config", "/sis/install.php",
                 "/server-status", "/sis/login.php", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/admin/"):
        scanner.hit(t, "GET", path, 200 if path == "/sis/login.php" else 404, 200, ref="-")
        t += rng.uniform(0.1, 1.0)


def _take(pool: list[Person], rng: random.Random, role: str | None = None, need_sections: bool = False) -> Person:
    fits = [p for p in pool if (role is None or p.role == role) and (p.sections or not need_sections)]
    p = rng.choice(fits or pool)
    pool.remove(p)
    return p


def generate(log_path: str | Path, labels_path: str | Path, seed: int = 1, days: int = 2, n_staff: int = 250,
             fmt: str = "vhost_combined") -> dict:
    """Write a labelled log and its labels; return the labels.

    Parameters
    ----------
    log_path, labels_path : path
        Where to write the access log and the labels JSON.
    seed : int
        Everything is drawn from it: same seed, same bytes.
    days : int
        Consecutive days (a Sunday may be the first).
    n_staff : int
        Ordinary staff accounts (abusive and look-alike subjects are drawn from them).
    fmt : str
        ``vhost_combined`` or ``jsonl`` (see :mod:`sample_logs.blind3.writers`).

    Returns
    -------
    dict
        ``accounts`` and ``sources`` (label, behaviour, kinds, params), ``staff``, ``addresses``, ``tz``, ...
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {FORMATS}")
    rng, tz = random.Random(seed), ZoneInfo(TZ)
    world = build_world(rng, n_staff)
    calendar = _days(rng, max(1, days), tz)
    out: list = []
    pool = [p for p in world.staff if p.school.students or p.role == "district"]
    accounts: dict[str, dict] = {}
    sources: dict[str, dict] = {}
    sub = lambda name: random.Random(f"{seed}:{name}")  # noqa: E731 - one stream per subject keeps instances independent
    styles = list(SCRAPE_STYLES) + rng.sample(SCRAPE_STYLES, rng.randint(0, 2))
    for k, style in enumerate(styles):
        on_site = style in ("staff_pc_extension", "rpa_on_staff_pc")
        victim = _take(pool, rng, rng.choice(("teacher", "clerk", "counselor")) if on_site else None)
        accounts[victim.account] = scrape(world, victim, calendar, sub(f"scrape{k}"), out, style)
    for k in range(rng.randint(1, 2)):
        victim = _take(pool, rng, rng.choice(("teacher", "clerk", "counselor")))
        accounts[victim.account] = bulk_export(world, victim, calendar, sub(f"export{k}"), out)
    for k in range(rng.randint(2, 3)):
        owner = _take(pool, rng, "teacher", need_sections=True)
        accounts[owner.account] = password_sharing(world, owner, calendar, sub(f"share{k}"), out)
    for k, name in enumerate(rng.sample(GENERIC_NAMES, rng.randint(2, 3))):
        accounts[name] = generic_account(world, name, calendar, sub(f"generic{k}"), out)
    for k in range(rng.randint(1, 2)):
        sources.update(brute_force(world, calendar, sub(f"guess{k}"), out))
    names = list(LOOKALIKES) + rng.sample(LOOKALIKES, 2)
    for k, name in enumerate(names):
        if name == "approved_api_sync":
            svc = Person("svc_canvas_sync", "Canvas roster sync", "service", world.district_office, "", "", "", "", "",
                         False, 1.0, 0.0, False, 0.0)
            if svc.account not in accounts:
                accounts[svc.account] = lookalike(name, world, svc, calendar, sub(f"look{k}"), out)
            continue
        p = _take(pool, rng, LOOKALIKE_ROLE.get(name), need_sections=LOOKALIKE_ROLE.get(name) == "teacher")
        helpers = []
        if name == "shared_front_office_pc":
            helpers = [q for q in pool if q.school is p.school][: rng.randint(2, 3)]
            for q in helpers:
                pool.remove(q)
        label = lookalike(name, world, p, calendar, sub(f"look{k}"), out, helpers)
        for q in [p] + helpers:
            accounts[q.account] = label
    for p in world.staff:
        for d, (day0, weekday) in enumerate(calendar):
            staff_day(world, p, day0, weekday, sub(f"{p.account}:{d}"), out)
    _background(world, calendar, rng, out)
    out.sort(key=lambda e: (e[0], e[1], e[4]))
    log_path, labels_path = Path(log_path), Path(labels_path)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w", encoding="utf-8", newline="\n") as fh:
        for event in out:
            fh.write(format_line(event, fmt, tz) + "\n")
    labels = {
        "generator": "sample_logs.blind3", "app": "TidePool SIS (PHP) of Harbor Unified", "seed": seed, "format": fmt,
        "tz": TZ, "start": datetime.fromtimestamp(calendar[0][0], tz).date().isoformat(), "days": len(calendar),
        "lines": len(out), "accounts": accounts, "sources": sources,
        "staff": sorted(p.account for p in world.staff if p.account not in accounts),
        "addresses": world.addresses,
    }
    labels_path.parent.mkdir(parents=True, exist_ok=True)
    labels_path.write_text(json.dumps(labels, indent=1, sort_keys=True), encoding="utf-8")
    return labels


def main(argv: list[str] | None = None) -> int:
    """Command line: write a log and its labels."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=Path("build/blind3/access.log"))
    ap.add_argument("--labels", type=Path, default=Path("build/blind3/labels.json"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--staff", type=int, default=250)
    ap.add_argument("--format", choices=FORMATS, default="vhost_combined")
    args = ap.parse_args(argv)
    labels = generate(args.out, args.labels, args.seed, args.days, args.staff, args.format)
    print(f"{labels['lines']:,} lines, {sum(bool(v['kinds']) for v in labels['accounts'].values())} abusive accounts, "
          f"{len(labels['sources'])} abusive sources -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
