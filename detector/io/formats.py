"""Format registry and detection for the log readers.

``combined`` and ``common`` are Apache/nginx access logs (see
:mod:`detector.io.logformat`), ``w3c`` is W3C extended, IIS or AWS
CloudFront (:mod:`detector.io.w3c`), ``jsonl`` is JSON lines
(:mod:`detector.io.jsonl`, cloud load-balancer JSON included), ``alb`` is
AWS Application/Classic Load Balancer access logs (:mod:`detector.io.alb`)
``haproxy`` is HAProxy's HTTP log format (:mod:`detector.io.haproxy`),
``inferred`` is any other space-separated layout, its fields found by what they look like
(:mod:`detector.io.inferred`), ``rails`` is a Rails application's own multi-line request log (:mod:`detector.io.rails`),
``envoy`` is Envoy's and Istio's default text access log (:mod:`detector.io.envoy`),
``squid`` is Squid's native access log, as a forward or reverse proxy writes it (:mod:`detector.io.squid`),
``zeek`` is Zeek's ``http.log``, a network sensor's record of each HTTP request (:mod:`detector.io.zeek`),
``iis_native`` is the IIS log file format, IIS's comma-separated format older than W3C
(:mod:`detector.io.iis_native`), ``logfmt`` is ``key=value`` request lines, Heroku's router and apps' request
middleware (:mod:`detector.io.logfmt`), ``csv`` is a CSV or TSV export with
a header row naming the columns (Azure Log Analytics, Splunk, Kibana; see
:mod:`detector.io.delimited`), and
``vhost_combined`` is Apache's combined with the virtual host and port in
front (:data:`VHOST_COMBINED_FORMAT`, Debian's ``other_vhosts_access.log``)
and ``combined_xff`` is nginx's ``main`` format, combined with the
``X-Forwarded-For`` header last, as logged behind a load balancer (the client
is taken from the header, see :mod:`detector.io.forwarded`); ``combined_user``
and ``combined_xff_user`` are either, then a quoted field that names the
app's signed-in user (an e-mail or ``DOMAIN\\user`` on many lines: nginx's
``"$upstream_http_x_user"``), the user where the server's own is empty.
A custom Apache ``LogFormat`` string gives a parser named ``logformat``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

import pandas as pd

from detector.io.alb import AlbParser, looks_like_alb
from detector.io.apache import LogFormatParser, combined_parser, combined_user_parser, combined_xff_parser, common_parser
from detector.io.cef import CefParser, looks_like_cef
from detector.io.containers import detect_wrapper, unwrap_lines
from detector.io.delimited import CsvParser, header_layout, looks_like_csv
from detector.io.errors import UnknownFormatError
from detector.io.envoy import EnvoyParser, looks_like_envoy
from detector.io.rails import RailsLogParser, looks_like_rails
from detector.io.inferred import InferredParser, infer_layout
from detector.io.haproxy import HaproxyParser, looks_like_haproxy
from detector.io.iis_native import LOCAL_TIME_NOTE, IisNativeParser, looks_like_iis_native
from detector.io.jsonl import JsonLinesParser, looks_like_json_object
from detector.io.logfmt import LogfmtParser, looks_like_logfmt
from detector.io.squid import SquidParser, looks_like_squid
from detector.io.syslog import looks_like_syslog, strip_syslog_lines
from detector.io.tails import TAIL_SAMPLE_LINES, combined_variant, forwarded_tail, unwrap_quotes
from detector.io.w3c import W3CParser, looks_like_w3c
from detector.io.zeek import ZeekHttpParser, looks_like_zeek

#: Formats :func:`detect_format` can return.
FORMATS: tuple[str, ...] = ("combined", "common", "w3c", "jsonl", "alb", "haproxy", "vhost_combined", "combined_xff",
                             "logfmt", "csv", "iis_native", "envoy", "rails", "squid", "zeek", "combined_user",
                             "combined_xff_user", "cef", "inferred")
#: Apache's ``vhost_combined`` LogFormat (the byte count may end the line, as in ``vhost_common``).
VHOST_COMBINED_FORMAT = '%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"'
_ALIASES = {"json": "jsonl", "ndjson": "jsonl", "iis": "w3c", "clf": "common", "apache": "combined",
            "nginx": "combined", "cloudfront": "w3c", "elb": "alb", "aws-alb": "alb", "aws-elb": "alb",
            "vhost": "vhost_combined", "nginx_main": "combined_xff", "main": "combined_xff", "xff": "combined_xff",
            "heroku": "logfmt", "keyvalue": "logfmt", "tsv": "csv",
            "iis-native": "iis_native", "iislog": "iis_native", "msiis": "iis_native", "istio": "envoy",
            "envoy_text": "envoy", "rails_log": "rails", "production.log": "rails", "squid_native": "squid",
            "bro": "zeek", "zeek_http": "zeek", "zeek_tsv": "zeek", "http.log": "zeek", "leef": "cef",
            "arcsight": "cef", "qradar": "cef"}
#: How many non-empty lines :func:`detect_format` looks at.
SAMPLE_LINES = 50


class LineParser(Protocol):
    """What every format parser provides."""

    name: str

    def parse(self, lines: Sequence[str], first_line_no: int, file_idx: int) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
        """Parse a chunk; return records and ``(line_no, reason)`` rejections."""
        ...


def canonical_format(fmt: str) -> str:
    """Normalise a format name (``'JSON'`` -> ``'jsonl'``); raise ValueError if unknown."""
    name = _ALIASES.get(fmt.strip().lower(), fmt.strip().lower())
    if name not in FORMATS:
        raise ValueError(f"unknown log format {fmt!r}; use one of {', '.join(FORMATS)} or a LogFormat string")
    return name


def make_parser(fmt: str | None = None, *, log_format: str | None = None,
                jsonl_mapping: Mapping[str, str] | None = None) -> LineParser:
    """Create a fresh parser (one per file: the W3C parser keeps state).

    Parameters
    ----------
    fmt : str or None
        One of :data:`FORMATS` (aliases such as ``'json'`` accepted).
        Ignored when ``log_format`` is given, which may also be passed
        here as ``'logformat'``.
    log_format : str or None
        An Apache ``LogFormat`` string.
    jsonl_mapping : Mapping[str, str] or None
        Key overrides for ``jsonl``.

    Returns
    -------
    LineParser
        A parser with ``name`` and ``parse(lines, first_line_no, file_idx)``.

    Raises
    ------
    ValueError
        Unknown format name, or neither argument given.
    detector.io.errors.LogFormatError
        A ``LogFormat`` string that cannot be compiled.
    """
    if log_format is not None:
        return LogFormatParser(log_format, name="logformat")
    if fmt is None:
        raise ValueError("give a format name or a LogFormat string")
    name = canonical_format(fmt)
    if name == "combined":
        return combined_parser()
    if name == "common":
        return common_parser()
    if name == "w3c":
        return W3CParser()
    if name == "alb":
        return AlbParser()
    if name == "haproxy":
        return HaproxyParser()
    if name == "logfmt":
        return LogfmtParser()
    if name == "csv":
        return CsvParser()
    if name == "iis_native":
        return IisNativeParser()
    if name == "envoy":
        return EnvoyParser()
    if name == "rails":
        return RailsLogParser()
    if name == "squid":
        return SquidParser()
    if name == "zeek":
        return ZeekHttpParser()
    if name == "cef":
        return CefParser()
    if name == "inferred":
        return InferredParser()
    if name == "vhost_combined":
        return vhost_combined_parser()
    if name == "combined_xff":
        return combined_xff_parser()
    if name in ("combined_user", "combined_xff_user"):
        return combined_user_parser(forwarded=name == "combined_xff_user")
    return JsonLinesParser(jsonl_mapping)


def vhost_combined_parser() -> LogFormatParser:
    """Parser for Apache's ``vhost_combined`` format (tolerates lines that stop after the byte count)."""
    return LogFormatParser(VHOST_COMBINED_FORMAT, name="vhost_combined", optional_after="O")


