"""The one place that configures how charts render: the Altair renderer and the chart theme.

`enable()` is called when `explainer.charts` is imported, so pages never repeat it.

- In a book build (and any plain kernel) charts render as `text/html`: a `<div>` holding the
  Vega-Lite spec as inert JSON, drawn in the browser by the runtime the site serves from its
  own `_static/` (see `explainer.sphinx_offline` and `static/explainer-charts.js`). Nothing
  is loaded from another host, and no inline script runs.
- In a JupyterLab or Jupyter Notebook session (the server sets `JPY_SESSION_NAME` in the
  kernel's environment) charts render with Altair's `jupyter` renderer, `alt.JupyterChart`,
  whose JavaScript ships inside the Python package: it works offline too.
  `EXPLAINER_RENDERER=static|jupyter` overrides the choice.
"""

from __future__ import annotations

import html
import json
import os
import uuid

import altair as alt

RENDERER_NAME = "explainer-static"
THEME_NAME = "explainer"
CHART_CLASS = "explainer-chart"
# Replaced by the page's relative path to `_static` when Sphinx writes the page.
STATIC_PLACEHOLDER = "__EXPLAINER_STATIC__"

# Okabe & Ito's palette: distinguishable with every common colour-vision deficiency.
OKABE_ITO = [
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def theme() -> alt.theme.ThemeConfig:
    """The book's chart theme: system fonts (no web fonts), Okabe-Ito colours, full width."""
    return {
        "config": {
            "font": FONT,
            "range": {"category": OKABE_ITO},
            "view": {"continuousWidth": 640, "continuousHeight": 340, "stroke": None},
            "axis": {"labelFontSize": 12, "titleFontSize": 13, "gridColor": "#e5e5e5"},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
            "title": {"fontSize": 15, "anchor": "start"},
        }
    }


def _csv_links(spec: dict) -> str:
    """Download links to the CSV files a chart is drawn from (named in its `usermeta`)."""
    files = (spec.get("usermeta") or {}).get("explainer", {}).get("csv", [])
    if not files:
        return ""
    links = ", ".join(
        f'<a href="{STATIC_PLACEHOLDER}/data/{html.escape(name)}" download>{html.escape(name)}</a>'
        for name in files
    )
    return f'<p class="explainer-chart-data">Data (CSV): {links}</p>'


def chart_html(spec: dict) -> str:
    """HTML for one chart: a container, the spec as inert JSON, and its data links.

    The description is also given as the container's accessible name, so a screen reader
    announces what the chart shows even before (or without) the SVG being drawn.
    """
    chart_id = f"chart-{uuid.uuid4().hex[:12]}"
    description = spec.get("description") or spec.get("title") or "Chart"
    if isinstance(description, dict):  # a title object
        description = description.get("text", "Chart")
    # `</` must not appear inside a <script> element's text: escape it in the JSON.
    payload = json.dumps(spec, separators=(",", ":")).replace("</", "<\\/")
    return (
        f'<div class="{CHART_CLASS}" id="{chart_id}" role="figure" '
        f'aria-label="{html.escape(str(description), quote=True)}"></div>'
        f'<script type="application/json" class="{CHART_CLASS}-spec" data-for="{chart_id}">'
        f"{payload}</script>"
        f"{_csv_links(spec)}"
    )


def static_renderer(spec: dict, **metadata) -> dict:
    """Altair renderer for the static site: a `text/html` bundle (see `chart_html`)."""
    return {"text/html": chart_html(spec)}


def _in_jupyter_server() -> bool:
    return "JPY_SESSION_NAME" in os.environ


def enable() -> str:
    """Register and enable the theme and the renderer; returns the renderer's name."""
    alt.theme.register(THEME_NAME, enable=True)(theme)
    alt.renderers.register(RENDERER_NAME, static_renderer)
    choice = os.environ.get("EXPLAINER_RENDERER", "")
    if choice not in ("", "static", "jupyter"):
        raise ValueError(f"EXPLAINER_RENDERER must be 'static' or 'jupyter', not {choice!r}")
    name = (
        "jupyter"
        if (choice == "jupyter" or (not choice and _in_jupyter_server()))
        else RENDERER_NAME
    )
    alt.renderers.enable(name)
    return name
