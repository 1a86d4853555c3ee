"""Strict parsers of both formats (used by check), the audit action vocabulary and the CSV header."""
import csv
import re

AUDIT_FIELDS = ["event_time", "staff_login", "staff_role", "source_ip", "user_agent", "action", "http_method",
                "url_path", "query", "http_status", "student_id", "session_hash"]
HEADER = ",".join(AUDIT_FIELDS)
ACTIONS = {"LOGIN_OK", "LOGIN_FAILED", "LOGIN_LOCKED", "LOGOUT", "SSO_REDIRECT", "VIEW_LOGIN", "VIEW_DASHBOARD",
           "VIEW_STUDENT", "VIEW_IEP", "DOWNLOAD_IEP", "VIEW_HEALTH", "RECORD_SCREENING", "VIEW_CONTACTS",
           "UPDATE_CONTACTS", "VIEW_SCHEDULE", "UPDATE_SCHEDULE", "VIEW_ATTENDANCE", "VIEW_GRADES", "VIEW_ROSTER",
           "VIEW_ATTENDANCE_SHEET", "TAKE_ATTENDANCE", "VIEW_GRADEBOOK", "UPDATE_GRADEBOOK", "API_SEARCH",
           "API_STUDENT_SUMMARY", "API_ROSTER", "API_POLL", "API_STAFF", "STAFF_SYNC", "VIEW_REPORT", "EXPORT_REPORT",
           "RUN_SCREENING_LIST", "GENERATE_LETTERS", "VIEW_LETTERS", "ENROLL_FORM", "ENROLL_STUDENT", "ADMIN_USERS",
           "VIEW_STAFF", "NOT_FOUND", "PAGE_VIEW"}
SUB_ACTIONS = {"iep": "VIEW_IEP", "health": "VIEW_HEALTH", "contacts": "VIEW_CONTACTS", "schedule": "VIEW_SCHEDULE",
               "attendance": "VIEW_ATTENDANCE", "grades": "VIEW_GRADES"}

HAPROXY_RE = re.compile(
    r'^(?P<mon>[A-Z][a-z]{2}) (?P<day>[ 123]\d) (?P<hms>\d\d:\d\d:\d\d) lb01 haproxy\[(?P<pid>\d+)\]: '
    r'(?P<ip>\d{1,3}(?:\.\d{1,3}){3}):(?P<port>\d{1,5}) '
    r'\[(?P<tr>\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d\.\d{3})\] fe_https~ '
    r'(?P<backend>be_sis|be_static|fe_https)/(?P<server><NOSRV>|web0[1-6]|static01) '
    r'(?P<TR>-?\d+)/(?P<Tw>-?\d+)/(?P<Tc>-?\d+)/(?P<Tr>-?\d+)/(?P<Ta>\d+) (?P<status>[1-5]\d\d) (?P<bytes>\d+) '
    r'- - (?P<tsc>[-A-Za-z]{4}) (?P<ac>\d+)/(?P<fc>\d+)/(?P<bc>\d+)/(?P<sc>\d+)/(?P<rc>\d+) (?P<sq>\d+)/(?P<bq>\d+) '
    r'\{(?P<ua>[^|{}"]*)\|(?P<referer>[^|{}"]*)\} \{(?P<user>[^|{}"]*)\} '
    r'"(?P<method>GET|POST|HEAD|PUT|DELETE) (?P<uri>[^ "]+) (?P<proto>HTTP/1\.1|HTTP/2\.0)"$')
NOTICE_RE = re.compile(r'^[A-Z][a-z]{2} [ 123]\d \d\d:\d\d:\d\d lb01 haproxy\[\d+\]: '
                       r'(Proxy \S+ started\.|Stopping (frontend|backend) \S+ in \d+ ms\.|'
                       r'Proxy \S+ stopped \(cumulated conns: FE: \d+, BE: \d+\)\.)$')
TIME_RE = re.compile(r'^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[-+]\d\d:\d\d$')


def parse_haproxy(line):
    """-> ("req", dict) | ("notice", None) | (None, None) for a line the strict parser rejects."""
    if "\x00" in line:
        return None, None
    m = HAPROXY_RE.match(line)
    if m:
        r = m.groupdict()
        uri = r["uri"]
        if uri.startswith("https://"):
            if r["proto"] != "HTTP/2.0":
                return None, None
            uri = uri[len("https://sis.mpls.k12.mn.us"):] if uri.startswith("https://sis.mpls.k12.mn.us/") else None
            if uri is None:
                return None, None
        elif not uri.startswith("/"):
            return None, None
        r["path"], _, r["query"] = uri.partition("?")
        return "req", r
    if NOTICE_RE.match(line):
        return "notice", None
    return None, None


def parse_audit(line):
    """-> ("req", dict) | ("header", None) | (None, None)."""
    if line == HEADER:
        return "header", None
    try:
        rows = list(csv.reader([line], strict=True))
    except csv.Error:
        return None, None
    if len(rows) != 1 or len(rows[0]) != len(AUDIT_FIELDS):
        return None, None
    r = dict(zip(AUDIT_FIELDS, rows[0]))
    if not TIME_RE.match(r["event_time"]) or r["action"] not in ACTIONS or not r["http_status"].isdigit():
        return None, None
    if r["http_method"] not in ("GET", "POST", "HEAD", "PUT", "DELETE") or not r["url_path"].startswith("/"):
        return None, None
    if r["student_id"] and not (len(r["student_id"]) == 9 and r["student_id"].isdigit()):
        return None, None
    if not re.match(r"^(\d{1,3}\.){3}\d{1,3}$", r["source_ip"]) or not re.match(r"^[0-9a-f]{20}$|^$", r["session_hash"]):
        return None, None
    r["user"], r["ip"], r["ua"] = r["staff_login"], r["source_ip"], r["user_agent"]
    return "req", r


def parse(line, fmt):
    return parse_haproxy(line) if fmt == "haproxy_custom" else parse_audit(line)
