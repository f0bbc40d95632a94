"""Sphinx extension: the built site draws every chart offline and requests nothing off-site.

What it does, once per build:

- writes the Vega runtime (Vega alone, with the transforms the charts use, bundled by
  vl-convert-python: the charts arrive compiled to Vega, so neither Vega-Lite's compiler nor
  vega-embed is shipped; wrapped in an IIFE so its top-level names cannot collide with
  Sphinx's globals), the chart loader
  `explainer-charts.js` (built from `static/loader/` by `explainer.loader_build`) and, when
  the package has it, the readouts module `explainer-readouts.js` into the site's
  `_static/`, and adds them, deferred, only to pages that hold a chart;
- copies `data/*.csv` and `data/datapackage.json` to `_static/data/` so every chart can link
  the CSV behind it, and resolves the renderer's `__EXPLAINER_STATIC__/` placeholder to the
  page's relative path to `_static/`;
- removes the scripts a default Jupyter Book page loads that we do not use and that log
  console errors (sphinx-thebe is declared twice) or reach other hosts, with Thebe's
  stylesheet and configuration;
- leaves nothing in a page's head that holds the parser (`unblock_head`): the theme's scripts
  deferred, their inline settings gathered before the stylesheets, basic.css linked directly;
- slims the theme's icons: drops `fontawesome.js` (1.5 MB, 530 KB compressed, that only
  re-draws icons the theme's CSS web fonts already draw), cuts each Font Awesome web font
  down to the glyphs the site uses (from ~300 KB to a few KB) and drops the stylesheet's
  rules for the icons it does not use.

It also keeps the execution cache honest. myst-nb's cache (jupyter-cache) keys a page on its
own code cells only, so after a change to `data/` or `explainer/` an unchanged page would be
served from the cache with stale numbers. The extension fingerprints those inputs; when the
fingerprint changes it clears the cache and has every page re-read and re-executed.

Files are written straight into the output's `_static/` when the builder starts, on every
build, not through `html_static_path`, because Sphinx does not always re-copy a changed
`_static` file on an incremental build.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
from pathlib import Path

from sphinx.application import Sphinx

from explainer.loader_build import build_loader
from explainer.render import CHART_CLASS, STATIC_PLACEHOLDER

HERE = Path(__file__).parent
RUNTIME_NAME = "vega-runtime.js"
LOADER_NAME = "explainer-charts.js"
# Drawn by the chart loader when present: readouts (tables next to a chart) as HTML.
READOUTS_NAME = "explainer-readouts.js"
STYLE_NAME = "explainer.css"
DATA_DIR = HERE.parent / "data"

# Scripts Jupyter Book 1 adds that the static site must not load: Thebe's launcher (declared
# twice, which logs "Identifier 'THEBE_JS_URL' has already been declared", and it would fetch
# a kernel client from a CDN).
UNWANTED_SCRIPTS = ("sphinx-thebe.js", "thebe", "require.min.js", "embed-amd.js")
THEBE_STYLE = "sphinx-thebe.css"
# sphinx-design's assets, and the markup of its components (classes `sd-...`).
SPHINX_DESIGN_SCRIPT = "design-tabs.js"
SPHINX_DESIGN_STYLE = "sphinx-design.min.css"
_SPHINX_DESIGN_MARKUP = re.compile(r'class="[^"]*\bsd-')
# myst-nb writes the state of every ipywidget a page built into the page, for a widget manager
# to draw them; the site has none (widgets live in a kernel), so it is dead weight: 113 KB of
# the scenarios page.
WIDGET_STATE_TYPE = "application/vnd.jupyter.widget-state+json"


# The Vega packages the runtime is put together from, at the versions vl-convert vendors for
# the Vega release it compiles Vega-Lite for (vl-convert bundles only modules it vendors, one
# version of each). Vega's own entry point also registers the geographic, hierarchy, force,
# label, regression, Voronoi, word-cloud and cross-filter transforms; no chart of the book uses
# them (a test checks every transform the charts use is registered), and leaving them out
# makes the runtime a quarter smaller: less to download, parse and run before the first chart.
VEGA_PACKAGES = {
    "6.2.0": {
        "vega-dataflow": "6.1.0",
        "vega-transforms": "5.1.0",
        "vega-view-transforms": "5.1.0",
        "vega-encode": "5.1.0",
        "vega-view": "6.1.0",
        "vega-parser": "7.1.0",
    },
}
# Chrome's explicit compile hint: every function of the file is compiled on a background
# thread while it downloads, instead of on the main thread when the first chart first calls it.
COMPILE_HINT = "//# allFunctionsCalledOnLoad"


def runtime_snippet() -> str:
    """What the runtime bundle exposes, as `window.vega`: Vega's parser and View (the loader
    draws with `new vega.View(vega.parse(spec), ...)`), with the transform registry holding
    the data, view and encoding transforms. vl-convert bundles only what the snippet imports,
    resolved to the copies it vendors."""
    import vl_convert

    vega = vl_convert.get_vega_version()
    if vega not in VEGA_PACKAGES:
        raise RuntimeError(
            f"vl-convert compiles for Vega {vega}; add the versions of its packages that "
            "vl-convert vendors to VEGA_PACKAGES in explainer/sphinx_offline.py"
        )
    url = {
        name: f"https://cdn.jsdelivr.net/npm/{name}@{v}/+esm"
        for name, v in VEGA_PACKAGES[vega].items()
    }
    return (
        f'import {{ transforms }} from "{url["vega-dataflow"]}";\n'
        f'import * as dataTransforms from "{url["vega-transforms"]}";\n'
        f'import * as viewTransforms from "{url["vega-view-transforms"]}";\n'
        f'import * as encodeTransforms from "{url["vega-encode"]}";\n'
        f'import {{ View }} from "{url["vega-view"]}";\n'
        f'import {{ parse }} from "{url["vega-parser"]}";\n'
        "Object.assign(transforms, dataTransforms, viewTransforms, encodeTransforms);\n"
        f'window.vega = {{ View, parse, transforms, version: "{vega}" }};\n'
    )


def _runtime_header() -> str:
    import vl_convert

    # The snippet's hash too: a bundle of another snippet is another runtime.
    snippet = hashlib.sha256(runtime_snippet().encode()).hexdigest()[:12]
    return (
        f"/* Vega {vl_convert.get_vega_version()}: "
        f"vl-convert-python {vl_convert.__version__} bundle of snippet {snippet} */"
    )


def vega_runtime_js() -> str:
    """The self-contained Vega runtime (the Vega release vl-convert compiles specs for),
    wrapped so its top-level `const`s stay private, with the compile hint on its first line."""
    import vl_convert

    bundle = vl_convert.javascript_bundle(runtime_snippet())
    return f"{COMPILE_HINT}\n{_runtime_header()}\n(function () {{\n{bundle}\n}})();\n"


def _write_runtime(path: Path) -> None:
    """Write the runtime unless the same vl-convert version already wrote it: generating the
    bundle takes seconds, and a rebuild with nothing changed should take almost none."""
    if path.exists():
        with path.open(encoding="utf-8") as existing:
            first_lines = {existing.readline().rstrip("\n") for _ in range(2)}
            if _runtime_header() in first_lines:
                return
    _write_if_changed(path, vega_runtime_js())


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
    # docutils gives each citation role="doc-biblioentry" inside a role="list"; ARIA 1.2
    # deprecates that role, so assistive technology finds a list without items (axe: critical).
    if context.get("body") and 'role="doc-biblioentry"' in context["body"]:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')
    # Filtered in place: the list is the builder's own list of this page's scripts, to which
    # `app.add_js_file` adds below (Sphinx's public way to add a script to one page).
    scripts = context.get("script_files", [])
    scripts[:] = [
        s
        for s in scripts
        if not any(bad in str(s) for bad in UNWANTED_SCRIPTS)
        and (getattr(s, "attributes", None) or {}).get("type") != WIDGET_STATE_TYPE
    ]
    # Thebe's stylesheet, for the launch button of the Thebe that is not loaded.
    styles = context.get("css_files", [])
    styles[:] = [s for s in styles if THEBE_STYLE not in str(s)]
    if not _SPHINX_DESIGN_MARKUP.search(context.get("body") or ""):
        # sphinx-design's stylesheet and tab script come with every page of a Jupyter Book;
        # a page without its components (none of ours uses them) needs neither: 11 KB gzip.
        scripts[:] = [s for s in scripts if SPHINX_DESIGN_SCRIPT not in str(s)]
        styles = context.get("css_files", [])
        styles[:] = [s for s in styles if SPHINX_DESIGN_STYLE not in str(s)]
    if _page_has_chart(context):
        # In this order (deferred scripts run in document order): Vega, then the readouts
        # module the loader calls, then the loader. First in the page's head, and asked for
        # at high priority: a browser then fetches them before the theme's scripts and
        # stylesheets, which the charts do not wait for (a deferred script still runs only
        # once the page is parsed, so nothing else is held up).
        names = [RUNTIME_NAME, *([READOUTS_NAME] if _has_readouts() else []), LOADER_NAME]
        for name in names:
            app.add_js_file(name, loading_method="defer", priority=1, fetchpriority="high")


def _has_readouts() -> bool:
    return (HERE / "static" / READOUTS_NAME).exists()


def _on_builder_inited(app: Sphinx) -> None:
    """Write our static files before any page is: Sphinx stamps each script and stylesheet
    link with a checksum of the file (`?v=...`) only if the file exists when the page is
    written, and pages that link one file under different URLs make a browser fetch it again."""
    if app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    _write_runtime(static / RUNTIME_NAME)
    _write_if_changed(static / LOADER_NAME, build_loader())
    if _has_readouts():
        _write_if_changed(static / READOUTS_NAME, (HERE / "static" / READOUTS_NAME).read_text())
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


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    _slim_icons(Path(app.outdir))  # needs the written pages and the theme's copied assets
    if not _search_as_you_type(app):
        drop_search_tools(Path(app.outdir))
    unblock_pages(Path(app.outdir))


def _search_as_you_type(app: Sphinx) -> bool:
    return str(app.config.html_theme_options.get("search_as_you_type", False)).lower() == "true"


# The theme's layout loads Sphinx's search tools and the whole search index on every page, in
# parse-blocking scripts, for its search-as-you-type, which the book leaves off: there they never
# run (the theme returns before it reads them), so every page but the search page, which loads
# them itself, goes without (16 KB gzip, and the index grows with the book). The search box
# still opens the search page.
_SEARCH_TOOLS = re.compile(
    r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)'
    r'"></script>'
)


def drop_search_tools(outdir: Path) -> None:
    """Remove the search scripts from every written page but the search page."""
    for page in outdir.rglob("*.html"):
        if page.relative_to(outdir).as_posix() == "search.html":
            continue
        text = page.read_text(encoding="utf-8")
        slim = _SEARCH_TOOLS.sub("", text)
        if slim != text:
            page.write_text(slim, encoding="utf-8")


# What holds a page's parser, and so its first chart (the chart scripts are deferred: they run
# once the page is parsed and its stylesheets are in). The theme's head loads six scripts that
# block the parser, between inline scripts that must run after one of them
# (`DOCUMENTATION_OPTIONS.pagename = ...` needs documentation_options.js); its first
# stylesheet only @imports Sphinx's basic.css, one more round trip before any style applies;
# and Thebe's configuration is left in every page although Thebe is not (UNWANTED_SCRIPTS).
# Every one of those scripts waits for the page to be ready before it does anything, so
# deferring them changes nothing they do. The search page keeps its scripts as they are: its
# inline search code calls the search tools as soon as it is parsed.
_PAGE_OPTIONS = "page-options"
_STYLESHEET = re.compile(r"<link[^>]*stylesheet|$")
_BLOCKING_SCRIPT = re.compile(r'<script src="')
_INLINE_SCRIPT = re.compile(r"[ \t]*<script>(.*?)</script>\n?", re.S)
_OPTIONS_SCRIPT = re.compile(
    r'[ \t]*<script defer src="[^"]*documentation_options\.js[^"]*"></script>\n?'
)
_IMPORTING_STYLESHEET = re.compile(r'(<link href="[^"]*_static/)styles/theme\.css\?digest=\w+"')
_THEBE_LEFTOVERS = re.compile(
    r'\s*<script type="text/x-thebe-config">.*?</script>\s*<script>kernelName = [^<]*</script>',
    re.S,
)


def unblock_head(html: str, options_js: str, basic_css_version: str) -> str:
    """The page with nothing in its head that holds its parser: the theme's scripts deferred
    (in their order, after the chart scripts), the inline scripts they read gathered into one
    inline script before the first stylesheet (a script after a stylesheet waits for it),
    documentation_options.js inlined into that script, and basic.css linked directly.
    A page already unblocked is returned unchanged."""
    end = html.find("</head>")
    if end < 0 or f'data-explainer="{_PAGE_OPTIONS}"' in html[:end]:
        return html
    head, rest = html[:end], html[end:]
    inline = []

    def gather(match: re.Match) -> str:
        inline.append(match.group(1).strip())
        return ""

    head = _INLINE_SCRIPT.sub(gather, head)
    head = _BLOCKING_SCRIPT.sub('<script defer src="', head)
    head, inlined = _OPTIONS_SCRIPT.subn("", head)
    if inlined:
        inline.insert(0, options_js.strip())
    if inline:
        first_style = _STYLESHEET.search(head).start()
        block = f'<script data-explainer="{_PAGE_OPTIONS}">\n' + "\n".join(inline) + "\n</script>\n"
        head = head[:first_style] + block + head[first_style:]
    head = _IMPORTING_STYLESHEET.sub(rf'\1basic.css?v={basic_css_version}"', head)
    return head + _THEBE_LEFTOVERS.sub("", rest)


def unblock_pages(outdir: Path) -> None:
    """Apply `unblock_head` to every written page but the search page."""
    static = outdir / "_static"
    options = static / "documentation_options.js"
    basic = static / "basic.css"
    if not options.exists() or not basic.exists():
        return
    options_js = options.read_text(encoding="utf-8")
    version = hashlib.sha256(basic.read_bytes()).hexdigest()[:8]
    for page in outdir.rglob("*.html"):
        if page.relative_to(outdir).as_posix() == "search.html" or "_static" in page.parts:
            continue
        text = page.read_text(encoding="utf-8")
        fast = unblock_head(text, options_js, version)
        if fast != text:
            page.write_text(fast, encoding="utf-8")


# The theme writes this tag straight from a template macro, so it is removed from the pages.
_FONTAWESOME_JS = re.compile(
    r'\s*<script[^>]*src="[^"]*_static/scripts/fontawesome\.js[^"]*"[^>]*></script>'
)
_ICON_CLASS = re.compile(r"\bfa-[a-z0-9-]+")
_ICON_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+:before,?)+)\{content:"\\([0-9a-f]+)"\}')


def _icon_codepoints(css: str) -> dict[str, int]:
    """Font Awesome class -> codepoint, from the theme's stylesheet."""
    codepoints = {}
    for selectors, hexcode in _ICON_RULE.findall(css):
        for name in re.findall(r"\.(fa-[a-z0-9-]+):before", selectors):
            codepoints[name] = int(hexcode, 16)
    return codepoints


