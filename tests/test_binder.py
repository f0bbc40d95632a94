"""The Binder configuration, read the way repo2docker reads it (without Docker).

repo2docker looks in `binder/` first and, when that folder exists, ignores configuration at
the root (so `pyproject.toml`'s `requires-python` is not seen). Its Python buildpack takes the
version from `runtime.txt` (`python-X.Y`), installs `requirements.txt` with pip from the
repository root (a `-r` path is relative to the requirements file), then runs `postBuild` from
the repository root. These tests parse those inputs as it does.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"


def _requirement_lines(path: Path) -> list[str]:
    """Every requirement of a pip requirements file, following `-r` as pip does."""
    lines: list[str] = []
    for raw in path.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-r"):
            lines += _requirement_lines((path.parent / line[2:].strip()).resolve())
        else:
            lines.append(line)
    return lines


def test_binder_python_is_the_one_the_project_requires():
    match = re.fullmatch(r"python-(\d+)\.(\d+)", (BINDER / "runtime.txt").read_text().strip())
    assert match, "runtime.txt must read python-X.Y (repo2docker's form)"
    binder_python = (int(match[1]), int(match[2]))
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    minimum = tuple(int(part) for part in re.search(r">=\s*(\d+)\.(\d+)", requires).groups())
    assert binder_python >= minimum
    assert binder_python == (3, 11), "the pins in requirements.txt are made for Python 3.11"


def test_binder_installs_the_book_and_jupyterlab_pins():
    names = {
        re.split(r"[=<>~!\[ ]", line, maxsplit=1)[0].lower()
        for line in _requirement_lines(BINDER / "requirements.txt")
    }
    for needed in ("jupyter-book", "altair", "ipywidgets", "jupytext", "jupyterlab", "anywidget"):
        assert needed in names, f"binder/requirements.txt does not install {needed}"


def test_binder_post_build_installs_the_package_and_the_lab_settings():
    post_build = BINDER / "postBuild"
    assert os.access(post_build, os.X_OK), "repo2docker runs postBuild only if it is executable"
    text = post_build.read_text()
    assert text.startswith("#!"), "repo2docker runs postBuild as a script: it needs a shebang"
    commands = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert any(re.search(r"pip install .*-e \.$", line) for line in commands)
    copied = [line for line in commands if line.startswith("cp ")]
    assert copied and all((ROOT / line.split()[1]).is_file() for line in copied)


def test_repo2docker_plans_python_3_11_the_requirements_and_post_build():
    """repo2docker itself (from PyPI) writes the Dockerfile it would build, without Docker."""
    repo2docker = Path(sys.executable).with_name("repo2docker")
    if not repo2docker.exists():
        pytest.skip("jupyter-repo2docker is not installed (requirements-test.txt installs it)")
    proc = subprocess.run(
        [str(repo2docker), "--no-build", "--debug", str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    plan = proc.stdout + proc.stderr
    assert proc.returncode == 0, plan[-3000:]
    assert re.search(r"environment for python=3\.11\b", plan), "Binder would not use Python 3.11"
    lines = plan.splitlines()

    def line_index(pattern: str) -> int:
        found = [i for i, line in enumerate(lines) if re.search(pattern, line)]
        assert found, f"repo2docker's Dockerfile has no line matching {pattern!r}"
        return found[0]

    copy_repo = line_index(r"^COPY .*src/ \$\{REPO_DIR\}/$")
    install = line_index(r'pip install .*-r "binder/requirements\.txt"')
    post_build = line_index(r"^RUN \./binder/postBuild$")
    # The whole repository is in place before pip reads `-r ../requirements-lab.txt`, and
    # postBuild (the package, the lab settings) runs after the requirements are installed.
    assert copy_repo < install < post_build
