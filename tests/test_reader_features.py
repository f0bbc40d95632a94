"""Reader features of every chart, in headless Chromium: shareable settings, export, the
copy-link control, light and dark, print, phone width.

They are tested on a one-page book built for the purpose (`reader_site`), with charts whose
params and outputs the tests know, so they hold whatever the chapters' charts become; the
checks that concern the real pages (CSV links) run on the built site.
"""

from __future__ import annotations

import functools
import re
import shutil
import socketserver
import struct
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from explainer import style
from tests.conftest import (
    NOTEBOOK_HEADER,
    ROOT,
    PageWatch,
    _QuietHandler,
    build_book,
    toc_pages,
)

pytestmark = pytest.mark.browser

# The page's code: two charts sharing a param name (`months`), so the URL must keep them
# apart; chart A has a slider, a select and a checkbox, and writes each value as text into
# the chart, so a test can check that what is drawn agrees with the controls.
PAGE = (
    NOTEBOOK_HEADER
    + """
# Reader features

```{code-cell} ipython3
import altair as alt
import pandas as pd

from explainer import style
from explainer.charts._base import with_meta

points = pd.DataFrame({"year": [0, 1, 2, 3, 4], "base": [1, 2, 4, 8, 16]})
months = alt.param(
    name="months", value=4,
    bind=alt.binding_range(min=1, max=12, step=0.5, name="Doubling time (months) "),
)
start = alt.param(
    name="start", value="metr",
    bind=alt.binding_select(options=["metr", "essay"], labels=["METR", "The essay"],
                            name="Start from "),
)
frontier = alt.param(
    name="frontier", value=True, bind=alt.binding_checkbox(name="Frontier only "),
)
base = alt.Chart(points).transform_calculate(
    value="datum.base * pow(2, 12 / months)",
    label="'months=' + months + ' start=' + start + ' frontier=' + frontier",
)
chart_a = alt.layer(
    base.mark_line(color=style.EXPONENTIAL.light).encode(
        x="year:Q", y=alt.Y("value:Q", title="Horizon (minutes)")
    ),
    base.mark_text(align="left", dx=4, color=style.INK.light).encode(
        x=alt.value(5), y=alt.value(5), text="label:N"
    ).transform_filter("datum.year == 0"),
    # A colour that names no role: dark mode keeps it.
    base.mark_rule(color="#123456").encode(y=alt.datum(1)).transform_filter("datum.year == 0"),
).add_params(months, start, frontier).properties(width="container", height=200)
with_meta(chart_a, description="Test chart A: a line whose slope follows the doubling time "
          "slider, with the settings written as text.", csv=["metr_horizons.csv"],
          title="Test chart A, a line that follows its sliders",
          takeaway="The steeper the line, the shorter the doubling time.")
```

```{code-cell} ipython3
months_b = alt.param(
    name="months", value=6,
    bind=alt.binding_range(min=1, max=24, step=1, name="Months ahead (months) "),
)
chart_b = alt.Chart(points).mark_point().transform_calculate(
    value="datum.base + months"
).encode(x="year:Q", y="value:Q").add_params(months_b).properties(width="container")
with_meta(chart_b, description="Test chart B: points moved up by the months slider, which "
          "shares its param name with chart A.", csv=["metr_horizons.csv"])
```
"""
)


