"""Render format-neutral events as Cloudflare Logpush or Google Cloud LB log lines."""
import datetime as dt
import json
import zlib

from . import world as W

ZONE = "sde.example.gov"
PROJECT = "sde-cairn-prod"
PROJECT_NO = "483920117235"
CF_PROTO = {"1.1": "HTTP/1.1", "2": "HTTP/2", "3": "HTTP/3"}
GCP_PROTO = {"1.1": "HTTP/1.1", "2": "HTTP/2.0", "3": "HTTP/2.0"}   # QUIC is not enabled on the GCP LB
LB_TYPE = "type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry"
BACKENDS = [f"10.52.{i // 8}.{11 + i * 7 % 200}" for i in range(9)]


def sort_key(fmt):
    """Cloudflare writes a record when the request completes; the GCP entry is stamped at receipt."""
    return (lambda e: e[0] + e[1]) if fmt == "cloudflare" else (lambda e: e[0])


def _bot_score(r, hint):
    if hint == "v":
        return 1, "Verified Bot"
    if hint == "a":
        return r.randint(1, 2), "Heuristics"
    if hint == "s":            # automation in a real browser or with a copied UA: the model is unsure
        return r.randint(8, 75), "Machine Learning"
    return (r.randint(30, 99) if r.random() > 0.05 else r.randint(2, 29)), "Machine Learning"


def cloudflare(e, r, info):
    t, dur, ip, m, uri, st, nb, ua, ref, user, _acct, cache, ct, reqb, proto, bot, sec, dev = e
    country, asn, colo = info[ip]
    static = cache != "dynamic"
    edge = 403 if sec else st
    origin = 0 if sec or cache == "hit" else (304 if cache == "revalidated" else st)
    ebytes = (5_200 if sec else nb) + 290 + (40 if user else 0)
    score, src = _bot_score(r, bot)
    vcat = "" if bot != "v" else ("Monitoring & Analytics" if "Uptime" in ua else "Search Engine Crawler")
    d = {"ClientIP": ip, "ClientRequestHost": W.HOST, "ClientRequestMethod": m, "ClientRequestURI": uri,
         "ClientRequestPath": uri.split("?", 1)[0], "ClientRequestProtocol": CF_PROTO[proto],
         "ClientRequestScheme": "https", "ClientRequestBytes": reqb, "ClientRequestUserAgent": ua,
         "ClientRequestReferer": ref, "ClientRequestSource": "eyeball", "ClientCountry": country, "ClientASN": asn,
         "ClientDeviceType": dev, "ClientSSLProtocol": "TLSv1.2" if proto == "1.1" and bot == "a" else "TLSv1.3",
         "EdgeStartTimestamp": int(t * 1e6) * 1000, "EdgeEndTimestamp": int((t + dur) * 1e6) * 1000,
         "EdgeResponseStatus": edge, "EdgeResponseBytes": ebytes,
         "EdgeResponseContentType": "text/html" if sec else ct, "EdgeColoCode": colo,
         "OriginResponseStatus": origin, "OriginResponseDurationMs": 0 if origin == 0 else max(1, int(dur * 920)),
         "CacheCacheStatus": "unknown" if sec else cache,
         "CacheResponseStatus": st if static and not sec else 0,
         "CacheResponseBytes": ebytes if static and not sec else 0,
         "RayID": "%016x" % r.getrandbits(64), "BotScore": score, "BotScoreSrc": src, "VerifiedBotCategory": vcat,
         "SecurityAction": sec or "unknown", "SecurityRuleID": "bm-stuffing-2941" if sec else "",
         "WorkerSubrequest": False, "ZoneName": ZONE,
         "ResponseHeaders": {"x-user-id": user} if user else {}}
    return json.dumps(d, separators=(",", ":"))


