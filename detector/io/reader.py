"""Read access-log files into records frames, chunk by chunk.

Files are read one after another as raw bytes in large blocks (gzip is
recognised by its magic bytes; a background thread reads ahead), decoded as
UTF-8 with replacement, split into lines and parsed in chunks of
``chunk_lines`` lines.  The format is detected per file unless given; so is
a syslog header in front of every line (:mod:`detector.io.syslog`) or a
container runtime's wrapper around it (:mod:`detector.io.containers`), which
is then removed before parsing.  A :class:`ReadReport` collects counts,
the first rejected lines (file, line number, reason: never the line itself,
which carries student identifiers) and warnings.  Each file is read as one
task of :mod:`detector.io.tasks`, the machinery that also reads pieces of
files in parallel and merges their reports into the same report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

import pandas as pd

from detector.io.errors import LogReadError, UnknownFormatError
from detector.io.files import PathLike
from detector.io.containers import unwrap_lines
from detector.io.formats import container_wrapper, make_parser, sniff_format
from detector.io.memory import release_memory
from detector.io.report import MAX_SAMPLES, ReadReport, Rejected
from detector.io.syslog import looks_like_syslog, strip_syslog_lines
from detector.io.read_plan import format_option, normalise_paths, plan_file
from detector.io.tasks import (  # noqa: F401 - _count_lines, _parse_chunk: used from here by tests
    _count_lines,
    _parse_chunk,
    finish_reads,
    read_task_chunks,
)
from detector.schema import concat_column, empty_records


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
        one of :data:`detector.io.formats.FORMATS`; ``None`` or
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
        header is removed from every line before parsing; so is a container
        runtime's wrapper (see :mod:`detector.io.containers`: stderr records
        skipped, pieces of a line joined, malformed records rejected).

    Raises
    ------
    UnknownFormatError
        ``fmt`` is None and the format cannot be detected.
    """
    text = [line.rstrip("\r\n") for line in lines]
    if fmt is not None and fmt.strip().lower() == "auto":
        fmt = None
    unwrap_rejects: list[Rejected] = []
    if looks_like_syslog(text):
        text = strip_syslog_lines(text)
    else:
        forced = (None if fmt is None and log_format is None else
                  lambda: make_parser(fmt, log_format=log_format, jsonl_mapping=jsonl_mapping))
        wrapper = container_wrapper(text, forced)
        if wrapper is not None:
            text, found = unwrap_lines(text, wrapper)
            unwrap_rejects = [Rejected(file_label, first_line_no + i, reason) for i, reason in found]
    if fmt is None and log_format is None:
        fmt = sniff_format(text)[0]
    parser = make_parser(fmt, log_format=log_format, jsonl_mapping=jsonl_mapping)
    frame, rejected = _parse_chunk(parser, text, first_line_no, file_idx, file_label)
    if unwrap_rejects:
        rejected = sorted(rejected + unwrap_rejects, key=lambda r: r.line_no)
    return frame, rejected, len(text)


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
    fmt = format_option(fmt, log_format)  # bad names fail before any file is read
    path_list = normalise_paths(paths)
    report = report if report is not None else ReadReport()
    report.files.extend(str(p) for p in path_list)
    for file_idx, path in enumerate(path_list):  # each file is one task, read into the report itself
        (task,) = plan_file(path, file_idx, fmt, log_format, jsonl_mapping, report, None)
        yield from read_task_chunks(task, log_format, jsonl_mapping, chunk_lines, report, progress)
        finish_reads(report, [])


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
