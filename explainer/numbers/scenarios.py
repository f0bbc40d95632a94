"""Numbers glued into the scenarios chapter, and the disagreements its table lists.

`numbers()` returns glue name -> value (plain floats, ints and short strings), computed with
the defaults, start points, backtests and Amdahl illustration that the page's charts and
panels share (`explainer.settings`).
"""

from __future__ import annotations

import pandas as pd

from explainer import data, trends
from explainer.numbers._format import month
from explainer.settings import (
    BACKTEST_CUTOFFS,
    DEFAULT_BACKTEST_CUTOFF,
    DEFAULTS,
    ESSAY_START_ID,
    HORIZON_DATE,
    SLOWEST_DOUBLING_MONTHS,
    amdahl_illustration,
    backtests,
    ranges_in_words,
    start_points,
)
from explainer.settings import (
    default_spreads as settings_default_spreads,
)


def numbers() -> dict[str, float | int | str]:
    """Every number and date the scenarios page glues, by glue name."""
    metr = data.load("metr_horizons")
    tasks = data.load("task_horizons").set_index("observation_id")
    starts = start_points(metr)
    start = starts[DEFAULTS["start"]]
    out: dict[str, float | int | str] = {}

    # The start point and the defaults.
    out["start_model"] = start["model"]
    out["start_minutes"] = start["minutes"]
    out["start_hours"] = start["minutes"] / 60
    out["start_month"] = month(start["date"])
    out["essay_start_hours"] = starts["essay"]["minutes"] / 60
    out["essay_start_month"] = month(starts["essay"]["date"])
    out["default_doubling_months"] = DEFAULTS["doubling_months"]
    out["default_acceleration_pct"] = DEFAULTS["acceleration"] * 100
    out["default_ceiling_hours"] = DEFAULTS["ceiling_hours"]
    out["horizon_year"] = int(HORIZON_DATE.year)

    # What the essay's own three figures imply: a doubling time per year.
    opus3, sonnet, opus46 = (
        float(tasks.loc[i, "minutes"])
        for i in ("essay_claude_opus_3", "essay_claude_sonnet_3_7", ESSAY_START_ID)
    )
    out["essay_opus3_minutes"] = opus3
    out["essay_sonnet_minutes"] = sonnet
    out["essay_doubling_first_year"] = trends.implied_doubling_time(opus3, sonnet, 12)
    out["essay_doubling_second_year"] = trends.implied_doubling_time(sonnet, opus46, 12)

    # Milestone ranges (never point dates) are in `range_numbers`.
    singular = trends.singularity_date(
        start["date"], DEFAULTS["doubling_months"], DEFAULTS["acceleration"]
    )
    out["acc_singularity_date"] = month(singular)
    # The slowest doubling time on the slider (when a work year arrives even then: a range,
    # in `range_numbers`).
    out["slowest_doubling_months"] = SLOWEST_DOUBLING_MONTHS

    # The backtest.
    bt = backtests(metr)[DEFAULT_BACKTEST_CUTOFF]
    out["backtest_cutoff_month"] = month(bt.cutoff)
    out["backtest_fit_n"] = int(bt.fit.n)
    out["backtest_first_year"] = int(bt.fit.first_date.year)
    out["backtest_fit_months"] = float(bt.fit.months)
    out["backtest_n_test"] = int(bt.n_test)
    out["backtest_factor"] = float(2.0**bt.mean_log2_error)
    out["backtest_mean_doublings"] = float(bt.mean_log2_error)
    out["backtest_all_above"] = int((bt.predictions["log2_error"] > 0).sum())

    # Amdahl's law, with the essay's figures as an illustration.
    ill = amdahl_illustration()
    out["amdahl_p_pct"] = ill["p"] * 100
    out["amdahl_s"] = ill["s"]
    out["amdahl_speedup"] = float(ill["speedup"])
    out["amdahl_limit"] = float(trends.amdahl_limit(1 - ill["p"]))
    out["amdahl_review_before_pct"] = (1 - ill["p"]) * 100
    out["amdahl_review_after_pct"] = float(trends.review_share_of_time(ill["p"], ill["s"])) * 100
    # The essay's own split of the human part: a single-digit fraction is direction-setting.
    direction = (
        data.load("internal_metrics").set_index("observation_id").loc["direction_setting_share"]
    )
    out["direction_setting_words"] = str(direction["qualitative"])
    out["direction_setting_high"] = float(direction["value_high"])

    # The scenarios and the pause.
    out["n_scenarios"] = len(data.load("scenarios"))
    out["n_pause_conditions"] = len(data.load("pause_conditions"))
    out.update(range_numbers())  # the ranges, calibration and "when will we know"
    return out


# --- Tables the page shows ---------------------------------------------------------------------
# Relevant disagreements: the start point (the essay's 12 hours against METR's table) and the
# two figures the Amdahl illustration borrows (the share of code, the 52x speedup).
DISAGREEMENT_IDS = [
    "essay_points_no_acceleration",
    "opus_4_6_horizon_date",
    "merged_code_share_more_than_vs_about",
    "code_speedup_average_vs_up_to",
    "code_speedup_average_sherwood",
    "company_scale_thousands_vs_ten_thousands",
    "pause_global_call_vs_conditional",
]


