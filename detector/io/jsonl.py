"""Parser for JSON-lines access logs (nginx ``escape=json``, Traefik, Caddy, ECS, cloud load balancers...).

Each line is one JSON object.  Every record field is looked up under a list
of usual key names (:data:`DEFAULT_JSON_KEYS`); a mapping
``{canonical_name: json_key}`` replaces the list for the fields it names.
Keys with dots reach into nested objects (``request.headers.User-Agent``)
unless the dotted name exists as a top-level key.

Besides web servers, the default keys read Google Cloud HTTP(S) load
balancer / Cloud Run entries (``httpRequest.*``), Cloudflare Logpush HTTP
requests (``ClientIP``, ``ClientRequestURI``, ``EdgeStartTimestamp``...),
Azure Front Door and Application Gateway access logs (``properties.*``),
Elastic Common Schema, Envoy/Istio JSON access logs, AWS API Gateway
access logs and Node ``pino-http``.  Whatever the source: a client written
``ip:port`` gives the address, a full URL gives path and query, numbers may
be strings, and a duration may carry its unit (``"0.030s"``).  Envoy's
``duration`` is in milliseconds where Caddy's is in seconds: a line with
Envoy's ``start_time`` and ``response_code`` keys has its ``duration``
read as milliseconds (unless a mapping names a duration field).  Rails'
Lograge logs a GET's path without its query string and the parsed
``params`` beside it: the query is written back from them
(:func:`params_query`).  An edge or balancer log has no user field of its
own; where it logs headers (Cloudflare Logpush custom fields, pino), a
header naming the signed-in user (:data:`detector.io.values.USER_HEADERS`: ``x-user-id``,
oauth2-proxy's, Cloudflare Access's, Google IAP's...) gives the user
(:func:`header_user`).  .NET apps' Serilog request logs are read by their
keys (compact JSON's ``@t``, ``RequestPath``, ``StatusCode``, ``UserName``;
the JsonFormatter's ``Properties`` object); an object that carries a
logger's message and no request (``@mt``, ``msg``) is the app's other event
and is skipped, not rejected.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from urllib.parse import quote

import numpy as np
import pandas as pd

from detector.io.delimited import CSV_COLUMNS, column_key, user_key
from detector.io.records import (USER_KEY_RE, absent, assemble, normalize_target, session_from_cookies,
                                 split_request, timestamp_rejects, user_from_cookies)
from detector.io.otlp import batch_objects, is_batch
from detector.io.timeparse import NAT, parse_auto, parse_ctime, parse_epoch
from detector.io.forwarded import real_clients
from detector.routes import OPERATION_NAME
from detector.io.values import durations_ms, names_user, plain_user_agent, strip_port
from detector.io.zeek import proxied_client
from detector.schema import empty_records

#: Canonical field -> JSON keys tried in order.  ``duration_<unit>`` fields
#: give the unit of the value found.
DEFAULT_JSON_KEYS: dict[str, tuple[str, ...]] = {
    "ts": ("ts", "time", "@timestamp", "timestamp", "@t", "time_iso8601", "time_local", "datetime", "StartUTC",
           "start_time", "EdgeStartTimestamp", "requestTime", "started_at",
           # ModSecurity's JSON audit log: v3's local ctime ("Tue Nov 24 14:05:07 2026"), v2's Apache time
           "time_stamp", "transaction.time"),
    "client_ip": ("client_ip", "remote_addr", "ip", "clientip", "remote_ip", "ClientHost",
                  "request.client_ip", "request.remote_ip", "client.ip", "source.ip",
                  "httpRequest.remoteIp", "ClientIP", "properties.clientIp", "properties.clientIP", "sourceIp",
                  "req.remoteAddress", "client.address", "source.address", "downstream_remote_address",
                  "httpRequest.clientIp", "transaction.remote_address", "http.client_ip", "net.sock.peer.addr",
                  "net.peer.ip",
                  # network sensors: Zeek's http.log as JSON, Suricata's eve.json; Fluentd's nginx parser
                  "id.orig_h", "src_ip", "remote"),
    # Kong names the API consumer (an agency's or vendor's key) in consumer.username
    "user": ("user", "remote_user", "username", "user_name", "ClientUsername", "user_id", "user.name", "uid",
             "consumer.username",
             # OpenTelemetry's semantic conventions (enduser.id, older; user.id and user.email, ECS's and newer)
             "enduser.id", "user.email", "user.id"),
    "method": ("method", "request_method", "http_method", "RequestMethod", "request.method", "http.request.method",
               "httpRequest.requestMethod", "ClientRequestMethod", "properties.httpMethod", "httpMethod",
               "req.method", "httpRequest.httpMethod", "http.method", "http.http_method"),
    "path": ("path", "request_uri", "url", "uri", "RequestPath", "request.uri", "url.original", "url.path",
             "httpRequest.requestUrl", "ClientRequestURI", "ClientRequestPath",
             "properties.originalRequestUriWithArgs", "properties.requestUri", "url.full", "req.url", "httpRequest.uri", "http.target", "http.url"),
    "request": ("request", "request.request_line"),
    "query": ("query", "query_string", "args", "url.query", "httpRequest.args"),
    "status": ("status", "status_code", "DownstreamStatus", "http.response.status_code",
               "httpRequest.status", "EdgeResponseStatus", "properties.httpStatusCode", "properties.httpStatus",
               "response_code", "res.statusCode", "response.status", "response.http_code", "http.status_code",
               "http.status", "code"),
    "bytes": ("bytes", "body_bytes_sent", "size", "bytes_sent", "DownstreamContentSize",
              "http.response.body.bytes", "httpRequest.responseSize", "EdgeResponseBytes",
              "properties.responseBytes", "properties.sentBytes", "http.response.bytes", "responseLength",
              "res.headers.content-length", "response.headers.content-length", "content_length", "contentLength",
              "response.size", "response.headers.Content-Length", "http.response.body.size", "response_body_len",
              "http.length"),
    "referer": ("referer", "referrer", "http_referer", "request_Referer", "request.headers.Referer",
                "http.request.referrer", "httpRequest.referer", "ClientRequestReferer", "properties.referer",
                "properties.referrer", "req.headers.referer", "request.headers.referer", "httpRequest.headers.referer",
                "http.request.header.referer", "http.http_refer"),
    "user_agent": ("user_agent", "http_user_agent", "agent", "useragent", "request_User-Agent",
                   "request.headers.User-Agent", "user_agent.original", "httpRequest.userAgent",
                   "ClientRequestUserAgent", "properties.userAgent", "req.headers.user-agent",
                   "request.headers.user-agent", "httpRequest.headers.user-agent", "http.user_agent",
                   "http.http_user_agent"),
    "session_id": ("session_id", "session", "sessionid", "app_session"),
    "duration_ms": ("duration_ms", "time_taken", "elapsed_ms", "responseTime", "latencies.request", "Elapsed"),
    "duration_s": ("request_time", "duration", "httpRequest.latency", "properties.timeTaken"),
    "duration_us": (),
    "duration_ns": ("Duration", "event.duration"),
    "forwarded_for": ("http_x_forwarded_for", "x_forwarded_for", "xff", "forwarded_for", "X-Forwarded-For",
                      "request_X-Forwarded-For", "request.headers.X-Forwarded-For", "req.headers.x-forwarded-for",
                      "x-forwarded-for", "properties.clientIpForwarded", "httpRequest.headers.x-forwarded-for",
                      "http.request.header.x-forwarded-for",
                      # Zeek's headers of a proxied request (``["X-FORWARDED-FOR -> 203.0.113.7"]``)
                      "proxied"),
    # the Cookie header, where a line logs it: the app's session id, and the user an app names in a cookie
    "cookie": ("cookie", "request.headers.cookie", "req.headers.cookie", "httpRequest.headers.cookie",
               "request.headers.Cookie", "http.request.header.cookie"),
    # a GraphQL server's log names the operation a POST /graphql carried in its body (OpenTelemetry's
    # graphql.operation.name): it becomes the path's operationName, so that each operation is its own route, as a
    # persisted query's GET shows it.  A bare ``operationName`` is not one: Azure's resource logs use it for theirs
    "operation": ("graphql.operation.name", "gqlOp", "gql_op", "graphqlOperation", "graphql_operation",
                  "graphqlOperationName", "graphql.operationName"),
}
#: Objects of a line's HTTP headers (Cloudflare Logpush custom fields, pino, Winston...): where an edge or proxy
#: log that has no user field of its own may carry the signed-in user in a header the app or an auth proxy set.
HEADER_OBJECTS: tuple[str, ...] = ("ResponseHeaders", "RequestHeaders", "req.headers", "request.headers",
                                   "res.headers", "response.headers", "headers", "httpRequest.headers")
#: Objects that may hold a ``headers`` list of ``{"name": ..., "value": ...}`` pairs (AWS WAF's ``httpRequest``):
#: read as an object of lower-case names, like the other header objects.
HEADER_LIST_HOLDERS: tuple[str, ...] = ("httpRequest", "request")
_IAP_PREFIX = "accounts.google.com:"  # Google IAP writes the e-mail after this


def header_user(obj: dict) -> str | None:
    """The signed-in user named by one of :data:`~detector.io.values.USER_HEADERS`, or an app's own
    ``X-<App>-User`` header, in the line's header objects, if any.

    Parameters
    ----------
    obj : dict
        One parsed JSON line.

    Returns
    -------
    str or None
        The header's value (Google IAP's ``accounts.google.com:`` prefix
        removed), or None when no such header has a value.
    """
    for name in HEADER_OBJECTS:
        headers = _object_at(obj, name)
        if not headers:
            continue
        for key, value in headers.items():
            if isinstance(key, str) and names_user(key):
                if isinstance(value, list):
                    value = value[0] if value else None
                text = _text(value) if isinstance(value, str) else None
                if text:
                    return text[len(_IAP_PREFIX):] if text.startswith(_IAP_PREFIX) else text
    return None


#: Top-level keys that mark an Envoy/Istio access log line, whose ``duration`` is in milliseconds.
ENVOY_MARKERS: tuple[str, ...] = ("start_time", "response_code")
_ALIASES = {"app_session": "session_id", "timestamp": "ts", "time": "ts", "ip": "client_ip", "url": "path",
            "uri": "path", "referrer": "referer", "agent": "user_agent", "size": "bytes"}
_DURATIONS = {"duration_ms": 1.0, "duration_s": 1e3, "duration_us": 1e-3, "duration_ns": 1e-6}
_SLOTS = tuple(DEFAULT_JSON_KEYS)
_NUMERIC_RE = re.compile(r"\s*-?\d+(?:\.\d+)?\s*")
BAD_JSON = "invalid JSON"
NOT_OBJECT = "JSON line is not an object"
NO_TIME = "missing timestamp"
NO_REQUEST = "no request in JSON line"
#: Keys of a logger's message: an object with one and no request is the app's other event (skipped).
MESSAGE_KEYS: tuple[str, ...] = ("@mt", "@m", "MessageTemplate", "RenderedMessage", "msg", "message")
#: What a sensor's event that is not an HTTP request gives (Suricata's ``flow``, ``dns``, ``alert``...): skipped.
OTHER_EVENT = "not an HTTP request event"
_PATH, _METHOD, _REQUEST = _SLOTS.index("path"), _SLOTS.index("method"), _SLOTS.index("request")
_DUR_MS, _DUR_S = _SLOTS.index("duration_ms"), _SLOTS.index("duration_s")
_USER, _STATUS, _COOKIE = _SLOTS.index("user"), _SLOTS.index("status"), _SLOTS.index("cookie")


#: Keys of a request's parsed parameters (Rails' Lograge ``params``), read when the line has no query string.
PARAMS_KEYS: tuple[str, ...] = ("params", "request.params")
#: Parameters that name the code that ran, not the request: never part of a URL.
_ROUTING_PARAMS = frozenset({"controller", "action", "format"})


def params_query(params: object, path: str) -> str | None:
    """The query string a GET request's logged parameters stand for, when the line has none.

    Rails' Lograge logs ``path`` without its query string and the request's
    ``params`` beside it: the query's keys, and the route's own (``id`` of
    ``/students/7``).  Scalar parameters whose value is not already a segment
    of the path are written back as ``key=value`` pairs in their logged order,
    so paging (``page=3``) and records named in the query (``student_id=7``)
    are seen as in any other log.  Nested values (forms), filtered values and
    the routing keys (``controller``, ``action``, ``format``) are left out.

    Parameters
    ----------
    params : object
        The line's parameters; anything but a dict gives None.
    path : str
        The logged path.

    Returns
    -------
    str or None
        ``a=1&b=2``, or None when no parameter is left.
    """
    if not isinstance(params, dict):
        return None
    segments = set(path.split("/"))
    pairs = []
    for key, value in params.items():
        if isinstance(value, bool) or not isinstance(value, (str, int, float)) or key in _ROUTING_PARAMS:
            continue
        text = str(value)
        if text in segments or text == "[FILTERED]":
            continue
        pairs.append(f"{quote(str(key), safe='[]')}={quote(text, safe=',:')}")
    return "&".join(pairs) or None


def resolve_mapping(mapping: Mapping[str, str] | None) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """Merge a user mapping into the default key lists.

    Parameters
    ----------
    mapping : Mapping[str, str] or None
        ``{canonical_name: json_key}``; canonical names are the keys of
        :data:`DEFAULT_JSON_KEYS` (plus aliases such as ``app_session``).

    Returns
    -------
    dict
        Canonical name -> candidates ``(key, dotted parts)``.  Naming a
        ``client_ip`` key (and no ``forwarded_for``) drops the default
        X-Forwarded-For keys: the address named is the client.

    Raises
    ------
    ValueError
        For an unknown canonical name.
    """
    keys = {name: list(cands) for name, cands in DEFAULT_JSON_KEYS.items()}
    given = {}
    for name, key in (mapping or {}).items():
        canon = _ALIASES.get(name, name)
        if canon not in keys:
            raise ValueError(f"unknown field {name!r} in JSON mapping; use one of {', '.join(sorted(keys))}")
        given[canon] = str(key)
    if any(name in _DURATIONS for name in given):
        for name in _DURATIONS:
            keys[name] = []
    if "client_ip" in given and "forwarded_for" not in given:
        keys["forwarded_for"] = []  # the address the user named is the client
    for canon, key in given.items():
        keys[canon] = [key]
    return {name: tuple((k, tuple(k.split("."))) for k in cands) for name, cands in keys.items()}


#: Slots a line's unknown top-level keys may fill, by the names of the field of the same name in
#: :data:`detector.io.delimited.CSV_COLUMNS` (compared by :func:`detector.io.delimited.column_key`): Akamai
#: DataStream 2's ``reqTimeSec``/``cliIP``/``reqPath``, a Fastly log format's ``request_user_agent``...
FALLBACK_FIELDS: tuple[str, ...] = ("ts", "client_ip", "user", "method", "path", "query", "status", "bytes",
                                    "referer", "user_agent", "duration_ms")


def _numeric_status(value: object) -> bool:
    """True for an HTTP status as logs write it (``200``, ``"404"``); an error's ``"code": "FORBIDDEN"`` is not one."""
    return (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, str) and value.strip().isdigit())


