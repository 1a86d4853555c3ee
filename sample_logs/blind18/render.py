"""Both renderings of the same events (HAProxy custom log-format via rsyslog; the app's audit CSV export) and the
deliberate damage (cut lines, glued lines, NUL padding / a PHP warning in the export)."""
import csv
import datetime
import io
import math
import re
import zoneinfo

from .parse import HEADER, SUB_ACTIONS, parse
from .world import START, TZ, HOST

ZONE = zoneinfo.ZoneInfo(TZ)
MON = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
STUDENT_RE = re.compile(r"^/(?:api/)?students/(\d{9})(?:/|$)")
PIDS = [2211, 31877, 9034, 17702, 24410, 4419, 12093, 28851]


def local(t):
    return START + datetime.timedelta(seconds=t)


def action_of(ev):
    if ev.action:
        return ev.action
    p, m = ev.path, ev.method
    if ev.status == 404 and not STUDENT_RE.match(p):
        return "NOT_FOUND"
    parts = p.strip("/").split("/")
    if p == "/login":
        return "VIEW_LOGIN"
    if p == "/auth/okta/redirect":
        return "SSO_REDIRECT"
    if p == "/dashboard":
        return "VIEW_DASHBOARD"
    if parts[0] == "students" and len(parts) >= 2:
        if len(parts) == 2:
            return "VIEW_STUDENT"
        if parts[2] == "iep":
            return "DOWNLOAD_IEP" if len(parts) > 3 else "VIEW_IEP"
        if parts[2] == "health":
            return "RECORD_SCREENING" if m == "POST" else "VIEW_HEALTH"
        if m == "POST":
            return {"contacts": "UPDATE_CONTACTS", "schedule": "UPDATE_SCHEDULE"}.get(parts[2], "PAGE_VIEW")
        return SUB_ACTIONS.get(parts[2], "PAGE_VIEW")
    if parts[0] == "classes" and len(parts) == 3:
        if parts[2] == "roster":
            return "VIEW_ROSTER"
        if parts[2] == "attendance":
            return "TAKE_ATTENDANCE" if m == "POST" else "VIEW_ATTENDANCE_SHEET"
        if parts[2] == "gradebook":
            return "UPDATE_GRADEBOOK" if m == "POST" else "VIEW_GRADEBOOK"
    if parts[0] == "api":
        if p == "/api/students":
            return "API_SEARCH"
        if p.endswith("/summary"):
            return "API_STUDENT_SUMMARY"
        if parts[1] == "classes":
            return "API_ROSTER"
        if parts[1] == "notifications":
            return "API_POLL"
        if parts[1] == "staff":
            return "STAFF_SYNC" if m == "POST" else "API_STAFF"
    if parts[0] == "reports":
        if len(parts) > 1 and parts[1] == "export":
            return "EXPORT_REPORT"
        if len(parts) > 1 and parts[1] == "screening":
            return "RUN_SCREENING_LIST"
        return "VIEW_REPORT"
    if parts[0] == "letters":
        return "GENERATE_LETTERS" if m == "POST" else "VIEW_LETTERS"
    if parts[0] == "enrollment":
        return "ENROLL_STUDENT" if m == "POST" else "ENROLL_FORM"
    if parts[0] == "admin":
        return "ADMIN_USERS"
    if parts[0] == "staff":
        return "VIEW_STAFF"
    return "PAGE_VIEW"


def esc_capture(s, n):
    s = s[:n]
    return "".join("#%02X" % ord(ch) if ch in '"#{|}' or ord(ch) < 32 or ord(ch) > 126 else ch for ch in s)


def haproxy_lines(events, rng, days):
    """(emission time, text, event) for every event plus the reload notices; sorted by emission time."""
    out, reloads = [], []
    for d in range(days):
        reloads.append(d * 86400 + 4 * 3600 + 120 + rng.uniform(0, 480))
    for ev in events:
        end = ev.t + ev.dur / 1000.0
        out.append((end, None, ev))
    for i, rt in enumerate(reloads):
        new, old = PIDS[(i + 1) % len(PIDS)], PIDS[i % len(PIDS)]
        for k, txt in enumerate(["Proxy fe_https started.", "Proxy be_sis started.", "Proxy be_static started.",
                                 "Stopping frontend fe_https in 0 ms."]):
            out.append((rt + k * 0.001, (new if k < 3 else old, txt), None))
    out.sort(key=lambda x: x[0])
    lines, pid_i = [], 0
    for end, notice, ev in out:
        lt = local(end)
        pref = "%s %2d %s lb01 haproxy[%d]: " % (MON[lt.month - 1], lt.day, lt.strftime("%H:%M:%S"), 0)
        if notice:
            if notice[1].startswith("Stopping"):
                pid_i += 1
            lines.append((pref.replace("[0]", "[%d]" % notice[0]) + notice[1], None))
            continue
        pid = PIDS[pid_i % len(PIDS)]
        lines.append((pref.replace("[0]", "[%d]" % pid) + haproxy_body(ev, rng), ev))
    return lines


