"""Charts that read on their own: years on Fig. 1's time axis and room at its ends, its two fitted
trends and the 50%/80% switch, every mark labelled for a screen reader (or hidden as
decoration), durations and their intervals in one unit, and in a browser: years (not months) on
Fig. 1's axis at desktop and phone widths, the 80% switch redrawing METR's 80% values, and the
timeline fitting a laptop's screen with no two of its texts overlapping.

Expected values are computed here from the CSV files and `explainer.trends`, not read back from
the chart modules' own frames.
"""

from __future__ import annotations

import json
import re

import ipywidgets as widgets
import pandas as pd
import pytest
import vl_convert as vlc

from explainer import charts, data, settings, trends
from explainer.charts import _base, horizons
from explainer.charts import scenarios as scenario_charts
from explainer.widgets._controls import widget_for
from tests import specs

CHART_BUILDERS = [getattr(charts, name) for name in charts.__all__ if name.endswith("_chart")]
UNITS = {"s": 1 / 60, "min": 1.0, "h": 60.0}
MONTH_NAMES = (
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Oct Nov Dec"
).split()


def _units(node):
    """Every unit spec (one with a mark) in a compiled Vega-Lite spec."""
    if isinstance(node, dict):
        if "mark" in node:
            yield node
        for key in ("layer", "hconcat", "vconcat", "concat"):
            for part in node.get(key, []):
                yield from _units(part)
        if isinstance(node.get("spec"), dict):
            yield from _units(node["spec"])


def _rows(spec: dict) -> list[dict]:
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def _minutes(text: str) -> float:
    """'2.4 s' -> 0.04: a readable duration back in minutes."""
    number, unit = text.rsplit(" ", 1)
    return float(number.replace(",", "")) * UNITS[unit]


# --------------------------------------------------------------------------- Fig. 1's axes


def test_fig1_time_axis_shows_one_label_per_year_and_pads_both_ends():
    metr = data.load("metr_horizons")
    spec = charts.time_horizon_chart().to_dict()
    points = [u for u in _units(spec) if u["mark"].get("type") == "point"]
    assert len(points) == 1
    x = points[0]["encoding"]["x"]
    assert x["axis"]["format"] == "%Y"
    ticks = x["axis"]["values"]
    assert all(t["month"] == 1 and t["date"] == 1 for t in ticks)  # 1 January, never a month
    assert [t["year"] for t in ticks] == list(range(ticks[0]["year"], ticks[-1]["year"] + 1))
    low, high = (pd.Timestamp(d["year"], d["month"], d["date"]) for d in x["scale"]["domain"])
    first, last = metr["release_date"].min(), metr["release_date"].max()
    # A month or more of room beyond the first and last model: no point on the plot's edge.
    assert (first - low).days >= 30 and (high - last).days >= 30
    assert ticks[0]["year"] <= first.year + 1 and ticks[-1]["year"] >= last.year


def test_fig1_legend_is_coloured_as_its_marks():
    """A `legend=None` on one layer's colour drops the merged legend's colours (its symbols turn
    grey): every layer that colours by status shares the points' scale and none hides it."""
    spec = charts.time_horizon_chart().to_dict()
    coloured = [u["encoding"]["color"] for u in _units(spec) if "color" in u.get("encoding", {})]
    assert coloured, "no layer is coloured by status"
    assert all(c.get("legend", {}) is not None for c in coloured)
    scales = [c["scale"] for c in coloured if "scale" in c]
    assert scales and all(s == scales[0] for s in scales)


def _year_axes(vega: dict) -> list[dict]:
    """The labelled axes of a compiled chart (its groups too) that print years ("%Y")."""
    found = [a for a in vega.get("axes", []) if a.get("format") == "%Y" and a.get("labels", True)]
    for mark in vega.get("marks", []):
        if mark.get("type") == "group":
            found += _year_axes(mark)
    return found


