"""Events and the client model: a browser tab of the Compass SPA (or a script), Cognito sign-in, token refresh,
CORS preflights, Apollo persisted-query GETs and POST mutations, REST calls."""
import hashlib
import json
import math
from urllib.parse import quote

from .world import uuid

HOST_ORIGIN = "https://compass.mtsis.org"
CLIENT_ID = "6h2ke9q4vb1o3s7rn5tmdf8c0a"
REDIRECT = quote(HOST_ORIGIN + "/auth/callback", safe="")
R_GQL_GET, R_GQL_POST, R_OAUTH, R_LOGIN = "GET /graphql", "POST /graphql", "ANY /oauth2/{proxy+}", "ANY /login"

# op: (mutation, response bytes median, latency ms median)
OPS = {
    "Me": (0, 1300, 24), "DistrictSettings": (0, 3100, 22), "StaffDashboard": (0, 6400, 95), "NotificationCount": (0, 118, 14),
    "TodaySchedule": (0, 2500, 40), "StudentSearch": (0, 2600, 62), "StudentProfile": (0, 5200, 72),
    "StudentContacts": (0, 2100, 46), "StudentAttendance": (0, 7300, 115), "StudentGrades": (0, 6100, 125),
    "StudentSchedule": (0, 3000, 52), "StudentHealth": (0, 1900, 44), "StudentDocuments": (0, 1500, 41),
    "StudentBehavior": (0, 2000, 52), "StudentPrograms": (0, 1200, 36), "StudentCourseRequests": (0, 2300, 63),
    "CourseCatalog": (0, 41000, 170), "ScheduleConflicts": (0, 1400, 310), "SectionRoster": (0, 6200, 72),
    "AttendanceForSection": (0, 3100, 57), "Gradebook": (0, 26000, 245), "Assignments": (0, 5000, 61),
    "Inbox": (0, 8200, 82), "Message": (0, 3100, 36), "ReportCatalog": (0, 4100, 41), "ReportJobStatus": (0, 310, 19),
    "AttendanceDashboard": (0, 9400, 185), "StateReportExtract": (0, 420000, 4600), "DataQualityIssues": (0, 31000, 820),
    "EnrollmentCounts": (0, 5200, 610), "StudentAttendanceDays": (0, 4200, 92), "StudentAssessments": (0, 3100, 83),
    "EnrollmentHistory": (0, 3000, 64), "ReportCardPreview": (0, 12500, 360), "AdminUsers": (0, 14000, 140),
    "CanaryPing": (0, 64, 11), "DistrictPicker": (0, 2200, 30),
    "SaveAttendance": (1, 420, 92), "UpdateScores": (1, 610, 112), "CreateAssignment": (1, 700, 130),
    "RunReport": (1, 260, 125), "SendMessage": (1, 310, 155), "SaveCourseRequests": (1, 820, 142),
    "CreateBehaviorIncident": (1, 520, 133), "UpdateStudentDemographics": (1, 710, 163),
    "GenerateReportCards": (1, 255, 205), "ValidationRun": (1, 300, 910), "MarkNotificationsRead": (1, 96, 41),
    "RecordHealthVisit": (1, 480, 120), "UpdateUserRoles": (1, 350, 150),
}


def _enc(s):
    return quote(s, safe="-_.!~*'()")


def _js(o):
    return json.dumps(o, separators=(",", ":"))


EXT = {op: _enc(_js({"persistedQuery": {"version": 1, "sha256Hash":
                                        hashlib.sha256(("compass/%s/v41" % op).encode()).hexdigest()}})) for op in OPS}


def gql_qs(op, var):
    return "operationName=%s&variables=%s&extensions=%s" % (op, _enc(_js(var or {})), EXT[op])


def b64url(rng, n):
    a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    return "".join(a[rng.getrandbits(6)] for _ in range(n))


class Ev:
    """One request. t = start (epoch s); integ = integration latency ms (None: answered by API Gateway itself);
    app = whether the Node app saw it; who = the account whose credential was used; tag = abuse behaviour key."""
    __slots__ = ("t", "ip", "m", "path", "qs", "route", "st", "size", "integ", "ua", "who", "op", "app", "tag",
                 "err", "end", "alat")

    def __init__(self, t, ip, m, path, qs, route, st, size, integ, ua, who, op, app, tag, err):
        self.t, self.ip, self.m, self.path, self.qs, self.route, self.st = t, ip, m, path, qs, route, st
        self.size, self.integ, self.ua, self.who, self.op, self.app, self.tag = size, integ, ua, who, op, app, tag
        self.err, self.alat = err, None
        self.end = t + (integ if integ is not None else 6) / 1000.0


