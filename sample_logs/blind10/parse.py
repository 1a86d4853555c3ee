"""Strict parsers for the two renderings (used by check.py; stdlib only)."""
import csv
import re
from datetime import datetime

Q = r'"((?:[^"\\]|\\.)*)"'
TIME = r"\[(\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4})\]"
REQ = r'"([A-Z]+) (\S+) (HTTP/\d\.\d)" (\d{3}) (\d+|-) '
APACHE_XFF = re.compile(r'^(-|[^ ,"]+(?:, [^ ,"]+)*) (\S+) (\S+) ' + TIME + " " + REQ + Q + " " + Q + r" (\d+)$")
COMBINED = re.compile(r'^(\S+) (\S+) (\S+) ' + TIME + " " + REQ + Q + " " + Q + r"$")
SPLUNK_FIELDS = ["_time", "host", "source", "sourcetype", "clientip", "user", "method", "uri_path", "uri_query",
                 "status", "bytes", "referer", "useragent", "_raw"]


def clf_time(s):
    return datetime.strptime(s, "%d/%b/%Y:%H:%M:%S %z")


def parse_apache_xff(line):
    """-> dict or None. `client` is the X-Forwarded-For field as logged, `addrs` its members."""
    m = APACHE_XFF.match(line)
    if not m:
        return None
    xff, ident, user, ts, method, target, proto, status, size, ref, ua, dur = m.groups()
    return {"client": xff, "addrs": [] if xff == "-" else xff.split(", "), "user": user, "time": clf_time(ts),
            "method": method, "target": target, "proto": proto, "status": int(status), "bytes": size,
            "referer": ref, "ua": ua, "dur_us": int(dur)}


def parse_combined(raw):
    m = COMBINED.match(raw)
    if not m:
        return None
    ip, ident, user, ts, method, target, proto, status, size, ref, ua = m.groups()
    return {"client": ip, "addrs": [ip], "user": user, "time": clf_time(ts), "method": method, "target": target,
            "proto": proto, "status": int(status), "bytes": size, "referer": ref, "ua": ua}


def splunk_row(line):
    """One physical CSV line -> list of fields, or None when it is not a complete record."""
    try:
        rows = list(csv.reader([line]))
    except csv.Error:
        return None
    if len(rows) != 1 or len(rows[0]) != len(SPLUNK_FIELDS):
        return None
    return rows[0]


def parse_splunk(line):
    """-> dict (the parsed _raw plus the export's fields) or None for header/malformed rows."""
    row = splunk_row(line)
    if row is None:
        return None
    f = dict(zip(SPLUNK_FIELDS, row))
    d = parse_combined(f["_raw"])
    if d is None or not f["clientip"]:
        return None
    path, _, query = d["target"].partition("?")
    want = {"clientip": d["client"], "user": d["user"], "method": d["method"], "uri_path": path, "uri_query": query,
            "status": str(d["status"]), "bytes": d["bytes"], "referer": d["referer"], "useragent": d["ua"]}
    if any(f[k] != v for k, v in want.items()):
        return None
    if datetime.strptime(f["_time"], "%Y-%m-%dT%H:%M:%S.%f%z") != d["time"]:
        return None
    d["host"] = f["host"]
    return d
