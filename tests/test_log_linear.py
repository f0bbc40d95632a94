"""The log/linear switch of the time-horizon charts.

Vega-Lite cannot bind a scale's type, so each chart plots log10 of the value or the value itself
on a linear scale (`explainer.charts._base`). In the spec: every time-horizon chart carries the
switch and plots only the switched field on y, and its tooltips show real values. In the browser
(the built site): switching to linear changes the axis to evenly spaced ticks and keeps the
points in place relative to each other (same x, same vertical order, y affine in the value, as
it was affine in log10 of the value), switching back restores the picture exactly, and a link
with `?<chart key>.y_scale=linear` opens the chart in linear mode.
"""

from __future__ import annotations

import itertools
import math
import re

import numpy as np
import pytest

from explainer import charts
from explainer.charts import _base

TIME_HORIZON_CHARTS = [
    charts.time_horizon_chart,
    charts.time_horizon_fit_chart,
    charts.doubling_trends_chart,
    charts.scenario_projection_chart,
    charts.backtest_chart,
]
# Built page -> how many time-horizon charts it shows.
PAGES = {"intro.html": 1, "chapters/benchmarks.html": 2, "chapters/scenarios.html": 2}
PLOTTED = {_base.Y_PLOT, _base.Y2_PLOT, _base.Y_VALUE}


# --- The specs --------------------------------------------------------------------------------


def _units(node):
    """Every single-view spec (one with a mark) inside a layered spec."""
    if isinstance(node, dict):
        if "mark" in node:
            yield node
        for child in node.get("layer", []):
            yield from _units(child)


def _field(channel) -> str | None:
    return channel.get("field") if isinstance(channel, dict) else None


@pytest.mark.parametrize("builder", TIME_HORIZON_CHARTS, ids=lambda f: f.__name__)
def test_every_time_horizon_chart_carries_the_switch(builder):
    spec = builder().to_dict(validate=True)
    params = {p["name"]: p for p in spec.get("params", [])}
    switch = params[_base.Y_SCALE]
    assert switch["value"] == "log"
    assert switch["bind"]["input"] == "radio"
    assert switch["bind"]["options"] == ["log", "linear"]
    assert switch["bind"]["name"].strip() == "Vertical scale"
    plotted = 0
    for unit in _units(spec):
        encoding = unit.get("encoding", {})
        y = encoding.get("y", {})
        # A field placed in pixels (`scale: null`: the scenario table's rows) is not on the
        # y scale; every other y field is.
        if _field(y) is not None and not ("scale" in y and y["scale"] is None):
            # Every layer plots the switched field on a linear scale: never a raw value, and
            # never a log scale (which the switch could not change).
            assert _field(y) == _base.Y_PLOT, unit
            assert y.get("scale", {}).get("type", "linear") == "linear", unit
            plotted += 1
        if _field(encoding.get("y2")) is not None:
            assert _field(encoding["y2"]) == _base.Y2_PLOT, unit
        # Tooltips show the data's values, never the log10 of one.
        tooltip = encoding.get("tooltip") or []
        for item in tooltip if isinstance(tooltip, list) else [tooltip]:
            assert _field(item) not in PLOTTED, (unit.get("mark"), item)
    assert plotted >= 2, "the chart plots nothing on its y scale"


# --- The built site ---------------------------------------------------------------------------

