"""Where ``detector tail`` sends the lines it reads.

:class:`EngineSink` feeds an in-process :class:`detector.stream.StreamEngine`;
:class:`HttpSink` posts to a running service's ``POST /v1/ingest`` with the
bearer token.  While the service is unreachable or answers 5xx/408/429 a
batch is retried with back-off: for as long as it takes when following
(``keep_trying=True``: nothing is skipped), at most ``retries`` times and
``give_up_after`` seconds in a one-shot run (``tail --once``), which then
ends with a :class:`TailError` naming the URL and the cause.

Every answer a sink returns has the shape of the service's ingest answer:
``accepted``, ``rejected`` and ``rejected_samples`` (``line_no`` within the
batch as sent, from 1, and ``reason``; never the line itself).
"""

from __future__ import annotations

import http.client
import json
import logging
import re
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Protocol

from detector.file_follower import TailError

__all__ = ["EngineSink", "HttpSink", "Sink", "TailError"]

log = logging.getLogger("detector.tail")

#: Characters of an answer's body quoted in an error.
EXCERPT_CHARS = 200
#: HTTP answers worth retrying: the service is busy, restarting or behind a failing proxy.
RETRIABLE_STATUS = frozenset({408, 429})


class Sink(Protocol):  # pragma: no cover - typing only
    def send(self, lines: list[str], source: str, *, keep_trying: bool = True) -> dict: ...
    def idle(self) -> None: ...
    def close(self) -> None: ...


class EngineSink:
    """Feed an in-process :class:`detector.stream.StreamEngine` (scores when due)."""

    def __init__(self, engine) -> None:
        self.engine = engine

    def send(self, lines: list[str], source: str, *, keep_trying: bool = True) -> dict:
        """Ingest one batch (``keep_trying`` is accepted for the :class:`Sink` protocol; nothing is retried)."""
        from detector.stream import NothingParsed

        try:
            result = self.engine.ingest_lines(lines, source=source).to_dict()
        except NothingParsed as exc:
            result = {"accepted": 0, "rejected": exc.rejected or len(lines), "detail": str(exc), "rejected_samples": exc.samples}
        self.engine.maybe_score()
        return result

    def idle(self) -> None:
        self.engine.maybe_score()

    def close(self) -> dict:
        return self.engine.flush().to_dict()


class _Unreachable(Exception):
    """One try got no HTTP answer worth keeping; the message says why."""


