"""Time-horizon charts: how long a task models complete, from METR's table and the essay."""

from __future__ import annotations

import altair as alt
import pandas as pd

from explainer import data
from explainer.charts._base import readable_minutes, source_label, with_meta

__all__ = ["time_horizon_chart"]


def time_horizon_chart(metr: pd.DataFrame | None = None) -> alt.LayerChart:
    """METR's 50% time horizon per model against release date, log scale, with 95% intervals.

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
    y_scale = alt.Scale(type="log")
    intervals = base.mark_rule(opacity=0.5).encode(
        y=alt.Y("p50_ci_low:Q", scale=y_scale),
        y2="p50_ci_high:Q",
        color=alt.Color("status:N", legend=None),
    )
    points = base.mark_point(size=70, filled=True).encode(
        y=alt.Y(
            "p50_minutes:Q",
            scale=y_scale,
            title="Task length completed with 50% success (minutes, log scale)",
        ),
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
    first, last = df["release_date"].min()[:4], df["release_date"].max()[:4]
    description = (
        f"Scatter plot of {len(df)} AI models from METR's Time Horizon 1.1 table, "
        f"released {first} to {last}: the length of software task, in minutes of a skilled "
        "human's time, that each model completes with 50% success, on a log scale, with "
        "95% confidence intervals. The points rise roughly in a straight line on the log "
        "scale, from seconds for the earliest models to many hours for the latest."
    )
    chart = (intervals + points).properties(width="container", height=340)
    return with_meta(chart, description=description, csv=["metr_horizons.csv"])
