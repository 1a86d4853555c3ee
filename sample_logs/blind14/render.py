"""Renderings of Harbor events (blind14): the Istio ingress gateway's default TEXT access log (`envoy_text`) and
Kong's file-log JSON (`kong_json`). Both take the events in delivery order with the shared per-event randomness."""
import json
import random
import time

from . import world as W

GW_IP = "10.244.3.17"
KONG_PODS = [("10.244.1.23", 8000), ("10.244.5.41", 8000)]
CLUSTER = "outbound|80||kong-gateway-proxy.kong.svc.cluster.local"
ROUTE_NAME = "harbor-edge"
FDID = "6f1c2a9e-3b7d-4e0a-9c51-8d2f7b4e6a13"
WS = "0dc5ad1c-7f2e-4b6a-9d3e-51b8f0c2a7e4"
KONG_VER = "3.6.1"
TS = 1767225600          # created_at of the Kong entities (2026-01-01)
ROUTES = {  # name: (route id, service name, paths)
    "partner-v1": ("3a8f0d2e-61c4-4b7e-9f15-2c7d8e4a9b60", "harbor-partner", ["/partner/v1"]),
    "api": ("b71e4c09-2d5a-4f38-8e6b-0a9c3d7f1e24", "harbor-api", ["/api"]),
    "oidc": ("5c2d9e71-a0b4-43f6-9d28-7e1f0b3c6a95", "harbor-api", ["/accounts/oidc"]),
    "django-admin": ("e04b7a3c-9f1d-4c62-b8a5-3d6e2f9c1b07", "harbor-api", ["/admin"]),
    "healthz": ("91f3c6d8-4e2a-4b7c-a0d5-6c8e1f2b3a49", "harbor-api", ["/healthz"]),
    "metrics": ("2e7b5f1a-c3d9-4a86-b0e4-9f1c7d2a5e38", "harbor-api", ["/metrics"]),
    "spa": ("c8d1a6f4-0b3e-4d27-95c8-1e6f3a9b2d70", "harbor-web", ["/"]),
}
SERVICES = {
    "harbor-api": ("7d4e1b2c-5a9f-4c38-8e06-b2f1d9c3a574", "harbor-api.harbor.svc", 8000),
    "harbor-partner": ("f2a9c7e1-8b3d-4f50-9a6c-0d4e7b1f3c28", "harbor-api.harbor.svc", 8000),
    "harbor-web": ("4b0e8d3f-1c7a-4e95-b2d6-9a3f5c1e7d80", "harbor-web.harbor.svc", 8080),
}
CONSUMERS = {  # username: (consumer id, custom_id, credential id)
    "agency-soundpath-therapy": ("0e6b3f1d-7c2a-4d98-b5e0-3a9c1f7d2b64", "AG-0031", "a3f0c7e2-9b1d-4e56-8c2a-6d4b0f9e1c37"),
    "agency-evergreen-pediatric": ("5d9a2c7e-1f4b-4083-9e6d-b0c3a8f1d259", "AG-0044", "c7e1b5a9-3d0f-4c82-a6e4-2f9b8d1c0a53"),
    "agency-tidewater-behavioral": ("8c1f4e0b-6a3d-4b27-9f58-e2d7c0a4b913", "AG-0052", "e9b3d1f7-4c6a-4058-b2e0-7a1c9f3d5e86"),
    "vendor-medbill-connect": ("b4e7a0c3-2d9f-4e61-8a15-c6f0b3d9e742", "VN-0007", "1f8c3e6a-b0d4-47a9-9c2e-5d7b1a0f4c68"),
}


def route_of(path):
    if path.startswith("/partner/v1"):
        return "partner-v1"
    for name in ("api", "oidc", "django-admin", "healthz", "metrics"):
        p = ROUTES[name][2][0]
        if path == p or path.startswith(p + "/") or path.startswith(p + "?"):
            return name
    return "spa"


def kong_exit(e, route):
    return (route == "partner-v1" and (e.status == 401 or e.path.startswith("/partner/v1/oauth2/token"))) or \
        (route in ("django-admin", "metrics") and e.status == 403)


def aux_stream(events, seed):
    """Per-event randomness shared by both renderings: x-request-id, Kong request id, ports, pods."""
    rng = random.Random("blind14:%d:aux" % seed)
    out = []
    for _ in events:
        out.append(("%032x" % rng.getrandbits(128), "%032x" % rng.getrandbits(128), rng.randint(32768, 60999),
                    rng.randint(1024, 65535), rng.randint(0, 1), rng.getrandbits(64)))
    return out


def rid_of(hexid):
    h = hexid
    return "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16], "89ab"[int(h[16], 16) % 4], h[17:20], h[20:32])


