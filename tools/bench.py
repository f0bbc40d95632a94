"""Benchmark what readers and authors feel: build times, page weight, first chart, slider redraw.

Run `make bench` (or `.venv/bin/python tools/bench.py`); `--readme` also writes the table into
README.md's closing "## Performance" section. One run on this machine prints one Markdown table:

- builds, in a fresh copy of the repository in a temporary directory (the working tree's
  `_build` and its execution cache are never touched): a cold build; a rebuild with nothing
  changed; a rebuild after one chapter changes (a hidden code cell is appended to the copy of
  the first chapter with code, so that page's execution cache misses and it re-executes);
- for every page of `_toc.yml`, served from a local HTTP server and opened in headless Chromium
  with an empty cache: the bytes a first visit downloads, as served (raw) and as a static host
  serves them (text types gzip-compressed at level 6, other files as they are); the bytes a
  visit after another page downloads (the files the earlier visit did not fetch: a browser
  cache simulated by the difference of the two visits' URL sets; the landing page counts
  after the first chapter, every other page after the landing page); and the time from
  navigation start to the first chart drawn (`performance.now()` when the first
  `.explainer-chart` gets `data-rendered="true"`, seen by a MutationObserver installed before
  any page script runs; the median of five cold visits, since on a shared machine one visit
  can take half as long again as the next);
- for every control Vega-Lite binds to a param (every `input`/`select` under `.vega-bindings`
  on every page, found in the DOM): 50 value changes, each timed in the browser from the
  moment the value is set and its event dispatched (`input` for a range, `change` for a
  checkbox, select or radio, the events Vega listens to) until `view.runAsync()` resolves
  (the view from `window.explainerViews`), i.e. the dataflow has run and the SVG is redrawn;
- a reference: a minimal Jupyter Book 1 book with the default configuration and one page
  holding one default Altair chart, built in a temporary directory; its chart loads
  vega, vega-lite and vega-embed from a CDN, and here those three addresses are pointed at
  files in the reference's own site (vl-convert's whole bundle, Vega, Vega-Lite and
  vega-embed built locally, in one IIFE, for vega; empty scripts for the other two, which
  the bundle already defines), so that its runtime is served by the same local server, the
  same way, as the book's. Any other off-site request it makes is blocked and listed.
  Each cold visit to a page is followed by a cold visit to the reference, and a page's first
  chart is compared with the median of the reference visits made alternately with its own:
  on a shared machine the load drifts over a run, and alternating puts the drift on both.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import re
import shutil
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, build_book, jupyter_book, toc_pages  # noqa: E402

# The goals the issue sets.
GOAL_P95_MS = 16.0
GOAL_FIRST_CHART_MS = 1000.0
# Only the runtime a page needs: a first visit at most 400 KB gzip-compressed, the first chart
# drawn in at most half the reference page's time (measured in the same run).
GOAL_FIRST_VISIT_GZIP = 400 * 1024
GOAL_FIRST_CHART_SHARE_OF_REFERENCE = 0.5
GOAL_LATER_VISIT_GZIP = 100 * 1024
GOAL_REBUILD_SHARE = 0.25
MOVES = 50
COLD_VISITS = 5
# What a static host compresses: text, not images or fonts that are compressed already.
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")
TEXT_TYPES += ("application/xml", "application/x-javascript", "application/ecmascript")
COPY_IGNORE = shutil.ignore_patterns(
    "_build", ".venv", ".git", ".pytest_cache", ".hypothesis", ".ruff_cache", "node_modules"
)
HIDDEN_CELL = """

