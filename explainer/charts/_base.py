"""What every chart shares: its metadata (description, CSV files) and source labels."""

from __future__ import annotations

import altair as alt
import pandas as pd

from explainer import data


def with_meta(chart: alt.TopLevelMixin, *, description: str, csv: list[str]) -> alt.TopLevelMixin:
    """Attach a chart's text description (read by screen readers) and the CSV files it is
    drawn from (linked under the chart on the static site)."""
    return chart.properties(description=description, usermeta={"explainer": {"csv": csv}})


def source_label(source_ids: pd.Series) -> pd.Series:
    """Readable source names for tooltips: '<publisher>, <title>' from data/sources.csv."""
    sources = data.load("sources").set_index("source_id")
    who = sources["publisher"].fillna(sources["author"]).fillna("")
    labels = (who.str.split(" [(]", regex=True).str[0] + ", " + sources["title"]).str.strip(", ")
    return source_ids.map(labels).fillna(source_ids).astype(str)


def readable_minutes(minutes: pd.Series) -> pd.Series:
    """'4 min', '1.5 h', '12 h': a horizon as a person would say it (for tooltips)."""

    def one(m: float) -> str:
        if pd.isna(m):
            return "not given"
        if m < 60:
            return f"{m:.0f} min" if m >= 10 else f"{m:.1f} min"
        return f"{m / 60:.1f} h"

    return minutes.map(one)
