"""ipywidgets panels for the scenarios chapter, for running it in JupyterLab.

`projection_panel()` has the projection chart's sliders (doubling time, acceleration, the
plateau's ceiling, the start point, the two spreads) and redraws, in Python, the three
projections from `explainer.trends.project` and the milestone table's ranges from
`explainer.trends.milestone_ranges`.
`amdahl_panel()` has the Amdahl explorer's sliders and prints its readout from
`explainer.trends.amdahl_speedup`, `review_share_of_time` and `amdahl_limit`.

The controls are generated from the same specifications as the page's sliders
(`explainer.settings`, via `widget_for`), and the panel's chart is drawn with the page chart's
colours, dash patterns, axis and wording (`explainer.charts.scenarios`). Sliders report on
release and the chart is redrawn in place (`clear_output(wait=True)`), so a drag never leaves
an empty panel. On the static site these panels are dead controls (no kernel): the page's
charts carry the same sliders as Vega-Lite params and compute in the browser.
"""

from __future__ import annotations

import html

import altair as alt
import ipywidgets as widgets
import numpy as np
import pandas as pd
from IPython.display import display

from explainer import data, settings, style, trends
from explainer.charts import scenarios as page
from explainer.widgets._controls import model_value, widget_for

__all__ = ["amdahl_panel", "milestone_table", "projection_figure", "projection_panel"]

_FAMILY_NAMES = settings.FAMILY_LABELS


def milestone_table(
    start: dict, doubling_months: float, acceleration: float, ceiling_hours: float
) -> pd.DataFrame:
    """Milestone (rows) by family (columns): the month each is reached, 'not reached by
    <horizon>' or 'never (above the ceiling)'."""
    columns = {}
    for family, name in _FAMILY_NAMES.items():
        table = trends.milestones(
            family,
            start["date"],
            start["minutes"],
            doubling_months,
            acceleration=acceleration,
            ceiling_minutes=ceiling_hours * 60,  # the families without a ceiling ignore it
            horizon_date=settings.HORIZON_DATE,
        )
        cells = []
        for _, row in table.iterrows():
            if row["reached"]:
                cells.append(f"{row['date']:%b %Y}")
            elif row["status"].startswith("never"):
                cells.append("never (above the ceiling)")
            else:
                cells.append(f"not reached by {settings.HORIZON_DATE:%b %Y}")
        columns[name] = cells
    return pd.DataFrame(columns, index=[page.MILESTONE_LABELS[m] for m in trends.MILESTONES])


def range_table(
    start: dict,
    doubling_months: float,
    acceleration: float,
    ceiling_hours: float,
    doubling_spread: float,
    start_spread: float,
) -> pd.DataFrame:
    """Milestone (rows) by family (columns): the median month and its 80% range
    (`trends.milestone_ranges` on the shipped draws), in the words the page's table uses."""
    columns = {}
    for family, name in _FAMILY_NAMES.items():
        frame = settings.ranges_in_words(
            family,
            start["date"],
            start["minutes"],
            doubling_months,
            acceleration,
            ceiling_hours * 60,  # the families without a ceiling ignore it
            doubling_spread,
            start_spread,
        )
        columns[name] = list(frame["text"])
    return pd.DataFrame(columns, index=[page.MILESTONE_LABELS[m] for m in trends.MILESTONES])


