"""Train a model on baseline logs, save it, and load it back safely.

A saved model carries its metadata: the feature list of every level, library
versions, the training window and the settings that shape features.  Loading
refuses a model whose feature list or library versions do not match the
running code, with a message saying what differs.

With verdict labels (``detector train --labels FILE``, see
:mod:`detector.labels`) the saved model is a
:class:`~models.supervised.SupervisedDetectorModel`: the same unsupervised
model plus a classifier per level with enough labels, whose probability is
blended into ``anomaly_score`` (see :mod:`models.supervised`).  Its metadata
adds ``supervised``: the label file, the labels matched per level and kind,
and the blend.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from detector.config import Settings
from detector.features import REGISTRY
from detector.io.reader import read_logs
from detector.engine import log_units
from detector.pipeline import build_features, drop_allowlisted_paths, new_model
from detector.units import fit_order
from models.pipeline import DetectorModel
from models.supervised import SupervisedDetectorModel

#: Models ``load_trained`` accepts.
TRAINED_MODELS = (DetectorModel, SupervisedDetectorModel)


class ModelRefused(Exception):
    """A model file cannot be used with this code or these settings."""


def expected_feature_list() -> list[str]:
    """Every feature the running code computes, as ``level:family`` entries.

    The list names registered families rather than columns so that it is
    known without computing anything; a model trained by code with other
    families is refused.
    """
    return sorted(REGISTRY)


def train_and_save(
    paths: Sequence[str | Path],
    settings: Settings,
    out_path: str | Path,
    labels_path: str | Path | None = None,
) -> dict:
    """Fit a model on baseline logs and write it to ``out_path``.

    Parameters
    ----------
    paths : sequence of path
        Baseline logs.
    settings : Settings
        All settings.
    out_path : path
        The joblib file to write (parent directories are created).
    labels_path : path, optional
        Verdicts (``id,label`` CSV, see :mod:`detector.labels`); when given,
        a supervised layer is fitted on the labelled units found in the logs.

    Returns
    -------
    dict
        The metadata saved with the model.

    Raises
    ------
    detector.labels.LabelError
        The labels file is bad, or too few of its labels are in these logs.
    """
    from models.persistence import save_model

    labels = None
    if labels_path is not None:
        from detector.labels import read_labels

        labels = read_labels(labels_path)  # a bad file fails before the logs are read
    supervised = None
    if labels is None:
        # the engine the scan would use (partitioned for large logs), fitted on rows in the scan's order
        units, report = log_units([Path(p) for p in paths], settings)
        features, sessions = units.features, units.sessions
        model = new_model(settings).fit(fit_order(features, sessions))
    else:
        # labels name sessions, app sessions, accounts and alerts: matching them needs the requests in memory
        records, report = read_logs(
            [Path(p) for p in paths],
            fmt=settings.input_format,
            log_format=settings.log_format,
            jsonl_mapping=settings.jsonl_mapping,
        )
        records, _ = drop_allowlisted_paths(records, settings)
        data, features = build_features(records, settings)
        sessions = data.sessions
        del records
        model, supervised = _fit_supervised(labels, labels_path, data, features, settings)
    first, last = sessions["first_seen"], sessions["last_seen"]
    metadata = {
        "columns": {level: list(frame.columns) for level, frame in features.items()},
        "units": ", ".join(f"{len(frame):,} {level} units" for level, frame in features.items()),
        "training_window": [first.min().isoformat(), last.max().isoformat()] if len(sessions) else [None, None],
        "training_files": [str(p) for p in paths],
        "lines_parsed": report.lines_parsed,
        "session_gap_minutes": settings.session_gap_minutes,
        "thresholds": {lvl: float(getattr(e, "threshold_", float("nan"))) for lvl, e in model.ensembles_.items()},
    }
    if supervised is not None:
        metadata["supervised"] = supervised
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    save_model(model, out, feature_names=expected_feature_list(), metadata=metadata)
    return metadata


def _fit_supervised(labels: list, labels_path: str | Path, data, features: dict, settings: Settings):
    """Fit the unsupervised model plus the supervised layer; return it and its metadata."""
    from detector.labels import LabelError, resolve_labels
    from models.supervised import NotEnoughLabels, SupervisedClassifier

    match = resolve_labels(labels, data, features)
    model = SupervisedDetectorModel(
        base=new_model(settings), classifier=SupervisedClassifier(random_state=settings.random_state)
    )
    try:
        model.fit(features, match.targets)
    except NotEnoughLabels as exc:
        found = ", ".join(f"{k} {v}" for k, v in match.matched.items()) or "none"
        raise LabelError(
            f"labels file {labels_path}: {exc}; {len(labels)} label(s) read, matched in these logs: {found}, "
            f"not found: {len(match.unmatched)}"
        ) from None
    meta = {
        "labels_file": str(labels_path),
        "labels_read": len(labels),
        **match.to_dict(),
        **model.describe(),
    }
    return model, meta


def load_trained(path: str | Path, settings: Settings) -> DetectorModel | SupervisedDetectorModel:
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
    if not isinstance(model, TRAINED_MODELS):
        raise ModelRefused(f"{path} does not hold a detector model (found {type(model).__name__})")
    if isinstance(model, SupervisedDetectorModel):
        _check_supervised(path, model, metadata)
    elif metadata.get("supervised"):
        raise ModelRefused(f"{path}: its metadata describes a supervised layer but the file holds none; retrain it")
    gap = metadata.get("session_gap_minutes")
    if gap is not None and float(gap) != settings.session_gap_minutes:
        raise ModelRefused(
            f"{path} was trained with a {gap}-minute session gap but this run uses "
            f"{settings.session_gap_minutes}; retrain or pass the same setting"
        )
    return model


def _check_supervised(path: str | Path, model: SupervisedDetectorModel, metadata: dict) -> None:
    """Refuse a supervised model whose classifiers do not fit its own unsupervised model.

    Each classifier reads the columns the unsupervised model produces for its
    level (features, peer ratios, anomaly score); a dry run on an empty frame
    checks that they are all still produced by the running code.
    """
    import pandas as pd

    classifiers = getattr(model, "classifiers_", None)
    base = getattr(model, "base_", None)
    if not classifiers or not isinstance(base, DetectorModel):
        raise ModelRefused(f"{path} holds a supervised model that was never fitted; retrain it")
    for level, clf in classifiers.items():
        columns = base.feature_names_.get(level)
        if not columns:
            raise ModelRefused(f"{path}: its {level} classifier has no {level} features in the model; retrain it")
        try:
            empty = pd.DataFrame({c: pd.Series([], dtype="float64") for c in columns})
            produced = set(map(str, base.score({level: empty})[level].features.columns))
        except Exception as exc:  # a model from other code: say so rather than fail mid-scan
            raise ModelRefused(f"{path}: its {level} model cannot score with this code ({type(exc).__name__}: {exc}); retrain it") from None
        missing = [str(c) for c in getattr(clf, "feature_names_in_", []) if str(c) not in produced]
        if missing:
            raise ModelRefused(
                f"{path}: its {level} classifier was fitted on columns this code does not produce "
                f"({', '.join(missing[:10])}); retrain it"
            )
