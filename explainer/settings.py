"""What the charts, the numbers, the tables and the widgets share, written once.

This module sits between the model (`explainer.trends`) and everything that presents it: the
charts (`explainer.charts`), the glued numbers (`explainer.numbers`), the page lists and tables
(`explainer.lists`, `explainer.tables`) and the JupyterLab panels (`explainer.widgets`) all read
their defaults, choices and controls here, and none of them imports another
(`tests/test_layers.py` holds the direction). It holds:

- the scenarios' defaults (`DEFAULTS`), how far projections run (`HORIZON_DATE`) and where
  they can start (`start_points`);
- the backtest's cutoffs (`BACKTEST_CUTOFFS`, `backtests`) and the Amdahl illustration's
  inputs (`amdahl_illustration`);
- the fit windows the benchmarks page lets a reader choose, and every fit among them
  (`fit_windows`, `window_fit`, `fit_readout`, `fit_grid`), with the essay's figures they are
  compared with (`ESSAY_FIGURE_IDS`, `trend_anchor`, `essay_doubling_months`);
- every control a reader moves, as one specification each (`Slider`, `Choice`, `Toggle`):
  the static page's Vega-Lite params (`explainer.charts._base.param_for`) and the ipywidgets
  (`explainer.widgets._controls.widget_for`) are both generated from it;
- the words several layers print: scenario family names, source labels, date precision.

Why the defaults are what they are:

- the doubling time of 4 months is the one the essay's own figures imply for its last year
  (90 minutes to 12 hours in twelve months); the acceleration and the plateau's ceiling are
  assumptions (the essay gives neither);
- the start point is by default the latest model METR marks as state of the art in
  `metr_horizons`; or the essay's own "12-hour" figure from `task_horizons`, dated as the essay
  dates it ("a year after" March 2025);
- the Amdahl illustration puts the essay's 80% of merged code and its ~52x code-speed result
  into Amdahl's law as an illustration only (the essay does not say what share of the *work*
  is sped up, nor by how much).
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from explainer import data, trends

# --- Words several layers print ----------------------------------------------------------------

FAMILY_LABELS = {
    trends.EXPONENTIAL: "Exponential",
    trends.ACCELERATING: "Accelerating",
    trends.PLATEAU: "Plateau",
}
# Said wherever a projection is drawn: it is the model's, from the reader's assumptions.
PROJECTION_NOTE = "Projection, not data"

PRECISION_WORDS = {
    "day": "day",
    "month": "month",
    "quarter": "quarter",
    "year": "year",
    "approximate": "approximate",
    "unknown": "not stated",
}


def source_label(source_ids: pd.Series) -> pd.Series:
    """Readable source names for tooltips and source lines: each source's `short_name`."""
    labels = data.load("sources").set_index("source_id")["short_name"]
    return source_ids.map(labels).fillna(source_ids).astype(str)


AGREE = "all draws agree"


def range_text(row, horizon_date: pd.Timestamp) -> str:
    """A range as prose: 'Mar 2027 (80%: Sep 2026 – Dec 2027)'; where the later end is not
    reached by the horizon, 'after <horizon>' and the share of draws not reached by then; where
    the median is not reached, 'not reached by <horizon> in 60% of draws'; and, where some
    draws never reach it (the plateau's ceiling), 'in 30% of draws, never'. Where every draw
    gives the same month (no uncertainty: the point projection), 'Sep 2026 (all draws agree)'."""
    horizon = f"{horizon_date:%b %Y}"
    never = row["share_never"]
    never_text = f"in {never:.0%} of draws, never" if never > 0 else ""
    if pd.isna(row["median_date"]):
        if never == 1:
            return "never (above the ceiling in every draw)"
        text = f"not reached by {horizon} in {row['share_not_reached']:.0%} of draws"
        return f"{text} ({never_text})" if never_text else text
    high = (
        f"{row['high_date']:%b %Y}"
        if not pd.isna(row["high_date"])
        else f"after {horizon} ({row['share_not_reached']:.0%} of draws)"
    )
    if row["low_months"] == row["high_months"]:
        text = f"{row['median_date']:%b %Y} ({AGREE})"
    else:
        text = f"{row['median_date']:%b %Y} (80%: {row['low_date']:%b %Y} – {high})"
    return f"{text}; {never_text}" if never_text else text


