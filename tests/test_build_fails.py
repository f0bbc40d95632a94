"""A failing notebook cell fails the build, proved on a throwaway copy of the book's config.

The copy keeps the real `_config.yml`, `explainer/`, `data/` and `references.bib`, and a
table of contents of one page whose second cell raises. If the configuration ever let an
execution error through (allow_errors, raise_on_error), this build would succeed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import NOTEBOOK_HEADER, ROOT, build_book

pytestmark = pytest.mark.slow

PAGE = (
    NOTEBOOK_HEADER
    + """
# A page that breaks

```{code-cell} ipython3
x = 1
```

```{code-cell} ipython3
raise RuntimeError("deliberate failure in a notebook cell")
```
"""
)


def _throwaway_book(tmp_path: Path, page: str) -> Path:
    book = tmp_path / "book"
    book.mkdir()
    for name in ("_config.yml", "references.bib"):
        shutil.copy(ROOT / name, book / name)
    for name in ("explainer", "data"):
        shutil.copytree(ROOT / name, book / name, ignore=shutil.ignore_patterns("__pycache__"))
    (book / "_toc.yml").write_text("format: jb-book\nroot: intro\n")
    (book / "intro.md").write_text(page)
    return book


def test_a_failing_cell_fails_the_build(tmp_path):
    proc = build_book(_throwaway_book(tmp_path, PAGE))
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, f"the build succeeded despite a failing cell:\n{output[-3000:]}"
    assert "deliberate failure in a notebook cell" in output or "RuntimeError" in output


def test_the_same_page_without_the_failure_builds(tmp_path):
    # The control: the throwaway book itself is sound, so the failure above is the cell's.
    page = PAGE.replace('raise RuntimeError("deliberate failure in a notebook cell")', "x + 1")
    proc = build_book(_throwaway_book(tmp_path, page))
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
