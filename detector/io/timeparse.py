"""Vectorised timestamp parsing for the log parsers.

Every function here takes a whole column of raw timestamp values (one chunk
of lines) and returns two NumPy arrays: nanoseconds since the Unix epoch in
UTC (``NAT`` where the value could not be parsed) and the UTC offset the
value carried, in minutes (``NaN`` when it carried none).  Timestamps repeat
a lot in access logs, so the string parsers work on the distinct values only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from detector.schema import LOCAL_CLOCK

#: Sentinel for "no valid time" in the int64 nanosecond arrays.
NAT: int = int(np.iinfo(np.int64).min)

_NS = 1_000_000_000
# Keep well inside the datetime64[ns] range (1677-09-21 .. 2262-04-11).
_MIN_NS = int(pd.Timestamp("1678-01-01").value)
_MAX_NS = int(pd.Timestamp("2261-12-31").value)

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_KEYS = np.array([(ord(m[0]) << 16) | (ord(m[1]) << 8) | ord(m[2]) for m in _MONTHS], dtype=np.int64)
_MONTH_ORDER = np.argsort(_MONTH_KEYS)
_MONTH_SORTED = _MONTH_KEYS[_MONTH_ORDER]
_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)

# dd/Mon/yyyy:HH:MM:SS +zzzz  (26 characters)
_CLF_LEN = 26
_CLF_DIGITS = [0, 1, 7, 8, 9, 10, 12, 13, 15, 16, 18, 19, 22, 23, 24, 25]
_CLF_SEPS = {2: "/", 6: "/", 11: ":", 14: ":", 17: ":", 20: " "}
_TZ_RE = re.compile(r":\d\d(?:[.,]\d+)?\s*(Z|z|[+-]\d\d(?::?\d\d)?)$")
_CLF_NO_TZ = "%d/%b/%Y:%H:%M:%S"
_CLF_START_RE = re.compile(r"\d\d?/[A-Za-z]{3}/\d{4}:")
_EPOCH = datetime(1970, 1, 1)
_ONE_US = timedelta(microseconds=1)


def _days_from_civil(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 for proleptic Gregorian dates (H. Hinnant's algorithm)."""
    y = y - (m <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    mp = np.where(m > 2, m - 3, m + 9)
    doy = (153 * mp + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def clf_vectorised(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Parse ``dd/Mon/yyyy:HH:MM:SS +zzzz`` strings without a Python loop.

    Returns (ns, offset_min, ok); rows that are not exactly in that form have
    ``ok`` False.
    """
    n = len(values)
    ns = np.full(n, NAT, dtype=np.int64)
    off = np.full(n, np.nan)
    ok = np.zeros(n, dtype=bool)
    if n == 0:
        return ns, off, ok
    arr = np.asarray(values, dtype=str)
    width = arr.dtype.itemsize // 4
    if width < _CLF_LEN:
        return ns, off, ok
    lens = np.char.str_len(arr)
    codes = arr.view(np.uint32).reshape(n, width)[:, :_CLF_LEN].astype(np.int64)
    good = lens == _CLF_LEN
    digits = codes[:, _CLF_DIGITS] - 48
    good &= ((digits >= 0) & (digits <= 9)).all(axis=1)
    for pos, ch in _CLF_SEPS.items():
        good &= codes[:, pos] == ord(ch)
    sign = codes[:, 21]
    good &= (sign == ord("+")) | (sign == ord("-"))
    mkey = (codes[:, 3] << 16) | (codes[:, 4] << 8) | codes[:, 5]
    idx = np.clip(np.searchsorted(_MONTH_SORTED, mkey), 0, 11)
    good &= _MONTH_SORTED[idx] == mkey
    month = _MONTH_ORDER[idx] + 1
    d = digits
    day = d[:, 0] * 10 + d[:, 1]
    year = d[:, 2] * 1000 + d[:, 3] * 100 + d[:, 4] * 10 + d[:, 5]
    hour = d[:, 6] * 10 + d[:, 7]
    minute = d[:, 8] * 10 + d[:, 9]
    sec = d[:, 10] * 10 + d[:, 11]
    oh = d[:, 12] * 10 + d[:, 13]
    om = d[:, 14] * 10 + d[:, 15]
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    dim = _DAYS_IN_MONTH[month] + ((month == 2) & leap)
    good &= (day >= 1) & (day <= dim) & (hour < 24) & (minute < 60) & (sec <= 60)
    good &= (oh <= 18) & (om < 60) & (year >= 1678) & (year <= 2261)
    offset = np.where(sign == ord("-"), -1, 1) * (oh * 60 + om)
    secs = _days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + sec - offset * 60
    ns = np.where(good, secs * _NS, NAT)
    off = np.where(good, offset.astype(np.float64), np.nan)
    return ns, off, good


def _offset_of(text: str) -> float:
    """UTC offset in minutes written at the end of an ISO-like string, NaN if none."""
    m = _TZ_RE.search(text)
    if m is None:
        return float("nan")
    tz = m.group(1)
    if tz in ("Z", "z"):
        return 0.0
    digits = tz[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + (int(digits[2:4]) if len(digits) >= 4 else 0)
    return float(-minutes if tz[0] == "-" else minutes)


def _datetimes_to_ns(parsed: pd.Series) -> np.ndarray:
    """int64 UTC nanoseconds from a tz-aware datetime Series, NAT out of range."""
    raw = parsed.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()
    unit, _ = np.datetime_data(raw.dtype)
    ints = raw.view(np.int64)
    per = {"s": _NS, "ms": 1_000_000, "us": 1_000, "ns": 1}[unit]
    bad = (ints == NAT) | (ints < _MIN_NS // per) | (ints > _MAX_NS // per)
    return np.where(bad, NAT, ints * per)


def _iso(values: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Parse ISO 8601 strings (with or without offset; naive means UTC)."""
    series = pd.Series(list(values), dtype=object)
    parsed = pd.to_datetime(series, format="ISO8601", utc=True, errors="coerce")
    ns = _datetimes_to_ns(parsed)
    off = np.array([_offset_of(v) for v in values], dtype=np.float64)
    off[ns == NAT] = np.nan
    return ns, off


def _strptime_each(values: Sequence[str], fmt: str) -> tuple[np.ndarray, np.ndarray]:
    """Parse each value with :func:`datetime.strptime`; naive results mean UTC."""
    ns = np.full(len(values), NAT, dtype=np.int64)
    off = np.full(len(values), np.nan)
    for i, text in enumerate(values):
        try:
            dt = datetime.strptime(text, fmt)
        except (ValueError, TypeError):
            continue
        delta = dt.utcoffset()
        if delta is not None:
            off[i] = delta.total_seconds() / 60.0
            dt = dt.replace(tzinfo=None) - delta
        value = (dt - _EPOCH) // _ONE_US * 1000
        if _MIN_NS <= value <= _MAX_NS:
            ns[i] = value
        else:
            off[i] = np.nan
    return ns, off


def _by_unique(values: Sequence[object],
               parse: Callable[[list], tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Apply ``parse`` (list -> (ns, off)) to the distinct values and broadcast back."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    u_ns, u_off = parse(list(uniques))
    u_ns = np.append(u_ns, NAT)
    u_off = np.append(u_off, np.nan)
    return u_ns[codes], u_off[codes]


#: Times as log exports write them, without an offset (taken as UTC): Azure Log Analytics' and US-locale
#: spreadsheets' ``11/23/2026, 2:05:07.123 PM``, Kibana's ``Nov 23, 2026 @ 14:05:07.123``.  Only the forms
#: that cannot be read two ways: a day-first ``23/11/2026`` never carries AM/PM.
EXPORT_TIME_FORMATS: tuple[str, ...] = ("%m/%d/%Y, %I:%M:%S.%f %p", "%m/%d/%Y, %I:%M:%S %p",
                                        "%m/%d/%Y %I:%M:%S.%f %p", "%m/%d/%Y %I:%M:%S %p",
                                        "%b %d, %Y @ %H:%M:%S.%f", "%b %d, %Y @ %H:%M:%S")


def _export_times(texts: list[str]) -> np.ndarray:
    """UTC nanoseconds of times in one of :data:`EXPORT_TIME_FORMATS` (NAT for the rest)."""
    ns = np.full(len(texts), NAT, dtype=np.int64)
    series = pd.Series(texts, dtype=object)
    for fmt in EXPORT_TIME_FORMATS:
        left = np.flatnonzero(ns == NAT)
        if not len(left):
            break
        parsed = pd.to_datetime(series.iloc[left], format=fmt, utc=True, errors="coerce")
        ns[left] = _datetimes_to_ns(parsed)
    return ns


def _auto_unique(values: list[str]) -> tuple[np.ndarray, np.ndarray]:
    ns, off, ok = clf_vectorised(np.asarray(values, dtype=object))
    if not ok.all():
        rest = np.flatnonzero(~ok)
        texts = [str(values[i]).strip() for i in rest]
        r_ns, r_off = _iso(texts)
        left = np.flatnonzero(r_ns == NAT)
        clf = left[[_CLF_START_RE.match(texts[i]) is not None for i in left]] if len(left) else left
        if len(clf):
            r_ns[clf], r_off[clf] = _strptime_each([texts[i] for i in clf], _CLF_NO_TZ)
            left = left[r_ns[left] == NAT]
        if len(left):
            r_ns[left] = _export_times([texts[i] for i in left])
        ns[rest], off[rest] = r_ns, r_off
    return ns, off


def parse_auto(values: Sequence[str | None]) -> tuple[np.ndarray, np.ndarray]:
    """Parse Apache ``%t`` times, ISO 8601 times, the netnea form or an export's.

    Accepts ``17/May/2015:10:05:03 +0000`` (offset kept), ISO 8601 with or
    without an offset (``2016-09-02 10:42:51.003372``, ``...T14:02:43Z``),
    ``17/May/2015:10:05:03`` without an offset and the forms of
    :data:`EXPORT_TIME_FORMATS`.  Values without an offset
    are taken as UTC and get a NaN offset.

    Parameters
    ----------
    values : Sequence[str | None]
        Raw timestamp strings, brackets already removed.

    Returns
    -------
    tuple[numpy.ndarray, numpy.ndarray]
        ``(ns, offset_min)``: int64 UTC nanoseconds (:data:`NAT` if invalid)
        and float64 offsets in minutes.
    """
    return _by_unique(values, _auto_unique)


def parse_strftime(values: Sequence[str | None], fmt: str) -> tuple[np.ndarray, np.ndarray]:
    """Parse strings written with a ``strftime`` format (``%z`` optional).

    Parameters
    ----------
    values : Sequence[str | None]
        Raw timestamp strings.
    fmt : str
        The ``strftime`` format that wrote them.

    Returns
    -------
    tuple[numpy.ndarray, numpy.ndarray]
        ``(ns, offset_min)`` as for :func:`parse_auto`.
    """

    def parse(uniques: list) -> tuple[np.ndarray, np.ndarray]:
        if "%z" in fmt or "%Z" in fmt:
            return _strptime_each(uniques, fmt)
        series = pd.Series(uniques, dtype=object)
        parsed = pd.to_datetime(series, format=fmt, utc=True, errors="coerce")
        ns = _datetimes_to_ns(parsed)
        return ns, np.full(len(uniques), np.nan)

    return _by_unique(values, parse)


_CTIME_RE = re.compile(r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d(\.\d+)? \d{4}")


def _ctime_unique(values: list[str]) -> tuple[np.ndarray, np.ndarray]:
    ns = np.full(len(values), NAT, dtype=np.int64)
    for i, text in enumerate(values):
        match = _CTIME_RE.fullmatch(str(text).strip())
        if match:
            fmt = "%a %b %d %H:%M:%S.%f %Y" if match.group(1) else "%a %b %d %H:%M:%S %Y"
            ns[i] = _strptime_each([" ".join(match.group(0).split())], fmt)[0][0]
    return ns, np.where(ns == NAT, np.nan, LOCAL_CLOCK)


def parse_ctime(values: Sequence[str | None]) -> tuple[np.ndarray, np.ndarray]:
    """Parse C's ``ctime`` times (``Tue Nov 24 14:05:07 2026``, a fraction allowed), which are the server's local clock.

    Parameters
    ----------
    values : Sequence[str | None]
        Raw timestamp strings.

    Returns
    -------
    tuple[numpy.ndarray, numpy.ndarray]
        ``(ns, offset_min)``: the wall clock read as UTC nanoseconds (:data:`NAT` if not a ctime) and
        :data:`detector.schema.LOCAL_CLOCK` as the offset of each time read, so that the scan reads it in the
        site's time zone (:func:`detector.enrich.resolve_local_clock`).

    Examples
    --------
    >>> ns, off = parse_ctime(["Tue Nov  3 14:05:07 2026", "nope"])
    >>> str(np.datetime64(int(ns[0]), "ns")), bool(np.isinf(off[0])), bool(np.isnan(off[1]))
    ('2026-11-03T14:05:07.000000000', True, True)
    """
    return _by_unique(values, _ctime_unique)


_UNIT_NS = {"s": _NS, "ms": 1_000_000, "us": 1_000, "ns": 1}
_EPOCH_RE = re.compile(r"\s*(-?)(\d+)(?:\.(\d*))?\s*")


def _infer_unit(magnitude: float) -> str:
    if magnitude < 1e11:
        return "s"
    if magnitude < 1e14:
        return "ms"
    return "us" if magnitude < 1e17 else "ns"


def _epoch_ns(value: object, unit: str | None) -> int:
    """Exact nanoseconds for one epoch value (int, float or numeric string); NAT if not one."""
    if isinstance(value, bool) or value is None:
        return NAT
    if isinstance(value, int):
        per = _UNIT_NS[unit or _infer_unit(abs(value))]
        ns = value * per
    elif isinstance(value, float):
        if not np.isfinite(value):
            return NAT
        per = _UNIT_NS[unit or _infer_unit(abs(value))]
        ns = round(value * per)
    else:
        m = _EPOCH_RE.fullmatch(str(value))
        if m is None:
            return NAT
        sign, whole, frac = m.group(1), int(m.group(2)), m.group(3) or ""
        per = _UNIT_NS[unit or _infer_unit(whole)]
        digits = len(str(per)) - 1
        ns = whole * per + (int(frac[:digits].ljust(digits, "0")) if digits and frac else 0)
        ns = -ns if sign else ns
    return ns if _MIN_NS <= ns <= _MAX_NS else NAT


def parse_epoch(values: Sequence[object], unit: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Convert epoch numbers (or numeric strings) to UTC nanoseconds.

    Parameters
    ----------
    values : Sequence[object]
        Numbers or numeric strings (``"1431857103.250"`` is converted
        exactly); anything else becomes :data:`NAT`.
    unit : str or None
        ``'s'``, ``'ms'``, ``'us'`` or ``'ns'``; ``None`` infers it from the
        magnitude of each value (seconds below 1e11, milliseconds below 1e14,
        microseconds below 1e17, else nanoseconds).

    Returns
    -------
    tuple[numpy.ndarray, numpy.ndarray]
        ``(ns, offset_min)``; epoch times are UTC by definition, so the
        offset is 0 for every valid value.
    """

    def parse(uniques: list) -> tuple[np.ndarray, np.ndarray]:
        ns = np.array([_epoch_ns(v, unit) for v in uniques], dtype=np.int64)
        return ns, np.where(ns == NAT, np.nan, 0.0)

    return _by_unique(values, parse)


__all__ = ["NAT", "clf_vectorised", "parse_auto", "parse_ctime", "parse_strftime", "parse_epoch"]
