"""Open log files as lines: plain or gzip (by magic bytes), in large blocks."""

from __future__ import annotations

import gzip
import os
import queue
import threading
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from detector.io.errors import LogReadError

PathLike = str | os.PathLike
#: Bytes read per block (lines never straddle blocks).
BLOCK_BYTES = 1 << 22
_GZIP_MAGIC = b"\x1f\x8b"
_BOM = "\ufeff".encode()


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _open(path: PathLike, label: str) -> tuple[BinaryIO, BinaryIO]:
    """Open a file as (raw file, byte stream), decompressing gzip by magic bytes."""
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed by the caller
    except OSError as exc:
        raise LogReadError(f"{label}: cannot open: {exc.strerror or _one_line(exc)}") from exc
    try:
        magic = raw.read(2)
        raw.seek(0)
    except OSError as exc:
        raw.close()
        raise LogReadError(f"{label}: cannot read: {exc.strerror or _one_line(exc)}") from exc
    if magic == _GZIP_MAGIC:
        return raw, gzip.GzipFile(fileobj=raw, mode="rb")
    return raw, raw


def is_gzip(path: PathLike, label: str) -> bool:
    """True when the file starts with the gzip magic bytes.

    Raises
    ------
    LogReadError
        The file cannot be opened or read (the same messages as the readers).
    """
    raw, stream = _open(path, label)
    raw.close()
    return stream is not raw


def iter_raw_blocks(path: PathLike, label: str, start: int = 0,
                    stop: int | None = None) -> Iterator[tuple[bytearray, int]]:
    """Read a file block by block as raw bytes cut at line ends.

    Parameters
    ----------
    path : str or os.PathLike
        The file; gzip data is recognised by its magic bytes, whatever the name.
    label : str
        Name used in error messages.
    start, stop : int, int or None
        Read only the on-disk bytes ``[start, stop)`` of a plain file
        (``stop=None``: to the end); both should be line starts (0, just
        after a ``\\n`` or the file size) so no line is split.  A gzip file
        is always read whole (``start`` must be 0 and ``stop`` None).

    Yields
    ------
    tuple[bytearray, int]
        Whole lines, each with its ``\\n`` (only the file's last line may
        lack one; a UTF-8 BOM at the start of the file removed), and the
        number of on-disk bytes consumed since the previous block (they sum
        to ``stop - start``).  Each block is a new buffer the caller may
        keep; the file is read straight into it (no copy beyond the partial
        line carried to the next block).  The BOM is removed only when
        ``start`` is 0.

    Raises
    ------
    LogReadError
        The file cannot be opened or read, or its gzip data is corrupt.
    ValueError
        A byte range was given for a gzip file.
    """
    raw, stream = _open(path, label)
    compressed = stream is not raw
    pending = b""
    first = start == 0
    last_pos = start
    left = None if stop is None else max(stop - start, 0)  # bytes of the range not yet read
    try:
        if compressed and (start or stop is not None):
            raise ValueError(f"{label}: a gzip file can only be read whole")
        if start:
            try:
                raw.seek(start)
            except OSError as exc:
                raise LogReadError(f"{label}: read error: {_one_line(exc)}") from exc
        while True:
            want = BLOCK_BYTES if left is None else min(BLOCK_BYTES, left)
            block = bytearray(len(pending) + want)
            block[:len(pending)] = pending
            try:
                n = stream.readinto(memoryview(block)[len(pending):]) if want else 0
            except (OSError, EOFError, zlib.error) as exc:
                what = "corrupt gzip data" if compressed else "read error"
                raise LogReadError(f"{label}: {what}: {_one_line(exc)}") from exc
            if not n:
                break
            if left is not None:
                left -= n
            size = len(pending) + n
            cut = block.rfind(b"\n", 0, size)
            if cut < 0:
                pending = bytes(block[:size])
                continue
            pending = bytes(block[cut + 1:size])
            del block[cut + 1:]
            pos = raw.tell()
            if first and block.startswith(_BOM):
                del block[:len(_BOM)]
            yield block, pos - last_pos
            last_pos, first = pos, False
        if pending:
            pos = raw.tell()
            block = bytearray(pending)
            if first and block.startswith(_BOM):
                del block[:len(_BOM)]
            yield block, pos - last_pos
    finally:
        raw.close()


_DONE = object()


def prefetch_blocks(path: PathLike, label: str, depth: int = 3, start: int = 0,
                    stop: int | None = None) -> Iterator[tuple[bytearray, int]]:
    """:func:`iter_raw_blocks` read ahead by a background thread.

    The file is read (and gzip decompressed; both release the GIL) up to
    ``depth`` blocks ahead of the consumer, so reading overlaps with parsing
    when a core is free.  Same blocks, same order, same errors as
    :func:`iter_raw_blocks`; closing this generator early stops the thread
    and closes the file.

    Parameters
    ----------
    path : str or os.PathLike
        The file.
    label : str
        Name used in error messages.
    depth : int
        Blocks held ahead at most (each about :data:`BLOCK_BYTES`).
    start, stop : int, int or None
        The byte range, as for :func:`iter_raw_blocks`.

    Yields
    ------
    tuple[bytearray, int]
        As :func:`iter_raw_blocks`.
    """
    slots: queue.Queue = queue.Queue(maxsize=max(1, depth))
    halt = threading.Event()

    def put(item: object) -> bool:
        while not halt.is_set():
            try:
                slots.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        blocks = iter_raw_blocks(path, label, start, stop)
        try:
            for item in blocks:
                if not put(item):
                    return
            put(_DONE)
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, raised there
            put(exc)
        finally:
            blocks.close()

    thread = threading.Thread(target=work, name="read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            item = slots.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        halt.set()
        thread.join()


def block_lines(block: bytes | bytearray) -> list[str]:
    """The lines of a raw block (UTF-8 decoded with replacement, without line ends)."""
    return _decode(block[:-1] if block.endswith(b"\n") else block, False)


def iter_blocks(path: PathLike, label: str) -> Iterator[tuple[list[str], int, bool]]:
    """Read a file block by block and yield its lines.

    Parameters
    ----------
    path : str or os.PathLike
        The file; gzip data is recognised by its magic bytes, whatever the name.
    label : str
        Name used in error messages.

    Yields
    ------
    tuple[list[str], int, bool]
        The lines of the block (UTF-8 decoded with replacement, without line
        ends; a BOM at the start of the file removed), the number of on-disk
        bytes consumed since the previous block, and whether the block holds
        a NUL byte.

    Raises
    ------
    LogReadError
        The file cannot be opened or read, or its gzip data is corrupt.
    """
    for block, advanced in iter_raw_blocks(path, label):
        yield block_lines(block), advanced, b"\x00" in block


def _decode(block: bytes, first: bool) -> list[str]:
    text = block.decode("utf-8", errors="replace")
    if first and text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if "\r" in text:
        lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    return lines


__all__ = ["BLOCK_BYTES", "PathLike", "block_lines", "is_gzip", "iter_blocks", "iter_raw_blocks", "prefetch_blocks"]
