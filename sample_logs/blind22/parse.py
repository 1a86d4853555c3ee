"""Strict parsers for the two blind22 formats (Filebeat file output, Fluentd out_file).

Each returns ``None`` for a line it rejects, else a dict with ``time`` (epoch seconds, whole seconds from the
nginx line), ``host``, ``client``, ``method``, ``uri``, ``status``, ``size``, ``referer``, ``ua``, ``xff``, ``user``,
``rt`` and, for Filebeat, ``offset`` and ``read`` (@timestamp).
"""
import datetime as dt
import json
import re

NGINX_RE = re.compile(
    r'^(?P<client>[0-9a-fA-F.:]+) - (?P<ruser>\S+) \[(?P<time>\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4})\] '
    r'"(?P<method>[A-Z]+) (?P<uri>[^ "]+) (?P<proto>HTTP/[0-9.]+)" (?P<status>\d{3}) (?P<size>\d+) '
    r'"(?P<referer>[^"]*)" "(?P<ua>[^"]*)" "(?P<xff>[^"]*)" "(?P<user>[^"]*)" (?P<rt>\d+\.\d{3})$')
FB_TS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
FL_TS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
FL_TAG = re.compile(r"^beacon\.nginx\.access\.(web0[123])$")
HOSTS = {"web01", "web02", "web03"}
FB_KEYS = {"@timestamp", "@metadata", "log", "message", "input", "host", "agent", "ecs"}
FB_OPT = {"tags", "fields"}
AGENT_KEYS = {"type", "version", "ephemeral_id", "id", "name", "hostname"}
FL_KEYS = ["remote", "host", "user", "method", "path", "code", "size", "referer", "agent", "http_x_forwarded_for",
           "beacon_user", "request_time"]
FL_METHOD = re.compile(r"^[A-Z]+$")


def nginx_time(s):
    return dt.datetime.strptime(s, "%d/%b/%Y:%H:%M:%S %z").timestamp()


def parse_nginx(msg):
    m = NGINX_RE.match(msg)
    if not m:
        return None
    d = m.groupdict()
    try:
        d["time"] = nginx_time(d["time"])
    except ValueError:
        return None
    d["status"], d["size"], d["rt"] = int(d["status"]), int(d["size"]), float(d["rt"])
    return d


def parse_filebeat(line):
    if not line.startswith("{") or not line.endswith("}"):
        return None
    try:
        o = json.loads(line)
    except ValueError:
        return None
    if not isinstance(o, dict) or not FB_KEYS <= set(o) or set(o) - FB_KEYS - FB_OPT:
        return None
    try:
        ok = (isinstance(o["@timestamp"], str) and FB_TS.match(o["@timestamp"])
              and o["@metadata"]["beat"] == "filebeat" and isinstance(o["log"]["offset"], int)
              and isinstance(o["log"]["file"]["path"], str) and isinstance(o["message"], str)
              and o["host"]["name"] in HOSTS and set(o["agent"]) == AGENT_KEYS and o["agent"]["type"] == "filebeat"
              and isinstance(o["input"]["type"], str) and isinstance(o["ecs"]["version"], str))
    except (KeyError, TypeError):
        return None
    if not ok:
        return None
    d = parse_nginx(o["message"])
    if d is None:
        return None
    d["host"], d["offset"] = o["host"]["name"], o["log"]["offset"]
    d["inode"] = o["log"]["file"].get("inode")
    d["read"] = dt.datetime.strptime(o["@timestamp"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(
        tzinfo=dt.timezone.utc).timestamp()
    return d


def parse_fluentd(line):
    parts = line.split("\t")
    if len(parts) != 3 or not FL_TS.match(parts[0]):
        return None
    m = FL_TAG.match(parts[1])
    if not m or not parts[2].startswith("{") or not parts[2].endswith("}"):
        return None
    try:
        rec = json.loads(parts[2])
        t = dt.datetime.fromisoformat(parts[0]).timestamp()
    except ValueError:
        return None
    if not isinstance(rec, dict) or list(rec) != FL_KEYS or not all(isinstance(v, str) for v in rec.values()):
        return None
    if not (rec["code"].isdigit() and len(rec["code"]) == 3 and rec["size"].isdigit()
            and re.match(r"^\d+\.\d{3}$", rec["request_time"]) and FL_METHOD.match(rec["method"])
            and rec["path"].startswith("/") and re.match(r"^[0-9a-fA-F.:]+$", rec["remote"])):
        return None
    return {"time": t, "host": m.group(1), "client": rec["remote"], "method": rec["method"], "uri": rec["path"],
            "status": int(rec["code"]), "size": int(rec["size"]), "referer": rec["referer"], "ua": rec["agent"],
            "xff": rec["http_x_forwarded_for"], "user": rec["beacon_user"], "rt": float(rec["request_time"])}


PARSERS = {"filebeat": parse_filebeat, "fluentd": parse_fluentd}
