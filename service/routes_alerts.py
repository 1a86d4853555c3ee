"""``/v1/alerts``: analysts list alerts, read one in full and record verdicts.

Alerts are read from, and verdicts written to, :class:`service.store.Store`;
a ``false_positive`` verdict suppresses later alerts of the same kind and
subject when ``suppress_false_positives`` is set.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timezone
from typing import Any, Callable

from fastapi import Depends, FastAPI, Header, HTTPException, Query
from fastapi.responses import PlainTextResponse
from starlette.concurrency import run_in_threadpool

from service.config import ServiceSettings
from service.schemas import (
    ERRORS,
    AlertDetail,
    AlertPage,
    ErrorOut,
    Kind,
    ReviewIn,
    ReviewOut,
    Severity,
    Status,
    error_response,
)
from service.store import BadCursor, Store

__all__ = ["add_alert_routes"]

_REVIEWER_RE = re.compile(r"[^\x20-\x7e\u00a0-\uffff]")


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


def add_alert_routes(app: FastAPI, store: Store, cfg: ServiceSettings, principal: Callable[..., str]) -> None:
    """Register the ``/v1/alerts`` routes on ``app``.

    Parameters
    ----------
    app : FastAPI
    store : Store
        Where alerts are read and verdicts written.
    cfg : ServiceSettings
        ``suppress_false_positives`` decides whether a false positive suppresses.
    principal : callable
        The authentication dependency (:func:`service.auth.bearer_dependencies`);
        its name is the reviewer when no ``X-Reviewer`` header is sent.
    """
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
            return error_response(400, str(exc))
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
            return error_response(404, "no such alert")
        return alert

    @app.get(
        "/v1/reviews.csv",
        response_class=PlainTextResponse,
        responses={**ERRORS, 200: {"content": {"text/csv": {}}, "description": "alert_id,verdict,reviewer,at,note"}},
        summary="Analysts' latest verdicts, as labels for `detector train --labels`",
    )
    async def reviews_csv(who: str = Depends(principal)) -> PlainTextResponse:
        """The latest verdict per reviewed alert as CSV (header ``alert_id,verdict,reviewer,at,note``)."""
        rows = await run_in_threadpool(store.latest_reviews)
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=["alert_id", "verdict", "reviewer", "at", "note"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return PlainTextResponse(buffer.getvalue(), media_type="text/csv")

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
            return error_response(404, "no such alert")
        return result
