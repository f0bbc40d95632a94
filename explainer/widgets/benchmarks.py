"""The benchmarks chapter's panel: choose the fit window and recompute the trend in Python.

`fit_panel()` offers the same choices as the chart on the static site (start year, end year,
frontier models only, and the 50%/80% success-rate switch: its controls are generated from the
same specifications, `explainer.settings.fit_controls` and `explainer.settings.SUCCESS_RATE`),
refits with `explainer.trends.fit_doubling_time` on every
change, and redraws METR's models with the fitted line and the readout, in the page chart's
colours, shapes, dash patterns and axis titles (`explainer.charts.benchmarks`). It needs a
kernel (JupyterLab); the static site's chart makes the same choices from a table of
precomputed fits.
"""

from __future__ import annotations

import html

import altair as alt
import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from explainer import data, settings, style
from explainer.charts import benchmarks as page
from explainer.widgets._controls import widget_for

__all__ = ["fit_chart", "fit_panel"]

FIT_LINE = "Fitted trend"
PROJECTION = "Projection"


def fit_chart(
    metr: pd.DataFrame, start: int, end: int, frontier_only: bool, rate: int = 50
) -> tuple[alt.LayerChart, str]:
    """METR's models' horizons at ``rate``% success (those outside the window dimmed, as on
    the page) and the fitted line over the window, dashed where it projects beyond it; with
    the readout text (or why there is no fit)."""
    df = metr.copy()
    horizon = f"{settings.SUCCESS_RATES[rate]}_minutes"
    in_window = df["release_date"].dt.year.between(start, end) & (
        df["frontier"] | (not frontier_only)
    )
    df["in_fit"] = in_window.map({True: "In the fit", False: "Not in the fit"})
    df["series"] = df["frontier"].map({True: page.METR_FRONTIER, False: page.METR_OTHER})
    df["date"] = df["release_date"].dt.strftime("%Y-%m-%d")
    x = alt.X(
        "date:T",
        title="Release date",
        axis=alt.Axis(format="%Y", tickCount=8, labelOverlap=True),
    )
    y = alt.Y(
        f"{horizon}:Q",
        scale=alt.Scale(type="log"),
        title=f"Task length completed with {rate}% success (minutes, log scale)",
    )
    metr_series = page.SERIES[:2]
    points = (
        alt.Chart(df)
        .mark_point(filled=True, size=60)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "series:N",
                scale=alt.Scale(domain=metr_series, range=page.SERIES_COLOURS[:2]),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            shape=alt.Shape(
                "series:N", scale=alt.Scale(domain=metr_series, range=page.SERIES_SHAPES[:2])
            ),
            opacity=alt.Opacity(
                "in_fit:N",
                scale=alt.Scale(domain=["In the fit", "Not in the fit"], range=[0.9, 0.2]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("model:N", title="Model"),
                alt.Tooltip("date:T", title="Released", format="%d %b %Y"),
                alt.Tooltip(f"{horizon}:Q", title=f"{rate}% time horizon (min)", format=",.1f"),
                alt.Tooltip("in_fit:N", title="Fit"),
            ],
        )
    )
    try:
        fit = settings.window_fit(metr, start, end, frontier_only, rate)
    except ValueError as error:
        return points.properties(width=600, height=320), f"No trend: {error}"
    lines = []
    for segment, a, b in (
        (FIT_LINE, fit.first_date, fit.last_date),
        (PROJECTION, fit.last_date, page.CHART_END),
    ):
        line = fit.line(a, b, n=40).assign(segment=segment)
        line["date"] = line["date"].dt.strftime("%Y-%m-%d")
        lines.append(line)
    fitted = (
        alt.Chart(pd.concat(lines, ignore_index=True))
        .mark_line(color=page.BLACK, strokeWidth=2)
        .encode(
            x=x,
            y=alt.Y("minutes:Q"),
            strokeDash=alt.StrokeDash(
                "segment:N",
                scale=alt.Scale(
                    domain=[FIT_LINE, PROJECTION], range=[style.FIT_DASH, style.PROJECTION_DASH]
                ),
                legend=None,
            ),
        )
    )
    readout = " · ".join(settings.fit_readout(fit))
    return (points + fitted).properties(width=600, height=320), readout


def fit_panel(metr: pd.DataFrame | None = None) -> widgets.VBox:
    """A window-start and window-end dropdown, a frontier-only checkbox, the 50%/80% switch, a
    readout label and the chart, refitted in Python whenever a control changes."""
    metr = metr if metr is not None else data.load("metr_horizons")
    start, end, frontier = (widget_for(c) for c in settings.fit_controls(metr))
    rate = widget_for(settings.SUCCESS_RATE)
    readout = widgets.HTML()
    output = widgets.Output()

    def redraw(_change=None) -> None:
        chart, text = fit_chart(metr, start.value, end.value, frontier.value, rate.value)
        readout.value = html.escape(text)
        output.clear_output(wait=True)  # the old chart stays until the new one is drawn
        with output:
            display(chart)

    for control in (start, end, frontier, rate):
        control.observe(redraw, names="value")
    redraw()
    return widgets.VBox([start, end, frontier, rate, readout, output])