def xff(e):
    if e.ip == e.fd:
        return e.fd
    return ("%s,%s,%s" % (e.xpre, e.ip, e.fd)) if e.xpre else ("%s,%s" % (e.ip, e.fd))


def iso_ms(t):
    ms = int(round(t * 1000))
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + ".%03dZ" % (ms % 1000)


def envoy_line(e, aux):
    rid = rid_of(aux[0])
    pod_ip, pod_port = KONG_PODS[aux[4]]
    if e.flags == "DC":
        code, flags, details, up = "0", "DC", "downstream_remote_disconnect", "-"
    else:
        code, flags, details, up = str(e.status), "-", "via_upstream", str(e.up)
    return ('[%s] "%s %s HTTP/1.1" %s %s %s - "-" %d %d %d %s "%s" "%s" "%s" "%s" "%s:%d" %s %s:%d %s:8443 %s:%d %s %s'
            % (iso_ms(e.t), e.method, e.path, code, flags, details, e.rx, 0 if e.flags == "DC" else e.tx, e.dur, up,
               xff(e), e.ua or "-", rid, W.HOST, pod_ip, pod_port, CLUSTER, GW_IP, aux[2], GW_IP, e.fd, aux[3],
               W.HOST, ROUTE_NAME))


def _query(path):
    if "?" not in path:
        return {}
    from urllib.parse import unquote_plus
    q = {}
    for part in path.split("?", 1)[1].split("&"):
        if not part:
            continue
        if "=" in part:
            k, v = part.split("=", 1)
            k, v = unquote_plus(k), unquote_plus(v)
        else:
            k, v = unquote_plus(part), True
        if k in q:
            q[k] = (q[k] if isinstance(q[k], list) else [q[k]]) + [v]
        else:
            q[k] = v
    return q


CH_PLATFORM = {"Windows": '"Windows"', "Macintosh": '"macOS"', "CrOS": '"Chrome OS"', "Android": '"Android"',
               "X11; Linux": '"Linux"'}


def req_headers(e, aux, route):
    h = {"host": W.HOST, "x-request-id": rid_of(aux[0]), "x-forwarded-for": xff(e), "x-forwarded-proto": "https",
         "x-envoy-external-address": e.ip, "x-envoy-attempt-count": "1"}
    if e.ip != e.fd:
        h["x-azure-clientip"] = e.ip
        h["x-azure-fdid"] = FDID
        h["x-azure-ref"] = "20%s-r%012x%s" % (time.strftime("%y%m%dT%H%M%SZ", time.gmtime(int(e.t))), aux[5] % (1 << 48),
                                              "-1c5c%07x" % (aux[5] >> 40))
        h["x-forwarded-host"] = W.HOST
    if e.ua:
        h["user-agent"] = e.ua
    k = e.kind
    if k in ("chrome", "edge", "firefox", "safari"):
        if route == "spa" and e.ctype.startswith("text/html"):
            h["accept"] = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
        elif route == "spa":
            h["accept"] = "*/*"
        else:
            h["accept"] = "application/json, text/plain, */*"
        h["accept-encoding"] = "gzip, deflate, br, zstd" if k in ("chrome", "edge") else "gzip, deflate, br"
        if e.lang:
            h["accept-language"] = e.lang
        if k in ("chrome", "edge"):
            ver = e.ua.split("Chrome/")[1].split(".")[0]
            brand = '"Microsoft Edge";v="%s"' % ver if k == "edge" else '"Google Chrome";v="%s"' % ver
            h["sec-ch-ua"] = '"Not-A.Brand";v="24", "Chromium";v="%s", %s' % (ver, brand)
            h["sec-ch-ua-mobile"] = "?1" if "Mobile" in e.ua else "?0"
            h["sec-ch-ua-platform"] = next((v for key, v in CH_PLATFORM.items() if key in e.ua), '"Linux"')
    elif e.ua and e.ua.startswith("python-requests"):
        h["accept"], h["accept-encoding"] = "*/*", "gzip, deflate"
    elif e.ua and not e.ua.startswith("Edge Health"):
        h["accept"] = "application/json" if route in ("partner-v1", "api") else "*/*"
    if e.ref:
        h["referer"] = e.ref
    if e.auth == "cookie":
        c = []
        if e.csrf:
            c.append("csrftoken=" + e.csrf)
        if e.sid:
            c.append("sessionid=" + e.sid)
        if c:
            h["cookie"] = "; ".join(c)
    elif e.auth in ("bearer", "token"):
        h["authorization"] = "REDACTED"
    if e.hdr:
        h.update(e.hdr)
    if e.method in ("POST", "PATCH", "PUT") and e.kind != "script":
        h["origin"] = "https://" + W.HOST
    if e.rx:
        h["content-length"] = str(e.rx)
    return h
