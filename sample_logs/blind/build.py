"""Cast the actors, play every day, write the log and its labels."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

from sample_logs.blind import infra
from sample_logs.blind.formats import FORMATS, write
from sample_logs.blind.lookalikes import LOOKALIKES, shared_front_desk
from sample_logs.blind.scraping import TOOLS
from sample_logs.blind.sharing import SHARING, generic_account
from sample_logs.blind.staff import Day, actor_rng, local_ts, work_day
from sample_logs.blind.world import HOST, STATE_TZ, Staff, World, build_world

#: Tuesdays in the autumn census season (no daylight-saving change inside a 3-day window)
STARTS = [date(2025, 9, 30), date(2025, 10, 7), date(2025, 10, 14), date(2025, 10, 21), date(2025, 11, 4)]


class Cast:
    """Who plays what: one behaviour per account, drawn with the cast's own stream."""

    def __init__(self, world: World, seed: int) -> None:
        self.rng = random.Random(f"blind:{seed}:cast")
        self.taken: set[str] = set()
        self.lookalikes: list[tuple[str, Staff]] = []
        self.tools: list[tuple[str, Staff]] = []
        self.sharing: list[tuple[str, Staff]] = []
        self.front_desk: list[Staff] = []
        staff = world.staff
        for name, (_, roles, (lo, hi)) in LOOKALIKES.items():
            self.lookalikes += [(name, self._pick(staff, roles)) for _ in range(self.rng.randint(lo, hi))]
        for name, (_, roles, (lo, hi), _) in TOOLS.items():
            self.tools += [(name, self._pick(staff, roles)) for _ in range(self.rng.randint(lo, hi))]
        for name, (_, roles, (lo, hi)) in SHARING.items():
            self.sharing += [(name, self._pick(staff, roles)) for _ in range(self.rng.randint(lo, hi))]
        a = self._pick(staff, ("registrar", "attendance_clerk"))
        mates = [s for s in staff if s.school is a.school and s.email not in self.taken and s.school is not None]
        if mates:
            b = self.rng.choice(mates)
            self.taken.add(b.email)
            self.front_desk = [a, b]
        else:
            self.taken.discard(a.email)
        self.generic = self.rng.sample(world.districts, self.rng.randint(1, 2))

    def _pick(self, staff: list[Staff], roles: tuple[str, ...]) -> Staff:
        pool = [s for s in staff if s.role in roles and s.email not in self.taken]
        pool = pool or [s for s in staff if s.email not in self.taken]
        chosen = self.rng.choice(pool)
        self.taken.add(chosen.email)
        return chosen


def _entry(label: str, behaviour: str, kinds: list[str], params: dict) -> dict:
    """One labels entry in score_scan's shape."""
    return {"label": label, "behaviour": behaviour, "kinds": kinds, "params": params}


def play(world: World, seed: int, fmt: str) -> tuple[list, dict]:
    """Generate every request of the window; return the hits (sorted) and the labels' subject maps."""
    out: list = []
    cast = Cast(world, seed)
    days = [world.start + timedelta(days=i) for i in range(world.days)]
    special = {s.email: name for name, s in cast.lookalikes}
    front = {s.email for s in cast.front_desk}
    accounts: dict[str, dict] = {}
    worked: dict[str, dict[date, Day | None]] = {}
    for staff in world.staff:
        rng = actor_rng(seed, f"staff:{staff.email}")
        if staff.email in special:
            fn = LOOKALIKES[special[staff.email]][0]
            accounts[staff.email] = _entry("benign", special[staff.email], [], fn(out, world, staff, rng))
        elif staff.email not in front:
            worked[staff.email] = {d: work_day(out, staff, d, rng) for d in days}
    if cast.front_desk:
        params = shared_front_desk(out, world, cast.front_desk, actor_rng(seed, "front_desk"))
        for s in cast.front_desk:
            accounts[s.email] = _entry("benign", "shared_front_desk_pc", [], params)
    for name, staff in cast.tools:
        fn, _, _, kinds = TOOLS[name]
        params = fn(out, world, staff, worked[staff.email], actor_rng(seed, f"{name}:{staff.email}"))
        accounts[staff.email] = _entry(kinds[0], name, kinds, params)
    for name, staff in cast.sharing:
        params = SHARING[name][0](out, world, staff, worked[staff.email], actor_rng(seed, f"{name}:{staff.email}"))
        accounts[staff.email] = _entry("credential_sharing", name, ["credential_sharing"], params)
    for district in cast.generic:
        template = next((s for s in world.staff if s.district is district), world.staff[0])
        email, params = generic_account(out, world, district, template, actor_rng(seed, f"generic:{district.id}"))
        accounts[email] = _entry("credential_sharing", "generic_account", ["credential_sharing"], params)
    t0 = local_ts(STATE_TZ, days[0], 0.0)
    t1 = local_ts(STATE_TZ, days[-1], 24.0)
    sources = infra.health_checks(out, t0, t1, fmt, actor_rng(seed, "health"))
    sources.update(infra.uptime_monitor(out, t0, t1, actor_rng(seed, "uptime")))
    hits = sorted((h for h in out if t0 <= h.ts < t1), key=lambda h: (h.ts, h.trace))
    blip = infra.deploy_blip(hits, world, actor_rng(seed, "ops"))
    seen = {h.user for h in hits if h.user}
    normal = sorted(e for e in worked if e not in accounts and e in seen)
    return hits, {"accounts": accounts, "sources": sources, "staff": normal, "deploy": blip,
                  "addresses": addresses(world, hits, accounts)}


