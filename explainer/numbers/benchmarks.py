"""Numbers glued into the benchmarks chapter, from METR's table, the essay's figures and the model.

`numbers()` returns glue name -> value (plain floats, ints and short strings: dates as the page
prints them, and the source's own words where it gives words). When the essay's two trends reach
a work week and a work month is glued as a range, never a point date: the median month and the
80% range over the book's draws (`explainer.settings.essay_trend_ranges`).
`disagreements_table()` lists where the essay, the write-ups and METR's table part on the
time-horizon figures.

Fits use `explainer.trends.fit_doubling_time` over windows of whole years, as the chapter's
chart does (`explainer.settings.window_fit`): the whole table, the years before the
essay's first figure (2024), and the years from it on. Implied doubling times use
`explainer.trends.implied_doubling_days` between consecutive figures, at the start of the
period each source's words denote (the essay's) or at METR's release dates (METR's).
"""

from __future__ import annotations

import itertools

import pandas as pd

from explainer import data, trends
from explainer.numbers._format import day, month, num
from explainer.settings import (
    ESSAY_FIGURE_IDS,
    ESSAY_LOWER_BOUND_ID,
    default_spreads,
    essay_doubling_months,
    essay_trend_ranges,
    fit_windows,
    trend_anchor,
    window_fit,
)

# Glue-name stems of the essay's three figures, in the essay's order.
FIGURE_NAMES = ["opus3", "sonnet37", "opus46"]
# Which milestones the page projects the essay's trends to, and their glue stems.
PROJECTED_MILESTONES = {"1 work week": "week", "1 work month": "month"}

# Short names of the sources, for the disagreements table.
SOURCE_SHORT = {
    "essay_when_ai_builds_itself": "the essay",
    "news_ai_creates_ai": "'AI creates AI' write-up",
    "news_sherwood_ponders": "Sherwood News",
    "news_internal_metrics": "BestHub summary",
    "metr_time_horizon_1_1": "METR's table",
}


def split_year(horizons: pd.DataFrame | None = None) -> int:
    """The year of the essay's first figure (Claude Opus 3, March 2024): the page compares the
    trend before it with the trend from it on."""
    horizons = horizons if horizons is not None else data.load("task_horizons")
    return int(horizons.set_index("observation_id").loc[ESSAY_FIGURE_IDS[0], "date"].year)


def essay_window_fit(
    metr: pd.DataFrame | None = None, horizons: pd.DataFrame | None = None
) -> trends.DoublingFit:
    """The fit over the window the essay's "roughly every four months" most plausibly refers to:
    the span of its own three figures, from the start of the month of its first (Claude Opus 3,
    March 2024) to the end of the period its last denotes (Claude Opus 4.6, about March 2026),
    over every METR model released in it. Every model, not only METR's frontier: the essay's own
    first point, Claude 3 Opus, is one METR does not mark state of the art."""
    metr = metr if metr is not None else data.load("metr_horizons")
    horizons = horizons if horizons is not None else data.load("task_horizons")
    rows = horizons.set_index("observation_id")
    first, last = rows.loc[ESSAY_FIGURE_IDS[0]], rows.loc[ESSAY_FIGURE_IDS[-1]]
    return trends.fit_doubling_time(
        metr, since=first["date"], until=last["date_end"], frontier_only=False
    )


def disagreement_ids(disagreements: pd.DataFrame | None = None) -> list[str]:
    """The recorded disagreements this chapter shows: every one with a side in the task
    horizons, the essay's trend claims or METR's table."""
    frame = disagreements if disagreements is not None else data.disagreements()
    mine = {"task_horizons", "horizon_trends", "metr_horizons"}
    keep = frame["left_resource"].isin(mine) | frame["right_resource"].isin(mine)
    return list(frame.loc[keep, "disagreement_id"])


def _fit_numbers(out: dict, stem: str, fit: trends.DoublingFit) -> None:
    out[f"{stem}_months"] = float(fit.months)
    out[f"{stem}_ci_low"] = float(fit.ci_low_months)
    out[f"{stem}_ci_high"] = float(fit.ci_high_months)
    out[f"{stem}_n"] = int(fit.n)


