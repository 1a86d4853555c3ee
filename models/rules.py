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

``condition`` is a Python-syntax boolean expression over feature names,
parsed with :mod:`ast` and checked against a strict whitelist: comparisons
(chained too), ``and``/``or``/``not``, ``+ - * /``, unary ``-``, numbers,
``True``/``False``, feature names, and calls to ``min``/``max``/``abs``.
Nothing is ever passed to ``eval``.

Missing values: a comparison involving NaN is *unknown* and never true.
``and``/``or``/``not`` follow three-valued (Kleene) logic, so ``not (x > 5)``
is also not true when ``x`` is NaN -- a missing value never makes a rule
match.  A rule matches a row only where its condition is definitely true.
"""

from __future__ import annotations

import ast
import importlib.resources
import operator
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

import numpy as np
import pandas as pd
import yaml
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

__all__ = [
    "KINDS", "LEVELS", "SEVERITY_WEIGHTS", "Rule", "RuleError", "RuleSet",
    "default_rules_path", "load_rules",
]

KINDS: tuple[str, ...] = ("scraping", "credential_sharing", "brute_force")
LEVELS: tuple[str, ...] = ("session", "account_day", "source_day")
SEVERITY_WEIGHTS: dict[str, float] = {"low": 0.25, "medium": 0.5, "high": 0.75, "critical": 1.0}
FUNCTIONS: tuple[str, ...] = ("min", "max", "abs")
_FIELDS = ("id", "kind", "level", "condition", "severity", "reason", "description")

RuleSource = Union[str, Path, Mapping[str, Any], Sequence[Any], "RuleSet", None]


class RuleError(ValueError):
    """A rule file or rule is invalid; the message names the rule and problem."""


_BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
_CMPOPS = {ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt,
           ast.GtE: operator.ge, ast.Eq: operator.eq, ast.NotEq: operator.ne}
_DISALLOWED = {
    ast.Attribute: "attribute access", ast.Subscript: "subscripts", ast.Lambda: "lambda",
    ast.IfExp: "conditional expressions", ast.NamedExpr: "assignment expressions",
    ast.ListComp: "comprehensions", ast.GeneratorExp: "comprehensions",
    ast.SetComp: "comprehensions", ast.DictComp: "comprehensions",
    ast.List: "lists", ast.Tuple: "tuples", ast.Dict: "dicts", ast.Set: "sets",
    ast.Starred: "starred arguments", ast.JoinedStr: "f-strings",
}


def _check_node(node: ast.AST, names: set[str]) -> None:
    """Raise ``ValueError`` (plain message) on any non-whitelisted construct."""
    if isinstance(node, ast.Expression):
        return _check_node(node.body, names)
    if isinstance(node, ast.Constant):
        if isinstance(node.value, (bool, int, float)):
            return None
        raise ValueError(f"constant {node.value!r} is not allowed (only numbers, True, False)")
    if isinstance(node, ast.Name):
        if node.id in FUNCTIONS:
            raise ValueError(f"{node.id!r} may only be called")
        if node.id.startswith("_"):
            raise ValueError(f"name {node.id!r} is not allowed")
        names.add(node.id)
        return None
    if isinstance(node, ast.BoolOp):
        for value in node.values:
            _check_node(value, names)
        return None
    if isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, (ast.Not, ast.USub, ast.UAdd)):
            raise ValueError(f"operator {type(node.op).__name__} is not allowed")
        return _check_node(node.operand, names)
    if isinstance(node, ast.BinOp):
        if type(node.op) not in _BINOPS:
            raise ValueError(f"operator {type(node.op).__name__} is not allowed (only + - * /)")
        _check_node(node.left, names)
        return _check_node(node.right, names)
    if isinstance(node, ast.Compare):
        for op in node.ops:
            if type(op) not in _CMPOPS:
                raise ValueError(f"comparison {type(op).__name__} is not allowed (only < <= > >= == !=)")
        for sub in [node.left, *node.comparators]:
            _check_node(sub, names)
        return None
    if isinstance(node, ast.Call):
        func = node.func.id if isinstance(node.func, ast.Name) else None
        if func not in FUNCTIONS:
            shown = func if func is not None else ast.unparse(node.func)
            raise ValueError(f"call to {shown!r} is not allowed (only {', '.join(FUNCTIONS)})")
        if node.keywords:
            raise ValueError(f"{func}() takes no keyword arguments")
        wanted = (1, 1) if func == "abs" else (2, 99)
        if not wanted[0] <= len(node.args) <= wanted[1]:
            raise ValueError(f"{func}() takes {'1 argument' if func == 'abs' else 'at least 2 arguments'}")
        for arg in node.args:
            _check_node(arg, names)
        return None
    what = _DISALLOWED.get(type(node), f"{type(node).__name__} expressions")
    raise ValueError(f"{what} not allowed")


# --- vectorised three-valued evaluation: 1.0 true, 0.0 false, NaN unknown ---

def _truth(v: Any) -> np.ndarray:
    v = np.asarray(v, dtype=np.float64)
    return np.where(np.isnan(v), np.nan, (v != 0).astype(np.float64))


def _and(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.where((a == 0) | (b == 0), 0.0, np.where((a == 1) & (b == 1), 1.0, np.nan))


def _or(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.where((a == 1) | (b == 1), 1.0, np.where((a == 0) & (b == 0), 0.0, np.nan))


def _eval(node: ast.AST, cols: Mapping[str, np.ndarray]) -> Any:
    if isinstance(node, ast.Expression):
        return _eval(node.body, cols)
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return cols[node.id]
    if isinstance(node, ast.UnaryOp):
        v = _eval(node.operand, cols)
        if isinstance(node.op, ast.Not):
            return 1.0 - _truth(v)
        return -np.asarray(v, dtype=np.float64) if isinstance(node.op, ast.USub) else np.asarray(v, dtype=np.float64)
    if isinstance(node, ast.BinOp):
        return _BINOPS[type(node.op)](np.asarray(_eval(node.left, cols), dtype=np.float64), _eval(node.right, cols))
    if isinstance(node, ast.BoolOp):
        combine = _and if isinstance(node.op, ast.And) else _or
        out = _truth(_eval(node.values[0], cols))
        for sub in node.values[1:]:
            out = combine(out, _truth(_eval(sub, cols)))
        return out
    if isinstance(node, ast.Compare):
        left = np.asarray(_eval(node.left, cols), dtype=np.float64)
        out = np.asarray(1.0)
        for op, comp in zip(node.ops, node.comparators):
            right = np.asarray(_eval(comp, cols), dtype=np.float64)
            res = _CMPOPS[type(op)](left, right).astype(np.float64)
            out = _and(out, np.where(np.isnan(left) | np.isnan(right), np.nan, res))
            left = right
        return out
    if isinstance(node, ast.Call):
        args = [np.asarray(_eval(a, cols), dtype=np.float64) for a in node.args]
        if node.func.id == "abs":
            return np.abs(args[0])
        reducer = np.minimum if node.func.id == "min" else np.maximum
        out = args[0]
        for a in args[1:]:
            out = reducer(out, a)
        return out
    raise TypeError(f"unexpected node {type(node).__name__}")  # unreachable after _check_node


@dataclass(frozen=True)
class Rule:
    """One validated detection rule.

    Parameters
    ----------
    id, kind, level, condition, severity, reason : str
        See the module docstring.
    description : str, optional

    Raises
    ------
    RuleError
        On a bad kind/level/severity, condition or reason template.
    """

    id: str
    kind: str
    level: str
    condition: str
    severity: str
    reason: str
    description: str = ""
    condition_features: frozenset[str] = field(init=False, repr=False, compare=False)
    reason_features: frozenset[str] = field(init=False, repr=False, compare=False)
    _tree: ast.Expression = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id.strip():
            raise RuleError(f"rule id must be a non-empty string; got {self.id!r}")
        for name, allowed in (("kind", KINDS), ("level", LEVELS), ("severity", tuple(SEVERITY_WEIGHTS))):
            value = getattr(self, name)
            if value not in allowed:
                raise RuleError(f"rule {self.id!r}: bad {name} {value!r}; expected one of {', '.join(allowed)}")
        for name in ("condition", "reason", "description"):
            if not isinstance(getattr(self, name), str):
                raise RuleError(f"rule {self.id!r}: {name} must be a string; got {getattr(self, name)!r}")
        try:
            tree = ast.parse(self.condition.strip(), mode="eval")
        except SyntaxError as exc:
            raise RuleError(f"rule {self.id!r}: condition {self.condition!r} has bad syntax: {exc.msg}") from None
        names: set[str] = set()
        try:
            _check_node(tree, names)
        except ValueError as exc:
            raise RuleError(f"rule {self.id!r}: condition {self.condition!r}: {exc}") from None
        object.__setattr__(self, "_tree", tree)
        object.__setattr__(self, "condition_features", frozenset(names))
        object.__setattr__(self, "reason_features", frozenset(self._check_reason()))

    def _check_reason(self) -> set[str]:
        fields: set[str] = set()
        try:
            parsed = list(string.Formatter().parse(self.reason))
        except ValueError as exc:
            raise RuleError(f"rule {self.id!r}: reason template {self.reason!r} is malformed: {exc}") from None
        for _, name, spec, conversion in parsed:
            if name is None:
                continue
            if not name.isidentifier():
                raise RuleError(f"rule {self.id!r}: reason placeholder {{{name}}} must be a plain feature name")
            if conversion not in (None, "s", "r"):
                raise RuleError(f"rule {self.id!r}: reason placeholder {{{name}}} has bad conversion !{conversion}")
            try:
                format(1234.5, spec or "")
            except ValueError:
                raise RuleError(
                    f"rule {self.id!r}: reason placeholder {{{name}:{spec}}} has a format spec that does not "
                    "apply to a number (values are floats: use e.g. ',.0f' rather than 'd')"
                ) from None
            fields.add(name)
        return fields

    @property
    def weight(self) -> float:
        """Severity weight: low .25, medium .5, high .75, critical 1.0."""
        return SEVERITY_WEIGHTS[self.severity]

    @property
    def features(self) -> frozenset[str]:
        """Every feature the condition or the reason uses."""
        return self.condition_features | self.reason_features

    def check_features(self, known: Iterable[str]) -> None:
        """Raise :class:`RuleError` if the rule uses a feature not in ``known``."""
        known = set(known)
        bad = sorted(self.condition_features - known)
        if bad:
            raise RuleError(f"rule {self.id!r}: unknown feature(s) in condition: {', '.join(bad)}")
        bad = sorted(self.reason_features - known)
        if bad:
            raise RuleError(f"rule {self.id!r}: unknown placeholder(s) in reason: {', '.join('{' + b + '}' for b in bad)}")

    def evaluate(self, columns: Mapping[str, np.ndarray], n_rows: int) -> np.ndarray:
        """Return a boolean array: where the condition is definitely true."""
        with np.errstate(all="ignore"):
            result = _truth(_eval(self._tree, columns))
        return np.broadcast_to(result == 1.0, (n_rows,)).copy()

    def render(self, values: Mapping[str, float]) -> str:
        """Format ``reason`` with one row's feature values."""
        return self.reason.format_map({k: values[k] for k in self.reason_features})


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
    missing = [f for f in _FIELDS[:-1] if f not in item]
    if missing:
        raise RuleError(f"{label}: missing field(s) {', '.join(missing)}")
    return Rule(**{k: item[k] for k in _FIELDS if k in item and not (k == "description" and item[k] is None)})


