"""Ledger's Rails routes: path -> controller#action, template and the Parameters hash Rails would log."""
import re
from urllib.parse import parse_qsl

_R = [
    ("GET", r"/", "DashboardController#show", ()),
    ("GET", r"/dashboard/sections", "DashboardController#sections", ()),
    ("GET", r"/dashboard/alerts", "DashboardController#alerts", ()),
    ("GET", r"/notifications", "NotificationsController#index", ()),
    ("GET", r"/messages", "MessagesController#index", ()),
    ("GET", r"/messages/(\d+)", "MessagesController#show", ("id",)),
    ("GET", r"/settings", "SettingsController#show", ()),
    ("GET", r"/students", "StudentsController#index", ()),
    ("GET", r"/students/(\d+)", "StudentsController#show", ("id",)),
    ("GET", r"/students/(\d+)/schedule", "Students::SchedulesController#show", ("student_id",)),
    ("GET", r"/students/(\d+)/attendance_summary", "Students::AttendanceController#summary", ("student_id",)),
    ("GET", r"/students/(\d+)/attendance", "Students::AttendanceController#index", ("student_id",)),
    ("GET", r"/students/(\d+)/grades", "Students::GradesController#index", ("student_id",)),
    ("GET", r"/students/(\d+)/contacts", "Students::ContactsController#index", ("student_id",)),
    ("GET", r"/students/(\d+)/health", "Students::HealthRecordsController#show", ("student_id",)),
    ("POST", r"/students/(\d+)/health_visits", "Students::HealthVisitsController#create", ("student_id",)),
    ("GET", r"/students/(\d+)/notes", "Students::NotesController#index", ("student_id",)),
    ("POST", r"/students/(\d+)/notes", "Students::NotesController#create", ("student_id",)),
    ("GET", r"/students/(\d+)/incidents", "Students::IncidentsController#index", ("student_id",)),
    ("GET", r"/students/(\d+)/enrollment_history", "Students::EnrollmentsController#index", ("student_id",)),
    ("GET", r"/students/(\d+)/iep", "Students::IepsController#show", ("student_id",)),
    ("GET", r"/students/(\d+)/transcript", "TranscriptsController#show", ("student_id",)),
    ("GET", r"/sections", "SectionsController#index", ()),
    ("GET", r"/sections/(\d+)", "SectionsController#show", ("id",)),
    ("GET", r"/sections/(\d+)/gradebook", "GradebooksController#show", ("section_id",)),
    ("PATCH", r"/sections/(\d+)/grades/(\d+)", "GradesController#update", ("section_id", "id")),
    ("GET", r"/sections/(\d+)/grades/export", "Grades::ExportsController#show", ("section_id",)),
    ("GET", r"/sections/(\d+)/attendance", "SectionAttendancesController#show", ("section_id",)),
    ("POST", r"/sections/(\d+)/attendance", "SectionAttendancesController#create", ("section_id",)),
    ("GET", r"/caseload", "CaseloadsController#show", ()),
    ("GET", r"/transcript_requests", "TranscriptRequestsController#index", ()),
    ("GET", r"/transcript_requests/(\d+)", "TranscriptRequestsController#show", ("id",)),
    ("POST", r"/transcript_requests/(\d+)/send", "TranscriptRequestsController#deliver", ("id",)),
    ("GET", r"/records_requests", "RecordsRequestsController#index", ()),
    ("GET", r"/reports", "ReportsController#index", ()),
    ("GET", r"/reports/([a-z_]+)", "ReportsController#show", ("id",)),
    ("GET", r"/departments/(\d+)/grade_distribution", "Departments::GradeDistributionsController#show",
     ("department_id",)),
    ("GET", r"/report_cards/batches", "ReportCards::BatchesController#index", ()),
    ("GET", r"/report_cards/batches/([A-Z0-9-]+)", "ReportCards::BatchesController#show", ("id",)),
    ("GET", r"/attendance/daily", "DailyAttendanceController#index", ()),
    ("PATCH", r"/attendance_records/(\d+)", "AttendanceRecordsController#update", ("id",)),
    ("GET", r"/admin/users", "Admin::UsersController#index", ()),
    ("GET", r"/admin/users/(\d+)", "Admin::UsersController#show", ("id",)),
    ("GET", r"/admin/audits", "Admin::AuditsController#index", ()),
    ("GET", r"/admin/sync_status", "Admin::SyncStatusController#show", ()),
    ("GET", r"/users/sign_in", "Users::SessionsController#new", ()),
    ("POST", r"/users/sign_in", "Users::SessionsController#create", ()),
    ("DELETE", r"/users/sign_out", "Users::SessionsController#destroy", ()),
    ("GET", r"/users/auth/google_oauth2/callback", "Users::OmniauthCallbacksController#google_oauth2", ()),
    ("GET", r"/up", "Rails::HealthController#show", ()),
    ("HEAD", r"/up", "Rails::HealthController#show", ()),
    ("GET", r"/api/v1/transcript_requests", "Api::V1::TranscriptRequestsController#index", ()),
    ("GET", r"/api/v1/transcript_requests/(\d+)/document", "Api::V1::TranscriptRequestsController#document", ("id",)),
    ("POST", r"/api/v1/transcript_requests/(\d+)/ack", "Api::V1::TranscriptRequestsController#ack", ("id",)),
    ("GET", r"/api/v1/rosters", "Api::V1::RostersController#index", ()),
    ("GET", r"/api/v1/students", "Api::V1::StudentsController#index", ()),
    ("GET", r"/api/v1/sections/(\d+)/enrollments", "Api::V1::EnrollmentsController#index", ("section_id",)),
]
_TABLE = {}
for _m, _p, _ca, _names in _R:
    _TABLE.setdefault(_m, []).append((re.compile("^" + _p + "$"), _ca, _names))
_EXT = re.compile(r"\.(json|pdf|csv)$")


def _ruby(v):
    if isinstance(v, dict):
        return "{" + ", ".join('"%s"=>%s' % (k, _ruby(x)) for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(_ruby(x) for x in v) + "]"
    return '"%s"' % str(v).replace("\\", "\\\\").replace('"', '\\"')


def ruby_hash(d):
    return _ruby(d)


def describe(method, path, body=None):
    """Returns (controller, action, template, format_ext, params) or None when no route matches."""
    p, _, q = path.partition("?")
    m = _EXT.search(p)
    ext = m.group(1) if m else None
    if m:
        p = p[:m.start()]
    for rx, ca, names in _TABLE.get(method, ()):
        mm = rx.match(p)
        if mm:
            ctrl, action = ca.split("#")
            params = {}
            for k, v in parse_qsl(q, keep_blank_values=True):
                params[k] = v
            if body:
                params.update(body)
            for n, v in zip(names, mm.groups()):
                params[n] = v
            tpl = re.sub(r"(?<!^)(?=[A-Z])", "_", ctrl[:-len("Controller")].replace("::", "/")).lower()
            tpl = tpl.replace("/_", "/") + "/" + action
            return ctrl, action, tpl, ext, params
    return None
