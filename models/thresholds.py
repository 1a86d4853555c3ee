"""Score thresholds and calibration, chosen **without labels**.

* :func:`choose_threshold` picks a score threshold by contamination quantile
  or by a robust tail rule (median + k * MAD).
* :func:`validate_threshold_params` checks those parameters up front.
* :func:`ecdf_scores` calibrates raw scores to 0..1 against training scores.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

__all__ = ["THRESHOLD_METHODS", "choose_threshold", "ecdf_scores", "validate_threshold_params"]

THRESHOLD_METHODS: tuple[str, ...] = ("contamination", "tail")

#: MAD -> standard deviation for a gaussian; mean absolute deviation -> standard deviation.
_MAD_TO_STD = 1.4826
_MEANAD_TO_STD = 1.2533


def choose_threshold(
    train_scores: np.ndarray,
    *,
    method: Literal["contamination", "tail"] = "contamination",
    contamination: float = 0.05,
    tail_k: float = 3.0,
    tail_spread: Literal["upper", "both"] = "upper",
) -> float:
    """Choose a score threshold from training scores, without labels.

    Rows with ``score > threshold`` are flagged.

    Parameters
    ----------
    train_scores : numpy.ndarray of shape (n_samples,)
        Training anomaly scores (higher = more anomalous).
    method : {"contamination", "tail"}
        ``"contamination"``: the ``1 - contamination`` quantile, so about
        that share of the training rows is flagged.  ``"tail"``: median +
        ``tail_k`` * MAD (scaled to a gaussian standard deviation), which
        flags only rows far out in the right tail -- possibly none.
    contamination : float, default 0.05
        Expected share of anomalies, in ``(0, 0.5]``.
    tail_k : float, default 3.0
        Width of the tail rule in robust standard deviations (> 0).
    tail_spread : {"upper", "both"}, default "upper"
        MAD of the deviations of the upper half of the scores (``"upper"``,
        a right-tail "double MAD") or of all of them (``"both"``, the plain
        MAD).  Both equal sigma for gaussian scores, but detector scores are
        right-skewed (distances, path lengths), where the plain MAD is too
        narrow and the rule flags several percent of clean data.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        On an unknown method, out-of-range parameters or no finite score.
    """
    validate_threshold_params(method, contamination, tail_k)
    scores = np.asarray(train_scores, dtype=np.float64).ravel()
    scores = scores[np.isfinite(scores)]
    if scores.size == 0:
        raise ValueError("cannot choose a threshold: no finite training score")
    if method == "contamination":
        return float(np.quantile(scores, 1.0 - contamination))
    med = float(np.median(scores))
    dev = scores - med
    if tail_spread == "upper":
        dev = dev[dev >= 0]
    elif tail_spread != "both":
        raise ValueError(f"tail_spread must be 'upper' or 'both'; got {tail_spread!r}")
    spread = float(np.median(np.abs(dev))) * _MAD_TO_STD
    if spread <= 0:  # most scores tied at the median: fall back to mean |dev|
        spread = float(np.mean(np.abs(dev))) * _MEANAD_TO_STD
    return med + tail_k * spread


def validate_threshold_params(method: str, contamination: float, tail_k: float) -> None:
    """Raise ``ValueError`` unless the thresholding parameters are valid."""
    if method not in THRESHOLD_METHODS:
        raise ValueError(f"threshold_method must be one of {', '.join(THRESHOLD_METHODS)}; got {method!r}")
    if not isinstance(contamination, (int, float)) or not 0 < contamination <= 0.5:
        raise ValueError(f"contamination must be a float in (0, 0.5]; got {contamination!r}")
    if not isinstance(tail_k, (int, float)) or not tail_k > 0:
        raise ValueError(f"tail_k must be a positive number; got {tail_k!r}")


def ecdf_scores(
    train_scores: np.ndarray,
    scores: np.ndarray,
    *,
    ties: Literal["right", "mid"] = "right",
) -> np.ndarray:
    """Calibrate scores to 0..1 by the empirical CDF of training scores.

    Parameters
    ----------
    train_scores : array-like of shape (n_train,)
        Reference scores; non-finite ones are dropped.
    scores : array-like of shape (n,)
        Scores to calibrate.
    ties : {"right", "mid"}, default "right"
        ``"right"``: the fraction of training scores ``<=`` each score (every
        tied training score counts).  ``"mid"``: the mid-rank, the mean of
        the fractions ``<`` and ``<=``, so a score tied with a large mass of
        training scores lands in the middle of that mass instead of on top.

    Returns
    -------
    numpy.ndarray of float64 in [0, 1]
        NaN scores stay NaN; ``+inf`` maps to 1 and ``-inf`` to 0.
    """
    ref = np.asarray(train_scores, dtype=np.float64).ravel()
    ref = np.sort(ref[np.isfinite(ref)])
    if ref.size == 0:
        raise ValueError("ecdf_scores needs at least one finite training score")
    s = np.asarray(scores, dtype=np.float64).ravel()
    right = np.searchsorted(ref, s, side="right").astype(np.float64)
    if ties == "mid":
        left = np.searchsorted(ref, s, side="left")
        out = (left + right) / (2.0 * ref.size)
    elif ties == "right":
        out = right / ref.size
    else:
        raise ValueError(f"ties must be 'right' or 'mid'; got {ties!r}")
    out[np.isnan(s)] = np.nan
    return out