```{code-cell} ipython3
:tags: [remove-cell]
# Added by tools/bench.py to a throwaway copy: a changed cell makes this page re-execute.
_bench_marker = 1
```
"""

FIRST_CHART_OBSERVER = """
(() => {
  window.__benchFirstChart = null;
  const selector = %s;
  const check = () => {
    if (window.__benchFirstChart === null && document.querySelector(selector)) {
      window.__benchFirstChart = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, {subtree: true, childList: true, attributes: true,
                              attributeFilter: ['data-rendered', 'class']});
})();
"""
OUR_CHART = ".explainer-chart[data-rendered='true']"
# Altair's default renderer: vega-embed adds the class and the view a `.marks` canvas or SVG.
DEFAULT_CHART = ".vega-embed .marks"

# Every Vega-bound control on a page, one entry per control (a radio group is one control).
LIST_CONTROLS = """
() => {
  const out = [];
  const seen = new Set();
  document.querySelectorAll('.vega-bindings input, .vega-bindings select').forEach(el => {
    const chart = el.closest('.explainer-chart');
    const key = (chart ? chart.id : '?') + '/' + el.name;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({chart: chart ? chart.id : null, name: el.name,
              type: el.tagName === 'SELECT' ? 'select' : el.type});
  });
  return out;
}
"""
# Move one control `moves` times; return each move's time in ms.
MOVE_CONTROL = """
async ({chart, name, type, moves}) => {
  const root = document.getElementById(chart);
  const view = window.explainerViews[chart];
  if (!view) throw new Error('no view for chart ' + chart);
  const els = Array.from(root.querySelectorAll('.vega-bindings [name="' + name + '"]'));
  const el = els[0];
  const times = [];
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));
  for (let i = 0; i < moves; i++) {
    let target = el, event = 'change';
    if (type === 'range') {
      const min = +el.min, max = +el.max, step = el.step === 'any' ? 0 : +el.step || 0;
      let v = min + (max - min) * ((i * 17) % moves) / (moves - 1);
      if (step > 0) v = min + Math.round((v - min) / step) * step;
      if (+el.value === v) v = (v === max) ? min : max;
      event = 'input';
      await frame();
      const t0 = performance.now();
      el.value = String(v);
      el.dispatchEvent(new Event(event, {bubbles: true}));
      await view.runAsync();
      times.push(performance.now() - t0);
      continue;
    }
    await frame();
    let t0;
    if (type === 'checkbox') {
      t0 = performance.now();
      el.checked = !el.checked;
    } else if (type === 'select') {
      t0 = performance.now();
      el.selectedIndex = (el.selectedIndex + 1) % el.options.length;
    } else if (type === 'radio') {
      const next = els[(els.findIndex(e => e.checked) + 1) % els.length];
      target = next;
      t0 = performance.now();
      next.checked = true;
    } else {
      // Any other <input> Vega binds (text, number, date, color...) listens to `input`.
      event = 'input';
      t0 = performance.now();
      el.value = el.type === 'number' ? String(i) : String(i % 2 ? 'a' : 'b');
    }
    target.dispatchEvent(new Event(event, {bubbles: true}));
    await view.runAsync();
    times.push(performance.now() - t0);
  }
  return times;
}
"""


# --- builds -------------------------------------------------------------------------------


def timed_build(source: Path) -> float:
    start = time.perf_counter()
    proc = build_book(source)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"build of {source} failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
    return elapsed


def chapter_to_change(copy: Path) -> Path:
    """The first page after the landing page (in _toc.yml order) that has a code cell."""
    for html in toc_pages(copy / "_toc.yml")[1:] + toc_pages(copy / "_toc.yml")[:1]:
        page = copy / html.replace(".html", ".md")
        if page.is_file() and "```{code-cell}" in page.read_text():
            return page
    sys.exit("no page of _toc.yml has a code cell to change")


def measure_builds(work: Path) -> tuple[dict[str, float], Path, str]:
    copy = work / "book"
    shutil.copytree(ROOT, copy, ignore=COPY_IGNORE)
    times = {"cold": timed_build(copy), "noop": timed_build(copy)}
    page = chapter_to_change(copy)
    page.write_text(page.read_text() + HIDDEN_CELL)
    times["one_chapter"] = timed_build(copy)
    return times, copy / "_build" / "html", str(page.relative_to(copy))


def build_reference(work: Path) -> Path:
    """A minimal Jupyter Book 1 book, default configuration, one page with one Altair chart."""
    book = work / "reference"
    book.mkdir()
    (book / "_config.yml").write_text("title: Reference\n")
    (book / "_toc.yml").write_text("format: jb-book\nroot: index\n")
    (book / "index.md").write_text(
        "---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n"
        "kernelspec:\n  display_name: Python 3\n  language: python\n  name: python3\n---\n\n"
        "# Reference\n\nOne default Altair chart.\n\n"
        "```{code-cell} ipython3\nimport altair as alt\nimport pandas as pd\n\n"
        'data = pd.DataFrame({"x": range(20), "y": [v * v for v in range(20)]})\n'
        'alt.Chart(data).mark_line(point=True).encode(x="x", y="y")\n```\n'
    )
    proc = subprocess.run(
        [jupyter_book(), "build", str(book)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    if proc.returncode != 0:
        sys.exit(f"reference build failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
    site = book / "_build" / "html"
    serve_runtime_locally(site)
    return site


# The CDN addresses the reference page loads its runtime from, and the local files that stand
# in for them: vl-convert's whole bundle (Vega, Vega-Lite, vega-embed) for Vega, in an IIFE as
# a site would serve it, and an empty script for the other two, which the bundle defines.
REFERENCE_RUNTIME = {
    "https://cdn.jsdelivr.net/npm/vega@": "_static/vega-bundle.js",
    "https://cdn.jsdelivr.net/npm/vega-lite@": "_static/in-vega-bundle.js",
    "https://cdn.jsdelivr.net/npm/vega-embed@": "_static/in-vega-bundle.js",
}


def serve_runtime_locally(site: Path) -> None:
    """Point the reference page's runtime at files in its own site, so that it is served by the
    same local server as the book's pages (the book serves its runtime from its own site)."""
    import vl_convert

    (site / "_static" / "vega-bundle.js").write_text(
        f"(function () {{\n{vl_convert.javascript_bundle()}\n}})();\n"
    )
    (site / "_static" / "in-vega-bundle.js").write_text("/* defined by vega-bundle.js */\n")
    page = site / "index.html"
    html = page.read_text()
    for prefix, local in REFERENCE_RUNTIME.items():
        html, n = re.subn(re.escape(prefix) + r'[^"\']*', local, html)
        if n != 1:
            sys.exit(f"reference page: expected one address starting {prefix}, found {n}")
    page.write_text(html)


