"""blind23 tasks: Keystone Records' URL scheme and the ordinary things people do in it (lookups, search, rosters,
reports, extracts, submissions, admin, help)."""
import math
from urllib.parse import quote

from . import world as W
from .client import SAME, rand_token

META = ("alerted", "Illegal meta character in value", "", "", "", "Abuse of Functionality", "Warning", 2)
SPED_OK = {"sped_coordinator", "principal", "counselor", "state_auditor", "program_specialist", "data_steward",
           "helpdesk"}
ADMIN_OK = {"district_it", "state_it", "helpdesk"}
REPORTS = ["enrollment-summary", "assessment-participation", "el-status", "sped-child-count", "graduation-cohort",
           "mobility", "fall-snapshot-reconciliation"]
HELP = ["getting-started", "student-lookup", "fall-enrollment-collection", "submission-errors", "sped-documents",
        "bulk-extracts", "password-reset", "saml-sign-in", "roles-and-permissions", "assessment-reports"]


def read(rng, median, sigma=0.6):
    return median * math.exp(rng.gauss(0, sigma))


def student(b, t, row, tabs, role, via="lookup", pdf_p=0.5):
    """Open one pupil (typed SSID lookup, or a click from a list) and some of the pupil's tabs."""
    rng = b.rng
    s = row[0]
    if via == "lookup":
        t += 2 + rng.random() * 4                            # typing nine digits
        if rng.random() < 0.015:
            bad = s[:-1] + str((int(s[-1]) + 3) % 10)
            t = b.nav(t, "/ksr/student/lookup", "ssid=" + bad, status=404) + 3 + rng.random() * 4
        b.hit(t, "GET", "/ksr/student/lookup", "ssid=" + s, "nav", 302)
        t += 0.2
    base = "/ksr/student/" + s
    api = "/ksr/api/v2/students/" + s
    ref = W.BASE + b.listing if (via == "list" and b.listing) else SAME
    t = b.nav(t, base, "", xhrs=(api + "/summary", api + "/alerts"), ref=ref)
    for tab in tabs:
        t += read(rng, 12)
        if tab == "enrollment":
            t = b.nav(t, base + "/enrollment", "", xhrs=(api + "/enrollment",))
        elif tab == "transcript":
            t = b.nav(t, base + "/transcript", "", xhrs=(api + "/transcript",))
        elif tab == "transcript_pdf":
            b.hit(t, "GET", base + "/transcript.pdf", "", "dl", dur=0.8)
        elif tab == "assessments":
            t = b.nav(t, base + "/assessments", "", xhrs=((api + "/assessments", "years=3"),))
        elif tab == "programs":
            t = b.nav(t, base + "/programs", "", xhrs=(api + "/programs",))
        elif tab == "demographics":
            t = b.nav(t, base + "/demographics", "")
        elif tab == "sped":
            if role not in SPED_OK:
                t = b.nav(t, base + "/sped", "", status=403)
                continue
            t = b.nav(t, base + "/sped", "", xhrs=(api + "/sped/documents",))
            for d in row[4]:
                if rng.random() < pdf_p:
                    t += read(rng, 6)
                    b.hit(t, "GET", base + "/sped/documents/%s.pdf" % d, "", "dl", dur=0.6 + rng.random())
    b.touch(t)
    return t


def search(b, t, district, surname, size=25):
    rng = b.rng
    viol = META if "'" in surname else None
    for n in range(3, min(len(surname), 6) + 1):
        t += 0.25 + rng.random() * 0.5
        b.hit(t, "GET", "/ksr/api/v2/search/quick", "q=%s&district=%s" % (quote(surname[:n], safe=""), district),
              "xhr", viol=viol if "'" in surname[:n] else None)
    t += 0.6 + rng.random()
    q = "q=%s&district=%s&page=1&size=%d" % (quote(surname, safe=""), district, size)
    b.hit(t, "GET", "/ksr/search", q, "nav", viol=viol)
    b.page = b.listing = "/ksr/search?" + q
    b.touch(t)
    return t + 0.5


def roster(b, t, code, school, grade, export=False):
    q = "school=%s&grade=%s" % (W.school_code(code, school), "KG" if grade == 0 else "%02d" % grade)
    t = b.nav(t, "/ksr/district/%s/roster" % code, q,
              xhrs=(("/ksr/api/v2/district/%s/roster" % code, q + "&page=1&size=50"),))
    b.listing = "/ksr/district/%s/roster?%s" % (code, q)
    if export:
        t += read(b.rng, 8)
        b.hit(t, "GET", "/ksr/district/%s/roster/export.csv" % code, q, "dl", dur=1.5)
    b.touch(t)
    return t


def report(b, t, code, export_p=0.3):
    rng = b.rng
    t = b.nav(t, "/ksr/reports/", "")
    name = rng.choice(REPORTS)
    q = "district=%s&year=2026-27" % code
    t = b.nav(t + read(rng, 6), "/ksr/reports/" + name, q, xhrs=(("/ksr/api/v2/reports/" + name, q),))
    if rng.random() < export_p:
        t += read(rng, 20)
        b.hit(t, "GET", "/ksr/reports/%s.xlsx" % name, q, "dl", dur=2 + rng.random() * 6)
    b.touch(t)
    return t + read(rng, 40)


