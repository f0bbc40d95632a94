"""Numbers glued into the scenarios chapter, and the settings its charts and panels share.

`numbers()` returns glue name -> value (plain floats, ints and short strings). The settings
are defined once here and used by `explainer.charts.scenarios` (the sliders' defaults and the
start points) and `explainer.widgets.scenarios` (the same defaults in JupyterLab):

- `start_points()`: where a projection can start. By default the latest model METR marks as
  state of the art in `metr_horizons`; or the essay's own "12-hour" figure from
  `task_horizons`, dated as the essay dates it ("a year after" March 2025).
- `DEFAULTS`: the sliders' starting values. The doubling time of 4 months is the one the
  essay's own figures imply for its last year (90 minutes to 12 hours in twelve months);
  the acceleration and the plateau's ceiling are assumptions (the essay gives neither).
- `HORIZON_DATE`: how far the projections run; later milestones read "not reached by".
- `BACKTEST_CUTOFFS` and `backtests()`: forecasts made in past months with METR's method
  (a least-squares line through every frontier model released before the cutoff).
- `AMDAHL_ILLUSTRATION`: the essay's 80% of merged code and its ~52x code-speed result, put
  into Amdahl's law as an illustration only (the essay does not say what share of the *work*
  is sped up, nor by how much).
"""

from __future__ import annotations

import pandas as pd

from explainer import data, trends
from explainer.numbers._format import month

HORIZON_DATE = pd.Timestamp("2036-01-01")
DEFAULTS = {
    "start": "metr",
    "doubling_months": 4.0,
    "acceleration": 0.10,  # each doubling 10% shorter than the one before: an assumption
    "ceiling_hours": 80.0,  # two work weeks: an assumption (the essay names no ceiling)
}
# The doubling-time slider's range, in months (the issue asks for at least 1 to 12).
FASTEST_DOUBLING_MONTHS = 1.0
SLOWEST_DOUBLING_MONTHS = 12.0
BACKTEST_CUTOFFS = ["2024-01-01", "2024-07-01", "2025-01-01", "2025-07-01"]
DEFAULT_BACKTEST_CUTOFF = "2025-01-01"
ESSAY_START_ID = "essay_claude_opus_4_6"


def start_points(
    metr: pd.DataFrame | None = None, task_horizons: pd.DataFrame | None = None
) -> dict[str, dict]:
    """The two start points a reader can choose: key -> model, minutes, date, label."""
    metr = metr if metr is not None else data.load("metr_horizons")
    task_horizons = task_horizons if task_horizons is not None else data.load("task_horizons")
    frontier = metr.loc[metr["frontier"].astype(bool)].sort_values("release_date", kind="stable")
    latest = frontier.iloc[-1]
    essay = task_horizons.set_index("observation_id").loc[ESSAY_START_ID]
    metr_minutes = float(latest["p50_minutes"])
    essay_minutes = float(essay["minutes"])
    return {
        "metr": {
            "model": str(latest["model"]),
            "minutes": metr_minutes,
            "date": pd.Timestamp(latest["release_date"]),
            "label": (
                f"{latest['model']} ({metr_minutes:.0f} min, {latest['release_date']:%b %Y})"
            ),
            "option": f"METR: {latest['model']}, {metr_minutes:.0f} min",
            "source_id": str(latest["source_id"]),
        },
        "essay": {
            "model": str(essay["model"]),
            "minutes": essay_minutes,
            "date": pd.Timestamp(essay["date"]),
            "label": f"the essay's {essay_minutes / 60:.0f} h (about {essay['date']:%b %Y})",
            "option": f"The essay: {essay_minutes / 60:.0f} h",
            "source_id": str(essay["source_id"]),
        },
    }


def backtests(metr: pd.DataFrame | None = None) -> dict[str, trends.Backtest]:
    """`trends.backtest` for each cutoff in `BACKTEST_CUTOFFS` (frontier models, all years)."""
    metr = metr if metr is not None else data.load("metr_horizons")
    return {cutoff: trends.backtest(metr, cutoff) for cutoff in BACKTEST_CUTOFFS}


def amdahl_illustration(metrics: pd.DataFrame | None = None) -> dict[str, float]:
    """The essay's 'more than 80%' of merged code (as p = 0.8) and its ~52x code-speed result
    (as s): an illustration of Amdahl's law, not a measurement of Anthropic's work."""
    m = (metrics if metrics is not None else data.load("internal_metrics")).set_index(
        "observation_id"
    )
    p = float(m.loc["merged_code_share_may_2026", "value_low"]) / 100
    s = float(m.loc["code_speedup_mythos_preview", "value"])
    return {"p": p, "s": s, "speedup": trends.amdahl_speedup(p, s)}


def _date_of(family: str, label: str, start: dict, **kw) -> pd.Timestamp:
    table = trends.milestones(
        family,
        start["date"],
        start["minutes"],
        DEFAULTS["doubling_months"],
        horizon_date=HORIZON_DATE,
        **kw,
    ).set_index("milestone")
    return table.loc[label, "date"]


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

    # Milestone dates under the default sliders.
    for key, label in (("week", "1 work week"), ("month", "1 work month"), ("year", "1 work year")):
        out[f"exp_{key}_date"] = month(_date_of(trends.EXPONENTIAL, label, start))
        out[f"acc_{key}_date"] = month(
            _date_of(trends.ACCELERATING, label, start, acceleration=DEFAULTS["acceleration"])
        )
    out["plateau_week_date"] = month(
        _date_of(
            trends.PLATEAU, "1 work week", start, ceiling_minutes=DEFAULTS["ceiling_hours"] * 60
        )
    )
    singular = trends.singularity_date(
        start["date"], DEFAULTS["doubling_months"], DEFAULTS["acceleration"]
    )
    out["acc_singularity_date"] = month(singular)
    # The slowest doubling time on the slider: when a work year arrives even then.
    out["slowest_doubling_months"] = SLOWEST_DOUBLING_MONTHS
    slow = trends.milestones(
        trends.EXPONENTIAL,
        start["date"],
        start["minutes"],
        SLOWEST_DOUBLING_MONTHS,
        horizon_date=HORIZON_DATE,
    ).set_index("milestone")
    out["exp_slow_year_date"] = month(slow.loc["1 work year", "date"])

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
