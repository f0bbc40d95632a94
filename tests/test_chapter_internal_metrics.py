"""The internal-metrics chapter: it runs as a notebook, every glued number is right, the charts
draw words as words, and the built page shows five charts and the disagreements table.

Expected values are recomputed here from the data, mostly from the source's own words
(`date_text`, `quote`), never by calling the chapter's `numbers()`.
"""

from __future__ import annotations

import ast
import html
import re
from pathlib import Path

import pandas as pd
import pytest

from explainer import charts, data, tables
from explainer.charts import internal
from tests import specs
from tests.notebooks import glued, run_page
from tests.test_site import MARKS_PER_CHART

PAGE = "chapters/internal-metrics.md"
PAGE_HTML = "chapters/internal-metrics.html"
ROOT = Path(__file__).resolve().parent.parent
CHART_CALLS = [
    "merged_code_share_chart",
    "code_per_engineer_chart",
    "code_quality_chart",
    "speedup_chart",
    "research_before_after_chart",
]
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}


@pytest.fixture(scope="module")
def values() -> dict[str, object]:
    """Every glued value of the page, parsed back from its text/plain form."""
    return {name: ast.literal_eval(text) for name, text in glued(run_page(PAGE)).items()}


@pytest.fixture(scope="module")
def m() -> pd.DataFrame:
    return data.load("internal_metrics").set_index("observation_id")


def _month_words(text: str) -> str:
    """'As of May 2026' / 'By April 2026' / 'published April 2026' -> 'May 2026'."""
    match = re.search(r"([A-Z][a-z]+ \d{4})", text)
    assert match, text
    return match.group(1)


