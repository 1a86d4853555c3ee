"""Calendar, network allocation and the drawing of a whole :class:`~sample_logs.app.World`."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np

from .app import FIRST, LAST, PLACES, SCHOOL_KINDS, District, School, World, host

_BLOCKED_A = {0, 10, 100, 127, 169, 172, 192, 198, 203}


class Clock:
    """Calendar of the log period in the site's time zone.

    Parameters
    ----------
    start : str
        First local date, ISO format.
    days : int
        Number of days.
    tz : str
        IANA time zone name.
    """

    def __init__(self, start: str, days: int, tz: str) -> None:
        self.tz = ZoneInfo(tz)
        self.start = dt.date.fromisoformat(start)
        self.dates = [self.start + dt.timedelta(days=i) for i in range(days + 2)]
        self.midnight = [dt.datetime.combine(d, dt.time(0), tzinfo=self.tz).timestamp() for d in self.dates]

    def at(self, d: int, sec: float) -> float:
        """UTC epoch seconds of local wall-clock second ``sec`` after midnight of day ``d``."""
        m0, m1 = self.midnight[d], self.midnight[d + 1]
        if m1 - m0 == 86400.0:
            return m0 + sec
        base = dt.datetime.combine(self.dates[d], dt.time(0), tzinfo=self.tz)
        return (base + dt.timedelta(seconds=sec)).timestamp()

    def weekday(self, d: int) -> int:
        """Day of week of day ``d`` (Monday 0)."""
        return self.dates[d].weekday()


class Networks:
    """Allocator of plausible public IPv4 /16 networks, none reused."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.used: set[tuple[int, int]] = set()

    def block(self) -> tuple[int, int]:
        """Return a fresh /16 prefix (first two octets) outside reserved space."""
        while True:
            a, b = int(self.rng.integers(1, 224)), int(self.rng.integers(0, 256))
            if a not in _BLOCKED_A and (a, b) not in self.used:
                self.used.add((a, b))
                return a, b


def _hashes(rng: np.random.Generator) -> dict[str, str]:
    return {k: rng.bytes(4).hex() for k in ("runtime", "vendor", "app", "css", "students", "schools", "reports")}


def _email(first: str, last: str, domain: str, rng: np.random.Generator, taken: set[str]) -> str:
    local = f"{first}.{last}" if rng.random() < 0.8 else f"{first[0]}{last}"
    email, n = f"{local}@{domain}", 1
    while email in taken:
        n += 1
        email = f"{local}{n}@{domain}"
    taken.add(email)
    return email


def build_world(rng: np.random.Generator, n_staff: int, start: str, days: int, tz: str) -> World:
    """Draw the districts, schools, students, networks and staff for one seed.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness (fixes the world).
    n_staff : int
        Named staff accounts to create (>= 20).
    start, days, tz
        Log period, see :class:`Clock`.

    Returns
    -------
    World
    """
    clock = Clock(start, days, tz)
    y = clock.start.year if clock.start.month >= 7 else clock.start.year - 1
    years = [f"{y - i}-{(y - i + 1) % 100:02d}" for i in range(5)]
    releases = [(-np.inf, _hashes(rng))]
    for d in range(1, days):
        if rng.random() < 0.25 and clock.weekday(d) < 5:
            releases.append((clock.at(d, 3600 * rng.uniform(5.0, 6.5)), _hashes(rng)))
    nets = Networks(rng)
    w = World(clock=clock, year=years[0], years=years, chrome=int(rng.integers(148, 153)),
              firefox=int(rng.integers(154, 159)), safari=int(rng.integers(0, 3)), poll_s=float(rng.uniform(2.0, 4.0)),
              releases=releases, nets=nets, residential=[nets.block() for _ in range(int(rng.integers(30, 60)))],
              carriers=[[nets.block() for _ in range(int(rng.integers(2, 5)))] for _ in range(int(rng.integers(3, 5)))],
              hosting=[nets.block() for _ in range(int(rng.integers(5, 10)))])
    hi = int(np.clip(n_staff // 5, 5, 40))
    lo = int(np.clip(n_staff // 10, 4, hi))
    n_d = int(rng.integers(lo, hi + 1))
    places = rng.choice(len(PLACES), n_d, replace=False)
    counties = rng.choice(np.arange(1, 59), n_d)
    for i, (pi, county) in enumerate(zip(places, counties)):
        name = PLACES[int(pi)]
        kind = str(rng.choice(("usd", "esd", "uhsd", "coe"), p=(0.55, 0.2, 0.15, 0.1)))
        dcode = int(rng.integers(10_000, 100_000))
        blk = nets.block()
        words = name.split()
        slug = ("".join(x[0] for x in words) if len(words) > 1 else name) + kind  # "alder creek" -> acusd
        while any(dd.domain.startswith(slug + ".") for dd in w.districts):
            slug += str(int(rng.integers(1, 10)))
        dist = District(name=f"{name.title()} {kind.upper()}", domain=f"{slug}.example.org",
                        cds=f"{county:02d}{dcode:05d}0000000", office_ip=host(rng, blk))
        kinds = {"esd": ("elem", "middle"), "uhsd": ("high",), "coe": ("high", "middle")}.get(kind, ("elem", "middle", "high"))
        n_sch = int(rng.integers(1, 4)) if kind == "coe" else int(rng.integers(2, 10))
        sizes, grades = [], []
        for _ in range(n_sch):
            g, a, b = SCHOOL_KINDS[kinds[int(rng.integers(len(kinds)))]]
            sizes.append(int(rng.integers(a, b)))
            grades.append(g)
        density = rng.uniform(0.3, 0.8)
        total = sum(sizes)
        base = int(rng.integers(1_000_000_000, 9_000_000_000))
        ssids = base + np.cumsum(rng.geometric(density, total)).astype(np.int64)
        dist.ssids = ssids
        perm = rng.permutation(total)
        off, central = 0, rng.random() < 0.5  # central: every site leaves through the district's firewall NAT
        for n, g in zip(sizes, grades):
            ip = dist.office_ip if central else host(rng, nets.block() if rng.random() < 0.5 else blk)
            code = int(rng.integers(100_000, 7_000_000))
            dist.schools.append(len(w.schools))
            w.schools.append(School(cds=f"{county:02d}{dcode:05d}{code:07d}", district=i, grades=g,
                                    ssids=ssids[perm[off:off + n]], grade_of=rng.integers(0, len(g), n).astype(np.int8), ip=ip))
            off += n
        w.districts.append(dist)
    weights = np.exp(rng.normal(0.0, 0.9, n_d))
    counts = rng.multinomial(n_staff, weights / weights.sum())
    taken: set[str] = set()
    for di, c in enumerate(counts):
        for _ in range(int(c)):
            p = w.make_person(rng, di)
            p.email = _email(str(rng.choice(FIRST)), str(rng.choice(LAST)), w.districts[di].domain, rng, taken)
            if rng.random() < 0.15:
                p.update_at = (int(rng.integers(0, days)), 0.0)
            w.people.append(p)
    return w
