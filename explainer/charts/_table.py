"""A chart's data table: what the chart draws, as text, declared in its metadata.

Every chart declares one table (`with_meta(..., table=data_table(...))`): the rows it draws
(one per data point), the columns a reader needs to read them, each formatted as a person
would say it ("Feb 2026", "12 h", "45 s", the source by name). `explainer.render.chart_html`
writes it as a static HTML ``<table>`` in a ``<details>`` under the chart: the keyboard's and
the screen reader's path to the values, with no JavaScript. A chart whose marks the browser
computes from sliders lists the data points it draws and says (``note``) where the live values
are.

The table is kept out of the compiled Vega spec (render strips it), so exports and the
drawing are unaffected.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

__all__ = [
    "Column",
    "data_table",
    "horizon",
    "interval",
    "month_year",
    "number",
    "percent",
    "switched",
    "text",
]

NOT_GIVEN = "not given"


def _missing(value: Any) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or other container is a value
        return False


def text(value: Any) -> str:
    """The value as it stands; a missing one as 'not given'."""
    return NOT_GIVEN if _missing(value) or value == "" else str(value)


def month_year(value: Any) -> str:
    """A date as a month and year: 'Feb 2026' (from a Timestamp or an ISO date string)."""
    if _missing(value) or value == "":
        return NOT_GIVEN
    return f"{pd.Timestamp(value):%b %Y}"


def horizon(minutes: Any) -> str:
    """A task length in minutes of a person's time, as a person says it: '45 s', '4.0 min',
    '1.5 h', '12 h'."""
    if _missing(minutes):
        return NOT_GIVEN
    minutes = float(minutes)
    # A no-break space: a number never wraps away from its unit in a narrow column.
    if minutes < 1:
        seconds = minutes * 60
        return f"{seconds:.0f}\u00a0s" if seconds >= 1 else f"{seconds:.1f}\u00a0s"
    if minutes < 60:
        return f"{minutes:.0f}\u00a0min" if minutes >= 10 else f"{minutes:.1f}\u00a0min"
    hours = minutes / 60
    return f"{hours:,.0f}\u00a0h" if hours >= 10 else f"{hours:.1f}\u00a0h"


def number(digits: int = 0, suffix: str = "") -> Callable[[Any], str]:
    """A number with ``digits`` decimals and a ``suffix`` ('×', ' months')."""

    def fmt(value: Any) -> str:
        return NOT_GIVEN if _missing(value) else f"{float(value):,.{digits}f}{suffix}"

    return fmt


percent = number(0, "%")


@dataclass(frozen=True)
class Column:
    """A column: its ``title`` and where its text comes from: a field of the frame formatted
    by ``format``, or ``value``, a function of the whole row (for a cell made of two fields,
    such as an interval)."""

    title: str
    field: str | None = None
    format: Callable[[Any], str] = text
    value: Callable[[pd.Series], str] | None = None

    def cell(self, row: pd.Series) -> str:
        if self.value is not None:
            return self.value(row)
        if self.field is None:
            raise ValueError(f"column {self.title!r} names no field and no value")
        return self.format(row[self.field])


def interval(low: str, high: str, fmt: Callable[[Any], str] = horizon) -> Callable:
    """A cell 'low to high' from two fields (a confidence interval)."""

    def value(row: pd.Series) -> str:
        if _missing(row[low]) and _missing(row[high]):
            return NOT_GIVEN
        return f"{fmt(row[low])} to {fmt(row[high])}"

    return value


def data_table(
    frame: pd.DataFrame,
    columns: Sequence[Column],
    *,
    note: str | None = None,
) -> dict:
    """The table of a chart's data points: one row per row of ``frame`` (the points the chart
    draws), the first column the row's header. ``note`` says what the table leaves out (the
    live values of a chart the browser computes, and where to read them).

    The number of rows is declared as ``points``: the browser tests hold the rendered table
    to it."""
    if not columns:
        raise ValueError("a data table needs at least one column")
    rows = [[column.cell(row) for column in columns] for _, row in frame.iterrows()]
    table: dict = {"columns": [c.title for c in columns], "rows": rows, "points": len(rows)}
    if note:
        table["note"] = note
    return table


def metr_models_table(metr: pd.DataFrame, note: str | None = None) -> dict:
    """METR's models as a chart of them draws them (one row per model): release month, 50%
    horizon and its 95% interval, frontier status, source (a `source` label column)."""
    frontier = metr["frontier"].map({True: "yes", False: "no"})
    return data_table(
        metr.assign(frontier_text=frontier),
        [
            Column("Model", "model"),
            Column("Released", "release_date", month_year),
            Column("50% time horizon", "p50_minutes", horizon),
            Column("95% interval", value=interval("p50_ci_low", "p50_ci_high")),
            Column("Frontier at release", "frontier_text"),
            Column("Source", "source"),
        ],
        note=note,
    )


def fit_points_table(
    metr: pd.DataFrame, essay: pd.DataFrame, bound: pd.DataFrame, rate: int = 50
) -> dict:
    """The fit chart's points at ``rate``% success (50 or 80): METR's models (with ``series``)
    and, at 50%, the essay's figures and its lower bound, each with its source's words (the
    essay's figures are 50% horizons: the chart draws them at 50% only)."""
    prefix = f"p{rate}"
    measured = pd.DataFrame(
        {
            "name": metr["model"],
            "when": metr["release_date"].map(month_year),
            "value": metr[f"{prefix}_minutes"].map(horizon),
            "interval": metr.apply(interval(f"{prefix}_ci_low", f"{prefix}_ci_high"), axis=1),
            "what": metr["series"],
            "source": metr["source"],
        }
    )
    stated = pd.DataFrame(
        {
            "name": pd.concat([essay["model"], bound["model"]]),
            "when": pd.concat([essay["date"], bound["date"]]).map(month_year),
            "value": pd.concat(
                [
                    essay["minutes"].map(horizon) + " (" + essay["value_as_stated"] + ")",
                    "at least " + bound["minutes_low"].map(horizon),
                ]
            ),
            "interval": NOT_GIVEN,
            "what": pd.concat([essay["series"], bound["series"]]),
            "source": pd.concat([essay["source"], bound["source"]]),
        }
    )
    note = (
        "The fitted line is computed for the window you choose: its doubling time and "
        "interval are in the readout above."
    )
    if rate != 50:
        note += " The essay's figures are 50% horizons: they are listed at 50% success."
    return data_table(
        pd.concat([measured, stated], ignore_index=True) if rate == 50 else measured,
        [
            Column("Model", "name"),
            Column("Released or dated", "when"),
            Column(f"{rate}% time horizon", "value"),
            Column("95% interval", "interval"),
            Column("Series", "what"),
            Column("Source", "source"),
        ],
        note=note,
    )


def switched(param: str, default: Any, variants: dict[Any, dict], labels: dict[Any, str]) -> dict:
    """One table per value of a chart's control ``param`` (``variants``: value -> a
    `data_table`), e.g. the 50% and 80% horizons of a success-rate switch: the page shows the
    table of the value the control holds (the loader swaps them as it changes; without
    JavaScript, the ``default``'s). ``labels`` name each value in its table's caption. The
    default's columns, rows and points stand at the top level, as a plain table's do."""
    if default not in variants:
        raise ValueError(f"the default {default!r} has no table")
    return {
        **variants[default],
        "param": param,
        "variants": [
            {**table, "value": value, "label": labels[value], "default": value == default}
            for value, table in variants.items()
        ],
    }


def doubling_trends_table(
    anchor: pd.DataFrame, crossings: pd.DataFrame, words: pd.DataFrame, anchor_label: str
) -> dict:
    """The doubling-trends chart's points: its start (the essay's figure), when each trend
    reaches a work week, month and year (a projection: the median month and 80% range,
    ``text``), and the periods the essay names in words."""
    frames = [
        pd.DataFrame(
            {
                "point": anchor_label,
                "trend": "both",
                "when": anchor["date"].map(month_year),
                "length": anchor["minutes"].map(horizon),
                "source": anchor["source"],
            }
        ),
        pd.DataFrame(
            {
                "point": "Reaches " + crossings["milestone"],
                "trend": crossings["trend"],
                "when": "Projection: " + crossings["text"],
                "length": crossings["target_minutes"].map(horizon),
                "source": crossings["source"],
            }
        ),
        pd.DataFrame(
            {
                "point": "The essay's words: " + words["label"],
                "trend": "none (words, shaded)",
                "when": words["start"].map(month_year) + " to " + words["end"].map(month_year),
                "length": words["low"].map(horizon) + " to " + words["high"].map(horizon),
                "source": words["source"],
            }
        ),
    ]
    return data_table(
        pd.concat(frames, ignore_index=True),
        [
            Column("Point", "point"),
            Column("Trend", "trend"),
            Column("When", "when"),
            Column("Task length", "length"),
            Column("Source", "source"),
        ],
    )


def saturation_table(starts: pd.DataFrame, ends: pd.DataFrame) -> dict:
    """The benchmark-saturation chart: each benchmark's start and end, in the source's words."""
    both = starts.merge(ends, on="benchmark", suffixes=("_start", "_end"))
    return data_table(
        both,
        [
            Column("Benchmark", "benchmark"),
            Column("Starting score (source's words)", "label_start"),
            Column("End", "label_end"),
            Column("How long", "span"),
            Column("Source", value=lambda r: _sources(r["source_start"], r["source_end"])),
        ],
    )


def _sources(*labels: str) -> str:
    return "; ".join(dict.fromkeys(label for label in labels if label))


def timeline_table(bands: pd.DataFrame, events: pd.DataFrame, inflections: pd.DataFrame) -> dict:
    """The timeline's eras, dated milestones and inflection points, in that order, each with
    its date in its source's words."""
    frames = [
        pd.DataFrame(
            {
                "what": bands["title"],
                "kind": "Era",
                "when": bands["period"],
                "source": bands["source"],
            }
        ),
        pd.DataFrame(
            {
                "what": events["event"],
                "kind": "Milestone",
                "when": events["date_words"],
                "source": events["source"],
            }
        ),
        pd.DataFrame(
            {
                "what": inflections["what"],
                "kind": "Inflection point",
                "when": inflections["year"],
                "source": inflections["source"],
            }
        ),
    ]
    return data_table(
        pd.concat(frames, ignore_index=True),
        [
            Column("What", "what"),
            Column("Kind", "kind"),
            Column("When (as the source states it)", "when"),
            Column("Source", "source"),
        ],
    )


def observations_table(rows: pd.DataFrame, note: str | None = None) -> dict:
    """Rows of the essay's internal metrics (`internal._frame`): what each is, as the source
    states it, when, and the source."""
    return data_table(
        rows,
        [
            Column("What", "what"),
            Column("As stated", "stated"),
            Column("When", "when"),
            Column("Source", "source"),
        ],
        note=note,
    )


LIVE_NOTE = (
    "The lines are computed in your browser from the settings above; their values for the "
    "settings you choose are in the tables under the chart's controls. This table lists the "
    "data points the chart draws."
)


def amdahl_table(illustration: pd.DataFrame) -> dict:
    """The Amdahl chart's one data point: the essay-based illustration."""
    return data_table(
        illustration.assign(point="Illustration (a diamond)"),
        [
            Column("Point", "point"),
            Column("AI speedup", "s", number(0, "×")),
            Column("Overall speedup", "overall", number(2, "×")),
            Column("What it is", "what"),
            Column("Source", "source"),
        ],
        note=LIVE_NOTE,
    )


def backtest_table(points: pd.DataFrame) -> dict:
    """The backtest's models, per forecast month: used for the fit or released later, and by
    how much a later one missed the forecast."""
    return data_table(
        points,
        [
            Column("Model", "model"),
            Column("Forecast made in", "forecast"),
            Column("Role", "role"),
            Column("Released", "release_date", month_year),
            Column("50% time horizon", "p50_minutes", horizon),
            Column("Against the forecast", "error"),
            Column("Source", "source"),
        ],
        note=(
            "The chart shows one forecast month at a time (chosen above); this table lists "
            "every month's models. Each fit's doubling time is in the readout under the chart's "
            "controls."
        ),
    )
