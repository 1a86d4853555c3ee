"""Builders of small, synthetic log lines in the formats of cloud load balancers, CDNs and proxies.

Every builder writes one request (a :class:`Req`) the way that product logs
it, from the product's documented field layout: the tests read the lines
back and expect the same record whatever the format.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone

import pandas as pd

UTC = timezone.utc
HOST = "sis.example.org"


@dataclass(frozen=True)
class Req:
    """One request, as every format should read it back."""

    ip: str = "203.0.113.5"
    ts: datetime = datetime(2026, 9, 14, 15, 0, 1, 123456, tzinfo=UTC)
    method: str = "GET"
    path: str = "/students/42"
    query: str = "term=F"
    status: int = 200
    nbytes: int = 5123
    ua: str = "Mozilla/5.0 (X11; Linux x86_64)"
    referer: str = "https://sis.example.org/home"
    user: str = "jdoe"  # only the formats that log an authenticated user carry it

    @property
    def target(self) -> str:
        return f"{self.path}?{self.query}" if self.query else self.path

    @property
    def iso(self) -> str:
        return self.ts.strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    @property
    def stamp(self) -> pd.Timestamp:
        return pd.Timestamp(self.ts)


def gcp(r: Req) -> str:
    """Google Cloud HTTP(S) load balancer entry, as Cloud Logging exports it."""
    return json.dumps({
        "insertId": "1x2y3z", "logName": "projects/p/logs/requests", "severity": "INFO",
        "httpRequest": {"requestMethod": r.method, "requestUrl": f"https://{HOST}{r.target}", "status": r.status,
                        "responseSize": str(r.nbytes), "userAgent": r.ua, "remoteIp": r.ip, "referer": r.referer,
                        "serverIp": "10.0.0.1", "latency": "0.030s", "protocol": "HTTP/1.1"},
        "resource": {"type": "http_load_balancer", "labels": {"forwarding_rule_name": "fr"}},
        "timestamp": r.iso, "receiveTimestamp": "2026-09-14T15:00:02.5Z",
    })


def cloudflare(r: Req, unix_nano: bool = False) -> str:
    """Cloudflare Logpush ``http_requests`` record (RFC 3339 or Unix-nanosecond timestamps)."""
    when: object = int(r.ts.timestamp()) * 1_000_000_000 + r.ts.microsecond * 1000 if unix_nano else \
        r.ts.strftime("%Y-%m-%dT%H:%M:%SZ")
    return json.dumps({
        "ClientIP": r.ip, "ClientRequestHost": HOST, "ClientRequestMethod": r.method, "ClientRequestURI": r.target,
        "ClientRequestProtocol": "HTTP/2", "ClientRequestReferer": r.referer, "ClientRequestUserAgent": r.ua,
        "EdgeResponseBytes": r.nbytes, "EdgeResponseStatus": r.status, "OriginResponseStatus": 599,
        "EdgeStartTimestamp": when, "RayID": "7d1f0a2b3c4d5e6f",
    })


def azure_front_door(r: Req) -> str:
    """Azure Front Door (Standard/Premium) access log entry."""
    return json.dumps({
        "time": r.ts.strftime("%Y-%m-%dT%H:%M:%S.%f0Z"), "category": "FrontDoorAccessLog",
        "operationName": "Microsoft.Cdn/Profiles/AccessLog/Write",
        "properties": {"trackingReference": "0Tkx", "httpMethod": r.method, "httpVersion": "2.0.0.0",
                       "requestUri": f"https://{HOST}:443{r.target}", "hostName": HOST, "requestBytes": "312",
                       "responseBytes": str(r.nbytes), "userAgent": r.ua, "clientIp": r.ip, "clientPort": "50123",
                       "socketIp": r.ip, "timeToFirstByte": "0.010", "timeTaken": "0.030", "httpStatusCode": str(r.status),
                       "referer": r.referer, "cacheStatus": "MISS"},
    })


def azure_app_gateway(r: Req) -> str:
    """Azure Application Gateway (v2) access log entry."""
    return json.dumps({
        "timeStamp": r.ts.strftime("%Y-%m-%dT%H:%M:%S+00:00"), "time": r.ts.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "category": "ApplicationGatewayAccessLog", "operationName": "ApplicationGatewayAccess",
        "properties": {"instanceId": "appgw_1", "clientIP": r.ip, "clientPort": 50123, "httpMethod": r.method,
                       "requestUri": r.path, "originalRequestUriWithArgs": r.target,
                       "requestQuery": "X-AzureApplicationGatewayCacheKey=x", "userAgent": r.ua,
                       "httpStatus": r.status, "httpVersion": "HTTP/1.1", "receivedBytes": 312, "sentBytes": r.nbytes,
                       "timeTaken": 0.030, "sslEnabled": "on", "host": HOST, "originalHost": HOST},
    })


def envoy(r: Req) -> str:
    """Envoy / Istio access log with the default JSON keys."""
    return json.dumps({
        "start_time": r.ts.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z", "method": r.method, "path": r.target,
        "protocol": "HTTP/1.1", "response_code": r.status, "response_flags": "-", "bytes_received": 0,
        "bytes_sent": r.nbytes, "duration": 30, "upstream_service_time": "28", "x_forwarded_for": None,
        "user_agent": r.ua, "request_id": "5f6e", "authority": HOST, "upstream_host": "10.0.0.1:8080",
        "downstream_remote_address": f"{r.ip}:51234", "referer": r.referer,
    })


def alb(r: Req) -> str:
    """AWS Application Load Balancer access log line."""
    return (f'https {r.iso} app/my-lb/50dc6c495c0c9188 {r.ip}:2817 10.0.0.1:80 0.001 0.028 0.001 {r.status} {r.status} '
            f'34 {r.nbytes} "{r.method} https://{HOST}:443{r.target} HTTP/1.1" "{r.ua}" ECDHE-RSA-AES128-GCM-SHA256 '
            f'TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/tg/73e2d6bc24d8a067 '
            f'"Root=1-58337262-36d228ad5d99923122bbe354" "{HOST}" "arn:aws:acm:us-east-2:123456789012:certificate/1" 0 '
            f'{r.iso} "forward" "-" "-" "10.0.0.1:80" "{r.status}" "-" "-"')


def elb(r: Req) -> str:
    """AWS Classic Load Balancer access log line."""
    return (f'{r.iso} my-classic-lb {r.ip}:2817 10.0.0.1:80 0.001 0.028 0.001 {r.status} {r.status} 0 {r.nbytes} '
            f'"{r.method} http://{HOST}:80{r.target} HTTP/1.1" "{r.ua}" - -')


def haproxy(r: Req, prefix: str = "syslog") -> str:
    """HAProxy ``option httplog`` line with captured Host, User-Agent and Referer request headers."""
    head = {"syslog": f"{r.ts:%b %d %H:%M:%S} lb1 haproxy[1234]: ", "tag": "haproxy[1234]: ", "none": ""}[prefix]
    return (f"{head}{r.ip}:51234 [{r.ts:%d/%b/%Y:%H:%M:%S}.{r.ts.microsecond // 1000:03d}] https-in~ app/web1 "
            f"0/0/1/28/30 {r.status} {r.nbytes} - - ---- 3/3/1/1/0 0/0 {{{HOST}|{r.ua}|{r.referer}}} "
            f'"{r.method} {r.target} HTTP/1.1"')


CLOUDFRONT_FIELDS = ("date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) "
                     "cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header "
                     "cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher "
                     "x-edge-response-result-type cs-protocol-version")
CLOUDFRONT_HEADER = ["#Version: 1.0", f"#Fields: {CLOUDFRONT_FIELDS}"]


def cloudfront(r: Req) -> str:
    """AWS CloudFront standard log data line (tab-separated, user agent percent-encoded)."""
    ua = r.ua.replace(" ", "%20").replace(";", "%3B")
    return "\t".join([
        f"{r.ts:%Y-%m-%d}", f"{r.ts:%H:%M:%S}", "LAX3-C4", str(r.nbytes), r.ip, r.method, "d111111abcdef8.cloudfront.net",
        r.path, str(r.status), r.referer, ua, r.query or "-", f"theme=dark;%20session_id=cf-{r.ip.rsplit('.', 1)[-1]}", "Miss",
        "SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==", HOST, "https", "312", "0.030", "-", "TLSv1.3",
        "TLS_AES_128_GCM_SHA256", "Miss", "HTTP/2.0",
    ])


def traffic(n_clients: int = 3, per_client: int = 40, net: int = 100) -> list[Req]:
    """A few clients (in ``198.51.<net>.0/24``), each reading a run of records one a second, in time order."""
    start = datetime(2026, 9, 14, 15, 0, 0, tzinfo=UTC)
    reqs = []
    for c in range(n_clients):
        for i in range(per_client):
            reqs.append(Req(ip=f"198.51.{net}.{10 + c}", ts=start + timedelta(minutes=5 * c, seconds=i),
                            path=f"/students/{1000 * c + i}", ua=f"python-requests/2.{c}", query="", user=f"staff{c}"))
    return sorted(reqs, key=lambda r: r.ts)


#: The header row of Azure Log Analytics' "Export to CSV (all columns)" of ``AppServiceHTTPLogs``.
AZURE_CSV_HEADER = ["TenantId,TimeGenerated [UTC],Category,CsMethod,CsUriStem,SPort,CIp,UserAgent,CsHost,ScStatus,"
                    "ScSubStatus,ScWin32Status,ScBytes,CsBytes,TimeTaken,Result,Cookie,CsUriQuery,CsUsername,Referer,"
                    "ComputerName,_ResourceId,SourceSystem,Type"]


def azure_csv(r: Req) -> str:
    """A row of that export: US-locale time, quoted where a value holds a comma."""
    hour = r.ts.hour % 12 or 12
    when = f"{r.ts:%m/%d/%Y}, {hour}:{r.ts:%M:%S}.{r.ts.microsecond // 1000:03d} {'AM' if r.ts.hour < 12 else 'PM'}"
    ua = f'"{r.ua}"' if "," in r.ua else r.ua
    return (f'9f3c0b5e-1111-4c1a-9d0e-2b6f0c1d2e3f,"{when}",AppServiceHTTPLogs,{r.method},{r.path},443,{r.ip},{ua},'
            f'{HOST},{r.status},0,0,{r.nbytes},512,30,Success,ARRAffinity=1f2e;ASP.NET_SessionId=s{r.ip[-2:]},'
            f'{r.query},{r.user},{r.referer},RD0003FF,/SUBSCRIPTIONS/X/SITES/SIS,Hydra,AppServiceHTTPLogs')


def vhost_combined(r: Req) -> str:
    """Apache ``vhost_combined`` line (Debian's other_vhosts_access.log), local time at -07:00."""
    local = r.ts.astimezone(timezone(timedelta(hours=-7)))
    return (f'{HOST}:443 {r.ip} - {r.user} [{local:%d/%b/%Y:%H:%M:%S %z}] "{r.method} {r.target} HTTP/1.1" {r.status} '
            f'{r.nbytes} "{r.referer}" "{r.ua}"')


__all__ = ["AZURE_CSV_HEADER", "CLOUDFRONT_HEADER", "HOST", "Req", "alb", "azure_csv", "azure_app_gateway", "azure_front_door", "cloudflare",
           "cloudfront", "elb", "envoy", "gcp", "haproxy", "replace", "traffic", "vhost_combined"]
