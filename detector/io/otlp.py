"""OpenTelemetry's OTLP/JSON export and other batched JSON lines: one line, many requests.

The OpenTelemetry Collector's ``file`` exporter (and any OTLP/JSON dump of
logs or traces) writes one batch per line::

    {"resourceLogs":[{"resource":{...},"scopeLogs":[{"scope":{...},"logRecords":[
        {"timeUnixNano":"1795528800123000000","body":{"stringValue":"Request finished ..."},
         "attributes":[{"key":"http.request.method","value":{"stringValue":"GET"}},
                       {"key":"http.response.status_code","value":{"intValue":"200"}}, ...]}, ...]}]}]}

Each log record (or, in a traces export, each server span) that names a
request becomes one flat object of its attributes, keyed by their semantic
convention names (``http.request.method``, ``url.path``, ``client.address``,
``enduser.id``...), with ``time`` from ``timeUnixNano`` (``observedTimeUnixNano``
when the record's own time is unset) or the span's start, and a span's
duration as ``event.duration`` (ns).  The JSON-lines reader then reads those
objects like any other line's: every request keeps the batch's line number.
Records that name no request (start-up messages, warnings) are left out;
so are ASP.NET Core's ``Request starting`` messages, whose request its
``Request finished`` message logs again with the status.

Azure Monitor's Event Hubs and storage exports may batch resource logs as
``{"records": [{...}, {...}]}``: each object of the list is read as a line.
"""

from __future__ import annotations

#: Top-level keys of an OTLP/JSON logs or traces batch.
OTLP_KEYS: tuple[str, ...] = ("resourceLogs", "resourceSpans")
#: Top-level key of an Azure Monitor export batching resource log records.
RECORDS_KEY = "records"
#: OTLP's server span kind (``SPAN_KIND_SERVER``), as a number or its name.
_SERVER_KINDS = (2, "2", "SPAN_KIND_SERVER")
#: Attribute keys that make a record a request (old and current HTTP semantic conventions, ASP.NET Core's state).
_REQUEST_KEYS = ("http.request.method", "http.method", "url.path", "url.full", "http.target", "http.url",
                 "Method", "Path")
_STARTING = "Request starting "


def is_batch(obj: dict) -> bool:
    """True for a line that batches several records: OTLP/JSON, or Azure's ``{"records": [...]}``."""
    if any(key in obj for key in OTLP_KEYS):
        return True
    records = obj.get(RECORDS_KEY)
    return len(obj) == 1 and isinstance(records, list)


def any_value(value: object) -> object:
    """The plain value of an OTLP ``AnyValue`` (``{"stringValue": "x"}`` -> ``"x"``, ``{"intValue": "200"}`` -> 200).

    Arrays give their first element's value, key/value lists an object; anything else is returned as it is.

    Examples
    --------
    >>> any_value({"intValue": "200"}), any_value({"stringValue": "GET"}), any_value({"arrayValue": {"values": []}})
    (200, 'GET', None)
    """
    if not isinstance(value, dict):
        return value
    for key in ("stringValue", "boolValue", "doubleValue"):
        if key in value:
            return value[key]
    if "intValue" in value:
        try:
            return int(value["intValue"])
        except (TypeError, ValueError):
            return value["intValue"]
    if "arrayValue" in value:
        values = (value["arrayValue"] or {}).get("values") or []
        return any_value(values[0]) if values else None
    if "kvlistValue" in value:
        return attributes((value["kvlistValue"] or {}).get("values") or [])
    return None


def attributes(pairs: object) -> dict:
    """An OTLP attribute list (``[{"key": k, "value": AnyValue}, ...]``) as an object."""
    out: dict = {}
    if isinstance(pairs, list):
        for pair in pairs:
            if isinstance(pair, dict) and isinstance(pair.get("key"), str):
                out.setdefault(pair["key"], any_value(pair.get("value")))
    return out


def _nonzero(value: object) -> object:
    return None if value in (None, "", "0", 0) else value


def _log_request(record: dict) -> dict | None:
    flat = attributes(record.get("attributes"))
    if not any(key in flat for key in _REQUEST_KEYS):
        return None
    body = any_value(record.get("body"))
    original = flat.get("{OriginalFormat}")
    if (isinstance(body, str) and body.startswith(_STARTING)) or (isinstance(original, str) and original.startswith(_STARTING)):
        return None
    flat["time"] = _nonzero(record.get("timeUnixNano")) or _nonzero(record.get("observedTimeUnixNano"))
    return flat


def _span_request(span: dict) -> dict | None:
    if span.get("kind") not in _SERVER_KINDS:
        return None
    flat = attributes(span.get("attributes"))
    if not any(key in flat for key in _REQUEST_KEYS):
        return None
    start, end = _nonzero(span.get("startTimeUnixNano")), _nonzero(span.get("endTimeUnixNano"))
    flat["time"] = start
    try:
        flat["event.duration"] = int(end) - int(start)
    except (TypeError, ValueError):
        pass
    return flat


def _scopes(obj: dict, resource_key: str, scope_key: str, items_key: str):
    for resource in obj.get(resource_key) or []:
        if not isinstance(resource, dict):
            continue
        for scope in resource.get(scope_key) or []:
            if isinstance(scope, dict):
                yield from (item for item in scope.get(items_key) or [] if isinstance(item, dict))


def batch_objects(obj: dict) -> list[dict]:
    """The request objects of one batched line (see the module's description), in the batch's order.

    Parameters
    ----------
    obj : dict
        A line for which :func:`is_batch` is true.

    Returns
    -------
    list of dict
        One flat object per request; empty when the batch names none.
    """
    if RECORDS_KEY in obj and not any(key in obj for key in OTLP_KEYS):
        return [record for record in obj[RECORDS_KEY] if isinstance(record, dict)]
    out = [flat for flat in map(_log_request, _scopes(obj, "resourceLogs", "scopeLogs", "logRecords")) if flat]
    out += [flat for flat in map(_span_request, _scopes(obj, "resourceSpans", "scopeSpans", "spans")) if flat]
    return out


__all__ = ["OTLP_KEYS", "RECORDS_KEY", "any_value", "attributes", "batch_objects", "is_batch"]
