"""Guards that need neither a build nor a browser: lint, formatting, spelling, pinned requirements.

The same checks run in pre-commit (`.pre-commit-config.yaml`); here they run with the tools
of the environment that runs the tests, so `make test` and a commit hook agree.
"""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

from tests.conftest import ROOT

# The files whose prose is spell-checked, and the project's own words codespell must accept.
PROSE = ["README.md", "intro.md", "chapters/*.md"]
CODESPELL_IGNORE = ROOT / ".codespell-ignore"
# Every requirements file of the project: the root ones and Binder's.
REQUIREMENTS = ["requirements*.txt", "binder/requirements.txt"]
# The files an installed environment promises (`make test` installs requirements-test.txt,
# which includes requirements.txt): each of their pins must be installed at that version.
INSTALLED_HERE = "requirements-test.txt"
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==(?P<version>[^\s;#]+)$")


def tool(name: str) -> str:
    """A command-line tool of the environment running the tests (the venv's, not the PATH's)."""
    exe = Path(sys.executable).with_name(name)
    if not exe.exists():
        pytest.fail(
            f"{name} is not installed next to {sys.executable}: install requirements-test.txt"
        )
    return str(exe)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)


# --- ruff ---------------------------------------------------------------------------------


def test_ruff_finds_no_lint():
    proc = run(tool("ruff"), "check", "--output-format=concise", ".")
    assert proc.returncode == 0, f"ruff check found problems:\n{proc.stdout}{proc.stderr}"


def test_code_is_formatted_as_ruff_formats_it():
    proc = run(tool("ruff"), "format", "--check", "--output-format=concise", ".")
    assert proc.returncode == 0, (
        f"ruff format would change these files (run `make format`):\n{proc.stdout}{proc.stderr}"
    )


# --- spelling -----------------------------------------------------------------------------


def prose_files() -> list[str]:
    files = sorted({str(p.relative_to(ROOT)) for pattern in PROSE for p in ROOT.glob(pattern)})
    assert "README.md" in files and "intro.md" in files, files
    return files


def test_prose_is_spelled_right():
    proc = run(tool("codespell"), f"--ignore-words={CODESPELL_IGNORE}", *prose_files())
    assert proc.returncode == 0, (
        "codespell found misspellings (fix them, or add a project word to .codespell-ignore):\n"
        f"{proc.stdout}{proc.stderr}"
    )


def test_codespell_catches_a_misspelling(tmp_path):
    """The spelling guard can fail: a known misspelling in a scratch file is reported."""
    page = tmp_path / "page.md"
    page.write_text("The model recieves a task.\n")
    proc = run(tool("codespell"), f"--ignore-words={CODESPELL_IGNORE}", str(page))
    assert proc.returncode != 0 and "recieves" in proc.stdout, proc.stdout


# --- requirements -------------------------------------------------------------------------


def requirement_files() -> list[Path]:
    files = sorted({p for pattern in REQUIREMENTS for p in ROOT.glob(pattern)})
    assert ROOT / "requirements.txt" in files, files
    return files


def parse_requirements(path: Path, seen: set[Path] | None = None) -> tuple[dict, list[str]]:
    """The pins of one file and of the files it includes with `-r`: ({name: (version, where)},
    problems). A problem is any line that is not a comment, an `-r` include or `name==version`."""
    seen = set() if seen is None else seen
    path = path.resolve()
    pins: dict[str, tuple[str, str]] = {}
    problems: list[str] = []
    if path in seen:
        return pins, problems
    seen.add(path)
    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip()
        where = f"{path.relative_to(ROOT)}:{number}"
        if not line or line.startswith("#"):
            continue
        if line.startswith(("-r ", "--requirement ")):
            included = (path.parent / line.split(maxsplit=1)[1]).resolve()
            if not included.is_file():
                problems.append(f"{where}: `{line}` does not resolve to a file")
                continue
            sub_pins, sub_problems = parse_requirements(included, seen)
            problems += sub_problems
            for name, pin in sub_pins.items():
                pins.setdefault(name, pin)
            continue
        match = PIN.match(line)
        if not match:
            problems.append(f"{where}: `{line}` is not pinned as name==version")
            continue
        name = canonicalize_name(match["name"])
        if name in pins and pins[name][0] != match["version"]:
            problems.append(
                f"{where}: {name}=={match['version']} but {pins[name][1]} pins {pins[name][0]}"
            )
        pins[name] = (match["version"], where)
    return pins, problems


def test_requirements_are_exact_pins_and_includes_resolve():
    problems = []
    for path in requirement_files():
        problems += parse_requirements(path)[1]
    assert not problems, "requirements problems:\n" + "\n".join(sorted(set(problems)))


def test_no_package_is_pinned_at_two_versions_across_files():
    versions: dict[str, dict[str, str]] = {}
    for path in requirement_files():
        for name, (version, where) in parse_requirements(path)[0].items():
            versions.setdefault(name, {})[version] = where
    clashes = {name: v for name, v in versions.items() if len(v) > 1}
    assert not clashes, "pinned at different versions: " + "; ".join(
        f"{name}: " + ", ".join(f"{ver} ({where})" for ver, where in v.items())
        for name, v in sorted(clashes.items())
    )


def _installed(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def test_pins_agree_with_the_installed_environment():
    """Every pin the test environment promises is installed at that version; a pin of another
    file (e.g. JupyterLab's) must not disagree with a version installed here either."""
    problems = []
    promised = parse_requirements(ROOT / INSTALLED_HERE)[0]
    for name, (version, where) in sorted(promised.items()):
        installed = _installed(name)
        if installed is None:
            problems.append(f"{name}=={version} ({where}) is not installed")
        elif installed != version:
            problems.append(f"{name}=={version} ({where}) but {installed} is installed")
    for path in requirement_files():
        for name, (version, where) in sorted(parse_requirements(path)[0].items()):
            installed = _installed(name)
            if name not in promised and installed is not None and installed != version:
                problems.append(f"{name}=={version} ({where}) but {installed} is installed")
    assert not problems, (
        "the requirements and the environment disagree (reinstall, or update the pin):\n"
        + "\n".join(sorted(set(problems)))
    )


def test_requirements_check_catches_a_bad_file(tmp_path, monkeypatch):
    """The requirements guard can fail: a loose pin, a broken include and a clash are reported."""
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    (tmp_path / "requirements.txt").write_text("pandas==3.1.1\nnumpy>=2\n-r missing.txt\n")
    (tmp_path / "requirements-x.txt").write_text("-r requirements.txt\nPandas==2.0.0\n")
    problems = parse_requirements(tmp_path / "requirements-x.txt")[1]
    text = "\n".join(problems)
    assert "numpy>=2" in text and "missing.txt" in text and "pandas==2.0.0" in text, text


# --- pre-commit ---------------------------------------------------------------------------


def test_pre_commit_runs_the_same_guards_at_the_pinned_versions():
    import yaml

    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert {"ruff", "ruff-format", "codespell", "requirements"} <= set(hooks), sorted(hooks)
    assert all(repo["repo"] == "local" for repo in config["repos"]), "hooks must not be fetched"
    pinned = parse_requirements(ROOT / INSTALLED_HERE)[0]
    for hook in hooks.values():
        for dependency in hook.get("additional_dependencies", []):
            match = PIN.match(dependency)
            assert match, f"hook {hook['id']}: {dependency!r} is not pinned as name==version"
            name = canonicalize_name(match["name"])
            assert name in pinned, f"hook {hook['id']}: {name} is not in {INSTALLED_HERE}"
            assert pinned[name][0] == match["version"], (
                f"hook {hook['id']} pins {dependency} but {pinned[name][1]} pins {pinned[name][0]}"
            )
    assert "--ignore-words=.codespell-ignore" in hooks["codespell"]["entry"]
