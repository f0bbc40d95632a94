"""Numbers glued into the internal-metrics chapter, all read from `data/internal_metrics.csv`.

`numbers()` returns glue name -> value (plain floats, ints and short strings: dates as the
page prints them, and the source's own words where it gives words, not numbers).
`disagreements_table()` is the table of where the write-ups part from the essay on these figures.

Values the essay gives as words or bounds stay words or bounds: 'more than 80%' is glued as its
lower bound 80 and printed after the words "more than"; 'low single digits' as its words and
the bound 10 those words imply. The one derived value is the open-ended session success six
months before May 2026: the essay's 76% less its stated gain of 50 percentage points.
"""

from __future__ import annotations

import re

import pandas as pd

from explainer import data
from explainer.numbers._format import month, num, quarter

# Readable names of the `topic` keys of internal_metrics.csv (for the disagreements table).
TOPIC_LABELS = {
    "merged_code_share": "Share of code written by Claude",
    "lines_of_code_per_engineer": "Code merged per engineer",
    "uplift_poll": "Employee poll",
    "session_success": "Session success",
    "code_review": "Automated code review",
    "api_fixes": "API fixes",
    "training_crash": "Training-job crash",
    "code_speedup": "Speedup task",
    "weak_to_strong": "Weak-to-strong supervision",
    "next_step_judgement": "Next-step judgement",
    "code_quality": "Code quality",
    "project_glasswing": "Project Glasswing",
    "company_scale": "Company scale",
}


def _rows(metrics: pd.DataFrame | None = None) -> pd.DataFrame:
    frame = metrics if metrics is not None else data.load("internal_metrics")
    return frame.set_index("observation_id")