@pytest.mark.parametrize("name", specs.CHART_NAMES)
def test_year_labels_sit_on_the_start_of_their_year(name):
    """An axis that prints "%Y" at ticks Vega chooses every few months labels some other
    month with the year (the backtest's "2025" once stood at April 2025, once overlapping
    labels were dropped). Each year axis gives its ticks (on 1 January), asks for yearly ones,
    or, as Fig. 11's, asks for at most one tick per year of its domain."""
    vega = specs.compiled(name)
    for axis in _year_axes(vega):
        if "values" in axis:
            continue
        count = axis.get("tickCount")
        if isinstance(count, dict) and "signal" in count:
            # Fig. 11's: 4 on a phone, 13 on a desktop, over its 13 years
            numbers = [int(n) for n in re.findall(r"\b\d+\b", count["signal"].split("?")[1])]
            years = settings.HORIZON_DATE.year - scenario_charts.X_START.year
            assert numbers and max(numbers) <= years, (name, count)
        else:
            assert count == "year", (name, axis.get("scale"), count)


def test_fig11_has_its_key_for_the_three_futures_at_full_strength():
    """The key above Fig. 11 names the three families in their colours and dashes. The bands'
    layer colours by family too: had it no legend (legend=None), Vega-Lite would drop the
    merged key; sharing it, the key must not take the shading's faint opacity."""
    vega = specs.compiled("scenario_projection_chart")
    (key,) = vega.get("legends", [])
    assert {key["stroke"], key["strokeDash"]} == {"color", "strokeDash"}
    assert key.get("symbolOpacity", 1) == 1
    assert "opacity" not in json.dumps(key.get("encode", {}))
    colour = next(s for s in vega["scales"] if s["name"] == key["stroke"])
    assert colour["domain"] == list(scenario_charts.FAMILY_LABELS.values())
    assert colour["range"] == list(scenario_charts.FAMILY_COLOURS)


def test_fig1_draws_the_fitted_trends_before_and_from_the_split_at_both_rates():
    metr = data.load("metr_horizons")
    spec = charts.time_horizon_chart().to_dict()
    rows = [r for r in _rows(spec) if "trend" in r and "months" in r]
    # The landing page's "is it accelerating?" compares the same two windows.
    from explainer.numbers.intro import RECENT_FIT_SINCE

    assert horizons.TREND_SPLIT == pd.Timestamp(RECENT_FIT_SINCE)
    split = pd.Timestamp(RECENT_FIT_SINCE)
    for rate in (50, 80):
        value = f"p{rate}_minutes"
        before = trends.fit_doubling_time(metr, until=split - pd.Timedelta(days=1), value=value)
        since = trends.fit_doubling_time(metr, since=split, value=value)
        got = sorted({r["months"] for r in rows if r["rate"] == rate})
        assert got == pytest.approx(sorted([before.months, since.months]))
    # Steepening, as the prose says: the later line doubles faster.
    by_trend = {r["trend"]: r["months"] for r in rows if r["rate"] == 50}
    assert len(by_trend) == 2
    early, late = (by_trend[k] for k in sorted(by_trend, key=lambda k: "from" in k))
    assert late < early


# --------------------------------------------------------------------------- the 50/80 switch


def test_the_success_rate_control_is_in_fig1_and_in_its_widget():
    control = settings.SUCCESS_RATE
    assert set(control.options) == set(settings.SUCCESS_RATES) == {50, 80}
    spec = charts.time_horizon_chart().to_dict()
    params = {p["name"]: p for p in spec["params"]}
    bound = params[control.param]
    assert bound["value"] == control.default == 50
    assert bound["bind"]["input"] == "radio"
    assert bound["bind"]["options"] == list(control.options)
    widget = widget_for(control)
    assert isinstance(widget, widgets.ToggleButtons)
    assert [value for _, value in widget.options] == list(control.options)
    assert widget.value == control.default
    # Every layer that draws METR's rows shows the chosen rate's rows only.
    filtered = [u for u in _units(spec) if "rate" in str(u.get("transform", ""))]
    assert len(filtered) >= 3, filtered  # intervals, points, trend lines (and their labels)


