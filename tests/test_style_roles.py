"""Every chart and panel colours its marks by role (`explainer.style`), never by a literal
colour outside the roles: so the loader's dark mode, which swaps each role's light value for
its dark one, reaches every mark. The JupyterLab panels draw with the page charts' colours
and dash patterns.
"""

from __future__ import annotations

import re

import altair as alt
import pandas as pd
import pytest

from explainer import charts, data, settings, style
from explainer.charts import scenarios as scenario_charts
from tests import specs

HEX = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
NAMED = {"white", "black", "grey", "gray", "red", "blue", "green", "orange"}
COLOUR_KEYS = {"color", "fill", "stroke", "fillColor", "strokeColor", "gridColor", "range"}


def _full(colour: str) -> str:
    """'#222' -> '#222222' (the same colour), lower-case."""
    colour = colour.lower()
    if len(colour) == 4:
        colour = "#" + "".join(c * 2 for c in colour[1:])
    return colour


def colours_in(spec) -> set[str]:
    """Every colour a spec names: hex strings anywhere, and colour names under colour keys."""
    found: set[str] = set()

    def walk(node, key: str | None = None) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str):
            if HEX.fullmatch(node):
                found.add(_full(node))
            elif key in COLOUR_KEYS and node.lower() in NAMED:
                found.add(node.lower())

    walk(spec)
    return found


ROLE_COLOURS = {_full(role.light) for role in style.ROLES.values()}


@pytest.mark.parametrize("name", charts.__all__)
def test_every_chart_colours_by_role(name):
    spec = specs.spec(name)
    assert colours_in(spec) - ROLE_COLOURS == set()


def drawn_literal_colours(vega: dict) -> set[tuple[str, str]]:
    """(mark name, colour) of every literal fill or stroke a compiled Vega spec draws with,
    marks drawn fully transparent aside: also the colours Vega-Lite supplies itself, such as a
    text mark's default black, which no spec names."""
    found = set()

    def walk(marks) -> None:
        for mark in marks:
            walk(mark.get("marks", []))
            for props in (mark.get("encode") or {}).values():
                if props.get("opacity") == {"value": 0}:
                    continue
                for channel in ("fill", "stroke"):
                    rules = props.get(channel) or []  # one rule, or a list of conditions
                    for rule in rules if isinstance(rules, list) else [rules]:
                        value = rule.get("value")
                        if isinstance(value, str) and value != "transparent":
                            found.add((mark.get("name", "?"), _full(value)))

    walk(vega.get("marks", []))
    return found


DARK_MODE_COLOURS = {_full(light) for light in style.dark_map()}


@pytest.mark.parametrize("name", specs.CHART_NAMES)
def test_every_drawn_colour_is_one_dark_mode_recolours(name):
    """A mark drawn in a colour outside the roles keeps it in dark mode: Vega's default black
    text is near-invisible on the dark page."""
    drawn = drawn_literal_colours(specs.compiled(name))
    assert {(mark, c) for mark, c in drawn if c not in DARK_MODE_COLOURS} == set()


def test_the_drawn_colour_check_catches_vega_lite_s_default_text_colour():
    from explainer import render

    chart = alt.Chart(pd.DataFrame({"t": ["a"]})).mark_text().encode(text="t:N")
    drawn = drawn_literal_colours(render.compile_spec(chart.to_dict()))
    assert {c for _, c in drawn} - DARK_MODE_COLOURS == {"black"}


def test_the_check_catches_a_literal_colour():
    chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_point(color="#123456", stroke="white")
    assert colours_in(chart.to_dict()) - ROLE_COLOURS == {"#123456", "white"}


def test_the_theme_colours_by_role():
    from explainer import render

    assert colours_in(render.theme()) - ROLE_COLOURS == set()


def _scale_range(spec: dict, field: str, channel: str) -> list:
    """The range of the scale encoding ``field`` on ``channel`` in any layer of a spec."""
    for layer in [spec, *spec.get("layer", [])]:
        enc = (layer.get("encoding") or {}).get(channel) or {}
        if enc.get("field") == field and "scale" in enc:
            return enc["scale"]["range"]
    raise LookupError(f"no {channel} scale on {field}")


def test_the_projection_panel_draws_with_the_page_charts_colours_and_dashes():
    from explainer.widgets import scenarios as panels

    page = specs.spec("scenario_projection_chart")
    page_layers = [layer for layer in page["layer"] if "strokeDash" in layer.get("encoding", {})]
    page_colour = page_layers[0]["encoding"]["color"]["scale"]
    page_dash = page_layers[0]["encoding"]["strokeDash"]["scale"]
    start = settings.start_points()["metr"]
    panel = panels.projection_figure(start, 4.0, 0.1, 80.0).to_dict()
    assert _scale_range(panel, "family_label", "color") == page_colour["range"]
    assert _scale_range(panel, "family_label", "strokeDash") == page_dash["range"]
    assert panel["encoding"]["color"]["scale"]["domain"] == page_colour["domain"]
    # The families' own roles, in the model's order.
    assert page_colour["range"] == [style.FAMILY_COLOURS[f].light for f in settings.FAMILY_LABELS]
    # Years on the time axis.
    assert panel["encoding"]["x"]["axis"]["format"] == "%Y"
    assert colours_in(panel) <= ROLE_COLOURS
    assert scenario_charts.FAMILY_DASHES == [style.FAMILY_DASHES[f] for f in settings.FAMILY_LABELS]


def test_the_fit_panel_draws_with_the_page_charts_series_colours():
    from explainer.charts import benchmarks as page
    from explainer.widgets import benchmarks as panels

    chart, _ = panels.fit_chart(data.load("metr_horizons"), 2019, 2026, True)
    spec = chart.to_dict()
    points = spec["layer"][0]["encoding"]
    assert points["color"]["scale"]["range"] == page.SERIES_COLOURS[:2]
    assert points["shape"]["scale"]["range"] == page.SERIES_SHAPES[:2]
    assert points["x"]["axis"]["format"] == "%Y"
    assert colours_in(spec) <= ROLE_COLOURS