def haproxy_body(ev, rng):
    st = local(ev.t)
    tr = "%02d/%s/%d:%s.%03d" % (st.day, MON[st.month - 1], st.year, st.strftime("%H:%M:%S"),
                                 int((ev.t % 1) * 1000))
    hour = (ev.t % 86400) / 3600.0
    load = 20 + 380 * max(0.0, math.sin(math.pi * (hour - 6.5) / 10.5)) if 6.5 < hour < 17 else 20 + rng.randint(0, 30)
    ac = max(1, int(load * rng.uniform(0.85, 1.15)))
    fc = max(1, ac - rng.randint(0, 3))
    if ev.kind == "deny":
        be, timers, bc, sc = "fe_https/<NOSRV>", "0/-1/-1/-1/0", 0, 0
    else:
        be = "be_static/static01" if ev.kind in ("static", "public") else "be_sis/web0%d" % rng.randint(1, 6)
        bc = max(1, int(ac * (0.08 if ev.kind in ("static", "public") else 0.45)))
        sc = max(1, bc // (1 if ev.kind in ("static", "public") else 6))
        TR = 0 if rng.random() < 0.9 else rng.randint(1, 6)
        Tc = 0 if rng.random() < 0.8 else 1
        if ev.tr == -1:
            timers = "%d/0/%d/-1/%d" % (TR, Tc, ev.dur)
        else:
            Tr = max(0, ev.dur - TR - Tc - rng.randint(0, 2))
            timers = "%d/0/%d/%d/%d" % (TR, Tc, Tr, max(ev.dur, TR + Tc + Tr))
    uri = ev.path + ("?" + ev.query if ev.query else "")
    req = ("%s https://%s%s HTTP/2.0" % (ev.method, HOST, uri)) if ev.h2 else ("%s %s HTTP/1.1" % (ev.method, uri))
    return '%s:%d [%s] fe_https~ %s %s %d %d - - %s %d/%d/%d/%d/0 0/0 {%s|%s} {%s} "%s"' % (
        ev.ip, ev.port, tr, be, timers, ev.status, ev.nbytes, ev.tsc, ac, fc, bc, sc, esc_capture(ev.ua, 256),
        esc_capture(ev.ref, 160), esc_capture(ev.user, 64), req)


def audit_lines(events):
    rows = [ev for ev in events if ev.kind == "app" and ev.path != "/up"]
    rows.sort(key=lambda e: e.t)
    out = [(HEADER, None)]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for i, ev in enumerate(rows):
        if i and i % 50000 == 0:
            out.append((HEADER, None))           # the export screen writes a header per 50,000-row chunk
        lt = local(ev.t)
        off = lt.replace(tzinfo=ZONE).utcoffset()
        mins = int(off.total_seconds() // 60)
        ts = lt.strftime("%Y-%m-%d %H:%M:%S") + "%s%02d:%02d" % ("-" if mins < 0 else "+", abs(mins) // 60, abs(mins) % 60)
        action = action_of(ev)
        role = ev.role if ev.user and action not in ("LOGIN_FAILED", "LOGIN_LOCKED") else ""
        m = STUDENT_RE.match(ev.path)
        sid = ev.student or (m.group(1) if m else "")
        status = ev.app_status or ev.status
        buf.seek(0)
        buf.truncate()
        w.writerow([ts, ev.user, role, ev.ip, ev.ua, action, ev.method, ev.path, ev.query, status, sid, ev.sess])
        out.append((buf.getvalue()[:-1], ev))
    return out


def damage(lines, rng, fmt):
    """5-8 deliberately malformed lines; returns (lines, malformed 1-based numbers). Damaged events are lost."""
    n = len(lines)
    kinds = ["cut"] * rng.randint(2, 3) + ["glue"] * rng.randint(1, 2) + ["garbage"] + (["cut"] if rng.random() < 0.5 else [])
    picks, used = [], set()
    while len(picks) < len(kinds):
        i = rng.randrange(n // 50, n - n // 50)
        if any(abs(i - u) < 3 for u in used) or lines[i][1] is None or lines[i + 1][1] is None:
            continue
        used.add(i)
        picks.append(i)
    jobs = sorted(zip(picks, kinds), reverse=True)
    for i, kind in jobs:
        text = lines[i][0]
        if kind == "garbage" and fmt == "audit_csv":
            warn = ('Warning: Undefined array key "student_id" in /var/www/compass/app/Exports/AuditTrailExport.php '
                    'on line %d' % rng.choice([88, 91, 117]))
            lines.insert(i, (warn, "bad"))
            continue
        if kind == "garbage":
            lines[i] = ("\x00" * rng.randint(40, 400) + text, "bad")
            continue
        for _ in range(50):
            if fmt == "audit_csv":
                commas = [k for k in range(len(text)) if text[k] == "," and text[:k].count('"') % 2 == 0]
                cut = text[:rng.choice(commas[3:10])]
            else:
                cut = text[:rng.randint(40, len(text) - 2)]
            new = cut + (lines[i + 1][0] if kind == "glue" else "")
            if parse(new, fmt)[0] is None:
                break
        if kind == "glue":
            lines[i:i + 2] = [(new, "bad")]
        else:
            lines[i] = (new, "bad")
    bad = [k + 1 for k, (_, ev) in enumerate(lines) if ev == "bad"]
    return lines, bad
