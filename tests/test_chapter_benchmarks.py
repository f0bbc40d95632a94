"""The benchmarks chapter: every glued number against an independent computation from the data,
the panel built in a plain kernel, and the built page in Chromium, where the fit window and the
frontier switch change the doubling time the chart shows to the value Python fits.
"""

from __future__ import annotations

import ast
import itertools
import math
import re

import numpy as np
import pandas as pd
import pytest

from explainer import data, trends
from tests.notebooks import glued, run_page
from tests.readout_pages import read_terms
from tests.test_trends_ranges import (
    _lattice,
    _months_one_draw,
    _quantile_dates,
    _range_text,
    expected_range_numbers,
)

PAGE = "chapters/benchmarks.md"
BUILT_PAGE = "chapters/benchmarks.html"
DAYS_PER_MONTH = 365.25 / 12
# The work-time reference lines the issue names, in hours.
WORK_WEEK_HOURS, WORK_MONTH_HOURS = 40, 167


# --- Independent computations ---------------------------------------------------------------


def ols_doubling_months(
    metr: pd.DataFrame, start: int, end: int, frontier_only: bool, column: str = "p50_minutes"
) -> float:
    """Doubling time, in months, of a least-squares line through log2 of ``column`` (METR's
    50% or 80% horizon) against days, over models released in the years start..end (numpy's
    polyfit, not the book's code)."""
    year = metr["release_date"].dt.year
    rows = metr[(year >= start) & (year <= end) & (metr["frontier"] | (not frontier_only))]
    days = (rows["release_date"] - rows["release_date"].min()).dt.days.to_numpy(dtype=float)
    slope = np.polyfit(days, np.log2(rows[column].to_numpy(dtype=float)), 1)[0]
    return 1.0 / slope / DAYS_PER_MONTH


def model_fit(
    metr: pd.DataFrame, start: int, end: int, frontier_only: bool, column: str = "p50_minutes"
):
    """The book's fit (the model under test) over the same window, for its bootstrap interval."""
    return trends.fit_doubling_time(
        metr,
        since=f"{start}-01-01",
        until=f"{end}-12-31",
        frontier_only=frontier_only,
        value=column,
    )


