"""Shared helpers that turn raw parsed columns into a records frame.

The parsers collect plain Python values per line (strings, ``None``) and hand
whole columns to :func:`assemble`, which normalises them once per chunk with
NumPy/pandas operations and returns a frame in the canonical schema of
:mod:`detector.schema`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from urllib.parse import unquote

import numpy as np
import pandas as pd

from detector.io.timeparse import NAT
from detector.schema import NULLABLE_COLUMNS, RECORD_SCHEMA, UA_NOT_LOGGED, as_category, empty_records

_METHOD_RE = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,31}")
_ABS_URI_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*")
_SESSION_COOKIE_RE = re.compile(
    r"(?:^|[;,+\s])\s*(ASP\.NET_SessionId|JSESSIONID|PHPSESSID|CFID|[A-Za-z0-9_.-]*sess(?:ion)?(?:[_-]?id)?|sid)"
    r"=([^;,+\s]+)",
    re.IGNORECASE,
)

#: A key, column or cookie name (lower case, punctuation removed) that names the signed-in user by how it ends,
#: when no name a reader knows does: as an export or a custom JSON format names the identity it logs (API
#: Gateway's ``principalId`` or ``jwtEmail``, ``cognitoUser``, ``endUserEmail``, an audit export's
#: ``staff_login``; not ``last_login``, a time) or an app its own cookie (``pw_user``).
USER_KEY_RE = re.compile(r"(?:user(?:name|id|email|mail|login)?|email|principal(?:id|name)?|upn|loginname|"
                         r"(?<!last)(?<!first)(?<!failed)login)$")
#: Cookie names that end like a user's but hold a visitor's or a device's id (analytics, A/B testing).
_VISITOR_COOKIE_RE = re.compile(r"anonymous|visitor|optimizely|device|tracking|^_?ga|^ajs|^mp_|amplitude")
_COOKIE_RE = re.compile(r"(?:^|[;,+\s])\s*([A-Za-z0-9_.$-]+)=([^;,+\s]*)")
_KEY_PUNCTUATION_RE = re.compile(r"[^0-9a-z]")

#: Reason strings used in rejections (short, never the raw line).
BAD_REQUEST = "unparseable request line"
BAD_TIMESTAMP = "bad timestamp"
BINARY_DATA = "binary data"
#: ``%r`` values that mean "no request was received" (Apache writes ``-``, nginx an empty string): such
#: lines become records with an empty method and path, not rejections.
EMPTY_REQUESTS = frozenset({"-", ""})
#: What Squid writes for ``%r`` when no request arrived (a client that hung up before its headers, a line that was
#: not HTTP): ``- error:transaction-end-before-headers HTTP/0.0``, ``NONE error:invalid-request HTTP/0.0``.
_SQUID_NO_REQUEST_RE = re.compile(r"(?:-|NONE) error:\S*(?: HTTP/\d\.\d)?")


def no_request(request: str) -> bool:
    """True when a logged ``%r`` says no request was received (:data:`EMPTY_REQUESTS`, or Squid's ``error:`` form)."""
    return request in EMPTY_REQUESTS or _SQUID_NO_REQUEST_RE.fullmatch(request) is not None


def split_request(request: str) -> tuple[str, str] | str:
    """Split an HTTP request line into ``(method, target)``.

    Parameters
    ----------
    request : str
        The ``%r`` value, e.g. ``"GET /x?a=1 HTTP/1.1"``.  Targets with
        spaces (``GET /a b HTTP/1.0``) are kept whole; the protocol is dropped.

    Returns
    -------
    tuple[str, str] or str
        ``(method, target)``, or the rejection reason when the line is not
        a request (``"-"``, TLS handshakes, binary junk, a missing target).
    """
    text = request.strip()
    method, _, rest = text.partition(" ")
    if not _METHOD_RE.fullmatch(method):
        return BAD_REQUEST
    rest = rest.strip()
    head, _, tail = rest.rpartition(" ")
    if tail.startswith("HTTP/") and head.strip():
        rest = head.strip()
    elif tail.startswith("HTTP/") and not head:
        return BAD_REQUEST
    if not rest:
        return BAD_REQUEST
    return method, rest


def normalize_target(target: str, method: str = "") -> str:
    """Reduce a request target to path plus query string.

    Parameters
    ----------
    target : str
        As logged: ``/x?y``, ``http://host/x?y``, ``*`` or an authority.
    method : str
        The request method; a ``CONNECT`` target (a host) becomes ``''``.

    Returns
    -------
    str
        ``/x?y`` for absolute URIs (``/`` when they have no path); other
        targets unchanged.
    """
    if target[:1] == "/":
        return target
    if method == "CONNECT":
        return ""
    m = _ABS_URI_RE.match(target)
    if m is None:
        return target
    rest = target[m.end():]
    if not rest or rest[0] != "/":
        rest = "/" + rest
    return rest


def session_from_cookies(cookie_header: str | None) -> str | None:
    """Pick the application's session id out of a Cookie header.

    Parameters
    ----------
    cookie_header : str or None
        ``name=value; name2=value2`` (IIS writes ``;+`` between cookies).

    Returns
    -------
    str or None
        The value of the first cookie whose name looks like a session id
        (``ASP.NET_SessionId``, ``JSESSIONID``, ``PHPSESSID``, ``*session*``,
        ``sid``...), else ``None``.
    """
    if not cookie_header or cookie_header == "-":
        return None
    m = _SESSION_COOKIE_RE.search(cookie_header)
    return m.group(2) if m else None


def user_from_cookies(cookie_header: str | None) -> str | None:
    """The signed-in user an application names in a cookie of its own, for logs with no user field.

    Parameters
    ----------
    cookie_header : str or None
        ``name=value; name2=value2`` (IIS writes ``;+`` between cookies).

    Returns
    -------
    str or None
        The URL-decoded value of the first cookie whose name ends like a
        user's (:data:`USER_KEY_RE`: ``pw_user``, ``username``,
        ``userEmail``), leaving out analytics' and testing tools' visitor
        ids; ``None`` when there is none.

    Examples
    --------
    >>> user_from_cookies("pw_session=9f86d081; pw_user=j.doe%40district.org")
    'j.doe@district.org'
    >>> user_from_cookies("ajs_user_id=123; JSESSIONID=AB12") is None
    True
    """
    if not cookie_header or cookie_header == "-":
        return None
    for name, value in _COOKIE_RE.findall(cookie_header):
        key = _KEY_PUNCTUATION_RE.sub("", name.lower())
        if not USER_KEY_RE.search(key) or _VISITOR_COOKIE_RE.search(name.lower()):
            continue
        user = unquote(value) if "%" in value else value
        if not absent(user) and len(user) <= 128:
            return user
    return None


def match_lines(lines: Sequence[str], first_line_no: int, match: Callable[[str], re.Match | None], not_matched: str,
                row: Callable[[re.Match], tuple | str], skip: str | None = None,
                ) -> tuple[list[tuple], list[int], list[tuple[int, str]]]:
    """Rows of the lines a one-line format's regex matches.

    Parameters
    ----------
    lines : Sequence[str]
        Lines without their newline; blank ones are skipped (neither a row nor a rejection).
    first_line_no : int
        Line number of ``lines[0]``.
    match : callable
        The format's compiled ``regex.match``, applied to each stripped line.
    not_matched : str
        The rejection reason of a line it does not match.
    row : callable
        A match to the row's tuple, or to a rejection reason (e.g. an unparseable request).
    skip : str, optional
        A reason ``row`` gives for a line that is neither a row nor a rejection (an event that is not a request).

    Returns
    -------
    rows, line_nos, rejects : list
        The rows, their line numbers, and ``(line_no, reason)`` for every rejected line.
    """
    rows: list[tuple] = []
    nos: list[int] = []
    rejects: list[tuple[int, str]] = []
    for no, line in enumerate(lines, first_line_no):
        if not line or line.isspace():
            continue
        m = match(line.strip())
        out = not_matched if m is None else row(m)
        if isinstance(out, str):
            if out != skip:
                rejects.append((no, out))
        else:
            rows.append(out)
            nos.append(no)
    return rows, nos, rejects


def timestamp_rejects(ts: np.ndarray, nos: Sequence[int], rejects: list[tuple[int, str]]) -> np.ndarray:
    """Add a :data:`BAD_TIMESTAMP` rejection, in line order, for every row whose time did not parse.

    Parameters
    ----------
    ts : numpy.ndarray
        Parsed times (``NAT`` where parsing failed).
    nos : Sequence[int]
        Line number of each row.
    rejects : list of (int, str)
        The chunk's rejections so far; extended and sorted in place.

    Returns
    -------
    numpy.ndarray
        The rows to keep.
    """
    keep = ts != NAT
    if not keep.all():
        rejects.extend((nos[i], BAD_TIMESTAMP) for i in np.flatnonzero(~keep))
        rejects.sort()
    return keep


def obj_array(values: Sequence[object]) -> np.ndarray:
    """A 1-D object array holding ``values`` (strings stay Python strings)."""
    return np.fromiter(values, dtype=object, count=len(values))


def absent(value: object) -> bool:
    """True for the values logs use to mean "not there": ``None``, ``'-'``, ``''``, and Fastly's ``'(null)'``
    (what its VCL log formats write for an unset header)."""
    return value is None or value == "-" or value == "" or value == "(null)"


def _none_to(values: Sequence[object] | None, n: int, repl: object) -> np.ndarray:
    if values is None:
        return np.full(n, repl, dtype=object)
    arr = obj_array(values)
    if repl is not None:
        arr[np.equal(arr, None)] = repl
    return arr


def to_number(values: Sequence[object] | None, n: int, *, scale: float = 1.0,
              default: float = np.nan) -> np.ndarray:
    """Convert a column of numeric strings/numbers to float64.

    ``'-'``, blanks, ``None`` and junk become ``default``; distinct values
    are converted once.
    """
    if values is None:
        return np.full(n, default, dtype=np.float64)
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    conv = pd.to_numeric(pd.Series(uniques, dtype=object), errors="coerce").to_numpy(dtype=np.float64)
    conv = np.append(conv * scale, np.nan)[codes]
    conv[~np.isfinite(conv)] = default
    return conv


def to_int(values: Sequence[object] | None, n: int, dtype: str = "int64", hi: int = 2**62) -> np.ndarray:
    """Convert a column of decimal digit strings to integers.

    Works on the bytes of the whole column at once; anything that is not a
    plain non-negative decimal number (``'-'``, ``None``, junk) or is above
    ``hi`` becomes 0.
    """
    if values is None or n == 0:
        return np.zeros(n, dtype=dtype)
    try:
        raw = np.array(values, dtype="S")
    except (UnicodeEncodeError, TypeError, ValueError):
        nums = to_number(values, n, default=0.0)
        nums[(nums < 0) | (nums > hi) | (nums != np.floor(nums))] = 0
        return nums.astype(dtype)
    width = raw.dtype.itemsize
    if width > 18:
        nums = to_number([v.decode() for v in raw], n, default=0.0)
        nums[(nums < 0) | (nums > hi)] = 0
        return nums.astype(dtype)
    chars = raw.view(np.uint8).reshape(n, width).astype(np.int64)
    val = np.zeros(n, dtype=np.int64)
    bad = chars[:, 0] == 0
    for j in range(width):
        c = chars[:, j]
        present = c != 0
        d = c - 48
        bad |= present & ((d < 0) | (d > 9))
        val = np.where(present, val * 10 + d, val)
    val[bad | (val > hi)] = 0
    return val.astype(dtype)


def assemble(
    *,
    ts_ns: np.ndarray,
    offset_min: np.ndarray,
    line_no: Sequence[int],
    file_idx: int,
    client_ip: Sequence[object] | None = None,
    user: Sequence[object] | None = None,
    method: Sequence[object] | None = None,
    path: Sequence[object] | None = None,
    status: Sequence[object] | None = None,
    nbytes: Sequence[object] | None = None,
    referer: Sequence[object] | None = None,
    user_agent: Sequence[object] | None = None,
    app_session: Sequence[object] | None = None,
    duration_ms: np.ndarray | None = None,
    keep: np.ndarray | None = None,
) -> pd.DataFrame:
    """Build a records frame from clean per-line columns.

    Parameters
    ----------
    ts_ns : numpy.ndarray
        int64 UTC nanoseconds, one per row.
    offset_min : numpy.ndarray
        float64 UTC offsets in minutes (NaN when the line carried none).
    line_no : Sequence[int]
        1-based line numbers.
    file_idx : int
        Index of the input file.
    client_ip, user, method, path, referer, user_agent, app_session : Sequence or None
        Strings, with ``None`` wherever the line did not carry the value
        (parsers map ``'-'`` and ``''`` to ``None`` first).  ``path`` must
        already be normalised (see :func:`normalize_target`).  A ``None``
        column means the format does not carry the field at all.
    status, nbytes : Sequence or None
        Decimal strings (or numbers); anything else becomes 0.
    duration_ms : numpy.ndarray or None
        float64 milliseconds.
    keep : numpy.ndarray or None
        Boolean row mask applied to every column (drops bad timestamps).

    Returns
    -------
    pandas.DataFrame
        Columns and dtypes exactly as :data:`detector.schema.RECORD_COLUMNS`.
    """
    n = len(ts_ns)
    if n == 0 or (keep is not None and not keep.any()):
        return empty_records()
    cols: dict[str, object] = {
        "ts": ts_ns,
        "utc_offset_min": np.asarray(offset_min, dtype=np.float64),
        "client_ip": _none_to(client_ip, n, ""),
        "user": _none_to(user, n, None),
        "method": _none_to(method, n, ""),
        "path": _none_to(path, n, ""),
        "status": to_int(status, n, "int16", 32767),
        "bytes": to_int(nbytes, n, "int64"),
        "referer": _none_to(referer, n, None),
        "user_agent": _none_to(user_agent, n, "") if user_agent is not None else np.full(n, UA_NOT_LOGGED, dtype=object),
        "app_session": _none_to(app_session, n, None),
        "duration_ms": duration_ms if duration_ms is not None else np.full(n, np.nan),
        "file_idx": np.full(n, file_idx, dtype=np.int32),
        "line_no": np.asarray(line_no, dtype=np.int64),
    }
    if keep is not None and not keep.all():
        cols = {k: v[keep] for k, v in cols.items()}
    data = {}
    for name, (dtype, _) in RECORD_SCHEMA.items():
        values = cols[name]
        if name == "ts":
            data[name] = pd.Series(pd.to_datetime(values, unit="ns", utc=True), copy=False)
        elif dtype == "category":
            data[name] = pd.Series(as_category(values, name in NULLABLE_COLUMNS), copy=False)
        else:
            data[name] = pd.Series(np.asarray(values, dtype=dtype), copy=False)
    return pd.DataFrame(data, copy=False)


__all__ = [
    "BAD_REQUEST",
    "BAD_TIMESTAMP",
    "BINARY_DATA",
    "EMPTY_REQUESTS",
    "no_request",
    "assemble",
    "normalize_target",
    "absent",
    "obj_array",
    "to_int",
    "session_from_cookies",
    "user_from_cookies",
    "USER_KEY_RE",
    "split_request",
    "to_number",
]
