"""Turn URLs into route templates and the records they touch.

Breadth features need to know "how many distinct records did this session
touch" on URL schemes never seen before.  :func:`template_path` replaces every
identifier-looking piece of a URL (numbers, UUIDs, hex strings, record codes,
long tokens, query values) with a placeholder and returns the most specific
identifier as the request's *entity*.  Entities leave this module only as 64-bit hashes
(plus the numeric value of numeric IDs, used to detect IDs walked in order),
never as raw text.  This module holds the rules for one URL;
:mod:`detector.route_table` applies them to millions of URLs at once.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, unquote_plus

import numpy as np

from detector.letter_pairs import english_bits

_UUID = re.compile(r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")
_HEX = re.compile(r"^(?=[^g-zG-Z]*\d)[0-9a-fA-F]{8,}$")
_NUM = re.compile(r"^\d+$")
_DATE = re.compile(r"^\d{4}[-_/]\d{1,2}([-_/]\d{1,2})?$")
_CODE = re.compile(r"^(?=.*\d)[A-Za-z0-9_\-]{6,}$")  # mixed letters+digits such as A1234567 or 19-64733-0001
_TOKEN = re.compile(r"^[A-Za-z0-9_\-=%.+~]{20,}$")
_EMAIL = re.compile(r"^[^@/\s]+@[^@/\s]+\.[A-Za-z]{2,}$")
_LONG_RUN = re.compile(r"\d{5,}")  # long numbers left inside literal text (fingerprints, cache-busters)
_CAPS_CODE = re.compile(r"^[A-Z0-9]{6,}$")  # capitals and digits only, such as GWEMMKKWVG or QQ7UB4GMUH
_INNER_DIGIT = re.compile(r"[A-Z]\d+[A-Z]")  # a digit between two capitals: QQ7UB4GMUH, never a word
#: Capitals-only tokens at least this long are judged by their letter pairs; shorter ones (SENR, CALPADS) stay words.
_CAPS_WORD_MIN = 8
#: Words inside a token: a capital and lower-case letters (``Student``), a run of capitals (``ID``), lower-case letters.
_CAMEL_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+")
_MIXED_CODE = re.compile(r"^(?=.*[a-z])(?=.*[A-Z])[A-Za-z0-9_\-]{8,}$")  # base62 codes such as dQw4w9WgXcQ
_LOWER_CODE = re.compile(r"^(?=.*\d)[a-z0-9]{6,}$")  # base36 codes such as k3jxqpam
#: Query keys whose values are never records: cache-busters (jQuery's ``_``, ExtJS's ``_dc``), asset versions,
#: anti-forgery and sign-in tokens, connection ids of push channels (SignalR), signed-URL fields, ad trackers, and
#: the position in a list or a stream (page numbers, offsets, long-polling cursors), which counts up by itself.
_NONCE_KEY = re.compile(
    r"(?i)^(_+|_dc|_t|_ts|ts|timestamp|nocache|no_cache|nc|cb|cache_?bust(er)?|bust|rnd|rand(om)?|v|ver|version|"
    r"page|page_?(number|index|no|size)|per_?page|offset|\$?skip|\$?top|limit|size|\$?count|cursor|seq|since|after|before|"
    r"last_?event_?id|draw|sort|order|dir|"
    r"nonce|state|_?csrf(_?token)?|_?xsrf(_?token)?|authenticity_token|__requestverificationtoken|"
    r"(access_|id_|refresh_)?token|connection(token|id|data)|transport|tid|sig|signature|x-amz-[a-z-]+|expires|"
    r"policy|key-pair-id|jsessionid|phpsessid|utm_[a-z]+|gclid|fbclid|msclkid)$"
)
#: A 13-digit query value in the range of Unix times in milliseconds (2001 to 2039): a time stamp, not a record.
_EPOCH_MS = re.compile(r"^(1\d|2[01])\d{11}$")
#: A path segment that names a record by key in parentheses, as OData does: ``Students('K7QM2X9T')``,
#: ``Orders(10248)``, ``Grades(StudentId=7,Term='S2')``.
_KEYED = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_.]*)\((?P<key>'[^']+'|\d+|[0-9a-fA-F]{8}-[0-9a-fA-F-]{27}|"
    r"[A-Za-z_][A-Za-z0-9_]*=[^()]+)\)$"
)
#: GraphQL over HTTP's GET parameters (the GraphQL-over-HTTP spec): an operation's name is part of the route
#: (``StudentProfile`` and ``Roster`` are different pages), and its ``variables`` JSON may name the record.
_OPERATION_KEY = re.compile(r"(?i)^(operation_?name|op)$")
OPERATION_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
#: A GraphQL variable that names a record by its name: ``id``, ``studentId``, ``student_id``, ``pupilID``, ``key``.
_ID_VARIABLE = re.compile(r"^(id|key|code|number|[A-Za-z0-9_]*[a-z0-9_]Id|[A-Za-z0-9_]*_id|[A-Za-z0-9_]*ID|uuid|guid)$")
_STATIC_EXT = frozenset(
    "js mjs css map png jpg jpeg gif svg ico webp bmp woff woff2 ttf otf eot mp4 webm mp3 avif".split()
)
#: Extensions JSF maps to its servlet: a style sheet or script it serves is ``theme.css.xhtml``
#: (under ``/javax.faces.resource/``), an asset all the same.
_FACES_EXT = frozenset({"xhtml", "jsf", "faces"})
_PATH_PARAMS = re.compile(r";[^/]*")
_FILE_EXT = _STATIC_EXT | {"csv", "xlsx", "xls", "zip", "pdf", "json", "xml", "txt", "html", "htm", "php", "aspx", "jsp"}
#: An export or a file: by its name, its extension, or a query parameter asking for a file format
#: (``/reports/run?id=ENR-07&fmt=csv``, ``?format=xlsx``, ``?output=pdf``).
_DOWNLOAD_HINT = re.compile(
    r"(download|export|extract|\.csv$|\.xlsx?$|\.zip$|\.pdf$|\.json$|\.xml$|\.txt$"
    r"|[?&;](?:[a-z_]*format|fmt|output|out|filetype|type|ext)=(?:csv|tsv|xlsx?|ods|pdf|zip|docx?|xml|txt)(?:&|;|$))",
    re.I,
)
#: Words of a sign-in page, and of a password reset (guessing a reset code is guessing credentials).
_SIGN_IN_WORDS = r"(do-?)?log-?in|sign-?in|signon|logon|auth(enticate)?"
_RESET_WORDS = r"pw-?reset|password[-_]?reset|reset[-_]?password|forgot[-_]?password"
_LOGIN_HINT = re.compile(
    # OAuth's and OpenID Connect's authorize endpoint and SAML's or an SSO gateway's are where a sign-in starts
    rf"(^|/)({_SIGN_IN_WORDS}|session|sessions|wp-login\.php|j_(?:spring_)?security_check|oauth2?/token|token|account/login|"
    rf"authorize|sso|saml2?|"
    rf"users/sign_in|{_RESET_WORDS}|lost[-_]?password|mfa|2fa|otp)(/|$|\.)",
    re.I,
)
#: Apps that route by query string (PHP's ``index.php?page=login``, ``?action=login``): a sign-in or
#: password-reset page named by a routing parameter.
_LOGIN_QUERY = re.compile(
    rf"(?:^|&)(?:page|action|act|do|cmd|module|mod|r|route|task|view|op)=({_SIGN_IN_WORDS}|{_RESET_WORDS})(?:&|$)",
    re.I,
)
#: Paths under a sign-in word that are no sign-in: renewing a token or session, signing out, checking a session
#: (but Java EE's form sign-in, ``j_security_check``, and Spring Security's, ``j_spring_security_check``, are).
_NOT_LOGIN = re.compile(
    r"(?i)refresh|renew|keep-?alive|heartbeat|extend|ping|log-?out|logoff|sign-?out|revoke|introspect|userinfo|"
    r"jwks|status|(?<!security_)check|validate|verify-session|\.well-known"
)
#: A service's own probe and metrics endpoints at the root (Kubernetes' health checks, Prometheus' scrape,
#: Spring Boot's actuator, Apache's and nginx's status pages): polled by machines, never a record; counted with
#: the assets, not as pages.
_PROBE_PATH = re.compile(r"(?i)^/(metrics|healthz?|readyz?|livez?|ping|heartbeat|actuator(/[a-z]+)?|server-status|"
                         r"nginx_status|_health|health/(live|ready)(ness)?)/?$")
#: Sign-in endpoints of an API (tokens, JSON): a success answers 200, not a redirect.
API_SIGN_IN = re.compile(r"(?i)token|/api/|oauth|\.json|graphql")


def strip_path_params(url: str) -> str:
    """The URL without path parameters: a servlet container's ``;jsessionid=...`` names no page.

    Examples
    --------
    >>> strip_path_params("/sdh/home.xhtml;jsessionid=BFE01B2?tab=2")
    '/sdh/home.xhtml?tab=2'
    """
    path, mark, query = url.partition("?")
    return _PATH_PARAMS.sub("", path) + mark + query


def _inner_ext(name: str) -> str:
    """The extension before the last one (``css`` of ``theme.css.xhtml``), lower case, or ``''``."""
    parts = name.lower().rsplit(".", 2)
    return parts[1] if len(parts) == 3 else ""


@dataclass(frozen=True)
class Route:
    """What one URL says about the request.

    Attributes
    ----------
    template : str
        The URL with identifiers replaced by placeholders, e.g.
        ``/students/{n}/enrollment?year={v}``.
    entity : int
        64-bit hash of the most specific identifier and the segment naming it
        (0 when the URL carries none).
    entity_num : float
        That identifier's numeric value when it is a plain number, else NaN.
    is_static : bool
        A static asset (script, style sheet, image, font, media).
    is_download : bool
        An export, extract or file download.
    is_login : bool
        A sign-in endpoint.
    """

    template: str
    entity: int
    entity_num: float
    is_static: bool
    is_download: bool
    is_login: bool


def _hash64(text: str) -> int:
    digest = hashlib.blake2b(text.encode("utf-8", "replace"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True) or 1


def _looks_random(segment: str) -> bool:
    """True for machine tokens (many digits, or mixed case with digits), not word slugs."""
    digits = sum(ch.isdigit() for ch in segment)
    mixed = any(ch.isupper() for ch in segment) and any(ch.islower() for ch in segment)
    return digits / len(segment) >= 0.25 or (mixed and digits > 0 and "-" not in segment)


def _is_capital_code(segment: str) -> bool:
    """True for record codes made of capitals with few or no digits, such as ``GWEMMKKWVG`` or ``QQ7UB4GMUH``.

    Such a code is not a word: a digit sits between two capitals, or its
    letters read likelier as random letters than as English
    (:func:`detector.letter_pairs.english_bits` below 0).  Capitals-only route words such as
    ``STUDENTS``, ``ENROLLMENT`` or ``WINDOWS10`` read as English; one shorter
    than :data:`_CAPS_WORD_MIN` (``CALPADS``) is kept whatever it reads as.
    Mixed-case and lower-case text is judged by :func:`_is_letter_code`.
    Codes whose letters happen to read as English (about 2% of random
    ten-character codes with 0 to 2 digits) stay literal.
    """
    if not _CAPS_CODE.match(segment):
        return False
    if _INNER_DIGIT.search(segment):
        return True
    return len(segment) >= _CAPS_WORD_MIN and english_bits(segment) < 0


def _reads_random(segment: str) -> bool:
    """True when the words of a mixed-case or lower-case token read as random letters, not as words.

    The token is cut into its camel-case words (``getStudentById`` -> get,
    Student, By, Id; digits, ``_`` and ``-`` cut too).  Letter pairs inside
    each word are scored by :func:`detector.letter_pairs.english_bits`, and
    each word of one or two letters counts as 1.5 bits of randomness: random
    base62 text falls apart into many short words (``dQw4w9WgXcQ`` -> d, Qw,
    w, Wg, Xc, Q).  The token reads as random when that total is below -0.75
    bit per letter pair.  Measured on about 42,000 camel-case identifiers of
    the JavaScript and Python sources on a Debian system, with no ``_``: 0.4 %
    read as random, nearly all of them base64 data; on random base62 codes of 8
    to 22 characters: 94 %.  On lower-case identifiers with a digit and no
    ``_``: 0.3 % (``cmpxchg8b``, ``p4ssw0rd``), and 81 % of random base36 codes.
    """
    words = _CAMEL_WORD.findall(segment)
    if not words:
        return True
    pairs = sum(len(word) for word in words) - len(words)
    short = sum(1 for word in words if len(word) <= 2)
    bits = sum(english_bits(word.upper()) for word in words)
    return bits - 1.5 * short < -0.75 * max(pairs, 1)


def _is_letter_code(segment: str) -> bool:
    """True for record codes of mixed case (``aB3xYz9Q``) or lower case with one or two digits (``k3jxqpam``).

    Codes with three digits or more are ``{id}`` already (:data:`_CODE`);
    these have too few digits to tell, so their letters are read
    (:func:`_reads_random`).  Lower-case text with no digit is never judged
    by its letters: software words (``phpmyadmin``, ``xmlrpc``) read as
    random letters too often.
    """
    if _MIXED_CODE.match(segment) or _LOWER_CODE.match(segment):
        return _reads_random(segment)
    return False


def _placeholder(segment: str) -> str | None:
    """Return the placeholder for an identifier-like segment, else None."""
    if not segment:
        return None
    if "%" in segment:
        segment = unquote(segment)
    if _NUM.match(segment):
        return "{n}"
    if _UUID.match(segment):
        return "{uuid}"
    if _DATE.match(segment):
        return "{date}"
    if _EMAIL.match(segment):
        return "{email}"
    if _TOKEN.match(segment) and _looks_random(segment):
        return "{token}"
    if _HEX.match(segment) or (_CODE.match(segment) and sum(ch.isdigit() for ch in segment) >= 3):
        return "{id}"
    if _is_capital_code(segment):  # capitals with few or no digits that do not read as a word
        return "{id}"
    if _is_letter_code(segment):  # mixed or lower case with few digits that does not read as words
        return "{id}"
    return None


def _scrub(literal: str) -> str:
    """Hide long digit runs left inside literal text."""
    return _LONG_RUN.sub("{n}", literal) if literal else literal


#: Where a URL's entity came from, when it can vary among URLs of one shape (see :func:`route_source`):
#: ``("seg", k, prefix)``: path segment ``k`` (digits, a UUID or an ``{id}``); ``("query", j, prefix)``: the digits
#: of query pair ``j``'s value.
Source = tuple[str, int, str]


#: The template of an empty path (a line whose request was ``-``, or a CONNECT): not the same as ``/``.
NO_PATH = "(no path)"


def _names_record(key: str, value: str) -> bool:
    """True when a query pair's value may name a record (see :data:`_NONCE_KEY` and :data:`_EPOCH_MS`)."""
    if _placeholder(value) in (None, "{date}") or _NONCE_KEY.match(key):
        return False
    return not _EPOCH_MS.match(value)