def ranges_in_words(
    family: str,
    start_date,
    start_minutes: float,
    doubling_months: float,
    acceleration: float = 0.0,
    ceiling_minutes: float | None = None,
    doubling_spread: float = 0.0,
    start_spread: float = 0.0,
    targets=trends.MILESTONES,
) -> pd.DataFrame:
    """`trends.milestone_ranges` up to the book's horizon (`HORIZON_DATE`), with the ``text``
    every page and panel shows for a range (`range_text`)."""
    frame = trends.milestone_ranges(
        family,
        start_date,
        start_minutes,
        doubling_months,
        acceleration,
        ceiling_minutes,
        HORIZON_DATE,
        doubling_spread,
        start_spread,
        targets=targets,
    )
    frame["text"] = [range_text(row, HORIZON_DATE) for _, row in frame.iterrows()]
    return frame


def date_words(row) -> str:
    """A date as the source gives it (its `date_text`), with 'about' where it is approximate."""
    text = row.date_text
    if row.date_precision == "approximate" and not text.lower().startswith("about"):
        text = f"about {text}"
    return text


# --- The scenarios -----------------------------------------------------------------------------

HORIZON_DATE = pd.Timestamp("2036-01-01")
DEFAULTS = {
    "start": "metr",
    "doubling_months": 4.0,
    "acceleration": 0.10,  # each doubling 10% shorter than the one before: an assumption
    "ceiling_hours": 80.0,  # two work weeks: an assumption (the essay names no ceiling)
}
# The doubling-time slider's range, in months (at least 1 to 12).
FASTEST_DOUBLING_MONTHS = 1.0
SLOWEST_DOUBLING_MONTHS = 12.0
BACKTEST_CUTOFFS = ["2024-01-01", "2024-07-01", "2025-01-01", "2025-07-01"]
DEFAULT_BACKTEST_CUTOFF = "2025-01-01"
ESSAY_START_ID = "essay_claude_opus_4_6"


def start_points(
    metr: pd.DataFrame | None = None, task_horizons: pd.DataFrame | None = None
) -> dict[str, dict]:
    """The two start points a reader can choose: key -> model, minutes, date, label."""
    metr = metr if metr is not None else data.load("metr_horizons")
    task_horizons = task_horizons if task_horizons is not None else data.load("task_horizons")
    frontier = metr.loc[metr["frontier"].astype(bool)].sort_values("release_date", kind="stable")
    latest = frontier.iloc[-1]
    essay = task_horizons.set_index("observation_id").loc[ESSAY_START_ID]
    metr_minutes = float(latest["p50_minutes"])
    essay_minutes = float(essay["minutes"])
    return {
        "metr": {
            "model": str(latest["model"]),
            "minutes": metr_minutes,
            "date": pd.Timestamp(latest["release_date"]),
            "label": (
                f"{latest['model']} ({metr_minutes:.0f} min, {latest['release_date']:%b %Y})"
            ),
            "option": f"METR: {latest['model']}, {metr_minutes:.0f} min",
            "source_id": str(latest["source_id"]),
        },
        "essay": {
            "model": str(essay["model"]),
            "minutes": essay_minutes,
            "date": pd.Timestamp(essay["date"]),
            "label": f"the essay's {essay_minutes / 60:.0f} h (about {essay['date']:%b %Y})",
            "option": f"The essay: {essay_minutes / 60:.0f} h",
            "source_id": str(essay["source_id"]),
        },
    }


