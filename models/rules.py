"""Detection rules as data (YAML), evaluated vectorised on feature frames.

A rule file looks like a CrowdSec scenario file::

    rules:
      - id: bulk-record-harvest
        kind: scraping                 # scraping | credential_sharing | brute_force
        level: session                 # session | account_day | source_day
        condition: "distinct_entities >= 500 and ua_is_automation == 1"
        severity: high                 # low | medium | high | critical
        reason: "{distinct_entities:,.0f} distinct records in {duration_min:.0f} min"
        description: optional free text
        campaign_minutes: 60           # optional: alerts on different subjects this close are one campaign

``condition`` is a Python-syntax boolean expression over feature names,
checked against a strict whitelist and never passed to ``eval``; a missing
value never makes a rule match (see :mod:`models.rule_expr`).

This module reads rule files (:func:`parse_rules`, :func:`load_rules`) and
holds :class:`RuleSet`, the rules as an estimator.  One rule and its
validation is :class:`Rule` (:mod:`models.rule_definition`); the condition
language is :mod:`models.rule_expr`.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Union

import numpy as np
import pandas as pd
import yaml
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from .feature_columns import check_same_columns
from .rule_definition import KINDS, LEVELS, SEVERITY_WEIGHTS, Rule, RuleError
from .rule_expr import FUNCTIONS  # noqa: F401 - re-exported, as before the split

__all__ = [
    "KINDS", "LEVELS", "SEVERITY_WEIGHTS", "Rule", "RuleError", "RuleSet",
    "default_rules_path", "load_rules",
]

_REQUIRED = ("id", "kind", "level", "condition", "severity", "reason")
_FIELDS = (*_REQUIRED, "description", "campaign_minutes")

RuleSource = Union[str, Path, Mapping[str, Any], Sequence[Any], "RuleSet", None]


def _rule_from_mapping(item: Any, position: int) -> Rule:
    if isinstance(item, Rule):
        return item
    if not isinstance(item, Mapping):
        raise RuleError(f"rule #{position}: must be a mapping of fields; got {type(item).__name__}")
    rid = item.get("id")
    label = f"rule {rid!r}" if rid is not None else f"rule #{position}"
    unknown = sorted(set(map(str, item)) - set(_FIELDS))
    if unknown:
        raise RuleError(f"{label}: unknown field(s) {', '.join(unknown)}; allowed: {', '.join(_FIELDS)}")
    missing = [f for f in _REQUIRED if f not in item]
    if missing:
        raise RuleError(f"{label}: missing field(s) {', '.join(missing)}")
    return Rule(**{k: item[k] for k in _FIELDS if k in item and not (k not in _REQUIRED and item[k] is None)})


def _is_file(source: str | Path) -> bool:
    try:
        return Path(source).is_file()
    except (OSError, ValueError):
        return False


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """A YAML error on one line: the problem and where (PyYAML's own message spans several lines)."""
    problem = getattr(exc, "problem", None)
    mark = getattr(exc, "problem_mark", None)
    if problem and mark is not None:
        return f"{problem} (line {mark.line + 1}, column {mark.column + 1})"
    return " ".join(str(exc).split())


def _read_source(source: str | Path) -> tuple[Any, str]:
    """Read YAML from a path, or parse ``source`` as YAML text."""
    if isinstance(source, Path) or _is_file(source) or str(source).lower().endswith((".yaml", ".yml")):
        path = Path(source)
        if path.is_dir():
            raise RuleError(f"{path} is a directory, not a rule file")
        if not path.is_file():
            raise RuleError(f"rule file not found: {path}")
        try:
            return yaml.safe_load(path.read_text(encoding="utf-8")), str(path)
        except yaml.YAMLError as exc:
            raise RuleError(f"invalid YAML in {path}: {_yaml_problem(exc)}") from None
        except UnicodeDecodeError as exc:
            byte = exc.object[exc.start]
            raise RuleError(f"rule file {path} is not UTF-8 text (byte {byte:#04x} at offset {exc.start})") from None
        except OSError as exc:
            raise RuleError(f"cannot read rule file {path}: {exc.strerror or exc}") from None
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        raise RuleError(f"invalid YAML in rule text: {_yaml_problem(exc)}") from None
    if not isinstance(data, Mapping):
        raise RuleError(f"rule source {str(source)[:80]!r} is neither a rule file nor YAML with a 'rules:' list")
    return data, "rule text"


def parse_rules(source: RuleSource) -> list[Rule]:
    """Parse a rule source into validated :class:`Rule` objects.

    Parameters
    ----------
    source : str, Path, mapping, sequence of Rule/mapping, RuleSet or None
        A path to a YAML file, YAML text, an already parsed mapping with a
        ``rules`` list, a list of rules, a :class:`RuleSet` (its rules), or
        ``None`` for :func:`default_rules_path`.

    Returns
    -------
    list of Rule

    Raises
    ------
    RuleError
    """
    if source is None:
        source = default_rules_path()
    if isinstance(source, RuleSet):
        return parse_rules(source.rules)
    where = "rule source"
    if isinstance(source, (str, Path)):
        source, where = _read_source(source)
    if isinstance(source, Mapping):
        if "rules" not in source:
            raise RuleError(f"{where}: top-level 'rules:' list missing")
        source = source["rules"]
        if source is None:
            source = []
    if isinstance(source, (str, bytes)) or not isinstance(source, Sequence):
        raise RuleError(f"{where}: 'rules' must be a list; got {type(source).__name__}")
    rules: list[Rule] = []
    seen: dict[str, int] = {}
    for position, item in enumerate(source, start=1):
        rule = _rule_from_mapping(item, position)
        if rule.id in seen:
            raise RuleError(f"rule {rule.id!r}: duplicate id (rules #{seen[rule.id]} and #{position})")
        seen[rule.id] = position
        rules.append(rule)
    return rules


def load_rules(
    path_or_str: RuleSource,
    known_features: set[str] | Mapping[str, set[str]] | None = None,
    *,
    level: str = "session",
) -> RuleSet:
    """Load and validate a rule file.

    Parameters
    ----------
    path_or_str : str, Path or mapping
        Path of a YAML rule file, or YAML text (see :func:`parse_rules`).
    known_features : set of str, or mapping of level to set of str, optional
        Features every rule may use; a mapping checks each rule against the
        set of its own level (levels absent from the mapping are unchecked).
    level : {"session", "account_day", "source_day"}, default "session"
        Level of the returned :class:`RuleSet` (it holds the rules of every
        level; :meth:`RuleSet.for_level` switches).

    Returns
    -------
    RuleSet
        Unfitted; its ``rules`` parameter holds every parsed :class:`Rule`.

    Raises
    ------
    RuleError
        Naming the rule id and the problem.
    """
    rules = parse_rules(path_or_str)
    if known_features is not None:
        for rule in rules:
            if isinstance(known_features, Mapping):
                if rule.level in known_features:
                    rule.check_features(known_features[rule.level])
            else:
                rule.check_features(known_features)
    return RuleSet(rules=rules, level=level)


def default_rules_path() -> Path:
    """Return the path of the packaged ``models/rulesets/default.yaml``."""
    return Path(str(importlib.resources.files(__package__ or "models").joinpath("rulesets", "default.yaml")))


class RuleSet(BaseEstimator):
    """A rule file as an estimator: the rule set is just another model.

    Parameters
    ----------
    rules : rule source, optional
        Anything :func:`parse_rules` accepts; ``None`` means the packaged
        default rule file.  Stored unchanged and parsed in ``fit``.
    level : {"session", "account_day", "source_day"}, default "session"
        Only the rules of this level are evaluated.

    Attributes
    ----------
    rules_ : list of Rule
        The rules of ``level``, in file order.
    feature_names_in_ : ndarray of str
    n_features_in_ : int
    decision_scores_ : ndarray
        Training scores (highest matched severity weight).
    threshold_ : float
        0.0: any matched rule flags the row.
    labels_ : ndarray of int
    """

    def __init__(self, rules: RuleSource = None, level: str = "session"):
        self.rules = rules
        self.level = level

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "rules_")

    def for_level(self, level: str) -> RuleSet:
        """Return an unfitted RuleSet with the same rules and another level."""
        return RuleSet(rules=self.rules, level=level)

    def fit(self, X: pd.DataFrame, y: Any = None) -> RuleSet:
        """Parse the rules, check them against ``X``'s columns, score ``X``.

        Parameters
        ----------
        X : pandas.DataFrame
            Features frame of this level.
        y : ignored

        Returns
        -------
        self

        Raises
        ------
        RuleError
            A bad rule, or one using a feature ``X`` lacks.
        """
        if self.level not in LEVELS:
            raise ValueError(f"level must be one of {', '.join(LEVELS)}; got {self.level!r}")
        if not isinstance(X, pd.DataFrame):
            raise ValueError("RuleSet needs a pandas DataFrame with named feature columns")
        rules = [r for r in parse_rules(self.rules) if r.level == self.level]
        columns = [str(c) for c in X.columns]
        for rule in rules:
            rule.check_features(columns)
        self.rules_ = rules
        self.feature_names_in_ = np.asarray(columns, dtype=object)
        self.n_features_in_ = len(columns)
        self.features_used_ = sorted(set().union(*(r.features for r in rules))) if rules else []
        self.threshold_ = 0.0
        self.decision_scores_ = self.decision_function(X)
        self.labels_ = (self.decision_scores_ > self.threshold_).astype(int)
        return self

    def _columns(self, X: pd.DataFrame) -> dict[str, np.ndarray]:
        check_is_fitted(self)
        if not isinstance(X, pd.DataFrame):
            raise ValueError("RuleSet needs a pandas DataFrame with named feature columns")
        check_same_columns(list(self.feature_names_in_), [str(c) for c in X.columns])
        out = {}
        for name in self.features_used_:
            col = X[name]
            if not (pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col)):
                raise ValueError(f"feature {name!r} used by the rules is not numeric")
            out[name] = col.to_numpy(dtype=np.float64, na_value=np.nan)
        return out

    def matches(self, X: pd.DataFrame) -> pd.DataFrame:
        """Return a boolean frame: rows of ``X`` x rule ids of ``rules_``."""
        cols = self._columns(X)
        n = len(X)
        data = {rule.id: rule.evaluate(cols, n) for rule in self.rules_}
        return pd.DataFrame(data, index=X.index, columns=[r.id for r in self.rules_], dtype=bool)

    def decision_function(self, X: pd.DataFrame) -> np.ndarray:
        """Return the highest severity weight among matched rules (0 if none)."""
        m = self.matches(X).to_numpy(dtype=bool)
        if m.shape[1] == 0:
            return np.zeros(m.shape[0])
        weights = np.array([r.weight for r in self.rules_])
        return np.where(m, weights, 0.0).max(axis=1)

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        """Return 1 where any rule matches (score above ``threshold_``), else 0."""
        return (self.decision_function(X) > self.threshold_).astype(int)

    def fit_predict(self, X: pd.DataFrame, y: Any = None) -> np.ndarray:
        """Fit on ``X`` and return ``labels_``."""
        return self.fit(X).labels_

    def reasons(self, X: pd.DataFrame) -> list[list[tuple[str, str, str, str]]]:
        """Return, for each row, ``(rule_id, kind, severity, reason_text)`` of matched rules.

        Most severe first, then in file order.
        """
        cols = self._columns(X)
        m = self.matches(X).to_numpy(dtype=bool)
        order = sorted(range(len(self.rules_)), key=lambda i: -self.rules_[i].weight)
        out: list[list[tuple[str, str, str, str]]] = [[] for _ in range(len(X))]
        for i in order:
            rule = self.rules_[i]
            for row in np.flatnonzero(m[:, i]):
                values = {name: float(cols[name][row]) for name in rule.reason_features}
                out[row].append((rule.id, rule.kind, rule.severity, rule.render(values)))
        return out
