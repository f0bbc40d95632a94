"""Benchmark charts: the time-horizon trend with a reader-chosen fit window and success rate,
the essay's 4- and 7-month trends side by side (when each reaches a work week, month and year,
as ranges), and SWE-bench and CORE-Bench as the sources state them.

The fit window and the 50%/80% switch are interactive on the static site without refitting in
the browser: `explainer.settings.fit_grid` fits every window a reader can choose, at each
success rate, with `explainer.trends.fit_doubling_time` (bootstrap interval included); the
chart embeds each fit's line ends and interval (one small table, stored by column) and its
readout text, and the chart's params (bound to two selects, a checkbox and a radio pair) only
pick a row of them. The browser therefore shows exactly the numbers Python computes.
"""

from __future__ import annotations

import json
import math

import altair as alt
import pandas as pd

from explainer import data, settings, style, trends
from explainer.charts import _base, _readouts, _table
from explainer.charts._base import readable_intervals, readable_minutes, source_label, with_meta
from explainer.settings import (
    ESSAY_FIGURE_IDS,
    ESSAY_LOWER_BOUND_ID,
    essay_doubling_months,
    essay_trend_ranges,
    fit_grid,
    fit_windows,
    trend_anchor,
)

__all__ = [
    "benchmark_saturation_chart",
    "doubling_trends_chart",
    "time_horizon_fit_chart",
]

# The names of the fit chart's params: the page's tests find the inputs by these names.
FIT_START, FIT_END, FIT_FRONTIER = settings.FIT_START, settings.FIT_END, settings.FIT_FRONTIER
# The time-horizon chart's x axis; the fitted line is projected (dashed) to its right edge.
CHART_START = pd.Timestamp("2019-01-01")
CHART_END = settings.FIT_PROJECTION_END  # the fitted lines' projections end there too

# Colours by role (`explainer.style`): METR's measurements and its other models, the essay's
# figures, the two benchmarks, the essay's words; the fitted line and text.
BLUE, GREEN = style.METR.light, style.SECOND.light
VERMILLION, PURPLE = style.ESSAY.light, style.WRITEUPS.light
ORANGE, YELLOW = style.HIGHLIGHT.light, style.HIGHLIGHT_SOFT.light
GREY, WHITE = style.MUTED.light, style.PAPER.light
DARK = style.INK.light  # text on white: labels stay readable whatever colour their mark is
BLACK = style.INK.light  # the fitted line: the book's, not a source's
# Series of the time-horizon chart (one legend for every layer), each with colour and shape.
METR_FRONTIER = "METR, frontier"
METR_OTHER = "METR, other"
# The essay's figures are 50% horizons: the legend says so (at 80% they are not drawn).
ESSAY_FIGURE = "Essay (50%)"
ESSAY_LOWER_BOUND = "Essay, at least (50%)"
SERIES = [METR_FRONTIER, METR_OTHER, ESSAY_FIGURE, ESSAY_LOWER_BOUND]
SERIES_COLOURS = [BLUE, GREEN, VERMILLION, VERMILLION]
# A floor with an arrow rising from it: "at least this much" (a custom Vega symbol path,
# drawn in a unit square around the point).
AT_LEAST_SHAPE = "M-0.7,0.9L0.7,0.9M0,0.9L0,-0.9M-0.45,-0.45L0,-0.9L0.45,-0.45"
SERIES_SHAPES = ["circle", "square", "diamond", AT_LEAST_SHAPE]

ESSAY_SOURCE = "essay_when_ai_builds_itself"


# --- Shared pieces -------------------------------------------------------------------------


def _day(dates: pd.Series) -> pd.Series:
    """Dates as 'YYYY-MM-DD' strings, which Vega reads as UTC days (as `explainer.trends`)."""
    return pd.to_datetime(dates).dt.strftime("%Y-%m-%d")


def _minutes_label(v: str) -> str:
    """A tick label of task length (``v`` minutes) in seconds, minutes or hours."""
    return (
        f"{v} == 0 ? '0' : {v} < 1 ? format({v} * 60, '~r') + ' s'"
        f" : {v} < 60 ? format({v}, '~r') + ' min'"
        f" : format({v} / 60, ',~r') + ' h'"
    )


def _y(y_scale: alt.Scale, axis: alt.Axis | None = None) -> alt.Y:
    """The y channel of a switchable time-horizon chart: the plotted field (`_base.plot_y`)."""
    return alt.Y(f"{_base.Y_PLOT}:Q", scale=y_scale, axis=axis or alt.Undefined)


def _short_minutes(minutes: float) -> str:
    """'4 min', '1.5 h', '12 h': a stated figure, without digits it does not have."""
    if minutes < trends.MINUTES_PER_HOUR:
        return f"{minutes:g} min"
    return f"{minutes / trends.MINUTES_PER_HOUR:g} h"


def _date_domain(start: pd.Timestamp, end: pd.Timestamp) -> list[alt.DateTime]:
    """A time scale's domain as Vega-Lite DateTime objects (UTC days, as the data)."""
    return [alt.DateTime(year=d.year, month=d.month, date=d.day, utc=True) for d in (start, end)]


def _milestones_frame() -> pd.DataFrame:
    frame = pd.DataFrame(
        {"milestone": list(trends.MILESTONES), "minutes": list(trends.MILESTONES.values())}
    )
    hours = frame["minutes"] / trends.MINUTES_PER_HOUR
    frame["label"] = frame["milestone"] + " (" + hours.map(lambda h: f"{h:,.0f} h") + ")"
    frame["source"] = "Reference line (work hours), not a measurement"
    return frame.reset_index(drop=True)


def _milestone_layers(
    y_scale: alt.Scale,
    min_minutes: float = 0,
    right: bool = False,
    short: bool = False,
    linear_min_minutes: float = 0,
) -> alt.LayerChart:
    """Reference lines at a work day, week, month and year (those from ``min_minutes`` up, and
    on the linear scale from ``linear_min_minutes`` up, where shorter ones crowd the bottom),
    each labelled on the line, at the left or the right edge; ``short`` labels omit the hours
    (for a chart whose axis gives them)."""
    frame = _milestones_frame()
    frame = frame[frame["minutes"] >= min_minutes]
    if short:
        frame["label"] = frame["milestone"].str.removeprefix("1 ")
    shown = _base.plot_y(alt.Chart(frame), "minutes").transform_filter(
        _base.shown_in_mode("minutes", linear_min_minutes)
    )
    base = shown.encode(
        y=_y(y_scale),
        tooltip=[
            alt.Tooltip("milestone:N", title="Reference line"),
            alt.Tooltip("minutes:Q", title="Minutes", format=",.0f"),
            alt.Tooltip("source:N", title="Source"),
        ],
    )
    # Clipped: in linear mode the longer ones are above the top of the scale.
    rules = base.mark_rule(color=GREY, strokeWidth=1, opacity=0.6, clip=True)
    labels = base.mark_text(
        align="right" if right else "left",
        baseline="bottom",
        dx=-4 if right else 4,
        dy=-2,
        clip=True,
    ).encode(
        x=alt.value("width" if right else 0),
        text="label:N",
        color=alt.value(GREY),
        size=alt.value(11),
    )
    return rules + labels


