"""Route templates, entities and flags (detector.routes)."""

from __future__ import annotations

import math
import random
import re
import string

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from detector.route_table import annotate_routes, route_table
from detector.routes import NO_PATH, _hash64, route_source, template_path


def tmpl(url: str) -> str:
    return template_path(url).template


# --------------------------------------------------------------------------- templates


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # plain numbers
        ("/students/123", "/students/{n}"),
        ("/students/1234567890/enrollment", "/students/{n}/enrollment"),
        ("/schools/5/classes/77", "/schools/{n}/classes/{n}"),
        # UUIDs, with and without dashes
        ("/documents/550e8400-e29b-41d4-a716-446655440000", "/documents/{uuid}"),
        ("/documents/550E8400E29B41D4A716446655440000/view", "/documents/{uuid}/view"),
        # hex strings (at least 8 characters, with a digit)
        ("/files/deadbeef12/raw", "/files/{id}/raw"),
        ("/commit/9f8e7d6c5b4a", "/commit/{id}"),
        # dates
        ("/attendance/2024-05-01", "/attendance/{date}"),
        ("/attendance/2024_5_1/summary", "/attendance/{date}/summary"),
        ("/calendar/2024-05", "/calendar/{date}"),
        # e-mail addresses
        ("/users/maria.lopez@district.org/profile", "/users/{email}/profile"),
        # long random tokens (mixed case with digits)
        ("/reset/AbCdEfGh1234IjKlMnOp56", "/reset/{token}"),
        ("/share/xK9_qL2-mN7pR4sT8vW1yZ3", "/share/{token}"),
        # mixed letter/digit codes such as student numbers
        ("/students/S1234567", "/students/{id}"),
        ("/cases/19-64733-0001/notes", "/cases/{id}/notes"),
        # identifier with a file extension keeps the extension
        ("/transcripts/123456.pdf", "/transcripts/{n}.pdf"),
    ],
)
def test_identifier_segments_get_placeholders(url: str, expected: str) -> None:
    assert tmpl(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/about",
        "/students",
        "/students/search",
        "/course-catalog/back-to-school-night",
        "/news/spring_break",
        "/api/v2/users",  # a short version marker is not an identifier
        "/Reports/Attendance",
        "/static/js/app.js",
        "/static/app.css",
        "/reports/summary",
        "/api/v1/export",
        # capitals-only route words read as English, or are too short to judge
        "/reports/ENROLLMENT",
        "/ATTENDANCE/SUMMARY",
        "/CALPADS/SENR",
        "/docs/WINDOWS10",
        "/DOWNLOAD",
    ],
)
def test_slugs_and_words_are_kept(url: str) -> None:
    assert tmpl(url) == url
    assert template_path(url).entity == 0


def test_query_keys_sorted_deduplicated_and_values_replaced() -> None:
    assert tmpl("/reports/extract?year=2025&type=SENR") == "/reports/extract?type={v}&year={v}"
    assert tmpl("/search?q=smith&page=2&q=jones") == "/search?page={v}&q={v}"
    # key order in the URL does not matter
    assert tmpl("/x?b=1&a=2") == tmpl("/x?a=9&b=8") == "/x?a={v}&b={v}"
    # keys without values and empty pairs
    assert tmpl("/x?flag&&a=1") == "/x?a={v}&flag={v}"


def test_fragment_is_dropped() -> None:
    assert tmpl("/students/12#grades") == "/students/{n}"


def test_letter_prefixed_codes_share_template() -> None:
    assert tmpl("/students/A1234567") == tmpl("/students/S1234567") == "/students/{id}"


#: Record codes of capitals with 0, 1 or 2 digits, as one student-records system names its pupils.
PUPIL_CODES = ["GWEMMKKWVG", "HXGPWLLXFP", "QQ7UB4GMUH", "MA2YQQEW2P", "VM8XB7XRQY", "WRTDZBFJ3Z", "MQUGDPAPA6",
               "JEZV5YWAH6", "RRDMY5DY4N", "SZCERS3UFE", "XY2EWMKHP8", "GQTZQM6YZC"]


@pytest.mark.parametrize("code", PUPIL_CODES)
def test_capital_codes_with_few_digits_are_identifiers(code: str) -> None:
    assert tmpl(f"/pupil/{code}") == "/pupil/{id}"
    assert tmpl(f"/pupil/{code}/grades") == "/pupil/{id}/grades"
    assert tmpl(f"/files/{code}.pdf") == "/files/{id}.pdf"
    assert template_path(f"/pupil/{code}").entity != 0
    assert template_path(f"/pupil/{code}/grades").entity == template_path(f"/pupil/{code}").entity


