"""Read access-log files into records frames, chunk by chunk.

Files are read one after another as raw bytes in large blocks (gzip is
recognised by its magic bytes; a background thread reads ahead), decoded as
UTF-8 with replacement, split into lines and parsed in chunks of
``chunk_lines`` lines.  The format is detected per file unless given; so is
a syslog header in front of every line (:mod:`detector.io.syslog`), which is
then removed before parsing.  A :class:`ReadReport` collects counts,
the first rejected lines (file, line number, reason: never the line itself,
which carries student identifiers) and warnings.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import closing

import numpy as np
import pandas as pd

from detector.io.errors import LogReadError, UnknownFormatError
from detector.io.files import PathLike, block_lines, prefetch_blocks
from detector.io.formats import LineParser, make_parser, sniff_format
from detector.io.memory import release_memory
from detector.io.records import BINARY_DATA
from detector.io.report import MAX_SAMPLES, ReadReport, Rejected
from detector.io.syslog import looks_like_syslog, strip_syslog_block, strip_syslog_lines
from detector.schema import concat_column, empty_records

def _parse_chunk(parser: LineParser, lines: list[str], first_line_no: int, file_idx: int, label: str,
                 has_nul: bool = True) -> tuple[pd.DataFrame, list[Rejected]]:
    """Parse one chunk; lines holding NUL bytes are rejected as binary data."""
    nul: list[tuple[int, str]] = []
    if has_nul:
        for i, line in enumerate(lines):
            if "\x00" in line:
                if not nul:
                    lines = list(lines)
                nul.append((first_line_no + i, BINARY_DATA))
                lines[i] = ""
    frame, rejects = parser.parse(lines, first_line_no, file_idx)
    if nul:
        rejects = sorted(rejects + nul)
    return frame, [Rejected(label, no, reason) for no, reason in rejects]


def parse_lines(
    lines: Iterable[str],
    fmt: str | None,
    *,
    log_format: str | None = None,
    jsonl_mapping: Mapping[str, str] | None = None,
    file_idx: int = 0,
    first_line_no: int = 1,
    file_label: str = "<input>",
) -> tuple[pd.DataFrame, list[Rejected], int]:
    """Parse lines already in memory.

    Parameters
    ----------
    lines : Iterable[str]
        Log lines; a trailing ``\\n``/``\\r\\n`` is removed.
    fmt : str or None
        ``'combined'``, ``'common'``, ``'w3c'`` or ``'jsonl'``; ``None`` or
        ``'auto'`` detects it from the lines (unless ``log_format`` is given).
    log_format : str or None
        Apache ``LogFormat`` string; takes precedence over ``fmt``.
    jsonl_mapping : Mapping[str, str] or None
        ``{canonical_name: json_key}`` overrides for ``jsonl``.
    file_idx : int
        Value for the ``file_idx`` column.
    first_line_no : int
        Line number of the first line.
    file_label : str
        File name used in :class:`Rejected` entries.

    Returns
    -------
    tuple[pandas.DataFrame, list[Rejected], int]
        Records, rejected lines, and the number of lines seen.  Blank lines
        and W3C ``#`` directives are neither parsed nor rejected.  When most
        lines carry a syslog header (see :mod:`detector.io.syslog`), the
        header is removed from every line before parsing.

    Raises
    ------
    UnknownFormatError
        ``fmt`` is None and the format cannot be detected.
    """
    text = [line.rstrip("\r\n") for line in lines]
    if looks_like_syslog(text):
        text = strip_syslog_lines(text)
    if fmt is not None and fmt.strip().lower() == "auto":
        fmt = None
    if fmt is None and log_format is None:
        fmt = sniff_format(text)[0]
    parser = make_parser(fmt, log_format=log_format, jsonl_mapping=jsonl_mapping)
    frame, rejected = _parse_chunk(parser, text, first_line_no, file_idx, file_label)
    return frame, rejected, len(text)


def _normalise_paths(paths: PathLike | Iterable[PathLike]) -> list[PathLike]:
    if isinstance(paths, (str, bytes, os.PathLike)):
        return [paths]
    return list(paths)


def iter_record_chunks(
    paths: PathLike | Iterable[PathLike],
    fmt: str | None = None,
    log_format: str | None = None,
    jsonl_mapping: Mapping[str, str] | None = None,
    chunk_lines: int = 200_000,
    report: ReadReport | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[pd.DataFrame]:
    """Read log files one after another and yield records frames in chunks.

    Parameters
    ----------
    paths : path or Iterable of paths
        Log files, plain or gzip-compressed (recognised by magic bytes).
        Their position in the list is the ``file_idx`` column.
    fmt : str or None
        Format for every file; ``None`` (or ``'auto'``) detects it per file.
    log_format : str or None
        Apache ``LogFormat`` string for every file (reported as
        ``'logformat'``); overrides ``fmt``.
    jsonl_mapping : Mapping[str, str] or None
        Key overrides for ``jsonl`` files.
    chunk_lines : int
        Lines parsed per yielded frame (at most).
    report : ReadReport or None
        Filled in as the files are read.
    progress : Callable[[int], None] or None
        Called with the number of on-disk bytes just consumed (compressed
        bytes for gzip files), so the sum reaches the total file size.

    Yields
    ------
    pandas.DataFrame
        Non-empty records frames, in file and line order.

    Raises
    ------
    LogReadError
        A file is missing or unreadable, has corrupt gzip data, its format
        cannot be detected (:class:`UnknownFormatError`) or none of its
        lines parse.  Empty files only add a warning to the report.
    """
    if chunk_lines < 1:
        raise ValueError("chunk_lines must be positive")
    if log_format is not None or (fmt is not None and fmt.strip().lower() == "auto"):
        fmt = None
    if log_format is not None or fmt is not None:
        make_parser(fmt, log_format=log_format)  # bad names fail before any file is read
    path_list = _normalise_paths(paths)
    report = report if report is not None else ReadReport()
    report.files.extend(str(p) for p in path_list)
    for file_idx, path in enumerate(path_list):
        yield from _read_file(path, file_idx, fmt, log_format, jsonl_mapping, chunk_lines, report, progress)


def _count_lines(block: bytes) -> int:
    # numpy's vectorised compare is several times faster than bytes.count for one byte
    n = int(np.count_nonzero(np.frombuffer(block, dtype=np.uint8) == 10)) if len(block) > 4096 else block.count(b"\n")
    return n + (0 if not block or block.endswith(b"\n") else 1)


def _take_lines(blocks: list[tuple[bytes, int]], k: int) -> tuple[list[bytes], list[int], list[tuple[bytes, int]]]:
    """The first ``k`` lines of ``(block, line count)`` pairs as pieces and counts, and the pairs left."""
    pieces, counts = [], []
    for i, (block, n) in enumerate(blocks):
        if n < k:
            pieces.append(block)
            counts.append(n)
            k -= n
            continue
        if n == k:
            return pieces + [block], counts + [n], blocks[i + 1:]
        cut = int(np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == 10)[k - 1]) + 1
        return pieces + [block[:cut]], counts + [k], [(block[cut:], n - k), *blocks[i + 1:]]
    return pieces, counts, []


def _read_file(path: PathLike, file_idx: int, fmt: str | None, log_format: str | None,
               jsonl_mapping: Mapping[str, str] | None, chunk_lines: int, report: ReadReport,
               progress: Callable[[int], None] | None) -> Iterator[pd.DataFrame]:
    label = str(path)
    parser: LineParser | None = None
    name = "logformat" if log_format is not None else None
    buffer: list[str] = []
    buffer_nul = False
    raw: list[tuple[bytes, int]] = []  # whole lines as bytes and their count, for parsers with ``parse_bytes``
    raw_lines = 0
    syslog = False  # lines carry a syslog header (decided with the format, from the first lines)
    next_no = 1
    counts = {"seen": 0, "parsed": 0, "rejected": 0}
    reasons: Counter[str] = Counter()

    def account(n_lines: int, frame: pd.DataFrame, rejects: list[Rejected]) -> None:
        nonlocal next_no
        next_no += n_lines
        counts["seen"] += n_lines
        counts["parsed"] += len(frame)
        counts["rejected"] += len(rejects)
        reasons.update(r.reason for r in rejects)
        report.lines_read += n_lines
        report.lines_parsed += len(frame)
        report.lines_skipped += n_lines - len(frame) - len(rejects)
        report.add_rejects(name, rejects)

    def flush(lines: list[str], nul: bool) -> pd.DataFrame:
        frame, rejects = _parse_chunk(parser, lines, next_no, file_idx, label, nul)
        account(len(lines), frame, rejects)
        return frame

    def flush_raw(pieces: list[bytes], sizes: list[int]) -> pd.DataFrame:
        frame, rejects = parser.parse_bytes(pieces, sizes, next_no, file_idx)
        account(sum(sizes), frame, [Rejected(label, no, reason) for no, reason in rejects])
        return frame

    with closing(prefetch_blocks(path, label)) as blocks:  # the read-ahead thread stops with the loop
        for block, advanced in blocks:
            if parser is None:
                lines = block_lines(block)
                syslog = looks_like_syslog(lines)
                if syslog:
                    lines = strip_syslog_lines(lines)
                if log_format is None and fmt is None:
                    try:
                        name, notes = sniff_format(lines)
                    except UnknownFormatError as exc:
                        if not any(line.strip() for line in lines):
                            name, notes = None, []
                        else:
                            raise UnknownFormatError(f"{label}: {exc}") from exc
                    report.warnings.extend(f"{label}: {note}" for note in notes)
                elif log_format is None:
                    name = fmt
                if name is not None:
                    parser = make_parser(name, log_format=log_format, jsonl_mapping=jsonl_mapping)
                    name = parser.name
                    report.formats[label] = name
                    if syslog:
                        report.syslog_files.append(label)
                if parser is not None and hasattr(parser, "parse_bytes") and buffer:
                    frame = flush(buffer, buffer_nul)  # blank lines read before the format was known
                    buffer, buffer_nul = [], False
                    if len(frame):
                        yield frame
            if syslog:  # the same number of lines, each without its syslog header
                block = strip_syslog_block(block)
            if parser is not None and hasattr(parser, "parse_bytes"):
                n_block = _count_lines(block)
                raw.append((block, n_block))
                raw_lines += n_block
                while raw_lines >= chunk_lines:
                    pieces, sizes, raw = _take_lines(raw, chunk_lines)
                    raw_lines -= chunk_lines
                    frame = flush_raw(pieces, sizes)
                    if len(frame):
                        yield frame
            else:
                buffer.extend(block_lines(block))
                buffer_nul = buffer_nul or b"\x00" in block
                while parser is not None and len(buffer) >= chunk_lines:
                    chunk, buffer = buffer[:chunk_lines], buffer[chunk_lines:]
                    frame = flush(chunk, buffer_nul)
                    if len(frame):
                        yield frame
            if progress is not None:
                progress(advanced)
    if raw_lines:
        frame = flush_raw([b for b, _ in raw], [n for _, n in raw])
        if len(frame):
            yield frame
    if parser is not None and buffer:
        frame = flush(buffer, buffer_nul)
        if len(frame):
            yield frame
    elif buffer:
        counts["seen"] += len(buffer)
        report.lines_read += len(buffer)
        report.lines_skipped += len(buffer)
    if counts["parsed"] == 0:
        if counts["rejected"]:
            reason, _ = reasons.most_common(1)[0]
            raise LogReadError(f"{label}: no line could be read as {name} "
                               f"({counts['rejected']} lines rejected, mostly: {reason})")
        report.warnings.append(f"{label}: empty file" if counts["seen"] == 0 else f"{label}: no log lines")


def read_logs(
    paths: PathLike | Iterable[PathLike],
    fmt: str | None = None,
    log_format: str | None = None,
    jsonl_mapping: Mapping[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[pd.DataFrame, ReadReport]:
    """Read whole log files into one records frame.

    Parameters
    ----------
    paths : path or Iterable of paths
        Log files, plain or gzip.
    fmt, log_format, jsonl_mapping, progress
        As for :func:`iter_record_chunks`.

    Returns
    -------
    tuple[pandas.DataFrame, ReadReport]
        All records (file order, then line order; not sorted by time) and
        the report.

    Raises
    ------
    LogReadError
        As for :func:`iter_record_chunks`.
    """
    report = ReadReport()
    # keep the chunks as columns and join them column by column, letting each chunk column go as soon
    # as it is copied: the peak is about one copy of the records, not two
    columns: dict[str, list[pd.Series]] = {}
    n_chunks = 0
    for frame in iter_record_chunks(paths, fmt, log_format, jsonl_mapping, report=report, progress=progress):
        n_chunks += 1
        for name in frame.columns:
            columns.setdefault(name, []).append(frame[name])
        del frame
    if n_chunks == 0:
        return empty_records(), report
    data = {}
    for name in list(columns):
        parts = columns.pop(name)
        data[name] = parts[0].reset_index(drop=True) if len(parts) == 1 else concat_column(parts)
        del parts
    release_memory()  # the chunks' pages go back to the system before the next phase allocates
    return pd.DataFrame(data, copy=False), report


__all__ = ["LogReadError", "MAX_SAMPLES", "ReadReport", "Rejected", "UnknownFormatError", "iter_record_chunks", "parse_lines",
           "read_logs"]
