"""Compiler for Apache ``LogFormat`` strings.

A format string such as ``%h %l %u %t "%r" %>s %b "%{Referer}i"
"%{User-Agent}i"`` is compiled into two regular expressions:

* a *fast* one, strict, used for every line (one ``match`` per line, the
  captured groups go straight into a list), and
* a *tolerant* one, tried only on lines the fast one rejects: quoted fields
  holding escaped or raw quotes, empty fields, odd request lines, a missing
  ident field and, for the ``combined`` preset, lines that stop after the
  byte count.

Both ignore whatever follows the last field (extra fields some servers add).
The parser that uses them is :class:`detector.io.apache.LogFormatParser`.
"""

from __future__ import annotations

import re

from detector.io.errors import LogFormatError
from detector.io.values import names_user

COMBINED_FORMAT = '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"'
COMMON_FORMAT = '%h %l %u %t "%r" %>s %b'
#: nginx's ``log_format main`` (and Apache's combined with the header appended): the client behind a load balancer.
COMBINED_XFF_FORMAT = COMBINED_FORMAT + ' "%{X-Forwarded-For}i"'
#: combined, or nginx's ``main``, then a quoted header the app sets to name the signed-in user (nginx's
#: ``"$upstream_http_x_user"``): the user where the server's own ``%u`` is empty.
COMBINED_USER_FORMAT = COMBINED_FORMAT + ' "%{X-User}o"'
COMBINED_XFF_USER_FORMAT = COMBINED_XFF_FORMAT + ' "%{X-User}o"'

_TOKEN_RE = re.compile(r"%(?:[<>]|!?\d{3}(?:,\d{3})*)?(?:\{([^}]*)\})?(\^t[io]|[a-zA-Z%])")
# Inside quotes.  The fast forms stop at the first quote (a one-character negated class
# is what Python's regex engine scans fastest) and refuse a quote escaped as \" with a
# look-behind, leaving such lines to the tolerant form, which steps over escape pairs.
_QUOTED_FAST = r'([^"]*)(?<!\\)'
_QUOTED_FAST_NC = r'[^"]*(?<!\\)'
_QUOTED_NULLABLE = r'(?:-|([^"]+)|)(?<!\\)'
_QUOTED_TOLERANT = r'((?:\\.|[^\\])*?)'
_STRFTIME = {
    "Y": r"\d{4}", "y": r"\d\d", "m": r"\d\d", "d": r"\d\d", "e": r" ?\d{1,2}", "H": r"\d\d",
    "I": r"\d\d", "M": r"\d\d", "S": r"\d\d", "j": r"\d{3}", "f": r"\d+", "b": r"[A-Za-z]{3}",
    "h": r"[A-Za-z]{3}", "B": r"[A-Za-z]+", "a": r"[A-Za-z]{3}", "A": r"[A-Za-z]+", "p": r"[AaPp][Mm]",
    "z": r"[+-]\d\d:?\d\d", "Z": r"[A-Za-z]+", "%": "%",
}
_STRFTIME_ALIASES = {"T": "%H:%M:%S", "D": "%m/%d/%y", "F": "%Y-%m-%d", "R": "%H:%M"}
#: Directives read past but not kept (server side, environment, mod_ssl ``%{VAR}x``...).
_IGNORED = set("AvVplLfPRXkSHIenoxc") | {"^ti", "^to"}
_PRIORITY = {"client_ip": ["a", "h"], "status": [">s", "s", "<s"], "bytes": ["b", "B", "O"]}


class _Field:
    """One ``%`` directive of a format string and how it is captured."""

    __slots__ = ("key", "arg", "role", "time_kind", "quoted")

    def __init__(self, key: str, arg: str | None) -> None:
        self.key, self.arg = key, arg
        self.role: str | None = None
        self.time_kind: object = None
        self.quoted = False


def _strftime_regex(fmt: str) -> str:
    """Regex matching what ``strftime(fmt)`` writes."""
    for alias, expansion in _STRFTIME_ALIASES.items():
        fmt = fmt.replace("%" + alias, expansion)
    out, i = [], 0
    while i < len(fmt):
        if fmt[i] == "%" and i + 1 < len(fmt):
            code = fmt[i + 1]
            if code not in _STRFTIME:
                raise LogFormatError(f"unsupported strftime conversion %{code} in %{{...}}t")
            out.append(_STRFTIME[code])
            i += 2
        else:
            out.append(re.escape(fmt[i]))
            i += 1
    return "".join(out)


