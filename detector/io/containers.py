"""Container-runtime wrappers around access-log lines.

A web server in a container logs to stdout, and the file an investigator gets
is the container runtime's, each access line wrapped::

    {"log":"1.2.3.4 - - [14/Sep/2026:08:00:01 -0700] \\"GET / HTTP/1.1\\" 200 5\\n","stream":"stdout","time":"..."}
    2026-09-14T15:00:01.123456789Z stdout F 1.2.3.4 - - [14/Sep/2026:08:00:01 -0700] "GET / HTTP/1.1" 200 5
    2026-09-14T15:00:01.123456789Z 1.2.3.4 - - [14/Sep/2026:08:00:01 -0700] "GET / HTTP/1.1" 200 5

Docker's ``json-file`` driver (:data:`DOCKER`), the CRI log of containerd and
CRI-O under ``/var/log/pods`` (:data:`CRI`), ``kubectl logs --timestamps``
(:data:`KUBECTL`) and the systemd journal exported with ``journalctl -o json``
(:data:`JOURNALD`: a web server logging to syslog, or a container through
Docker's journald driver; the access line is the entry's ``MESSAGE``)::

    {"__CURSOR":"s=...","__REALTIME_TIMESTAMP":"1789912801123456","SYSLOG_IDENTIFIER":"nginx","MESSAGE":"1.2.3.4 - - ..."}
  Log shippers wrap lines too, and an investigator is often handed the
shipper's output rather than the server's files (:data:`SHIPPER`: Filebeat's
or Elastic Agent's file output, Logstash's ``json_lines``, Vector, Fluent
Bit's JSON, Graylog's GELF: a JSON object whose ``message``, ``log`` or
``short_message`` is the access line; :data:`FLUENTD`: Fluentd's
``out_file``, ``time<TAB>tag<TAB>record``; :data:`FLUENTBIT`: Fluent Bit's
``file`` output, ``tag: [time, record]``; :data:`CSV_RAW`: a SIEM's CSV export
that kept the raw events, Splunk's ``_raw`` column)::

    {"@timestamp":"2026-09-14T15:00:01.456Z","log":{"offset":1234,"file":{"path":"/var/log/nginx/access.log"}},"message":"1.2.3.4 - - ..."}
    2026-09-14T08:00:01-07:00	nginx.access	{"remote":"1.2.3.4","user":"-","method":"GET","path":"/","code":"200",...}

The records are read by :mod:`detector.io.shippers`.
A shipper's JSON object is taken for a wrapper only when the lines inside
read and the objects themselves are not requests (an ECS document that an
ingest pipeline parsed keeps its raw ``message`` too: it is read as JSON).

The wrapper is decided once per file from its first lines
(:func:`detect_wrapper`) and removed line by line (:class:`Unwrapper`),
before the format of the inner lines is detected and they are parsed; the
inner lines may be in any format the reader knows.

Line numbers stay the file's own: every wrapper line gives one line.  A long
line the runtime split into pieces (CRI ``P`` records, Docker records whose
``log`` does not end with a newline) is joined and numbered at its first
piece; the other pieces become blank lines.  stderr records (a server's
error log, not access lines) become blank lines too: they are counted as
skipped, like blank lines, never rejected.  A line that does not carry the
wrapper (a truncated JSON record, say) is rejected with :data:`MALFORMED`
as the reason.  ``kubectl logs`` and the journal do not tell access lines
from the server's other messages: those are rejected by the format's
parser, with their line numbers.  The runtime's time is not
used: the access line carries its own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence

from detector.io.shippers import csv_raw_record, fluent_bit_record, fluentd_record, is_csv_raw_header, shipper_message

DOCKER = "docker"
CRI = "cri"
KUBECTL = "kubectl"
JOURNALD = "journald"
SHIPPER = "shipper"
FLUENTD = "fluentd"
FLUENTBIT = "fluentbit"
CSV_RAW = "csv_raw"
#: The wrappers, in the order they are tried (CRI before kubectl: a CRI line also starts with a time).
WRAPPERS = (DOCKER, JOURNALD, SHIPPER, FLUENTD, FLUENTBIT, CSV_RAW, CRI, KUBECTL)
#: Wrappers whose records may be pieces of one line.
PARTIAL_WRAPPERS = (DOCKER, CRI)
#: The reason a line without the file's wrapper is rejected with.
MALFORMED = {
    DOCKER: "not a Docker json-file log record",
    CRI: "not a CRI log record (time, stream, F/P tag)",
    KUBECTL: "no kubectl --timestamps time in front of the line",
    JOURNALD: "not a journal entry (journalctl -o json)",
    SHIPPER: "not a log shipper's JSON record with the line in message or log",
    FLUENTD: "not a Fluentd out_file record (time, tag, JSON record)",
    FLUENTBIT: "not a Fluent Bit file record (tag: [time, record])",
    CSV_RAW: "not a row of the CSV export (its fields could not be split)",
}
#: Fields every entry of ``journalctl -o json`` carries (one is enough to tell an entry).
JOURNAL_FIELDS = ('"__REALTIME_TIMESTAMP"', '"__CURSOR"')
#: Non-blank lines :func:`detect_wrapper` looks at.
SAMPLE_LINES = 50

_TS = r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?(?:Z|[+-][0-9]{2}:[0-9]{2})"
_CRI_RE = re.compile(rf"{_TS} (stdout|stderr) ([FP])(?: |$)")
_KUBECTL_RE = re.compile(rf"{_TS}(?: |$)")


def split_record(line: str, kind: str) -> tuple[str, bool, bool] | None:
    """The parts of one wrapper record.

    Parameters
    ----------
    line : str
        One line of the file, without its line end.
    kind : str
        :data:`DOCKER`, :data:`CRI`, :data:`KUBECTL` or :data:`JOURNALD`.

    Returns
    -------
    tuple[str, bool, bool] or None
        The inner text (without its newline), whether it came from stdout,
        and whether it ends a line (False for a piece that the next stdout
        record continues); None when the line is not such a record.

    Examples
    --------
    >>> split_record('2026-09-14T15:00:01.1Z stdout P 1.2.3.4 - -', 'cri')
    ('1.2.3.4 - -', True, False)
    >>> split_record('{"log":"x\\\\n","stream":"stderr","time":"2026-09-14T15:00:01Z"}', 'docker')
    ('x', False, True)
    """
    if kind == DOCKER:
        if not line.startswith("{") or '"stream"' not in line:
            return None
        try:
            record = json.loads(line)
        except ValueError:
            return None
        text = record.get("log") if isinstance(record, dict) else None
        stream = record.get("stream") if isinstance(record, dict) else None
        if not isinstance(text, str) or stream not in ("stdout", "stderr"):
            return None
        complete = text.endswith("\n")
        if complete:
            text = text[:-2] if text.endswith("\r\n") else text[:-1]
        return text, stream == "stdout", complete
    if kind == JOURNALD:
        return _journal_message(line)
    if kind == SHIPPER:
        return shipper_message(line)
    if kind == FLUENTD:
        return fluentd_record(line)
    if kind == FLUENTBIT:
        return fluent_bit_record(line)
    if kind == CSV_RAW:
        return csv_raw_record(line)
    match = (_CRI_RE if kind == CRI else _KUBECTL_RE).match(line)
    if match is None:
        return None
    if kind == CRI:
        return line[match.end():], match.group(1) == "stdout", match.group(2) == "F"
    return line[match.end():], True, True


def _journal_message(line: str) -> tuple[str, bool, bool] | None:
    """The ``MESSAGE`` of one ``journalctl -o json`` entry (journald writes a non-UTF-8 one as a list of bytes)."""
    if not line.startswith("{") or not any(field in line for field in JOURNAL_FIELDS):
        return None
    try:
        entry = json.loads(line)
    except ValueError:
        return None
    if not isinstance(entry, dict) or not ("__REALTIME_TIMESTAMP" in entry or "__CURSOR" in entry):
        return None
    message = entry.get("MESSAGE")
    if isinstance(message, list):
        try:
            message = bytes(message).decode("utf-8", "replace")
        except (TypeError, ValueError):
            return None
    if message is None:
        return "", True, True
    if not isinstance(message, str):
        return None
    return message.rstrip("\r\n"), True, True


def detect_wrapper(lines: Sequence[str], readable: Callable[[list[str]], bool] | None = None,
                   requests: Callable[[list[str]], bool] | None = None) -> str | None:
    """The container wrapper most of the first non-blank lines carry, if any.

    Parameters
    ----------
    lines : Sequence[str]
        Lines from the start of a file or batch; the first
        :data:`SAMPLE_LINES` non-blank ones vote.
    readable : Callable[[list[str]], bool] or None
        Whether lines read in the expected (or any known) format.  A time
        then a space is all :data:`KUBECTL` wraps a line in, and some lines
        start so on their own (AWS Classic Load Balancer logs): the time is
        taken for a wrapper only when the lines without it read, and a
        shipper's JSON record only when the line in it reads.
    requests : Callable[[list[str]], bool] or None
        Whether the lines as they are read as requests: a JSON record that
        is a request already (an ECS document with its raw ``message``) is
        not taken for a shipper's wrapper.

    Returns
    -------
    str or None
        :data:`DOCKER`, :data:`JOURNALD`, :data:`CRI` or :data:`KUBECTL`;
        None for lines without a wrapper.
    """
    sample: list[str] = []
    for line in lines:
        if line.strip():
            sample.append(line.lstrip("\ufeff"))
            if len(sample) >= SAMPLE_LINES:
                break
    if not sample:
        return None
    for kind in WRAPPERS:
        if kind == CSV_RAW and not is_csv_raw_header(sample[0]):  # only an export whose header names the raw events
            continue
        if sum(split_record(line, kind) is not None for line in sample) * 2 > len(sample):
            if kind == KUBECTL and readable is not None and not readable(unwrap_lines(sample, kind)[0]):
                return None
            if kind == CSV_RAW and (readable is None or not readable(unwrap_lines(sample, kind)[0])):
                return None
            if kind == SHIPPER and (readable is None or not readable(unwrap_lines(sample, kind)[0])
                                    or (requests is not None and requests(sample))):
                return None
            return kind
    return None


class Unwrapper:
    """Removes one wrapper from the lines of one file, fed block after block.

    Pieces of a line are joined across blocks: while a line is open, the
    lines from its first piece on are held back and come out with the block
    that closes it (or from :meth:`finish`), so the output has, in all, as
    many lines as the input.

    Parameters
    ----------
    kind : str
        One of :data:`WRAPPERS`.
    """

    def __init__(self, kind: str) -> None:
        if kind not in WRAPPERS:
            raise ValueError(f"unknown container wrapper: {kind!r}")
        self.kind = kind
        self.reason = MALFORMED[kind]
        self._pieces: list[str] = []  # the open stdout line's pieces so far
        self._held = 0  # lines held back, from the open line's first piece on
        self._held_rejects: list[int] = []  # their positions among the held lines

    def feed(self, lines: Sequence[str]) -> tuple[list[str], list[tuple[int, str]]]:
        """Unwrap the next lines of the file.

        Parameters
        ----------
        lines : Sequence[str]
            The lines, without line ends.

        Returns
        -------
        tuple[list[str], list[tuple[int, str]]]
            The inner lines ready so far (blank for stderr records, for
            pieces after a line's first and for malformed lines), and the
            malformed ones as (position in those lines, reason).
        """
        out = [""] * self._held
        rejects = list(self._held_rejects)
        start = 0 if self._pieces else None  # where the open line goes
        kind = self.kind
        for line in lines:
            parts = split_record(line, kind) if line.strip() else ("", False, True)
            if parts is None:
                rejects.append(len(out))
                out.append("")
                continue
            text, stdout, complete = parts
            if not stdout:
                out.append("")
            elif start is None and complete:
                out.append(text.replace("\n", " "))
            else:
                if start is None:
                    start = len(out)
                self._pieces.append(text)
                out.append("")
                if complete:
                    out[start] = "".join(self._pieces).replace("\n", " ")
                    self._pieces, start = [], None
        if start is None:
            self._held, self._held_rejects = 0, []
        else:
            self._held, self._held_rejects = len(out) - start, [i - start for i in rejects if i >= start]
            out, rejects = out[:start], [i for i in rejects if i < start]
        return out, [(i, self.reason) for i in rejects]

    def finish(self) -> tuple[list[str], list[tuple[int, str]]]:
        """The lines still held back at the end of the file (a line whose last piece never came, as it is)."""
        if not self._pieces:
            return [], []
        out = ["".join(self._pieces).replace("\n", " ")] + [""] * (self._held - 1)
        rejects = [(i, self.reason) for i in self._held_rejects]
        self._pieces, self._held, self._held_rejects = [], 0, []
        return out, rejects


def unwrap_lines(lines: Sequence[str], kind: str) -> tuple[list[str], list[tuple[int, str]]]:
    """All the inner lines of lines in memory (as many as given) and the malformed ones (position, reason)."""
    unwrapper = Unwrapper(kind)
    out, rejects = unwrapper.feed(lines)
    tail, tail_rejects = unwrapper.finish()
    return out + tail, rejects + [(len(out) + i, reason) for i, reason in tail_rejects]


def open_piece(line: str, kind: str) -> bool | None:
    """True for a stdout piece that the next stdout record continues, False for a stdout record ending a line,
    None for anything else (stderr, blank, malformed); for placing cuts between whole lines."""
    parts = split_record(line, kind) if kind in PARTIAL_WRAPPERS and line.strip() else None
    return None if parts is None or not parts[1] else not parts[2]


__all__ = ["CRI", "CSV_RAW", "DOCKER", "FLUENTBIT", "FLUENTD", "JOURNALD", "KUBECTL", "SHIPPER", "MALFORMED", "PARTIAL_WRAPPERS", "SAMPLE_LINES", "Unwrapper", "WRAPPERS",
           "detect_wrapper", "open_piece", "split_record", "unwrap_lines"]