class HttpSink:
    """POST batches to a running service's ``/v1/ingest``.

    A 422 (no line of the batch parses) is logged and the batch consumed as
    rejected; a 413 splits the batch in two; other 4xx answers (401, 403,
    404, 415...) raise :class:`TailError` at once, since sending again
    cannot help.

    Parameters
    ----------
    url : str
        The service's base URL, e.g. ``http://127.0.0.1:8000``.
    token : str, optional
        Sent as ``Authorization: Bearer``.
    timeout : float
        Seconds to wait for each ingest answer.
    first_wait, max_wait : float
        Back-off between tries: ``first_wait`` seconds, doubled after each
        failed try up to ``max_wait``.
    retries : int
        A one-shot send (``keep_trying=False``) gives up after this many
        retries of a batch (``retries + 1`` tries in all) ...
    give_up_after : float
        ... or when the next retry would start more than this many seconds
        after the first try, whichever comes first.
    flush_timeout : float
        Seconds to wait for the answer of ``POST /v1/flush`` (an analysis).
    """

    def __init__(
        self,
        url: str,
        token: str | None,
        *,
        timeout: float = 60.0,
        first_wait: float = 0.5,
        max_wait: float = 30.0,
        retries: int = 5,
        give_up_after: float = 120.0,
        flush_timeout: float = 600.0,
    ) -> None:
        self.base_url = url.rstrip("/")
        self.url = self.base_url + "/v1/ingest"
        self.token = token
        self.timeout = timeout
        self.first_wait = first_wait
        self.max_wait = max_wait
        self.retries = retries
        self.give_up_after = give_up_after
        self.flush_timeout = flush_timeout

    # ------------------------------------------------------------------ ingest
    def send(self, lines: list[str], source: str, *, keep_trying: bool = True) -> dict:
        """Post one batch and return the service's answer.

        Parameters
        ----------
        lines : list of str
            Raw log lines without newlines.
        source : str
            The followed file (not sent; the service names HTTP batches itself).
        keep_trying : bool
            True retries until the service takes the batch (following);
            False gives up after ``retries`` retries or ``give_up_after``
            seconds (a one-shot run).

        Returns
        -------
        dict
            ``accepted``, ``rejected``, ``rejected_samples`` (and the service's other fields).

        Raises
        ------
        TailError
            The service refuses the batch (4xx other than 408/422/429), the
            URL is invalid, or (``keep_trying=False``) it stayed unreachable.
        """
        body = ("\n".join(lines) + "\n").encode("utf-8")
        headers = {"Content-Type": "text/plain; charset=utf-8"}
        status, payload = self._deliver(self.url, body, headers, self.timeout, keep_trying=keep_trying)
        if status == 422:
            return self._nothing_parsed(lines, payload)
        if status == 413 and len(lines) > 1:
            return self._split(lines, source, keep_trying)
        if not 200 <= status < 300:
            raise TailError(f"{_shown(self.url)} refused the batch: HTTP {status}: {_excerpt(payload)}{_hint(status)}")
        return _json_answer(payload, self.url)

    def _nothing_parsed(self, lines: list[str], payload: bytes) -> dict:
        """A 422: the service parsed no line of the batch; it is consumed as rejected."""
        answer = _json_or_empty(payload)
        detail = _excerpt(payload)
        log.warning("the service parsed no line of a %d-line batch: %s", len(lines), detail)
        samples = answer.get("rejected_samples") if isinstance(answer.get("rejected_samples"), list) else []
        return {"accepted": 0, "rejected": int(answer.get("rejected") or len(lines)), "detail": detail, "rejected_samples": samples}

    def _split(self, lines: list[str], source: str, keep_trying: bool) -> dict:
        """A 413: send the two halves of the batch; line numbers of the second half's samples shifted back."""
        half = len(lines) // 2
        first = self.send(lines[:half], source, keep_trying=keep_trying)
        second = self.send(lines[half:], source, keep_trying=keep_trying)
        samples = list(first.get("rejected_samples", [])) + [
            {**s, "line_no": int(s.get("line_no", 0)) + half} for s in second.get("rejected_samples", [])
        ]
        return {
            "accepted": first.get("accepted", 0) + second.get("accepted", 0),
            "rejected": first.get("rejected", 0) + second.get("rejected", 0),
            "rejected_samples": samples,
        }

    # ------------------------------------------------------------------ flush
    def flush(self) -> dict:
        """``POST /v1/flush`` (analyse the window now), with the bounded retries of a one-shot send.

        Raises
        ------
        TailError
            The service stayed unreachable or refused the flush.
        """
        url = self.base_url + "/v1/flush"
        status, payload = self._deliver(url, b"", {}, max(self.timeout, self.flush_timeout), keep_trying=False)
        if not 200 <= status < 300:
            raise TailError(f"{_shown(url)} refused the flush: HTTP {status}: {_excerpt(payload)}{_hint(status)}")
        return _json_answer(payload, url)

    def idle(self) -> None:
        pass

    def close(self) -> None:
        pass

    # ------------------------------------------------------------------ delivery
    def _deliver(self, url: str, body: bytes, headers: dict, timeout: float, *, keep_trying: bool) -> tuple[int, bytes]:
        """POST until an answer that is not worth retrying: ``(status, body)``.

        Raises
        ------
        TailError
            The URL is invalid, or ``keep_trying`` is False and the retries
            or the time allowed ran out.
        """
        if self.token:
            headers = {**headers, "Authorization": f"Bearer {self.token}"}
        started = time.monotonic()
        wait, attempt, last_cause = self.first_wait, 0, None
        while True:
            attempt += 1
            try:
                status, payload = self._post(url, body, headers, timeout)
                if status < 500 and status not in RETRIABLE_STATUS:
                    if attempt > 1:
                        log.info("%s answered after %d tries", _shown(url), attempt)
                    return status, payload
                cause = f"HTTP {status}: {_excerpt(payload)}"
            except _Unreachable as exc:
                cause = str(exc)
            elapsed = time.monotonic() - started
            if not keep_trying and (attempt > self.retries or elapsed + wait > self.give_up_after):
                raise TailError(f"cannot post to {_shown(url)}: {cause}; gave up after {attempt} tries in {elapsed:.0f} s")
            if not keep_trying or cause != last_cause or _worth_logging(attempt):
                log.warning(
                    "cannot post to %s: %s; try %d failed (%.0f s so far), retrying in %.1f s",
                    _shown(url), cause, attempt, elapsed, wait,
                )
            last_cause = cause
            time.sleep(wait)
            wait = min(wait * 2, self.max_wait)

    def _post(self, url: str, body: bytes, headers: dict, timeout: float) -> tuple[int, bytes]:
        """One POST: ``(status, body)`` of whatever HTTP answer came back.

        Raises
        ------
        _Unreachable
            No HTTP answer (refused, DNS, time-out, connection dropped).
        TailError
            The URL is invalid.
        """
        request = self._request(url, body, headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            try:
                payload = exc.read()
            except (OSError, http.client.HTTPException):
                payload = b""
            return exc.code, payload
        except http.client.InvalidURL as exc:
            raise TailError(f"invalid service URL {_shown(self.base_url)!r}: {_one_line(exc)}") from None
        except ValueError as exc:
            raise TailError(f"cannot post to {_shown(url)}: {_one_line(exc)}") from None
        except (OSError, http.client.HTTPException) as exc:
            raise _Unreachable(_transport_cause(exc, timeout)) from None

    def _request(self, url: str, body: bytes, headers: dict) -> urllib.request.Request:
        """The POST request, or :class:`TailError` when the URL is not an http(s) URL with a host."""
        try:
            parts = urllib.parse.urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError("expected http://HOST:PORT or https://HOST:PORT")
            return urllib.request.Request(url, data=body, headers=headers, method="POST")
        except ValueError as exc:
            raise TailError(f"invalid service URL {_shown(self.base_url)!r}: {_one_line(exc)}") from None


def _worth_logging(attempt: int) -> bool:
    """While following, a failing try is logged on tries 1, 2, 4, 8, 16 ... and every 20th (and when the cause changes)."""
    return attempt & (attempt - 1) == 0 or attempt % 20 == 0


def _transport_cause(exc: BaseException, timeout: float) -> str:
    """Why a try got no HTTP answer, in words."""
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused (is the service running on that port?)"
    if isinstance(reason, socket.gaierror):
        return f"cannot resolve the host name ({reason.strerror or reason})"
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g} s"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error ({_one_line(reason)})"
    if isinstance(reason, http.client.RemoteDisconnected):
        return "the server closed the connection without answering"
    if isinstance(reason, ConnectionResetError):
        return "connection reset by the server"
    if isinstance(reason, http.client.HTTPException):
        return f"not an HTTP answer ({type(reason).__name__}: {_one_line(reason)})"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return _one_line(reason) if isinstance(reason, BaseException) else " ".join(str(reason).split())


