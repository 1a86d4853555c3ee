"""blind21 generator: ScoreView (state assessment-results portal) seen by Zeek (http.log) or Suricata (eve.json).

`generate(log_path, labels_path, seed=1, days=2, n_staff=240, fmt="zeek_tsv") -> labels dict`.
The same events are rendered by both formats; only the rendering (and its damage) differs.
"""
import datetime
import json
import random

from . import bruteforce, damage, evelog, labels, lookalikes, scraping, services, sharing, zeek
from . import world as W
from .client import Log
from .conns import assign
from .people import UA, make_staff
from .registry import Registry
from .staff import staff_days

FORMATS = ("zeek_tsv", "suricata_eve")
LOG_NAME = {"zeek_tsv": "http.log", "suricata_eve": "eve.json"}


def _rng(seed, name):
    return random.Random("blind21:%d:%s" % (seed, name))


class Caster:
    """Hands out staff for roles in the story, each person at most once."""

    def __init__(self, staff, rng):
        self.staff, self.rng, self.used = staff, rng, set()

    def pick(self, role, n, fallback=None, level=None, school=False, net=None, phone=False, district=None,
             office=False):
        def ok(s, r):
            return (s.login not in self.used and s.role in r and (not level or (s.school and s.school.level == level))
                    and (not school or s.school) and (not net or (s.district and s.district.net == net))
                    and (not phone or s.phone_key) and (not district or (s.district and s.district.suffix == district))
                    and (not office or s.school is None))
        roles = role if isinstance(role, tuple) else (role,)
        cands = [s for s in self.staff if ok(s, roles)]
        if len(cands) < n and fallback:
            cands += [s for s in self.staff if ok(s, fallback if isinstance(fallback, tuple) else (fallback,))]
        out = self.rng.sample(cands, min(n, len(cands))) if len(cands) > n else cands[:n]
        self.used.update(s.login for s in out)
        return out

    def one(self, *a, **k):
        out = self.pick(*a, **k)
        if not out:
            raise ValueError("cannot cast %r %r" % (a, k))
        return out[0]


SCHOOL_ROLES = ("teacher", "counselor", "sped", "asst_principal", "office", "nurse", "registrar", "principal")


def _cast(world, staff, rng):
    c = Caster(staff, rng)
    anyone = SCHOOL_ROLES + ("analyst", "it")
    cast = {"vendor_dac": c.one("dac", 1, district="mesa51"), "guess_target": c.one("dac", 1, district="d27")}
    cast["round_robin"] = c.pick(("teacher", "counselor", "sped"), 4, fallback=SCHOOL_ROLES, district="d27")
    if len(cast["round_robin"]) < 4:
        cast["round_robin"] += c.pick(SCHOOL_ROLES, 4 - len(cast["round_robin"]), school=True)
    cast["pool_owner"] = c.one(("counselor", "sped"), 1, fallback=anyone, district="adams12")
    cast["connector_owner"] = c.one("principal", 1, fallback=anyone, district="weld6", school=True)
    cast["colleague_teacher"] = c.one("teacher", 1, district="d27", school=True)
    cast["consultant_owner"] = c.one("analyst", 1, fallback=("principal", "it", "counselor"), district="adams12")
    cast["spray_victim"] = c.one("teacher", 1, net="school_nat")
    succ = c.one(("registrar", "office"), 1, fallback=anyone, district="mesa51", office=True) if any(
        s.role in ("registrar", "office") and s.school is None and s.district and s.district.suffix == "mesa51"
        and s.login not in c.used for s in staff) else c.one(("registrar", "office") + anyone, 1, district="mesa51")
    succ.tags.update(skip_days=True, lookalike="successor_not_provisioned_own_login")
    cast["successor"] = succ
    taken = {s.login for s in staff}
    f, l = rng.choice(W.FIRST), rng.choice(W.LAST)
    cast["retired_login"] = next(n for n in ("%s%s%s.mesa51" % (f[0].lower(), l.lower(), k or "")
                                             for k in range(0, 9)) if n not in taken)
    col_school = cast["colleague_teacher"].school
    d27 = world.district("d27")
    front = next(s for s in d27.schools if s is not col_school and s.level != "H")
    cast["front_school"] = front
    cast["front_login"] = "frontoffice.%s.d27" % "".join(w[0] for w in front.name.split()[:2]).lower()
    d49 = world.district("d49")
    users, seen = [], set()
    for s in c.pick(("counselor", "sped", "office", "asst_principal"), 6, district="d49", school=True):
        if s.school.code not in seen and len(users) < 3:
            seen.add(s.school.code)
            users.append((s.work_ip, s.work_ua, s.school))
    for sc in d49.schools:
        if len(users) >= 3:
            break
        if sc.code not in seen:
            seen.add(sc.code)
            users.append((W.ip_in(rng, "%s.%d" % (d49.base, sc.index + 1), world.used), UA["win_chrome"], sc))
    cast["testing_users"] = users
    abusers = {s.login for k, v in cast.items() for s in (v if isinstance(v, list) else [v])
               if hasattr(s, "login") and k not in ("successor",)}
    return c, cast, abusers


