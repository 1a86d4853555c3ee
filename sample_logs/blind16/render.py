"""The two renderings (Squid native `logformat squid`, Squid built-in `logformat combined`), the damage
that makes the malformed lines, and strict parsers of both formats."""
import datetime
import re
import zoneinfo

from . import world as W

FORMATS = {"squid_native": "access.log", "squid_combined": "access_combined.log"}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
SQUID_CODES = {"TCP_MISS", "TCP_MISS_ABORTED", "TCP_HIT", "TCP_MEM_HIT", "TCP_REFRESH_UNMODIFIED", "TCP_IMS_HIT",
               "TCP_DENIED", "NONE_NONE"}
HIER_CODES = {"HIER_DIRECT", "HIER_NONE"}
METHODS = {"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "NONE", "-"}
MIMES = {"-", "text/html", "application/json", "text/css", "application/javascript", "image/svg+xml", "font/woff2",
         "image/png", "image/x-icon", "image/jpeg", "text/plain", "text/csv", "application/pdf",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
SPECIAL_URLS = {"error:invalid-request", "error:transaction-end-before-headers"}
_TZ = zoneinfo.ZoneInfo(W.TZ)


def _url(path):
    return W.BASE + path if path.startswith("/") else path


def _local(sec, cache={}):
    hour = sec - sec % 3600
    off = cache.get(hour)
    if off is None:
        off = cache[hour] = int(datetime.datetime.fromtimestamp(hour, _TZ).utcoffset().total_seconds())
    dt = datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=sec + off)
    sign = "-" if off < 0 else "+"
    return "%02d/%s/%04d:%02d:%02d:%02d %s%02d%02d" % (dt.day, MONTHS[dt.month - 1], dt.year, dt.hour, dt.minute,
                                                        dt.second, sign, abs(off) // 3600, abs(off) % 3600 // 60)


def render_native(ev):
    end, start, ip, method, path, status, size, user, ua, ref, sq, hier, mime, _tag = ev
    return "%d.%03d %6d %s %s/%03d %d %s %s %s %s %s" % (end // 1000, end % 1000, end - start, ip, sq, status, size,
                                                         method, _url(path), user or "-", hier, mime)


def _q(s):
    return "-" if not s else s.replace("\\", "\\\\").replace('"', '\\"')


def render_combined(ev):
    end, start, ip, method, path, status, size, user, ua, ref, sq, hier, mime, _tag = ev
    ver = "0.0" if method in ("NONE", "-") else "1.1"
    return '%s - %s [%s] "%s %s HTTP/%s" %d %d "%s" "%s" %s:%s' % (
        ip, user or "-", _local(end // 1000), method, _url(path), ver, status, size, _q(ref), _q(ua), sq,
        hier.split("/")[0])


RENDER = {"squid_native": render_native, "squid_combined": render_combined}

_IP = r"(?:\d{1,3}(?:\.\d{1,3}){3})"
_NATIVE = re.compile(r"^(\d{9,10})\.(\d{3}) ( *\d+) (" + _IP + r") ([A-Z_]+)/(\d{3}) (\d+) (\S+) (\S+) (\S+) "
                     r"([A-Z_]+)/(" + _IP + r"|-) (\S+)$")
_COMBINED = re.compile(r'^(' + _IP + r') - (\S+) \[(\d{2})/([A-Z][a-z]{2})/(\d{4}):(\d{2}):(\d{2}):(\d{2}) '
                       r'([+-])(\d{2})(\d{2})\] "(\S+) (\S+) HTTP/(\d\.\d)" (\d{1,3}) (\d+) '
                       r'"((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)" ([A-Z_]+):([A-Z_]+)$')
_USER = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def _check_common(ip, method, url, user, sq):
    if any(int(x) > 255 for x in ip.split(".")):
        return False
    if method not in METHODS or sq not in SQUID_CODES:
        return False
    if not (url.startswith(W.BASE + "/") or url in SPECIAL_URLS) or " " in url:
        return False
    return user == "-" or bool(_USER.match(user))


def parse_native(line):
    """Strict parser of one native line; returns a dict or None."""
    m = _NATIVE.match(line)
    if not m:
        return None
    sec, ms, el, ip, sq, status, size, method, url, user, hier, peer, mime = m.groups()
    if len(el) != max(6, len(el.strip())) or mime not in MIMES or hier not in HIER_CODES:
        return None
    if not _check_common(ip, method, url, user, sq):
        return None
    if (hier == "HIER_NONE") != (peer == "-"):
        return None
    return {"ts": int(sec) + int(ms) / 1000.0, "elapsed": int(el), "ip": ip, "squid": sq, "status": int(status),
            "size": int(size), "method": method, "url": url, "user": None if user == "-" else user,
            "hier": hier, "peer": peer, "mime": mime, "ua": None, "referer": None}


def parse_combined(line):
    m = _COMBINED.match(line)
    if not m:
        return None
    (ip, user, dd, mon, yyyy, hh, mi, ss, sign, oh, om, method, url, ver, status, size, ref, ua, sq, hier) = m.groups()
    if mon not in MONTHS or hier not in HIER_CODES or not _check_common(ip, method, url, user, sq):
        return None
    try:
        local = datetime.datetime(int(yyyy), MONTHS.index(mon) + 1, int(dd), int(hh), int(mi), int(ss))
    except ValueError:
        return None
    off = (int(oh) * 3600 + int(om) * 60) * (-1 if sign == "-" else 1)
    ts = (local - datetime.datetime(1970, 1, 1)).total_seconds() - off
    unq = lambda s: None if s == "-" else s.replace('\\"', '"').replace("\\\\", "\\")
    return {"ts": ts, "ip": ip, "squid": sq, "status": int(status), "size": int(size), "method": method, "url": url,
            "user": None if user == "-" else user, "hier": hier, "ua": unq(ua), "referer": unq(ref), "version": ver}


PARSE = {"squid_native": parse_native, "squid_combined": parse_combined}


def damage(lines, events, rng, fmt):
    """Make 5-8 malformed lines out of benign unnamed lines. Returns (out_lines, malformed_numbers, lost_idx)."""
    n = rng.randint(5, 8)
    kinds = ["cut", "glue", "nul", "cut", "glue", "cut", "glue", "cut"][:n]
    pool = [i for i in range(1, len(events) - 2) if events[i][13] is None and events[i][7] is None
            and events[i + 1][13] is None and events[i + 1][7] is None and events[i][4].startswith("/static/")]
    span = len(pool) // n
    picks = {}
    for k, kind in enumerate(kinds):
        picks[pool[k * span + rng.randrange(span)]] = kind
    out, bad, lost = [], [], set()
    i = 0
    while i < len(lines):
        kind = picks.get(i)
        line = lines[i]
        if kind is None:
            out.append(line)
            i += 1
            continue
        limit = line.index(" http://") if fmt == "squid_native" else line.index('" ') - 10
        cut = line[:rng.randint(12, max(13, limit))]
        lost.add(i)
        if kind == "cut":
            out.append(cut)
        elif kind == "glue":
            out.append(cut + lines[i + 1])
            lost.add(i + 1)
            i += 1
        else:
            out.append("\x00" * rng.randint(40, 300) + line)
        bad.append(len(out))
        i += 1
    return out, bad, lost
