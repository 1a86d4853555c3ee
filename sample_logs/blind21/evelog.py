"""Assemble eve.json (all event types in the order the sensor writes them, stats every 60 s) and the strict
eve parser used by check.py."""
import json
import re

from . import eve as E

STATS_EVERY = 60.0
UPTIME0 = 9 * 86400 + 4 * 3600 + 1234     # Suricata was started 9 days before the window
TS_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}[+-]\d{4}$")
TYPES = {"http", "flow", "fileinfo", "dns", "alert", "stats"}
NEED = {
    "http": ("flow_id", "in_iface", "src_ip", "src_port", "dest_ip", "dest_port", "proto", "tx_id", "http"),
    "flow": ("flow_id", "src_ip", "src_port", "dest_ip", "dest_port", "proto", "flow"),
    "fileinfo": ("flow_id", "src_ip", "dest_ip", "proto", "http", "fileinfo"),
    "dns": ("flow_id", "src_ip", "dest_ip", "proto", "dns"),
    "alert": ("flow_id", "src_ip", "dest_ip", "proto", "alert"),
    "stats": ("stats",),
}
HTTP_NEED = ("hostname", "url", "http_method", "protocol", "status", "length")


def _stats(t, c):
    pkts = c["pkts"] + c["udp_pkts"]
    return {"timestamp": E.ts(t), "event_type": "stats", "stats": {
        "uptime": int(t - c["t0"]) + UPTIME0,
        "capture": {"kernel_packets": pkts + c["other"], "kernel_drops": 0, "errors": 0},
        "decoder": {"pkts": pkts + c["other"], "bytes": c["bytes"] + c["other"] * 90, "invalid": 0,
                    "ipv4": pkts + c["other"], "ipv6": 0, "ethernet": pkts + c["other"], "tcp": c["pkts"] + c["other"],
                    "udp": c["udp_pkts"], "avg_pkt_size": (c["bytes"] // max(1, pkts)) if pkts else 0,
                    "max_pkt_size": 1514},
        "flow": {"memcap": 0, "tcp": c["tcp_flows"], "udp": c["udp_flows"], "icmpv4": 0, "icmpv6": 0},
        "app_layer": {"flow": {"http": c["tcp_flows"], "dns_udp": c["udp_flows"]},
                      "tx": {"http": c["http"], "dns_udp": c["dns"]}},
        "detect": {"engines": [{"id": 0, "last_reload": "2026-09-06T04:21:34.402877-0600", "rules_loaded": 48213,
                                "rules_failed": 0, "rules_skipped": 0}], "alert": c["alert"],
                   "alert_queue_overflow": 0, "alerts_suppressed": 0}}}


def render(reqs, conns, t0, t1, rng):
    """(lines, kinds): kind is the Req for an http line, "o" for any other event type."""
    ev = []
    for r in reqs:
        ev.append((r.end, 2, r.seq, r))
        if r.fname and r.status == 200 and r.rslen > 0:
            ev.append((r.end + 0.00002, 3, r.seq, ("fi", r)))
    for t, e in E.alerts(reqs):
        ev.append((t, 1, 0, ("raw", e)))
    for i, c in enumerate(conns):
        ft = c.closed + 60.0 + rng.uniform(0.2, 1.8)
        if c.closed and ft < t1:
            ev.append((ft, 4, i, ("flow", c)))
    for i, (t, e) in enumerate(E.dns_events(t0, t1, rng)):
        ev.append((t, 5, i, ("raw", e)))
    t = t0 + STATS_EVERY - rng.uniform(0.5, 3.0)
    k = 0
    while t < t1:
        ev.append((t, 6, k, ("stats", None)))
        t += STATS_EVERY
        k += 1
    ev.sort(key=lambda x: (x[0], x[1], x[2]))
    up = UPTIME0 / 86400.0                     # counters are cumulative since Suricata started
    cnt = {"t0": t0, "pkts": int(up * rng.uniform(1.9e6, 2.3e6)), "udp_pkts": int(up * 1150), "http": int(up * 51000),
           "bytes": int(up * rng.uniform(1.1e9, 1.4e9)), "tcp_flows": int(up * 29000), "udp_flows": int(up * 576),
           "dns": int(up * 576), "alert": int(up * rng.uniform(20, 60)), "other": int(up * 5.2e6)}
    lines, kinds = [], []
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for t, _, _, x in ev:
        if not isinstance(x, tuple):
            lines.append(dumps(E.http_event(x)))
            kinds.append(x)
            cnt["http"] += 1
            continue
        tag, obj = x
        if tag == "fi":
            e = E.fileinfo_event(obj)
        elif tag == "flow":
            e = E.flow_event(obj, t)
            cnt["tcp_flows"] += 1
            cnt["pkts"] += obj.pts + obj.ptc
            cnt["bytes"] += obj.bts + obj.btc
        elif tag == "stats":
            cnt["other"] += rng.randint(2000, 9000)       # ARP, SNMP and other noise on the span port
            e = _stats(t, cnt)
        else:
            e = obj
            et = e["event_type"]
            if et == "alert":
                cnt["alert"] += 1
            elif et == "dns" and e["dns"]["type"] == "query":
                cnt["dns"] += 1
            elif et == "flow":
                cnt["udp_flows"] += 1
                cnt["udp_pkts"] += 2
                cnt["bytes"] += e["flow"]["bytes_toserver"] + e["flow"]["bytes_toclient"]
        lines.append(dumps(e))
        kinds.append("o")
    return lines, kinds


def parse(s):
    """The event as a dict, or raise ValueError."""
    if not s or s[0] != "{" or s[-1] != "}":
        raise ValueError("not a JSON object line")
    try:
        e = json.loads(s)
    except json.JSONDecodeError as exc:
        raise ValueError(str(exc)) from None
    if not isinstance(e, dict):
        raise ValueError("not an object")
    et = e.get("event_type")
    if et not in TYPES or not TS_RE.match(str(e.get("timestamp", ""))):
        raise ValueError("bad event_type/timestamp")
    for k in NEED[et]:
        if k not in e:
            raise ValueError("%s without %s" % (et, k))
    if et == "http":
        h = e["http"]
        if not isinstance(h, dict) or any(k not in h for k in HTTP_NEED):
            raise ValueError("bad http object")
        if not str(h["url"]).startswith("/") or not isinstance(h["status"], int):
            raise ValueError("bad url/status")
    return e


def client_ip(e):
    return e.get("xff") or e["src_ip"]
