"""The scenarios chapter: its glued numbers, its charts in the browser, and their controls.

Glued values are recomputed here from the CSV files with closed-form formulas (not by calling
the page's numbers module, nor, for the glue, `explainer.trends`). In the browser, moving the
sliders must move the live readouts by what the Python model (`explainer.trends`) says.
"""

from __future__ import annotations

import ast
import math

import numpy as np
import pandas as pd
import pytest

from explainer import charts, data, trends
from tests.notebooks import glued, run_page
from tests.readout_pages import SET_INPUT, read_table, read_terms
from tests.test_trends_ranges import expected_range_numbers

PAGE = "chapters/scenarios.md"
PAGE_HTML = "chapters/scenarios.html"
DAYS_PER_MONTH = 365.25 / 12
HORIZON = pd.Timestamp("2036-01-01")
MILESTONE_MINUTES = {"day": 8 * 60, "week": 40 * 60, "month": 167 * 60, "year": 2000 * 60}


# --- Independent computations ----------------------------------------------------------------


def _after(start: pd.Timestamp, months: float) -> pd.Timestamp:
    return start + pd.Timedelta(days=months * DAYS_PER_MONTH)


def _month(date: pd.Timestamp) -> str:
    return date.strftime("%B %Y")


def _exp_months(target, start, doubling):
    return max(0.0, doubling * math.log2(target / start))


def _acc_months(target, start, doubling, d):
    n = max(0.0, math.log2(target / start))
    return doubling * (1 - (1 - d) ** n) / d


def _plateau_months(target, start, doubling, ceiling):
    n, left = math.log2(target / start), math.log2(ceiling / start)
    return left * doubling * math.atanh(n / left)


def _spec_params(chart) -> dict:
    return {p["name"]: p for p in chart.to_dict()["params"]}


def expected_numbers() -> dict:
    metr = data.load("metr_horizons")
    tasks = data.load("task_horizons").set_index("observation_id")
    frontier = metr[metr["frontier"]].sort_values("release_date")
    latest = frontier.iloc[-1]
    start_min = float(latest["p50_minutes"])
    start_date = pd.Timestamp(latest["release_date"])
    opus3 = float(tasks.loc["essay_claude_opus_3", "minutes"])
    sonnet = float(tasks.loc["essay_claude_sonnet_3_7", "minutes"])
    opus46 = float(tasks.loc["essay_claude_opus_4_6", "minutes"])

    # The page's defaults are the chart's slider defaults.
    params = _spec_params(charts.scenario_projection_chart())
    doubling = params["doubling_months"]["value"]
    accel = params["acceleration_pct"]["value"] / 100
    # The ceiling's slider is log-scaled: its input holds log10 of the hours.
    ceiling_h = round(10 ** params["ceiling_hours_log10"]["value"])
    slowest = params["doubling_months"]["bind"]["max"]

    out = {
        "start_model": latest["model"],
        "start_minutes": start_min,
        "start_hours": start_min / 60,
        "start_month": _month(start_date),
        "essay_start_hours": opus46 / 60,
        "essay_start_month": _month(tasks.loc["essay_claude_opus_4_6", "date"]),
        "default_doubling_months": doubling,
        "default_acceleration_pct": accel * 100,
        "default_ceiling_hours": ceiling_h,
        "horizon_year": HORIZON.year,
        "essay_opus3_minutes": opus3,
        "essay_sonnet_minutes": sonnet,
        "essay_doubling_first_year": 12 / math.log2(sonnet / opus3),
        "essay_doubling_second_year": 12 / math.log2(opus46 / sonnet),
        "slowest_doubling_months": slowest,
    }
    out["acc_singularity_date"] = _month(_after(start_date, doubling / accel))

    # Backtest: a least-squares line of log2(minutes) on days through the frontier models
    # released before January 2025, checked against the frontier models released since.
    cutoff = pd.Timestamp("2025-01-01")
    before = frontier[frontier["release_date"] < cutoff]
    later = frontier[frontier["release_date"] >= cutoff]
    days = (before["release_date"] - before["release_date"].iloc[0]).dt.days.to_numpy(float)
    slope, intercept = np.polyfit(days, np.log2(before["p50_minutes"].to_numpy(float)), 1)
    later_days = (later["release_date"] - before["release_date"].iloc[0]).dt.days.to_numpy(float)
    errors = np.log2(later["p50_minutes"].to_numpy(float)) - (intercept + slope * later_days)
    out.update(
        {
            "backtest_cutoff_month": _month(cutoff),
            "backtest_fit_n": len(before),
            "backtest_first_year": before["release_date"].iloc[0].year,
            "backtest_fit_months": 1 / slope / DAYS_PER_MONTH,
            "backtest_n_test": len(later),
            "backtest_factor": 2 ** errors.mean(),
            "backtest_mean_doublings": errors.mean(),
            "backtest_all_above": int((errors > 0).sum()),
        }
    )

    # Amdahl's law with the essay's 'more than 80%' of merged code and its ~52x result.
    metrics = data.load("internal_metrics").set_index("observation_id")
    p = metrics.loc["merged_code_share_may_2026", "value_low"] / 100
    s = metrics.loc["code_speedup_mythos_preview", "value"]
    overall = 1 / ((1 - p) + p / s)
    out.update(
        {
            "amdahl_p_pct": p * 100,
            "amdahl_s": s,
            "amdahl_speedup": overall,
            "amdahl_limit": 1 / (1 - p),
            "amdahl_review_before_pct": (1 - p) * 100,
            "amdahl_review_after_pct": (1 - p) * overall * 100,
            "n_scenarios": len(data.load("scenarios")),
            "n_pause_conditions": len(data.load("pause_conditions")),
            # The essay's own split of the human part: a "single-digit fraction" (under 10%).
            "direction_setting_words": metrics.loc["direction_setting_share", "qualitative"],
            "direction_setting_high": 10,
        }
    )
    out.update(expected_range_numbers())  # the ranges, calibration and "when will we know"
    return out