def test_capital_codes_under_one_prefix_are_one_template_and_distinct_records() -> None:
    urls = [f"/pupil/{code}" for code in PUPIL_CODES] + [f"/pupil/{code}/grades" for code in PUPIL_CODES[:4]]
    out = annotate_routes(pd.Series(urls, dtype="category"))
    assert set(out["template"]) == {"/pupil/{id}", "/pupil/{id}/grades"}
    assert (out["entity"] != 0).all()
    # one record per code; a code's sub-page is the same record
    assert out["entity"].nunique() == len(PUPIL_CODES)
    assert list(out["entity"].iloc[len(PUPIL_CODES):]) == list(out["entity"].iloc[:4])


def _random_code(rng: random.Random, length: int) -> str:
    digits = rng.choice([0, 1, 2])
    chars = [rng.choice(string.ascii_uppercase) for _ in range(length - digits)]
    chars += [rng.choice(string.digits) for _ in range(digits)]
    rng.shuffle(chars)
    return "".join(chars)


def test_random_capital_codes_are_nearly_all_identifiers() -> None:
    """Codes drawn at random: the letters of a few read as English and stay literal, no more."""
    rng = random.Random(20260915)
    codes = {_random_code(rng, 10) for _ in range(2000)}
    table = route_table([f"/pupil/{code}" for code in codes])
    hidden = table["template"] == "/pupil/{id}"
    assert hidden.mean() >= 0.97
    assert table.loc[hidden, "entity"].nunique() == hidden.sum()


def test_capital_codes_share_one_shape() -> None:
    """route_table templates one URL per shape, however many records the codes name."""
    urls = [f"/pupil/{code}" for code in PUPIL_CODES] + [f"/pupil/{code}/grades" for code in PUPIL_CODES]
    route_source.cache_clear()
    table = route_table(urls)
    assert route_source.cache_info().misses == 2  # /pupil/{id} and /pupil/{id}/grades
    assert table["entity"].nunique() == len(PUPIL_CODES)
    for url, entity in zip(urls, table["entity"]):
        assert entity == template_path(url).entity, url


#: Record codes of mixed case (base62, nanoid) or lower case with one or two digits (base36).
LETTER_CODES = ["dQw4w9WgXcQ", "aB3xYz9Q", "V1StGXR8_Z5jdHi6B-myT", "Xk9LmPqr", "k3jxqpam", "kxj9xqam", "q7wz2bnt"]
#: Route words of the same alphabets that read as words and must stay literal.
LETTER_WORDS = ["getStudentById", "StudentProfile", "WebResource", "phpMyAdmin", "XMLHttpRequest", "GradebookV2",
                "IEPForm12", "Roboto-Regular", "html5shiv", "oauth2callback", "grade12report", "utf8mb4", "bootstrap4",
                "level3admin"]


@pytest.mark.parametrize("code", LETTER_CODES)
def test_mixed_and_lower_case_codes_with_few_digits_are_identifiers(code: str) -> None:
    assert tmpl(f"/pupil/{code}") == "/pupil/{id}"
    assert tmpl(f"/pupil/{code}/grades") == "/pupil/{id}/grades"
    assert template_path(f"/pupil/{code}/grades").entity == template_path(f"/pupil/{code}").entity != 0
    assert tmpl(f"/pupil?ref={code}") == "/pupil?ref={v}"
    assert template_path(f"/pupil?ref={code}").entity != 0


@pytest.mark.parametrize("word", LETTER_WORDS)
def test_camel_case_and_digit_words_are_kept(word: str) -> None:
    assert tmpl(f"/app/{word}") == f"/app/{word}"
    assert template_path(f"/app/{word}").entity == 0


@pytest.mark.parametrize(("alphabet", "lengths", "least"), [
    (string.ascii_letters + string.digits, (8, 22), 0.90),  # base62, as short links and hash ids
    (string.ascii_lowercase + string.digits, (8, 16), 0.75),  # base36
])
def test_random_letter_codes_are_mostly_identifiers(alphabet: str, lengths: tuple[int, int], least: float) -> None:
    """Random codes of every length: most become ``{id}``, each its own record, in the batch path too."""
    rng = random.Random(20261123)
    codes = {"".join(rng.choice(alphabet) for _ in range(rng.randint(*lengths))) for _ in range(3000)}
    table = route_table([f"/pupil/{code}" for code in codes])
    hidden = table["template"].isin(["/pupil/{id}", "/pupil/{token}"])  # {token}: 20 characters or more
    assert hidden.mean() >= least
    assert table.loc[hidden, "entity"].nunique() == hidden.sum()


