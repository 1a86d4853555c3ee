"""What follows combined's fields on a line: nginx's ``X-Forwarded-For``, an app's user.

nginx's ``log_format main`` ends combined with ``"$http_x_forwarded_for"``,
and sites append more: the app's signed-in user (``"$upstream_http_x_user"``),
the request time, an upstream address.  Format detection
(:func:`detector.io.formats.sniff_format`) counts the lines whose tail names
an address where the header goes (:func:`forwarded_tail`) or an account
(:func:`tail_user`) to choose ``combined_xff``, ``combined_user`` or
``combined_xff_user``.
"""

from __future__ import annotations

import re

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
#: Share of combined lines whose field after the user agent (or after the X-Forwarded-For) must name an account.
TAIL_USER_SHARE = 0.2


def tail_user(combined: LogFormatParser, line: str) -> int:
    """1 when the quoted field after combined's names an account, 2 when the one after that does, else 0."""
    text = unwrap_quotes(line)
    m = combined.compiled.fast.match(text)
    if m is None:
        return 0
    rest, at = text.rstrip(), m.end()
    for position in (1, 2):
        token = _TAIL_TOKEN.match(rest, at)
        if token is None:
            return 0
        value = token.group(1)
        if len(value) > 1 and value[0] == value[-1] == '"' and _ACCOUNT.fullmatch(value[1:-1]):
            return position
        at = token.end()
    return 0


__all__ = ["TAIL_USER_SHARE", "forwarded_tail", "tail_user", "unwrap_quotes"]
