"""Reading log files in independent pieces: plan, read each piece, finish.

A scan that reads in several processes cuts its files into :class:`ReadTask`
pieces (:func:`plan_reads`), reads each piece on its own
(:func:`read_task_chunks`, anywhere: tasks and reports pickle) and merges the
pieces' reports (:func:`finish_reads`), which gives exactly the report of a
whole-file read::

    tasks, report = plan_reads(paths, target_bytes=128 << 20)
    parts = []
    for task in tasks:                      # in any process, in any order
        part = ReadReport()
        for frame in read_task_chunks(task, report=part):
            ...
        parts.append(part)                  # kept in task order
    report = finish_reads(report, parts)    # raises like a whole-file read
    offsets = line_offsets(parts)           # tasks number lines from 1: add these for file line numbers

Planning (the format decided per file, the cuts placed after line ends) is
:mod:`detector.io.read_plan`; ``plan_reads`` and ``ReadTask`` are importable
from here too.  :func:`detector.io.reader.iter_record_chunks` reads each file as one task
through the same functions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import replace

import numpy as np
import pandas as pd

from detector.io.containers import Unwrapper
from detector.io.errors import LogReadError
from detector.io.files import block_lines, prefetch_blocks
from detector.io.formats import LineParser, make_parser
from detector.io.read_plan import ReadTask, plan_reads  # noqa: F401 - planned there, re-exported for callers
from detector.io.records import BINARY_DATA
from detector.io.report import MAX_SAMPLES, FileTally, ReadReport, Rejected
from detector.io.syslog import strip_syslog_block


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


def _unwrapped(blocks: Iterator[tuple[bytes, int]], unwrapper: Unwrapper,
               rejected: Callable[[list[tuple[int, str]]], None]) -> Iterator[tuple[bytes, int]]:
    """The blocks with their container wrapper removed (:mod:`detector.io.containers`), as many lines in all.

    ``rejected`` gets each block's malformed wrapper lines (position in the
    block, reason) just before the block is yielded; the lines still open at
    the end come as one last block that consumed no bytes.
    """
    for block, advanced in blocks:
        lines, rejects = unwrapper.feed(block_lines(block))
        rejected(rejects)
        yield ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass") if lines else b"", advanced
    lines, rejects = unwrapper.finish()
    if lines:
        rejected(rejects)
        yield ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass"), 0


def read_task_chunks(
    task: ReadTask,
    log_format: str | None = None,
    jsonl_mapping: Mapping[str, str] | None = None,
    chunk_lines: int = 200_000,
    report: ReadReport | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[pd.DataFrame]:
    """Read one task's lines and yield records frames in chunks.

    Only the bytes ``[task.start, task.stop)`` are read (a gzip task reads
    the whole stream), with the task's format, syslog-ness and container
    wrapper (nothing is sniffed), numbering lines from 1 at the task's first
    line (the lines of a container log numbered as in the file): a task cut
    from further into a file gets its file line numbers by adding its
    :func:`line_offsets` entry (:func:`finish_reads` does so for the
    rejected lines it reports).

    Parameters
    ----------
    task : ReadTask
        From :func:`plan_reads`.
    log_format : str or None
        The LogFormat string, needed when ``task.fmt`` is ``'logformat'``
        (ignored otherwise).
    jsonl_mapping : Mapping[str, str] or None
        Key overrides for ``jsonl`` files (as given to :func:`plan_reads`).
    chunk_lines : int
        Lines parsed per yielded frame (at most).
    report : ReadReport or None
        Filled in as the lines are read: counts, rejected lines, and the
        task's per-file tally (in ``pending``) for :func:`finish_reads`.
        Give each task its own report (or one per run of whole-file tasks:
        tasks number their lines from 1, see :func:`line_offsets`).
    progress : Callable[[int], None] or None
        Called with the on-disk bytes just consumed; they sum to
        ``task.size``.

    Yields
    ------
    pandas.DataFrame
        Non-empty records frames, in line order.

    Raises
    ------
    LogReadError
        The file is missing, unreadable or has corrupt gzip data.  A task
        without any parsed line is not an error here: see
        :func:`finish_reads`.
    ValueError
        ``chunk_lines`` below 1, or a ``'logformat'`` task without
        ``log_format``.
    """
    if chunk_lines < 1:
        raise ValueError("chunk_lines must be positive")
    report = report if report is not None else ReadReport()
    label = task.path
    name = task.fmt
    parser: LineParser | None = None
    if name == "logformat":
        if log_format is None:
            raise ValueError(f"{label}: the task was planned with a LogFormat string; pass it as log_format")
        parser = make_parser(log_format=log_format)
    elif name is not None:
        parser = make_parser(name, jsonl_mapping=jsonl_mapping)
    tally = report.pending.get(task.file_idx)
    if tally is None:
        tally = report.pending[task.file_idx] = FileTally(label, name)
    use_bytes = parser is not None and hasattr(parser, "parse_bytes")
    buffer: list[str] = []
    buffer_nul = False
    raw: list[tuple[bytes, int]] = []  # whole lines as bytes and their count, for parsers with ``parse_bytes``
    raw_lines = 0
    next_no = 1
    unwrap_rejects: list[Rejected] = []  # malformed container records not yet flushed, by line number

    def unwrap_rejected(rejects: list[tuple[int, str]]) -> None:
        first = next_no + (raw_lines if use_bytes else len(buffer))  # the number of the block's first line
        unwrap_rejects.extend(Rejected(label, first + i, reason) for i, reason in rejects)

    def with_unwrap_rejects(n_lines: int, rejects: list[Rejected]) -> list[Rejected]:
        """``rejects`` and the malformed container records among the ``n_lines`` lines being flushed."""
        if not unwrap_rejects or unwrap_rejects[0].line_no >= next_no + n_lines:
            return rejects
        k = next((i for i, r in enumerate(unwrap_rejects) if r.line_no >= next_no + n_lines), len(unwrap_rejects))
        mine = unwrap_rejects[:k]
        del unwrap_rejects[:k]
        return sorted(rejects + mine, key=lambda r: r.line_no)

    def account(n_lines: int, frame: pd.DataFrame, rejects: list[Rejected]) -> None:
        nonlocal next_no
        next_no += n_lines
        tally.seen += n_lines
        tally.parsed += len(frame)
        if rejects:
            tally.rejected += len(rejects)
            for reason, count in Counter(r.reason for r in rejects).items():
                tally.reasons[reason] = tally.reasons.get(reason, 0) + count
        report.lines_read += n_lines
        report.lines_parsed += len(frame)
        report.lines_skipped += n_lines - len(frame) - len(rejects)
        report.add_rejects(name, rejects)

    def flush(lines: list[str], nul: bool) -> pd.DataFrame:
        frame, rejects = _parse_chunk(parser, lines, next_no, task.file_idx, label, nul)
        rejects = with_unwrap_rejects(len(lines), rejects)
        account(len(lines), frame, rejects)
        if not len(frame) and not rejects:  # nothing read or refused: blank lines, or events that are not requests
            tally.other_events += sum(1 for line in lines if line.strip() and not line.startswith("#"))
        return frame

    def flush_raw(pieces: list[bytes], sizes: list[int]) -> pd.DataFrame:
        frame, rejects = parser.parse_bytes(pieces, sizes, next_no, task.file_idx)
        n_lines = sum(sizes)
        account(n_lines, frame, with_unwrap_rejects(n_lines, [Rejected(label, no, reason) for no, reason in rejects]))
        return frame

    with closing(prefetch_blocks(task.path, label, start=task.start, stop=task.stop)) as blocks:
        if task.wrapper is not None and parser is not None:  # the same number of lines, unwrapped
            blocks = _unwrapped(blocks, Unwrapper(task.wrapper), unwrap_rejected)
        for block, advanced in blocks:  # the read-ahead thread stops with the loop
            if task.syslog:  # the same number of lines, each without its syslog header
                block = strip_syslog_block(block)
            if use_bytes:
                n_block = _count_lines(block)
                raw.append((block, n_block))
                raw_lines += n_block
                while raw_lines >= chunk_lines:
                    pieces, sizes, raw = _take_lines(raw, chunk_lines)
                    raw_lines -= chunk_lines
                    frame = flush_raw(pieces, sizes)
                    if len(frame):
                        yield frame
            elif parser is not None:
                buffer.extend(block_lines(block) if block else ())
                buffer_nul = buffer_nul or b"\x00" in block
                while len(buffer) >= chunk_lines:
                    chunk, buffer = buffer[:chunk_lines], buffer[chunk_lines:]
                    frame = flush(chunk, buffer_nul)
                    if len(frame):
                        yield frame
            else:  # no format: the file held only blank lines when it was planned
                n_block = len(block_lines(block))
                next_no += n_block
                tally.seen += n_block
                report.lines_read += n_block
                report.lines_skipped += n_block
            if progress is not None:
                progress(advanced)
    if raw_lines:
        frame = flush_raw([b for b, _ in raw], [n for _, n in raw])
        if len(frame):
            yield frame
    if buffer:
        frame = flush(buffer, buffer_nul)
        if len(frame):
            yield frame


def _remove_last(items: list[str], value: str) -> None:
    for i in range(len(items) - 1, -1, -1):
        if items[i] == value:
            del items[i]
            return


def line_offsets(parts: Sequence[ReadReport]) -> list[dict[int, int]]:
    """What to add to the line numbers each task read, to number them in their files.

    Parameters
    ----------
    parts : Sequence[ReadReport]
        The tasks' reports, in task order (as given to :func:`finish_reads`).

    Returns
    -------
    list of dict of int to int
        Per report, for each file it read (by ``file_idx``), the lines the
        reports before it read from that file: 0 for a file's first task.
    """
    before: dict[int, int] = {}
    offsets = []
    for part in parts:
        offsets.append({file_idx: before.get(file_idx, 0) for file_idx in part.pending})
        for file_idx, tally in part.pending.items():
            before[file_idx] = before.get(file_idx, 0) + tally.seen
    return offsets


def _shifted(part: ReadReport, offsets: dict[int, int]) -> list[Rejected]:
    """``part``'s rejected samples numbered in their files."""
    by_label = {part.pending[f].label: n for f, n in offsets.items() if n}
    if not by_label:
        return part.rejected_samples
    return [replace(r, line_no=r.line_no + by_label.get(r.file, 0)) for r in part.rejected_samples]


