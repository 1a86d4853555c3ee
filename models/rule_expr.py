"""The condition language of detection rules: a whitelisted, vectorised expression.

``condition`` is a Python-syntax boolean expression over feature names,
parsed with :mod:`ast` and checked against a strict whitelist
(:func:`validate_expression`): comparisons (chained too),
``and``/``or``/``not``, ``+ - * /``, unary ``-``, numbers, ``True``/``False``,
feature names, and calls to ``min``/``max``/``abs``.  Nothing is ever passed
to ``eval``.

:func:`evaluate_expression` computes a checked tree over whole feature
columns at once.  Missing values: a comparison involving NaN is *unknown*
and never true.  ``and``/``or``/``not`` follow three-valued (Kleene) logic,
so ``not (x > 5)`` is also not true when ``x`` is NaN -- a missing value
never makes a rule match.  A rule matches a row only where its condition is
definitely true (:func:`truth_values` equal to 1).
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = ["FUNCTIONS", "evaluate_expression", "truth_values", "validate_expression"]

FUNCTIONS: tuple[str, ...] = ("min", "max", "abs")
#: Deepest nesting of an expression (the packaged rules nest about 6 deep): evaluation recurses once per level.
MAX_DEPTH = 64

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


def validate_expression(node: ast.AST, names: set[str], depth: int = 0) -> None:
    """Raise ``ValueError`` (plain message) on any non-whitelisted construct.

    Parameters
    ----------
    node : ast.AST
        A tree from ``ast.parse(condition, mode="eval")`` (or a node of it).
    names : set of str
        Filled with the feature names the expression reads.
    depth : int, default 0
        Nesting level of ``node`` (at most :data:`MAX_DEPTH`).

    Raises
    ------
    ValueError
        Naming the construct that is not allowed, or nesting deeper than
        :data:`MAX_DEPTH`.
    """
    if depth > MAX_DEPTH:
        raise ValueError(f"expression nested more than {MAX_DEPTH} levels deep")
    if isinstance(node, ast.Expression):
        return validate_expression(node.body, names, depth + 1)
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
            validate_expression(value, names, depth + 1)
        return None
    if isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, (ast.Not, ast.USub, ast.UAdd)):
            raise ValueError(f"operator {type(node.op).__name__} is not allowed")
        return validate_expression(node.operand, names, depth + 1)
    if isinstance(node, ast.BinOp):
        if type(node.op) not in _BINOPS:
            raise ValueError(f"operator {type(node.op).__name__} is not allowed (only + - * /)")
        validate_expression(node.left, names, depth + 1)
        return validate_expression(node.right, names, depth + 1)
    if isinstance(node, ast.Compare):
        for op in node.ops:
            if type(op) not in _CMPOPS:
                raise ValueError(f"comparison {type(op).__name__} is not allowed (only < <= > >= == !=)")
        for sub in [node.left, *node.comparators]:
            validate_expression(sub, names, depth + 1)
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
            validate_expression(arg, names, depth + 1)
        return None
    what = _DISALLOWED.get(type(node), f"{type(node).__name__} expressions")
    raise ValueError(f"{what} not allowed")


# --- vectorised three-valued evaluation: 1.0 true, 0.0 false, NaN unknown ---

def truth_values(v: Any) -> np.ndarray:
    """Three-valued truth of ``v``: 1.0 true (non-zero), 0.0 false, NaN unknown."""
    v = np.asarray(v, dtype=np.float64)
    return np.where(np.isnan(v), np.nan, (v != 0).astype(np.float64))


def _and(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.where((a == 0) | (b == 0), 0.0, np.where((a == 1) & (b == 1), 1.0, np.nan))


def _or(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.where((a == 1) | (b == 1), 1.0, np.where((a == 0) & (b == 0), 0.0, np.nan))


def evaluate_expression(node: ast.AST, cols: Mapping[str, np.ndarray]) -> Any:
    """Evaluate a tree checked by :func:`validate_expression` over feature columns.

    Parameters
    ----------
    node : ast.AST
        The checked tree (or a node of it).
    cols : mapping of str to numpy.ndarray
        Float columns (NaN for missing) by feature name.

    Returns
    -------
    numpy.ndarray or float
        Numbers for arithmetic, three-valued truth (1.0, 0.0, NaN) for
        comparisons and ``and``/``or``/``not``.
    """
    if isinstance(node, ast.Expression):
        return evaluate_expression(node.body, cols)
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return cols[node.id]
    if isinstance(node, ast.UnaryOp):
        v = evaluate_expression(node.operand, cols)
        if isinstance(node.op, ast.Not):
            return 1.0 - truth_values(v)
        return -np.asarray(v, dtype=np.float64) if isinstance(node.op, ast.USub) else np.asarray(v, dtype=np.float64)
    if isinstance(node, ast.BinOp):
        left = np.asarray(evaluate_expression(node.left, cols), dtype=np.float64)
        return _BINOPS[type(node.op)](left, evaluate_expression(node.right, cols))
    if isinstance(node, ast.BoolOp):
        combine = _and if isinstance(node.op, ast.And) else _or
        out = truth_values(evaluate_expression(node.values[0], cols))
        for sub in node.values[1:]:
            out = combine(out, truth_values(evaluate_expression(sub, cols)))
        return out
    if isinstance(node, ast.Compare):
        left = np.asarray(evaluate_expression(node.left, cols), dtype=np.float64)
        out = np.asarray(1.0)
        for op, comp in zip(node.ops, node.comparators):
            right = np.asarray(evaluate_expression(comp, cols), dtype=np.float64)
            res = _CMPOPS[type(op)](left, right).astype(np.float64)
            out = _and(out, np.where(np.isnan(left) | np.isnan(right), np.nan, res))
            left = right
        return out
    if isinstance(node, ast.Call):
        args = [np.asarray(evaluate_expression(a, cols), dtype=np.float64) for a in node.args]
        if node.func.id == "abs":
            return np.abs(args[0])
        reducer = np.minimum if node.func.id == "min" else np.maximum
        out = args[0]
        for a in args[1:]:
            out = reducer(out, a)
        return out
    raise TypeError(f"unexpected node {type(node).__name__}")  # unreachable after validate_expression
