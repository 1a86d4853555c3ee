"""Zeek 6/7 http.log (default TSV) rendering: hourly rotated files, concatenated, each with its header block
and `#close`; lines in completion order within an hour; plus the strict parser used by check.py."""
import datetime
import re

from . import world as W

FIELDS = ("ts uid id.orig_h id.orig_p id.resp_h id.resp_p trans_depth method host uri referrer version user_agent "
          "origin request_body_len response_body_len status_code status_msg info_code info_msg tags username "
          "password proxied orig_fuids orig_filenames orig_mime_types resp_fuids resp_filenames "
          "resp_mime_types").split()
TYPES = ("time string addr port addr port count string string string string string string string count count "
         "count string count string set[enum] string string set[string] vector[string] vector[string] "
         "vector[string] vector[string] vector[string] vector[string]").split()
MSG = {200: "OK", 206: "Partial Content", 302: "Found", 304: "Not Modified", 400: "Bad Request",
       401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 429: "Too Many Requests",
       500: "Internal Server Error", 503: "Service Unavailable"}
SNIFF = {"text/html": "text/html", "application/json": "text/json", "application/pdf": "application/pdf",
         "image/png": "image/png", "image/x-icon": "image/x-icon", "application/zip": "application/zip"}
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def stamp(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%d-%H-%M-%S")


def header(t):
    return ["#separator \\x09", "#set_separator\t,", "#empty_field\t(empty)", "#unset_field\t-", "#path\thttp",
            "#open\t" + stamp(t), "#fields\t" + "\t".join(FIELDS), "#types\t" + "\t".join(TYPES)]


def esc(s):
    if s is None:
        return "-"
    if s == "":
        return "(empty)"
    if "\t" in s or "\\" in s:
        s = s.replace("\\", "\\x5c").replace("\t", "\\x09")
    return s


def fuid(rng):
    return "F" + "".join(rng.choice(B62) for _ in range(17))


def line(r, rng):
    c = r.conn
    sniff = SNIFF.get(r.mime.split(";")[0].strip()) if r.mime else None
    resp = r.rslen > 0 and r.method != "HEAD"
    return "\t".join((
        "%.6f" % r.t, c.uid, c.oip, str(c.oport), W.APP_IP, str(W.APP_PORT), str(r.depth), r.method, esc(r.host),
        esc(r.uri), esc(r.ref), r.ver, esc(r.ua), esc(r.origin), str(r.rqlen), str(r.rslen), str(r.status),
        MSG.get(r.status, "-"), "-", "-", "(empty)", esc(r.user), "-",
        ("X-FORWARDED-FOR -> " + r.ip) if r.px is not None else "-",
        fuid(rng) if r.rqlen else "-", "-", "-",
        fuid(rng) if resp else "-", esc(r.fname) if resp and r.fname else "-", (sniff or "-") if resp else "-"))


def render(reqs, t0, t1, rng):
    """Lines of the concatenated hourly files; returns (lines, kinds) with kinds 'h' header or a Req."""
    by_hour = {}
    for r in reqs:
        by_hour.setdefault(int((r.end - t0) // 3600), []).append(r)
    out, kinds = [], []
    for h in range(int(round((t1 - t0) / 3600))):
        start = t0 + h * 3600
        for x in header(start + rng.uniform(0.0, 0.9)):
            out.append(x)
            kinds.append("h")
        for r in sorted(by_hour.get(h, []), key=lambda r: (r.end, r.seq)):
            out.append(line(r, rng))
            kinds.append(r)
        out.append("#close\t" + stamp(start + 3600 + rng.uniform(0.0, 0.9)))
        kinds.append("h")
    return out, kinds


# ---- strict parser --------------------------------------------------------------------------------------------
HEADER_RE = [re.compile(p) for p in (
    r"^#separator \\x09$", r"^#set_separator\t,$", r"^#empty_field\t\(empty\)$", r"^#unset_field\t-$",
    r"^#path\thttp$", r"^#open\t\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d$", r"^#close\t\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d$")]
FIELDS_LINE, TYPES_LINE = "#fields\t" + "\t".join(FIELDS), "#types\t" + "\t".join(TYPES)
IP_RE = re.compile(r"^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$")
CHECKS = {
    "ts": re.compile(r"^\d{10}\.\d{6}$"), "uid": re.compile(r"^C[0-9A-Za-z]{15,18}$"),
    "id.orig_p": re.compile(r"^\d{1,5}$"), "id.resp_p": re.compile(r"^\d{1,5}$"), "trans_depth": re.compile(r"^\d+$"),
    "method": re.compile(r"^[A-Z]{3,7}$"), "version": re.compile(r"^(1\.0|1\.1|-)$"),
    "request_body_len": re.compile(r"^\d+$"), "response_body_len": re.compile(r"^\d+$"),
    "status_code": re.compile(r"^([1-5]\d\d|-)$"), "info_code": re.compile(r"^(\d{3}|-)$"),
    "tags": re.compile(r"^\(empty\)$|^[A-Z_,]+$"), "password": re.compile(r"^-$"),
    "proxied": re.compile(r"^-$|^X-FORWARDED-FOR -> \d{1,3}(\.\d{1,3}){3}$"),
    "orig_fuids": re.compile(r"^-$|^F[0-9A-Za-z]{15,18}$"), "resp_fuids": re.compile(r"^-$|^F[0-9A-Za-z]{15,18}$"),
    "uri": re.compile(r"^[^\s]+$"), "host": re.compile(r"^[A-Za-z0-9.\-]+$"),
}


def is_ip(s):
    m = IP_RE.match(s)
    return bool(m) and all(int(x) < 256 for x in m.groups())


def parse_header(s):
    """True when `s` is one of the header/footer lines Zeek writes."""
    return s in (FIELDS_LINE, TYPES_LINE) or any(p.match(s) for p in HEADER_RE)


def parse(s):
    """A dict of the 30 fields, or raise ValueError."""
    if "\x00" in s or s.startswith("#"):
        raise ValueError("not a data line")
    parts = s.split("\t")
    if len(parts) != len(FIELDS):
        raise ValueError("%d fields" % len(parts))
    rec = dict(zip(FIELDS, parts))
    for k, rx in CHECKS.items():
        if not rx.match(rec[k]):
            raise ValueError("bad %s: %r" % (k, rec[k][:40]))
    for k in ("id.orig_h", "id.resp_h"):
        if not is_ip(rec[k]):
            raise ValueError("bad " + k)
    if int(rec["id.orig_p"]) > 65535 or int(rec["trans_depth"]) < 1:
        raise ValueError("bad port/depth")
    if not rec["uri"].startswith("/"):
        raise ValueError("bad uri")
    return rec


def client_ip(rec):
    p = rec["proxied"]
    return p.split(" -> ", 1)[1] if p != "-" else rec["id.orig_h"]
