"""The landing page: it runs as a plain notebook, and every number it glues is right."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from explainer import data, trends
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