def backtests(metr: pd.DataFrame | None = None) -> dict[str, trends.Backtest]:
    """`trends.backtest` for each cutoff in `BACKTEST_CUTOFFS` (frontier models, all years)."""
    metr = metr if metr is not None else data.load("metr_horizons")
    return {cutoff: trends.backtest(metr, cutoff) for cutoff in BACKTEST_CUTOFFS}


def amdahl_illustration(metrics: pd.DataFrame | None = None) -> dict[str, float]:
    """The essay's 'more than 80%' of merged code (as p = 0.8) and its ~52x code-speed result
    (as s): an illustration of Amdahl's law, not a measurement of Anthropic's work."""
    m = (metrics if metrics is not None else data.load("internal_metrics")).set_index(
        "observation_id"
    )
    p = float(m.loc["merged_code_share_may_2026", "value_low"]) / 100
    s = float(m.loc["code_speedup_mythos_preview", "value"])
    return {"p": p, "s": s, "speedup": trends.amdahl_speedup(p, s)}


# --- The benchmarks page's fit windows --------------------------------------------------------

ESSAY_FIGURE_IDS = ["essay_claude_opus_3", "essay_claude_sonnet_3_7", "essay_claude_opus_4_6"]
ESSAY_LOWER_BOUND_ID = "essay_claude_mythos_preview"
# Where every fitted line's projection ends: the right edge of the benchmarks page's chart.
FIT_PROJECTION_END = pd.Timestamp("2026-12-31")
# The fit controls' names (the page's tests find the inputs by these names).
FIT_START, FIT_END, FIT_FRONTIER = "fit_start", "fit_end", "fit_frontier"


def fit_windows(metr: pd.DataFrame | None = None) -> tuple[list[int], list[int]]:
    """The fit windows a reader can choose: start years (every year with a model release but
    the last) and end years (every such year but the first)."""
    df = metr if metr is not None else data.load("metr_horizons")
    years = sorted(int(y) for y in df["release_date"].dt.year.unique())
    return years[:-1], years[1:]


def window_fit(
    metr: pd.DataFrame, start: int, end: int, frontier_only: bool, rate: int = 50
) -> trends.DoublingFit:
    """The fit over models released from 1 January of ``start`` to 31 December of ``end``, of
    their time horizon at ``rate``% success (`SUCCESS_RATES`: 50 or 80)
    (`explainer.trends.fit_doubling_time`; ValueError when the window cannot be fitted)."""
    return trends.fit_doubling_time(
        metr,
        since=f"{start}-01-01",
        until=f"{end}-12-31",
        frontier_only=frontier_only,
        value=f"{SUCCESS_RATES[rate]}_minutes",
    )


def fit_readout(fit: trends.DoublingFit) -> tuple[str, str, str]:
    """The three short lines the chart and the panel print for a fit (short, so they fit
    a phone-width chart): doubling time; interval and R²; models, horizon and dates."""
    headline = f"Doubling every {fit.months:.1f} months"
    if np.isfinite(fit.ci_low) and np.isfinite(fit.ci_high):
        interval = f"95% CI {fit.ci_low_months:.1f}–{fit.ci_high_months:.1f} months"
    else:
        interval = "no interval: too few models"
    interval += f", R² {fit.r2:.2f}"
    rate = {f"{prefix}_minutes": r for r, prefix in SUCCESS_RATES.items()}[fit.value]
    detail = f"{fit.n} models' {rate}% horizons, {fit.first_date:%b %Y} to {fit.last_date:%b %Y}"
    return headline, interval, detail