# Every data point drawn as a symbol: its pixel position read from the SVG (the path's
# `translate(x,y)`), its real value from the Vega scenegraph item the path draws. Symbol marks
# with no `y_value` (legends, keys drawn in pixels) are left out.
POINTS = r"""
(id) => {
  const el = document.getElementById(id);
  const marks = [];
  (function walk(node) {
    if (node.marktype === 'symbol' && node.role === 'mark') marks.push(node);
    (node.items || []).forEach(walk);
  })(window.explainerViews[id].scenegraph().root);
  const groups = Array.from(el.querySelectorAll('svg g.mark-symbol.role-mark'));
  if (groups.length !== marks.length) throw new Error('symbol marks and SVG groups differ');
  const points = [];
  groups.forEach((g, i) => {
    const paths = Array.from(g.children).filter(c => c.tagName === 'path');
    if (paths.length !== marks[i].items.length) throw new Error('items and paths differ');
    paths.forEach((path, j) => {
      const datum = marks[i].items[j].datum || {};
      if (typeof datum.y_value !== 'number') return;
      const m = /translate\(([-\d.e]+),\s*([-\d.e]+)\)/.exec(path.getAttribute('transform'));
      points.push({mark: i, x: Number(m[1]), y: Number(m[2]), v: datum.y_value});
    });
  });
  return points;
}
"""
# The y axis's tick labels, top to bottom, with their pixel y.
Y_LABELS = r"""
(id) => {
  const axes = Array.from(document.getElementById(id).querySelectorAll('svg g.role-axis'))
    .filter(a => (a.getAttribute('aria-label') || '').startsWith('Y-axis'));
  if (axes.length !== 1) throw new Error('expected one y axis, found ' + axes.length);
  return Array.from(axes[0].querySelectorAll('.role-axis-label text')).map(t => {
    const m = /translate\(([-\d.e]+),\s*([-\d.e]+)\)/.exec(t.getAttribute('transform'));
    return {text: t.textContent, y: Number(m[2])};
  });
}
"""
SWITCH_CHARTS = """
() => Array.from(document.querySelectorAll('.explainer-chart'))
  .filter(el => el.querySelector('.vega-bindings input[name="y_scale"]'))
  .map(el => ({id: el.id, key: el.dataset.key}))
"""


def _switch(pw, chart_id: str, mode: str) -> None:
    radio = pw.page.locator(f"#{chart_id} .vega-bindings input[name=y_scale][value={mode}]")
    radio.check()
    pw.page.evaluate(f"window.explainerViews['{chart_id}'].runAsync().then(() => true)")
    assert pw.page.evaluate(f"window.explainerViews['{chart_id}'].signal('y_scale')") == mode


def _picture(pw, chart_id: str) -> tuple[list[str], bytes]:
    """The chart's SVG as its elements, in order within each mark (Vega may reorder an axis's
    ticks when it reuses them: the same picture), and a screenshot of it."""
    svg = pw.page.evaluate(f"document.querySelector('#{chart_id} svg').outerHTML")
    return sorted(re.split(r"(?=<)", svg)), pw.page.locator(f"#{chart_id} svg").screenshot()


def _number(label: str) -> float:
    match = re.match(r"-?[\d,]*\.?\d+", label)
    assert match, label
    return float(match.group(0).replace(",", ""))


def _assert_affine(points: list[dict], transform, what: str) -> None:
    """Pixel y is a + b * transform(value), b < 0 (up is more), within a pixel; and, as the
    issue puts it, the slopes between three points (lowest, middle, highest) agree."""
    g = np.array([transform(p["v"]) for p in points])
    y = np.array([p["y"] for p in points])
    assert np.ptp(g) > 0, f"{what}: every point has the same value"
    b, a = np.polyfit(g, y, 1)
    assert b < 0, f"{what}: larger values are not drawn higher"
    residual = np.abs(y - (a + b * g)).max()
    assert residual < 1.0, f"{what}: y is not affine in the value (off by {residual:.2f} px)"
    order = np.argsort(g)
    low, high = order[0], order[-1]
    mid = min(order, key=lambda i: abs(g[i] - (g[low] + g[high]) / 2))
    if g[mid] not in (g[low], g[high]):
        s1 = (y[low] - y[mid]) / (g[low] - g[mid])
        s2 = (y[low] - y[high]) / (g[low] - g[high])
        assert s1 == pytest.approx(s2, rel=0.02, abs=0.05), (what, s1, s2)


