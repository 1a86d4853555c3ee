"""Render events as OTLP/JSON collector batches or Application Gateway access records; damage a few lines."""
import json
import random
from .world import HOST

SCOPE_REQ = "Microsoft.AspNetCore.Hosting.Diagnostics"
RG = ("/SUBSCRIPTIONS/7F3C2A91-5B4E-4D8A-9C61-2E0B8F4D7A13/RESOURCEGROUPS/RG-KSEDS-RECORDS-PROD/PROVIDERS/"
      "MICROSOFT.NETWORK/APPLICATIONGATEWAYS/AGW-KSEDS-RECORDS-PROD")
POD_HASH = "records-web-7c5d9f8b6-"
PODS = (("x2kqp", "10.244.1.23", "aks-apppool-41893275-vmss000000"), ("m7tzr", "10.244.2.41", "aks-apppool-41893275-vmss000001"),
        ("b9wfd", "10.244.3.17", "aks-apppool-41893275-vmss000002"), ("h4nlc", "10.244.1.58", "aks-apppool-41893275-vmss000000"),
        ("q8wzt", "10.244.2.66", "aks-apppool-41893275-vmss000001"))  # q8wzt replaces m7tzr mid-window


def pods_for(events, seed, t0, t1):
    """Pod index for each event (app events only matter); pod 1 is replaced by pod 4 at t_restart."""
    rng = random.Random(seed * 31 + 7)
    t_restart = t0 + (t1 - t0) * rng.uniform(0.3, 0.4)
    out = []
    for e in events:
        k = rng.randrange(4)
        if k == 1 and e[0] >= t_restart:
            k = 4
        out.append(k)
    return out, t_restart


def _kv(k, v):
    return '{"key":%s,"value":{"stringValue":%s}}' % (json.dumps(k), json.dumps(v))


def _resource(i):
    name, ip, node = PODS[i]
    pod = POD_HASH + name
    attrs = [("service.name", "records-web"), ("service.version", "9.4.2+a41c7e0"), ("service.instance.id", pod),
             ("k8s.namespace.name", "records-prod"), ("k8s.pod.name", pod), ("k8s.node.name", node),
             ("deployment.environment.name", "production"), ("telemetry.sdk.language", "dotnet"),
             ("telemetry.sdk.version", "1.12.0")]
    return '{"attributes":[%s]}' % ",".join(_kv(k, v) for k, v in attrs)


def _req_record(e, rng):
    t, method, path, query, status, nbytes, ctype, dur, ip, port, ua, route, user = e[:13]
    ns = int((t + dur / 1000.0) * 1e6) * 1000 + rng.randrange(1000)
    url = "https://%s%s%s" % (HOST, path, "?" + query if query else "")
    clen = "-" if status == 204 else str(nbytes)
    body = "Request finished HTTP/1.1 %s %s - %d %s %s %.4fms" % (method, url, status, clen, ctype, dur)
    a = [_kv("http.request.method", method), _kv("url.scheme", "https"), _kv("url.path", path)]
    if query:
        a.append(_kv("url.query", query))
    if route != "-":
        a.append(_kv("http.route", route))
    a.append('{"key":"http.response.status_code","value":{"intValue":"%d"}}' % status)
    a += [_kv("server.address", HOST), _kv("client.address", ip), _kv("user_agent.original", ua),
          _kv("network.protocol.version", "1.1")]
    if user:
        a.append(_kv("enduser.id", user))
    return ns, ('{"timeUnixNano":"%d","observedTimeUnixNano":"%d","severityNumber":9,"severityText":"Information",'
                '"body":{"stringValue":%s},"attributes":[%s],"flags":1,"traceId":"%032x","spanId":"%016x"}'
                % (ns, ns + rng.randint(15000, 900000), json.dumps(body), ",".join(a), rng.getrandbits(128),
                   rng.getrandbits(64)))


def _other_record(ns, sev, text, attrs, rng):
    sn = {"Information": 9, "Warning": 13, "Error": 17}[sev]
    a = ",".join(_kv(k, v) for k, v in attrs)
    return ('{"timeUnixNano":"%d","observedTimeUnixNano":"%d","severityNumber":%d,"severityText":"%s",'
            '"body":{"stringValue":%s},"attributes":[%s]}' % (ns, ns + rng.randint(15000, 900000), sn, sev,
                                                               json.dumps(text), a))