@pytest.mark.parametrize("url", [
    "/KeepAlive.ashx?_=1694704800123",  # jQuery's cache: false
    "/grid/data?_dc=1694704800123",  # ExtJS
    "/poll?t=1694704800123",  # a time stamp in milliseconds under any key
    "/signalr/connect?transport=longPolling&connectionToken=AQAAANCMnd8BFdERjHoAwE%2FCl%2BsBAAAA&tid=3",
    "/login?state=8f14e45fceea167a5a36dedd4bea2543&nonce=1234567",
    "/app.js?v=20240915",
    "/files/report?X-Amz-Signature=9f86d081884c7d659a2feaa0c55ad015&X-Amz-Expires=300",
    "/api/v2/pupils?page=3&pageSize=200",  # the position in a list counts up by itself
    "/events/poll?cursor=18234",
])
def test_cache_busters_tokens_and_time_stamps_are_not_records(url: str) -> None:
    assert template_path(url).entity == 0
    assert route_table([url])["entity"].iloc[0] == 0


def test_a_cache_buster_beside_a_record_leaves_the_record() -> None:
    with_buster = [f"/Student/Profile.aspx?StudentID={482113 + k}&_={1694704800123 + k}" for k in range(3)]
    plain = [f"/Student/Profile.aspx?StudentID={482113 + k}" for k in range(3)]
    assert list(route_table(with_buster)["entity_num"]) == [482113.0, 482114.0, 482115.0]
    assert [template_path(u).entity for u in with_buster] == [template_path(u).entity for u in plain]


# --------------------------------------------------------------------------- entities


def test_entity_is_same_record_across_sub_pages() -> None:
    base = template_path("/students/123")
    assert base.entity != 0
    assert base.entity_num == 123.0
    for sub in ("/students/123/enrollment", "/students/123/grades/", "/students/123?tab=ed", "/Students/123"):
        r = template_path(sub)
        assert r.entity == base.entity, sub
        assert r.entity_num == 123.0, sub


def test_same_number_in_other_collection_is_another_entity() -> None:
    assert template_path("/students/5").entity != template_path("/schools/5").entity
    assert template_path("/students/5").entity != template_path("/students/6").entity


def test_entity_is_most_specific_identifier() -> None:
    nested = template_path("/schools/12/students/345/enrollment")
    assert nested.entity == template_path("/students/345").entity
    assert nested.entity != template_path("/schools/12").entity
    assert nested.entity_num == 345.0


def test_date_sub_page_keeps_the_record_as_entity() -> None:
    a = template_path("/students/123/attendance/2024-05-01")
    b = template_path("/students/456/attendance/2024-05-01")
    assert a.entity != b.entity


def test_percent_encoded_email_is_an_identifier() -> None:
    a = template_path("/users/maria.lopez%40district.org")
    b = template_path("/users/john.smith%40district.org")
    assert "district.org" not in a.template
    assert a.template == b.template
    assert a.entity != 0 and a.entity != b.entity


def test_entity_from_query_value_when_path_has_none() -> None:
    r = template_path("/student.aspx?id=4711")
    assert r.entity != 0 and r.entity_num == 4711.0
    assert template_path("/student.aspx?id=4712").entity != r.entity
    # a path identifier wins over query values
    p = template_path("/students/9?ref=1234")
    assert p.entity == template_path("/students/9").entity and p.entity_num == 9.0


def test_non_numeric_entity_has_nan_number() -> None:
    r = template_path("/documents/550e8400-e29b-41d4-a716-446655440000")
    assert r.entity != 0
    assert math.isnan(r.entity_num)
    assert math.isnan(template_path("/about").entity_num)


# --------------------------------------------------------------------------- flags


@pytest.mark.parametrize(
    "url", ["/static/app.js", "/css/site.CSS", "/img/logo.png?v=3", "/fonts/x.woff2", "/favicon.ico"]
)
def test_static_assets(url: str) -> None:
    r = template_path(url)
    assert r.is_static and not r.is_login


@pytest.mark.parametrize("url", ["/students/1", "/reports/roster.csv", "/app.jsp", "/about"])
def test_not_static(url: str) -> None:
    assert not template_path(url).is_static


