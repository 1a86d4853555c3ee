"""The HTTP face of the live detector (FastAPI).

No detection logic lives here: the app decodes and checks requests, hands raw
lines to :class:`detector.stream.StreamEngine` (which runs the same
:func:`detector.pipeline.analyse` as ``detector scan``), and reads alerts back
from :class:`service.store.Store`.

Routes
------
``POST /v1/ingest``            raw log lines (text, any supported format, or JSON lines)
``POST /v1/flush``             analyse the retained window now
``GET  /v1/alerts``            filters ``kind``, ``severity``, ``user``, ``since``, ``status``; ``limit`` + ``cursor``
``GET  /v1/alerts/{id}``       reasons, sessions, per-minute activity, reviews
``POST /v1/alerts/{id}/review``  ``{verdict, note}``; reviewer from ``X-Reviewer`` or the token's name
``GET  /healthz``, ``GET /metrics``

Every ``/v1`` route requires ``Authorization: Bearer <token>``.  The app
refuses to be built without a token unless ``insecure_no_auth`` is set.
The service's own log lines carry method, route template, status and time:
never a query string, a raw log line or an identifier.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import time
import zlib
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from detector.alerts import ALERT_KINDS, SEVERITIES
from detector.config import Settings
from detector.stream import NothingParsed, StreamEngine
from service.config import ServiceSettings, as_service_settings
from service.metrics import CONTENT_TYPE_LATEST, ServiceMetrics
from service.store import STATUSES, VERDICTS, BadCursor, Store

log = logging.getLogger("detector.service")

Format = Literal["combined", "common", "w3c", "jsonl"]
Kind = Literal["scraping", "credential_sharing", "brute_force"]
Severity = Literal["low", "medium", "high", "critical"]
Status = Literal["open", "reviewed", "suppressed", "withdrawn"]
Verdict = Literal["confirmed", "false_positive", "benign_automation"]
assert set(Kind.__args__) == set(ALERT_KINDS) and set(Severity.__args__) == set(SEVERITIES)  # type: ignore[attr-defined]
assert set(Status.__args__) == set(STATUSES) and set(Verdict.__args__) == set(VERDICTS)  # type: ignore[attr-defined]

TEXT_TYPES = {"text/plain", "text/x-log", "text/csv"}
JSONL_TYPES = {"application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/json", "application/jsonlines"}
ALLOWED_CHARSETS = {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1"}
_CONTROL_BYTES = bytes(c for c in range(32) if c not in (9, 10, 13)) + b"\x7f"
_REVIEWER_RE = re.compile(r"[^\x20-\x7e\u00a0-\uffff]")


# ----------------------------------------------------------------------------- response models
class RejectedSample(BaseModel):
    line_no: int = Field(description="1-based line number within the posted body")
    reason: str


class IngestOut(BaseModel):
    accepted: int = Field(description="lines that parsed (acknowledged; durable once this answer is sent)")
    rejected: int
    duplicates: int = Field(description="accepted lines already held in the retention window (not counted twice)")
    format: str
    rejected_samples: list[RejectedSample]


class ErrorOut(BaseModel):
    detail: str


class IngestErrorOut(BaseModel):
    detail: str
    rejected: int = 0
    rejected_samples: list[RejectedSample] = []


class FlushOut(BaseModel):
    scored: bool
    reason: str | None = None
    sessions: int = 0
    records: int = 0
    alerts: int = 0
    raised: int = 0
    updated: int = 0
    withdrawn: int = 0
    duration_s: float = 0.0
    window_start: str | None = None
    window_end: str | None = None


class AlertSummary(BaseModel):
    alert_id: str
    kind: str
    severity: str
    score: float
    user: str | None
    day: str
    first_seen: str
    last_seen: str
    status: str
    client_ips: list[str]
    reasons: list[str]
    rules: list[str]
    n_sessions: int
    created_at: str
    updated_at: str


class AlertPage(BaseModel):
    items: list[AlertSummary]
    next_cursor: str | None = Field(None, description="pass as `cursor` for the next page; null on the last")


class Review(BaseModel):
    verdict: str
    note: str
    reviewer: str
    at: str


class AlertDetail(AlertSummary):
    user_agents: list[str]
    session_ids: list[str]
    sessions: list[dict[str, Any]]
    activity: list[dict[str, Any]] = Field(description="per minute: requests, errors, distinct record entities")
    reviews: list[Review]


class ReviewIn(BaseModel):
    model_config = {"extra": "forbid"}
    verdict: Verdict
    note: str = Field("", max_length=4000)


class ReviewOut(Review):
    alert_id: str


class Health(BaseModel):
    status: str
    database: bool
    engine: dict[str, Any]


ERRORS = {401: {"model": ErrorOut, "description": "missing or wrong bearer token"}}


# ----------------------------------------------------------------------------- helpers
def _http_error(status: int, detail: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"detail": detail, **extra}, status_code=status)


def _content_kind(content_type: str | None) -> tuple[str | None, str | None]:
    """``(kind, error)``: kind is ``text`` or ``jsonl``."""
    if not content_type:
        return "text", None
    main, _, params = content_type.partition(";")
    main = main.strip().lower()
    charset = None
    for part in params.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset":
            charset = value.strip().strip('"').lower()
    if charset and charset not in ALLOWED_CHARSETS:
        return None, f"charset {charset!r} is not supported; send UTF-8"
    if main in TEXT_TYPES:
        return "text", None
    if main in JSONL_TYPES:
        return "jsonl", None
    return None, f"content type {main!r} is not accepted; send text/plain log lines or application/x-ndjson JSON lines"


def _decode(body: bytes) -> tuple[str | None, str | None]:
    """``(text, error)``: refuses binary payloads."""
    if b"\x00" in body:
        return None, "the body is binary (it holds NUL bytes); send text log lines"
    controls = len(body) - len(body.translate(None, _CONTROL_BYTES))
    text = body.decode("utf-8", errors="replace")
    n = max(len(text), 1)
    bad = text.count("\ufffd")
    if bad / n > 0.05 or controls / max(len(body), 1) > 0.01:
        return None, "the body does not look like text log lines (invalid UTF-8 or control characters)"
    return text, None


def _gunzip(body: bytes, limit: int) -> bytes:
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = d.decompress(body, limit + 1)
    if len(out) > limit or d.unconsumed_tail:
        raise OverflowError
    return out


def _since_iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    try:
        value = value.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        raise HTTPException(422, "since: out of range") from None
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def model_file_version(path: str | Path | None) -> str:
    """First 12 hex digits of the model file's SHA-256 (for the model info metric)."""
    if path is None:
        return ""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:12]


