"""One detection rule: its fields, validated when it is built.

A rule has an ``id``, a ``kind`` (:data:`KINDS`), a ``level`` (:data:`LEVELS`),
a ``condition`` in the language of :mod:`models.rule_expr`, a ``severity``
(:data:`SEVERITY_WEIGHTS`), a ``reason`` template whose ``{placeholders}``
are feature names, an optional ``description`` and an optional
``campaign_minutes``: alerts the rule raises on different subjects within
that many minutes of each other are one campaign (see
:mod:`detector.campaigns`).  Rule files and the :class:`~models.rules.RuleSet`
estimator are in :mod:`models.rules`.
"""

from __future__ import annotations

import ast
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from .rule_expr import evaluate_expression, truth_values, validate_expression

__all__ = ["KINDS", "LEVELS", "SEVERITY_WEIGHTS", "Rule", "RuleError"]

KINDS: tuple[str, ...] = ("scraping", "credential_sharing", "brute_force")
LEVELS: tuple[str, ...] = ("session", "account_day", "source_day")
SEVERITY_WEIGHTS: dict[str, float] = {"low": 0.25, "medium": 0.5, "high": 0.75, "critical": 1.0}
#: Longest condition accepted (the packaged rules' longest is about 160): a longer or deeper one
#: could exhaust the parser's recursion or memory instead of being refused.
MAX_CONDITION_CHARS = 2000
#: Longest campaign gap accepted: a week.
MAX_CAMPAIGN_MINUTES = 7 * 24 * 60
#: How much of a condition or template a message quotes.
_SHOWN_CHARS = 120


def _shown(text: str) -> str:
    """``repr`` of ``text``, shortened for a one-line message."""
    return repr(text) if len(text) <= _SHOWN_CHARS else repr(text[:_SHOWN_CHARS]) + f"... ({len(text)} characters)"


class RuleError(ValueError):
    """A rule file or rule is invalid; the message names the rule and problem."""


@dataclass(frozen=True)
class Rule:
    """One validated detection rule.

    Parameters
    ----------
    id, kind, level, condition, severity, reason : str
        See :mod:`models.rules` (file format) and :mod:`models.rule_expr` (condition).
    description : str, optional
    campaign_minutes : float, optional
        When set, alerts this rule raises on different subjects whose activity
        lies within this many minutes of each other form one campaign.

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
    campaign_minutes: float | None = None
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
        gap = self.campaign_minutes
        if gap is not None and (isinstance(gap, bool) or not isinstance(gap, (int, float))
                                or not 0 < gap <= MAX_CAMPAIGN_MINUTES):
            raise RuleError(f"rule {self.id!r}: campaign_minutes must be a number of minutes above 0 and at most "
                            f"{MAX_CAMPAIGN_MINUTES}; got {gap!r}")
        shown = _shown(self.condition)
        if len(self.condition) > MAX_CONDITION_CHARS:
            raise RuleError(f"rule {self.id!r}: condition {shown} is longer than {MAX_CONDITION_CHARS} characters")
        try:
            tree = ast.parse(self.condition.strip(), mode="eval")
        except SyntaxError as exc:
            raise RuleError(f"rule {self.id!r}: condition {shown} has bad syntax: {exc.msg}") from None
        except (RecursionError, MemoryError):
            raise RuleError(f"rule {self.id!r}: condition {shown} is nested too deeply to parse") from None
        except ValueError as exc:  # e.g. a NUL character, on Pythons that do not call it a SyntaxError
            raise RuleError(f"rule {self.id!r}: condition {shown} cannot be parsed: {exc}") from None
        names: set[str] = set()
        try:
            validate_expression(tree, names)
        except ValueError as exc:
            raise RuleError(f"rule {self.id!r}: condition {shown}: {exc}") from None
        except RecursionError:
            raise RuleError(f"rule {self.id!r}: condition {shown} is nested too deeply") from None
        object.__setattr__(self, "_tree", tree)
        object.__setattr__(self, "condition_features", frozenset(names))
        object.__setattr__(self, "reason_features", frozenset(self._check_reason()))

    def _check_reason(self) -> set[str]:
        fields: set[str] = set()
        try:
            parsed = list(string.Formatter().parse(self.reason))
        except ValueError as exc:
            raise RuleError(f"rule {self.id!r}: reason template {_shown(self.reason)} is malformed: {exc}") from None
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
            result = truth_values(evaluate_expression(self._tree, columns))
        return np.broadcast_to(result == 1.0, (n_rows,)).copy()

    def render(self, values: Mapping[str, float]) -> str:
        """Format ``reason`` with one row's feature values."""
        return self.reason.format_map({k: values[k] for k in self.reason_features})