@pytest.mark.parametrize(
    "url", ["/reports/export?format=csv", "/data/extract", "/files/roster.csv", "/files/roster.XLSX", "/d/transcript.pdf", "/download/7",
            "/reports/run?id=ENR-07&fmt=csv&school=HHS", "/reports/run?id=ENR-03&fmt=xlsx", "/rpt?outputFormat=PDF"]
)
def test_downloads(url: str) -> None:
    assert template_path(url).is_download


@pytest.mark.parametrize("url", ["/students/7", "/reports", "/static/app.js", "/reports/view?id=ENR-07&fmt=html",
                                 "/search?type=student&q=csv"])
def test_not_downloads(url: str) -> None:
    assert not template_path(url).is_download


@pytest.mark.parametrize(
    "url", ["/login", "/Account/Login", "/users/sign_in", "/wp-login.php", "/oauth/token", "/api/session", "/signin?next=/x",
            "/sdh/j_security_check", "/j_spring_security_check", "/sis/auth/dologin", "/sis/index.php?page=login&err=1", "/index.php?action=Login",
            "/forgot-password", "/account/password-reset/confirm", "/sis/index.php?page=pwreset&step=verify",
            "/api/otp/verify"]
)
def test_login(url: str) -> None:
    assert template_path(url).is_login


@pytest.mark.parametrize("url", ["/logout", "/blog/login-tips", "/catalog", "/authorization/policy", "/students/1",
                                 "/auth/token/refresh", "/api/session/keepalive", "/Account/LogOff",
                                 "/oauth2/revoke", "/login/status", "/api/session/check",
                                 "/sis/index.php?page=student&sid=3", "/search?q=login", "/index.php?page=logout"])
def test_not_login(url: str) -> None:
    assert not template_path(url).is_login


# --------------------------------------------------------------------------- annotate_routes


def test_annotate_routes_aligned_and_each_shape_once() -> None:
    urls = ["/students/1", "/students/2/grades", "/static/a.js", "/students/1", "/login", "/students/1",
            "/students/3"]
    paths = pd.Series(urls, index=[40, 7, 13, 2, 99, 5, 8], dtype=object)
    route_source.cache_clear()
    out = annotate_routes(paths)
    info = route_source.cache_info()
    assert info.misses == 4  # four distinct shapes: /students/0, /students/0/grades, /static/a.js, /login
    assert info.hits == 0  # and none computed twice
    assert out.loc[8, "entity"] != out.loc[40, "entity"] and out.loc[8, "entity_num"] == 3.0
    urls, paths, out = urls[:-1], paths.iloc[:-1], out.iloc[:-1]

    assert list(out.index) == [40, 7, 13, 2, 99, 5]
    assert list(out.columns) == ["template", "entity", "entity_num", "is_static", "is_download", "is_login"]
    assert isinstance(out["template"].dtype, pd.CategoricalDtype)
    assert out["entity"].dtype == np.int64 and out["entity_num"].dtype == np.float64
    for idx, url in zip(paths.index, urls):
        r = template_path(url)
        row = out.loc[idx]
        assert row["template"] == r.template
        assert row["entity"] == r.entity
        assert (math.isnan(row["entity_num"]) and math.isnan(r.entity_num)) or row["entity_num"] == r.entity_num
        assert (row["is_static"], row["is_download"], row["is_login"]) == (r.is_static, r.is_download, r.is_login)
    assert out.loc[40, "entity"] == out.loc[2, "entity"] == out.loc[5, "entity"]
    assert out.loc[7, "entity"] != out.loc[40, "entity"]
    assert out.loc[13, "is_static"] and out.loc[99, "is_login"]
    assert out["is_static"].sum() == 1 and out["is_login"].sum() == 1


def test_no_path_is_its_own_template() -> None:
    # a line logged without a request ("-" 408) or a CONNECT has an empty path: not the home page
    r = template_path("")
    assert (r.template, r.entity, r.is_static, r.is_download, r.is_login) == (NO_PATH, 0, False, False, False)
    assert math.isnan(r.entity_num) and tmpl("/") == "/"
    out = annotate_routes(pd.Series(["/", "", "/students/1", ""], dtype="category"))
    assert list(out["template"]) == ["/", NO_PATH, "/students/{n}", NO_PATH]
    assert list(out["entity"] != 0) == [False, False, True, False]


def test_annotate_routes_empty() -> None:
    out = annotate_routes(pd.Series([], dtype=object))
    assert len(out) == 0
    assert list(out.columns) == ["template", "entity", "entity_num", "is_static", "is_download", "is_login"]