def generate(log_path, labels_path, seed=1, days=2, n_staff=240, fmt=FORMATS[0]):
    if fmt not in FORMATS:
        raise ValueError("unknown fmt %r (choose from %s)" % (fmt, ", ".join(FORMATS)))
    if n_staff < 100:
        raise ValueError("n_staff must be at least 100")
    if days < 1:
        raise ValueError("days must be at least 1")
    world = W.World(_rng(seed, "world"))
    staff = make_staff(world, _rng(seed, "staff"), n_staff)
    log, reg = Log(world, days), Registry()
    caster, cast, abusers = _cast(world, staff, _rng(seed, "cast"))
    scraping.run(log, world, _rng(seed, "scraping"), reg, cast)
    sharing.run(log, world, _rng(seed, "sharing"), reg, cast)
    bruteforce.run(log, world, _rng(seed, "bruteforce"), reg, staff, cast, abusers)
    lookalikes.run(log, world, staff, _rng(seed, "lookalikes"), caster.pick)
    staff_days(log, world, staff, _rng(seed, "days"), {r.user for r in log.reqs if r.user})
    services.run(log, world, _rng(seed, "services"))
    reqs = [r for r in log.reqs if r.t >= log.t0 and r.end < log.t1]
    for i, r in enumerate(reqs):
        r.seq = i
    conns = assign(reqs, log.styles, world, _rng(seed, "conns"))
    reqs = [r for r in reqs if r.end < log.t1]
    rrng = _rng(seed, "render:" + fmt)
    if fmt == "zeek_tsv":
        lines, kinds = zeek.render(reqs, log.t0, log.t1, rrng)
    else:
        lines, kinds = evelog.render(reqs, conns, log.t0, log.t1, rrng)
    lines, kinds, bad = damage.damage(lines, kinds, _rng(seed, "damage:" + fmt), fmt)
    kept = [k for k in kinds if not isinstance(k, str)]
    typo_owner = {n: s.login for s in staff for n in s.typo_names}
    accounts, sources = labels.build(log, world, staff, reg, kept, typo_owner)
    with open(log_path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(lines) + "\n")
    start = datetime.datetime.combine(W.START_DATE, datetime.time(0), W.TZ)
    out = {
        "seed": seed, "format": fmt, "start": start.isoformat(), "days": days, "tz": W.TZ_NAME, "n_staff": n_staff,
        "accounts": accounts, "sources": sources, "malformed_lines": bad,
        "header_lines": [i + 1 for i, k in enumerate(kinds) if k == "h"],
        "other_lines": [i + 1 for i, k in enumerate(kinds) if k == "o"],
        "n_lines": len(lines), "n_events": len(kept),
        "proxies": {ip: {"role": "HAProxy TLS-terminating reverse proxy (adds X-Forwarded-For, pools backend "
                               "connections, health-checks /public/ping every 30 s)",
                         "n_requests": sum(1 for r in kept if r.px == i or (r.px is None and r.ip == ip))}
                    for i, ip in enumerate(W.PROXIES)},
        "log_file": LOG_NAME[fmt],
        "notes": NOTES[fmt] + NOTES["common"],
    }
    with open(labels_path, "w", encoding="utf-8") as fh:
        json.dump(out, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    return out


NOTES = {
    "common": [
        "Client address = X-Forwarded-For for requests through the proxies 10.40.0.5/10.40.0.6, else the "
        "sensor-side source; sources are keyed by it and the proxies are listed under 'proxies', not 'sources'.",
        "Account n_requests counts the abusive client's requests carrying that user name (params.clients lists "
        "their [address, user agent] pairs); the 401 challenge a browser gets before it sends credentials carries "
        "no user name and is counted only in the source's n_requests.",
        "Shared NATs or PCs that an abusive client also used are not listed as sources.",
        "Benign staff accounts the spray tried carry params.spray_attempts; unknown user names the spray tried "
        "are listed as brute_force accounts with role 'none (no such account)'.",
        "Window starts Tuesday 2026-09-15 00:00 America/Denver (MDT, UTC-6); spring results were released to "
        "districts at 08:00 on day 1.",
    ],
    "zeek_tsv": ["Zeek ts is the request time; lines are in completion order inside each hourly file, so ts is "
                 "not monotonic. Hourly files (UTC #open/#close) are concatenated, one header block each.",
                 "HAProxy pools backend connections: one uid can carry requests of different outside clients."],
    "suricata_eve": ["No user names: Suricata does not log the Authorization header. http timestamp is the "
                     "response completion time (sensor local time, -0600). other_lines are flow, fileinfo, dns, "
                     "alert and stats events.",
                     "HAProxy pools backend connections: one flow_id can carry requests of different outside "
                     "clients; tx_id counts transactions on the connection."],
}