def _serve(directory: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def reader_site(tmp_path_factory) -> Iterator[str]:
    """A one-page book (the project's config, package and data; the page above), built and
    served."""
    book = tmp_path_factory.mktemp("reader-book")
    for name in ("_config.yml", "references.bib"):
        shutil.copy(ROOT / name, book / name)
    for name in ("explainer", "data"):
        shutil.copytree(ROOT / name, book / name, ignore=shutil.ignore_patterns("__pycache__"))
    (book / "_toc.yml").write_text("format: jb-book\nroot: index\n")
    (book / "index.md").write_text(PAGE)
    proc = build_book(book)
    if proc.returncode != 0:
        pytest.fail(f"the test book did not build:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
    yield from _serve(book / "_build" / "html")


@pytest.fixture
def reader(browser, reader_site):
    """Open the test book's page (optionally with a query) in a fresh context."""
    opened: list[PageWatch] = []

    def make(query: str = "", width: int = 1280, **context) -> PageWatch:
        pw = PageWatch(browser, reader_site, width)
        pw.dialogs: list[str] = []
        pw.page.on("dialog", lambda d: (pw.dialogs.append(d.message), d.dismiss()))
        opened.append(pw)
        pw.open("index.html" + query)
        return pw

    yield make
    for pw in opened:
        pw.close()


CHART_STATE = """
() => Array.from(document.querySelectorAll('.explainer-chart')).map(el => {
  const view = window.explainerViews[el.id];
  const controls = {};
  el.querySelectorAll('.vega-bindings [name]').forEach(input => {
    controls[input.name] = {
      value: input.type === 'checkbox' ? input.checked : input.value,
      readout: input.type === 'range' ? input.nextElementSibling.textContent : null,
      valuetext: input.getAttribute('aria-valuetext'),
      signal: view.signal(input.name),
    };
  });
  return {
    key: el.dataset.key,
    controls,
    text: Array.from(el.querySelectorAll('svg text')).map(t => t.textContent).join(' | '),
  };
})
"""


def keys(pw) -> tuple[str, str]:
    a, b = (c["key"] for c in pw.page.evaluate(CHART_STATE))
    return a, b


@pytest.fixture(scope="session")
def chart_keys(browser, reader_site) -> tuple[str, str]:
    pw = PageWatch(browser, reader_site)
    pw.open("index.html")
    found = keys(pw)
    pw.close()
    assert found[0] != found[1], "two charts with different params got the same URL key"
    return found


def test_a_link_restores_every_kind_of_control(reader, chart_keys):
    a, b = chart_keys
    pw = reader(f"?{a}.months=9&{a}.start=essay&{a}.frontier=false&{b}.months=20")
    chart_a, chart_b = pw.page.evaluate(CHART_STATE)
    months = chart_a["controls"]["months"]
    assert months == {"value": "9", "readout": "9", "valuetext": "9 months", "signal": 9}
    assert chart_a["controls"]["start"]["signal"] == "essay"
    assert chart_a["controls"]["start"]["value"] == "essay"
    assert chart_a["controls"]["frontier"] == {
        "value": False,
        "readout": None,
        "valuetext": None,
        "signal": False,
    }
    # What is drawn agrees with the controls.
    assert "months=9 start=essay frontier=false" in chart_a["text"]
    # Same param name, other chart: its own value.
    assert chart_b["controls"]["months"]["signal"] == 20
    assert pw.page_errors == [] and pw.console_errors == []


def test_moving_a_control_writes_the_url_and_the_url_reopens_that_view(reader, chart_keys):
    a, b = chart_keys
    pw = reader()
    assert "?" not in pw.page.url, "an untouched page should keep a clean URL"
    slider = pw.page.locator(".explainer-chart").first.locator("input[type=range]")
    slider.focus()
    for _ in range(3):
        pw.page.keyboard.press("ArrowRight")
    pw.page.locator(".explainer-chart").first.locator("select").select_option("essay")
    pw.page.wait_for_function(f"() => location.search.includes('{a}.start=essay')")
    query = parse_qs(urlsplit(pw.page.url).query)
    assert query[f"{a}.months"] == ["5.5"]
    assert query[f"{a}.frontier"] == ["true"]
    assert f"{b}.months" not in query, "chart B was not touched"
    again = reader("?" + urlsplit(pw.page.url).query)
    assert again.page.evaluate(CHART_STATE)[0]["controls"]["months"]["signal"] == 5.5
    assert "months=5.5 start=essay" in again.page.evaluate(CHART_STATE)[0]["text"]


PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    '"><script>alert(document.domain)</script>',
    "javascript:alert(1)",
    "<svg/onload=alert(1)>",
    "{{constructor.constructor('alert(1)')()}}",
]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("999", 12),  # clamped to the slider's max
        ("-5", 1),  # clamped to its min
        ("4.26", 4.5),  # snapped to its step
        ("1e1", 10),  # a plain number in exponent form is still a number
        ("0x10", 4),  # not a decimal number: the default
        ("NaN", 4),
        ("Infinity", 4),
        ("", 4),
        ("9" * 300, 4),  # absurdly long: junk, the default
        *[(payload, 4) for payload in PAYLOADS],
    ],
)
def test_url_numbers_are_clamped_snapped_or_ignored(reader, chart_keys, raw, expected):
    a, _ = chart_keys
    pw = reader(f"?{a}.months={quote(raw)}")
    months = pw.page.evaluate(CHART_STATE)[0]["controls"]["months"]
    assert months["signal"] == expected
    assert float(months["value"]) == expected and float(months["readout"]) == expected