def _rfc3339(ts, digits=6):
    s = dt.datetime.fromtimestamp(int(ts), dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    frac = ("%.9f" % (ts - int(ts)))[2:2 + digits]
    return f"{s}.{frac}Z"


def gcp(e, r, info):
    t, dur, ip, m, uri, st, nb, ua, ref, _user, _acct, cache, ct, reqb, proto, bot, sec, dev = e
    status = 403 if sec else st
    hr = {"requestMethod": m, "requestUrl": f"https://{W.HOST}{uri}", "requestSize": str(reqb),
          "status": status, "responseSize": str((1_120 if sec else nb) + 260), "remoteIp": ip,
          "latency": "%.6fs" % dur, "protocol": GCP_PROTO[proto]}
    if ua:
        hr["userAgent"] = ua
    if ref:
        hr["referer"] = ref
    jp = {"@type": LB_TYPE, "remoteIp": ip}
    labels = {"project_id": PROJECT, "zone": "global", "url_map_name": "cairn-urlmap",
              "forwarding_rule_name": "cairn-https-fr", "target_proxy_name": "cairn-https-proxy"}
    if sec:
        jp["statusDetails"] = "denied_by_security_policy"
        jp["enforcedSecurityPolicy"] = {"name": "cairn-armor", "priority": 1100, "configuredAction": "DENY",
                                        "outcome": "DENY", "preconfiguredExprIds": []}
        labels["backend_service_name"] = "cairn-api-bs"
    elif cache != "dynamic":
        labels["backend_service_name"] = "cairn-static-bucket"
        hr["cacheLookup"] = True
        jp["cacheId"] = f"{info[ip][2]}-{zlib.crc32(info[ip][2].encode()) & 0xffffff:06x}"
        if cache == "hit":
            hr["cacheHit"] = True
            jp["statusDetails"] = "response_from_cache"
        else:
            if cache == "revalidated":
                hr["cacheValidatedWithOriginServer"] = True
            else:
                hr["cacheFillBytes"] = str(nb)
            jp["statusDetails"] = "response_sent_by_backend"
    else:
        labels["backend_service_name"] = "cairn-api-bs"
        hr["serverIp"] = BACKENDS[r.randrange(len(BACKENDS))]
        jp["statusDetails"] = "response_sent_by_backend"
        jp["backendTargetProjectNumber"] = f"projects/{PROJECT_NO}"
    d = {"httpRequest": hr, "insertId": "%013x" % r.getrandbits(52), "jsonPayload": jp,
         "logName": f"projects/{PROJECT}/logs/requests",
         "receiveTimestamp": _rfc3339(t + dur + r.uniform(0.3, 2.5), 9),
         "resource": {"labels": labels, "type": "http_load_balancer"},
         "severity": "ERROR" if status >= 500 else "WARNING" if status >= 400 else "INFO",
         "spanId": "%016x" % r.getrandbits(64), "timestamp": _rfc3339(t),
         "trace": f"projects/{PROJECT}/traces/{r.getrandbits(128):032x}"}
    return json.dumps(d, separators=(",", ":"), sort_keys=True)


RENDER = {"cloudflare": cloudflare, "gcp": gcp}
REQUIRED = {
    "cloudflare": ("ClientIP", "ClientRequestHost", "ClientRequestMethod", "ClientRequestURI", "ClientRequestProtocol",
                   "ClientRequestUserAgent", "ClientRequestReferer", "EdgeStartTimestamp", "EdgeEndTimestamp",
                   "EdgeResponseStatus", "OriginResponseStatus", "EdgeResponseBytes", "CacheCacheStatus",
                   "ClientCountry", "ClientASN", "RayID", "SecurityAction", "WorkerSubrequest", "ResponseHeaders"),
    "gcp": ("httpRequest", "timestamp", "receiveTimestamp", "severity", "resource", "jsonPayload", "logName",
            "insertId", "trace", "spanId"),
}
GCP_HTTP = ("requestMethod", "requestUrl", "requestSize", "status", "responseSize", "remoteIp", "latency", "protocol")
