"""Small value clean-ups shared by the parsers of load-balancer and cloud logs.

Load balancers and proxies write the client as ``ip:port`` (AWS ALB,
HAProxy, Envoy), CDNs percent-encode the user agent (CloudFront) and cloud
loggers write durations with a unit (``"0.030s"`` in Google Cloud
Logging).  These helpers turn such values into what the records schema
holds: a bare address, readable text, milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import unquote

import numpy as np

_DURATION_RE = re.compile(r"\s*(\d+(?:\.\d*)?|\.\d+)\s*(ns|us|µs|ms|s|m|h)\s*")
_UNIT_MS = {"ns": 1e-6, "us": 1e-3, "µs": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}
_PERCENT_RE = re.compile(r"%[0-9A-Fa-f]{2}")
#: Headers that name the signed-in user (matched in lower case): apps' own, oauth2-proxy's, Cloudflare Access's,
#: Google IAP's, Apache's ``Remote-User``.
USER_HEADERS = frozenset({"x-user-id", "x-user", "x-user-email", "x-user-name", "x-remote-user", "remote-user",
                          "x-authenticated-user", "x-authenticated-userid", "x-forwarded-user", "x-forwarded-email",
                          "x-auth-request-user", "x-auth-request-email", "cf-access-authenticated-user-email",
                          "x-goog-authenticated-user-email"})
#: An app's own header naming the signed-in user: ``X-Harbor-User``, ``X-Acme-User-Email``, ``X-SIS-Username``.
APP_USER_HEADER = re.compile(r"^x-[a-z0-9-]+-(user|user-id|userid|user-email|username|login|email)$")


def names_user(header: str) -> bool:
    """True for a header (any case) that names the signed-in user (:data:`USER_HEADERS`, :data:`APP_USER_HEADER`)."""
    lower = header.lower()
    return lower in USER_HEADERS or APP_USER_HEADER.match(lower) is not None


def raw_request_headers(text: str) -> dict[str, str]:
    """The headers of a raw request as a WAF logs it (``GET / HTTP/1.1\\r\\nHost: a\\r\\nUser-Agent: b``).

    Lines are separated by a real CR LF or by the four characters ``\\r\\n``
    (F5 ASM writes the escape); names are lower-cased, the first of a repeated
    header is kept, and the request line is under the empty name ``""``.

    Examples
    --------
    >>> raw_request_headers("GET /a HTTP/1.1\\\\r\\\\nUser-Agent: curl/8.0\\\\r\\\\n")
    {'': 'GET /a HTTP/1.1', 'user-agent': 'curl/8.0'}
    """
    lines = text.replace("\\r\\n", "\n").replace("\r\n", "\n").split("\n")
    headers = {"": lines[0].strip()}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep and name.strip():
            headers.setdefault(name.strip().lower(), value.strip())
    return headers


#: Record fields a raw request's headers give (:func:`raw_request_headers`), by the header's lower-case name.
RAW_HEADER_FIELDS: tuple[tuple[str, str], ...] = (("user_agent", "user-agent"), ("referer", "referer"),
                                                  ("cookie", "cookie"), ("forwarded_for", "x-forwarded-for"))


def strip_port(address: str | None, *, has_port: bool = False) -> str | None:
    """The address without the port a proxy appended to it.

    Parameters
    ----------
    address : str or None
        ``203.0.113.5:2817``, ``[2001:db8::1]:443``, ``2001:db8::1`` or a
        bare IPv4 address.
    has_port : bool
        The format always appends a port (ALB, HAProxy): the text after the
        last colon is removed even from an unbracketed IPv6 address
        (``2001:db8::1:2817`` -> ``2001:db8::1``).  Otherwise only an IPv4
        address or a name with one colon, or a bracketed IPv6 address, loses
        its port; an unbracketed IPv6 address is kept whole.

    Returns
    -------
    str or None
        The address (``None`` stays ``None``).

    Examples
    --------
    >>> strip_port("203.0.113.5:2817"), strip_port("[2001:db8::1]:443"), strip_port("2001:db8::1")
    ('203.0.113.5', '2001:db8::1', '2001:db8::1')
    >>> strip_port("2001:db8::1:2817", has_port=True)
    '2001:db8::1'
    """
    if not address or ":" not in address:
        return address
    if address[0] == "[":
        end = address.find("]")
        return address[1:end] if end > 0 else address
    head, _, tail = address.rpartition(":")
    if not tail.isdigit() or not head:
        return address
    if has_port or ":" not in head:
        return head
    return address


def plain_user_agent(text: str | None) -> str | None:
    """A user agent as the client sent it, from an edge's or IIS's encoding of it.

    Without a single space, ``%2F``-style escapes are undone (Akamai
    DataStream, CloudFront) and ``+`` signs are spaces (IIS and the exports
    of its logs). A user agent that holds a space is returned unchanged.
    """
    if not text or " " in text:
        return text
    if "%" in text:
        text = decode_percent(text)
        if " " in text:
            return text
    return text.replace("+", " ") if "+" in text else text


def decode_percent(text: str | None) -> str | None:
    """Undo the percent-encoding a CDN applied to a header (``%20`` -> space, twice-encoded too).

    Text without a percent escape is returned unchanged (so ``+`` stays a
    plus sign).
    """
    if not text or "%" not in text or _PERCENT_RE.search(text) is None:
        return text
    once = unquote(text)
    if " " not in once and "%20" in once:  # CloudFront encodes some values twice (%2520)
        once = unquote(once)
    return once


def durations_ms(values: Sequence[object], scale: float) -> np.ndarray:
    """Durations in milliseconds from numbers, numeric strings or strings with a unit.

    Parameters
    ----------
    values : Sequence[object]
        ``0.03``, ``"0.030"`` (in the unit ``scale`` converts from),
        ``"0.030s"``, ``"12ms"``, ``"150us"``; anything else (a Go duration
        such as ``"1m2s"``, junk, ``None``) becomes NaN.
    scale : float
        Milliseconds per unit of a value written without a unit.

    Returns
    -------
    numpy.ndarray
        float64 milliseconds.
    """
    out = np.full(len(values), np.nan)
    cache: dict[object, float] = {}
    for i, value in enumerate(values):
        if value is None or isinstance(value, bool):
            continue
        if isinstance(value, (int, float)):
            out[i] = float(value) * scale
            continue
        key = value if isinstance(value, str) else str(value)
        got = cache.get(key)
        if got is None:
            got = _one_duration(key, scale)
            cache[key] = got
        out[i] = got
    out[~np.isfinite(out)] = np.nan
    return out


def _one_duration(text: str, scale: float) -> float:
    m = _DURATION_RE.fullmatch(text)
    if m is not None:
        return float(m.group(1)) * _UNIT_MS[m.group(2)]
    try:
        return float(text) * scale
    except ValueError:
        return float("nan")


__all__ = ["decode_percent", "durations_ms", "strip_port"]
