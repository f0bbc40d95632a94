"""Formulas written once, evaluated two ways: by numpy in Python, as Vega expression text in the
browser.

A formula of the model (in `explainer.trends`) is a Python function of a namespace ``ns`` and
its operands. Given `NUMPY` and numbers or arrays, it computes the result. Given `VEGA` (or a
`VegaSteps`) and `Expr` operands, the same code writes the Vega expression that computes the
same thing, operation for operation in the same order: every operator becomes one parenthesised
operation, so JavaScript evaluates the same tree of double-precision operations as numpy, and
the parity tests find the two equal (relative error far below 1e-9).

Python's operators ``+ - * /``, unary ``-`` and the comparisons ``< <= > >=`` work on both
sides. The rest goes through the namespace: ``ns.log``, ``ns.exp``, ``ns.pow``, ``ns.floor``,
``ns.minimum``, ``ns.maximum``, ``ns.eq``, ``ns.either`` (or), ``ns.where`` (the conditional),
``ns.finite_or_null`` and ``ns.null`` (NaN in Python, ``null`` in Vega, which a mark skips).

``ns.let(name, value)`` marks a sub-expression a formula uses more than once. numpy computes it
once anyway; the inline `VEGA` namespace repeats its text (what a signal's expression must do);
a `VegaSteps` namespace computes it once per row, as a named ``calculate`` transform, and the
formula refers to that field, which keeps a chart's spec small and its redraw short.

The argument checks stay in Python, in the public functions of `explainer.trends` that wrap each
formula; an expression cannot raise, so where Python refuses a value the Vega side gives null.
"""

from __future__ import annotations

import math
import re

import numpy as np

# A name, a field or an element (``datum.t``, ``starts[3]``), or a number: one operand as it is.
_SIMPLE = re.compile(
    r"^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*|\[\d+\])*$|^-?\d+(\.\d+)?([eE][-+]?\d+)?$"
)
# Numbers Vega's expression language names, each the very double Python computes for it
# (JavaScript's Math.LN2 is the double nearest ln 2, as is math.log(2.0)).
_CONSTANTS = {math.log(2.0): "LN2"}


def literal(x: float) -> str:
    """A number as a Vega literal that reads back as the same double: a constant Vega names by
    its name, whole numbers without a decimal point, other floats by ``repr``."""
    if isinstance(x, bool):
        raise TypeError("a truth value is not a number here")
    if isinstance(x, int | np.integer):
        return str(int(x))
    x = float(x)
    if x in _CONSTANTS:
        return _CONSTANTS[x]
    # A whole number reads as the same double without its ".0" (shorter specs).
    whole = x.is_integer() and abs(x) < 2**53 and not (x == 0 and np.signbit(x))
    return str(int(x)) if whole else repr(x)


def _text(x) -> str:
    if isinstance(x, Expr):
        return x.text
    if isinstance(x, int | float | np.integer | np.floating):
        return literal(x)
    raise TypeError(f"not an expression or a number: {x!r} (wrap Vega text with Expr.of)")


class Expr:
    """Vega expression text that Python's arithmetic operators combine into more text.

    ``Expr.of("datum.t") / 2`` is ``(datum.t / 2)``. An `Expr` has no truth value (a formula
    that branches in Python would evaluate only one side in the browser: use ``ns.where``).
    """

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    @classmethod
    def of(cls, text: str | Expr) -> Expr:
        """Vega text as an operand: a name or a number as it is, anything else parenthesised,
        so ``a + b`` passed in stays one operand."""
        if isinstance(text, Expr):
            return text
        text = str(text).strip()
        return cls(text if _SIMPLE.match(text) else f"({text})")

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Expr({self.text!r})"

    def __bool__(self):
        raise TypeError("an expression has no truth value in Python: use ns.where")

    def _op(self, op: str, other, reverse: bool = False) -> Expr:
        a, b = (_text(other), self.text) if reverse else (self.text, _text(other))
        return Expr(f"({a} {op} {b})")

    def __add__(self, other):
        return self._op("+", other)

    def __radd__(self, other):
        return self._op("+", other, reverse=True)

    def __sub__(self, other):
        return self._op("-", other)

    def __rsub__(self, other):
        return self._op("-", other, reverse=True)

    def __mul__(self, other):
        return self._op("*", other)

    def __rmul__(self, other):
        return self._op("*", other, reverse=True)

    def __truediv__(self, other):
        return self._op("/", other)

    def __rtruediv__(self, other):
        return self._op("/", other, reverse=True)

    def __neg__(self):
        return Expr(f"(-{self.text})")

    def __lt__(self, other):
        return self._op("<", other)

    def __le__(self, other):
        return self._op("<=", other)

    def __gt__(self, other):
        return self._op(">", other)

    def __ge__(self, other):
        return self._op(">=", other)


class _Numpy:
    """The Python side: numpy's functions, element-wise on numbers and arrays."""

    null = np.nan
    log = staticmethod(np.log)
    exp = staticmethod(np.exp)
    pow = staticmethod(np.power)
    floor = staticmethod(np.floor)
    minimum = staticmethod(np.minimum)
    maximum = staticmethod(np.maximum)
    either = staticmethod(np.logical_or)

    @staticmethod
    def eq(a, b):
        return np.equal(a, b)

    @staticmethod
    def where(condition, if_true, if_false):
        return np.where(condition, if_true, if_false)

    @staticmethod
    def finite_or_null(x):
        return np.where(np.isfinite(x), x, np.nan)

    @staticmethod
    def let(name: str, value):
        return value


def _call(name: str, *args) -> Expr:
    return Expr(f"{name}({', '.join(_text(a) for a in args)})")


class _Vega:
    """The browser side, inline: each function writes its Vega call; ``let`` repeats the text."""

    null = Expr("null")

    @staticmethod
    def log(x):
        return _call("log", x)

    @staticmethod
    def exp(x):
        return _call("exp", x)

    @staticmethod
    def pow(x, y):
        return _call("pow", x, y)

    @staticmethod
    def floor(x):
        return _call("floor", x)

    @staticmethod
    def minimum(x, y):
        return _call("min", x, y)

    @staticmethod
    def maximum(x, y):
        return _call("max", x, y)

    @staticmethod
    def either(a, b):
        return Expr(f"({_text(a)} || {_text(b)})")

    @staticmethod
    def eq(a, b):
        return Expr(f"({_text(a)} == {_text(b)})")

    @staticmethod
    def where(condition, if_true, if_false):
        return Expr(f"({_text(condition)} ? {_text(if_true)} : {_text(if_false)})")

    def finite_or_null(self, x):
        x = self.let("finite", x)
        return Expr(f"(isFinite({_text(x)}) ? {_text(x)} : null)")

    def let(self, name: str, value):
        return value


class VegaSteps(_Vega):
    """The browser side, for a formula over a data row: each ``let`` becomes a ``calculate``
    transform (``steps``, in order) into a field named ``prefix`` + name, and the formula reads
    that field. Apply the steps before the formula's own ``calculate``."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.steps: list[dict] = []

    def let(self, name: str, value):
        if not isinstance(value, Expr) or _SIMPLE.match(value.text):
            return value  # a number or a field: nothing to compute once
        field = f"{self.prefix}{name}"
        taken = {step["as"] for step in self.steps}
        n = 2
        while field in taken:
            field, n = f"{self.prefix}{name}{n}", n + 1
        self.steps.append({"calculate": value.text, "as": field})
        return Expr(f"datum.{field}")


NUMPY = _Numpy()
VEGA = _Vega()
