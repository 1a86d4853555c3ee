"""Blind test generator blind14: Harbor, a Washington special-education records platform, as seen by the Istio
ingress gateway (`envoy_text`) or by Kong's file-log plugin (`kong_json`). Writes the log and labels.json."""
import json
import random

from . import world as W
from .build import build
from .kong import kong_record
from .labels import make_labels
from .parse import damage, parse_envoy, parse_kong
from .render import aux_stream, envoy_line

FORMATS = {"envoy_text": "istio-ingress.log", "kong_json": "kong-file.log"}


def events_in_order(seed, days, n_staff):
    """Build the window and put the events in delivery order (request end), with the shared randomness."""
    ctx, roles, behaviour, abuse, info, results = build(seed, days, n_staff)
    events = sorted(ctx.out, key=lambda e: e.t + e.dur / 1000.0)
    return events, aux_stream(events, seed), (ctx, roles, behaviour, abuse, info, results)


def _ratelimits(events):
    """Remaining requests of the partner API's per-consumer minute window, in arrival order."""
    order = sorted((i for i, e in enumerate(events) if e.consumer and e.svc == "partner"), key=lambda i: events[i].t)
    used, out = {}, {}
    for i in order:
        e = events[i]
        k = (e.consumer, int(e.t) // 60)
        used[k] = used.get(k, 0) + 1
        out[i] = max(0, 1200 - used[k])
    return out


def render(events, aux, fmt):
    if fmt == "envoy_text":
        return [envoy_line(e, a) for e, a in zip(events, aux)]
    rl = _ratelimits(events)
    return [kong_record(e, a, rl.get(i)) for i, (e, a) in enumerate(zip(events, aux))]


def generate(log_path, labels_path, seed=1, days=2, n_staff=240, fmt="envoy_text"):
    if fmt not in FORMATS:
        raise ValueError("unknown format %r (expected one of %s)" % (fmt, ", ".join(FORMATS)))
    if n_staff < 100:
        raise ValueError("n_staff must be at least 100")
    if days < 1:
        raise ValueError("days must be at least 1")
    events, aux, (ctx, roles, behaviour, abuse, info, results) = events_in_order(seed, days, n_staff)
    lines = render(events, aux, fmt)
    abusive = set(abuse)
    benign = [e.abuse is None and e.acct not in abusive for e in events]
    ok = [i for i, e in enumerate(events) if benign[i] and e.svc in ("health", "metrics")]
    long_ok = [i for i, e in enumerate(events) if fmt == "kong_json" and benign[i] and i + 1 < len(events)
               and benign[i + 1] and e.path.startswith("/accounts/oidc/callback/") and len(lines[i]) > 4200][:50]
    drng = random.Random("blind14:%d:damage:%s" % (seed, fmt))
    lines, malformed, lost = damage(lines, fmt, drng, ok[10:-10], long_ok, benign)
    kept = [e for i, e in enumerate(events) if i not in lost]
    accounts, sources = make_labels(kept, fmt, roles, behaviour, abuse, info, results, fmt == "kong_json")
    parse = parse_envoy if fmt == "envoy_text" else parse_kong
    starts, ooo = [], 0
    for e in kept:
        if starts and e.t < starts[-1]:
            ooo += 1
        starts.append(max(e.t, starts[-1]) if starts else e.t)
    labels = {
        "seed": seed, "format": fmt, "start": W.START_LOCAL, "days": days, "tz": W.TZ, "n_staff": n_staff,
        "accounts": accounts, "sources": sources, "malformed_lines": malformed, "header_lines": [],
        "n_lines": len(lines), "n_events": len(kept), "n_out_of_order": ooo,
        "notes": NOTES[fmt],
    }
    assert all(parse(lines[n - 1]) is None for n in malformed)
    with open(log_path, "w", encoding="utf-8", newline="\n") as f:
        for line in lines:
            f.write(line)
            f.write("\n")
    with open(labels_path, "w", encoding="utf-8") as f:
        json.dump(labels, f, indent=1, sort_keys=False)
        f.write("\n")
    return labels


COMMON = ("Harbor (made up): CRSSC consortium of four Washington districts, host harbor.crssc.org, Azure Front Door -> "
          "Istio ingress gateway -> Kong -> Django/Vue. Window starts Monday 2027-03-01 00:00 America/Los_Angeles "
          "(PST, the 1st of the month: Medicaid exports), during IEP season. Lines are in completion order; "
          "timestamps are request start, so some are out of order. Damage is only on benign lines. ")
NOTES = {
    "envoy_text": COMMON + "Istio's default TEXT access-log format of the ingress gateway; no user field (accounts are "
                  "listed by login and log_names is empty). The client is the X-Forwarded-For element before the "
                  "Front Door hop (the last element); Cedar Prairie's web filter puts the device's 10.48.x.x address "
                  "first. Protocol is always HTTP/1.1 (Front Door to origin). A client abort is 0 DC.",
    "kong_json": COMMON + "Kong 3.6 file-log objects (cjson: compact, forward slashes escaped as \\/). The staff user "
                 "is response.headers.x-harbor-user (only on authenticated Django responses), partner callers are "
                 "consumer.username; client_ip is the real client (trusted XFF). Authorization is REDACTED by Kong; "
                 "cookies are logged. A client abort is 499.",
}
