"""The one place that configures how charts render: the Altair renderer and the chart theme.

`enable()` is called when `explainer.charts` is imported, so pages never repeat it.

- In a book build (and any plain kernel) charts render as `text/html`: a `<div>` holding the
  chart as inert JSON, drawn in the browser by the runtime the site serves from its own
  `_static/` (see `explainer.sphinx_offline` and the loader in `static/loader/`). Nothing is
  loaded from another host, and no inline script runs. The JSON is the Vega spec the
  Vega-Lite spec compiles to, compiled here by vl-convert (the same Vega-Lite release whose
  runtime the site serves): a reader's browser then skips compiling every chart, a tenth to a
  third of the time to draw a page's first chart.
- In a JupyterLab or Jupyter Notebook session (the server sets `JPY_SESSION_NAME` in the
  kernel's environment) charts render with Altair's `jupyter` renderer, `alt.JupyterChart`,
  enabled with `offline=True`: its JavaScript (vega-embed and friends) then comes from the
  Python package through the kernel, not from esm.sh, so charts draw with no network. The
  renderer turns offline mode back off on every display unless the option is given here;
  `JupyterChart.enable_offline()` alone is not enough. `EXPLAINER_RENDERER=static|jupyter`
  overrides the choice.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import uuid

import altair as alt

from explainer import style

RENDERER_NAME = "explainer-static"
THEME_NAME = "explainer"
CHART_CLASS = "explainer-chart"
# Replaced by the page's relative path to `_static` when Sphinx writes the page.
STATIC_PLACEHOLDER = "__EXPLAINER_STATIC__"

# Okabe & Ito's palette, by index: only the scenarios page's pixel-layout readouts still use it
# (everything else names colours by role, `explainer.style`).
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
    """The book's chart theme: system fonts (no web fonts), colours by role
    (`explainer.style`: Okabe-Ito hues for categories, the rule colour for grid lines), full
    width."""
    return {
        "config": {
            "font": FONT,
            "range": {"category": [role.light for role in style.CATEGORICAL]},
            "view": {"continuousWidth": 640, "continuousHeight": 340, "stroke": None},
            "axis": {"labelFontSize": 12, "titleFontSize": 13, "gridColor": style.RULE.light},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
            "title": {"fontSize": 15, "anchor": "start"},
        }
    }


def _meta(spec: dict) -> dict:
    return (spec.get("usermeta") or {}).get("explainer", {})


def _csv_links(spec: dict) -> str:
    """Download links to the CSV files a chart is drawn from (named in its `usermeta`)."""
    files = _meta(spec).get("csv", [])
    if not files:
        return ""
    links = ", ".join(
        f'<a href="{STATIC_PLACEHOLDER}/data/{html.escape(name)}" download>{html.escape(name)}</a>'
        for name in files
    )
    return f'<p class="explainer-chart-data">Data (CSV): {links}</p>'


def _source_line(spec: dict) -> str:
    """The chart's source line, shown under it and written into its exported images."""
    source = _meta(spec).get("source")
    return f'<p class="explainer-chart-source">{html.escape(source)}</p>' if source else ""


def _frame(spec: dict, chart_id: str) -> str:
    """The chart's title and one-line takeaway, shown above it (what it shows, what it finds)."""
    meta = _meta(spec)
    lines = [
        f'<p class="{CHART_CLASS}-{part}">{html.escape(meta[part])}</p>'
        for part in ("title", "takeaway")
        if meta.get(part)
    ]
    if not lines:
        return ""
    return f'<div class="{CHART_CLASS}-frame" data-for="{chart_id}">{"".join(lines)}</div>'


def _table_html(table: dict, title: str, label: str | None = None) -> str:
    """One data table: its note, and the `<table>` (caption, column and row headers) in a
    frame that scrolls sideways on a narrow screen."""
    esc = html.escape
    head = "".join(f'<th scope="col">{esc(str(c))}</th>' for c in table["columns"])
    # Each cell carries its column's name: on a phone a row is a card, each value under it.
    labels = [esc(str(c), quote=True) for c in table["columns"][1:]]
    body = "".join(
        f'<tr><th scope="row">{esc(str(row[0]))}</th>'
        + "".join(
            f'<td data-label="{label}">{esc(str(cell))}</td>'
            for label, cell in zip(labels, row[1:], strict=True)
        )
        + "</tr>"
        for row in table["rows"]
    )
    count = len(table["rows"])
    which = f", {esc(label)}" if label else ""
    caption = f"{esc(title)} ({count} row{'s' if count != 1 else ''}{which})"
    note = table.get("note")
    note = f'<p class="{CHART_CLASS}-table-note">{esc(note)}</p>' if note else ""
    return (
        f"{note}"
        # The wrapper scrolls sideways on a narrow screen; it is focusable so a keyboard can
        # scroll it too, and named so a screen reader says what it is.
        f'<div class="{CHART_CLASS}-table-scroll" tabindex="0" role="region" '
        f'aria-label="Table: {esc(title, quote=True)}">'
        f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table></div>"
    )


