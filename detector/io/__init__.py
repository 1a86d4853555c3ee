"""Log-reading layer: turn access-log files into records frames.

Supported formats: Apache/nginx ``combined`` and ``common``, Apache
``vhost_combined``, W3C extended (IIS, CloudFront) ``w3c``, ``jsonl`` (JSON
lines, cloud load-balancer JSON included), AWS load balancers ``alb``,
HAProxy ``haproxy``, and any Apache ``LogFormat`` string, each also behind
syslog headers (RFC 3164 or 5424, see :mod:`detector.io.syslog`) or a
container runtime's wrapper (:mod:`detector.io.containers`).
See :func:`read_logs` and :func:`iter_record_chunks`.
"""

from detector.io.errors import LogFormatError, LogReadError, UnknownFormatError
from detector.io.formats import FORMATS, detect_format, make_parser
from detector.io.jsonl import DEFAULT_JSON_KEYS
from detector.io.logformat import COMBINED_FORMAT, COMMON_FORMAT
from detector.io.reader import ReadReport, Rejected, iter_record_chunks, parse_lines, read_logs

__all__ = [
    "COMBINED_FORMAT",
    "COMMON_FORMAT",
    "DEFAULT_JSON_KEYS",
    "FORMATS",
    "LogFormatError",
    "LogReadError",
    "ReadReport",
    "Rejected",
    "UnknownFormatError",
    "detect_format",
    "iter_record_chunks",
    "make_parser",
    "parse_lines",
    "read_logs",
]
