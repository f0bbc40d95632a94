"""The chart loader's build and lint, without a browser.

- The loader's ES modules (`explainer/static/loader/`) join into one classic script, in
  dependency order, with the colour roles of `explainer.style` generated into it; the join
  refuses module syntax it cannot keep (see `explainer.loader_build`).
- ESLint (pinned in the Makefile, installed into the venv from npm) passes on the sources and
  on the built script, and flags a broken file: the check can fail.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from explainer import loader_build, style
from tests.conftest import ROOT

ESLINT = Path(sys.prefix) / "node_modules" / ".bin" / "eslint"
needs_eslint = pytest.mark.skipif(
    not ESLINT.exists() or not shutil.which("node"),
    reason="ESLint is installed from npm by `make test-fast`/`make lint` where npm exists",
)


def _roles_from(module_text: str) -> tuple[dict, dict]:
    found = dict(re.findall(r"export const (\w+) = (\{.*?\n\});", module_text, re.S))
    return json.loads(found["DARK_MAP"]), json.loads(found["ROLES"])


def test_generated_roles_are_the_style_modules():
    dark_map, roles = _roles_from(loader_build.roles_module())
    assert dark_map == style.dark_map()
    assert set(roles) == set(style.ROLES)
    for name, role in style.ROLES.items():
        assert roles[name] == {"light": role.light.lower(), "dark": role.dark.lower()}


def test_built_loader_joins_every_module_after_what_it_imports():
    built = loader_build.build_loader()
    order = re.findall(r"^// ---- ([\w-]+\.js)$", built, re.M)
    sources = {p.name for p in loader_build.LOADER_DIR.glob("*.js")}
    assert set(order) == sources | {loader_build.ROLES_MODULE}
    assert order[-1] == loader_build.ENTRY
    for name in sources:
        text = (loader_build.LOADER_DIR / name).read_text()
        for module in re.findall(r'from "\./([\w-]+\.js)";', text):
            assert order.index(module) < order.index(name), (module, name)
    assert not re.search(r"^\s*(import|export)\b", built, re.M)
    assert built.split("\n", 1)[1].startswith("(() => {") and built.rstrip().endswith("})();")


def _write(directory: Path, **modules: str) -> Path:
    for name, text in modules.items():
        (directory / f"{name}.js").write_text(text)
    return directory


@pytest.mark.parametrize(
    ("modules", "message"),
    [
        ({"main": 'import { b } from "./a.js";\nb();\n', "a": "export const c = 1;\n"}, "b"),
        ({"main": 'import a from "./a.js";\n', "a": "export default 1;\n"}, "only"),
        (
            {
                "main": 'import { a } from "./a.js";\nconst x = a;\n',
                "a": "export const a = 1;\nconst x = 2;\n",
            },
            "x",
        ),
        (
            {
                "main": 'import { a } from "./a.js";\n',
                "a": 'import { m } from "./main.js";\nexport const a = 1;\n',
            },
            "cycle",
        ),
        ({"main": 'import { a } from "./missing.js";\n'}, "missing.js"),
    ],
    ids=["name-not-exported", "default-import", "same-top-level-name", "cycle", "no-module"],
)
def test_join_refuses_what_it_cannot_keep(tmp_path, modules, message):
    with pytest.raises(loader_build.LoaderBuildError, match=message):
        loader_build.build_loader(_write(tmp_path, **modules))


def _eslint(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ESLINT), "--format", "json", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _rules(proc: subprocess.CompletedProcess) -> set[str]:
    return {m["ruleId"] for result in json.loads(proc.stdout) for m in result["messages"]}


@needs_eslint
def test_eslint_passes_on_the_loader_sources():
    proc = _eslint("explainer/static")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    linted = {Path(r["filePath"]).name for r in json.loads(proc.stdout)}
    assert {p.name for p in loader_build.LOADER_DIR.glob("*.js")} <= linted


@needs_eslint
def test_eslint_passes_on_the_built_loader():
    proc = _eslint(
        "--stdin",
        "--stdin-filename",
        "explainer/static/explainer-charts.js",
        stdin=loader_build.build_loader(),
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]


@needs_eslint
def test_eslint_flags_a_broken_loader_module():
    broken = (
        'import { missing } from "./nowhere.js";\n'
        "var old = 1;\n"
        "export const f = function () { return undefinedName + old; };\n"
        "if (old == 2) f();\n"
        "[old].map(function (x) { return x; });\n"
    )
    proc = _eslint("--stdin", "--stdin-filename", "explainer/static/loader/broken.js", stdin=broken)
    assert proc.returncode == 1
    assert {"no-var", "no-undef", "no-unused-vars", "eqeqeq", "prefer-arrow-callback"} <= _rules(
        proc
    )
    syntax = _eslint(
        "--stdin", "--stdin-filename", "explainer/static/loader/broken.js", stdin="const = ;\n"
    )
    assert syntax.returncode == 1 and None in _rules(syntax)  # a parse error has no rule


class _App:
    """What `_on_page_context` uses of Sphinx's application: `add_js_file`, recorded."""

    def __init__(self, scripts: list):
        self.scripts = scripts

    def add_js_file(self, name: str, **attributes) -> None:
        self.scripts.append((name, attributes))


