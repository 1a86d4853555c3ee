"""Planning the read of log files: one :class:`ReadTask` per piece of a file.

The format, the syslog header and the container-runtime wrapper are decided
once per file from its first lines, as a whole-file read does; a plain file
is cut just after line ends (never between the pieces of a line a container
runtime split; gzip, W3C and CSV files are one task each: gzip cannot be
entered in the middle, and a W3C ``#Fields`` directive or a CSV header row
sets the layout of the lines after it).
The tasks are read by :func:`detector.io.tasks.read_task_chunks`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from contextlib import closing
from dataclasses import dataclass
from functools import partial
from typing import BinaryIO

from detector.io.errors import LogReadError, UnknownFormatError
from detector.io.files import PathLike, block_lines, is_gzip, iter_raw_blocks
from detector.io.containers import PARTIAL_WRAPPERS, open_piece, unwrap_lines
from detector.io.formats import DIRECTIVE_FORMATS, container_wrapper, make_parser, sniff_format
from detector.io.report import FileTally, ReadReport
from detector.io.syslog import looks_like_syslog, strip_syslog_lines

#: Bytes read at a time while looking for the line ends that place the cuts.
_SCAN_BYTES = 1 << 20
#: Bytes read back from a cut in a container log to see whether a line is open there.
_BACK_BYTES = 1 << 18


@dataclass(frozen=True)
class ReadTask:
    """One piece of one log file, readable on its own (small and picklable).

    Attributes
    ----------
    path : str
        The file.
    file_idx : int
        The file's position in the scan's list (the ``file_idx`` column).
    start : int
        Byte offset of the piece's first line (0: the start of the file).
    stop : int or None
        Byte offset just after its last line; None: to the end of the file.
    fmt : str or None
        The file's format (parser name, ``'logformat'`` for a LogFormat
        string), decided for the whole file; None when the file has no
        non-blank line to decide from (empty or blank).
    syslog : bool
        The file's lines carry a syslog header (decided for the whole file).
    size : int
        On-disk bytes the piece covers (for progress).
    wrapper : str or None
        The file's container-runtime wrapper (``'docker'``, ``'cri'``,
        ``'kubectl'``, see :mod:`detector.io.containers`), decided for the
        whole file; None for lines without one.
    """

    path: str
    file_idx: int
    start: int
    stop: int | None
    fmt: str | None
    syslog: bool
    size: int
    wrapper: str | None = None


def format_option(fmt: str | None, log_format: str | None) -> str | None:
    """The format to force (None: detect per file); bad names fail here, before any file is read."""
    if log_format is not None or (fmt is not None and fmt.strip().lower() == "auto"):
        fmt = None
    if log_format is not None or fmt is not None:
        make_parser(fmt, log_format=log_format)
    return fmt


def _decide(path: PathLike, label: str, fmt: str | None, log_format: str | None,
            jsonl_mapping: Mapping[str, str] | None) -> tuple[str | None, bool, str | None, list[str]]:
    """The file's parser name, syslog-ness, container wrapper and format notes, from its first block with a
    non-blank line."""
    name = "logformat" if log_format is not None else None
    forced = (partial(make_parser, fmt, log_format=log_format, jsonl_mapping=jsonl_mapping)
              if log_format is not None or fmt is not None else None)  # the parser a kubectl-like time may suit
    with closing(iter_raw_blocks(path, label)) as blocks:
        for block, _ in blocks:
            lines = block_lines(block)
            syslog = looks_like_syslog(lines)
            wrapper = None
            if syslog:
                lines = strip_syslog_lines(lines)
            else:
                wrapper = container_wrapper(lines, forced)
                if wrapper is not None:
                    lines = unwrap_lines(lines, wrapper)[0]
            notes: list[str] = []
            if log_format is None and fmt is None:
                try:
                    name, notes = sniff_format(lines)
                except UnknownFormatError as exc:
                    if any(line.strip() for line in lines):
                        raise UnknownFormatError(f"{label}: {exc}") from exc
                    name = None  # only blank lines so far: decide from the next block
            elif log_format is None:
                name = fmt
            if name is not None:
                parser = make_parser(name, log_format=log_format, jsonl_mapping=jsonl_mapping)
                return parser.name, syslog, wrapper, notes
    return None, False, None, []


def _close_cut(fh: BinaryIO, cut: int, size: int, wrapper: str) -> int:
    """``cut``, or the first line end after it with no stdout line of a container log open before it."""
    back = max(0, cut - _BACK_BYTES)
    fh.seek(back)
    lines = fh.read(cut - back).split(b"\n")[1 if back else 0:-1]  # a cut follows a '\n'
    state = None
    for raw in reversed(lines):  # is the last stdout record before the cut a piece of a line?
        state = open_piece(raw.decode("utf-8", "replace").rstrip("\r"), wrapper)
        if state is not None:
            break
    while state and cut < size:  # move the cut past the line's last piece
        raw = fh.readline()
        if not raw:
            break
        cut += len(raw)
        piece = open_piece(raw.decode("utf-8", "replace").rstrip("\r\n"), wrapper)
        state = state if piece is None else piece
    return cut


def _cuts(path: PathLike, label: str, size: int, target_bytes: int, wrapper: str | None = None) -> list[int]:
    """Offsets of the line starts that cut a plain file into pieces of about ``target_bytes``.

    Only a little around each cut is read: lines are numbered by the tasks
    themselves (see :func:`line_offsets`), not by a pass over the file here.
    In a container log whose records may be pieces of a line, a cut is moved
    past the line's last piece.
    """
    cuts: list[int] = []
    want = target_bytes  # the next cut is just after the first '\n' at or after offset want - 1
    try:
        with open(path, "rb", buffering=0) as fh:
            while want < size:
                fh.seek(want - 1)
                pos = want - 1
                at = -1
                while at < 0:
                    block = fh.read(_SCAN_BYTES)
                    if not block:
                        return cuts
                    at = block.find(b"\n")
                    if at < 0:
                        pos += len(block)  # a line longer than the block: look on
                cut = pos + at + 1
                if wrapper in PARTIAL_WRAPPERS:
                    with open(path, "rb") as lines_fh:
                        cut = _close_cut(lines_fh, cut, size, wrapper)
                if cut >= size:
                    break
                cuts.append(cut)
                want = cut + target_bytes
    except OSError as exc:
        raise LogReadError(f"{label}: read error: {' '.join(str(exc).split()) or type(exc).__name__}") from exc
    return cuts


def plan_file(path: PathLike, file_idx: int, fmt: str | None, log_format: str | None,
               jsonl_mapping: Mapping[str, str] | None, report: ReadReport,
               target_bytes: int | None) -> list[ReadTask]:
    """Decide one file's format and cut it into tasks (one when ``target_bytes`` is None)."""
    label = str(path)
    compressed = is_gzip(path, label)
    name, syslog, wrapper, notes = _decide(path, label, fmt, log_format, jsonl_mapping)
    notes = [f"{label}: {note}" for note in notes]
    report.warnings.extend(notes)
    if name is not None:
        report.formats[label] = name
        if syslog:
            report.syslog_files.append(label)
    report.pending[file_idx] = FileTally(label, name, notes=notes)
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise LogReadError(f"{label}: cannot read: {exc.strerror or exc}") from exc
    cuts: list[int] = []
    if target_bytes is not None and not compressed and name not in (None, "csv", *DIRECTIVE_FORMATS):
        cuts = _cuts(path, label, size, target_bytes, wrapper)
    starts = [0, *cuts]
    tasks = []
    for i, start in enumerate(starts):
        stop = starts[i + 1] if i + 1 < len(starts) else None
        tasks.append(ReadTask(os.fsdecode(path), file_idx, start, stop, name, syslog,
                              (size if stop is None else stop) - start, wrapper))
    return tasks


