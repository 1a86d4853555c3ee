"""Verdict labels for ``detector train --labels``: read them and find their units.

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

:func:`resolve_labels` turns labels into targets per model level:

* **session** level: ``s-`` ids and application session ids label their
  sessions; an account or alert verdict of *not abusive* labels every
  session of that account-day as not abusive (a benign day has no abusive
  session), and a verdict on an unauthenticated alert (source-day) labels
  the unauthenticated sessions of that address and day.  A *positive*
  account verdict does not make each of its sessions positive (the owner's
  own work is in them).
* **account-day** level: accounts label all their days, alert ids the
  alert's day; a day with a positive session is positive, a day whose
  every session is labelled negative is negative.

When several labels reach one unit, the most specific wins (session id >
application session > alert > account > derived); among equally specific
labels that disagree, *abusive* wins (a confirmed scraping alert makes the
account-day abusive even if its sharing alert was a false positive), and the
unit is counted in ``conflicts``.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from detector.sessions import Sessionised

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


@dataclass
class LabelMatch:
    """Labels found in one set of logs, as targets per level.

    Attributes
    ----------
    targets : dict of str to pandas.Series
        Per level (``session``, ``account_day``), 0/1 targets indexed like
        that level's feature frame (only labelled units).
    matched : dict of str to int
        Labels matched, per id kind (as resolved).
    unmatched : list of str
        Ids not found in these logs.
    conflicts : dict of str to int
        Per level, units on which equally specific labels disagreed (labelled abusive).
    by_label : dict of str to int
        Matched labels per normalised label text.
    """

    targets: dict[str, pd.Series]
    matched: dict[str, int] = field(default_factory=dict)
    unmatched: list[str] = field(default_factory=list)
    conflicts: dict[str, int] = field(default_factory=dict)
    by_label: dict[str, int] = field(default_factory=dict)

    def counts(self) -> dict[str, dict[str, int]]:
        """Per level, ``{"positives": n, "negatives": n}``."""
        return {
            level: {"positives": int((y == 1).sum()), "negatives": int((y == 0).sum())}
            for level, y in self.targets.items()
        }

    def to_dict(self, max_unmatched: int = 20) -> dict:
        """A JSON-ready summary (for model metadata)."""
        return {
            "counts": self.counts(),
            "matched": dict(self.matched),
            "unmatched": len(self.unmatched),
            "unmatched_sample": self.unmatched[:max_unmatched],
            "conflicts": dict(self.conflicts),
            "by_label": dict(self.by_label),
        }


class _Votes:
    """Labels reaching each unit of one level, with their specificity."""

    def __init__(self) -> None:
        self.votes: dict[object, list[tuple[int, int]]] = {}

    def add(self, unit: object, value: int, source: str) -> None:
        self.votes.setdefault(unit, []).append((PRIORITY[source], value))

    def resolve(self, index: pd.Index) -> tuple[pd.Series, int]:
        units, values, conflicts = [], [], 0
        for unit, votes in self.votes.items():
            top = max(p for p, _ in votes)
            decided = {v for p, v in votes if p == top}
            if len(decided) > 1:
                conflicts += 1
            units.append(unit)
            values.append(max(decided))
        if not units:
            return pd.Series([], index=index[:0], dtype=np.int64), conflicts
        if isinstance(index, pd.MultiIndex):
            idx = pd.MultiIndex.from_tuples(units, names=index.names)
        else:
            idx = pd.Index(units, name=index.name)
        y = pd.Series(values, index=idx, dtype=np.int64)
        return y.loc[index.intersection(y.index)] if len(index) else y.iloc[:0], conflicts


def _alert_subjects(account_days: pd.Index, source_days: pd.Index) -> dict[str, tuple[str | None, str | None, int]]:
    """Every alert id these logs could produce, to its ``(user, ip, day)`` subject."""
    from detector.alerts import ALERT_KINDS, alert_id_for  # the decider's id scheme (one source of truth)

    out: dict[str, tuple[str | None, str | None, int]] = {}
    for user, day in account_days:
        for kind in ALERT_KINDS:
            out[alert_id_for(kind, user, None, int(day))] = (user, None, int(day))
    for ip, day in source_days:
        for kind in ALERT_KINDS:
            out[alert_id_for(kind, None, ip, int(day))] = (None, ip, int(day))
    return out


def resolve_labels(labels: list[Label], data: Sessionised, features: dict[str, pd.DataFrame]) -> LabelMatch:
    """Find the units each label names in these logs.

    Parameters
    ----------
    labels : list of Label
        From :func:`read_labels`.
    data : Sessionised
        Sessions of the logs (from :func:`detector.pipeline.build_features`).
    features : dict of str to pandas.DataFrame
        The feature frames of the same logs, keyed by level.

    Returns
    -------
    LabelMatch
        Targets for the ``session`` and ``account_day`` levels.
    """
    sessions = data.sessions
    req = data.requests
    session_index = features["session"].index if "session" in features else sessions.index
    ad_index = features["account_day"].index if "account_day" in features else pd.MultiIndex.from_tuples([], names=["user", "local_day"])
    sd_index = features["source_day"].index if "source_day" in features else pd.MultiIndex.from_tuples([], names=["client_ip", "local_day"])

    by_session_id = dict(zip(sessions["session_id"].to_numpy(), sessions.index))
    app = sessions["app_session"]
    by_app = app[app.notna()].groupby(app[app.notna()].astype(str)).groups
    # sessions of each account-day and of each unauthenticated (address, day)
    day_of_request = req["local_day"].to_numpy() if len(req) else np.zeros(0, dtype=np.int64)
    pairs = pd.DataFrame(
        {"session_idx": req["session_idx"].to_numpy(), "user": req["user"].to_numpy(), "ip": req["client_ip"].to_numpy(), "day": day_of_request}
    ).drop_duplicates() if len(req) else pd.DataFrame(columns=["session_idx", "user", "ip", "day"])
    authed = pairs[pairs["user"].notna()]
    sessions_of_ad = authed.groupby(["user", "day"])["session_idx"].unique().to_dict()
    anon_idx = sessions.index[sessions["user"].isna()]
    anon = pairs[pairs["session_idx"].isin(anon_idx)]
    sessions_of_sd = anon.groupby(["ip", "day"])["session_idx"].unique().to_dict()
    users = {}
    for user in ad_index.get_level_values(0).unique() if len(ad_index) else []:
        users.setdefault(str(user).lower(), []).append(user)
    days_of_user: dict[str, list] = {}
    for unit in ad_index:
        days_of_user.setdefault(unit[0], []).append(unit)
    alerts = None  # built on first alert label (hashes every candidate subject)

    session_votes, ad_votes = _Votes(), _Votes()
    matched: Counter = Counter()
    by_label: Counter = Counter()
    unmatched: list[str] = []

    def label_account_days(units: list, value: int, source: str) -> None:
        for unit in units:
            ad_votes.add(unit, value, source)
            if value == 0:  # a benign day has no abusive session
                for s in sessions_of_ad.get((unit[0], unit[1]), []):
                    session_votes.add(int(s), 0, "derived")

    for lab in labels:
        kind = lab.kind
        hit = False
        if kind == "session":
            if lab.id in by_session_id:
                session_votes.add(int(by_session_id[lab.id]), lab.value, "session")
                hit = True
        if kind in ("app_session", "auto") and lab.id in by_app:
            for s in by_app[lab.id]:
                session_votes.add(int(s), lab.value, "app_session")
            kind, hit = "app_session", True
        if kind in ("account", "auto") and not hit:
            for user in users.get(lab.id.lower(), []):
                label_account_days(days_of_user.get(user, []), lab.value, "account")
                kind, hit = "account", True
        if kind == "alert":
            if alerts is None:
                alerts = _alert_subjects(ad_index, sd_index)
            subject = alerts.get(lab.id)
            if subject is not None:
                hit = True
                user, ip, day = subject
                if user is not None:
                    label_account_days([(user, day)], lab.value, "alert")
                else:
                    for s in sessions_of_sd.get((ip, day), []):
                        session_votes.add(int(s), lab.value, "alert")
        if hit:
            matched[kind] += 1
            by_label[lab.label] += 1
        else:
            unmatched.append(lab.id)

    targets: dict[str, pd.Series] = {}
    conflicts: dict[str, int] = {}
    y_session, conflicts["session"] = session_votes.resolve(session_index)
    # account-days derived from session labels: any positive session -> positive; all sessions negative -> negative
    if len(y_session) and len(ad_index):
        labelled = y_session.to_dict()
        for (user, day), members in sessions_of_ad.items():
            values = [labelled.get(int(s)) for s in members]
            if any(v == 1 for v in values):
                ad_votes.add((user, day), 1, "derived")
            elif values and all(v == 0 for v in values):
                ad_votes.add((user, day), 0, "derived")
    y_ad, conflicts["account_day"] = ad_votes.resolve(ad_index)
    targets["session"] = y_session
    targets["account_day"] = y_ad
    return LabelMatch(targets, dict(matched), unmatched, conflicts, dict(by_label))
