"""Lists the pages show as Markdown: facts a chart draws, as text a reader and a screen reader
can read on any screen (one function per list; each returns an `IPython.display.Markdown`).

- `timeline_eras_list`, `timeline_milestones_list`, `timeline_disagreements_list`: under the
  timeline chart, its eras, its dated milestones and the disagreements about them.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from explainer import data
from explainer.settings import PRECISION_WORDS, date_words, source_label

__all__ = ["timeline_disagreements_list", "timeline_eras_list", "timeline_milestones_list"]


def timeline_eras_list(eras: pd.DataFrame | None = None) -> Markdown:
    """The essay's eras, in order: period as printed, name, and its one-line description."""
    df = (eras if eras is not None else data.load("eras")).sort_values("order")
    lines = [f"- **{r.period_label}: {r.title}.** {r.description}" for r in df.itertuples()]
    return Markdown("\n".join(lines))


def timeline_milestones_list(timeline: pd.DataFrame | None = None) -> Markdown:
    """Each milestone with its date as the source states it, the precision, and who dates it."""
    df = (timeline if timeline is not None else data.load("timeline")).sort_values("date")
    sources = data.load("sources").set_index("source_id")
    role = {"primary": "the essay", "secondary": "a write-up", "reference": "reference data"}
    names = source_label(df["source_id"])
    lines = []
    for r, name in zip(df.itertuples(), names, strict=True):
        by = f"{role[sources.loc[r.source_id, 'role']]} ({name})"
        note = f" {r.note}" if pd.notna(r.note) else ""
        lines.append(
            f"- **{r.event}**: {date_words(r)} (precision: {PRECISION_WORDS[r.date_precision]});"
            f" dated by {by}.{note}"
        )
    return Markdown("\n".join(lines))


def timeline_disagreements_list(disagreements: pd.DataFrame | None = None) -> Markdown:
    """The recorded disagreements this chapter touches: every one about a date, every one about
    a milestone on the timeline, and every one about lines of code per engineer (the measure of
    the two inflection points)."""
    df = disagreements if disagreements is not None else data.load("disagreements")
    on_timeline = (df["left_resource"] == "timeline") | (df["right_resource"] == "timeline")
    shown = df[(df["kind"] == "date") | (df["topic"] == "lines_of_code_per_engineer") | on_timeline]
    lines = []
    for r in shown.itertuples():
        # A task-horizon row is about a model: name it.
        side = data.load(r.left_resource)
        key = data.schema(r.left_resource)["primaryKey"][0]
        row = side[side[key] == r.left_id].iloc[0]
        topic = r.topic.replace("_", " ").capitalize()
        if "model" in row.index:  # a task horizon: name the model it is about
            topic = f"{topic}, {row['model']}"
        lines.append(f"- **{topic}** ({r.kind}): {r.summary}")
    return Markdown("\n".join(lines))
