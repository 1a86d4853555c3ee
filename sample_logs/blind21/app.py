"""ScoreView's URL scheme and how the app answers: status, content type, body size, time taken, file name.

Legacy Struts pages (`*.do`) under `/sv/`, JSON under `/sv/api/`, the integration API under `/sv/api/v2/`,
static files under `/sv/static/<version>/` (all behind HTTP Basic), public pages outside `/sv/`.
"""
from urllib.parse import quote

from . import world as W

S = "/sv/static/%s/" % W.STATIC_VER
ASSETS_FIRST = [  # (path, mime, size) fetched by a browser the first time a day it renders a ScoreView page
    (S + "css/sv.css", "text/css", 48211), (S + "css/jquery-ui-1.13.3.min.css", "text/css", 32076),
    (S + "js/jquery-3.7.1.min.js", "application/javascript", 87533),
    (S + "js/jquery-ui-1.13.3.min.js", "application/javascript", 255084),
    (S + "js/datatables-1.13.8.min.js", "application/javascript", 89684),
    (S + "js/sv.min.js", "application/javascript", 141907),
    (S + "img/sde-logo.png", "image/png", 18342), (S + "img/icons-sprite.png", "image/png", 41710),
]
FONT = (S + "fonts/opensans-regular.woff2", "font/woff2", 61424)
CHART = (S + "js/chart-4.4.1.umd.min.js", "application/javascript", 205615)
HTML = "text/html;charset=UTF-8"
JSON = "application/json;charset=UTF-8"
ERR401 = ("text/html; charset=iso-8859-1", 381)


def q(s):
    return quote(s, safe="")


# ---- URL builders -------------------------------------------------------------------------------------------
def home():
    return "/sv/home.do"


def student(sasid, tab=None):
    return "/sv/student.do?sasid=%s" % sasid + ("&tab=%s" % tab if tab else "")


def score(sasid, admin):
    return "/sv/scoreDetail.do?sasid=%s&admin=%s" % (sasid, admin)


def isr(sasid, admin):
    return "/sv/isr.pdf?sasid=%s&admin=%s" % (sasid, admin)


def roster(school, grade, admin="2026SP"):
    return "/sv/roster.do?school=%s&grade=%s&admin=%s" % (school, grade, admin)


def roster_csv(school, grade, admin="2026SP"):
    return "/sv/rosterExport.do?school=%s&grade=%s&admin=%s&fmt=csv" % (school, grade, admin)


def search(last, first, district):
    return "/sv/search.do?lastName=%s&firstName=%s&district=%s" % (q(last), q(first), district)


def suggest(term, district):
    return "/sv/api/suggest?term=%s&district=%s" % (q(term), district)


def history(sasid):
    return "/sv/api/student/%s/history.json" % sasid


def flags(sasid):
    return "/sv/api/student/%s/flags.json" % sasid


def school_summary(school, admin="2026SP"):
    return "/sv/reports/schoolSummary.do?school=%s&admin=%s" % (school, admin)


def school_file(school, admin, fmt):
    return "/sv/reports/schoolFile.do?school=%s&admin=%s&fmt=%s" % (school, admin, fmt)


def ping(ms):
    return "/sv/api/ping?_=%d" % ms


# ---- responses ------------------------------------------------------------------------------------------------
def lognorm(rng, median, sigma=0.5):
    return median * rng.lognormvariate(0.0, sigma)


def answer(rng, kind, load=1.0):
    """(status, mime, size, seconds) for an ordinary successful request of `kind`; `load` slows the app."""
    if kind == "page":
        return 200, HTML, rng.randint(9000, 31000), lognorm(rng, 0.22, 0.6) * load
    if kind == "student":
        return 200, HTML, rng.randint(14000, 26000), lognorm(rng, 0.35, 0.6) * load
    if kind == "roster":
        return 200, HTML, rng.randint(38000, 140000), lognorm(rng, 0.9, 0.5) * load
    if kind == "search":
        return 200, HTML, rng.randint(7000, 40000), lognorm(rng, 0.6, 0.6) * load
    if kind == "json":
        return 200, JSON, rng.randint(240, 5200), lognorm(rng, 0.07, 0.6) * load
    if kind == "suggest":
        return 200, JSON, rng.randint(2, 2400), lognorm(rng, 0.09, 0.5) * load
    if kind == "ping":
        return 200, JSON, 27, lognorm(rng, 0.012, 0.4)
    if kind == "pdf":
        return 200, "application/pdf", rng.randint(88000, 310000), lognorm(rng, 1.6, 0.45) * load
    if kind == "csv":
        return 200, "text/csv;charset=UTF-8", rng.randint(9000, 160000), lognorm(rng, 2.5, 0.6) * load
    if kind == "bigcsv":
        return 200, "text/csv;charset=UTF-8", rng.randint(900000, 6500000), lognorm(rng, 14.0, 0.5) * load
    if kind == "zip":
        return 200, "application/zip", rng.randint(18000000, 140000000), lognorm(rng, 75.0, 0.45) * load
    if kind == "public":
        return 200, "text/html", rng.randint(4200, 16000), lognorm(rng, 0.01, 0.5)
    if kind == "api":
        return 200, JSON, rng.randint(60000, 420000), lognorm(rng, 1.1, 0.5) * load
    raise ValueError(kind)


FILENAME = {"pdf": "ISR_{sasid}_{admin}.pdf", "csv": "roster_{school}_{grade}_{admin}.csv"}


def static_answer(rng, path, mime, size):
    return 200, mime, size, 0.002 + size / 9.0e6 * rng.uniform(0.6, 1.8)


def forbidden(rng):
    return 403, HTML, rng.randint(1890, 1960), lognorm(rng, 0.05)


def not_found_student(rng):
    return 404, HTML, rng.randint(6100, 6400), lognorm(rng, 0.2)


def server_error(rng):
    return 500, HTML, rng.randint(2100, 2600), lognorm(rng, 1.5, 0.8)


def unavailable(rng):
    return 503, "text/html; charset=iso-8859-1", 299, lognorm(rng, 0.01)


# admin area: allowed roles
ADMIN_OK = {"it", "sde_it", "helpdesk"}
ADMIN_PAGES = ["/sv/admin/users.do", "/sv/admin/users.do?district={d}", "/sv/admin/audit.do?user={u}",
               "/sv/admin/jobs.do", "/sv/admin/loadStatus.do"]

PUBLIC_PAGES = ["/", "/help/", "/help/faq.html", "/help/reading-your-score-report.html", "/public/about.html",
                "/public/releases/2026-spring-results.html", "/public/data/2026-state-summary.csv",
                "/public/accessibility.html", "/help/es/", "/public/contact.html"]
