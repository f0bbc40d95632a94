"""The Timeline chapter: every glued value recomputed from the data, and the page in a browser.

The expected values are computed here from the CSV files (and the essay's text), not by
calling `explainer.numbers.timeline`, so a wrong number on the page fails.
"""

from __future__ import annotations

import ast
import re

import pandas as pd
import pytest

from explainer import data
from tests.data_fixtures import SHARED_AVAILABLE, SHARED_MISSING_REASON
from tests.notebooks import glued, run_page

PAGE = "chapters/timeline.md"
HTML = "chapters/timeline.html"
ESSAY = "essay_when_ai_builds_itself"


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def expected_values() -> dict[str, object]:
    eras = data.load("eras")
    timeline = data.load("timeline")
    sources = data.load("sources")
    metrics = data.load("internal_metrics")

    def event(event_id: str) -> pd.Series:
        return timeline[timeline["event_id"] == event_id].iloc[0]

    def source(source_id: str) -> pd.Series:
        return sources[sources["source_id"] == source_id].iloc[0]

    roles = timeline.merge(sources[["source_id", "role"]], on="source_id", how="left")["role"]
    loc = metrics[metrics["topic"] == "lines_of_code_per_engineer"]
    constant = loc[loc["qualitative"] == "constant"].iloc[0]
    bends = loc[loc["note"].fillna("").str.contains("inflection")].sort_values("date")
    assert len(bends) == 2, bends  # the essay's two inflection points
    q2 = loc[
        (loc["source_id"] == ESSAY)
        & (loc["unit"] == "multiplier")
        & (loc["date_precision"] == "quarter")
    ].iloc[0]
    share = metrics[(metrics["topic"] == "merged_code_share") & (metrics["source_id"] == ESSAY)]
    before = share[share["qualitative"].notna()].iloc[0]
    after = share[share["value_low"].notna() & share["date"].notna()].sort_values("date").iloc[-1]
    preview = event("claude_code_research_preview")
    essay = source(ESSAY)
    sherwood = source("news_sherwood_ponders")["date"]
    months = (pd.Period(essay["date"], "M") - pd.Period(preview["date"], "M")).n

    return {
        "tl_n_eras": len(eras),
        "tl_n_dated_eras": int(eras["start_year"].count()),
        "tl_first_year": int(eras.sort_values("order")["start_year"].iloc[0]),
        "tl_n_milestones": len(timeline),
        "tl_n_dated_by_writeups": int((roles == "secondary").sum()),
        "tl_n_dated_by_essay": int((timeline["source_id"] == ESSAY).sum()),
        "tl_founded_date": event("anthropic_founded")["date_text"],
        "tl_claude_code_date": preview["date_text"],
        "tl_opus_4_6_event": event("claude_opus_4_6")["event"],
        "tl_opus_4_6_date": event("claude_opus_4_6")["date_text"],
        "tl_mythos_date": event("claude_mythos_preview")["date_text"],
        "tl_mythos_writeup_date": event("claude_mythos_preview_writeup_release")["date_text"],
        # The essay states no date of its own: the month the write-ups place it in.
        "tl_essay_date": f"{essay['date'].month_name()} {essay['date'].year}",
        "tl_sherwood_date": f"{sherwood.day} {sherwood.month_name()} {sherwood.year}",
        "tl_published_precision": event("essay_published")["date_precision"],
        "tl_months_preview_to_essay": months,
        "tl_constant_from": constant["date"].year,
        "tl_constant_to": constant["date_end"].year,
        "tl_inflection_1_year": bends["date"].iloc[0].year,
        "tl_inflection_2_year": bends["date"].iloc[1].year,
        "tl_quote_inflection_1": bends["quote"].iloc[0],
        "tl_quote_inflection_2": bends["quote"].iloc[1],
        "tl_loc_multiple": float(q2["value"]),
        "tl_loc_period": q2["date_text"],
        "tl_loc_baseline": q2["baseline"],
        "tl_quote_loc": q2["quote"],
        "tl_share_before": before["qualitative"],
        "tl_share_after": float(after["value_low"]),
        "tl_share_after_date": f"{after['date'].month_name()} {after['date'].year}",
        # Industry context, as the BestHub summary states it (the essay names none of it).
        "tl_recursive_usd_millions": 650.0,
        "tl_iclr_workshop": "“AI Recursive Self‑Improvement” workshop",
        "tl_iclr_when": "ICLR 2026",
        "tl_alphaevolve_what": "evolution-style agent that mutates and selects algorithms",
        "tl_alphaevolve_result": (
            "superhuman performance on mathematical-algorithm and chip-design tasks"
        ),
        "tl_context_source": source("news_internal_metrics")["short_name"],
    }


