"""Turn URLs into route templates and the records they touch.

Breadth features need to know "how many distinct records did this session
touch" on URL schemes never seen before.  :func:`template_path` replaces every
identifier-looking piece of a URL (numbers, UUIDs, hex strings, long tokens,
query values) with a placeholder and returns the most specific identifier as
the request's *entity*.  Entities leave this module only as 64-bit hashes
(plus the numeric value of numeric IDs, used to detect IDs walked in order),
never as raw text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

import numpy as np
import pandas as pd

_UUID = re.compile(r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")
_HEX = re.compile(r"^(?=[^g-zG-Z]*\d)[0-9a-fA-F]{8,}$")
_NUM = re.compile(r"^\d+$")
_DATE = re.compile(r"^\d{4}[-_/]\d{1,2}([-_/]\d{1,2})?$")
_CODE = re.compile(r"^(?=.*\d)[A-Za-z0-9_\-]{6,}$")  # mixed letters+digits such as A1234567 or 19-64733-0001
_TOKEN = re.compile(r"^[A-Za-z0-9_\-=%.+~]{20,}$")
_EMAIL = re.compile(r"^[^@/\s]+@[^@/\s]+\.[A-Za-z]{2,}$")
_LONG_RUN = re.compile(r"\d{5,}")  # long numbers left inside literal text (fingerprints, cache-busters)
_STATIC_EXT = frozenset(
    "js mjs css map png jpg jpeg gif svg ico webp bmp woff woff2 ttf otf eot mp4 webm mp3 avif".split()
)
_FILE_EXT = _STATIC_EXT | {"csv", "xlsx", "xls", "zip", "pdf", "json", "xml", "txt", "html", "htm", "php", "aspx", "jsp"}
_DOWNLOAD_HINT = re.compile(r"(download|export|extract|\.csv$|\.xlsx?$|\.zip$|\.pdf$|\.json$|\.xml$|\.txt$)", re.I)
_LOGIN_HINT = re.compile(
    r"(^|/)(log-?in|sign-?in|signon|logon|auth(enticate)?|session|sessions|wp-login\.php|j_security_check|"
    r"oauth2?/token|token|account/login|users/sign_in)(/|$|\.)",
    re.I,
)


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
    return None


def _scrub(literal: str) -> str:
    """Hide long digit runs left inside literal text."""
    return _LONG_RUN.sub("{n}", literal) if literal else literal


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
        Template, entity hash and flags for the URL.

    Examples
    --------
    >>> template_path("/students/1234567890/enrollment").template
    '/students/{n}/enrollment'
    >>> template_path("/reports/extract?type=SENR&year=2025").template
    '/reports/extract?type={v}&year={v}'
    """
    path, _, query = url.partition("?")
    path = path.split("#", 1)[0]
    segments = path.split("/")
    out: list[str] = []
    entity_text = ""
    entity_num = np.nan
    previous_literal = ""
    for segment in segments:
        stem, dot, ext = segment.rpartition(".")
        if dot and ext.lower() in _FILE_EXT:
            holder = _placeholder(stem)
            if holder:
                out.append(holder + "." + ext.lower())
                if holder != "{date}":
                    entity_text, entity_num = f"{previous_literal}/{stem}", np.nan
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
        entity_text = f"{previous_literal}/{unquote(segment) if '%' in segment else segment}"
        entity_num = float(segment) if holder == "{n}" and len(segment) < 16 else np.nan
    template = "/".join(out) or "/"
    if query:
        keys = []
        for pair in query.split("&"):
            if not pair:
                continue
            key, eq, value = pair.partition("=")
            keys.append(_scrub(key))
            if eq and value and not entity_text and _placeholder(value) not in (None, "{date}"):
                entity_text = f"{previous_literal}?{key}={value}"
                entity_num = float(value) if _NUM.match(value) and len(value) < 16 else np.nan
        template += "?" + "&".join(f"{k}={{v}}" for k in sorted(set(keys)))
    last = segments[-1] if segments else ""
    ext = last.rpartition(".")[2].lower() if "." in last else ""
    return Route(
        template=template,
        entity=_hash64(entity_text) if entity_text else 0,
        entity_num=entity_num,
        is_static=ext in _STATIC_EXT,
        is_download=bool(_DOWNLOAD_HINT.search(url)),
        is_login=bool(_LOGIN_HINT.search(path)),
    )


def annotate_routes(paths: pd.Series) -> pd.DataFrame:
    """Template a column of URLs, computing each distinct URL once.

    Parameters
    ----------
    paths : pandas.Series
        The ``path`` column of a records frame.

    Returns
    -------
    pandas.DataFrame
        Columns ``template`` (category), ``entity`` (int64), ``entity_num``
        (float64), ``is_static``, ``is_download``, ``is_login`` (bool),
        aligned with ``paths``.
    """
    codes, uniques = pd.factorize(paths, sort=False)
    routes = [template_path(u) for u in uniques]
    template_codes, template_names = pd.factorize(pd.Index([r.template for r in routes], dtype=object))
    ent = np.fromiter((r.entity for r in routes), dtype=np.int64, count=len(routes))
    num = np.fromiter((r.entity_num for r in routes), dtype=np.float64, count=len(routes))
    flags = np.array([(r.is_static, r.is_download, r.is_login) for r in routes], dtype=bool).reshape(-1, 3)
    return pd.DataFrame(
        {
            "template": pd.Categorical.from_codes(template_codes[codes], categories=template_names),
            "entity": ent[codes],
            "entity_num": num[codes],
            "is_static": flags[codes, 0],
            "is_download": flags[codes, 1],
            "is_login": flags[codes, 2],
        },
        index=paths.index,
    )
