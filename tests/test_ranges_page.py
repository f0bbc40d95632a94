"""Fig. 11's ranges in the browser: the spread controls, "no uncertainty", the presets and a
shared link, and the bands' edges, each held to the Python model (`explainer.trends`).

The table's cells are compared with `settings.range_text` of `trends.milestone_ranges` at the
same settings (the words are held equal to the Vega expression's by tests/test_parity.py; here
the numbers behind them must follow the controls as the model says).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from explainer import settings, trends
from tests.readout_pages import SET_INPUT, read_table, read_terms

pytestmark = pytest.mark.browser

PAGE_HTML = "chapters/scenarios.html"
TABLE = "When each task length comes into range"
ROWS = {
    "Work day (8 h)": "1 work day",
    "Work week (40 h)": "1 work week",
    "Work month (167 h)": "1 work month",
    "Work year (2,000 h)": "1 work year",
}
COLUMNS = {label: family for family, label in settings.FAMILY_LABELS.items()}


def _expected(
    start_key="metr", doubling=None, accel_pct=None, ceiling_h=None, t_sd=None, s_sd=None
):
    """The table as the model gives it, with unnamed settings at the page's defaults."""
    spreads = settings.default_spreads()
    start = settings.start_points()[start_key]
    doubling = settings.DEFAULTS["doubling_months"] if doubling is None else doubling
    accel = (settings.DEFAULTS["acceleration"] * 100 if accel_pct is None else accel_pct) / 100
    ceiling_h = settings.DEFAULTS["ceiling_hours"] if ceiling_h is None else ceiling_h
    t_sd = spreads.doubling_spread if t_sd is None else t_sd
    s_sd = spreads.start_spread if s_sd is None else s_sd
    out = {}
    for label, family in COLUMNS.items():
        frame = trends.milestone_ranges(
            family,
            start["date"],
            start["minutes"],
            doubling,
            accel,
            ceiling_h * 60,
            settings.HORIZON_DATE,
            t_sd,
            s_sd,
        ).set_index("milestone")
        for row, milestone in ROWS.items():
            out.setdefault(row, {})[label] = settings.range_text(
                frame.loc[milestone], settings.HORIZON_DATE
            )
    return out


@pytest.fixture
def page(watch):
    pw = watch()
    pw.open(PAGE_HTML)
    yield pw
    assert pw.console_errors == [], pw.console_errors
    assert pw.page_errors == [], pw.page_errors


def test_the_table_shows_the_default_ranges(page):
    got = read_table(page.page, TABLE)
    assert got == _expected()
    # Ranges, not points: every reached milestone has its 80% interval.
    assert sum("80%:" in cell for row in got.values() for cell in row.values()) >= 9


@pytest.mark.parametrize(
    ("name", "value", "kwargs"),
    [
        ("doubling_spread", 0.3, {"t_sd": 0.3}),
        ("doubling_spread", 1.8, {"t_sd": 1.8}),
        ("start_spread", 0.5, {"s_sd": 0.5}),
        ("start_spread", 4.2, {"s_sd": 4.2}),
    ],
)
def test_each_spread_control_moves_the_ranges_as_the_model_says(page, name, value, kwargs):
    before = read_table(page.page, TABLE)
    page.page.evaluate(SET_INPUT, [name, value])
    got = read_table(page.page, TABLE)
    assert got == _expected(**kwargs)
    assert got != before


def test_zero_spreads_restore_the_point_projections(page):
    page.page.evaluate(SET_INPUT, ["doubling_spread", 0])
    page.page.evaluate(SET_INPUT, ["start_spread", 0])
    got = read_table(page.page, TABLE)
    start = settings.start_points()["metr"]
    for label, family in COLUMNS.items():
        point = trends.milestones(
            family,
            start["date"],
            start["minutes"],
            settings.DEFAULTS["doubling_months"],
            settings.DEFAULTS["acceleration"],
            settings.DEFAULTS["ceiling_hours"] * 60,
            horizon_date=settings.HORIZON_DATE,
        ).set_index("milestone")
        for row, milestone in ROWS.items():
            if point.loc[milestone, "reached"]:
                want = f"{point.loc[milestone, 'date']:%b %Y} ({settings.AGREE})"
            else:
                want = "never (above the ceiling in every draw)"
            assert got[row][label] == want, (row, label)


def _inputs(pw) -> dict[str, str]:
    return pw.page.evaluate(
        """() => {
          const el = document.querySelector('.explainer-chart [name="doubling_spread"]')
            .closest('.explainer-chart');
          return Object.fromEntries(Array.from(el.querySelectorAll('.vega-bindings [name]'))
            .filter((i) => i.type !== 'radio' || i.checked).map((i) => [i.name, i.value]));
        }"""
    )