@pytest.fixture(scope="module")
def page_glue() -> dict:
    return {name: ast.literal_eval(text) for name, text in glued(run_page(PAGE)).items()}


def test_glued_names_are_exactly_the_expected_ones(page_glue):
    assert set(page_glue) == set(expected_numbers())


@pytest.mark.parametrize("name", sorted(expected_numbers()))
def test_glued_value_matches_the_data(page_glue, name):
    want = expected_numbers()[name]
    got = page_glue[name]
    if isinstance(want, str):
        assert got == want
    else:
        assert isinstance(got, (int, float)) and not isinstance(got, bool)
        assert got == pytest.approx(float(want), rel=1e-9)


def test_known_values_of_the_defaults(page_glue):
    """Spot checks against the sources themselves, so an error in both sides above shows."""
    assert page_glue["start_model"] == "Claude Opus 4.6"
    assert page_glue["essay_doubling_second_year"] == pytest.approx(4.0)
    assert page_glue["amdahl_speedup"] == pytest.approx(4.642857142857143)
    assert page_glue["n_scenarios"] == 3


def test_panels_construct_in_a_plain_kernel():
    """The two panel cells (removed from the web page, kept in the notebook) ran without error
    and produced a widget."""
    notebook = run_page(PAGE)
    panel_cells = [c for c in notebook.cells if "panels." in c.get("source", "")]
    assert len(panel_cells) == 2
    for cell in panel_cells:
        assert "remove-cell" in cell["metadata"].get("tags", [])
        kinds = {k for o in cell.get("outputs", []) for k in o.get("data", {})}
        assert "application/vnd.jupyter.widget-view+json" in kinds, kinds


def test_widget_milestone_table_uses_the_model():
    from explainer.widgets import scenarios as panels

    start = {"date": pd.Timestamp("2026-02-05"), "minutes": 718.80683}
    table = panels.milestone_table(start, 4.0, 0.1, 80.0)
    assert table.loc["Work week (40 h)", "Exponential"] == "Sep 2026"
    assert table.loc["Work month (167 h)", "Plateau"] == "never (above the ceiling)"
    # A ceiling just above a work month: reached, but only after the horizon.
    slow = panels.milestone_table(start, 12.0, 0.0, 170.0)
    assert slow.loc["Work month (167 h)", "Plateau"] == "not reached by Jan 2036"
    months = _plateau_months(MILESTONE_MINUTES["month"], 718.80683, 12.0, 170 * 60)
    assert _after(start["date"], months) > HORIZON