def addresses(world: World, hits: list, accounts: dict[str, dict]) -> dict[str, str]:
    """What the known networks are (for explaining alerts on addresses; not used for scoring)."""
    users: dict[str, set] = {}
    for h in hits:
        if h.user:
            users.setdefault(h.ip, set()).add(h.user)
    names: dict[str, str] = {}
    for d in world.districts:
        for ip in d.vpn_ips:
            names[ip] = f"{d.name} district VPN"
        for ip in d.office_ips:
            names[ip] = f"{d.name} district office NAT"
        for s in d.schools:
            names.setdefault(s.nat_ip, f"{s.name} ({d.name}) school NAT")
    for ip in world.state_ips:
        names[ip] = "state agency network"
    for email, info in accounts.items():
        ip = info["params"].get("ip")
        if isinstance(ip, str) and ip[:1].isdigit():
            names.setdefault(ip, f"{info['behaviour']} of {email}")
    return {ip: f"{name}; {len(users.get(ip, ()))} accounts" for ip, name in sorted(names.items()) if ip in users}


def generate_blind(out: str | Path, labels_path: str | Path | None = None, *, seed: int, days: int = 2,
                   n_staff: int = 240, fmt: str = "ecs", start: date | None = None) -> dict:
    """Write one labelled log of the blind app.

    Parameters
    ----------
    out : str or Path
        Log file to write.
    labels_path : str or Path, optional
        Where to write the labels JSON (also returned).
    seed : int
        Everything follows from it; same arguments give identical bytes.
    days : int
        Consecutive weekdays, 1-3 (starting on a Tuesday).
    n_staff : int
        Named staff accounts.
    fmt : {"ecs", "caddy"}
        Line format.
    start : datetime.date, optional
        First day; by default one of the census-season Tuesdays chosen by the seed.

    Returns
    -------
    dict
        The labels: ``accounts`` and ``sources`` (subject -> label, behaviour,
        kinds, params) plus ``staff`` (ordinary accounts), ``tz`` and metadata.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    if not 1 <= days <= 3:
        raise ValueError("days must be 1 to 3 (a Tuesday-to-Thursday window)")
    start = start or random.Random(f"blind:{seed}:start").choice(STARTS)
    world = build_world(seed, n_staff, days, start)
    hits, subjects = play(world, seed, fmt)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    lines = write(hits, out, fmt)
    labels = {"generator": "sample_logs.blind", "app": "LearnerHub state student-records portal", "host": HOST,
              "seed": seed, "format": fmt, "tz": STATE_TZ, "start": start.isoformat(), "days": days,
              "n_staff": n_staff, "lines": lines, **subjects}
    if labels_path is not None:
        Path(labels_path).parent.mkdir(parents=True, exist_ok=True)
        Path(labels_path).write_text(json.dumps(labels, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return labels
