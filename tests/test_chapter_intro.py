"""The landing page: it runs as a plain notebook, and every number it glues is right."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from explainer import data, trends
from tests.conftest import ROOT
from tests.notebooks import glued, run_page
from tests.test_site import MARKS_PER_CHART


@pytest.fixture(scope="module")
def values() -> dict[str, str]:
    return glued(run_page("intro.md"))


def _number(text: str) -> float:
    return float(text.strip("'\""))


def test_the_three_numbers_to_remember_come_from_the_data(values):
    trends_table = pd.read_csv(data.path("horizon_trends")).set_index("observation_id")
    assert (
        _number(values["essay_doubling_months"])
        == trends_table.loc["doubling_time_recent", "value"]
    )
    assert _number(values["essay_doubling_months"]) == 4  # the essay: "roughly every four months"
    assert _number(values["essay_earlier_doubling_months"]) == 7

    metrics = pd.read_csv(data.path("internal_metrics")).set_index("observation_id")
    assert _number(values["code_share_low_pct"]) == 80
    assert metrics.loc["merged_code_share_may_2026", "value_low"] == 80
    assert values["code_share_date"].strip("'") == "May 2026"
    assert values["code_share_before_words"].strip("'") == "low single digits"

    assert _number(values["opus46_hours"]) == 12
    metr = pd.read_csv(data.path("metr_horizons")).set_index("model_id")
    opus = metr.loc["claude_opus_4_6_inspect"]
    assert _number(values["opus46_metr_minutes"]) == pytest.approx(opus["p50_minutes"])
    assert _number(values["opus46_metr_ci_low"]) == pytest.approx(opus["p50_ci_low"])
    assert _number(values["opus46_metr_ci_high"]) == pytest.approx(opus["p50_ci_high"])
    assert int(values["metr_models"]) == len(metr) == 24
    assert int(values["news_writeups"]) == 3


def test_the_glued_fit_matches_an_independent_least_squares_fit(values):
    metr = pd.read_csv(data.path("metr_horizons"), parse_dates=["release_date"])
    rows = metr[(metr["frontier"]) & (metr["release_date"] >= "2024-01-01")]
    days = (rows["release_date"] - pd.Timestamp("2024-01-01")).dt.days.to_numpy(float)
    slope = np.polyfit(days, np.log2(rows["p50_minutes"].to_numpy()), 1)[0]
    expected_months = 1 / slope / (365.25 / 12)
    assert _number(values["fit_doubling_months"]) == pytest.approx(expected_months, rel=1e-9)
    assert int(values["fit_n"]) == len(rows)
    # The interval is the model's seeded bootstrap (tested in tests/test_trends.py); here it
    # must bracket the estimate and be what the page says.
    fit = trends.fit_doubling_time(data.load("metr_horizons"), since="2024-01-01")
    low, high = _number(values["fit_ci_low_months"]), _number(values["fit_ci_high_months"])
    assert low == pytest.approx(fit.ci_low_months) and high == pytest.approx(fit.ci_high_months)
    assert low < expected_months < high


@pytest.mark.browser
def test_landing_page_shows_the_glued_numbers_and_its_chart(watch, values):
    pw = watch()
    pw.open("intro.html")
    text = pw.page.inner_text("main")
    assert f"{_number(values['fit_doubling_months']):.1f} months" in text
    assert "More than 80%" in text
    charts = pw.page.evaluate(MARKS_PER_CHART)
    assert len(charts) == 1 and charts[0]["marks"] > 10


# --- The short answer: every number recomputed here from the CSV files ----------------------

MONTH_DAYS = 365.25 / 12
# The milestones the answer dates, in hours of human working time (8-hour days, 40-hour weeks,
# a 2,000-hour work year and a twelfth of it for a month, as the book defines them).
ANSWER_MILESTONE_HOURS = {"week": 40, "month": 167, "year": 2000}


def _frontier() -> pd.DataFrame:
    metr = pd.read_csv(data.path("metr_horizons"), parse_dates=["release_date"])
    return metr[metr["frontier"]].sort_values("release_date")


def _doubling_months(rows: pd.DataFrame) -> float:
    days = (rows["release_date"] - rows["release_date"].min()).dt.days.to_numpy(float)
    slope = np.polyfit(days, np.log2(rows["p50_minutes"].to_numpy()), 1)[0]
    return 1 / slope / MONTH_DAYS


def _month_after(start: pd.Timestamp, months: float) -> str:
    return f"{start + pd.Timedelta(days=months * MONTH_DAYS):%B %Y}"


def _text(values: dict[str, str], name: str) -> str:
    return values[name].strip("'\"")


def test_the_short_answer_dates_follow_from_the_latest_frontier_model(values):
    latest = _frontier().iloc[-1]
    assert _text(values, "answer_start_model") == latest["model"]
    assert _number(values["answer_start_minutes"]) == pytest.approx(latest["p50_minutes"])
    assert _text(values, "answer_start_month") == f"{latest['release_date']:%B %Y}"
    doubling = pd.read_csv(data.path("horizon_trends")).set_index("observation_id")["value"]
    # The two named assumptions: the essay's recent rate (the scenarios chapter's default
    # slider) and its earlier one.
    rates = {"fast": doubling["doubling_time_recent"], "slow": doubling["doubling_time_earlier"]}
    assert _number(values["answer_fast_doubling"]) == rates["fast"]
    assert _number(values["answer_slow_doubling"]) == rates["slow"]
    # Each date is a range: the median and 80% interval over the draws, recomputed with the
    # independent closed forms and the independently recomputed default spreads.
    from tests.test_trends_ranges import (
        _lattice,
        _months_one_draw,
        _quantile_dates,
        _range_text,
        expected_range_numbers,
    )

    spreads = expected_range_numbers()
    assert _number(values["answer_spread_factor"]) == spreads["spread_factor"]
    z_doubling, z_start = _lattice()
    starts = latest["p50_minutes"] * 2 ** (spreads["default_start_spread"] * z_start)
    horizon = pd.Timestamp("2036-01-01")
    for pace, months_per_doubling in rates.items():
        doublings = months_per_doubling * 2 ** (spreads["default_doubling_spread"] * z_doubling)
        for stem, hours in ANSWER_MILESTONE_HOURS.items():
            months = [
                _months_one_draw("exponential", hours * 60, s, t, 0.0, None)
                for s, t in zip(starts, doublings, strict=True)
            ]
            q = _quantile_dates(months, pd.Timestamp(latest["release_date"]), horizon)
            expected = _range_text(*q, horizon)
            assert _text(values, f"answer_{stem}_{pace}") == expected, (stem, pace)
            assert "80%" in expected or "after" in expected  # a range, never a point alone


def test_the_short_answer_dates_match_the_scenarios_chapters_defaults(values):
    """One default start point, doubling time and spreads: the landing page's ranges are the
    ones the scenarios chapter glues for its sliders as they load."""
    from explainer.numbers import scenarios

    chapter = scenarios.numbers()
    for stem in ANSWER_MILESTONE_HOURS:
        assert _text(values, f"answer_{stem}_fast") == chapter[f"exp_{stem}_range"]


def test_the_short_answer_on_acceleration_recomputes_from_the_data(values):
    frontier = _frontier()
    split = pd.Timestamp(f"{_number(values['answer_split_year']):.0f}-01-01")
    before = _doubling_months(frontier[frontier["release_date"] < split])
    recent = _doubling_months(frontier[frontier["release_date"] >= split])
    assert _number(values["answer_fit_before_months"]) == pytest.approx(before, rel=1e-9)
    assert _number(values["answer_fit_recent_months"]) == pytest.approx(recent, rel=1e-9)
    assert recent < before  # "between eras, yes"
    essay = pd.read_csv(data.path("task_horizons")).set_index("observation_id")["minutes"]
    opus3, sonnet, opus46 = (
        essay[i]
        for i in ("essay_claude_opus_3", "essay_claude_sonnet_3_7", "essay_claude_opus_4_6")
    )
    first, second = 12 / np.log2(sonnet / opus3), 12 / np.log2(opus46 / sonnet)
    assert _number(values["answer_essay_first_year_months"]) == pytest.approx(first)
    assert _number(values["answer_essay_second_year_months"]) == pytest.approx(second)
    assert f"{first:.1f}" == "2.7" and f"{second:.1f}" == "4.0"  # the reading
    assert first < second  # "no further speed-up in its last two years"


def test_the_short_answer_on_certainty_recomputes_from_the_data(values):
    latest = _frontier().iloc[-1]
    ratio = latest["p50_minutes"] / latest["p80_minutes"]
    assert _number(values["answer_p50_over_p80"]) == pytest.approx(ratio)
    essay = pd.read_csv(data.path("task_horizons")).set_index("observation_id")
    assert _number(values["answer_ceiling_hours"]) == (
        essay.loc["essay_claude_mythos_preview", "minutes_low"] / 60
    )
    # The backtest: a least-squares line through the frontier models before January 2025,
    # carried forward to each frontier model released since.
    frontier = _frontier()
    cutoff = pd.Timestamp("2025-01-01")
    assert _text(values, "answer_backtest_month") == f"{cutoff:%B %Y}"
    train, test = (
        frontier[frontier["release_date"] < cutoff],
        frontier[frontier["release_date"] >= cutoff],
    )
    origin = train["release_date"].min()
    slope, intercept = np.polyfit(
        (train["release_date"] - origin).dt.days.to_numpy(float),
        np.log2(train["p50_minutes"].to_numpy()),
        1,
    )
    predicted = intercept + slope * (test["release_date"] - origin).dt.days.to_numpy(float)
    errors = np.log2(test["p50_minutes"].to_numpy()) - predicted
    assert int(values["answer_backtest_n"]) == len(test)
    assert int(values["answer_backtest_above"]) == int((errors > 0).sum())
    assert _number(values["answer_backtest_factor"]) == pytest.approx(2 ** errors.mean())


def test_the_short_answer_is_about_150_words_and_every_number_is_glued():
    source = (ROOT / "intro.md").read_text(encoding="utf-8")
    box = re.search(r":::\{admonition\} The short answer\n(.*?)\n:::", source, re.S)
    assert box, "intro.md must open with the short-answer box"
    assert source.index(box.group(0)) < source.index("## "), "the box comes before any section"
    body = box.group(1)
    prose = re.sub(r"\{glue:text\}`[^`]*`", "N", body)
    prose = re.sub(r"^:class:.*$", "", prose, flags=re.M)
    assert 120 <= len(prose.split()) <= 190, len(prose.split())
    # Every figure in the box is glued: no digit is typed into its prose (the "50%" and
    # "80%" that define the two horizons are names of measures, not results).
    typed = re.findall(r"\d+", prose.replace("50%", "").replace("80%", ""))
    assert not typed, typed
