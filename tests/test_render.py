"""Rendering configuration and chart builders: specs validate, round-trip, and carry metadata."""

from __future__ import annotations

import html
import io
import json
import re
import shutil
from pathlib import Path

import altair as alt
import pytest

from explainer import charts, render, style
from explainer.sphinx_offline import (
    COMPILE_HINT,
    DATA_DIR,
    VEGA_PACKAGES,
    runtime_snippet,
    vega_runtime_js,
)
from tests import specs

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
    spec = specs.spec(builder.__name__)
    assert len(spec.get("description", "")) > 40, "a chart needs a real text description"
    files = spec["usermeta"]["explainer"]["csv"]
    assert files
    for name in files:
        assert (DATA_DIR / name).is_file(), name


@pytest.mark.parametrize("builder", CHART_BUILDERS, ids=lambda f: f.__name__)
def test_every_tooltip_names_a_source(builder):
    spec = specs.spec(builder.__name__)
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
    # It arrives compiled to Vega, which a browser draws without compiling it again.
    embedded = _spec_from_html(markup)
    assert embedded == render.compile_spec(spec)
    assert embedded["$schema"].startswith("https://vega.github.io/schema/vega/v")
    assert embedded["title"]["text"] == spec["title"]
    assert embedded["description"] == spec["description"]
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
    # Without offline=True the JupyterChart imports vega-embed from esm.sh (no network, no
    # chart); tests/test_jupyterlab.py checks that charts really draw with other hosts blocked.
    assert alt.renderers.options.get("offline") is True
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
    # Okabe & Ito's hues, distinguishable with every common colour-vision deficiency.
    okabe_ito = {"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#f0e442"}
    category = config["range"]["category"]
    assert category == [role.light for role in style.CATEGORICAL]
    assert len(category) >= 4 and {c.lower() for c in category} <= okabe_ito
    assert "system-ui" in config["font"]


def test_vega_runtime_is_wrapped_so_its_names_stay_private():
    js = vega_runtime_js()
    hint, _header, body = js.split("\n", 2)
    assert hint == COMPILE_HINT  # first: Chrome reads it only there
    assert body.startswith("(function () {")
    assert body.rstrip().endswith("})();")
    assert "window.vega=" in js.replace(" ", "")


def test_vega_runtime_is_vega_alone_at_the_release_charts_are_compiled_for():
    """Charts arrive compiled to Vega: the runtime ships neither Vega-Lite's compiler nor
    vega-embed, and its Vega is the release vl-convert compiles for."""
    import vl_convert

    js = vega_runtime_js()
    for absent in ("vegaEmbed", "vegaLite", "vega-embed", "vega-lite"):
        assert absent not in js, absent
    vega_version = vl_convert.get_vega_version()
    assert f"Vega {vega_version}:" in js.split("\n", 2)[1]
    # Put together from that release's packages (vl-convert vendors one version of each).
    for package, version in VEGA_PACKAGES[vega_version].items():
        assert f"/{package}@{version}/" in runtime_snippet()
    assert f'version: "{vega_version}"' in runtime_snippet()
    chart = alt.Chart(alt.InlineData(values=[{"x": 1}])).mark_point().encode(x="x:Q")
    compiled = render.compile_spec(chart.to_dict())
    assert compiled["$schema"].endswith(f"/vega/v{vega_version.split('.')[0]}.json")


