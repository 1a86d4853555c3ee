"""URL scheme of Pathways and the Application Insights operation names of its routes
("GET Students/Details [id]" for MVC/API actions, "GET /Account/Login" for Razor pages,
"GET /path" for anything outside routing: static files, /signin-oidc, /health, 404 probes)."""
import re

_A = "|".join
_ROUTES = [
    ("*", r"/", "Home/Index"),
    ("*", r"/Privacy", "Home/Privacy"),
    ("*", r"/Messages", "Messages/Index"),
    ("*", r"/Students", "Students/Index"),
    ("*", r"/Students/Details/\d+", "Students/Details [id]"),
    ("*", r"/Sections/Roster/\d+", "Sections/Roster [id]"),
    ("*", r"/d/\d+/Students/\d+", "Students/DistrictDetails [districtId/id]"),
    ("*", r"/d/\d+/Reports/Run/[\w-]+", "Reports/Run [districtId/slug]"),
    ("*", r"/Attendance/Take", "Attendance/Take"),
    ("*", r"/Attendance/Office", "Attendance/Office"),
    ("*", r"/Gradebook/Section/\d+", "Gradebook/Section [sectionId]"),
    ("*", r"/Reports", "Reports/Index"),
    ("*", r"/Reports/Run/[\w-]+", "Reports/Run [slug]"),
    ("*", r"/Reports/Export/[\w-]+", "Reports/Export [slug]"),
    ("*", r"/Reports/ReportCards", "ReportCards/Index"),
    ("*", r"/Reports/ReportCards/Pdf", "ReportCards/Pdf"),
    ("*", r"/Enrollment/Pending", "Enrollment/Pending"),
    ("*", r"/Enrollment/New", "Enrollment/New"),
    ("*", r"/Enrollment/Review/\d+", "Enrollment/Review [id]"),
    ("*", r"/Scheduling/Builder", "Scheduling/Builder"),
    ("*", r"/Transportation/Routes", "Transportation/Routes"),
    ("*", r"/Transportation/Riders/\d+", "Transportation/Riders [routeId]"),
    ("*", r"/Health/Screenings", "Screenings/Index [area]"),
    ("*", r"/Health/Screenings/Record", "Screenings/Record [area]"),
    ("*", r"/Health/Visits/Create", "Visits/Create [area]"),
    ("*", r"/Health/Immunizations/Compliance", "Immunizations/Compliance [area]"),
    ("*", r"/SpecialEd/Caseload", "Caseload/Index [area]"),
    ("*", r"/SpecialEd/Iep/\d+", "Iep/Index [area/studentId]"),
    ("*", r"/SpecialEd/Iep/\d+/Documents/\d+", "Iep/Document [area/docId/studentId]"),
    ("POST", r"/SpecialEd/Iep/\d+/Notes", "Iep/AddNote [area/studentId]"),
    ("*", r"/Admin/Users", "Users/Index [area]"),
    ("*", r"/Admin/Users/Edit/\d+", "Users/Edit [area/id]"),
    ("*", r"/Admin/Audit", "Audit/Index [area]"),
    ("*", r"/Admin/Integrations", "Integrations/Index [area]"),
    ("*", r"/Admin/Integrations/Status", "Integrations/Status [area]"),
    ("*", r"/Admin/Jobs", "Jobs/Index [area]"),
    ("POST", r"/Admin/Impersonate", "Impersonate/Start [area]"),
    ("POST", r"/Admin/Impersonate/End", "Impersonate/End [area]"),
    ("*", r"/Help", "Help/Index"),
    ("*", r"/Help/Articles/[\w-]+", "Help/Article [slug]"),
    ("*", r"/Account/Login", "/Account/Login"),
    ("*", r"/Account/Logout", "/Account/Logout"),
    ("*", r"/Account/AccessDenied", "/Account/AccessDenied"),
    ("*", r"/MicrosoftIdentity/Account/SignIn", "Account/SignIn [area]"),
    ("*", r"/MicrosoftIdentity/Account/SignOut", "Account/SignOut [area]"),
    ("*", r"/MicrosoftIdentity/Account/SignedOut", "/Account/SignedOut [area]"),
    ("GET", r"/api/v1/students/search", "StudentsApi/Search"),
    ("GET", r"/api/v1/students/\d+/(summary|alerts|attendance|grades|contacts|programs|health|documents|iep)", "StudentsApi/{0} [id]"),
    ("GET", r"/api/v1/students/\d+/iep/documents", "StudentsApi/IepDocuments [id]"),
    ("POST", r"/api/v1/students/\d+/contacts", "StudentsApi/AddContact [id]"),
    ("POST", r"/api/v1/students/\d+/documents", "StudentsApi/UploadDocument [id]"),
    ("PUT", r"/api/v1/students/\d+/attendance/[\d-]+", "StudentsApi/UpdateAttendance [date/id]"),
    ("GET", r"/api/v1/sections/\d+/(roster|gradebook)", "SectionsApi/{0} [sectionId]"),
    ("PUT", r"/api/v1/sections/\d+/scores", "SectionsApi/SaveScores [sectionId]"),
    ("GET", r"/api/v1/notifications/unread-count", "NotificationsApi/UnreadCount"),
    ("GET", r"/api/v1/dashboard/widgets", "DashboardApi/Widgets"),
    ("GET", r"/api/v1/messages", "MessagesApi/List"),
    ("GET", r"/api/v1/scheduling/(requests|sections)", "SchedulingApi/{0}"),
    ("POST", r"/api/v1/scheduling/assign", "SchedulingApi/Assign"),
    ("GET", r"/api/v1/districts/\d+/(sections|students)", "SyncApi/{0} [districtId]"),
    ("POST", r"/api/v1/districts/\d+/attendance/batch", "SyncApi/AttendanceBatch [districtId]"),
    ("GET", r"/api/v1/districts/\d+/transportation/riders", "SyncApi/Riders [districtId]"),
    ("GET", r"/api/v1/districts/\d+/eligibility/changes", "SyncApi/EligibilityChanges [districtId]"),
    ("GET", r"/api/v1/state/districts/\d+/(enrollment|attendance|programs)", "StateReportingApi/{0} [districtId]"),
]
_COMPILED = [(m, re.compile("^%s$" % rx), name) for m, rx, name in _ROUTES]
_CACHE = {}


