"""The benchmarks chapter's panel: choose the fit window and recompute the trend in Python.

`fit_panel()` offers the same choices as the chart on the static site (start year, end year,
frontier models only), refits with `explainer.trends.fit_doubling_time` on every change, and
redraws METR's models with the fitted line and the readout. It needs a kernel (JupyterLab);
the static site's chart makes the same choices from a table of precomputed fits.
"""

from __future__ import annotations

import altair as alt
import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from explainer import data
from explainer.charts import benchmarks as bench_charts


def fit_chart(
    metr: pd.DataFrame, start: int, end: int, frontier_only: bool
) -> tuple[alt.LayerChart, str]:
    """METR's models, the window's models highlighted, and the fitted line over the window;
    with the readout text (or why there is no fit)."""
    df = metr.copy()
    in_window = df["release_date"].dt.year.between(start, end) & (
        df["frontier"] | (not frontier_only)
    )
    df["in_fit"] = in_window.map({True: "In the fit", False: "Not in the fit"})
    df["date"] = df["release_date"].dt.strftime("%Y-%m-%d")
    y = alt.Y("p50_minutes:Q", scale=alt.Scale(type="log"), title="50% time horizon (minutes)")
    points = (
        alt.Chart(df)
        .mark_point(filled=True, size=60)
        .encode(
            x=alt.X("date:T", title="Release date"),
            y=y,
            color=alt.Color("in_fit:N", title=None),
            shape=alt.Shape("in_fit:N", title=None),
            tooltip=["model:N", "date:T", "p50_minutes:Q"],
        )
    )
    try:
        fit = bench_charts.window_fit(metr, start, end, frontier_only)
    except ValueError as error:
        return points.properties(width=600, height=320), f"No trend: {error}"
    line = fit.line()
    line["date"] = line["date"].dt.strftime("%Y-%m-%d")
    fitted = alt.Chart(line).mark_line(color="black").encode(x="date:T", y="minutes:Q")
    readout = " · ".join(bench_charts.fit_readout(fit))
    return (points + fitted).properties(width=600, height=320), readout


def fit_panel(metr: pd.DataFrame | None = None) -> widgets.VBox:
    """A window-start and window-end dropdown, a frontier-only checkbox, a readout label and
    the chart, refitted in Python whenever a control changes."""
    metr = metr if metr is not None else data.load("metr_horizons")
    starts, ends = bench_charts.fit_windows(metr)
    start = widgets.Dropdown(options=starts, value=starts[0], description="Fit from")
    end = widgets.Dropdown(options=ends, value=ends[-1], description="to the end of")
    frontier = widgets.Checkbox(
        value=True, description="Only models that were state of the art at release"
    )
    readout = widgets.Label()
    output = widgets.Output()

    def redraw(_change=None) -> None:
        chart, text = fit_chart(metr, start.value, end.value, frontier.value)
        readout.value = text
        output.clear_output(wait=True)
        with output:
            display(chart)

    for control in (start, end, frontier):
        control.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HBox([start, end]), frontier, readout, output])
