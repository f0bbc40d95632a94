"""ipywidgets generated from the control specifications in `explainer.settings`.

`widget_for(control)` builds the JupyterLab twin of a control the static page binds as a
Vega-Lite param (`explainer.charts._base.params_for`): the same label, range, step and
default (tests/test_controls.py holds them equal). Every widget gets its full label at its
natural width and a slider track of a usable width (a long label never squeezes the track to
nothing, and no label is cut), the control's meaning as its tooltip, and sliders report a
value on release only (`continuous_update=False`), so a panel redraws once per move, not on
every pixel of a drag.
"""

from __future__ import annotations

import math

import ipywidgets as widgets

from explainer import settings

# The label at its natural width: a long one is never cut ("to the en…").
LABEL_STYLE = {"description_width": "initial"}
# The row is at most the width of a chart; the track keeps at least 200 px beside the label.
ROW_WIDTH, MIN_ROW_WIDTH = "640px", "min(100%, 420px)"


def _layout() -> widgets.Layout:
    return widgets.Layout(width="100%", max_width=ROW_WIDTH, min_width=MIN_ROW_WIDTH)


def _decimals(step: float) -> int:
    """Digits after the point that show a value on a grid of ``step`` (0.1 -> 1, 1 -> 0)."""
    return max(0, -math.floor(math.log10(step) + 1e-9))


def widget_for(control: settings.Control) -> widgets.ValueWidget:
    """The ipywidget for one control; its ``value`` is in the control's unit (a log slider's
    too: `FloatLogSlider` moves by decades, as the page's slider does)."""
    common = {
        "description": control.text,
        "tooltip": control.help,
        "style": LABEL_STYLE,
        "layout": _layout(),
    }
    if isinstance(control, settings.Slider):
        if control.scale == "log":
            low, high, step, _ = control.bound_range
            return widgets.FloatLogSlider(
                value=control.default,
                base=10,
                min=low,
                max=high,
                step=step,
                readout_format=",.0f",
                continuous_update=False,
                **common,
            )
        whole = all(float(v).is_integer() for v in (control.min, control.max, control.step))
        if whole and float(control.default).is_integer():
            return widgets.IntSlider(
                value=int(control.default),
                min=int(control.min),
                max=int(control.max),
                step=int(control.step),
                continuous_update=False,
                **common,
            )
        return widgets.FloatSlider(
            value=control.default,
            min=control.min,
            max=control.max,
            step=control.step,
            readout_format=f".{_decimals(control.step)}f",
            continuous_update=False,
            **common,
        )
    if isinstance(control, settings.Choice):
        choose = widgets.ToggleButtons if control.style == "radio" else widgets.Dropdown
        return choose(
            options=list(zip(control.labels, control.options, strict=True)),
            value=control.default,
            **common,
        )
    if isinstance(control, settings.Toggle):
        # A checkbox's label sits to its right; indent=False drops the empty label column.
        return widgets.Checkbox(value=control.default, indent=False, **common)
    raise TypeError(f"not a control: {control!r}")


def model_value(control: settings.Control, widget: widgets.ValueWidget) -> object:
    """The model's argument from a widget, as the page derives it from its input: a log
    slider's number rounded as `settings.Slider.value_expr` rounds it in the browser."""
    if isinstance(control, settings.Slider) and control.scale == "log":
        return control.value(math.log10(widget.value))
    return widget.value
