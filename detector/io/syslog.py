"""Syslog headers in front of access-log lines.

Servers that log through syslog (nginx ``access_log syslog:...``, Apache
piped to ``logger``, rsyslog/syslog-ng relays) write files whose lines carry
a syslog header before the access line::

    Sep 15 16:13:46 web1 nginx[1234]: 1.2.3.4 - - [15/Sep/2023:16:13:46 +0000] "GET / HTTP/1.1" 200 ...
    <190>Sep 15 16:13:46 web1 nginx: 1.2.3.4 - - [...
    2023-09-15T16:13:46.123456+00:00 web1 nginx[1234]: 1.2.3.4 - - [...
    <190>1 2023-09-15T16:13:46.123Z web1 nginx 1234 - - 1.2.3.4 - - [...
    <190>1 2023-09-15T16:13:46Z web1 nginx - - [meta x="1"] 1.2.3.4 - - [...

:func:`strip_syslog` removes such a header (RFC 3164 with an optional
``<PRI>``, the same with an RFC 3339 time as rsyslog writes it, and RFC 5424
with its structured data and an optional BOM before the message; several
headers in a row, as relays add them, go together) and
:func:`strip_syslog_block` does the same to every line of a block of raw
bytes at once (Arrow's RE2 kernels, no Python loop).  The two agree line by
line: both patterns are built from one template, and every token class is a
plain byte/character range, so the bytes and the decoded text match alike.
The syslog time is not used: the access line carries its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# A header token: no space and no control character (so a NUL byte is never swallowed).
_V = r"[^\x00-\x20\x7f]"
_D = "[0-9]"
_PRI = rf"(?:<{_D}{{1,3}}>)?"
_RFC3339 = rf"{_D}{{4}}-{_D}{{2}}-{_D}{{2}}T{_D}{{2}}:{_D}{{2}}:{_D}{{2}}(?:\.{_D}+)?(?:Z|[+-]{_D}{{2}}:{_D}{{2}})"
_BSD_TIME = rf"[A-Z][a-z]{{2}} [ 0-3]{_D} {_D}{{2}}:{_D}{{2}}:{_D}{{2}}"
# TAG: program name, optional [pid], a colon and one space
_TAG = r"[^\x00-\x20\x7f:\[\]]+(?:\[[^\x00-\x20\x7f\]]*\])?: "
_RFC3164 = rf"{_PRI}(?:{_BSD_TIME}|{_RFC3339}) {_V}+ {_TAG}"
# RFC 5424: VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA, then the message (after a BOM)
_SD = r'(?:-|(?:\[(?:[^\]"\\]|"(?:[^"\\]|\\.)*")*\])+)'
_RFC5424 = rf"{_PRI}1 (?:-|{_RFC3339}) {_V}+ {_V}+ {_V}+ {_V}+ {_SD} (?:BOM)?"
_TEMPLATE = rf"^(?:(?:{_RFC3164})|(?:{_RFC5424}))+"

#: The header pattern on decoded text (Python ``re``).
SYSLOG_PATTERN = _TEMPLATE.replace("BOM", "\ufeff")
#: The same on raw bytes (RE2 on Arrow binary data, where ``\xNN`` is one byte).
SYSLOG_BYTES_PATTERN = _TEMPLATE.replace("BOM", r"\xef\xbb\xbf")
_SYSLOG_RE = re.compile(SYSLOG_PATTERN)
#: Lines :func:`looks_like_syslog` looks at.
SAMPLE_LINES = 50


def strip_syslog(line: str) -> str | None:
    """The access line behind a syslog header, or None when the line has no header.

    Parameters
    ----------
    line : str
        One log line (leading spaces are not skipped).

    Returns
    -------
    str or None
        The text after the header(s); None when the line does not start
        with one.

    Examples
    --------
    >>> strip_syslog('Sep 15 16:13:46 web1 nginx[12]: 1.2.3.4 - - [15/Sep/2023:16:13:46 +0000] "GET / HTTP/1.1" 200 5')
    '1.2.3.4 - - [15/Sep/2023:16:13:46 +0000] "GET / HTTP/1.1" 200 5'
    >>> strip_syslog('1.2.3.4 - - [15/Sep/2023:16:13:46 +0000] "GET / HTTP/1.1" 200 5') is None
    True
    """
    m = _SYSLOG_RE.match(line)
    return None if m is None else line[m.end():]


def looks_like_syslog(lines: Sequence[str]) -> bool:
    """True when most of the first non-blank lines carry a syslog header.

    Parameters
    ----------
    lines : Sequence[str]
        Lines from the start of a file or batch; the first
        :data:`SAMPLE_LINES` non-blank ones (W3C/comment ``#`` lines
        excluded) vote.

    Returns
    -------
    bool
    """
    votes = total = 0
    for line in lines:
        text = line.lstrip("\ufeff")
        if not text.strip() or text.startswith("#"):
            continue
        total += 1
        votes += _SYSLOG_RE.match(text) is not None
        if total >= SAMPLE_LINES:
            break
    return total > 0 and votes * 2 > total


def strip_syslog_lines(lines: Sequence[str]) -> list[str]:
    """Every line with its syslog header removed (lines without one unchanged)."""
    match = _SYSLOG_RE.match
    out = []
    for line in lines:
        m = match(line)
        out.append(line if m is None else line[m.end():])
    return out


def strip_syslog_block(data: bytes | bytearray) -> bytes:
    """Remove the syslog header from every line of a block of raw bytes.

    Parameters
    ----------
    data : bytes or bytearray
        Whole lines separated by ``\\n`` (the last may lack one).

    Returns
    -------
    bytes
        The same lines, in order and as many, each without its header; a
        line without a header is left as it is.  Line ends (``\\r\\n`` too)
        are kept; an unterminated last line that was all header becomes an
        empty line with a ``\\n``, so the line count never changes.
    """
    if not data:
        return bytes(data)
    ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10) + 1
    offsets = np.concatenate([[0], ends, [len(data)] if ends.size == 0 or ends[-1] != len(data) else []])
    # each line with its own '\n' (the header pattern never reaches it), so the result is the block itself
    lines = pa.LargeBinaryArray.from_buffers(pa.large_binary(), len(offsets) - 1,
                                             [None, pa.py_buffer(offsets.astype(np.int64)), pa.py_buffer(data)])
    stripped = pc.replace_substring_regex(lines, SYSLOG_BYTES_PATTERN, b"", max_replacements=1)
    out_offsets = np.frombuffer(stripped.buffers()[1], dtype=np.int64)[stripped.offset:stripped.offset + len(stripped) + 1]
    out = stripped.buffers()[2].to_pybytes()[int(out_offsets[0]):int(out_offsets[-1])]
    if not data.endswith(b"\n") and (not out or out.endswith(b"\n")):
        out += b"\n"  # the unterminated last line was all header: keep it, as an empty line
    return out

__all__ = ["SAMPLE_LINES", "SYSLOG_BYTES_PATTERN", "SYSLOG_PATTERN", "looks_like_syslog", "strip_syslog",
           "strip_syslog_block", "strip_syslog_lines"]