def _sample(lines: Sequence[str], size: int = SAMPLE_LINES) -> list[str]:
    out = []
    for line in lines:
        text = line.strip()
        if text:
            out.append(text.lstrip("\ufeff"))
            if len(out) >= size:
                break
    return out


def sniff_format(sample_lines: Sequence[str]) -> tuple[str, list[str]]:
    """Detect the format and note anything the reader should warn about.

    Parameters
    ----------
    sample_lines : Sequence[str]
        The first lines of a file.

    Returns
    -------
    tuple[str, list[str]]
        The format (see :func:`detect_format`) and warning texts (no log
        content), e.g. that 'common' lines carry more fields.

    Raises
    ------
    UnknownFormatError
        No format wins a majority of the sample.
    """
    wide = _sample(sample_lines, TAIL_SAMPLE_LINES)
    sample = wide[:SAMPLE_LINES]
    if not sample:
        raise UnknownFormatError("no non-empty lines to detect the log format from")
    if looks_like_syslog(sample):  # the format of the lines behind the syslog headers
        wide = [line.strip() for line in strip_syslog_lines(wide)]
    else:
        wrapper = container_wrapper(sample)
        if wrapper is not None:  # the format of the lines inside the container runtime's records
            wide = _sample(unwrap_lines(wide, wrapper)[0], TAIL_SAMPLE_LINES)
            if not wide:
                raise UnknownFormatError(f"no access lines inside the {wrapper} records to detect the log format from")
    name, notes = _sniff_plain(wide[:SAMPLE_LINES])
    if name in ("combined", "combined_xff"):  # the app's user after combined's fields: seen over more lines
        name = combined_variant(combined_parser(), wide, forwarded=name == "combined_xff") or name
    return name, notes