def _settled_url(pw) -> str:
    pw.page.wait_for_timeout(400)  # the URL is written once the controls rest (200 ms)
    return pw.page.evaluate("() => location.href")


@pytest.mark.parametrize("preset", settings.projection_presets(), ids=lambda p: p.key)
def test_a_preset_sets_every_control_and_survives_a_shared_link(page, watch, preset):
    button = page.page.locator(f'.explainer-chart-presets button[data-preset="{preset.key}"]')
    assert button.count() == 1
    assert button.inner_text() == preset.label
    button.click()
    page.page.wait_for_timeout(100)
    inputs = _inputs(page)
    for param, value in preset.values.items():
        if isinstance(value, str):
            assert inputs[param] == value, param
        else:
            assert float(inputs[param]) == pytest.approx(value, abs=0.006), param
    doubling = preset.values["doubling_months"]
    want = _expected(
        start_key=preset.values["start_from"],
        doubling=doubling,
        accel_pct=preset.values["acceleration_pct"],
        ceiling_h=settings.CEILING.value(preset.values["ceiling_hours_log10"]),
        t_sd=preset.values["doubling_spread"],
        s_sd=preset.values["start_spread"],
    )
    assert read_table(page.page, TABLE) == want
    know, _ = _know(
        start_key=preset.values["start_from"],
        doubling=doubling,
        ceiling_h=settings.CEILING.value(preset.values["ceiling_hours_log10"]),
        t_sd=preset.values["doubling_spread"],
        s_sd=preset.values["start_spread"],
    )
    assert _read_know(page) == know
    url = _settled_url(page)
    query = dict(pd.Series(url.split("?", 1)[1].split("&")).str.split("=", n=1).tolist())
    for param in preset.values:
        assert f"projection.{param}" in query, param
    # The shared link, opened afresh: every control and the table come back.
    again = watch()
    again.open(url.split("/", 3)[3])
    assert _inputs(again) == inputs
    assert read_table(again.page, TABLE) == want
    assert _read_know(again) == know
    assert again.console_errors == [] and again.page_errors == []


BAND_ROWS = """
() => {
  const el = document.querySelector('.explainer-chart [name="doubling_spread"]')
    .closest('.explainer-chart');
  const view = window.explainerViews[el.id];
  const state = view.getState({signals: () => false, data: () => true, recurse: true});
  for (const key of Object.keys(state.data || {})) {
    let rows;
    try { rows = view.data(key); } catch (e) { continue; }
    if (Array.isArray(rows) && rows.length && 'band_end' in rows[0]) {
      return rows.map((r) => ({family: r.family, minutes: r.target_minutes,
                               low: r.low_date, high: r.high_date, end: r.band_end}));
    }
  }
  return null;
}
"""


def test_the_band_edges_at_each_milestone_are_the_model_s_range(page):
    rows = page.page.evaluate(BAND_ROWS)
    assert rows, "no band rows in the view"
    spreads = settings.default_spreads()
    start = settings.start_points()["metr"]
    checked = 0
    for family in trends.FAMILIES:
        frame = trends.milestone_ranges(
            family,
            start["date"],
            start["minutes"],
            settings.DEFAULTS["doubling_months"],
            settings.DEFAULTS["acceleration"],
            settings.DEFAULTS["ceiling_hours"] * 60,
            settings.HORIZON_DATE,
            spreads.doubling_spread,
            spreads.start_spread,
        )
        for _, want in frame.iterrows():
            drawn = [
                r for r in rows if r["family"] == family and r["minutes"] == want["target_minutes"]
            ]
            if pd.isna(want["low_date"]):
                assert not drawn  # no band where 10% of draws never reach it
                continue
            (band,) = drawn
            low = float(trends.to_epoch_ms(want["low_date"]))
            assert math.isclose(band["low"], low, rel_tol=1e-9)
            if pd.isna(want["high_date"]):
                assert band["high"] is None
                assert band["end"] == float(trends.to_epoch_ms(settings.HORIZON_DATE))
            else:
                high = float(trends.to_epoch_ms(want["high_date"]))
                assert math.isclose(band["high"], high, rel_tol=1e-9)
                assert band["end"] == band["high"]
            checked += 1
    assert checked >= 9


# --- "When will we know?" ------------------------------------------------------------------------

KNOW = "When will we know?"
KNOW_TERM = "At these settings"


