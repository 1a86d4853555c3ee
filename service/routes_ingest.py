"""``POST /v1/ingest`` and ``POST /v1/flush``: raw log lines in, the retained window analysed.

The checks of a posted body live here (content type and charset, size before
and after gzip, binary payloads); parsing, de-duplicating, journalling and
scoring are :class:`detector.stream.StreamEngine`'s.
"""

from __future__ import annotations

import logging
import zlib
from typing import Any, Callable

from fastapi import Depends, FastAPI, Query, Request
from starlette.concurrency import run_in_threadpool

from detector.stream import NothingParsed, StreamEngine
from service.config import ServiceSettings
from service.schemas import ERRORS, ErrorOut, FlushOut, Format, IngestErrorOut, IngestOut, error_response

__all__ = ["add_ingest_routes"]

log = logging.getLogger("detector.service")

TEXT_TYPES = {"text/plain", "text/x-log", "text/csv"}
JSONL_TYPES = {"application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/json", "application/jsonlines"}
ALLOWED_CHARSETS = {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1"}
_CONTROL_BYTES = bytes(c for c in range(32) if c not in (9, 10, 13)) + b"\x7f"


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
    """Decompress a whole gzip body (one member or several concatenated).

    Raises
    ------
    OverflowError
        The decompressed body is over ``limit`` bytes.
    zlib.error
        The body is not gzip, is corrupt (checksum, length) or ends before
        its last member does: nothing of it is to be ingested.
    """
    out = bytearray()
    rest = body
    while True:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out += d.decompress(rest, limit + 1 - len(out))
        if len(out) > limit or d.unconsumed_tail:
            raise OverflowError
        if not d.eof:
            raise zlib.error("the gzip stream ends early (truncated body)")
        rest = d.unused_data
        if not rest.strip(b"\x00"):  # trailing zero padding (tar-style) is tolerated
            return bytes(out)


def add_ingest_routes(app: FastAPI, engine: StreamEngine, cfg: ServiceSettings, principal: Callable[..., str]) -> None:
    """Register ``POST /v1/ingest`` and ``POST /v1/flush`` on ``app``.

    Parameters
    ----------
    app : FastAPI
    engine : StreamEngine
        Receives the lines and runs the analyses.
    cfg : ServiceSettings
        ``max_body_bytes`` bounds a body, compressed or not.
    principal : callable
        The authentication dependency (:func:`service.auth.bearer_dependencies`).
    """

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
            return error_response(415, problem)
        limit = cfg.max_body_bytes
        declared = request.headers.get("content-length")
        if declared is not None:
            try:
                if int(declared) > limit:
                    return error_response(413, f"body over the {limit}-byte limit (max_body_bytes)")
            except ValueError:
                return error_response(400, "invalid Content-Length")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                return error_response(413, f"body over the {limit}-byte limit (max_body_bytes)")
        encoding = (request.headers.get("content-encoding") or "identity").strip().lower()
        if encoding == "gzip":
            try:
                body = bytearray(_gunzip(bytes(body), limit))
            except OverflowError:
                return error_response(413, f"decompressed body over the {limit}-byte limit (max_body_bytes)")
            except zlib.error:
                return error_response(
                    400, "Content-Encoding is gzip but the body is not valid gzip (corrupt or truncated); nothing was ingested"
                )
        elif encoding != "identity":
            return error_response(415, f"Content-Encoding {encoding!r} is not supported (use gzip or none)")
        if not body.strip():
            return error_response(422, "the body holds no log lines", rejected=0, rejected_samples=[])
        text, problem = _decode(bytes(body))
        if problem:
            return error_response(415, problem)
        fmt = format or ("jsonl" if kind == "jsonl" else None)
        try:
            result = await run_in_threadpool(engine.ingest_text, text, fmt)
        except NothingParsed as exc:
            return error_response(422, str(exc), rejected=exc.rejected, rejected_samples=exc.samples)
        except Exception as exc:  # storage down: not acknowledged
            log.error("ingest failed (%s); batch not acknowledged", type(exc).__name__)
            return error_response(503, "the batch could not be stored; nothing was acknowledged, retry later")
        return result.to_dict()

    @app.post("/v1/flush", response_model=FlushOut, responses=ERRORS, summary="Analyse the retained window now")
    async def flush(
        full: bool | None = Query(
            None,
            description="true: analyse the whole retained window; false: only the subjects with new records; "
            "default: whole when the model is fitted on the window, else incremental",
        ),
        who: str = Depends(principal),
    ) -> Any:
        """Close and score every open session now (for replays and shutdown); returns what the analysis did."""
        result = await run_in_threadpool(engine.flush, full)
        return result.to_dict()