# --- The interactive fit -------------------------------------------------------------------

# The success-rate switch (`settings.SUCCESS_RATE`, the landing page's Fig. 1 has it too): the
# horizons drawn and fitted are METR's 50% ones (its headline) or its 80% ones.
RATE = settings.SUCCESS_RATE.param
RATES = tuple(settings.SUCCESS_RATES)
# The top of the fit chart's linear scale (minutes), by success rate: at 50%, a work day and a
# half, above every measured horizon and the essay's "at least 16 hours"; at 80%, 3 hours,
# above every 80% horizon (the widest intervals run off the top).
FIT_LINEAR_TOPS = {50: 20 * 60, 80: 3 * 60}
FIT_LINEAR_TICK_STEPS = {50: 4 * 60, 80: 30}
FIT_AXIS_EXTENT = 50  # px: the y axis's fixed width, with its title just left of it
SEGMENT_STEP = 0.02  # a fitted line is drawn through 51 points of each segment
# The fits' numbers that only place the line on the chart, in significant digits: far finer
# than a pixel, and a third of the bytes of a full float. The words the reader reads (the
# readout, the tooltips) are Python's own text, never formatted from these.
GEOMETRY_DIGITS = 7
FIT_SEGMENT, PROJECTION_SEGMENT = "Fitted trend", "Projection"
FIT_SOURCE = "This book's fit to " + source_label(pd.Series(["metr_time_horizon_1_1"]))[0]
FAN_NOTE = "95% range of the doubling time (the fit's bootstrap), projection, not data"


def _by_rate(values: dict) -> str:
    """A Vega expression: the value for the success rate the switch holds."""
    return f"{json.dumps({str(k): v for k, v in values.items()})}[{RATE}]"


def _rate_field(template: str) -> str:
    """A Vega expression: the row's field for the chosen success rate, e.g. ``p{}_minutes``
    reads ``p80_minutes`` at 80%."""
    return f"datum[{_by_rate({r: template.format(r) for r in RATES})}]"


def _geometry(value: float) -> float | None:
    return None if pd.isna(value) else float(f"{float(value):.{GEOMETRY_DIGITS}g}")


def fit_lines_frame(fits: pd.DataFrame) -> pd.DataFrame:
    """The chart's table of fitted lines: one row per fitted window and rate (`fit_grid`'s
    rows that fit), with what draws its line and fan: ``t0``, ``t1`` (the first and last
    release dates fitted, ms), ``m0``, ``m1`` (the fitted horizon on them, minutes) and the
    doubling time's 95% interval ``lo``, ``hi`` (months), in `GEOMETRY_DIGITS` digits."""
    ok = fits.loc[fits["ok"].astype(bool)]
    frame = ok[["start", "end", "frontier", "rate"]].astype(
        {"start": int, "end": int, "frontier": bool, "rate": int}
    )
    frame["t0"] = ok["t0"].astype("int64")
    frame["t1"] = ok["t1"].astype("int64")
    geometry = {"m0": "m0", "m1": "m1", "lo": "ci_low_months", "hi": "ci_high_months"}
    for column, field in geometry.items():
        frame[column] = ok[field].map(_geometry)
    return frame.reset_index(drop=True)