def essay_trend_ranges(anchor: pd.Series, doubling: dict[str, float]) -> dict:
    """When the essay's trends, from its 12-hour figure, reach a work week and a work month:
    the median month and 80% range over the draws, recomputed with the closed forms and the
    independently recomputed default spreads of tests/test_trends_ranges.py (the landing page's
    test does the same from METR's start). (stem, key) -> {"text", "median_months"}."""
    spreads = expected_range_numbers()
    z_doubling, z_start = _lattice()
    starts = anchor["minutes"] * 2 ** (spreads["default_start_spread"] * z_start)
    horizon = pd.Timestamp("2036-01-01")
    out = {}
    for key, months_per_doubling in doubling.items():
        doublings = months_per_doubling * 2 ** (spreads["default_doubling_spread"] * z_doubling)
        for stem, hours in (("week", WORK_WEEK_HOURS), ("month", WORK_MONTH_HOURS)):
            months = [
                _months_one_draw("exponential", hours * 60, s, t, 0.0, None)
                for s, t in zip(starts, doublings, strict=True)
            ]
            q = _quantile_dates(months, pd.Timestamp(anchor["date"]), horizon)
            out[stem, key] = {
                "text": _range_text(*q, horizon),
                "median_months": sorted(months)[len(months) // 2],
            }
    return out


def month_text(date: pd.Timestamp) -> str:
    return date.strftime("%B %Y")


def expected_numbers() -> dict[str, object]:
    metr = data.load("metr_horizons")
    horizons = data.load("task_horizons").set_index("observation_id")
    horizon_trends = data.load("horizon_trends").set_index("observation_id")
    bench = data.load("benchmarks").set_index("observation_id")
    by_id = metr.set_index("model_id")
    out: dict[str, object] = {
        "metr_models": len(metr),
        "metr_frontier_models": int(metr["frontier"].sum()),
        "metr_first_year": metr["release_date"].min().year,
        "metr_last_month": month_text(metr["release_date"].max()),
    }
    first, last = metr["release_date"].min().year, metr["release_date"].max().year
    split = horizons.loc["essay_claude_opus_3", "date"].year
    out["split_year"], out["last_before_split"] = split, split - 1
    for stem, (start, end, frontier, column) in {
        "fit_all": (first, last, True, "p50_minutes"),
        "fit_all_models": (first, last, False, "p50_minutes"),
        "fit_before": (first, split - 1, True, "p50_minutes"),
        "fit_since": (split, last, True, "p50_minutes"),
        # The chart's 80% switch: the starting window fitted to METR's 80% horizons.
        "fit_all_p80": (first, last, True, "p80_minutes"),
    }.items():
        fit = model_fit(metr, start, end, frontier, column)
        out[f"{stem}_months"] = ols_doubling_months(metr, start, end, frontier, column)
        out[f"{stem}_ci_low"] = fit.ci_low / DAYS_PER_MONTH
        out[f"{stem}_ci_high"] = fit.ci_high / DAYS_PER_MONTH
        year = metr["release_date"].dt.year
        out[f"{stem}_n"] = int(
            ((year >= start) & (year <= end) & (metr["frontier"] | (not frontier))).sum()
        )

    # The span of the essay's own figures (the window its "roughly every four months" most
    # plausibly refers to): every model released from its first figure's month to the end of
    # its last figure's period, frontier or not.
    since = horizons.loc["essay_claude_opus_3", "date"]
    until = horizons.loc["essay_claude_opus_4_6", "date_end"]
    window = metr[(metr["release_date"] >= since) & (metr["release_date"] <= until)]
    days = (window["release_date"] - window["release_date"].min()).dt.days.to_numpy(dtype=float)
    slope = np.polyfit(days, np.log2(window["p50_minutes"].to_numpy(dtype=float)), 1)[0]
    out["fit_essay_window_months"] = 1.0 / slope / DAYS_PER_MONTH
    book = trends.fit_doubling_time(metr, since=since, until=until, frontier_only=False)
    out["fit_essay_window_ci_low"] = book.ci_low / DAYS_PER_MONTH
    out["fit_essay_window_ci_high"] = book.ci_high / DAYS_PER_MONTH
    out["fit_essay_window_n"] = len(window)
    out["fit_essay_window_from"] = month_text(window["release_date"].min())
    out["fit_essay_window_to"] = month_text(window["release_date"].max())

    essay = {
        "opus3": "essay_claude_opus_3",
        "sonnet37": "essay_claude_sonnet_3_7",
        "opus46": "essay_claude_opus_4_6",
    }
    for stem, key in essay.items():
        row = horizons.loc[key]
        model = by_id.loc[row["metr_model_id"]]
        out[f"essay_{stem}_minutes"] = row["minutes"]
        out[f"essay_{stem}_hours"] = row["minutes"] / 60
        out[f"essay_{stem}_date"] = month_text(row["date"])
        out[f"essay_{stem}_as_stated"] = row["value_as_stated"]
        out[f"metr_{stem}_minutes"] = model["p50_minutes"]
        out[f"metr_{stem}_ci_low"] = model["p50_ci_low"]
        out[f"metr_{stem}_ci_high"] = model["p50_ci_high"]
        release = model["release_date"]
        out[f"metr_{stem}_date"] = f"{release.day} {month_text(release)}"
    out["news_sonnet37_date"] = month_text(horizons.loc["news_ai_creates_ai_90_minutes", "date"])
    out["news_opus46_date"] = month_text(horizons.loc["news_ai_creates_ai_720_minutes", "date"])
    # Implied doubling between consecutive figures: the essay's at its dates, METR's at the
    # models' release dates.
    essay_dates = {stem: horizons.loc[key, "date"] for stem, key in essay.items()}
    metr_dates = {
        stem: by_id.loc[horizons.loc[key, "metr_model_id"], "release_date"]
        for stem, key in essay.items()
    }
    for i, (a, b) in enumerate(itertools.pairwise(essay), start=1):
        for who, dates in (("essay", essay_dates), ("metr", metr_dates)):
            growth = math.log2(out[f"{who}_{b}_minutes"] / out[f"{who}_{a}_minutes"])
            days = (dates[b] - dates[a]).days
            out[f"{who}_pair{i}_months"] = days / growth / DAYS_PER_MONTH
    out["mythos_hours_low"] = horizons.loc["essay_claude_mythos_preview", "minutes_low"] / 60

    recent = horizon_trends.loc["doubling_time_recent", "value"]
    earlier = horizon_trends.loc["doubling_time_earlier", "value"]
    out["essay_doubling_recent"], out["essay_doubling_earlier"] = recent, earlier
    anchor = horizons.loc["essay_claude_opus_4_6"]
    out["anchor_date"] = month_text(anchor["date"])
    ranges = essay_trend_ranges(anchor, {"recent": recent, "earlier": earlier})
    spreads = expected_range_numbers()
    out["range_doubling_spread"] = spreads["default_doubling_spread"]
    out["range_start_spread"] = spreads["default_start_spread"]
    for stem, hours in (("week", WORK_WEEK_HOURS), ("month", WORK_MONTH_HOURS)):
        out[f"{stem}_hours"] = hours
        for key in ("recent", "earlier"):
            out[f"{stem}_range_{key}"] = ranges[stem, key]["text"]
        medians = {key: ranges[stem, key]["median_months"] for key in ("recent", "earlier")}
        out[f"{stem}_gap_months"] = medians["earlier"] - medians["recent"]
    out["weeks_year"] = horizon_trends.loc["projection_weeks", "date"].year

    out["swe_start_words"] = bench.loc["swe_bench_start", "qualitative"]
    out["swe_start_high"] = bench.loc["swe_bench_start", "value_high"]
    out["swe_years"] = bench.loc["swe_bench_time_to_saturation", "value"]
    out["saturated_pct"] = bench.loc["swe_bench_end", "value_high"]
    out["core_start_pct"] = bench.loc["core_bench_2024", "value"]
    out["core_start_year"] = bench.loc["core_bench_2024", "date"].year
    out["core_months"] = bench.loc["core_bench_time_to_saturation", "value"]

    # What a horizon is: the latest frontier model's 50% and 80% horizons, and the essay's
    # examples of work with a stated human duration.
    frontier = metr[metr["frontier"]].sort_values("release_date")
    latest = frontier.iloc[-1]
    out["latest_model"] = latest["model"]
    out["latest_release_month"] = month_text(latest["release_date"])
    out["latest_p50_hours"] = latest["p50_minutes"] / 60
    out["latest_p80_minutes"] = latest["p80_minutes"]
    out["latest_p50_over_p80"] = latest["p50_minutes"] / latest["p80_minutes"]
    metrics = data.load("internal_metrics").set_index("observation_id")
    out["example_speedup_hours_low"] = metrics.loc["code_speedup_human_hours_to_4x", "value_low"]
    out["example_speedup_hours_high"] = metrics.loc["code_speedup_human_hours_to_4x", "value_high"]
    out["example_crash_days_low"] = metrics.loc["training_crash_human_time", "value_low"]
    out["example_crash_days_high"] = metrics.loc["training_crash_human_time", "value_high"]
    out["example_crash_claude_hours"] = metrics.loc["training_crash_claude_time", "value"]
    out["example_w2s_people"] = metrics.loc["w2s_human_researchers", "value"]
    out["example_w2s_weeks"] = metrics.loc["w2s_human_time", "value"]
    out["example_w2s_agent_hours"] = metrics.loc["w2s_agents_hours", "value"]
    out["example_api_years"] = metrics.loc["api_fixes_human_estimate", "value"]
    out["example_api_fixes"] = metrics.loc["api_fixes_count", "value_low"]
    return out


# --- The page as a notebook -----------------------------------------------------------------


@pytest.fixture(scope="module")
def notebook():
    return run_page(PAGE)


def test_every_glued_number_matches_the_data(notebook):
    got = {name: ast.literal_eval(text) for name, text in glued(notebook).items()}
    expected = expected_numbers()
    assert set(got) == set(expected)
    for name, value in expected.items():
        if isinstance(value, str):
            assert got[name] == value, name
        else:
            assert isinstance(got[name], int | float) and not isinstance(got[name], bool), name
            assert got[name] == pytest.approx(float(value), rel=1e-9), name


def test_the_story_s_claims_hold_in_the_data(notebook):
    """What the prose says about the numbers: the recent trend is faster than the earlier one
    and than the essay's round four months; the essay's first pair is faster than its claim."""
    got = {name: ast.literal_eval(text) for name, text in glued(notebook).items()}
    assert got["fit_since_months"] < got["essay_doubling_recent"] < got["fit_before_months"]
    assert got["essay_pair1_months"] < got["essay_doubling_recent"]
    assert round(got["essay_pair2_months"]) == got["essay_doubling_recent"]
    assert got["mythos_hours_low"] < got["week_hours"]


def test_the_panel_is_built_in_a_plain_kernel(notebook):
    panel_cells = [c for c in notebook.cells if "fit_panel()" in c.get("source", "")]
    assert len(panel_cells) == 1
    cell = panel_cells[0]
    # A notebook reader's cell: it runs, but the web page shows neither its code nor its output.
    assert "remove-cell" in cell.metadata.get("tags", [])
    mimes = {mime for output in cell.outputs for mime in output.get("data", {})}
    assert "application/vnd.jupyter.widget-view+json" in mimes, mimes


def test_the_panel_refits_in_python():
    from explainer.widgets.benchmarks import fit_panel

    metr = data.load("metr_horizons")
    first_year, last_year = metr["release_date"].min().year, metr["release_date"].max().year
    panel = fit_panel(metr)
    start, end, frontier, rate, readout = panel.children[:5]
    first = readout.value
    expected = ols_doubling_months(metr, first_year, last_year, True)
    assert first.startswith(f"Doubling every {expected:.1f} ")
    start.value = 2024
    assert readout.value != first
    assert f"{ols_doubling_months(metr, 2024, end.value, True):.1f} months" in readout.value
    frontier.value = False
    assert f"{ols_doubling_months(metr, 2024, end.value, False):.1f} months" in readout.value
    # The 50%/80% switch refits METR's 80% horizons (polyfit on the p80 column, here).
    rate.value = 80
    p80 = ols_doubling_months(metr, 2024, end.value, False, "p80_minutes")
    assert readout.value.startswith(f"Doubling every {p80:.1f} months")
    assert "80% horizons" in readout.value
    rate.value = 50
    end.value = min(value for _label, value in end.options)
    assert readout.value.startswith("No trend")


def test_the_panel_has_the_success_rate_switch_of_the_page():
    """The panel's switch is the page's: the one specification (`settings.SUCCESS_RATE`) as a
    pair of toggle buttons, 50% by default; switching it redraws the chart with METR's 80%
    column on the y axis."""
    import ipywidgets as widgets

    from explainer import settings
    from explainer.widgets.benchmarks import fit_chart, fit_panel

    panel = fit_panel(data.load("metr_horizons"))
    switches = [w for w in panel.children if isinstance(w, widgets.ToggleButtons)]
    assert len(switches) == 1
    (switch,) = switches
    assert switch.description == settings.SUCCESS_RATE.label
    assert [value for _label, value in switch.options] == [50, 80]
    assert switch.value == settings.SUCCESS_RATE.default == 50
    for rate in (50, 80):
        chart, _ = fit_chart(data.load("metr_horizons"), 2019, 2026, True, rate)
        layers = chart.to_dict()["layer"]
        fields = {layer["encoding"]["y"]["field"] for layer in layers}
        assert fields == {f"p{rate}_minutes", "minutes"}, fields
        assert f"{rate}% success" in layers[0]["encoding"]["y"]["title"]


# --- The built page in Chromium ---------------------------------------------------------------

MARKS_PER_CHART = """
() => Array.from(document.querySelectorAll('.explainer-chart')).map(el => ({
  rendered: el.getAttribute('data-rendered'),
  marks: el.querySelectorAll('svg g.role-mark > path, svg g.role-mark > line, '
                             + 'svg g.role-mark > rect, svg g.role-mark > text').length,
}))
"""
HEADLINE = re.compile(r"^(Doubling every (\d+\.\d) months|No trend.*)$")
FIT_READOUT = "The fitted trend"


def readout(pw) -> tuple[str, str]:
    """The chart's doubling-time line and interval line, read from its readout (the list of
    terms under the chart, found by its name as a screen reader finds it)."""
    terms = read_terms(pw.page, FIT_READOUT)
    assert HEADLINE.match(terms["Trend"]), terms
    return terms["Trend"], terms["Uncertainty"]


def choose(pw, start: int, end: int, frontier: bool) -> tuple[str, str]:
    """Set the chart's controls as a reader would and wait until the readout has redrawn."""
    before = readout(pw)
    bindings = pw.page.locator(".explainer-chart .vega-bindings").first
    bindings.locator("select[name=fit_start]").select_option(str(start))
    bindings.locator("select[name=fit_end]").select_option(str(end))
    bindings.locator("input[name=fit_frontier]").set_checked(frontier)
    try:
        pw.page.wait_for_function(
            "(before) => Array.from(document.querySelectorAll('.explainer-readouts dd'))"
            ".map((dd) => dd.textContent).slice(0, 2).join('|') !== before",
            arg="|".join(before),
            timeout=5_000,
        )
    except Exception:  # the same text is a valid outcome for some pairs of settings
        pass
    pw.page.wait_for_timeout(100)
    return readout(pw)


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_page_draws_three_charts_with_labelled_controls(watch, width):
    pw = watch(width=width)
    pw.open(BUILT_PAGE)
    charts = pw.page.evaluate(MARKS_PER_CHART)
    assert len(charts) == 3, charts
    for chart in charts:
        assert chart["rendered"] == "true" and chart["marks"] > 5, charts
    # vega-embed gives every chart a .vega-bindings box; the two time-horizon charts have
    # inputs (the fit's controls; the log/linear switch on both), the saturation chart none.
    bindings = pw.page.locator(".explainer-chart .vega-bindings:has(input, select)")
    assert bindings.count() == 2, "only the two time-horizon charts have controls"
    assert [b.locator("input[name=y_scale]").count() for b in bindings.all()] == [2, 2]
    assert pw.page.locator(".explainer-chart").first.locator(".vega-bindings select").count() == 2
    labels = bindings.first.inner_text()
    for words in ("Fit from the start of", "to the end of", "state of the art at release"):
        assert words in labels, labels
    # Each control shows its value: the selects their chosen year, the checkbox its state.
    assert bindings.first.locator("select[name=fit_start]").input_value() == "2019"
    assert bindings.first.locator("select[name=fit_end]").input_value() == "2026"
    assert bindings.first.locator("input[name=fit_frontier]").is_checked()
    assert pw.console_errors == [] and pw.page_errors == []


@pytest.mark.browser
def test_fit_window_and_frontier_switch_show_python_s_fit(watch):
    metr = data.load("metr_horizons")
    first_year, last_year = metr["release_date"].min().year, metr["release_date"].max().year
    pw = watch()
    pw.open(BUILT_PAGE)
    default = model_fit(metr, first_year, last_year, True)
    head, interval = readout(pw)
    assert head == f"Doubling every {default.months:.1f} months"
    assert interval.startswith(
        f"95% CI {default.ci_low_months:.1f}–{default.ci_high_months:.1f} months"
    )

    seen = {head}
    for start, end, frontier in [
        (2024, 2026, True),
        (2019, 2023, True),
        (2022, 2025, True),
        (2022, 2025, False),
        (2024, 2026, False),
    ]:
        fit = model_fit(metr, start, end, frontier)
        head, interval = choose(pw, start, end, frontier)
        assert head == f"Doubling every {fit.months:.1f} months", (start, end, frontier)
        assert interval == (
            f"95% CI {fit.ci_low_months:.1f}–{fit.ci_high_months:.1f} months, R² {fit.r2:.2f}"
        ), (start, end, frontier)
        # And independently of the book's code, the point estimate is polyfit's.
        assert float(HEADLINE.match(head).group(2)) == pytest.approx(
            ols_doubling_months(metr, start, end, frontier), abs=0.05
        )
        seen.add(head)
    # The controls really move the number: the window and the frontier switch both change it.
    assert len(seen) >= 4, seen

    head, _ = choose(pw, 2025, 2023, True)
    assert head.startswith("No trend"), head
    assert pw.console_errors == [] and pw.page_errors == []


RANGE = re.compile(
    r"(?P<median>[A-Z][a-z]{2} \d{4}) \(80%: (?P<low>[A-Z][a-z]{2} \d{4}) – "
    r"(?P<high>[A-Z][a-z]{2} \d{4}|after [A-Z][a-z]{2} \d{4} \(\d+% of draws\))\)"
)


def parse_range(text: str) -> dict[str, pd.Period | None]:
    """'Aug 2026 (80%: Mar 2026 – Oct 2028)' -> its three months (None: after the horizon)."""
    match = RANGE.fullmatch(text)
    assert match, text

    def month(text: str) -> pd.Period | None:
        return None if text.startswith("after") else pd.Period(pd.Timestamp(text), "M")

    return {name: month(match[name]) for name in ("low", "median", "high")}


def test_the_landing_pages_ranges_are_the_earlier_ones_as_the_chapter_says(notebook):
    """The chapter says its ranges (from the essay's dated 12-hour figure) start a little later
    than the landing page's and the scenarios chapter's (from METR's measurement at release):
    the same doubling time and spreads, a later start. Compared as ranges: median and both
    ends."""
    from explainer import settings

    got = {name: ast.literal_eval(text) for name, text in glued(notebook).items()}
    # The landing page's and the scenarios chapter's ranges at their defaults.
    start = settings.start_points(data.load("metr_horizons"))[settings.DEFAULTS["start"]]
    spreads = settings.default_spreads()
    landing = trends.milestone_ranges(
        trends.EXPONENTIAL,
        start["date"],
        start["minutes"],
        settings.DEFAULTS["doubling_months"],
        horizon_date=settings.HORIZON_DATE,
        doubling_spread=spreads.doubling_spread,
        start_spread=spreads.start_spread,
    ).set_index("milestone")
    for stem in ("week", "month"):
        chapter = parse_range(got[f"{stem}_range_recent"])
        row = landing.loc[f"1 work {stem}"]
        for end in ("low", "median", "high"):
            landing_month = pd.Period(row[f"{end}_date"], "M")
            # The chapter glues months ("Aug 2026"): compare months, not days.
            assert landing_month <= chapter[end], (stem, end)
    assert pd.Timestamp(got["latest_release_month"]) < pd.Timestamp(got["anchor_date"])


def _section_text(soup, heading: str) -> str:
    section = next(
        s
        for s in soup.select("section")
        if (h2 := s.find("h2", recursive=False)) is not None and heading in h2.get_text()
    )
    for figure in section.select("figure, script, .explainer-chart-table"):
        figure.decompose()  # the prose alone: the chart's table is checked on its own below
    return " ".join(section.get_text(" ").split())


MONTH_YEAR = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? (?:19|20)\d\d\b"
)


