"""Every chart on every page can be read as drawn, at desktop (1280 px) and phone (390 px) width.

- a title above the chart (its frame, `render._frame`);
- a chart that plots over time (its compiled spec has a time or UTC scale) has an axis on
  that scale, with visible labels, at least one of which names a year;
- no two visible text elements of the chart's SVG overlap, and none sticks out of the SVG's
  box (where the view would clip it);
- axis labels are at least 10 px;
- a data table (the "Table" under the chart) with as many rows as the points it declares.

Each test collects every problem on a page before it fails, so one run names them all.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import toc_pages

pytestmark = pytest.mark.browser

WIDTHS = [1280, 390]
# Two boxes closer than this (px) do not count as overlapping: glyph boxes include the font's
# line gap, so text set on adjacent lines touches without covering.
OVERLAP_TOLERANCE = 1.0
# How far (px) a text box may stand out of the SVG's box (antialiasing, sub-pixel layout).
CLIP_TOLERANCE = 0.5
MIN_AXIS_LABEL_PX = 10
YEAR = re.compile(r"\b(19|20)\d\d\b")

# Per chart: its frame's title, its SVG box, every visible text element (box, text, whether it
# is an axis label, its font size), its time axes' labels, and its data table.
CHARTS = """
() => Array.from(document.querySelectorAll('.explainer-chart')).map((el, index) => {
  const id = el.id;
  const figure = el.closest('figure[id]');
  const frame = document.querySelector(`.explainer-chart-frame[data-for="${id}"]`);
  const titleEl = frame && frame.querySelector('.explainer-chart-title');
  const svg = el.querySelector('svg');
  const specEl = document.querySelector(`.explainer-chart-spec[data-for="${id}"]`);
  const spec = specEl ? JSON.parse(specEl.textContent) : {};
  const timeScales = [];
  const walk = (node) => {
    if (Array.isArray(node)) { node.forEach(walk); return; }
    if (!node || typeof node !== 'object') return;
    for (const s of node.scales || []) {
      if (s.type === 'time' || s.type === 'utc') timeScales.push(s.name);
    }
    for (const m of node.marks || []) walk(m);
  };
  walk(spec);
  const visible = (node) => {
    let opacity = 1;
    for (let n = node; n && n !== svg; n = n.parentElement) {
      const style = getComputedStyle(n);
      if (style.display === 'none' || style.visibility === 'hidden') return false;
      opacity *= parseFloat(style.opacity || '1');
    }
    const fillOpacity = parseFloat(getComputedStyle(node).fillOpacity || '1');
    return opacity * fillOpacity > 0.05;
  };
  const texts = svg ? Array.from(svg.querySelectorAll('text'))
    .filter((t) => t.textContent.trim() && visible(t))
    .map((t) => ({
      text: t.textContent.trim(),
      box: t.getBoundingClientRect().toJSON(),
      axisLabel: !!t.closest('.role-axis-label'),
      fontSize: parseFloat(getComputedStyle(t).fontSize),
    }))
    .filter((t) => t.box.width > 0 && t.box.height > 0) : [];
  const timeAxes = svg ? Array.from(svg.querySelectorAll('g.role-axis'))
    .filter((g) => / for a (time|utc) scale/.test(g.getAttribute('aria-label') || ''))
    .map((g) => ({
      label: g.getAttribute('aria-label'),
      ticks: Array.from(g.querySelectorAll('.role-axis-label text'))
        .filter((t) => t.textContent.trim() && visible(t))
        .map((t) => t.textContent.trim()),
    })) : [];
  const table = document.querySelector(`details.explainer-chart-table[data-for="${id}"]`);
  return {
    id,
    name: (figure ? figure.id : `chart ${index + 1}`)
      + (titleEl ? `: ${titleEl.textContent.trim()}` : ''),
    title: titleEl ? titleEl.textContent.trim() : '',
    titleBox: titleEl ? titleEl.getBoundingClientRect().toJSON() : null,
    svg: svg ? svg.getBoundingClientRect().toJSON() : null,
    plotsOverTime: timeScales.length > 0,
    texts,
    timeAxes,
    // A table switched by a control (one per value, all but one hidden): the one shown.
    table: table ? {
      points: Number(
        (table.querySelector('.explainer-chart-table-variant:not([hidden])') || table)
          .dataset.points),
      rows: Array.from(table.querySelectorAll('tbody tr'))
        .filter((tr) => !tr.closest('[hidden]')).length,
      summary: table.querySelector('summary').textContent.trim(),
    } : null,
  };
})
"""


@pytest.fixture(scope="module")
def drawn(browser, site_url):
    """Each page at each width, opened once: its charts as `CHARTS` reads them."""
    from tests.conftest import PageWatch

    cache: dict[tuple[str, int], list[dict]] = {}

    def charts_on(page_path: str, width: int) -> list[dict]:
        if (page_path, width) not in cache:
            pw = PageWatch(browser, site_url, width)
            try:
                pw.open(page_path)
                cache[page_path, width] = pw.page.evaluate(CHARTS)
            finally:
                pw.close()
        return cache[page_path, width]

    return charts_on


def _overlap(a: dict, b: dict) -> float:
    """How far two boxes overlap (px), in the direction they overlap least."""
    across = min(a["right"], b["right"]) - max(a["left"], b["left"])
    down = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return min(across, down)


def _fail_if(problems: list[str], page_path: str, width: int) -> None:
    if problems:
        pytest.fail(f"{page_path} at {width} px:\n  " + "\n  ".join(problems))


PAGES = toc_pages()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_path", PAGES)
def test_every_chart_has_a_title_above_it(drawn, page_path, width):
    problems = []
    for chart in drawn(page_path, width):
        if not chart["title"]:
            problems.append(f"{chart['name']}: no title")
        elif chart["svg"] and chart["titleBox"]["bottom"] > chart["svg"]["top"] + 0.5:
            problems.append(f"{chart['name']}: the title is not above the chart")
    _fail_if(problems, page_path, width)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_path", PAGES)
def test_charts_over_time_label_their_time_axis_with_years(drawn, page_path, width):
    problems = []
    for chart in drawn(page_path, width):
        if not chart["plotsOverTime"]:
            continue
        ticks = [t for axis in chart["timeAxes"] for t in axis["ticks"]]
        if not chart["timeAxes"]:
            problems.append(f"{chart['name']}: plots over time but draws no time axis")
        elif not ticks:
            problems.append(f"{chart['name']}: its time axis has no visible labels")
        elif not any(YEAR.search(t) for t in ticks):
            problems.append(f"{chart['name']}: no time-axis label names a year: {ticks}")
    _fail_if(problems, page_path, width)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_path", PAGES)
def test_no_chart_text_overlaps_or_is_clipped(drawn, page_path, width):
    problems = []
    for chart in drawn(page_path, width):
        svg, texts = chart["svg"], chart["texts"]
        if not svg:
            problems.append(f"{chart['name']}: not drawn")
            continue
        for t in texts:
            box = t["box"]
            outside = {
                "left": svg["left"] - box["left"],
                "right": box["right"] - svg["right"],
                "top": svg["top"] - box["top"],
                "bottom": box["bottom"] - svg["bottom"],
            }
            cut = {side: round(px, 1) for side, px in outside.items() if px > CLIP_TOLERANCE}
            if cut:
                problems.append(f"{chart['name']}: {t['text']!r} is clipped (px out: {cut})")
        for i, a in enumerate(texts):
            for b in texts[i + 1 :]:
                depth = _overlap(a["box"], b["box"])
                if depth > OVERLAP_TOLERANCE:
                    problems.append(
                        f"{chart['name']}: {a['text']!r} overlaps {b['text']!r} by {depth:.1f} px"
                    )
    _fail_if(problems, page_path, width)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_path", PAGES)
def test_axis_labels_are_at_least_10_px(drawn, page_path, width):
    problems = [
        f"{chart['name']}: axis label {t['text']!r} is {t['fontSize']} px"
        for chart in drawn(page_path, width)
        for t in chart["texts"]
        if t["axisLabel"] and t["fontSize"] < MIN_AXIS_LABEL_PX
    ]
    _fail_if(problems, page_path, width)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_path", PAGES)
def test_every_chart_has_a_table_of_its_points(drawn, page_path, width):
    problems = []
    for chart in drawn(page_path, width):
        table = chart["table"]
        if table is None:
            problems.append(f"{chart['name']}: no data table")
        elif table["points"] < 1 or table["rows"] != table["points"]:
            problems.append(
                f"{chart['name']}: its table has {table['rows']} rows for the "
                f"{table['points']} points it declares"
            )
        elif table["summary"] != f"Table: {chart['title']}":
            problems.append(f"{chart['name']}: the table's summary is {table['summary']!r}")
    _fail_if(problems, page_path, width)