def test_fig1_y_title_and_tooltips_name_the_horizon_shown():
    spec = charts.time_horizon_chart().to_dict()
    metr = data.load("metr_horizons").set_index("model")
    rows = [r for r in _rows(spec) if "shown" in r]
    for rate in (50, 80):
        shown = [r for r in rows if r["rate"] == rate]
        assert len(shown) == len(metr)
        for row in shown:
            assert row["shown"].startswith(f"{rate}%")
            expected = metr.loc[row["model"], f"p{rate}_minutes"]
            assert _minutes(row["horizon"]) == pytest.approx(expected, rel=0.06, abs=0.005 / 60)
    titles = [
        t["calculate"]
        for u in _units(spec)
        for t in u.get("transform", [])
        if t.get("as") == "title"
    ]
    assert any(settings.SUCCESS_RATE.param in t for t in titles), titles
    tooltips = [u["encoding"]["tooltip"] for u in _units(spec) if u["mark"]["type"] == "point"]
    assert {"shown", "horizon", "interval"} <= {t["field"] for t in tooltips[0]}


# --------------------------------------------------------------------------- readable units


@pytest.mark.parametrize(
    "minutes, unit",
    [(0.039762, "s"), (0.9, "s"), (4.0, "min"), (59.0, "min"), (345.0, "h"), (720.0, "h")],
)
def test_durations_are_said_in_seconds_minutes_or_hours(minutes, unit):
    text = _base.readable_duration(minutes)
    assert text.endswith(f" {unit}")
    assert _minutes(text) == pytest.approx(minutes, rel=0.06)
    assert not re.match(r"0(\.0+)? ", text)  # never '0.0 min'


@pytest.mark.parametrize("builder", CHART_BUILDERS, ids=lambda f: f.__name__)
def test_every_interval_in_a_tooltip_is_in_its_values_unit(builder):
    rows = [r for r in _rows(builder().to_dict()) if "interval" in r and "horizon" in r]
    for row in rows:
        if row["interval"] == "not given":
            continue
        unit = row["horizon"].rsplit(" ", 1)[1]
        assert row["interval"].endswith(f" {unit}"), row
        low, high = row["interval"][: -len(unit) - 1].split(" to ")
        assert float(low.replace(",", "")) <= float(high.replace(",", ""))


def test_the_fit_chart_and_fig1_carry_readable_intervals():
    # Fig. 1 has a row per model and rate, each with its interval in words; the fit chart a row
    # per model with each rate's interval in words (its tooltip picks the switch's).
    wanted = {
        charts.time_horizon_chart: {"interval"},
        charts.time_horizon_fit_chart: {f"interval{r}" for r in settings.SUCCESS_RATES},
    }
    for builder, fields_in_words in wanted.items():
        spec = builder().to_dict()
        assert any(fields_in_words <= set(r) for r in _rows(spec)), builder.__name__
        fields = {
            t.get("field")
            for u in _units(spec)
            for t in u.get("encoding", {}).get("tooltip", [])
            if isinstance(t, dict)
        }
        assert not {"p50_ci_low", "p50_ci_high"} & fields, builder.__name__


# --------------------------------------------------------------------------- screen readers


@pytest.mark.parametrize("builder", CHART_BUILDERS, ids=lambda f: f.__name__)
def test_every_mark_is_described_or_hidden_from_screen_readers(builder):
    spec = builder().to_dict()
    units = list(_units(spec))
    assert units
    for unit in units:
        mark = unit["mark"] if isinstance(unit["mark"], dict) else {"type": unit["mark"]}
        described = "description" in unit.get("encoding", {})
        assert described or mark.get("aria") is False, (builder.__name__, mark)