def _classify(field: _Field) -> None:
    """Set the role (None = ignored) and time kind of a directive."""
    key, arg = field.key, field.arg
    lower = (arg or "").lower()
    if key in ("h", "a"):
        field.role = "client_ip"
    elif key == "u":
        field.role = "user"
    elif key == "t":
        spec = (arg or "").removeprefix("begin:").removeprefix("end:")
        if not spec:
            field.role, field.time_kind = "time", "auto"
        elif spec in ("sec", "msec", "usec"):
            field.role, field.time_kind = "time", ("epoch", {"sec": "s", "msec": "ms", "usec": "us"}[spec])
        elif spec in ("msec_frac", "usec_frac"):
            field.role = "time_frac"
        else:
            for alias, expansion in _STRFTIME_ALIASES.items():
                spec = spec.replace("%" + alias, expansion)
            field.role, field.time_kind = "time", ("strftime", spec)
    elif key == "r":
        field.role = "request"
    elif key == "m":
        field.role = "method"
    elif key == "U":
        field.role = "uri"
    elif key == "q":
        field.role = "query"
    elif key in (">s", "s", "<s"):
        field.role = "status"
    elif key in ("b", "B", "O"):
        field.role = "bytes"
    elif key == "D":
        field.role = "dur_us"
    elif key == "T":
        field.role = {"ms": "dur_ms", "us": "dur_us"}.get(lower, "dur_s")
    elif key in ("i", "o") and names_user(lower):
        field.role = "app_user"  # a header an app or auth proxy sets to name the user: where %u is empty
    elif key == "i":
        field.role = {"referer": "referer", "referrer": "referer", "user-agent": "user_agent",
                      "x-forwarded-for": "forwarded_for"}.get(lower)
    elif key == "C":
        field.role = "app_session"
    elif key in _IGNORED:
        field.role = None
    else:
        raise LogFormatError(f"unsupported LogFormat directive %{key}")


#: Roles whose ``-`` or empty value means "absent".
NULLABLE_ROLES = {"client_ip", "user", "app_user", "referer", "user_agent", "app_session", "forwarded_for"}


def _patterns(field: _Field) -> tuple[str, str, list[str], list[str]]:
    """(fast regex, tolerant regex, fast slots, tolerant slots) for a directive.

    In the fast regex the nullable fields capture ``None`` for ``-`` and for
    an empty value, so most lines need no per-value clean-up; the tolerant
    path cleans its groups in Python instead.
    """
    role, quoted, key = field.role, field.quoted, field.key
    if role == "time":
        kind = field.time_kind
        if kind == "auto":
            pat = r"\[([^\]]+)\]"
            return pat, pat, ["time"], ["time"]
        pat = "(" + (_strftime_regex(kind[1]) if kind[0] == "strftime" else r"\d+") + ")"
        return pat, pat, ["time"], ["time"]
    if role == "time_frac":
        return r"(\d+)", r"(\d+)", ["time_frac"], ["time_frac"]
    if role == "request":
        fast = r"([A-Za-z]+) (/\S*)(?: HTTP/[0-9.]+)?(?<!\\)"
        return fast, _QUOTED_TOLERANT, ["method", "path"], ["request"]
    if role in ("status", "bytes", "dur_us", "dur_ms", "dur_s"):
        fast = r"(\d{3}|-)" if role == "status" else r"(\d+|-)"
        return fast, r"(\d+(?:\.\d+)?|-)", [role], [role]
    if role == "method":
        return r"([A-Za-z]+)", r"(\S+)", [role], [role]
    if role == "uri":
        return r"(/[^\s?]*)", r"([^\s?]*)", ["path"], ["uri"]
    if role == "query":
        return r"(\S*)", r"(\S*)", [role], [role]
    if role is None:
        if quoted:
            return _QUOTED_FAST_NC, r"(?:\\.|[^\\])*?", [], []
        return r"\S+", r"\S*", [], []
    if quoted:
        return _QUOTED_NULLABLE, _QUOTED_TOLERANT, [role], [role]
    tolerant = r"(\S+)" if key == "u" else r"(\S*)"
    return r"(?:-(?=\s|$)|(\S+))", tolerant, [role], [role]