def expected(m: pd.DataFrame) -> dict[str, object]:
    """What the page must glue, worked out from the rows (their numbers and their words)."""
    timeline = data.load("timeline").set_index("event_id")
    flat_years = re.search(r"(\d{4})-(\d{4})", m.at["loc_per_engineer_2021_2024", "date_text"])
    quarter = re.fullmatch(
        r"the (\w+) quarter of (\d{4})", m.at["loc_per_engineer_q2_2026", "date_text"]
    )
    may = m.at["session_success_open_ended_may_2026", "date"]
    between = re.search(r"between (\w+) and (\w+ \d{4})", m.at["next_step_moments", "date_text"])
    return {
        "share_before_words": m.at["merged_code_share_before_claude_code", "qualitative"],
        "share_before_high": 10,  # 'single digits' is under 10
        "share_before_until": timeline.at["claude_code_research_preview", "date_text"],
        "share_may_2026_low": m.at["merged_code_share_may_2026", "value_low"],
        "share_may_2026_date": _month_words(m.at["merged_code_share_may_2026", "date_text"]),
        "loc_flat_from": int(flat_years.group(1)),
        "loc_flat_to": int(flat_years.group(2)),
        "loc_climb_year": int(m.at["loc_per_engineer_2025", "date_text"]),
        "loc_steeper_year": int(m.at["loc_per_engineer_2026", "date_text"]),
        "loc_multiplier": m.at["loc_per_engineer_q2_2026", "value"],
        "loc_quarter": f"Q{ORDINALS[quarter.group(1)]} {quarter.group(2)}",
        "loc_opening_multiplier": m.at["code_per_engineer_per_quarter_opening", "value"],
        "loc_opening_baseline": re.search(
            r"as they did from (\d{4}-\d{4})",
            m.at["code_per_engineer_per_quarter_opening", "quote"],
        ).group(1),
        "poll_respondents": m.at["uplift_poll_respondents", "value"],
        "poll_median": m.at["uplift_poll_median", "value"],
        "poll_date": m.at["uplift_poll_median", "date_text"],
        "api_fixes_low": m.at["api_fixes_count", "value_low"],
        "api_error_factor": m.at["api_fixes_error_reduction", "value"],
        "api_human_years": m.at["api_fixes_human_estimate", "value"],
        "api_fixes_date": m.at["api_fixes_count", "date_text"],
        "success_open_may": m.at["session_success_open_ended_may_2026", "value"],
        "success_open_date": m.at["session_success_open_ended_may_2026", "date_text"],
        "success_open_gain": m.at["session_success_open_ended_6_month_gain", "value"],
        "success_open_before": (
            m.at["session_success_open_ended_may_2026", "value"]
            - m.at["session_success_open_ended_6_month_gain", "value"]
        ),
        # 'six months to May 2026'
        "success_open_before_date": f"{may - pd.DateOffset(months=6):%B %Y}",
        "success_routine_words": m.at["news_ai_creates_ai_session_success_routine", "qualitative"],
        "success_routine_low": 85,  # 'high 80s'
        "success_routine_high": 90,
        "crash_jobs_words": m.at["training_crash_jobs", "qualitative"],
        "crash_claude_hours": m.at["training_crash_claude_time", "value"],
        "crash_human_days_low": m.at["training_crash_human_time", "value_low"],
        "crash_human_days_high": m.at["training_crash_human_time", "value_high"],
        "quality_worse_when": m.at["code_quality_late_2025", "date_text"],
        "quality_parity_when": m.at["code_quality_mid_2026", "date_text"],
        "quality_better_when": m.at["code_quality_expected", "date_text"],
        "review_words": m.at["automated_review_bugs_caught", "qualitative"],
        "speedup_opus_4": m.at["code_speedup_opus_4", "value"],
        "speedup_opus_4_date": m.at["code_speedup_opus_4", "date_text"],
        "speedup_mythos": m.at["code_speedup_mythos_preview", "value"],
        "speedup_mythos_date": _month_words(m.at["code_speedup_mythos_preview", "date_text"]),
        "speedup_human_target": 4,  # 'four to eight hours to reach 4x'
        "speedup_human_hours_low": m.at["code_speedup_human_hours_to_4x", "value_low"],
        "speedup_human_hours_high": m.at["code_speedup_human_hours_to_4x", "value_high"],
        "w2s_humans": m.at["w2s_human_researchers", "value"],
        "w2s_human_weeks": m.at["w2s_human_time", "value"],
        "w2s_human_pct": m.at["w2s_human_gap_recovered", "value"],
        "w2s_agents_pct": m.at["w2s_agents_gap_recovered", "value"],
        "w2s_agents_hours": m.at["w2s_agents_hours", "value"],
        "w2s_cost_usd": m.at["w2s_agents_compute_cost", "value"],
        "w2s_date": _month_words(m.at["w2s_agents_gap_recovered", "date_text"]),
        "next_step_moments": m.at["next_step_moments", "value"],
        "next_step_from": between.group(1),
        "next_step_to": between.group(2),
        "next_step_opus_4_5": m.at["next_step_opus_4_5", "value"],
        "next_step_opus_4_5_date": m.at["next_step_opus_4_5", "date_text"],
        "next_step_mythos": m.at["next_step_mythos_preview", "value"],
        "next_step_mythos_date": m.at["next_step_mythos_preview", "date_text"],
        "glasswing_low": m.at["glasswing_vulnerabilities", "value_low"],
        "corrections_words": m.at["corrections_falling", "qualitative"],
        "speedup_verdict_words": m.at["code_speedup_superhuman", "qualitative"],
        "company_size": int(
            re.search(r"a (\d+)-person company", m.at["company_scale_today", "quote"]).group(1)
        ),
        "company_today": m.at["company_scale_today", "value"],
        "company_compounding_low": m.at["company_scale_compounding", "value_low"],
        "company_compounding_high": m.at["company_scale_compounding", "value_high"],
    }


# --------------------------------------------------------------------------- glued numbers


def test_the_page_glues_exactly_the_expected_names(values, m):
    assert set(values) == set(expected(m))


@pytest.mark.parametrize(
    "name", sorted(expected(data.load("internal_metrics").set_index("observation_id")))
)
def test_each_glued_value_equals_the_value_worked_out_from_the_data(values, m, name):
    want = expected(m)[name]
    got = values[name]
    if isinstance(want, str):
        assert got == want
    else:
        assert isinstance(got, int | float) and not isinstance(got, bool), repr(got)
        assert got == pytest.approx(float(want))