def numbers(
    metr: pd.DataFrame | None = None,
    horizons: pd.DataFrame | None = None,
    horizon_trends: pd.DataFrame | None = None,
    benchmarks: pd.DataFrame | None = None,
) -> dict[str, float | int | str]:
    """Every number and date the benchmarks page glues, by glue name."""
    metr = metr if metr is not None else data.load("metr_horizons")
    horizons = horizons if horizons is not None else data.load("task_horizons")
    horizon_trends = horizon_trends if horizon_trends is not None else data.load("horizon_trends")
    benchmarks = benchmarks if benchmarks is not None else data.load("benchmarks")
    out: dict[str, float | int | str] = {}

    # METR's table.
    out["metr_models"] = len(metr)
    out["metr_frontier_models"] = int(metr["frontier"].sum())
    out["metr_first_year"] = int(metr["release_date"].min().year)
    out["metr_last_month"] = month(metr["release_date"].max())

    # Fits over whole years: the whole table; before and from the essay's first figure's year.
    starts, ends = fit_windows(metr)
    first, last, split = starts[0], ends[-1], split_year(horizons)
    out["split_year"] = split
    out["last_before_split"] = split - 1
    _fit_numbers(out, "fit_all", window_fit(metr, first, last, True))
    _fit_numbers(out, "fit_all_models", window_fit(metr, first, last, False))
    _fit_numbers(out, "fit_before", window_fit(metr, first, split - 1, True))
    _fit_numbers(out, "fit_since", window_fit(metr, split, last, True))
    # The chart's starting window fitted to METR's 80% horizons (the chart's switch).
    _fit_numbers(out, "fit_all_p80", window_fit(metr, first, last, True, rate=80))
    essay_window = essay_window_fit(metr, horizons)
    _fit_numbers(out, "fit_essay_window", essay_window)
    out["fit_essay_window_from"] = month(essay_window.first_date)
    out["fit_essay_window_to"] = month(essay_window.last_date)

    # The essay's three figures, and METR's measurements of the same models.
    rows = horizons.set_index("observation_id")
    metr_rows = metr.set_index("model_id")
    essay_points = []
    for stem, observation in zip(FIGURE_NAMES, ESSAY_FIGURE_IDS, strict=True):
        row = rows.loc[observation]
        out[f"essay_{stem}_minutes"] = num(row["minutes"])
        out[f"essay_{stem}_hours"] = num(row["minutes"] / trends.MINUTES_PER_HOUR)
        out[f"essay_{stem}_date"] = month(row["date"])
        out[f"essay_{stem}_as_stated"] = str(row["value_as_stated"])
        model = metr_rows.loc[row["metr_model_id"]]
        out[f"metr_{stem}_minutes"] = float(model["p50_minutes"])
        out[f"metr_{stem}_ci_low"] = float(model["p50_ci_low"])
        out[f"metr_{stem}_ci_high"] = float(model["p50_ci_high"])
        out[f"metr_{stem}_date"] = day(model["release_date"])
        essay_points.append(
            (row["date"], row["minutes"], model["release_date"], model["p50_minutes"])
        )
    # The write-up that dates the later two figures a month earlier than the essay.
    out["news_sonnet37_date"] = month(rows.loc["news_ai_creates_ai_90_minutes", "date"])
    out["news_opus46_date"] = month(rows.loc["news_ai_creates_ai_720_minutes", "date"])

    # Doubling times implied by consecutive figures: the essay's, then METR's.
    for i, pair in enumerate(itertools.pairwise(essay_points), start=1):
        (ea_date, ea_min, ma_date, ma_min), (eb_date, eb_min, mb_date, mb_min) = pair
        days = trends.implied_doubling_days(ea_date, ea_min, eb_date, eb_min)
        out[f"essay_pair{i}_months"] = days / trends.DAYS_PER_MONTH
        days = trends.implied_doubling_days(ma_date, ma_min, mb_date, mb_min)
        out[f"metr_pair{i}_months"] = days / trends.DAYS_PER_MONTH

    # Mythos Preview: a lower bound at the edge of what METR can measure.
    mythos = rows.loc[ESSAY_LOWER_BOUND_ID]
    out["mythos_hours_low"] = num(mythos["minutes_low"] / trends.MINUTES_PER_HOUR)

    # The essay's two doubling times, carried on from its 12-hour figure.
    doubling = essay_doubling_months(horizon_trends)
    out["essay_doubling_recent"] = num(doubling["recent"])
    out["essay_doubling_earlier"] = num(doubling["earlier"])
    anchor_date, _ = trend_anchor(horizons)
    out["anchor_date"] = month(anchor_date)
    # When they reach a work week and a work month: ranges (median month and 80% range) with
    # the book's default spreads, as the landing page and the scenarios page give them; never
    # a point date.
    spreads = default_spreads(metr)
    out["range_doubling_spread"] = spreads.doubling_spread
    out["range_start_spread"] = spreads.start_spread
    ranges = essay_trend_ranges(horizons, horizon_trends, metr).set_index(["key", "milestone"])
    for label, stem in PROJECTED_MILESTONES.items():
        out[f"{stem}_hours"] = num(trends.MILESTONES[label] / trends.MINUTES_PER_HOUR)
        for key in doubling:
            out[f"{stem}_range_{key}"] = str(ranges.loc[(key, label), "text"])
        medians = {key: ranges.loc[(key, label), "median_months"] for key in doubling}
        out[f"{stem}_gap_months"] = float(medians["earlier"] - medians["recent"])
    out["weeks_year"] = int(
        horizon_trends.set_index("observation_id").loc["projection_weeks", "date"].year
    )

    # What a horizon is: the 80% horizon beside the 50% one, and tasks of known human length.
    out.update(horizon_examples(metr))

    # SWE-bench and CORE-Bench, as the essay states them.
    bench = benchmarks.set_index("observation_id")
    out["swe_start_words"] = str(bench.loc["swe_bench_start", "qualitative"])
    out["swe_start_high"] = num(bench.loc["swe_bench_start", "value_high"])
    out["swe_years"] = num(bench.loc["swe_bench_time_to_saturation", "value"])
    out["saturated_pct"] = num(bench.loc["swe_bench_end", "value_high"])
    out["core_start_pct"] = num(bench.loc["core_bench_2024", "value"])
    out["core_start_year"] = int(bench.loc["core_bench_2024", "date"].year)
    out["core_months"] = num(bench.loc["core_bench_time_to_saturation", "value"])
    return out


