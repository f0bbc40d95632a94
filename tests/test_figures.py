"""The figure checklist: every figure the issue lists from the essay, its write-ups and METR's table
is in the data, with the right value, unit, date and source.

Each case names a row by its key and states what the source says; the words-only figures are
checked as ranges or words, never as points.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from explainer import data

ESSAY = "essay_when_ai_builds_itself"
NEWS_AI_CREATES_AI = "news_ai_creates_ai"
NEWS_SHERWOOD = "news_sherwood_ponders"
NEWS_INTERNAL_METRICS = "news_internal_metrics"
METR = "metr_time_horizon_1_1"


def row(resource: str, key: str) -> pd.Series:
    frame = data.load(resource)
    primary_key = data.schema(resource)["primaryKey"][0]
    matches = frame[frame[primary_key] == key]
    assert len(matches) == 1, f"{resource} has no row {key!r}"
    return matches.iloc[0]


def same(got, expected) -> bool:
    if expected is None:
        return (
            got is None
            or got is pd.NA
            or got is pd.NaT
            or (isinstance(got, float) and math.isnan(got))
        )
    if isinstance(expected, float | int) and not isinstance(expected, bool):
        return got == pytest.approx(expected)
    return got == expected


# (resource, key, expected columns). "date" is the period start; None means "not stated".
FIGURES = [
    # ---- timeline
    (
        "timeline",
        "anthropic_founded",
        dict(date="2021-01-01", date_precision="year", source_id=NEWS_AI_CREATES_AI),
    ),
    ("timeline", "claude_public_release", dict(date="2023-01-01", date_precision="year")),
    (
        "timeline",
        "claude_code_research_preview",
        dict(date="2025-02-01", date_precision="month", source_id=ESSAY),
    ),
    (
        "timeline",
        "claude_opus_4",
        dict(date="2025-05-01", date_precision="month", subject="Claude Opus 4"),
    ),
    (
        "timeline",
        "claude_opus_4_5",
        dict(date="2025-11-01", date_precision="month", subject="Claude Opus 4.5"),
    ),
    (
        "timeline",
        "claude_opus_4_6",
        dict(date="2026-02-01", date_precision="month", subject="Claude Opus 4.6"),
    ),
    # The essay's own date: in use at Anthropic in March 2026 (a poll of staff using it).
    (
        "timeline",
        "claude_mythos_preview",
        dict(date="2026-03-01", date_precision="month", source_id=ESSAY),
    ),
    # One write-up's "released in April 2026", kept as its own row and recorded as disputed.
    (
        "timeline",
        "claude_mythos_preview_writeup_release",
        dict(date="2026-04-01", date_precision="month", source_id="news_ai_creates_ai"),
    ),
    (
        "timeline",
        "essay_published",
        dict(date="2026-06-01", date_precision="approximate", kind="publication"),
    ),
    # ---- eras
    (
        "eras",
        "building_first_claude",
        dict(title="Building the first Claude", start_year=2021, end_year=2023),
    ),
    ("eras", "chatbots", dict(title="Chatbots", start_year=2023, end_year=2025)),
    ("eras", "coding_agents", dict(title="Coding agents", start_year=2025, end_year=2026)),
    (
        "eras",
        "autonomous_agents",
        dict(title="Autonomous agents", period_label="Today", start_year=2026),
    ),
    (
        "eras",
        "closing_the_loop",
        dict(
            title="Closing the loop",
            period_label="20XX?",
            start_year=None,
            date_precision="unknown",
        ),
    ),
    # ---- task length
    (
        "task_horizons",
        "essay_claude_opus_3",
        dict(
            model="Claude Opus 3",
            minutes=4,
            date="2024-03-01",
            date_precision="month",
            source_id=ESSAY,
        ),
    ),
    (
        "task_horizons",
        "essay_claude_sonnet_3_7",
        dict(model="Claude Sonnet 3.7", minutes=90, date_precision="approximate", source_id=ESSAY),
    ),
    (
        "task_horizons",
        "essay_claude_opus_4_6",
        dict(model="Claude Opus 4.6", minutes=720, date_precision="approximate", source_id=ESSAY),
    ),
    (
        "task_horizons",
        "news_ai_creates_ai_90_minutes",
        dict(minutes=90, date="2025-02-01", date_precision="month", qualifier="approximately"),
    ),
    (
        "task_horizons",
        "news_ai_creates_ai_720_minutes",
        dict(minutes=720, date="2026-02-01", date_precision="month"),
    ),
    (
        "task_horizons",
        "essay_claude_mythos_preview",
        # Undated in the essay: no date, rather than one borrowed from another result.
        dict(minutes=None, minutes_low=960, qualifier="at least", source_id=ESSAY, date=None),
    ),
    (
        "task_horizons",
        "news_internal_metrics_mythos_16_hours",
        dict(minutes_low=960, source_id=NEWS_INTERNAL_METRICS),
    ),
    ("horizon_trends", "doubling_time_recent", dict(value=4, unit="months", qualifier="roughly")),
    ("horizon_trends", "doubling_time_earlier", dict(value=7, unit="months")),
    (
        "horizon_trends",
        "projection_days",
        dict(value=None, qualitative="days", unit="days", date="2026-01-01"),
    ),
    (
        "horizon_trends",
        "projection_weeks",
        dict(value=None, qualitative="weeks", unit="weeks", date="2027-01-01"),
    ),
    # ---- benchmarks
    (
        "benchmarks",
        "swe_bench_start",
        dict(
            value=None, value_low=0, value_high=10, unit="percent", qualitative="low single digits"
        ),
    ),
    ("benchmarks", "swe_bench_end", dict(value=None, qualitative="saturated", unit="percent")),
    ("benchmarks", "swe_bench_time_to_saturation", dict(value=2, unit="years")),
    (
        "benchmarks",
        "core_bench_2024",
        dict(
            value=20, unit="percent", qualifier="roughly", date="2024-01-01", date_precision="year"
        ),
    ),
    ("benchmarks", "core_bench_saturated", dict(qualitative="saturated", value=None)),
    ("benchmarks", "core_bench_time_to_saturation", dict(value=15, unit="months")),
    # ---- internal metrics
    (
        "internal_metrics",
        "merged_code_share_before_claude_code",
        dict(value=None, value_high=10, unit="percent", qualitative="low single digits"),
    ),
    (
        "internal_metrics",
        "merged_code_share_may_2026",
        dict(value=None, value_low=80, qualifier="more than", unit="percent", date="2026-05-01"),
    ),
    (
        "internal_metrics",
        "loc_per_engineer_2021_2024",
        dict(qualitative="constant", date="2021-01-01"),
    ),
    (
        "internal_metrics",
        "loc_per_engineer_2025",
        dict(qualitative="began to climb", date="2025-01-01"),
    ),
    (
        "internal_metrics",
        "loc_per_engineer_2026",
        dict(qualitative="slope steepened", date="2026-01-01"),
    ),
    (
        "internal_metrics",
        "loc_per_engineer_q2_2026",
        dict(
            value=8,
            unit="multiplier",
            baseline="2024 level",
            date="2026-04-01",
            date_precision="quarter",
        ),
    ),
    (
        "internal_metrics",
        "code_per_engineer_per_quarter_opening",
        dict(value=8, unit="multiplier", baseline="2021-2025"),
    ),
    (
        "internal_metrics",
        "uplift_poll_respondents",
        dict(value=130, unit="count", date="2026-03-01"),
    ),
    (
        "internal_metrics",
        "uplift_poll_median",
        dict(value=4, unit="multiplier", subject="Claude Mythos Preview"),
    ),
    (
        "internal_metrics",
        "session_success_open_ended_may_2026",
        dict(value=76, unit="percent", date="2026-05-01"),
    ),
    (
        "internal_metrics",
        "session_success_open_ended_6_month_gain",
        dict(value=50, unit="percentage_points"),
    ),
    (
        "internal_metrics",
        "news_ai_creates_ai_session_success_routine",
        dict(value=None, value_low=85, value_high=90, qualitative="high 80s"),
    ),
    (
        "internal_metrics",
        "automated_review_bugs_caught",
        dict(value=33.3333, unit="percent", qualitative="roughly a third"),
    ),
    (
        "internal_metrics",
        "api_fixes_count",
        dict(value_low=800, qualifier="over", unit="count", date="2026-04-01"),
    ),
    ("internal_metrics", "api_fixes_error_reduction", dict(value=1000, unit="multiplier")),
    ("internal_metrics", "api_fixes_human_estimate", dict(value=4, unit="years")),
    (
        "internal_metrics",
        "training_crash_jobs",
        dict(value=None, qualitative="tens of thousands", unit="count"),
    ),
    (
        "internal_metrics",
        "training_crash_claude_time",
        dict(value=2, unit="hours", qualifier="about"),
    ),
    ("internal_metrics", "training_crash_human_time", dict(value_low=2, value_high=3, unit="days")),
    (
        "internal_metrics",
        "code_speedup_opus_4",
        dict(value=3, unit="multiplier", subject="Claude Opus 4", date="2025-05-01"),
    ),
    (
        "internal_metrics",
        "code_speedup_mythos_preview",
        dict(value=52, unit="multiplier", date="2026-04-01"),
    ),
    (
        "internal_metrics",
        "code_speedup_human_hours_to_4x",
        dict(value_low=4, value_high=8, unit="hours"),
    ),
    ("internal_metrics", "w2s_human_researchers", dict(value=2, unit="count")),
    ("internal_metrics", "w2s_human_time", dict(value=1, unit="weeks", qualifier="about")),
    ("internal_metrics", "w2s_human_gap_recovered", dict(value=23, unit="percent")),
    ("internal_metrics", "w2s_agents_gap_recovered", dict(value=97, unit="percent")),
    ("internal_metrics", "w2s_agents_hours", dict(value=800, unit="hours")),
    ("internal_metrics", "w2s_agents_compute_cost", dict(value=18000, unit="usd")),
    ("internal_metrics", "next_step_moments", dict(value=129, unit="count")),
    (
        "internal_metrics",
        "next_step_opus_4_5",
        dict(value=51, unit="percent", subject="Claude Opus 4.5", date="2025-11-01"),
    ),
    (
        "internal_metrics",
        "next_step_mythos_preview",
        dict(value=64, unit="percent", date="2026-04-01"),
    ),
    ("internal_metrics", "code_quality_late_2025", dict(qualitative="worse", unit="qualitative")),
    ("internal_metrics", "code_quality_mid_2026", dict(qualitative="parity", unit="qualitative")),
    (
        "internal_metrics",
        "code_quality_expected",
        dict(qualitative="better (expected)", unit="qualitative"),
    ),
    (
        "internal_metrics",
        "glasswing_vulnerabilities",
        dict(value=None, value_low=10000, qualifier="more than", unit="count"),
    ),
    (
        "internal_metrics",
        "company_scale_today",
        dict(value=1000, unit="count", baseline="100-person company"),
    ),
    (
        "internal_metrics",
        "company_scale_compounding",
        dict(value_low=10000, value_high=100000, unit="count"),
    ),
    # ---- industry context
    ("context", "recursive_funding", dict(value=650_000_000, unit="usd", subject="Recursive")),
    ("context", "iclr_2026_rsi_workshop", dict(subject="ICLR 2026", date="2026-01-01")),
    ("context", "alphaevolve", dict(subject="DeepMind AlphaEvolve", unit="qualitative")),
    # ---- scenarios
    ("scenarios", "plateau", dict(order=1)),
    ("scenarios", "compounding_efficiency", dict(order=2, name="Compounding efficiency gains")),
    ("scenarios", "full_rsi", dict(order=3, name="Full recursive self-improvement")),
    ("scenario_constraints", "s_curve", dict(scenario_id="plateau")),
    (
        "scenario_constraints",
        "compute_and_energy_supply",
        dict(scenario_id="plateau", kind="supply"),
    ),
    (
        "scenario_constraints",
        "amdahl_code_review",
        dict(scenario_id="compounding_efficiency", kind="bottleneck"),
    ),
    ("pause_conditions", "multiple_frontier_labs_agree", dict(order=1)),
    ("pause_conditions", "mutual_verification", dict(source_id=ESSAY)),
    ("pause_conditions", "trigger_specified", dict(source_id=ESSAY)),
    ("pause_conditions", "lift_specified", dict(source_id=ESSAY)),
    ("pause_conditions", "adjudicator_specified", dict(source_id=ESSAY)),
    # ---- METR
    (
        "metr_horizons",
        "claude_3_7_sonnet_inspect",
        dict(
            model="Claude 3.7 Sonnet",
            p50_minutes=60.388937,
            p50_ci_low=33.385879,
            p50_ci_high=107.302719,
            frontier=True,
            source_id=METR,
        ),
    ),
    (
        "metr_horizons",
        "claude_opus_4_6_inspect",
        dict(p50_minutes=718.80683, release_date="2026-02-05"),
    ),
    ("metr_horizons", "claude_3_opus_inspect", dict(p50_minutes=3.952262, frontier=False)),
]


@pytest.mark.parametrize(
    ("resource", "key", "expected"), FIGURES, ids=[f"{r}-{k}" for r, k, _ in FIGURES]
)
def test_figure_is_present_with_its_value_and_unit(resource, key, expected):
    found = row(resource, key)
    for column, want in expected.items():
        got = found[column]
        if column in ("date", "date_end", "release_date") and want is not None:
            want = pd.Timestamp(want)
        assert same(got, want), f"{resource}/{key}.{column}: {got!r} != {want!r}"


def test_essay_task_horizons_as_one_frame():
    horizons = data.load("task_horizons")
    essay = horizons[(horizons["source_id"] == ESSAY) & horizons["minutes"].notna()].sort_values(
        "date"
    )
    assert list(essay["minutes"]) == [4, 90, 720]
    assert list(essay["model"]) == ["Claude Opus 3", "Claude Sonnet 3.7", "Claude Opus 4.6"]
    assert essay["date"].dt.year.tolist() == [2024, 2025, 2026]


def test_all_five_eras_in_order():
    eras = data.load("eras").sort_values("order")
    assert eras["title"].tolist() == [
        "Building the first Claude",
        "Chatbots",
        "Coding agents",
        "Autonomous agents",
        "Closing the loop",
    ]
    assert eras["description"].str.len().gt(20).all()


def test_three_scenarios_and_their_constraints():
    constraints = data.load("scenario_constraints")
    assert set(constraints["scenario_id"]) == {"plateau", "compounding_efficiency", "full_rsi"}
    text = " ".join(constraints["constraint"]).lower()
    for words in ("s-curve", "compute and energy", "amdahl", "code review"):
        assert words in text


def test_metr_covers_every_model_with_cis():
    metr = data.load("metr_horizons")
    assert len(metr) == 24
    assert metr["frontier"].sum() == 17  # is_sota: true in METR's file
    assert metr[["p50_ci_low", "p50_ci_high", "p80_ci_low", "p80_ci_high"]].notna().all().all()


@pytest.mark.parametrize(
    "disagreement_id",
    [
        "sonnet_3_7_horizon_essay_vs_metr",  # about 90 min vs 60 (33-107)
        "mythos_metr_upper_limit",  # "at the upper end" vs "without hitting the upper limit"
        "code_quality_parity_date",  # a write-up dates parity differently
        "code_quality_late_2025",
        "sonnet_3_7_horizon_news_vs_metr",  # "approximately 90 minutes"
        "mythos_preview_release_date",  # "released in April 2026" vs in use in March 2026
        "mythos_preview_release_public",  # "deemed too dangerous to release to the public"
        "opus_3_not_frontier",  # METR: is_sota false; the essay: a trend point
        "essay_points_no_acceleration",  # 2.7 then 4.0 months vs "accelerating"
        "days_projection_wording",  # "several days by 2026"
        "company_scale_thousands_vs_ten_thousands",  # "work of thousands"
        "pause_global_call_vs_conditional",  # "Calls for a Global Pause"
        "code_speedup_average_sherwood",  # "around 52x on average"
        "loc_jump_cause_sherwood",  # "with the arrival of Mythos"
        "code_8x_day_vs_quarter",  # both wordings of 8x
    ],
)
def test_disagreement_is_recorded(disagreement_id):
    assert disagreement_id in set(data.disagreements()["disagreement_id"])


def test_agreeing_figures_are_not_recorded_as_disagreements():
    """12 hours (720 minutes) and METR's 718.8 minutes agree: no disagreement row pairs them."""
    pairs = data.disagreements()
    opus = pairs[
        pairs["left_id"].isin(["essay_claude_opus_4_6", "news_ai_creates_ai_720_minutes"])
        & (pairs["right_id"] == "claude_opus_4_6_inspect")
    ]
    assert opus.empty, list(opus["disagreement_id"])


def test_both_wordings_of_8x_are_kept():
    metrics = data.load("internal_metrics").set_index("observation_id")
    body = metrics.loc["loc_per_engineer_q2_2026"]
    opening = metrics.loc["code_per_engineer_per_quarter_opening"]
    assert "per day" in body["metric"] and "per quarter" in opening["metric"]
    assert body["value"] == opening["value"] == 8
