"""Parity: the Vega expressions in `explainer.trends`, run by Vega in headless Chromium, give the
same numbers as the Python functions they mirror (relative error below 1e-9) over a grid of
slider settings, including the places where the model is undefined (``null`` in the browser,
NaN or None in Python).

The expressions are evaluated genuinely: a Vega spec whose data rows are the parameter grid and
whose formula transforms are the generated strings is drawn with the same Vega runtime the
static site serves (vl-convert's bundle of Vega, wrapped in an IIFE, as the site does), and the
transformed rows are read back from the view. A second test drives the expressions from
Vega-Lite params, as a chart's sliders do, compiled to Vega as the build compiles every chart.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from explainer import trends
from explainer.render import compile_spec
from explainer.sphinx_offline import vega_runtime_js

pytestmark = pytest.mark.browser

RELATIVE_TOLERANCE = 1e-9

# The slider ranges the pages offer, with their ends and a few values in between.
DOUBLING_MONTHS = [1.0, 2.5, 4.0, 7.0, 12.0]
ACCELERATIONS = [0.0, 0.01, 0.1, 0.25, 0.5]
START_MINUTES = [4.0, 90.0, 720.0]
CEILING_FACTORS = [2.0, 50.0, 1e4]  # ceiling = start * factor
SETTINGS = list(itertools.product(DOUBLING_MONTHS, ACCELERATIONS, START_MINUTES, CEILING_FACTORS))
START_DATE_MS = trends.to_epoch_ms("2026-02-05")
HORIZON_DATE_MS = trends.to_epoch_ms("2030-01-01")

# Draw a Vega spec as the site's loader does (`new vega.View(vega.parse(spec))`), then read
# every dataset back as plain JSON. Numbers JSON cannot carry are tagged, so a NaN or an
# infinity is never mistaken for null.
EMBED_AND_READ = """
async ({spec, signals}) => {
  const view = new vega.View(vega.parse(spec), {renderer: "none"});
  for (const [name, value] of Object.entries(signals)) view.signal(name, value);
  await view.runAsync();
  const plain = (v) => (typeof v === "number" && !Number.isFinite(v)) ? String(v)
                     : (v === undefined ? "undefined" : v);
  const out = {};
  for (const {name} of spec.data || []) {
    out[name] = view.data(name).map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)])));
  }
  view.finalize();
  return out;
}
"""


@pytest.fixture(scope="module")
def vega_page(browser):
    """A blank page running the exact Vega runtime the site serves (explainer.sphinx_offline)."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<!doctype html><html><body></body></html>")
    page.add_script_tag(content=vega_runtime_js())
    assert page.evaluate("() => typeof window.vega.View") == "function"
    yield page
    context.close()


def run_formulas(
    page, rows: list[dict], formulas: dict[str, str], steps: list[dict] = ()
) -> list[dict]:
    """Evaluate ``formulas`` (name -> Vega expression over ``datum.*``) on ``rows`` in Vega,
    after ``steps`` (Vega-Lite ``calculate`` transforms, as the ``*_steps`` functions give)."""
    calculate = [(step["as"], step["calculate"]) for step in steps] + list(formulas.items())
    spec = {
        "$schema": "https://vega.github.io/schema/vega/v6.json",
        "data": [
            {
                "name": "grid",
                "values": rows,
                "transform": [
                    {"type": "formula", "as": name, "expr": expr} for name, expr in calculate
                ],
            }
        ],
    }
    return page.evaluate(EMBED_AND_READ, {"spec": spec, "signals": {}})["grid"]


def _as_python(value):
    """Python's value as the browser should show it: NaN and None (undefined) are ``null``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def assert_same(browser_rows: list[dict], python_rows: list[dict], inputs: list[dict]) -> None:
    """Every value equal to a relative error below 1e-9; undefined in one only if in the other."""
    assert len(browser_rows) == len(python_rows)
    mismatches = []
    for got, want, row in zip(browser_rows, python_rows, inputs, strict=True):
        for name, expected in want.items():
            expected = _as_python(expected)
            actual = got[name]
            if expected is None or actual is None or isinstance(actual, str):
                if actual != expected:
                    mismatches.append((name, row, actual, expected))
            elif abs(actual - expected) > RELATIVE_TOLERANCE * abs(expected):
                mismatches.append((name, row, actual, expected))
    assert not mismatches, f"{len(mismatches)} mismatches, first: {mismatches[:5]}"


def _fields(**names: str) -> dict[str, str]:
    return {key: f"datum.{field}" for key, field in names.items()}


def _doubling_start(doubling: float, accel: float, k: int) -> float:
    """The issue's t_k = T (1 - (1-d)^k) / d (k T when d = 0), with log1p/expm1 for small d."""
    if accel == 0:
        return doubling * k
    return doubling * -math.expm1(k * math.log1p(-accel)) / accel


