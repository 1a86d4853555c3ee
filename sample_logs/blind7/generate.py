"""Orchestrates one log: world, ordinary staff, look-alikes, abuse, rendering, labels."""
import datetime as dt
import json
import random

from . import abuse, formats, lookalikes, sharing
from . import world as W
from .app import Gen
from .people import staff_day

STRAY = {"cloudflare": ("ERROR logpush: upload part 3/7 timed out, retrying batch",
                        '{"content":"test","filename":"ownership-challenge-7f3a1c.txt"}]',
                        "\ufeff", "null,"),
          "gcp": ("-- export resumed after sink error --",
                  '],"nextPageToken":"EAA4AVoOCgwIpPCt1gYQ"}',
                  "<html><head><title>502 Bad Gateway</title></head></html>", "\ufeff")}


def _notes(fmt):
    return {
        "system": ("Cairn Records Exchange: fictional statewide student transcript and records-transfer portal "
                   f"at https://{W.HOST}. Spring Boot (Java) API under /api/v2, React SPA under /app/*, static "
                   "bundles under /static/* (hashed, nightly deploy at 02:00 local), OIDC sign-in via "
                   "/oauth2/authorization/{registrationId} -> IdP -> /login/oauth2/code/{registrationId}?code&state, "
                   "local-password fallback POST /login (Spring form login), SSE notifications at "
                   "/api/v2/notifications/stream (recycled every ~15 min), 20-min idle sign-out (POST /logout, "
                   "/login?timeout). Pupils are UUIDs, transfers numeric, documents/transcripts base32 tokens, "
                   "cursor pagination (?cursor=&limit=)."),
        "format": ("Cloudflare Logpush http_requests, NDJSON, timestamps Unix nanoseconds (EdgeStartTimestamp/"
                   "EdgeEndTimestamp), lines ordered by EdgeEndTimestamp with small disorder. Logpush custom "
                   "field: origin response header x-user-id (signed-in user's e-mail) appears as "
                   "ResponseHeaders {\"x-user-id\": ...}; {} when absent (edge cache hits, 401s, anonymous)."
                   if fmt == "cloudflare" else
                   "Google Cloud external Application Load Balancer request logs exported from Cloud Logging as "
                   "JSON lines (one LogEntry per line, keys sorted), ordered by timestamp (request receipt) with "
                   "small disorder. No user identity at all: accounts are only visible through params.addresses / "
                   "params.ip(s) / params.user_agent. Cloud CDN serves /static/* (response_from_cache)."),
        "tz": f"{W.TZ}; people keep local office hours, all log timestamps are UTC",
        "labels": ("accounts: e-mail -> label; abuse through a person's account labels the account (its owner's "
                   "own sessions included). params.addresses = every client address the account's events used. "
                   "sources: IP -> label (brute force, benign infrastructure)."),
    }


def generate(log_path, labels_path, seed=1, days=2, n_staff=240, fmt="cloudflare", start=W.DEFAULT_START):
    if fmt not in formats.RENDER:
        raise ValueError(f"unknown fmt {fmt!r}")
    rng = random.Random(seed)
    world = W.World(rng, n_staff, dt.date.fromisoformat(start), days)
    g = Gen(rng, world)
    entries, runs, replaced = [], [], set()
    for setup in lookalikes.ALL + abuse.ALL + sharing.ALL:
        out = setup(g)
        entries += out[0]
        runs.append(out[1])
        replaced |= out[2]
    for day in world.dates:
        for s in world.staff:
            if s.email not in replaced:
                staff_day(g, s, day)
    for run in runs:
        run()

    # ------------------------------------------------------------ labels
    addr = {}
    for e in g.ev:
        if e[10]:
            addr.setdefault(e[10], set()).add(e[2])
    accounts, sources = {}, {}
    for sect, key, ent in entries:
        if sect == "accounts":
            ent["params"]["addresses"] = sorted(addr.get(key, ()))
            accounts[key] = ent
        else:
            sources[key] = ent
    vdi_users = sorted({e[10] for e in g.ev if e[2] == world.vdi_ip and e[10]})
    sources[world.vdi_ip] = lookalikes.entry("shared_vdi_farm", n_accounts=len(vdi_users),
                                             user_agent=world.vdi_ua, farm="regional cooperative Citrix")
    by_ip = {}
    for s in world.staff:
        by_ip.setdefault(s.office_ip, []).append(s.email)
    for ip, users in sorted(by_ip.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:4]:
        if ip != world.vdi_ip:
            sources.setdefault(ip, lookalikes.entry("office_nat", n_accounts=len(users)))

    # ------------------------------------------------------------ order, render, malformed
    key = formats.sort_key(fmt)
    r2 = random.Random(seed * 7919 + 17)
    jitter = [key(e) + (r2.uniform(0.05, 2.5) if r2.random() < 0.015 else 0.0) for e in g.ev]
    order = sorted(range(len(g.ev)), key=lambda i: (jitter[i], i))
    true_keys = [key(g.ev[i]) for i in order]
    n_ooo = sum(1 for a, b in zip(true_keys, true_keys[1:]) if b < a)
    rr = random.Random(f"{seed}-{fmt}")
    render = formats.RENDER[fmt]
    info = world.net.info
    n_ev = len(order)
    bad_pos = set(rr.sample(range(1, n_ev), rr.randint(3, 10)))
    malformed, n_out = [], 0
    with open(log_path, "w", encoding="utf-8", newline="\n") as f:
        buf = []
        for k, i in enumerate(order):
            line = render(g.ev[i], rr, info)
            if k in bad_pos:       # a truncated copy of this record, or stray text, lands just before it
                junk = line[:rr.randint(20, len(line) - 10)] if rr.random() < 0.65 else rr.choice(STRAY[fmt])
                buf.append(junk)
                n_out += 1
                malformed.append(n_out)
            buf.append(line)
            n_out += 1
            if len(buf) >= 5000:
                f.write("\n".join(buf) + "\n")
                buf = []
        if buf:
            f.write("\n".join(buf) + "\n")

    labels = {"seed": seed, "format": fmt, "start": start, "days": days, "tz": W.TZ, "n_staff": n_staff,
              "threat_scale": 1.0, "accounts": accounts, "sources": sources, "malformed_lines": malformed,
              "header_lines": [], "n_lines": n_out, "n_events": n_ev, "n_out_of_order": n_ooo,
              "notes": _notes(fmt)}
    with open(labels_path, "w", encoding="utf-8") as f:
        json.dump(labels, f, indent=1, sort_keys=False)
        f.write("\n")
    return labels
