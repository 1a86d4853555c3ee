"""Train a model on baseline logs, save it, and load it back safely.

A saved model carries its metadata: the feature list of every level, library
versions, the training window and the settings that shape features.  Loading
refuses a model whose feature list or library versions do not match the
running code, with a message saying what differs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from detector.config import Settings
from detector.features import REGISTRY
from detector.io.reader import read_logs
from detector.pipeline import build_features, drop_allowlisted_paths, new_model
from models.pipeline import DetectorModel


class ModelRefused(Exception):
    """A model file cannot be used with this code or these settings."""


def expected_feature_list() -> list[str]:
    """Every feature the running code computes, as ``level:family`` entries.

    The list names registered families rather than columns so that it is
    known without computing anything; a model trained by code with other
    families is refused.
    """
    return sorted(REGISTRY)


def train_and_save(paths: Sequence[str | Path], settings: Settings, out_path: str | Path) -> dict:
    """Fit a :class:`DetectorModel` on baseline logs and write it to ``out_path``.

    Parameters
    ----------
    paths : sequence of path
        Baseline logs.
    settings : Settings
        All settings.
    out_path : path
        The joblib file to write (parent directories are created).

    Returns
    -------
    dict
        The metadata saved with the model.
    """
    from models.persistence import save_model

    records, report = read_logs([Path(p) for p in paths], fmt=settings.input_format, log_format=settings.log_format)
    records, _ = drop_allowlisted_paths(records, settings)
    _, features = build_features(records, settings)
    model = new_model(settings).fit(features)
    ts = records["ts"]
    metadata = {
        "columns": {level: list(frame.columns) for level, frame in features.items()},
        "units": ", ".join(f"{len(frame):,} {level} units" for level, frame in features.items()),
        "training_window": [ts.min().isoformat(), ts.max().isoformat()] if len(ts) else [None, None],
        "training_files": [str(p) for p in paths],
        "lines_parsed": report.lines_parsed,
        "session_gap_minutes": settings.session_gap_minutes,
        "thresholds": {lvl: float(getattr(e, "threshold_", float("nan"))) for lvl, e in model.ensembles_.items()},
    }
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    save_model(model, out, feature_names=expected_feature_list(), metadata=metadata)
    return metadata


def load_trained(path: str | Path, settings: Settings) -> DetectorModel:
    """Load a model written by :func:`train_and_save`, refusing a mismatch.

    Raises
    ------
    ModelRefused
        The file is missing or corrupt, or was trained with other features,
        library versions or session settings.
    """
    from models.persistence import ModelLoadError, ModelMismatchError, load_model

    try:
        model, metadata = load_model(path, expected_features=expected_feature_list())
    except (ModelLoadError, ModelMismatchError) as exc:
        raise ModelRefused(str(exc)) from None
    if not isinstance(model, DetectorModel):
        raise ModelRefused(f"{path} does not hold a detector model (found {type(model).__name__})")
    gap = metadata.get("session_gap_minutes")
    if gap is not None and float(gap) != settings.session_gap_minutes:
        raise ModelRefused(
            f"{path} was trained with a {gap}-minute session gap but this run uses "
            f"{settings.session_gap_minutes}; retrain or pass the same setting"
        )
    return model
