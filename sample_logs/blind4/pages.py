"""Page specifications of the SDS app: (path, query, html controller, path params, XHRs, lazy chunk, html bytes).

Every XHR is (path, query, controller#action, params, min bytes, max bytes).
"""
from __future__ import annotations

from .world import WINDOW

TAB_API = {
    "enrollment": ("enrollments", "Api::V1::EnrollmentsController#index", 900, 3800),
    "demographics": ("demographics", "Api::V1::DemographicsController#show", 1400, 2200),
    "programs": ("programs", "Api::V1::ProgramsController#index", 300, 2600),
    "english-language": ("english_language", "Api::V1::EnglishLanguageController#show", 400, 1600),
    "courses": ("course_enrollments", "Api::V1::CourseEnrollmentsController#index", 2000, 14000),
    "assessments": ("assessments", "Api::V1::AssessmentsController#index", 800, 6000),
    "discipline": ("incidents", "Api::V1::IncidentsController#index", 120, 2400),
    "absences": ("absence_summaries", "Api::V1::AbsenceSummariesController#index", 400, 1800),
    "special-education": ("special_education", "Api::V1::SpecialEducationController#show", 200, 5200),
}


def _q(d: dict) -> str:
    return "&".join(f"{k}={v}" for k, v in d.items())


def dashboard(lea: str):
    return ("/dashboard", "", "DashboardController#show", None,
            [("/api/v1/me", "", "Api::V1::MeController#show", None, 700, 760),
             ("/api/v1/notifications", "unread=true", "Api::V1::NotificationsController#index", {"unread": "true"}, 90, 2400),
             (f"/api/v1/leas/{lea}/submission_status", f"window={WINDOW}", "Api::V1::SubmissionStatusController#show",
              {"lea_id": lea, "window": WINDOW}, 1100, 1900),
             ("/api/v1/announcements", "", "Api::V1::AnnouncementsController#index", None, 1500, 1700)],
            "Dashboard", 4700)


def student(ssid: str):
    return (f"/students/{ssid}", "", "StudentsController#show", {"id": ssid},
            [(f"/api/v1/students/{ssid}", "", "Api::V1::StudentsController#show", {"id": ssid}, 2300, 4600),
             (f"/api/v1/students/{ssid}/enrollments", "", "Api::V1::EnrollmentsController#index",
              {"student_id": ssid}, 900, 3800),
             (f"/api/v1/students/{ssid}/flags", "", "Api::V1::StudentFlagsController#index", {"student_id": ssid}, 60, 700),
             (f"/api/v1/students/{ssid}/anomalies", "status=open", "Api::V1::StudentAnomaliesController#index",
              {"student_id": ssid, "status": "open"}, 2, 900)],
            "StudentProfile", 4900)


def student_tab(ssid: str, tab: str):
    api, ctrl, lo, hi = TAB_API[tab]
    ctl_html = "Students::" + "".join(w.capitalize() for w in tab.split("-")) + "Controller#show"
    return (f"/students/{ssid}/{tab}", "", ctl_html, {"student_id": ssid},
            [(f"/api/v1/students/{ssid}/{api}", "", ctrl, {"student_id": ssid}, lo, hi)], "StudentProfile", 4900)


def search(lea: str, term: str, page: int = 1):
    q = {"q": term.replace(" ", "+"), "lea": lea, "page": page, "per_page": 25}
    return ("/students", _q({"q": term.replace(" ", "+")}), "StudentsController#index", {"q": term},
            [("/api/v1/students/search", _q(q), "Api::V1::StudentSearchController#index",
              {k: str(v).replace("+", " ") for k, v in q.items()}, 600, 14000)], "StudentSearch", 4600)


def roster(lea: str, school: str, grade: str | None, page: int = 1, per: int = 50, sort: str = "last_name"):
    q = {"grade": grade, "status": "active", "page": page, "per_page": per, "sort": sort} if grade else \
        {"status": "active", "page": page, "per_page": per, "sort": sort}
    pp = dict({k: str(v) for k, v in q.items()}, lea_id=lea, school_id=school)
    return (f"/leas/{lea}/schools/{school}/roster", _q(q), "Schools::RostersController#show", pp,
            [(f"/leas/{lea}/schools/{school}/roster/counts", _q({"grade": grade} if grade else {}),
              "Schools::RosterCountsController#show", {"lea_id": lea, "school_id": school}, 900, 1300),
             (f"/api/v1/leas/{lea}/schools/{school}", "", "Api::V1::SchoolsController#show",
              {"lea_id": lea, "id": school}, 900, 1200)],
            "Roster", 7000 + per * 410)


def anomalies(lea: str, typ: str, page: int = 1):
    q = {"type": typ, "status": "open", "page": page}
    return (f"/leas/{lea}/anomalies", _q(q), "AnomaliesController#index", dict(q, lea_id=lea, page=str(page)),
            [(f"/api/v1/leas/{lea}/anomalies/summary", "", "Api::V1::AnomalySummariesController#show",
              {"lea_id": lea}, 600, 800)], "Anomalies", 26000)


