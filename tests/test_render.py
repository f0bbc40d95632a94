"""Rendering configuration and chart builders: specs validate, round-trip, and carry metadata."""

from __future__ import annotations

import html
import json
import re

import altair as alt
import pytest

from explainer import charts, render
from explainer.sphinx_offline import DATA_DIR, vega_runtime_js

CHART_BUILDERS = [getattr(charts, name) for name in charts.__all__ if name.endswith("_chart")]


def _spec_from_html(markup: str) -> dict:
    match = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', markup, re.S)
    assert match, markup[:300]
    return json.loads(match.group(1))


def test_there_are_chart_builders():
    assert CHART_BUILDERS, "explainer.charts defines no *_chart function"


@pytest.mark.parametrize("builder", CHART_BUILDERS, ids=lambda f: f.__name__)
def test_chart_spec_validates_and_round_trips_through_json(builder):
    chart = builder()
    spec = chart.to_dict(validate=True)
    assert json.loads(json.dumps(spec)) == spec
    again = alt.Chart.from_dict(spec) if "layer" not in spec else alt.LayerChart.from_dict(spec)
    assert again.to_dict() == spec


@pytest.mark.parametrize("builder", CHART_BUILDERS, ids=lambda f: f.__name__)
def test_chart_has_a_description_and_links_existing_csv_files(builder):
    spec = builder().to_dict()
    assert len(spec.get("description", "")) > 40, "a chart needs a real text description"
    files = spec["usermeta"]["explainer"]["csv"]
    assert files
    for name in files:
        assert (DATA_DIR / name).is_file(), name


@pytest.mark.parametrize("builder", CHART_BUILDERS, ids=lambda f: f.__name__)
def test_every_tooltip_names_a_source(builder):
    spec = builder().to_dict()
    layers = spec.get("layer", [spec])
    tooltips = [t for layer in layers for t in (layer.get("encoding", {}).get("tooltip") or [])]
    assert tooltips, "no tooltip"
    assert any(t.get("title") == "Source" for t in tooltips)


def test_static_renderer_embeds_the_spec_as_inert_json():
    spec = {"$schema": "x", "description": 'A "quoted" <b>description</b>', "mark": "point"}
    spec["title"] = "</script><script>alert(1)</script>"
    bundle = render.static_renderer(spec)
    markup = bundle["text/html"]
    assert list(bundle) == ["text/html"]
    # The spec's text cannot close the JSON <script> element early.
    assert markup.count("</script>") == 1
    assert _spec_from_html(markup) == spec
    assert f'aria-label="{html.escape(spec["description"], quote=True)}"' in markup
    assert f'class="{render.CHART_CLASS}"' in markup


def test_chart_ids_are_unique():
    a = render.chart_html({"mark": "point"})
    b = render.chart_html({"mark": "point"})
    assert re.search(r'id="(chart-\w+)"', a).group(1) != re.search(r'id="(chart-\w+)"', b).group(1)


def test_csv_links_use_the_static_placeholder():
    markup = render.chart_html({"mark": "point", "usermeta": {"explainer": {"csv": ["a.csv"]}}})
    assert f'href="{render.STATIC_PLACEHOLDER}/data/a.csv"' in markup


def test_renderer_choice(monkeypatch):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.delenv("EXPLAINER_RENDERER", raising=False)
    assert render.enable() == render.RENDERER_NAME
    monkeypatch.setenv("JPY_SESSION_NAME", "chapters/scenarios.md")
    assert render.enable() == "jupyter"
    monkeypatch.setenv("EXPLAINER_RENDERER", "static")
    assert render.enable() == render.RENDERER_NAME
    monkeypatch.setenv("EXPLAINER_RENDERER", "canvas")
    with pytest.raises(ValueError, match="EXPLAINER_RENDERER"):
        render.enable()
    monkeypatch.delenv("EXPLAINER_RENDERER")
    monkeypatch.delenv("JPY_SESSION_NAME")
    render.enable()
    assert alt.renderers.active == render.RENDERER_NAME
    assert alt.theme.active == render.THEME_NAME


def test_theme_uses_the_colour_blind_safe_palette_and_system_fonts():
    config = render.theme()["config"]
    assert config["range"]["category"] == render.OKABE_ITO
    assert "system-ui" in config["font"]


def test_vega_runtime_is_wrapped_so_its_names_stay_private():
    js = vega_runtime_js()
    body = js.split("\n", 1)[1]
    assert body.startswith("(function () {")
    assert body.rstrip().endswith("})();")
    assert "window.vegaEmbed=" in js.replace(" ", "")