@pytest.fixture(scope="module")
def page_values() -> dict[str, object]:
    """What the page glued, parsed back from its text/plain form."""
    return {name: ast.literal_eval(text) for name, text in glued(run_page(PAGE)).items()}


def test_the_page_glues_exactly_the_expected_names(page_values):
    assert set(page_values) == set(expected_values())


@pytest.mark.parametrize("name", sorted(expected_values()))
def test_each_glued_value_equals_the_value_computed_from_the_data(page_values, name):
    expected = expected_values()[name]
    got = page_values[name]
    if isinstance(expected, float):
        assert isinstance(got, float), (name, got)
        assert got == pytest.approx(expected), name
    else:
        assert type(got) is type(expected) and got == expected, (name, got, expected)


def test_known_values_hold():
    """A few values checked against what the essay plainly says, so a data edit that changes
    them is noticed here too."""
    values = expected_values()
    assert values["tl_n_eras"] == 5
    assert (values["tl_inflection_1_year"], values["tl_inflection_2_year"]) == (2025, 2026)
    assert values["tl_loc_multiple"] == 8
    assert values["tl_months_preview_to_essay"] == 16


@pytest.mark.skipif(not SHARED_AVAILABLE, reason=SHARED_MISSING_REASON)
def test_the_quotes_are_the_essays_words():
    essay = _fold((data.SHARED_DIR / "sources" / "anthropic-when-ai-builds-itself.txt").read_text())
    values = expected_values()
    for name in ("tl_quote_inflection_1", "tl_quote_inflection_2", "tl_quote_loc"):
        assert _fold(values[name]) in essay, name
    # The years glued beside each quote are the ones the quote names.
    assert str(values["tl_inflection_1_year"]) in values["tl_quote_inflection_1"]
    assert str(values["tl_inflection_2_year"]) in values["tl_quote_inflection_2"]


# --------------------------------------------------------------------------- in the browser

MARKS = """
() => {
  const chart = document.querySelector('.explainer-chart');
  const svg = chart.querySelector('svg');
  const box = svg.getBoundingClientRect();
  const group = (name) => Array.from(svg.querySelectorAll(`g.${name}_marks > *`));
  // A multi-line text is one <text> of <tspan> lines: join them with spaces.
  const txt = (el) => { const lines = el.querySelectorAll('tspan');
    return lines.length ? Array.from(lines).map(t => t.textContent).join(' ') : el.textContent; };
  const rect = (el) => { const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  return {
    charts: document.querySelectorAll('.explainer-chart').length,
    rendered: chart.getAttribute('data-rendered'),
    svg: {left: box.left, right: box.right, width: box.width},
    bands: group('era_bands').length,
    open: group('open_era').length,
    bars: group('milestone_bars').length,
    labels: group('milestone_labels').map(el => ({text: txt(el), box: rect(el)})),
    dates: group('milestone_dates').map(el => ({text: txt(el), box: rect(el)})),
    names: group('era_names').map(txt),
    inflections: group('inflections').map(txt),
    texts: Array.from(svg.querySelectorAll('g.role-mark text')).map(rect),
  };
}
"""


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"] - 1
        and (b["top"] < a["bottom"] - 1)
    )


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_the_timeline_draws_every_era_and_milestone_readably(watch, width):
    eras = data.load("eras")
    timeline = data.load("timeline")
    pw = watch(width=width)
    pw.open(HTML)
    got = pw.page.evaluate(MARKS)
    assert pw.console_errors == [] and pw.page_errors == [], (pw.console_errors, pw.page_errors)
    assert got["charts"] == 1 and got["rendered"] == "true"
    assert got["bands"] == eras["start_year"].count()  # one band per dated era
    assert got["open"] == eras["start_year"].isna().sum() == 1  # '20XX?'
    assert got["bars"] == len(timeline)
    # Every era and milestone is named on the chart (labels wrap on a phone).
    assert sorted(got["names"]) == sorted(f"{e.period_label} {e.title}" for e in eras.itertuples())
    assert sorted(label["text"] for label in got["labels"]) == sorted(timeline["event"])
    assert len(got["inflections"]) == 2
    # Each date reads as the source gives it; an approximate one says 'about'.
    dates = sorted(d["text"] for d in got["dates"])
    expected = [
        t if p != "approximate" or t.startswith("about") else f"about {t}"
        for t, p in zip(timeline["date_text"], timeline["date_precision"], strict=True)
    ]
    assert dates == sorted(expected)
    assert any(d.startswith("about ") for d in dates)
    # Readable: no text runs outside the chart, and no two milestone labels overlap.
    for box in got["texts"]:
        assert box["right"] <= got["svg"]["right"] + 1, (box, got["svg"])
        assert box["left"] >= got["svg"]["left"] - 1, (box, got["svg"])
    blocks = [item["box"] for item in got["labels"] + got["dates"]]
    for i, a in enumerate(blocks):
        for b in blocks[i + 1 :]:
            assert not _overlap(a, b), (a, b)
    assert got["svg"]["right"] <= width
    assert pw.page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("form", ["_wide", "_narrow"])
