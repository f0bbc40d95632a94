"""Numbers glued into the landing page: the three to remember, from the data and the model."""

from __future__ import annotations

from explainer import data, trends

# The window of the headline fit: frontier models released from 2024 on (the recent trend
# the essay describes; the benchmarks chapter lets a reader change it).
RECENT_FIT_SINCE = "2024-01-01"


def _row(frame, key: str, value: str):
    return frame.loc[frame[key] == value].iloc[0]


def numbers() -> dict[str, float | str]:
    """Glue name -> value for intro.md."""
    trend = _row(data.load("horizon_trends"), "observation_id", "doubling_time_recent")
    earlier = _row(data.load("horizon_trends"), "observation_id", "doubling_time_earlier")
    share = _row(data.load("internal_metrics"), "observation_id", "merged_code_share_may_2026")
    before = _row(
        data.load("internal_metrics"), "observation_id", "merged_code_share_before_claude_code"
    )
    essay = data.load("task_horizons").set_index("observation_id")
    metr = data.load("metr_horizons").set_index("model_id")
    opus = essay.loc["essay_claude_opus_4_6"]
    metr_opus = metr.loc[opus["metr_model_id"]]
    fit = trends.fit_doubling_time(data.load("metr_horizons"), since=RECENT_FIT_SINCE)
    return {
        "essay_doubling_months": float(trend["value"]),
        "essay_earlier_doubling_months": float(earlier["value"]),
        "fit_since_year": RECENT_FIT_SINCE[:4],
        "fit_doubling_months": float(fit.months),
        "fit_ci_low_months": float(fit.ci_low_months),
        "fit_ci_high_months": float(fit.ci_high_months),
        "fit_n": int(fit.n),
        "code_share_low_pct": float(share["value_low"]),
        "code_share_date": share["date"].strftime("%B %Y"),
        "code_share_before_words": str(before["qualitative"]),
        "opus46_hours": float(opus["minutes"]) / 60,
        "opus46_metr_minutes": float(metr_opus["p50_minutes"]),
        "opus46_metr_ci_low": float(metr_opus["p50_ci_low"]),
        "opus46_metr_ci_high": float(metr_opus["p50_ci_high"]),
        "metr_models": len(metr),
        "news_writeups": int((data.load("sources")["role"] == "secondary").sum()),
    }