def finish_reads(report: ReadReport, parts: Sequence[ReadReport]) -> ReadReport:
    """Merge the tasks' reports into the plan's report and check every file.

    Parameters
    ----------
    report : ReadReport
        From :func:`plan_reads` (or a report that tasks were read into).
    parts : Sequence[ReadReport]
        The tasks' reports, in task order (file order, then line order).

    Returns
    -------
    ReadReport
        ``report``, completed: counts and ``rejected_by_*`` summed, the
        first :data:`MAX_SAMPLES` rejected lines in file and line order
        (numbered in their files, see :func:`line_offsets`),
        warnings grouped by file in file order (each file's format notes,
        then an ``empty file`` / ``no log lines`` warning when nothing in
        it parsed), ``pending`` emptied.  The same as a whole-file read's.

    Raises
    ------
    LogReadError
        Nothing in a file parsed though some of its lines were rejected
        (``"<file>: no line could be read as <format> (<n> lines rejected,
        mostly: <reason>)"``), or though some were events that are not
        requests; the first such file, in file order.
    """
    files = report.pending
    report.pending = {}
    own_warnings: dict[int, list[str]] = {}
    others: list[str] = []
    for part, offsets in zip(parts, line_offsets(parts)):
        report.lines_read += part.lines_read
        report.lines_parsed += part.lines_parsed
        report.lines_rejected += part.lines_rejected
        report.lines_skipped += part.lines_skipped
        for key, count in part.rejected_by_format.items():
            report.rejected_by_format[key] = report.rejected_by_format.get(key, 0) + count
        for key, count in part.rejected_by_reason.items():
            report.rejected_by_reason[key] = report.rejected_by_reason.get(key, 0) + count
        room = MAX_SAMPLES - len(report.rejected_samples)
        if room > 0:
            report.rejected_samples.extend(_shifted(part, offsets)[:room])
        for file_idx, tally in part.pending.items():
            if file_idx not in files:
                files[file_idx] = FileTally(tally.label, tally.fmt)
            files[file_idx].add(tally)
        if len(part.pending) == 1:
            own_warnings.setdefault(next(iter(part.pending)), []).extend(part.warnings)
        else:
            others.extend(part.warnings)
    # each file's warnings together, in file order, as a read of one file after another gives them
    for tally in files.values():
        for note in tally.notes:
            _remove_last(report.warnings, note)
    for file_idx in sorted(files):
        tally = files[file_idx]
        report.warnings.extend(tally.notes)
        report.warnings.extend(own_warnings.get(file_idx, []))
        if tally.parsed == 0:
            if tally.rejected:
                reason, _ = Counter(tally.reasons).most_common(1)[0]
                raise LogReadError(f"{tally.label}: no line could be read as {tally.fmt} "
                                   f"({tally.rejected} lines rejected, mostly: {reason})")
            if tally.other_events and tally.fmt in ("jsonl", "cef"):
                raise LogReadError(f"{tally.label}: no request could be read as {tally.fmt}: its "
                                   f"{tally.other_events} lines are events that are not requests (an app's messages, "
                                   "a sensor's flows); give the format, or --field mappings for a JSON log")
            report.warnings.append(f"{tally.label}: empty file" if tally.seen == 0 else f"{tally.label}: no log lines")
    report.warnings.extend(others)
    return report


__all__ = ["ReadTask", "finish_reads", "line_offsets", "plan_reads", "read_task_chunks"]