def _doubling_boundaries(doubling: float, accel: float, doublings: int = 12) -> list[float]:
    """The accelerating family's whole doublings t_k for k = 1..12, each with its neighbouring
    doubles on both sides, and the middle of the doubling after it: where k = floor(...)
    changes, and where each doubling runs at its own rate."""
    times = []
    for k in range(1, doublings + 1):
        t_k = _doubling_start(doubling, accel, k)
        middle = (t_k + _doubling_start(doubling, accel, k + 1)) / 2
        times += [float(np.nextafter(t_k, -math.inf)), t_k, float(np.nextafter(t_k, math.inf))]
        times.append(middle)
    return times


def test_projection_curves_match(vega_page):
    """Minutes at a given month for all three families, and the singularity, on the grid."""
    rows = []
    for doubling, accel, start, factor in SETTINGS:
        times = [0.0, 0.7, 3.0, 11.5, 24.0, 60.0, -2.0]
        times += _doubling_boundaries(doubling, accel)
        if accel > 0:  # just before, at and after the accelerating family's singularity
            singular = doubling / accel
            times += [singular * (1 - 1e-9), singular * (1 - 1e-13), singular, singular * 1.5]
            times += [float(np.nextafter(singular, 0)), singular * (1 - 1e-6)]
        rows += [
            {"t": t, "T": doubling, "d": accel, "s": start, "C": start * factor} for t in times
        ]
    formulas = {
        "exponential": trends.exponential_minutes_expr("datum.t", "datum.s", "datum.T"),
        "accelerating": trends.accelerating_minutes_expr(
            "datum.t", "datum.s", "datum.T", "datum.d"
        ),
        "plateau": trends.plateau_minutes_expr("datum.t", "datum.s", "datum.T", "datum.C"),
        "singularity": trends.accelerating_singularity_months_expr("datum.T", "datum.d"),
    }
    steps = []
    for family in trends.FAMILIES:  # the dispatcher gives the same strings' results
        args = (family, "datum.t", "datum.s", "datum.T", "datum.d", "datum.C")
        formulas[f"{family}_by_name"] = trends.projected_minutes_expr(*args)
        # and so do the calculate steps a chart uses (each repeated part computed once)
        steps += trends.projected_minutes_steps(*args, as_=f"{family}_steps")
    expected = [
        {
            "exponential": trends.exponential_minutes(r["t"], r["s"], r["T"]),
            "accelerating": trends.accelerating_minutes(r["t"], r["s"], r["T"], r["d"]),
            "plateau": trends.plateau_minutes(r["t"], r["s"], r["T"], r["C"]),
            "singularity": trends.accelerating_singularity_months(r["T"], r["d"]),
        }
        | {
            f"{family}_{way}": trends.projected_minutes(
                family, r["t"], r["s"], r["T"], r["d"], r["C"]
            )
            for family in trends.FAMILIES
            for way in ("by_name", "steps")
        }
        for r in rows
    ]
    assert len(SETTINGS) >= 200
    got = run_formulas(vega_page, rows, formulas, steps)
    assert_same(got, expected, rows)
    # The steps computed each repeated part once: shorter than the one expression.
    accelerating = [s for s in steps if "accelerating_steps" in s["as"]]
    assert (
        accelerating
        and sum(len(s["calculate"]) for s in accelerating) < len(formulas["accelerating"]) / 4
    )
    # The grid really reaches the undefined region, so the null branch is compared too.
    assert any(g["accelerating"] is None for g in got)
    assert all(g["accelerating"] is not None for g, r in zip(got, rows, strict=True) if r["d"] == 0)