EF = ("Compiling a query which loads related collections for more than one collection navigation, either via 'Include' "
      "or through projection, but no 'QuerySplittingBehavior' has been configured. By default, Entity Framework will use "
      "'QuerySplittingBehavior.SingleQuery', which can potentially result in slow query performance. See "
      "https://go.microsoft.com/fwlink/?linkid=2134277 for more information. To identify the query that's triggering "
      "this warning call 'ConfigureWarnings(w => w.Throw(RelationalEventId.MultipleCollectionIncludeWarning))'.")


def other_records(seed, t0, t1, t_restart):
    """(time, pod, scope, ns, json) of non-request records: lifetime, EF Core, health checks, cleanup job."""
    rng = random.Random(seed * 31 + 11)
    out = []

    def add(t, pod, scope, sev, text, attrs=()):
        ns = int(t * 1e6) * 1000 + rng.randrange(1000)
        out.append((t, pod, scope, _other_record(ns, sev, text, list(attrs), rng)))

    add(t_restart - 2.0, 1, "Microsoft.Hosting.Lifetime", "Information", "Application is shutting down...")
    for i, m in enumerate(("Now listening on: http://[::]:8080", "Application started. Press Ctrl+C to shut down.",
                           "Hosting environment: Production", "Content root path: /app")):
        add(t_restart - 1.5 + i * 0.004, 4, "Microsoft.Hosting.Lifetime", "Information", m)
    add(t_restart + rng.uniform(1, 30), 4, "Microsoft.EntityFrameworkCore.Query", "Warning", EF,
        [("EventId.Id", "20504"), ("EventId.Name", "Microsoft.EntityFrameworkCore.Query.MultipleCollectionIncludeWarning")])
    for _ in range(int((t1 - t0) / 86400 * 10)):
        t = rng.uniform(t0, t1)
        pod = rng.randrange(4)
        pod = 4 if pod == 1 and t >= t_restart else pod
        ms = rng.uniform(1800, 6500)
        add(t, pod, "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", "Warning",
            "Health check sqlserver with status Degraded completed after %.4fms with message 'Response time above 1500 ms'" % ms,
            [("HealthCheckName", "sqlserver"), ("HealthStatus", "Degraded"), ("ElapsedMilliseconds", "%.4f" % ms)])
    t = t0 + rng.uniform(60, 3000)
    while t < t1:
        n = rng.randint(0, 40)
        add(t, 0 if t < t_restart else 4 if rng.random() < 0.5 else 0, "KSEDS.Records.Jobs.ExportCleanupService",
            "Information", "Export cleanup removed %d expired export files (%.1f MB)" % (n, n * rng.uniform(0.4, 9)),
            [("RemovedCount", str(n))])
        t += 3600 + rng.uniform(-20, 20)
    return out


