"""blind23 parse: strict parsers of both ASM remote-log formats; a line that does not parse fully returns None."""
import re

from .render import CEF_KEYS, SPLUNK_KEYS, UNIT, VERSION
from .wire import MAX_REQ

_HEAD = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([ 123]\d) (\d\d:\d\d:\d\d) " + UNIT + " ASM:"
_VAL = r'"((?:[^"\\]|\\.)*)"'
SPLUNK_RE = re.compile("^" + _HEAD + ",".join("%s=%s" % (k, _VAL) for k in SPLUNK_KEYS) + "$")
CEF_RE = re.compile("^" + _HEAD + r"CEF:0\|F5\|ASM\|" + re.escape(VERSION) +
                    r"\|((?:[^|\\]|\\.)*)\|((?:[^|\\]|\\.)*)\|(\d+)\|(.*)$")
CEF_SPLIT = re.compile(r" (?=[A-Za-z0-9_]+=)")
_UNESC = re.compile(r"\\(.)")
_SPLUNK_MAP = {"r": "\r", "n": "\n", '"': '"', "\\": "\\"}
_CEF_MAP = {"r": "\r", "n": "\n", "=": "=", "\\": "\\"}
DATE_RE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
RT_RE = re.compile(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d\d \d{4} \d\d:\d\d:\d\d$")
STATUS = {"passed", "blocked", "alerted"}
CL_RE = re.compile(r"\r\nContent-Length: (\d+)\r\n")


def _unesc(v, table):
    if "\\" not in v:
        return v
    bad = []

    def sub(m):
        c = table.get(m.group(1))
        if c is None:
            bad.append(m.group(1))
            return ""
        return c
    out = _UNESC.sub(sub, v)
    if bad or out.endswith("\\"):
        raise ValueError("bad escape")
    return out


def raw_ok(raw, method, target):
    """The logged request is complete (headers end, body matches Content-Length) or cut at exactly MAX_REQ."""
    if not raw.startswith("%s %s HTTP/1.1\r\n" % (method, target)):
        return len(raw) == MAX_REQ and raw.startswith(method + " ")
    if len(raw) == MAX_REQ:
        return True
    head, sep, body = raw.partition("\r\n\r\n")
    if not sep:
        return False
    m = CL_RE.search(head + "\r\n")
    return len(body) == (int(m.group(1)) if m else 0)


def parse_splunk(line):
    m = SPLUNK_RE.match(line)
    if not m:
        return None
    try:
        vals = [_unesc(v, _SPLUNK_MAP) for v in m.groups()[3:]]
    except ValueError:
        return None
    f = dict(zip(SPLUNK_KEYS, vals))
    if (f["request_status"] not in STATUS or not f["response_code"].isdigit() or not DATE_RE.match(f["date_time"])
            or not f["src_port"].isdigit() or f["response"] != "Response logging disabled"):
        return None
    target = f["uri"] + ("?" + f["query_string"] if f["query_string"] else "")
    if not raw_ok(f["request"], f["method"], target):
        return None
    return {"syslog": m.group(1, 2, 3), "status": f["request_status"], "code": int(f["response_code"]),
            "ip": f["ip_client"], "method": f["method"], "uri": f["uri"], "query": f["query_string"],
            "time": f["date_time"], "user": f["username"], "sid": f["session_id"], "request": f["request"],
            "violations": f["violations"], "xff": f["x_forwarded_for_header_value"], "support_id": f["support_id"]}


def parse_cef(line):
    m = CEF_RE.match(line)
    if not m:
        return None
    parts = CEF_SPLIT.split(m.group(7))
    if len(parts) != len(CEF_KEYS):
        return None
    f = {}
    try:
        for k, p in zip(CEF_KEYS, parts):
            key, eq, val = p.partition("=")
            if key != k or not eq:
                return None
            f[k] = _unesc(val, _CEF_MAP)
        _unesc(m.group(4), {"|": "|", "\\": "\\"})
        _unesc(m.group(5), {"|": "|", "\\": "\\"})
    except ValueError:
        return None
    if f["act"] not in STATUS or not f["cn1"].isdigit() or not RT_RE.match(f["rt"]) or not f["spt"].isdigit():
        return None
    uri, _, query = f["request"].partition("?")
    if not raw_ok(f["cs3"], f["requestMethod"], f["request"]):
        return None
    return {"syslog": m.group(1, 2, 3), "status": f["act"], "code": int(f["cn1"]), "ip": f["src"],
            "method": f["requestMethod"], "uri": uri, "query": query, "time": f["rt"], "user": f["suser"],
            "sid": f["suid"], "request": f["cs3"], "violations": m.group(5) if m.group(4) != "Successful Request"
            else "", "xff": f["cs5"], "support_id": f["externalId"]}


PARSERS = {"f5_splunk": parse_splunk, "f5_cef": parse_cef}


def user_agent(raw):
    i = raw.find("\r\nUser-Agent: ")
    if i < 0:
        return None
    j = raw.find("\r\n", i + 14)
    return raw[i + 14:j] if j >= 0 else None
