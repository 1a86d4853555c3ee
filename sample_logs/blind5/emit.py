"""Serialise internal request events as pino-http or Envoy JSON access-log lines."""
import datetime as _dt
import json

from .session import (T, DUR, METHOD, PATH, STATUS, SENT, RECV, IP, PORT, UA, REF, UPINO, UENV, STATIC, XFF,
                      PROTO, CTYPE, FLAGS, RID, HOST)

UTC = _dt.timezone.utc
PODS = [("sesame-api-7c9d8b6f4-k2x9p", 7, "10.42.1.17", "::ffff:127.0.0.1"),
        ("sesame-api-7c9d8b6f4-qm4tz", 7, "10.42.3.9", "::ffff:127.0.0.1"),
        ("sesame-api-7c9d8b6f4-w8rjd", 8, "10.42.2.31", "127.0.0.1")]
S3 = "52.218.%d.%d:443"
ACCEPT_JSON = "application/json, text/plain, */*"
_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def _pod(ev):
    return PODS[int(ev[RID][:2], 16) % len(PODS)]


def pino_line(ev):
    host, pid, _, loop = _pod(ev)
    st = ev[STATUS]
    xff = ev[IP] if not ev[XFF] else "%s, %s" % (ev[XFF], ev[IP])
    hdr = {"host": HOST, "x-request-id": ev[RID], "x-forwarded-for": xff, "x-forwarded-proto": "https",
           "x-envoy-external-address": ev[IP], "user-agent": ev[UA],
           "accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" if ev[CTYPE].startswith("text/html")
           else (ACCEPT_JSON if ev[REF] != "-" else "*/*")}
    if ev[REF] and ev[REF] != "-":
        hdr["referer"] = ev[REF]
    if ev[METHOD] in ("POST", "PUT", "PATCH"):
        hdr["content-type"] = "application/json"
        hdr["content-length"] = str(ev[RECV])
    if ev[UENV]:
        hdr["x-auth-user"] = ev[UENV]
    rt = max(1, int(ev[DUR] - 1.5))
    rh = {"x-powered-by": "Express", "content-type": ev[CTYPE]}
    if st != 304 and st != 204:
        rh["content-length"] = str(ev[SENT])
    rec = {"level": 30 if st < 400 else (40 if st < 500 else 50),
           "time": int((ev[T] + ev[DUR] / 1000.0) * 1000), "pid": pid, "hostname": host,
           "req": {"id": ev[RID], "method": ev[METHOD], "url": ev[PATH], "headers": hdr,
                   "remoteAddress": loop, "remotePort": 30000 + (ev[PORT] * 7) % 30000},
           "res": {"statusCode": st, "headers": rh}, "responseTime": rt}
    if ev[UPINO]:
        rec["user"] = ev[UPINO]
    rec["msg"] = "request completed" if st < 500 else "request errored"
    return _dumps(rec)


def envoy_line(ev):
    dt = _dt.datetime.fromtimestamp(ev[T], UTC)
    st = dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (dt.microsecond // 1000)
    static = ev[STATIC]
    if static:
        up = S3 % (ev[PORT] % 200 + 10, ev[PORT] % 250 + 1)
        cluster = "sesame-static-bucket"
    else:
        up = "%s:3000" % _pod(ev)[2]
        cluster = "outbound|3000||sesame-api.sped.svc.cluster.local"
    fl = ev[FLAGS]
    code = ev[STATUS]
    if fl != "-":
        up, ust = None, None
    else:
        ust = str(max(1, int(ev[DUR] - 1.5)))
    rec = {"start_time": st, "method": ev[METHOD], "path": ev[PATH], "protocol": ev[PROTO],
           "response_code": code, "response_flags": fl,
           "response_code_details": "via_upstream" if fl == "-" else "no_healthy_upstream",
           "bytes_received": ev[RECV] if ev[METHOD] in ("POST", "PUT", "PATCH") else 0,
           "bytes_sent": ev[SENT] if code not in (204, 304) else 0, "duration": max(1, int(ev[DUR] + 0.5)),
           "upstream_service_time": ust, "x_forwarded_for": ev[XFF], "user_agent": ev[UA],
           "request_id": ev[RID], "authority": HOST, "upstream_host": up, "upstream_cluster": cluster,
           "downstream_remote_address": "%s:%d" % (ev[IP], ev[PORT]),
           "downstream_local_address": "10.42.0.5:8443", "route_name": "static" if static else "api",
           "user": ev[UENV] or "-"}
    return _dumps(rec)