def anomaly(lea: str, aid: int):
    return (f"/leas/{lea}/anomalies/{aid}", "", "AnomaliesController#show", {"lea_id": lea, "id": str(aid)},
            [(f"/api/v1/anomalies/{aid}/candidates", "", "Api::V1::AnomalyCandidatesController#index",
              {"anomaly_id": str(aid)}, 2500, 9000)], "Anomalies", 8200)


def submissions(lea: str):
    return (f"/leas/{lea}/submissions", "", "SubmissionsController#index", {"lea_id": lea},
            [(f"/api/v1/leas/{lea}/submissions", f"window={WINDOW}", "Api::V1::SubmissionsController#index",
              {"lea_id": lea, "window": WINDOW}, 3000, 7000)], "Submissions", 4800)


def submission(lea: str, page: int = 1):
    q = f"severity=fatal&page={page}&per_page=50"
    return (f"/leas/{lea}/submissions/{WINDOW}", "", "SubmissionsController#show", {"lea_id": lea, "id": WINDOW},
            [(f"/api/v1/leas/{lea}/submissions/{WINDOW}/errors", q, "Api::V1::SubmissionErrorsController#index",
              {"lea_id": lea, "submission_id": WINDOW, "severity": "fatal", "page": str(page), "per_page": "50"},
              2000, 40000),
             (f"/api/v1/leas/{lea}/submissions/{WINDOW}/file_status", "", "Api::V1::SubmissionFileStatusController#show",
              {"lea_id": lea, "submission_id": WINDOW}, 1500, 2600)], "Submissions", 4800)


def upload_new(lea: str):
    return (f"/leas/{lea}/file_uploads/new", "", "FileUploadsController#new", {"lea_id": lea},
            [("/api/v1/file_types", "", "Api::V1::FileTypesController#index", None, 2100, 2200)], "FileUpload", 5200)


def reports(lea: str):
    return (f"/leas/{lea}/reports", "", "ReportsController#index", {"lea_id": lea},
            [("/api/v1/reports", f"window={WINDOW}", "Api::V1::ReportsController#index", {"window": WINDOW}, 5000, 5400)],
            "Reports", 4700)


def report(lea: str, slug: str, school: str = "all"):
    q = f"school={school}&as_of=2025-10-01"
    return (f"/leas/{lea}/reports/{slug}", q, "ReportsController#show", {"lea_id": lea, "id": slug, "school": school,
                                                                         "as_of": "2025-10-01"},
            [(f"/api/v1/leas/{lea}/reports/{slug}/data", q, "Api::V1::ReportDataController#show",
              {"lea_id": lea, "report_id": slug, "school": school, "as_of": "2025-10-01"}, 3000, 90000)],
            "ReportViewer", 5100)


def extracts(lea: str):
    return (f"/leas/{lea}/extracts", "", "ExtractsController#index", {"lea_id": lea},
            [(f"/api/v1/leas/{lea}/extract_requests", "page=1", "Api::V1::ExtractRequestsController#index",
              {"lea_id": lea, "page": "1"}, 1500, 6000)], "Extracts", 4900)


def certification(lea: str):
    return (f"/leas/{lea}/certifications/{WINDOW}", "", "CertificationsController#show", {"lea_id": lea, "id": WINDOW},
            [(f"/api/v1/leas/{lea}/certifications/{WINDOW}/checklist", "", "Api::V1::CertificationChecklistsController#show",
              {"lea_id": lea, "certification_id": WINDOW}, 1800, 3500)], "Certification", 4800)


def users(lea: str, page: int = 1):
    return (f"/leas/{lea}/users", "", "Admin::UsersController#index", {"lea_id": lea},
            [(f"/api/v1/leas/{lea}/users", f"page={page}&per_page=25&role=all", "Api::V1::UsersController#index",
              {"lea_id": lea, "page": str(page), "per_page": "25", "role": "all"}, 4000, 9000)], "AdminUsers", 4700)


def staff_records(lea: str, page: int = 1):
    return (f"/leas/{lea}/staff_records", f"page={page}", "StaffRecordsController#index", {"lea_id": lea, "page": str(page)},
            [(f"/api/v1/leas/{lea}/staff_records/summary", "", "Api::V1::StaffRecordSummariesController#show",
              {"lea_id": lea}, 500, 700)], "StaffRecords", 21000)


def ssid_new():
    return ("/ssid_requests/new", "", "SsidRequestsController#new", None,
            [("/api/v1/schools", "mine=true", "Api::V1::SchoolsController#index", {"mine": "true"}, 300, 2500)],
            "SsidRequest", 4600)


HELP = ("/help/", "/help/articles/requesting-an-ssid", "/help/articles/resolving-multiple-identifiers",
        "/help/articles/fall-1-certification-checklist", "/help/articles/ods-extract-file-layouts",
        "/help/articles/concurrent-enrollment-anomalies", "/help/articles/uploading-senr-files",
        "/help/flash/316-system-access-protocols", "/help/articles/user-roles-and-lea-admins",
        "/help/articles/sped-snapshot-reports", "/help/articles/password-and-mfa", "/help/articles/sso-for-districts",
        "/help/articles/report-1-17-frpm-el-foster-youth", "/help/terms-and-conditions", "/help/release-notes")