def fallback_keys(keys: Sequence[str], slots: Sequence[str]) -> tuple[tuple[int, str], ...]:
    """``(slot position, key)`` for the ``slots`` (names in :data:`_SLOTS`) some of ``keys`` names.

    Each slot takes the key whose :func:`~detector.io.delimited.column_key` comes first in its field's
    list of names; the user, failing that, a key that ends like one (:func:`~detector.io.delimited.user_key`).
    """
    by_name: dict[str, str] = {}
    for key in keys:
        if isinstance(key, str):
            by_name.setdefault(column_key(key), key)
    found = []
    for slot in slots:
        if slot == "user":  # also a name that only ends like one (``jwtEmail``, ``principalId``)
            names = list(by_name)
            at = user_key(names)
            name = names[at] if at >= 0 else None
        else:
            name = next((n for n in CSV_COLUMNS[slot] if n in by_name), None)
        if name is not None:
            found.append((_SLOTS.index(slot), by_name[name]))
    return tuple(found)


def _filled(obj: dict, row: tuple, found: tuple[tuple[int, str], ...]) -> tuple:
    """The row with its empty slots filled from the keys ``found`` for them."""
    filled = list(row)
    for at, key in found:
        value = obj.get(key)
        if filled[at] is None and value is not None and not isinstance(value, (dict, list)):
            filled[at] = value
    return tuple(filled)