def _transform_types(node, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        steps = node.get("transform")
        if isinstance(steps, list):
            found.update(step["type"] for step in steps)
        for value in node.values():
            _transform_types(value, found)
    elif isinstance(node, list):
        for value in node:
            _transform_types(value, found)
    return found


@pytest.mark.browser
def test_the_runtime_registers_every_transform_the_charts_use(browser):
    """The runtime leaves out Vega's transforms no chart uses (geographic, hierarchy, force...):
    a chart that starts using one must find it registered, or the runtime must grow."""
    used = set()
    for name in specs.CHART_NAMES:
        _transform_types(specs.compiled(name), used)
    assert {"formula", "filter", "sequence"} <= used  # the walk finds the charts' transforms
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<!doctype html><html><body></body></html>")
    page.add_script_tag(content=vega_runtime_js())
    registered = set(page.evaluate("() => Object.keys(window.vega.transforms)"))
    context.close()
    # Transforms the compiler adds itself (collect, encode, scale, axis ticks, bounds...).
    assert {"collect", "encode", "scale", "axisticks", "bound", "viewlayout"} <= registered
    assert used <= registered, f"not in the runtime: {sorted(used - registered)}"


def test_runtime_is_regenerated_only_when_the_vl_convert_version_changes(tmp_path, monkeypatch):
    from explainer import sphinx_offline

    target = tmp_path / "vega-runtime.js"
    calls = []
    monkeypatch.setattr(
        sphinx_offline, "vega_runtime_js", lambda: calls.append(1) or "HEADER\nbody\n"
    )
    monkeypatch.setattr(sphinx_offline, "_runtime_header", lambda: "HEADER")
    sphinx_offline._write_runtime(target)
    assert target.read_text() == "HEADER\nbody\n" and len(calls) == 1
    sphinx_offline._write_runtime(target)  # same version: not generated again
    assert len(calls) == 1
    monkeypatch.setattr(sphinx_offline, "_runtime_header", lambda: "NEWER")
    sphinx_offline._write_runtime(target)
    assert len(calls) == 2


def test_icon_codepoints_are_read_from_the_theme_css():
    from explainer.sphinx_offline import _icon_codepoints

    css = (
        '.fa-github:before{content:"\\f09b"}'
        '.fa-search:before,.fa-magnifying-glass:before{content:"\\f002"}'
    )
    assert _icon_codepoints(css) == {
        "fa-github": 0xF09B,
        "fa-search": 0xF002,
        "fa-magnifying-glass": 0xF002,
    }


def test_icon_rules_of_unused_icons_are_dropped_and_the_rest_kept():
    from explainer.sphinx_offline import drop_unused_icon_rules

    css = (
        ".fa-lg{font-size:1.25em}"
        '.fa-github:before{content:"\\f09b"}'
        '.fa-search:before,.fa-magnifying-glass:before{content:"\\f002"}'
        '.fa-500px:before{content:"\\f26e"}'
        ".bd-header{color:red}"
    )
    slim = drop_unused_icon_rules(css, {"fa-magnifying-glass", "fa-lg"})
    # An icon used under any of its names keeps its whole rule; other rules are not icons'.
    assert slim == (
        '.fa-lg{font-size:1.25em}.fa-search:before,.fa-magnifying-glass:before{content:"\\f002"}'
        ".bd-header{color:red}"
    )


def test_icons_are_slimmed_from_the_theme_files_so_a_later_build_can_add_one(tmp_path):
    """An incremental build does not copy the theme's files again: a page that starts showing
    another icon must get its rule and its glyph back from the theme's own files."""
    from fontTools.ttLib import TTFont

    from explainer import sphinx_offline

    theme_static = Path(__import__("pydata_sphinx_theme").__file__).parent.rglob("static")
    source = next(p for p in theme_static if (p / sphinx_offline.THEME_STYLESHEET).exists())
    static = tmp_path / "_static"
    for relative in (sphinx_offline.THEME_STYLESHEET, sphinx_offline.THEME_FONTS):
        target = static / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        copy = shutil.copytree if (source / relative).is_dir() else shutil.copy
        copy(source / relative, target)
    page = tmp_path / "page.html"
    page.write_text('<i class="fa-solid fa-bars"></i>')
    sphinx_offline._slim_icons(tmp_path)
    css = (static / sphinx_offline.THEME_STYLESHEET).read_text()
    assert ".fa-bars:before" in css and ".fa-rocket:before" not in css
    page.write_text('<i class="fa-solid fa-bars"></i><i class="fa-solid fa-rocket"></i>')
    sphinx_offline._slim_icons(tmp_path)  # the slimmed copies are still in place
    css = (static / sphinx_offline.THEME_STYLESHEET).read_text()
    assert ".fa-bars:before" in css and ".fa-rocket:before" in css
    rocket = sphinx_offline._icon_codepoints(css)["fa-rocket"]
    solid = TTFont(static / sphinx_offline.THEME_FONTS / "fa-solid-900.woff2")
    assert rocket in solid.getBestCmap()


def test_subset_font_keeps_only_the_glyphs_asked_for():
    from fontTools.ttLib import TTFont

    from explainer.sphinx_offline import subset_font

    theme = Path(__import__("pydata_sphinx_theme").__file__).parent
    fonts = list(theme.rglob("fa-solid-900.woff2"))
    assert fonts, "the theme ships no Font Awesome font"
    original = fonts[0].read_bytes()
    slim = subset_font(original, {0xF002, 0xF0C9})  # magnifying glass, bars
    assert len(slim) < len(original) / 20
    cmap = TTFont(io.BytesIO(slim)).getBestCmap()
    assert set(cmap) == {0xF002, 0xF0C9}


def test_execution_cache_is_cleared_when_data_or_code_change(tmp_path):
    from explainer.sphinx_offline import inputs_fingerprint, refresh_execution_cache

    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "a.csv").write_text("x\n1\n")
    cache = tmp_path / "cache"
    first = inputs_fingerprint([data_dir])
    assert refresh_execution_cache(cache, first)  # no cache yet: made, stamped
    (cache / "executed.db").write_text("outputs")
    assert not refresh_execution_cache(cache, inputs_fingerprint([data_dir]))
    assert (cache / "executed.db").exists()  # same inputs: the cache is kept
    (data_dir / "a.csv").write_text("x\n2\n")
    changed = inputs_fingerprint([data_dir])
    assert changed != first
    assert refresh_execution_cache(cache, changed)
    assert not (cache / "executed.db").exists()  # new data: stale outputs are gone