def test_glued_numbers_agree_with_the_sources_words(values, m):
    """Spot checks against the verbatim quotes: the page's numbers are the essay's numbers."""
    assert (
        f"more than {values['share_may_2026_low']:.0f}%"
        in m.at["merged_code_share_may_2026", "quote"]
    )
    assert f"{values['loc_multiplier']:.0f}×" in m.at["loc_per_engineer_q2_2026", "quote"]
    assert (
        f"poll of {values['poll_respondents']:.0f} employees"
        in m.at["uplift_poll_respondents", "quote"]
    )
    assert f"over {values['api_fixes_low']:.0f} fixes" in m.at["api_fixes_count", "quote"]
    assert (
        f"reached {values['success_open_may']:.0f}%"
        in m.at["session_success_open_ended_may_2026", "quote"]
    )
    assert f"~{values['speedup_mythos']:.0f}x" in m.at["code_speedup_mythos_preview", "quote"]
    assert (
        f"reach {values['speedup_human_target']:.0f}x"
        in m.at["code_speedup_human_hours_to_4x", "quote"]
    )
    quote = m.at["w2s_agents_gap_recovered", "quote"]
    assert f"roughly {values['w2s_human_pct']:.0f}%" in quote
    assert f"recovered {values['w2s_agents_pct']:.0f}%" in quote
    assert f"${values['w2s_cost_usd']:,.0f}" in quote
    assert f"(n={values['next_step_moments']:.0f})" in m.at["next_step_moments", "quote"]
    quote = m.at["next_step_opus_4_5", "quote"]
    assert f"{values['next_step_opus_4_5']:.0f}% of the time" in quote
    assert f"grew to {values['next_step_mythos']:.0f}%" in quote
    assert f"{values['company_today']:,.0f}-person one" in m.at["company_scale_today", "quote"]


def test_every_glue_role_on_the_page_names_a_glued_value(values):
    text = (ROOT / PAGE).read_text(encoding="utf-8")
    used = set(re.findall(r"\{glue:text\}`([a-z0-9_]+)", text))
    assert used, "the page glues nothing"
    assert used <= set(values), used - set(values)
    # And nothing is glued that the prose never prints.
    assert set(values) <= used, set(values) - used


def _prose(text: str) -> str:
    """The page's prose: no front matter, no code cells, no roles (glue, cite, numref, doc)."""
    text = text.split("---", 2)[2]
    text = re.sub(r"```\{code-cell\}.*?```", "", text, flags=re.S)
    # Model names hold digits but are names, not figures.
    text = re.sub(r"Claude Opus \d+(\.\d+)?", "Claude Opus", text)
    return re.sub(r"\{[a-z:]+\}`[^`]*`", "", text)


def test_the_prose_types_no_number():
    """Every number and year in the prose is glued: no digit is left once the roles are out."""
    prose = _prose((ROOT / PAGE).read_text(encoding="utf-8"))
    typed = re.findall(r".{0,30}\d.{0,30}", prose)
    assert typed == [], typed


def test_the_prose_check_can_fail():
    assert re.search(r"\d", _prose("---\na: 1\n---\nIt rose 8x in {glue:text}`q:s`.\n"))
    assert not re.search(r"\d", _prose("---\na: 1\n---\nIt rose {glue:text}`x:.0f`×.\n"))
    assert re.search(r"\d", _prose("---\na: 1\n---\nClaude Opus 4 did 3x.\n"))


# --------------------------------------------------------------------------- charts


def _spec(chart) -> dict:
    return chart.to_dict(validate=True)


def _layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def _datasets(spec: dict) -> list[list[dict]]:
    return list(spec.get("datasets", {}).values())


def _mark(layer: dict) -> str:
    mark = layer["mark"]
    return mark if isinstance(mark, str) else mark["type"]


@pytest.mark.parametrize("name", CHART_CALLS)
def test_the_page_calls_each_chart_once_and_the_package_exports_it(name):
    text = (ROOT / PAGE).read_text(encoding="utf-8")
    assert text.count(f"charts.{name}()") == 1
    assert name in charts.__all__ and name in internal.__all__


@pytest.mark.parametrize("name", CHART_CALLS)
def test_every_layer_has_a_tooltip_naming_its_source(name):
    spec = specs.spec(name)
    for layer in _layers(spec):
        titles = [t.get("title") for t in layer["encoding"].get("tooltip", [])]
        assert "Source" in titles, (name, _mark(layer))
    assert spec["width"] == "container"
    assert len(spec["description"]) > 100


