"""Log shippers' records around access lines: what an investigator is often handed instead of the server's files.

* Filebeat's or Elastic Agent's file output, Logstash's ``json_lines``, Vector's or Fluent Bit's JSON, Graylog's
  GELF: a JSON object whose ``message``, ``log`` or ``short_message`` is the access line, and a SIEM's search
  exported with it: Splunk's JSON export (``result._raw``), an Elasticsearch or OpenSearch dump
  (``_source.message``) (:func:`shipper_message`);
* Fluentd's ``out_file``: ``<time><TAB><tag><TAB><record>`` (:func:`fluentd_record`);
* Fluent Bit's ``file`` output: ``<tag>: [<time>, <record>]`` (:func:`fluent_bit_record`);
* a SIEM's CSV export that kept the raw events, a ``_raw`` column beside a time or a host (:func:`csv_raw_record`).

A Fluentd or Fluent Bit record that a parser already split into fields becomes a JSON line of those fields with
the record's time as ``time`` (the parser consumed the line's own), read by :mod:`detector.io.jsonl`; one that
kept the line whole (a lone ``message`` or ``log``) gives the line.  Each function returns what
:func:`detector.io.containers.split_record` does: ``(inner text, from stdout, ends a line)``, or None for a line
that is not such a record.
"""

from __future__ import annotations

import csv
import ipaddress
import json
import re

from detector.io.delimited import header_layout

#: Keys of a shipper's JSON record that hold the access line, in the order tried.
SHIPPER_MESSAGE_KEYS = ("message", "log", "short_message", "_raw")
#: Keys under which a split record may carry its own time already.
_TIME_KEYS = ("time", "@timestamp", "timestamp", "ts")
_FLUENTD_RE = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9:.]+(?:Z|[+-][0-9]{2}:?[0-9]{2})?)\t[^\t{]+\t(?=\{)")
_FLUENTBIT_RE = re.compile(r"[^\s:\[{]+: \[([0-9]+(?:\.[0-9]+)?), (?=\{)")


def fluentd_record(line: str) -> tuple[str, bool, bool] | None:
    """The line in one Fluentd ``out_file`` record, or None."""
    match = _FLUENTD_RE.match(line)
    return None if match is None else _record_line(line[match.end():], match.group(1))


def fluent_bit_record(line: str) -> tuple[str, bool, bool] | None:
    """The line in one Fluent Bit ``file`` record, or None."""
    match = _FLUENTBIT_RE.match(line)
    if match is None or not line.endswith("]"):
        return None
    return _record_line(line[match.end():-1], match.group(1))  # the text: epoch read exactly


def shipper_message(line: str) -> tuple[str, bool, bool] | None:
    """The access line in a shipper's JSON record (:data:`SHIPPER_MESSAGE_KEYS`), or in a SIEM's export of one.

    A search exported from a SIEM wraps each event once more: Splunk's JSON export as ``{"result": {"_raw":
    ...}}``, an Elasticsearch or OpenSearch dump (elasticdump, a ``_search`` scroll) as ``{"_source": {"message":
    ...}}``; ECS keeps the line in ``event.original`` when a pipeline parsed it.  Splunk's own rows without an
    event (``{"preview": false, "messages": [...]}``) give an empty line: skipped, not rejected.
    """
    if not line.startswith("{") or not any(f'"{key}"' in line for key in (*SHIPPER_MESSAGE_KEYS, "original", "preview")):
        return None
    try:
        record = json.loads(line)
    except ValueError:
        return None
    if not isinstance(record, dict):
        return None
    for holder in (record.get("result"), record.get("_source"), record):
        if not isinstance(holder, dict):
            continue
        for key in SHIPPER_MESSAGE_KEYS:
            text = holder.get(key)
            if isinstance(text, str):
                return text.rstrip("\r\n"), True, True
        event = holder.get("event")
        if isinstance(event, dict) and isinstance(event.get("original"), str):
            return event["original"].rstrip("\r\n"), True, True
    if "preview" in record and "result" not in record:
        return "", True, True
    return None


#: Names a SIEM gives the column of the raw event in a CSV export (Splunk's ``_raw``).
RAW_COLUMNS = ("_raw", "raw", "_raw_event")


def csv_raw_record(line: str) -> tuple[str, bool, bool] | None:
    """The access line in one row of a SIEM's CSV export that kept the raw events (Splunk's ``| table _time _raw``).

    The header row (a column named ``_raw``) gives an empty line, skipped; a data row gives its longest field,
    the raw event (the other columns are a time, a host, a source).  None for a line that is not a CSV row.
    """
    if "," not in line and "\t" not in line:
        return None
    delimiter = "," if line.count(",") >= line.count("\t") else "\t"
    try:
        fields = next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return None
    if len(fields) < 2:
        return None
    if any(f.strip().lower() in RAW_COLUMNS for f in fields):
        return "", True, True
    return max(fields, key=len).rstrip("\r\n"), True, True


def is_csv_raw_header(line: str) -> bool:
    """True for a CSV header row with a raw-event column (:data:`RAW_COLUMNS`) and no access-log columns of its own.

    An export that has both (Splunk's fields extracted beside ``_raw``) is read by its columns
    (:mod:`detector.io.delimited`): they are what the SIEM parsed, the raw event only a fallback.
    """
    text = line.lstrip("\ufeff")
    return (("," in text or "\t" in text)
            and any(name.strip().strip('"').lower() in RAW_COLUMNS for name in re.split(r"[,\t]", text))
            and header_layout(text) is None)


def _record_line(text: str, time: str) -> tuple[str, bool, bool] | None:
    """A Fluentd or Fluent Bit record as a line: its lone ``message``/``log``, or its fields as JSON with ``time``."""
    try:
        record = json.loads(text)
    except ValueError:
        return None
    if not isinstance(record, dict):
        return None
    if len(record) == 1:
        (value,) = record.values()
        if isinstance(value, str) and next(iter(record)) in SHIPPER_MESSAGE_KEYS:
            return value.rstrip("\r\n"), True, True
    if not any(key in record for key in _TIME_KEYS):
        record = {"time": time, **record}
    host = record.get("host")
    if "remote" not in record and isinstance(host, str) and _is_address(host):
        record["remote"] = host  # Fluentd's apache2 parser names the client ``host`` (its nginx parser, ``remote``)
    return json.dumps(record, ensure_ascii=False), True, True


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


__all__ = ["RAW_COLUMNS", "SHIPPER_MESSAGE_KEYS", "csv_raw_record", "fluent_bit_record", "fluentd_record",
           "is_csv_raw_header", "shipper_message"]