# --- In the browser ----------------------------------------------------------------------------

MARKS_PER_CHART = """
() => Array.from(document.querySelectorAll('.explainer-chart')).map(el => ({
  id: el.id,
  rendered: el.getAttribute('data-rendered'),
  marks: el.querySelectorAll('svg g.role-mark > path, svg g.role-mark > line, '
                             + 'svg g.role-mark > rect, svg g.role-mark > text').length,
  inputs: Array.from(el.querySelectorAll('input, select')).map(i => i.name),
}))
"""
MILESTONE_TABLE = "When each task length comes into range"
MILESTONE_ROWS = ["Work day (8 h)", "Work week (40 h)", "Work month (167 h)", "Work year (2,000 h)"]


@pytest.fixture
def scenarios_page(watch):
    pw = watch()
    pw.open(PAGE_HTML)
    yield pw
    assert pw.console_errors == [], pw.console_errors
    assert pw.page_errors == [], pw.page_errors


def _milestone(pw, family: str, i: int) -> str:
    """A cell of the milestone table, read as a screen reader reads it: the row of the i-th
    milestone (day, week, month, year), the column of the family."""
    table = read_table(pw.page, MILESTONE_TABLE)
    assert list(table) == MILESTONE_ROWS, table
    return table[MILESTONE_ROWS[i]][family]


def _month_text(date: pd.Timestamp) -> str:
    """A cell with no uncertainty (both spreads 0): the point projection's month."""
    return date.strftime("%b %Y") + " (all draws agree)"


def _no_uncertainty(pw) -> None:
    """Both spreads to 0, so the table shows the point projections (the ranges' own tests are
    in tests/test_ranges_page.py)."""
    pw.page.evaluate(SET_INPUT, ["doubling_spread", 0])
    pw.page.evaluate(SET_INPUT, ["start_spread", 0])


@pytest.mark.browser
def test_three_charts_render_with_marks_and_their_controls(scenarios_page):
    charts_on_page = scenarios_page.page.evaluate(MARKS_PER_CHART)
    assert len(charts_on_page) == 3
    for chart in charts_on_page:
        assert chart["rendered"] == "true"
        # Each draws its curves, points and labels (the readouts are HTML under it).
        assert chart["marks"] > 5, chart
    # And every chart's readouts are drawn, each cell filled.
    cells = scenarios_page.page.evaluate(
        "() => Array.from(document.querySelectorAll('.explainer-readouts')).map("
        "(box) => Array.from(box.querySelectorAll('td, dd')).map((c) => c.textContent))"
    )
    assert len(cells) == 3 and all(box and all(box) for box in cells), cells
    inputs = [set(c["inputs"]) for c in charts_on_page]
    # The two time-horizon charts also carry the log/linear switch.
    assert {
        "doubling_months",
        "acceleration_pct",
        "ceiling_hours_log10",
        "start_from",
        "doubling_spread",
        "start_spread",
        "y_scale",
    } in inputs
    assert {"forecast_month", "y_scale"} in inputs
    assert {"automated_pct", "ai_speedup_log10", "review_pct"} in inputs