def test_chart_key_is_stable_and_follows_the_bound_params():
    def spec(*names: str, **meta) -> dict:
        params = [{"name": n, "value": 1, "bind": {"input": "range"}} for n in names]
        params.append({"name": "unbound", "value": 2})
        return {"params": params, "mark": "point", "usermeta": {"explainer": meta}}

    key = render.chart_key(spec("months", "start"))
    assert re.fullmatch(r"c[0-9a-f]{6}", key)
    # The same in every build and whatever the order; a different set of controls differs.
    assert render.chart_key(spec("start", "months", description="edited")) == key
    assert render.chart_key(spec("months")) != key
    # Params bound inside a layer count too.
    layered = {"layer": [spec("months", "start")]}
    assert render.chart_key(layered) == key
    # A chart may name its key; anything but a plain name is ignored.
    assert render.chart_key(spec("months", key="horizon")) == "horizon"
    assert render.chart_key(spec("months", key='x" onload="y')) == render.chart_key(spec("months"))
    markup = render.chart_html(spec("months", key="horizon"))
    assert 'data-key="horizon"' in markup


def test_chart_html_shows_the_source_line_escaped():
    markup = render.chart_html(
        {"mark": "point", "usermeta": {"explainer": {"csv": [], "source": "Source: <b>A</b>."}}}
    )
    assert '<p class="explainer-chart-source">Source: &lt;b&gt;A&lt;/b&gt;.</p>' in markup
    assert re.search(r'<div class="explainer-chart-meta" data-for="chart-\w+">', markup)


@pytest.mark.parametrize("builder", CHART_BUILDERS, ids=lambda f: f.__name__)
def test_every_chart_carries_a_source_line(builder):
    source = specs.spec(builder.__name__)["usermeta"]["explainer"]["source"]
    assert re.match(r"Sources?: \S", source), source


@pytest.mark.parametrize("builder", CHART_BUILDERS, ids=lambda f: f.__name__)
def test_every_chart_has_a_title_and_a_takeaway_above_it(builder):
    """OWID's frame: the title says what the chart shows, the takeaway (one sentence) what it
    finds; both come before the chart's container in its HTML."""
    spec = specs.spec(builder.__name__)
    meta = spec["usermeta"]["explainer"]
    assert meta.get("title") and meta.get("takeaway")
    assert not meta["title"].endswith("."), "a title is a heading, not a sentence"
    assert meta["takeaway"].endswith(".") and meta["takeaway"].count(". ") == 0
    markup = render.chart_html(spec)
    title = markup.index('class="explainer-chart-title"')
    takeaway = markup.index('class="explainer-chart-takeaway"')
    assert title < takeaway < markup.index('class="explainer-chart"')


def test_chart_frame_is_escaped_and_absent_without_a_title():
    assert "explainer-chart-frame" not in render.chart_html({"mark": "point"})
    markup = render.chart_html(
        {"mark": "point", "usermeta": {"explainer": {"title": "<b>A & B</b>"}}}
    )
    frame = markup.split('<div class="explainer-chart"')[0]
    assert "&lt;b&gt;A &amp; B&lt;/b&gt;" in frame and "<b>" not in frame
