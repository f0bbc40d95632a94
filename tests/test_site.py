"""The built site in a real browser: offline, error-free, every chart drawn.

Every page listed in `_toc.yml` is opened from a local server with all other hosts blocked.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import toc_pages

pytestmark = pytest.mark.browser

PAGES = toc_pages()
# A chart counts as drawn when its SVG holds at least one mark element (a point, a line,
# a rule...), not merely an empty <svg> or axes.
MARKS_PER_CHART = """
() => Array.from(document.querySelectorAll('.explainer-chart')).map(el => ({
  id: el.id,
  rendered: el.getAttribute('data-rendered'),
  marks: el.querySelectorAll('svg g.role-mark > path, svg g.role-mark > line, '
                             + 'svg g.role-mark > rect, svg g.role-mark > text, canvas').length,
}))
"""


def test_toc_lists_the_landing_page_four_chapters_and_appendix():
    assert PAGES[0] == "intro.html"
    assert {
        "chapters/timeline.html",
        "chapters/benchmarks.html",
        "chapters/internal-metrics.html",
        "chapters/scenarios.html",
        "chapters/data-and-methods.html",
    } <= set(PAGES)


@pytest.mark.parametrize("page_path", PAGES)
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_page_is_offline_error_free_and_draws_every_chart(watch, page_path, width):
    pw = watch(width=width)
    pw.open(page_path)
    charts = pw.page.evaluate(MARKS_PER_CHART)
    assert pw.offsite == [], f"{page_path} requested other hosts: {pw.offsite}"
    assert pw.console_errors == [], f"{page_path} logged console errors: {pw.console_errors}"
    assert pw.page_errors == [], f"{page_path} raised page errors: {pw.page_errors}"
    for chart in charts:
        assert chart["rendered"] == "true", f"{page_path}: chart {chart['id']} was not drawn"
        assert chart["marks"] > 0, f"{page_path}: chart {chart['id']} has no marks"
    # No page is wider than the viewport (charts follow the column).
    scroll_width = pw.page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page_path} is {scroll_width}px wide at {width}px"


def test_landing_page_draws_its_chart_with_the_network_blocked(watch):
    pw = watch()
    pw.open("intro.html")
    charts = pw.page.evaluate(MARKS_PER_CHART)
    assert len(charts) >= 1, "the landing page has no chart"
    assert charts[0]["marks"] >= 10, charts
    # The runtime came from the site itself.
    scripts = pw.page.evaluate("Array.from(document.scripts).map(s => s.src).filter(Boolean)")
    # Sphinx may add a cache-busting query (?v=...) once the file exists.
    assert any(s.split("?")[0].endswith("_static/vega-runtime.js") for s in scripts), scripts
    assert all(s.startswith(pw.base_url) for s in scripts), scripts


def test_chart_data_links_resolve_to_the_served_csv(watch):
    pw = watch()
    pw.open("intro.html")
    hrefs = pw.page.evaluate(
        "Array.from(document.querySelectorAll('.explainer-chart-data a')).map(a => a.href)"
    )
    assert hrefs, "no CSV link under the landing page's chart"
    for href in hrefs:
        response = pw.page.request.get(href)
        assert response.status == 200, href
        assert response.body().decode().splitlines()[0].count(",") >= 2, href


def test_charts_follow_the_column_when_the_window_grows(watch):
    # A phone-width window widened to desktop: each chart must be redrawn at its column's
    # width, not drawn wider and shrunk (which makes its text tiny).
    pw = watch(width=390)
    pw.open("intro.html")
    pw.page.set_viewport_size({"width": 1280, "height": 900})
    pw.page.wait_for_timeout(600)
    sizes = pw.page.evaluate(
        """() => Array.from(document.querySelectorAll('.explainer-chart')).map(el =>
             [el.clientWidth, Number(el.querySelector('svg').getAttribute('width'))])"""
    )
    assert sizes
    for container, drawn in sizes:
        assert container > 600, sizes
        assert abs(drawn - container) <= 1, sizes


def test_every_page_links_the_runtime_under_one_cache_busting_url(built_site):
    # Sphinx stamps a script's URL with its checksum (?v=...) only if the file exists when the
    # page is written; pages linking one file under different URLs make readers fetch it again.
    urls = set()
    for page in PAGES:
        html = (built_site / page).read_text(encoding="utf-8")
        urls |= {m.split("/")[-1] for m in re.findall(r'src="([^"]*vega-runtime\.js[^"]*)"', html)}
    assert len(urls) == 1, urls
    assert "?v=" in urls.pop()


def test_no_page_carries_widget_state_it_cannot_draw(built_site):
    # The benchmarks and scenarios pages build ipywidgets panels (for JupyterLab); myst-nb
    # would write every widget's state into the page, for a widget manager the site does not
    # load. The chapters' panel cells do run (tests/test_chapter_*.py check their outputs).
    for page in PAGES:
        html = (built_site / page).read_text(encoding="utf-8")
        assert "application/vnd.jupyter.widget-state+json" not in html, page
        assert "application/vnd.jupyter.widget-view+json" not in html, page


def _head(html: str) -> str:
    return html[: html.index("</head>")]


def test_no_page_head_holds_the_parser_or_chains_a_stylesheet(built_site):
    """Nothing in a page's head stops the browser parsing the page (so the deferred chart
    scripts run as soon as the page and its stylesheets are in): every script with a source is
    deferred, no inline script comes after a stylesheet (it would wait for it), and no
    stylesheet waits for another through @import."""
    for page in PAGES:
        head = _head((built_site / page).read_text(encoding="utf-8"))
        for tag in re.findall(r"<script[^>]*\bsrc=[^>]*>", head):
            assert re.search(r"\b(defer|async)\b", tag), f"{page}: {tag} blocks the parser"
        first_style = re.search(r"<link[^>]*stylesheet", head).start()
        late = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", head[first_style:])
        assert late == [], f"{page}: inline scripts after a stylesheet: {late}"
        for href in re.findall(r'<link[^>]*href="([^"?]*)[^"]*"[^>]*stylesheet', head):
            css = (built_site / page).parent.joinpath(href).resolve().read_text(encoding="utf-8")
            assert "@import" not in css, f"{page}: {href} imports another stylesheet"
        assert "thebe" not in head, f"{page} links Thebe's files"


@pytest.mark.parametrize("page_path", ["chapters/scenarios.html", "chapters/data-and-methods.html"])
def test_the_theme_scripts_still_do_their_work_once_deferred(watch, page_path):
    pw = watch()
    pw.open(page_path)
    done = pw.page.evaluate(
        """() => ({
          pagename: DOCUMENTATION_OPTIONS.pagename,
          copyButtons: document.querySelectorAll('div.highlight button.copybtn').length,
          codeBlocks: document.querySelectorAll('div.highlight pre').length,
          noprint: document.querySelectorAll(
            '.bd-header.noprint, .bd-sidebar-primary.noprint').length,
        })"""
    )
    assert done["pagename"] == page_path.removesuffix(".html")  # the inline page options ran
    assert done["codeBlocks"] > 0 and done["copyButtons"] == done["codeBlocks"]  # copybutton.js
    assert done["noprint"] == 2  # sphinx-book-theme.js
    assert pw.page_errors == [] and pw.console_errors == []
    # The theme's own scripts (pydata-sphinx-theme.js): the theme switch still switches.
    before = pw.page.evaluate("document.documentElement.dataset.theme")
    pw.page.locator("button.theme-switch-button").first.click()
    assert pw.page.evaluate("document.documentElement.dataset.theme") != before


@pytest.mark.parametrize("page_path", ["intro.html", "chapters/scenarios.html"])
def test_every_icon_a_page_shows_has_its_glyph(watch, page_path):
    """The theme's stylesheet keeps only the icon rules the site uses (sphinx_offline):
    every Font Awesome icon on a page still gets its character."""
    pw = watch()
    pw.open(page_path)
    icons = pw.page.evaluate(
        """() => Array.from(document.querySelectorAll('i[class*="fa-"], span[class*="fa-"]'))
             .map(el => ({cls: el.className, content: getComputedStyle(el, '::before').content}))"""
    )
    assert len(icons) >= 3, icons  # the header's buttons at least
    missing = [icon for icon in icons if icon["content"] in ("none", "normal", '""')]
    assert missing == [], missing