@pytest.mark.browser
def test_doubling_slider_moves_the_week_date_as_the_model_says(scenarios_page):
    pw = scenarios_page
    metr = data.load("metr_horizons")
    latest = metr[metr["frontier"]].sort_values("release_date").iloc[-1]

    def model_week(doubling: float) -> pd.Timestamp:
        table = trends.milestones(
            trends.EXPONENTIAL,
            latest["release_date"],
            latest["p50_minutes"],
            doubling,
            horizon_date=HORIZON,
        ).set_index("milestone")
        return table.loc["1 work week", "date"]

    _no_uncertainty(pw)
    before = _milestone(pw, "Exponential", 1)
    assert before == _month_text(model_week(4.0))
    assert pw.page.evaluate(SET_INPUT, ["doubling_months", 7]) == "7"
    after = _milestone(pw, "Exponential", 1)
    assert after == _month_text(model_week(7.0))
    # Later by what the model says (whole months, as displayed).
    shown = pd.Period(after.split(" (")[0], "M") - pd.Period(before.split(" (")[0], "M")
    expected = pd.Period(model_week(7.0), "M") - pd.Period(model_week(4.0), "M")
    assert shown.n == expected.n > 0
    assert "7.0 months" in read_terms(pw.page, "The three projections")["Exponential"]


@pytest.mark.browser
def test_start_select_and_plateau_ceiling_update_the_table(scenarios_page):
    pw = scenarios_page
    tasks = data.load("task_horizons").set_index("observation_id")
    essay = tasks.loc["essay_claude_opus_4_6"]
    _no_uncertainty(pw)
    pw.page.evaluate(SET_INPUT, ["start_from", "essay"])
    table = trends.milestones(
        trends.EXPONENTIAL, essay["date"], essay["minutes"], 4.0, horizon_date=HORIZON
    ).set_index("milestone")
    assert _milestone(pw, "Exponential", 2) == _month_text(table.loc["1 work month", "date"])
    assert "essay" in read_terms(pw.page, "The three projections")["Start"]
    # A ceiling of 100 hours: the work month (167 h) is never reached on the plateau.
    # The ceiling's slider is log-scaled: its input holds log10 of the hours.
    pw.page.evaluate(SET_INPUT, ["ceiling_hours_log10", math.log10(100)])
    assert _milestone(pw, "Plateau", 2).startswith("never")
    pw.page.evaluate(SET_INPUT, ["ceiling_hours_log10", math.log10(170)])
    pw.page.evaluate(SET_INPUT, ["doubling_months", 12])
    assert _milestone(pw, "Plateau", 2) == "not reached by Jan 2036 in 100% of draws"
    assert _milestone(pw, "Plateau", 3).startswith("never")


@pytest.mark.browser
@pytest.mark.parametrize(("p_pct", "s", "review_pct"), [(80, 52, 100), (50, 10, 60), (95, 200, 20)])
def test_amdahl_readout_matches_the_model(scenarios_page, p_pct, s, review_pct):
    pw = scenarios_page
    pw.page.evaluate(SET_INPUT, ["automated_pct", p_pct])
    pw.page.evaluate(SET_INPUT, ["ai_speedup_log10", math.log10(s)])
    pw.page.evaluate(SET_INPUT, ["review_pct", review_pct])
    p = p_pct / 100
    overall = trends.amdahl_speedup(p, s)
    result = read_terms(pw.page, "At these settings")
    assert result["Overall speedup"] == f"{overall:.2f}×"
    review = (1 - p) * review_pct / 100
    after = trends.review_share_of_time(p, s) * review_pct / 100
    assert result["Human review"] == (
        f"{review:.0%} of the time before, {after:.0%} of the shorter time after"
    )
    # The time budget: the parts before add up to the whole; after, the whole is 1/S of it.
    budget = read_table(pw.page, "Time for the same work, as a share of the time before")
    assert budget["Human review"] == {"Before": f"{review:.1%}", "After": f"{review:.1%}"}
    assert budget["Automated work"] == {"Before": f"{p:.1%}", "After": f"{p / s:.1%}"}
    assert budget["All the work"]["After"] == f"{1 / overall:.1%}"


@pytest.mark.browser
def test_backtest_select_shows_each_forecast(scenarios_page):
    pw = scenarios_page
    metr = data.load("metr_horizons")
    for value in ("January 2024", "July 2025"):
        pw.page.evaluate(SET_INPUT, ["forecast_month", value])
        cutoff = pd.Timestamp(value)
        result = trends.backtest(metr, cutoff)
        note = " ".join(read_terms(pw.page, "How the forecast did").values())
        assert f"Fit on {result.fit.n} models" in note
        assert f"The {result.n_test} later models" in note
