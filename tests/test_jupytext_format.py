"""The pages survive JupyterLab: saving a page through jupytext writes back the same bytes.

JupyterLab saves a `.md` notebook through jupytext with the project's `jupytext.toml`, after
the kernel has added its own metadata (kernelspec, language_info, widget state) and JupyterLab
its cell metadata (execution timing, collapsed, scrolled). This test does the same to each
page, in process; tests/test_jupyterlab.py does it in a real JupyterLab.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jupytext
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupytext.config import load_jupytext_config

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([ROOT / "intro.md", *(ROOT / "chapters").glob("*.md")])


def _as_jupyterlab_saves_it(path: Path) -> str:
    config = load_jupytext_config(str(path.parent))
    assert config is not None, "jupytext.toml is not found from the page's folder"
    notebook = jupytext.read(path, config=config)
    spec = KernelSpecManager().get_kernel_spec(notebook.metadata["kernelspec"]["name"])
    notebook.metadata["kernelspec"] = {
        "display_name": spec.display_name,
        "language": spec.language,
        "name": notebook.metadata["kernelspec"]["name"],
    }
    notebook.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    for cell in notebook.cells:
        cell.metadata["execution"] = {"iopub.status.idle": "2026-11-29T09:00:00Z"}
        cell.metadata["scrolled"] = True
    return jupytext.writes(notebook, fmt="md:myst", config=config)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_saving_in_jupyterlab_leaves_the_page_byte_identical(path):
    assert _as_jupyterlab_saves_it(path) == path.read_text(encoding="utf-8"), (
        f"{path.name} is not in the form jupytext writes: run `make format` and commit"
    )


def test_jupyterlab_opens_chapters_as_notebooks_from_project_settings():
    overrides = json.loads((ROOT / "lab-settings" / "overrides.json").read_text())
    viewers = overrides["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["markdown"] == "Jupytext Notebook"
    assert viewers["myst"] == "Jupytext Notebook"


def test_ipynb_copies_beside_pages_are_ignored_by_git_and_the_build():
    copy = ROOT / "chapters" / "scratch-copy.ipynb"
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", "-q", str(copy)], cwd=ROOT, check=False
    )
    assert ignored.returncode == 0, ".ipynb beside a chapter is not ignored by git"
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert "**.ipynb" in config["exclude_patterns"]
