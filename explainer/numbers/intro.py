"""Numbers glued into the landing page: the short answer, the three to remember, from the data
and the model.

The short answer uses the book's one set of defaults, so its ranges are the ones the scenarios
chapter shows with its sliders untouched (a median month and an 80% range, never a point date):

- the start point: `explainer.numbers.scenarios.start_points` at ``DEFAULTS["start"]`` (the
  latest frontier model in METR's table);
- the headline fit window: frontier models released from `RECENT_FIT_SINCE` on (the benchmarks
  chapter's "from 2024 on" fit);
- the doubling times the dates assume: the scenarios chapter's default (the essay's "roughly
  every four months") and the essay's earlier trend (seven months), as two named assumptions.
"""

from __future__ import annotations

from explainer import data, trends
from explainer.numbers._format import month
from explainer.numbers.benchmarks import essay_window_fit
from explainer.settings import (
    DEFAULTS,
    backtests,
    default_spreads,
    ranges_in_words,
    start_points,
)

# The window of the headline fit: frontier models released from 2024 on. The book's choice (the
# year of the essay's first figure); the page says so, and shows beside it the window the essay's
# claim most plausibly refers to (`explainer.numbers.benchmarks.essay_window_fit`).
RECENT_FIT_SINCE = "2024-01-01"
# The backtest the short answer cites: a forecast made at the start of 2025 (the scenarios
# chapter's default cutoff).
ANSWER_BACKTEST_CUTOFF = "2025-01-01"
# The milestones the short answer dates, and their glue stems.
ANSWER_MILESTONES = {"1 work week": "week", "1 work month": "month", "1 work year": "year"}


def _row(frame, key: str, value: str):
    return frame.loc[frame[key] == value].iloc[0]


def _milestone_ranges(
    start: dict, doubling_months: float, spreads: trends.DefaultSpreads
) -> dict[str, str]:
    """Glue stem -> the range in words ('Jul 2026 (80%: Feb 2026 – Oct 2028)') of the month the
    exponential trend from ``start`` reaches each of `ANSWER_MILESTONES`: its median and 80%
    interval over the draws of the doubling time and the start level, with the scenarios
    chapter's default spreads (`explainer.settings.default_spreads`)."""
    table = ranges_in_words(
        trends.EXPONENTIAL,
        start["date"],
        start["minutes"],
        doubling_months,
        doubling_spread=spreads.doubling_spread,
        start_spread=spreads.start_spread,
        targets={label: trends.MILESTONES[label] for label in ANSWER_MILESTONES},
    ).set_index("milestone")
    return {stem: str(table.loc[label, "text"]) for label, stem in ANSWER_MILESTONES.items()}


def answer_numbers() -> dict[str, float | int | str]:
    """The short answer's numbers: when (milestone dates under two doubling times), whether it
    is accelerating (fits before and from 2024; the essay's three points), how sure (the 80%
    horizon, the measurement ceiling, the backtest)."""
    metr = data.load("metr_horizons")
    tasks = data.load("task_horizons").set_index("observation_id")
    horizon_trends = data.load("horizon_trends")
    out: dict[str, float | int | str] = {}

    start = start_points(metr, data.load("task_horizons"))[DEFAULTS["start"]]
    out["answer_start_model"] = start["model"]
    out["answer_start_minutes"] = start["minutes"]
    out["answer_start_hours"] = start["minutes"] / trends.MINUTES_PER_HOUR
    out["answer_start_month"] = month(start["date"])

    fast = float(DEFAULTS["doubling_months"])
    slow = float(_row(horizon_trends, "observation_id", "doubling_time_earlier")["value"])
    out["answer_fast_doubling"] = fast
    out["answer_slow_doubling"] = slow
    spreads = default_spreads(metr)
    out["answer_spread_factor"] = spreads.factor
    for stem, text in _milestone_ranges(start, fast, spreads).items():
        out[f"answer_{stem}_fast"] = text
    for stem, text in _milestone_ranges(start, slow, spreads).items():
        out[f"answer_{stem}_slow"] = text

    # Accelerating? METR's frontier fit before the split and from it on, and the doubling
    # times the essay's own three figures imply, a year apart each.
    split = int(RECENT_FIT_SINCE[:4])
    before = trends.fit_doubling_time(metr, until=f"{split - 1}-12-31")
    recent = trends.fit_doubling_time(metr, since=RECENT_FIT_SINCE)
    out["answer_split_year"] = split
    out["answer_fit_before_months"] = float(before.months)
    out["answer_fit_recent_months"] = float(recent.months)
    opus3, sonnet, opus46 = (
        float(tasks.loc[i, "minutes"])
        for i in ("essay_claude_opus_3", "essay_claude_sonnet_3_7", "essay_claude_opus_4_6")
    )
    out["answer_essay_first_year_months"] = trends.implied_doubling_time(opus3, sonnet, 12)
    out["answer_essay_second_year_months"] = trends.implied_doubling_time(sonnet, opus46, 12)

    # How sure? The start model's 80% horizon against its 50% one; the ceiling of METR's
    # tasks (the essay's "at least 16 hours" for Mythos Preview, at the top of what METR can
    # measure); the backtest's average miss.
    start_row = metr.loc[metr["model"] == start["model"]].iloc[0]
    out["answer_start_p80_minutes"] = float(start_row["p80_minutes"])
    out["answer_p50_over_p80"] = float(start_row["p50_minutes"] / start_row["p80_minutes"])
    mythos = tasks.loc["essay_claude_mythos_preview"]
    out["answer_ceiling_hours"] = float(mythos["minutes_low"]) / trends.MINUTES_PER_HOUR
    bt = backtests(metr)[ANSWER_BACKTEST_CUTOFF]
    out["answer_backtest_month"] = month(bt.cutoff)
    out["answer_backtest_n"] = int(bt.n_test)
    out["answer_backtest_above"] = int((bt.predictions["log2_error"] > 0).sum())
    out["answer_backtest_factor"] = float(2.0**bt.mean_log2_error)
    return out


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
        **answer_numbers(),
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
