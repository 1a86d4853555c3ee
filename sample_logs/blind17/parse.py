"""Strict parsers of both formats: a line is a header, a request record, or malformed (None)."""
import ipaddress
import json
import re
from urllib.parse import unquote

from .render import HEADER

RESULTS = {"Hit", "RefreshHit", "OriginShieldHit", "Miss", "LimitExceeded", "CapacityExceeded", "Error", "Redirect"}
DETAILED = RESULTS | {"ClientCommError", "AbortedOrigin", "OriginConnectError", "ClientGeoBlocked"}
METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{2}:\d{2}:\d{2}$")
_EDGE = re.compile(r"^[A-Z]{3}\d+-[A-Z0-9]+$")
_DEC = re.compile(r"^\d+\.\d{3}$")
_RID = re.compile(r"^[A-Za-z0-9_\-]{54}==$")
_IPS = {}


def valid_ip(s):
    ok = _IPS.get(s)
    if ok is None:
        try:
            ipaddress.ip_address(s)
            ok = True
        except ValueError:
            ok = False
        _IPS[s] = ok
    return ok


def cookies(header):
    """(pw_user login, pw_session id) from a raw Cookie header value."""
    user = sess = None
    if header:
        for part in header.split("; "):
            k, _, v = part.partition("=")
            if k == "pw_user":
                user = unquote(v)
            elif k == "pw_session":
                sess = v
    return user, sess


def cloudfront(line):
    if line.startswith("#"):
        return "header" if line in HEADER else None
    f = line.split("\t")
    if len(f) != 33:
        return None
    if not (_DATE.match(f[0]) and _TIME.match(f[1]) and _EDGE.match(f[2]) and f[3].isdigit() and valid_ip(f[4])
            and f[5] in METHODS and f[7].startswith("/") and len(f[8]) == 3 and f[8].isdigit()
            and f[13] in RESULTS and _RID.match(f[14]) and f[16] in ("http", "https") and f[17].isdigit()
            and _DEC.match(f[18]) and f[22] in RESULTS and f[23].startswith("HTTP/") and f[26].isdigit()
            and _DEC.match(f[27]) and f[28] in DETAILED and (f[19] == "-" or valid_ip(f[19]))):
        return None
    raw_cookie = None if f[12] == "-" else unquote(f[12])
    user, sess = cookies(raw_cookie)
    return {"ip": f[4], "method": f[5], "path": unquote(f[7]), "status": int(f[8]),
            "ref": None if f[9] == "-" else unquote(f[9]), "ua": None if f[10] == "-" else unquote(f[10]),
            "query": "" if f[11] == "-" else unquote(f[11]), "user": user, "session": sess,
            "ts": f[0] + " " + f[1]}


def waf_json(line):
    try:
        r = json.loads(line)
    except ValueError:
        return None
    if not isinstance(r, dict):
        return None
    try:
        h = r["httpRequest"]
        ok = (isinstance(r["timestamp"], int) and r["formatVersion"] == 1 and isinstance(r["webaclId"], str)
              and isinstance(r["terminatingRuleId"], str) and r["action"] in ("ALLOW", "BLOCK")
              and r["httpSourceName"] == "CF" and isinstance(r["httpSourceId"], str)
              and isinstance(r["ruleGroupList"], list) and isinstance(r["rateBasedRuleList"], list)
              and isinstance(r["nonTerminatingMatchingRules"], list) and valid_ip(h["clientIp"])
              and isinstance(h["country"], str) and isinstance(h["headers"], list) and h["uri"].startswith("/")
              and isinstance(h["args"], str) and h["httpVersion"].startswith("HTTP/") and h["httpMethod"] in METHODS
              and isinstance(h["requestId"], str))
    except (KeyError, TypeError, AttributeError):
        return None
    if not ok:
        return None
    hd = {}
    for x in h["headers"]:
        if not (isinstance(x, dict) and isinstance(x.get("name"), str) and isinstance(x.get("value"), str)):
            return None
        hd[x["name"].lower()] = x["value"]
    user, sess = cookies(hd.get("cookie"))
    return {"ip": h["clientIp"], "method": h["httpMethod"], "path": h["uri"], "status": None, "ref": hd.get("referer"),
            "ua": hd.get("user-agent"), "query": h["args"], "user": user, "session": sess, "ts": r["timestamp"],
            "action": r["action"]}


PARSERS = {"cloudfront": cloudfront, "waf_json": waf_json}


def parse_lines(lines, fmt):
    """(records with their 1-based line numbers, header line numbers, malformed line numbers)."""
    p = PARSERS[fmt]
    recs, headers, bad = [], [], []
    for i, line in enumerate(lines, 1):
        r = p(line)
        if r is None:
            bad.append(i)
        elif r == "header":
            headers.append(i)
        else:
            r["line"] = i
            recs.append(r)
    return recs, headers, bad


def matches(rec, login, m, sessions=None):
    """Whether a parsed record is one of the abusive client's named requests (labels' params.match)."""
    if rec["user"] != login:
        return False
    if m.get("sessions") is not None and rec["session"] not in (sessions if sessions is not None else m["sessions"]):
        return False
    if m.get("ips") and rec["ip"] not in m["ips"]:
        return False
    if m.get("no_referer_api") and not (rec["ref"] is None and rec["path"].startswith("/api/")):
        return False
    return True
