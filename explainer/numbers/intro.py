"""Numbers glued into the landing page: the three to remember, from the data and the model."""

from __future__ import annotations

from explainer import data, trends
from explainer.numbers.benchmarks import essay_window_fit

# The window of the headline fit: frontier models released from 2024 on. The book's choice (the
# year of the essay's first figure); the page says so, and shows beside it the window the essay's
# claim most plausibly refers to (`explainer.numbers.benchmarks.essay_window_fit`).
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
    essay_window = essay_window_fit()
    package = data.package_info()
    return {
        "essay_doubling_months": float(trend["value"]),
        "essay_doubling_qualifier": str(trend["qualifier"]).capitalize(),
        "essay_earlier_doubling_months": float(earlier["value"]),
        "fit_since_year": RECENT_FIT_SINCE[:4],
        "fit_doubling_months": float(fit.months),
        "fit_ci_low_months": float(fit.ci_low_months),
        "fit_ci_high_months": float(fit.ci_high_months),
        "fit_n": int(fit.n),
        "essay_window_months": float(essay_window.months),
        "essay_window_ci_low_months": float(essay_window.ci_low_months),
        "essay_window_ci_high_months": float(essay_window.ci_high_months),
        "essay_window_n": int(essay_window.n),
        "essay_window_from": essay_window.first_date.strftime("%B %Y"),
        "essay_window_to": essay_window.last_date.strftime("%B %Y"),
        "code_share_low_pct": float(share["value_low"]),
        "code_share_date": share["date"].strftime("%B %Y"),
        "code_share_before_words": str(before["qualitative"]),
        "opus46_hours": float(opus["minutes"]) / 60,
        "opus46_metr_minutes": float(metr_opus["p50_minutes"]),
        "opus46_metr_ci_low": float(metr_opus["p50_ci_low"]),
        "opus46_metr_ci_high": float(metr_opus["p50_ci_high"]),
        "metr_models": len(metr),
        "news_writeups": int((data.load("sources")["role"] == "secondary").sum()),
        "data_version": package["version"],
        "data_as_of": f"{package['created'].day} {package['created']:%B %Y}",
    }