def fit_grid(metr: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every fit a reader can choose: one row per (start, end, frontier, rate), ``rate`` the
    success rate of the horizons fitted (each of `SUCCESS_RATES`).

    Each row has the doubling time and its 95% interval in months, n, R², slope, intercept,
    the reference, first and last dates, and the three readout lines (``headline``,
    ``interval``, ``detail``: `fit_readout`); a window that cannot be fitted has ``ok`` False
    and says why in them. A fitted row also holds its line, which is straight on a log scale,
    so two points give all of it: ``t0`` and ``t1``, the first and last release dates fitted
    (ms since the epoch, UTC), and ``m0`` and ``m1``, the fitted horizon on them (minutes).
    The fitted segment runs from ``t0`` to ``t1``, the projection from ``t1`` to
    `FIT_PROJECTION_END`, along ``m0 * (m1 / m0) ** ((t - t0) / (t1 - t0))``.
    """
    return _fit_grid(metr if metr is not None else data.load("metr_horizons"))


def _fit_grid(metr: pd.DataFrame) -> pd.DataFrame:
    starts, ends = fit_windows(metr)
    fits = []
    for start, end, frontier, rate in itertools.product(starts, ends, (True, False), SUCCESS_RATES):
        key = {"start": start, "end": end, "frontier": frontier, "rate": rate}
        if start > end:
            fits.append(
                key
                | {
                    "ok": False,
                    "headline": "No trend: the window is empty",
                    "interval": "pick a start year no later",
                    "detail": "than the end year",
                }
            )
            continue
        try:
            fit = window_fit(metr, start, end, frontier, rate)
        except ValueError:
            fits.append(
                key
                | {
                    "ok": False,
                    "headline": "No trend: too few models",
                    "interval": "a fit needs models released",
                    "detail": "on two dates at least",
                }
            )
            continue
        headline, interval, detail = fit_readout(fit)
        fits.append(
            key
            | {
                "ok": True,
                "months": fit.months,
                "ci_low_months": fit.ci_low_months,
                "ci_high_months": fit.ci_high_months,
                "n": fit.n,
                "r2": fit.r2,
                "slope": fit.slope,
                "intercept": fit.intercept,
                "reference_date": f"{fit.reference_date:%Y-%m-%d}",
                "first_date": f"{fit.first_date:%Y-%m-%d}",
                "last_date": f"{fit.last_date:%Y-%m-%d}",
                "t0": trends.to_epoch_ms(fit.first_date),
                "t1": trends.to_epoch_ms(fit.last_date),
                "m0": float(fit.predict(fit.first_date)),
                "m1": float(fit.predict(fit.last_date)),
                "headline": headline,
                "interval": interval,
                "detail": detail,
            }
        )
    return pd.DataFrame(fits)


def trend_anchor(horizons: pd.DataFrame | None = None) -> tuple[pd.Timestamp, float]:
    """Where the essay's trends start in `doubling_trends_chart`: its latest point figure
    (Claude Opus 4.6's 12 hours), at the start of the month the essay dates it."""
    horizons = horizons if horizons is not None else data.load("task_horizons")
    row = horizons.set_index("observation_id").loc[ESSAY_FIGURE_IDS[-1]]
    return pd.Timestamp(row["date"]), float(row["minutes"])


def essay_doubling_months(trends_frame: pd.DataFrame | None = None) -> dict[str, float]:
    """The essay's two doubling times, in months: {'recent': 4, 'earlier': 7}."""
    frame = trends_frame if trends_frame is not None else data.load("horizon_trends")
    rows = frame.set_index("observation_id")
    return {
        "recent": float(rows.loc["doubling_time_recent", "value"]),
        "earlier": float(rows.loc["doubling_time_earlier", "value"]),
    }


def essay_trend_ranges(
    horizons: pd.DataFrame | None = None,
    trends_frame: pd.DataFrame | None = None,
    metr: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """When the essay's two trends, carried on from its latest figure (`trend_anchor`), reach
    each milestone above it, as ranges: `trends.milestone_ranges` of the exponential family
    for each of `essay_doubling_months`, with the book's default spreads (`default_spreads`:
    the same as the scenarios page and the landing page) up to `HORIZON_DATE`. Columns: those
    of `milestone_ranges`, ``key`` ('recent', 'earlier'), ``doubling`` (months) and ``text``,
    the range in words (`range_text`)."""
    anchor_date, anchor_minutes = trend_anchor(horizons)
    spreads = default_spreads(metr)
    targets = {k: v for k, v in trends.MILESTONES.items() if v > anchor_minutes}
    frames = []
    for key, months in essay_doubling_months(trends_frame).items():
        frame = ranges_in_words(
            trends.EXPONENTIAL,
            anchor_date,
            anchor_minutes,
            months,
            doubling_spread=spreads.doubling_spread,
            start_spread=spreads.start_spread,
            targets=targets,
        )
        frames.append(frame.assign(key=key, doubling=months))
    return pd.concat(frames, ignore_index=True)


# --- The controls a reader moves ---------------------------------------------------------------
#
# Each control is specified once, here; the static page's Vega-Lite param and its input
# (`explainer.charts._base.param_for`) and the JupyterLab panel's ipywidget
# (`explainer.widgets._controls.widget_for`) are generated from the specification, and
# tests/test_controls.py holds the two equal. A chart's share link names the chart's figure key
# and the control's `param` (e.g. `?projection.doubling_months=7`).


@dataclass(frozen=True)
class Slider:
    """A number a reader sets with a slider.

    ``min``, ``max`` and ``default`` are in ``unit``. On a ``scale="log"`` slider the bound
    value is log10 of the number (so equal moves multiply it by equal factors over a range of
    orders of magnitude), ``step`` is in decades, and the model's argument is derived from it
    (`value_expr`), rounded to ``round_to``.
    """

    name: str  # the model argument's name, and the signal charts read it from
    label: str
    unit: str
    min: float
    max: float
    step: float
    default: float
    help: str  # what the number means, in a sentence
    scale: str = "linear"  # 'linear' | 'log'
    round_to: float = 1.0  # a log slider's derived value is a multiple of this

    def __post_init__(self) -> None:
        if self.scale not in ("linear", "log"):
            raise ValueError(f"{self.name}: scale must be 'linear' or 'log', not {self.scale!r}")
        if not self.min <= self.default <= self.max:
            raise ValueError(
                f"{self.name}: default {self.default} outside [{self.min}, {self.max}]"
            )
        if self.scale == "log" and self.min <= 0:
            raise ValueError(f"{self.name}: a log slider needs a positive minimum")

    @property
    def text(self) -> str:
        """The label a reader sees, with the unit: 'Doubling time (months)'."""
        return f"{self.label} ({self.unit})"

    @property
    def param(self) -> str:
        """The bound value's name (the input's name and its key in a share link)."""
        return f"{self.name}_log10" if self.scale == "log" else self.name

    def bound(self, value: float) -> float:
        """The bound value for a number in ``unit`` (log10 of it on a log slider)."""
        return math.log10(value) if self.scale == "log" else float(value)

    @property
    def bound_range(self) -> tuple[float, float, float, float]:
        """The input's (min, max, step, default), as the browser and the ipywidget bind it.

        A log slider's step is adjusted to divide its range evenly (16 h to 2,000 h is not a
        whole number of hundredths of a decade), so that both ends can be reached.
        """
        low, high = self.bound(self.min), self.bound(self.max)
        step = self.step
        if self.scale == "log":
            step = (high - low) / max(1, round((high - low) / self.step))
        return (low, high, step, self.bound(self.default))

    def value_expr(self) -> str:
        """A Vega expression of the number in ``unit`` from the bound value."""
        if self.scale == "linear":
            return self.param
        return f"round(pow(10, {self.param}) / {self.round_to!r}) * {self.round_to!r}"

    def value(self, bound: float) -> float:
        """The number in ``unit`` from a bound value (Python's twin of `value_expr`)."""
        if self.scale == "linear":
            return float(bound)
        return round(10**bound / self.round_to) * self.round_to


@dataclass(frozen=True)
class Choice:
    """One of a few values, chosen from a list (a select on the page, a dropdown in JupyterLab)."""

    name: str
    label: str
    options: tuple
    labels: tuple[str, ...]
    default: object
    help: str
    # 'select' (a drop-down) or 'radio' (buttons side by side: a switch between two or three).
    style: str = "select"

    def __post_init__(self) -> None:
        if self.style not in ("select", "radio"):
            raise ValueError(f"{self.name}: style must be 'select' or 'radio', not {self.style!r}")
        if len(self.options) != len(self.labels):
            raise ValueError(f"{self.name}: one label per option")
        if self.default not in self.options:
            raise ValueError(f"{self.name}: default {self.default!r} is not an option")

    @property
    def text(self) -> str:
        return self.label

    @property
    def param(self) -> str:
        return self.name


@dataclass(frozen=True)
class Toggle:
    """A yes/no setting (a checkbox)."""

    name: str
    label: str
    default: bool
    help: str

    @property
    def text(self) -> str:
        return self.label

    @property
    def param(self) -> str:
        return self.name


Control = Slider | Choice | Toggle

DOUBLING = Slider(
    name="doubling_months",
    label="Doubling time",
    unit="months",
    min=FASTEST_DOUBLING_MONTHS,
    max=SLOWEST_DOUBLING_MONTHS,
    step=0.1,
    default=DEFAULTS["doubling_months"],
    help="How long the exponential family takes to double the task length it can complete.",
)
ACCELERATION = Slider(
    name="acceleration_pct",
    label="Accelerating: each doubling shorter by",
    unit="%",
    min=0,
    max=50,
    step=1,
    default=round(DEFAULTS["acceleration"] * 100),
    help="How much shorter each doubling is than the one before, in the accelerating family.",
)
CEILING = Slider(
    name="ceiling_hours",
    label="Plateau: ceiling",
    unit="hours",
    min=16,
    max=2000,
    step=0.01,
    default=DEFAULTS["ceiling_hours"],
    scale="log",  # 16 h to a work year: two orders of magnitude
    help="The task length at which the plateau family levels off.",
)


# METR's two success rates: the time horizon at 50% success (its headline) and at 80%.
SUCCESS_RATES = {50: "p50", 80: "p80"}
SUCCESS_RATE = Choice(
    name="success_rate",
    label="Tasks completed with",
    options=tuple(SUCCESS_RATES),
    labels=("50% success", "80% success"),
    default=50,
    help=(
        "Which of METR's time horizons is drawn: the task length a model completes half the "
        "time (50%), or four times in five (80%, much shorter)."
    ),
    style="radio",
)


def start_choice(starts: dict[str, dict] | None = None) -> Choice:
    """Where the projections start (its labels name the models, from the data)."""
    starts = starts if starts is not None else start_points()
    return Choice(
        name="start_from",
        label="Start from",
        options=tuple(starts),
        labels=tuple(point["option"] for point in starts.values()),
        default=DEFAULTS["start"],
        help="The measured (or stated) task length the projections start from, and its date.",
    )


def amdahl_controls(metrics: pd.DataFrame | None = None) -> tuple[Slider, Slider, Slider]:
    """The Amdahl explorer's sliders: share automated, its speedup, review's share; the first
    two start at the essay's illustration (`amdahl_illustration`)."""
    ill = amdahl_illustration(metrics)
    automated = Slider(
        name="automated_pct",
        label="Share of work automated",
        unit="%",
        min=0,
        max=100,
        step=1,
        default=round(ill["p"] * 100),
        help="The share p of the work that the AI does.",
    )
    speedup = Slider(
        name="ai_speedup",
        label="AI speedup on that share",
        unit="×",
        min=1,
        max=1000,  # the chart's axis runs to 1,000
        step=0.01,
        default=ill["s"],
        scale="log",  # 1 to 1,000: three orders of magnitude, as the axis
        help="How many times faster the AI does its share s than people did.",
    )
    review = Slider(
        name="review_pct",
        label="Human review, as a share of the human part",
        unit="%",
        min=0,
        max=100,
        step=5,
        default=100,
        help="How much of the work left to people is reviewing the AI's work.",
    )
    return automated, speedup, review


def backtest_choice() -> Choice:
    """The month a backtest's forecast is made in."""
    months = tuple(f"{pd.Timestamp(c):%B %Y}" for c in BACKTEST_CUTOFFS)
    return Choice(
        name="forecast_month",
        label="A forecast made in",
        options=months,
        labels=months,
        default=f"{pd.Timestamp(DEFAULT_BACKTEST_CUTOFF):%B %Y}",
        help="The month METR's method is fitted up to, and projected from.",
    )


def fit_controls(metr: pd.DataFrame | None = None) -> tuple[Choice, Choice, Toggle]:
    """The benchmarks page's fit window: start year, end year, frontier models only."""
    metr = metr if metr is not None else data.load("metr_horizons")
    starts, ends = fit_windows(metr)
    last_model = metr["release_date"].max()
    start = Choice(
        name=FIT_START,
        label="Fit from the start of",
        options=tuple(starts),
        labels=tuple(str(y) for y in starts),
        default=starts[0],
        help="The first year whose models the trend is fitted to.",
    )
    end = Choice(
        name=FIT_END,
        label="to the end of",
        options=tuple(ends),
        labels=(*(str(y) for y in ends[:-1]), f"{ends[-1]} (latest: {last_model:%b %Y})"),
        default=ends[-1],
        help="The last year whose models the trend is fitted to.",
    )
    frontier = Toggle(
        name=FIT_FRONTIER,
        label="Fit only models that were state of the art at release",
        default=True,
        help="Leave out models that were behind the frontier when released, as METR does.",
    )
    return start, end, frontier


# --- The projections' ranges: the spreads as controls, and presets ----------------------------
#
# A projection's range comes from two spreads (`explainer.trends`, "Projections with
# uncertainty"): the doubling time's and the start level's, each the standard deviation of a
# log2, in doublings. Their defaults are the data's, widened by the backtest's rule
# (`trends.default_spreads`); both at 0 is "no uncertainty": every draw is the point projection.

# The spreads' sliders run from 0 (no uncertainty) to past twice the widened defaults.
DOUBLING_SPREAD_MAX = 2.0
START_SPREAD_MAX = 5.0
SPREAD_STEP = 0.01


def default_spreads(metr: pd.DataFrame | None = None) -> trends.DefaultSpreads:
    """The spreads a projection starts from: the data's, widened by the backtest's rule
    (`trends.default_spreads` on METR's table and `BACKTEST_CUTOFFS`), each rounded to its
    slider's step (`SPREAD_STEP`): a slider, and a shared link, can hold only values on its
    step, so the page's defaults, its prose and the panel all use the rounded ones."""
    spreads = trends.default_spreads(
        metr if metr is not None else data.load("metr_horizons"), BACKTEST_CUTOFFS
    )
    digits = round(-math.log10(SPREAD_STEP))
    return dataclasses.replace(
        spreads,
        doubling_spread=round(spreads.doubling_spread, digits),
        start_spread=round(spreads.start_spread, digits),
    )


def spread_controls(metr: pd.DataFrame | None = None) -> tuple[Slider, Slider]:
    """The two spreads' sliders, defaults from the data (`default_spreads`)."""
    spreads = default_spreads(metr)
    doubling = Slider(
        name="doubling_spread",
        label="Range: doubling time's spread",
        unit="doublings, 1 sd",
        min=0.0,
        max=DOUBLING_SPREAD_MAX,
        step=SPREAD_STEP,
        default=spreads.doubling_spread,
        help="How unsure the doubling time is: the standard deviation of its log2 over the "
        "draws (0: no uncertainty).",
    )
    start = Slider(
        name="start_spread",
        label="Range: start level's spread",
        unit="doublings, 1 sd",
        min=0.0,
        max=START_SPREAD_MAX,
        step=SPREAD_STEP,
        default=spreads.start_spread,
        help="How unsure the starting task length is: the standard deviation of its log2 over "
        "the draws (0: no uncertainty).",
    )
    return doubling, start


@dataclass(frozen=True)
class Preset:
    """A named setting of every control of the projection chart, picked in one click.

    ``values`` maps each control's `param` to its bound value (log10 of the number on a log
    slider), so a page sets its inputs and a panel its widgets from the same numbers."""

    key: str
    label: str
    source: str  # where its numbers come from, in words
    values: dict


def projection_controls(
    metr: pd.DataFrame | None = None, task_horizons: pd.DataFrame | None = None
) -> tuple[Control, ...]:
    """Every control of the projection chart, in the order the page shows them."""
    metr = metr if metr is not None else data.load("metr_horizons")
    return (
        DOUBLING,
        ACCELERATION,
        CEILING,
        start_choice(start_points(metr, task_horizons)),
        *spread_controls(metr),
    )


MEASUREMENT_CEILING_ID = "essay_claude_mythos_preview"


def projection_presets(
    metr: pd.DataFrame | None = None, task_horizons: pd.DataFrame | None = None
) -> tuple[Preset, ...]:
    """The presets a reader can pick, each named by its source; each sets every control.

    - the essay's reading: its 12 hours as the start, its 4-month doubling time;
    - METR's long-run trend: the doubling time fitted to every model METR measured, all years;
    - a plateau at the measurement ceiling: the plateau levels off at the "at least 16 hours"
      at which, the essay says, METR's tasks ran out;
    - no uncertainty: both spreads 0, the point projections.
    Controls a preset does not name take their defaults."""
    metr = metr if metr is not None else data.load("metr_horizons")
    task_horizons = task_horizons if task_horizons is not None else data.load("task_horizons")
    controls = projection_controls(metr, task_horizons)
    defaults = {
        c.param: (c.bound_range[3] if isinstance(c, Slider) else c.default) for c in controls
    }
    long_run = trends.fit_doubling_time(metr, frontier_only=False)
    long_run_months = round(long_run.months, 1)  # the doubling slider's step
    essay_doubling = essay_doubling_months()["recent"]
    # A lower bound ("at least 16 hours"): its low end is the figure.
    ceiling_minutes = float(
        task_horizons.set_index("observation_id").loc[MEASUREMENT_CEILING_ID, "minutes_low"]
    )
    presets = (
        Preset(
            "essay",
            f"The essay: {start_points(metr, task_horizons)['essay']['minutes'] / 60:.0f} h, "
            f"doubling every {essay_doubling:.0f} months",
            "The essay's own figures (its 12-hour start and its 4-month doubling time)",
            {"start_from": "essay", DOUBLING.param: essay_doubling},
        ),
        Preset(
            "metr_long_run",
            f"METR's long-run trend: doubling every {long_run_months:.1f} months",
            f"METR's table: the doubling time fitted to all {long_run.n} models, "
            f"{long_run.first_date:%Y} to {long_run.last_date:%Y}",
            {DOUBLING.param: long_run_months},
        ),
        Preset(
            "measurement_ceiling",
            f"Plateau at the measurement ceiling ({ceiling_minutes / 60:.0f} h)",
            "The essay: METR measured at least 16 hours, at the upper end of what it can measure",
            {CEILING.param: CEILING.bound(ceiling_minutes / 60)},
        ),
        Preset(
            "no_uncertainty",
            "No uncertainty (point projections)",
            "Both spreads 0: every draw is the point projection",
            {"doubling_spread": 0.0, "start_spread": 0.0},
        ),
    )
    return tuple(Preset(p.key, p.label, p.source, defaults | p.values) for p in presets)