def test_milestone_months_and_dates_match(vega_page):
    """Months and dates to each milestone (and to targets below the start and above the
    ceiling), with and without a horizon date."""
    targets = [*trends.MILESTONES.values(), 1.0]
    # And whole and half doublings of the start, where the accelerating family's k = floor(n)
    # changes and where it is half way through a doubling.
    doublings = [1, 2, 3, 5, 8, 2.5, 6.5]
    rows = [
        {
            "M": target,
            "T": doubling,
            "d": accel,
            "s": start,
            "C": start * factor,
            "start_date": START_DATE_MS,
            "horizon": HORIZON_DATE_MS,
        }
        for doubling, accel, start, factor in SETTINGS
        for target in [*targets, *(start * 2.0**n for n in doublings)]
    ]
    formulas = {
        "exponential": trends.exponential_months_to_expr("datum.M", "datum.s", "datum.T"),
        "accelerating": trends.accelerating_months_to_expr(
            "datum.M", "datum.s", "datum.T", "datum.d"
        ),
        "plateau": trends.plateau_months_to_expr("datum.M", "datum.s", "datum.T", "datum.C"),
    }
    for family in trends.FAMILIES:
        args = {
            "family": family,
            "target": "datum.M",
            "start_date": "datum.start_date",
            "start": "datum.s",
            "doubling": "datum.T",
            "acceleration": "datum.d",
            "ceiling": "datum.C",
        }
        formulas[f"{family}_by_name"] = trends.months_to_reach_expr(
            family, "datum.M", "datum.s", "datum.T", "datum.d", "datum.C"
        )
        formulas[f"{family}_date"] = trends.milestone_date_expr(**args)
        formulas[f"{family}_date_by_horizon"] = trends.milestone_date_expr(
            **args, horizon_date="datum.horizon"
        )

    expected = []
    for r in rows:
        values = {}
        for family in trends.FAMILIES:
            months = trends.months_to_reach(family, r["M"], r["s"], r["T"], r["d"], r["C"])
            date_ms = trends.date_after_ms(START_DATE_MS, months)
            values[family] = values[f"{family}_by_name"] = months
            values[f"{family}_date"] = date_ms
            values[f"{family}_date_by_horizon"] = (
                date_ms if date_ms <= HORIZON_DATE_MS else math.nan  # NaN <= x is False too
            )
        expected.append(values)
    got = run_formulas(vega_page, rows, formulas)
    assert_same(got, expected, rows)
    assert any(g["plateau"] is None for g in got)  # targets above the ceiling: never
    assert any(g["exponential_date_by_horizon"] is None for g in got)  # beyond the horizon
    assert any(g["accelerating"] == 0 for g in got)  # targets below the start


def test_dates_and_amdahl_match(vega_page):
    """Months between dates, and Amdahl's law over a grid of p and s."""
    dates = ["2019-02-14", "2024-03-04", "2026-02-05T13:45:10.123", "2031-12-31"]
    date_rows = [
        {"date": trends.to_epoch_ms(a), "start": trends.to_epoch_ms(b)}
        for a, b in itertools.product(dates, dates)
    ]
    got = run_formulas(
        vega_page, date_rows, {"months": trends.months_since_expr("datum.date", "datum.start")}
    )
    # months_since takes dates: hand it the Timestamps of the same instants.
    expected = [
        {
            "months": trends.months_since(
                trends.from_epoch_ms(r["start"]), trends.from_epoch_ms(r["date"])
            )
        }
        for r in date_rows
    ]
    assert_same(got, expected, date_rows)

    amdahl_rows = [
        {"p": p, "s": s, "r": r}
        for p, s, r in itertools.product(
            np.linspace(0, 1, 21), [0.5, 1.0, 2.0, 10.0, 52.0, 1e6], [1.0, 0.6, 0.0]
        )
    ]
    got = run_formulas(
        vega_page,
        amdahl_rows,
        {
            "speedup": trends.amdahl_speedup_expr("datum.p", "datum.s"),
            "limit": trends.amdahl_limit_expr("1 - datum.p"),
            "review_after": trends.review_share_of_time_expr("datum.p", "datum.s", "datum.r"),
        },
    )
    expected = [
        {
            "speedup": trends.amdahl_speedup(r["p"], r["s"]),
            "limit": _finite_or_none(trends.amdahl_limit(1 - r["p"])),
            "review_after": trends.review_share_of_time(r["p"], r["s"], r["r"]),
        }
        for r in amdahl_rows
    ]
    assert_same(got, expected, amdahl_rows)