def _lookup(obj: dict, candidates: tuple[tuple[str, tuple[str, ...]], ...]) -> object:
    for key, parts in candidates:
        value = obj.get(key)
        if value is None and len(parts) > 1:
            value = obj
            for part in parts:
                value = value.get(part) if isinstance(value, dict) else None
                if value is None:
                    break
        if isinstance(value, list):
            value = value[0] if value else None
        if value is not None and not isinstance(value, dict):
            return value
    return None


def _object_at(obj: dict, key: str) -> dict | None:
    """The object under ``key`` (a top-level key, or ``outer.inner`` one level down), or None."""
    value = obj.get(key)
    if value is None and "." in key:
        head, _, tail = key.partition(".")
        outer = obj.get(head)
        value = outer.get(tail) if isinstance(outer, dict) else None
    return value if isinstance(value, dict) else None


def headers_as_object(obj: dict) -> None:
    """Turn a ``headers`` list of name/value pairs (AWS WAF's) into an object of lower-case names, in place.

    AWS WAF logs ``httpRequest.headers`` as ``[{"name": "User-Agent", "value": "..."}, ...]``, the names in the
    case the client sent (lower case over HTTP/2); the first value of a name is kept.
    """
    for holder in HEADER_LIST_HOLDERS:
        inner = obj.get(holder)
        pairs = inner.get("headers") if isinstance(inner, dict) else None
        if isinstance(pairs, list):
            named: dict[str, object] = {}
            for pair in pairs:
                if isinstance(pair, dict) and isinstance(pair.get("name"), str):
                    named.setdefault(pair["name"].lower(), pair.get("value"))
            inner["headers"] = named


