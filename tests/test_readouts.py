"""Readouts as HTML: the metadata charts declare, and the tables the browser draws from it.

A chart names its readouts in `usermeta.explainer.readouts` (see
`explainer/charts/_readouts.py`); `explainer/static/explainer-readouts.js` draws them as a
`<table>` or `<dl>` under the chart and keeps them in step with the chart's signals. The unit
tests check the metadata against the compiled Vega spec; the browser tests read the tables as a
screen reader would (by role and name), move controls, and check phone width and exports.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from explainer import data, style, trends
from explainer.charts import _readouts
from tests import specs
from tests.readout_pages import SET_INPUT, read_table, read_terms

ROOT = Path(__file__).resolve().parents[1]
CSS = ROOT / "explainer" / "static" / "explainer.css"

# The charts that state numbers in words, and the captions of their readouts.
READOUT_CHARTS = {
    "scenario_projection_chart": [
        "When each task length comes into range: median month (80% range)",
        "When will we know?",
        "The three projections",
    ],
    "amdahl_chart": ["At these settings", "Time for the same work, as a share of the time before"],
    "backtest_chart": ["How the forecast did"],
    "time_horizon_fit_chart": ["The fitted trend"],
}


@pytest.fixture(scope="module")
def compiled() -> dict[str, dict]:
    return {name: specs.compiled(name) for name in READOUT_CHARTS}


def _texts_in_marks(node) -> list[str]:
    """What a compiled spec's text marks draw: their `text` channel (a value, or the string
    literals of its expression) in every encoding set."""
    found: list[str] = []
    if isinstance(node, dict):
        if node.get("type") == "text":
            for encoding in node.get("encode", {}).values():
                text = json.dumps(encoding.get("text", ""))
                found += re.findall(r"'([^']+)'", text) + re.findall(r'"value": "([^"]+)"', text)
        for value in node.values():
            found += _texts_in_marks(value)
    elif isinstance(node, list):
        for value in node:
            found += _texts_in_marks(value)
    return found


@pytest.mark.parametrize("name", READOUT_CHARTS)
def test_every_signal_a_readout_names_exists_in_the_compiled_spec(compiled, name):
    spec = compiled[name]
    readouts = spec["usermeta"]["explainer"]["readouts"]
    assert [r["caption"] for r in readouts] == READOUT_CHARTS[name]
    signals = {s["name"]: s for s in spec.get("signals", [])}
    named = _readouts.signal_names(readouts)
    assert named, "a readout with no cells"
    assert named <= set(signals), sorted(named - set(signals))
    for signal in named:
        # Each is derived from the controls by an expression, not a control itself.
        assert "update" in signals[signal] and "bind" not in signals[signal], signals[signal]
    for readout in readouts:
        assert readout["kind"] in {"table", "dl"}
        width = len(readout["columns"]) - 1 if readout["kind"] == "table" else 1
        for row in readout["rows"]:
            assert row["header"] and len(row["cells"]) == width, row


@pytest.mark.parametrize("name", READOUT_CHARTS)
def test_the_readouts_are_no_longer_drawn_inside_the_view(compiled, name):
    """Their captions and labels are in the HTML, not placed as text marks in the chart."""
    spec = compiled[name]
    drawn = _texts_in_marks(spec.get("marks", []))
    texts = " | ".join(drawn)
    readouts = spec["usermeta"]["explainer"]["readouts"]
    outside_meta = json.dumps({k: v for k, v in spec.items() if k != "usermeta"})
    for readout in readouts:
        assert readout["caption"] not in texts
        assert readout["caption"] not in outside_meta
        for row in readout["rows"]:
            # (A chart may still label a mark with a word a readout uses, e.g. "Start".)
            assert not any(t.startswith(row["header"] + " ") for t in drawn), row["header"]
    names = json.dumps([m.get("name") for m in spec.get("marks", [])])
    for gone in ("milestone_exponential", "amdahl_readout", "backtest_note", "assumption_"):
        assert gone not in names


def test_the_milestone_cells_name_each_family_s_range_row(compiled):
    """Each cell reads its family's and milestone's row of the ranges the view computes (the
    dataset marked `milestone_ranges`), and that dataset exists in the compiled spec."""
    spec = compiled["scenario_projection_chart"]
    table = spec["usermeta"]["explainer"]["readouts"][0]
    families = [c.get("role") for c in table["columns"][1:]]
    assert families == list(trends.FAMILIES)
    for row, milestone in zip(table["rows"], trends.MILESTONES, strict=True):
        assert [c["match"] for c in row["cells"]] == [
            {"family": f, "milestone_name": milestone} for f in families
        ]
        assert {(c["dataset"], c["field"]) for c in row["cells"]} == {("milestone_ranges", "text")}
    marked = [
        d
        for d in spec["data"]
        if any(
            t.get("as") == "readout_dataset" and t.get("expr") == '"milestone_ranges"'
            for t in d.get("transform", [])
        )
    ]
    assert len(marked) == 1
    assert [r["header"].split(" (")[0] for r in table["rows"]] == [
        f"Work {k.split()[-1]}" for k in trends.MILESTONES
    ]


def test_when_will_we_know_reads_the_first_separation_on_its_own_line(compiled):
    """'When will we know?' is one cell reading the row the view computes (the dataset marked
    `first_separation`, which exists once), set on its own line (``wide``) right under the
    milestone table; the mark that carries that row draws no text (a sentence drawn even
    invisibly counts in the chart's bounds and squeezed the plot)."""
    spec = compiled["scenario_projection_chart"]
    readouts = spec["usermeta"]["explainer"]["readouts"]
    know = readouts[1]
    assert know["caption"] == "When will we know?" and know["wide"] is True
    assert [r["cells"] for r in know["rows"]] == [
        [{"dataset": "first_separation", "match": {}, "field": "text"}]
    ]
    assert not any(r.get("wide") for r in readouts if r is not know)
    marked = [
        d["name"]
        for d in spec["data"]
        if any(
            t.get("as") == "readout_dataset" and t.get("expr") == '"first_separation"'
            for t in d.get("transform", [])
        )
    ]
    assert len(marked) == 1
    (mark,) = [m for m in spec["marks"] if m.get("from", {}).get("data") == marked[0]]
    assert mark["encode"]["update"]["text"] == {"value": ""}


def test_the_family_colours_in_the_css_are_the_style_roles():
    css = CSS.read_text(encoding="utf-8").lower()
    root = re.search(r":root\s*{([^}]*)}", css).group(1)
    dark = re.search(r'html\[data-theme="dark"\]\s*{([^}]*)}', css).group(1)
    for family in trends.FAMILIES:
        role = style.ROLES[family]
        assert f"--explainer-role-{family}: {role.light.lower()};" in root, family
        assert f"--explainer-role-{family}: {role.dark.lower()};" in dark, family


def test_a_table_row_must_fill_every_column():
    with pytest.raises(ValueError, match="cells"):
        _readouts.table("T", ["a", "b", "c"], [_readouts.row("r", ["only_one"])])
    with pytest.raises(ValueError, match="one value"):
        _readouts.dl("L", [_readouts.row("r", ["a", "b"])])


# --- In the browser ----------------------------------------------------------------------------

SCENARIOS = "chapters/scenarios.html"
BENCHMARKS = "chapters/benchmarks.html"
MILESTONES = "When each task length comes into range"
HORIZON = pd.Timestamp("2036-01-01")


def _week_month(doubling: float) -> str:
    """The work week's cell under the exponential family: its median month and 80% range at
    the page's default spreads (a range, never a point date alone)."""
    from explainer import settings

    metr = data.load("metr_horizons")
    latest = metr[metr["frontier"]].sort_values("release_date").iloc[-1]
    spreads = settings.default_spreads(metr)
    table = trends.milestone_ranges(
        trends.EXPONENTIAL,
        latest["release_date"],
        latest["p50_minutes"],
        doubling,
        horizon_date=HORIZON,
        doubling_spread=spreads.doubling_spread,
        start_spread=spreads.start_spread,
    ).set_index("milestone")
    text = settings.range_text(table.loc["1 work week"], HORIZON)
    assert "80%" in text
    return text


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_the_milestone_table_is_a_table_that_follows_the_doubling_slider(watch, width):
    pw = watch(width=width)
    pw.open(SCENARIOS)
    table = read_table(pw.page, MILESTONES)
    assert list(table) == [
        "Work day (8 h)",
        "Work week (40 h)",
        "Work month (167 h)",
        "Work year (2,000 h)",
    ]
    assert list(table["Work week (40 h)"]) == ["Exponential", "Accelerating", "Plateau"]
    assert table["Work week (40 h)"]["Exponential"] == _week_month(4.0)
    assert pw.page.evaluate(SET_INPUT, ["doubling_months", 7]) == "7"
    moved = read_table(pw.page, MILESTONES)
    assert moved["Work week (40 h)"]["Exponential"] == _week_month(7.0)
    assert moved["Work week (40 h)"]["Exponential"] != table["Work week (40 h)"]["Exponential"]
    legend = read_terms(pw.page, "The three projections")
    assert legend["Exponential"] == "doubles every 7.0 months"
    assert pw.console_errors == [] and pw.page_errors == []


OFFSCREEN = """
() => {
  const width = document.documentElement.clientWidth;
  const cells = Array.from(document.querySelectorAll('.explainer-readouts th, '
                                                     + '.explainer-readouts td, '
                                                     + '.explainer-readouts dt, '
                                                     + '.explainer-readouts dd'));
  return {
    cells: cells.length,
    off: cells.filter((c) => {
      const r = c.getBoundingClientRect();
      return r.left < -0.5 || r.right > width + 0.5;
    }).map((c) => c.textContent),
    scrolls: document.documentElement.scrollWidth > width,
  };
}
"""


@pytest.mark.browser
@pytest.mark.parametrize("page", [SCENARIOS, BENCHMARKS])
def test_at_phone_width_no_readout_column_is_off_screen(watch, page):
    pw = watch(width=390)
    pw.open(page)
    found = pw.page.evaluate(OFFSCREEN)
    assert found["cells"] > 0
    assert found["off"] == [], found["off"]
    assert not found["scrolls"], "the page scrolls sideways"


@pytest.mark.browser
def test_the_readouts_survive_a_theme_switch_and_stay_live(watch):
    pw = watch()
    pw.open(SCENARIOS)
    pw.page.evaluate("() => { document.documentElement.dataset.theme = 'dark'; }")
    pw.page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.explainer-chart'))"
        ".every((el) => el.getAttribute('data-theme') === 'dark')"
    )
    pw.page.evaluate("() => window.explainerChartsReady")
    assert pw.page.locator(".explainer-readouts").count() == 3  # drawn once per chart
    pw.page.evaluate(SET_INPUT, ["doubling_months", 6])
    assert read_table(pw.page, MILESTONES)["Work week (40 h)"]["Exponential"] == _week_month(6.0)
    # The family's swatch takes the role's dark colour.
    colour = pw.page.evaluate(
        "() => getComputedStyle(document.querySelector("
        "'th.explainer-readouts-role-exponential .explainer-readouts-swatch')).color"
    )
    r, g, b = (int(v) for v in re.findall(r"\d+", colour)[:3])
    assert f"#{r:02x}{g:02x}{b:02x}" == style.EXPONENTIAL.dark.lower()


