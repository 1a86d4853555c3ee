"""Both CDN renderings (Akamai DataStream 2 JSON, Fastly custom JSON), their damage, and strict parsers."""
import datetime as dt
import json
from urllib.parse import quote, unquote

from .world import HOST

GEO = [  # prefix, country, region/state, city, Akamai edge region, Fastly POP
    ("38.104.62.", "US", "CO", "DENVER", "den"), ("73.", "US", "CO", "AURORA", "den"), ("67.", "US", "CO", "LAKEWOOD", "den"),
    ("174.2", "US", "CO", "DENVER", "den"), ("174.", "US", "CO", "FORTCOLLINS", "den"), ("97.", "US", "CO", "WESTMINSTER", "den"),
    ("98.", "US", "CO", "THORNTON", "den"), ("71.", "US", "CO", "GREELEY", "den"), ("24.", "US", "CO", "PUEBLO", "den"),
    ("172.56.", "US", "CO", "DENVER", "den"), ("166.1", "US", "CO", "DENVER", "den"),
    ("20.84.", "US", "VA", "BOYDTON", "iad"), ("34.106.", "US", "UT", "SALTLAKECITY", "slc"),
    ("3.2", "US", "VA", "ASHBURN", "iad"), ("44.2", "US", "OR", "BOARDMAN", "pdx"), ("54.7", "IE", "D", "DUBLIN", "dub"),
    ("13.2", "AU", "NSW", "SYDNEY", "syd"), ("15.22", "CA", "QC", "MONTREAL", "yul"), ("45.77.", "US", "TX", "DALLAS", "dfw"),
    ("86.12", "RO", "B", "BUCHAREST", "otp"), ("2a01:4f8:", "DE", "SN", "FALKENSTEIN", "fra"),
    ("159.203.", "US", "NJ", "CLIFTON", "ewr"), ("66.249.", "US", "CA", "MOUNTAINVIEW", "sjc"),
    ("157.55.", "US", "WA", "QUINCY", "sea"), ("3.89.", "US", "VA", "ASHBURN", "iad"), ("45.148.", "NL", "NH", "AMSTERDAM", "ams"),
    ("69.162.", "US", "TX", "DALLAS", "dfw"), ("63.143.", "US", "TX", "DALLAS", "dfw"), ("216.245.", "US", "TX", "DALLAS", "dfw"),
    ("104.131.", "US", "NY", "NEWYORK", "lga"), ("3.18.", "US", "OH", "COLUMBUS", "cmh"), ("35.183.", "CA", "ON", "TORONTO", "yyz"),
    ("52.15.", "US", "OH", "COLUMBUS", "cmh"),
]
EDGE_NET = {"den": "23.215.%d.%d", "iad": "23.62.%d.%d", "slc": "23.48.%d.%d", "pdx": "23.33.%d.%d",
            "dub": "2.21.%d.%d", "syd": "23.57.%d.%d", "yul": "23.43.%d.%d", "dfw": "23.211.%d.%d",
            "otp": "2.16.%d.%d", "fra": "2.22.%d.%d", "ewr": "23.200.%d.%d", "sjc": "23.60.%d.%d",
            "sea": "23.67.%d.%d", "ams": "2.18.%d.%d", "lga": "23.205.%d.%d", "cmh": "23.219.%d.%d", "yyz": "23.32.%d.%d"}


def geo(ip):
    for g in GEO:
        if ip.startswith(g[0]):
            return g[1:]
    return ("US", "CO", "DENVER", "den")


def akamai_line(e, rng):
    c, st, city, pop = geo(e.ip)
    d = {"version": "1", "cp": "1482711", "reqId": "%x" % rng.getrandbits(40), "reqTimeSec": "%.3f" % e.t,
         "bytes": str(e.size), "cliIP": e.ip, "statusCode": str(e.status), "proto": "HTTPS", "reqHost": HOST,
         "reqMethod": e.method, "reqPath": e.path, "reqPort": "443", "rspContentLen": str(e.size),
         "rspContentType": e.ctype if e.ctype != "-" else None, "UA": quote(e.ua, safe="()") if e.ua else None,
         "tlsVersion": "TLSv1.3", "queryStr": e.query or None, "referer": e.ref,
         "turnAroundTimeMSec": str(max(1, int(e.dur * 1000))), "transferTimeMSec": str(rng.randint(0, 40)),
         "cacheStatus": "1" if e.cache == "HIT" else "0", "cacheable": "1" if e.cache in ("HIT", "MISS") else "0",
         "edgeIP": EDGE_NET[pop] % ((hash_ip(e.ip) >> 8) % 200 + 20, hash_ip(e.ip) % 250 + 2),
         "country": c, "state": st, "city": city, "streamId": "48213", "customField": e.user or None}
    return json.dumps({k: v for k, v in d.items() if v is not None}, separators=(",", ":"))


