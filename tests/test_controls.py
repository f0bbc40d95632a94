"""One specification per control: the page's Vega-Lite input and the JupyterLab ipywidget are
both generated from `explainer.settings`, and agree on label, range, step and default.

The Vega side is read from the charts' own specs (not from the helper that builds them), so a
chart that binds a control by hand, or a widget built differently, fails here.
"""

from __future__ import annotations

import math

import pytest

from explainer import settings
from explainer.charts import _base
from explainer.widgets._controls import model_value, widget_for
from tests import specs


def _bound_params(spec: dict) -> dict[str, dict]:
    """Every param bound to an input, anywhere in a Vega-Lite spec, by name."""
    found: dict[str, dict] = {}

    def walk(node) -> None:
        if isinstance(node, dict):
            for param in node.get("params") or []:
                if isinstance(param, dict) and param.get("bind"):
                    found[param["name"]] = param
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return found


def _all_params(spec: dict) -> dict[str, dict]:
    found: dict[str, dict] = {}

    def walk(node) -> None:
        if isinstance(node, dict):
            for param in node.get("params") or []:
                if isinstance(param, dict) and "name" in param:
                    found[param["name"]] = param
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return found


CHARTS = {
    # Every control, the two spreads of its ranges among them.
    "scenario_projection_chart": settings.projection_controls,
    "amdahl_chart": settings.amdahl_controls,
    "backtest_chart": lambda: (settings.backtest_choice(),),
    # The fit window, and the 50%/80% switch Fig. 1 shares (one specification, two charts).
    "time_horizon_fit_chart": lambda: (*settings.fit_controls(), settings.SUCCESS_RATE),
    "time_horizon_chart": lambda: (settings.SUCCESS_RATE,),
}


@pytest.fixture(scope="module")
def chart_specs() -> dict[str, dict]:
    return {name: specs.spec(name) for name in CHARTS}


def _cases():
    for chart, controls in CHARTS.items():
        for control in controls():
            yield pytest.param(chart, control, id=f"{chart}-{control.name}")


def _widget_state(control: settings.Control, widget) -> dict:
    """What the ipywidget offers, in the page input's terms (a log slider's bounds in log10)."""
    if isinstance(control, settings.Slider):
        log = control.scale == "log"
        value = math.log10(widget.value) if log else widget.value
        return {"min": widget.min, "max": widget.max, "step": widget.step, "value": value}
    if isinstance(control, settings.Choice):
        labels, options = zip(*widget.options, strict=True)
        return {"options": list(options), "labels": list(labels), "value": widget.value}
    return {"value": widget.value}


def _page_state(control: settings.Control, param: dict) -> dict:
    bind = param["bind"]
    if isinstance(control, settings.Slider):
        assert bind["input"] == "range"
        return {
            "min": bind["min"],
            "max": bind["max"],
            "step": bind["step"],
            "value": param["value"],
        }
    if isinstance(control, settings.Choice):
        # A drop-down, or radio buttons for a switch between two or three (`Choice.style`).
        assert bind["input"] == {"select": "select", "radio": "radio"}[control.style]
        labels = bind.get("labels", [str(o) for o in bind["options"]])
        return {"options": bind["options"], "labels": labels, "value": param["value"]}
    assert bind["input"] == "checkbox"
    return {"value": param["value"]}


@pytest.mark.parametrize(("chart", "control"), list(_cases()))
def test_page_input_and_widget_agree(chart_specs, chart, control):
    param = _bound_params(chart_specs[chart]).get(control.param)
    assert param is not None, f"{chart} binds no input named {control.param}"
    widget = widget_for(control)
    page, panel = _page_state(control, param), _widget_state(control, widget)
    assert page.keys() == panel.keys()
    for key in page:
        if isinstance(page[key], float):
            assert panel[key] == pytest.approx(page[key], rel=1e-12), key
        else:
            assert panel[key] == page[key], key
    # The same words: the page's label (a space before its input) is the widget's description.
    assert param["bind"]["name"].strip() == widget.description == control.text


@pytest.mark.parametrize(("chart", "control"), list(_cases()))
def test_page_and_widget_match_the_specification(chart_specs, chart, control):
    """Both sides equal the specification itself (not only each other)."""
    param = _bound_params(chart_specs[chart])[control.param]
    widget = widget_for(control)
    if isinstance(control, settings.Slider):
        low, high, step, default = control.bound_range
        assert (param["bind"]["min"], param["bind"]["max"], param["bind"]["step"]) == (
            pytest.approx(low),
            pytest.approx(high),
            pytest.approx(step),
        )
        assert param["value"] == pytest.approx(default)
        assert model_value(control, widget) == pytest.approx(control.default)
        assert widget.continuous_update is False  # redraw on release
    else:
        assert param["value"] == control.default == widget.value


