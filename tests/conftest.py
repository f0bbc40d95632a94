"""Shared fixtures: the built site (built once per test session), a local server, a browser.

The browser fixtures follow the project's guide: Debian's Chromium driven by Playwright for
Python, with the flags that keep it from reaching the network on its own.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socketserver
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
# Where the session's build goes: the normal `_build/` (so `make test` reuses `make html`'s
# cache), or under $EXPLAINER_BUILD_DIR, e.g. to keep two checkouts' builds apart.
BUILD_PARENT = Path(os.environ.get("EXPLAINER_BUILD_DIR") or ROOT)
BUILD_HTML = BUILD_PARENT / "_build" / "html"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BUILD_FLAGS = ["-n", "-W", "--keep-going"]
# The jupytext header that makes a .md file a MyST notebook (for throwaway test books).
NOTEBOOK_HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def jupyter_book() -> str:
    """The jupyter-book executable of the environment running the tests."""
    exe = Path(sys.executable).with_name("jupyter-book")
    return str(exe) if exe.exists() else "jupyter-book"


def build_book(source: Path, *extra: str) -> subprocess.CompletedProcess:
    """Run the book build exactly as `make html` does; return the finished process."""
    return subprocess.run(
        [jupyter_book(), "build", str(source), *BUILD_FLAGS, *extra],
        capture_output=True,
        text=True,
        timeout=1800,
    )


def toc_pages(toc_path: Path = ROOT / "_toc.yml") -> list[str]:
    """Every page of `_toc.yml` as its built HTML path, root first ('chapters/scenarios.html')."""
    toc = yaml.safe_load(toc_path.read_text())
    pages = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                pages.append(entry["file"])
            for key in ("chapters", "sections", "parts"):
                walk(entry.get(key, []))

    walk(toc.get("parts", []) + toc.get("chapters", []))
    return [f"{p.removesuffix('.md').removesuffix('.ipynb')}.html" for p in pages]


@pytest.fixture(scope="session")
def built_site() -> Path:
    """Build the book once per session (incremental and cached, as `make html`)."""
    extra = [] if BUILD_PARENT == ROOT else ["--path-output", str(BUILD_PARENT)]
    proc = build_book(ROOT, *extra)
    if proc.returncode != 0:
        pytest.fail(
            f"The book build failed (exit {proc.returncode}).\n"
            f"--- stdout (tail) ---\n{proc.stdout[-6000:]}\n"
            f"--- stderr (tail) ---\n{proc.stderr[-6000:]}"
        )
    assert (BUILD_HTML / "index.html").is_file()
    return BUILD_HTML


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # the test output is for failures, not access logs
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1 (a free port)."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium; if missing the suite fails, not skips (`make test` installs it)."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail("Chromium is missing: `make test` installs Debian's chromium package.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class PageWatch:
    """A page opened with every request to another host blocked and recorded, and every
    console error and page error recorded."""

    def __init__(self, browser, base_url: str, width: int = 1280, height: int = 900):
        self.base_url = base_url
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.offsite: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page.on(
            "console",
            lambda msg: self.console_errors.append(msg.text) if msg.type == "error" else None,
        )
        self.page.on("pageerror", lambda err: self.page_errors.append(str(err)))

    def _route(self, route) -> None:
        url = route.request.url
        if (
            url.startswith(self.base_url + "/")
            or url.startswith("data:")
            or url.startswith("blob:")
        ):
            route.continue_()
        else:
            self.offsite.append(url)
            route.abort()

    def open(self, path: str) -> None:
        self.page.goto(f"{self.base_url}/{path}", wait_until="load")
        # The chart loader sets window.explainerChartsReady once every chart is embedded.
        self.page.wait_for_function(
            "() => !document.querySelector('.explainer-chart') || window.explainerChartsReady",
            timeout=20_000,
        )
        self.page.evaluate("() => window.explainerChartsReady && window.explainerChartsReady")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watch(browser, site_url):
    """Open pages of the built site in a fresh browser context (see `PageWatch`)."""
    opened: list[PageWatch] = []

    def make(width: int = 1280, height: int = 900) -> PageWatch:
        pw = PageWatch(browser, site_url, width, height)
        opened.append(pw)
        return pw

    yield make
    for pw in opened:
        pw.close()
