"""Fast path for Apache-style logs: validate lines with RE2, split them with Arrow's CSV reader.

A ``LogFormat`` whose fields are single tokens or double-quoted strings
separated by single spaces (``combined``, ``common``, CERTH's format...) is,
line by line, a space-delimited CSV row.  Arrow's multi-threaded CSV reader
splits such rows several times faster than a Python regex, but it is more
lenient than the reader's regexes (quotes inside tokens, quoted newlines,
extra fields), so it only ever sees *canonical* lines: lines matched by an
RE2 pattern that admits printable ASCII only, no quote inside a token, no
quote or trailing backslash inside a quoted field, exactly one space inside
``[%t]``, and nothing after the last field.  On such a line the RE2 pattern,
the reader's fast Python regex and Arrow's CSV split agree field by field,
so the values are exactly those the Python path would produce.  Every other
line (about none in practice) goes to the Python parser with its line
number, so rejections and their reasons are unchanged.

Validation runs on sub-blocks of about a megabyte at once (one RE2 scan
each); only a sub-block that fails is checked line by line.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from detector.io.arrowrecords import Column, table_records
from detector.io.logformat import CompiledFormat

#: Bytes per validation sub-block.
SUB_BLOCK = 1 << 20
_TOKEN = r"[!#-~]+"  # printable ASCII, no space, no quote
_QUOTED = r'"(?:[ !#-~]*[ !#-\[\]-~])?"'  # no quote inside, no trailing backslash
_TIME = r"\[[!#-\\^-~]+ [!#-\\^-~]+\]"  # one space, no quote or ] inside
_REQUEST = r'"[A-Za-z]+ /(?:[!#-~]*[!#-\[\]-~])?(?: HTTP/[0-9.]+)?"'
_NUMBER = {"status": r"(?:\d{3}|-)", "bytes": r"(?:\d{1,18}|-)", "dur_us": r"(?:\d{1,18}|-)",
           "dur_ms": r"(?:\d{1,18}|-)", "dur_s": r"(?:\d{1,18}|-)"}
_TEXT_ROLES = {"client_ip", "user", "app_user", "referer", "user_agent", "app_session", "forwarded_for"}
_POOL: ThreadPoolExecutor | None = None
_POOL_PID = 0
_THREADS: int | None = None


def set_parse_threads(threads: int | None) -> None:
    """How many threads this process parses with; None (the default) is one per core, at most 8.

    Worker processes that share the machine's cores set fewer: on 2 cores, two
    workers parsing with two threads each were about 8 % slower end to end
    than with one each.
    """
    global _POOL, _THREADS
    if threads is not None and threads < 1:
        raise ValueError(f"threads must be at least 1; got {threads}")
    if threads != _THREADS:
        _THREADS = threads
        if _POOL is not None and _POOL_PID == os.getpid():
            _POOL.shutdown(wait=False)
        _POOL = None


def _pool() -> ThreadPoolExecutor:
    """This process's parsing threads (a forked worker process gets its own: threads do not survive a fork)."""
    global _POOL, _POOL_PID
    if _POOL is None or _POOL_PID != os.getpid():
        threads = _THREADS or max(1, min(os.cpu_count() or 1, 8))
        _POOL = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="fastpath")
        _POOL_PID = os.getpid()
    return _POOL


def _tokens(compiled: CompiledFormat) -> list[tuple[object, bool]] | None:
    """The format as space-separated ``(field, quoted)`` tokens, or None if it is not that shape."""
    text, fields = "", []
    for part in compiled.parts:
        if isinstance(part, str):
            text += part.replace("\x00", "")
        else:
            text += "\x00"
            fields.append(part)
    tokens = []
    it = iter(fields)
    for token in text.split(" "):
        if token == "\x00":
            tokens.append((next(it), False))
        elif token == '"\x00"':
            tokens.append((next(it), True))
        else:
            return None
    return tokens


