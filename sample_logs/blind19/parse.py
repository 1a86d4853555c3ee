"""Strict parsers for blind19 formats.

parse(line, fmt) -> (kind, record)
  otel : kind "req"  -> {"requests": [req, ...], "others": n}  (line holds >= 1 'Request finished' record)
         kind "other"-> {"requests": [], "others": n}           (only non-request records)
  appgw: kind "req"  -> req
  None, None for a malformed line.
req dict: time (epoch seconds float), method, path, query, status, client, ua, user (None if anonymous / appgw),
          route, host, pod (otel) / instance (appgw).
"""
import json
import re
from datetime import datetime, timezone

_BODY = re.compile(r"^Request finished HTTP/1\.1 ([A-Z]+) https://([^/ ]+)(/\S*) - (\d{3}) (\d+|-) (.+) (\d+\.\d{4})ms$")
_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
APPGW_PROPS = ("instanceId", "clientIP", "clientPort", "httpMethod", "originalRequestUriWithArgs", "requestUri",
               "requestQuery", "userAgent", "httpStatus", "httpVersion", "receivedBytes", "sentBytes",
               "clientResponseTime", "timeTaken", "WAFEvaluationTime", "WAFMode", "transactionId", "sslEnabled",
               "sslCipher", "sslProtocol", "serverRouted", "serverStatus", "serverResponseLatency", "host", "originalHost")
APPGW_TOP = ("time", "resourceId", "listenerName", "ruleName", "backendPoolName", "backendSettingName", "operationName",
             "category", "properties")


def _load(line):
    if isinstance(line, (bytes, bytearray)):
        line = bytes(line).decode("utf-8")
    line = line.rstrip("\n")
    if not line:
        raise ValueError("empty")
    return json.loads(line)


def _attrs(lst):
    out = {}
    if not isinstance(lst, list):
        raise ValueError("attributes")
    for kv in lst:
        v = kv["value"]
        if "stringValue" in v:
            out[kv["key"]] = v["stringValue"]
        elif "intValue" in v:
            out[kv["key"]] = int(v["intValue"])
        else:
            raise ValueError("value type")
    return out


def _otel(obj):
    if set(obj) != {"resourceLogs"} or not obj["resourceLogs"]:
        raise ValueError("top")
    reqs, others = [], 0
    for rl in obj["resourceLogs"]:
        res = _attrs(rl["resource"]["attributes"])
        pod = res["k8s.pod.name"]
        for sl in rl["scopeLogs"]:
            scope = sl["scope"]["name"]
            for r in sl["logRecords"]:
                ns = int(r["timeUnixNano"])
                int(r["observedTimeUnixNano"])
                if not isinstance(r["severityNumber"], int) or not isinstance(r["severityText"], str):
                    raise ValueError("severity")
                body = r["body"]["stringValue"]
                a = _attrs(r.get("attributes", []))
                m = _BODY.match(body) if scope == "Microsoft.AspNetCore.Hosting.Diagnostics" else None
                if not m:
                    others += 1
                    continue
                if len(r["traceId"]) != 32 or len(r["spanId"]) != 16:
                    raise ValueError("ids")
                if a["http.request.method"] != m.group(1) or int(m.group(4)) != a["http.response.status_code"]:
                    raise ValueError("body/attributes mismatch")
                reqs.append({"time": ns / 1e9, "method": a["http.request.method"], "path": a["url.path"],
                             "query": a.get("url.query", ""), "status": a["http.response.status_code"],
                             "client": a["client.address"], "ua": a["user_agent.original"], "user": a.get("enduser.id"),
                             "route": a.get("http.route"), "host": a["server.address"], "pod": pod,
                             "duration_ms": float(m.group(7))})
    return ("req" if reqs else "other"), {"requests": reqs, "others": others}


def _appgw(obj):
    if tuple(obj) != APPGW_TOP or obj["category"] != "ApplicationGatewayAccessLog" or not _TIME.match(obj["time"]):
        raise ValueError("top")
    p = obj["properties"]
    for k in APPGW_PROPS:
        if k not in p:
            raise ValueError("missing " + k)
    if not isinstance(p["httpStatus"], int) or not isinstance(p["clientPort"], int):
        raise ValueError("types")
    t = datetime.strptime(obj["time"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp()
    return "req", {"time": t, "method": p["httpMethod"], "path": p["requestUri"], "query": p["requestQuery"],
                   "status": p["httpStatus"], "client": p["clientIP"], "ua": p["userAgent"], "user": None,
                   "route": None, "host": p["host"], "instance": p["instanceId"], "backend": obj["backendPoolName"]}


def parse(line, fmt):
    try:
        obj = _load(line)
        if not isinstance(obj, dict):
            return None, None
        if fmt == "otel":
            return _otel(obj)
        if fmt == "appgw":
            return _appgw(obj)
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        return None, None
    raise ValueError("unknown format %r" % fmt)


def requests_of(kind, rec, fmt):
    if kind is None:
        return []
    if fmt == "otel":
        return rec["requests"]
    return [rec] if kind == "req" else []


def count_account(recs, params, fmt):
    """recs: dicts with client, ua, user. See labels notes for the definition."""
    cl = {(c[0], c[1]) for c in params["clients"]}
    names = set(params["log_names"])
    if fmt == "otel":
        return sum(1 for r in recs if r["user"] in names and (r["client"], r["ua"]) in cl)
    return sum(1 for r in recs if (r["client"], r["ua"]) in cl)


def count_source(recs, ip):
    return sum(1 for r in recs if r["client"] == ip)
