"""Time-horizon charts: how long a task models complete, from METR's table and the essay."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from explainer import data
from explainer.charts import _base, _table
from explainer.charts._base import readable_minutes, source_label, with_meta

__all__ = ["time_horizon_chart"]

# The top of the linear scale, in minutes: a bit above the longest 50% horizon measured (about
# 12 hours); the widest 95% intervals (up to 66 hours) run off the top.
LINEAR_TOP_MINUTES = 800
# The y axis's fixed width in px: the title (a text layer) sits just left of it.
AXIS_EXTENT = 44


def time_horizon_chart(metr: pd.DataFrame | None = None) -> alt.LayerChart:
    """METR's 50% time horizon per model against release date, with 95% intervals, on a log
    scale or (the reader's switch) a linear one.

    Frontier models (METR's state of the art at release) are filled; others are hollow.
    """
    df = (metr if metr is not None else data.load("metr_horizons")).copy()
    df["horizon"] = readable_minutes(df["p50_minutes"])
    df["status"] = df["frontier"].map({True: "Frontier at release", False: "Other model"})
    df["source"] = source_label(df["source_id"])
    df["release_date"] = df["release_date"].dt.strftime("%Y-%m-%d")

    base = alt.Chart(df).encode(
        x=alt.X("release_date:T", title="Model release date"),
    )
    # Log mode: whole powers of ten around the intervals, as a log scale's "nice" domain.
    # Linear mode: up to a bit above the longest horizon measured; longer intervals are cut.
    low = 10 ** math.floor(math.log10(df["p50_ci_low"].min()))
    high = 10 ** math.ceil(math.log10(df["p50_ci_high"].max()))
    top = LINEAR_TOP_MINUTES
    y_scale = _base.y_scale((low, high), top)
    y = alt.Y(
        f"{_base.Y_PLOT}:Q",
        scale=y_scale,
        axis=_base.y_axis(
            log_ticks=[10.0**e for e in range(round(math.log10(low)), round(math.log10(high)) + 1)],
            linear_ticks=list(range(0, top + 1, 200)),
            label=lambda v: f"format({v}, ',.2~r')",
            minExtent=AXIS_EXTENT,
            maxExtent=AXIS_EXTENT,
        ),
    )
    intervals = (
        _base.plot_y(base, "p50_ci_low", "p50_ci_high")
        .mark_rule(opacity=0.5, clip=True)
        .encode(
            y=y,
            y2=f"{_base.Y2_PLOT}:Q",
            color=alt.Color("status:N", legend=None),
        )
    )
    points = (
        _base.plot_y(base, "p50_minutes")
        .mark_point(size=70, filled=True, clip=True)
        .encode(
            y=y,
            color=alt.Color("status:N", title=None),
            shape=alt.Shape("status:N", title=None),
            tooltip=[
                alt.Tooltip("model:N", title="Model"),
                alt.Tooltip("release_date:T", title="Released", format="%b %Y"),
                alt.Tooltip("horizon:N", title="50% time horizon"),
                alt.Tooltip("p50_ci_low:Q", title="95% CI low (min)", format=".0f"),
                alt.Tooltip("p50_ci_high:Q", title="95% CI high (min)", format=".0f"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
    )
    title = _base.y_title(
        "50% time horizon (minutes, log scale)",
        f"50% horizon (minutes, linear, cut at {top:,})",
        x=-(AXIS_EXTENT + 6),
    )
    first, last = df["release_date"].min()[:4], df["release_date"].max()[:4]
    description = (
        f"Scatter plot of {len(df)} AI models from METR's Time Horizon 1.1 table, "
        f"released {first} to {last}: the length of software task, in minutes of a skilled "
        "human's time, that each model completes with 50% success, on a log scale, with "
        "95% confidence intervals. The points rise roughly in a straight line on the log "
        "scale, from seconds for the earliest models to many hours for the latest."
    )
    chart = (
        alt.layer(intervals, points, title)
        .add_params(_base.y_scale_param())
        .properties(width="container", height=340)
    )
    description += _base.SWITCH_NOTE
    return with_meta(
        chart,
        description=description,
        csv=["metr_horizons.csv"],
        key="horizons",
        title="The length of task AI models complete with 50% success, by release date",
        takeaway=(
            "Each frontier model completes longer tasks than the last; on a log scale, a steady "
            "doubling would be a straight line."
        ),
        table=_table.metr_models_table(df),
    )
