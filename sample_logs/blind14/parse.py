"""Strict parsers of the two Harbor renderings (blind14) and the realistic damage (cut lines, glued lines,
interleaved writes, proxy/nginx diagnostics) the generator puts into them."""
import json
import re
import time

ENVOY_RE = re.compile(
    r'^\[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\] "([A-Z]+) (/\S*) (HTTP/1\.1|HTTP/2|HTTP/1\.0)" (\d{1,3}) (\S+) '
    r'(\S+) (\S+) "([^"]*)" (\d+) (\d+) (\d+) (\d+|-) "([^"]*)" "([^"]*)" '
    r'"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})" "([^"]+)" "(\d+\.\d+\.\d+\.\d+:\d+)" '
    r'(outbound\|\d+\|\|[a-z0-9.-]+) (\d+\.\d+\.\d+\.\d+:\d+) (\d+\.\d+\.\d+\.\d+:\d+) (\d+\.\d+\.\d+\.\d+:\d+) '
    r'(\S+) (\S+)$')
IP_RE = re.compile(r"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$")
AGENT_LINES = [
    "%sZ\twarning\tenvoy config external/envoy/source/extensions/config_subscription/grpc/grpc_stream.h:152\t"
    "StreamAggregatedResources gRPC config stream to xds-grpc closed since 1843s ago: 14, connection error: desc = "
    "\"transport: Error while dialing: dial tcp 10.0.118.4:15012: connect: connection refused\"\tthread=15",
    "%sZ\tinfo\txdsproxy\tconnected to delta upstream XDS server: istiod.istio-system.svc:15012\tid=%d",
    "%sZ\tinfo\tads\tADS: \"@\" istio-ingressgateway-7d9f8c6b5-x2kqp.istio-system-%d resources:3 size:9.1kB",
]
NGINX_LINES = [
    '%s [warn] 1287#0: *%d a client request body is buffered to a temporary file /kong_prefix/client_body_temp/'
    '0000004%d, client: 10.244.3.17, server: kong, request: "POST /api/students/%s/documents/ HTTP/1.1", '
    'host: "harbor.crssc.org"',
    '%s [warn] 1288#0: *%d an upstream response is buffered to a temporary file /kong_prefix/proxy_temp/3/41/'
    '00000%d, client: 10.244.3.17, server: kong, request: "GET /api/billing/exports/?month=2027-02&district=%s '
    'HTTP/1.1", upstream: "http://10.244.4.57:8000/api/billing/exports/", host: "harbor.crssc.org"',
]


def parse_envoy(line):
    """A dict of the fields, or None when the line is not a well-formed Istio default TEXT access log line."""
    m = ENVOY_RE.match(line)
    if not m:
        return None
    g = m.groups()
    xff = g[13].split(",")
    if not all(IP_RE.match(x) for x in xff):
        return None
    if g[4] == "0" and g[5] != "DC":
        return None
    return {"start": g[0], "method": g[1], "path": g[2], "status": int(g[4]), "flags": g[5], "rx": int(g[9]),
            "tx": int(g[10]), "dur": int(g[11]), "xff": xff, "ua": g[14], "rid": g[15], "authority": g[16],
            "client": xff[-2] if len(xff) > 1 else xff[0]}


REQ_KEYS = ("method", "uri", "url", "querystring", "headers", "size")


def parse_kong(line):
    """A dict of the useful fields, or None when the line is not one complete Kong file-log object."""
    if not line.startswith("{") or not line.endswith("}"):
        return None
    try:
        rec = json.loads(line)
    except ValueError:
        return None
    if not isinstance(rec, dict):
        return None
    req, resp = rec.get("request"), rec.get("response")
    if not isinstance(req, dict) or not isinstance(resp, dict) or any(k not in req for k in REQ_KEYS):
        return None
    if not isinstance(resp.get("status"), int) or not isinstance(resp.get("headers"), dict):
        return None
    if not isinstance(rec.get("started_at"), int) or not isinstance(rec.get("latencies"), dict):
        return None
    if not isinstance(rec.get("client_ip"), str) or not IP_RE.match(rec["client_ip"]):
        return None
    if not isinstance(rec.get("route"), dict) or not isinstance(rec.get("service"), dict):
        return None
    rid = req["headers"].get("x-request-id")
    if not isinstance(rid, str) or len(rid) != 36:
        return None
    cons = rec.get("consumer")
    return {"rid": rid, "method": req["method"], "path": req["uri"], "status": resp["status"],
            "client": rec["client_ip"], "user": resp["headers"].get("x-harbor-user"),
            "consumer": cons.get("username") if isinstance(cons, dict) else None,
            "ua": req["headers"].get("user-agent")}


