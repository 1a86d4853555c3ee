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
from detector.features.whole_log import WHOLE_LOG_FAMILIES
from detector.io.errors import LogReadError
from detector.io.reader import read_logs
from detector.engine import log_units
from detector.pipeline import build_features, drop_allowlisted_paths, new_model
from detector.units import fit_order
from models.pipeline import MIN_UNITS_FOR_ENSEMBLE, DetectorModel
from models.supervised import SupervisedDetectorModel

#: Models ``load_trained`` accepts.
TRAINED_MODELS = (DetectorModel, SupervisedDetectorModel)
#: Fewest sessions a model is trained on: below this the unsupervised ensemble of the
#: session level is not fitted (:data:`models.pipeline.MIN_UNITS_FOR_ENSEMBLE`) and every
#: session would score 0, so the model would learn nothing about what is normal.
MIN_TRAINING_SESSIONS = MIN_UNITS_FOR_ENSEMBLE


class ModelRefused(Exception):
    """A model file cannot be used with this code or these settings."""


class TooLittleTraining(LogReadError):
    """The baseline logs hold too few sessions to learn from (a :class:`LogReadError`: the input is the problem)."""


def _too_few(sessions: int, paths: Sequence[str | Path]) -> str:
    names = ", ".join(str(p) for p in list(paths)[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
    return (
        f"{names}: {sessions:,} session(s), too few to learn what is normal here; training needs at least "
        f"{MIN_TRAINING_SESSIONS} sessions (with fewer the anomaly ensemble is not fitted and every session "
        "would score 0): give it more baseline logs"
    )


def check_enough_units(features: dict, paths: Sequence[str | Path]) -> None:
    """Refuse to train on fewer than :data:`MIN_TRAINING_SESSIONS` sessions.

    Parameters
    ----------
    features : dict of str to pandas.DataFrame
        The feature frames of the baseline logs, keyed by level.
    paths : sequence of path
        The baseline logs (named in the message).

    Raises
    ------
    TooLittleTraining
        The session level has fewer units than that.
    """
    frame = features.get("session")
    sessions = 0 if frame is None else len(frame)
    if sessions < MIN_TRAINING_SESSIONS:
        raise TooLittleTraining(_too_few(sessions, paths))


def expected_feature_list() -> list[str]:
    """Every feature the running code computes, as ``level:family`` entries.

    The list names registered families rather than columns so that it is
    known without computing anything; a model trained by code with other
    families is refused.
    """
    return sorted([*REGISTRY, *WHOLE_LOG_FAMILIES])


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
    TooLittleTraining
        The logs hold fewer than :data:`MIN_TRAINING_SESSIONS` sessions (nothing is written).
    """
    from models.persistence import save_model

    labels = None
    if labels_path is not None:
        from detector.labels import read_labels

        labels = read_labels(labels_path)  # a bad file fails before the logs are read
    supervised = None
    if labels is None:
        # the engine the scan would use (partitioned for large logs), fitted on rows in the scan's order
        units, report = log_units([Path(p) for p in paths], settings)  # with the whole-log features already
        features, sessions = units.features, units.sessions
        check_enough_units(features, paths)
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
        check_enough_units(features, paths)
        model, supervised = _fit_supervised(labels, labels_path, data, features, settings)
    first, last = sessions["first_seen"], sessions["last_seen"]
    metadata = {
        "columns": {level: list(frame.columns) for level, frame in features.items()},
        "units": ", ".join(f"{len(frame):,} {level} units" for level, frame in features.items()),
        "units_by_level": {level: len(frame) for level, frame in features.items()},
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
    from detector.label_targets import resolve_labels
    from detector.labels import LabelError
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
        The file is missing or corrupt, was trained with other features,
        library versions or session settings, or on too few sessions to have
        learnt anything (see :data:`MIN_TRAINING_SESSIONS`).
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
    _check_trained_on_enough(path, model)
    gap = metadata.get("session_gap_minutes")
    if gap is not None and float(gap) != settings.session_gap_minutes:
        raise ModelRefused(
            f"{path} was trained with a {gap}-minute session gap but this run uses "
            f"{settings.session_gap_minutes}; retrain or pass the same setting"
        )
    return model


def _check_trained_on_enough(path: str | Path, model: DetectorModel | SupervisedDetectorModel) -> None:
    """Refuse a model whose session level was fitted on fewer than :data:`MIN_TRAINING_SESSIONS` units."""
    base = getattr(model, "base_", model)
    fitted = getattr(base, "fit_units_", None)
    if not isinstance(fitted, dict):  # fitted before the count was kept: the ensemble tells
        if "session" in (getattr(base, "ensembles_", None) or {}):
            return
        sessions = 0
    else:
        sessions = int(fitted.get("session", 0))
    if sessions < MIN_TRAINING_SESSIONS:
        raise ModelRefused(
            f"{path} was trained on {sessions:,} session(s): too few to have learnt what is normal (at least "
            f"{MIN_TRAINING_SESSIONS} are needed, or every session scores 0); retrain it on more baseline logs"
        )


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