# --------------------------------------------------------------------------- properties

_LONG_DIGITS = re.compile(r"\d{6,}")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_template_path_never_raises(url: str) -> None:
    r = template_path(url)
    assert isinstance(r.template, str)
    assert isinstance(r.entity, int)


_segment = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", max_size=30)
_key = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8)
_value = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC0123456789_-.%+", max_size=30)


@st.composite
def _plain_urls(draw) -> str:
    path = "/" + "/".join(draw(st.lists(_segment, max_size=6)))
    pairs = draw(st.lists(st.tuples(_key, _value), max_size=4))
    if pairs:
        path += "?" + "&".join(f"{k}={v}" for k, v in pairs)
    return path


@settings(max_examples=300, deadline=None)
@given(_plain_urls())
@example("/students/1234567/enrollment")
@example("/x/ab123456cd")
@example("/reports?year=20240501")
def test_plain_url_template_has_no_long_digit_run(url: str) -> None:
    """URLs made of word-character segments: every long number is hidden."""
    assert not _LONG_DIGITS.search(template_path(url).template)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
@example("/static/main.20240501.js")
@example("/records/item.1234567")
@example("/roster?1714567890")  # bare cache-busting timestamp: kept as a query key
def test_template_never_contains_long_digit_run(url: str) -> None:
    assert not _LONG_DIGITS.search(template_path(url).template)


_digits = st.text(alphabet="0123456789", min_size=1, max_size=18)
_uuids = st.uuids().map(str) | st.uuids().map(lambda u: u.hex.upper())
_codes = st.text(alphabet=string.ascii_uppercase + string.digits, min_size=6, max_size=12)
_piece = st.one_of(_digits, _segment, _uuids, _codes,
                   st.sampled_from(["students", "a.csv", "12.pdf", "%31", "2024-09-01", "x#1", "", "١٢",
                                    "12345678123412341234123456789012", "%61aaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"]))


@st.composite
def _shaped_urls(draw) -> str:
    path = "/" + "/".join(draw(st.lists(_piece, max_size=6)))
    pairs = draw(st.lists(st.tuples(_key, st.one_of(_digits, _value, st.sampled_from(
        ["%2Fstudents%2F12", "a/b", "x y", "%20", "export%2Fx", "2024/09", "a%2f@b.org", "Ĳ/x"]))), max_size=3))
    if pairs:
        path += "?" + "&".join(f"{k}={v}" if draw(st.booleans()) else k for k, v in pairs)
    return path


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_shaped_urls(), st.text(max_size=40)), max_size=30))
@example(["/students/1", "/students/22/x", "/p/%31/2", "/a?id=7&b=8", "/a?id=x&b=8", "/x/1#f/2", "/s/12345678901234567",
          "/login?next=%2Freports%2Fexport", "/login?next=%2Fa", "/q?x=a b&id=9", "/q?x=é/&id=9"])
@example(["/pupil/GWEMMKKWVG", "/pupil/QQ7UB4GMUH/grades?y=1", "/pupil/A1234567/x/GWEMMKKWVG.pdf", "/é/QQ7UB4GMUH",
          "/download/EXPORT123", "/x/TOKEN1234/y", "/oauth2/token", "/p/%51Q7UB4GMUH", "/p/QQ7UB4GMUH#f",
          "/s/ABC123DEF/1234/2024-01-02", "/u/QQ7UB4GMUH?id=5", "/u/HXGPWLLXFP/HXGPWLLXFP"])
@example(["/k?_=1694704800123", "/k?_=1694704800124&id=7", "/k?t=1694704800125", "/k?t=12", "/k?id=3999999999999",
          "/s?connectionToken=abc&tid=4"])
@example(["/pupil/dQw4w9WgXcQ", "/pupil/aB3xYz9Q/grades?y=1", "/p/k3jxqpam", "/s/V1StGXR8_Z5jdHi6B-myT/x",
          "/app/getStudentById", "/download/aB3xYz9Q", "/p/k3jxqpam.pdf", "/login/Xk9LmPqr"])
def test_route_table_equals_template_path(urls: list[str]) -> None:
    """Templating by shape gives, URL by URL, exactly what template_path gives."""
    table = route_table(urls)
    for url, row in zip(urls, table.itertuples(index=False)):
        r = template_path(url)
        assert (row.template, row.entity, row.is_static, row.is_download, row.is_login) == (
            r.template, r.entity, r.is_static, r.is_download, r.is_login), url
        assert (math.isnan(row.entity_num) and math.isnan(r.entity_num)) or row.entity_num == r.entity_num, url