def _same_vertical_order(before: list[dict], after: list[dict]) -> None:
    for (p, q), (r, s) in itertools.combinations(zip(before, after, strict=True), 2):
        if p["v"] == q["v"]:
            continue
        # Pairs the linear scale puts less than a tenth of a pixel apart (near zero) prove
        # nothing either way: the affine check covers them.
        if abs(p["y"] - q["y"]) > 0.1 and abs(r["y"] - s["y"]) > 0.1:
            assert (p["y"] < q["y"]) == (r["y"] < s["y"]), (p, q, r, s)
        # And both orders follow the values.
        if abs(r["y"] - s["y"]) > 0.1:
            assert (r["y"] < s["y"]) == (r["v"] > s["v"]), (r, s)


@pytest.mark.browser
@pytest.mark.parametrize("page_path", list(PAGES))
def test_switching_to_linear_changes_the_axis_and_keeps_the_points_in_place(watch, page_path):
    pw = watch()
    pw.open(page_path)
    found = pw.page.evaluate(SWITCH_CHARTS)
    assert len(found) == PAGES[page_path], found
    for chart in found:
        cid = chart["id"]
        log_picture = _picture(pw, cid)
        log_points = pw.page.evaluate(POINTS, cid)
        log_labels = pw.page.evaluate(Y_LABELS, cid)
        assert len(log_points) >= 3, (page_path, log_points)
        _assert_affine(log_points, math.log10, f"{page_path} {cid} log")

        _switch(pw, cid, "linear")
        lin_points = pw.page.evaluate(POINTS, cid)
        lin_labels = pw.page.evaluate(Y_LABELS, cid)
        # (1) The axis changed, to evenly spaced values at evenly spaced heights.
        assert [t["text"] for t in lin_labels] != [t["text"] for t in log_labels]
        values = [_number(t["text"]) for t in lin_labels]
        assert len(values) >= 4, lin_labels
        steps = np.diff(sorted(values))
        assert steps.min() > 0 and np.allclose(steps, steps[0]), values
        heights = np.diff(sorted(t["y"] for t in lin_labels))
        assert np.allclose(heights, heights[0], atol=0.6), lin_labels
        assert min(values) == 0, "a linear axis of task length starts at zero"
        # (2) The points stayed in place relative to each other.
        assert [(p["mark"], p["v"]) for p in lin_points] == [
            (p["mark"], p["v"]) for p in log_points
        ]
        for before, after in zip(log_points, lin_points, strict=True):
            assert after["x"] == pytest.approx(before["x"], abs=0.01), (before, after)
        _same_vertical_order(log_points, lin_points)
        _assert_affine(lin_points, lambda v: v, f"{page_path} {cid} linear")
        # The URL now holds the setting.
        pw.page.wait_for_function(
            f"() => location.search.includes({chart['key'] + '.y_scale=linear'!r})"
        )

        # Back to log: exactly the picture it was.
        _switch(pw, cid, "log")
        assert pw.page.evaluate(POINTS, cid) == log_points
        assert _picture(pw, cid) == log_picture
    assert pw.console_errors == [] and pw.page_errors == []


@pytest.mark.browser
@pytest.mark.parametrize("page_path", list(PAGES))
def test_a_link_opens_each_chart_in_linear_mode(watch, page_path):
    pw = watch()
    pw.open(page_path)
    found = pw.page.evaluate(SWITCH_CHARTS)
    # What a reader sees after switching each chart by hand...
    clicked = {}
    for chart in found:
        _switch(pw, chart["id"], "linear")
        clicked[chart["key"]] = pw.page.evaluate(POINTS, chart["id"])
    # ...is what a link with the settings opens.
    query = "&".join(f"{c['key']}.y_scale=linear" for c in found)
    again = watch()
    again.open(f"{page_path}?{query}")
    for chart in again.page.evaluate(SWITCH_CHARTS):
        cid = chart["id"]
        assert again.page.evaluate(f"window.explainerViews['{cid}'].signal('y_scale')") == "linear"
        checked = again.page.locator(f"#{cid} .vega-bindings input[name=y_scale]:checked")
        assert checked.get_attribute("value") == "linear"
        assert again.page.evaluate(POINTS, cid) == clicked[chart["key"]]
    assert again.console_errors == [] and again.page_errors == []