@pytest.mark.browser
def test_an_svg_export_carries_the_readout_lines(watch):
    pw = watch()
    pw.open(SCENARIOS)
    pw.page.evaluate(SET_INPUT, ["doubling_months", 7])
    meta = pw.page.locator(".explainer-chart-meta").first
    with pw.page.expect_download() as info:
        meta.get_by_role("button", name="Download SVG").click()
    svg = ET.fromstring(Path(info.value.path()).read_bytes())
    groups = [
        g
        for g in svg.iter("{http://www.w3.org/2000/svg}g")
        if g.get("class") == "explainer-export-footer"
    ]
    assert len(groups) == 1
    # The footer's lines, wrapped at the image's width, joined again.
    footer = " ".join(
        "".join(t.itertext()) for t in groups[0].iter("{http://www.w3.org/2000/svg}text")
    )
    assert f"{MILESTONES}:" in footer
    assert f"Exponential {_week_month(7.0)}" in footer
    assert "doubles every 7.0 months" in footer


# --- Fig. 11's time axis -----------------------------------------------------------------------


def test_the_projection_chart_has_a_labelled_time_axis_and_y_title(compiled):
    spec = compiled["scenario_projection_chart"]
    x_axes = [a for a in spec.get("axes", []) if a["scale"] == "x" and a.get("labels", True)]
    assert len(x_axes) == 1, spec.get("axes")
    assert x_axes[0]["format"] == "%Y" and "Year" in x_axes[0]["title"]
    x_scale = next(s for s in spec["scales"] if s["name"] == "x")
    assert x_scale["type"] == "utc"
    # The y axis's title is a text layer that names the scale's mode (see `_base.y_title`).
    drawn = json.dumps({k: v for k, v in spec.items() if k not in ("usermeta", "description")})
    assert "Task length (log scale)" in drawn


AXIS_LABELS = """
(i) => {
  const el = document.querySelectorAll('.explainer-chart')[i];
  const svg = el.querySelector('svg').getBoundingClientRect();
  const labels = Array.from(el.querySelectorAll('svg .role-axis-label text'));
  return labels.map((t) => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, inside: r.left >= svg.left - 0.5 && r.right <= svg.right + 0.5
            && r.top >= svg.top - 0.5 && r.bottom <= svg.bottom + 0.5,
            size: parseFloat(getComputedStyle(t).fontSize) || Number(t.getAttribute('font-size'))};
  });
}
"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_fig_11_shows_years_on_its_time_axis(watch, width):
    pw = watch(width=width)
    pw.open(SCENARIOS)
    labels = pw.page.evaluate(AXIS_LABELS, 0)
    years = [int(x["text"]) for x in labels if re.fullmatch(r"20\d\d", x["text"])]
    assert len(years) >= 3 and years == sorted(years), labels
    assert years[0] <= 2026 and years[-1] >= 2034, years
    assert all(x["inside"] for x in labels), [x for x in labels if not x["inside"]]
    assert all(x["size"] >= 10 for x in labels), labels