def _finite_or_none(x: float) -> float | None:
    return x if math.isfinite(x) else None


def test_slider_params_drive_the_expressions(vega_page):
    """As on a page: Vega-Lite params (sliders) named in the expressions, dates as Vega dates
    parsed from strings, values read after each slider move."""
    months = [0.0, 2.0, 5.5, 9.0, 30.0]
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "data": {"values": [{"month": m} for m in months]},
        "params": [
            {
                "name": "doubling_months",
                "value": 4,
                "bind": {"input": "range", "min": 1, "max": 12},
            },
            {
                "name": "acceleration",
                "value": 0.1,
                "bind": {"input": "range", "min": 0, "max": 0.5},
            },
            {"name": "ceiling_minutes", "value": 10_000},
            {"name": "start_minutes", "value": 720},
            {"name": "start_date", "expr": "utc(2026, 1, 5)"},  # months count from 0: February
        ],
        "transform": [
            {"calculate": "time(start_date) + datum.month * 2629800000", "as": "date"},
            {
                "calculate": trends.months_since_expr("datum.date", "start_date"),
                "as": "t",
            },
            {
                "calculate": trends.exponential_minutes_expr(
                    "datum.t", "start_minutes", "doubling_months"
                ),
                "as": "exponential",
            },
            {
                "calculate": trends.accelerating_minutes_expr(
                    "datum.t", "start_minutes", "doubling_months", "acceleration"
                ),
                "as": "accelerating",
            },
            {
                "calculate": trends.plateau_minutes_expr(
                    "datum.t", "start_minutes", "doubling_months", "ceiling_minutes"
                ),
                "as": "plateau",
            },
            {
                "calculate": trends.milestone_date_expr(
                    "accelerating",
                    target=str(trends.MILESTONES["1 work month"]),
                    start_date="start_date",
                    start="start_minutes",
                    doubling="doubling_months",
                    acceleration="acceleration",
                ),
                "as": "work_month_date",
            },
        ],
        "mark": "line",
        "encoding": {
            "x": {"field": "date", "type": "temporal"},
            "y": {"field": "accelerating", "type": "quantitative"},
        },
    }
    start_ms = trends.to_epoch_ms("2026-02-05")
    spec = compile_spec(spec)  # as every chart reaches the page
    checked = 0
    for doubling, accel in [(4, 0.1), (1, 0.5), (12, 0.0), (7, 0.25), (2.5, 0.35)]:
        datasets = vega_page.evaluate(
            EMBED_AND_READ,
            {"spec": spec, "signals": {"doubling_months": doubling, "acceleration": accel}},
        )
        rows = next(rows for rows in datasets.values() if rows and "plateau" in rows[0])
        assert [r["month"] for r in rows] == months
        for row in rows:
            assert row["date"] - start_ms == pytest.approx(row["month"] * trends.MS_PER_MONTH)
            t = row["t"]
            want = {
                "exponential": trends.exponential_minutes(t, 720, doubling),
                "accelerating": trends.accelerating_minutes(t, 720, doubling, accel),
                "plateau": trends.plateau_minutes(t, 720, doubling, 10_000),
                "work_month_date": trends.date_after_ms(
                    start_ms,
                    trends.accelerating_months_to(
                        trends.MILESTONES["1 work month"], 720, doubling, accel
                    ),
                ),
            }
            assert_same([row], [want], [row])
            checked += 1
    assert checked == 25


# --- Ranges: the draws and quantiles of explainer.trends' uncertainty section ----------------

# Spreads from none to well past the widened defaults, on both sources and each alone.
SPREADS = [(0.0, 0.0), (0.0, 0.9), (0.35, 0.0), (0.35, 0.9), (1.0, 2.5)]
RANGE_SETTINGS = [
    (doubling, accel, start, factor, spreads)
    for doubling, accel, start, factor in itertools.product(
        [1.0, 4.0, 12.0], [0.0, 0.1, 0.5], [90.0, 719.0], [2.0, 50.0]
    )
    for spreads in SPREADS
]
RANGE_FIELDS = [f"{name}_{unit}" for name in trends.RANGE_LABELS for unit in ("months", "date")]


