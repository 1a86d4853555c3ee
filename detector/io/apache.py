"""Parser for Apache/nginx access logs: ``combined``, ``common`` or any ``LogFormat``.

Lines are matched one by one against the fast regex of a
:class:`~detector.io.logformat.CompiledFormat`; the groups of each match go
into a list and the records frame is built once per chunk.  Lines the fast
regex misses take the slow path: remove a syslog header, unwrap an extra
pair of double quotes (the ocatak scanner logs), then the tolerant regex,
then request-line checks.  A request logged as ``"-"`` or ``""`` (a
connection that never sent one, e.g. a 408) is a record with an empty
method and path, not a rejection.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

import numpy as np
import pandas as pd

from detector.io.escapes import unescape_text_columns
from detector.io.fastpath import FastPath
from detector.io.forwarded import real_clients, resolve_chains
from detector.io.logformat import (COMBINED_FORMAT, COMBINED_USER_FORMAT, COMBINED_XFF_FORMAT, COMBINED_XFF_USER_FORMAT,
                                   COMMON_FORMAT, NULLABLE_ROLES, CompiledFormat)
from detector.io.records import (BINARY_DATA, absent, assemble, no_request, normalize_target, split_request,
                                 timestamp_rejects, to_number)
from detector.io.syslog import strip_syslog
from detector.io.timeparse import parse_auto, parse_epoch, parse_strftime
from detector.schema import concat_records, empty_records

_DURATION_SCALE = {"dur_ms": 1.0, "dur_us": 1e-3, "dur_s": 1e3}
#: A line starting with an ``X-Forwarded-For`` chain where the client address belongs (Apache's
#: ``%{X-Forwarded-For}i`` in place of ``%h`` behind a load balancer): two or more addresses (or ``unknown``)
#: separated by commas, with or without spaces.
_CHAIN_TOKEN = r"(?:[0-9A-Fa-f:.\[\]]+|unknown)"
_CHAIN_HEAD = re.compile(rf"\s*({_CHAIN_TOKEN}(?:\s*,\s*{_CHAIN_TOKEN})+)(?=\s)")
_CHAIN_SEP = re.compile(r"\s*,\s*")


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a chunk's row tuples pile up."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class LogFormatParser:
    """Parse lines written with an Apache ``LogFormat`` into records.

    Parameters
    ----------
    log_format : str
        The format string.
    name : str
        Name reported for this format (``'combined'``, ``'logformat'``...).
    optional_after : str or None
        See :class:`CompiledFormat`.
    """

    def __init__(self, log_format: str, name: str = "logformat", optional_after: str | None = None) -> None:
        self.name = name
        self.compiled = CompiledFormat(log_format, optional_after)
        self._fast: FastPath | None | bool = False
        self._client_first = bool(self.compiled.slots) and self.compiled.slots[0] == "client_ip"

    @property
    def fast_path(self) -> FastPath | None:
        """The RE2/Arrow fast path for this format (None when the format does not allow one)."""
        if self._fast is False:
            self._fast = FastPath.build(self.compiled)
        return self._fast

    def _tolerant(self, line: str, syslog: bool = True) -> tuple | str:
        """Slow path for a line the fast regex rejected: a row tuple or a reason.

        Tried in order: the line behind a syslog header (see
        :mod:`detector.io.syslog`), the line without an extra pair of
        quotes, without the ident field, then the tolerant regex.
        """
        c = self.compiled
        text = line.strip()
        if syslog:
            rest = strip_syslog(text)
            if rest is not None:
                m = c.fast.match(rest)
                return m.groups() if m is not None else self._tolerant(rest, False)
        if len(text) > 1 and text[0] == '"' and text[-1] == '"' and not c.starts_quoted:
            text = text[1:-1]
            m = c.fast.match(text)
            if m is not None:
                return m.groups()
        if c.fast_no_ident is not None:
            m = c.fast_no_ident.match(text)
            if m is not None:
                return m.groups()
        joined = self._joined_chain(text)
        if joined is not None:  # ``%{X-Forwarded-For}i`` logged as the client: one field, resolved in _build
            m = c.fast.match(joined)
            if m is not None:
                return m.groups()
            text = joined
        m = c.tolerant.match(text)
        if m is None:
            return f"line does not match {self.name} format"
        vals = dict(zip(c.tol_slots, m.groups()))
        if "request" in vals:
            request = vals.pop("request")
            if no_request(request):
                # the server logged a connection that never sent a request (a 408 time-out, a 400 on an
                # empty or aborted request): a record without method or path, so it is counted, not dropped
                vals["method"], vals["path"] = "", ""
            else:
                split = split_request(request)
                if isinstance(split, str):
                    return split
                vals["method"], vals["path"] = split[0], normalize_target(split[1], split[0])
        elif "uri" in vals:
            vals["path"] = normalize_target(vals.pop("uri") or "", vals.get("method") or "")
        for role in NULLABLE_ROLES.intersection(vals):
            if absent(vals[role]):
                vals[role] = None
        return tuple(vals.get(slot) for slot in c.slots)

    def _joined_chain(self, text: str) -> str | None:
        """The line with a leading address chain (``10.51.5.172, 64.129.48.21 - jdoe [...``) as one field, or
        None when the format does not start with the client or the line does not start with a chain."""
        if not self._client_first:
            return None
        m = _CHAIN_HEAD.match(text)
        if m is None:
            return None
        return _CHAIN_SEP.sub(",", m.group(1)) + text[m.end(1):]

    def classify(self, line: str) -> str | None:
        """For format detection: ``'full'``, ``'head'`` (tail missing) or ``None``."""
        c = self.compiled
        if c.fast.match(line):
            return "full"
        text = line.strip()
        joined = self._joined_chain(text)
        if joined is not None:
            text = joined
            if c.fast.match(text):
                return "full"
        rest = strip_syslog(text)
        if rest is not None:
            text = rest.strip()
            if c.fast.match(text):
                return "full"
        if len(text) > 1 and text[0] == '"' and text[-1] == '"' and not c.starts_quoted:
            text = text[1:-1]
            if c.fast.match(text):
                return "full"
        m = c.tolerant.match(text)
        if m is None:
            return None
        return "head" if c.has_tail and m.group(c.tail_group) is None else "full"

    def parse(self, lines: Sequence[str], first_line_no: int, file_idx: int) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
        """Parse a chunk of lines.

        Parameters
        ----------
        lines : Sequence[str]
            Lines without their newline.
        first_line_no : int
            Line number of ``lines[0]``.
        file_idx : int
            Index of the file the lines come from.

        Returns
        -------
        tuple[pandas.DataFrame, list[tuple[int, str]]]
            The records and ``(line_no, reason)`` for every rejected line.
            Blank lines are neither.  Escapes in the account, Referer and
            User-Agent (``\\x5C``, ``\\\\``, ``\\"``) are undone
            (:mod:`detector.io.escapes`).
        """
        with _gc_paused():
            frame, rejects = self._parse(lines, range(first_line_no, first_line_no + len(lines)), file_idx)
        return unescape_text_columns(frame), rejects

    def parse_bytes(self, pieces: Sequence[bytes], counts: Sequence[int], first_line_no: int,
                    file_idx: int) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
        """Parse whole lines given as bytes (the reader's path; same result as :meth:`parse`).

        Canonical lines go through the RE2/Arrow fast path (see
        :mod:`detector.io.fastpath`), the others through :meth:`parse`'s
        Python path, and the two are merged in line order.

        Parameters
        ----------
        pieces : sequence of bytes
            Consecutive whole lines, each ending with ``\\n`` except possibly
            the very last (a BOM already removed).
        counts : sequence of int
            Lines in each piece.
        first_line_no : int
            Line number of the first line.
        file_idx : int
            Index of the file the lines come from.

        Returns
        -------
        tuple[pandas.DataFrame, list[tuple[int, str]]]
            As :meth:`parse`; lines holding a NUL byte are rejected as binary data.
        """
        fast = self.fast_path
        if fast is None:
            data = b"".join(pieces)
            lines = data.decode("utf-8", errors="replace").split("\n")
            if not data or data.endswith(b"\n"):
                lines.pop()
            good = np.zeros(0, dtype=np.int64)
            table, bad = None, np.arange(len(lines))
        else:
            good, table, bad, raw = fast.split(pieces, counts)
            lines = [b.decode("utf-8", errors="replace") for b in raw]
        frames, rejects = [], []
        if table is not None:
            frame, rejects = fast.records(table, good + first_line_no, file_idx)
            frames.append(frame)
        if len(bad):
            lines = [line[:-1] if line.endswith("\r") else line for line in lines]
            numbers = (bad + first_line_no).tolist()
            binary = [i for i, line in enumerate(lines) if "\x00" in line]
            for i in binary:
                lines[i] = ""
            with _gc_paused():
                frame, slow_rejects = self._parse(lines, numbers, file_idx)
            rejects = sorted(rejects + slow_rejects + [(numbers[i], BINARY_DATA) for i in binary])
            frames.append(frame)
        if len(frames) == 1:
            return unescape_text_columns(frames[0]), rejects
        merged = concat_records(frames)
        order = np.argsort(merged["line_no"].to_numpy(), kind="stable")
        return unescape_text_columns(merged.take(order).reset_index(drop=True)), rejects

    def _parse(self, lines: Sequence[str], numbers: Iterable[int], file_idx: int) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
        fast = self.compiled.fast.match
        rows: list[tuple] = []
        nos: list[int] = []
        rejects: list[tuple[int, str]] = []
        append, nappend = rows.append, nos.append
        for no, line in zip(numbers, lines):
            m = fast(line)
            if m is not None:
                append(m.groups())
                nappend(no)
                continue
            if not line or line.isspace():
                continue
            res = self._tolerant(line)
            if type(res) is str:
                rejects.append((no, res))
            else:
                append(res)
                nappend(no)
        return self._build(rows, nos, file_idx, rejects), rejects

    def _build(self, rows: list[tuple], nos: list[int], file_idx: int, rejects: list[tuple[int, str]]) -> pd.DataFrame:
        c = self.compiled
        n = len(rows)
        if n == 0:
            return empty_records()
        cols = dict(zip(c.slots, zip(*rows)))
        times = cols["time"]
        kind = c.time_kind
        if "time_frac" in cols:
            times = [f"{t}.{f}" if t is not None and f is not None else t for t, f in zip(times, cols["time_frac"])]
            if kind != "auto" and kind[0] == "strftime":
                kind = ("strftime", kind[1] + ".%f")
            elif kind != "auto":
                kind = ("epoch", "s")
        if kind == "auto":
            ts, off = parse_auto(times)
        elif kind[0] == "strftime":
            ts, off = parse_strftime(times, kind[1])
        else:
            ts, off = parse_epoch(times, kind[1])
        keep = timestamp_rejects(ts, nos, rejects)
        path = cols.get("path")
        if path is not None and "query" in cols:
            path = [u + q if u is not None and q and q != "-" else u for u, q in zip(path, cols["query"])]
        duration = None
        dur_role = next((slot for slot in c.slots if slot in _DURATION_SCALE), None)
        if dur_role is not None:
            duration = to_number(cols[dur_role], n, scale=_DURATION_SCALE[dur_role])
        client_ip = cols.get("client_ip")
        if "forwarded_for" in cols:  # behind a load balancer: the client, not the balancer
            client_ip = real_clients(client_ip or [None] * n, cols["forwarded_for"])
        elif client_ip is not None:  # an X-Forwarded-For chain logged as the client (see _joined_chain)
            client_ip = resolve_chains(client_ip)
        user = cols.get("user")
        if "app_user" in cols:  # the app's header names the user where the server's own user field is empty
            user = [a if absent(u) else u for u, a in zip(user or [None] * n, cols["app_user"])]
        return assemble(
            ts_ns=ts, offset_min=off, line_no=nos, file_idx=file_idx,
            client_ip=client_ip, user=user, method=cols.get("method"),
            path=path, status=cols.get("status"), nbytes=cols.get("bytes"),
            referer=cols.get("referer"), user_agent=cols.get("user_agent"),
            app_session=cols.get("app_session"), duration_ms=duration, keep=keep,
        )


def combined_parser() -> LogFormatParser:
    """Parser for the Apache/nginx ``combined`` format (tolerates common lines)."""
    return LogFormatParser(COMBINED_FORMAT, name="combined", optional_after="b")


def combined_xff_parser() -> LogFormatParser:
    """Parser for nginx's ``main`` format: combined plus ``"$http_x_forwarded_for"`` (the client behind a load balancer)."""
    return LogFormatParser(COMBINED_XFF_FORMAT, name="combined_xff", optional_after="b")


def combined_user_parser(forwarded: bool = False) -> LogFormatParser:
    """Parser for combined (or nginx's ``main``, ``forwarded``) then a quoted field naming the app's user."""
    if forwarded:
        return LogFormatParser(COMBINED_XFF_USER_FORMAT, name="combined_xff_user", optional_after="b")
    return LogFormatParser(COMBINED_USER_FORMAT, name="combined_user", optional_after="b")


def common_parser() -> LogFormatParser:
    """Parser for the Common Log Format (anything after the byte count ignored)."""
    return LogFormatParser(COMMON_FORMAT, name="common")


__all__ = ["LogFormatParser", "combined_parser", "combined_user_parser", "combined_xff_parser", "common_parser"]