def extract(b, t, code, dataset="enrollment"):
    rng = b.rng
    t = b.nav(t, "/ksr/extract/", "")
    t += read(rng, 15)
    body = "district=%s&dataset=%s&format=csv&_csrf=%s" % (code, dataset, rand_token(rng, 24))
    b.hit(t, "POST", "/ksr/extract/request", "", "form", 302, body=body, ctype="application/x-www-form-urlencoded")
    job = "%d" % rng.randint(400000, 499999)
    t = b.nav(t + 0.3, "/ksr/extract/jobs/" + job, "")
    for _ in range(rng.randint(3, 14)):
        t += 3 + rng.random() * 0.2
        b.hit(t, "GET", "/ksr/api/v2/extract/jobs/%s/status" % job, "", "xhr")
    t += 1 + rng.random() * 3
    b.hit(t, "GET", "/ksr/extract/jobs/%s/download" % job, "", "dl", dur=4 + rng.random() * 30)
    b.touch(t)
    return t + 20


def upload(b, t, code, rows, collection="fall-enrollment-2026"):
    """Upload a submission file, wait for validation, look at errors; returns (t, batch)."""
    rng = b.rng
    t = b.nav(t, "/ksr/submissions/", "district=" + code, xhrs=(("/ksr/api/v2/submissions", "district=" + code),))
    t = b.nav(t + read(rng, 5), "/ksr/submissions/new", "collection=" + collection)
    t += read(rng, 25)
    bnd = "----WebKitFormBoundary" + rand_token(rng, 12)
    csv = "SSID,LAST_NAME,FIRST_NAME,BIRTH_DATE,GRADE,BUILDING,ENTRY_DATE,RESIDENT_DISTRICT\r\n" + "".join(
        "%s,%s,%s,20%02d-%02d-%02d,%02d,%s,2026-08-20,%s\r\n" % (r[0], r[1].upper(), rng.choice(W.FIRST).upper(),
                                                                  8 + (12 - r[3]), rng.randint(1, 12),
                                                                  rng.randint(1, 28), r[3], W.school_code(code, r[2]),
                                                                  code) for r in rows[:40])
    body = ('%s\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n%s\r\n%s\r\nContent-Disposition: form-data; '
            'name="file"; filename="%s_fall_enrollment_%s.csv"\r\nContent-Type: text/csv\r\n\r\n%s'
            % (bnd, rand_token(rng, 24), bnd, code, rng.choice(("v1", "v2", "final", "fixed")), csv))
    b.hit(t, "POST", "/ksr/submissions/upload", "", "form", 302, body=body, clen=len(body) + 60000,
          ctype="multipart/form-data; boundary=" + bnd[2:], dur=2 + rng.random() * 3)
    batch = "B%d" % rng.randint(2600000, 2699999)
    t = b.nav(t + 3, "/ksr/submissions/" + batch, "")
    for _ in range(rng.randint(3, 10)):
        t += 4
        b.hit(t, "GET", "/ksr/api/v2/submissions/%s/status" % batch, "", "xhr")
    t = b.nav(t + 2, "/ksr/submissions/%s/errors" % batch, "",
              xhrs=(("/ksr/api/v2/submissions/%s/errors" % batch, "page=1"),))
    if rng.random() < 0.6:
        t += read(rng, 30)
        b.hit(t, "GET", "/ksr/submissions/%s/errors.csv" % batch, "", "dl")
    b.touch(t)
    return t + read(rng, 60), batch


def certify(b, t, batch):
    rng = b.rng
    t = b.nav(t, "/ksr/submissions/%s/certify" % batch, "")
    t += read(rng, 30)
    body = "attest=on&_csrf=%s" % rand_token(rng, 24)
    b.hit(t, "POST", "/ksr/submissions/%s/certify" % batch, "", "form", 302, body=body,
          ctype="application/x-www-form-urlencoded")
    return b.nav(t + 0.3, "/ksr/submissions/" + batch, "certified=1")


def admin(b, t, role, code):
    rng = b.rng
    st = 200 if role in ADMIN_OK else 403
    q = "district=%s" % code if code != "STATE" else ""
    t = b.nav(t, "/ksr/admin/users", q, status=st, xhrs=(("/ksr/api/v2/admin/users", q + "&page=1"),))
    if st == 200 and rng.random() < 0.6:
        t += read(rng, 30)
        t = b.nav(t, "/ksr/admin/audit", "user=%s&days=7" % quote(rng.choice(W.FIRST)[0] + rng.choice(W.LAST),
                                                                    safe=""))
    if st == 200 and rng.random() < 0.25:
        t += read(rng, 20)
        t = b.nav(t, "/ksr/admin/roles", q)
    b.touch(t)
    return t


def help_page(b, t):
    t = b.nav(t, "/ksr/help/", "")
    return b.nav(t + read(b.rng, 8), "/ksr/help/" + b.rng.choice(HELP), "")
