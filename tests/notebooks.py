"""Run a page as a plain notebook (jupytext + nbclient) and read back what it glued.

Used by the chapter tests: each page must run top to bottom outside the book build, with its
ipywidgets panels constructed, and every number it glues into the prose is checked against
a value the test computes from the data itself.
"""

from __future__ import annotations

import functools
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


@functools.cache
def run_page(relative_path: str) -> nbformat.NotebookNode:
    """Execute a page (e.g. 'chapters/scenarios.md') in a fresh kernel; cached per session."""
    path = ROOT / relative_path
    notebook = jupytext.read(path)
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        allow_errors=False,
    )
    client.execute()
    return notebook


def glued(notebook: nbformat.NotebookNode) -> dict[str, str]:
    """Every value the notebook glued with myst-nb's `glue`, as its text/plain form."""
    values: dict[str, str] = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook", {})
            if record.get("name"):
                # glue(display=False) stores the value under a prefixed MIME type.
                prefix = record.get("mime_prefix", "")
                values[record["name"]] = output["data"][f"{prefix}text/plain"]
    return values