# --- browser ------------------------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(directory))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Visit:
    files: dict[str, tuple[int, int]] = field(default_factory=dict)  # url -> (raw, gzip)
    first_chart_ms: float | None = None
    offsite: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def raw(self) -> int:
        return sum(r for r, _ in self.files.values())

    @property
    def gz(self) -> int:
        return sum(g for _, g in self.files.values())

    def after(self, earlier: Visit) -> int:
        """gzip bytes of the files this visit fetched that `earlier` had not."""
        return sum(g for url, (_, g) in self.files.items() if url not in earlier.files)


def _sizes(body: bytes, content_type: str) -> tuple[int, int]:
    compressible = content_type.split(";")[0].strip().lower().startswith(TEXT_TYPES)
    return len(body), len(gzip.compress(body, compresslevel=6)) if compressible else len(body)


def visit(browser, base: str, path: str, selector: str):
    """Open one page in a fresh context (empty cache); record every response and the first chart."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(FIRST_CHART_OBSERVER % json.dumps(selector))
    result = Visit()

    def route(r):
        url = r.request.url
        if url.startswith(base + "/") or url.startswith(("data:", "blob:")):
            return r.continue_()
        result.offsite.append(url)
        return r.abort()

    def on_response(response):
        if response.url.startswith(("data:", "blob:")):
            return
        try:
            body = response.body()
        except Exception:  # a redirect or an aborted request has no body
            return
        result.files[response.url] = _sizes(body, response.headers.get("content-type", ""))

    context.route("**/*", route)
    page = context.new_page()
    page.on("response", on_response)
    page.on("pageerror", lambda e: result.errors.append(str(e)))
    page.goto(f"{base}/{path}", wait_until="load")
    has_chart = page.evaluate(
        "() => !!document.querySelector('.explainer-chart, .vega-embed, [id^=altair-viz]')"
    )
    if has_chart:
        try:
            page.wait_for_function("() => window.__benchFirstChart !== null", timeout=20_000)
            result.first_chart_ms = page.evaluate("window.__benchFirstChart")
        except Exception as error:
            result.errors.append(f"no chart drawn within 20 s: {error}")
    page.wait_for_load_state("networkidle")
    return context, page, result


def measure_pages(
    browser, base: str, pages: list[str], reference
) -> tuple[dict[str, list[Visit]], dict[str, list[Visit]]]:
    """Cold visits to each page, each followed by a cold visit to the reference page
    (``reference()`` makes one): a page is compared with reference visits made alternately
    with its own, so a change in the machine's load falls on both alike."""
    out, paired = {}, {}
    for path in pages:
        out[path], paired[path] = [], []
        for _ in range(COLD_VISITS):
            context, _, ours = visit(browser, base, path, OUR_CHART)
            context.close()
            context, _, theirs = reference()
            context.close()
            out[path].append(ours)
            paired[path].append(theirs)
    return out, paired