def subset_font(font_bytes: bytes, codepoints: set[int]) -> bytes:
    """A WOFF2 font holding only the given codepoints' glyphs."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(font_bytes))
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


# The theme files the icons are slimmed in, relative to `_static` (and to the theme's own).
THEME_STYLESHEET = "styles/pydata-sphinx-theme.css"
THEME_FONTS = "vendor/fontawesome/webfonts"


def _slim_icons(outdir: Path) -> None:
    static = outdir / "_static"
    pages = list(outdir.rglob("*.html"))
    used: set[str] = set()
    for page in pages:
        text = page.read_text(encoding="utf-8")
        slim = _FONTAWESOME_JS.sub("", text)
        if slim != text:
            page.write_text(slim, encoding="utf-8")
        used.update(_ICON_CLASS.findall(slim))
    for script in (static / "scripts").glob("*.js"):
        if script.name != "fontawesome.js":  # theme scripts may switch icons at run time
            used.update(_ICON_CLASS.findall(script.read_text(encoding="utf-8")))
    stylesheet = static / THEME_STYLESHEET
    fonts = list((static / THEME_FONTS).glob("*.woff2"))
    if not stylesheet.exists() or not fonts:
        return
    # Slimmed from the theme's own files: an incremental build does not copy them again, and
    # a page that starts showing another icon needs its rule and glyph back.
    css = _theme_original(stylesheet, THEME_STYLESHEET).read_text(encoding="utf-8")
    table = _icon_codepoints(css)
    codepoints = {table[name] for name in used if name in table}
    for font in fonts:
        original = _theme_original(font, f"{THEME_FONTS}/{font.name}").read_bytes()
        _write_if_changed(font, subset_font(original, codepoints))
    _write_if_changed(stylesheet, drop_unused_icon_rules(css, used))


def _theme_original(copied: Path, relative: str) -> Path:
    """The theme's own copy of a file the build copied into `_static` (the copy if the theme
    package has none)."""
    import pydata_sphinx_theme

    theme_static = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
    original = theme_static / "static" / relative
    return original if original.exists() else copied


def drop_unused_icon_rules(css: str, used: set[str]) -> str:
    """The theme's stylesheet without the rules of icons no page shows: Font Awesome's
    1,800-odd `.fa-...:before{content:...}` rules are a third of the stylesheet's rules and
    20 KB of its 65 KB gzip, parsed and matched on every first visit before any chart is
    drawn. A rule stays if any of the names it gives one icon is used."""

    def keep_used(match: re.Match) -> str:
        names = re.findall(r"\.(fa-[a-z0-9-]+):before", match.group(1))
        return match.group(0) if used.intersection(names) else ""

    return _ICON_RULE.sub(keep_used, css)


# What the pages' outputs depend on beyond their own cells.
CACHE_INPUTS = (HERE, DATA_DIR)
FINGERPRINT_NAME = "explainer-inputs.sha256"


def inputs_fingerprint(roots=CACHE_INPUTS) -> str:
    """A hash of every file under `roots` (paths and contents), ignoring bytecode."""
    digest = hashlib.sha256()
    for root in roots:
        for file in sorted(p for p in Path(root).rglob("*") if p.is_file()):
            if "__pycache__" in file.parts:
                continue
            digest.update(str(file.relative_to(root.parent)).encode() + b"\0")
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def refresh_execution_cache(cache_dir: Path, fingerprint: str) -> bool:
    """Clear `cache_dir` unless it was filled with the same inputs; True if it was cleared."""
    stamp = cache_dir / FINGERPRINT_NAME
    if stamp.exists() and stamp.read_text() == fingerprint:
        return False
    if cache_dir.exists():
        shutil.rmtree(cache_dir)
    cache_dir.mkdir(parents=True)
    stamp.write_text(fingerprint)
    return True


def _on_env_get_outdated(app: Sphinx, env, added, changed, removed) -> list[str]:
    config = getattr(env, "mystnb_config", None)
    if config is None or not config.execution_cache_path:
        return []
    if refresh_execution_cache(Path(config.execution_cache_path), inputs_fingerprint()):
        return sorted(env.found_docs - added)  # re-read (and so re-execute) every page
    return []


def setup(app: Sphinx) -> dict:
    app.add_css_file(STYLE_NAME)
    app.connect("html-page-context", _on_page_context, priority=900)
    app.connect("builder-inited", _on_builder_inited)
    app.connect("build-finished", _on_build_finished)
    app.connect("env-get-outdated", _on_env_get_outdated)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
