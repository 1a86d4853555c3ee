"""Application Insights AppRequests rendering, as exported from Log Analytics with "Export to CSV
(all columns)": adaptive sampling (ItemCount), masked ClientIP with geo columns, AI cookies as
UserId/SessionId, export chunks of six local hours each with its own header row (BOM), rows in
extent order rather than time order, realistic damage, and a strict parser of the format."""
import csv
import io
import json
import math
import re
import time

from . import world as W
from .render_clef import MACHINES

COLUMNS = ["TenantId", "TimeGenerated [UTC]", "Id", "Source", "Name", "Url", "Success", "ResultCode", "DurationMs",
           "PerformanceBucket", "Properties", "Measurements", "OperationName", "OperationId", "ParentId",
           "SyntheticSource", "SessionId", "UserId", "UserAuthenticatedId", "UserAccountId", "AppVersion",
           "AppRoleName", "AppRoleInstance", "ClientType", "ClientModel", "ClientOS", "ClientIP", "ClientCity",
           "ClientStateOrProvince", "ClientCountryOrRegion", "ClientBrowser", "ResourceGUID", "IKey", "SDKVersion",
           "ItemCount", "ReferencedItemId", "ReferencedType", "SourceSystem", "Type", "_ResourceId"]
HEADER = ",".join('"%s"' % c if " " in c else c for c in COLUMNS)
BOM = "\ufeff"
TENANT = "3f9c2b7e-5a41-4d8e-9c06-b1e2f3a4d5c6"
RESOURCE_GUID = "8d2e4f61-0b3a-4c7d-a95e-61f0c2b3d4e5"
IKEY = "c47a1e9b-2d3f-4b58-8e6a-0f1d2c3b4a59"
RESOURCE_ID = ("/subscriptions/6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/resourcegroups/rg-pathways-prod/providers/"
               "microsoft.insights/components/appi-pathways-prod")
VERSIONS = ["4.12.2+8f3c1a9", "4.12.3+b20d7e4"]
BUCKETS = [(250, "<250ms"), (500, "250ms-500ms"), (1000, "500ms-1sec"), (3000, "1sec-3sec"), (7000, "3sec-7sec"),
           (15000, "7sec-15sec"), (30000, "15sec-30sec"), (60000, "30sec-1min"), (120000, "1min-2min"),
           (300000, "2min-5min"), (float("inf"), ">=5min")]
ITEMS_PER_REQUEST = 5.0     # requests + SQL/HTTP dependencies + traces, what the SDK's sampler counts
MAX_ITEMS_PER_S = 5.0       # adaptive sampling default
_CONST = {"TenantId": TENANT, "Source": "", "Measurements": "", "AppRoleName": "pathways-web-prod",
          "ClientType": "PC", "ClientModel": "", "ClientOS": "", "ClientIP": "0.0.0.0", "ClientBrowser": "",
          "ResourceGUID": RESOURCE_GUID, "IKey": IKEY, "SDKVersion": "aspnet5c:2.23.0", "ReferencedItemId": "",
          "ReferencedType": "", "SourceSystem": "Azure", "Type": "AppRequests", "_ResourceId": RESOURCE_ID}
_TG_RX = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}), (\d{1,2}):(\d\d):(\d\d)\.(\d{3}) (AM|PM)$")


def sampling_hash(s):
    while len(s) < 8:
        s += s
    h = 5381
    for ch in s:
        h = ((h << 5) + h + ord(ch)) & 0xFFFFFFFF
    if h >= 0x80000000:
        h -= 0x100000000
    return 0x7FFFFFFF if h == -0x80000000 else abs(h)