def _fit_line_layers(
    lines: pd.DataFrame, chosen: str, x: alt.X, y_scale: alt.Scale
) -> tuple[alt.Chart, alt.Chart]:
    """The chosen fit's line (solid over its window, dashed beyond it to the chart's end) and
    its fan: from the last model fitted, the horizon growing at the ends of the fit's 95%
    bootstrap interval on the doubling time (``m1 * 2 ** (months / hi)`` for the lower edge,
    ``lo`` for the upper). Both are computed in the browser from the row's two points: the
    line is straight on a log scale, so exact in both modes. A window without an interval
    (too few models) has no fan."""
    end_ms = int(trends.to_epoch_ms(CHART_END))
    month_ms = _lit_float(trends.MS_PER_MONTH)
    steps = f"sequence(0, 1 + {SEGMENT_STEP / 2}, {SEGMENT_STEP})"
    # Stored by column, one array per field, and flattened back into rows (Vega-Lite flattens
    # the arrays in parallel): a third fewer bytes than the same rows as objects.
    columns = list(lines.columns)
    table = alt.Data(values=[{c: lines[c].tolist() for c in columns}])
    chosen_row = alt.Chart(table).transform_flatten(columns).transform_filter(chosen)
    line = (
        chosen_row.transform_calculate(segment=_lit_str([FIT_SEGMENT, PROJECTION_SEGMENT]))
        .transform_flatten(["segment"])
        .transform_calculate(
            ta=f"datum.segment == {_lit_str(FIT_SEGMENT)} ? datum.t0 : datum.t1",
            tb=f"datum.segment == {_lit_str(FIT_SEGMENT)} ? datum.t1 : {end_ms}",
            f=steps,
        )
        .transform_flatten(["f"])
        .transform_calculate(date="datum.ta + datum.f * (datum.tb - datum.ta)")
        .transform_calculate(
            minutes="datum.m0 * pow(datum.m1 / datum.m0, (datum.date - datum.t0) / "
            "(datum.t1 - datum.t0))",
            # The readout's own words (Python's text), not a number formatted again here.
            doubling=FIT_READOUT_SIGNALS["headline"],
            source=_lit_str(FIT_SOURCE),
        )
    )
    fit_lines = (
        _base.plot_y(line, "minutes")
        .mark_line(color=BLACK, strokeWidth=2, clip=True)
        .encode(
            x=x,
            y=_y(y_scale),
            strokeDash=alt.StrokeDash(
                "segment:N",
                scale=alt.Scale(
                    domain=[FIT_SEGMENT, PROJECTION_SEGMENT],
                    range=[style.FIT_DASH, style.PROJECTION_DASH],
                ),
                # In the legend, not on the chart: a label at the line's end collides with
                # the essay's figures and the reference lines at some widths.
                # One row above the plot: beside the series legend it would be wider than a
                # phone, and inside the plot it would cover marks in one mode or the other.
                legend=alt.Legend(
                    title=None,
                    orient="top",
                    direction="horizontal",
                    symbolStrokeColor=BLACK,
                    symbolStrokeWidth=2,
                ),
            ),
            detail="segment:N",
            order="f:Q",
            tooltip=[
                alt.Tooltip("segment:N", title="Line"),
                alt.Tooltip("doubling:N", title="Trend"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
    )
    fan = (
        chosen_row.transform_filter("isValid(datum.lo) && isValid(datum.hi)")
        .transform_calculate(f=steps)
        .transform_flatten(["f"])
        .transform_calculate(date=f"datum.t1 + datum.f * ({end_ms} - datum.t1)")
        .transform_calculate(
            fan_low=f"datum.m1 * pow(2, (datum.date - datum.t1) / {month_ms} / datum.hi)",
            fan_high=f"datum.m1 * pow(2, (datum.date - datum.t1) / {month_ms} / datum.lo)",
            note=_lit_str(FAN_NOTE),
            interval=FIT_READOUT_SIGNALS["interval"],
            source=_lit_str(FIT_SOURCE),
        )
    )
    fan = (
        _base.plot_y(fan, "fan_low", "fan_high")
        .mark_area(color=BLACK, opacity=0.12, clip=True)
        .encode(
            x=x,
            y=_y(y_scale),
            y2=f"{_base.Y2_PLOT}:Q",
            # No `order` channel: on an area Vega-Lite groups by it, a path per point (none
            # drawn); the area follows x, in date order, as the rows come.
            tooltip=[
                alt.Tooltip("note:N", title="Shaded"),
                alt.Tooltip("interval:N", title="Doubling time"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
    )
    return fit_lines, fan


def _lit_float(value: float) -> str:
    return repr(float(value))


def _lit_str(text) -> str:
    return json.dumps(text)


# The fields each layer's marks, tooltips and filters read: a chart ships only these (the
# tables under the charts are built from the whole rows, in Python).
ESSAY_FIELDS = [
    "observation_id", "model", "minutes", "value_as_stated", "date_text", "quote", "source",
    "mid", "start", "end", "series", "label",
]  # fmt: skip
BOUND_FIELDS = [
    "model", "minutes_low", "value_as_stated", "qualitative", "when", "note", "source",
    "mid", "series", "label",
]  # fmt: skip
WORDS_FIELDS = ["low", "high", "start", "end", "label", "quote", "source"]
CROSSING_FIELDS = [
    "milestone", "target_minutes", "text", "key", "trend", "label", "date", "low", "high",
    "source",
]  # fmt: skip


def _drawn(frame: pd.DataFrame, fields: list[str]) -> pd.DataFrame:
    return frame[fields].reset_index(drop=True)


def _essay_rows(horizons: pd.DataFrame) -> pd.DataFrame:
    rows = horizons.set_index("observation_id").loc[ESSAY_FIGURE_IDS].reset_index()
    # A month stated in words covers the whole month: draw the point mid-period, the period
    # as a bar.
    rows["mid"] = _day(rows["date"] + (rows["date_end"] - rows["date"]) / 2)
    rows["start"], rows["end"] = _day(rows["date"]), _day(rows["date_end"])
    rows["series"] = ESSAY_FIGURE
    # The essay's hedge stays on its number: "about four minutes" is "~4 min".
    hedged = rows["qualifier"].isin(["about", "roughly", "around"]).fillna(False)
    hedge = hedged.map({True: "~", False: ""})
    rows["label"] = "essay: " + hedge + rows["minutes"].map(_short_minutes)
    rows["source"] = source_label(rows["source_id"])
    return rows


def _fit_y_scale() -> alt.Scale:
    """The fit chart's y scale: in log mode a tenth of a second to past a work year; in linear
    mode 0 to `FIT_LINEAR_TOPS` of the chosen success rate."""
    low, high = (repr(math.log10(v)) for v in (0.1 / 60, 200_000))
    return alt.Scale(
        type="linear",
        domainMin=alt.ExprRef(f"{_base.IS_LOG} ? {low} : 0"),
        domainMax=alt.ExprRef(f"{_base.IS_LOG} ? {high} : {_by_rate(FIT_LINEAR_TOPS)}"),
        nice=False,
        zero=False,
    )


def _fit_y_axis() -> alt.Axis:
    """Its axis: ticks at round durations in log mode, every `FIT_LINEAR_TICK_STEPS` of the
    chosen rate in linear mode, each labelled in seconds, minutes or hours."""
    log_ticks = [1 / 60, 10 / 60, 1, 10, 60, 600, 6000, 60000]
    linear = {
        r: [float(v) for v in range(0, FIT_LINEAR_TOPS[r] + 1, FIT_LINEAR_TICK_STEPS[r])]
        for r in RATES
    }
    log_values = json.dumps([round(math.log10(v), 12) for v in log_ticks])
    value = f"({_base.IS_LOG} ? pow(10, datum.value) : datum.value)"
    return alt.Axis(
        values=alt.ExprRef(f"{_base.IS_LOG} ? {log_values} : {_by_rate(linear)}"),
        labelExpr=_minutes_label(value),
        title=None,
        grid=True,
        minExtent=FIT_AXIS_EXTENT,
        maxExtent=FIT_AXIS_EXTENT,
    )


def _fit_y_title() -> alt.Chart:
    """The y axis's title, naming the success rate and the mode (and the linear cut)."""
    # Short in linear mode: the title may be no longer than the plot is high.
    cut = {r: f"% success (linear scale, cut at {FIT_LINEAR_TOPS[r] // 60} h)" for r in RATES}
    return _base.y_title(
        "",
        "",
        x=-(FIT_AXIS_EXTENT + 6),
        expr=(
            f"{_base.IS_LOG} ? 'Task length completed with ' + {RATE} + '% success (log scale)'"
            f" : 'Task length, ' + {RATE} + {_by_rate(cut)}"
        ),
    )


def _metr_rows(df: pd.DataFrame) -> pd.DataFrame:
    """METR's models as the fit chart draws them: the fields its marks, tooltips and filters
    read, with each success rate's horizon and interval in words (``horizon50``,
    ``interval80``, ...)."""
    out = pd.DataFrame(
        {
            "model": df["model"],
            "date": _day(df["release_date"]),
            "year": df["release_date"].dt.year,
            "frontier": df["frontier"].astype(bool),
            "series": df["frontier"].map({True: METR_FRONTIER, False: METR_OTHER}),
            "source": source_label(df["source_id"]),
        }
    )
    for rate, prefix in settings.SUCCESS_RATES.items():
        for field in ("minutes", "ci_low", "ci_high"):
            out[f"{prefix}_{field}"] = df[f"{prefix}_{field}"]
        out[f"horizon{rate}"] = readable_minutes(df[f"{prefix}_minutes"])
        # In the value's own unit: never '5.7 h' beside an interval in minutes.
        out[f"interval{rate}"] = readable_intervals(
            df[f"{prefix}_minutes"], df[f"{prefix}_ci_low"], df[f"{prefix}_ci_high"]
        )
    return out


def time_horizon_fit_chart(
    metr: pd.DataFrame | None = None, horizons: pd.DataFrame | None = None
) -> alt.LayerChart:
    """METR's models (log scale, 95% intervals), the essay's figures, work-time reference
    lines, and the fitted trend for the window the reader picks (two selects and a checkbox
    bound to params that choose a row of `fit_grid`'s precomputed fits), at the success rate
    the reader picks (50% or 80%: METR's two horizons, points and fit alike)."""
    df = (metr if metr is not None else data.load("metr_horizons")).copy()
    horizons = horizons if horizons is not None else data.load("task_horizons")
    fits = fit_grid(df)
    starts, ends = fit_windows(df)
    last_model = df["release_date"].max()

    fit_params = [p for control in settings.fit_controls(df) for p in _base.params_for(control)]
    rate_params = _base.params_for(settings.SUCCESS_RATE)
    # The chosen window's row of the table, and the models it fits (the others are dimmed).
    chosen = (
        f"datum.start == {FIT_START} && datum.end == {FIT_END} && datum.frontier == {FIT_FRONTIER}"
        f" && datum.rate == {RATE}"
    )
    in_window = (
        f"datum.year >= {FIT_START} && datum.year <= {FIT_END}"
        f" && (!{FIT_FRONTIER} || datum.frontier)"
    )
    # The essay's figures are 50% horizons: drawn at 50% only.
    at_50 = f"{RATE} == 50"

    x_scale = alt.Scale(domain=_date_domain(CHART_START, CHART_END))
    y_scale = _fit_y_scale()
    y_axis = _fit_y_axis()
    # One label per year, on 1 January (UTC, as the domain): a year is never printed twice.
    year_ticks = [
        alt.DateTime(year=y, month=1, date=1, utc=True)
        for y in range(CHART_START.year, CHART_END.year + 1)
    ]
    x = alt.X(
        "date:T",
        title="Release date",
        scale=x_scale,
        axis=alt.Axis(format="%Y", values=year_ticks, labelOverlap=True),
    )
    y_title = _fit_y_title()
    colour = alt.Color(
        "series:N",
        scale=alt.Scale(domain=SERIES, range=SERIES_COLOURS),
        legend=alt.Legend(
            title=None,
            columns=2,
            symbolStrokeWidth=2,
            symbolOpacity=1,
            labelLimit=0,
        ),
    )
    shape = alt.Shape("series:N", scale=alt.Scale(domain=SERIES, range=SERIES_SHAPES))

    # METR's table: points with their 95% intervals at the chosen success rate, dimmed when
    # outside the chosen window.
    metr_rows = _metr_rows(df)
    metr_tooltip = [
        alt.Tooltip("model:N", title="Model"),
        alt.Tooltip("date:T", title="Released", format="%d %b %Y"),
        alt.Tooltip("shown:N", title="Shown"),
        alt.Tooltip("horizon:N", title="Time horizon"),
        alt.Tooltip("interval:N", title="95% interval"),
        alt.Tooltip("series:N", title="Status"),
        alt.Tooltip("source:N", title="Source"),
    ]
    dim = alt.condition(in_window, alt.value(0.9), alt.value(0.2))
    metr_base = (
        alt.Chart(metr_rows)
        .transform_calculate(
            minutes=_rate_field("p{}_minutes"),
            ci_low=_rate_field("p{}_ci_low"),
            ci_high=_rate_field("p{}_ci_high"),
            horizon=_rate_field("horizon{}"),
            interval=_rate_field("interval{}"),
            shown=f"{RATE} + '% time horizon'",
        )
        .encode(x=x, tooltip=metr_tooltip)
    )
    intervals = (
        _base.plot_y(metr_base, "ci_low", "ci_high")
        .mark_rule(strokeWidth=1.5, clip=True)
        .encode(
            y=_y(y_scale, y_axis),
            y2=f"{_base.Y2_PLOT}:Q",
            color=colour,
            opacity=alt.condition(in_window, alt.value(0.45), alt.value(0.12)),
        )
    )
    points = (
        _base.plot_y(metr_base, "minutes")
        .mark_point(size=60, filled=True, clip=True)
        .encode(
            y=_y(y_scale),
            color=colour,
            shape=shape,
            opacity=dim,
        )
    )

    # The fitted line for the chosen window and rate: solid over it, dashed (a projection)
    # beyond, with its fan.
    fit_lines, fan = _fit_line_layers(fit_lines_frame(fits), chosen, x, y_scale)

    # The essay's three figures: a diamond mid-month, a bar over the month the words denote.
    essay = _essay_rows(horizons)
    essay_tooltip = [
        alt.Tooltip("model:N", title="Model (as the essay names it)"),
        alt.Tooltip("value_as_stated:N", title="Essay says"),
        alt.Tooltip("date_text:N", title="When (essay's words)"),
        alt.Tooltip("quote:N", title="Quote"),
        alt.Tooltip("source:N", title="Source"),
    ]
    essay_chart = alt.Chart(_drawn(essay, ESSAY_FIELDS)).transform_filter(at_50)
    essay_base = _base.plot_y(essay_chart, "minutes").encode(tooltip=essay_tooltip)
    essay_period = essay_base.mark_rule(strokeWidth=3, color=VERMILLION, opacity=0.7).encode(
        # No scale here: Vega-Lite mis-merges an explicit date domain given on a layer with x2.
        x=alt.X("start:T"),
        x2="end:T",
        y=_y(y_scale),
    )
    essay_points = essay_base.mark_point(size=110, filled=True, stroke=WHITE).encode(
        x=alt.X("mid:T", scale=x_scale),
        y=_y(y_scale),
        color=colour,
        shape=shape,
    )
    # Each figure's label where no METR point or interval is, at desktop and phone width: 4
    # minutes under its diamond, below its neighbours' intervals; an hour and a half above
    # left; 12 hours above left, clear of Claude Opus 4.6's point and interval. On the linear
    # scale, where the figures crowd METR's points and intervals, they go unlabelled (the
    # legend and the tooltips name them).
    label_places = {
        ESSAY_FIGURE_IDS[0]: {"align": "center", "baseline": "top", "dy": 24},
        ESSAY_FIGURE_IDS[1]: {"align": "right", "baseline": "bottom", "dx": -7, "dy": -5},
        ESSAY_FIGURE_IDS[2]: {"align": "right", "baseline": "bottom", "dx": -10, "dy": -7},
    }
    essay_labels = [
        essay_base.transform_filter(alt.datum.observation_id == observation)
        .transform_filter(_base.IS_LOG)
        .mark_text(fontSize=11, fontWeight="bold", **place)
        .encode(
            x=alt.X("mid:T", scale=x_scale),
            y=_y(y_scale),
            text="label:N",
            color=alt.value(VERMILLION),
        )
        for observation, place in label_places.items()
    ]

    # Mythos Preview: "at least" 16 hours, at the top of what METR can measure.
    bound = horizons.set_index("observation_id").loc[[ESSAY_LOWER_BOUND_ID]].reset_index()
    # The essay does not date METR's measurement: draw it where it was reported, at the essay's
    # publication, and say so, rather than borrow a date from another result.
    published = data.load("timeline").set_index("event_id").loc["essay_published", "date_end"]
    undated = bound["date"].isna()
    bound["mid"] = _day((bound["date"] + (bound["date_end"] - bound["date"]) / 2).fillna(published))
    bound["when"] = bound["date_text"].where(
        ~undated,
        f"not stated: drawn at the essay's publication (by {published.day} {published:%B %Y})",
    )
    bound["series"] = ESSAY_LOWER_BOUND
    hours = bound["minutes_low"] / trends.MINUTES_PER_HOUR
    # Short, to fit a phone: the tooltip, the legend and the prose say the rest.
    bound["label"] = [
        f"{model.removeprefix('Claude ').split()[0]} ≥ {h:.0f} h"
        for model, h in zip(bound["model"], hours, strict=True)
    ]
    bound["source"] = source_label(bound["source_id"])
    bound_tooltip = [
        alt.Tooltip("model:N", title="Model"),
        alt.Tooltip("value_as_stated:N", title="Essay says"),
        alt.Tooltip("qualitative:N", title="And"),
        alt.Tooltip("when:N", title="When"),
        alt.Tooltip("note:N", title="Note"),
        alt.Tooltip("source:N", title="Source"),
    ]
    bound_chart = alt.Chart(_drawn(bound, BOUND_FIELDS)).transform_filter(at_50)
    bound_base = _base.plot_y(bound_chart, "minutes_low").encode(
        x=alt.X("mid:T", scale=x_scale),
        y=_y(y_scale),
        tooltip=bound_tooltip,
    )
    bound_point = bound_base.mark_point(size=260, filled=False, strokeWidth=2.5).encode(
        color=colour, shape=shape
    )
    bound_label = (
        bound_base.transform_filter(_base.IS_LOG)
        .mark_text(
            # One line, above the top of Claude Opus 4.6's interval (to its left) and below the
            # work-month line; on the linear scale unlabelled, as the essay's other figures.
            align="right",
            baseline="bottom",
            dx=8,
            dy=-38,
            fontSize=11,
            fontWeight="bold",
        )
        .encode(text="label:N", color=alt.value(VERMILLION))
    )

    chart = alt.layer(
        _milestone_layers(y_scale),
        y_title,
        fan,
        intervals,
        points,
        fit_lines,
        essay_period,
        essay_points,
        *essay_labels,
        bound_point,
        bound_label,
    ).add_params(
        *fit_params,
        *rate_params,
        _base.y_scale_param(),
        *_fit_readout_params(fits),
        alt.param(name=FAN_SIGNAL, expr=_lit_str(FAN_NOTE)),
    )
    chart = chart.properties(width="container", height=440).resolve_scale(
        color="shared", shape="shared"
    )

    default = fits[
        (fits["start"] == starts[0])
        & (fits["end"] == ends[-1])
        & fits["frontier"]
        & (fits["rate"] == settings.SUCCESS_RATE.default)
    ].iloc[0]
    description = (
        f"Scatter plot, log scale, of the {len(df)} models in METR's time-horizon table, "
        f"released {df['release_date'].min():%Y} to {last_model:%Y}: the length of software "
        "task (in a skilled human's time) each completes with 50% success, with 95% intervals "
        "(a switch shows the 80% horizons, and fits them); "
        "the essay's three figures (4 minutes, an hour and a half, 12 hours) as diamonds and "
        "Mythos Preview's 'at least' 16 hours as an arrow; reference lines at a work day, week, "
        "month and year; and a straight-line fit on the log scale, dashed where it is projected "
        "past the last model. The reader chooses the fit's window and whether to fit only "
        f"frontier models. By default ({starts[0]} to {ends[-1]}, frontier only) the fit "
        f"doubles every {default['months']:.1f} months (95% interval "
        f"{default['ci_low_months']:.1f} to {default['ci_high_months']:.1f})."
    )
    description += _base.SWITCH_NOTE
    essay_table_rows = essay.assign(series=ESSAY_FIGURE)
    table_frame = df.assign(
        series=metr_rows["series"].to_numpy(), source=metr_rows["source"].to_numpy()
    )
    chart = with_meta(
        chart,
        description=description,
        csv=["metr_horizons.csv", "task_horizons.csv"],
        key="fit",
        controls=(settings.SUCCESS_RATE,),
        title="METR's time horizons and a fitted trend, against a work day, week, month and year",
        takeaway=(
            "The trend is fitted over its window and only projected beyond it (dashed); change "
            "the window, or the success rate, with the controls below."
        ),
        table=_table.switched(
            RATE,
            settings.SUCCESS_RATE.default,
            {
                rate: _table.fit_points_table(table_frame, essay_table_rows, bound, rate)
                for rate in RATES
            },
            dict(zip(RATES, settings.SUCCESS_RATE.labels, strict=True)),
        ),
    )
    return _readouts.with_readouts(chart, _fit_readouts())


# The fit's readout (HTML under the chart): the chosen window's and rate's lines of
# `fit_readout`, one signal each, picked from one table of texts by the window's key.
FIT_READOUT_SIGNALS = {
    "headline": "fit_headline",
    "interval": "fit_interval",
    "detail": "fit_detail",
}
FIT_TEXTS_SIGNAL = "fit_texts"
FAN_SIGNAL = "fit_fan_note"


def fit_key(start: int, end: int, frontier: bool, rate: int) -> str:
    """A fit's key in the readout's table of texts, as the chart's expression builds it."""
    return f"{start}|{end}|{str(bool(frontier)).lower()}|{rate}"


def _fit_readout_params(fits: pd.DataFrame) -> list[alt.Parameter]:
    key = f"{FIT_START} + '|' + {FIT_END} + '|' + {FIT_FRONTIER} + '|' + {RATE}"
    fields = list(FIT_READOUT_SIGNALS)
    texts = {
        fit_key(row["start"], row["end"], row["frontier"], row["rate"]): [row[f] for f in fields]
        for _, row in fits.iterrows()
    }
    return [
        alt.param(name=FIT_TEXTS_SIGNAL, expr=f"{json.dumps(texts, ensure_ascii=False)}[{key}]"),
        *(
            alt.param(name=name, expr=f"{FIT_TEXTS_SIGNAL}[{i}]")
            for i, name in enumerate(FIT_READOUT_SIGNALS.values())
        ),
    ]


def _fit_readouts() -> list[dict]:
    return [
        _readouts.dl(
            "The fitted trend",
            [
                _readouts.row("Trend", [FIT_READOUT_SIGNALS["headline"]]),
                _readouts.row("Uncertainty", [FIT_READOUT_SIGNALS["interval"]]),
                _readouts.row("Fitted to", [FIT_READOUT_SIGNALS["detail"]]),
                _readouts.row("Shaded", [FAN_SIGNAL]),
            ],
        )
    ]


# --- The essay's two trends, side by side ---------------------------------------------------


TRENDS_START = pd.Timestamp("2026-01-01")
TRENDS_END = pd.Timestamp("2029-12-31")
TRENDS_LINEAR_TOP = 2_200 * 60  # minutes: the linear scale's top, a little above a work year
TRENDS_AXIS_EXTENT = 50  # px: the y axis's fixed width, with its title just left of it
# On the linear scale, reference lines and date labels below this (a work week and a day, a few
# px above the axis) are left out: they would print over each other.
TRENDS_LINEAR_CROWDED = TRENDS_LINEAR_TOP * 0.05


def doubling_trends_chart(
    horizons: pd.DataFrame | None = None, trends_frame: pd.DataFrame | None = None
) -> alt.LayerChart:
    """The essay's 4-month and 7-month doubling trends carried on from its 12-hour figure, with
    the dates each reaches a work week, month and year, and the essay's own words ('days' this
    year, 'weeks' in 2027) as shaded periods."""
    horizons = horizons if horizons is not None else data.load("task_horizons")
    trends_frame = trends_frame if trends_frame is not None else data.load("horizon_trends")
    anchor_date, anchor_minutes = trend_anchor(horizons)
    doubling = essay_doubling_months(trends_frame)
    essay_source = source_label(pd.Series([ESSAY_SOURCE]))[0]
    names = {
        "recent": f"Every {doubling['recent']:g} months (recent trend)",
        "earlier": f"Every {doubling['earlier']:g} months (earlier trend)",
    }
    # One row per trend; the browser draws its curve with the model's own Vega mirror
    # (`trends.exponential_minutes_expr`) at 40 dates from the start to the chart's end:
    # straight lines on a log scale, curves on the linear one, enough points for either.
    # Two rows instead of eighty: the page stays light.
    curves = pd.DataFrame(
        {
            "trend": [names[key] for key in doubling],
            "doubling": list(doubling.values()),
            "source": "Projection from " + essay_source,
        }
    )
    start_ms, end_ms = (int(trends.to_epoch_ms(d)) for d in (anchor_date, TRENDS_END))
    curve_points = 40
    # When each reaches a work week, month and year: a range (median month and 80% range over
    # the book's draws, `settings.essay_trend_ranges`), never a point date. Drawn as a bar over
    # the 80% range (cut at the chart's edges) and a marker at the median.
    crossings = essay_trend_ranges(horizons, trends_frame)
    crossings = crossings.loc[crossings["median_date"] <= TRENDS_END].copy()
    crossings["trend"] = crossings["key"].map(names)
    crossings["label"] = crossings["median_date"].dt.strftime("%b %Y")
    crossings["date"] = _day(crossings["median_date"])
    crossings["low"] = _day(crossings["low_date"].clip(lower=TRENDS_START))
    crossings["high"] = _day(crossings["high_date"].fillna(TRENDS_END).clip(upper=TRENDS_END))
    crossings["source"] = "Projection from " + essay_source
    x_scale = alt.Scale(domain=_date_domain(TRENDS_START, TRENDS_END))
    # From an hour and a half (room for the words' legend under the work-day line) to past a
    # work year.
    # Linear mode: up to a little above a work year, the longest milestone.
    y_scale = _base.y_scale((90, 200_000), TRENDS_LINEAR_TOP)
    x = alt.X("date:T", title=None, scale=x_scale, axis=alt.Axis(format="%Y", tickCount="year"))
    y = _y(
        y_scale,
        _base.y_axis(
            log_ticks=[m for m in trends.MILESTONES.values() if m >= 240],
            linear_ticks=list(range(0, TRENDS_LINEAR_TOP + 1, 500 * 60)),
            label=lambda v: f"{v} == 0 ? '0' : format({v} / 60, ',~r') + ' h'",
            minExtent=TRENDS_AXIS_EXTENT,
            maxExtent=TRENDS_AXIS_EXTENT,
        ),
    )
    y_title = _base.y_title(
        "Task length (log scale)",
        f"Task length (linear scale, cut at {TRENDS_LINEAR_TOP // 60:,} h)",
        x=-(TRENDS_AXIS_EXTENT + 6),
        color=DARK,  # the ink role, so dark mode recolours it (Vega's default black it keeps)
    )
    # Colour and dash both say which trend; the legend draws each as its dashed line.
    trend_domain = [names["recent"], names["earlier"]]
    legend = alt.Legend(
        title="The essay's doubling times, projected",
        orient="bottom",
        direction="vertical",
        labelLimit=0,
        titleLimit=0,
        symbolType="stroke",
        symbolStrokeWidth=2.5,
        symbolSize=400,
    )
    colour = alt.Color(
        "trend:N", scale=alt.Scale(domain=trend_domain, range=[VERMILLION, BLUE]), legend=legend
    )
    dash = alt.StrokeDash(
        "trend:N", scale=alt.Scale(domain=trend_domain, range=[[6, 3], [2, 3]]), legend=legend
    )

    # The essay's words, as the periods and ranges they name (a work day to a week for 'days',
    # a week to a month for 'weeks'): shaded, never a point, and named in their own legend.
    words = trends_frame[
        (trends_frame["topic"] == "task_horizon_projection")
        & (trends_frame["source_id"] == ESSAY_SOURCE)
    ].copy()
    bounds = {"days": ("1 work day", "1 work week"), "weeks": ("1 work week", "1 work month")}
    words["low"] = words["unit"].map(lambda u: trends.MILESTONES[bounds[u][0]])
    words["high"] = words["unit"].map(lambda u: trends.MILESTONES[bounds[u][1]])
    words["start"] = _day(words["date"].clip(lower=TRENDS_START))
    words["end"] = _day(words["date_end"])
    words["label"] = "'" + words["qualitative"] + "' (" + words["date_text"] + ")"
    words["source"] = source_label(words["source_id"])
    words_band = (
        _base.plot_y(alt.Chart(_drawn(words, WORDS_FIELDS)), "low", "high")
        .mark_rect(opacity=0.3)
        .encode(
            # No scale here: Vega-Lite mis-merges an explicit date domain given on a layer
            # with x2.
            x=alt.X("start:T"),
            x2="end:T",
            y=_y(y_scale),
            y2=f"{_base.Y2_PLOT}:Q",
            fill=alt.Fill(
                "label:N",
                scale=alt.Scale(domain=words["label"].to_list(), range=[ORANGE, YELLOW]),
                # Inside the plot, bottom right, below the work-day line: the projections
                # never go there.
                # On the linear scale the curves fill the bottom right: there, top left, below
                # the work-year line. (Placed by hand: a legend's corner cannot follow a param.)
                legend=alt.Legend(
                    title="The essay's words",
                    orient="none",
                    legendX=alt.ExprRef(f"{_base.IS_LOG} ? width - 150 : 12"),
                    legendY=alt.ExprRef(f"{_base.IS_LOG} ? height - 67 : 44"),
                    labelLimit=0,
                    titleLimit=0,
                    fillColor=WHITE,
                    padding=4,
                ),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Essay's words"),
                alt.Tooltip("quote:N", title="Quote"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
    )

    tooltip = [
        alt.Tooltip("trend:N", title="Trend"),
        alt.Tooltip("date:T", title="Date", format="%b %Y"),
        alt.Tooltip("minutes:Q", title="Minutes", format=",.0f"),
        alt.Tooltip("source:N", title="Source"),
    ]
    drawn_curves = (
        alt.Chart(curves)
        .transform_calculate(step=f"sequence(0, {curve_points})")
        .transform_flatten(["step"])
        .transform_calculate(
            date=f"{start_ms} + datum.step / {curve_points - 1} * ({end_ms - start_ms})"
        )
        .transform_calculate(
            minutes=trends.exponential_minutes_expr(
                trends.months_since_expr("datum.date", str(start_ms)),
                _lit_float(anchor_minutes),
                "datum.doubling",
            )
        )
    )
    lines = (
        _base.plot_y(drawn_curves, "minutes")
        .mark_line(strokeWidth=2.5, clip=True)
        .encode(x=x, y=y, color=colour, strokeDash=dash, tooltip=tooltip)
    )
    crossing_chart = alt.Chart(_drawn(crossings, CROSSING_FIELDS))
    crossing_base = _base.plot_y(crossing_chart, "target_minutes").encode(
        y=_y(y_scale),
        color=colour,
        tooltip=[
            alt.Tooltip("trend:N", title="Trend"),
            alt.Tooltip("milestone:N", title="Reaches"),
            alt.Tooltip("text:N", title="When (median, 80% range)"),
            alt.Tooltip("source:N", title="Source"),
        ],
    )
    # Each trend's crossings: its own marker shape, and its dates labelled on its own side
    # (the steeper trend above-left of its points, the shallower below-right). Above-left
    # clears the y axis's label of the same milestone (centred on its line) by lifting the
    # text 9 px: at phone width the first crossing sits next to that label.
    # The two trends' range bars at one milestone sit 3 px above and below its line.
    crossing_layers = []
    for key, shape, align, baseline, dx, dy, offset in (
        ("recent", "circle", "right", "bottom", -6, -9, -3),
        ("earlier", "square", "left", "top", 6, 8, 3),
    ):
        own = crossing_base.transform_filter(alt.datum.key == key)
        crossing_layers.append(
            own.mark_rule(strokeWidth=3, opacity=0.45, yOffset=offset, clip=True).encode(
                # No scale here: Vega-Lite mis-merges an explicit date domain with x2.
                x=alt.X("low:T"),
                x2="high:T",
            )
        )
        own = own.encode(x=alt.X("date:T", scale=x_scale))
        crossing_layers.append(own.mark_point(shape=shape, size=70, filled=True, opacity=1))
        crossing_layers.append(
            own.transform_filter(_base.shown_in_mode("target_minutes", TRENDS_LINEAR_CROWDED))
            .mark_text(align=align, baseline=baseline, dx=dx, dy=dy, fontSize=11, fontWeight="bold")
            .encode(text="label:N")
        )
    anchor = pd.DataFrame(
        {
            "date": [f"{anchor_date:%Y-%m-%d}"],
            "minutes": [anchor_minutes],
            "label": [f"Essay: {_short_minutes(anchor_minutes)}, {anchor_date:%B %Y}"],
            "source": [essay_source],
        }
    )
    anchor_point = (
        _base.plot_y(alt.Chart(anchor), "minutes")
        .mark_point(shape="diamond", size=110, filled=True, color=VERMILLION, opacity=1)
        .encode(
            x=alt.X("date:T", scale=x_scale),
            y=_y(y_scale),
            tooltip=[
                alt.Tooltip("label:N", title="Start"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
    )
    work_day = trends.MILESTONES["1 work day"]
    chart = (
        alt.layer(
            words_band,
            y_title,
            _milestone_layers(
                y_scale,
                min_minutes=work_day,
                right=True,
                short=True,
                linear_min_minutes=TRENDS_LINEAR_CROWDED,
            ),
            lines,
            *crossing_layers,
            anchor_point,
        )
        .add_params(_base.y_scale_param())
        .properties(width="container", height=340)
        .resolve_legend(fill="independent")
    )
    first = crossings[crossings["milestone"] == "1 work week"].set_index("key")["text"]
    description = (
        f"Two dashed projections on a log scale, both starting from the essay's "
        f"{_short_minutes(anchor_minutes)} figure in {anchor_date:%B %Y}: doubling every "
        f"{doubling['recent']:g} months (the essay's recent trend) and every "
        f"{doubling['earlier']:g} months (its earlier trend). Projected with the book's "
        f"uncertainty, the first reaches a work week in {first['recent']}, the second in "
        f"{first['earlier']}; the chart marks the median month each reaches a work week, month "
        "and year, with a bar over its 80% range, and shades the periods and task lengths the "
        "essay names in words: " + "; ".join(words["label"]) + "."
    )
    description += _base.SWITCH_NOTE
    return with_meta(
        chart,
        description=description,
        csv=["task_horizons.csv", "horizon_trends.csv"],
        key="trends",
        title="The essay's two doubling times, carried on from Claude Opus 4.6",
        takeaway=(
            "Both lines are projections, not data; each reaches a work week, month and year "
            "within a wide range (bars: 80% range; markers: the median month)."
        ),
        table=_table.doubling_trends_table(anchor, crossings, words, "Start: the essay's figure"),
    )


# --- SWE-bench and CORE-Bench, as words and ranges --------------------------------------------


def benchmark_saturation_chart(benchmarks: pd.DataFrame | None = None) -> alt.LayerChart:
    """Each benchmark's starting score (a range, or 'roughly' a value) and its end ('saturated':
    close to 100%), joined by an arrow along the score axis labelled with the time the source
    gives. No score between the two is drawn: the sources give none."""
    frame = benchmarks if benchmarks is not None else data.load("benchmarks")
    rows = frame.set_index("observation_id")
    essay = frame[frame["source_id"] == ESSAY_SOURCE].set_index("observation_id")

    def span(row_id: str) -> str:
        row = rows.loc[row_id]
        return f"{row['value']:g} {row['unit']}"

    benches = [
        ("SWE-bench", "swe_bench_start", "swe_bench_end", "swe_bench_time_to_saturation"),
        ("CORE-Bench", "core_bench_2024", "core_bench_saturated", "core_bench_time_to_saturation"),
    ]
    starts, ends = [], []
    for name, start_id, end_id, time_id in benches:
        s, e = essay.loc[start_id], essay.loc[end_id]
        if pd.notna(s["value"]):
            low = high = float(s["value"])
            words = f"{s['qualifier']} {s['value']:g}%".strip()
        else:
            low, high = float(s["value_low"]), float(s["value_high"])
            words = f"{s['qualitative']} (under {high:g}%)"
        if pd.notna(s["date"]) and s["date_precision"] == "year":
            words += f", {s['date']:%Y}"
        starts.append(
            {
                "benchmark": name,
                "low": low,
                "high": high,
                "mid": (low + high) / 2,
                "label": words,
                "quote": s["quote"],
                "source": source_label(pd.Series([s["source_id"]]))[0],
            }
        )
        ends.append(
            {
                "benchmark": name,
                "value": float(e["value_high"]),
                "label": f"{e['qualitative']}: close to {e['value_high']:g}%",
                "span": f"in {span(time_id)}" if name == "SWE-bench" else f"{span(time_id)} later",
                "from": high,
                "quote": e["quote"],
                "note": e["note"] if pd.notna(e["note"]) else "",
                "source": source_label(pd.Series([e["source_id"]]))[0],
            }
        )
    starts, ends = pd.DataFrame(starts), pd.DataFrame(ends)
    order = [b[0] for b in benches]
    colour = alt.Color(
        "benchmark:N", scale=alt.Scale(domain=order, range=[PURPLE, GREEN]), legend=None
    )
    y = alt.Y(
        "benchmark:N",
        sort=order,
        title=None,
        axis=alt.Axis(labelFontSize=13, labelFontWeight="bold", labelPadding=6),
        scale=alt.Scale(paddingInner=0.5, paddingOuter=0.4),
    )
    x_scale = alt.Scale(domain=[0, 100], nice=False)
    x_axis = alt.Axis(title="Score (% of tasks solved)", values=[0, 20, 40, 60, 80, 100])
    start_tooltip = [
        alt.Tooltip("benchmark:N", title="Benchmark"),
        alt.Tooltip("label:N", title="Starting score (source's words)"),
        alt.Tooltip("quote:N", title="Quote"),
        alt.Tooltip("source:N", title="Source"),
    ]
    end_tooltip = [
        alt.Tooltip("benchmark:N", title="Benchmark"),
        alt.Tooltip("label:N", title="End"),
        alt.Tooltip("span:N", title="How long"),
        alt.Tooltip("note:N", title="Note"),
        alt.Tooltip("source:N", title="Source"),
    ]
    start_base = alt.Chart(starts).encode(y=y, color=colour, tooltip=start_tooltip)
    # A range is a bar over it; a single value ('roughly 20%') a tick.
    start_bars = start_base.mark_bar(height=18, opacity=0.55).encode(
        x=alt.X("low:Q", scale=x_scale, axis=x_axis), x2="high:Q"
    )
    start_ticks = start_base.mark_tick(thickness=3, size=24).encode(
        x=alt.X("mid:Q", scale=x_scale),
        opacity=alt.condition("datum.low == datum.high", alt.value(1), alt.value(0)),
    )
    # Labels in two rows under the bar (start left, end right), so they never meet on a phone.
    start_labels = start_base.mark_text(align="left", baseline="top", dy=14, fontSize=11).encode(
        x=alt.X("low:Q", scale=x_scale), text="label:N", color=alt.value(DARK)
    )
    end_base = alt.Chart(ends).encode(y=y, color=colour, tooltip=end_tooltip)
    arrows = end_base.mark_rule(strokeWidth=2, strokeDash=[4, 3]).encode(
        x=alt.X("from:Q", scale=x_scale), x2="value:Q"
    )
    heads = end_base.mark_point(shape="triangle-right", size=110, filled=True).encode(
        x=alt.X("value:Q", scale=x_scale)
    )
    end_labels = end_base.mark_text(align="right", baseline="top", dy=29, fontSize=11).encode(
        x=alt.X("value:Q", scale=x_scale), text="label:N", color=alt.value(DARK)
    )
    span_labels = (
        end_base.mark_text(
            align="center", baseline="bottom", dy=-10, fontSize=12, fontWeight="bold"
        )
        .encode(
            x=alt.X("middle:Q", scale=x_scale),
            text="span:N",
            color=alt.value(DARK),
        )
        .transform_calculate(middle="(datum.from + datum.value) / 2")
    )

    chart = alt.layer(
        start_bars, start_ticks, arrows, heads, start_labels, end_labels, span_labels
    ).properties(width="container", height=230)
    said = "; ".join(
        f"{s['benchmark']}: from {s['label']} to {e['label']}, {e['span']}"
        for s, e in zip(starts.to_dict("records"), ends.to_dict("records"), strict=True)
    )
    description = (
        "Two benchmarks, each drawn only as the essay states it, as a starting score (a bar "
        "for a range, a tick for a single value) and a dashed arrow along the score axis to "
        f"where it ends, with no invented scores in between. {said}."
    )
    return with_meta(
        chart,
        description=description,
        csv=["benchmarks.csv"],
        title="SWE-bench and CORE-Bench, from a starting score to saturation",
        takeaway=(
            "The essay gives where each benchmark started and when it saturated (close to 100%), "
            "and no score in between."
        ),
        table=_table.saturation_table(starts, ends),
    )