class CompiledFormat:
    """A compiled ``LogFormat``: regexes plus the role of every group.

    Parameters
    ----------
    log_format : str
        Apache ``LogFormat`` string.
    optional_after : str or None
        Directive key (e.g. ``"b"``) after which the tolerant regex treats
        the rest of the format as optional.

    Raises
    ------
    LogFormatError
        Unknown directive, unsupported ``strftime`` code, or no ``%t``.
    """

    def __init__(self, log_format: str, optional_after: str | None = None) -> None:
        self.log_format = log_format
        self.optional_after = optional_after
        parts: list[object] = []
        pos = 0
        for m in _TOKEN_RE.finditer(log_format):
            if m.start() > pos:
                parts.append(log_format[pos:m.start()])
            key = m.group(2)
            if key == "%":
                parts.append("%")
            else:
                if key == "s" and log_format[m.start():m.end()].startswith("%>"):
                    key = ">s"
                elif key == "s" and log_format[m.start():m.end()].startswith("%<"):
                    key = "<s"
                parts.append(_Field(key, m.group(1)))
            pos = m.end()
        if pos < len(log_format):
            parts.append(log_format[pos:])
        if "%" in "".join(p for p in parts if isinstance(p, str) and p != "%"):
            raise LogFormatError("malformed LogFormat: stray '%'")
        fields = [p for p in parts if isinstance(p, _Field)]
        #: The format as literal strings and fields, in order.
        self.parts = parts
        for i, part in enumerate(parts):
            if isinstance(part, _Field):
                _classify(part)
                before = parts[i - 1] if i > 0 else ""
                after = parts[i + 1] if i + 1 < len(parts) else ""
                part.quoted = (isinstance(before, str) and before.endswith('"')
                               and isinstance(after, str) and after.startswith('"'))
        self._resolve_duplicates(fields)
        if not any(f.role == "time" for f in fields):
            raise LogFormatError("LogFormat has no time field (%t)")
        fast, no_ident, tol, self.slots, self.tol_slots = [], [], [], [], []
        tail_at = None
        self.tail_group = 0
        skip_space = False
        for i, part in enumerate(parts):
            if isinstance(part, str):
                fast.append(re.escape(part))
                lit = part[1:] if skip_space else part
                no_ident.append(re.escape(lit))
                tol.append(re.sub(r"(\\ )+", " +", re.escape(part.lstrip(" ") if skip_space else part)))
                skip_space = False
                continue
            f_pat, t_pat, f_slots, t_slots = _patterns(part)
            nxt = parts[i + 1] if i + 1 < len(parts) else None
            if part.key == "l" and isinstance(nxt, str) and nxt.startswith(" "):
                # Some logs drop the ident field altogether (CERTH): make it optional.
                t_pat, skip_space = r"(?:\S+ +)?", True
            else:
                no_ident.append(f_pat)
            fast.append(f_pat)
            tol.append(t_pat)
            self.slots += f_slots
            self.tol_slots += t_slots
            if optional_after is not None and part.key == optional_after and tail_at is None:
                tail_at = len(tol)
                self.tail_group = len(self.tol_slots) + 1
        if tail_at is not None and tail_at < len(tol):
            tol = tol[:tail_at] + ["(?:" + "".join(tol[tail_at:]) + ")?"]
        end = r"(?=\s|$)"
        self.starts_quoted = log_format.startswith('"')
        # a line wrapped in quotes must miss the fast regex so the slow path unwraps it
        start = "" if self.starts_quoted else '(?!")'
        self.fast = re.compile(start + "".join(fast) + end)
        #: The fast regex without the ident field (``%l``), tried before the tolerant one.
        self.fast_no_ident = re.compile(start + "".join(no_ident) + end) if no_ident != fast else None
        self.tolerant = re.compile("".join(tol) + end)
        self.has_tail = tail_at is not None and self.tail_group <= len(self.tol_slots)
        self.time_kind = next(f.time_kind for f in fields if f.role == "time")

    @staticmethod
    def _resolve_duplicates(fields: list[_Field]) -> None:
        """Keep one directive per role (by :data:`_PRIORITY`, else the first)."""
        by_role: dict[str, list[_Field]] = {}
        for f in fields:
            if f.role is not None:
                by_role.setdefault(f.role, []).append(f)
        if "uri" in by_role and "request" in by_role:
            for f in by_role.pop("uri") + by_role.pop("query", []) + by_role.pop("method", []):
                f.role = None
        for role, group in by_role.items():
            if len(group) < 2:
                continue
            order = _PRIORITY.get(role)
            keep = min(group, key=lambda f: order.index(f.key)) if order else group[0]
            for f in group:
                if f is not keep:
                    f.role = None


__all__ = ["COMBINED_FORMAT", "COMBINED_USER_FORMAT", "COMBINED_XFF_USER_FORMAT", "COMMON_FORMAT", "NULLABLE_ROLES", "CompiledFormat"]