@pytest.mark.parametrize(
    "url, template, record",
    [
        ("/api/odata/Students('K7QM2X9T')/Assessments?$top=20", "/api/odata/Students({id})/Assessments?$top={v}",
         "students/'K7QM2X9T'"),
        ("/odata/Orders(10248)", "/odata/Orders({id})", "orders/10248"),
        ("/odata/Grades(StudentId=7,Term='S2')", "/odata/Grades({id})", "grades/StudentId=7,Term='S2'"),
        ("/odata/Students%28%27AB12%27%29", "/odata/Students({id})", "students/'AB12'"),
    ],
)
def test_odata_keys_in_parentheses_name_records(url: str, template: str, record: str) -> None:
    """OData names a record by its key in parentheses after the entity set: one template, one record per key."""
    route = template_path(url)
    assert route.template == template and route.entity == _hash64(record)
    other = template_path(url.replace("K7QM", "K8QM").replace("10248", "10249").replace("=7,", "=9,").replace("AB12", "AB13"))
    assert other.template == template and other.entity not in (0, route.entity)


@pytest.mark.parametrize("url", ["/wiki/Python_(programming_language)", "/foo(bar)/x", "/f()/y",
                                 "/api/odata/Students?$skip=100&$top=100&$count=true"])
def test_words_in_parentheses_and_odata_paging_are_not_records(url: str) -> None:
    assert template_path(url).entity == 0


def test_path_parameters_and_faces_resources() -> None:
    """A servlet container's ;jsessionid= names no page, and JSF serves style sheets as .css.xhtml (an asset)."""
    plain, rewritten = template_path("/sdh/home.xhtml?tab=2"), template_path("/sdh/home.xhtml;jsessionid=BFE01B2?tab=2")
    assert rewritten == plain
    assert template_path("/sdh/javax.faces.resource/theme.css.xhtml;jsessionid=AB?ln=primefaces").is_static
    assert not template_path("/sdh/pupil/summary.xhtml?pk=03-233084").is_static
    urls = ["/sdh/home.xhtml;jsessionid=BFE01B2?tab=2", "/sdh/pupils/7;jsessionid=X", "/sdh/pupils/8"]
    table = route_table(urls)
    assert table.template.tolist() == [template_path(u).template for u in urls] == [
        "/sdh/home.xhtml?tab={v}", "/sdh/pupils/{n}", "/sdh/pupils/{n}"]


def test_graphql_gets_name_their_operation_in_the_route_and_their_record_in_the_variables() -> None:
    """GraphQL over HTTP: ``operationName`` is part of the route, and the ``variables`` JSON names the record."""
    profile = "/graphql?operationName=StudentProfile&variables=%7B%22id%22%3A%22{}%22%7D&extensions=%7B%7D"
    one, two = template_path(profile.format("10482")), template_path(profile.format("10483"))
    assert one.template == two.template == "/graphql?extensions={v}&operationName=StudentProfile&variables={v}"
    assert one.entity and two.entity and one.entity != two.entity and one.entity_num == 10482
    roster = template_path('/graphql?operationName=Roster&variables={"sectionId":"77","first":50}')
    assert roster.template == "/graphql?operationName=Roster&variables={v}" and roster.entity_num == 77
    nested = template_path('/graphql?op=Doc&variables={"input":{"documentUuid":"3f2a9c1e-7b7d-4c1a-9a55-0c8d2e1f4b6a"}}')
    assert nested.template == "/graphql?op=Doc&variables={v}" and nested.entity


@pytest.mark.parametrize("variables", ['{"first":50,"after":"YXJyYXljb25uZWN0aW9uOjQ5"}', '{"q":"smi","year":2026}',
                                       "not json", '{"id":true}'])
def test_graphql_variables_that_name_no_record(variables: str) -> None:
    route = template_path(f"/graphql?operationName=Search&variables={variables}")
    assert route.entity == 0 and route.template == "/graphql?operationName=Search&variables={v}"


@pytest.mark.parametrize(("url", "probe"), [("/metrics", True), ("/healthz", True), ("/actuator/prometheus", True),
                                            ("/health/ready", True), ("/server-status?auto", True),
                                            ("/students/42/status", False), ("/metrics/report", False)])
def test_a_services_probe_and_metrics_endpoints_are_not_pages(url: str, probe: bool) -> None:
    assert template_path(url).is_static is probe
