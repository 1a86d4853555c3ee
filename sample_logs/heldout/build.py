"""Cast the held-out district's actors, play the days, write the log and its labels.

``python -m sample_logs.heldout --seed 60601 --out heldout.log --labels labels.json [--format nginx]``
"""

from __future__ import annotations

import argparse
import json
import random
import time
from operator import itemgetter
from pathlib import Path

from .abuse import ApiPager, HeadlessWalker, LowAndSlow
from .formats import WRITERS
from .lookalikes import LOOKALIKES, Ordinary
from .sharing import ForeignNight, GenericShared, TwoPlacesAtOnce, generic_names
from .site import Person, Site, build_site

PROBE_UA = "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0; AppInsights)"
#: behaviour -> (class, roles it is cast from, instances (low, high))
ABUSE = {
    "low_and_slow_insider": (LowAndSlow, ("clerk", "teacher", "counselor", "admin"), (2, 2)),
    "headless_roster_walker": (HeadlessWalker, ("teacher", "clerk", "counselor"), (1, 2)),
    "api_pager": (ApiPager, ("district", "clerk", "registrar"), (1, 2)),
    "two_places_at_once": (TwoPlacesAtOnce, ("teacher", "clerk", "counselor", "admin"), (1, 2)),
    "foreign_night_use": (ForeignNight, ("teacher", "clerk", "counselor", "admin", "district"), (1, 2)),
}


def _pick(r: random.Random, free: list[Person], roles: tuple[str, ...], sections: int = 0) -> Person:
    """Take a person of one of ``roles`` (teaching at least ``sections`` sections) out of ``free``, else anyone."""
    fits = ([k for k, p in enumerate(free) if p.role in roles and len(p.sections) >= sections]
            or [k for k, p in enumerate(free) if p.role in roles] or list(range(len(free))))
    return free.pop(r.choice(fits))


def cast(site: Site, seed: int, out: list, days: int) -> list:
    """Every actor of the log: abusers, look-alikes, generic logins and ordinary staff."""
    r = random.Random(f"heldout/{seed}/cast")
    free = list(site.staff)
    r.shuffle(free)
    small = len(site.staff) < 100
    taken = {p.user for p in site.staff}
    actors: list = []
    for table in (ABUSE, LOOKALIKES):
        for name, (cls, roles, (lo, hi)) in table.items():
            for k in range(1 if small else r.randint(lo, hi)):
                p = _pick(r, free, roles, 4 if name == "gradebook_marathon" else 0)
                ar = random.Random(f"heldout/{seed}/{name}/{k}")
                extra = (taken,) if cls in (TwoPlacesAtOnce, ForeignNight) else ()
                actors.append(cls(site, p, ar, out, days, *extra))
    for k, name in enumerate(generic_names(site, r, 2)):
        actors.append(GenericShared(site, random.Random(f"heldout/{seed}/generic/{k}"), out, days, taken, name))
    for p in free:
        actors.append(Ordinary(site, p, random.Random(f"heldout/{seed}/staff/{p.user}"), out, days))
    return actors


def probes(site: Site, seed: int, out: list, days: int) -> dict[str, dict]:
    """Availability tests from 3-5 cloud addresses, ``GET /health/ready`` every 5 min each, day and night."""
    r = random.Random(f"heldout/{seed}/probes")
    block = site.hosting[0]
    ips = [f"{block[0]}.{block[1]}.{r.randrange(256)}.{r.randrange(1, 255)}" for _ in range(r.randint(3, 5))]
    for ip in ips:
        t, end = site.at(0, 0) + r.uniform(0, 300), site.at(days, 0)
        while t < end:
            ms = int(r.uniform(3, 40))
            out.append((t + ms / 1000, ip, None, "GET", "/health/ready", 200, 2, None, PROBE_UA, ms, 0, "HTTP/1.1"))
            t += 300 + r.uniform(-2, 2)
    return {ip: {"label": "benign", "behaviour": "availability_probe", "kinds": [], "params": {"period_s": 300}} for ip in ips}


def generate_heldout(path: str | Path, labels_path: str | Path | None = None, *, seed: int, days: int = 2,
                     n_staff: int = 300, fmt: str = "w3c") -> dict:
    """Write one held-out log and return (and optionally write) its labels.

    Parameters
    ----------
    path : path
        The log to write.
    labels_path : path, optional
        Where to write the labels as JSON.
    seed : int
        Everything (district, time zone, dates, actors) is drawn from it.
    days : int
        Consecutive working days, 1-3.
    n_staff : int
        Staff accounts (abusers and look-alikes are cast from them).
    fmt : str
        ``w3c`` (IIS, default) or ``nginx``.

    Returns
    -------
    dict
        Labels: ``accounts`` and ``sources`` maps of ``{label, behaviour, kinds, params}``
        keyed as the log shows them, plus seed, format, time zone and counts.
    """
    if fmt not in WRITERS:
        raise ValueError(f"format must be one of {sorted(WRITERS)}, not {fmt!r}")
    days = max(1, min(3, days))
    site = build_site(random.Random(f"heldout/{seed}/site"), n_staff, days)
    out: list[tuple] = []
    actors = cast(site, seed, out, days)
    for actor in actors:
        for d in range(days):
            actor.emit(d)
    sources = probes(site, seed, out, days)
    out.sort(key=itemgetter(0))
    lines, heads = WRITERS[fmt](site.tz).lines(out)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    users_at: dict[str, set[str]] = {}
    for ev in out:
        if ev[2]:
            users_at.setdefault(ev[1], set()).add(ev[2])
    nat = {s.ip for s in site.schools} | set(site.office_pool)
    for ip in sorted(nat):
        if len(users_at.get(ip, ())) >= 5:
            sources[ip] = {"label": "benign", "behaviour": "office_nat", "kinds": [], "params": {"n_accounts": len(users_at[ip])}}
    # labels name the account, not its escaped form in an nginx log (readers undo the escapes)
    accounts = {a.key: a.label for a in actors if a.label is not None}
    labels = {
        "seed": seed, "format": fmt, "app": "heldout", "district": site.name, "host": site.host, "start": site.start.isoformat(),
        "days": days, "tz": site.tz, "n_staff": n_staff, "accounts": accounts, "sources": sources, "header_lines": heads,
        "malformed_lines": [], "n_lines": len(lines), "n_events": len(out),
        "notes": {"unlisted": "accounts and sources not listed are ordinary benign staff and clients",
                  "office_nat": "school and district-office egress addresses shared by n_accounts staff",
                  "use": "held-out evaluation only (make eval); never for tests of detection results or tuning"},
    }
    if labels_path is not None:
        Path(labels_path).parent.mkdir(parents=True, exist_ok=True)
        Path(labels_path).write_text(json.dumps(labels, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    return labels


def main(argv: list[str] | None = None) -> int:
    """Command line: write a held-out log and its labels."""
    ap = argparse.ArgumentParser(description="Write a labelled access log of the held-out district SIS.")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--staff", type=int, default=300)
    ap.add_argument("--format", choices=sorted(WRITERS), default="w3c")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--labels", type=Path)
    args = ap.parse_args(argv)
    started = time.perf_counter()
    labels = generate_heldout(args.out, args.labels, seed=args.seed, days=args.days, n_staff=args.staff, fmt=args.format)
    print(f"wrote {labels['n_lines']:,} lines ({labels['days']} days, {args.staff} staff, {labels['tz']}) to {args.out} "
          f"in {time.perf_counter() - started:.1f}s")
    return 0