def render_otel(events, pods, others, seed):
    """Returns (lines as str, per-line list of event indices)."""
    rng = random.Random(seed * 31 + 13)
    phase = [rng.uniform(0, 1) for _ in PODS]
    res = [_resource(i) for i in range(len(PODS))]
    items = []  # (emit time, pod, scope, ns, json, event index or -1)
    for i, e in enumerate(events):
        if e[13] != "app":
            continue
        ns, js = _req_record(e, rng)
        items.append((ns / 1e9, pods[i], SCOPE_REQ, js, i))
    for t, pod, scope, js in others:
        items.append((t, pod, scope, js, -1))
    items.sort(key=lambda x: (x[1], x[0]))
    batches = {}  # window -> list of (arrival, pod, [items])
    cur, cur_key, count = None, None, 0
    for it in items:
        pod = it[1]
        k = int((it[0] - phase[pod]) // 1.0) + 1
        if (pod, k) != cur_key or count >= 512:
            arrival = phase[pod] + k + rng.uniform(0.003, 0.08) + (0.001 * count if count >= 512 else 0)
            cur = []
            batches.setdefault(int(arrival // 1.0), []).append((arrival, pod, cur))
            cur_key, count = (pod, k), 0
        cur.append(it)
        count += 1
    lines, idx = [], []
    for w in sorted(batches):
        rl, evs = [], []
        for arrival, pod, its in sorted(batches[w], key=lambda b: (b[0], b[1])):
            scopes = {}
            for it in its:
                scopes.setdefault(it[2], []).append(it[3])
                if it[4] >= 0:
                    evs.append(it[4])
            sl = ",".join('{"scope":{"name":%s},"logRecords":[%s]}' % (json.dumps(s), ",".join(r)) for s, r in scopes.items())
            rl.append('{"resource":%s,"scopeLogs":[%s]}' % (res[pod], sl))
        lines.append('{"resourceLogs":[%s]}' % ",".join(rl))
        idx.append(evs)
    return lines, idx


def _esc(s):
    return json.dumps(s).replace("/", "\\/")


def render_appgw(events, pods, seed):
    from .world import iso_utc
    rng = random.Random(seed * 31 + 17)
    recs = []
    for i, e in enumerate(events):
        t, method, path, query, status, nbytes, ctype, dur, ip, port, ua, route, user, kind, reqb, proto = e[:16]
        tls13 = proto == "HTTP/2.0" or rng.random() < 0.7
        if kind == "waf":
            pool, setting, routed, sst, lat, taken = "bp-records-aks", "bs-records-aks-8080", "-", "-", "-", rng.uniform(0.001, 0.004)
        elif kind == "asset":
            pool, setting = "bp-static-blob", "bs-static-blob-https"
            routed, sst = "20.150.%d.%d:443" % (34, 97), str(status)
            lat = dur / 1000 + 0.002
            taken = lat + rng.uniform(0.001, 0.03)
        else:
            pool, setting = "bp-records-aks", "bs-records-aks-8080"
            routed, sst = "%s:8080" % PODS[pods[i]][1], str(status)
            lat = dur / 1000 + rng.uniform(0.0005, 0.003)
            taken = lat + rng.uniform(0.001, 0.04)
        uri = path + ("?" + query if query else "")
        p = ('{"instanceId":"appgw_%d","clientIP":"%s","clientPort":%d,"httpMethod":"%s","originalRequestUriWithArgs":%s,'
             '"requestUri":%s,"requestQuery":%s,"userAgent":%s,"httpStatus":%d,"httpVersion":"%s","receivedBytes":%d,'
             '"sentBytes":%d,"clientResponseTime":%d,"timeTaken":%.3f,"WAFEvaluationTime":"%s","WAFMode":"Prevention",'
             '"transactionId":"%032x","sslEnabled":"on","sslCipher":"%s","sslProtocol":"%s","sslClientVerify":"NONE",'
             '"sslClientCertificateFingerprint":"","sslClientCertificateIssuerName":"","serverRouted":"%s",'
             '"serverStatus":"%s","serverResponseLatency":"%s","upstreamSourcePort":"%s","originalHost":"%s",'
             '"host":"%s","error_info":"ERRORINFO_NO_ERROR"}') % (
            (port + i) % 2, ip, port, method, _esc(uri), _esc(path), _esc(query), _esc(ua), status, proto, reqb,
            nbytes + rng.randint(220, 640), 1 if rng.random() < 0.04 else 0, taken, "0.001" if rng.random() < 0.3 else "0.000",
            rng.getrandbits(128), "TLS_AES_256_GCM_SHA384" if tls13 else "ECDHE-RSA-AES256-GCM-SHA384",
            "TLSv1.3" if tls13 else "TLSv1.2", routed, sst, lat if lat == "-" else "%.3f" % lat,
            "-" if kind == "waf" else str(rng.randint(20000, 60999)), HOST, HOST)
        line = ('{ "time": "%sZ", "resourceId": "%s", "listenerName": "lst-records-https", "ruleName": "rule-records-paths", '
                '"backendPoolName": "%s", "backendSettingName": "%s", "operationName": "ApplicationGatewayAccess", '
                '"category": "ApplicationGatewayAccessLog", "properties": %s}') % (iso_utc(t), RG, pool, setting, p)
        recs.append((t + taken + rng.uniform(0, 20), line, i))
    recs.sort(key=lambda r: r[0])
    return [r[1] for r in recs], [[r[2]] for r in recs]


def damage(lines, seed):
    """Damage 5-8 lines in place (as bytes). Returns sorted 0-based indices."""
    rng = random.Random(seed * 31 + 19)
    k = rng.randint(5, 8)
    picks = sorted(rng.sample(range(len(lines)), k))
    out = [l.encode() for l in lines]
    for j, i in enumerate(picks):
        b = out[i]
        mode = j % 4
        if mode == 0:
            b = b[:rng.randint(10, max(11, len(b) - 5))]
        elif mode == 1:
            b = b"\x00" * rng.randint(16, 4096) + b[rng.randint(0, len(b) // 2):]
        elif mode == 2:
            cut = rng.randint(1, len(b) - 2)
            junk = bytes(rng.choice([x for x in range(256) if x not in (10, 13)]) for _ in range(rng.randint(8, 64)))
            b = b[:cut] + b"\xff" + junk + b[cut:]
        else:
            b = b[:rng.randint(len(b) // 3, len(b) - 3)] + b"\xef\xbf"
        out[i] = b
    return out, picks
