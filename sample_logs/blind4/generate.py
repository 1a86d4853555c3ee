"""Entry point of the blind4 generator: a CALPADS-style state student data system ("SDS").

    python -m sample_logs.blind4.generate --out DIR --seed N --fmt nginx_xff|lograge_json --days D --staff S
"""
from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from . import brute, lookalikes, noise, scrape, share
from .ctx import Ctx
from .humans import Person, plan_day, run_day
from .site import Site
from .world import APP, HOST, LBS, TZ, WINDOW, Nets, build_world, day_start
from .writers import FORMATS, WRITERS

NOTES = {
    "system": f"State student data system in the style of CALPADS at https://{HOST}: Rails 7 + Vite/React + Turbo, "
              "SSID (10-digit) pupil pages, JSON API under /api/v1 (each page view fans out into XHR calls), "
              "ODS extracts, file uploads for the " + WINDOW + " submission window, SAML/OIDC SSO plus a local "
              "password form with TOTP, /api/v1/session status pings every 5 minutes while a tab is open, "
              "fingerprinted assets under /vite/assets, a static help site under /help.",
    "nginx_xff": "nginx `log_format main` + \"$http_x_forwarded_for\". $remote_addr is one of the internal LB nodes; "
                 "the real client is the LAST address of X-Forwarded-For (a chain of two when the county proxy adds "
                 "itself: '10.x.y.z, proxy'). $remote_user is the SSO/session identity handed back by the auth "
                 "subrequest on authenticated app/API locations; '-' for assets, help, sign-in pages, OmniAuth "
                 "redirects, failed logins and expired sessions. LB health checks come from the LB node with XFF '-'.",
    "lograge_json": "Rails production log with Lograge JSON formatter and custom_options: time (request start, so a "
                    "few long requests appear slightly out of order), host, remote_ip (request.remote_ip = real client), "
                    "request_id, user (current_user e-mail or null), user_agent, referer, params (filtered; the login "
                    "POST shows the attempted e-mail in params.user.email). Only Rails controller requests: no static "
                    "assets or help pages, no OmniAuth request phase, no Rack::Attack 429s.",
    "time": "Days start Tuesday 2025-12-09 (Fall 1 certification crunch); a nightly deploy at 21:30 changes asset "
            "fingerprints, so browsers reload assets the first time each day.",
    "background": "Unlabelled background: LB health checks (/up), UptimeRobot and Pingdom monitors, search engine and AI "
                  "crawlers on public pages, one internet vulnerability scanner night, Censys/Expanse survey probes.",
    "subjects": "Accounts are labelled when the abuse is done through an account; client addresses (real client, "
                "not the LB) for anonymous brute force. Labelled accounts' owners may also do their normal work in "
                "the same log (e.g. the vendor night job's owner works by day).",
}


def generate(log_path: str | Path, labels_path: str | Path, seed: int = 1, days: int = 2, n_staff: int = 250,
             fmt: str = "nginx_xff") -> dict:
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}")
    days = max(1, int(days))
    r = random.Random(seed)
    nets = Nets(random.Random(f"nets:{seed}"))
    leas, staff, seen, coe = build_world(r, nets, max(10, int(n_staff)))
    if coe is None:                                   # make sure one small district goes through a county proxy
        lea = min(leas, key=lambda l: len(l.schools))
        coe = nets.ip("cenic", "county office of education web proxy / SSO gateway shared by small districts "
                               "(adds itself to X-Forwarded-For)")
        lea.office_ip, lea.via_coe, lea.school_egress = coe, True, "district"
        for s in lea.schools:
            s.ip = coe
    site = Site(random.Random(f"site:{seed}"), days)
    persons = [Person(s, nets, r) for s in staff]
    cx = Ctx(site, nets, leas, persons, r, days, seen)
    for f in scrape.ALL + share.ALL + brute.ALL + lookalikes.ALL:
        f(cx)
    for p in cx.normal:
        for d in range(days):
            run_day(site, p, d, plan_day(r, p, d))
    noise.health_checks(site, days)
    noise.monitors(site, days)
    noise.crawlers(site, days)
    scan = noise.scanners(site, nets, days)

    lo, hi = day_start(0), day_start(days)
    reqs = [q for q in site.out if lo <= q.t1 < hi]
    lines = list(WRITERS[fmt](reqs, seed))
    log_path, labels_path = Path(log_path), Path(labels_path)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(lines) + "\n")

    addresses = dict(sorted(nets.what.items()))
    for ip in LBS:
        addresses[ip] = "internal load-balancer node ($remote_addr in nginx_xff; health checks come from it)"
    for ip in noise.UPTIMEROBOT:
        addresses[ip] = "UptimeRobot monitor"
    for ip in noise.PINGDOM:
        addresses[ip] = "Pingdom monitor"
    for name, ips, _ua, _n in noise.BOTS:
        for ip in ips:
            addresses[ip] = f"{name} crawler (public pages only)"
    labels = {
        "seed": seed, "format": fmt, "tz": TZ, "app": APP,
        "accounts": cx.accounts,
        "sources": cx.sources,
        "staff": sorted(p.s.account for p in cx.pool),
        "addresses": addresses,
        "n_lines": len(lines),
        "notes": dict(NOTES, **cx.notes, scanner=f"{scan['scanner']} is an unlabelled vulnerability scanner",
                      days=str(days), n_staff=str(n_staff), county_proxy=coe),
    }
    labels_path.parent.mkdir(parents=True, exist_ok=True)
    labels_path.write_text(json.dumps(labels, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    return labels


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fmt", default="nginx_xff", choices=FORMATS)
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--staff", type=int, default=250)
    a = ap.parse_args(argv)
    out = Path(a.out)
    ext = "log" if a.fmt == "nginx_xff" else "jsonl"
    lab = generate(out / f"sds_{a.fmt}_s{a.seed}.{ext}", out / f"sds_{a.fmt}_s{a.seed}.labels.json",
                   a.seed, a.days, a.staff, a.fmt)
    print(f"wrote {lab['n_lines']} lines, {len(lab['accounts'])} labelled accounts, {len(lab['sources'])} labelled "
          f"sources, {len(lab['staff'])} ordinary staff to {out}")


if __name__ == "__main__":
    main()
