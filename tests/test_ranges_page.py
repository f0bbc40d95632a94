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
from tests.readout_pages import SET_INPUT, read_table

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
    url = _settled_url(page)
    query = dict(pd.Series(url.split("?", 1)[1].split("&")).str.split("=", n=1).tolist())
    for param in preset.values:
        assert f"projection.{param}" in query, param
    # The shared link, opened afresh: every control and the table come back.
    again = watch()
    again.open(url.split("/", 3)[3])
    assert _inputs(again) == inputs
    assert read_table(again.page, TABLE) == want
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
