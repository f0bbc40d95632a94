"""What every chart shares: its metadata (description, CSV files) and source labels."""

from __future__ import annotations

from pathlib import Path

import altair as alt
import pandas as pd

from explainer import data


def with_meta(
    chart: alt.TopLevelMixin, *, description: str, csv: list[str], source: str | None = None
) -> alt.TopLevelMixin:
    """Attach a chart's text description (read by screen readers), the CSV files it is
    drawn from (linked under the chart on the static site) and its source line (shown under
    the chart and written into its exported images; by default `source_line(chart, csv)`)."""
    meta = {"csv": csv, "source": source or source_line(chart, csv)}
    return chart.properties(description=description, usermeta={"explainer": meta})


def _sources_drawn(chart: alt.TopLevelMixin) -> list[str]:
    """The sources of the rows a chart draws: its data's `source_id` values (as labels) and
    `source` labels, in order of first appearance."""
    labels = data.load("sources").set_index("source_id")["short_name"]
    found: list[str] = []
    for rows in chart.to_dict(validate=False).get("datasets", {}).values():
        for row in rows:
            for value in (labels.get(row.get("source_id")), row.get("source")):
                if isinstance(value, str) and value and value not in found:
                    found.append(value)
    # The sources themselves first, then the book's own marks (fits, reference lines).
    return sorted(found, key=lambda label: label not in set(labels))


def source_line(chart: alt.TopLevelMixin, csv: list[str]) -> str:
    """'Sources: <label>; <label>.': the sources of the rows the chart draws or, if its data
    names none, every source cited in its CSV files."""
    found = _sources_drawn(chart)
    if not found:
        for name in csv:
            table = data.load(Path(name).stem)
            if "source_id" in table.columns:
                ids = pd.Series(table["source_id"].dropna().unique())
                found += [label for label in source_label(ids) if label not in found]
    if not found:
        return ""
    return ("Sources: " if len(found) > 1 else "Source: ") + "; ".join(found) + "."


def source_label(source_ids: pd.Series) -> pd.Series:
    """Readable source names for tooltips and source lines: each source's `short_name`."""
    labels = data.load("sources").set_index("source_id")["short_name"]
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
