"""The book as a publication and as a web page.

Metadata on every page (a description, Open Graph tags, the favicon) and the preview image;
credits, "Cite this book" and the repository buttons, which follow the one repository URL;
and, in the browser, page hygiene: no code cell or note for notebook readers shows on the
web page, no page scrolls sideways on a phone, no table hides a column off-screen there, one
search box, and the landing page's short answer above the fold.
"""

from __future__ import annotations

import csv
import re
import struct
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest

from explainer import sphinx_offline, sphinx_publication
from tests.conftest import ROOT, toc_pages

PAGES = toc_pages()
PHONE = {"width": 390, "height": 844}


class _Head(HTMLParser):
    """The <meta> and <link> tags of a page, as attribute dicts."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: list[dict] = []
        self.links: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "meta":
            self.meta.append(dict(attrs))
        elif tag == "link":
            self.links.append(dict(attrs))


def _head(page: Path) -> _Head:
    parser = _Head()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def _meta(head: _Head, key: str) -> str | None:
    for tag in head.meta:
        if key in (tag.get("name"), tag.get("property")):
            return tag.get("content")
    return None


def _essay() -> dict[str, str]:
    with (ROOT / "data" / "sources.csv").open(encoding="utf-8", newline="") as f:
        return next(r for r in csv.DictReader(f) if r["source_id"] == "essay_when_ai_builds_itself")


@pytest.mark.parametrize("page_path", PAGES)
def test_every_page_has_a_description_open_graph_tags_and_the_favicon(built_site, page_path):
    page = built_site / page_path
    head = _head(page)
    description = _meta(head, "description")
    assert description and len(description) > 40, description
    assert description[:1].isupper(), f"{page_path}: the description is a fragment"
    assert not re.search(r"\[[A-Z]+\d{2}\]", description), "citation labels are noise here"
    title = page.read_text(encoding="utf-8").split("<title>")[1].split("</title>")[0]
    assert _meta(head, "og:title") and _meta(head, "og:title").split(" – ")[0] in title
    assert _meta(head, "og:description") == description
    assert _meta(head, "og:type") in {"website", "article"}
    assert _meta(head, "twitter:card") == "summary_large_image"
    image = _meta(head, "og:image")
    assert (
        image
        and (page.parent / image).resolve() == built_site / "_static" / "explainer-preview.png"
    )
    icons = [link for link in head.links if "icon" in (link.get("rel") or "")]
    assert icons, f"{page_path}: no favicon"
    assert (page.parent / icons[0]["href"]).resolve().is_file()


def test_the_preview_image_is_a_png_of_the_open_graph_size(built_site):
    png = (built_site / "_static" / "explainer-preview.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (sphinx_publication.PREVIEW_WIDTH, sphinx_publication.PREVIEW_HEIGHT)
    assert len(png) > 20_000  # a drawn chart, not an empty canvas


def test_the_favicon_is_made_in_the_repository(built_site):
    svg = (ROOT / "explainer" / "static" / "favicon.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg") and "http" not in svg.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )
    assert (built_site / "_static" / "favicon.svg").read_text(encoding="utf-8") == svg


@pytest.mark.parametrize("page_path", PAGES)
def test_the_footer_credits_the_books_and_the_essays_authors(built_site, page_path):
    html = (built_site / page_path).read_text(encoding="utf-8")
    footer = html[html.index('<footer class="bd-footer-content">') :]
    assert "explainer's authors" not in footer
    assert "the When AI Builds Itself explainer project" in footer
    essay = _essay()
    assert essay["author"] in footer and essay["title"] in footer


def test_the_appendix_says_how_to_cite_the_book(built_site):
    text = re.sub(r"<[^>]+>", "", (built_site / "chapters" / "data-and-methods.html").read_text())
    assert "Cite this book" in text
    assert "@online{" in text and "title" in text and "2026" in text
    assert "The When AI Builds Itself explainer project (2026). When AI Builds Itself" in text
    assert "title    = {When {AI} Builds Itself}" in text


def _config(url: str) -> SimpleNamespace:
    return SimpleNamespace(
        html_theme_options={
            "repository_url": url,
            "use_repository_button": False,
            "use_issues_button": False,
            "launch_buttons": {"binderhub_url": "https://mybinder.org"},
        },
        html_favicon="",
    )


def test_the_repository_buttons_follow_the_one_repository_url():
    unset = _config("")
    sphinx_publication._on_config_inited(None, unset)
    options = unset.html_theme_options
    assert not options["use_repository_button"] and not options["use_issues_button"]
    assert not options["launch_buttons"]["binderhub_url"]  # no Binder button either
    assert unset.html_favicon.endswith("favicon.svg")

    set_ = _config("https://github.com/owner/book")
    sphinx_publication._on_config_inited(None, set_)
    options = set_.html_theme_options
    assert options["use_repository_button"] and options["use_issues_button"]
    assert options["launch_buttons"]["binderhub_url"] == "https://mybinder.org"


def test_the_book_names_no_placeholder_repository(built_site):
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    url = re.search(r"^repository:\n\s+url:\s*(.*)$", config, re.M).group(1).strip(" \"'")
    for page_path in PAGES:
        html = (built_site / page_path).read_text(encoding="utf-8")
        if not url:
            assert (
                "mybinder.org" not in html and 'class="btn btn-sm btn-source-repository' not in html
            )
        else:
            assert url in html


def test_the_accessible_name_fixes_keep_the_visible_text():
    search = (
        '<button class="btn search-button-field search-button__button pst-js-only" '
        'title="Search" aria-label="Search" data-bs-toggle="tooltip">'
    )
    fixed = sphinx_publication.fix_accessible_names(search)
    assert 'aria-label="Search"' not in fixed and 'title="Search"' in fixed
    summary = '<summary aria-label="Toggle hidden content">'
    assert sphinx_publication.fix_accessible_names(summary) == "<summary>"


def test_table_cells_carry_their_column_name():
    table = (
        '<table class="table explainer-table"><thead><tr><th>Name</th><th>The essay\'s '
        "assessment</th></tr></thead><tbody><tr><td>Plateau</td><td>unlikely</td></tr>"
        "</tbody></table>"
    )
    labelled = sphinx_publication.label_table_cells(table)
    assert '<td data-label="Name">Plateau</td>' in labelled
    assert 'data-label="The essay\'s assessment"' in labelled
    ids = sphinx_publication.label_table_cells(table.replace("Plateau", "news_ai_creates_ai"))
    assert "news_<wbr/>ai_<wbr/>creates_<wbr/>ai" in ids


# --- In the browser -------------------------------------------------------------------------

NOTEBOOK_LEFTOVERS = """
() => {
  const visible = el => el.offsetParent !== null && el.getClientRects().length > 0;
  const found = [];
  for (const el of document.querySelectorAll('.cell_input, .admonition, div.highlight')) {
    const text = el.textContent;
    if (/JupyterLab|_panel\\(|fit_panel/.test(text) && (visible(el) || el.closest('details'))) {
      found.push(text.trim().slice(0, 80));
    }
  }
  return found;
}
"""

SIDEWAYS = """
() => {
  const doc = document.scrollingElement;
  const hidden = [];
  for (const table of document.querySelectorAll('main table')) {
    if (!table.offsetParent) continue;
    // A table hides columns when it is wider than the space it is shown in, or a cell of it
    // starts beyond the right edge of the screen.
    if (table.scrollWidth > table.clientWidth + 1) hidden.push(table.className || 'table');
    for (const cell of table.querySelectorAll('td, th')) {
      // A header row kept for screen readers but shown only as each card's labels.
      const head = cell.closest('thead');
      if (head && head.getBoundingClientRect().width <= 1) continue;
      const box = cell.getBoundingClientRect();
      if (box.width && box.right > window.innerWidth + 1) {
        hidden.push(cell.textContent.slice(0, 40));
        break;
      }
    }
  }
  return {page: doc.scrollWidth - window.innerWidth, tables: hidden};
}
"""


@pytest.mark.browser
@pytest.mark.parametrize("page_path", PAGES)
def test_page_hygiene_no_notebook_leftovers_and_nothing_sideways_on_a_phone(watch, page_path):
    pw = watch(**PHONE)
    pw.open(page_path)
    assert pw.page.evaluate(NOTEBOOK_LEFTOVERS) == []
    result = pw.page.evaluate(SIDEWAYS)
    assert result["page"] <= 0, f"{page_path} scrolls sideways by {result['page']} px"
    assert result["tables"] == [], f"{page_path}: a table hides columns: {result['tables']}"


@pytest.mark.browser
@pytest.mark.parametrize("page_path", PAGES)
def test_no_table_is_cut_off_on_a_desktop(watch, page_path):
    pw = watch()
    pw.open(page_path)
    result = pw.page.evaluate(SIDEWAYS)
    assert result["tables"] == [], f"{page_path}: a table hides columns: {result['tables']}"


@pytest.mark.browser
def test_the_scenarios_tables_key_column_is_on_screen_on_a_phone(watch):
    pw = watch(**PHONE)
    pw.open("chapters/scenarios.html")
    cells = pw.page.locator('td[data-label="The essay\'s assessment"]')
    assert cells.count() >= 3
    for index in range(cells.count()):
        box = cells.nth(index).bounding_box()
        assert box and box["width"] > 100 and box["x"] + box["width"] <= PHONE["width"]


@pytest.mark.browser
@pytest.mark.parametrize("page_path", PAGES)
def test_one_search_box(watch, page_path):
    pw = watch()
    pw.open(page_path)
    visible = pw.page.locator(".search-button-field:visible, .bd-search:visible").count()
    assert visible == 1, f"{page_path}: {visible} search boxes"


SEARCH_TOOLS = ("_static/searchtools.js", "_static/language_data.js", "searchindex.js")


def _scripts(html: str) -> list[str]:
    return re.findall(r'<script[^>]*\bsrc="([^"]*)"', html)


def test_only_the_search_page_loads_the_search_tools(built_site):
    """The theme's search-as-you-type is off, so its search scripts are dead weight on a page;
    the search page needs them, and keeps them."""
    for page in PAGES:
        scripts = _scripts((built_site / page.replace(".md", ".html")).read_text())
        assert not [s for s in scripts if s.split("?")[0].endswith(SEARCH_TOOLS)], page
    search = _scripts((built_site / "search.html").read_text())
    for tool in SEARCH_TOOLS:
        assert any(s.split("?")[0].endswith(tool) for s in search), tool


def test_the_search_tools_are_dropped_from_pages_only(tmp_path):
    page = (
        '<head>\n  <script src="_static/searchtools.js"></script>\n  <script src="x.js"></script>'
    )
    page += '\n  <script src="../searchindex.js"></script>\n</head>'
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "a.html").write_text(page)
    (tmp_path / "search.html").write_text(page)
    sphinx_offline.drop_search_tools(tmp_path)
    assert _scripts((tmp_path / "chapters" / "a.html").read_text()) == ["x.js"]
    assert (tmp_path / "search.html").read_text() == page


@pytest.mark.browser
def test_the_search_box_finds_a_word_of_the_book(watch):
    pw = watch()
    pw.open("chapters/scenarios.html")
    pw.page.keyboard.press("Control+k")  # the theme's shortcut to the search dialog
    field = pw.page.locator("#pst-search-dialog input[name=q]")
    field.fill("plateau")
    field.press("Enter")
    pw.page.wait_for_url("**/search.html?q=plateau*")
    results = pw.page.locator("#search-results li a")
    results.first.wait_for(timeout=20_000)
    assert "scenarios" in " ".join(results.evaluate_all("(links) => links.map((a) => a.href)"))
    assert not pw.page_errors and not pw.offsite


@pytest.mark.browser
def test_the_short_answer_is_above_the_fold_at_1280_by_800(watch):
    pw = watch(width=1280, height=800)
    pw.open("intro.html")
    box = pw.page.locator(".admonition.explainer-answer").bounding_box()
    assert box is not None and box["y"] >= 0
    assert box["y"] + box["height"] <= 800, box
    heading = pw.page.locator(".bd-article h1:visible").first.bounding_box()
    assert heading["y"] < box["y"]  # the title, then the answer, then the rest


# The printable area of a Letter page with Chromium's default margins (0.4 in), in CSS px.
PRINT_AREA = {"width": int((8.5 - 0.8) * 96), "height": int((11 - 0.8) * 96)}


@pytest.mark.browser
@pytest.mark.parametrize("page_path", PAGES)
def test_every_chart_and_its_caption_fit_on_one_printed_page(watch, page_path):
    """A figure taller than a page cannot be kept whole: the browser pushes it past a blank
    page and its caption still breaks away. In print, every chart's figure must fit."""
    pw = watch(**PRINT_AREA)
    pw.open(page_path)
    pw.page.emulate_media(media="print")
    heights = pw.page.evaluate(
        """() => Array.from(document.querySelectorAll('figure'))
             .filter(f => f.querySelector('.explainer-chart'))
             .map(f => [f.id, f.getBoundingClientRect().height])"""
    )
    too_tall = [(name, round(h)) for name, h in heights if h > PRINT_AREA["height"]]
    assert too_tall == [], f"{page_path}: taller than a printed page: {too_tall}"
    assert all(h > 100 for _, h in heights), heights  # drawn, not collapsed
