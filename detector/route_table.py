"""Template many URLs at once: the batch path of :mod:`detector.routes`.

A log holds millions of URLs but far fewer *shapes*: URLs whose all-digit
path segments, UUIDs, record codes and query values are replaced by one
stand-in each share their template, flags and the position of their entity.
:func:`annotate_routes` and :func:`route_table` split URLs into shapes with
Arrow kernels, template each distinct shape once with
:func:`detector.routes.route_source`, and fill in each URL's own entity (its
digits, UUID or code) from its own text.  The results equal
:func:`detector.routes.template_path` URL by URL.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from detector.routes import _DOWNLOAD_HINT, _EPOCH_MS, _UUID, _placeholder, route_source, strip_path_params
from detector.schema import categorical, factorize

#: What every UUID-like path segment becomes in a URL's shape (a UUID, never all digits).
UUID_SHAPE = "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"
_UUID_RE2 = "^" + _UUID.pattern.strip("^$") + "$"
#: What every path segment templated as ``{id}`` becomes in a URL's shape (itself an ``{id}``).
ID_SHAPE = "a0000000"
#: Every path segment that :func:`_placeholder` can call ``{id}`` without %-decoding it looks like this.
_ID_MIN_LENGTH = 6
_ID_CANDIDATE_RE2 = r"^[A-Za-z0-9_\-]{6,}$"
#: Words that bear on the download and sign-in flags: a segment holding one keeps its own text in the shape.
_FLAG_WORDS = re.compile(r"(?i)download|export|extract|log-?in|logon|sign|auth|session|token|security|account|users")
#: What every query value read as a time stamp in milliseconds becomes in a URL's shape (itself one).
EPOCH_MS_SHAPE = "1000000000000"
_EPOCH_MS_RE2 = _EPOCH_MS.pattern
#: What every query value that cannot name a record becomes in a URL's shape (it unquotes to '/').
OPAQUE_SHAPE = "%2F"
_OPAQUE_VALUE = r"(?i)/|%2f| |%20"
_DOWNLOAD_RE2 = "(?i)" + _DOWNLOAD_HINT.pattern


def _hash64_many(texts: pa.Array) -> np.ndarray:
    """:func:`_hash64` of every string of an Arrow array (read as UTF-8 bytes, no Python strings)."""
    blake2b, from_bytes = hashlib.blake2b, int.from_bytes
    return np.fromiter((from_bytes(blake2b(b, digest_size=8).digest(), "little", signed=True) or 1
                        for b in texts.cast(pa.binary()).to_pylist()), dtype=np.int64, count=len(texts))


def _as_id_shape(segment: str) -> bool:
    """True when a path segment is an ``{id}`` that :data:`ID_SHAPE` can stand for in a URL's shape.

    The shape must keep the URL's template and flags: a segment holding a
    word the download or sign-in flags look for keeps its own text.
    """
    return _placeholder(segment) == "{id}" and not _FLAG_WORDS.search(segment)


def _id_shapes(shapes: pa.Array) -> pa.Array:
    """Distinct URL shapes (see :func:`_shapes`) with their ``{id}`` path segments replaced by :data:`ID_SHAPE`.

    Runs on the distinct shapes, not the URLs: a site whose records are named
    by codes (``/pupil/GWEMMKKWVG``) has one shape per record until this step,
    and few shapes after it.  Each distinct segment that could be an ``{id}``
    is judged once by :func:`_as_id_shape`.  A shape holding ``#`` (a URL left
    whole) is kept as it is.
    """
    parts = pc.split_pattern(shapes, "?", max_splits=1)
    segments = pc.split_pattern(pc.list_element(parts, 0), "/")
    flat = pc.list_flatten(segments)
    picked = np.flatnonzero(pc.greater_equal(pc.binary_length(flat), _ID_MIN_LENGTH).to_numpy(zero_copy_only=False))
    if not len(picked):
        return shapes
    encoded = pc.dictionary_encode(flat.take(pa.array(picked)))
    distinct = encoded.dictionary
    maybe = pc.match_substring_regex(distinct, _ID_CANDIDATE_RE2).to_numpy(zero_copy_only=False)
    verdicts = np.zeros(len(distinct), dtype=bool)
    verdicts[maybe] = [_as_id_shape(s) for s in distinct.filter(pa.array(maybe)).to_pylist()]
    ident = np.zeros(len(flat), dtype=bool)
    ident[picked] = verdicts[encoded.indices.to_numpy(zero_copy_only=False)]
    whole = pc.match_substring(shapes, "#").to_numpy(zero_copy_only=False)
    ident &= ~whole[pc.list_parent_indices(segments).to_numpy(zero_copy_only=False)]
    if not ident.any():
        return shapes
    path = pc.binary_join(pa.ListArray.from_arrays(segments.offsets, pc.if_else(pa.array(ident), ID_SHAPE, flat)), "/")
    has_query = pc.greater(pc.list_value_length(parts), 1)
    query = pc.binary_join(pc.list_slice(parts, 1, 2), "")
    return pc.if_else(has_query, pc.binary_join_element_wise(path, query, "?"), path)


def _shapes(urls: pa.Array) -> tuple[pa.Array, pa.ListArray, pa.ListArray, np.ndarray]:
    """Each URL with its all-digit path segments and query values replaced by ``0``.

    URLs of one shape share their template, flags and entity position (see
    :func:`route_source`), so only shapes are templated one by one.  URLs
    holding ``#`` are their own shape.

    Returns
    -------
    shapes : pyarrow.Array
        One shape per URL.
    segments, values : pyarrow.ListArray
        Per URL: the path segments, and the query values ('' for a pair
        without ``=``; none when the URL has no ``?``), as split by
        :func:`route_source`.
    shaped : numpy.ndarray
        bool per URL: False for the URLs left whole.
    """
    parts = pc.split_pattern(urls, "?", max_splits=1)
    path = pc.list_element(parts, 0)
    with_query = np.flatnonzero(pc.list_value_length(parts).to_numpy(zero_copy_only=False) > 1)
    segments = pc.split_pattern(path, "/")
    flat = pc.list_flatten(segments)
    digits = pc.ascii_is_decimal(flat)
    # a UUID is 32 to 36 bytes long: the regex only looks at segments of that length
    lengths = pc.binary_length(flat).to_numpy(zero_copy_only=False)
    candidate = np.flatnonzero((lengths >= 32) & (lengths <= 36) & ~digits.to_numpy(zero_copy_only=False))
    uuid = np.zeros(len(flat), dtype=bool)
    if len(candidate):
        uuid[candidate] = pc.match_substring_regex(flat.take(pa.array(candidate)), _UUID_RE2).to_numpy(
            zero_copy_only=False)
    shaped_flat = pc.if_else(digits, "0", pc.if_else(pa.array(uuid), UUID_SHAPE, flat) if uuid.any() else flat)
    shaped_path = pc.binary_join(pa.ListArray.from_arrays(segments.offsets, shaped_flat), "/")
    # the query strings: only the URLs that have one (few, as a rule) are split further
    picked = pa.array(with_query, pa.int64())
    query = pc.list_element(parts.take(picked), 1)
    pairs = pc.split_pattern(query, "&")
    kv = pc.split_pattern(pc.list_flatten(pairs), "=", max_splits=1)
    key = pc.list_element(kv, 0)
    value = pc.binary_join(pc.list_slice(kv, 1, 2), "")
    has_value = pc.greater(pc.list_value_length(kv), 1)
    digits = pc.and_(has_value, pc.ascii_is_decimal(value))
    # a value holding '/' or a space (also %-encoded) can never name a record: one shape for all of them
    # (only in ASCII URLs, whose download flag route_table reads from the URL itself)
    ascii_pair = pc.take(pc.string_is_ascii(urls.take(picked)), pc.list_parent_indices(pairs))
    opaque = pc.and_(pc.and_(has_value, ascii_pair), pc.match_substring_regex(value, _OPAQUE_VALUE))
    # a time stamp in milliseconds (see detector.routes._EPOCH_MS) is no record: it keeps a shape of its own
    epoch = pc.match_substring_regex(value, _EPOCH_MS_RE2)
    digit_shape = pc.if_else(epoch, pc.binary_join_element_wise(key, "=" + EPOCH_MS_SHAPE, ""),
                             pc.binary_join_element_wise(key, "=0", ""))
    shaped_pair = pc.if_else(digits, digit_shape,
                             pc.if_else(opaque, pc.binary_join_element_wise(key, "=" + OPAQUE_SHAPE, ""),
                                        pc.list_flatten(pairs)))
    shaped_query = pc.binary_join(pa.ListArray.from_arrays(pairs.offsets, shaped_pair), "&")
    joined = shaped_path
    if len(with_query):
        n = len(urls)
        order = np.arange(n, dtype=np.int64)
        order[with_query] = n + np.arange(len(with_query))
        with_shaped_query = pc.binary_join_element_wise(shaped_path.take(picked), shaped_query, "?")
        joined = pa.concat_arrays([shaped_path, with_shaped_query.cast(shaped_path.type)]).take(pa.array(order))
    whole = pc.match_substring(urls, "#").to_numpy(zero_copy_only=False)
    shapes = pc.if_else(pa.array(whole), urls, joined) if whole.any() else joined
    # the values per URL (none for a URL without a query)
    per_url = np.zeros(len(urls), dtype=np.int64)
    per_url[with_query] = np.diff(pairs.offsets.to_numpy(zero_copy_only=False))
    offsets = np.concatenate([[0], np.cumsum(per_url)]).astype(np.int32)
    values = pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), value)
    return shapes, segments, values, ~whole


def _as_arrow(urls: pd.Index | list[str] | pa.Array) -> pa.Array:
    """Strings as an Arrow string array (no copy for Arrow-backed pandas strings)."""
    if isinstance(urls, pa.Array):
        return urls.cast(pa.string())
    if isinstance(urls, pd.Index) and urls.dtype == "str":
        try:
            return pa.array(urls.array, type=pa.string())
        except (TypeError, pa.ArrowInvalid):
            pass
    return pa.array(np.asarray(urls, dtype=object), type=pa.string()) if len(urls) else pa.array([], pa.string())


def route_table(urls: pd.Index | list[str] | pa.Array) -> pd.DataFrame:
    """Template many distinct URLs at once, each distinct *shape* once.

    Parameters
    ----------
    urls : pandas.Index, list of str or pyarrow.Array
        Distinct URLs.

    Returns
    -------
    pandas.DataFrame
        One row per URL, in order: ``template`` (str), ``entity``,
        ``entity_num``, ``is_static``, ``is_download``, ``is_login``, each
        equal to what :func:`template_path` gives for that URL.
    """
    template_codes, templates, columns = _route_columns(urls)
    return pd.DataFrame({"template": np.array(templates, dtype=object)[template_codes], **columns})


def _route_columns(urls: pd.Index | list[str] | pa.Array) -> tuple[np.ndarray, list[str], dict[str, np.ndarray]]:
    """:func:`route_table` as arrays: template codes per URL, the templates, and the other columns.

    Templates are numbered by first appearance over the URLs (the order
    ``pandas.factorize`` gives the per-URL template column), computed per
    shape.
    """
    arr = _as_arrow(urls)
    params = pc.match_substring(arr, ";").to_numpy(zero_copy_only=False)
    if params.any():  # path parameters (;jsessionid=...) are dropped first, as template_path drops them
        texts = np.asarray(arr.to_pylist(), dtype=object)
        texts[params] = [strip_path_params(u) for u in texts[params]]
        arr = pa.array(texts, pa.string())
    shapes, segments, values, shaped = _shapes(arr)
    encoded = pc.dictionary_encode(shapes)
    shape_codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    # distinct shapes numbered by first appearance are again numbered by first appearance over the URLs
    encoded = pc.dictionary_encode(_id_shapes(encoded.dictionary))
    shape_codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)[shape_codes]
    results = [route_source(u) for u in encoded.dictionary.to_pylist()]
    routes = [r for r, _ in results]
    entity = np.fromiter((r.entity for r in routes), dtype=np.int64, count=len(routes))[shape_codes]
    entity_num = np.fromiter((r.entity_num for r in routes), dtype=np.float64, count=len(routes))[shape_codes]
    # entities that vary inside a shape: prefix + the URL's own digits or UUID
    kinds = np.array([0 if s is None else (1 if s[0] == "seg" else 2) for _, s in results], dtype=np.int8)
    pos = np.array([0 if s is None else s[1] for _, s in results], dtype=np.int64)
    prefix = pa.array(["" if s is None else s[2] for _, s in results], pa.string())
    kind = np.where(shaped, kinds[shape_codes], 0)
    vary = np.flatnonzero(kind > 0)
    if len(vary):
        seg_off = segments.offsets.to_numpy().astype(np.int64)
        val_off = values.offsets.to_numpy().astype(np.int64)
        at_seg = kind[vary] == 1
        flat_pos = np.where(at_seg, seg_off[vary], val_off[vary]) + pos[shape_codes[vary]]
        flat_segments = pc.list_flatten(segments)
        # one gather from the segments followed by the query values
        both = pa.concat_arrays([flat_segments.cast(pa.string()), pc.list_flatten(values).cast(pa.string())])
        pieces = both.take(pa.array(np.where(at_seg, flat_pos, len(flat_segments) + flat_pos)))
        texts = pc.binary_join_element_wise(prefix.take(pa.array(shape_codes[vary])), pieces, "")
        text_enc = pc.dictionary_encode(texts)
        hashes = _hash64_many(text_enc.dictionary)
        entity[vary] = hashes[text_enc.indices.to_numpy(zero_copy_only=False)]
        numeric = pc.and_(pc.ascii_is_decimal(pieces), pc.less(pc.binary_length(pieces), 16))
        short = numeric.to_numpy(zero_copy_only=False)
        num = np.full(len(vary), np.nan)
        if short.any():
            num[short] = pc.cast(pc.filter(pieces, numeric), pa.float64()).to_numpy()
        entity_num[vary] = num
    flags = np.array([(r.is_static, r.is_download, r.is_login) for r in routes], dtype=bool).reshape(-1, 3)
    is_download = flags[shape_codes, 1]
    ascii_urls = pc.string_is_ascii(arr).to_numpy(zero_copy_only=False) & shaped
    if ascii_urls.any():  # the URL's own words, not its shape's (opaque query values were replaced)
        is_download[ascii_urls] = pc.match_substring_regex(arr.filter(pa.array(ascii_urls)),
                                                            _DOWNLOAD_RE2).to_numpy(zero_copy_only=False)
    # shapes are numbered by first appearance over the URLs, so numbering templates by first appearance over
    # the shapes numbers them by first appearance over the URLs
    shape_template, templates = pd.factorize(np.array([r.template for r in routes], dtype=object), sort=False)
    columns = {
        "entity": entity,
        "entity_num": entity_num,
        "is_static": flags[shape_codes, 0],
        "is_download": is_download,
        "is_login": flags[shape_codes, 2],
    }
    return shape_template[shape_codes], list(templates), columns


def annotate_routes(paths: pd.Series) -> pd.DataFrame:
    """Template a column of URLs, computing each distinct URL shape once.

    Parameters
    ----------
    paths : pandas.Series
        The ``path`` column of a records frame (categorical or text).

    Returns
    -------
    pandas.DataFrame
        Columns ``template`` (category), ``entity`` (int64), ``entity_num``
        (float64), ``is_static``, ``is_download``, ``is_login`` (bool),
        aligned with ``paths``.
    """
    codes, uniques = factorize(paths)
    urls = _as_arrow(uniques)
    if (codes < 0).any():  # a missing path is templated as ''
        codes = np.where(codes < 0, len(urls), codes.astype(np.int64))
        urls = pa.concat_arrays([urls, pa.array([""], pa.string())])
    template_codes, template_names, columns = _route_columns(urls)
    return pd.DataFrame(
        {
            "template": categorical(template_codes[codes], pd.Index(template_names, dtype="str")),
            **{name: values[codes] for name, values in columns.items()},
        },
        index=paths.index,
    )