def _variables_record(value: str) -> tuple[str, str] | None:
    """``(name, value)`` of the variable that names a record in a GraphQL ``variables`` JSON object, if any.

    The first variable (depth first, three levels at most) named like an identifier (:data:`_ID_VARIABLE`)
    whose value is a number or an identifier-like text; failing that, the first whose value is a UUID or a
    record code (``{uuid}``, ``{id}``) under a name that is not a position or a token (:data:`_NONCE_KEY`).
    A number under another name (``first: 50``, ``year: 2026``) is not a record.
    """
    try:
        data = json.loads(unquote_plus(value))
    except ValueError:
        return None
    pairs: list[tuple[str, str]] = []

    def walk(obj: object, depth: int) -> None:
        if not isinstance(obj, dict) or depth > 3:
            return
        for name, item in obj.items():
            if isinstance(item, dict):
                walk(item, depth + 1)
            elif isinstance(item, (str, int)) and not isinstance(item, bool):
                pairs.append((str(name), str(item)))

    walk(data, 1)
    for name, text in pairs:
        if _ID_VARIABLE.match(name) and _placeholder(text) in ("{n}", "{uuid}", "{id}", "{token}"):
            return name, text
    for name, text in pairs:
        if not _NONCE_KEY.match(name) and _placeholder(text) in ("{uuid}", "{id}"):
            return name, text
    return None