# ----------------------------------------------------------------------------- factory
def create_app(
    settings: Settings,
    *,
    model: Any = None,
    model_version: str = "",
    store: Store | None = None,
    metrics: ServiceMetrics | None = None,
) -> FastAPI:
    """Build the service.

    Parameters
    ----------
    settings : Settings or ServiceSettings
        All settings (a plain :class:`Settings` gets the service defaults).
    model : DetectorModel, optional
        A model from ``detector train`` (:func:`detector.train.load_trained`);
        None fits on the retained window (see ``fit_mode``).
    model_version : str
        Identifies the model file in the model info metric.
    store : Store, optional
        Defaults to ``Store(settings.database_url)``.
    metrics : ServiceMetrics, optional
        Defaults to a fresh registry.

    Raises
    ------
    detector.config.ConfigError
        No token configured and ``insecure_no_auth`` not set.
    service.store.StoreError
        The database cannot be opened.
    """
    cfg: ServiceSettings = as_service_settings(settings)
    cfg.check_startable()
    store = store if store is not None else Store(cfg.database_url)
    metrics = metrics if metrics is not None else ServiceMetrics()
    engine = StreamEngine(cfg, model=model, store=store, observer=metrics, model_version=model_version)
    tokens = cfg.tokens()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        started = time.perf_counter()
        replayed = await run_in_threadpool(engine.replay)
        log.info("replayed %d journalled lines in %.2f s", replayed, time.perf_counter() - started)
        if cfg.background_scoring:
            engine.start()
        try:
            yield
        finally:
            engine.stop()

    app = FastAPI(
        title="records-access-detector",
        version="0.1.0",
        description="Streams access logs in, keeps explained alerts, exposes them to analysts and Prometheus.",
        lifespan=lifespan,
    )
    app.state.engine = engine
    app.state.store = store
    app.state.metrics = metrics
    app.state.settings = cfg

    bearer = HTTPBearer(auto_error=False, description="the service's API token")

    def principal(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> str:
        if not tokens:
            return "anonymous"  # insecure_no_auth, refused at build time otherwise
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise HTTPException(401, "missing bearer token", headers={"WWW-Authenticate": "Bearer"})
        given = credentials.credentials.encode("utf-8", "replace")
        for token, name in tokens.items():
            if hmac.compare_digest(given, token.encode("utf-8")):
                return name
        raise HTTPException(401, "invalid bearer token", headers={"WWW-Authenticate": "Bearer"})

    def open_or_protected(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
        if cfg.protect_metrics:
            principal(credentials)

    # ------------------------------------------------------------ error shapes
    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "header"))
            problems.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
        return _http_error(422, "; ".join(problems) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled %s on %s %s", type(exc).__name__, request.method, _route_of(request))
        return _http_error(500, "internal error")

    @app.middleware("http")
    async def _access_log(request: Request, call_next):
        started = time.perf_counter()
        try:
            response = await call_next(request)
        except Exception as exc:  # never let a traceback (which may quote data) reach the server's log
            log.error("unhandled %s on %s %s", type(exc).__name__, request.method, _route_of(request))
            response = _http_error(500, "internal error")
        log.info("%s %s %d %.1f ms", request.method, _route_of(request), response.status_code, (time.perf_counter() - started) * 1e3)
        return response

    # ------------------------------------------------------------------ ingest
    @app.post(
        "/v1/ingest",
        response_model=IngestOut,
        responses={
            **ERRORS,
            400: {"model": ErrorOut, "description": "undecodable body (bad gzip)"},
            413: {"model": ErrorOut, "description": "body over max_body_bytes"},
            415: {"model": ErrorOut, "description": "wrong content type or binary body"},
            422: {"model": IngestErrorOut, "description": "empty body, unknown format, or no line parses"},
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "text/plain": {"schema": {"type": "string"}, "example": '10.0.0.1 - ann@school.edu [05/Jan/2026:10:00:00 +0000] "GET /students/1 HTTP/1.1" 200 512 "-" "Mozilla/5.0"\n'},
                    "application/x-ndjson": {"schema": {"type": "string"}},
                },
            }
        },
        summary="Ingest raw log lines",
    )
    async def ingest(
        request: Request,
        format: Format | None = Query(None, description="log format; detected from the body when absent"),
        who: str = Depends(principal),
    ) -> Any:
        """Parse, journal and retain raw log lines (any supported format, or JSON lines).

        Answers once the accepted lines are durably journalled.
        """
        kind, problem = _content_kind(request.headers.get("content-type"))
        if problem:
            return _http_error(415, problem)
        limit = cfg.max_body_bytes
        declared = request.headers.get("content-length")
        if declared is not None:
            try:
                if int(declared) > limit:
                    return _http_error(413, f"body over the {limit}-byte limit (max_body_bytes)")
            except ValueError:
                return _http_error(400, "invalid Content-Length")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                return _http_error(413, f"body over the {limit}-byte limit (max_body_bytes)")
        encoding = (request.headers.get("content-encoding") or "identity").strip().lower()
        if encoding == "gzip":
            try:
                body = bytearray(_gunzip(bytes(body), limit))
            except OverflowError:
                return _http_error(413, f"decompressed body over the {limit}-byte limit (max_body_bytes)")
            except zlib.error:
                return _http_error(400, "Content-Encoding is gzip but the body is not valid gzip")
        elif encoding != "identity":
            return _http_error(415, f"Content-Encoding {encoding!r} is not supported (use gzip or none)")
        if not body.strip():
            return _http_error(422, "the body holds no log lines", rejected=0, rejected_samples=[])
        text, problem = _decode(bytes(body))
        if problem:
            return _http_error(415, problem)
        fmt = format or ("jsonl" if kind == "jsonl" else None)
        try:
            result = await run_in_threadpool(engine.ingest_text, text, fmt)
        except NothingParsed as exc:
            return _http_error(422, str(exc), rejected=exc.rejected, rejected_samples=exc.samples)
        except Exception as exc:  # storage down: not acknowledged
            log.error("ingest failed (%s); batch not acknowledged", type(exc).__name__)
            return _http_error(503, "the batch could not be stored; nothing was acknowledged, retry later")
        return result.to_dict()

    @app.post("/v1/flush", response_model=FlushOut, responses=ERRORS, summary="Analyse the retained window now")
    async def flush(who: str = Depends(principal)) -> Any:
        """Close and score every open session now (for replays and shutdown); returns what the analysis did."""
        result = await run_in_threadpool(engine.flush)
        return result.to_dict()

    # ------------------------------------------------------------------ alerts
    @app.get("/v1/alerts", response_model=AlertPage, responses={**ERRORS, 400: {"model": ErrorOut}}, summary="List alerts")
    async def list_alerts(
        kind: Kind | None = None,
        severity: Severity | None = None,
        user: str | None = Query(None, max_length=400),
        since: datetime | None = Query(None, description="alerts whose activity lasts until at least this time"),
        status: Status | None = Query(None, description="default: open and reviewed"),
        limit: int = Query(100, ge=1, le=1000),
        cursor: str | None = Query(None, max_length=200),
        who: str = Depends(principal),
    ) -> Any:
        """Alerts, newest first, with limit/cursor paging."""
        try:
            items, nxt = await run_in_threadpool(
                store.list_alerts,
                kind=kind, severity=severity, user=user, since=_since_iso(since), status=status, limit=limit, cursor=cursor,
            )
        except BadCursor as exc:
            return _http_error(400, str(exc))
        return {"items": items, "next_cursor": nxt}

    @app.get(
        "/v1/alerts/{alert_id}",
        response_model=AlertDetail,
        responses={**ERRORS, 404: {"model": ErrorOut}},
        summary="One alert with reasons, sessions and per-minute activity",
    )
    async def get_alert(alert_id: str, who: str = Depends(principal)) -> Any:
        alert = await run_in_threadpool(store.get_alert, alert_id) if len(alert_id) <= 40 else None
        if alert is None:
            return _http_error(404, "no such alert")
        return alert

    @app.post(
        "/v1/alerts/{alert_id}/review",
        response_model=ReviewOut,
        responses={**ERRORS, 404: {"model": ErrorOut}},
        summary="Record an analyst's verdict",
    )
    async def review(
        alert_id: str,
        body: ReviewIn,
        x_reviewer: str | None = Header(None, max_length=200, description="who reviews; default: the token's name"),
        who: str = Depends(principal),
    ) -> Any:
        """Store a verdict; a false_positive can suppress later alerts of that kind for that account."""
        reviewer = _REVIEWER_RE.sub("", x_reviewer).strip() if x_reviewer else ""
        result = None
        if len(alert_id) <= 40:
            result = await run_in_threadpool(
                store.add_review, alert_id, body.verdict, body.note, reviewer or who, suppress=cfg.suppress_false_positives
            )
        if result is None:
            return _http_error(404, "no such alert")
        return result

    # ------------------------------------------------------------- operations
    @app.get("/healthz", response_model=Health, responses={503: {"model": Health}}, summary="Liveness and readiness")
    async def healthz(_: None = Depends(open_or_protected)) -> Any:
        db = await run_in_threadpool(store.ping)
        body = {"status": "ok" if db else "degraded", "database": db, "engine": engine.status()}
        return JSONResponse(body, status_code=200 if db else 503)

    @app.get("/metrics", summary="Prometheus metrics", response_class=Response, responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}})
    async def metrics_route(_: None = Depends(open_or_protected)) -> Response:
        try:
            counts = await run_in_threadpool(store.open_counts_by_kind)
            metrics.set_open_counts(counts)
        except Exception as exc:
            log.warning("open alert counts unavailable (%s)", type(exc).__name__)
        return Response(metrics.exposition(), media_type=CONTENT_TYPE_LATEST)

    return app


def _route_of(request: Request) -> str:
    route = request.scope.get("route")
    return getattr(route, "path", None) or "(unmatched)"


def app_from_env() -> FastAPI:  # pragma: no cover - for `uvicorn --factory service.app:app_from_env`
    """Build the app from ``DETECTOR_*`` environment variables (and ``DETECTOR_CONFIG``, a TOML file)."""
    import os

    from service.config import load_service_settings

    settings = load_service_settings(os.environ.get("DETECTOR_CONFIG"))
    model = None
    version = ""
    model_path = os.environ.get("DETECTOR_MODEL_FILE")
    if model_path:
        from detector.train import load_trained

        model = load_trained(model_path, settings)
        version = model_file_version(model_path)
    return create_app(settings, model=model, model_version=version)
