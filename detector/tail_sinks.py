"""Where ``detector tail`` sends the lines it reads.

:class:`EngineSink` feeds an in-process :class:`detector.stream.StreamEngine`;
:class:`HttpSink` posts to a running service's ``POST /v1/ingest`` with the
bearer token, retried with back-off while the service is unreachable.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
from typing import Protocol

__all__ = ["EngineSink", "HttpSink", "Sink", "TailError"]

log = logging.getLogger("detector.tail")


class Sink(Protocol):  # pragma: no cover - typing only
    def send(self, lines: list[str], source: str) -> dict: ...
    def idle(self) -> None: ...
    def close(self) -> None: ...


class EngineSink:
    """Feed an in-process :class:`detector.stream.StreamEngine` (scores when due)."""

    def __init__(self, engine) -> None:
        self.engine = engine

    def send(self, lines: list[str], source: str) -> dict:
        from detector.stream import NothingParsed

        try:
            result = self.engine.ingest_lines(lines, source=source).to_dict()
        except NothingParsed as exc:
            result = {"accepted": 0, "rejected": exc.rejected, "detail": str(exc)}
        self.engine.maybe_score()
        return result

    def idle(self) -> None:
        self.engine.maybe_score()

    def close(self) -> dict:
        return self.engine.flush().to_dict()


class HttpSink:
    """POST batches to a running service's ``/v1/ingest``.

    Retries with exponential back-off (up to ``max_wait`` seconds between
    tries) while the service is unreachable or answers 5xx/429, so nothing
    is skipped; a 422 (no line parses) is logged and the batch is consumed.
    """

    def __init__(self, url: str, token: str | None, *, timeout: float = 60.0, max_wait: float = 30.0, retries: int | None = None) -> None:
        self.url = url.rstrip("/") + "/v1/ingest"
        self.token = token
        self.timeout = timeout
        self.max_wait = max_wait
        self.retries = retries

    def send(self, lines: list[str], source: str) -> dict:
        body = ("\n".join(lines) + "\n").encode("utf-8")
        headers = {"Content-Type": "text/plain; charset=utf-8"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        wait, attempt = 0.5, 0
        while True:
            attempt += 1
            req = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                    return json.loads(resp.read() or b"{}")
            except urllib.error.HTTPError as exc:
                if exc.code == 422:
                    detail = _detail(exc)
                    log.warning("service parsed no line of a %d-line batch: %s", len(lines), detail)
                    return {"accepted": 0, "rejected": len(lines), "detail": detail}
                if exc.code == 413 and len(lines) > 1:
                    half = len(lines) // 2
                    a, b = self.send(lines[:half], source), self.send(lines[half:], source)
                    return {"accepted": a.get("accepted", 0) + b.get("accepted", 0), "rejected": a.get("rejected", 0) + b.get("rejected", 0)}
                if exc.code in (401, 403, 413, 415):
                    raise TailError(f"service refused the batch: HTTP {exc.code} {_detail(exc)}") from None
                problem = f"HTTP {exc.code}"
            except (urllib.error.URLError, OSError, TimeoutError) as exc:
                problem = type(exc).__name__
            if self.retries is not None and attempt > self.retries:
                raise TailError(f"service unreachable after {attempt} tries ({problem})")
            log.warning("ingest failed (%s); retrying in %.1f s", problem, wait)
            time.sleep(wait)
            wait = min(wait * 2, self.max_wait)

    def idle(self) -> None:
        pass

    def close(self) -> None:
        pass

    def flush(self) -> dict:
        req = urllib.request.Request(self.url.replace("/v1/ingest", "/v1/flush"), data=b"", method="POST")
        if self.token:
            req.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(req, timeout=max(self.timeout, 600)) as resp:
            return json.loads(resp.read() or b"{}")


def _detail(exc: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(exc.read() or b"{}").get("detail", ""))[:300]
    except (ValueError, OSError):
        return ""


class TailError(Exception):
    """Following cannot go on (the service refuses the batches)."""