def container_wrapper(lines: Sequence[str], make: Callable[[], LineParser] | None = None) -> str | None:
    """The container-runtime wrapper of lines (see :mod:`detector.io.containers`), if any.

    Parameters
    ----------
    lines : Sequence[str]
        Lines from the start of a file or batch (syslog headers already removed).
    make : Callable[[], LineParser] or None
        A fresh parser of the format the lines are read as; None when the
        format is detected.  A leading time is taken for ``kubectl
        --timestamps`` only when the parser (or format detection) reads the
        lines without it.

    Returns
    -------
    str or None
        ``'docker'``, ``'journald'``, ``'shipper'``, ``'fluentd'``, ``'fluentbit'``, ``'cri'``, ``'kubectl'`` or None.
    """
    def readable(sample: list[str]) -> bool:
        if make is not None:
            return len(make().parse(sample, 1, 0)[0]) * 2 > len(sample)
        try:
            _sniff_plain(_sample(sample))
        except UnknownFormatError:
            return False
        return True

    def requests(sample: list[str]) -> bool:
        return len((make or JsonLinesParser)().parse(sample, 1, 0)[0]) * 2 > len(sample)

    return detect_wrapper(lines, readable, requests)


#: Formats whose data lines take their columns from the last directive before them (W3C's ``#Fields:``,
#: Zeek's tab-separated ``#fields``; Zeek's other directives have defaults that the usual writer keeps).
DIRECTIVE_FORMATS: tuple[str, ...] = ("w3c", "zeek")


def sets_columns(line: str) -> bool:
    """True for a directive that sets the columns of the data lines after it (``#Fields:``, Zeek's ``#fields``)."""
    return line.startswith("#Fields:") or line.startswith("#fields\t")


def fits_columns(sample: Sequence[str], header: str) -> str | None:
    """The format whose data lines ``sample`` are, when they fit the remembered column directive ``header``.

    Parameters
    ----------
    sample : Sequence[str]
        Non-blank lines of a batch without a directive of its own.
    header : str
        A ``#Fields:`` or Zeek ``#fields`` line.

    Returns
    -------
    str or None
        ``'w3c'`` or ``'zeek'`` when no line is a directive and more than half
        have as many values as the directive names (space-separated for W3C,
        tab-separated for Zeek); else None.
    """
    zeek = header.startswith("#fields\t")
    n_fields = len(header.split("\t") if zeek else header.split()) - 1
    if not sample or n_fields < 1 or any(line.startswith("#") for line in sample):
        return None
    fitting = sum(1 for line in sample if len(line.split("\t") if zeek else line.split()) == n_fields)
    return ("zeek" if zeek else "w3c") if fitting * 2 > len(sample) else None


def layout_line(fmt: str | None) -> Callable[[str], bool] | None:
    """For a format whose lines depend on an earlier line, the test for such a line; None for other formats.

    W3C's directives (``#Fields:`` sets the columns) and a CSV export's
    header row: a line re-read on its own (``detector explain``, a
    journalled batch) must be preceded by the last of them before it.
    """
    if fmt in DIRECTIVE_FORMATS:
        return lambda line: line.startswith("#")
    if fmt == "csv":
        return lambda line: header_layout(line.lstrip("\ufeff")) is not None
    return None


#: Formats told by one line, tried in this order, each with what it is called in the "cannot recognise" message.
_LINE_FORMATS: tuple[tuple[str, str, Callable[[str], bool]], ...] = (
    ("jsonl", "JSON lines", lambda line: line.startswith("{") and looks_like_json_object(line)),
    ("cef", "CEF or LEEF events", looks_like_cef),
    ("alb", "AWS ALB", looks_like_alb),
    ("haproxy", "HAProxy", looks_like_haproxy),
    ("logfmt", "logfmt requests", looks_like_logfmt),
    ("iis_native", "the IIS log file format", looks_like_iis_native),
    ("envoy", "Envoy's", lambda line: line.startswith("[") and looks_like_envoy(line)),
    ("rails", "a Rails log", looks_like_rails),
    ("squid", "Squid's native", looks_like_squid),
)
_NOTES = {"iis_native": [LOCAL_TIME_NOTE]}


