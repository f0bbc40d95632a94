"""The JupyterLab panels (ipywidgets): their controls come from the specifications, a value
change redraws what the panel shows, from the model, and labels are never squeezed or cut."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from explainer import settings, trends
from explainer.widgets import benchmarks as fit_panels
from explainer.widgets import scenarios as panels


def _controls(panel: widgets.Box) -> list[widgets.ValueWidget]:
    return [c for c in panel.children if isinstance(c, (widgets.ValueWidget)) and c.description]


def test_projection_panel_controls_are_the_specifications():
    panel = panels.projection_panel()
    doubling, _accel, ceiling, start = _controls(panel)[:4]
    assert doubling.description == settings.DOUBLING.text
    assert (doubling.min, doubling.max, doubling.step) == (1.0, 12.0, 0.1)
    assert isinstance(ceiling, widgets.FloatLogSlider)
    assert ceiling.value == pytest.approx(settings.DEFAULTS["ceiling_hours"])
    assert start.value == settings.DEFAULTS["start"]


def test_a_slider_move_redraws_the_projection_table_from_the_model():
    panel = panels.projection_panel()
    doubling, _accel, ceiling, _start, doubling_spread, start_spread = _controls(panel)[:6]
    table = next(c for c in panel.children if isinstance(c, widgets.HTML) and "<table" in c.value)
    point = settings.start_points()["metr"]
    before = table.value
    doubling.value = 7.0
    assert table.value != before
    # With no uncertainty (both spreads at zero) each range is the point projection's month.
    doubling_spread.value = start_spread.value = 0
    week = trends.milestones(
        trends.EXPONENTIAL,
        point["date"],
        point["minutes"],
        7.0,
        horizon_date=settings.HORIZON_DATE,
    ).set_index("milestone")
    assert f"{week.loc['1 work week', 'date']:%b %Y}" in table.value
    # The log slider: a ceiling of 100 hours is below a work month (167 h): never reached.
    ceiling.value = 100
    month_row = table.value.split("Work month (167 h)")[1].split("</tr>")[0]
    assert "never (above the ceiling in every draw)" in month_row


def test_an_amdahl_slider_move_updates_the_readout():
    panel = panels.amdahl_panel()
    p, s, _review = _controls(panel)[:3]
    readout = next(
        c for c in panel.children if isinstance(c, widgets.HTML) and "speedup" in c.value
    )
    p.value, s.value = 50, 10
    assert f"Overall speedup: {trends.amdahl_speedup(0.5, 10):.2f}×" in readout.value
    assert 10**s.max == pytest.approx(1000)  # as far as the chart's axis (a log slider)


@pytest.mark.parametrize(
    "make", [panels.projection_panel, panels.amdahl_panel, fit_panels.fit_panel]
)
def test_labels_are_whole_and_sliders_have_room(make):
    for control in _controls(make()):
        # The label at its natural width (never cut), the row as wide as the panel allows, with
        # a floor: a long label never squeezes the slider to nothing.
        assert control.style.description_width == "initial", control.description
        assert control.layout.width == "100%" and control.layout.min_width, control.description
        if isinstance(control, (widgets.IntSlider, widgets.FloatSlider, widgets.FloatLogSlider)):
            assert control.continuous_update is False  # redraw on release
