"""The two renderings of the same events, their damage, and the strict parser of Apache's combined format.

``combined``: one ``access_log``; ``combined_rotated``: the daily ``copytruncate`` files concatenated (``awk 1``, so a
day file's cut last line still ends with a newline) into ``access_log.all``, plus the restart's re-flush.
Each output row is ``(text, event index or None, kind)`` with kind ``ok``, ``dup`` (a line written twice) or ``bad``.
"""
import datetime
import re
import zoneinfo

from .world import START, TZ

FORMATS = {"combined": "access_log", "combined_rotated": "access_log.all"}
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
LINE = re.compile(
    r'^(?P<ip>\d{1,3}(?:\.\d{1,3}){3}) (?P<ident>-) (?P<user>[^\s"\[\]]+) '
    r'\[(?P<day>\d{2})/(?P<mon>[A-Z][a-z]{2})/(?P<year>\d{4}):(?P<hms>\d{2}:\d{2}:\d{2}) (?P<tz>[+-]\d{4})\] '
    r'"(?P<req>(?P<method>[A-Z]{3,10}) (?P<path>[^\s"]+) (?P<proto>HTTP/[012](?:\.[019])?)|-)" '
    r'(?P<status>[1-5]\d\d) (?P<size>\d+|-) "(?P<ref>(?:[^"\\]|\\.)*)" "(?P<ua>(?:[^"\\]|\\.)*)"$')


def start_epoch():
    tz = zoneinfo.ZoneInfo(TZ)
    return datetime.datetime(*START, tzinfo=tz).timestamp(), tz


class Clock:
    """Window seconds -> '[16/Nov/2026:07:45:12 -0500]' text, cached per minute."""

    def __init__(self):
        self.base, self.tz = start_epoch()
        self.cache = {}

    def stamp(self, t):
        sec = int(t)
        minute = sec // 60
        pre = self.cache.get(minute)
        if pre is None:
            d = datetime.datetime.fromtimestamp(self.base + minute * 60, self.tz)
            off = d.utcoffset().total_seconds() // 60
            sign = "-" if off < 0 else "+"
            off = abs(int(off))
            pre = ("%02d/%s/%04d:%02d:%02d:" % (d.day, MONTHS[d.month - 1], d.year, d.hour, d.minute),
                   " %s%02d%02d" % (sign, off // 60, off % 60))
            self.cache[minute] = pre
        return "%s%02d%s" % (pre[0], sec % 60, pre[1])


def line_of(ev, clock):
    _, _, t, ip, user, method, path, proto, status, size, ref, ua, _ = ev
    req = path if method == "" else "%s %s %s" % (method, path, proto)
    return '%s - %s [%s] "%s" %d %s "%s" "%s"' % (ip, user, clock.stamp(t), req, status, size if size else "-",
                                                  ref, ua)


def _cut(rng, text):
    return text[:rng.randint(max(12, len(text) // 5), len(text) - 3)]


def _index_at(events, t):
    lo, hi = 0, len(events)
    while lo < hi:
        mid = (lo + hi) // 2
        if events[mid][0] < t:
            lo = mid + 1
        else:
            hi = mid
    return lo


def render(events, fmt, rng, restart_t, days):
    """Render sorted events; returns rows and the rotation points used (window seconds)."""
    clock = Clock()
    lines = [line_of(e, clock) for e in events]
    n = len(lines)
    target = rng.randint(5, 8)
    ops = {}                                    # index -> list of operations applied *before* emitting line i
    restart_i = _index_at(events, restart_t)
    rotations = []
    if fmt == "combined":
        ops.setdefault(restart_i - 1, []).append(("cut",))
        structural = 1
    else:
        for d in range(days):
            rt = d * 86400.0 + rng.uniform(3.05, 3.6) * 3600
            rotations.append(rt)
            i = _index_at(events, rt)
            ops.setdefault(i - 1, []).append(("cut",))
            ops.setdefault(i, []).append(("dup_before", rng.randint(1, 3)))
        ops.setdefault(restart_i - 1, []).append(("cut",))
        ops.setdefault(restart_i, []).append(("dup_before", rng.randint(2, 5), True))
        structural = days + 1
    fill = ["glue", "glue"] + (["nul"] if fmt == "combined" else []) + ["cut"] * 8
    used = set(ops) | set(i + 1 for i in ops) | set(i - 1 for i in ops)
    for kind in fill[:max(0, target - structural)]:
        while True:
            i = rng.randint(200, n - 200)
            if i not in used and i + 1 not in used and i - 1 not in used:
                break
        used.update((i - 1, i, i + 1, i + 2))
        ops.setdefault(i, []).append((kind,))
    rows = []
    i = 0
    while i < n:
        for op in ops.get(i, ()):
            if op[0] == "dup_before":
                k = op[1]
                lo = i - k - (1 if len(op) > 2 else 0)
                hi = i if len(op) > 2 else i - 1
                for j in range(max(0, lo), hi):
                    rows.append((lines[j], j, "dup"))
            elif op[0] == "nul":
                rows.append(("\x00" * rng.choice((512, 1024, 2048, 4096)), None, "bad"))
        kinds = [op[0] for op in ops.get(i, ())]
        if "cut" in kinds:
            rows.append((_cut(rng, lines[i]), i, "bad"))
        elif "glue" in kinds and i + 1 < n:
            rows.append((lines[i] + lines[i + 1], i, "bad"))
            i += 1
        else:
            rows.append((lines[i], i, "ok"))
        i += 1
    return rows, rotations


def parse(text):
    """Strict parse of one line (str); returns the match or None."""
    m = LINE.match(text)
    if m is None or m.group("mon") not in MONTHS:
        return None
    return m