# --- Ranges: milestone ranges, calibration, when we will know ----------------------------------
FAMILY_KEYS = {"exp": trends.EXPONENTIAL, "acc": trends.ACCELERATING, "plateau": trends.PLATEAU}
MILESTONE_KEYS = {
    "day": "1 work day",
    "week": "1 work week",
    "month": "1 work month",
    "year": "1 work year",
}


def default_spreads(metr: pd.DataFrame | None = None) -> trends.DefaultSpreads:
    """The spreads the page starts from: the data's, widened by the backtest's rule, on the
    sliders' step (`explainer.settings.default_spreads`)."""
    return settings_default_spreads(metr)


def default_ranges(metr: pd.DataFrame | None = None, spreads=None) -> pd.DataFrame:
    """`trends.milestone_ranges` for every family at the default settings and spreads, with a
    ``family`` column and the ``text`` the prose shows (see `range_text`)."""
    metr = metr if metr is not None else data.load("metr_horizons")
    spreads = spreads if spreads is not None else default_spreads(metr)
    start = start_points(metr)[DEFAULTS["start"]]
    frames = []
    for family in trends.FAMILIES:
        frame = ranges_in_words(
            family,
            start["date"],
            start["minutes"],
            DEFAULTS["doubling_months"],
            DEFAULTS["acceleration"],
            DEFAULTS["ceiling_hours"] * 60,
            spreads.doubling_spread,
            spreads.start_spread,
        )
        frame.insert(0, "family", family)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def range_numbers() -> dict[str, float | int | str]:
    """The glue values of the ranges: the default spreads and where they come from, every
    family's milestone ranges, the calibration on the backtest and "when will we know"."""
    metr = data.load("metr_horizons")
    spreads = default_spreads(metr)
    est = spreads.estimate
    out: dict[str, float | int | str] = {
        "range_draws": trends.UNCERTAINTY_DRAWS,
        "start_ci_low_minutes": est.start_ci[0],
        "start_ci_high_minutes": est.start_ci[1],
        "start_ci_doublings": est.start_ci_doublings,
        "data_start_spread": est.start_spread,
        "data_doubling_spread": est.doubling_spread,
        "spread_factor": spreads.factor,
        "default_start_spread": spreads.start_spread,
        "default_doubling_spread": spreads.doubling_spread,
    }
    out["doubling_range_low_months"], out["doubling_range_high_months"] = trends.doubling_interval(
        DEFAULTS["doubling_months"], spreads.doubling_spread
    )
    start = start_points(metr)[DEFAULTS["start"]]
    ranges = default_ranges(metr, spreads).set_index(["family", "milestone"])
    for fkey, family in FAMILY_KEYS.items():
        for mkey, label in MILESTONE_KEYS.items():
            out[f"{fkey}_{mkey}_range"] = str(ranges.loc[(family, label), "text"])

    # Even at the slowest doubling time the slider allows: the work year's range.
    slow = ranges_in_words(
        trends.EXPONENTIAL,
        start["date"],
        start["minutes"],
        SLOWEST_DOUBLING_MONTHS,
        doubling_spread=spreads.doubling_spread,
        start_spread=spreads.start_spread,
        targets={"1 work year": trends.MILESTONES["1 work year"]},
    )
    out["exp_slow_year_range"] = str(slow["text"].iloc[0])

    raw, widened = spreads.raw, spreads.widened
    outside = raw.predictions.loc[~raw.predictions["inside"]]
    out["calibration_n_cutoffs"] = len(BACKTEST_CUTOFFS)
    out["calibration_first_cutoff"] = month(pd.Timestamp(BACKTEST_CUTOFFS[0]))
    out["calibration_last_cutoff"] = month(pd.Timestamp(BACKTEST_CUTOFFS[-1]))
    out["calibration_n"] = raw.n
    out["calibration_raw_inside"] = int(raw.predictions["inside"].sum())
    out["calibration_raw_pct"] = raw.share_inside * 100
    out["calibration_raw_outside"] = len(outside)
    out["calibration_raw_above"] = int((outside["miss_doublings"] > 0).sum())
    above, missed = out["calibration_raw_above"], len(outside)
    out["calibration_raw_misses_above"] = (
        f"all {missed} misses were" if above == missed else f"{above} of the {missed} misses were"
    )
    out["calibration_raw_median_miss"] = float(outside["miss_doublings"].abs().median())
    out["calibration_widened_inside"] = int(widened.predictions["inside"].sum())
    out["calibration_widened_pct"] = widened.share_inside * 100

    separation = trends.first_separation(
        start["date"],
        start["minutes"],
        DEFAULTS["doubling_months"],
        DEFAULTS["ceiling_hours"] * 60,
        HORIZON_DATE,
        spreads.doubling_spread,
        spreads.start_spread,
    )
    out["know_month"] = month(separation.date) if separation else f"after {HORIZON_DATE.year}"
    if separation:
        out["know_exp_low_hours"] = separation.exponential_low_minutes / 60
        out["know_plateau_high_hours"] = separation.plateau_high_minutes / 60
    return out