def _hint(status: int) -> str:
    if status in (401, 403):
        return " (check the API token)"
    if status in (404, 405):
        return " (is that the detector service?)"
    return ""


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _shown(url: str) -> str:
    """The URL without any user:password part."""
    scheme, sep, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    if not sep or "@" not in host:
        return url
    return f"{scheme}://{host.rpartition('@')[2]}{slash}{path}"


def _json_or_empty(payload: bytes) -> dict:
    try:
        answer = json.loads(payload or b"{}")
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def _json_answer(payload: bytes, url: str) -> dict:
    """A 2xx answer's JSON object, or :class:`TailError` when it is not one (not the detector service)."""
    try:
        answer = json.loads(payload or b"{}")
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        raise TailError(f"{_shown(url)} did not answer with a JSON object (is that the detector service?): {_excerpt(payload)}")
    return answer


def _excerpt(payload: bytes) -> str:
    """The start of an answer's body on one line: the ``detail`` of a JSON error, else its text without markup."""
    text = payload.decode("utf-8", "replace")
    detail = _json_or_empty(payload).get("detail")
    if detail is not None:
        text = detail if isinstance(detail, str) else json.dumps(detail)
    elif text.lstrip().startswith("<"):
        text = re.sub(r"<[^>]*>", " ", text)
    text = " ".join(text.split())
    if not text:
        return "(empty body)"
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS] + "…"