def _know(start_key="metr", doubling=None, ceiling_h=None, t_sd=None, s_sd=None):
    """The readout's sentence as the model gives it (`trends.first_separation`, worded by
    `know_text`), with unnamed settings at the page's defaults; and the separation."""
    from explainer.charts.scenarios import know_text

    spreads = settings.default_spreads()
    start = settings.start_points()[start_key]
    separation = trends.first_separation(
        start["date"],
        start["minutes"],
        settings.DEFAULTS["doubling_months"] if doubling is None else doubling,
        (settings.DEFAULTS["ceiling_hours"] if ceiling_h is None else ceiling_h) * 60,
        settings.HORIZON_DATE,
        spreads.doubling_spread if t_sd is None else t_sd,
        spreads.start_spread if s_sd is None else s_sd,
    )
    return know_text(separation, settings.HORIZON_DATE), separation


def _read_know(pw) -> str:
    return read_terms(pw.page, KNOW)[KNOW_TERM]


def test_when_will_we_know_reads_the_model_at_the_defaults(page):
    text, separation = _know()
    assert separation is not None  # the defaults' bands part before the horizon
    assert _read_know(page) == text
    assert f"From {separation.date:%B %Y} " in text


@pytest.mark.parametrize(
    ("moves", "kwargs"),
    [
        # The doubling time, then a spread: each moves the month, to the model's month.
        ([("doubling_months", 7.0)], {"doubling": 7.0}),
        ([("doubling_months", 7.0), ("doubling_spread", 0.3)], {"doubling": 7.0, "t_sd": 0.3}),
        ([("start_spread", 1.0)], {"s_sd": 1.0}),
        ([("ceiling_hours_log10", math.log10(400))], {"ceiling_h": 400.0}),
        ([("start_from", "essay")], {"start_key": "essay"}),
    ],
    ids=["doubling", "doubling+doubling-spread", "start-spread", "ceiling", "start"],
)
def test_when_will_we_know_follows_the_controls(page, moves, kwargs):
    before = _read_know(page)
    for name, value in moves:
        page.page.evaluate(SET_INPUT, [name, value])
    text, separation = _know(**kwargs)
    assert _read_know(page) == text
    default_text, default_separation = _know()
    assert text != before == default_text
    assert separation.date != default_separation.date  # the month itself moved


def test_when_will_we_know_with_no_uncertainty(page):
    """The "no uncertainty" preset: every draw is the point projection, and the plateau, which
    doubles as fast as the exponential at the start and slower ever after (tanh(x) < x), is
    below it from the first month: the bands (now lines) part in the month after the start's."""
    page.page.locator('.explainer-chart-presets button[data-preset="no_uncertainty"]').click()
    page.page.wait_for_timeout(100)
    text, separation = _know(t_sd=0.0, s_sd=0.0)
    assert _read_know(page) == text
    start = settings.start_points()["metr"]
    month_after = start["date"].to_period("M").to_timestamp() + pd.offsets.MonthBegin(1)
    assert separation.date == month_after
    assert text.startswith(f"From {month_after:%B %Y} ")


# Where the readouts and presets of Fig. 11 sit: boxes in CSS pixels.
LAYOUT = """
() => {
  const chart = document.querySelector('.explainer-chart [name="doubling_spread"]')
    .closest('.explainer-chart');
  const box = document.querySelector(`.explainer-readouts[data-for="${chart.id}"]`);
  const parts = Array.from(box.children);
  const know = parts.find((p) => p.textContent.startsWith('When will we know?'));
  const rect = (el) => el.getBoundingClientRect();
  const buttons = Array.from(document.querySelectorAll('.explainer-chart-presets button'));
  return {
    box: rect(box).width, know: rect(know).width, knowTop: rect(know).top,
    knowIndex: parts.indexOf(know), tableBottom: rect(box.querySelector('table')).bottom,
    viewport: document.documentElement.clientWidth,
    buttons: buttons.map((b) => ({top: Math.round(rect(b).top), right: rect(b).right})),
  };
}
"""


@pytest.mark.parametrize("width", [1280, 390])
def test_when_will_we_know_has_its_own_line_and_the_presets_one_row(watch, width):
    """The answer reads across the readouts' width, right under the milestone table (not a
    thin column beside the legend), and the four presets share one row on a desktop (two on
    a phone), none past the screen's edge."""
    pw = watch(width=width)
    pw.open(PAGE_HTML)
    got = pw.page.evaluate(LAYOUT)
    assert got["knowIndex"] == 1
    assert got["know"] >= 0.95 * got["box"]
    assert got["knowTop"] >= got["tableBottom"]
    rows = {b["top"] for b in got["buttons"]}
    assert len(got["buttons"]) == len(settings.projection_presets())
    assert len(rows) == (1 if width == 1280 else 2)
    assert all(b["right"] <= got["viewport"] for b in got["buttons"])
    assert pw.console_errors == [] and pw.page_errors == []