def op_name(method, path):
    """Application Insights operation name of a request."""
    key = (method, path)
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    name = None
    for m, rx, tmpl in _COMPILED:
        if m != "*" and m != method:
            continue
        mo = rx.match(path)
        if mo:
            part = mo.group(1) if mo.groups() else ""
            name = "%s %s" % (method, tmpl.format(part[:1].upper() + part[1:]))
            break
    if name is None:
        name = "%s %s" % (method, path)
    if len(_CACHE) < 400000:
        _CACHE[key] = name
    return name


SITE_CSS_V = ("k3Qe7Yx0pV2mZrL9dF1cW8sN5tHbA6uJoGiEyKq4XfM", "R8vT2nYwC5pLq0zKxH7dM3sB9eJgF1aUoNiW6cVyQkE")
SITE_JS_V = ("p0L7sXg2wQnV9cT4eR1yKmB8zH3fJdA5uNiO6tYxWqS", "Zc4Wn8xQ1vL6eT9pY2sK7mB3hR0fJgA5uDiN4tOyXwE")
ASSETS = ["/lib/bootstrap/dist/css/bootstrap.min.css", "/css/site.min.css?v={c}", "/lib/jquery/dist/jquery.min.js",
          "/lib/bootstrap/dist/js/bootstrap.bundle.min.js", "/js/site.min.js?v={j}", "/img/pathways-logo.svg",
          "/favicon.ico"]
REPORTS = ["attendance-summary", "chronic-absence", "grade-distribution", "student-contacts", "guardian-directory",
           "emergency-cards", "program-roster", "immunization-compliance", "enrollment-changes", "ell-roster",
           "d-f-list", "attendance-detail"]
HELP = ["signing-in", "taking-attendance", "gradebook-basics", "report-cards", "exporting-reports",
        "iep-documents", "health-screenings", "enrolling-a-student", "mfa-and-passwords", "privacy-ferpa"]