def horizon_examples(
    metr: pd.DataFrame | None = None, metrics: pd.DataFrame | None = None
) -> dict[str, float | int | str]:
    """Numbers that explain the horizon: the latest frontier model's 50% and 80% horizons,
    and the essay's examples of work with a stated human duration (a work day's speed-up
    task, a few days' debugging, a week of research), with how long Claude took where the
    essay says, to tell human task time from the model's own running time."""
    metr = metr if metr is not None else data.load("metr_horizons")
    metrics = (metrics if metrics is not None else data.load("internal_metrics")).set_index(
        "observation_id"
    )
    frontier = metr.loc[metr["frontier"].astype(bool)].sort_values("release_date", kind="stable")
    latest = frontier.iloc[-1]
    out: dict[str, float | int | str] = {
        "latest_model": str(latest["model"]),
        "latest_release_month": month(latest["release_date"]),
        "latest_p50_hours": float(latest["p50_minutes"]) / trends.MINUTES_PER_HOUR,
        "latest_p80_minutes": float(latest["p80_minutes"]),
        "latest_p50_over_p80": float(latest["p50_minutes"] / latest["p80_minutes"]),
    }
    speedup = metrics.loc["code_speedup_human_hours_to_4x"]
    out["example_speedup_hours_low"] = num(speedup["value_low"])
    out["example_speedup_hours_high"] = num(speedup["value_high"])
    crash = metrics.loc["training_crash_human_time"]
    out["example_crash_days_low"] = num(crash["value_low"])
    out["example_crash_days_high"] = num(crash["value_high"])
    out["example_crash_claude_hours"] = num(metrics.loc["training_crash_claude_time", "value"])
    out["example_w2s_people"] = num(metrics.loc["w2s_human_researchers", "value"])
    out["example_w2s_weeks"] = num(metrics.loc["w2s_human_time", "value"])
    out["example_w2s_agent_hours"] = num(metrics.loc["w2s_agents_hours", "value"])
    out["example_api_years"] = num(metrics.loc["api_fixes_human_estimate", "value"])
    out["example_api_fixes"] = num(metrics.loc["api_fixes_count", "value_low"])
    return out