@pytest.mark.parametrize("name", CHART_CALLS)
def test_no_chart_joins_figures_with_a_line(name):
    """Nothing is interpolated: the essay's figures are points, bounds and bands, not paths."""
    spec = specs.spec(name)
    assert "line" not in {_mark(layer) for layer in _layers(spec)}


def test_code_share_draws_words_as_a_band_and_more_than_as_a_lower_bound(m):
    spec = specs.spec("merged_code_share_chart")
    rows = [row for dataset in _datasets(spec) for row in dataset]
    band = next(r for r in rows if "high" in r)
    assert (band["low"], band["high"]) == (0, 10)
    assert band["label"].startswith(m.at["merged_code_share_before_claude_code", "qualitative"])
    bound = next(r for r in rows if "top" in r)
    assert bound["low"] == m.at["merged_code_share_may_2026", "value_low"] == 80
    assert bound["top"] == 100
    assert bound["label"] == "more than 80%"
    marks = {_mark(layer) for layer in _layers(spec)}
    assert "rect" in marks  # the band
    # The arrow head points up: the share is a lower bound.
    shapes = [
        layer["mark"].get("shape") for layer in _layers(spec) if isinstance(layer["mark"], dict)
    ]
    assert "triangle-up" in shapes


def test_code_share_chart_follows_the_data(m):
    frame = data.load("internal_metrics")
    frame.loc[frame["observation_id"] == "merged_code_share_may_2026", "value_low"] = 85.0
    spec = _spec(charts.merged_code_share_chart(frame))
    labels = [r.get("label") for dataset in _datasets(spec) for r in dataset]
    assert "more than 85%" in labels and "more than 80%" not in labels


def test_code_per_engineer_marks_only_what_the_essay_states(m):
    spec = specs.spec("code_per_engineer_chart")
    rows = [row for dataset in _datasets(spec) for row in dataset]
    flat = next(r for r in rows if r.get("x2") == "2024-12-31")
    assert flat["y"] == 1.0 and flat["x"] == "2021-01-01"
    ends = [r for r in rows if "wording" in r]
    assert {r["y"] for r in ends} == {m.at["loc_per_engineer_q2_2026", "value"]} == {8.0}
    wordings = " | ".join(r["wording"] for r in ends)
    assert "per day vs 2024" in wordings and "per quarter vs 2021-2025" in wordings
    turns = [r for r in rows if "number" in r]
    assert sorted(r["x"] for r in turns) == ["2025-01-01", "2026-01-01"]
    caveat = next(r for r in rows if isinstance(r.get("label"), list) and "Caveat" in r["label"][0])
    assert "overstatement of the true productivity gain" in " ".join(caveat["label"])


def test_before_after_derives_only_the_open_ended_start(m):
    spec = specs.spec("research_before_after_chart")
    points = [r for dataset in _datasets(spec) for r in dataset if "phase" in r]
    by_value = {(r["row"], r["phase"]): r["value"] for r in points}
    open_ended = [v for (row, _), v in by_value.items() if row.startswith("Session success")]
    gain = m.at["session_success_open_ended_6_month_gain", "value"]
    may = m.at["session_success_open_ended_may_2026", "value"]
    assert sorted(open_ended) == [may - gain, may]
    assert sorted(by_value.values()) == sorted(
        [
            may - gain,
            may,
            m.at["next_step_opus_4_5", "value"],
            m.at["next_step_mythos_preview", "value"],
            m.at["w2s_human_gap_recovered", "value"],
            m.at["w2s_agents_gap_recovered", "value"],
        ]
    )
    derived = next(r for r in points if r["value"] == may - gain)
    assert "derived" in derived["who"]
    routine = next(r for dataset in _datasets(spec) for r in dataset if "high" in r)
    assert (routine["low"], routine["high"]) == (85, 90)
    assert "high 80s" in routine["label"]


def test_speedup_chart_shows_both_models_and_the_human_calibration(m):
    spec = specs.spec("speedup_chart")
    rows = {r["who"]: r for dataset in _datasets(spec) for r in dataset if "who" in r}
    values = sorted(r["value"] for r in rows.values())
    assert values == [3, 4, 52]
    human = next(r for r in rows.values() if r["kind"] == "Human calibration")
    assert human["label"] == "4× in 4 to 8 hours"
    x_scale = next(
        layer["encoding"]["x"]["scale"]
        for layer in _layers(spec)
        if "scale" in layer["encoding"]["x"]
    )
    assert x_scale["type"] == "log"