def unwrap_envelope(obj: dict) -> dict:
    """The object a line wraps in a single key (ModSecurity v3's JSON audit log: ``{"transaction": {...}}``), else the line.

    Examples
    --------
    >>> unwrap_envelope({"transaction": {"client_ip": "192.0.2.1"}})
    {'client_ip': '192.0.2.1'}
    """
    while len(obj) == 1:
        (inner,) = obj.values()
        if not isinstance(inner, dict):
            break
        obj = inner
    return obj


#: A web ACL's log (AWS WAF): no status of its own; a request it blocked was answered 403.
_WAF_MARKERS = ("webaclId", "terminatingRuleId")


def waf_status(obj: dict) -> int | None:
    """403 for a request a web application firewall's log says it blocked (AWS WAF's ``action: BLOCK``), else None."""
    if obj.get("action") == "BLOCK" and all(k in obj for k in _WAF_MARKERS):
        return 403
    return None


def _lookup_params(obj: dict) -> dict | None:
    """The line's request parameters (:data:`PARAMS_KEYS`), when it logs them as an object."""
    for key in PARAMS_KEYS:
        value = _object_at(obj, key)
        if value is not None:
            return value
    return None


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    return None if absent(text) else text


def _chain(value: object) -> str | None:
    """An ``X-Forwarded-For`` value, which JSON loggers may write as a list of addresses."""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or None
    return _text(value)