def test_url_payloads_run_nothing_and_add_nothing(reader, chart_keys):
    a, b = chart_keys
    clean = reader()
    clean_count = clean.page.evaluate("document.querySelectorAll('*').length")
    clean_html = clean.page.evaluate(
        "Array.from(document.querySelectorAll('.explainer-chart')).map(e => e.innerHTML)"
    )
    pairs = [(f"{a}.start", p) for p in PAYLOADS]
    pairs += [(f"{a}.frontier", p) for p in PAYLOADS]
    pairs += [(f"{b}.months", p) for p in PAYLOADS]
    # Unknown keys: another param name, prototype names, a key of no chart, raw HTML keys.
    pairs += [
        (f"{a}.evil", "1"),
        (f"{a}.__proto__", "1"),
        (f"{a}.constructor", "1"),
        ("__proto__.months", "1"),
        (PAYLOADS[0], PAYLOADS[1]),
        (f"{a}.frontier", "1"),  # a switch takes only true or false
        (f"{a}.start", "ESSAY"),  # a choice must match an option exactly
    ]
    query = "&".join(f"{quote(k)}={quote(v)}" for k, v in pairs)
    pw = reader("?" + query)
    pw.page.wait_for_timeout(300)  # time for anything injected to fire
    assert pw.dialogs == [], f"a dialog opened: {pw.dialogs}"
    assert pw.page_errors == [], pw.page_errors
    assert pw.console_errors == [], pw.console_errors
    assert pw.page.evaluate("document.querySelectorAll('*').length") == clean_count
    assert pw.page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == (
        clean.page.evaluate("document.querySelectorAll('img, iframe, object, embed').length")
    )
    chart_a, chart_b = pw.page.evaluate(CHART_STATE)
    assert {name: c["signal"] for name, c in chart_a["controls"].items()} == {
        "months": 4,
        "start": "metr",
        "frontier": True,
    }
    assert chart_b["controls"]["months"]["signal"] == 6
    # The charts drew exactly what they draw with no query at all (ids aside).
    strip_ids = functools.partial(re.sub, r"chart-[0-9a-f]{12}", "chart")
    drawn = pw.page.evaluate(
        "Array.from(document.querySelectorAll('.explainer-chart')).map(e => e.innerHTML)"
    )
    assert list(map(strip_ids, drawn)) == list(map(strip_ids, clean_html))


def test_copy_link_copies_this_view_and_announces_it(reader, chart_keys):
    a, _ = chart_keys
    pw = reader()
    pw.context.grant_permissions(["clipboard-read", "clipboard-write"])
    first = pw.page.locator(".explainer-chart-meta").first
    pw.page.locator(".explainer-chart").first.locator("input[type=range]").fill("7")
    button = first.get_by_role("button", name="Copy link to this view")
    button.focus()
    pw.page.keyboard.press("Enter")  # operable from the keyboard
    status = first.get_by_role("status")
    status.filter(has_text="Link copied").wait_for()
    copied = pw.page.evaluate("navigator.clipboard.readText()")
    assert parse_qs(urlsplit(copied).query)[f"{a}.months"] == ["7"]
    assert urlsplit(copied).path.endswith("/index.html")
    again = reader("?" + urlsplit(copied).query)
    assert again.page.evaluate(CHART_STATE)[0]["controls"]["months"]["signal"] == 7


def _download(pw, chart_index: int, label: str) -> bytes:
    meta = pw.page.locator(".explainer-chart-meta").nth(chart_index)
    with pw.page.expect_download() as info:
        meta.get_by_role("button", name=label).click()
    return Path(info.value.path()).read_bytes()


def test_png_export_is_an_image_of_the_chart_with_its_source_line(reader):
    pw = reader("")
    png = _download(pw, 0, "Download PNG")
    assert png[:8] == b"\x89PNG\r\n\x1a\n", png[:16]
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    shown = pw.page.evaluate(
        "(() => { const r = document.querySelector('.explainer-chart svg')"
        ".getBoundingClientRect(); return [r.width, r.height]; })()"
    )
    # Twice the drawn size (sharp on dense screens), plus room for the source line below.
    assert width == pytest.approx(2 * shown[0], abs=4)
    assert height > 2 * shown[1] + 20
    assert len(png) > 5_000