def _is_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


@lru_cache(maxsize=262_144)
def route_source(url: str) -> tuple[Route, Source | None]:
    """Template one URL and say where its entity came from.

    Parameters
    ----------
    url : str
        The path and query as logged.

    Returns
    -------
    route : Route
        As :func:`template_path`.
    source : tuple or None
        ``(kind, position, prefix)`` when the entity is a run of ASCII digits
        (a whole path segment, ``kind='seg'``, or a whole query value,
        ``kind='query'``): its text is ``prefix`` plus those digits.  None
        when the URL has no entity or it is anything else.
    """
    if ";" in url:
        url = strip_path_params(url)
    if not url:  # no request was received (a 408 time-out), or a CONNECT: no path at all
        return Route(template=NO_PATH, entity=0, entity_num=np.nan, is_static=False, is_download=False,
                     is_login=False), None
    path, _, query = url.partition("?")
    path = path.split("#", 1)[0]
    segments = path.split("/")
    out: list[str] = []
    entity_text = ""
    entity_num = np.nan
    source: Source | None = None
    previous_literal = ""
    for k, segment in enumerate(segments):
        stem, dot, ext = segment.rpartition(".")
        if dot and ext.lower() in _FILE_EXT:
            holder = _placeholder(stem)
            if holder:
                out.append(holder + "." + ext.lower())
                if holder != "{date}":
                    entity_text, entity_num, source = f"{previous_literal}/{stem}", np.nan, None
                continue
        keyed = _KEYED.match(unquote(segment) if "%" in segment else segment)
        if keyed:  # Students('K7QM2X9T'): the entity set's template, the key its record
            name = keyed["name"]
            out.append(f"{_scrub(name)}({{id}})")
            entity_text, entity_num, source = f"{name.lower()}/{keyed['key'].strip()}", np.nan, None
            previous_literal = name.lower()
            continue
        holder = _placeholder(segment)
        if holder is None:
            out.append(_scrub(segment))
            if segment:
                previous_literal = segment.lower()
            continue
        out.append(holder)
        if holder == "{date}":  # a day is a view of a record, not a record
            continue
        text = unquote(segment) if "%" in segment else segment
        entity_text = f"{previous_literal}/{text}"
        entity_num = float(text) if holder == "{n}" and len(segment) < 16 else np.nan
        varies = _is_digits(segment) or (holder in ("{uuid}", "{id}") and "%" not in segment)
        source = ("seg", k, f"{previous_literal}/") if varies else None
    template = "/".join(out) or "/"
    if query:
        keys = []
        for j, pair in enumerate(query.split("&")):
            if not pair:
                continue
            key, eq, value = pair.partition("=")
            if _OPERATION_KEY.match(key) and OPERATION_NAME.match(value):  # a GraphQL operation: its own route
                keys.append(f"{key}={value}")
                continue
            keys.append(_scrub(key) + "={v}")
            if key == "variables" and value[:1] in ("{", "%") and not entity_text:
                found = _variables_record(value)
                if found is not None:
                    entity_text = f"{previous_literal}?{found[0]}={found[1]}"
                    entity_num = float(found[1]) if _NUM.match(found[1]) and len(found[1]) < 16 else np.nan
                continue
            if eq and value and not entity_text and _names_record(key, value):
                entity_text = f"{previous_literal}?{key}={value}"
                entity_num = float(value) if _NUM.match(value) and len(value) < 16 else np.nan
                source = ("query", j, f"{previous_literal}?{key}=") if _is_digits(value) else None
        template += "?" + "&".join(sorted(set(keys)))
    last = segments[-1] if segments else ""
    ext = last.rpartition(".")[2].lower() if "." in last else ""
    route = Route(
        template=template,
        entity=_hash64(entity_text) if entity_text else 0,
        entity_num=entity_num,
        is_static=(ext in _STATIC_EXT or (ext in _FACES_EXT and _inner_ext(last) in _STATIC_EXT)
                   or _PROBE_PATH.match(path) is not None),
        is_download=bool(_DOWNLOAD_HINT.search(url)),
        is_login=bool(_LOGIN_HINT.search(path) or (query and _LOGIN_QUERY.search(query))) and not _NOT_LOGIN.search(path),
    )
    return route, source


@lru_cache(maxsize=262_144)
def template_path(url: str) -> Route:
    """Template one URL (path plus optional query string).

    Parameters
    ----------
    url : str
        The path and query as logged, e.g. ``/students/1234567890?tab=ed``.

    Returns
    -------
    Route
        Template, entity hash and flags for the URL.  An empty URL (a line
        logged without a request) has the template :data:`NO_PATH`, no
        entity and no flags.

    Examples
    --------
    >>> template_path("/students/1234567890/enrollment").template
    '/students/{n}/enrollment'
    >>> template_path("/reports/extract?type=SENR&year=2025").template
    '/reports/extract?type={v}&year={v}'
    """
    return route_source(url)[0]