def test_the_page_shows_no_bare_point_date_as_a_forecast(built_site):
    """When the essay's trends reach a work week or month is said as a range (median month and
    80% range), labelled a projection, in the prose and in Fig. 4's table; the only other
    months in that section are the data's (the essay's figure, METR's release), never a
    forecast."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((built_site / BUILT_PAGE).read_text(encoding="utf-8"), "html.parser")
    horizons = data.load("task_horizons").set_index("observation_id")
    metr = data.load("metr_horizons")
    latest = metr[metr["frontier"]].sort_values("release_date").iloc[-1]
    # Months the section states as data, not forecasts.
    data_months = {
        month_text(horizons.loc["essay_claude_opus_4_6", "date"]),
        month_text(latest["release_date"]),
    }
    text = _section_text(soup, "two trends")
    ranges = RANGE.findall(text)
    assert len(ranges) == 4, text  # work week and month, under each of the two trends
    assert text.count("Projection,") >= 2, "each forecast is labelled a projection"
    assert "no acceleration and no ceiling" in text, "the assumptions are said beside them"
    rest = RANGE.sub("", text)
    for known in data_months:
        rest = rest.replace(known, "")
    assert MONTH_YEAR.findall(rest) == [], rest
    # Fig. 4's table: each 'Reaches ...' row's date is a projection's range.
    from tests.test_data_tables import only, page_tables, records

    table = only(page_tables(built_site, BUILT_PAGE), "two doubling times")
    reaches = [r for r in records(table) if r["Point"].startswith("Reaches")]
    assert reaches
    for row in reaches:
        assert row["When"].startswith("Projection: "), row
        assert RANGE.fullmatch(row["When"].removeprefix("Projection: ")), row


# --- The 80% switch in Chromium ----------------------------------------------------------------


def _open_fit_table(pw):
    pw.page.locator("details.explainer-chart-table").first.evaluate("(d) => { d.open = true; }")


VISIBLE_TABLE = """
() => { const details = document.querySelector('details.explainer-chart-table');
  const tables = Array.from(details.querySelectorAll('table'))
    .filter((t) => t.offsetParent !== null);
  return tables.map((t) => ({
    columns: Array.from(t.querySelectorAll('thead th')).map((th) => th.textContent.trim()),
    rows: Array.from(t.querySelectorAll('tbody tr')).map((tr) =>
      Array.from(tr.querySelectorAll('th, td')).map((c) => c.textContent.trim())),
  })); }