def measure_controls(browser, base: str, pages: list[str]) -> list[dict]:
    rows = []
    for path in pages:
        context, page, _ = visit(browser, base, path, OUR_CHART)
        page.evaluate("() => window.explainerChartsReady")
        for control in page.evaluate(LIST_CONTROLS):
            if control["chart"] is None:
                continue
            times = page.evaluate(MOVE_CONTROL, {**control, "moves": MOVES})
            rows.append({"page": path, **control, "times": times})
        context.close()
    return rows


def p95(values: list[float]) -> float:
    return (
        statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]
    )


# --- the table ----------------------------------------------------------------------------


def kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB"


def ms(x: float | None) -> str:
    return "–" if x is None else f"{x:,.0f} ms"


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def _median_first_chart(visits: list[Visit]) -> float | None:
    times = [x.first_chart_ms for x in visits if x.first_chart_ms is not None]
    return statistics.median(times) if times else None


def render(builds, changed, pages, controls, paired, largest) -> str:
    lines = ["| Measure | Result | Goal | |", "| --- | ---: | --- | --- |"]
    share = builds["noop"] / builds["cold"]
    lines += [
        f"| Cold build | {builds['cold']:.1f} s | | |",
        f"| Rebuild, nothing changed | {builds['noop']:.1f} s ({share:.0%} of cold) "
        f"| ≤ 25% of cold | {verdict(share <= GOAL_REBUILD_SHARE)} |",
        f"| Rebuild after one chapter changes (`{changed}`) | {builds['one_chapter']:.1f} s | | |",
    ]
    reference = [v for visits in paired.values() for v in visits]
    landing = pages[next(iter(pages))][0]
    second = pages[list(pages)[1]][0] if len(pages) > 1 else landing
    for path, visits in pages.items():
        v = visits[0]
        warm = v.after(second if v is landing else landing)
        first = _median_first_chart(visits)
        ref_first = _median_first_chart(paired[path])
        lines.append(
            f"| `{path}` first visit: raw / gzip | {kb(v.raw)} / {kb(v.gz)} | ≤ 400 KB gzip "
            f"| {verdict(v.gz <= GOAL_FIRST_VISIT_GZIP)} |"
        )
        lines.append(
            f"| `{path}` after another page (gzip) | {kb(warm)} | ≤ 100 KB "
            f"| {verdict(warm <= GOAL_LATER_VISIT_GZIP)} |"
        )
        if first is not None:
            lines.append(
                f"| `{path}` first chart drawn | {ms(first)} | ≤ 1 s "
                f"| {verdict(first <= GOAL_FIRST_CHART_MS)} |"
            )
            if ref_first is not None:
                lines.append(
                    f"| `{path}` first chart drawn, against the reference's {ms(ref_first)} "
                    f"(visited alternately) | {first / ref_first:.0%} | ≤ 50% "
                    f"| {verdict(first <= ref_first * GOAL_FIRST_CHART_SHARE_OF_REFERENCE)} |"
                )
    if not controls:
        lines.append("| Slider redraw | no Vega-bound control on the site yet | p95 ≤ 16 ms | – |")
    for c in controls:
        med, high = statistics.median(c["times"]), p95(c["times"])
        lines.append(
            f"| `{c['page']}` {c['type']} `{c['name']}`: redraw median / p95 ({len(c['times'])} "
            f"moves) | {med:.1f} / {high:.1f} ms | p95 ≤ 16 ms | {verdict(high <= GOAL_P95_MS)} |"
        )
    r = reference[0]
    lines += [
        f"| Reference (default Jupyter Book 1 page, one Altair chart, runtime local): raw / gzip "
        f"| {kb(r.raw)} / {kb(r.gz)} | | |",
        f"| Reference first chart drawn (all its visits) | {ms(_median_first_chart(reference))} "
        "| | |",
    ]
    out = "\n".join(lines)
    out += "\n\nLargest files of a first visit to the landing page (gzip): " + ", ".join(
        f"`{name}` {kb(size)}" for name, size in largest
    )
    out += "\n\nLargest files of the reference page (gzip): " + ", ".join(
        f"`{name}` {kb(size)}" for name, size in reference_largest(reference[0])
    )
    return out


