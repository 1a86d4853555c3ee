"""Add derived per-request columns to a records frame.

:func:`enrich_records` adds everything the feature families need that depends
on one request alone: route template and entity hash, user-agent class and
family, the site's local time, and the client's network prefixes.  Each
distinct URL, user agent and address is computed once.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

import numpy as np
import pandas as pd

from detector.io.memory import release_memory
from detector.route_table import annotate_routes
from detector.schema import LOCAL_CLOCK, factorize
from detector.useragents import classify_column


@lru_cache(maxsize=262_144)
def network_prefixes(address: str) -> tuple[str, str]:
    """Return the (wide, narrow) network of a client address.

    Parameters
    ----------
    address : str
        An IPv4 or IPv6 address as logged; anything else is its own network.

    Returns
    -------
    tuple of str
        ``(/16, /24)`` for IPv4 and ``(/32, /48)`` for IPv6 (a port or
        brackets are ignored).  An empty address gives ``("", "")``; anything
        else that is not an address (a hostname) gives itself twice.

    Examples
    --------
    >>> network_prefixes("203.0.113.9")
    ('203.0.0.0/16', '203.0.113.0/24')
    """
    text = address.strip()
    if not text or text == "-":
        return "", ""
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1 and "." in text:  # v4:port
        text = text.split(":", 1)[0]
    try:
        ip = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return text, text
    if ip.version == 4:
        return str(ipaddress.ip_network(f"{ip}/16", strict=False)), str(ipaddress.ip_network(f"{ip}/24", strict=False))
    if ip.ipv4_mapped is not None:
        return network_prefixes(str(ip.ipv4_mapped))
    return str(ipaddress.ip_network(f"{ip}/32", strict=False)), str(ipaddress.ip_network(f"{ip}/48", strict=False))


def _networks(ips: pd.Series) -> pd.DataFrame:
    codes, uniques = factorize(ips)
    names = [str(u) for u in uniques]
    if (codes < 0).any():  # a missing address is ''
        codes = np.where(codes < 0, len(names), codes.astype(np.int64))
        names.append("")
    pairs = [network_prefixes(u) for u in names]
    wide_codes, wide_names = pd.factorize(pd.Index([p[0] for p in pairs], dtype=object))
    narrow_codes, narrow_names = pd.factorize(pd.Index([p[1] for p in pairs], dtype=object))
    return pd.DataFrame(
        {
            "net_wide": pd.Categorical.from_codes(wide_codes[codes], categories=pd.Index(wide_names, dtype="str")),
            "net_narrow": pd.Categorical.from_codes(narrow_codes[codes], categories=pd.Index(narrow_names, dtype="str")),
        },
        index=ips.index,
    )


def local_times(ts: pd.Series, utc_offset_min: pd.Series, timezone: str | None) -> pd.Series:
    """Return each request's wall-clock time at the site, as naive datetimes.

    Parameters
    ----------
    ts : pandas.Series
        UTC timestamps.
    utc_offset_min : pandas.Series
        The offset each line carried, NaN when none.
    timezone : str or None
        An IANA zone; when given it wins over the lines' offsets.

    Returns
    -------
    pandas.Series
        Naive local datetimes: in ``timezone`` when given, else shifted by the
        line's own offset, else UTC.
    """
    if timezone:
        return ts.dt.tz_convert(timezone).dt.tz_localize(None)
    offset = pd.to_timedelta(utc_offset_min.fillna(0.0).to_numpy(), unit="m")
    return ts.dt.tz_localize(None) + offset


def _local_ns(ts: pd.Series, utc_offset_min: pd.Series, timezone: str | None) -> np.ndarray:
    """:func:`local_times` as int64 nanoseconds (wall clock read as UTC)."""
    local = local_times(ts, utc_offset_min, timezone)
    return np.asarray(local.array.asi8 if hasattr(local.array, "asi8") else local.astype("int64"))


def resolve_local_clock(records: pd.DataFrame, timezone: str | None) -> pd.DataFrame:
    """Read the times written on the server's local clock (offset :data:`~detector.schema.LOCAL_CLOCK`) in ``timezone``.

    Parameters
    ----------
    records : pandas.DataFrame
        A records frame.
    timezone : str or None
        The site's IANA zone; None takes those times as UTC (the wall clock is kept for time-of-day features).

    Returns
    -------
    pandas.DataFrame
        ``records`` itself when no row is on the local clock; otherwise a shallow copy with ``ts`` in UTC and
        the offset each row had then (NaN without a zone).  A time that does not exist on the clock (the hour
        skipped in spring) moves forward; one that happens twice (autumn) is read as the first.
    """
    offsets = records["utc_offset_min"].to_numpy()
    local = offsets == LOCAL_CLOCK
    if not local.any():
        return records
    ts = records["ts"]
    new_offsets = offsets.copy()
    new_offsets[local] = np.nan
    if timezone:
        wall = ts[local].dt.tz_localize(None)
        zoned = wall.dt.tz_localize(timezone, ambiguous=np.ones(len(wall), dtype=bool), nonexistent="shift_forward")
        utc = zoned.dt.tz_convert("UTC")
        ts = ts.copy()
        ts[local] = utc
        new_offsets[local] = (zoned.dt.tz_localize(None) - utc.dt.tz_localize(None)).dt.total_seconds().to_numpy() / 60
    out = records.copy(deep=False)
    out["ts"] = ts
    out["utc_offset_min"] = new_offsets
    return out


def with_accounts_folded(records: pd.DataFrame) -> pd.DataFrame:
    """``records`` with every account name in lower case: one account, whichever case it was typed in.

    Identity providers (Active Directory, Entra ID, Google, LDAP) take a login in any case, and apps log it
    as typed: a phone capitalises ``Rachel.alvarado@...``, a person types ``DISTRICT\\JDoe`` one day and
    ``district\\jdoe`` the next.  Compared as typed, one person would be two accounts, and someone using a
    borrowed login typed differently would be a stranger beside its owner.

    Parameters
    ----------
    records : pandas.DataFrame
        A records frame (``user`` categorical, or text).

    Returns
    -------
    pandas.DataFrame
        ``records`` itself when no name has an upper-case letter; else a shallow copy with ``user`` folded.
    """
    user = records["user"]
    if isinstance(user.dtype, pd.CategoricalDtype):
        names = user.cat.categories
        folded = names.str.lower()
        if folded.equals(names):
            return records
        at, uniques = pd.factorize(folded)
        codes = user.cat.codes.to_numpy()
        new = pd.Categorical.from_codes(np.where(codes >= 0, at[codes], -1), categories=pd.Index(uniques, dtype=names.dtype))
    else:
        new = user.str.lower()
        if new.equals(user):
            return records
    out = records.copy(deep=False)
    out["user"] = pd.Series(new, index=records.index, copy=False)
    return out


_NS_HOUR = 3_600_000_000_000
_NS_DAY = 24 * _NS_HOUR


def enrich_records(records: pd.DataFrame, timezone: str | None = None) -> pd.DataFrame:
    """Return ``records`` with derived per-request columns appended.

    Parameters
    ----------
    records : pandas.DataFrame
        A records frame (see :mod:`detector.schema`).
    timezone : str, optional
        Site time zone for time-of-day features.

    Returns
    -------
    pandas.DataFrame
        The input columns (shared, not copied; ``ts`` and ``utc_offset_min`` resolved first where
        they are on the server's local clock, see :func:`resolve_local_clock`) plus ``template``, ``entity``,
        ``entity_num``, ``is_static``, ``is_download``, ``is_login``,
        ``ua_class``, ``ua_family``, ``net_wide``, ``net_narrow``,
        ``local_hour``, ``local_dow`` and ``local_day`` (days since the
        epoch, local).
    """
    records = with_accounts_folded(resolve_local_clock(records, timezone))
    routes = annotate_routes(records["path"])
    uas = classify_column(records["user_agent"])
    nets = _networks(records["client_ip"])
    local = _local_ns(records["ts"], records["utc_offset_min"], timezone)
    day = local // _NS_DAY  # floor division: days before 1970 stay whole days
    extra = {
        "local_hour": ((local - day * _NS_DAY) // _NS_HOUR).astype(np.int8),
        "local_dow": ((day + 3) % 7).astype(np.int8),  # 1970-01-01 was a Thursday (Monday = 0)
        "local_day": day.astype(np.int32),
    }
    columns = {name: records[name] for name in records.columns}
    for frame in (routes, uas, nets):
        columns.update({name: frame[name] for name in frame.columns})
    columns.update({name: pd.Series(values, index=records.index, copy=False) for name, values in extra.items()})
    out = pd.DataFrame(columns, index=records.index, copy=False)
    del routes, uas, nets, local, day, extra
    release_memory()  # the per-request temporaries go back to the system
    return out
