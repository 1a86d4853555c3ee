"""Undo the escaping Apache and nginx write into the text fields of access logs.

Both servers escape what could break a log line: nginx writes ``"``, ``\\``
and bytes outside printable ASCII as ``\\xHH`` (a Windows account
``DISTRICT\\jdoe`` is logged as ``DISTRICT\\x5Cjdoe``); Apache writes ``\\"``
and ``\\\\`` and ``\\xhh``.  Left as they are, one person's account would be
two accounts across a server's logs and another's, and analysts would read
escape codes.  Only the account, Referer and User-Agent are unescaped:
URLs keep their own (percent) encoding, and the route templates read them
as logged.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from detector.schema import categorical

#: The text columns unescaped (see the module docstring).
UNESCAPED_COLUMNS: tuple[str, ...] = ("user", "referer", "user_agent")
_ESCAPE = re.compile(r'\\(x[0-9A-Fa-f]{2}|\\|")')


def _one(match: re.Match) -> str:
    code = match.group(1)
    return chr(int(code[1:], 16)) if code[0] == "x" else code


def unescape_field(text: str) -> str:
    """One field as it was sent: ``\\xHH`` bytes (UTF-8 when they form it), ``\\\\`` and ``\\"``.

    Examples
    --------
    >>> unescape_field(r"DISTRICT\\x5Cjdoe")
    'DISTRICT\\\\jdoe'
    >>> unescape_field(r"Jos\\xC3\\xA9")
    'José'
    """
    if "\\" not in text:
        return text
    out = _ESCAPE.sub(_one, text)
    if out != text and any(ord(ch) > 0x7F for ch in out):
        try:  # escaped bytes of UTF-8 text: decode them as such
            return out.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return out
    return out


def unescape_text_columns(records: pd.DataFrame) -> pd.DataFrame:
    """Unescape the account, Referer and User-Agent of a records frame (categories only, never row by row).

    Parameters
    ----------
    records : pandas.DataFrame
        Records in the canonical schema (:mod:`detector.schema`).

    Returns
    -------
    pandas.DataFrame
        The same frame (changed in place) when nothing is escaped, which is
        the rule; otherwise the changed columns are replaced.
    """
    for name in UNESCAPED_COLUMNS:
        if name not in records.columns or not isinstance(records[name].dtype, pd.CategoricalDtype):
            continue
        categories = records[name].cat.categories
        if not len(categories) or not categories.str.contains("\\", regex=False).any():
            continue
        plain, merged = pd.factorize(np.array([unescape_field(str(c)) for c in categories], dtype=object))
        codes = records[name].cat.codes.to_numpy()
        new_codes = np.where(codes >= 0, plain[np.maximum(codes, 0)], -1)
        records[name] = categorical(new_codes, pd.Index(merged, dtype="str"))
    return records


__all__ = ["UNESCAPED_COLUMNS", "unescape_field", "unescape_text_columns"]
