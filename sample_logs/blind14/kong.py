"""Kong file-log records for Harbor events (blind14): the `kong.log.serialize()` object, compact and with
lua-cjson's escaped forward slashes, one per line."""
import json
import time

from . import world as W
from .render import (CONSUMERS, KONG_PODS, KONG_VER, ROUTES, SERVICES, TS, WS, _query, kong_exit,
                     req_headers, route_of)

_DATE = {}


def http_date(sec):
    d = _DATE.get(sec)
    if d is None:
        d = _DATE[sec] = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(sec))
        if len(_DATE) > 4096:
            _DATE.clear()
    return d


def route_obj(name):
    rid, svc, paths = ROUTES[name]
    return {"id": rid, "name": name, "paths": paths, "protocols": ["http", "https"], "methods": None,
            "strip_path": False, "preserve_host": True, "regex_priority": 0, "path_handling": "v0",
            "https_redirect_status_code": 426, "request_buffering": True, "response_buffering": True,
            "created_at": TS, "updated_at": TS + 86400 * 40, "ws_id": WS, "service": {"id": SERVICES[svc][0]}}


def service_obj(name):
    sid, host, port = SERVICES[name]
    return {"id": sid, "name": name, "host": host, "port": port, "protocol": "http", "path": None,
            "connect_timeout": 60000, "read_timeout": 60000 if name != "harbor-api" else 120000,
            "write_timeout": 60000, "retries": 5, "enabled": True, "created_at": TS, "updated_at": TS + 86400 * 40,
            "ws_id": WS}


_ROUTE_CACHE = {n: (route_obj(n), service_obj(ROUTES[n][1])) for n in ROUTES}


def resp_headers(e, aux, route, exit_, t_end, ratelimit):
    if e.flags == "DC":                                   # the client went away before the upstream answered
        return {"x-kong-request-id": aux[1]}
    h = {"date": http_date(int(t_end)), "connection": "keep-alive", "x-kong-request-id": aux[1]}
    if exit_:
        h["content-type"] = "application/json; charset=utf-8"
        h["content-length"] = str(e.tx)
        h["server"] = "kong/" + KONG_VER
        h["x-kong-response-latency"] = str(max(0, e.dur - 1))
    else:
        h["content-type"] = e.ctype + ("; charset=utf-8" if e.ctype in ("application/json", "text/html", "text/csv")
                                       else "")
        if e.tx > 1000000:
            h["transfer-encoding"] = "chunked"
        else:
            h["content-length"] = str(e.tx)
        h["server"] = "istio-envoy"
        h["x-envoy-upstream-service-time"] = str(max(1, e.up - 2) if e.up else 1)
        h["via"] = "1.1 kong/" + KONG_VER
        h["x-kong-upstream-latency"] = str(max(1, (e.up or e.dur) - 1))
        h["x-kong-proxy-latency"] = str(0 if e.dur < 200 else 1)
        if route == "spa":
            if e.path.startswith("/static/") or e.path == "/favicon.ico":
                h["cache-control"] = "public, max-age=31536000, immutable"
            else:
                h["cache-control"] = "no-cache"
            h["etag"] = '"65f0c1a2-%x"' % (e.tx or 1874)
            h["last-modified"] = "Thu, 25 Feb 2027 19:42:10 GMT"
        elif route in ("api", "oidc", "partner-v1"):
            h["vary"] = "Accept, Cookie, origin" if route != "partner-v1" else "Accept"
            h["x-frame-options"] = "DENY"
            h["x-content-type-options"] = "nosniff"
            h["referrer-policy"] = "same-origin"
            h["cross-origin-opener-policy"] = "same-origin"
            if e.user:
                h["x-harbor-user"] = e.user
    if ratelimit is not None:
        h["ratelimit-limit"] = "1200"
        h["ratelimit-remaining"] = str(ratelimit)
        h["ratelimit-reset"] = str(60 - int(e.t) % 60)
        h["x-ratelimit-limit-minute"] = "1200"
        h["x-ratelimit-remaining-minute"] = str(ratelimit)
    if e.rhdr:
        h.update(e.rhdr)
    return h


def kong_record(e, aux, ratelimit=None):
    route = route_of(e.path)
    exit_ = kong_exit(e, route)
    r_obj, s_obj = _ROUTE_CACHE[route]
    started = int((e.t + 0.0008) * 1000)
    req_ms = max(0, e.dur - 1)
    t_end = e.t + e.dur / 1000.0
    status = 499 if e.flags == "DC" else e.status
    rh = req_headers(e, aux, route)
    resp_h = resp_headers(e, aux, route, exit_, t_end, ratelimit)
    req_size = 18 + len(e.method) + len(e.path) + sum(len(k) + len(v) + 4 for k, v in rh.items()) + e.rx
    resp_size = 0 if e.flags == "DC" else e.tx + 17 + sum(len(k) + len(str(v)) + 4 for k, v in resp_h.items())
    rec = {"response": {"status": status, "size": resp_size, "headers": resp_h},
           "route": r_obj,
           "workspace": WS,
           "workspace_name": "default",
           "client_ip": e.ip}
    if not exit_:
        pod_ip, pod_port = KONG_PODS[aux[4]]
        tries_ip = "10.244.%d.%d" % (2 + aux[4] * 2, 30 + aux[5] % 60)
        rec["tries"] = [{"balancer_start": started + (0 if e.dur < 200 else 1), "balancer_latency": 0,
                         "ip": tries_ip, "port": SERVICES[ROUTES[route][1]][2]}]
    rec["request"] = {"id": aux[1], "method": e.method, "uri": e.path, "url": "http://%s:8000%s" % (W.HOST, e.path),
                      "querystring": _query(e.path), "headers": rh, "size": req_size}
    rec["upstream_uri"] = e.path
    rec["upstream_status"] = "" if exit_ else ("" if e.flags == "DC" else str(e.status))
    if e.consumer and not exit_:
        cid, custom, cred = CONSUMERS[e.consumer]
        rec["authenticated_entity"] = {"id": cred, "consumer_id": cid}
        rec["consumer"] = {"id": cid, "username": e.consumer, "custom_id": custom, "created_at": TS + 86400 * 12,
                           "updated_at": TS + 86400 * 12, "tags": None}
    rec["latencies"] = {"kong": 0 if exit_ else (1 if e.dur > 200 else 0),
                        "proxy": -1 if (exit_ or e.flags == "DC") else max(0, (e.up or req_ms) - 1),
                        "request": req_ms, "receive": 0}
    rec["service"] = s_obj
    rec["started_at"] = started
    rec["source"] = "kong" if exit_ else "upstream"
    return json.dumps(rec, separators=(",", ":")).replace("/", "\\/")