@pytest.mark.parametrize("with_readouts", [False, True])
def test_chart_pages_load_vega_then_the_readouts_module_then_the_loader(monkeypatch, with_readouts):
    from explainer import sphinx_offline

    monkeypatch.setattr(sphinx_offline, "_has_readouts", lambda: with_readouts)
    scripts = ["_static/sphinx-thebe.js", "_static/doctools.js"]
    context = {"body": '<div class="explainer-chart"></div>', "script_files": scripts}
    context["pathto"] = lambda *args: "_static"
    sphinx_offline._on_page_context(_App(scripts), "page", "page.html", context, None)
    assert context["script_files"] is scripts  # the builder's own list, filtered in place
    # Deferred (they run once the page is parsed), first among the page's scripts (Sphinx's
    # own have priority 200 and more) and fetched at high priority: the charts' runtime is not
    # queued behind the theme's files.
    first = {"loading_method": "defer", "priority": 1, "fetchpriority": "high"}
    added = [name for name, attrs in scripts[1:] if attrs == first]
    expected = ["vega-runtime.js", "explainer-readouts.js", "explainer-charts.js"]
    assert added == (expected if with_readouts else [expected[0], expected[2]])
    assert scripts[0] == "_static/doctools.js"  # thebe removed

    plain = ["_static/doctools.js"]
    page = {"body": "<p>No chart here.</p>", "script_files": plain, "pathto": lambda *a: ""}
    sphinx_offline._on_page_context(_App(plain), "page", "page.html", page, None)
    assert plain == ["_static/doctools.js"]


@pytest.mark.parametrize("uses_design", [False, True])
def test_sphinx_design_assets_only_on_pages_that_use_its_components(uses_design):
    from explainer import sphinx_offline

    body = '<div class="sd-card">A card</div>' if uses_design else "<p>Prose only.</p>"
    scripts = ["_static/doctools.js", "_static/design-tabs.js"]
    styles = ["_static/pygments.css", "_static/sphinx-design.min.css"]
    context = {"body": body, "script_files": scripts, "css_files": styles, "pathto": lambda *a: ""}
    sphinx_offline._on_page_context(_App(scripts), "page", "page.html", context, None)
    kept = ("_static/design-tabs.js" in scripts, "_static/sphinx-design.min.css" in styles)
    assert kept == (uses_design, uses_design)
    assert "_static/doctools.js" in scripts and "_static/pygments.css" in styles


# The head the theme writes (abridged to what the transform touches), in its order.
THEME_HEAD = """<html><head>
  <script data-cfasync="false">document.documentElement.dataset.mode = "auto";</script>
  <link href="_static/styles/theme.css?digest=abc123" rel="stylesheet" />
  <link rel="stylesheet" type="text/css" href="_static/pygments.css?v=1" />
  <script defer="defer" fetchpriority="high" src="_static/vega-runtime.js?v=2"></script>
  <script src="_static/documentation_options.js?v=3"></script>
  <script src="_static/doctools.js?v=4"></script>
  <script>let toggleHintShow = 'Click to show';</script>
  <script src="_static/togglebutton.js?v=5"></script>
  <script>DOCUMENTATION_OPTIONS.pagename = 'intro';</script>
</head><body><p>Text</p>
    <script type="text/x-thebe-config">
    { requestKernel: true }
    </script>
    <script>kernelName = 'python3'</script>
  <script defer src="_static/scripts/bootstrap.js"></script>
</body></html>"""
OPTIONS_JS = "const DOCUMENTATION_OPTIONS = {\n    VERSION: '',\n};\n"


def test_unblocked_head_defers_the_theme_scripts_in_their_order():
    from explainer.sphinx_offline import unblock_head

    html = unblock_head(THEME_HEAD, OPTIONS_JS, "b45c")
    head = html[: html.index("</head>")]
    scripts = re.findall(r"<script([^>]*)>", head)
    sources = [re.search(r'src="([^"?]*)', s).group(1) for s in scripts if "src=" in s]
    # The charts' runtime first, then the theme's scripts in the theme's order; none blocks.
    assert sources == ["_static/vega-runtime.js", "_static/doctools.js", "_static/togglebutton.js"]
    assert all("defer" in s for s in scripts if "src=" in s)
    # The inline scripts, in their order after the documentation options they read, in one
    # script before the first stylesheet (a script after a stylesheet waits for it).
    options = re.search(r'<script data-explainer="page-options">(.*?)</script>', head, re.S)
    body = options.group(1)
    order = ["const DOCUMENTATION_OPTIONS", "toggleHintShow", "DOCUMENTATION_OPTIONS.pagename"]
    assert [body.index(part) for part in order] == sorted(body.index(part) for part in order)
    assert (
        options.start() < head.index("stylesheet") and head.index("data-cfasync") < options.start()
    )
    assert "documentation_options.js" not in head
    # Sphinx's basic.css linked directly, not through theme.css's @import.
    assert '<link href="_static/basic.css?v=b45c" rel="stylesheet" />' in head
    assert "theme.css" not in head
    # Thebe's configuration goes with Thebe; the body is otherwise kept.
    assert "thebe" not in html and "kernelName" not in html
    assert "<p>Text</p>" in html and '<script defer src="_static/scripts/bootstrap.js">' in html
    # Applied twice, it changes nothing more.
    assert unblock_head(html, OPTIONS_JS, "b45c") == html


def test_a_page_without_theme_scripts_is_left_as_it_is():
    from explainer.sphinx_offline import unblock_head

    plain = "<html><head><title>x</title></head><body><script>var a = 1;</script></body></html>"
    assert unblock_head(plain, OPTIONS_JS, "b45c") == plain
