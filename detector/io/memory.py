"""Give memory back to the operating system between the phases of a large read.

A scan allocates and frees many arrays of hundreds of megabytes.  glibc's
allocator raises its mmap threshold each time such an array is freed, so
later ones come from the heap and stay mapped after they are freed; Arrow's
allocator keeps freed pages for reuse.  Neither is a leak, but both make the
peak resident size much larger than the data.  :func:`tune_allocator` fixes
the threshold (arrays of a megabyte or more are mapped, and unmapped when
freed) and :func:`release_memory` returns what is free now.  Both are no-ops
where glibc is not the C library.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

_M_MMAP_THRESHOLD = -3
_THRESHOLD = 1 << 20
_state: dict[str, object] = {}


def _libc() -> ctypes.CDLL | None:
    if "libc" not in _state:
        lib = None
        if sys.platform.startswith("linux"):
            try:
                lib = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
                lib.malloc_trim  # noqa: B018 - glibc only
                lib.mallopt  # noqa: B018
            except (OSError, AttributeError):
                lib = None
        _state["libc"] = lib
    return _state["libc"]  # type: ignore[return-value]


def tune_allocator() -> None:
    """Map arrays of a megabyte or more directly, so freeing them returns the memory (once per process)."""
    lib = _libc()
    if lib is not None and not _state.get("tuned"):
        lib.mallopt(_M_MMAP_THRESHOLD, _THRESHOLD)
        _state["tuned"] = True


def release_memory() -> None:
    """Return freed heap and Arrow pool pages to the operating system."""
    lib = _libc()
    if lib is not None:
        lib.malloc_trim(0)
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except (ImportError, AttributeError):
        pass


__all__ = ["release_memory", "tune_allocator"]
