"""The two renderings (native IIS log file format, NCSA Common Log Format), the damage, and strict parsers."""
import datetime as dt
import re

from .world import SERVER, SERVER_IP, SERVICE, ny_offset

FORMATS = {"iis_native": "keystone_in.log", "ncsa": "keystone_ncsa.log"}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
IP = r"\d{1,3}(?:\.\d{1,3}){3}"
IIS_RE = re.compile(r"^(%s), (\S+), (\d\d)/(\d\d)/(\d\d), (\d{1,2}):(\d\d):(\d\d), (W3SVC\d+), (\S+), (%s), (\d+), "
                    r"(\d+), (\d+), (\d{3}), (\d+), ([A-Z]+), (/\S*), (\S+),$" % (IP, IP))
NCSA_RE = re.compile(r'^(%s) - (\S+) \[(\d\d)/([A-Z][a-z]{2})/(\d{4}):(\d\d):(\d\d):(\d\d) ([+-]\d{4})\] '
                     r'"([A-Z]+) (/[^\s?]*)(?:\?(\S+))? HTTP/1\.1" (\d{3}) (\d+)$' % IP)


def local_parts(t):
    off = ny_offset(t)
    return dt.datetime.fromtimestamp(int(t) + off, dt.timezone.utc).replace(tzinfo=None), off


def render_iis(row):
    t, _, ip, user, method, stem, query, status, win32, csb, scb, tt, _a = row
    lt, _ = local_parts(t)
    return "%s, %s, %02d/%02d/%02d, %d:%02d:%02d, %s, %s, %s, %d, %d, %d, %d, %d, %s, %s, %s," % (
        ip, user, lt.month, lt.day, lt.year % 100, lt.hour, lt.minute, lt.second, SERVICE, SERVER, SERVER_IP, tt, csb,
        scb, status, win32, method, stem, query)


def render_ncsa(row):
    t, _, ip, user, method, stem, query, status, win32, csb, scb, tt, _a = row
    lt, off = local_parts(t)
    sign = "-" if off < 0 else "+"
    url = stem if query == "-" else stem + "?" + query
    return '%s - %s [%02d/%s/%04d:%02d:%02d:%02d %s%02d%02d] "%s %s HTTP/1.1" %d %d' % (
        ip, user, lt.day, MONTHS[lt.month - 1], lt.year, lt.hour, lt.minute, lt.second, sign, abs(off) // 3600,
        abs(off) % 3600 // 60, method, url, status, scb)


RENDER = {"iis_native": render_iis, "ncsa": render_ncsa}


def _valid_time(y, mo, d, h, mi, s):
    try:
        dt.datetime(y, mo, d, h, mi, s)
        return True
    except ValueError:
        return False


def parse_line(fmt, line):
    """Strict parser: a dict for a well-formed request line, None otherwise."""
    if fmt == "iis_native":
        m = IIS_RE.match(line)
        if not m:
            return None
        g = m.groups()
        if not _valid_time(2000 + int(g[4]), int(g[2]), int(g[3]), int(g[5]), int(g[6]), int(g[7])):
            return None
        return {"ip": g[0], "user": g[1], "date": "%s/%s/%s" % g[2:5], "time": "%s:%s:%s" % g[5:8],
                "service": g[8], "server": g[9], "server_ip": g[10], "time_taken": int(g[11]), "cs_bytes": int(g[12]),
                "sc_bytes": int(g[13]), "status": int(g[14]), "win32": int(g[15]), "method": g[16], "stem": g[17],
                "query": g[18]}
    m = NCSA_RE.match(line)
    if not m:
        return None
    g = m.groups()
    if g[3] not in MONTHS or not _valid_time(int(g[4]), MONTHS.index(g[3]) + 1, int(g[2]), int(g[5]), int(g[6]),
                                             int(g[7])):
        return None
    return {"ip": g[0], "user": g[1], "method": g[9], "stem": g[10], "query": g[11] or "-", "status": int(g[12]),
            "sc_bytes": int(g[13]), "ts": "%s/%s/%s:%s:%s:%s %s" % g[2:9]}


def damage(fmt, rows, lines, rng, crash_index):
    """5-8 malformed lines: 2 cut short, 2 cut with the next entry glued on, a crash's NUL run with the first entry
    after the restart glued on, and copy's ^Z end-of-file marker. Returns (lines, kept_rows, malformed)."""
    n = len(lines)
    picks = set()
    while len(picks) < 4:
        i = rng.randrange(n // 20, n - n // 20)
        if all(abs(i - j) > 3 for j in picks) and abs(i - crash_index) > 3:
            picks.add(i)
    picks = sorted(picks)
    cut_only, glued = set(picks[0::2]), set(picks[1::2])
    out, kept, bad, skip = [], [], [], False
    for i, line in enumerate(lines):
        if skip:
            skip = False
            continue
        if i in cut_only or i in glued or i == crash_index:
            for _ in range(50):
                cut = _cut(fmt, line, rng)
                if i in cut_only:
                    text = cut
                elif i in glued:
                    text = cut + lines[i + 1]
                else:
                    text = cut + "\x00" * rng.randint(180, 1900) + lines[i + 1]
                if parse_line(fmt, text) is None:
                    break
            assert parse_line(fmt, text) is None
            skip = i not in cut_only
            bad.append(len(out) + 1)
            out.append(text)
            continue
        out.append(line)
        kept.append(rows[i])
    out.append("\x1a")
    bad.append(len(out))
    return out, kept, bad


def _cut(fmt, line, rng):
    if fmt == "ncsa":
        limit = line.index('" ')                  # always inside the request, so the status is lost
        return line[:rng.randint(12, limit - 1)]
    return line[:rng.randint(12, len(line) - 3)]
