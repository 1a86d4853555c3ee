"""Generate labelled synthetic access logs of the student-records app.

Usage::

    python -m sample_logs.generate --seed 7 --days 2 --staff 200 --format combined \\
        --out access.log --labels labels.json [--gzip] [--lines N] [--threat-scale S]

The log is written day by day (events sorted by the time the server finished
them, so slow responses appear slightly out of order), with a few malformed
lines whose 1-based line numbers go into the labels.  See ``README.md`` next
to this module for the URL scheme, the behaviours and the label schema.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import datetime as dt
import gzip
import io
import json
import math
import sys
import time
from operator import itemgetter
from pathlib import Path

import numpy as np

from .app import World
from .world import build_world
from .behaviours import Actor, Staff
from .client import Draw
from .lookalikes import BrowserUpdate, CoordinatorBulkExtracts, DeadlinePowerUser, OfficeThenHome, UptimeMonitor
from .sharing import CredentialStuffing, GenericAccount, SharedWithContractor
from .threats import BulkExportLoop, HeadlessScraper, RotatingProxy, VendorScript
from .writers import WRITERS

THREATS = ("vendor_script", "headless_scraper", "rotating_proxy", "bulk_export_loop", "generic_account",
           "shared_with_contractor", "credential_stuffing")
LOOKALIKES = ("deadline_power_user", "office_then_home", "coordinator_bulk_extracts", "browser_update", "uptime_monitor")
#: approximate log lines per staff member per weekday, for ``lines=``
LINES_PER_STAFF_DAY = 280.0


def cast(world: World, rng: np.random.Generator, days: int, scale: float = 1.0) -> list[Actor]:
    """Choose who does what: ordinary staff, look-alikes and 1-3 instances of every threat.

    Parameters
    ----------
    world : World
    rng : numpy.random.Generator
    days : int
    scale : float
        Multiplier on threat volumes (records, hours, attempts).

    Returns
    -------
    list of Actor
        In a fixed order (the order fixes each actor's random stream).
    """
    people = world.people
    n_threat = {k: int(rng.choice((1, 2, 3), p=(0.5, 0.33, 0.17))) for k in THREATS}
    n_look = {"deadline_power_user": int(rng.integers(2, 5)), "office_then_home": int(rng.integers(2, 5)),
              "coordinator_bulk_extracts": int(rng.integers(1, 4)), "browser_update": int(rng.integers(2, 5))}
    staff_roles = [k for k in THREATS if k not in ("generic_account", "credential_stuffing")] + list(n_look)
    need = sum(n_threat.get(k, 0) + n_look.get(k, 0) for k in staff_roles)
    if need > len(people) // 2 or len(people) < 100:  # small worlds: one of each
        n_threat = dict.fromkeys(THREATS, 1)
        n_look = dict.fromkeys(n_look, 1)
    order = rng.permutation(len(people)).tolist()
    data = [i for i in order if people[i].role == "district_data"]
    big = [i for i in order if len(world.districts[people[i].district].ssids) >= 2500]  # scrapers go where records are
    chosen: dict[int, str] = {}
    for role in staff_roles:
        n = n_threat.get(role, 0) + n_look.get(role, 0)
        pool = (data + order) if role in ("bulk_export_loop", "coordinator_bulk_extracts") else \
            (big + order) if role in ("vendor_script", "headless_scraper", "rotating_proxy") else order
        for i in [i for i in dict.fromkeys(pool) if i not in chosen][:n]:
            chosen[i] = role
    actors: list[Actor] = []
    extra: list[Actor] = []
    for i, p in enumerate(people):
        role = chosen.get(i)
        if role == "shared_with_contractor":
            actors.append(SharedWithContractor(world, p, rng, days))
        elif role == "deadline_power_user":
            actors.append(DeadlinePowerUser(world, p, rng))
        elif role == "office_then_home":
            actors.append(OfficeThenHome(world, p, rng))
        elif role == "coordinator_bulk_extracts":
            actors.append(CoordinatorBulkExtracts(world, p, rng, days))
        elif role == "browser_update":
            actors.append(BrowserUpdate(world, p, rng, days))
        else:
            actors.append(Staff(world, p))
            cls = {"vendor_script": VendorScript, "headless_scraper": HeadlessScraper,
                   "rotating_proxy": RotatingProxy, "bulk_export_loop": BulkExportLoop}.get(role or "")
            if cls is not None:
                extra.append(cls(world, p, rng, days, scale))
    taken = {p.email for p in people}
    extra += [GenericAccount(world, rng, days, taken) for _ in range(n_threat["generic_account"])]
    extra += [CredentialStuffing(world, rng, days, scale, people) for _ in range(n_threat["credential_stuffing"])]
    extra += [UptimeMonitor(world, rng, internal=i > 0) for i in range(int(rng.integers(1, 3)))]
    return actors + extra


def _labels(world: World, actors: list[Actor]) -> tuple[dict, dict]:
    accounts: dict[str, dict] = {}
    sources: dict[str, dict] = {}
    for a in actors:
        for scope, key, entry in a.labels():
            (accounts if scope == "accounts" else sources)[key] = entry
    nat: dict[str, int] = {}
    for p in world.people:
        nat[p.office_ip] = nat.get(p.office_ip, 0) + 1
    for ip, n in sorted(nat.items(), key=lambda kv: -kv[1]):
        if n >= 5 and ip not in sources:
            sources[ip] = {"label": "benign", "behaviour": "office_nat", "kinds": [], "params": {"n_accounts": n}}
    return accounts, sources


def scale_for_lines(lines: int, start: str = "2026-09-14", threat_scale: float = 1.0) -> tuple[int, int]:
    """(days, n_staff) giving roughly ``lines`` log lines.

    Up to 400k lines keeps 1-2 days and scales staff; beyond that adds days
    (one per ~400k lines, at most 28) and staff.  Calibrated on the default
    world: about :data:`LINES_PER_STAFF_DAY` lines per staff member per
    weekday, a tenth of that on weekends, plus ~20k lines of threats and
    monitors per day.
    """
    days = int(np.clip(math.ceil(lines / 400_000), 1, 28)) if lines > 400_000 else (2 if lines >= 60_000 else 1)
    d0 = dt.date.fromisoformat(start)
    workdays = sum((d0 + dt.timedelta(days=i)).weekday() < 5 for i in range(days))
    other = days * 20_000 * threat_scale
    per_staff = LINES_PER_STAFF_DAY * (workdays + 0.1 * (days - workdays))
    return days, max(20, int(round((lines - other) / per_staff)))


@contextlib.contextmanager
def _open(path: Path, compress: bool):
    if not compress:
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
        return
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz, \
            io.TextIOWrapper(gz, encoding="utf-8", newline="\n") as fh:
        yield fh


def _write_chunk(fh, writer, chunk: list[tuple], mal_pos: list[int], mrng: np.random.Generator, n_lines: int,
                 malformed: list[int], block: int = 50_000) -> int:
    """Write ``chunk`` in blocks, a malformed line before each event index in ``mal_pos``.

    Appends the 1-based line numbers of the malformed lines to ``malformed``;
    returns the number of lines written.
    """
    written = 0
    for s in range(0, len(chunk), block):
        part = chunk[s:s + block]
        text = writer.lines(part)
        for j, q in enumerate(p - s for p in mal_pos if s <= p < s + len(part)):
            text.insert(q + j, writer.malformed(mrng, text[q + j], part[q][1]))
            malformed.append(n_lines + written + q + j + 1)
        fh.write("\n".join(text) + "\n")
        written += len(text)
    return written


def generate(out_log: str | Path, out_labels: str | Path | None = None, *, seed: int = 0, start: str = "2026-09-14",
             days: int = 2, n_staff: int = 200, fmt: str = "combined", tz: str = "America/Los_Angeles",
             lines: int | None = None, threat_scale: float = 1.0, compress: bool | None = None) -> dict:
    """Write a labelled synthetic access log.

    Parameters
    ----------
    out_log : str or Path
        Log file to write (gzip-compressed if ``compress`` or the name ends in ``.gz``).
    out_labels : str or Path, optional
        Where to write the labels JSON.
    seed : int
        Fixes everything: same seed and arguments give identical bytes.
    start : str
        First local date (ISO).
    days : int
        Number of local days.
    n_staff : int
        Named staff accounts (>= 20).
    fmt : {"combined", "w3c", "jsonl"}
        Output format.
    tz : str
        Site time zone (IANA name).
    lines : int, optional
        Approximate number of lines wanted; overrides ``days`` and ``n_staff``.
    threat_scale : float
        Multiplier on threat volumes (records scraped, hours, login attempts).
    compress : bool, optional
        Gzip the log; default: when ``out_log`` ends in ``.gz``.

    Returns
    -------
    dict
        The labels (see README.md for the schema).
    """
    if fmt not in WRITERS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(WRITERS)}")
    if lines:
        days, n_staff = scale_for_lines(lines, start, threat_scale)
    if n_staff < 20 or days < 1:
        raise ValueError("need n_staff >= 20 and days >= 1")
    out_log = Path(out_log)
    out_log.parent.mkdir(parents=True, exist_ok=True)
    compress = out_log.suffix == ".gz" if compress is None else compress
    world = build_world(np.random.default_rng([seed, 0]), n_staff, start, days, tz)
    actors = cast(world, np.random.default_rng([seed, 1]), days, threat_scale)
    accounts, sources = _labels(world, actors)
    writer = WRITERS[fmt](tz)
    mrng = np.random.default_rng([seed, 2])
    n_mal = int(mrng.integers(3, 11))
    mal_days = np.bincount(mrng.integers(0, days, n_mal), minlength=days).tolist()
    malformed: list[int] = []
    header_lines: list[int] = []
    n_lines = n_events = n_late = 0
    latest = -math.inf
    carry: list[tuple] = []
    key = itemgetter(0)
    with _open(out_log, compress) as fh:
        for d in range(days):
            events = carry
            for i, a in enumerate(actors):
                a.emit(d, events, Draw(np.random.default_rng([seed, 3, i, d])))
            events.sort(key=key)
            cut = len(events) if d == days - 1 else bisect.bisect_left(events, world.clock.at(d + 1, 0), key=key)
            chunk, carry = events[:cut], events[cut:]
            if d == 0:
                head = writer.header(chunk[0][1] if chunk else world.clock.at(0, 0))
                header_lines = list(range(1, len(head) + 1))
                if head:
                    fh.write("\n".join(head) + "\n")
                n_lines += len(head)
            if chunk:
                ts = np.fromiter((e[1] for e in chunk), float, len(chunk))
                run = np.maximum.accumulate(np.concatenate(([latest], ts)))
                n_late += int(np.count_nonzero(ts < run[:-1] - 1.0))
                latest = float(run[-1])
            pos = sorted(mrng.integers(0, max(1, len(chunk)), mal_days[d]).tolist())
            n_lines += _write_chunk(fh, writer, chunk, pos, mrng, n_lines, malformed)
            n_events += len(chunk)
            del chunk, events
    labels = {"seed": seed, "format": fmt, "start": start, "days": days, "tz": tz, "n_staff": n_staff,
              "threat_scale": threat_scale, "accounts": accounts, "sources": sources, "malformed_lines": malformed,
              "header_lines": header_lines, "n_lines": n_lines, "n_events": n_events,
              "n_out_of_order": n_late,
              "notes": {"office_nat": "sources labelled office_nat are office NAT addresses shared by n_accounts staff",
                        "unlisted": "accounts and sources not listed are ordinary benign staff and clients"}}
    if out_labels is not None:
        Path(out_labels).write_text(json.dumps(labels, indent=1) + "\n", encoding="utf-8")
    return labels


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(prog="python -m sample_logs.generate", description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--start", default="2026-09-14", help="first local date (ISO)")
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--staff", type=int, default=200, help="named staff accounts")
    ap.add_argument("--format", dest="fmt", choices=sorted(WRITERS), default="combined")
    ap.add_argument("--tz", default="America/Los_Angeles")
    ap.add_argument("--lines", type=int, default=None, help="approximate target line count (scales staff and days)")
    ap.add_argument("--threat-scale", type=float, default=1.0, help="multiplier on threat volumes")
    ap.add_argument("--out", required=True, help="log file to write")
    ap.add_argument("--labels", default=None, help="labels JSON to write")
    ap.add_argument("--gzip", action="store_true", help="gzip the log")
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    lab = generate(a.out, a.labels, seed=a.seed, start=a.start, days=a.days, n_staff=a.staff, fmt=a.fmt, tz=a.tz,
                   lines=a.lines, threat_scale=a.threat_scale, compress=a.gzip or None)
    secs = time.perf_counter() - t0
    print(f"wrote {lab['n_lines']} lines ({lab['days']} days, {lab['n_staff']} staff) to {a.out} "
          f"in {secs:.1f}s ({lab['n_lines'] / secs:,.0f} lines/s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
