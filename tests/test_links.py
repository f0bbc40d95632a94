"""Internal links of the built site: every relative link and source resolves, every anchor exists.

Every HTML file under `_build/html` is parsed (html.parser): each relative `href`/`src` must
name a file of the site, and each `#anchor` must be an `id` (or `<a name>`) in its target page.
Links to other hosts (http, https, mailto) are a reader's choice and are not followed; but a
`<script>`, `<link>`, `<img>` (or other embedded resource) from another host would be fetched
by every visit, and is a failure. Stylesheets' `url(...)` references are held to the same rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

# Schemes that are not files of the site and are never fetched as a page resource.
NOT_FILES = ("mailto:", "tel:", "javascript:", "data:", "blob:")
# Elements whose `src`/`href` the browser fetches while loading the page.
EMBEDDED = {"script", "img", "iframe", "source", "video", "audio", "embed", "track", "input"}
# <link rel=...> values that only name a document, without fetching it.
LINK_RELS_NOT_FETCHED = {"canonical", "alternate", "author", "license", "help", "search"}
LINK_RELS_NOT_FETCHED |= {"next", "prev", "index", "home", "up", "first", "last", "me"}
CSS_URL = re.compile(
    r"""url\(\s*(['"]?)(?P<url>[^'")]+)\1\s*\)|@import\s+(['"])(?P<imp>[^'"]+)\3"""
)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


@dataclass
class ParsedPage:
    ids: set[str] = field(default_factory=set)
    # (tag, attribute, value, fetched while loading the page)
    refs: list[tuple[str, str, str, bool]] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v for k, v in attrs if v is not None}
        if "id" in a:
            self.page.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.page.ids.add(a["name"])
        for attr in ("href", "src"):
            if attr not in a:
                continue
            if tag == "link":
                rels = set(a.get("rel", "").lower().split())
                fetched = not rels or not rels <= LINK_RELS_NOT_FETCHED
            else:
                fetched = tag in EMBEDDED or (tag == "object" and attr == "src")
            self.page.refs.append((tag, attr, a[attr].strip(), fetched))

    handle_startendtag = handle_starttag


def parse_html(path: Path) -> ParsedPage:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8", errors="replace"))
    collector.close()
    return collector.page


def _is_offsite(url: str) -> bool:
    return url.startswith(("http://", "https://", "//"))


def _resolve(site: Path, source: Path, url: str) -> tuple[Path | None, str]:
    """The site file a relative URL names (None if it leaves the site) and its fragment."""
    parts = urlsplit(url)
    if not parts.path:
        return source, parts.fragment
    base = site if parts.path.startswith("/") else source.parent
    target = (base / unquote(parts.path).lstrip("/")).resolve()
    if url.split("#")[0].split("?")[0].endswith("/") or target.is_dir():
        target = target / "index.html"
    try:
        target.relative_to(site.resolve())
    except ValueError:
        return None, parts.fragment
    return target, parts.fragment


def _in_static(site: Path, path: Path) -> bool:
    return path.resolve().relative_to(site).parts[0] == "_static"


def check_site(site: Path) -> tuple[list[str], list[str]]:
    """(broken internal links or anchors, off-site resources fetched) of a built site."""
    site = site.resolve()
    # HTML under _static/ is theme templates (Jinja macros copied as is), never a page.
    pages = {
        p.resolve(): parse_html(p) for p in sorted(site.rglob("*.html")) if not _in_static(site, p)
    }
    broken: list[str] = []
    offsite: list[str] = []
    css_files: set[Path] = set()

    for source, page in pages.items():
        where = str(source.relative_to(site))
        for tag, attr, url, fetched in page.refs:
            if not url or url.lower().startswith(NOT_FILES):
                continue
            if _is_offsite(url):
                if fetched:
                    offsite.append(f"{where}: <{tag} {attr}={url!r}>")
                continue
            target, fragment = _resolve(site, source, url)
            if target is None or not target.is_file():
                broken.append(f"{where}: <{tag} {attr}={url!r}> names no file of the site")
                continue
            if target.suffix == ".css":
                css_files.add(target)
            if fragment and target.suffix == ".html":
                target_page = pages.get(target) or parse_html(target)
                if unquote(fragment) not in target_page.ids:
                    broken.append(f"{where}: <{tag} {attr}={url!r}>: no id {fragment!r} there")

    for css in sorted(css_files):
        where = str(css.relative_to(site))
        text = CSS_COMMENT.sub("", css.read_text(encoding="utf-8", errors="replace"))
        for match in CSS_URL.finditer(text):
            url = (match["url"] or match["imp"]).strip()
            if not url or url.startswith("#") or url.lower().startswith(NOT_FILES):
                continue
            if _is_offsite(url):
                offsite.append(f"{where}: url({url})")
                continue
            target, _ = _resolve(site, css, url)
            if target is None or not target.is_file():
                broken.append(f"{where}: url({url}) names no file of the site")
    return broken, offsite


@pytest.mark.slow
def test_built_site_has_no_broken_link_or_anchor_and_fetches_nothing_offsite(built_site):
    pages = list(built_site.rglob("*.html"))
    assert len(pages) >= 3, f"only {len(pages)} HTML files under {built_site}"
    broken, offsite = check_site(built_site)
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(broken)
    assert not offsite, f"{len(offsite)} resources from other hosts:\n" + "\n".join(offsite)


def test_the_link_check_catches_broken_links_anchors_and_offsite_resources(tmp_path):
    """The checker can fail: a tiny site with one of each defect, and one good link of each kind."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "style.css").write_text(
        "/* url(commented.png) */ a { background: url('missing.png'); }\n"
        "@import 'https://fonts.example.org/x.css';\n"
    )
    (tmp_path / "sub" / "b.html").write_text('<h1 id="there">B</h1><a name="old"></a>')
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="style.css"><link rel="next" href="https://example.org/">'
        '<script src="https://cdn.example.org/x.js"></script>'
        '<a href="sub/b.html#there">ok</a> <a href="sub/b.html#old">ok</a>'
        '<a href="#top" id="top">ok</a> <a href="https://example.org/">ok</a>'
        '<a href="mailto:a@example.org">ok</a> <a href="sub/">dir without index</a>'
        '<a href="sub/b.html#nowhere">bad anchor</a> <img src="gone.png">'
    )
    broken, offsite = check_site(tmp_path)
    assert sorted(broken) == sorted(
        [
            "index.html: <a href='sub/'> names no file of the site",
            "index.html: <a href='sub/b.html#nowhere'>: no id 'nowhere' there",
            "index.html: <img src='gone.png'> names no file of the site",
            "style.css: url(missing.png) names no file of the site",
        ]
    ), broken
    assert sorted(offsite) == sorted(
        [
            "index.html: <script src='https://cdn.example.org/x.js'>",
            "style.css: url(https://fonts.example.org/x.css)",
        ]
    ), offsite