@pytest.mark.parametrize("builder", CHART_BUILDERS, ids=lambda f: f.__name__)
def test_no_mark_label_exposes_a_plotting_field(builder):
    """Drawn by Vega: no mark's aria-label names an internal field or prints a raw float."""
    spec = builder().to_dict()
    spec["width"] = 700
    svg = vlc.vegalite_to_svg(spec)
    labels = re.findall(r'<path[^>]*aria-label="([^"]*)"|<text[^>]*aria-label="([^"]*)"', svg)
    labels = [a or b for a, b in labels]
    internal = (_base.Y_PLOT, _base.Y2_PLOT, _base.Y_VALUE, _base.DESCRIPTION_FIELD)
    for label in labels:
        assert not any(name in label for name in internal), label
        assert not re.search(r"\d\.\d{6,}", label), label


# --------------------------------------------------------------------------- in the browser

AXIS_LABELS = """
(chart) => {
  const svg = chart.querySelector('svg');
  const axes = Array.from(svg.querySelectorAll('g.role-axis'));
  const x = axes.find(a => (a.getAttribute('aria-label') || '').startsWith('X-axis'));
  return x ? Array.from(x.querySelectorAll('g.role-axis-label text')).map(t => t.textContent)
    : null;
}
"""

POINTS = """
(chart) => { const top = chart.querySelector('svg').getBoundingClientRect().top;
  return Array.from(chart.querySelectorAll('svg path[aria-label*="% time horizon"]'))
    .map(p => { const r = p.getBoundingClientRect();
      return {label: p.getAttribute('aria-label'), y: r.top + r.height / 2 - top}; }); }
"""

POINT_LABEL = re.compile(
    r"^(?P<model>.+), released \w+ \d{4}: (?P<rate>\d+)% time horizon (?P<h>.+?) \("
)


def _drawn_chart(pw, path: str):
    """The page's first chart, scrolled into view and drawn (charts below the fold are drawn
    as they come near it)."""
    pw.open(path)
    chart = pw.page.locator(".explainer-chart").first
    chart.scroll_into_view_if_needed()
    pw.page.wait_for_function(
        "(c) => c.querySelector('svg g.role-axis')", arg=chart.element_handle(), timeout=20_000
    )
    return chart


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_fig1_time_axis_reads_in_years(watch, width):
    pw = watch(width=width)
    chart = _drawn_chart(pw, "index.html")
    labels = chart.evaluate(AXIS_LABELS)
    assert labels, "no x axis labels"
    years = [t for t in labels if re.fullmatch(r"(19|20)\d\d", t)]
    assert len(years) >= 2, labels
    assert not [t for t in labels if any(m in t for m in MONTH_NAMES)], labels
    assert pw.page_errors == [], pw.page_errors


@pytest.mark.browser
def test_fig1_switch_to_80_percent_draws_metrs_80_percent_horizons(watch):
    metr = data.load("metr_horizons").set_index("model")
    pw = watch()
    chart = _drawn_chart(pw, "index.html")

    def drawn() -> dict[str, tuple[int, float, float]]:
        out = {}
        for point in chart.evaluate(POINTS):
            match = POINT_LABEL.match(point["label"])
            assert match, point["label"]
            out[match["model"]] = (int(match["rate"]), _minutes(match["h"]), point["y"])
        return out

    before = drawn()
    assert len(before) == len(metr)
    assert {rate for rate, _, _ in before.values()} == {50}
    chart.locator(f'input[name="{settings.SUCCESS_RATE.param}"][value="80"]').check()
    pw.page.wait_for_function(
        "(c) => c.querySelector('svg path[aria-label*=\"80% time horizon\"]')",
        arg=chart.element_handle(),
    )
    after = drawn()
    assert len(after) == len(metr)
    for model, (rate, minutes, y) in after.items():
        assert rate == 80
        assert minutes == pytest.approx(metr.loc[model, "p80_minutes"], rel=0.06, abs=0.005 / 60)
        # The 80% horizon is shorter: each point is drawn lower (larger y) than before.
        assert y > before[model][2], model
    assert pw.page_errors == [], pw.page_errors