class Client:
    """A browser tab (browser=True: CORS preflights, Apollo APQ GETs) or a script holding a token."""
    def __init__(self, sink, rng, ip, ua, user=None, tag=None, browser=True, apq=True):
        self.sink, self.rng, self.ip, self.ua, self.user, self.tag = sink, rng, ip, ua, user, tag
        self.browser, self.apq = browser, apq
        self.exp, self.pre, self.cache = 0.0, {}, set()
        self.pre_ttl = 600 if ("Safari/" in ua and "Chrome/" not in ua) else 3600
        self.race_p, self.err_p = (0.03 if browser else 0.0), 0.0015

    # -- primitives ---------------------------------------------------------------------------------------------
    def lat(self, med, sigma=0.45):
        return max(2, int(med * math.exp(self.rng.gauss(0, sigma))))

    def think(self, med, sigma=0.7):
        return med * math.exp(self.rng.gauss(0, sigma))

    def emit(self, t, m, path, qs, route, st, size, integ, authed, op=None, app=True, err=None):
        ev = Ev(t, self.ip, m, path, qs, route, st, size, integ, self.ua, self.user if authed else None, op, app,
                self.tag, err)
        self.sink.append(ev)
        return ev

    def _preflight(self, t, key, path, qs):
        if not self.browser or self.pre.get(key, 0) > t:
            return t
        self.pre[key] = t + self.pre_ttl
        self.emit(t, "OPTIONS", path, qs, "-", 204, 0, None, False, app=False)
        return t + self.rng.uniform(0.03, 0.11)

    def _auth(self, t, m, path, qs, route, key):
        if self.user is None or t < self.exp:
            return t
        if self.exp and self.rng.random() < self.race_p:      # request raced the expiry: JWT authorizer says 401
            t = self._preflight(t, key, path, qs)
            self.emit(t, m, path, qs, route, 401, 26, None, False, app=False)
            t += self.rng.uniform(0.05, 0.2)
        return self.refresh(t)

    # -- Cognito ------------------------------------------------------------------------------------------------
    def refresh(self, t):
        lat = self.lat(125)
        self.emit(t, "POST", "/oauth2/token", "", R_OAUTH, 200, self.lat(2750, 0.04), lat, False)
        self.exp = t + 3300 + self.rng.uniform(0, 200)
        return t + lat / 1000.0

    def sign_in(self, t, auth, fails=0, hd=None):
        """Hosted-UI sign-in (cognito: /login form; google: federated) ending in the code exchange."""
        rng = self.rng
        state, chal = b64url(rng, 32), b64url(rng, 43)
        q = "response_type=code&client_id=%s&redirect_uri=%s&scope=openid+email+profile&state=%s&code_challenge=%s" \
            "&code_challenge_method=S256" % (CLIENT_ID, REDIRECT, state, chal)
        if auth == "google":
            lat = self.lat(38)
            self.emit(t, "GET", "/oauth2/authorize", q + "&identity_provider=Google", R_OAUTH, 302, 0, lat, False)
            t += lat / 1000.0 + self.think(4.0, 0.6)
            code = "4%2F0A" + b64url(rng, 70)
            iq = "state=%s&code=%s&scope=email+profile+openid+https%%3A%%2F%%2Fwww.googleapis.com%%2Fauth%%2F" \
                 "userinfo.email+https%%3A%%2F%%2Fwww.googleapis.com%%2Fauth%%2Fuserinfo.profile&authuser=0&hd=%s" \
                 "&prompt=none" % (b64url(rng, 48), code, hd or "gmail.com")
            lat = self.lat(260)
            self.emit(t, "GET", "/oauth2/idpresponse", iq, R_OAUTH, 302, 0, lat, False)
            t += lat / 1000.0 + rng.uniform(0.6, 1.6)
        else:
            lat = self.lat(36)
            self.emit(t, "GET", "/oauth2/authorize", q, R_OAUTH, 302, 0, lat, False)
            t += lat / 1000.0 + rng.uniform(0.15, 0.5)
            lq = "client_id=%s&response_type=code&scope=openid+email+profile&redirect_uri=%s&state=%s" \
                 "&code_challenge=%s&code_challenge_method=S256" % (CLIENT_ID, REDIRECT, state, chal)
            lat = self.lat(55)
            self.emit(t, "GET", "/login", lq, R_LOGIN, 200, self.lat(5640, 0.01), lat, False)
            t += lat / 1000.0
            for k in range(fails + 1):
                t += self.think(9.0 if k == 0 else 7.0, 0.5)
                ok = k == fails
                lat = self.lat(190)
                self.emit(t, "POST", "/login", lq, R_LOGIN, 302 if ok else 200, 0 if ok else self.lat(5890, 0.01),
                          lat, False)
                t += lat / 1000.0
            t += rng.uniform(0.6, 1.5)
        lat = self.lat(140)
        self.emit(t, "POST", "/oauth2/token", "", R_OAUTH, 200, self.lat(3920, 0.03), lat, False)
        self.exp = t + 3300 + rng.uniform(0, 200)
        return t + lat / 1000.0

    def sign_out(self, t):
        q = "client_id=%s&logout_uri=%s" % (CLIENT_ID, quote(HOST_ORIGIN + "/signed-out", safe=""))
        self.emit(t, "GET", "/logout", q, "ANY /logout", 302, 0, self.lat(30), False)
        self.exp = 0.0
        return t + 0.1

    # -- GraphQL / REST -----------------------------------------------------------------------------------------
    def gql(self, t, op, var=None, err=None, size=None, lat=None, st=200):
        mut, smed, lmed = OPS[op]
        if self.apq and not mut:
            m, route, qs = "GET", R_GQL_GET, gql_qs(op, var)
        else:
            m, route, qs = "POST", R_GQL_POST, ""
        key = m + qs
        t = self._auth(t, m, "/graphql", qs, route, key)
        t = self._preflight(t, key, "/graphql", qs)
        lat = lat or self.lat(lmed)
        if err:
            size = size or self.lat(230, 0.15)
        elif self.rng.random() < self.err_p:
            st, err, size = 500, "INTERNAL_SERVER_ERROR", 132
        size = size or self.lat(smed, 0.35)
        self.emit(t, m, "/graphql", qs, route, st, size, lat, True, op=op, err=err)
        return t + lat / 1000.0

    def cached(self, t, op, var=None):
        """Apollo cache-first query: only fetched once per tab."""
        key = op + _js(var or {})
        if key in self.cache:
            return t
        self.cache.add(key)
        return self.gql(t, op, var)

    def rest(self, t, m, path, route, st=200, size=300, lmed=60, qs="", authed=True):
        if authed:
            key = m + path + qs
            t = self._auth(t, m, path, qs, route, key)
            t = self._preflight(t, key, path, qs)
        lat = self.lat(lmed)
        self.emit(t, m, path, qs, route, st, size, lat, authed)
        return t + lat / 1000.0

    def photo(self, t, pupil, size="thumb"):
        qs = "size=%s&exp=%d&sig=%s" % (size, int(t) // 3600 * 3600 + 7200, b64url(self.rng, 22))
        lat = self.lat(28)
        missing = pupil.n % 23 == 0                      # no photo on file
        self.emit(t, "GET", "/v1/photos/%d" % pupil.n, qs, "GET /v1/photos/{studentId}", 404 if missing else 200,
                  23 if missing else self.lat(9000 if size == "thumb" else 61000, 0.3), lat, False)
        return t + lat / 1000.0

    def document(self, t, pupil):
        doc = self.rng.choice(pupil.docs)
        restricted = doc.endswith(("0", "7")) and self.rng.random() < 0.4     # IEP/504 files: need a programme role
        return self.rest(t, "GET", "/v1/documents/%s/download" % doc, "GET /v1/documents/{documentId}/download",
                         403 if restricted else 302, 44 if restricted else 0, 85)

    def export(self, t):
        gone = self.rng.random() < 0.01
        return self.rest(t, "GET", "/v1/exports/%s" % uuid(self.rng), "GET /v1/exports/{jobId}",
                         404 if gone else 302, 27 if gone else 0, 70)

    def beacon(self, t):
        lat = self.lat(9)
        self.emit(t, "POST", "/v1/client-errors", "", "POST /v1/client-errors", 204, 0, lat, False)
        return t + lat / 1000.0

    def load(self, t, dashboard=True):
        """What the SPA fetches when it (re)loads."""
        t = self.gql(t, "Me") + self.rng.uniform(0.01, 0.05)
        t = self.gql(t, "DistrictSettings") + self.rng.uniform(0.01, 0.05)
        if dashboard:
            t = self.gql(t, "StaffDashboard") + self.rng.uniform(0.01, 0.05)
        return self.gql(t, "NotificationCount")
