"""Re-read the log lines behind an alert and check that each is the line scanned.

``detector explain`` keeps nothing from the scan but line references; the
lines themselves come from the original files again.  A file may have been
moved (looked for by name in ``--log-dir``), rotated, shortened or replaced
since the scan: every line re-read must still carry the time, route template,
account and client address the scan saw, else the explanation is refused
with an :class:`ExplainError` naming the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from detector.io.errors import LogReadError
from detector.io.files import iter_blocks
from detector.io.formats import layout_line
from detector.io.reader import parse_lines
from detector.schema import LOCAL_CLOCK
from detector.io.records import normalize_target, split_request
from detector.routes import template_path

_REQUEST = re.compile(r'"([A-Za-z][A-Za-z0-9_-]{0,31} [^"]*)"')


class ExplainError(Exception):
    """The alert cannot be explained (one-line message)."""


def candidate_paths(name: str, manifest: dict, log_dir: Path | None) -> list[Path]:
    """Where a scanned file may be now, in the order looked at."""
    path = Path(name)
    tried = []
    if not path.is_absolute() and manifest.get("cwd"):
        tried.append(Path(manifest["cwd"]) / path)
    tried.append(path)
    if log_dir is not None:
        tried.insert(0, log_dir / path.name)
    return tried


def resolve_log(name: str, idx: int, manifest: dict, log_dir: Path | None) -> Path:
    """The scanned file ``name`` (number ``idx`` in ``summary.json``) where it is now.

    Raises
    ------
    ExplainError
        It is in none of the places :func:`candidate_paths` gives.
    """
    for candidate in candidate_paths(name, manifest, log_dir):
        if candidate.is_file():
            return candidate
    hint = "" if log_dir is not None else "; pass --log-dir DIR if it was moved"
    where = f" (also looked in {log_dir})" if log_dir is not None else ""
    raise ExplainError(f"source log {name} (file {idx + 1} of the scan) is not there any more{where}{hint}")


def _read_lines(path: Path, label: str, wanted: np.ndarray,
                keep: Callable[[str], bool] | None) -> tuple[list[str], list[int]]:
    """The wanted lines of one file (sorted line numbers), each after the lines ``keep`` accepts before it.

    ``keep`` tells the lines that set the layout of later ones (W3C
    directives, CSV header rows; :func:`detector.io.formats.layout_line`).
    Returns the lines to parse and, per line, its number in the file (0 for a layout line).
    """
    out: list[str] = []
    numbers: list[int] = []
    pending: list[str] = []
    k = 0
    line_no = 0
    try:
        for lines, _, _ in iter_blocks(path, label):
            for text in lines:
                line_no += 1
                if keep is not None and keep(text):
                    pending.append(text)
                    continue
                if k < len(wanted) and line_no == wanted[k]:
                    out.extend(pending)
                    numbers.extend([0] * len(pending))
                    pending = []
                    out.append(text)
                    numbers.append(line_no)
                    k += 1
                    while k < len(wanted) and wanted[k] == line_no:
                        k += 1
            if k >= len(wanted):
                break
    except LogReadError as exc:
        raise ExplainError(str(exc)) from None
    if k < len(wanted):
        raise ExplainError(
            f"source log {label} ends at line {line_no:,} but the scan used line {int(wanted[k]):,}: "
            "the file changed or was rotated since the scan"
        )
    return out, numbers


def _fallback_path(text: str) -> str | None:
    """The request target of a line in an unknown layout: the first quoted "METHOD target ..."."""
    m = _REQUEST.search(text)
    if not m:
        return None
    split = split_request(m.group(1))
    if isinstance(split, str):
        return None
    method, target = split
    return normalize_target(target, method)


def _text(value: object) -> str:
    """A user or address cell as text: '' when absent."""
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA else str(value)


def _paths_of(lines: list[str], numbers: list[int], fmt: str, label: str, log_format: str | None,
              jsonl_mapping: Mapping[str, str] | None) -> dict[int, list[tuple[str, object, tuple[str, str] | None]]]:
    """Line number -> [(path, (ts, on the server's local clock) or None, (user, client address) or None)] of the
    wanted lines: one per request the line holds (a batched JSON line, OTLP's, holds several).

    Time, user and address are None for lines only found by their quoted request (unknown layout).
    """
    found: dict[int, list[tuple[str, object, tuple[str, str] | None]]] = {}
    if fmt != "logformat" or log_format:
        try:
            frame, _, _ = parse_lines(lines, None if fmt == "logformat" else fmt, log_format=log_format if fmt == "logformat" else None,
                                      jsonl_mapping=jsonl_mapping, file_label=label)
        except Exception as exc:  # a format that does not fit any more is a moved/replaced file
            raise ExplainError(f"{label}: cannot re-read the lines as {fmt}: {' '.join(str(exc).split())}") from None
        pos = frame["line_no"].to_numpy(dtype=np.int64) - 1
        users = frame["user"].astype(object).to_numpy() if "user" in frame.columns else [None] * len(frame)
        addresses = frame["client_ip"].astype(object).to_numpy() if "client_ip" in frame.columns else [None] * len(frame)
        # a time on the server's own clock was read in the scan's time zone, which the scan folder does not keep:
        # it is checked as the same clock reading, shifted by some zone's offset (see _same_time)
        local = frame["utc_offset_min"].to_numpy() == LOCAL_CLOCK
        for p, path, ts, user, ip, on_clock in zip(pos, frame["path"].astype(object).to_numpy(), frame["ts"], users,
                                                   addresses, local):
            if numbers[p]:
                found.setdefault(numbers[p], []).append((str(path), (ts, bool(on_clock)), (_text(user), _text(ip))))
    for text, no in zip(lines, numbers):
        if no and no not in found:
            path = _fallback_path(text)
            if path is not None:
                found[no] = [(path, None, None)]
    return found


def _same_time(read: pd.Timestamp, on_clock: bool, scanned: pd.Timestamp) -> bool:
    """Whether a re-read time is the scanned one: equal, or for a server's local clock (the IIS log file format)
    the same reading in some time zone (a whole quarter hour apart, at most 14 hours)."""
    if not on_clock:
        return pd.Timestamp(read) == scanned
    apart = (scanned - pd.Timestamp(read)).total_seconds()
    return abs(apart) <= 14 * 3600 and apart % 900 == 0


@dataclass
class Subjects:
    """Who the alert's sessions were, to check that a re-read line has the user and address scanned.

    ``pairs`` is the exact set of (user, address) when every session was keyed
    on account, address and user agent (each line of such a session has the
    session's user and address); with application sessions only the users are
    known (``pairs`` None): a line's user must then be empty or one of them.
    """

    users: set[str]
    pairs: set[tuple[str, str]] | None

    def differs(self, who: tuple[str, str]) -> str | None:
        """What differs in a line's (user, address): ``"user"``, ``"client address"`` or None (the scan keeps
        account names in lower case, :func:`detector.enrich.with_accounts_folded`)."""
        user, ip = who
        if user:
            user = user.lower()
            who = (user, ip)
        if self.pairs is not None:
            if who in self.pairs:
                return None
            return "client address" if user in {u for u, _ in self.pairs} else "user"
        return "user" if user and user not in self.users else None


def alert_subjects(sessions: pd.DataFrame | None, session_ids: list[str]) -> Subjects | None:
    """The users and addresses of the alert's sessions in ``sessions.csv`` (None when it cannot tell)."""
    if sessions is None:
        return None
    mine = sessions[sessions["session_id"].astype(str).isin(set(session_ids))]
    if mine.empty:
        return None
    users = [_text(u) for u in mine["user"]]
    addresses = [_text(a) for a in mine["client_ip"]]
    app = [_text(a) for a in mine["app_session"]] if "app_session" in mine.columns else None
    keyed_on_address = app is not None and not any(app)
    return Subjects({u for u in users if u}, set(zip(users, addresses)) if keyed_on_address else None)


def checked_lines(path: Path, name: str, refs: pd.DataFrame, fmt: str, subjects: Subjects | None,
                   log_format: str | None, jsonl_mapping: Mapping[str, str] | None) -> pd.DataFrame:
    """Re-read one file's lines of the alert and check each is the one scanned (time, route, user, address).

    Raises
    ------
    ExplainError
        A line is missing or differs from what was scanned.
    """
    wanted = refs["line_no"].to_numpy(dtype=np.int64)
    lines, numbers = _read_lines(path, str(path), wanted, keep=layout_line(fmt))
    parsed = _paths_of(lines, numbers, fmt, str(path), log_format, jsonl_mapping)
    text_of = {no: text for text, no in zip(lines, numbers) if no}
    rows = []
    taken: dict[int, set[int]] = {}  # per line, its requests already matched to a scanned one
    for ref in refs.itertuples(index=False):
        no = int(ref.line_no)
        candidates = parsed.get(no)
        if not candidates:
            raise ExplainError(f"{path}:{no}: the line no longer reads as a request: the file changed since the scan")
        scanned_ts = pd.Timestamp(ref.ts)
        differs: str | None = "time or route"
        used = taken.setdefault(no, set())
        url = None
        # the line's first request not matched yet that is the one scanned (a batched line holds several)
        for at, (found, ts, who) in enumerate(candidates):
            if at in used and len(candidates) > 1:
                continue
            if template_path(found).template != str(ref.template) or (ts is not None and not _same_time(*ts, scanned_ts)):
                continue
            differs = subjects.differs(who) if subjects is not None and who is not None else None
            if not differs:
                url = found
                used.add(at)
                break
        if differs:
            raise ExplainError(
                f"{path}:{no}: the line is not the one scanned ({differs} differs): the file changed or was "
                "replaced since the scan"
            )
        rows.append((str(name), no, scanned_ts, text_of[no], url))
    return pd.DataFrame(rows, columns=["file", "line_no", "ts", "text", "path"])


__all__ = ["ExplainError", "Subjects", "alert_subjects", "candidate_paths", "checked_lines", "resolve_log"]
