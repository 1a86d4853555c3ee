"""Strict parsers: the site's Apache LogFormat, the Splunk JSON export line and the elasticdump hit line.

LogFormat: %{X-Forwarded-For}i %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %D
"""
import json
import re

APACHE = re.compile(
    r'^(?P<xff>-|[0-9A-Fa-f.:]+(?:, [0-9A-Fa-f.:]+)*) (?P<ident>-) (?P<user>[^\s"\[\]]+) '
    r'\[(?P<time>\d{2}/(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4})\] '
    r'"(?P<method>[A-Z]+) (?P<target>[^\s"]+) (?P<proto>HTTP/\d\.\d)" (?P<status>[1-5]\d\d) (?P<bytes>-|\d+) '
    r'"(?P<referer>(?:[^"\\]|\\.)*)" "(?P<ua>(?:[^"\\]|\\.)*)" (?P<dur>\d+)$')
SPLUNK_KEYS = ["_bkt", "_cd", "_indextime", "_raw", "_serial", "_si", "_sourcetype", "_time", "host", "index",
               "linecount", "source", "sourcetype", "splunk_server"]
OS_KEYS = {"_index", "_id", "_score", "_source"}


def parse_apache(raw):
    """The fields of one access-log line as a dict (user with Apache's `\\\\` escape undone), or None."""
    m = APACHE.match(raw)
    if not m:
        return None
    d = m.groupdict()
    d["client"] = d["xff"].split(", ")[-1]
    d["user_field"] = d["user"]
    d["user"] = None if d["user"] == "-" else d["user"].replace("\\\\", "\\")
    return d


def parse_splunk_line(line):
    """('event', fields, obj) for a result row, ('header', None, obj) for a messages object, or None (malformed)."""
    try:
        obj = json.loads(line)
    except ValueError:
        return None
    if not isinstance(obj, dict) or obj.get("preview") is not False:
        return None
    if set(obj) == {"preview", "messages"} and isinstance(obj["messages"], list):
        return ("header", None, obj)
    if set(obj) - {"preview", "offset", "lastrow", "result"} or "result" not in obj or not isinstance(obj.get("offset"), int):
        return None
    res = obj["result"]
    if not isinstance(res, dict) or list(res) != SPLUNK_KEYS or res["sourcetype"] != "access_combined":
        return None
    f = parse_apache(res["_raw"])
    if f is None or res["linecount"] != "1":
        return None
    return ("event", f, obj)


def parse_opensearch_line(line):
    """('event', fields, obj) for a hit whose message is an access-log line, or None (malformed)."""
    try:
        obj = json.loads(line)
    except ValueError:
        return None
    if not isinstance(obj, dict) or set(obj) != OS_KEYS or not isinstance(obj["_source"], dict):
        return None
    src = obj["_source"]
    msg = src.get("message")
    if not isinstance(msg, str) or not obj["_index"].startswith("web-logs-") or "@timestamp" not in src:
        return None
    if src.get("log", {}).get("file", {}).get("path") != "/var/log/httpd/ssl_access_log":
        return None
    f = parse_apache(msg)
    if f is None:
        return None
    return ("event", f, obj)


PARSERS = {"splunk_json": parse_splunk_line, "opensearch_dump": parse_opensearch_line}
FILES = {"splunk_json": "export.json", "opensearch_dump": "web-logs.ndjson"}
