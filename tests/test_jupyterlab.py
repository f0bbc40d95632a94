"""The notebook route as a reader meets it: the chapters in a real JupyterLab, with no network.

JupyterLab starts from the project's venv with the project's settings (`tools/lab.py`, the
command `make lab` runs) on 127.0.0.1; headless Chromium opens a chapter the way a
double-click does (the default viewer for `.md`), runs all cells and checks: no error output,
every chart cell holds a drawn Vega view, no request to any host but 127.0.0.1 (each is
aborted and recorded), a panel's slider moved with the keyboard changes the panel's output,
and saving leaves the chapter's `.md` byte-identical.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import jupytext
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.conftest import CHROMIUM, ROOT
from tools.lab import lab_command

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LAB_PORT = int(os.environ.get("EXPLAINER_LAB_PORT", "8884"))
CHAPTERS = ["chapters/scenarios.md", "chapters/benchmarks.md"]
# A code cell that draws a chart: `charts.<name>_chart(...)`; the projection panel's chart is
# checked with its slider.
CHART_CELL = re.compile(r"^\s*charts\.\w+_chart\(", re.M)
GLUE_NAME = re.compile(r"\{glue:text\}`([A-Za-z0-9_]+)")
PANEL_CELL = re.compile(r"^\s*panels\.\w+_panel\(", re.M)
SCREENSHOTS = Path(os.environ.get("EXPLAINER_SCREENSHOTS", ROOT / "_build" / "screenshots"))


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory) -> Iterator[str]:
    pytest.importorskip("jupyterlab", reason="requirements-lab.txt is not installed")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    if not _port_free(LAB_PORT):
        pytest.fail(f"port {LAB_PORT} is taken: set EXPLAINER_LAB_PORT")
    home = tmp_path_factory.mktemp("lab-home")
    token = secrets.token_hex(16)
    env = {
        **os.environ,
        # Nothing from the reader's home: settings, workspaces and runtime files are fresh.
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "user-settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "JUPYTER_CONFIG_DIR": str(home / "config"),
    }
    env.pop("EXPLAINER_RENDERER", None)
    # Keep every cell in the page (JupyterLab detaches cells scrolled out of view), so the test
    # can read any cell's output; what a cell draws is the same.
    tracker = home / "user-settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    command = lab_command(
        LAB_PORT, open_browser=False, extra=(f"--IdentityProvider.token={token}",)
    )
    command[0] = sys.executable
    log = (home / "lab.log").open("w")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{LAB_PORT}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not start:\n" + (home / "lab.log").read_text())
                time.sleep(0.5)
        # A workspace of its own per page (`{workspace}`), reset: JupyterLab would otherwise
        # reopen the notebooks an earlier page had open.
        yield f"{base}/lab/workspaces/{{workspace}}/tree/{{path}}?reset&token={token}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="module")
def lab_browser(browser):
    """The suite's one Chromium (conftest): Playwright's sync API runs one instance per
    process, so a second `sync_playwright()` beside it would fail."""
    return browser


def _run_all(page) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    # If the kernel is still starting, JupyterLab asks which kernel to use: the reader (and the
    # test) takes the one the chapter names, which the dialog preselects.
    dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
    try:
        dialog.wait_for(timeout=3000)
        dialog.locator(".jp-mod-accept").click()
    except PlaywrightTimeoutError:
        pass
    # Done when every code cell has an execution count and the kernel is idle.
    try:
        _wait_for_all_cells_run(page)
    except Exception:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "jupyterlab-run-all-failed.png"))
        raise


def _wait_for_all_cells_run(page) -> None:
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll(
                '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
        timeout=240_000,
    )


def _open_chapter(context, url_template: str, chapter: str):
    page = context.new_page()
    page.goto(url_template.format(path=chapter, workspace=f"test-{secrets.token_hex(4)}"))
    # The project's settings make `.md` open as a notebook (as a double-click does).
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-CodeCell", timeout=120_000)
    page.get_by_text(re.compile(r"Python 3.*\| Idle")).first.wait_for(timeout=120_000)
    return page


class _RanChapter:
    """A chapter opened as a notebook in a fresh browser context, with every cell run."""

    def __init__(self, lab_browser, url_template: str, chapter: str):
        self.path = ROOT / chapter
        self.before = self.path.read_bytes()
        self.off_site: list[str] = []
        self.context = lab_browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.route("**/*", self._block_off_site)
        self.page = _open_chapter(self.context, url_template, chapter)
        _run_all(self.page)
        self.cells = self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell.jp-CodeCell")
        # The cells' sources from the chapter itself (the editors render lazily, off screen).
        self.sources = [c.source for c in jupytext.read(self.path).cells if c.cell_type == "code"]
        assert self.cells.count() == len(self.sources)

    def _block_off_site(self, route) -> None:
        if urlparse(route.request.url).hostname in ("127.0.0.1", None):
            route.continue_()
        else:
            self.off_site.append(route.request.url)
            route.abort()

    def output(self, index: int):
        return self.cells.nth(index).locator(".jp-Cell-outputArea")

    def close(self) -> None:
        if self.path.read_bytes() != self.before:  # never leave a chapter changed by a test
            shutil.copyfile(self.path, self.path.with_suffix(".saved-by-jupyterlab.txt"))
            self.path.write_bytes(self.before)
        self.context.close()


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_runs_offline_in_jupyterlab_and_saves_unchanged(jupyterlab, lab_browser, chapter):
    ran = _RanChapter(lab_browser, jupyterlab, chapter)
    try:
        page = ran.page
        chart_cells = [i for i, source in enumerate(ran.sources) if CHART_CELL.search(source)]
        assert chart_cells, f"no chart cell found in {chapter}"
        for index in chart_cells:
            output = ran.output(index)
            output.scroll_into_view_if_needed()
            drawn = output.locator(".vega-embed svg, .vega-embed canvas")
            drawn.first.wait_for(state="attached", timeout=60_000)
        errors = page.locator(
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'], "
            ".jp-RenderedJavaScript, .jp-OutputArea-output .lm-Widget.jp-RenderedText.jp-mod-error"
        )
        assert errors.count() == 0, [errors.nth(i).inner_text() for i in range(errors.count())]
        assert not page.get_by_text("Failed to initialize model").count()
        assert not page.get_by_text("Click to show javascript error").count()

        # The prose shows `{glue:text}` roles: the first cell's table gives every name's value.
        ran.cells.nth(0).scroll_into_view_if_needed()
        table = ran.output(0).locator(".explainer-numbers")
        try:
            table.wait_for(state="attached", timeout=30_000)
        except PlaywrightTimeoutError:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"jupyterlab-{Path(chapter).stem}-no-table.png"))
            raise
        table.scroll_into_view_if_needed()
        shown = set(
            table.evaluate(
                "t => [...t.querySelectorAll('tbody tr td:first-child')].map(c => c.textContent)"
            )
        )
        used = set(GLUE_NAME.findall(ran.path.read_text(encoding="utf-8")))
        assert used and used <= shown, f"names in the prose missing from the table: {used - shown}"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        table.screenshot(path=str(SCREENSHOTS / f"jupyterlab-{Path(chapter).stem}-numbers.png"))

        mtime = ran.path.stat().st_mtime_ns
        page.keyboard.press("Control+s")
        deadline = time.monotonic() + 30  # jupytext writes the file even when nothing changed
        while ran.path.stat().st_mtime_ns == mtime and time.monotonic() < deadline:
            page.wait_for_timeout(250)
        assert ran.path.stat().st_mtime_ns != mtime, "JupyterLab did not save the chapter"
        page.wait_for_timeout(500)
        assert ran.path.read_bytes() == ran.before, f"saving in JupyterLab changed {chapter}"
        assert ran.off_site == [], f"requests to other hosts: {ran.off_site[:5]}"
    finally:
        ran.close()


@pytest.fixture(scope="module")
def moved_panel(jupyterlab, lab_browser) -> Iterator[dict]:
    """The scenarios chapter's first ipywidgets panel, before and after three ArrowRight presses
    on its first slider (screenshots of both go to _build/screenshots/)."""
    ran = _RanChapter(lab_browser, jupyterlab, "chapters/scenarios.md")
    try:
        page = ran.page
        panels = [i for i, source in enumerate(ran.sources) if PANEL_CELL.search(source)]
        assert panels, "the scenarios chapter has no ipywidgets panel"
        panel = ran.output(panels[0])
        handle = panel.locator(".widget-slider .noUi-handle").first
        handle.scroll_into_view_if_needed()
        panel.locator(".vega-embed svg, .vega-embed canvas").first.wait_for(timeout=60_000)
        page.wait_for_timeout(1500)  # let the chart finish drawing before the screenshot
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        panel.screenshot(path=str(SCREENSHOTS / "jupyterlab-scenarios-panel-before.png"))
        text_before = panel.inner_text()
        chart_before = panel.locator(".vega-embed").first.inner_html()
        handle.focus()
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        page.wait_for_function(  # the kernel recomputes; the panel redraws
            "([el, text]) => el.innerText !== text && el.querySelector('.vega-embed svg')",
            arg=[panel.element_handle(), text_before],
            timeout=15_000,
        )
        page.wait_for_timeout(1000)
        panel.screenshot(path=str(SCREENSHOTS / "jupyterlab-scenarios-panel-after.png"))
        charts_after = panel.locator(".vega-embed")
        yield {
            "text_changed": panel.inner_text() != text_before,
            "chart_changed": charts_after.count() > 0
            and charts_after.first.inner_html() != chart_before,
            "charts_drawn_after": panel.locator(".vega-embed svg, .vega-embed canvas").count(),
            "off_site": list(ran.off_site),
        }
    finally:
        ran.close()


def test_moving_a_panel_slider_with_the_keyboard_changes_its_output(moved_panel):
    assert moved_panel["text_changed"] or moved_panel["chart_changed"]
    assert moved_panel["off_site"] == []


def test_the_panel_chart_is_still_drawn_after_the_slider_moves(moved_panel):
    assert moved_panel["charts_drawn_after"] > 0