def test_svg_export_is_well_formed_and_carries_source_and_settings(reader, chart_keys):
    a, _ = chart_keys
    pw = reader(f"?{a}.months=9")
    svg = ET.fromstring(_download(pw, 0, "Download SVG"))
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    texts = " | ".join("".join(t.itertext()) for t in svg.iter("{http://www.w3.org/2000/svg}text"))
    source = pw.page.locator(".explainer-chart-source").first.inner_text()
    assert source.startswith("Source: METR")
    assert source in texts.replace(" | ", " ") or source.split(";")[0] in texts
    assert "months=9" in texts, "the SVG shows the chart as set, not as first drawn"
    assert "Settings: Doubling time: 9 months; Start from: METR; Frontier only: on." in (
        texts.replace(" | ", " ")
    )


def test_exports_are_headed_by_the_title_and_carry_the_address_of_the_view(reader, chart_keys):
    a, _ = chart_keys
    pw = reader(f"?{a}.months=9")
    meta = pw.page.locator(".explainer-chart-meta").first
    with pw.page.expect_download() as info:
        meta.get_by_role("button", name="Download SVG").click()
    # Not in a numbered figure: named after the page and the chart's place on it.
    assert info.value.suggested_filename == "index-chart-1.svg"
    svg = ET.fromstring(Path(info.value.path()).read_bytes())
    ns = "{http://www.w3.org/2000/svg}"
    header = [t.text for t in svg.find(f"{ns}g[@class='explainer-export-header']")]
    assert header == [
        "Test chart A, a line that follows its sliders",
        "The steeper the line, the shorter the doubling time.",
    ]
    footer = [t.text for t in svg.find(f"{ns}g[@class='explainer-export-footer']")]
    start = next(i for i, line in enumerate(footer) if line.startswith("From\xa0"))
    address = "".join(footer[start:]).removeprefix("From\xa0")
    assert urlsplit(address).path.endswith("/index.html")
    assert parse_qs(urlsplit(address).query)[f"{a}.months"] == ["9"]
    # The title sits above the drawing: the drawing is moved down by the header's height.
    drawing = svg.find(f"{ns}g[@transform]")
    shift = float(re.search(r"translate\(0,([\d.]+)\)", drawing.get("transform")).group(1))
    assert shift > 30
    title_y = float(svg.find(f"{ns}g[@class='explainer-export-header']")[0].get("y"))
    assert title_y < shift


@pytest.mark.parametrize("width", [1280, 390])
def test_title_and_takeaway_sit_above_the_chart(reader, width):
    pw = reader(width=width)
    boxes = pw.page.evaluate(
        """() => Array.from(document.querySelectorAll('.explainer-chart')).map(el => {
      const frame = document.querySelector(`.explainer-chart-frame[data-for="${el.id}"]`);
      const box = (e) => e && e.getBoundingClientRect().toJSON();
      return {chart: box(el), frame: box(frame),
              title: frame && frame.querySelector('.explainer-chart-title').textContent};
    })"""
    )
    first, second = boxes
    assert first["title"] == "Test chart A, a line that follows its sliders"
    assert first["frame"]["height"] > 20 and first["frame"]["width"] <= width
    assert first["frame"]["bottom"] <= first["chart"]["top"] + 0.5
    assert second["frame"] is None  # chart B has no title: nothing is shown for it


def test_dark_mode_swaps_exactly_the_role_colours(reader):
    """In dark mode every colour of a role is its dark value (explainer.style), Vega's own
    defaults come from the neutral roles, and a colour of no role is kept."""
    pw = reader()

    def colours():
        return pw.page.evaluate(
            """() => {
          const el = document.querySelector('.explainer-chart');
          const view = window.explainerViews[el.id];
          const attr = (sel, name) => {
            const node = el.querySelector(sel);
            return node && node.getAttribute(name).toLowerCase();
          };
          return {
            line: attr('.mark-line.role-mark path', 'stroke'),
            text: attr('.mark-text.role-mark text', 'fill'),
            rule: attr('.mark-rule.role-mark line', 'stroke'),
            axisLabel: attr('.role-axis-label text', 'fill'),
            grid: attr('.role-axis-grid line', 'stroke'),
            background: String(view.background()).toLowerCase(),
          };
        }"""
        )

    light = colours()
    assert light["line"] == style.EXPONENTIAL.light.lower()
    assert light["text"] == style.INK.light.lower()
    pw.page.evaluate("document.documentElement.dataset.theme = 'dark'")
    pw.page.wait_for_function(
        "() => document.querySelector('.explainer-chart').dataset.theme === 'dark'"
    )
    pw.page.evaluate("window.explainerChartsReady")
    dark = colours()
    dark_map = style.dark_map()
    assert dark["line"] == dark_map[light["line"]] == style.EXPONENTIAL.dark.lower()
    assert dark["text"] == style.INK.dark.lower()
    assert dark["rule"] == light["rule"] == "#123456"
    assert dark["axisLabel"] == style.INK.dark.lower()
    assert dark["grid"] == style.RULE.dark.lower()
    assert dark["background"] == style.PAPER.dark.lower()
    assert pw.page_errors == [] and pw.console_errors == []


