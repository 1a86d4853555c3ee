"""Strict parsers of the two formats. parse_line(fmt, text) -> ("req", rec) | ("other", None) | None (malformed).
rec: dict(t_ms, ip, method, path, status, ua, user) where user is the account name as the log writes it."""
import json
import re

APIGW_KEYS = ["requestId", "ip", "requestTime", "requestTimeEpoch", "httpMethod", "routeKey", "path", "status",
              "protocol", "responseLength", "integrationLatency", "userAgent", "jwtEmail"]
RE_RID = re.compile(r"^[A-Za-z0-9]{15}=$")
RE_IP = re.compile(r"^(\d{1,3}\.){3}\d{1,3}$|^[0-9a-f:]+$")
RE_CLF = re.compile(r"^(\d{2})/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/(\d{4}):(\d{2}):(\d{2}):(\d{2}) \+0000$")
RE_ROUTE = re.compile(r"^(-|\$default|(GET|POST|ANY|PUT|DELETE|PATCH) /\S*)$")
RE_EMAIL = re.compile(r"^[a-z0-9.\-]+@[a-z0-9.\-]+\.[a-z]+$")
METHODS = {"GET", "POST", "OPTIONS", "HEAD", "PUT", "DELETE", "PATCH"}
MON = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}
APP_REQ_KEYS = ["lvl", "time", "pid", "hostname", "reqId", "req", "res", "responseTime", "uid", "gqlOp", "msg"]


def _epoch_from_clf(m):
    import calendar
    d, mon, y, hh, mm, ss = m.groups()
    return calendar.timegm((int(y), MON[mon], int(d), int(hh), int(mm), int(ss), 0, 0, 0))


def parse_apigw(text):
    try:
        o = json.loads(text)
    except ValueError:
        return None
    if not isinstance(o, dict) or list(o) != APIGW_KEYS or not all(isinstance(v, str) for v in o.values()):
        return None
    m = RE_CLF.match(o["requestTime"])
    if not (RE_RID.match(o["requestId"]) and RE_IP.match(o["ip"]) and m and o["requestTimeEpoch"].isdigit()
            and len(o["requestTimeEpoch"]) == 13 and o["httpMethod"] in METHODS and RE_ROUTE.match(o["routeKey"])
            and o["path"].startswith("/") and o["status"].isdigit() and len(o["status"]) == 3
            and o["protocol"] in ("HTTP/1.1", "HTTP/2.0") and o["responseLength"].isdigit()
            and (o["integrationLatency"] == "-" or o["integrationLatency"].isdigit()) and o["userAgent"]
            and (o["jwtEmail"] == "-" or RE_EMAIL.match(o["jwtEmail"]))):
        return None
    t_ms = int(o["requestTimeEpoch"])
    if t_ms // 1000 != _epoch_from_clf(m):
        return None
    return {"t_ms": t_ms, "ip": o["ip"], "method": o["httpMethod"], "path": o["path"], "status": int(o["status"]),
            "ua": o["userAgent"], "user": None if o["jwtEmail"] == "-" else o["jwtEmail"]}


def parse_app(text):
    try:
        o = json.loads(text)
    except ValueError:
        return None
    if not isinstance(o, dict):
        return None
    head = ("lvl", "time", "pid", "hostname")
    if list(o)[:4] != list(head) or list(o)[-1] != "msg" or not isinstance(o["msg"], str):
        return None
    if not (isinstance(o["lvl"], int) and o["lvl"] in (10, 20, 30, 40, 50, 60) and isinstance(o["time"], int)
            and len(str(o["time"])) == 13 and isinstance(o["pid"], int) and isinstance(o["hostname"], str)):
        return None
    if o["msg"] != "request completed":
        return "other"
    if list(o) != APP_REQ_KEYS:
        return None
    req, res = o["req"], o["res"]
    try:
        ok = (isinstance(o["reqId"], int) and list(req) == ["method", "url", "remoteAddress", "headers"]
              and req["method"] in METHODS and req["url"].startswith("/") and RE_IP.match(req["remoteAddress"])
              and list(req["headers"]) == ["user-agent"] and isinstance(req["headers"]["user-agent"], str)
              and list(res) == ["statusCode"] and isinstance(res["statusCode"], int)
              and isinstance(o["responseTime"], int) and (o["uid"] is None or isinstance(o["uid"], int))
              and (o["gqlOp"] is None or isinstance(o["gqlOp"], str)))
    except (TypeError, AttributeError):
        return None
    if not ok:
        return None
    return {"t_ms": o["time"], "ip": req["remoteAddress"], "method": req["method"], "path": req["url"].split("?")[0],
            "status": res["statusCode"], "ua": req["headers"]["user-agent"],
            "user": None if o["uid"] is None else str(o["uid"]), "op": o["gqlOp"]}


def parse_line(fmt, text):
    if fmt == "apigw":
        r = parse_apigw(text)
        return None if r is None else ("req", r)
    r = parse_app(text)
    if r is None:
        return None
    return ("other", None) if r == "other" else ("req", r)