def test_each_milestone_label_sits_beside_its_bar(form):
    """Labels are spread so they do not overlap, each form (one-line on a desktop, wrapped on
    a phone) for its own height: spaced for the wrapped form everywhere, the one-line labels
    drifted up to 85 px from their bars, into the era before (November 2025's beside May
    2025's bar, February 2026's in the 2025 era). On the desktop form each label's date line
    is within 40 px of its bar; on both, the labels keep the bars' order."""
    from explainer.charts import timeline as timeline_chart

    essay = data.load("sources").set_index("source_id").loc["essay_when_ai_builds_itself"]
    today_end = essay["date_end"] + pd.Timedelta(days=1)
    pieces = timeline_chart._pieces(today_end + timeline_chart.FUTURE_SPAN, today_end)
    spec = timeline_chart.timeline_chart().to_dict()
    rows = next(
        v for v in spec["datasets"].values() if v and f"date_at{form}" in v[0] and "mid" in v[0]
    )

    def px(moment: str) -> float:
        return timeline_chart._px(pd.Timestamp(moment), pieces)

    starts = [px(r[f"date_at{form}"]) for r in rows]
    assert starts == sorted(starts)
    if form == "_wide":
        gaps = {r["event"]: px(r[f"leader_at{form}"]) - px(r["mid"]) for r in rows}
        assert max(abs(g) for g in gaps.values()) <= 40, gaps


@pytest.mark.browser
def test_hovering_a_milestone_shows_its_date_precision_and_source(watch):
    pw = watch()
    pw.open(HTML)
    bar = pw.page.locator("svg g.milestone_bars_marks > line").nth(2)
    bar.scroll_into_view_if_needed()
    bar.hover(force=True)
    tooltip = pw.page.get_by_role("tooltip")  # the loader's tooltip box (explainer-tooltip)
    tooltip.wait_for(state="visible", timeout=5_000)
    text = tooltip.inner_text()
    preview = data.load("timeline").sort_values("date").iloc[2]
    assert preview["event"] in text
    assert preview["date_text"] in text
    assert "Date precision" in text and "Source" in text


@pytest.mark.browser
def test_clicking_an_era_highlights_it_and_double_click_clears(watch):
    pw = watch()
    pw.open(HTML)
    bands = pw.page.locator("svg g.era_bands_marks > path")
    opacity = (
        "() => Array.from(document.querySelectorAll('svg g.era_bands_marks > path'))"
        ".map(p => Number(p.getAttribute('opacity') ?? 1))"
    )
    before = pw.page.evaluate(opacity)
    assert len(set(before)) == 1, before  # nothing picked: all bands alike
    third = bands.nth(2)  # the third era, 'Coding agents'
    third.scroll_into_view_if_needed()
    # A point of the band that no text covers (names, labels and descriptions sit on top).
    x, y = pw.page.evaluate(
        """() => {
          const band = document.querySelectorAll('svg g.era_bands_marks > path')[2];
          const r = band.getBoundingClientRect();
          for (let fy = 0.95; fy > 0.05; fy -= 0.05)
            for (let fx = 0.02; fx < 1; fx += 0.04) {
              const x = r.left + fx * r.width, y = r.top + fy * r.height;
              if (document.elementFromPoint(x, y) === band) return [x, y];
            }
          return [null, null];
        }"""
    )
    assert x is not None, "no uncovered point on the band"
    pw.page.mouse.click(x, y)
    pw.page.wait_for_timeout(300)
    after = pw.page.evaluate(opacity)
    assert after[2] == max(after) and sorted(after)[-2] < after[2], after
    store = pw.page.evaluate(
        "() => Object.values(window.explainerViews)[0].data('era_store').map(t => t.values[0])"
    )
    eras = data.load("eras").sort_values("order")
    assert store == [eras["era_id"].iloc[2]]
    pw.page.mouse.dblclick(x, y)
    pw.page.wait_for_timeout(300)
    assert len(set(pw.page.evaluate(opacity))) == 1
