"""Beacon's URL scheme: pages, the assets and XHRs each page pulls, response sizes and server times."""
import base64
import hashlib
import zlib
from urllib.parse import quote

HOST = "beacon.prairie-ed.gov"
ORIGIN = "https://" + HOST
TIMEOUT = 1200.0          # forms-auth sliding expiration (s)
GQL_SIZES = {"StudentGrowth": (3200, 11000), "DashboardSummary": (1800, 3200), "SchoolAccountability": (5200, 9000),
             "DistrictRollup": (7000, 16000)}


def hx(*parts):
    return zlib.crc32("|".join(map(str, parts)).encode())


def token(n, *parts):
    """A deterministic base64url string of length n."""
    h = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return base64.urlsafe_b64encode(h * (1 + n // 40)).decode().replace("=", "")[:n]


def hexs(n, *parts):
    return (hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest() * (1 + n // 64))[:n]


def q(s):
    """URL-encode a value as ASP.NET does in a query string (lower-case escapes like %2f)."""
    return quote(s, safe="").replace("%2F", "%2f").replace("%3F", "%3f").replace("%3D", "%3d").replace("%26", "%26")


def per(key, what, lo, hi):
    """A size that depends on the record, so the same student page always has about the same size."""
    return lo + hx(key, what) % (hi - lo)


class Deploy:
    """Asset URLs of one build. Builds change in the nightly deploy window on some nights."""

    def __init__(self, seed, build):
        v = lambda name: "v=" + token(43, seed, build, name) + "1"
        axd = lambda name: f"d={token(86, seed, name)}2&t={638700000000000000 + hx(seed, name, build) % 10 ** 14}"
        self.groups = {
            "layout": [("/Content/css", v("css"), 41260, "v"), ("/bundles/modernizr", v("mod"), 10480, "v"),
                       ("/bundles/jquery", v("jq"), 89730, "v"), ("/bundles/bootstrap", v("bs"), 37960, "v"),
                       ("/bundles/beacon", v("app"), 61420, "v"),
                       ("/Content/images/beacon-logo.svg", "", 6121, "s"),
                       ("/fonts/glyphicons-halflings-regular.woff2", "", 18316, "s"), ("/favicon.ico", "", 5758, "s")],
            "login": [("/Content/css", v("css"), 41260, "v"), ("/bundles/jquery", v("jq"), 89730, "v"),
                      ("/bundles/jqueryval", v("val"), 24110, "v"), ("/Content/images/beacon-logo.svg", "", 6121, "s"),
                      ("/Content/images/state-seal.png", "", 22874, "s"), ("/favicon.ico", "", 5758, "s")],
            "aspx": [("/WebResource.axd", axd("wr1"), 23475, "v"), ("/ScriptResource.axd", axd("sr1"), 98113, "v"),
                     ("/ScriptResource.axd", axd("sr2"), 41207, "v")],
            "kendo": [("/Content/kendo/2023.3.1010/kendo.bootstrap-v4.min.css", "", 268904, "s"),
                      ("/Scripts/kendo/2023.3.1010/kendo.all.min.js", "", 861377, "s"),
                      ("/Scripts/kendo/2023.3.1010/jszip.min.js", "", 31118, "s")],
            "chart": [("/Scripts/vendor/chart.umd.min.js", "", 69542, "s")],
            "signalr": [("/Scripts/jquery.signalR-2.4.3.min.js", "", 9832, "s"), ("/signalr/hubs", "", 1947, "d")],
            "pdfjs": [],
        }


def static(stem):
    return stem.startswith(("/Content/", "/Scripts/", "/fonts/", "/favicon.ico", "/robots.txt"))


def page(kind, a):
    """(stem, query, size, asset groups, xhrs, signalr hub) for a page; xhr = (method, stem, query, size, body, api).
    `{n}` in an XHR query is replaced by jQuery's cache-buster."""
    sid = a.get("sid")
    if kind == "home":
        return ("/Home/Index", "", 15800 + hx(a.get("who"), "home") % 1700, ("layout", "signalr"),
                [("GET", "/Home/GetAlerts", "_={n}", 380 + hx(a.get("who"), a.get("day")) % 2100, 0, False),
                 ("POST", "/graphql", "", None, ("DashboardSummary", a.get("who")), True)], "alertsHub")
    if kind == "search":
        qq = f"q={a['term']}" if a.get("term") else ""
        return ("/Students/Search", qq, 12900, ("layout", "kendo"), [], None)
    if kind == "profile":
        return ("/Student/Profile.aspx", f"StudentID={sid}", per(sid, "prof", 21000, 34000), ("layout", "aspx", "chart"),
                [("POST", "/graphql", "", None, ("StudentGrowth", sid), True)], None)
    if kind == "assess":
        return ("/Student/Assessments.aspx", f"StudentID={sid}", per(sid, "asm", 18000, 30000), ("layout", "aspx"),
                [("GET", f"/api/odata/Students('{sid}')/Assessments", "$orderby=AdminDate%20desc&$top=20",
                  per(sid, "asmj", 1400, 9800), 0, True)], None)
    if kind == "accom":
        return ("/Student/Accommodations.aspx", f"StudentID={sid}", per(sid, "acc", 16500, 22000), ("layout", "aspx"), [], None)
    if kind == "enroll":
        return (f"/Enrollment/Details/{a['guid']}", "", per(sid, "enr", 11800, 15500), ("layout",), [], None)
    if kind == "roster":
        return ("/Roster/ClassRoster.aspx", f"SectionID={a['section']}&Term=S2", 9800 + 1130 * a.get("n", 25),
                ("layout", "aspx"), [], None)
    if kind == "acct_school":
        return (f"/Accountability/School/{a['code']}", f"year={a.get('year', '2024')}", per(a["code"], "acs", 17000, 21000),
                ("layout", "chart"), [("POST", "/graphql", "", None, ("SchoolAccountability", a["code"]), True),
                                      ("GET", "/Accountability/Indicators", f"code={a['code']}&_={{n}}",
                                       per(a["code"], "ind", 2400, 6000), 0, False)], None)
    if kind == "acct_district":
        return (f"/Accountability/District/{a['code']}", f"year={a.get('year', '2024')}", per(a["code"], "acd", 19000, 26000),
                ("layout", "chart"), [("POST", "/graphql", "", None, ("DistrictRollup", a["code"]), True)], None)
    if kind == "reports":
        g = f"&Grade={a['grade']}" if a.get("grade") else ""
        return ("/Reports/ScoreReports.aspx", f"RCDTS={a['code']}&Admin=SP25{g}", per(a["code"], "rep", 24000, 52000),
                ("layout", "aspx"), [], None)
    if kind == "sessions":
        return ("/Testing/Sessions.aspx", f"RCDTS={a['code']}", per(a["code"], "ses", 19000, 31000), ("layout", "aspx"), [], None)
    if kind == "monitor":
        return ("/Testing/Monitor.aspx", f"SessionID={a['session']}", per(a["session"], "mon", 14000, 19000),
                ("layout", "aspx", "signalr"), [], "testSessionHub")
    if kind == "grid":
        return ("/Students/Grid", f"school={a['code']}", 13600, ("layout", "kendo"), [], None)
    if kind == "login":
        return ("/Account/Login", a.get("query", ""), 9412 + hx(a.get("query"), "l") % 40, ("login",), [], None)
    if kind == "public_rc":
        return ("/Public/ReportCard.aspx", f"RCDTS={a['code']}", per(a["code"], "prc", 28000, 44000), ("layout", "aspx", "chart"), [], None)
    if kind == "error404":            # customErrors with ResponseRewrite: the 404 status survives
        return (a["stem"], a.get("qs", ""), 6480 + len(a["stem"]), ("layout",), [], None)
    raise KeyError(kind)


def gql(op, key):
    """Body size and response size of a GraphQL POST (the record id travels in the body)."""
    lo, hi = GQL_SIZES[op]
    return 420 + len(op) * 9 + hx(op) % 160, per(key, op, lo, hi)


def odata_students(code, skip, top, extra=""):
    return ("/api/odata/Students",
            f"$filter=SchoolCode%20eq%20%27{code}%27{extra}&$orderby=LastName,FirstName&$skip={skip}&$top={top}&$count=true")


def svc(kind, size, rng):
    """Server time (s) of a request kind: log-normal around a median, plus transfer time for big bodies."""
    med, sig = {"static": (0.004, 0.6), "page": (0.19, 0.45), "api": (0.085, 0.5), "gql": (0.16, 0.55),
                "pdf": (0.75, 0.5), "login": (0.38, 0.3), "tiny": (0.012, 0.5), "xlsx": (2.4, 0.6)}[kind]
    return med * rng.lognormvariate(0.0, sig) + size / 9.0e6


def pdf_size(key):
    return per(key, "pdf", 118000, 412000)
