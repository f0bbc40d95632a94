"""The trend model: doubling-time fits, projections, milestones and Amdahl's law.

Everything here is pure: numbers and DataFrames in, numbers and DataFrames out (no I/O, no
Altair). Where a page lets the reader move a slider, the browser has to compute the model
itself; each such Python function has, right next to it, a ``*_expr`` function that returns
the same formula as a Vega expression string, and ``tests/test_parity.py`` holds the two equal
(relative error below 1e-9) by evaluating the strings in Vega in headless Chromium.

Units, used the same way in Python and in the expressions:

- a time horizon is in minutes of skilled-human working time;
- elapsed time in a projection is in months since the start point, a month being
  ``DAYS_PER_MONTH = 365.25 / 12`` days;
- a date in an expression is a number, milliseconds since 1970-01-01 UTC, which is what a Vega
  datum date is (``time(x)`` turns a Vega date object into that number; expressions here apply
  it to every date they are given). In Python, dates are pandas Timestamps, naive ones read as
  UTC.

Expression generators take *expressions* as arguments (a signal name such as
``"doubling_months"``, a field such as ``"datum.t"``, or a literal such as ``"4"``) and wrap each
in parentheses, so any expression can be passed. Where the model is undefined (the accelerating
family at and past its finite-time singularity, a milestone at or above the plateau's ceiling,
a value too large for a double) the Python function gives NaN and the expression gives ``null``,
which Vega-Lite leaves out of a line or point mark, so neither NaN nor infinity reaches a chart.
Arguments Python refuses with ValueError (a ceiling not above the start) give ``null`` too.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from explainer.expression import NUMPY, VEGA, Expr, VegaSteps

# --- Constants, defined once ---------------------------------------------------------------

MINUTES_PER_HOUR = 60
WORK_DAY_HOURS = 8
WORK_WEEK_HOURS = 40
WORK_MONTH_HOURS = 167  # a work year of 2,000 hours / 12 = 166.7, rounded
WORK_YEAR_HOURS = 2000

#: Milestone label -> task length in minutes, in increasing order.
MILESTONES: dict[str, float] = {
    "1 work day": WORK_DAY_HOURS * MINUTES_PER_HOUR,
    "1 work week": WORK_WEEK_HOURS * MINUTES_PER_HOUR,
    "1 work month": WORK_MONTH_HOURS * MINUTES_PER_HOUR,
    "1 work year": WORK_YEAR_HOURS * MINUTES_PER_HOUR,
}

DAYS_PER_YEAR = 365.25
DAYS_PER_MONTH = DAYS_PER_YEAR / 12
MS_PER_DAY = 86_400_000
MS_PER_MONTH = DAYS_PER_MONTH * MS_PER_DAY

EXPONENTIAL = "exponential"
ACCELERATING = "accelerating"
PLATEAU = "plateau"
FAMILIES = (EXPONENTIAL, ACCELERATING, PLATEAU)

BOOTSTRAP_REPS = 1000
BOOTSTRAP_SEED = 20260611  # any fixed seed: the interval must be the same on every build

# ln 2 written out once, so Python and the expressions divide by the very same double.
_LN2 = math.log(2.0)


def _lit(x: float) -> str:
    """A float as a Vega literal that reads back as the same double (``repr`` round-trips)."""
    return repr(float(x))


def _p(expr: str) -> str:
    """Parenthesise an argument expression, so ``a + b`` passed in stays one operand."""
    return f"({expr})"


# --- Argument checks -----------------------------------------------------------------------


def _check_doubling(doubling_months: float) -> None:
    if not (math.isfinite(doubling_months) and doubling_months > 0):
        raise ValueError(
            f"doubling time must be a positive, finite number of months (got {doubling_months!r})"
        )


def _check_acceleration(acceleration: float) -> None:
    if not (math.isfinite(acceleration) and 0 <= acceleration < 1):
        raise ValueError(
            "acceleration d (the fraction by which each doubling is shorter than the one "
            f"before) must be in [0, 1) (got {acceleration!r})"
        )


def _check_positive(name: str, value: float) -> None:
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive, finite number (got {value!r})")


def _check_ceiling(ceiling_minutes: float, start_minutes: float) -> None:
    _check_positive("ceiling_minutes", ceiling_minutes)
    if not ceiling_minutes > start_minutes:
        raise ValueError(
            f"the plateau's ceiling ({ceiling_minutes!r} min) must be above the starting "
            f"horizon ({start_minutes!r} min)"
        )


def _check_fraction(name: str, p) -> None:
    arr = np.asarray(p, dtype=float)
    if not np.all((arr >= 0) & (arr <= 1)):  # NaN fails both comparisons, so it is refused too
        raise ValueError(f"{name} must be a fraction in [0, 1] (got {p!r})")


def _out(values: np.ndarray, like) -> float | np.ndarray:
    """Return a float for a scalar input and an array for an array input."""
    return float(values) if np.ndim(like) == 0 else values


# --- Numerically careful logarithms, written so that Vega can evaluate them too -------------
# Vega's expression language has log and exp but neither log1p nor expm1. For a small
# acceleration d, log(1 - d) and 1 - (1 - d)^n lose most of their digits (all of them when d is
# below 1e-16), which would make the accelerating family drift from the exponential one it must
# reduce to as d -> 0. Goldberg's (1991) device recovers full precision with log and exp alone:
# for u = 1 - x rounded, log(u) / (u - 1) is an accurate log(1 - x) / (-x). Both sides use it,
# in the form of two ratios that tend to 1, so d = 0 needs no separate branch either.
#
# From here on, each formula of the model is written once, as a function of a namespace ``ns``
# (`explainer.expression`): numpy computes it in Python, and the same code writes its Vega
# expression. The public functions below wrap each formula: the Python one with its argument
# checks, the ``*_expr`` one as expression text.


def _log_ratio(ns, u):
    """``log(u) / (u - 1)``, and 1 at u = 1 (its limit): with u = 1 - x, log(1 - x) / (-x)."""
    u = ns.let("u", u)
    return ns.where(ns.eq(u, 1.0), 1.0, ns.log(u) / (u - 1.0))


def _exp_ratio(ns, y):
    """``(exp(y) - 1) / y``, as ``v = exp(y); v == 1 ? 1 : v == 0 ? -1 / y : (v - 1) / log(v)``
    (Goldberg's device again; ``v == 0`` is exp underflowing, where exp(y) - 1 is -1)."""
    v = ns.let("v", ns.exp(y))
    return ns.where(ns.eq(v, 1.0), 1.0, ns.where(ns.eq(v, 0.0), -1.0 / y, (v - 1.0) / ns.log(v)))


def _numpy(formula, *args):
    """``formula`` computed by numpy (warnings off: the formulas handle every edge case)."""
    with np.errstate(all="ignore"):
        return formula(NUMPY, *args)


def _vega(formula, *args: str) -> str:
    """``formula`` as one Vega expression over the expressions ``args``."""
    return formula(VEGA, *(Expr.of(a) for a in args)).text


def _vega_steps(formula, as_: str, *args: str, prefix: str | None = None) -> list[dict]:
    """``formula`` as Vega ``calculate`` transforms into the field ``as_``: the sub-expressions
    it uses more than once computed once per row, into fields named ``prefix`` + name (by
    default ``_`` + ``as_`` + ``_``), then the result."""
    ns = VegaSteps(f"_{as_}_" if prefix is None else prefix)
    value = formula(ns, *(Expr.of(a) for a in args))
    return [*ns.steps, {"calculate": value.text, "as": as_}]


# --- Dates <-> numbers ---------------------------------------------------------------------


def to_epoch_ms(dates) -> float | np.ndarray:
    """Dates as milliseconds since 1970-01-01 UTC (what a Vega date is); naive dates read as UTC.

    Sub-millisecond parts are dropped, since Vega dates have none. Numbers are taken to be
    milliseconds already, as Vega's ``time(x)`` does (pandas would read them as nanoseconds).
    """
    numeric = np.asarray(dates) if not isinstance(dates, pd.Series) else dates.to_numpy()
    if numeric.dtype.kind in "iuf":
        return float(numeric) if numeric.ndim == 0 else numeric.astype(float)
    scalar = np.ndim(dates) == 0
    index = pd.DatetimeIndex(pd.to_datetime([dates] if scalar else dates))
    if index.tz is not None:
        index = index.tz_convert("UTC").tz_localize(None)
    # Integer-divide before converting to float: nanoseconds since 1970 do not fit in a double.
    ms = (index.as_unit("ns").asi8 // 1_000_000).astype(float)
    return float(ms[0]) if scalar else ms


def from_epoch_ms(ms) -> pd.Timestamp | pd.DatetimeIndex:
    """Milliseconds since 1970-01-01 UTC back to (naive, UTC) Timestamps."""
    if np.ndim(ms) == 0:
        return pd.Timestamp(float(ms), unit="ms")
    return pd.DatetimeIndex(pd.to_datetime(np.asarray(ms, dtype=float), unit="ms"))


def months_since(start_date, dates) -> float | np.ndarray:
    """Months from ``start_date`` to ``dates``: (ms(dates) - ms(start)) / MS_PER_MONTH."""
    return (to_epoch_ms(dates) - to_epoch_ms(start_date)) / MS_PER_MONTH


def months_since_expr(date: str, start: str) -> str:
    """Vega mirror of `months_since`; ``date`` and ``start`` are Vega dates or ms numbers."""
    return f"((time({date}) - time({start})) / {_lit(MS_PER_MONTH)})"


def date_after_ms(start_date, months) -> float | np.ndarray:
    """The date ``months`` after ``start_date``, in ms since epoch:
    ``ms(start) + months * MS_PER_MONTH``.

    NaN months (a milestone not reached) give NaN.
    """
    months_arr = np.asarray(months, dtype=float)
    return _out(to_epoch_ms(start_date) + months_arr * MS_PER_MONTH, months)


def date_after(start_date, months) -> pd.Timestamp | pd.DatetimeIndex:
    """`date_after_ms` as Timestamps (NaT where ``months`` is NaN)."""
    return from_epoch_ms(date_after_ms(start_date, months))


def date_after_expr(start: str, months: str) -> str:
    """Vega mirror of `date_after_ms` (ms since epoch); a ``null`` month count gives ``null``.

    The guard matters: in JavaScript ``null * x`` is 0, so an unguarded "not reached" would
    silently become the start date.
    """
    return f"(isValid({months}) ? time({start}) + {_p(months)} * {_lit(MS_PER_MONTH)} : null)"


# --- Fitting the doubling time -------------------------------------------------------------


def select_models(
    df: pd.DataFrame,
    since=None,
    until=None,
    frontier_only: bool = True,
    value: str = "p50_minutes",
) -> pd.DataFrame:
    """The rows a fit uses: released in ``since <= release_date <= until`` (either bound may be
    None), with a positive, finite ``value``; only METR's state-of-the-art models when
    ``frontier_only``. Sorted by release date.
    """
    keep = df[value].notna() & np.isfinite(df[value].astype(float)) & (df[value] > 0)
    if since is not None:
        keep &= df["release_date"] >= pd.Timestamp(since)
    if until is not None:
        keep &= df["release_date"] <= pd.Timestamp(until)
    if frontier_only:
        keep &= df["frontier"].astype(bool)
    return df.loc[keep].sort_values("release_date", kind="stable")


def _ols(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Least-squares slope and intercept of y on x along the last axis (rows are samples).

    slope = sum((x - mean x)(y - mean y)) / sum((x - mean x)^2); intercept = mean y - slope mean x.
    A row whose x are all equal has no slope: NaN.
    """
    xm = x.mean(axis=-1, keepdims=True)
    ym = y.mean(axis=-1, keepdims=True)
    sxx = ((x - xm) ** 2).sum(axis=-1)
    sxy = ((x - xm) * (y - ym)).sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = np.where(sxx > 0, sxy / sxx, np.nan)
    return slope, ym[..., 0] - slope * xm[..., 0]


@dataclass(frozen=True)
class DoublingFit:
    """A least-squares trend of log2(time horizon) against release date.

    The line is ``log2(minutes) = intercept + slope * days``, ``days`` counted from
    ``reference_date`` (the first release date in the fit), so the doubling time is
    ``days = 1 / slope`` days. ``ci_low``/``ci_high`` are the 2.5th and 97.5th percentiles of
    the doubling time over ``n_boot`` usable bootstrap resamples of the models (see
    `fit_doubling_time`).
    """

    days: float
    ci_low: float
    ci_high: float
    n: int
    r2: float
    slope: float  # doublings per day
    intercept: float  # log2(minutes) on reference_date
    reference_date: pd.Timestamp
    first_date: pd.Timestamp
    last_date: pd.Timestamp
    model_ids: tuple[str, ...]
    n_boot: int
    seed: int
    value: str = "p50_minutes"

    @property
    def months(self) -> float:
        """Doubling time in months (days / DAYS_PER_MONTH)."""
        return self.days / DAYS_PER_MONTH

    @property
    def ci_low_months(self) -> float:
        return self.ci_low / DAYS_PER_MONTH

    @property
    def ci_high_months(self) -> float:
        return self.ci_high / DAYS_PER_MONTH

    @property
    def doublings_per_year(self) -> float:
        return self.slope * DAYS_PER_YEAR

    def predict(self, dates) -> float | np.ndarray:
        """Fitted horizon in minutes on ``dates``:
        ``2 ** (intercept + slope * days since reference_date)``."""
        days = (to_epoch_ms(dates) - to_epoch_ms(self.reference_date)) / MS_PER_DAY
        return 2.0 ** (self.intercept + self.slope * days)

    def line(self, start=None, end=None, n: int = 50) -> pd.DataFrame:
        """The fitted line for drawing: ``n`` evenly spaced dates from ``start`` to ``end``
        (default: the first and last release dates in the fit), with columns ``date`` and
        ``minutes``.
        """
        start_ms = to_epoch_ms(self.first_date if start is None else start)
        end_ms = to_epoch_ms(self.last_date if end is None else end)
        dates = from_epoch_ms(np.linspace(start_ms, end_ms, n))
        return pd.DataFrame({"date": dates, "minutes": self.predict(dates)})


def _bootstrap_slopes(x: np.ndarray, y: np.ndarray, reps: int, seed: int) -> np.ndarray:
    """The slopes of ``reps`` least-squares refits to the rows resampled with replacement
    (``default_rng(seed).integers(0, n, size=(reps, n))``, drawn once), keeping the usable
    ones (finite and growing): the sample behind a fit's interval and the doubling spread."""
    idx = np.random.default_rng(seed).integers(0, len(x), size=(reps, len(x)))
    slopes, _ = _ols(x[idx], y[idx])
    return slopes[np.isfinite(slopes) & (slopes > 0)]


def fit_doubling_time(
    df: pd.DataFrame,
    since=None,
    until=None,
    frontier_only: bool = True,
    *,
    value: str = "p50_minutes",
    reps: int = BOOTSTRAP_REPS,
    seed: int = BOOTSTRAP_SEED,
) -> DoublingFit:
    """Fit the doubling time of the time horizon, as METR draws its trend lines.

    Over the models `select_models` keeps (released in [since, until]; only those METR marks
    state of the art when ``frontier_only``), ordinary least squares of
    ``y = log2(value)`` on ``x = days since the first release date`` gives
    ``y = intercept + slope * x``; the doubling time is ``1 / slope`` days, and
    ``r2 = 1 - sum((y - fitted)^2) / sum((y - mean y)^2)``.

    The interval resamples the models with replacement: ``rng = numpy.random.default_rng(seed)``
    draws ``idx = rng.integers(0, n, size=(reps, n))`` once, each row is refitted, and the 2.5th
    and 97.5th percentiles of ``1 / slope`` over the rows are the 95% interval. Rows that cannot
    give a doubling time are dropped (and counted out of ``n_boot``): those whose models all
    share one release date (no slope) and those whose slope is not positive (horizons not
    growing: no doubling time). METR's own intervals also resample tasks, which needs their
    per-run data; this one shows only how much the line depends on which models are in it.

    Raises ValueError when fewer than two distinct release dates are selected or the fitted
    horizon does not grow.
    """
    rows = select_models(df, since, until, frontier_only, value)
    if rows["release_date"].nunique() < 2:
        raise ValueError(
            f"need models on at least two release dates to fit a trend; got {len(rows)} "
            f"model(s) for since={since!r}, until={until!r}, frontier_only={frontier_only}"
        )
    reference_date = rows["release_date"].iloc[0]
    x = (to_epoch_ms(rows["release_date"]) - to_epoch_ms(reference_date)) / MS_PER_DAY
    y = np.log2(rows[value].to_numpy(dtype=float))
    slope, intercept = (float(v) for v in _ols(x, y))
    if not slope > 0:
        raise ValueError(
            f"the fitted {value} does not grow over this window (slope {slope:.3g} doublings "
            "per day), so there is no doubling time"
        )
    residual = y - (intercept + slope * x)
    r2 = 1.0 - float((residual**2).sum() / ((y - y.mean()) ** 2).sum())

    usable = _bootstrap_slopes(x, y, reps, seed)
    if usable.size:
        ci_low, ci_high = (float(v) for v in np.percentile(1.0 / usable, [2.5, 97.5]))
    else:  # only possible with a handful of models; say so rather than invent an interval
        ci_low = ci_high = math.nan

    id_column = "model_id" if "model_id" in rows else "model"
    return DoublingFit(
        days=1.0 / slope,
        ci_low=ci_low,
        ci_high=ci_high,
        n=len(rows),
        r2=r2,
        slope=slope,
        intercept=intercept,
        reference_date=pd.Timestamp(reference_date),
        first_date=pd.Timestamp(rows["release_date"].iloc[0]),
        last_date=pd.Timestamp(rows["release_date"].iloc[-1]),
        model_ids=tuple(str(m) for m in rows[id_column]),
        n_boot=int(usable.size),
        seed=seed,
        value=value,
    )


def implied_doubling_time(minutes_start: float, minutes_end: float, elapsed: float) -> float:
    """Doubling time implied by two observations ``elapsed`` apart, in the unit of ``elapsed``:
    ``elapsed / log2(minutes_end / minutes_start)``.

    For the essay's figures, 4 minutes to 90 minutes in 12 months is 12 / log2(22.5) = 2.67
    months.
    """
    _check_positive("minutes_start", minutes_start)
    _check_positive("minutes_end", minutes_end)
    _check_positive("elapsed", elapsed)
    if not minutes_end > minutes_start:
        raise ValueError(
            f"the horizon must grow between the two observations to have a doubling time "
            f"(got {minutes_start!r} then {minutes_end!r} minutes)"
        )
    return elapsed / math.log2(minutes_end / minutes_start)


def implied_doubling_days(date_a, minutes_a: float, date_b, minutes_b: float) -> float:
    """`implied_doubling_time` between two dated observations, in days."""
    days = (to_epoch_ms(date_b) - to_epoch_ms(date_a)) / MS_PER_DAY
    return implied_doubling_time(minutes_a, minutes_b, days)


# --- Projections: three families, each a function of months since the start ----------------
# Each family starts at (start date, start_minutes) and is given as minutes at ``months``
# elapsed, together with the months it takes to reach a target horizon. Months before the start
# are allowed (the formulas run backwards), but milestone times are counted from the start: a
# target at or below the starting horizon is reached at 0 months.


def _exponential_minutes(ns, t, start, doubling):
    return ns.finite_or_null(start * ns.pow(2.0, t / doubling))


def _exponential_months(ns, target, start, doubling):
    return ns.maximum(0.0, doubling * (ns.log(target / start) / _LN2))


def exponential_minutes(months, start_minutes: float, doubling_months: float):
    """Exponential family: ``start_minutes * 2 ** (months / doubling_months)``.

    NaN where the value exceeds the largest double (never within the sliders' ranges).
    """
    _check_positive("start_minutes", start_minutes)
    _check_doubling(doubling_months)
    t = np.asarray(months, dtype=float)
    return _out(_numpy(_exponential_minutes, t, start_minutes, doubling_months), months)


def exponential_minutes_expr(t: str, start: str, doubling: str) -> str:
    """Vega mirror of `exponential_minutes`: ``t`` months, ``start`` minutes, ``doubling``
    months (expressions). ``null`` where the value overflows."""
    return _vega(_exponential_minutes, t, start, doubling)


def exponential_months_to(target_minutes: float, start_minutes: float, doubling_months: float):
    """Months for the exponential family to reach ``target_minutes``:
    ``max(0, doubling_months * ln(target / start) / ln 2)``."""
    _check_positive("target_minutes", target_minutes)
    _check_positive("start_minutes", start_minutes)
    _check_doubling(doubling_months)
    return float(_numpy(_exponential_months, target_minutes, start_minutes, doubling_months))


def exponential_months_to_expr(target: str, start: str, doubling: str) -> str:
    """Vega mirror of `exponential_months_to` (``target`` and ``start`` in minutes)."""
    return _vega(_exponential_months, target, start, doubling)


def _accelerating_doublings(ns, tau, acceleration):
    """Doublings n done after ``tau = t / T`` doubling times (see `accelerating_minutes`)."""
    ratio_first = ns.let("q", _log_ratio(ns, 1.0 - acceleration))  # log(1 - d) / (-d)
    log_r = -acceleration * ratio_first  # log(r), r = 1 - d
    x = acceleration * tau
    # log(1 - x) / log(r): the (real) doubling count at which t_n = t; its floor is k.
    level = ns.let("level", tau * _log_ratio(ns, 1.0 - x) / ratio_first)
    k = ns.let("k", ns.floor(level))
    f = ns.let("f", level - k)  # in [0, 1): the clamp t_k <= t < t_{k+1}, by construction
    # (t - t_k) / (T r^k) = (1 - r^f) / d, computed as f * ratio_first * e(f * log r).
    return k + f * ratio_first * _exp_ratio(ns, f * log_r)


def _accelerating_minutes(ns, t, start, doubling, acceleration):
    tau = ns.let("tau", t / doubling)
    minutes = start * ns.pow(2.0, _accelerating_doublings(ns, tau, acceleration))
    return ns.where(acceleration * tau >= 1.0, ns.null, ns.finite_or_null(minutes))


def _accelerating_months(ns, target, start, doubling, acceleration):
    # t_k / T = (1 - r^k) / d = k * q * e(y) and the k-th doubling's length / T = r^k = exp(y),
    # with q = log(r) / (-d) and y = k * log(r): see `accelerating_months_to`.
    doublings = ns.let("n", ns.maximum(0.0, ns.log(target / start) / _LN2))
    k = ns.let("k", ns.floor(doublings))
    ratio = ns.let("q", _log_ratio(ns, 1.0 - acceleration))
    y = ns.let("y", k * (-acceleration * ratio))
    start_k = k * ratio * _exp_ratio(ns, y)
    return doubling * (start_k + (doublings - k) * ns.exp(y))


def accelerating_minutes(months, start_minutes: float, doubling_months: float, acceleration: float):
    """Accelerating family: each doubling takes a fraction ``d = acceleration`` less time than
    the one before, the first taking ``T = doubling_months``.

    Doubling k (k = 0, 1, 2, ...) lasts ``T * r**k`` with ``r = 1 - d`` and starts at
    ``t_k = T * (1 - r**k) / d`` (``T * k`` when d = 0): the issue's time to n doublings,
    ``T * (1 - (1 - d)**n) / d``, exactly at every whole n. It tends to ``T / d``: the horizon
    becomes infinite at that finite time (see `accelerating_singularity_months`). Within a
    doubling the horizon grows at that doubling's own constant rate: for
    ``t_k <= t < t_{k+1}``, ``n(t) = k + (t - t_k) / (T * r**k)`` doublings, and the horizon is
    ``start_minutes * 2 ** n``. At and after the singularity (``d * t / T >= 1``), and where
    ``2 ** n`` overflows just before it, the result is NaN: the curve leaves every chart there.

    It is never slower than the exponential with the same T: every doubling lasts
    ``T * r**k <= T``, so ``t_k <= k * T`` and ``n(t) >= k + (t - t_k) / T >= t / T``. The first
    doubling is the exponential's; every later one is faster.

    Computed with ``tau = t / T`` and ``x = d * tau``: ``k = floor(c)`` with
    ``c = log(1 - x) / log(r)`` (the real number with ``t_c = t``), ``f = c - k`` in [0, 1), and
    ``n = k + (1 - r**f) / d``, which is ``k + (t - t_k) / (T * r**k)`` since
    ``(1 - d * t / T) / r**k = r**f``. Taking k and f from the same c keeps
    ``t_k <= t < t_{k+1}`` by construction (no off-by-one at a boundary), and avoids ``t - t_k``,
    which near ``T / d`` would cancel nearly every digit. Small d keeps its digits through
    ``c = tau * q(1 - x) / q(r)`` and ``(1 - r**f) / d = f * q(r) * e(f * log r)``, with
    ``q(u) = log(u) / (u - 1)`` (1 at u = 1) and ``e(y) = (exp(y) - 1) / y`` (1 at y = 0); at
    d = 0 it is ``n = tau``, the exponential.
    """
    _check_positive("start_minutes", start_minutes)
    _check_doubling(doubling_months)
    _check_acceleration(acceleration)
    t = np.asarray(months, dtype=float)
    minutes = _numpy(_accelerating_minutes, t, start_minutes, doubling_months, acceleration)
    return _out(minutes, months)


def accelerating_minutes_expr(t: str, start: str, doubling: str, acceleration: str) -> str:
    """Vega mirror of `accelerating_minutes` (the same k, f and n): ``null`` at and after the
    singularity, and where the value overflows just before it. Over a data row, prefer
    `projected_minutes_steps`: this one expression repeats its sub-expressions (about 8,000
    characters), the steps compute each once."""
    return _vega(_accelerating_minutes, t, start, doubling, acceleration)


def accelerating_singularity_months(doubling_months: float, acceleration: float) -> float | None:
    """Months after the start at which the accelerating family's horizon becomes infinite:
    ``T / d`` (the sum of all doubling times T + T(1-d) + T(1-d)^2 + ...); None when d = 0."""
    _check_doubling(doubling_months)
    _check_acceleration(acceleration)
    return None if acceleration == 0 else doubling_months / acceleration


def accelerating_singularity_months_expr(doubling: str, acceleration: str) -> str:
    """Vega mirror of `accelerating_singularity_months` (``null`` when d = 0)."""
    d = Expr.of(acceleration)
    return VEGA.where(d > 0, Expr.of(doubling) / d, VEGA.null).text


def accelerating_months_to(
    target_minutes: float, start_minutes: float, doubling_months: float, acceleration: float
) -> float:
    """Months for the accelerating family to reach ``target_minutes``, the inverse of
    `accelerating_minutes`: with ``n = max(0, log2(target / start))`` doublings, ``k = floor(n)``
    and ``r = 1 - d``, ``t_k + (n - k) * T * r**k``, where ``t_k = T * (1 - r**k) / d`` is the
    issue's time to k doublings (``T * k`` when d = 0); at a whole n it is exactly
    ``T * (1 - (1 - d)**n) / d``. Always finite, and before the singularity ``T / d``.

    ``t_k`` is computed without losing digits for small d as ``T * k * q * e(y)``, where
    ``q = log(r) / (-d)`` (1 at d = 0), ``y = k * log(r) = -k * d * q`` and
    ``e(y) = (exp(y) - 1) / y`` (1 at y = 0): the same product, rearranged; ``r**k = exp(y)``.
    """
    _check_positive("target_minutes", target_minutes)
    _check_positive("start_minutes", start_minutes)
    _check_doubling(doubling_months)
    _check_acceleration(acceleration)
    return float(
        _numpy(_accelerating_months, target_minutes, start_minutes, doubling_months, acceleration)
    )


def accelerating_months_to_expr(target: str, start: str, doubling: str, acceleration: str) -> str:
    """Vega mirror of `accelerating_months_to`."""
    return _vega(_accelerating_months, target, start, doubling, acceleration)


def _plateau_minutes(ns, t, start, doubling, ceiling):
    left = ns.let("left", ns.log(ceiling / start) / _LN2)  # doublings left to the ceiling
    z = t / (left * doubling)
    tanh = 2.0 / (1.0 + ns.exp(-2.0 * z)) - 1.0
    minutes = ns.minimum(ceiling, start * ns.pow(2.0, left * tanh))
    return ns.where(ceiling <= start, ns.null, minutes)


# The fewest doublings between two different doubles: log2 of one plus the spacing of doubles.
_LEAST_DOUBLINGS = 2.0**-53 / _LN2


def _plateau_months(ns, target, start, doubling, ceiling):
    doublings = ns.let("n", ns.log(target / start) / _LN2)
    left = ns.let("left", ns.log(ceiling / start) / _LN2)
    # D * T * atanh(n / D), as D * T * log((D + n) / (D - n)) / 2, with D - n (the doublings
    # from the target to the ceiling) computed from their own ratio: as left - n it would lose
    # every digit for a target within rounding of the ceiling, and divide by zero. A target
    # below the ceiling is at least the spacing of doubles below it.
    to_ceiling = ns.maximum(ns.log(ceiling / target) / _LN2, _LEAST_DOUBLINGS)
    months = left * doubling * (0.5 * ns.log((left + doublings) / to_ceiling))
    never = ns.either(ceiling <= start, target >= ceiling)
    return ns.where(never, ns.null, ns.where(doublings <= 0.0, 0.0, months))


def plateau_minutes(months, start_minutes: float, doubling_months: float, ceiling_minutes: float):
    """Plateau family: logistic in log-horizon, rising to ``ceiling_minutes``.

    With ``D = log2(ceiling / start)`` doublings left to the ceiling,
    ``log2(minutes) = log2(start) + D * tanh(t / (D * T))``: a logistic curve in log2(minutes)
    whose steepest point is the start, where it doubles every ``T = doubling_months`` like the
    exponential family, and which then slows, approaching the ceiling and never passing it.
    Computed as ``min(ceiling, start * 2 ** (D * tanh(z)))`` with
    ``tanh(z) = 2 / (1 + exp(-2z)) - 1`` (no overflow for any z; the min absorbs rounding).
    """
    _check_positive("start_minutes", start_minutes)
    _check_doubling(doubling_months)
    _check_ceiling(ceiling_minutes, start_minutes)
    t = np.asarray(months, dtype=float)
    minutes = _numpy(_plateau_minutes, t, start_minutes, doubling_months, ceiling_minutes)
    return _out(minutes, months)


def plateau_minutes_expr(t: str, start: str, doubling: str, ceiling: str) -> str:
    """Vega mirror of `plateau_minutes`; ``null`` when the ceiling is not above the start (where
    Python raises ValueError), so a slider set that way draws nothing rather than a wrong
    curve."""
    return _vega(_plateau_minutes, t, start, doubling, ceiling)


def plateau_months_to(
    target_minutes: float, start_minutes: float, doubling_months: float, ceiling_minutes: float
) -> float:
    """Months for the plateau family to reach ``target_minutes``: with ``n = log2(target/start)``
    and ``D = log2(ceiling/start)``, ``D * T * atanh(n / D)``, computed as
    ``D * T * 0.5 * log((D + n) / log2(ceiling / target))``; 0 when n <= 0; NaN (never) when
    the target is at or above the ceiling."""
    _check_positive("target_minutes", target_minutes)
    _check_positive("start_minutes", start_minutes)
    _check_doubling(doubling_months)
    _check_ceiling(ceiling_minutes, start_minutes)
    return float(
        _numpy(_plateau_months, target_minutes, start_minutes, doubling_months, ceiling_minutes)
    )


def plateau_months_to_expr(target: str, start: str, doubling: str, ceiling: str) -> str:
    """Vega mirror of `plateau_months_to`: ``null`` when never reached (or the ceiling is not
    above the start)."""
    return _vega(_plateau_months, target, start, doubling, ceiling)


# --- Family dispatch, dates, milestones ----------------------------------------------------


def _check_family(family: str, ceiling) -> None:
    if family not in FAMILIES:
        raise ValueError(f"family must be one of {FAMILIES} (got {family!r})")
    if family == PLATEAU and ceiling is None:
        raise ValueError("the plateau family needs a ceiling (ceiling_minutes / ceiling)")


def _by_family(family: str, funcs: tuple, first, start, doubling, acceleration, ceiling):
    """Call the function of ``funcs`` (exponential, accelerating, plateau) for ``family``,
    with the arguments it takes: the one dispatch behind the four functions below."""
    _check_family(family, ceiling)
    exponential, accelerating, plateau = funcs
    if family == EXPONENTIAL:
        return exponential(first, start, doubling)
    if family == ACCELERATING:
        return accelerating(first, start, doubling, acceleration)
    return plateau(first, start, doubling, ceiling)


def projected_minutes(
    family: str,
    months,
    start_minutes: float,
    doubling_months: float,
    acceleration: float = 0.0,
    ceiling_minutes: float | None = None,
):
    """Minutes at ``months`` since the start for ``family`` (one of `FAMILIES`); see
    `exponential_minutes`, `accelerating_minutes`, `plateau_minutes`. Arguments a family does
    not use are ignored."""
    funcs = (exponential_minutes, accelerating_minutes, plateau_minutes)
    return _by_family(
        family, funcs, months, start_minutes, doubling_months, acceleration, ceiling_minutes
    )


def projected_minutes_expr(
    family: str,
    t: str,
    start: str,
    doubling: str,
    acceleration: str = "0",
    ceiling: str | None = None,
) -> str:
    """Vega mirror of `projected_minutes` (the family is chosen in Python, not in Vega)."""
    funcs = (exponential_minutes_expr, accelerating_minutes_expr, plateau_minutes_expr)
    return _by_family(family, funcs, t, start, doubling, acceleration, ceiling)


def projected_minutes_steps(
    family: str,
    t: str,
    start: str,
    doubling: str,
    acceleration: str = "0",
    ceiling: str | None = None,
    *,
    as_: str = "minutes",
) -> list[dict]:
    """`projected_minutes_expr` as Vega ``calculate`` transforms into the field ``as_``, each
    sub-expression the formula uses more than once computed once per row (fields named
    ``_<as_>_...``): for a chart that projects a family over rows of months."""
    formulas = (_exponential_minutes, _accelerating_minutes, _plateau_minutes)
    return _by_family(family, _steps_of(formulas, as_), t, start, doubling, acceleration, ceiling)


def _exprs_of(formulas: tuple) -> tuple:
    """Each of ``formulas`` as a function of Vega expressions that writes one expression."""
    return tuple(functools.partial(_vega, formula) for formula in formulas)


def _steps_of(formulas: tuple, as_: str, prefix: str | None = None) -> tuple:
    return tuple(
        functools.partial(_vega_steps, formula, as_, prefix=prefix) for formula in formulas
    )


def months_to_reach(
    family: str,
    target_minutes: float,
    start_minutes: float,
    doubling_months: float,
    acceleration: float = 0.0,
    ceiling_minutes: float | None = None,
) -> float:
    """Months after the start at which ``family`` reaches ``target_minutes`` (NaN: never)."""
    funcs = (exponential_months_to, accelerating_months_to, plateau_months_to)
    return _by_family(
        family, funcs, target_minutes, start_minutes, doubling_months, acceleration, ceiling_minutes
    )


def months_to_reach_expr(
    family: str,
    target: str,
    start: str,
    doubling: str,
    acceleration: str = "0",
    ceiling: str | None = None,
) -> str:
    """Vega mirror of `months_to_reach` (``null``: never)."""
    funcs = (exponential_months_to_expr, accelerating_months_to_expr, plateau_months_to_expr)
    return _by_family(family, funcs, target, start, doubling, acceleration, ceiling)


def milestone_date_expr(
    family: str,
    target: str,
    start_date: str,
    start: str,
    doubling: str,
    acceleration: str = "0",
    ceiling: str | None = None,
    horizon_date: str | None = None,
) -> str:
    """Vega expression for the date (ms since epoch) at which ``family`` reaches ``target``
    minutes: ``date_after_ms(start_date, months_to_reach(...))``; ``null`` when never reached
    or, given ``horizon_date``, not reached by then (as `milestones` says "not reached by").
    ``start_date``/``horizon_date`` are Vega dates or ms numbers; the rest as in
    `months_to_reach_expr`."""
    months = months_to_reach_expr(family, target, start, doubling, acceleration, ceiling)
    return milestone_date_from_months_expr(months, start_date, horizon_date)


def milestone_date_from_months_expr(
    months: str, start_date: str, horizon_date: str | None = None
) -> str:
    """`milestone_date_expr` given the months to the milestone (a `months_to_reach_expr`, or
    the name of a signal holding one, which keeps a chart's expressions short: this one
    repeats ``months`` six times)."""
    date = date_after_expr(start_date, months)
    if horizon_date is None:
        return date
    return f"(isValid({date}) && {date} <= time({horizon_date}) ? {date} : null)"


def project(
    family: str,
    dates,
    start_date,
    start_minutes: float,
    doubling_months: float,
    acceleration: float = 0.0,
    ceiling_minutes: float | None = None,
) -> pd.DataFrame:
    """The projection on ``dates``, for drawing: columns ``date``, ``months`` (since the start),
    ``minutes`` and ``family``. Dates where the family is undefined (the accelerating family
    at and after its singularity) are left out, so no NaN or infinity reaches a chart; the
    singularity itself is `singularity_date`."""
    months = np.atleast_1d(months_since(start_date, dates))
    minutes = np.atleast_1d(
        projected_minutes(
            family, months, start_minutes, doubling_months, acceleration, ceiling_minutes
        )
    )
    frame = pd.DataFrame(
        {
            "date": pd.DatetimeIndex(pd.to_datetime(np.atleast_1d(dates))),
            "months": months,
            "minutes": minutes,
            "family": family,
        }
    )
    return frame.loc[np.isfinite(frame["minutes"])].reset_index(drop=True)


def singularity_date(
    start_date, doubling_months: float, acceleration: float
) -> pd.Timestamp | None:
    """The date the accelerating family's horizon becomes infinite (start + T / d months), or
    None when d = 0 (no singularity)."""
    months = accelerating_singularity_months(doubling_months, acceleration)
    return None if months is None else date_after(start_date, months)


def milestones(
    family: str,
    start_date,
    start_minutes: float,
    doubling_months: float,
    acceleration: float = 0.0,
    ceiling_minutes: float | None = None,
    horizon_date=None,
    targets: Mapping[str, float] = MILESTONES,
) -> pd.DataFrame:
    """When ``family`` reaches each of ``targets`` (label -> minutes; default `MILESTONES`).

    Columns: ``milestone``, ``target_minutes``, ``months`` (after the start; NaN if not
    reached), ``date`` (NaT if not reached), ``reached`` (bool) and ``status`` (the date as
    YYYY-MM-DD, "not reached by <horizon_date>", or "never: at or above the ceiling"). A target
    at or below the starting horizon is reached at the start (0 months).
    """
    horizon_ms = None if horizon_date is None else to_epoch_ms(horizon_date)
    records = []
    for label, target in targets.items():
        months = months_to_reach(
            family, target, start_minutes, doubling_months, acceleration, ceiling_minutes
        )
        date_ms = date_after_ms(start_date, months)
        if math.isnan(months):
            status = "never: at or above the ceiling"
        elif horizon_ms is not None and date_ms > horizon_ms:
            status = f"not reached by {from_epoch_ms(horizon_ms):%Y-%m-%d}"
            months = date_ms = math.nan
        else:
            status = f"{from_epoch_ms(date_ms):%Y-%m-%d}"
        records.append(
            {
                "milestone": label,
                "target_minutes": float(target),
                "months": months,
                "date": from_epoch_ms(date_ms),
                "reached": not math.isnan(months),
                "status": status,
            }
        )
    return pd.DataFrame.from_records(records)


# --- Backtest ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Backtest:
    """A fit on models released before ``cutoff`` held against the models released after it.

    ``predictions`` has one row per later model: ``model_id``, ``release_date``,
    ``months_after_cutoff``, ``observed_minutes``, ``predicted_minutes`` (the fitted line carried
    forward) and ``log2_error = log2(observed / predicted)`` (positive: the model did better than
    the trend said). The summaries are over those rows.
    """

    cutoff: pd.Timestamp
    fit: DoublingFit
    predictions: pd.DataFrame
    mean_log2_error: float  # bias: > 0 means the trend under-predicted
    mean_abs_log2_error: float  # typical miss, in doublings
    rmse_log2_error: float

    @property
    def n_test(self) -> int:
        return len(self.predictions)


def backtest(
    df: pd.DataFrame,
    cutoff,
    since=None,
    until=None,
    frontier_only: bool = True,
    *,
    value: str = "p50_minutes",
    reps: int = BOOTSTRAP_REPS,
    seed: int = BOOTSTRAP_SEED,
) -> Backtest:
    """Fit on the models released in ``[since, cutoff)``, project the line forward, and measure
    ``log2(observed / predicted)`` on the models released in ``[cutoff, until]`` (the same
    ``frontier_only`` choice on both sides). Errors are in doublings: 1.0 means off by 2x.

    Raises ValueError when there is no model after the cutoff to test against.
    """
    cutoff = pd.Timestamp(cutoff)
    before = df.loc[df["release_date"] < cutoff]
    fit = fit_doubling_time(before, since, None, frontier_only, value=value, reps=reps, seed=seed)
    later = select_models(df.loc[df["release_date"] >= cutoff], None, until, frontier_only, value)
    if later.empty:
        raise ValueError(f"no models released on or after {cutoff:%Y-%m-%d} to test against")
    predicted = np.atleast_1d(fit.predict(later["release_date"]))
    observed = later[value].to_numpy(dtype=float)
    errors = np.log2(observed / predicted)
    id_column = "model_id" if "model_id" in later else "model"
    predictions = pd.DataFrame(
        {
            "model_id": later[id_column].to_numpy(),
            "release_date": later["release_date"].to_numpy(),
            "months_after_cutoff": np.atleast_1d(months_since(cutoff, later["release_date"])),
            "observed_minutes": observed,
            "predicted_minutes": predicted,
            "log2_error": errors,
        }
    )
    return Backtest(
        cutoff=cutoff,
        fit=fit,
        predictions=predictions,
        mean_log2_error=float(errors.mean()),
        mean_abs_log2_error=float(np.abs(errors).mean()),
        rmse_log2_error=float(np.sqrt((errors**2).mean())),
    )


# --- Amdahl's law for an organisation ------------------------------------------------------


def amdahl_speedup(p, s):
    """Overall speedup when a fraction ``p`` of the work is sped up ``s`` times (Amdahl's law):
    ``1 / ((1 - p) + p / s)``. ``s`` may be ``inf`` (that part takes no time at all).

    With p = 0.8 of the work (say, writing code) made 52x faster and the rest (review) as it
    was, the whole goes 1 / (0.2 + 0.8 / 52) = 4.64x faster.
    """
    _check_fraction("p (the fraction of the work sped up)", p)
    s_arr = np.asarray(s, dtype=float)
    if not np.all(s_arr > 0):
        raise ValueError(f"speedup s must be positive (got {s!r})")
    result = _numpy(_amdahl_speedup, np.asarray(p, dtype=float), s_arr)
    return float(result) if result.ndim == 0 else result


def _amdahl_speedup(ns, p, s):
    return 1.0 / ((1.0 - p) + p / s)


def amdahl_speedup_expr(p: str, s: str) -> str:
    """Vega mirror of `amdahl_speedup`."""
    return _vega(_amdahl_speedup, p, s)


def amdahl_limit(review_share):
    """The most any speedup of the rest can give when a fixed share of the work (human review)
    is not sped up at all: ``1 / review_share``, the limit of `amdahl_speedup` with
    ``p = 1 - review_share`` as ``s -> inf``. Infinite when review_share = 0."""
    _check_fraction("review_share", review_share)
    share = np.asarray(review_share, dtype=float)
    with np.errstate(divide="ignore"):
        result = 1.0 / share
    return float(result) if result.ndim == 0 else result


def amdahl_limit_expr(review_share: str) -> str:
    """Vega mirror of `amdahl_limit` (``null`` rather than infinity when the share is 0)."""
    return f"({_p(review_share)} > 0 ? 1 / {_p(review_share)} : null)"


def review_share_of_time(p, s, review=1.0):
    """The bottleneck view: after the speedup, the share of the time spent on human review,
    when review is a fraction ``review`` of the part not sped up (by default all of it):
    ``review (1 - p) / ((1 - p) + p / s)``. With p = 0.8 and s = 52, review goes from 20% of
    the time to 93%."""
    _check_fraction("review (review's share of the part not sped up)", review)
    amdahl_speedup(p, s)  # its argument checks
    args = (np.asarray(x, dtype=float) for x in (p, s, review))
    result = _numpy(_review_share_of_time, *args)
    return float(result) if np.ndim(result) == 0 else result


def _review_share_of_time(ns, p, s, review):
    return review * (1.0 - p) * _amdahl_speedup(ns, p, s)


def review_share_of_time_expr(p: str, s: str, review: str = "1") -> str:
    """Vega mirror of `review_share_of_time`."""
    return _vega(_review_share_of_time, p, s, review)


def amdahl_required_speedup(p: float, overall: float) -> float:
    """The speedup ``s`` of the fraction ``p`` needed for an overall speedup ``overall``:
    ``p / (1 / overall - (1 - p))``; ValueError when ``overall`` is at or beyond the limit
    ``1 / (1 - p)``."""
    _check_fraction("p (the fraction of the work sped up)", p)
    _check_positive("overall", overall)
    remaining = 1.0 / overall - (1.0 - p)
    if not remaining > 0:
        raise ValueError(
            f"an overall speedup of {overall!r} is out of reach when only {p!r} of the work is "
            f"sped up: the most is 1 / (1 - p) = {amdahl_limit(1.0 - p)!r}"
        )
    return p / remaining


# --- Projections with uncertainty ----------------------------------------------------------
# A projection with a range is the same three families run over a fixed set of draws, each draw
# a pair of standard-normal numbers (z_doubling, z_start) that sets that draw's doubling time
# and starting horizon:
#
#     doubling_i = doubling_months * 2 ** (doubling_spread * z_doubling_i)
#     start_i    = start_minutes   * 2 ** (start_spread    * z_start_i)
#
# so ``doubling_spread`` is the standard deviation of log2(doubling time) and ``start_spread``
# that of log2(start), in doublings. The acceleration and the ceiling are scenario assumptions
# and stay fixed. With both spreads 0 every draw is the point projection, exactly.
#
# Their defaults come from the data (`estimate_spreads`), widened by the backtest's rule
# (`calibrated_spread_factor`, `default_spreads`). The start's spread is METR's 95% interval on
# the start model, read as a normal's in log2 units: a projection starts from that model's
# measured horizon, not from the fitted line, so the doubt about where it starts is the
# measurement's (the scatter of models about the line would count the slope's doubt twice).
# The doubling time's spread is the fit's bootstrap over models, pooled over the fit windows
# the benchmarks page offers: both which models and which years go into the fit move it.
#
# The draws are not random: they are a rank-1 lattice of N = 101 points in the unit square,
# u_i = ((i + 1/2) / N, ((i * g mod N) + 1/2) / N) with g = round(N / golden ratio) = 62, each
# coordinate put through the inverse normal CDF. Each coordinate is then exactly the N midpoint
# quantiles of the normal distribution (so its median is 0 and it is symmetric), and the pairs
# fill the square evenly (a lattice, not a random cloud), which makes the quantiles of a
# function of both smooth in the settings and within about 1/N = 1 percentage point of the
# distribution they sample. N = 101 because the 10th, 50th and 90th percentiles then fall on
# draws (ranks 10, 50 and 90 of 0..100), so no interpolation is needed, and because a page
# redraws its bands within a frame: it recomputes N draws x 5 task lengths x 3 families on every
# move of a slider, about 1,500 evaluations with 101 draws (201 draws took twice the frame on
# the book's benchmark, for half a percentage point of accuracy that dates to the month do not
# show). The draws are data shipped with the page (`uncertainty_draws`), so Python and the
# browser use the very same numbers.
#
# Quantiles: the p-quantile of N draws is the draw of rank round(p * (N - 1)) (0-based) in
# increasing order, a draw that does not reach a milestone by the horizon counting as later than
# every draw that does. For N = 101 and p = 0.1, 0.5, 0.9 this is also the usual linear
# interpolation (numpy's default, R's type 7), which lands exactly on those ranks. A quantile
# that falls on a draw that does not reach the milestone is "not reached": NaN in Python, null in
# Vega.

UNCERTAINTY_DRAWS = 101
_LATTICE_GENERATOR = 62  # round(101 / 1.6180339887...), coprime with 101 (a prime)
#: The 80% interval and its middle: the quantiles every range reports.
RANGE_PROBS = (0.1, 0.5, 0.9)
RANGE_LABELS = ("low", "median", "high")
#: Fit windows (first release date, None: all models) pooled into the doubling-time spread:
#: the three windows the benchmarks page offers, so the spread covers the choice among them.
DOUBLING_SPREAD_WINDOWS = (None, "2023-01-01", "2024-01-01")
#: A window with fewer frontier models than this gives no usable bootstrap and is left out.
MIN_MODELS_PER_WINDOW = 4
#: Widening steps tried by `calibrated_spread_factor`.
SPREAD_FACTOR_STEP = 0.25
MAX_SPREAD_FACTOR = 4.0
# Where a draw does not reach a milestone by the horizon, the browser sorts it by this stand-in
# date (far past any real date, finite so that no arithmetic on it gives NaN) and reports null.
_NOT_REACHED_SORT_KEY = 1e300


def _inverse_normal_cdf(u: np.ndarray) -> np.ndarray:
    from statistics import NormalDist  # pure Python, the same on every machine

    normal = NormalDist()
    return np.array([normal.inv_cdf(float(v)) for v in u])


def uncertainty_draws(n: int = UNCERTAINTY_DRAWS, generator: int = _LATTICE_GENERATOR):
    """The fixed draws: a DataFrame with ``draw`` (0..n-1), ``z_doubling`` and ``z_start``
    (standard-normal values from the rank-1 lattice described above). Ship it with a chart as
    its data (101 rows); every range in this module uses it unless given other draws."""
    if math.gcd(n, generator) != 1:
        raise ValueError(f"the lattice generator {generator} must be coprime with n = {n}")
    i = np.arange(n)
    return pd.DataFrame(
        {
            "draw": i,
            "z_doubling": _inverse_normal_cdf(((i * generator) % n + 0.5) / n),
            "z_start": _inverse_normal_cdf((i + 0.5) / n),
        }
    )


def _draws_or_default(draws) -> pd.DataFrame:
    return uncertainty_draws() if draws is None else draws


def _check_spread(name: str, value: float) -> None:
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(f"{name} must be a finite number of doublings >= 0 (got {value!r})")


def draw_parameters(
    start_minutes: float,
    doubling_months: float,
    doubling_spread: float = 0.0,
    start_spread: float = 0.0,
    draws: pd.DataFrame | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Each draw's starting horizon and doubling time:
    ``start_minutes * 2 ** (start_spread * z_start)`` and
    ``doubling_months * 2 ** (doubling_spread * z_doubling)``."""
    _check_positive("start_minutes", start_minutes)
    _check_doubling(doubling_months)
    _check_spread("doubling_spread", doubling_spread)
    _check_spread("start_spread", start_spread)
    d = _draws_or_default(draws)
    z_start, z_doubling = (d[k].to_numpy(dtype=float) for k in ("z_start", "z_doubling"))
    starts = _numpy(_drawn, start_minutes, start_spread, z_start)
    doublings = _numpy(_drawn, doubling_months, doubling_spread, z_doubling)
    return starts, doublings


def _drawn(ns, value, spread, z):
    """A draw's value of a quantity with a spread in log2 units: ``value * 2 ** (spread * z)``."""
    return value * ns.pow(2.0, spread * z)


def draw_parameters_expr(
    start: str,
    doubling: str,
    doubling_spread: str,
    start_spread: str,
    z_doubling: str = "datum.z_doubling",
    z_start: str = "datum.z_start",
) -> tuple[str, str]:
    """Vega mirror of `draw_parameters`: (start, doubling) expressions for one draw."""
    return (
        _vega(_drawn, start, start_spread, z_start),
        _vega(_drawn, doubling, doubling_spread, z_doubling),
    )


def _plateau_draw_months(ns, target, start, doubling, ceiling):
    """The plateau's months to ``target`` for one draw; a draw that starts at or above the
    ceiling sits at the ceiling (the plateau caps every horizon): a target below it at once,
    else never."""
    at_ceiling = ns.where(target < ceiling, 0.0, ns.null)
    months = _plateau_months(ns, target, start, doubling, ceiling)
    return ns.where(start >= ceiling, at_ceiling, months)


# The months to a target in one draw, by family (exponential, accelerating, plateau).
_DRAW_MONTHS = (_exponential_months, _accelerating_months, _plateau_draw_months)


def _draw_months(family, target, start, doubling, acceleration, ceiling) -> float:
    """`months_to_reach` for one draw (NaN: never); see `_plateau_draw_months`."""
    if family == PLATEAU:
        return float(_numpy(_plateau_draw_months, target, start, doubling, ceiling))
    return months_to_reach(family, target, start, doubling, acceleration, ceiling)


def draw_months_to_reach(
    family: str,
    target_minutes: float,
    start_minutes: float,
    doubling_months: float,
    acceleration: float = 0.0,
    ceiling_minutes: float | None = None,
    doubling_spread: float = 0.0,
    start_spread: float = 0.0,
    draws: pd.DataFrame | None = None,
) -> np.ndarray:
    """Months to ``target_minutes`` in every draw (NaN: never), in the draws' order."""
    _check_family(family, ceiling_minutes)
    _check_positive("target_minutes", target_minutes)
    if family == PLATEAU:
        _check_ceiling(ceiling_minutes, start_minutes)
    starts, doublings = draw_parameters(
        start_minutes, doubling_months, doubling_spread, start_spread, draws
    )
    return np.array(
        [
            _draw_months(family, target_minutes, s, t, acceleration, ceiling_minutes)
            for s, t in zip(starts, doublings, strict=True)
        ]
    )


def draw_months_to_reach_expr(
    family: str,
    target: str,
    start: str,
    doubling: str,
    acceleration: str = "0",
    ceiling: str | None = None,
    doubling_spread: str | None = None,
    start_spread: str | None = None,
    z_doubling: str = "datum.z_doubling",
    z_start: str = "datum.z_start",
) -> str:
    """Vega mirror of one draw of `draw_months_to_reach` (``null``: never); ``z_doubling`` and
    ``z_start`` name the draw's fields. Without spreads (None), ``start`` and ``doubling`` are
    taken to be the draw's own already: compute them once into fields with
    `draw_parameters_expr` and pass those, as `range_transforms` does, since the formulas
    repeat them many times."""
    if doubling_spread is None and start_spread is None:
        draw_start, draw_doubling = start, doubling
    else:
        draw_start, draw_doubling = draw_parameters_expr(
            start,
            doubling,
            "0" if doubling_spread is None else doubling_spread,
            "0" if start_spread is None else start_spread,
            z_doubling,
            z_start,
        )
    return _by_family(
        family, _exprs_of(_DRAW_MONTHS), target, draw_start, draw_doubling, acceleration, ceiling
    )


def order_statistic_quantile(values: np.ndarray, p: float) -> float:
    """The p-quantile of ``values`` as this module defines it: the value of rank
    ``round(p * (n - 1))`` (0-based) in increasing order, NaN (not reached) counting as later
    than every number; NaN when that rank falls on one."""
    _check_fraction("p", p)
    ordered = np.sort(np.asarray(values, dtype=float))  # numpy sorts NaN last
    return float(ordered[round(p * (len(ordered) - 1))])


def milestone_ranges(
    family: str,
    start_date,
    start_minutes: float,
    doubling_months: float,
    acceleration: float = 0.0,
    ceiling_minutes: float | None = None,
    horizon_date=None,
    doubling_spread: float = 0.0,
    start_spread: float = 0.0,
    targets: Mapping[str, float] = MILESTONES,
    draws: pd.DataFrame | None = None,
    probs: tuple[float, float, float] = RANGE_PROBS,
) -> pd.DataFrame:
    """When ``family`` reaches each target, as a range over the draws.

    One row per target: ``milestone``, ``target_minutes``; ``low_months``, ``median_months``,
    ``high_months`` (the ``probs`` quantiles of the months after the start: by default the
    median and the 80% interval; NaN where that quantile does not reach the target by
    ``horizon_date``) and the matching ``low_date``, ``median_date``, ``high_date`` (NaT there);
    ``share_not_reached`` (the share of draws that do not reach it by ``horizon_date``, or
    ever when there is no horizon) and ``share_never`` (the share that never reach it: the
    plateau's draws whose ceiling is at or below the target). With both spreads 0 the three
    quantiles are the point projection of `milestones`, exactly.
    """
    start_ms = to_epoch_ms(start_date)
    horizon_ms = math.inf if horizon_date is None else to_epoch_ms(horizon_date)
    records = []
    for label, target in targets.items():
        months = draw_months_to_reach(
            family,
            target,
            start_minutes,
            doubling_months,
            acceleration,
            ceiling_minutes,
            doubling_spread,
            start_spread,
            draws,
        )
        never = np.isnan(months)
        dates = start_ms + months * MS_PER_MONTH
        by_horizon = np.where(dates <= horizon_ms, months, np.nan)  # NaN <= x is False
        record = {"milestone": label, "target_minutes": float(target)}
        for name, p in zip(RANGE_LABELS, probs, strict=True):
            q = order_statistic_quantile(by_horizon, p)
            record[f"{name}_months"] = q
            record[f"{name}_date"] = from_epoch_ms(date_after_ms(start_ms, q))
        record["share_not_reached"] = float(np.isnan(by_horizon).mean())
        record["share_never"] = float(never.mean())
        records.append(record)
    return pd.DataFrame.from_records(records)


def range_band(
    family: str,
    task_minutes,
    start_date,
    start_minutes: float,
    doubling_months: float,
    acceleration: float = 0.0,
    ceiling_minutes: float | None = None,
    horizon_date=None,
    doubling_spread: float = 0.0,
    start_spread: float = 0.0,
    draws: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The horizontal 80% band of ``family`` for drawing: `milestone_ranges` on a grid of task
    lengths (``task_minutes``), one row per length with ``minutes``, the ``low``/``median``/
    ``high`` months and dates, and the shares. At a milestone's length it is that milestone's
    range, exactly; a chart draws ``low_date``..``high_date`` at each ``minutes`` (an area with
    x and x2), leaving out rows where the date is missing. Because every draw's curve rises
    with time, the band read vertically (the 10th to 90th percentile of the horizon at a date)
    is the same band."""
    grid = {float(m): float(m) for m in np.atleast_1d(np.asarray(task_minutes, dtype=float))}
    frame = milestone_ranges(
        family,
        start_date,
        start_minutes,
        doubling_months,
        acceleration,
        ceiling_minutes,
        horizon_date,
        doubling_spread,
        start_spread,
        grid,
        draws,
    )
    frame = frame.drop(columns="milestone").rename(columns={"target_minutes": "minutes"})
    frame.insert(0, "family", family)
    return frame


def _list_literal(values) -> str:
    return "[" + ", ".join(_lit(v) for v in values) + "]"


def range_transforms(
    targets: Mapping[str, float] | None = None,
    *,
    target_minutes: list[float] | None = None,
    families: tuple[str, ...] = FAMILIES,
    start_date: str = "start_date",
    start: str = "start_minutes",
    doubling: str = "doubling_months",
    acceleration: str = "acceleration",
    ceiling: str = "ceiling_minutes",
    horizon_date: str | None = "horizon_date",
    doubling_spread: str = "doubling_spread",
    start_spread: str = "start_spread",
    probs: tuple[float, float, float] = RANGE_PROBS,
    n_draws: int = UNCERTAINTY_DRAWS,
) -> list[dict]:
    """The Vega mirror of `milestone_ranges` / `range_band`, as a list of Vega-Lite transforms.

    Apply them to the draws (`uncertainty_draws`, shipped as the chart's data: ``draw``,
    ``z_doubling``, ``z_start``); every other argument is a Vega expression, by default the
    name of a param (signal) of that name (``start_date`` and ``horizon_date`` are Vega dates
    or ms numbers; ``horizon_date=None`` means no horizon). The targets are written into the
    spec as a literal, either ``targets`` (label -> minutes, default `MILESTONES`) or a grid
    ``target_minutes`` (labels are then the minutes as text). The result has one row per
    family and target, with fields ``family``, ``milestone``, ``target_minutes``,
    ``low_months``, ``median_months``, ``high_months``, ``low_date``, ``median_date``,
    ``high_date`` (ms since epoch; null where not reached by the horizon), ``share_not_reached``
    and ``share_never``: the numbers `milestone_ranges` gives, on the same draws.

    ``n_draws`` must be the number of draws shipped (it sets the quantiles' ranks).

    A slider recomputes all of it on every move, so it is built for few operations on few
    rows: each draw stays one row (changed in place, never copied), whose months to every
    family's every target are one array (cell ``i * len(targets) + j`` for family i, target
    j); one aggregate gathers the draws, and one row per cell then sorts its draws' values
    (`order_statistic_quantile`'s order, by Vega's ``sort``) and reads the quantiles off by
    index, as `order_statistic_quantile_expr` does. The rows come in the order of
    ``families`` (a layer coloured by family draws the families in that order).
    """
    if target_minutes is not None:
        targets = {repr(float(m)): float(m) for m in target_minutes}
    targets = MILESTONES if targets is None else targets
    labels = list(targets)
    minutes = [float(targets[k]) for k in labels]
    n_targets, n_cells = len(labels), len(families) * len(labels)
    draw_start, draw_doubling = draw_parameters_expr(start, doubling, doubling_spread, start_spread)
    # Each draw's months to each target in each family (null: never), family by family.
    months = [
        draw_months_to_reach_expr(
            family,
            _lit(target),
            "datum.draw_start",
            "datum.draw_doubling",
            acceleration,
            ceiling if family == PLATEAU else None,
        )
        for family in families
        for target in minutes
    ]
    # Each cell's sort key: the months where the draw reaches the target by the horizon; the
    # stand-in (a number later than every month) where it reaches it only after; null where it
    # never does. Sorted, a cell's keys are then its nulls (never), the months reached in
    # increasing order, and the stand-ins: numpy's order of the months by the horizon, NaN
    # last, shifted by the count of nulls. The start and the horizon are read once per draw
    # (`time` makes a Date each time it is called), the date as `date_after_expr` computes it.
    late = _lit(_NOT_REACHED_SORT_KEY)

    def key(cell: int) -> str:
        m = f"datum.draw_months[{cell}]"
        date = f"datum.range_start + {m} * {_lit(MS_PER_MONTH)}"
        reached = "true" if horizon_date is None else f"{date} <= datum.range_horizon"
        return f"(isValid({m}) ? ({reached} ? {m} : {late}) : null)"

    nulls = "(lastindexof(datum.sorted, null) + 1)"
    first_late = f"indexof(datum.sorted, {late})"
    reached_end = f"({first_late} < 0 ? {n_draws} : {first_late})"
    ranks = [round(p * (n_draws - 1)) for p in probs]
    transforms: list[dict] = [
        {"calculate": draw_start, "as": "draw_start"},
        {"calculate": draw_doubling, "as": "draw_doubling"},
        {"calculate": f"time({start_date})", "as": "range_start"},
        *(
            []
            if horizon_date is None
            else [{"calculate": f"time({horizon_date})", "as": "range_horizon"}]
        ),
        {"calculate": "[" + ", ".join(months) + "]", "as": "draw_months"},
        {"calculate": "[" + ", ".join(key(c) for c in range(n_cells)) + "]", "as": "draw_keys"},
        # All the draws in one row; then one row per family and target, which sorts its
        # draws' keys and reads the quantiles off them (rank r: the r-th month reached, null
        # where fewer than r + 1 are).
        {"aggregate": [{"op": "values", "field": "draw_keys", "as": "draws"}]},
        {"calculate": f"sequence(0, {n_cells})", "as": "cell"},
        {"flatten": ["cell"]},
        {
            "calculate": "[" + ", ".join(_string_literal(f) for f in families) + "]"
            f"[floor(datum.cell / {n_targets})]",
            "as": "family",
        },
        {"calculate": f"datum.cell % {n_targets}", "as": "target_index"},
        {"calculate": f"{_list_literal(minutes)}[datum.target_index]", "as": "target_minutes"},
        {
            "calculate": "[" + ", ".join(_string_literal(k) for k in labels) + "]"
            "[datum.target_index]",
            "as": "milestone",
        },
        {"calculate": "sort(pluck(datum.draws, 'draw_keys[' + datum.cell + ']'))", "as": "sorted"},
        {"calculate": f"1 - ({reached_end} - {nulls}) / {n_draws}", "as": "share_not_reached"},
        {"calculate": f"1 - ({n_draws} - {nulls}) / {n_draws}", "as": "share_never"},
    ]
    for name, rank in zip(RANGE_LABELS, ranks, strict=True):
        transforms += [
            {
                "calculate": f"{nulls} + {rank} < {reached_end} ? "
                f"datum.sorted[{nulls} + {rank}] : null",
                "as": f"{name}_months",
            },
            {
                "calculate": date_after_expr(start_date, f"datum.{name}_months"),
                "as": f"{name}_date",
            },
        ]
    return transforms


def _string_literal(text: str) -> str:
    import json

    return json.dumps(text)


def draw_minutes(
    family: str,
    months,
    start_minutes: float,
    doubling_months: float,
    acceleration: float = 0.0,
    ceiling_minutes: float | None = None,
    doubling_spread: float = 0.0,
    start_spread: float = 0.0,
    draws: pd.DataFrame | None = None,
) -> np.ndarray:
    """The horizon ``months`` after the start in every draw: an array of shape
    (draws, len(months)); NaN past the accelerating family's singularity (infinite). A plateau
    draw that starts at or above the ceiling stays at the ceiling."""
    _check_family(family, ceiling_minutes)
    if family == PLATEAU:
        _check_ceiling(ceiling_minutes, start_minutes)
    t = np.atleast_1d(np.asarray(months, dtype=float))
    starts, doublings = draw_parameters(
        start_minutes, doubling_months, doubling_spread, start_spread, draws
    )
    rows = []
    for s, d in zip(starts, doublings, strict=True):
        if family == PLATEAU:
            rows.append(np.atleast_1d(_numpy(_plateau_draw_minutes, t, s, d, ceiling_minutes)))
        else:
            rows.append(
                np.atleast_1d(projected_minutes(family, t, s, d, acceleration, ceiling_minutes))
            )
    return np.array(rows, dtype=float)


def _plateau_draw_minutes(ns, t, start, doubling, ceiling):
    """The plateau in one draw: a draw that starts at or above the ceiling stays at it."""
    return ns.where(start >= ceiling, ceiling, _plateau_minutes(ns, t, start, doubling, ceiling))


# The horizon in one draw, by family (exponential, accelerating, plateau).
_DRAW_MINUTES = (_exponential_minutes, _accelerating_minutes, _plateau_draw_minutes)


def projection_band(
    family: str,
    dates,
    start_date,
    start_minutes: float,
    doubling_months: float,
    acceleration: float = 0.0,
    ceiling_minutes: float | None = None,
    doubling_spread: float = 0.0,
    start_spread: float = 0.0,
    draws: pd.DataFrame | None = None,
    probs: tuple[float, float, float] = RANGE_PROBS,
) -> pd.DataFrame:
    """The band read vertically: on each of ``dates``, the ``probs`` quantiles of the horizon
    over the draws (columns ``date``, ``months``, ``low_minutes``, ``median_minutes``,
    ``high_minutes``; NaN where the quantile is past the accelerating family's singularity)."""
    months = np.atleast_1d(months_since(start_date, dates))
    values = draw_minutes(
        family,
        months,
        start_minutes,
        doubling_months,
        acceleration,
        ceiling_minutes,
        doubling_spread,
        start_spread,
        draws,
    )
    frame = pd.DataFrame(
        {"date": pd.DatetimeIndex(pd.to_datetime(np.atleast_1d(dates))), "months": months}
    )
    for name, p in zip(RANGE_LABELS, probs, strict=True):
        frame[f"{name}_minutes"] = [order_statistic_quantile(col, p) for col in values.T]
    return frame


# --- Default spreads, from the data --------------------------------------------------------


def _normal_quantile(p: float) -> float:
    from statistics import NormalDist

    return NormalDist().inv_cdf(p)


def start_spread_from_interval(low: float, high: float, level: float = 0.95) -> float:
    """The start's spread (sd of log2(horizon), in doublings) that a normal distribution in
    log2 units with the central ``level`` interval ``[low, high]`` has:
    ``log2(high / low) / (2 * z)``, z the normal's ``(1 + level) / 2`` quantile (1.96 for 95%).
    METR's intervals are not symmetric in log2; this keeps their width and centres them on
    the estimate."""
    _check_positive("low", low)
    _check_positive("high", high)
    if not high >= low:
        raise ValueError(f"the interval's high end must not be below its low end ({low}, {high})")
    return math.log(high / low) / _LN2 / (2.0 * _normal_quantile((1.0 + level) / 2.0))


def bootstrap_doubling_months(
    df: pd.DataFrame,
    since=None,
    until=None,
    frontier_only: bool = True,
    *,
    value: str = "p50_minutes",
    reps: int = BOOTSTRAP_REPS,
    seed: int = BOOTSTRAP_SEED,
) -> np.ndarray:
    """The doubling times (months) of `fit_doubling_time`'s bootstrap, the same resamples
    (same seed, same draws, same rows dropped): the sample behind its 95% interval."""
    rows = select_models(df, since, until, frontier_only, value)
    x = (to_epoch_ms(rows["release_date"]) - to_epoch_ms(rows["release_date"].iloc[0])) / MS_PER_DAY
    y = np.log2(rows[value].to_numpy(dtype=float))
    return 1.0 / _bootstrap_slopes(x, y, reps, seed) / DAYS_PER_MONTH


def doubling_spread_from_fits(
    df: pd.DataFrame,
    windows=DOUBLING_SPREAD_WINDOWS,
    *,
    frontier_only: bool = True,
    reps: int = BOOTSTRAP_REPS,
    seed: int = BOOTSTRAP_SEED,
) -> tuple[float, tuple]:
    """The doubling time's spread (sd of log2(doubling time)) from the fits' bootstraps, pooled
    over the fit windows: each window (first release date; None for all) with at least
    `MIN_MODELS_PER_WINDOW` frontier models in ``df`` adds its `bootstrap_doubling_months`, and
    the spread is ``(q90 - q10) / (2 * 1.2816)`` of log2 of the pooled sample (the 80% interval's
    width, read as a normal's; robust to the long tail a few-model window's bootstrap has).

    Pooling covers both sources of doubt about the slope: which models (the bootstrap) and
    which window (each window counts equally). Returns the spread and the windows used.
    """
    samples, used = [], []
    for since in windows:
        rows = select_models(df, since, None, frontier_only)
        if rows["release_date"].nunique() < MIN_MODELS_PER_WINDOW:
            continue
        samples.append(
            bootstrap_doubling_months(df, since, None, frontier_only, reps=reps, seed=seed)
        )
        used.append(since)
    if not samples:
        raise ValueError("no fit window has enough frontier models for a doubling-time spread")
    logs = np.log2(np.concatenate(samples))
    q10, q90 = np.percentile(logs, [10, 90])
    return float((q90 - q10) / (2.0 * _normal_quantile(0.9))), tuple(used)


@dataclass(frozen=True)
class SpreadEstimate:
    """The data's spreads at a date (all models released before ``cutoff``; None: all):
    the start is the latest frontier model then (``start_model``, ``start_minutes`` on
    ``start_date``, METR's 95% interval ``start_ci``), its spread from that interval; the
    doubling time's spread from the pooled bootstraps of ``windows``; ``fit`` is the fit on
    every frontier model then (the point doubling time a forecast made then would use)."""

    cutoff: pd.Timestamp | None
    start_model: str
    start_date: pd.Timestamp
    start_minutes: float
    start_ci: tuple[float, float]
    start_spread: float
    doubling_spread: float
    windows: tuple
    fit: DoublingFit

    @property
    def start_ci_doublings(self) -> float:
        """The width of METR's interval on the start, in doublings: log2(high / low)."""
        return math.log(self.start_ci[1] / self.start_ci[0]) / _LN2


def doubling_interval(
    doubling_months: float, doubling_spread: float, level: float = 0.8
) -> tuple[float, float]:
    """The central ``level`` interval of the draws' doubling time as the spread describes it
    (a normal in log2 units): ``doubling_months * 2 ** (-+ z * doubling_spread)``, z the
    normal's ``(1 + level) / 2`` quantile (1.2816 for 80%)."""
    z = _normal_quantile((1.0 + level) / 2.0)
    return (
        doubling_months * 2.0 ** (-z * doubling_spread),
        doubling_months * 2.0 ** (z * doubling_spread),
    )


def estimate_spreads(df: pd.DataFrame, cutoff=None) -> SpreadEstimate:
    """`SpreadEstimate` from the models released before ``cutoff`` (None: all of ``df``)."""
    before = df if cutoff is None else df.loc[df["release_date"] < pd.Timestamp(cutoff)]
    frontier = select_models(before)
    latest = frontier.iloc[-1]
    ci = (float(latest["p50_ci_low"]), float(latest["p50_ci_high"]))
    doubling_spread, windows = doubling_spread_from_fits(before)
    id_column = "model_id" if "model_id" in frontier else "model"
    return SpreadEstimate(
        cutoff=None if cutoff is None else pd.Timestamp(cutoff),
        start_model=str(latest[id_column]),
        start_date=pd.Timestamp(latest["release_date"]),
        start_minutes=float(latest["p50_minutes"]),
        start_ci=ci,
        start_spread=start_spread_from_interval(*ci),
        doubling_spread=doubling_spread,
        windows=windows,
        fit=fit_doubling_time(before),
    )


# --- Calibration on the backtest -----------------------------------------------------------


@dataclass(frozen=True)
class Calibration:
    """How often the exponential's 80% band, built at past cutoffs from the data then,
    held the frontier models released later.

    ``predictions``: one row per (cutoff, later frontier model): ``cutoff``, ``model_id``,
    ``release_date``, ``observed_minutes``, ``low_minutes``, ``median_minutes``,
    ``high_minutes`` (the band on its release date), ``inside`` and ``miss_doublings``
    (log2(observed / nearest edge): positive above the band, negative below, 0 inside).
    ``factor`` multiplied both data-derived spreads.
    """

    factor: float
    predictions: pd.DataFrame

    @property
    def n(self) -> int:
        return len(self.predictions)

    @property
    def share_inside(self) -> float:
        return float(self.predictions["inside"].mean())

    def by_cutoff(self) -> pd.DataFrame:
        """Per cutoff: ``n``, ``inside``, ``share_inside``, ``median_miss_doublings`` (of the
        models outside; NaN if none)."""
        g = self.predictions.groupby("cutoff")
        out = pd.DataFrame({"n": g.size(), "inside": g["inside"].sum()})
        out["share_inside"] = out["inside"] / out["n"]
        outside = self.predictions.loc[~self.predictions["inside"]]
        out["median_miss_doublings"] = outside.groupby("cutoff")["miss_doublings"].median()
        return out.reset_index()


def calibrate_ranges(
    df: pd.DataFrame, cutoffs, factor: float = 1.0, draws: pd.DataFrame | None = None
) -> Calibration:
    """For each cutoff: the spreads, start and doubling time a forecast made then would have
    (`estimate_spreads` on the models released before it; the doubling time fitted to all
    frontier models then, as `backtest` does), both spreads times ``factor``; then the
    exponential's 80% band on each later frontier model's release date, and whether the
    model's measured horizon fell inside."""
    records = []
    for cutoff in cutoffs:
        est = estimate_spreads(df, cutoff)
        later = select_models(df.loc[df["release_date"] >= pd.Timestamp(cutoff)])
        band = projection_band(
            EXPONENTIAL,
            later["release_date"],
            est.start_date,
            est.start_minutes,
            est.fit.months,
            doubling_spread=factor * est.doubling_spread,
            start_spread=factor * est.start_spread,
            draws=draws,
        )
        id_column = "model_id" if "model_id" in later else "model"
        for (_, model), (_, b) in zip(later.iterrows(), band.iterrows(), strict=True):
            observed = float(model["p50_minutes"])
            low, high = b["low_minutes"], b["high_minutes"]
            if observed > high:
                miss = math.log2(observed / high)
            elif observed < low:
                miss = math.log2(observed / low)
            else:
                miss = 0.0
            records.append(
                {
                    "cutoff": pd.Timestamp(cutoff),
                    "model_id": str(model[id_column]),
                    "release_date": pd.Timestamp(model["release_date"]),
                    "observed_minutes": observed,
                    "low_minutes": low,
                    "median_minutes": b["median_minutes"],
                    "high_minutes": high,
                    "inside": bool(low <= observed <= high),
                    "miss_doublings": miss,
                }
            )
    return Calibration(factor=factor, predictions=pd.DataFrame.from_records(records))


def calibrated_spread_factor(
    df: pd.DataFrame,
    cutoffs,
    level: float = RANGE_PROBS[2] - RANGE_PROBS[0],
    draws: pd.DataFrame | None = None,
) -> tuple[float, Calibration]:
    """The widening rule: the smallest factor, in steps of `SPREAD_FACTOR_STEP` from 1 up to
    `MAX_SPREAD_FACTOR`, by which both data-derived spreads must be multiplied for the 80%
    bands built at ``cutoffs`` to hold at least ``level`` of the later (cutoff, model) pairs.
    1 when the method is not overconfident. Returns the factor and its `Calibration`."""
    factor = 1.0
    while True:
        result = calibrate_ranges(df, cutoffs, factor, draws)
        if result.share_inside >= level or factor >= MAX_SPREAD_FACTOR:
            return factor, result
        factor += SPREAD_FACTOR_STEP


# --- When will we know? --------------------------------------------------------------------


@dataclass(frozen=True)
class Separation:
    """The first month (``date``: its first day) in which the exponential's 80% band lies
    wholly above the plateau's: its 10th percentile ``exponential_low_minutes`` above the
    plateau's 90th ``plateau_high_minutes``. A frontier model measured then above
    ``plateau_high_minutes`` is outside the plateau's band; one below
    ``exponential_low_minutes``, outside the exponential's."""

    date: pd.Timestamp
    exponential_low_minutes: float
    plateau_high_minutes: float


def first_separation(
    start_date,
    start_minutes: float,
    doubling_months: float,
    ceiling_minutes: float,
    horizon_date,
    doubling_spread: float = 0.0,
    start_spread: float = 0.0,
    draws: pd.DataFrame | None = None,
) -> Separation | None:
    """`Separation` on the first days of the months after ``start_date`` up to
    ``horizon_date``; None when the bands still overlap at the horizon."""
    first = pd.Timestamp(start_date).to_period("M").to_timestamp() + pd.offsets.MonthBegin(1)
    dates = pd.date_range(first, pd.Timestamp(horizon_date), freq="MS")
    kwargs = {
        "doubling_spread": doubling_spread,
        "start_spread": start_spread,
        "draws": draws,
    }
    exp = projection_band(EXPONENTIAL, dates, start_date, start_minutes, doubling_months, **kwargs)
    plateau = projection_band(
        PLATEAU, dates, start_date, start_minutes, doubling_months, 0.0, ceiling_minutes, **kwargs
    )
    apart = (exp["low_minutes"] > plateau["high_minutes"]).to_numpy()
    if not apart.any():
        return None
    i = int(np.argmax(apart))
    return Separation(
        date=pd.Timestamp(dates[i]),
        exponential_low_minutes=float(exp["low_minutes"].iloc[i]),
        plateau_high_minutes=float(plateau["high_minutes"].iloc[i]),
    )


# Its Vega mirror. The Python above runs the draws through `projection_band` on every month; a
# slider cannot afford that as rows (about 119 months x 101 draws x 2 families, 24,000 rows, on
# every move). Two things make it cheap, and neither changes the answer:
#
# - A month is one row, and each family's 101 values at that month are one array written out in
#   a single expression (the draws' z values are literals; each draw's start and doubling time
#   are computed once per move, as two array signals), sorted by Vega's ``sort``: the same
#   values and the same order statistics, with no row per draw.
# - Months are searched coarse to fine, skipping only months that provably cannot be the first
#   one apart. Every draw's horizon rises (or stays level) with time: the exponential's
#   ``2 ** (t / T)``, the plateau's ``tanh`` and its cap, a plateau draw already at its ceiling.
#   An order statistic of rising functions rises too, so the exponential's 10th percentile L(t)
#   and the plateau's 90th U(t) are both non-decreasing. The bands are evaluated every
#   `SEPARATION_BLOCK_MONTHS` months (and on the last month); within a block from month a to
#   month b, L(t) <= L(b) and U(t) >= U(a), so if L(b) <= U(a) no month of the block is apart;
#   and no month after the first coarse month found apart can be the first. Every block before
#   that month which this does not rule out is then evaluated month by month. At the defaults
#   that is 12 coarse months and one block of 10, a fifth of the months; at worst (bands that
#   stay within a hair of each other for years) it is every month, as in Python.

#: The coarse search's step, in months (about the square root of the ~119 months searched,
#: which minimises coarse months plus one block's months).
SEPARATION_BLOCK_MONTHS = 11


def draw_parameters_array_expr(
    start: str,
    doubling: str,
    doubling_spread: str,
    start_spread: str,
    draws: pd.DataFrame | None = None,
) -> tuple[str, str]:
    """Vega mirror of `draw_parameters`: every draw's start and doubling time as two array
    expressions (the draws' ``z_start`` and ``z_doubling`` written in as literals, in the
    draws' order), each element `draw_parameters_expr` of that draw. Bind each to a signal:
    `sorted_draw_minutes_expr` indexes them."""
    d = _draws_or_default(draws)
    pairs = [
        draw_parameters_expr(start, doubling, doubling_spread, start_spread, _lit(zd), _lit(zs))
        for zd, zs in zip(d["z_doubling"], d["z_start"], strict=True)
    ]
    return (
        "[" + ", ".join(s for s, _ in pairs) + "]",
        "[" + ", ".join(t for _, t in pairs) + "]",
    )


def draw_minutes_expr(
    family: str,
    t: str,
    start: str,
    doubling: str,
    acceleration: str = "0",
    ceiling: str | None = None,
) -> str:
    """Vega mirror of one draw of `draw_minutes` (``start`` and ``doubling`` are the draw's
    own): `projected_minutes_expr`, except that a plateau draw starting at or above the ceiling
    stays at the ceiling. ``null`` where Python gives NaN."""
    return _by_family(family, _exprs_of(_DRAW_MINUTES), t, start, doubling, acceleration, ceiling)


def sorted_draw_minutes_expr(
    family: str,
    t: str,
    starts: str,
    doublings: str,
    acceleration: str = "0",
    ceiling: str | None = None,
    n_draws: int = UNCERTAINTY_DRAWS,
) -> str:
    """The horizon ``t`` months after the start in every draw (`draw_minutes` at one month),
    sorted increasing, as one Vega array: ``sort([m_0, ..., m_(n-1)])`` with ``m_i`` the
    `draw_minutes_expr` of draw i, whose start and doubling time are ``starts[i]`` and
    ``doublings[i]`` (``starts`` and ``doublings`` name the array signals of
    `draw_parameters_array_expr`). Vega's sort puts ``null`` (NaN in Python) first;
    `order_statistic_quantile_expr` counts them as last, as numpy does."""
    values = ", ".join(
        draw_minutes_expr(family, t, f"{starts}[{i}]", f"{doublings}[{i}]", acceleration, ceiling)
        for i in range(n_draws)
    )
    return f"sort([{values}])"


def order_statistic_quantile_expr(sorted_values: str, p: float, n: int) -> str:
    """Vega mirror of `order_statistic_quantile` on an array sorted by Vega's ``sort``
    (`sorted_draw_minutes_expr`), which puts its k nulls first: the value of rank
    ``r = round(p * (n - 1))`` among the numbers is element ``k + r``, and ``null`` when
    ``k + r >= n`` (the rank falls on a NaN in Python's order, where NaN is last)."""
    _check_fraction("p", p)
    rank = round(p * (n - 1))
    nulls = f"(lastindexof({sorted_values}, null) + 1)"
    return f"({nulls} + {rank} < {n} ? {sorted_values}[{nulls} + {rank}] : null)"


def first_separation_transforms(
    *,
    start_date: str = "start_date",
    start: str = "start_minutes",
    doubling: str = "doubling_months",
    ceiling: str = "ceiling_minutes",
    horizon_date: str = "horizon_date",
    draw_starts: str = "draw_starts",
    draw_doublings: str = "draw_doublings",
    probs: tuple[float, float, float] = RANGE_PROBS,
    n_draws: int = UNCERTAINTY_DRAWS,
    block: int = SEPARATION_BLOCK_MONTHS,
) -> list[dict]:
    """The Vega mirror of `first_separation`, as Vega-Lite transforms of a one-row dataset.

    Arguments are Vega expressions, by default params of those names: ``start_date`` and
    ``horizon_date`` Vega dates or ms numbers, ``start`` and ``ceiling`` minutes, ``doubling``
    months; ``draw_starts`` and ``draw_doublings`` name the two array signals of
    `draw_parameters_array_expr` (the spreads enter there). The result is one row: ``date``
    (ms since epoch, the first day of the first month in which the exponential's
    ``probs[0]`` quantile exceeds the plateau's ``probs[2]``; null when the bands still
    overlap at the horizon), ``exponential_low_minutes`` and ``plateau_high_minutes`` (those
    quantiles in that month; null when there is none): the numbers of `Separation`.

    The months are those `first_separation` takes: the first days of the months after the
    start's month, up to the horizon (``utc`` carries a month past December into the next
    year, as pandas' month starts do). They are searched coarse to fine, every ``block``
    months first (see the comment above `SEPARATION_BLOCK_MONTHS` for why that finds the same
    month).
    """
    s, h = f"time({start_date})", f"time({horizon_date})"
    count = f"12 * (utcyear({h}) - utcyear({s})) + utcmonth({h}) - utcmonth({s})"
    low, high = "datum.exponential_low", "datum.plateau_high"
    apart = f"isValid({low}) && isValid({high}) && {low} > {high}"
    # L at the block's end and U at its start: the nearest coarse values after and before a
    # month, which (both being non-decreasing) are the smallest L after and the largest U
    # before it.
    hopeless = (
        "isValid(datum.low_after) && isValid(datum.high_before) && "
        "datum.low_after <= datum.high_before"
    )
    first_coarse = f"(isValid(datum.first_coarse_apart) ? datum.first_coarse_apart : {count})"
    first = "datum.first_apart"
    found = f"({first}.apart_key < {_lit(_NOT_REACHED_SORT_KEY)})"
    return [
        {"calculate": f"sequence(0, max(0, {count}))", "as": "month_index"},
        {"flatten": ["month_index"]},
        {
            "calculate": f"utc(utcyear({s}), utcmonth({s}) + 1 + datum.month_index, 1)",
            "as": "date",
        },
        {"filter": f"datum.date <= {h}"},
        {"calculate": months_since_expr("datum.date", s), "as": "months"},
        {
            "calculate": f"datum.month_index % {block} == 0 || datum.month_index == {count} - 1",
            "as": "coarse",
        },
        *_band_edges_transforms(
            "datum.coarse", draw_starts, draw_doublings, ceiling, probs, n_draws, keep=False
        ),
        {
            "window": [{"op": "max", "field": "plateau_high", "as": "high_before"}],
            "frame": [None, 0],
            "sort": [{"field": "month_index", "order": "ascending"}],
        },
        {
            "window": [{"op": "min", "field": "exponential_low", "as": "low_after"}],
            "frame": [0, None],
            "sort": [{"field": "month_index", "order": "ascending"}],
        },
        {"calculate": f"datum.coarse && {apart} ? datum.month_index : null", "as": "coarse_apart"},
        {"joinaggregate": [{"op": "min", "field": "coarse_apart", "as": "first_coarse_apart"}]},
        {
            "calculate": f"!datum.coarse && datum.month_index < {first_coarse} && !({hopeless})",
            "as": "fine",
        },
        *_band_edges_transforms(
            "datum.fine", draw_starts, draw_doublings, ceiling, probs, n_draws, keep=True
        ),
        # The month's date where the bands are apart, else a stand-in later than every date:
        # the smallest is the first month apart.
        {"calculate": f"{apart} ? datum.date : {_lit(_NOT_REACHED_SORT_KEY)}", "as": "apart_key"},
        {"aggregate": [{"op": "argmin", "field": "apart_key", "as": "first_apart"}]},
        {"calculate": f"isValid({first}) && {found} ? {first}.date : null", "as": "date"},
        {
            "calculate": f"isValid(datum.date) ? {first}.exponential_low : null",
            "as": "exponential_low_minutes",
        },
        {
            "calculate": f"isValid(datum.date) ? {first}.plateau_high : null",
            "as": "plateau_high_minutes",
        },
    ]


def _band_edges_transforms(
    where: str,
    draw_starts: str,
    draw_doublings: str,
    ceiling: str,
    probs: tuple[float, float, float],
    n_draws: int,
    *,
    keep: bool,
) -> list[dict]:
    """On the rows where ``where`` holds: the exponential's ``probs[0]`` quantile over the
    draws (``exponential_low``) and the plateau's ``probs[2]`` (``plateau_high``) at the row's
    ``months``. Other rows get null, or with ``keep`` the value an earlier pass gave them. (A
    row is not new on every move: Vega recomputes its fields in place, so a pass that did not
    set every row would leave it last move's value.)"""
    out = []
    edges = ((EXPONENTIAL, probs[0], "exponential_low"), (PLATEAU, probs[2], "plateau_high"))
    for family, p, name in edges:
        values = sorted_draw_minutes_expr(
            family,
            "datum.months",
            draw_starts,
            draw_doublings,
            ceiling=ceiling if family == PLATEAU else None,
            n_draws=n_draws,
        )
        quantile = order_statistic_quantile_expr(f"datum.{name}_sorted", p, n_draws)
        otherwise = f"datum.{name}" if keep else "null"
        out += [
            {"calculate": f"{where} ? {values} : null", "as": f"{name}_sorted"},
            {"calculate": f"{where} ? {quantile} : {otherwise}", "as": name},
        ]
    return out


@dataclass(frozen=True)
class DefaultSpreads:
    """The spreads a page starts from: the data's (`estimate_spreads` on all models) times the
    widening ``factor`` that `calibrated_spread_factor` finds on the backtest's cutoffs."""

    doubling_spread: float
    start_spread: float
    factor: float
    estimate: SpreadEstimate
    raw: Calibration  # the calibration of the data's spreads as they are (factor 1)
    widened: Calibration  # and with the factor applied


def default_spreads(df: pd.DataFrame, cutoffs, draws: pd.DataFrame | None = None) -> DefaultSpreads:
    """`DefaultSpreads` from METR's table ``df`` and the backtest's ``cutoffs``."""
    estimate = estimate_spreads(df)
    factor, widened = calibrated_spread_factor(df, cutoffs, draws=draws)
    raw = widened if factor == 1.0 else calibrate_ranges(df, cutoffs, 1.0, draws)
    return DefaultSpreads(
        doubling_spread=factor * estimate.doubling_spread,
        start_spread=factor * estimate.start_spread,
        factor=factor,
        estimate=estimate,
        raw=raw,
        widened=widened,
    )