def damage(lines, fmt, rng, candidates, long_candidates, benign):
    """Damage 5-8 lines. `candidates` are indices of benign lines that may be damaged, `long_candidates` benign
    Kong lines longer than the 4 KiB pipe buffer, `benign` a flag per line (a glued-on line must be benign too).
    Returns (new lines, malformed 1-based numbers, lost indices)."""
    if fmt == "kong_json":
        ops = ["cut", "cut"] + (["cut"] if rng.random() < 0.5 else []) + ["glue", "nginx"]
        ops += ["interleave"] if long_candidates else ["cut"]
    else:
        ops = ["cut", "cut"] + (["cut"] if rng.random() < 0.5 else []) + ["glue"] + \
              (["glue"] if rng.random() < 0.5 else []) + ["agent"] + (["agent"] if rng.random() < 0.6 else [])
    pool = list(candidates)
    rng.shuffle(pool)
    by_idx, taken, n_bad = {}, set(), 0
    while ops or n_bad < 5:
        op = ops.pop(0) if ops else "cut"
        if op == "interleave":
            pick = [i for i in long_candidates if not taken & {i - 1, i, i + 1, i + 2} and benign[i + 1]]
            i = rng.choice(pick) if pick else None
        else:
            i = next((j for j in pool if not taken & {j - 1, j, j + 1, j + 2} and
                      (op != "glue" or (j + 1 < len(lines) and benign[j + 1]))), None)
        if i is None:
            if op == "cut":
                break                                   # no candidate left (tiny logs)
            continue
        by_idx[i] = op
        taken.update((i - 1, i, i + 1, i + 2))
        n_bad += 2 if op == "interleave" else 1
    out, bad, lost, skip = [], [], set(), set()
    for i, line in enumerate(lines):
        if i in skip:
            continue
        op = by_idx.get(i)
        if op is None:
            out.append(line)
        elif op == "cut":
            out.append(line[:rng.randint(40, max(41, len(line) - 30))])
            bad.append(len(out))
            lost.add(i)
        elif op == "glue" and i + 1 < len(lines):
            out.append(line[:rng.randint(40, max(41, len(line) - 30))] + lines[i + 1])
            bad.append(len(out))
            lost.update((i, i + 1))
            skip.add(i + 1)
        elif op == "interleave" and i + 1 < len(lines) and len(line) > 4096:
            out.append(line[:4096] + lines[i + 1])
            bad.append(len(out))
            out.append(line[4096:])
            bad.append(len(out))
            lost.update((i, i + 1))
            skip.add(i + 1)
        elif op == "agent":
            stamp = line[1:24]
            out.append(line)
            out.append(rng.choice(AGENT_LINES).replace("%sZ", stamp[:19] + ".%06dZ" % rng.randint(0, 999999), 1)
                       .replace("%d", str(rng.randint(3, 400))))
            bad.append(len(out))
        elif op == "nginx":
            out.append(line)
            k = rng.randint(0, 1)
            stamp = line.split('"started_at":')[-1][:10] if '"started_at":' in line else "1803916800"
            when = time.strftime("%Y/%m/%d %H:%M:%S", time.gmtime(int(stamp) if stamp.isdigit() else 1803916800))
            out.append(NGINX_LINES[k] % (when, rng.randint(10000, 999999), rng.randint(10, 99),
                                         ["6c1e0f4a-27b9-4d3e-8a51-0f9c2b7d4e16", "salish-bay"][k]))
            bad.append(len(out))
        else:
            out.append(line)
    return out, bad, lost
