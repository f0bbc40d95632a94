"""The sources table a reader sees: readable names, authors, dates, links, and the short names
every chart's tooltips use."""

from __future__ import annotations

import re

from explainer import data, tables
from tests import specs

ROOT = data.DATA_DIR.parent


def chart_source_fields() -> list[str]:
    """Every 'source' value in every chart's data: what its tooltips name."""
    found = []
    for name in specs.CHART_NAMES:
        for rows in specs.spec(name).get("datasets", {}).values():
            found.extend(str(r["source"]) for r in rows if isinstance(r, dict) and "source" in r)
    return found


def test_every_source_is_in_the_table_under_its_tooltip_name():
    sources = data.load("sources")
    table = tables.sources_frame()
    assert list(table["Source (as tooltips name it)"]) == list(sources["short_name"])
    assert (table["By"] != "").all()
    assert table["Date"].str.len().gt(0).all()


def test_every_tooltip_source_is_named_in_the_table():
    short_names = list(data.load("sources")["short_name"])
    fields = chart_source_fields()
    assert len(fields) > 20
    # The book's own constructions (milestones, reference lines) name the book's model instead.
    own = ("explainer.trends", "Reference line")
    unnamed = sorted({f for f in fields if not any(name in f for name in (*short_names, *own))})
    assert unnamed == [], unnamed


def test_links_where_the_sources_give_them():
    sources = data.load("sources")
    table = tables.sources_frame()
    for url, title in zip(sources["url"], table["Title"], strict=True):
        if isinstance(url, str):
            assert f'href="{url}"' in title
        else:
            assert "href" not in title


def test_dates_say_when_they_are_the_books_reading():
    table = tables.sources_frame().set_index("Source (as tooltips name it)")
    assert "the book's reading" in table.loc["Anthropic essay (June 2026)", "Date"]
    assert table.loc["Sherwood News", "Date"] == "5 June 2026"
    assert table.loc["BestHub summary", "Date"] == "not stated"
    assert table.loc["METR Time Horizon 1.1", "Date"].startswith("copy dated")


def test_metrs_reference_names_metrs_page():
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    entry = re.search(r"@misc\{metr2026horizon,.*?\n\}", bib, re.S)[0]
    assert "time-horizon" in entry and "METR" in entry
    assert "mirror" in entry  # and says the copy the book uses is not METR's own
