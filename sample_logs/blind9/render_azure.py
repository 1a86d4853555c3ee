"""Rendering 1: Log Analytics "Export to CSV (all columns)" of AppServiceHTTPLogs, exported in time slices
(each under the portal's 30,000-row limit, each sorted newest first) and concatenated with their headers."""
import base64
import csv
import hashlib
import datetime as _dt
import io
import uuid
from urllib.parse import quote

from . import world as W
from .client import T, DUR, IP, METHOD, PATH, STATUS, NBYTES, INB, UA, REF, USER, JSID, AUTH, ROUTE, INST

COLUMNS = ["TenantId", "TimeGenerated [UTC]", "Category", "CsMethod", "CsUriStem", "SPort", "CIp", "UserAgent",
           "CsHost", "ScStatus", "ScSubStatus", "ScWin32Status", "ScBytes", "CsBytes", "TimeTaken", "Result", "Cookie",
           "CsUriQuery", "CsUsername", "Referer", "ComputerName", "_ResourceId", "SourceSystem", "Type"]
HEADER = ",".join(COLUMNS)
PROBE_IP, PROBE_UA = "127.0.0.1", "HealthCheck/1.0"
SLICE_MAX = 30000


def fmt_time(ms):
    d = _dt.datetime(1970, 1, 1) + _dt.timedelta(milliseconds=ms)
    h = d.hour % 12 or 12
    return "%d/%d/%d, %d:%02d:%02d.%03d %s" % (d.month, d.day, d.year, h, d.minute, d.second, d.microsecond // 1000,
                                              "AM" if d.hour < 12 else "PM")


def render(events, r, seed, outage=None):
    """Returns (lines, header_lines, malformed_lines, notes); line numbers are 1-based."""
    tenant = str(uuid.UUID(int=r.getrandbits(128), version=4))
    sub = str(uuid.UUID(int=r.getrandbits(128), version=4))
    rid = "/subscriptions/%s/resourcegroups/rg-sdh-prod-westus2/providers/microsoft.web/sites/ccoe-sdh-prod" % sub
    comp = ["RD%012X" % r.getrandbits(48) for _ in (0, 1)]
    arr = ["%064x" % r.getrandbits(256) for _ in (0, 1)]
    rows, tokens = [], {}
    for i, e in enumerate(events):
        end_ms = int(round(e[T] * 1000)) + e[DUR]
        path, _, query = e[PATH].partition("?")
        method, inb, host, ua, ip = e[METHOD], e[INB], W.HOST, e[UA], e[IP]
        route = e[ROUTE]
        if route == "sso_start":
            path, query = "/.auth/login/aad", "post_login_redirect_uri=" + quote(e[PATH], safe="")
        elif route == "sso_cb":
            path, query, method, inb = "/.auth/login/aad/callback", "", "POST", inb + 2900 + (i * 37) % 1400
        elif route == "sso_out":
            path, query = "/.auth/logout", "post_logout_redirect_uri=" + quote(e[PATH], safe="")
        elif route == "probe":
            ip, ua, host = PROBE_IP, PROBE_UA, W.AZ_HOST
        if ua.startswith("Mozilla/5.0 zgrab"):
            host = W.AZ_HOST
        cookie = ""
        if e[JSID] or e[AUTH]:
            parts = []
            if e[JSID]:
                parts.append("JSESSIONID=" + e[JSID])
            a = arr[e[INST]]
            parts += ["ARRAffinity=" + a, "ARRAffinitySameSite=" + a]
            if e[AUTH]:
                if e[AUTH] not in tokens:
                    h = hashlib.sha512(e[AUTH].encode()).digest()
                    tokens[e[AUTH]] = base64.b64encode(h + h[:32]).decode().replace("+", "%2B").replace("/", "%2F")
                parts.append("AppServiceAuthSession=" + tokens[e[AUTH]])
            cookie = ";+".join(parts)
        st = e[STATUS]
        over = 0 if method == "HEAD" and st == 200 else (180 + (i * 53) % 260)
        rows.append((end_ms, i, [tenant, None, "AppServiceHTTPLogs", method, path, "443", ip, ua.replace(" ", "+"),
                                 host, st, "0", "0", e[NBYTES] + over, inb, e[DUR],
                                 "Success" if st < 400 else "Failure", cookie, query, e[USER],
                                 e[REF].replace(" ", "+"), comp[e[INST]], rid, "Azure", "AppServiceHTTPLogs"]))
    rows.sort(key=lambda x: (x[0], x[1]))
    slices = _slice(rows)
    lines, headers, malformed = [], [], []
    glue = r.randrange(1, len(slices)) if len(slices) > 1 else None
    blank = r.randrange(1, len(slices)) if len(slices) > 2 else None
    while blank == glue and len(slices) > 2:
        blank = r.randrange(1, len(slices))
    for k, sl in enumerate(slices):
        if k == blank:
            lines.append("")
            malformed.append(len(lines))
        if k == glue and lines[-1]:
            # this slice's file was cut short: its last row lost its tail and its line break,
            # so the next file's header row is glued onto it
            lines[-1] = lines[-1][:r.randint(25, len(lines[-1]) - 30)] + HEADER
            malformed.append(len(lines))
        else:
            lines.append(HEADER)
            headers.append(len(lines))
        buf = io.StringIO()
        wr = csv.writer(buf, lineterminator="\n")
        for end_ms, i, vals in sorted(sl, key=lambda x: (-x[0], x[1])):
            vals[1] = fmt_time(end_ms)
            wr.writerow(vals)
        lines.extend(buf.getvalue().split("\n")[:-1])
    # a few rows duplicated with their copy cut short while the slices were pasted together
    for _ in range(r.randint(max(1, 3 - len(malformed)), 6)):
        j = r.randrange(1, len(lines))
        while (j + 1) in headers or (j + 1) in malformed or len(lines[j]) < 60:
            j = r.randrange(1, len(lines))
        lines.insert(j + 1, lines[j][:r.randint(20, len(lines[j]) - 30)])
        headers = [h + 1 if h > j + 1 else h for h in headers]
        malformed = [m + 1 if m > j + 1 else m for m in malformed] + [j + 2]
    malformed.sort()
    return lines, headers, malformed, {"export_slices": len(slices), "slice_row_limit": SLICE_MAX,
                                       "row_order": "slices in time order, rows newest first inside each slice",
                                       "line_terminator": "CRLF", "probe_ip": PROBE_IP}


def _slice(rows):
    """Whole UTC hours per slice, extended while the slice stays at or under SLICE_MAX rows."""
    out, cur, by_hour = [], [], {}
    for row in rows:
        by_hour.setdefault(row[0] // 3600000, []).append(row)
    for h in sorted(by_hour):
        if cur and len(cur) + len(by_hour[h]) > SLICE_MAX:
            out.append(cur)
            cur = []
        cur = cur + by_hour[h]
    if cur:
        out.append(cur)
    return out