def _is_file(source: str | Path) -> bool:
    try:
        return Path(source).is_file()
    except (OSError, ValueError):
        return False


def _read_source(source: str | Path) -> tuple[Any, str]:
    """Read YAML from a path, or parse ``source`` as YAML text."""
    if isinstance(source, Path) or _is_file(source) or str(source).lower().endswith((".yaml", ".yml")):
        path = Path(source)
        if not path.is_file():
            raise RuleError(f"rule file not found: {path}")
        try:
            return yaml.safe_load(path.read_text(encoding="utf-8")), str(path)
        except yaml.YAMLError as exc:
            raise RuleError(f"invalid YAML in {path}: {exc}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise RuleError(f"cannot read rule file {path}: {exc}") from None
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        raise RuleError(f"invalid YAML in rule text: {exc}") from None
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
        expected = list(self.feature_names_in_)
        cols = set(map(str, X.columns))
        missing = [c for c in expected if c not in cols]
        unexpected = [c for c in map(str, X.columns) if c not in set(expected)]
        if missing or unexpected:
            parts = ([f"missing columns: {', '.join(missing)}"] if missing else []) + (
                [f"unexpected columns: {', '.join(unexpected)}"] if unexpected else [])
            raise ValueError("X does not have the features seen in fit; " + "; ".join(parts))
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
