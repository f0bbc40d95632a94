"""Sphinx extension: the built site draws every chart offline and requests nothing off-site.

What it does, once per build:

- writes the Vega + Vega-Lite + Vega-Embed runtime (from vl-convert-python, wrapped in an
  IIFE so its top-level names cannot collide with Sphinx's globals) and the small chart
  loader `explainer-charts.js` into the site's `_static/`, and adds them, deferred, only to
  pages that hold a chart;
- copies `data/*.csv` and `data/datapackage.json` to `_static/data/` so every chart can link
  the CSV behind it, and resolves the renderer's `__EXPLAINER_STATIC__/` placeholder to the
  page's relative path to `_static/`;
- removes the scripts a default Jupyter Book page loads that we do not use and that log
  console errors (sphinx-thebe is declared twice) or reach other hosts.

Files are written at `build-finished` on every build, not through `html_static_path`,
because Sphinx does not always re-copy a changed `_static` file on an incremental build.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from sphinx.application import Sphinx

from explainer.render import CHART_CLASS, STATIC_PLACEHOLDER

HERE = Path(__file__).parent
RUNTIME_NAME = "vega-runtime.js"
LOADER_NAME = "explainer-charts.js"
STYLE_NAME = "explainer.css"
DATA_DIR = HERE.parent / "data"

# Scripts Jupyter Book 1 adds that the static site must not load: Thebe's launcher (declared
# twice, which logs "Identifier 'THEBE_JS_URL' has already been declared", and it would fetch
# a kernel client from a CDN).
UNWANTED_SCRIPTS = ("sphinx-thebe.js", "thebe", "require.min.js", "embed-amd.js")


def vega_runtime_js() -> str:
    """The self-contained Vega runtime, wrapped so its top-level `const`s stay private."""
    import vl_convert

    bundle = vl_convert.javascript_bundle()
    # The bundle assigns window.vegaEmbed itself (its window.vega and window.vegaLite are
    # null): the loader reaches each view through the vegaEmbed result.
    header = "/* Vega, Vega-Lite, Vega-Embed (vl-convert bundle) */"
    return f"{header}\n(function () {{\n{bundle}\n}})();\n"


def _write_if_changed(path: Path, content: str | bytes) -> None:
    data = content.encode() if isinstance(content, str) else content
    if (
        path.exists()
        and hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(data).digest()
    ):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _page_has_chart(context: dict) -> bool:
    return CHART_CLASS in (context.get("body") or "")


def _on_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    body = context.get("body")
    if body and STATIC_PLACEHOLDER in body:
        context["body"] = body.replace(STATIC_PLACEHOLDER, context["pathto"]("_static", 1))
    scripts = context.get("script_files", [])
    kept = [s for s in scripts if not any(bad in str(s) for bad in UNWANTED_SCRIPTS)]
    if _page_has_chart(context):
        from sphinx.builders.html._assets import _JavaScript

        kept += [
            _JavaScript(f"_static/{RUNTIME_NAME}", defer="defer"),
            _JavaScript(f"_static/{LOADER_NAME}", defer="defer"),
        ]
    context["script_files"] = kept


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    _write_if_changed(static / RUNTIME_NAME, vega_runtime_js())
    _write_if_changed(static / LOADER_NAME, (HERE / "static" / LOADER_NAME).read_text())
    _write_if_changed(static / STYLE_NAME, (HERE / "static" / STYLE_NAME).read_text())
    target = static / "data"
    target.mkdir(parents=True, exist_ok=True)
    for src in [*sorted(DATA_DIR.glob("*.csv")), DATA_DIR / "datapackage.json"]:
        if src.exists():
            _write_if_changed(target / src.name, src.read_bytes())
    # A data file removed from data/ must not linger on the site.
    for old in target.iterdir():
        if not (DATA_DIR / old.name).exists():
            old.unlink() if old.is_file() else shutil.rmtree(old)


def setup(app: Sphinx) -> dict:
    app.add_css_file(STYLE_NAME)
    app.connect("html-page-context", _on_page_context, priority=900)
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