class JsonLinesParser:
    """Parse JSON-lines access logs into records.

    Parameters
    ----------
    mapping : Mapping[str, str] or None
        Overrides of :data:`DEFAULT_JSON_KEYS`, ``{canonical_name: json_key}``.
    """

    name = "jsonl"

    def __init__(self, mapping: Mapping[str, str] | None = None) -> None:
        self._keys = resolve_mapping(mapping)
        self._order = [(slot, self._keys[slot]) for slot in _SLOTS]
        # Envoy's ``duration`` is in ms, Caddy's in s: only the default key lists tell them apart by the line
        self._envoy = not any(_ALIASES.get(k, k) in _DURATIONS for k in (mapping or {}))
        # a user key named in the mapping is the only place the user is read from
        self._header_user = not any(_ALIASES.get(k, k) == "user" for k in (mapping or {}))
        # keys the lists do not know, compared by name with the CSV reader's table (never for a mapped field)
        named = {_ALIASES.get(k, k) for k in (mapping or {})}
        if named & set(_DURATIONS):  # a duration named in the mapping is the only one read
            named |= set(_DURATIONS)
        self._fallback_slots = tuple(f for f in FALLBACK_FIELDS if f not in named)
        self._fallbacks: dict[tuple, tuple[tuple[int, str], ...]] = {}  # a line's keys -> what they fill
        self._user_keys: dict[tuple, tuple[str, ...]] = {}  # a line's keys -> those named like a user's

    def parse(self, lines: Sequence[str], first_line_no: int, file_idx: int) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
        """Parse a chunk of JSON lines.

        Parameters
        ----------
        lines : Sequence[str]
            Lines without their newline.
        first_line_no : int
            Line number of ``lines[0]``.
        file_idx : int
            Index of the file the lines come from.

        Returns
        -------
        tuple[pandas.DataFrame, list[tuple[int, str]]]
            Records and ``(line_no, reason)`` for the rejected lines.
        """
        rows: list[tuple] = []
        nos: list[int] = []
        rejects: list[tuple[int, str]] = []
        loads = json.loads
        for no, line in enumerate(lines, first_line_no):
            if not line or line.isspace():
                continue
            try:
                obj = loads(line)
            except (ValueError, RecursionError):
                rejects.append((no, BAD_JSON))
                continue
            if not isinstance(obj, dict):
                rejects.append((no, NOT_OBJECT))
                continue
            if ("resourceLogs" in obj or "resourceSpans" in obj or len(obj) == 1) and is_batch(obj):
                # OTLP/JSON or Azure's records: each request keeps the line's number
                made = [self._row(inner) for inner in batch_objects(obj)]
                rows.extend(row for row in made if not isinstance(row, str))
                nos.extend(no for row in made if not isinstance(row, str))
                failed = [row for row in made if isinstance(row, str) and row != NO_REQUEST]
                if failed and len(failed) == len(made):
                    rejects.append((no, failed[0]))
                continue
            row = self._row(obj)
            if isinstance(row, str):
                if row != OTHER_EVENT:
                    rejects.append((no, row))
                continue
            rows.append(row)
            nos.append(no)
        if not rows:
            return empty_records(), rejects
        return self._build(rows, nos, file_idx, rejects), rejects

    def _row(self, obj: dict) -> tuple | str:
        """One request object's row (the slots of :data:`DEFAULT_JSON_KEYS`, then its parameters), or why it has none."""
        if len(obj) == 1:
            obj = unwrap_envelope(obj)
        event = obj.get("event_type")
        if isinstance(event, str) and event != "http" and ("flow_id" in obj or event == "stats"):
            # Suricata's eve.json: an alert or fileinfo event repeats its request's http object; only http events count
            return OTHER_EVENT
        if "id.orig_h" in obj:  # Zeek's http.log: its uid is the connection's id, not a user's
            obj.pop("uid", None)
            if "proxied" in obj:
                obj["proxied"] = proxied_client(obj["proxied"])
        if isinstance(obj.get("Properties"), dict):  # Serilog's JsonFormatter nests the event's properties
            for key, value in obj["Properties"].items():
                obj.setdefault(key, value)
        headers_as_object(obj)
        row = tuple(_lookup(obj, cands) if cands else None for _, cands in self._order)
        found = self._unknown_keys(obj)
        if found:
            row = _filled(obj, row, found)
        if self._header_user and _text(row[_USER]) is None:
            # no user, or the web server's own empty one (``"user": "-"``) beside the app's: another key naming one,
            # a header naming one, the app's cookie
            user = self._other_user(obj) or header_user(obj) or user_from_cookies(_text(row[_COOKIE]))
            row = row[:_USER] + (user,) + row[_USER + 1:]
        if row[_STATUS] is None and "webaclId" in obj:
            row = row[:_STATUS] + (waf_status(obj),) + row[_STATUS + 1:]
        if row[0] is None or isinstance(row[0], bool):
            return NO_TIME
        if row[_METHOD] is None and not _numeric_status(row[_STATUS]) and not isinstance(row[_REQUEST], str) \
                and any(isinstance(obj.get(k), str) for k in MESSAGE_KEYS):
            # an app's other events in its request log (Serilog's ``@mt``, a logger's ``msg``): skipped, not broken;
            # one logged while serving a request carries that request's path (ASP.NET Core's logging scope) but it
            # is not the request: the request's own event has its method or status
            return OTHER_EVENT
        if row[_PATH] is None and row[_METHOD] is None and not isinstance(row[_REQUEST], str):
            return NO_REQUEST
        if self._envoy and row[_DUR_S] is not None and all(k in obj for k in ENVOY_MARKERS):
            row = row[:_DUR_MS] + (row[_DUR_S],) + row[_DUR_MS + 1:_DUR_S] + (None,) + row[_DUR_S + 1:]
        return row + (_lookup_params(obj),)

    def _other_user(self, obj: dict) -> str | None:
        """The value of a key whose name ends like a user's (``app_user``, ``staffEmail``), when one is filled."""
        keys = tuple(obj)
        names = self._user_keys.get(keys)
        if names is None:
            names = self._user_keys[keys] = tuple(k for k in keys if isinstance(k, str)
                                                  and USER_KEY_RE.search(column_key(k)))
        for name in names:
            value = obj[name]
            if isinstance(value, str) and not absent(value):
                return value
        return None

    def _unknown_keys(self, obj: dict) -> tuple[tuple[int, str], ...]:
        """What the line's keys would fill (see :func:`fallback_keys`), worked out once per set of keys."""
        keys = tuple(obj)
        found = self._fallbacks.get(keys)
        if found is None:
            found = self._fallbacks[keys] = fallback_keys(keys, self._fallback_slots)
        return found

    @staticmethod
    def _times(values: Sequence[object]) -> tuple[np.ndarray, np.ndarray]:
        """Epoch numbers and date strings, each parsed the vectorised way."""
        n = len(values)
        numeric = np.array([isinstance(v, (int, float)) or (isinstance(v, str) and _NUMERIC_RE.fullmatch(v) is not None)
                            for v in values], dtype=bool)
        ts = np.full(n, NAT, dtype=np.int64)
        off = np.full(n, np.nan)
        if numeric.any():
            idx = np.flatnonzero(numeric)
            ts[idx], off[idx] = parse_epoch([values[i] for i in idx])
        if not numeric.all():
            idx = np.flatnonzero(~numeric)
            ts[idx], off[idx] = parse_auto([str(values[i]) for i in idx])
            left = idx[ts[idx] == NAT]
            if len(left):  # C's ctime (ModSecurity v3): the server's local clock
                ts[left], off[left] = parse_ctime([str(values[i]) for i in left])
        return ts, off

    def _build(self, rows: list[tuple], nos: list[int], file_idx: int, rejects: list[tuple[int, str]]) -> pd.DataFrame:
        cols = dict(zip((*_SLOTS, "params"), zip(*rows)))
        ts, off = self._times(cols["ts"])
        keep = timestamp_rejects(ts, nos, rejects)
        methods, paths = [], []
        for method, path, request, query, params, operation in zip(cols["method"], cols["path"], cols["request"],
                                                                   cols["query"], cols["params"], cols["operation"]):
            method, path = _text(method), _text(path)
            if (method is None or path is None) and isinstance(request, str):
                split = split_request(request)
                if not isinstance(split, str):
                    method, path = method or split[0], path or split[1]
            query = _text(query)
            if query is None and params is not None and path is not None and "?" not in path and method in ("GET", "HEAD"):
                query = params_query(params, path)
            if path is not None:
                if query is not None and "?" not in path:
                    path = f"{path}?{query.lstrip('?')}"
                operation = _text(operation)
                if operation is not None and OPERATION_NAME.match(operation) and "operationName=" not in path:
                    path = f"{path}{'&' if '?' in path else '?'}operationName={operation}"
                path = normalize_target(path, method or "")
            methods.append(method)
            paths.append(path)
        duration = None  # per line, the first duration key it carries
        for slot, scale in _DURATIONS.items():
            values = cols[slot]
            if any(v is not None for v in values):
                ms = durations_ms(values, scale)
                duration = ms if duration is None else np.where(np.isnan(duration), ms, duration)
        return assemble(
            ts_ns=ts, offset_min=off, line_no=nos, file_idx=file_idx,
            # behind a load balancer: the client from X-Forwarded-For, not the balancer (detector.io.forwarded)
            client_ip=real_clients([strip_port(_text(v)) for v in cols["client_ip"]], [_chain(v) for v in cols["forwarded_for"]]),
            user=[_text(v) for v in cols["user"]],
            method=methods, path=paths, status=cols["status"], nbytes=cols["bytes"],
            referer=[_text(v) for v in cols["referer"]],
            user_agent=[plain_user_agent(_text(v)) for v in cols["user_agent"]],
            app_session=[_text(v) if v is not None else session_from_cookies(_text(c))
                         for v, c in zip(cols["session_id"], cols["cookie"])],
            duration_ms=duration, keep=keep,
        )


def looks_like_json_object(line: str) -> bool:
    """True when the line is a JSON object."""
    text = line.strip()
    if not text.startswith("{"):
        return False
    try:
        return isinstance(json.loads(text), dict)
    except (ValueError, RecursionError):
        return False


__all__ = ["DEFAULT_JSON_KEYS", "JsonLinesParser", "looks_like_json_object", "resolve_mapping"]
