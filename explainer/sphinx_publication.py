"""The build extension for the book as a publication: credits, citation, favicon, page
descriptions, Open Graph tags with a preview image, and the repository buttons.

- The repository URL is set in one place, `_config.yml`'s ``repository: url``. While it is
  empty, the repository, issue and launch (Binder) buttons are turned off, since they would
  point nowhere; set the URL and they appear.
- The footer credits the book's authors (``author`` in `_config.yml`) and the essay's authors
  as `data/sources.csv` names them.
- ``{cite-this-book}`` writes a plain citation and a BibTeX entry from the same settings.
- Every page gets a favicon (`static/favicon.svg`, drawn here, not downloaded), a
  ``description`` (its first paragraph of prose) and Open Graph / Twitter card tags whose
  image, ``_static/explainer-preview.png``, is the landing page's chart rendered with
  vl-convert at build time.
"""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.application import Sphinx

HERE = Path(__file__).resolve().parent
FAVICON = HERE / "static" / "favicon.svg"
PREVIEW_NAME = "explainer-preview.png"
STYLE_NAME = "explainer-page.css"
# Open Graph's recommended preview size is 1200 x 630; the chart is rendered at that size.
PREVIEW_WIDTH, PREVIEW_HEIGHT = 1200, 630
DESCRIPTION_CHARS = 200  # search engines show about this much of a description
ESSAY_SOURCE_ID = "essay_when_ai_builds_itself"
SOURCES_CSV = HERE.parent / "data" / "sources.csv"


# --- Repository buttons ---------------------------------------------------------------------


def repository_url(config) -> str:
    """The repository URL from `_config.yml` (Jupyter Book passes it as a theme option)."""
    return str((config.html_theme_options or {}).get("repository_url") or "").strip()


def _on_config_inited(app: Sphinx, config) -> None:
    options = dict(config.html_theme_options or {})
    if repository_url(config):
        options["use_repository_button"] = True
        options["use_issues_button"] = True
    else:
        # No repository yet: buttons built from it would be dead links.
        options["use_repository_button"] = False
        options["use_issues_button"] = False
        options["use_edit_page_button"] = False
        launch = dict(options.get("launch_buttons") or {})
        for key in ("binderhub_url", "jupyterhub_url", "colab_url", "deepnote_url"):
            launch[key] = ""
        options["launch_buttons"] = launch
    options["extra_footer"] = essay_credit()
    config.html_theme_options = options
    if not config.html_favicon:
        config.html_favicon = str(FAVICON)


# --- Credits and citation -------------------------------------------------------------------


def essay_row() -> dict[str, str]:
    """The essay's row of `data/sources.csv` (title, authors, publisher, date)."""
    with SOURCES_CSV.open(encoding="utf-8", newline="") as f:
        return next(r for r in csv.DictReader(f) if r["source_id"] == ESSAY_SOURCE_ID)


def essay_credit() -> str:
    """The footer line that credits the essay's authors, as the essay names them."""
    essay = essay_row()
    title = html.escape(essay["title"])
    link = f'<a href="{html.escape(essay["url"])}">{title}</a>' if essay["url"] else title
    return (
        f'<p class="explainer-credit">An explainer of <em>{link}</em> by '
        f"{html.escape(essay['author'])} ({html.escape(essay['publisher'])}, "
        f"{html.escape(essay['date_text'])}).</p>"
    )


def citation(config) -> tuple[str, str]:
    """(plain citation, BibTeX entry) for the book, from `_config.yml`'s title, author,
    copyright year and repository URL (left out while it is unset)."""
    title, author = config.html_title or config.project, config.author
    year = re.search(r"\d{4}", str(config.copyright or ""))
    year = year.group(0) if year else ""
    url = str(config.html_baseurl or "").strip() or repository_url(config)
    author = author[:1].upper() + author[1:]  # it starts a sentence, and a BibTeX name
    plain = f"{author} ({year}). {title}: an interactive explainer."
    if url:
        plain += f" {url}"
    fields = {
        "author": "{" + author + "}",
        "title": title.replace("AI", "{AI}"),
        "subtitle": "An interactive explainer",
        "year": year,
    }
    if url:
        fields["url"] = url
    body = ",\n".join(f"  {key:<8} = {{{value}}}" for key, value in fields.items())
    key = re.sub(r"\W+", "", title.lower().replace(" ", ""))[:24] + year
    return plain, f"@online{{{key},\n{body}\n}}"