"""


@pytest.mark.browser
def test_the_80_percent_switch_shows_python_s_80_percent_fit_and_table(watch):
    """Switched to 80%, the readout gives the fit of METR's 80% horizons (computed here with
    numpy's polyfit and the book's bootstrap on the p80 column) and the table under the chart
    lists the 80% horizons and intervals (read from the CSV); switched back, the 50% ones."""
    from tests.test_data_tables import horizon_matches

    metr = data.load("metr_horizons")
    by_model = metr.set_index("model")
    first_year, last_year = metr["release_date"].min().year, metr["release_date"].max().year
    pw = watch()
    pw.open(BUILT_PAGE)
    before = readout(pw)
    pw.page.locator(".explainer-chart").first.locator(
        'input[name="success_rate"][value="80"]'
    ).check()
    pw.page.wait_for_function(
        "(before) => Array.from(document.querySelectorAll('.explainer-readouts dd'))"
        ".map((dd) => dd.textContent).slice(0, 2).join('|') !== before",
        arg="|".join(before),
        timeout=5_000,
    )
    head, interval = readout(pw)
    fit = model_fit(metr, first_year, last_year, True, "p80_minutes")
    p80 = ols_doubling_months(metr, first_year, last_year, True, "p80_minutes")
    assert float(HEADLINE.match(head).group(2)) == pytest.approx(p80, abs=0.05)
    assert head == f"Doubling every {fit.months:.1f} months"
    assert interval == (
        f"95% CI {fit.ci_low_months:.1f}–{fit.ci_high_months:.1f} months, R² {fit.r2:.2f}"
    )
    assert read_terms(pw.page, FIT_READOUT)["Fitted to"].startswith(f"{fit.n} models' 80%")

    _open_fit_table(pw)
    (table,) = pw.page.evaluate(VISIBLE_TABLE)
    assert "80% time horizon" in table["columns"], table["columns"]
    rows = [dict(zip(table["columns"], row, strict=True)) for row in table["rows"]]
    assert sorted(r["Model"] for r in rows) == sorted(by_model.index)
    for row in rows:
        csv = by_model.loc[row["Model"]]
        assert horizon_matches(row["80% time horizon"], csv["p80_minutes"]), row
        low, high = row["95% interval"].split(" to ")
        assert horizon_matches(low, csv["p80_ci_low"]), row
        assert horizon_matches(high, csv["p80_ci_high"]), row

    pw.page.locator(".explainer-chart").first.locator(
        'input[name="success_rate"][value="50"]'
    ).check()
    pw.page.wait_for_timeout(300)
    assert readout(pw) == before
    (table,) = pw.page.evaluate(VISIBLE_TABLE)
    assert "50% time horizon" in table["columns"]
    assert pw.console_errors == [] and pw.page_errors == []


# Fig. 3's texts (the essay's labels, the reference lines' labels, the axis title) against its
# marks: the points (METR's and the essay's) and METR's interval bars, each box widened by
# `CLEARANCE` px, so a label that merely touches a mark counts too.
CLEARANCE = 1.0
TEXTS_AND_MARKS = """
(el, clearance) => { const svg = el.querySelector('svg');
  const box = (n) => { const r = n.getBoundingClientRect();
    return {l: r.left, r: r.right, t: r.top, b: r.bottom}; };
  const shown = (n) => { for (let x = n; x && x !== svg; x = x.parentElement) {
      const s = getComputedStyle(x);
      if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) {
        return false; } }
    return true; };
  const texts = Array.from(svg.querySelectorAll('g.mark-text.role-mark text'))
    .filter((t) => t.textContent.trim() && shown(t))
    .map((t) => ({what: t.textContent, ...box(t)}));
  const points = Array.from(svg.querySelectorAll('g.mark-symbol.role-mark path')).filter(shown)
    .map((p) => ({what: p.getAttribute('aria-label') || 'point', ...box(p)}));
  // Vertical rules: the intervals (the reference lines are horizontal, and their labels sit
  // on them by design).
  const bars = Array.from(svg.querySelectorAll('g.mark-rule.role-mark line')).filter(shown)
    .map((l) => ({what: 'interval bar', ...box(l)})).filter((r) => r.r - r.l < 2);
  const hits = [];
  for (const t of texts) {
    for (const m of [...points, ...bars]) {
      const dx = Math.min(t.r, m.r) - Math.max(t.l, m.l);
      const dy = Math.min(t.b, m.b) - Math.max(t.t, m.t);
      if (dx > -clearance && dy > -clearance) hits.push(`${t.what} | ${m.what.slice(0, 60)}`);
    }
  }
  return {texts: texts.length, marks: points.length + bars.length, hits};
}
"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_fig3_text_clears_every_point_and_interval(watch, width):
    """The essay's labels ('essay: ~4 min' touched a METR point) and every other text of Fig. 3
    stand clear of the points and interval bars, at 50% and at 80%, on the log scale and the
    linear one."""
    pw = watch(width=width)
    pw.open(BUILT_PAGE)
    chart = pw.page.locator(".explainer-chart").first
    chart.scroll_into_view_if_needed()
    pw.page.wait_for_function("(el) => el.dataset.rendered === 'true'", arg=chart.element_handle())
    seen = {}
    for rate, scale in [(50, "log"), (80, "log"), (80, "linear"), (50, "linear")]:
        chart.locator(f'input[name="success_rate"][value="{rate}"]').check()
        chart.locator(f'input[name="y_scale"][value="{scale}"]').check()
        pw.page.wait_for_timeout(300)
        found = chart.evaluate(TEXTS_AND_MARKS, CLEARANCE)
        assert found["marks"] > 20, found  # the check saw METR's points and bars
        seen[rate, scale] = found["hits"]
    assert all(hits == [] for hits in seen.values()), seen
    assert pw.page_errors == [], pw.page_errors