def projection_figure(
    start: dict, doubling_months: float, acceleration: float, ceiling_hours: float
) -> alt.Chart:
    """The three projections from ``start``, drawn as the page's chart draws them: its family
    colours and dash patterns, years on the time axis, task length on a log scale labelled in
    minutes and hours, capped at the page chart's top."""
    months = np.arange(0, trends.months_since(start["date"], settings.HORIZON_DATE), 0.25)
    dates = trends.date_after(start["date"], months)
    frames = [
        trends.project(
            family,
            dates,
            start["date"],
            start["minutes"],
            doubling_months,
            acceleration=acceleration,
            ceiling_minutes=ceiling_hours * 60,  # the families without a ceiling ignore it
        ).assign(family_label=_FAMILY_NAMES[family])
        for family in trends.FAMILIES
    ]
    frame = pd.concat(frames, ignore_index=True)
    frame = frame.loc[frame["minutes"] <= page.CAP_MINUTES]
    frame["date"] = frame["date"].dt.strftime("%Y-%m-%d")
    domain = list(_FAMILY_NAMES.values())
    legend = alt.Legend(title=f"{settings.PROJECTION_NOTE}:", orient="bottom", symbolStrokeWidth=2)
    minutes = "datum.value"
    return (
        alt.Chart(frame)
        .mark_line(strokeWidth=2.2)
        .encode(
            x=alt.X(
                "date:T",
                title=None,
                axis=alt.Axis(format="%Y", tickCount=8, labelOverlap=True, grid=False),
            ),
            y=alt.Y(
                "minutes:Q",
                scale=alt.Scale(type="log", domain=[page.Y_FLOOR_MINUTES, page.CAP_MINUTES]),
                title="Task length (log scale)",
                axis=alt.Axis(
                    values=page.AXIS_MINUTES,
                    labelExpr=f"{minutes} < 59.5 ? format({minutes}, ',.0f') + ' min'"
                    f" : format({minutes} / 60, ',.0f') + ' h'",
                ),
            ),
            color=alt.Color(
                "family_label:N",
                scale=alt.Scale(domain=domain, range=page.FAMILY_COLOURS),
                legend=legend,
            ),
            strokeDash=alt.StrokeDash(
                "family_label:N",
                scale=alt.Scale(domain=domain, range=page.FAMILY_DASHES),
                legend=legend,
            ),
            tooltip=[
                alt.Tooltip("family_label:N", title="Scenario"),
                alt.Tooltip("date:T", title="Date", format="%b %Y"),
                alt.Tooltip("minutes:Q", title="Projected task length (min)", format=",.0f"),
            ],
        )
        .properties(width=560, height=300)
    )


def projection_panel() -> widgets.VBox:
    """Sliders for the three projections; redraws the chart and the milestone table."""
    starts = settings.start_points()
    doubling = widget_for(settings.DOUBLING)
    accel = widget_for(settings.ACCELERATION)
    ceiling = widget_for(settings.CEILING)
    start = widget_for(settings.start_choice(starts))
    doubling_spread, start_spread = (widget_for(c) for c in settings.spread_controls())
    chart = widgets.Output()
    table = widgets.HTML()

    def redraw(_change=None) -> None:
        point = starts[start.value]
        ceiling_hours = float(model_value(settings.CEILING, ceiling))
        args = (point, doubling.value, accel.value / 100, ceiling_hours)
        table.value = range_table(*args, doubling_spread.value, start_spread.value).to_html(
            classes="explainer-panel-table"
        )
        chart.clear_output(wait=True)  # the old chart stays until the new one is drawn
        with chart:
            display(projection_figure(*args))

    controls = (doubling, accel, ceiling, start, doubling_spread, start_spread)
    for control in controls:
        control.observe(redraw, names="value")
    redraw()
    heading = widgets.HTML(
        "<b>When each task length comes into range: median month (80% range)</b>"
    )
    return widgets.VBox([*controls, heading, table, chart])


def _amdahl_readout(p: float, s: float, review_of_human: float) -> str:
    review = (1 - p) * review_of_human
    overall = trends.amdahl_speedup(p, s)
    limit = trends.amdahl_limit(1 - p)
    after = review * overall
    limit_text = "none (all work automated)" if np.isinf(limit) else f"{limit:.2f}×"
    model, essay = style.EXPONENTIAL.light, style.ESSAY.light
    return (
        f'<p><b style="color: {model}">Overall speedup: {overall:.2f}×</b> '
        f"(limit 1/(1 − p): {limit_text})<br>"
        f'<span style="color: {essay}">Review: {review:.0%} of the time before, '
        f"{after:.0%} of the shorter time after</span></p>"
    )


def amdahl_panel() -> widgets.VBox:
    """Sliders for Amdahl's law; prints the overall speedup and review's share of the time."""
    controls = settings.amdahl_controls(data.load("internal_metrics"))
    p, s, review = (widget_for(c) for c in controls)
    readout = widgets.HTML()

    def update(_change=None) -> None:
        speedup = float(model_value(controls[1], s))
        readout.value = _amdahl_readout(p.value / 100, speedup, review.value / 100)

    for control in (p, s, review):
        control.observe(update, names="value")
    update()
    note = widgets.HTML(
        html.escape(
            "Illustration only: the essay gives 80% of merged code and a ~52x code-speed "
            "result, not the share of work automated or its speedup."
        )
    )
    return widgets.VBox([p, s, review, readout, note])