TEXTS = """
(chart) => { const svg = chart.querySelector('svg');
  const box = svg.getBoundingClientRect();
  const texts = Array.from(svg.querySelectorAll('g.role-mark text'))
    .filter(t => t.textContent.trim() && Number(getComputedStyle(t).opacity || 1) > 0)
    .map(t => { const r = t.getBoundingClientRect();
      return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom}; })
    .filter(r => r.right > r.left && r.bottom > r.top);
  return {height: box.height, texts};
}
"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_the_timeline_fits_a_laptop_screen_and_no_two_texts_overlap(watch, width):
    pw = watch(width=width)
    got = _drawn_chart(pw, "chapters/timeline.html").evaluate(TEXTS)
    if width == 1280:
        assert got["height"] <= 650, got["height"]
    texts = got["texts"]
    assert len(texts) >= len(data.load("timeline")) * 2  # a date and a label per milestone
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            overlap = (
                a["left"] < b["right"] - 1
                and b["left"] < a["right"] - 1
                and a["top"] < b["bottom"] - 1
                and b["top"] < a["bottom"] - 1
            )
            assert not overlap, (a, b)


def test_fig2_axis_title_says_where_its_time_scale_changes_and_by_how_much():
    """Fig. 2's time axis is piecewise: from its zoom's start it draws time larger. The title
    says from which year and how much larger, computed here from the scale's own pieces
    (its dates and the px they are drawn at)."""
    import json

    spec = charts.timeline_chart().to_dict()
    scales = [
        u["encoding"]["y"]["scale"]
        for u in _units(spec)
        if isinstance(u.get("encoding", {}).get("y", {}).get("scale"), dict)
        and "domainRaw" in u["encoding"]["y"]["scale"]
    ]
    assert scales, "a piecewise time scale"
    scale = scales[0]
    dates = json.loads(scale["domainRaw"]["expr"])
    px = scale["range"]
    per_day = [(px[i + 1] - px[i]) / ((dates[i + 1] - dates[i]) / 86_400_000) for i in range(2)]
    zoom = per_day[1] / per_day[0]
    assert zoom > 1.5, "the later piece is drawn larger"
    zoom_year = pd.Timestamp(dates[1], unit="ms").year
    titles = [
        u["encoding"]["y"]["axis"]["title"]
        for u in _units(spec)
        if isinstance(u.get("encoding", {}).get("y", {}).get("axis"), dict)
        and u["encoding"]["y"]["axis"].get("title")
    ]
    assert titles, "the time axis has a title"
    title = titles[0]
    assert str(zoom_year) in title and f"{zoom:.0f}×" in title and "larger" in title, title
    assert len(title.split()) <= 8, "a few words"


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_fig1_trend_labels_clear_every_point_and_interval(watch, width):
    """Fig. 1's 'every N months' labels sat over faint interval bars: now every text of the
    chart stands clear (by a pixel) of its points and interval bars, at 50% and 80%, on the
    log and the linear scale."""
    from tests.test_chapter_benchmarks import CLEARANCE, TEXTS_AND_MARKS

    pw = watch(width=width)
    chart = _drawn_chart(pw, "index.html")
    seen = {}
    for rate, scale in [(50, "log"), (80, "log"), (80, "linear"), (50, "linear")]:
        chart.locator(f'input[name="{settings.SUCCESS_RATE.param}"][value="{rate}"]').check()
        chart.locator(f'input[name="{_base.Y_SCALE}"][value="{scale}"]').check()
        pw.page.wait_for_timeout(300)
        found = chart.evaluate(TEXTS_AND_MARKS, CLEARANCE)
        assert found["marks"] > 20 and found["texts"] >= 2, found
        seen[rate, scale] = found["hits"]
    assert all(hits == [] for hits in seen.values()), seen
    assert pw.page_errors == [], pw.page_errors
