"""Time-horizon charts: how long a task models complete, from METR's table and the essay."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from explainer import data, settings, style, trends
from explainer.charts import _base, _table
from explainer.charts._base import (
    readable_duration,
    readable_interval,
    source_label,
    with_meta,
)

__all__ = ["TREND_SPLIT", "time_horizon_chart"]

# The top of the linear scale, in minutes: a bit above the longest 50% horizon measured (about
# 12 hours); the widest 95% intervals (up to 66 hours) run off the top.
LINEAR_TOP_MINUTES = 800
# The y axis's fixed width in px: the title (a text layer) sits just left of it.
AXIS_EXTENT = 52
# The two trend lines meet here: METR's frontier fits before and from it (the landing page's
# "is it accelerating?" compares the same two; `explainer.numbers.intro.RECENT_FIT_SINCE`).
TREND_SPLIT = pd.Timestamp("2024-01-01")
# Room left and right of the first and last model, so no point sits on the plot's edge.
DATE_PAD = pd.Timedelta(days=150)
RATE = settings.SUCCESS_RATE.param
# Where each fitted line is labelled: the index of its point (of 30, `_trends`).
LABEL_AT = {"before": 10, "since": 0}
STATUS = {True: "Frontier at release", False: "Other model"}
STATUS_COLOURS = [style.METR.light, style.HIGHLIGHT.light]
TREND_COLOUR = style.INK.light


def _long(df: pd.DataFrame) -> pd.DataFrame:
    """One row per model and success rate (50 and 80), with readable value and interval."""
    rows = []
    for rate, prefix in settings.SUCCESS_RATES.items():
        part = df.copy()
        part["rate"] = rate
        part["minutes"] = part[f"{prefix}_minutes"]
        part["ci_low"] = part[f"{prefix}_ci_low"]
        part["ci_high"] = part[f"{prefix}_ci_high"]
        rows.append(part)
    out = pd.concat(rows, ignore_index=True)
    out["horizon"] = out["minutes"].map(readable_duration)
    out["interval"] = [
        readable_interval(m, lo, hi)
        for m, lo, hi in zip(out["minutes"], out["ci_low"], out["ci_high"], strict=True)
    ]
    out["shown"] = out["rate"].map(lambda r: f"{r}% time horizon")
    out["released"] = out["release_date"].dt.strftime("%b %Y")
    out["release_date"] = out["release_date"].dt.strftime("%Y-%m-%d")
    out["description"] = (
        out["model"]
        + ", released "
        + out["released"]
        + ": "
        + out["shown"]
        + " "
        + out["horizon"]
        + " (95% interval "
        + out["interval"]
        + ")"
    )
    return out


def _trends(metr: pd.DataFrame) -> pd.DataFrame:
    """The fitted trend of METR's frontier models before `TREND_SPLIT` and from it on, for each
    success rate: each line over the release dates it fits, with its doubling time."""
    rows = []
    before_end = TREND_SPLIT - pd.Timedelta(days=1)
    for rate, prefix in settings.SUCCESS_RATES.items():
        for era, since, until, label_at in (
            (f"Trend to {before_end.year}", None, before_end, LABEL_AT["before"]),
            (f"Trend from {TREND_SPLIT.year}", TREND_SPLIT, None, LABEL_AT["since"]),
        ):
            fit = trends.fit_doubling_time(
                metr, since=since, until=until, value=f"{prefix}_minutes", reps=200
            )
            line = fit.line(n=30)
            line["rate"] = rate
            line["trend"] = era
            line["months"] = fit.months
            line["doubling"] = f"doubles every {fit.months:.1f} months"
            line["label"] = f"every {fit.months:.1f} months"
            # The one point of the line its label is placed at (`LABEL_AT`).
            line["labelled"] = [i == label_at for i in range(len(line))]
            line["description"] = (
                f"{era} ({rate}% horizon, METR's frontier models): doubling every "
                f"{fit.months:.1f} months"
            )
            rows.append(line)
    out = pd.concat(rows, ignore_index=True)
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    return out


def time_horizon_chart(metr: pd.DataFrame | None = None) -> alt.LayerChart:
    """METR's time horizon per model against release date, with 95% intervals and the fitted
    trend of its frontier models before and from `TREND_SPLIT`, on a log scale or (the reader's
    switch) a linear one, at 50% success or (a second switch) 80%.

    Frontier models (METR's state of the art at release) are blue circles; others orange
    squares.
    """
    metr = metr if metr is not None else data.load("metr_horizons")
    df = _long(metr)
    df["status"] = df["frontier"].map(STATUS)
    df["source"] = source_label(df["source_id"])
    lines = _trends(metr)
    lines["source"] = "This book's fit to " + source_label(metr["source_id"].iloc[:1]).iloc[0]

    shown_rate = f"datum.rate == {RATE}"
    start = metr["release_date"].min() - DATE_PAD
    end = metr["release_date"].max() + DATE_PAD
    years = range(start.year + 1, end.year + 1)
    x = alt.X(
        "release_date:T",
        title="Model release date",
        scale=alt.Scale(
            domain=[alt.DateTime(year=d.year, month=d.month, date=d.day) for d in (start, end)]
        ),
        # One label per year, at 1 January: never month names.
        axis=alt.Axis(
            values=[alt.DateTime(year=y, month=1, date=1) for y in years],
            format="%Y",
            labelOverlap=True,
            grid=False,
        ),
    )
    # Log mode: a tenth of a second to 100 hours, ticks at round durations (the lowest 80%
    # interval, GPT-2's, runs off the bottom). Linear mode: up to a bit above the longest 50%
    # horizon; longer marks are cut.
    log_ticks = [0.1 / 60, 1 / 60, 10 / 60, 1, 10, 60, 600, 6000]
    low, high = log_ticks[0], log_ticks[-1]
    top = LINEAR_TOP_MINUTES
    y = alt.Y(
        f"{_base.Y_PLOT}:Q",
        scale=_base.y_scale((low, high), top),
        axis=_base.y_axis(
            log_ticks=log_ticks,
            linear_ticks=list(range(0, top + 1, 120)),  # every 2 hours
            label=_base.duration_tick_label,
            minExtent=AXIS_EXTENT,
            maxExtent=AXIS_EXTENT,
        ),
    )
    status_colour = alt.Color(
        "status:N",
        scale=alt.Scale(domain=list(STATUS.values()), range=STATUS_COLOURS),
        legend=alt.Legend(title=None, symbolOpacity=1),
    )
    base = alt.Chart(df).transform_filter(shown_rate).encode(x=x)
    intervals = (
        _base.plot_y(base, "ci_low", "ci_high")
        .mark_rule(opacity=0.5, clip=True, aria=False)
        # The same colour channel as the points: a `legend=None` here would drop the merged
        # legend's colours (its symbols turn grey).
        .encode(y=y, y2=f"{_base.Y2_PLOT}:Q", color=status_colour)
    )
    points = (
        _base.plot_y(base, "minutes")
        .mark_point(size=70, filled=True, opacity=0.9, clip=True)
        .encode(
            y=y,
            color=status_colour,
            shape=alt.Shape(
                "status:N",
                scale=alt.Scale(domain=list(STATUS.values()), range=["circle", "square"]),
                title=None,
            ),
            description="description:N",
            tooltip=[
                alt.Tooltip("model:N", title="Model"),
                alt.Tooltip("released:N", title="Released"),
                alt.Tooltip("shown:N", title="Shown"),
                alt.Tooltip("horizon:N", title="Time horizon"),
                alt.Tooltip("interval:N", title="95% interval"),
                alt.Tooltip("status:N", title="Status"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
    )
    line_base = _base.plot_y(alt.Chart(lines).transform_filter(shown_rate), "minutes").encode(
        x=alt.X("date:T"),
        y=y,
        detail="trend:N",
        description="description:N",
        tooltip=[
            alt.Tooltip("trend:N", title="Line"),
            alt.Tooltip("doubling:N", title="Fitted to frontier models"),
            alt.Tooltip("source:N", title="Source"),
        ],
    )
    trend_lines = line_base.mark_line(color=TREND_COLOUR, strokeWidth=2, clip=True)
    # Each line's label where no point or interval is, at both widths and both rates: the
    # earlier trend's under its line, a third of the way along (the years 2020-21 hold no
    # model); the recent trend's above and left of its start, over the empty months before
    # 2024 and above the tops of the intervals there. On the linear scale the earlier line
    # lies along the axis: its label (under it) would print over the axis's years, so it goes.
    earlier, recent = lines["trend"].iloc[0], lines["trend"].iloc[-1]
    places = {
        earlier: ({"align": "left", "baseline": "top", "dx": 4, "dy": 10}, _base.IS_LOG),
        recent: ({"align": "right", "baseline": "bottom", "dx": -6, "dy": -16}, "true"),
    }
    trend_labels = [
        line_base.transform_filter(f"datum.labelled && datum.trend == {json.dumps(era)}")
        .transform_filter(shown)
        .mark_text(color=TREND_COLOUR, fontSize=11, fontWeight="bold", **place)
        .encode(text="label:N")
        for era, (place, shown) in places.items()
    ]
    rate_titles = {r: f"{r}%" for r in settings.SUCCESS_RATES}
    title = _base.y_title(
        "time horizon (log scale)",
        f"time horizon (linear, cut at {top // 60:.0f} h)",
        x=-(AXIS_EXTENT + 6),
        lead=f"{json.dumps({str(k): v for k, v in rate_titles.items()})}[{RATE}]",
    )
    first, last = df["release_date"].min()[:4], df["release_date"].max()[:4]
    before = lines[(lines["rate"] == 50)].groupby("trend", sort=False)["months"].first()
    description = (
        f"Scatter plot of {len(metr)} AI models from METR's Time Horizon 1.1 table, "
        f"released {first} to {last}: the length of software task, in a skilled human's "
        "working time, that each model completes with 50% success (a switch shows 80%), on a "
        "log scale, with 95% confidence intervals. The points rise roughly in a straight line "
        "on the log scale, from seconds for the earliest models to many hours for the latest. "
        "Two fitted lines through METR's frontier models show the rise steepening: "
        + "; ".join(f"{t}, doubling every {m:.1f} months" for t, m in before.items())
        + "."
    )
    chart = (
        alt.layer(intervals, trend_lines, points, *trend_labels, title)
        .add_params(_base.y_scale_param(), *_base.params_for(settings.SUCCESS_RATE))
        .properties(width="container", height=340)
    )
    description += _base.SWITCH_NOTE
    return with_meta(
        chart,
        description=description,
        csv=["metr_horizons.csv"],
        key="horizons",
        controls=(settings.SUCCESS_RATE,),
        title="The length of task AI models complete, by release date",
        takeaway=(
            "Each frontier model completes longer tasks than the last, and since "
            f"{TREND_SPLIT.year} the fitted line has been steeper: doubling every "
            + " months, then every ".join(f"{m:.1f}" for m in before.values)
            + " months (50% success)."
        ),
        # One row per model: the table gives the 50% horizon and its interval.
        table=_table.metr_models_table(df[df["rate"] == 50]),
    )