def _range_spec(draws, setting, targets=None, target_minutes=None, horizon=True) -> dict:
    """A Vega-Lite spec as a chart would build it: the draws as data, the reader's settings as
    params, the range transforms after them."""
    doubling, accel, start, factor, (doubling_spread, start_spread) = setting
    params = {
        "start_minutes": start,
        "doubling_months": doubling,
        "acceleration": accel,
        "ceiling_minutes": start * factor,
        "doubling_spread": doubling_spread,
        "start_spread": start_spread,
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "data": {"values": draws.to_dict(orient="records")},
        "params": [{"name": k, "value": v} for k, v in params.items()]
        + [
            {"name": "start_date", "expr": f"{START_DATE_MS}"},
            {"name": "horizon_date", "expr": f"{HORIZON_DATE_MS}"},
        ],
        "transform": trends.range_transforms(
            targets,
            target_minutes=target_minutes,
            horizon_date="horizon_date" if horizon else None,
        ),
        "mark": "point",
        # Nominal, so Vega-Lite's filter of invalid values (which a quantitative field adds)
        # does not drop the rows where a quantile is not reached.
        "encoding": {"x": {"field": "family", "type": "nominal"}},
    }


def _python_ranges(setting, targets, horizon=True):
    doubling, accel, start, factor, (doubling_spread, start_spread) = setting
    frames = []
    for family in trends.FAMILIES:
        frame = trends.milestone_ranges(
            family,
            START_DATE_MS,
            start,
            doubling,
            accel,
            start * factor,
            HORIZON_DATE_MS if horizon else None,
            doubling_spread,
            start_spread,
            targets,
        )
        frame.insert(0, "family", family)
        frames.append(frame)
    return frames


def _ms_or_nan(value):
    return math.nan if value is None or value is pd.NaT else float(trends.to_epoch_ms(value))


def _read_ranges(page, spec) -> list[dict]:
    # Compiled to Vega as every chart is at build time (the page's runtime is Vega alone).
    datasets = page.evaluate(EMBED_AND_READ, {"spec": compile_spec(spec), "signals": {}})
    return next(rows for rows in datasets.values() if rows and "share_never" in rows[0])


def test_milestone_ranges_match_on_a_grid_of_settings(vega_page):
    """Median and 80% interval (months and dates) and both shares, every family and milestone,
    on 360 settings (doubling time, acceleration, start, ceiling, both spreads)."""
    draws = trends.uncertainty_draws()
    assert len(RANGE_SETTINGS) >= 100
    compared = not_reached = 0
    for setting in RANGE_SETTINGS:
        got = _read_ranges(vega_page, _range_spec(draws, setting))
        got = {(g["family"], g["milestone"]): g for g in got}
        for frame in _python_ranges(setting, trends.MILESTONES):
            rows, want = [], []
            for _, row in frame.iterrows():
                rows.append(got[(row["family"], row["milestone"])])
                want.append(
                    {f"{n}_months": row[f"{n}_months"] for n in trends.RANGE_LABELS}
                    | {f"{n}_date": _ms_or_nan(row[f"{n}_date"]) for n in trends.RANGE_LABELS}
                    | {"share_not_reached": row["share_not_reached"]}
                    | {"share_never": row["share_never"]}
                )
                not_reached += math.isnan(row["high_months"])
            assert_same(rows, want, rows)
            compared += len(rows)
    assert compared == len(RANGE_SETTINGS) * 3 * len(trends.MILESTONES)
    assert not_reached > 0  # the "not reached" branch is compared too