def test_a_log_slider_derives_the_model_argument_as_the_widget_does(chart_specs):
    """The ceiling and the AI speedup are log-scaled; the model reads a derived signal with
    the control's own name, whose expression `Slider.value` mirrors in Python."""
    params = _all_params(chart_specs["scenario_projection_chart"])
    ceiling = settings.CEILING
    assert ceiling.scale == "log" and ceiling.param != ceiling.name
    assert params[ceiling.name]["expr"] == ceiling.value_expr()
    assert ceiling.param in params[ceiling.name]["expr"]
    for hours in (16, 80, 170, 2000):
        assert ceiling.value(math.log10(hours)) == pytest.approx(hours)
    speedup = settings.amdahl_controls()[1]
    assert speedup.scale == "log" and speedup.max == 1000  # the slider reaches the axis's end
    amdahl = _all_params(chart_specs["amdahl_chart"])
    assert amdahl[speedup.name]["expr"] == speedup.value_expr()


def test_the_check_can_fail():
    """A widget built with another range or label is told apart from the page's input."""
    control = settings.DOUBLING
    (param,) = _base.params_for(control)
    page = _page_state(control, param.param.to_dict())
    widget = widget_for(control)
    widget.max = control.max + 1
    assert _widget_state(control, widget) != page
    other = widget_for(settings.ACCELERATION)
    assert other.description != param.param.to_dict()["bind"]["name"].strip()


def test_a_specification_refuses_a_default_outside_its_range():
    with pytest.raises(ValueError, match="outside"):
        settings.Slider("x", "X", "u", min=1, max=2, step=0.1, default=3, help="")
    with pytest.raises(ValueError, match="positive"):
        settings.Slider("x", "X", "u", min=0, max=2, step=0.1, default=1, help="", scale="log")


def test_share_keys_are_readable_and_unique_per_page(chart_specs):
    from explainer import render

    keys = {name: render.chart_key(spec) for name, spec in chart_specs.items()}
    assert keys == {
        "scenario_projection_chart": "projection",
        "amdahl_chart": "amdahl",
        "backtest_chart": "backtest",
        "time_horizon_fit_chart": "fit",
        "time_horizon_chart": "horizons",
    }
    benchmarks_page = [
        keys["time_horizon_fit_chart"],
        render.chart_key(specs.spec("doubling_trends_chart")),
    ]
    assert len(set(benchmarks_page)) == len(benchmarks_page)


def test_the_projection_chart_has_both_spread_controls():
    """The ranges' two spreads are controls of Fig. 11 (so the generic checks above cover their
    page inputs and widgets), defaulting to the data's spreads widened by the backtest's rule."""
    names = [c.name for c in settings.projection_controls()]
    assert names[-2:] == ["doubling_spread", "start_spread"]
    spreads = settings.default_spreads()
    doubling, start = settings.spread_controls()
    assert doubling.default == round(spreads.factor * spreads.estimate.doubling_spread, 2)
    assert start.default == round(spreads.factor * spreads.estimate.start_spread, 2)
    # On the step, so a shared link (snapped to the step) restores the default exactly.
    for control in (doubling, start):
        assert round(control.default / control.step) * control.step == pytest.approx(
            control.default, abs=1e-12
        )
    # "No uncertainty" is on both sliders: their minimum is 0.
    assert doubling.min == start.min == 0


def _preset_meta(spec: dict) -> list[dict]:
    return spec["usermeta"]["explainer"]["presets"]


def test_every_preset_sets_every_control_of_its_chart_within_its_range(chart_specs):
    spec = chart_specs["scenario_projection_chart"]
    bound = _bound_params(spec)
    controls = {c.param: c for c in settings.projection_controls()}
    presets = _preset_meta(spec)
    assert {p["key"] for p in presets} >= {
        "essay",
        "metr_long_run",
        "measurement_ceiling",
        "no_uncertainty",
    }
    for preset in presets:
        assert preset["label"] and preset["source"]
        # Every control the chart binds (but the scale switch, a view and not a setting).
        assert set(preset["values"]) == set(bound) - {_base.Y_SCALE} == set(controls)
        for param, value in preset["values"].items():
            control = controls[param]
            if isinstance(control, settings.Slider):
                low, high, _, _ = control.bound_range
                assert low - 1e-12 <= value <= high + 1e-12, (preset["key"], param, value)
            else:
                assert value in control.options


def test_the_presets_carry_their_sources_numbers():
    """Each preset's numbers are recomputed here from the data it names."""
    from explainer import data, trends

    metr = data.load("metr_horizons")
    tasks = data.load("task_horizons").set_index("observation_id")
    presets = {p.key: p.values for p in settings.projection_presets()}
    essay = presets["essay"]
    assert essay["start_from"] == "essay"
    recent = data.load("horizon_trends").set_index("observation_id")
    assert essay["doubling_months"] == float(recent.loc["doubling_time_recent", "value"])
    long_run = trends.fit_doubling_time(metr, frontier_only=False).months
    assert presets["metr_long_run"]["doubling_months"] == pytest.approx(long_run, abs=0.05)
    ceiling_hours = float(tasks.loc["essay_claude_mythos_preview", "minutes_low"]) / 60
    assert 10 ** presets["measurement_ceiling"]["ceiling_hours_log10"] == pytest.approx(
        ceiling_hours
    )
    none = presets["no_uncertainty"]
    assert none["doubling_spread"] == none["start_spread"] == 0