class FastPath:
    """RE2 validation plus Arrow CSV splitting for one compiled ``LogFormat``.

    Use :meth:`build`, which returns None for formats this path cannot
    reproduce exactly (then the Python parser does everything).
    """

    def __init__(self, columns: list[Column], line_pattern: str) -> None:
        self.columns = columns
        self.line_re = "^" + line_pattern + r"\r?\n?$"
        self.block_re = r"\A(?:" + line_pattern + r"\r?\n)*\z"
        names = [c.name for c in columns]
        # text as binary: canonical lines are printable ASCII, so UTF-8 need not be checked row by row
        # (detector.io.arrowrecords casts the distinct values)
        types = {c.name: pa.binary() for c in columns}
        for c in columns:
            if c.role in ("status",):
                types[c.name] = pa.int16()
            elif c.role in _NUMBER:
                types[c.name] = pa.int64()
        self._read = pcsv.ReadOptions(column_names=names, use_threads=False, block_size=1 << 24)
        self._parse = pcsv.ParseOptions(delimiter=" ", quote_char='"', double_quote=False, escape_char=False,
                                        newlines_in_values=False, ignore_empty_lines=False)
        self._convert = pcsv.ConvertOptions(column_types=types, null_values=["-"], strings_can_be_null=False,
                                            quoted_strings_can_be_null=False,
                                            include_columns=[c.name for c in columns if c.role is not None])

    @classmethod
    def build(cls, compiled: CompiledFormat) -> FastPath | None:
        """The fast path for ``compiled``, or None when its shape is not supported."""
        if compiled.starts_quoted:
            return None
        tokens = _tokens(compiled)
        if tokens is None:
            return None
        columns: list[Column] = []
        patterns: list[str] = []
        roles_seen = set()
        for i, (field, quoted) in enumerate(tokens):
            role = field.role
            name = f"c{i}"
            if role == "time":
                if field.time_kind != "auto" or quoted:
                    return None
                columns += [Column(name + "a", "time", False), Column(name + "b", "time", False)]
                patterns.append(_TIME)
            elif role == "request":
                if not quoted:
                    return None
                columns.append(Column(name, role, True))
                patterns.append(_REQUEST)
            elif role in _NUMBER:
                if quoted:
                    return None
                columns.append(Column(name, role, False))
                patterns.append(_NUMBER[role])
            elif role in _TEXT_ROLES or role is None:
                columns.append(Column(name, role, quoted))
                patterns.append(_QUOTED if quoted else _TOKEN)
            else:  # method, uri, query, time_frac: not supported here
                return None
            if role is not None:
                roles_seen.add(role)
        if "time" not in roles_seen:
            return None
        return cls(columns, " ".join(patterns))

    def _check(self, data: bytes, cuts: np.ndarray, pattern: str) -> np.ndarray:
        """RE2 full match of ``pattern`` on each slice ``data[cuts[i]:cuts[i+1]]``."""
        arr = pa.LargeBinaryArray.from_buffers(pa.large_binary(), len(cuts) - 1,
                                               [None, pa.py_buffer(cuts.astype(np.int64)), pa.py_buffer(data)])
        return pc.match_substring_regex(arr, pattern).to_numpy(zero_copy_only=False)

    def split(self, pieces: Sequence[bytes], counts: Sequence[int]) -> tuple[np.ndarray, pa.Table | None, np.ndarray,
                                                                               list[bytes]]:
        """Find the canonical lines and parse them, piece by piece on all cores.

        Parameters
        ----------
        pieces : sequence of bytes
            Consecutive whole lines, each ending with ``\\n`` except possibly
            the very last.
        counts : sequence of int
            The number of lines in each piece.

        Returns
        -------
        good : numpy.ndarray
            0-based indices (over all pieces) of the canonical lines, in order.
        table : pyarrow.Table or None
            Their fields, one row per index in ``good`` (None when there are none).
        bad : numpy.ndarray
            0-based indices of the other lines, in order.
        bad_lines : list of bytes
            Those lines' bytes, line end excluded.
        """
        results = list(_pool().map(self._split_piece, pieces, counts))
        offsets = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64) if len(counts) else []
        good = [r[0] + off for r, off in zip(results, offsets)]
        bad = [r[2] + off for r, off in zip(results, offsets)]
        tables = [r[1] for r in results if r[1] is not None]
        empty = np.zeros(0, dtype=np.int64)
        return (np.concatenate(good) if good else empty,
                pa.concat_tables(tables) if tables else None,
                np.concatenate(bad) if bad else empty,
                [line for r in results for line in r[3]])

    def _split_piece(self, data: bytes, n_lines: int) -> tuple[np.ndarray, pa.Table | None, np.ndarray, list[bytes]]:
        """:meth:`split` of one piece; a piece whose parsed rows are not its canonical lines one for one (blank lines,
        which Arrow's reader skips: a body's empty last line without a line end of its own, ``line\\n`` counted as two
        lines) goes to the Python parser whole."""
        good, table, bad, raw = self._split_canonical(data, n_lines)
        if (0 if table is None else table.num_rows) == len(good):
            return good, table, bad, raw
        parts = data.split(b"\n")
        if data.endswith(b"\n"):
            parts.pop()
        parts += [b""] * (n_lines - len(parts))
        return np.zeros(0, dtype=np.int64), None, np.arange(n_lines, dtype=np.int64), parts[:n_lines]

    def _split_canonical(self, data: bytes, n_lines: int) -> tuple[np.ndarray, pa.Table | None, np.ndarray, list[bytes]]:
        empty = np.zeros(0, dtype=np.int64)
        if not n_lines:
            return empty, None, empty, []
        if not data:  # one empty last line
            return empty, None, np.arange(n_lines, dtype=np.int64), [b""] * n_lines
        cuts = [0]
        while cuts[-1] < len(data):
            nxt = data.find(b"\n", min(cuts[-1] + SUB_BLOCK, len(data)) - 1)
            cuts.append(len(data) if nxt < 0 else nxt + 1)
        cuts = np.array(cuts, dtype=np.int64)
        ok = self._check(data, cuts, self.block_re)
        if ok.all():
            return np.arange(n_lines, dtype=np.int64), self._csv(data), empty, []
        # line by line, in the sub-blocks that failed
        buf = np.frombuffer(data, dtype=np.uint8)
        sub_lines = [data.count(b"\n", cuts[b], cuts[b + 1]) for b in range(len(ok))]
        if cuts[-1] and not data.endswith(b"\n"):
            sub_lines[-1] += 1
        first_line = np.concatenate([[0], np.cumsum(sub_lines)[:-1]]).astype(np.int64)
        line_ok = np.ones(n_lines, dtype=bool)
        begins_all = np.zeros(n_lines, dtype=np.int64)
        ends_all = np.zeros(n_lines, dtype=np.int64)
        for b in np.flatnonzero(~ok):
            lo, hi = int(cuts[b]), int(cuts[b + 1])
            ends = lo + np.flatnonzero(buf[lo:hi] == 10)
            if len(ends) < sub_lines[b]:
                ends = np.append(ends, hi)
            begins = np.concatenate([[lo], ends[:-1] + 1]).astype(np.int64)
            rows = slice(first_line[b], first_line[b] + sub_lines[b])
            line_ok[rows] = self._check(data, np.append(begins, min(int(ends[-1]) + 1, hi)), self.line_re)
            begins_all[rows], ends_all[rows] = begins, ends
        good = np.flatnonzero(line_ok)
        bad = np.flatnonzero(~line_ok)
        # the good lines: whole good sub-blocks and the good lines of the others, as few slices as possible
        view = memoryview(data)
        slices = []
        for b in range(len(ok)):
            if ok[b]:
                slices.append(view[cuts[b]:cuts[b + 1]])
                continue
            rows = np.arange(first_line[b], first_line[b] + sub_lines[b])
            keep = rows[line_ok[rows]]
            if len(keep):
                run = np.flatnonzero(np.diff(keep, prepend=-2) != 1)
                run_end = np.append(run[1:], len(keep)) - 1
                slices += [view[begins_all[keep[a]]:min(int(ends_all[keep[z]]) + 1, len(data))]
                           for a, z in zip(run, run_end)]
        table = self._csv(b"".join(slices)) if len(good) else None
        return good, table, bad, [data[begins_all[i]:ends_all[i]] for i in bad]

    def records(self, table: pa.Table, line_no: np.ndarray, file_idx: int) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
        """The records frame of the lines :meth:`split` parsed (see :func:`detector.io.arrowrecords.table_records`)."""
        return table_records(table, self.columns, line_no, file_idx, _pool())

    def _csv(self, data: bytes) -> pa.Table:
        return pcsv.read_csv(pa.BufferReader(data), read_options=self._read, parse_options=self._parse,
                             convert_options=self._convert)


__all__ = ["Column", "FastPath", "SUB_BLOCK", "set_parse_threads"]