def plan_reads(
    paths: PathLike | Iterable[PathLike],
    fmt: str | None = None,
    log_format: str | None = None,
    jsonl_mapping: Mapping[str, str] | None = None,
    target_bytes: int = 128 << 20,
) -> tuple[list[ReadTask], ReadReport]:
    """Decide every file's format and cut the files into read tasks.

    Parameters
    ----------
    paths : path or Iterable of paths
        Log files, plain or gzip; their position is the ``file_idx``.
    fmt, log_format, jsonl_mapping
        As for :func:`detector.io.reader.iter_record_chunks`.
    target_bytes : int
        About how many on-disk bytes a task covers.  Plain combined,
        common, LogFormat and JSON-lines files (syslog or container wrapped too) larger
        than this are cut just after a ``\\n``; gzip and W3C files, and
        empty or blank ones, are one task each.

    Returns
    -------
    tuple[list[ReadTask], ReadReport]
        The tasks in file and line order, and the report so far: ``files``,
        ``formats``, ``syslog_files`` and the format warnings, plus what
        :func:`finish_reads` needs.

    Raises
    ------
    LogReadError
        A file is missing or unreadable, or its format cannot be detected
        (:class:`UnknownFormatError`).
    ValueError
        An unknown format name, or ``target_bytes`` below 1.
    """
    if target_bytes < 1:
        raise ValueError("target_bytes must be positive")
    fmt = format_option(fmt, log_format)
    path_list = normalise_paths(paths)
    report = ReadReport()
    report.files.extend(str(p) for p in path_list)
    tasks: list[ReadTask] = []
    for file_idx, path in enumerate(path_list):
        tasks.extend(plan_file(path, file_idx, fmt, log_format, jsonl_mapping, report, target_bytes))
    return tasks, report


def normalise_paths(paths: PathLike | Iterable[PathLike]) -> list[PathLike]:
    if isinstance(paths, (str, bytes, os.PathLike)):
        return [paths]
    return list(paths)


__all__ = ["ReadTask", "format_option", "normalise_paths", "plan_file", "plan_reads"]
