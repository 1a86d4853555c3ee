"""Independent line parsers for both renderings (used by check.py and for the labels' counts)."""
import calendar
import csv
import json
import re

from .render_azure import COLUMNS, HEADER

AZ_TIME = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}), (\d{1,2}):(\d{2}):(\d{2})\.(\d{3}) (AM|PM)$")
IPV4 = re.compile(r"^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$")
METHODS = {"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS"}
ACCESS = re.compile(r'^(\S+) - (\S+) \[(\d{2})/(\w{3})/(\d{4}):(\d{2}):(\d{2}):(\d{2}) \+0000\] '
                    r'"([A-Z]+) (\S+) HTTP/1\.1" (\d{3}) (\d+) "([^"]*)" "([^"]*)" (\d+) (\S+)$')
MON = {m: i + 1 for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split())}
JOURNAL_KEYS = ("__CURSOR", "__REALTIME_TIMESTAMP", "__MONOTONIC_TIMESTAMP", "_BOOT_ID", "_HOSTNAME",
                "SYSLOG_IDENTIFIER", "_PID", "PRIORITY", "MESSAGE")


def parse_azure(line):
    """('header'|'req'|'bad', record or None)."""
    if line == HEADER:
        return "header", None
    try:
        rows = list(csv.reader([line]))
    except csv.Error:
        return "bad", None
    if len(rows) != 1 or len(rows[0]) != len(COLUMNS):
        return "bad", None
    f = dict(zip(COLUMNS, rows[0]))
    m = AZ_TIME.match(f["TimeGenerated [UTC]"])
    if not m or f["Type"] != "AppServiceHTTPLogs" or f["SourceSystem"] != "Azure" or \
            f["Category"] != "AppServiceHTTPLogs" or f["CsMethod"] not in METHODS or not IPV4.match(f["CIp"]):
        return "bad", None
    for k in ("ScStatus", "ScBytes", "CsBytes", "TimeTaken", "SPort"):
        if not f[k].isdigit():
            return "bad", None
    mo, d, y, h, mi, s, ms, ap = m.groups()
    h = int(h) % 12 + (12 if ap == "PM" else 0)
    t = calendar.timegm((int(y), int(mo), int(d), h, int(mi), int(s))) * 1000 + int(ms)
    return "req", {"time_ms": t, "ip": f["CIp"], "user": f["CsUsername"], "method": f["CsMethod"],
                   "path": f["CsUriStem"], "status": int(f["ScStatus"]), "ua": f["UserAgent"]}


def parse_journald(line):
    """('header' for non-request journal entries | 'req' | 'bad', record or None)."""
    try:
        o = json.loads(line)
    except ValueError:
        return "bad", None
    if not isinstance(o, dict) or any(k not in o or not isinstance(o[k], str) for k in JOURNAL_KEYS):
        return "bad", None
    if not o["__REALTIME_TIMESTAMP"].isdigit():
        return "bad", None
    if o["SYSLOG_IDENTIFIER"] != "sdh-access":
        return "header", None
    m = ACCESS.match(o["MESSAGE"])
    if not m or not IPV4.match(m.group(1)):
        return "bad", None
    (ip, user, d, mon, y, h, mi, s, method, path, status, size, ref, ua, dus, jsid) = m.groups()
    if mon not in MON or method not in METHODS:
        return "bad", None
    t = calendar.timegm((int(y), MON[mon], int(d), int(h), int(mi), int(s))) * 1000
    return "req", {"time_ms": t, "ip": ip, "user": "" if user == "-" else user, "method": method, "path": path,
                   "status": int(status), "ua": "" if ua == "-" else ua,
                   "logged_us": int(o["__REALTIME_TIMESTAMP"])}


PARSERS = {"azure_csv": parse_azure, "journald": parse_journald}


def scan(lines, fmt):
    """Classify every line; return (kinds list, records list, n_out_of_order)."""
    p = PARSERS[fmt]
    kinds, recs, ooo, mx = [], [], 0, None
    for line in lines:
        k, rec = p(line)
        kinds.append(k)
        if k == "req":
            recs.append(rec)
            if mx is not None and rec["time_ms"] < mx:
                ooo += 1
            mx = rec["time_ms"] if mx is None else max(mx, rec["time_ms"])
    return kinds, recs, ooo