def test_the_fit_charts_table_of_lines_reproduces_every_fit_at_both_rates():
    """The chart ships each fit as two points of its line and its interval, rounded and stored
    by column: read back from the chart's spec, every (window, rate) the book can fit is there
    once, its line equals the model's fitted line (at its first model, its last and the
    chart's right edge) and its interval the bootstrap's, to far better than a pixel."""
    from explainer import charts, settings
    from explainer.charts import benchmarks as page

    metr = data.load("metr_horizons")
    spec = charts.time_horizon_fit_chart().to_dict()
    found = []

    def walk(node):
        if isinstance(node, dict):
            values = node.get("values")
            if isinstance(values, list) and values and isinstance(values[0], dict):
                if "m0" in values[0]:
                    found.append(values[0])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    # The line's layer and the fan's read the same table (Vega-Lite ships it once).
    assert found and all(table == found[0] for table in found), "one table of lines"
    columns = found[0]
    rows = [
        dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)
    ]
    keys = [(r["start"], r["end"], r["frontier"], r["rate"]) for r in rows]
    assert len(keys) == len(set(keys))
    starts, ends = settings.fit_windows(metr)
    expected = 0
    for start, end in itertools.product(starts, ends):
        for frontier, rate in itertools.product((True, False), (50, 80)):
            try:
                fit = model_fit(metr, start, end, frontier, f"p{rate}_minutes")
            except ValueError:
                assert (start, end, frontier, rate) not in keys
                continue
            expected += 1
            row = rows[keys.index((start, end, frontier, rate))]
            span = row["t1"] - row["t0"]
            at = {
                fit.first_date: row["m0"],
                fit.last_date: row["m1"],
                page.CHART_END: row["m0"]
                * (row["m1"] / row["m0"])
                ** ((trends.to_epoch_ms(page.CHART_END) - row["t0"]) / span),
            }
            for date, drawn in at.items():
                assert drawn == pytest.approx(float(fit.predict(date)), rel=1e-5), (start, rate)
            if math.isfinite(fit.ci_low):
                assert row["lo"] == pytest.approx(fit.ci_low_months, rel=1e-6)
                assert row["hi"] == pytest.approx(fit.ci_high_months, rel=1e-6)
            else:
                assert row["lo"] is None and row["hi"] is None
    assert len(rows) == expected
    # The two rates are two fits: METR's 80% horizons lie below its 50% ones.
    by_key = dict(zip(keys, rows, strict=True))
    default = (starts[0], ends[-1], True)
    assert by_key[(*default, 80)]["m1"] < by_key[(*default, 50)]["m1"]
