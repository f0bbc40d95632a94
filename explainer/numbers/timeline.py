"""The numbers, dates and quotes the Timeline chapter glues into its prose.

Every value comes from `data/` (eras, timeline, sources, internal_metrics, context): counts
of eras and milestones, the dates as the sources state them, the two inflection years of
lines of code per engineer, the essay's sentences about them, and the industry context.
"""

from __future__ import annotations

import pandas as pd

from explainer import data

ESSAY = "essay_when_ai_builds_itself"
SHERWOOD = "news_sherwood_ponders"


def _metric(metrics: pd.DataFrame, observation_id: str) -> pd.Series:
    return metrics.set_index("observation_id").loc[observation_id]


def numbers() -> dict[str, int | float | str]:
    """Glue name -> value (plain Python int, float or str) for chapters/timeline.md."""
    eras = data.load("eras")
    timeline = data.load("timeline").set_index("event_id")
    sources = data.load("sources").set_index("source_id")
    metrics = data.load("internal_metrics")

    dated_by = timeline["source_id"].map(sources["role"])
    preview = timeline.loc["claude_code_research_preview"]
    essay = sources.loc[ESSAY]
    published = timeline.loc["essay_published"]
    constant = _metric(metrics, "loc_per_engineer_2021_2024")
    first = _metric(metrics, "loc_per_engineer_2025")
    second = _metric(metrics, "loc_per_engineer_2026")
    q2 = _metric(metrics, "loc_per_engineer_q2_2026")
    before = _metric(metrics, "merged_code_share_before_claude_code")
    after = _metric(metrics, "merged_code_share_may_2026")
    months = (essay["date"].year - preview["date"].year) * 12 + (
        essay["date"].month - preview["date"].month
    )

    context = data.load("context").set_index("observation_id")
    context_source = sources.loc[context.loc["recursive_funding", "source_id"], "short_name"]
    return {
        "tl_n_eras": len(eras),
        "tl_n_dated_eras": int(eras["start_year"].notna().sum()),
        "tl_first_year": int(eras["start_year"].min()),
        "tl_n_milestones": len(timeline),
        "tl_n_dated_by_writeups": int((dated_by == "secondary").sum()),
        "tl_n_dated_by_essay": int((dated_by == "primary").sum()),
        "tl_founded_date": str(timeline.loc["anthropic_founded", "date_text"]),
        "tl_claude_code_date": str(preview["date_text"]),
        "tl_opus_4_6_event": str(timeline.loc["claude_opus_4_6", "event"]),
        "tl_opus_4_6_date": str(timeline.loc["claude_opus_4_6", "date_text"]),
        "tl_mythos_date": str(timeline.loc["claude_mythos_preview", "date_text"]),
        "tl_mythos_writeup_date": str(
            timeline.loc["claude_mythos_preview_writeup_release", "date_text"]
        ),
        # The essay carries no date: the month the write-ups place it in.
        "tl_essay_date": essay["date"].strftime("%B %Y"),
        "tl_sherwood_date": sources.loc[SHERWOOD, "date"].strftime("%-d %B %Y"),
        "tl_published_precision": str(published["date_precision"]),
        "tl_months_preview_to_essay": int(months),
        "tl_constant_from": int(constant["date"].year),
        "tl_constant_to": int(constant["date_end"].year),
        "tl_inflection_1_year": int(first["date"].year),
        "tl_inflection_2_year": int(second["date"].year),
        "tl_quote_inflection_1": str(first["quote"]),
        "tl_quote_inflection_2": str(second["quote"]),
        "tl_loc_multiple": float(q2["value"]),
        "tl_loc_period": str(q2["date_text"]),
        "tl_loc_baseline": str(q2["baseline"]),
        "tl_quote_loc": str(q2["quote"]),
        "tl_share_before": str(before["qualitative"]),
        "tl_share_after": float(after["value_low"]),
        "tl_share_after_date": after["date"].strftime("%B %Y"),
        "tl_recursive_usd_millions": float(context.loc["recursive_funding", "value"]) / 1e6,
        "tl_iclr_workshop": str(context.loc["iclr_2026_rsi_workshop", "qualitative"]),
        "tl_iclr_when": str(context.loc["iclr_2026_rsi_workshop", "date_text"]),
        "tl_alphaevolve_what": str(context.loc["alphaevolve", "metric"]),
        "tl_alphaevolve_result": str(context.loc["alphaevolve", "qualitative"]),
        "tl_context_source": str(context_source),
    }