def test_dark_switch_recolours_the_charts_without_a_reload(reader, chart_keys):
    a, _ = chart_keys
    pw = reader(f"?{a}.months=9")
    pw.page.evaluate("window.notReloaded = true")
    label = ".explainer-chart svg .role-axis-label text"
    light = pw.page.locator(label).first.get_attribute("fill")
    # The theme's own switch (auto -> dark with a light system setting).
    while pw.page.evaluate("document.documentElement.dataset.theme") != "dark":
        pw.page.locator(".theme-switch-button").first.click()
    pw.page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.explainer-chart'))"
        ".every(e => e.dataset.theme === 'dark' && e.dataset.rendered === 'true')"
    )
    pw.page.evaluate("window.explainerChartsReady")
    assert pw.page.evaluate("window.notReloaded") is True
    dark = pw.page.locator(label).first.get_attribute("fill")
    assert dark != light
    background = pw.page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert _contrast(dark, background) >= 4.5, (dark, background)
    # The reader's settings survive the redraw, and the controls still drive the chart.
    assert pw.page.evaluate(CHART_STATE)[0]["controls"]["months"]["signal"] == 9
    pw.page.locator(".explainer-chart").first.locator("input[type=range]").fill("3")
    pw.page.wait_for_function(f"() => location.search.includes('{a}.months=3')")
    assert "months=3" in pw.page.evaluate(CHART_STATE)[0]["text"]
    assert pw.page_errors == [] and pw.console_errors == []


