"""Verdict labels for ``detector train --labels``: reading them.

A labels file is a CSV of ``id,label`` rows (a header is optional; ``#``
comments and blank lines between records are skipped).  It is read as real
CSV: a quoted field may hold commas, quotes and newlines, as in the service's
``GET /v1/reviews.csv`` (``alert_id,verdict,reviewer,at,note``, where a note
may run over several lines); a bad record is reported with the line it
starts on.  CERTH's space-separated annotation files (``<PHP session id>
<label>``, no comma anywhere) are read as they are.

The **id** is one of:

* a session id ``s-…`` from ``sessions.csv``;
* an application session id (e.g. a PHPSESSID, the ``app_session`` column);
* an account (e-mail or user name);
* an alert id ``A-…`` (e.g. from the service's reviews: ``alert_id,verdict``).

``s-`` and ``A-`` ids are recognised by their shape; any other id is matched
against the application session ids in the logs first, then the accounts
(case-insensitive).  A prefix ``session:``, ``app_session:``, ``account:`` or
``alert:`` forces the kind.

The **label** is a verdict, case-insensitive (``-`` and spaces count as ``_``):

=========================================================  =========
abusive (1)                                                 not (0)
=========================================================  =========
``1``, ``true``, ``bot``, ``moderate_bot``,                 ``0``, ``false``, ``human``,
``advanced_bot``, ``confirmed``, ``scraping``,              ``false_positive``,
``credential_sharing``, ``brute_force``                     ``benign_automation``, ``benign``
=========================================================  =========

With a header, any column order and extra columns are accepted: the id is
the first of ``id``, ``session_id``, ``alert_id``, ``app_session``,
``account``, ``user``; the label the first of ``label``, ``verdict``,
``annotation``.

:func:`detector.label_targets.resolve_labels` turns the labels into targets per model level.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

POSITIVE = frozenset(
    {"1", "true", "bot", "moderate_bot", "advanced_bot", "confirmed", "scraping", "credential_sharing", "brute_force"}
)
NEGATIVE = frozenset({"0", "false", "human", "false_positive", "benign_automation", "benign"})
ID_COLUMNS = ("id", "session_id", "alert_id", "app_session", "account", "user")
LABEL_COLUMNS = ("label", "verdict", "annotation")
KINDS = ("session", "app_session", "account", "alert", "auto")
_SESSION_RE = re.compile(r"^s-[0-9a-f]{12}$")
_ALERT_RE = re.compile(r"^A-[0-9a-f]{12}$")
_PREFIX_RE = re.compile(r"^(session|app_session|account|alert):(.*)$")
#: How many bad rows a LabelError lists before "and N more".
MAX_LISTED = 10
#: Specificity of each source; the highest present for a unit wins.
PRIORITY = {"session": 5, "app_session": 4, "alert": 3, "account": 2, "derived": 1}


class LabelError(ValueError):
    """A labels file cannot be used; the message names the file and lines."""


@dataclass(frozen=True)
class Label:
    """One row of a labels file.

    Attributes
    ----------
    id : str
        The id without any ``kind:`` prefix.
    kind : str
        ``session``, ``app_session``, ``account``, ``alert`` or ``auto``
        (resolved against the logs).
    value : int
        1 abusive, 0 not.
    label : str
        The normalised label text (e.g. ``moderate_bot``).
    line : int
        1-based line number in the file.
    """

    id: str
    kind: str
    value: int
    label: str
    line: int


def parse_label(text: str) -> tuple[int, str]:
    """Map a label text to ``(value, normalised text)``.

    Raises
    ------
    ValueError
        The text is not an accepted label.
    """
    norm = re.sub(r"[\s\-]+", "_", str(text).strip().lower())
    if norm in POSITIVE:
        return 1, norm
    if norm in NEGATIVE:
        return 0, norm
    shown = str(text) if len(str(text)) <= 40 else str(text)[:39] + "…"
    raise ValueError(
        f"unknown label {shown!r}; use 1/0, true/false, bot/human, moderate_bot/advanced_bot/human, "
        "confirmed/false_positive/benign_automation or scraping/credential_sharing/brute_force/benign"
    )


def classify_id(raw: str) -> tuple[str, str]:
    """Return ``(kind, id)`` for an id cell (see the module docstring)."""
    text = raw.strip()
    match = _PREFIX_RE.match(text)
    if match:
        return match.group(1), match.group(2).strip()
    if _SESSION_RE.match(text):
        return "session", text
    if _ALERT_RE.match(text):
        return "alert", text
    return "auto", text


class _RecordLines:
    """The lines of a labels file for :func:`csv.reader`, remembering where each record starts.

    Blank lines and ``#`` comments are skipped only *between* records: a
    quoted field may hold a blank line or a line starting with ``#`` (a
    reviewer's note with a newline, as the service's ``/v1/reviews.csv``
    writes it).
    """

    def __init__(self, text: str) -> None:
        self.lines = io.StringIO(text, newline="").readlines()  # split on \n, \r\n and \r only, ends kept
        self.consumed = 0
        self.record_start: int | None = None

    def __iter__(self) -> "_RecordLines":
        return self

    def __next__(self) -> str:
        while self.consumed < len(self.lines):
            line = self.lines[self.consumed]
            self.consumed += 1
            if self.record_start is None:
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                self.record_start = self.consumed
            return line
        raise StopIteration


def _csv_rows(text: str) -> tuple[list[tuple[int, list[str]]], list[tuple[int, str]]]:
    """Parse CSV records (quoted fields may span lines); return (start line, cells) and (line, problem)."""
    source = _RecordLines(text)
    reader = csv.reader(source, strict=True)
    rows: list[tuple[int, list[str]]] = []
    problems: list[tuple[int, str]] = []
    while True:
        source.record_start = None
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            start = source.record_start or source.consumed
            if "unexpected end of data" in str(exc):
                problems.append((start, "a quoted field opened in this record is never closed (a missing '\"')"))
                break
            problems.append((start, f"malformed CSV: {exc}"))
            continue
        rows.append((source.record_start or source.consumed, [c.strip() for c in cells]))
    return rows, problems


def _rows(text: str) -> tuple[list[tuple[int, list[str]]], list[tuple[int, str]]]:
    """Split the file into (line number, cells) records, skipping blanks and comments.

    A file with a comma anywhere is read as CSV (RFC 4180 quoting: a quoted
    field may hold commas, quotes and newlines; the line number is the one
    the record starts on); otherwise each line is ``<id> <label>`` separated
    by white space (CERTH annotation files).  Also returns the records that
    cannot be parsed, as (line, problem).
    """
    lines = text.splitlines()
    content = [(i, ln) for i, ln in enumerate(lines, 1) if ln.strip() and not ln.lstrip().startswith("#")]
    if not content:
        return [], []
    if any("," in ln for _, ln in content):
        return _csv_rows(text)
    return [(i, ln.split()) for i, ln in content], []  # CERTH annotation files: "<id> <label>"


def read_labels(path: str | Path) -> list[Label]:
    """Read a labels file.

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    list of Label
        One per distinct id (a repeated id with the same label is kept once).

    Raises
    ------
    LabelError
        The file is missing or unreadable, has no labels, or has bad rows
        (each named as ``FILE:LINE: problem``).
    """
    target = Path(path)
    try:
        text = target.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise LabelError(f"labels file not found: {target}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LabelError(f"cannot read labels file {target}: {exc}") from None
    rows, unparsed = _rows(text)
    if not rows and not unparsed:
        raise LabelError(f"labels file {target} holds no labels (expected CSV rows of id,label)")
    id_col, label_col, width, names = 0, 1, 2, "id,label"
    first_line, first = rows[0] if rows else (0, [])
    header = [c.strip().lower() for c in first]
    if any(h in ID_COLUMNS for h in header) and any(h in LABEL_COLUMNS for h in header):
        id_col = header.index(next(h for h in ID_COLUMNS if h in header))
        label_col = header.index(next(h for h in LABEL_COLUMNS if h in header))
        width, names = len(header), ",".join(first)
        rows = rows[1:]
        if not rows and not unparsed:
            raise LabelError(f"labels file {target} has a header (line {first_line}) but no labels")
    problems: list[tuple[int, str]] = [(line, f"{target}:{line}: {problem}") for line, problem in unparsed]
    seen: dict[tuple[str, str], Label] = {}
    for line, cells in rows:
        if len(cells) != width:
            problems.append((line, f"{target}:{line}: expected {width} fields ({names}), found {len(cells)}"))
            continue
        raw_id, raw_label = cells[id_col], cells[label_col]
        if not raw_id:
            problems.append((line, f"{target}:{line}: empty id"))
            continue
        kind, ident = classify_id(raw_id)
        if not ident:
            problems.append((line, f"{target}:{line}: empty id after {kind}:"))
            continue
        try:
            value, norm = parse_label(raw_label)
        except ValueError as exc:
            problems.append((line, f"{target}:{line}: {exc}"))
            continue
        key = (kind, ident.lower() if kind in ("account", "auto") else ident)
        before = seen.get(key)
        if before is not None:
            if before.value != value:
                problems.append(
                    (line, f"{target}:{line}: {ident} is labelled {raw_label!r} here but {before.label!r} on line {before.line}")
                )
            continue
        seen[key] = Label(ident, kind, value, norm, line)
    if problems:
        messages = [message for _, message in sorted(problems, key=lambda p: p[0])]
        more = f"; and {len(messages) - MAX_LISTED} more bad row(s)" if len(messages) > MAX_LISTED else ""
        raise LabelError(
            f"{len(messages)} bad row(s) in labels file {target}:\n  " + "\n  ".join(messages[:MAX_LISTED]) + more
        )
    return list(seen.values())
