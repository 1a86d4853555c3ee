"""What follows combined's fields on a line: nginx's ``X-Forwarded-For``, an app's user.

nginx's ``log_format main`` ends combined with ``"$http_x_forwarded_for"``,
and sites append more: the app's signed-in user (``"$upstream_http_x_user"``),
the request time, an upstream address.  Format detection
(:func:`detector.io.formats.sniff_format`) counts the lines whose tail names
an address where the header goes (:func:`forwarded_tail`) or an account
(:func:`combined_variant`, over more lines) to choose ``combined_xff``, ``combined_user`` or
``combined_xff_user``.
"""

from __future__ import annotations

import re

from collections.abc import Sequence

from detector.io.apache import LogFormatParser
from detector.io.forwarded import names_address


def unwrap_quotes(text: str) -> str:
    """The line without a pair of double quotes wrapped around it (the ocatak scanner logs), else as it is."""
    return text[1:-1] if len(text) > 1 and text[0] == '"' and text[-1] == '"' else text


def forwarded_tail(xff: LogFormatParser, line: str) -> int:
    """2 when a combined line ends with an ``X-Forwarded-For`` field naming an address, 1 when that field is ``-``, else 0."""
    text = unwrap_quotes(line)
    m = xff.compiled.fast.match(text)
    if m is None or m.end() != len(text.rstrip()):
        return 0
    value = m.group(len(m.groups()))
    if value is None or value.strip() in ("", "-"):
        return 1
    return 2 if names_address(value) else 0


#: One field after combined's: quoted, or a run of non-spaces.
_TAIL_TOKEN = re.compile(r'\s*("(?:[^"\\]|\\.)*"|\S+)')
#: A value that names an account: an e-mail address or ``DOMAIN\user``.
_ACCOUNT = re.compile(r'[^@\s"]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|[A-Za-z0-9][A-Za-z0-9_.-]*\\{1,2}[A-Za-z0-9_.$-]+')
#: Lines of a file's start looked at for a field naming the app's user (at midnight most lines name none).
TAIL_SAMPLE_LINES = 2000


def tail_fields(combined: LogFormatParser, line: str, count: int = 2) -> list[str]:
    """The first ``count`` fields after combined's on a line, as written (quoted ones with their quotes)."""
    text = unwrap_quotes(line)
    m = combined.compiled.fast.match(text)
    if m is None:
        return []
    rest, at, out = text.rstrip(), m.end(), []
    while len(out) < count:
        token = _TAIL_TOKEN.match(rest, at)
        if token is None:
            break
        out.append(token.group(1))
        at = token.end()
    return out


def combined_variant(combined: LogFormatParser, lines: Sequence[str], forwarded: bool) -> str | None:
    """``'combined_user'`` or ``'combined_xff_user'`` when a quoted field after combined's names the app's user.

    The field right after the user agent (or, for ``forwarded`` lines or when
    that field holds addresses, the one after it) must name an account (an
    e-mail address or ``DOMAIN\\user``) on some lines and nothing else on the
    others but ``-``: a field a site fills with a host name, a cache status
    or a request id is never taken for a user.

    Parameters
    ----------
    combined : LogFormatParser
        The combined parser (its fast regex finds where the tail starts).
    lines : Sequence[str]
        Lines from the start of a file (:data:`TAIL_SAMPLE_LINES` of them).
    forwarded : bool
        Whether the lines were found to be nginx's ``main`` (the first field after combined's is
        ``X-Forwarded-For``).

    Returns
    -------
    str or None
        The format, or None when no such field is there.
    """
    accounts, others = [0, 0], [0, 0]
    for line in lines:
        for position, value in enumerate(tail_fields(combined, line)):
            quoted = len(value) > 1 and value[0] == value[-1] == '"'
            inner = value[1:-1] if quoted else value
            if inner in ("-", ""):
                continue
            if quoted and _ACCOUNT.fullmatch(inner):
                accounts[position] += 1
            elif not (position == 0 and names_address(inner)):
                others[position] += 1
    for position, name in ((0, "combined_user"), (1, "combined_xff_user")):
        if position == 0 and forwarded:
            continue
        if accounts[position] >= MIN_TAIL_ACCOUNTS and others[position] * 20 <= accounts[position]:
            return name
    return None


#: Lines that must name an account in the field before it is read as the app's user.
MIN_TAIL_ACCOUNTS = 3