def sample(reqs):
    """Adaptive sampling per instance: N from the last five minutes' volume; keep score < 100/N."""
    counts = {}
    for q in reqs:
        k = (q.inst, int(q.t // 60))
        counts[k] = counts.get(k, 0) + 1
    out = []
    for q in reqs:
        m = int(q.t // 60)
        recent = sum(counts.get((q.inst, m - j), 0) for j in range(1, 6))
        n = max(1, math.ceil(recent * ITEMS_PER_REQUEST / 300.0 / MAX_ITEMS_PER_S))
        if sampling_hash(q.op) / 0x7FFFFFFF * 100.0 < 100.0 / n:
            out.append((q, n))
    return out


def tg(t):
    ms = int(round((t - int(t)) * 1000))
    whole = int(t)
    if ms == 1000:
        whole, ms = whole + 1, 0
    g = time.gmtime(whole)
    h12 = g.tm_hour % 12 or 12
    return "%d/%d/%d, %d:%02d:%02d.%03d %s" % (g.tm_mon, g.tm_mday, g.tm_year, h12, g.tm_min, g.tm_sec, ms,
                                                  "AM" if g.tm_hour < 12 else "PM")


def row(ctx, q, n):
    geo = ctx.w.net.geo.get(q.ip, ("", "", ""))
    props = {"_MS.ProcessedByMetricExtractors": "(Name:'Requests', Ver:'1.1')", "AspNetCoreEnvironment": "Production"}
    if q.acct:
        props["DistrictId"] = q.acct
    ver = 1 if q.t >= ctx.deploy_times[q.inst] else 0
    url = "https://%s%s%s" % (W.HOST, q.path, "?" + q.query if q.query else "")
    bucket = next(b for lim, b in BUCKETS if q.dur < lim)
    d = dict(_CONST)
    d.update({"TimeGenerated [UTC]": tg(q.t), "Id": q.sp, "Name": q.name, "Url": url,
              "Success": "True" if q.status < 400 else "False", "ResultCode": str(q.status),
              "DurationMs": repr(round(q.dur, 4)), "PerformanceBucket": bucket,
              "Properties": json.dumps(props, separators=(",", ":")), "OperationName": q.name,
              "OperationId": q.op, "ParentId": q.parent, "SyntheticSource": q.synth or "",
              "SessionId": q.sid or "", "UserId": q.uid or "", "UserAuthenticatedId": q.user or "",
              "UserAccountId": (q.acct or "") if q.user else "", "AppVersion": VERSIONS[ver],
              "AppRoleInstance": MACHINES[q.inst][ver], "ClientCity": geo[0], "ClientStateOrProvince": geo[1],
              "ClientCountryOrRegion": geo[2], "ItemCount": str(n)})
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow([d[c] for c in COLUMNS])
    return buf.getvalue()


def render(ctx, reqs, rng):
    kept = sample(reqs)
    chunks = {}
    for q, n in kept:
        local_h = (q.t - ctx.t0) / 3600.0
        chunks.setdefault(int(local_h // 6), []).append((q, n))
    lines = []
    for c in sorted(chunks):
        lines.append([BOM + HEADER, "header", None])
        extents = {}
        for q, n in chunks[c]:
            extents.setdefault((q.inst, int((q.t - ctx.t0) // 2700)), []).append((q, n))
        keys = sorted(extents)
        rng.shuffle(keys)
        for k in keys:
            for q, n in sorted(extents[k], key=lambda x: x[0].t + x[0].dur / 1000.0):
                lines.append([row(ctx, q, n), "req", q])
    return damage(lines, rng), len(kept)


def damage(lines, rng):
    heads = [i for i, x in enumerate(lines) if x[1] == "header" and i > 0]
    reqi = [i for i, x in enumerate(lines) if x[1] == "req" and i + 1 < len(lines) and lines[i + 1][1] == "req"]
    picks = set()

    def pick():
        while True:
            i = rng.choice(reqi)
            if all(abs(i - j) > 3 for j in picks):
                picks.add(i)
                return i
    ops = [("gluehead", rng.choice(heads) - 1)] if heads else []
    picks.update(i for _, i in ops)
    ops += [("glue", pick()), ("cut", pick()), ("cut", pick()), ("cut", pick())]
    if len(heads) > 1:
        ops.append(("sep", rng.choice(heads[1:])))
    notes = []
    for kind, i in sorted(ops, key=lambda o: -o[1]):
        text = lines[i][0]
        if kind in ("glue", "gluehead"):
            lines[i:i + 2] = [[text + lines[i + 1][0], "malformed", None]]
        elif kind == "cut":
            lines[i] = [text[:rng.randint(30, len(text) - 6)], "malformed", None]
        else:
            lines.insert(i, ["sep=,", "malformed", None])
        notes.append(kind)
    return lines, sorted(notes)


def parse(line):
    """Strict parser: ('header', None) | ('req', dict) | None."""
    if line in (HEADER, BOM + HEADER):
        return ("header", None)
    if "\x00" in line or '"' not in line:
        return None
    try:
        rows = list(csv.reader([line], strict=True))
    except csv.Error:
        return None
    if len(rows) != 1 or len(rows[0]) != len(COLUMNS):
        return None
    d = dict(zip(COLUMNS, rows[0]))
    if any(d[k] != v for k, v in _CONST.items()):
        return None
    try:
        ok = (_TG_RX.match(d["TimeGenerated [UTC]"]) and re.fullmatch(r"[0-9a-f]{16}", d["Id"])
              and re.fullmatch(r"[0-9a-f]{32}", d["OperationId"]) and re.fullmatch(r"[0-9a-f]{16}|[0-9a-f]{32}", d["ParentId"])
              and d["Success"] in ("True", "False") and d["ResultCode"].isdigit() and float(d["DurationMs"]) >= 0
              and d["Url"].startswith("https://" + W.HOST + "/") and d["Name"] == d["OperationName"]
              and isinstance(json.loads(d["Properties"]), dict) and int(d["ItemCount"]) >= 1
              and d["AppVersion"] in VERSIONS and any(d["AppRoleInstance"] in m for m in MACHINES))
    except (ValueError, TypeError):
        return None
    return ("req", d) if ok else None


def fields(d):
    return d["UserAuthenticatedId"] or None, None, None
