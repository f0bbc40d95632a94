"""ipywidgets panels for the scenarios chapter, for running it in JupyterLab.

`projection_panel()` has the projection chart's sliders (doubling time, acceleration, the
plateau's ceiling, the start point) and redraws, in Python, the three projections and the
milestone table from `explainer.trends.project` and `explainer.trends.milestones`.
`amdahl_panel()` has the Amdahl explorer's sliders and prints its readout from
`explainer.trends.amdahl_speedup`, `review_share_of_time` and `amdahl_limit`.

On the static site these panels are dead controls (no kernel): the page's charts carry the
same sliders as Vega-Lite params and compute in the browser.
"""

from __future__ import annotations

import html

import altair as alt
import ipywidgets as widgets
import numpy as np
import pandas as pd
from IPython.display import display

from explainer import data, trends
from explainer.numbers import scenarios as settings

__all__ = ["amdahl_panel", "milestone_table", "projection_panel"]

_FAMILY_NAMES = {
    trends.EXPONENTIAL: "Exponential",
    trends.ACCELERATING: "Accelerating",
    trends.PLATEAU: "Plateau",
}


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
    return pd.DataFrame(columns, index=list(trends.MILESTONES))


def _projection_figure(
    start: dict, doubling_months: float, acceleration: float, ceiling_hours: float
) -> alt.Chart:
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
        ).assign(family=_FAMILY_NAMES[family])
        for family in trends.FAMILIES
    ]
    frame = pd.concat(frames, ignore_index=True)
    frame = frame.loc[frame["minutes"] <= 20_000 * 60]
    return (
        alt.Chart(frame)
        .mark_line(strokeDash=[6, 4])
        .encode(
            x=alt.X("date:T", title=None),
            y=alt.Y("minutes:Q", scale=alt.Scale(type="log"), title="Minutes (log scale)"),
            color=alt.Color("family:N", title="Projection, not data"),
            strokeDash=alt.StrokeDash("family:N", title="Projection, not data"),
        )
        .properties(width=520, height=260)
    )


def projection_panel() -> widgets.VBox:
    """Sliders for the three projections; redraws the chart and the milestone table."""
    starts = settings.start_points()
    doubling = widgets.FloatSlider(
        value=settings.DEFAULTS["doubling_months"],
        min=settings.FASTEST_DOUBLING_MONTHS,
        max=settings.SLOWEST_DOUBLING_MONTHS,
        step=0.1,
        description="Doubling (months)",
        style={"description_width": "initial"},
    )
    accel = widgets.IntSlider(
        value=round(settings.DEFAULTS["acceleration"] * 100),
        min=0,
        max=50,
        description="Each doubling shorter by (%)",
        style={"description_width": "initial"},
    )
    ceiling = widgets.IntSlider(
        value=int(settings.DEFAULTS["ceiling_hours"]),
        min=16,
        max=2000,
        description="Plateau ceiling (hours)",
        style={"description_width": "initial"},
    )
    start = widgets.Dropdown(
        options=[(v["option"], k) for k, v in starts.items()],
        value=settings.DEFAULTS["start"],
        description="Start from",
    )
    out = widgets.Output()

    def redraw(_change=None) -> None:
        point = starts[start.value]
        args = (point, doubling.value, accel.value / 100, float(ceiling.value))
        out.clear_output(wait=True)
        with out:
            display(_projection_figure(*args))
            display(milestone_table(*args))

    for control in (doubling, accel, ceiling, start):
        control.observe(redraw, names="value")
    redraw()
    return widgets.VBox([doubling, accel, ceiling, start, out])


def _amdahl_readout(p: float, s: float, review_of_human: float) -> str:
    review = (1 - p) * review_of_human
    overall = trends.amdahl_speedup(p, s)
    limit = trends.amdahl_limit(1 - p)
    after = review * overall
    limit_text = "none (all work automated)" if np.isinf(limit) else f"{limit:.2f}×"
    return (
        f"<p><b>Overall speedup: {overall:.2f}×</b> (limit 1/(1 − p): {limit_text})<br>"
        f"Review: {review:.0%} of the time before, {after:.0%} after.</p>"
    )


def amdahl_panel() -> widgets.VBox:
    """Sliders for Amdahl's law; prints the overall speedup and review's share of the time."""
    ill = settings.amdahl_illustration(data.load("internal_metrics"))
    p = widgets.IntSlider(
        value=round(ill["p"] * 100),
        min=0,
        max=100,
        description="Share automated (%)",
        style={"description_width": "initial"},
    )
    s = widgets.IntSlider(
        value=int(ill["s"]),
        min=1,
        max=200,
        description="AI speedup (×)",
        style={"description_width": "initial"},
    )
    review = widgets.IntSlider(
        value=100,
        min=0,
        max=100,
        step=5,
        description="Review share of human part (%)",
        style={"description_width": "initial"},
    )
    readout = widgets.HTML()

    def update(_change=None) -> None:
        readout.value = _amdahl_readout(p.value / 100, float(s.value), review.value / 100)

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