class CiteThisBook(Directive):
    """``{cite-this-book}``: the plain citation as a paragraph, then the BibTeX entry."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        config = self.state.document.settings.env.config
        plain, bibtex = citation(config)
        # Plain text: the theme's syntax colours fall short of AAA contrast on its code panel.
        block = nodes.literal_block(bibtex, bibtex, language="none")
        return [nodes.paragraph(plain, plain), block]


# --- Page description, Open Graph tags and favicon -----------------------------------------


def page_description(doctree, fallback: str) -> str:
    """The page's first paragraph of prose outside admonitions and figures, shortened at a
    word to about `DESCRIPTION_CHARS` characters."""
    if doctree is not None:
        for para in doctree.findall(nodes.paragraph):
            if not isinstance(para.parent, nodes.section):
                continue  # a list item, a caption, a table cell: not the page's own prose
            parents, parent = [], para.parent
            while parent is not None:
                parents.append(parent)
                parent = parent.parent
            if any(isinstance(p, nodes.Admonition | nodes.figure | nodes.table) for p in parents):
                continue
            text = CITATION_LABEL.sub("", " ".join(para.astext().split()))
            if len(text) > 60:
                return _shorten(text)
    return _shorten(fallback)


# sphinxcontrib-bibtex's alpha labels in the text ("[FC26]", "[FC26, METR26]"): a link on the
# page, noise in a search result or a link preview.
CITATION_LABEL = re.compile(r"\s?\[(?:[A-Z][A-Za-z+]*\d{2}[a-z]?(?:, )?)+\]")


def _shorten(text: str) -> str:
    if len(text) <= DESCRIPTION_CHARS:
        return text
    cut = text[: DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def _meta(attribute: str, name: str, content: str) -> str:
    return f'<meta {attribute}="{name}" content="{html.escape(content, quote=True)}" />'


def _on_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    if app.builder.format != "html":
        return
    config = app.config
    book = config.html_title or config.project
    title = re.sub(r"<[^>]+>", "", context.get("title") or book)
    page_title = title if pagename == config.root_doc else f"{title} – {book}"
    description = page_description(doctree, f"{book}: an interactive explainer.")
    base = str(config.html_baseurl or "").rstrip("/")
    page_url = f"{base}/{pagename}.html" if base else ""
    image = (
        f"{base}/_static/{PREVIEW_NAME}"
        if base
        else context["pathto"](f"_static/{PREVIEW_NAME}", 1)
    )
    tags = [
        _meta("name", "description", description),
        _meta("property", "og:type", "website" if pagename == config.root_doc else "article"),
        _meta("property", "og:site_name", book),
        _meta("property", "og:title", page_title),
        _meta("property", "og:description", description),
        _meta("property", "og:image", image),
        _meta("property", "og:image:width", str(PREVIEW_WIDTH)),
        _meta("property", "og:image:height", str(PREVIEW_HEIGHT)),
        _meta("property", "og:image:alt", PREVIEW_ALT),
        _meta("name", "twitter:card", "summary_large_image"),
    ]
    if page_url:
        tags.append(_meta("property", "og:url", page_url))
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(tags)
    if context.get("body"):
        context["body"] = label_table_cells(context["body"])


# --- The preview image ----------------------------------------------------------------------

PREVIEW_ALT = (
    "The length of software task AI models complete with 50% success, by release date, "
    "from METR's time-horizon table."
)


def render_preview(path: Path) -> None:
    """Render the landing page's chart to a PNG of the Open Graph size (vl-convert)."""
    import vl_convert

    from explainer import charts

    chart = charts.time_horizon_chart()
    spec = chart.to_dict()
    # The preview stands alone: the chart's own title, at a size a link card shows.
    spec["width"], spec["height"] = PREVIEW_WIDTH, PREVIEW_HEIGHT
    spec["autosize"] = {"type": "fit", "contains": "padding"}
    spec["padding"] = 24
    spec.setdefault("title", {"text": "How long a task can AI finish on its own?"})
    png = vl_convert.vegalite_to_png(spec, scale=1)
    if not path.exists() or path.read_bytes() != png:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)


def _on_builder_inited(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    render_preview(static / PREVIEW_NAME)
    # Written before any page, so Sphinx stamps the stylesheet link with its checksum.
    css = (HERE / "static" / STYLE_NAME).read_text(encoding="utf-8")
    target = static / STYLE_NAME
    if not target.exists() or target.read_text(encoding="utf-8") != css:
        static.mkdir(parents=True, exist_ok=True)
        target.write_text(css, encoding="utf-8")


# --- Tables on a phone, and accessible names the theme gets wrong ---------------------------


def label_table_cells(body: str) -> str:
    """Give each cell of the book's tables (class ``explainer-table``) a ``data-label`` with its
    column's header, which the phone layout shows above the value (explainer-page.css)."""
    if "explainer-table" not in body:
        return body
    from bs4 import BeautifulSoup  # the theme's own dependency

    soup = BeautifulSoup(body, "html.parser")
    for table in soup.select("table.explainer-table"):
        headers = [" ".join(th.get_text(" ").split()) for th in table.select("thead tr th")]
        for row in table.select("tbody tr"):
            for header, cell in zip(
                headers, row.find_all(["td", "th"], recursive=False), strict=False
            ):
                if header:
                    cell["data-label"] = header
                _break_after_underscores(soup, cell)
    return str(soup)


def _break_after_underscores(soup, cell) -> None:
    """Let a long snake_case name (a source id, a file name) wrap after its underscores, so
    a table fits its column on a desktop instead of pushing its last columns off the edge."""
    for text in list(cell.find_all(string=lambda s: "_" in s and len(s) > 12)):
        parts = str(text).split("_")
        pieces = []
        for index, part in enumerate(parts):
            pieces.append(part + ("_" if index < len(parts) - 1 else ""))
            if index < len(parts) - 1:
                pieces.append(soup.new_tag("wbr"))
        text.replace_with(*pieces)


# The theme's search button is named "Search" while it shows "Search Ctrl+K", and
# sphinx-togglebutton names each code toggle "Toggle hidden content" while it shows "Show code
# cell source": a speech-input user saying what they see would not reach them (axe:
# label-content-name-mismatch). Without the aria-label, the name is the visible text.
NAME_MISMATCHES = (
    (
        re.compile(r'(<button class="btn search-button-field[^"]*"[^>]*?) aria-label="Search"'),
        r"\1",
    ),
    (re.compile(r'<summary aria-label="Toggle hidden content">'), "<summary>"),
)


def fix_accessible_names(page: str) -> str:
    for pattern, replacement in NAME_MISMATCHES:
        page = pattern.sub(replacement, page)
    return page


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for path in Path(app.outdir).rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        fixed = fix_accessible_names(text)
        if fixed != text:
            path.write_text(fixed, encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _on_config_inited)
    app.connect("builder-inited", _on_builder_inited)
    app.connect("html-page-context", _on_page_context)
    app.connect("build-finished", _on_build_finished)
    app.add_css_file(STYLE_NAME)
    app.add_directive("cite-this-book", CiteThisBook)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
