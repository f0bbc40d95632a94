"""Every chart on the built site reads on its own (issue: a reader's book): a title and a
one-line takeaway above it, then the chart, its controls, source line, CSV links and tools;
an exported image is named after its figure and headed by the same title."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import toc_pages

pytestmark = pytest.mark.browser

# For each chart: its frame's and its parts' boxes, in page order.
LAYOUT = """
() => Array.from(document.querySelectorAll('.explainer-chart')).map(el => {
  const frame = document.querySelector(`.explainer-chart-frame[data-for="${el.id}"]`);
  const meta = document.querySelector(`.explainer-chart-meta[data-for="${el.id}"]`);
  const box = (e) => e ? e.getBoundingClientRect().toJSON() : null;
  const text = (e) => e ? e.textContent.trim() : '';
  const figure = el.closest('figure[id]');
  return {
    id: el.id,
    frame: box(frame),
    title: text(frame && frame.querySelector('.explainer-chart-title')),
    takeaway: text(frame && frame.querySelector('.explainer-chart-takeaway')),
    svg: box(el.querySelector('svg')),
    bindings: box(el.querySelector('.vega-bindings:has(input, select)')),
    source: box(meta && meta.querySelector('.explainer-chart-source')),
    toolbar: box(meta && meta.querySelector('.explainer-chart-toolbar')),
    figure: figure ? figure.id : null,
    number: text(figure && figure.querySelector('.caption-number')),
  };
})
"""


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("page_path", toc_pages())
def test_every_chart_has_its_title_and_takeaway_above_it(watch, page_path, width):
    pw = watch(width)
    pw.open(page_path)
    for chart in pw.page.evaluate(LAYOUT):
        assert chart["title"] and chart["takeaway"], chart["id"]
        frame, svg = chart["frame"], chart["svg"]
        assert frame["bottom"] <= svg["top"] + 0.5, f"{chart['figure']}: title below the chart"
        assert frame["left"] >= 0 and frame["right"] <= width + 0.5, chart["figure"]
        # Then the chart, its controls, its source line, its tools, in that order.
        order = [b for b in (svg, chart["bindings"], chart["source"], chart["toolbar"]) if b]
        tops = [b["top"] for b in order]
        assert tops == sorted(tops), chart["figure"]


def _figure_file_name(number: str, figure_id: str) -> str:
    """'Fig. 11' and 'fig-scenario-projections' -> 'fig-11-scenario-projections'."""
    digits = re.search(r"\d+(\.\d+)*", number).group(0).replace(".", "-")
    return f"fig-{digits}-{figure_id.removeprefix('fig-')}"


def test_the_scenario_projection_downloads_as_its_figure(watch):
    """The issue's example: Fig. 11 on the scenarios page, no longer scenarios-figure-1."""
    pw = watch()
    pw.open("chapters/scenarios.html")
    chart = next(c for c in pw.page.evaluate(LAYOUT) if c["figure"] == "fig-scenario-projections")
    expected = _figure_file_name(chart["number"], chart["figure"])
    assert re.fullmatch(r"fig-\d+-scenario-projections", expected)
    meta = pw.page.locator(f'.explainer-chart-meta[data-for="{chart["id"]}"]')
    for label, suffix in (("Download PNG", ".png"), ("Download SVG", ".svg")):
        with pw.page.expect_download() as info:
            meta.get_by_role("button", name=label).click()
        assert info.value.suggested_filename == expected + suffix
    svg = ET.fromstring(Path(info.value.path()).read_bytes())
    header = svg.find("{http://www.w3.org/2000/svg}g[@class='explainer-export-header']")
    assert next(t.text for t in header) == chart["title"]
    footer = svg.find("{http://www.w3.org/2000/svg}g[@class='explainer-export-footer']")
    # The book's address closes the footer (broken over lines where it is long).
    lines = [t.text for t in footer]
    address = "".join(lines[next(i for i, t in enumerate(lines) if t.startswith("From")) :])
    assert address.startswith("From\xa0http://") and "/chapters/scenarios.html" in address


@pytest.mark.parametrize("page_path", toc_pages())
def test_every_figure_exports_under_its_own_name(watch, page_path):
    pw = watch()
    pw.open(page_path)
    names = []
    for chart in pw.page.evaluate(LAYOUT):
        assert chart["figure"] and chart["number"], f"chart {chart['id']} is not a numbered figure"
        meta = pw.page.locator(f'.explainer-chart-meta[data-for="{chart["id"]}"]')
        with pw.page.expect_download() as info:
            meta.get_by_role("button", name="Download SVG").click()
        names.append(info.value.suggested_filename)
        assert names[-1] == _figure_file_name(chart["number"], chart["figure"]) + ".svg"
    assert len(set(names)) == len(names)
    assert pw.page_errors == [] and pw.console_errors == []
