"""Put the Caseload app's world, abuse, look-alikes and background traffic together; write log and labels."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from sample_logs.blind2 import lookalikes, scraping, sharing
from sample_logs.blind2.app import Browser, Hit
from sample_logs.blind2.formats import FORMATS, write_log
from sample_logs.blind2.staff import TZ, Calendar, ordinary_days
from sample_logs.blind2.world import CLOUD_PREFIXES, World, build_world, ip_in, stream

MONITOR_IPS = ("216.144.250.150", "69.162.124.235")
MONITOR_UA = "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)"
PROBES = ("/wp-login.php", "/.env", "/actuator/env", "/admin/", "/phpmyadmin/", "/.git/config", "/login", "/api/v1/users",
          "/server-status", "/manager/html", "/cgi-bin/luci", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php")


def background(world: World, cal: Calendar, fmt: str, sink: list[Hit]) -> dict[str, dict]:
    """Uptime monitor, kubelet probes (seen by Tomcat only), an internet scanner; their source labels."""
    rng = stream(world.seed, "background")
    start, end = cal.at(0, 0), cal.at(len(cal.days) - 1, 24)
    t, k = start + rng.uniform(0, 60), 0
    while t < end:
        sink.append(Hit(t, MONITOR_IPS[k % 2], "", "GET", "/actuator/health", 200, 15, "", MONITOR_UA, "", rng.randint(2, 9),
                        rng.randint(20000, 60000)))
        t, k = t + 300 + rng.uniform(-1, 1), k + 1
    labels = {ip: {"label": "benign", "behaviour": "uptime_monitor", "kinds": []} for ip in MONITOR_IPS}
    if fmt == "tomcat":
        t = start + rng.uniform(0, 10)
        while t < end:
            for p in ("/actuator/health/liveness", "/actuator/health/readiness"):
                sink.append(Hit(t, "10.42.0.1", "", "GET", p, 200, 15, "", "kube-probe/1.29", "", rng.randint(1, 4), 8080))
            t += 30
        labels["10.42.0.1"] = {"label": "benign", "behaviour": "kubelet_probes", "kinds": []}
    ip = ip_in(rng, CLOUD_PREFIXES)
    t = cal.at(rng.randrange(len(cal.days)), rng.uniform(0, 24))
    for p in rng.sample(PROBES, k=len(PROBES)):
        t += rng.uniform(0.2, 3)
        sink.append(Hit(t, ip, "", "GET", p, 302 if p == "/login" else 404, 0 if p != "/login" else 9000, "",
                        "Mozilla/5.0 zgrab/0.x", "", rng.randint(2, 20),
                        rng.randint(20000, 60000)))
    labels[ip] = {"label": "not_targeted", "behaviour": "internet_scanner_probe", "kinds": []}
    for n in range(rng.randint(3, 8)):  # somebody opens a bookmarked link, never signs in
        b = Browser(sink, stream(world.seed, f"stray{n}"), ip_in(rng, ("73.15", "98.207", "99.113")),
                    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36", "")
        b.hit(cal.at(rng.randrange(len(cal.days)), rng.uniform(8, 20)), "/", status=302, size=0, ref="")
    return labels


def start_date(seed: int) -> date:
    """A Monday between October and mid-December 2025, chosen by the seed."""
    return date(2025, 10, 6) + timedelta(weeks=seed % 10)


def generate_blind2(log_path: str | Path, labels_path: str | Path, seed: int = 1, days: int = 2, n_staff: int = 240,
                    fmt: str = "traefik") -> dict:
    """Generate a labelled access log of the Caseload app.

    Parameters
    ----------
    log_path, labels_path : str or Path
        Where the log and the labels JSON go.
    seed : int
        Everything derives from it; the same seed gives byte-identical output.
    days : int
        School days in the window (weekends skipped), 1-5.
    n_staff : int
        Ordinary named staff accounts (abuse and look-alikes are added on top).
    fmt : {"traefik", "tomcat"}
        Log format (see :mod:`sample_logs.blind2.formats`).

    Returns
    -------
    dict
        The labels: ``accounts`` and ``sources`` (label, behaviour, kinds, params), ``staff``,
        ``addresses``, ``tz``, ``format``, ``lines`` and the window.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    world = build_world(seed, n_staff)
    cal = Calendar(start_date(seed), max(1, min(days, 5)))
    sink: list[Hit] = []
    staff = list(world.people)
    for p in staff:
        ordinary_days(world, p, stream(seed, f"ordinary:{p.account}"), cal, sink)
    plan = stream(seed, "plan")
    accounts: dict[str, dict] = {}
    sources: dict[str, dict] = {}

    def add(kind_map: dict, name: str, count: int, label: str) -> None:
        styles = sorted(kind_map)
        plan.shuffle(styles)
        for k in range(count):
            style = styles[k % len(styles)]
            entry = kind_map[style]
            fn, kinds = entry if isinstance(entry, tuple) else (entry, [])
            subject, params = fn(world, cal, stream(seed, f"{name}:{style}:{k}"), sink)
            accounts[subject] = {"label": label, "behaviour": style, "kinds": list(kinds), "params": params}

    add(scraping.STYLES, "scrape", max(5, n_staff // 22), "abusive")
    add(sharing.STYLES, "share", max(4, n_staff // 40), "abusive")
    add(lookalikes.STYLES, "benign", max(len(lookalikes.STYLES), n_staff // 20), "benign")
    ip, params = sharing.password_guessing(world, cal, stream(seed, "guess"), sink)
    sources[ip] = {"label": "abusive", "behaviour": "password_guessing", "kinds": ["brute_force"], "params": params}
    for ip, params in sharing.credential_stuffing(world, cal, stream(seed, "stuff"), sink):
        sources[ip] = {"label": "abusive", "behaviour": "credential_stuffing", "kinds": ["brute_force"], "params": params}
    sources.update(background(world, cal, fmt, sink))
    lines = write_log(sink, Path(log_path), fmt, TZ)
    addresses = {ip: f"NAT of school {s + 100}" for s, ip in enumerate(world.school_ips)}
    addresses[world.office_ip] = "SELPA office NAT"
    addresses.update({ip: "district VPN concentrator" for ip in world.vpn_ips})
    labels = {
        "app": "Caseload: SELPA special-education case management (Java/Spring MVC)", "format": fmt, "tz": TZ,
        "seed": seed, "days": [d.isoformat() for d in cal.days], "lines": lines,
        "accounts": accounts, "sources": sources, "staff": sorted(p.account for p in staff), "addresses": addresses,
    }
    Path(labels_path).parent.mkdir(parents=True, exist_ok=True)
    Path(labels_path).write_text(json.dumps(labels, indent=1, sort_keys=True), encoding="utf-8")
    return labels
