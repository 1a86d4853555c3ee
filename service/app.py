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

The routes live beside this module: :mod:`service.routes_ingest` (ingest,
flush), :mod:`service.routes_alerts` (alerts, reviews), with the shapes in
:mod:`service.schemas` and authentication in :mod:`service.auth`.  This
module wires them to one engine and store, and adds the error shapes, the
access log and the operations routes.
"""

from __future__ import annotations

import hashlib
import logging
import time
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from detector.config import Settings
from detector.stream import StreamEngine
from service.auth import bearer_dependencies
from service.config import ServiceSettings, as_service_settings
from service.metrics import CONTENT_TYPE_LATEST, ServiceMetrics
from service.routes_alerts import add_alert_routes
from service.routes_ingest import add_ingest_routes
from service.schemas import Health, error_response
from service.store import SCHEMA_VERSION, Store

__all__ = ["app_from_env", "create_app", "model_file_version"]

log = logging.getLogger("detector.service")


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
        Defaults to ``Store(settings.database_url, replica_id=settings.replica_id)``.
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
    store = store if store is not None else Store(cfg.database_url, replica_id=cfg.replica_id)
    metrics = metrics if metrics is not None else ServiceMetrics()
    engine = StreamEngine(cfg, model=model, store=store, observer=metrics, model_version=model_version)
    tokens = cfg.tokens()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        found = getattr(store, "schema_found", None)
        if found is not None and found != SCHEMA_VERSION:
            log.info("database schema migrated from version %d to %d", found, SCHEMA_VERSION)
        started = time.perf_counter()
        replayed = await run_in_threadpool(engine.replay)
        report = engine.replay_report
        log.info(
            "replayed %d journalled lines in %.2f s (%d of %d batches could not be replayed)",
            replayed, time.perf_counter() - started, report.failed_batches, report.batches,
        )
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

    principal, open_or_protected = bearer_dependencies(tokens, cfg)

    # ------------------------------------------------------------ error shapes
    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        content_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
        body_refused = any(err.get("loc", ("",))[0] == "body" for err in exc.errors())
        if body_refused and content_type and not (content_type == "application/json" or content_type.endswith("+json")):
            return error_response(415, f"content type {content_type!r} is not accepted here; send application/json")
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "header"))
            problems.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
        return error_response(422, "; ".join(problems) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled %s on %s %s", type(exc).__name__, request.method, _route_of(request))
        return error_response(500, "internal error")

    @app.middleware("http")
    async def _access_log(request: Request, call_next):
        started = time.perf_counter()
        try:
            response = await call_next(request)
        except Exception as exc:  # never let a traceback (which may quote data) reach the server's log
            log.error("unhandled %s on %s %s", type(exc).__name__, request.method, _route_of(request))
            response = error_response(500, "internal error")
        log.info("%s %s %d %.1f ms", request.method, _route_of(request), response.status_code, (time.perf_counter() - started) * 1e3)
        return response

    add_ingest_routes(app, engine, cfg, principal)
    add_alert_routes(app, store, cfg, principal)

    # ------------------------------------------------------------- operations
    @app.get("/healthz", response_model=Health, responses={503: {"model": Health}}, summary="Liveness and readiness")
    async def healthz(_: None = Depends(open_or_protected)) -> Any:
        db = await run_in_threadpool(store.ping)
        body = {"status": "ok" if db else "degraded", "database": db, "replica": store.replica_id, "engine": engine.status()}
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