def test_code_quality_chart_keeps_the_sources_words_and_marks_expectations(m):
    spec = specs.spec("code_quality_chart")
    rows = [r for dataset in _datasets(spec) for r in dataset]
    essay = {r["label"]: r["level"] for r in rows if r["who"] == "Essay"}
    assert essay == {"worse": "worse", "parity": "parity", "better expected": "better"}
    summary = {r["label"]: r["level"] for r in rows if r["who"] == "BestHub summary"}
    assert summary["gap closed"] == "parity" and summary["slightly inferior"] == "worse"
    assert {r["status"] for r in rows if "expected" in r["label"]} == {"Expected"}


# --------------------------------------------------------------------------- disagreements


def test_the_table_lists_every_disagreement_between_internal_figures():
    disagreements = pd.read_csv(data.path("disagreements"))
    mine = disagreements[
        (disagreements["left_resource"] == "internal_metrics")
        & (disagreements["right_resource"] == "internal_metrics")
    ]
    table = tables.disagreements_frame("internal_metrics")
    assert len(table) == len(mine) > 0
    assert list(table["Where they differ"]) == list(mine["summary"])
    assert set(table["Kind"]) <= {"value", "date", "baseline", "framing"}
    sherwood = table[table["Where they differ"].str.contains("Sherwood: about 80%")]
    short = pd.read_csv(data.path("sources")).set_index("source_id")["short_name"]
    expected = f"{short['essay_when_ai_builds_itself']} / {short['news_sherwood_ponders']}"
    assert list(sherwood["Between"]) == [expected]
    # The page's two-column table carries every summary and every pair of sources.
    shown = tables.disagreements_table("internal_metrics").to_html()
    assert shown.count("<tr>") == len(mine) + 1  # header row + one per disagreement
    for summary in mine["summary"]:
        assert html.escape(summary) in shown


# --------------------------------------------------------------------------- the built page


@pytest.mark.browser
def test_the_page_draws_five_charts_and_the_table(watch):
    pw = watch()
    pw.open(PAGE_HTML)
    drawn = pw.page.evaluate(MARKS_PER_CHART)
    assert len(drawn) == len(CHART_CALLS)
    for chart in drawn:
        assert chart["rendered"] == "true" and chart["marks"] >= 5, chart
    for name in ["fig-code-share", "fig-code-per-engineer", "fig-code-quality", "fig-speedup"]:
        assert pw.page.locator(f"#{name}").count() == 1, name
    expected_rows = len(tables.disagreements_frame("internal_metrics"))
    assert pw.page.locator("table.explainer-table tbody tr").count() == expected_rows
    text = pw.page.inner_text("main")
    assert "more than 80% of the code merged" in text
    assert pw.console_errors == [] and pw.page_errors == [] and pw.offsite == []


@pytest.mark.browser
def test_hovering_a_point_shows_its_source(watch):
    pw = watch()
    pw.open(PAGE_HTML)
    speedup = pw.page.locator(".explainer-chart").nth(CHART_CALLS.index("speedup_chart"))
    symbol = speedup.locator("svg g.mark-symbol path").first
    symbol.scroll_into_view_if_needed()
    symbol.hover(force=True)
    tooltip = pw.page.get_by_role("tooltip")  # the loader's tooltip box (explainer-tooltip)
    tooltip.wait_for(state="visible", timeout=5_000)
    assert "Source" in tooltip.inner_text()
    essay = pd.read_csv(data.path("sources")).set_index("source_id")["short_name"]
    assert essay["essay_when_ai_builds_itself"] in tooltip.inner_text()


@pytest.mark.browser
def test_the_page_fits_a_phone(watch):
    pw = watch(width=390)
    pw.open(PAGE_HTML)
    assert pw.page.evaluate("document.documentElement.scrollWidth") <= 390
    widths = pw.page.evaluate(
        "Array.from(document.querySelectorAll('.explainer-chart svg'))"
        ".map(s => s.getBoundingClientRect().right)"
    )
    assert widths and max(widths) <= 390
