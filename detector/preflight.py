"""Checks made before a run starts: that output places can be written and a service URL is usable.

A scan or a training run that would fail only when writing its results
(minutes later, after the analysis) is refused at once, with a
:class:`~detector.config.ConfigError` naming the place and the reason.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from detector.config import ConfigError

__all__ = ["check_service_url", "writable_directory", "writable_file"]


def check_service_url(url: str) -> str:
    """Check the URL of a running detector service: ``http(s)://HOST[:PORT][/PREFIX]``.

    Parameters
    ----------
    url : str
        E.g. ``http://127.0.0.1:8000``.

    Returns
    -------
    str
        ``url`` unchanged.

    Raises
    ------
    ConfigError
        Naming what is wrong (scheme, host or port).
    """
    parts = urlsplit(url.strip())
    example = "expected http(s)://HOST[:PORT], e.g. http://127.0.0.1:8000"
    if parts.scheme not in ("http", "https"):
        raise ConfigError(f"service URL {url!r} is not http or https; {example}")
    try:
        port = parts.port
    except ValueError:
        raise ConfigError(f"service URL {url!r} has a bad port (1-65535); {example}") from None
    if not parts.hostname or port == 0 or parts.query or parts.fragment:
        raise ConfigError(f"service URL {url!r}: {example}")
    return url


def _probe_writable(directory: Path) -> None:
    """Create and remove a file in ``directory`` (``os.access`` says yes to root even on read-only mounts)."""
    fd, name = tempfile.mkstemp(prefix=".detector-probe-", dir=directory)
    os.close(fd)
    os.unlink(name)


def _nearest_existing(path: Path) -> Path:
    """``path`` or its closest ancestor that exists."""
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path(".")


def _missing_directories(path: Path) -> list[Path]:
    """``path`` and its ancestors that do not exist yet, deepest first."""
    missing = []
    for candidate in (path, *path.parents):
        if candidate.exists() or candidate.is_symlink():
            break
        missing.append(candidate)
    return missing


def _check_writable_directory(target: Path, keep: bool) -> None:
    """Create ``target`` (and parents), write and remove a probe file; remove what was created unless ``keep``."""
    created = _missing_directories(target)
    target.mkdir(parents=True, exist_ok=True)
    try:
        _probe_writable(target)
    finally:
        if not keep:
            for directory in created:
                try:
                    directory.rmdir()
                except OSError:  # something else appeared in it meanwhile: leave it
                    break


def writable_directory(path: str | Path, what: str, *, keep: bool = True) -> Path:
    """Make sure ``path`` is a directory this process can create and write in.

    Parameters
    ----------
    path : str or Path
        The directory.
    what : str
        What it is for, named in the message (e.g. ``"output directory"``).
    keep : bool, default True
        Leave the directory (and missing parents) created; False removes
        what the check created, so a run that fails later leaves nothing.

    Returns
    -------
    Path

    Raises
    ------
    ConfigError
        ``path`` or an ancestor is a file, or it cannot be created or written to.
    """
    target = Path(path)
    existing = _nearest_existing(target)
    if not existing.is_dir():
        where = "" if existing == target else f" ({existing} is a file)"
        raise ConfigError(f"{what} {target} is not a directory{where}")
    try:
        _check_writable_directory(target, keep)
    except OSError as exc:
        raise ConfigError(f"cannot write to {what} {target}: {exc.strerror or exc}") from None
    return target


def writable_file(path: str | Path, what: str) -> Path:
    """Make sure a file can be written at ``path`` (its missing parent directories can be created).

    An existing file is allowed (it will be replaced); nothing is left at
    ``path`` or in its parent by the check.

    Parameters
    ----------
    path : str or Path
        The file to be written.
    what : str
        What it is, named in the message (e.g. ``"model file"``).

    Returns
    -------
    Path

    Raises
    ------
    ConfigError
        ``path`` is a directory, its parent is not one, or the parent cannot be written to.
    """
    target = Path(path)
    if target.is_dir():
        raise ConfigError(f"{what} {target} is a directory: give the name of a file (in it, or elsewhere)")
    if target.exists() and not target.is_file():
        raise ConfigError(f"{what} {target} is not a regular file")
    existing = _nearest_existing(target.parent)
    if not existing.is_dir():
        raise ConfigError(f"cannot write {what} {target}: {existing} is not a directory")
    try:
        _check_writable_directory(target.parent, keep=False)
    except OSError as exc:
        raise ConfigError(f"cannot write {what} {target}: {exc.strerror or exc}") from None
    return target
