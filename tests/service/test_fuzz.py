"""Property tests: generated requests never get a 500.

schemathesis generates requests from the service's own OpenAPI schema
(every route, with and without valid data); hypothesis throws arbitrary
bodies, content types and encodings at ``/v1/ingest``.  Both are bounded so
the run stays fast.
"""

from __future__ import annotations

import gzip

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.service.conftest import AUTH, TOKEN

schemathesis = pytest.importorskip("schemathesis")

SEED_LINES = [
    '10.0.0.1 - ann@school.example [14/Sep/2026:10:00:00 -0700] "GET /students/1001/grades HTTP/1.1" 200 512 "-" "Mozilla/5.0"',
    '10.0.0.2 - - [14/Sep/2026:10:00:05 -0700] "POST /login HTTP/1.1" 401 80 "-" "python-requests/2.31"',
]


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    from service.app import create_app
    from service.config import ServiceSettings

    db = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    app = create_app(
        ServiceSettings(api_token=TOKEN, database_url=f"sqlite:///{db}", background_scoring=False, max_body_bytes=64 * 1024)
    )
    return app


@pytest.fixture(scope="module")
def api_schema(fuzz_app):
    from fastapi.testclient import TestClient

    # seed some data so alert routes also see real rows
    with TestClient(fuzz_app) as client:
        client.post("/v1/ingest", content="\n".join(SEED_LINES) + "\n", headers=AUTH)
    return schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)


def test_openapi_no_server_errors(api_schema):
    """Every operation of the OpenAPI schema, generated cases, with and without the token: never a 5xx."""
    from schemathesis.checks import not_a_server_error

    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 7
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case):
            for headers in (AUTH, {}):
                case.call_and_validate(headers=headers, checks=[not_a_server_error])

        run()


_CONTENT_TYPES = st.sampled_from(
    [None, "text/plain", "text/plain; charset=utf-8", "application/x-ndjson", "application/json", "application/octet-stream",
     "text/plain; charset=klingon", "multipart/form-data", ""]
)
_LINE = st.one_of(
    st.sampled_from(SEED_LINES),
    st.text(max_size=200),
    st.builds(lambda a, b: f'{a} - - [14/Sep/2026:10:00:00 -0700] "GET {b} HTTP/1.1" 200 1 "-" "x"', st.text(max_size=20), st.text(max_size=40)),
    st.builds(lambda k, v: '{"%s": "%s"}' % (k, v), st.text(max_size=10), st.text(max_size=30)),
    st.just("#Fields: date time cs-method cs-uri-stem sc-status"),
)


@st.composite
def _bodies(draw):
    kind = draw(st.sampled_from(["lines", "bytes", "gzip"]))
    if kind == "bytes":
        return draw(st.binary(max_size=2000)), None
    text = "\n".join(draw(st.lists(_LINE, max_size=20)))
    raw = text.encode("utf-8", "surrogatepass") if kind == "lines" else gzip.compress(text.encode("utf-8", "surrogatepass"))
    return raw, ("gzip" if kind == "gzip" else None)


@given(body=_bodies(), content_type=_CONTENT_TYPES, fmt=st.sampled_from([None, "combined", "common", "w3c", "jsonl", "bogus"]))
@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_ingest_bodies_never_500(fuzz_app, body, content_type, fmt):
    from fastapi.testclient import TestClient

    raw, encoding = body
    headers = dict(AUTH)
    if content_type is not None:
        headers["content-type"] = content_type
    if encoding:
        headers["content-encoding"] = encoding
    client = TestClient(fuzz_app, raise_server_exceptions=False)
    resp = client.post("/v1/ingest", content=raw, headers=headers, params={"format": fmt} if fmt else None)
    assert resp.status_code in (200, 400, 413, 415, 422), (resp.status_code, resp.text)
    assert "detail" in resp.json() or "accepted" in resp.json()
