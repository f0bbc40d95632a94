"""What the site offers for download: each page's MyST source and PDF, never an .ipynb.

The .ipynb the theme would offer is the notebook myst-nb executed: it imports myst_nb and
explainer, which a reader's fresh Jupyter lacks, and its stored outputs are the static site's
inert chart placeholders. The chapters run as notebooks from a clone (README: `make lab`), so
the menu does not offer a download that would not run (explainer/sphinx_downloads.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from explainer.sphinx_downloads import _without_ipynb
from tests.conftest import toc_pages

DOWNLOAD_MENU = re.compile(
    r'<div class="dropdown dropdown-download-buttons">(.*?)</ul>\s*</div>', re.S
)


def test_the_ipynb_entry_is_dropped_from_nested_header_buttons():
    buttons = [
        {"type": "link", "text": "repository"},
        {
            "type": "group",
            "buttons": [
                {"type": "link", "text": ".ipynb", "url": "../_sources/a.ipynb"},
                {"type": "link", "text": ".md", "url": "../_sources/a.md"},
                {"type": "javascript", "text": ".pdf"},
            ],
        },
    ]
    kept = _without_ipynb(buttons)
    assert [b["text"] for b in kept[1]["buttons"]] == [".md", ".pdf"]
    assert kept[0] == buttons[0]


@pytest.mark.slow
@pytest.mark.parametrize("page", toc_pages())
def test_download_menu_offers_the_source_and_no_ipynb(built_site: Path, page: str):
    html_path = built_site / page
    markup = html_path.read_text(encoding="utf-8")
    menu = DOWNLOAD_MENU.search(markup)
    assert menu, f"{page} has no download menu"
    links = re.findall(r'href="([^"]+)"', menu.group(1))
    assert not [link for link in links if link.endswith(".ipynb")], links
    sources = [link for link in links if link.endswith(".md")]
    assert sources, f"{page} does not offer its .md source"
    for link in sources:
        assert (html_path.parent / link).resolve().is_file(), link