def reference_largest(v: Visit, n: int = 5) -> list[tuple[str, int]]:
    ranked = sorted(v.files.items(), key=lambda kv: -kv[1][1])[:n]
    return [(url.split("?")[0].rsplit("/", 1)[-1], size[1]) for url, size in ranked]


def write_readme(section: str) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text()
    heading = "\n## Performance\n"
    if heading in text:
        text = text[: text.index(heading)]
    readme.write_text(text.rstrip("\n") + "\n" + heading + "\n" + section.rstrip("\n") + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--readme", action="store_true", help="write the table into README.md")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="explainer-bench-") as tmp:
        work = Path(tmp)
        print("building (cold, no change, one chapter changed)...", file=sys.stderr)
        builds, site, changed = measure_builds(work)
        print("building the reference book...", file=sys.stderr)
        reference_site = build_reference(work)
        pages = toc_pages(ROOT / "_toc.yml")
        print("measuring in Chromium...", file=sys.stderr)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            with serve(site) as base, serve(reference_site) as reference_base:
                # A throwaway visit, so the browser's own start-up is not charged to a page.
                visit(browser, base, pages[0], OUR_CHART)[0].close()
                page_visits, paired = measure_pages(
                    browser,
                    base,
                    pages,
                    lambda: visit(browser, reference_base, "index.html", DEFAULT_CHART),
                )
                controls = measure_controls(browser, base, pages)
            browser.close()
    for path, visits in page_visits.items():
        for v in visits[:1]:
            if v.offsite or v.errors:
                print(f"warning: {path}: off-site {v.offsite}, errors {v.errors}", file=sys.stderr)
    reference = paired[pages[0]][0]
    if reference.offsite or reference.errors:
        print(
            f"reference: off-site {reference.offsite}, errors {reference.errors}", file=sys.stderr
        )
    largest = reference_largest(page_visits[pages[0]][0])
    table = render(builds, changed, page_visits, controls, paired, largest)
    stamp = time.strftime("%Y-%m-%d")
    section = (
        f"Measured by `make bench` (tools/bench.py) on {stamp}, one run on a 2-core machine; "
        "page weights as a static host serves them (text gzip-compressed), times from a local "
        "server in headless Chromium.\n\n" + table
    )
    print(section)
    if args.readme:
        write_readme(section)
        print("\n(written to README.md, section 'Performance')", file=sys.stderr)


if __name__ == "__main__":
    main()