def hash_ip(ip):
    h = 0
    for ch in ip:
        h = (h * 131 + ord(ch)) & 0xffffff
    return h


def fastly_ts(t):
    return (dt.datetime(1970, 1, 1) + dt.timedelta(seconds=int(t))).strftime("%Y-%m-%dT%H:%M:%S+0000")


def fastly_line(e, rng):
    c, st, city, pop = geo(e.ip)
    state = {"HIT": "HIT", "MISS": "MISS", "PASS": "PASS"}[e.cache]
    if state == "HIT" and rng.random() < 0.2:
        state = "HIT-CLUSTER"
    d = {"timestamp": fastly_ts(e.t), "time_elapsed_us": int(e.dur * 1e6), "client_ip": e.ip,
         "geo_country": c, "geo_region": st, "geo_city": city.lower(), "host": HOST,
         "url": e.path + ("?" + e.query if e.query else ""), "request_method": e.method, "request_protocol": "HTTP/2",
         "request_referer": e.ref or "(null)", "request_user_agent": e.ua or "(null)",
         "response_status": e.status, "response_body_size": e.size, "cache_status": state,
         "fastly_server": "cache-%s%d-%s" % (pop, 8000 + hash_ip(e.ip) % 400, pop.upper()),
         "user": e.user or "(null)"}
    return json.dumps(d, separators=(",", ":"))


STRAY = {"akamai": "Akamai DataStream 2 destination connectivity check object - stream 48213",
         "fastly": "wayfinder-waf: rule=941100 anomaly=5 phase=2 client=%s url=/students action=log"}


def render(events, fmt, rng):
    """Order events as delivered (end time + batch jitter), render, then damage a few lines."""
    keyed = sorted(((e.t + e.dur + rng.uniform(0, 1.8), i) for i, e in enumerate(events)))
    make = akamai_line if fmt == "akamai" else fastly_line
    lines = [[make(events[i], rng), events[i].t] for _, i in keyed]
    n = len(lines)
    damage = {}
    for _ in range(rng.randint(2, 3)):
        damage[rng.randint(100, n - 100)] = "cut"
    for _ in range(rng.randint(1, 2)):
        damage[rng.randint(100, n - 100)] = "join"
    damage[rng.randint(100, n - 100)] = "blank"
    stray_at = rng.randint(100, n - 100)
    out, malformed = [], []
    for i, (line, t) in enumerate(lines):
        kind = damage.get(i)
        if i == stray_at:
            out.append(STRAY[fmt].replace("%s", events[keyed[i][1]].ip))
            malformed.append(len(out))
        if kind == "blank":
            out.append("")
            malformed.append(len(out))
        if kind == "cut":
            out.append(line[:rng.randint(20, len(line) - 10)])
            malformed.append(len(out))
            continue
        if kind == "join" and i + 1 < n:
            lines[i + 1][0] = line[:rng.randint(20, len(line) - 10)] + lines[i + 1][0]
            continue
        out.append(lines[i][0])
        if not ok_json(lines[i][0]):
            malformed.append(len(out))
    return out, malformed


def ok_json(s):
    try:
        json.loads(s)
        return True
    except ValueError:
        return False


# ---- strict parsers (used by check) ------------------------------------------------------------------------

def parse(line, fmt):
    """Return a dict (ts, ip, method, path, query, status, ua, user) or None."""
    try:
        d = json.loads(line)
    except ValueError:
        return None
    if not isinstance(d, dict):
        return None
    try:
        if fmt == "akamai":
            ts = float(d["reqTimeSec"])
            return {"ts": ts, "ip": d["cliIP"], "method": d["reqMethod"], "path": d["reqPath"],
                    "query": d.get("queryStr", ""), "status": int(d["statusCode"]), "bytes": int(d["bytes"]),
                    "ua": unquote(d.get("UA", "")), "user": d.get("customField", ""), "host": d["reqHost"]}
        ts = dt.datetime.strptime(d["timestamp"], "%Y-%m-%dT%H:%M:%S+0000")
        url = d["url"]
        path, _, query = url.partition("?")
        user = d["user"]
        return {"ts": (ts - dt.datetime(1970, 1, 1)).total_seconds(), "ip": d["client_ip"],
                "method": d["request_method"], "path": path, "query": query, "status": int(d["response_status"]),
                "bytes": int(d["response_body_size"]), "ua": "" if d["request_user_agent"] == "(null)" else d["request_user_agent"],
                "user": "" if user == "(null)" else user, "host": d["host"]}
    except (KeyError, ValueError, TypeError):
        return None
