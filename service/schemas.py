"""The shapes of the service's requests, answers and errors (pydantic models).

The ``Literal`` vocabularies are checked at import against the detector's
(:data:`detector.io.formats.FORMATS`, :data:`detector.alerts.ALERT_KINDS`, :data:`detector.alerts.SEVERITIES`) and
the store's (:data:`service.store.STATUSES`, :data:`service.store.VERDICTS`),
so that the API documents exactly the values the service produces.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from detector.alerts import ALERT_KINDS, SEVERITIES
from detector.io.formats import FORMATS
from service.store import STATUSES, VERDICTS

Format = Literal["combined", "common", "w3c", "jsonl", "alb", "haproxy", "vhost_combined", "combined_xff", "logfmt", "csv",
                 "iis_native", "envoy", "rails", "squid", "zeek", "combined_user", "combined_xff_user", "cef", "inferred"]
Kind = Literal["scraping", "credential_sharing", "brute_force"]
Severity = Literal["low", "medium", "high", "critical"]
Status = Literal["open", "reviewed", "suppressed", "withdrawn"]
Verdict = Literal["confirmed", "false_positive", "benign_automation"]
assert set(Format.__args__) == set(FORMATS)  # type: ignore[attr-defined]
assert set(Kind.__args__) == set(ALERT_KINDS) and set(Severity.__args__) == set(SEVERITIES)  # type: ignore[attr-defined]
assert set(Status.__args__) == set(STATUSES) and set(Verdict.__args__) == set(VERDICTS)  # type: ignore[attr-defined]


class RejectedSample(BaseModel):
    line_no: int = Field(description="1-based line number within the posted body")
    reason: str


class IngestOut(BaseModel):
    accepted: int = Field(
        description="lines that parsed and are held in the retention window (acknowledged; durable once this answer is sent)"
    )
    rejected: int = Field(
        description="lines that did not parse, or are dated more than max_future_skew_hours ahead of the server clock"
    )
    duplicates: int = Field(description="accepted lines already held in the retention window (not counted twice)")
    too_old: int = Field(0, description="lines that parsed but are older than the retention window: neither retained nor journalled")
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
    mode: str = Field("full", description="full: the whole retained window; incremental: the subjects with new records")
    subjects: int = Field(0, description="incremental: accounts and addresses re-scored")
    retained: int = Field(0, description="records held in the retention window (`records` counts those analysed)")


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
    campaign: str | None = Field(None, description="alerts on other subjects that are one attack with this one share it")
    other_accounts: list[str] = Field(default_factory=list, description="other account names that signed the alert's "
                                      "sessions: the same login's other name, or the accounts signed in from an address")
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
    replica: str = Field("default", description="this replica's name (replica_id)")
    engine: dict[str, Any]


ERRORS = {401: {"model": ErrorOut, "description": "missing or wrong bearer token"}}


def error_response(status: int, detail: str, **extra: Any) -> JSONResponse:
    """A JSON error answer: ``{"detail": ...}`` plus ``extra`` fields (see :class:`ErrorOut`)."""
    return JSONResponse({"detail": detail, **extra}, status_code=status)