def _data_table(spec: dict, chart_id: str) -> str:
    """The chart's data table (`usermeta.explainer.table`, see `explainer.charts._table`) as
    static HTML under the chart: a closed `<details>` whose summary names the chart, holding a
    `<table>` with a caption, column headers and row headers (on a phone, each row a card:
    explainer.css). It needs no JavaScript: a keyboard reaches the summary by Tab and opens it
    with Enter or Space.

    A table switched by one of the chart's controls (`_table.switched`) is one table per value
    of the control, each in a block marked with the control's name and value; all but the
    default's are hidden, and the loader shows the one the control holds."""
    table = _meta(spec).get("table")
    if not table:
        return ""
    title = _meta(spec).get("title") or spec.get("description") or "Chart"
    esc = html.escape
    if "variants" in table:
        param = esc(str(table["param"]), quote=True)
        inner = "".join(
            f'<div class="{CHART_CLASS}-table-variant" data-param="{param}" '
            f'data-value="{esc(str(variant["value"]), quote=True)}" '
            f'data-points="{int(variant["points"])}"{"" if variant["default"] else " hidden"}>'
            f"{_table_html(variant, title, variant['label'])}</div>"
            for variant in table["variants"]
        )
    else:
        inner = _table_html(table, title)
    return (
        f'<details class="{CHART_CLASS}-table" data-for="{chart_id}" '
        f'data-points="{int(table["points"])}">'
        f"<summary>Table: {esc(title)}</summary>{inner}</details>"
    )


def _without_table(spec: dict) -> dict:
    """The spec without its data table: the table is HTML on the page, not part of the
    drawing, its exports or the page's chart JSON."""
    meta = _meta(spec)
    if "table" not in meta:
        return spec
    usermeta = dict(spec["usermeta"])
    usermeta["explainer"] = {k: v for k, v in meta.items() if k != "table"}
    return {**spec, "usermeta": usermeta}


def _bound_param_names(node) -> set[str]:
    """Names of the params bound to an input anywhere in a spec (layers and concats too)."""
    names: set[str] = set()
    if isinstance(node, dict):
        for param in node.get("params") or []:
            if isinstance(param, dict) and param.get("bind") and param.get("name"):
                names.add(param["name"])
        for value in node.values():
            names |= _bound_param_names(value)
    elif isinstance(node, list):
        for value in node:
            names |= _bound_param_names(value)
    return names


_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,31}")


def chart_key(spec: dict) -> str:
    """A short key for the chart's settings in a page's URL (`?<key>.<param>=<value>`).

    It must be the same in every build (chart ids are random), so it is `usermeta.explainer
    .key` when a chart names one, else a hash of the names of its bound params: a shared link
    keeps working while prose and descriptions are edited. The loader tells apart two charts
    on one page with the same key by their order.
    """
    key = _meta(spec).get("key")
    if isinstance(key, str) and _KEY.fullmatch(key):
        return key
    names = "|".join(sorted(_bound_param_names(spec)))
    return "c" + hashlib.sha256(names.encode()).hexdigest()[:6]


def compile_spec(spec: dict) -> dict:
    """The Vega spec a Vega-Lite spec compiles to (its `usermeta` and description kept)."""
    import vl_convert

    # The Vega-Lite release the site's Vega runtime matches (`sphinx_offline.vega_runtime_js`
    # bundles the Vega release vl-convert compiles for; tests/test_render.py checks them).
    return vl_convert.vegalite_to_vega(spec)


def chart_html(spec: dict) -> str:
    """HTML for one chart: its title and takeaway (`usermeta.explainer.title`, `.takeaway`),
    a container, its compiled Vega spec as inert JSON (`compile_spec`), its source line and
    data links, and its data table (`_data_table`).

    The description is also given as the container's accessible name, so a screen reader
    announces what the chart shows even before (or without) the SVG being drawn. The loader
    adds the chart's tools (copy link, download PNG/SVG) to the `-meta` block, so a page read
    without JavaScript shows no dead buttons.
    """
    chart_id = f"chart-{uuid.uuid4().hex[:12]}"
    description = spec.get("description") or spec.get("title") or "Chart"
    if isinstance(description, dict):  # a title object
        description = description.get("text", "Chart")
    # `</` must not appear inside a <script> element's text: escape it in the JSON.
    compiled = compile_spec(_without_table(spec))
    payload = json.dumps(compiled, separators=(",", ":")).replace("</", "<\\/")
    return (
        f"{_frame(spec, chart_id)}"
        f'<div class="{CHART_CLASS}" id="{chart_id}" data-key="{chart_key(spec)}" '
        f'role="figure" aria-label="{html.escape(str(description), quote=True)}"></div>'
        f'<script type="application/json" class="{CHART_CLASS}-spec" data-for="{chart_id}">'
        f"{payload}</script>"
        f'<div class="{CHART_CLASS}-meta" data-for="{chart_id}">'
        f"{_source_line(spec)}{_csv_links(spec)}</div>"
        f"{_data_table(spec, chart_id)}"
    )


def static_renderer(spec: dict, **metadata) -> dict:
    """Altair renderer for the static site: a `text/html` bundle (see `chart_html`)."""
    return {"text/html": chart_html(spec)}


def in_notebook_session() -> bool:
    """True in a kernel a Jupyter server started (JupyterLab, Notebook), not in a book build."""
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
        if (choice == "jupyter" or (not choice and in_notebook_session()))
        else RENDERER_NAME
    )
    if name == "jupyter":
        # offline=True on the renderer itself: it re-applies the option on every display.
        alt.renderers.enable(name, offline=True)
    else:
        alt.renderers.enable(name)
    return name