def test_range_band_on_a_grid_of_task_lengths_matches(vega_page):
    """The band drawn on a chart: a grid of task lengths, and no horizon."""
    draws = trends.uncertainty_draws()
    grid = list(np.geomspace(30, 2e5, 25))
    for setting in [
        RANGE_SETTINGS[3],
        RANGE_SETTINGS[-1],
        RANGE_SETTINGS[len(RANGE_SETTINGS) // 2],
    ]:
        got = _read_ranges(
            vega_page, _range_spec(draws, setting, target_minutes=grid, horizon=False)
        )
        got = {(g["family"], g["target_minutes"]): g for g in got}
        doubling, accel, start, factor, (doubling_spread, start_spread) = setting
        for family in trends.FAMILIES:
            band = trends.range_band(
                family,
                grid,
                START_DATE_MS,
                start,
                doubling,
                accel,
                start * factor,
                None,
                doubling_spread,
                start_spread,
            )
            rows = [got[(family, m)] for m in band["minutes"]]
            want = [
                {f"{n}_months": r[f"{n}_months"] for n in trends.RANGE_LABELS}
                for _, r in band.iterrows()
            ]
            assert_same(rows, want, rows)


def test_each_draws_months_match(vega_page):
    """One draw at a time, with the spreads inlined in the expression: every draw's months to
    each milestone (null: never), for every family, on a subset of the settings."""
    draws = trends.uncertainty_draws().iloc[::10]  # 21 draws, both tails included
    rows, expected = [], []
    for doubling, accel, start, factor, (t_sd, s_sd) in RANGE_SETTINGS[::9]:
        for target in trends.MILESTONES.values():
            want = {
                family: trends.draw_months_to_reach(
                    family, target, start, doubling, accel, start * factor, t_sd, s_sd, draws
                )
                for family in trends.FAMILIES
            }
            for j, (_, z) in enumerate(draws.iterrows()):
                rows.append(
                    {"M": target, "T": doubling, "d": accel, "s": start, "C": start * factor}
                    | {"ts": t_sd, "ss": s_sd, "z_doubling": z["z_doubling"]}
                    | {"z_start": z["z_start"]}
                )
                expected.append({family: want[family][j] for family in trends.FAMILIES})
    formulas = {
        family: trends.draw_months_to_reach_expr(
            family, "datum.M", "datum.s", "datum.T", "datum.d", "datum.C", "datum.ts", "datum.ss"
        )
        for family in trends.FAMILIES
    }
    got = run_formulas(vega_page, rows, formulas)
    assert_same(got, expected, rows)
    assert any(g["plateau"] is None for g in got)


def test_the_range_texts_match_the_prose_wording(vega_page):
    """The milestone table's cell texts (`charts.scenarios.range_text_expr`, run in Vega on the
    range rows) are the words the prose and the panel use (`settings.range_text`), on the
    range grid: medians and 80% ranges, 'after <horizon>', 'not reached by', 'never', and the
    point projection's 'all draws agree' at zero spread."""
    from explainer import settings
    from explainer.charts.scenarios import range_text_expr

    horizon = pd.Timestamp(trends.from_epoch_ms(HORIZON_DATE_MS))
    draws = trends.uncertainty_draws()
    seen = set()
    for setting in RANGE_SETTINGS[::7]:
        spec = _range_spec(draws, setting, trends.MILESTONES)
        spec["transform"].append({"calculate": range_text_expr(horizon), "as": "text"})
        got = {(g["family"], g["milestone"]): g["text"] for g in _read_ranges(vega_page, spec)}
        for frame in _python_ranges(setting, trends.MILESTONES):
            for _, row in frame.iterrows():
                want = settings.range_text(row, horizon)
                assert got[(row["family"], row["milestone"])] == want, (setting, row.to_dict())
                seen.add(want)
    # The grid reaches the distinct wordings, so each branch was compared.
    texts = " | ".join(seen)
    for wording in ("80%: ", settings.AGREE, "after ", "not reached by", "never"):
        assert wording in texts, wording


# --- When will we know? -------------------------------------------------------------------------

# Every control the first separation depends on, over its range: the doubling time and the
# ceiling (ends and defaults), both start points, and the spreads from none to their maxima.
SEPARATION_DOUBLINGS = [1.0, 2.5, 4.0, 7.0, 12.0]
SEPARATION_CEILING_HOURS = [16.0, 40.0, 80.0, 400.0, 2000.0]
SEPARATION_SPREADS = [(0.0, 0.0), (0.0, 2.5), (0.5, 0.0), (0.9, 1.2), (2.0, 5.0)]

# Set each setting's signals on one view in turn, as the sliders do, and read the separation's
# row back after each.
MOVE_AND_READ_SEPARATION = """
async ({spec, settings}) => {
  const view = new vega.View(vega.parse(spec), {renderer: "none"});
  await view.runAsync();
  const name = spec.data.map((d) => d.name).find((n) => {
    const rows = view.data(n);
    return rows.length === 1 && "plateau_high_minutes" in rows[0];
  });
  const out = [];
  for (const setting of settings) {
    for (const [signal, value] of Object.entries(setting)) view.signal(signal, value);
    await view.runAsync();
    const rows = view.data(name);
    const row = rows[0];
    out.push({n: rows.length, date: row.date, low: row.exponential_low_minutes,
              high: row.plateau_high_minutes, text: row.text});
  }
  view.finalize();
  return out;
}
"""


def _separation_spec(horizon_ms: float) -> dict:
    """The chart's construction on one row: the settings as params, the draws' parameters as
    the two array signals, `first_separation_transforms` and the readout's words after them."""
    from explainer.charts.scenarios import know_text_expr

    starts, doublings = trends.draw_parameters_array_expr(
        "start_minutes", "doubling_months", "doubling_spread", "start_spread"
    )
    first = {"start_minutes": 700.0, "start_date": START_DATE_MS, "doubling_months": 4.0}
    first |= {"ceiling_minutes": 4800.0, "doubling_spread": 0.5, "start_spread": 0.5}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "data": {"values": [{"row": 0}]},
        "params": [{"name": k, "value": v} for k, v in first.items()]
        + [
            {"name": "horizon_date", "expr": repr(horizon_ms)},
            {"name": "draw_starts", "expr": starts},
            {"name": "draw_doublings", "expr": doublings},
        ],
        "transform": [
            *trends.first_separation_transforms(),
            {"calculate": know_text_expr(trends.from_epoch_ms(horizon_ms)), "as": "text"},
        ],
        "mark": "text",
        "encoding": {"text": {"field": "text", "type": "nominal"}},
    }