def numbers(metrics: pd.DataFrame | None = None) -> dict[str, float | int | str]:
    """Every number and date the internal-metrics page glues, by glue name."""
    m = _rows(metrics)
    out: dict[str, float | int | str] = {}

    # Share of merged code authored by Claude.
    before = m.loc["merged_code_share_before_claude_code"]
    out["share_before_words"] = str(before["qualitative"])
    out["share_before_high"] = num(before["value_high"])
    out["share_before_until"] = month(before["date_end"])
    may = m.loc["merged_code_share_may_2026"]
    out["share_may_2026_low"] = num(may["value_low"])
    out["share_may_2026_date"] = month(may["date"])

    # Lines of code merged per engineer per day, relative to 2024.
    flat = m.loc["loc_per_engineer_2021_2024"]
    out["loc_flat_from"] = int(flat["date"].year)
    out["loc_flat_to"] = int(flat["date_end"].year)
    out["loc_climb_year"] = int(m.loc["loc_per_engineer_2025", "date"].year)
    out["loc_steeper_year"] = int(m.loc["loc_per_engineer_2026", "date"].year)
    q2 = m.loc["loc_per_engineer_q2_2026"]
    out["loc_multiplier"] = num(q2["value"])
    out["loc_quarter"] = quarter(q2["date"])
    opening = m.loc["code_per_engineer_per_quarter_opening"]
    out["loc_opening_multiplier"] = num(opening["value"])
    out["loc_opening_baseline"] = str(opening["baseline"])

    # The employee poll.
    out["poll_respondents"] = num(m.loc["uplift_poll_respondents", "value"])
    out["poll_median"] = num(m.loc["uplift_poll_median", "value"])
    out["poll_date"] = month(m.loc["uplift_poll_median", "date"])

    # Work that would not have happened otherwise: the API fixes.
    out["api_fixes_low"] = num(m.loc["api_fixes_count", "value_low"])
    out["api_error_factor"] = num(m.loc["api_fixes_error_reduction", "value"])
    out["api_human_years"] = num(m.loc["api_fixes_human_estimate", "value"])
    out["api_fixes_date"] = month(m.loc["api_fixes_count", "date"])

    # Session success by task difficulty.
    open_may = m.loc["session_success_open_ended_may_2026"]
    gain = m.loc["session_success_open_ended_6_month_gain"]
    out["success_open_may"] = num(open_may["value"])
    out["success_open_date"] = month(open_may["date"])
    out["success_open_gain"] = num(gain["value"])
    out["success_open_before"] = num(open_may["value"] - gain["value"])
    out["success_open_before_date"] = month(gain["date"])
    routine = m.loc["news_ai_creates_ai_session_success_routine"]
    out["success_routine_words"] = str(routine["qualitative"])
    out["success_routine_low"] = num(routine["value_low"])
    out["success_routine_high"] = num(routine["value_high"])

    # The training-job crash, an open-ended task.
    out["crash_jobs_words"] = str(m.loc["training_crash_jobs", "qualitative"])
    out["crash_claude_hours"] = num(m.loc["training_crash_claude_time", "value"])
    out["crash_human_days_low"] = num(m.loc["training_crash_human_time", "value_low"])
    out["crash_human_days_high"] = num(m.loc["training_crash_human_time", "value_high"])

    # Code quality, in words.
    out["quality_worse_when"] = str(m.loc["code_quality_late_2025", "date_text"])
    out["quality_parity_when"] = str(m.loc["code_quality_mid_2026", "date_text"])
    out["quality_better_when"] = str(m.loc["code_quality_expected", "date_text"])

    # Corrections, in words: the essay's first evidence that the code works.
    out["corrections_words"] = str(m.loc["corrections_falling", "qualitative"])

    # The automated reviewer.
    out["review_words"] = str(m.loc["automated_review_bugs_caught", "qualitative"])

    # The speedup task.
    opus4 = m.loc["code_speedup_opus_4"]
    mythos = m.loc["code_speedup_mythos_preview"]
    human = m.loc["code_speedup_human_hours_to_4x"]
    out["speedup_opus_4"] = num(opus4["value"])
    out["speedup_opus_4_date"] = month(opus4["date"])
    out["speedup_mythos"] = num(mythos["value"])
    out["speedup_mythos_date"] = month(mythos["date"])
    # The human calibration: the speedup reached (4x) and the hours it takes (4 to 8).
    out["speedup_human_target"] = num(re.search(r"reach (\d+)x", human["quote"]).group(1))
    out["speedup_human_hours_low"] = num(human["value_low"])
    out["speedup_human_hours_high"] = num(human["value_high"])
    out["speedup_verdict_words"] = str(m.loc["code_speedup_superhuman", "qualitative"])

    # Weak-to-strong supervision.
    out["w2s_humans"] = num(m.loc["w2s_human_researchers", "value"])
    out["w2s_human_weeks"] = num(m.loc["w2s_human_time", "value"])
    out["w2s_human_pct"] = num(m.loc["w2s_human_gap_recovered", "value"])
    out["w2s_agents_pct"] = num(m.loc["w2s_agents_gap_recovered", "value"])
    out["w2s_agents_hours"] = num(m.loc["w2s_agents_hours", "value"])
    out["w2s_cost_usd"] = num(m.loc["w2s_agents_compute_cost", "value"])
    out["w2s_date"] = month(m.loc["w2s_agents_gap_recovered", "date"])

    # Next-step judgement.
    moments = m.loc["next_step_moments"]
    out["next_step_moments"] = num(moments["value"])
    out["next_step_from"] = f"{moments['date']:%B}"
    out["next_step_to"] = month(moments["date_end"])
    out["next_step_opus_4_5"] = num(m.loc["next_step_opus_4_5", "value"])
    out["next_step_opus_4_5_date"] = month(m.loc["next_step_opus_4_5", "date"])
    out["next_step_mythos"] = num(m.loc["next_step_mythos_preview", "value"])
    out["next_step_mythos_date"] = month(m.loc["next_step_mythos_preview", "date"])

    # Beyond the lab: Project Glasswing and the size of companies.
    out["glasswing_low"] = num(m.loc["glasswing_vulnerabilities", "value_low"])
    today = m.loc["company_scale_today"]
    out["company_size"] = num(re.match(r"(\d+)-person", today["subject"]).group(1))
    out["company_today"] = num(today["value"])
    compounding = m.loc["company_scale_compounding"]
    out["company_compounding_low"] = num(compounding["value_low"])
    out["company_compounding_high"] = num(compounding["value_high"])
    return out
