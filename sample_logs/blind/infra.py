"""Machines that are part of running the portal: health checks, an uptime monitor, a deploy.

Their sources are labelled ``benign`` (by address): they are unauthenticated,
perfectly regular and run all night, which is exactly what a naive bot
detector flags.
"""

from __future__ import annotations

import random

from sample_logs.blind.client import Hit
from sample_logs.blind.staff import local_ts
from sample_logs.blind.world import STATE_TZ, World

UPTIME_UA = "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)"


def _hit(rng: random.Random, t: float, ip: str, ua: str, path: str, size: int, dur: float) -> Hit:
    """One unauthenticated GET from a machine."""
    return Hit(t + dur, dur, ip, rng.randint(32768, 60999), None, "GET", path, "", 200, size, 0, "", ua, "1.1",
               f"{rng.getrandbits(64):016x}")


def health_checks(out: list[Hit], t0: float, t1: float, fmt: str, rng: random.Random) -> dict[str, dict]:
    """Load-balancer (ECS: Google front end) or Kubernetes (Caddy) probes of ``/healthz``."""
    if fmt == "ecs":
        ips = [f"35.191.{rng.randint(0, 255)}.{rng.randint(1, 254)}", f"130.211.{rng.randint(0, 3)}.{rng.randint(1, 254)}"]
        ua, every = "GoogleHC/1.0", rng.choice([20.0, 30.0])
    else:
        ips = [f"10.42.{rng.randint(0, 3)}.{rng.randint(2, 250)}" for _ in range(2)]
        ua, every = "kube-probe/1.30", rng.choice([20.0, 30.0])
    for ip in ips:
        t = t0 + rng.uniform(0, every)
        while t < t1:
            out.append(_hit(rng, t, ip, ua, "/healthz", 2, rng.uniform(0.0005, 0.004)))
            t += every + rng.uniform(-0.01, 0.01)
    return {ip: {"label": "benign", "behaviour": "health_check", "kinds": [], "params": {"every_s": every, "ua": ua}}
            for ip in ips}


def uptime_monitor(out: list[Hit], t0: float, t1: float, rng: random.Random) -> dict[str, dict]:
    """An external uptime service checking the status endpoint every minute from rotating probes."""
    ips = [f"{rng.choice([69, 216, 208])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
           for _ in range(rng.randint(3, 5))]
    every = rng.choice([60.0, 120.0, 300.0])
    t = t0 + rng.uniform(0, every)
    while t < t1:
        out.append(_hit(rng, t, rng.choice(ips), UPTIME_UA, "/api/v1/status", 48, rng.uniform(0.01, 0.08)))
        t += every + rng.uniform(-0.5, 0.5)
    return {ip: {"label": "benign", "behaviour": "uptime_monitor", "kinds": [], "params": {"every_s": every}}
            for ip in ips}


def deploy_blip(hits: list[Hit], world: World, rng: random.Random) -> dict:
    """A rolling deploy at lunch on the last day: API calls fail with 502 for about a minute."""
    day = world.start.fromordinal(world.start.toordinal() + world.days - 1)
    t0 = local_ts(STATE_TZ, day, rng.uniform(12.2, 13.0))
    t1 = t0 + rng.uniform(30, 100)
    n = 0
    for h in hits:
        if t0 <= h.ts <= t1 and h.path.startswith(("/api/", "/graphql")) and int(h.trace[:2], 16) < 160:
            h.status, h.size, h.dur = 502, 150, min(h.dur, 0.01)
            n += 1
    return {"start": t0, "seconds": round(t1 - t0, 1), "requests": n}