def _sniff_plain(sample: list[str]) -> tuple[str, list[str]]:
    """:func:`sniff_format` of stripped non-blank lines without a syslog header or container wrapper."""
    if not sample:
        raise UnknownFormatError("no non-empty lines to detect the log format from")
    if looks_like_w3c(sample):
        return "w3c", []
    if looks_like_zeek(sample):
        return "zeek", []
    if looks_like_csv(sample):
        return "csv", []
    voters = [line for line in sample if not line.startswith("#")]
    if not voters:
        raise UnknownFormatError("only comment lines: cannot detect the log format")
    combined, common, vhost = combined_parser(), common_parser(), vhost_combined_parser()
    votes = dict.fromkeys(["combined", "common", "vhost_combined", *(name for name, *_ in _LINE_FORMATS)], 0)
    extra = forwarded = addressed = 0
    xff = combined_xff_parser()
    for line in voters:
        name = next((name for name, _, looks in _LINE_FORMATS if looks(line)), None)
        if name is not None:
            votes[name] += 1
            continue
        kind = combined.classify(line)
        if kind == "full":
            votes["combined"] += 1
            tail = forwarded_tail(xff, line)
            forwarded += tail > 0
            addressed += tail == 2
        elif kind == "head":
            votes["common"] += 1
            text = unwrap_quotes(line)
            m = common.compiled.fast.match(text) or common.compiled.tolerant.match(text)
            if m is not None and text[m.end():].strip():
                extra += 1
        elif vhost.classify(line) is not None:
            votes["vhost_combined"] += 1
    total = len(voters)
    for name in ("vhost_combined", *(name for name, *_ in _LINE_FORMATS if name != "rails")):
        if votes[name] * 2 > total:
            return name, list(_NOTES.get(name, []))
    if votes["rails"] * 3 >= total:  # between its request lines, a Rails log writes backtraces and other messages
        return "rails", []
    clf = votes["combined"] + votes["common"]
    if clf * 2 > total:
        if votes["combined"] >= votes["common"]:
            # the header closes most lines and names an address in some: nginx's main format
            return ("combined_xff" if forwarded * 2 > votes["combined"] and addressed else "combined"), []
        warnings = []
        if extra * 2 > votes["common"]:
            warnings.append("lines carry fields after the byte count that the 'common' format ignores; "
                            "pass a LogFormat string to read them")
        return "common", warnings
    layout = infer_layout(voters)
    if layout is not None:
        return "inferred", [f"no known log format: the fields were read by what they look like ({layout.describe()}); "
                            "pass --log-format to read them exactly"]
    counted = ", ".join(f"{votes[name]} like {label}" for name, label, _ in _LINE_FORMATS)
    raise UnknownFormatError(
        f"cannot recognise the log format: of {total} sample lines {votes['combined']} look like combined, "
        f"{votes['common']} like common, {votes['vhost_combined']} like vhost_combined, {counted}; "
        "give the format or a LogFormat string"
    )


def detect_format(sample_lines: Sequence[str]) -> str:
    """Guess the format of a log from its first lines.

    Parameters
    ----------
    sample_lines : Sequence[str]
        Lines from the start of the log; the first :data:`SAMPLE_LINES`
        non-empty ones vote.

    Returns
    -------
    str
        ``'combined'``, ``'common'``, ``'w3c'``, ``'jsonl'``, ``'alb'``,
        ``'haproxy'``, ``'vhost_combined'``, ``'logfmt'`` or ``'csv'`` (of the lines behind their syslog headers,
        or inside their container-runtime records, when most lines carry one).  W3C wins as soon as a
        ``#Fields:``/``#Software:``/``#Version:`` directive is seen, CSV when the first line is a header
        row naming a time, a status and the request (see :func:`detector.io.delimited.header_layout`);
        otherwise the format matched by more than half of the non-comment
        lines (combined when combined lines are at least as many as
        common-only ones).

    Raises
    ------
    UnknownFormatError
        If no format has a majority.
    """
    return sniff_format(sample_lines)[0]


__all__ = ["FORMATS", "LineParser", "SAMPLE_LINES", "canonical_format", "container_wrapper", "detect_format",
           "DIRECTIVE_FORMATS", "fits_columns", "layout_line", "make_parser", "sets_columns", "sniff_format",
           "VHOST_COMBINED_FORMAT", "vhost_combined_parser"]
