"""Saving and loading fitted models with the metadata needed to trust them.

A model file is a joblib file holding a small dict: a format marker, the
metadata (feature names, library versions, creation time, caller fields) and
the model itself serialised separately, so the metadata is checked *before*
the model is unpickled -- a file written by another scikit-learn or PyOD
release is refused with a clear message instead of failing (or silently
misbehaving) inside unpickling.

Like every pickle, a model file can run code when loaded: load only files
this system wrote.
"""

from __future__ import annotations

import io
import os
import platform
import tempfile
from datetime import datetime, timezone
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

import joblib

__all__ = [
    "FORMAT", "FORMAT_VERSION", "ModelLoadError", "ModelMismatchError",
    "load_model", "runtime_versions", "save_model",
]

FORMAT = "records-access-detector/model"
FORMAT_VERSION = 1
#: Libraries whose major.minor must match between saving and loading.
CHECKED_LIBRARIES: tuple[str, ...] = ("scikit-learn", "pyod")
_DISTRIBUTIONS = {"numpy": "numpy", "pandas": "pandas", "scikit-learn": "scikit-learn", "pyod": "pyod"}
_RESERVED = ("feature_names", "versions", "created_at", "format_version")


class ModelLoadError(Exception):
    """A model file is missing, unreadable or not a model file."""


class ModelMismatchError(Exception):
    """A model file does not fit the running code or the expected features."""


def runtime_versions() -> dict[str, str]:
    """Return the versions of python, numpy, pandas, scikit-learn and pyod running now."""
    versions = {"python": platform.python_version()}
    for key, dist in _DISTRIBUTIONS.items():
        try:
            versions[key] = importlib_metadata.version(dist)
        except importlib_metadata.PackageNotFoundError:
            versions[key] = "not installed"
    return versions


def _major_minor(version: str) -> str:
    return ".".join(str(version).split(".")[:2])


def save_model(
    obj: Any,
    path: str | os.PathLike[str],
    *,
    feature_names: list[str],
    metadata: dict[str, Any] | None = None,
) -> Path:
    """Write ``obj`` and its metadata to a joblib file, atomically.

    Parameters
    ----------
    obj : object
        A fitted model (anything picklable).
    path : str or path-like
        Destination; parent directories are created.
    feature_names : list of str
        The feature columns the model expects, in order.  When ``obj`` has
        ``feature_names_in_`` they must be the same set.
    metadata : dict, optional
        Extra JSON-like fields stored alongside (e.g. training window, row
        count).  Must not use the reserved keys ``feature_names``,
        ``versions``, ``created_at``, ``format_version``.

    Returns
    -------
    pathlib.Path
        The written path.

    Raises
    ------
    ValueError
        Bad ``feature_names``, reserved metadata keys, or a model fitted on
        other features.
    """
    names = list(feature_names)
    if not all(isinstance(n, str) for n in names) or len(set(names)) != len(names):
        raise ValueError("feature_names must be a list of distinct strings")
    fitted = getattr(obj, "feature_names_in_", None)
    if fitted is not None and set(map(str, fitted)) != set(names):
        raise ValueError(_describe_difference("the model was fitted on", list(map(str, fitted)), names))
    extra = dict(metadata or {})
    clash = [k for k in _RESERVED if k in extra]
    if clash:
        raise ValueError(f"metadata uses reserved key(s): {', '.join(clash)}")
    meta = {
        **extra,
        "format_version": FORMAT_VERSION,
        "feature_names": names,
        "versions": runtime_versions(),
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    buffer = io.BytesIO()
    joblib.dump(obj, buffer)
    payload = {"format": FORMAT, "metadata": meta, "model": buffer.getvalue()}
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(fd)
    try:
        joblib.dump(payload, tmp, compress=3)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _describe_difference(label: str, have: list[str], want: list[str]) -> str:
    missing = [f for f in want if f not in set(have)]
    extra = [f for f in have if f not in set(want)]
    parts = [f"feature mismatch: {label} {len(have)} features, {len(want)} expected"]
    if missing:
        parts.append(f"expected but absent: {', '.join(missing)}")
    if extra:
        parts.append(f"present but not expected: {', '.join(extra)}")
    return "; ".join(parts)


def load_model(
    path: str | os.PathLike[str],
    *,
    expected_features: list[str] | None = None,
    check_versions: bool = True,
) -> tuple[Any, dict[str, Any]]:
    """Load a model written by :func:`save_model`, refusing one that does not fit.

    Parameters
    ----------
    path : str or path-like
    expected_features : list of str, optional
        The features the caller will score with.  The file's feature list
        must hold exactly these (order is free: models select columns by name).
    check_versions : bool, default True
        Refuse a file saved under another major.minor of scikit-learn or PyOD.

    Returns
    -------
    model : object
    metadata : dict
        ``feature_names``, ``versions``, ``created_at``, ``format_version``
        and the caller's fields.

    Raises
    ------
    ModelLoadError
        Missing, unreadable or foreign file.
    ModelMismatchError
        Feature list or library versions differ (one-line message).
    """
    target = Path(path)
    if not target.is_file():
        raise ModelLoadError(f"model file not found: {target}")
    try:
        payload = joblib.load(target)
    except Exception as exc:  # corrupt, truncated, not joblib at all
        # the exception text of an unpickler fed something else is meaningless to a user ("KeyError: 110")
        raise ModelLoadError(f"{target} is not a model file written by `detector train` (unreadable: "
                             f"{type(exc).__name__})") from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT or "model" not in payload:
        raise ModelLoadError(f"{target} is not a model file written by `detector train`")
    meta = payload.get("metadata")
    if not isinstance(meta, dict) or not isinstance(meta.get("feature_names"), list):
        raise ModelLoadError(f"model file {target} has no valid metadata")
    if meta.get("format_version") != FORMAT_VERSION:
        raise ModelMismatchError(
            f"model file {target} has format version {meta.get('format_version')!r}; this code reads {FORMAT_VERSION}"
        )
    if check_versions:
        saved, running = meta.get("versions") or {}, runtime_versions()
        for lib in CHECKED_LIBRARIES:
            if _major_minor(saved.get(lib, "unknown")) != _major_minor(running[lib]):
                raise ModelMismatchError(
                    f"model file {target} was saved with {lib} {saved.get(lib, 'unknown')} but {lib} "
                    f"{running[lib]} is running; retrain the model or install {lib}=={_major_minor(saved.get(lib, '?'))}.*"
                )
    if expected_features is not None:
        have, want = list(meta["feature_names"]), list(expected_features)
        if set(have) != set(want) or len(have) != len(want):
            raise ModelMismatchError(f"model file {target}: " + _describe_difference("it was trained on", have, want))
    try:
        model = joblib.load(io.BytesIO(payload["model"]))
    except Exception as exc:
        raise ModelLoadError(f"cannot unpickle the model in {target}: {type(exc).__name__}: {exc}") from None
    return model, meta