def test_first_separation_matches_on_a_grid_of_settings(vega_page):
    """The browser's "When will we know?" (`trends.first_separation_transforms`, driven as the
    sliders drive it) against `trends.first_separation` on 250 settings over the controls'
    ranges: the same month, both hours to 1e-9, "still overlap" in the same cases, and the
    readout's words (`know_text_expr`) equal to Python's (`know_text`). The browser searches
    the months coarse to fine; Python evaluates every month."""
    from explainer import settings as page_settings
    from explainer.charts.scenarios import know_text

    horizon = page_settings.HORIZON_DATE
    starts = page_settings.start_points()
    grid = list(
        itertools.product(
            starts.values(), SEPARATION_DOUBLINGS, SEPARATION_CEILING_HOURS, SEPARATION_SPREADS
        )
    )
    assert len(grid) >= 100
    signals = [
        {
            "start_minutes": start["minutes"],
            "start_date": float(trends.to_epoch_ms(start["date"])),
            "doubling_months": doubling,
            "ceiling_minutes": ceiling_h * 60,
            "doubling_spread": t_sd,
            "start_spread": s_sd,
        }
        for start, doubling, ceiling_h, (t_sd, s_sd) in grid
    ]
    spec = compile_spec(_separation_spec(float(trends.to_epoch_ms(horizon))))
    got = vega_page.evaluate(MOVE_AND_READ_SEPARATION, {"spec": spec, "settings": signals})
    months, overlapping, off_grid = set(), 0, 0
    for (start, doubling, ceiling_h, (t_sd, s_sd)), row in zip(grid, got, strict=True):
        want = trends.first_separation(
            start["date"], start["minutes"], doubling, ceiling_h * 60, horizon, t_sd, s_sd
        )
        setting = (start["label"], doubling, ceiling_h, t_sd, s_sd)
        assert row["n"] == 1, setting
        assert row["text"] == know_text(want, horizon), setting
        if want is None:
            assert (row["date"], row["low"], row["high"]) == (None, None, None), setting
            overlapping += 1
            continue
        assert row["date"] == trends.to_epoch_ms(want.date), setting
        for got_minutes, want_minutes in (
            (row["low"], want.exponential_low_minutes),
            (row["high"], want.plateau_high_minutes),
        ):
            assert abs(got_minutes - want_minutes) <= RELATIVE_TOLERANCE * want_minutes, setting
        months.add(row["date"])
        first_month = start["date"].to_period("M") + 1
        off_grid += (want.date.to_period("M") - first_month).n % trends.SEPARATION_BLOCK_MONTHS > 0
    # Both outcomes, and many different months, were compared, among them months the coarse
    # search steps over (found by its fine pass).
    assert 0 < overlapping < len(grid)
    assert len(months) >= 10
    assert off_grid >= 10