def _luminance(colour: str) -> float:
    if colour.startswith("#"):
        h = colour[1:]
        h = "".join(c * 2 for c in h) if len(h) == 3 else h
        rgb = [int(h[i : i + 2], 16) for i in (0, 2, 4)]
    else:
        rgb = [int(x) for x in re.findall(r"\d+", colour)[:3]]
    lin = [(c / 255) / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_print_shows_each_chart_whole_without_buttons(reader):
    pw = reader()
    pw.page.emulate_media(media="print")
    sizes = pw.page.evaluate(
        "Array.from(document.querySelectorAll('.explainer-chart svg'))"
        ".map(s => s.getBoundingClientRect()).map(r => [r.width, r.height])"
    )
    assert len(sizes) == 2 and all(w > 100 and h > 50 for w, h in sizes), sizes
    assert pw.page.locator(".explainer-chart-button").first.is_hidden()
    assert pw.page.locator(".explainer-chart-source").first.is_visible()
    pdf = pw.page.pdf()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_at_phone_width_the_page_and_the_tools_fit(reader):
    pw = reader(width=390)
    assert pw.page.evaluate("document.documentElement.scrollWidth") <= 390
    # Buttons, sliders, and the labels that toggle a checkbox or open a select.
    targets = ".explainer-chart-button, .vega-bindings input[type=range], .vega-bind label"
    for box in pw.page.locator(targets).all():
        rect = box.bounding_box()
        assert rect["x"] >= 0 and rect["x"] + rect["width"] <= 390, rect
        assert rect["height"] >= 36, f"too small a target for a finger: {rect}"


@pytest.mark.parametrize("page_path", toc_pages())
def test_every_csv_link_is_the_file_the_site_serves(watch, page_path):
    pw = watch()
    pw.open(page_path)
    hrefs = pw.page.evaluate(
        "Array.from(document.querySelectorAll('.explainer-chart-data a')).map(a => a.href)"
    )
    for href in hrefs:
        response = pw.page.request.get(href)
        assert response.status == 200, href
        name = urlsplit(href).path.rsplit("/", 1)[-1]
        assert response.body() == (ROOT / "data" / name).read_bytes(), href


# The id of each chart, in the order the loader finished drawing them.
DRAW_ORDER = """
window.__drawn = [];
new MutationObserver(records => {
  for (const r of records) {
    if (r.target.dataset.rendered === 'true' && !window.__drawn.includes(r.target.id)) {
      window.__drawn.push(r.target.id);
    }
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-rendered']});
"""


def _draw_order(browser, site: str, fragment: str = "") -> tuple[list[str], list[str]]:
    # A short window: chart B is below it when the page opens at the top.
    pw = PageWatch(browser, site, 1280, 420)
    try:
        pw.context.add_init_script(DRAW_ORDER)
        pw.open("index.html" + fragment)
        ids = pw.page.evaluate(
            "Array.from(document.querySelectorAll('.explainer-chart')).map(e => e.id)"
        )
        assert pw.page_errors == [] and pw.console_errors == []
        return ids, pw.page.evaluate("window.__drawn")
    finally:
        pw.close()


def test_charts_are_drawn_one_by_one_those_in_the_window_first(browser, reader_site):
    ids, drawn = _draw_order(browser, reader_site)
    assert len(ids) == 2 and drawn == ids  # from the top: in page order
    # A link to chart B (as "Copy link to this view" makes) opens there: B is drawn first.
    ids, drawn = _draw_order(browser, reader_site, "#" + ids[1])
    assert drawn == [ids[1], ids[0]]


def test_a_dragged_slider_writes_the_url_once_it_rests(reader, chart_keys):
    a, _ = chart_keys
    pw = reader()
    during = pw.page.evaluate(
        """async () => {
      window.__writes = 0;
      const replace = history.replaceState.bind(history);
      history.replaceState = (...args) => { window.__writes++; return replace(...args); };
      const el = document.querySelector('.explainer-chart input[type=range]');
      for (let i = 0; i < 20; i++) {  // a drag: one move a frame
        el.value = String(1 + (i % 10));
        el.dispatchEvent(new Event('input', {bubbles: true}));
        await new Promise(r => requestAnimationFrame(r));
      }
      return window.__writes;
    }"""
    )
    # Written once the slider rests, not on each of the 20 moves (a frame stalled past the
    # delay on a slow machine may let one more write through).
    assert during <= 2, during
    pw.page.wait_for_function(f"() => location.search.includes('{a}.months=10')")
    assert pw.page.evaluate("window.__writes") <= during + 1


# A stand-in for explainer-readouts.js (its interface: attach(container, view, readouts) once
# a chart's view exists; textLines(container) for exports), recording how it is called. The
# real module, which the page loads too, cannot replace it (its assignment is ignored).
FAKE_READOUTS = """
window.__attached = [];
const fakeReadouts = {
  attach(container, view, readouts) {
    window.__attached.push({id: container.id, hasView: typeof view.signal === 'function',
                            readouts: readouts === undefined ? 'undefined' : readouts});
  },
  textLines(container) { return ['Readout of ' + container.dataset.key + ': 42 months']; },
};
Object.defineProperty(window, 'ExplainerReadouts', {
  get() { return fakeReadouts; }, set(_) {}, configurable: true,
});
"""


def test_the_loader_calls_the_readouts_module_and_exports_its_lines(reader_site, browser):
    pw = PageWatch(browser, reader_site)
    try:
        pw.context.add_init_script(FAKE_READOUTS)
        pw.open("index.html")
        ids = pw.page.evaluate(
            "Array.from(document.querySelectorAll('.explainer-chart')).map(e => e.id)"
        )
        attached = pw.page.evaluate("window.__attached")
        assert sorted(a["id"] for a in attached) == sorted(ids)
        assert all(a["hasView"] and a["readouts"] == "undefined" for a in attached)
        # A redraw (the theme) makes a new view: attached again.
        pw.page.evaluate("document.documentElement.dataset.theme = 'dark'")
        pw.page.wait_for_function("() => window.__attached.length === 4")
        meta = pw.page.locator(".explainer-chart-meta").first
        with pw.page.expect_download() as info:
            meta.get_by_role("button", name="Download SVG").click()
        svg = ET.fromstring(Path(info.value.path()).read_bytes())
        texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
        key = pw.page.evaluate("document.querySelector('.explainer-chart').dataset.key")
        assert f"Readout of {key}: 42 months" in texts
        assert pw.page_errors == [] and pw.console_errors == []
    finally:
        pw.close()
