"""What every chart shares: its metadata (description, CSV files) and source labels, and the
log/linear switch of the time-horizon charts."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import altair as alt
import pandas as pd

from explainer import data, settings
from explainer import style as style_roles
from explainer.settings import source_label


def with_meta(
    chart: alt.TopLevelMixin,
    *,
    description: str,
    csv: list[str],
    source: str | None = None,
    key: str | None = None,
    controls: tuple[settings.Control, ...] = (),
    title: str | None = None,
    takeaway: str | None = None,
    table: dict | None = None,
    presets: tuple[settings.Preset, ...] = (),
) -> alt.TopLevelMixin:
    """Attach a chart's text description (read by screen readers), the CSV files it is
    drawn from (linked under the chart on the static site), its source line (shown under
    the chart and written into its exported images; by default `source_line(chart, csv)`)
    and, for a chart with controls, its figure's ``key``: a short readable name that prefixes
    its controls in a share link (`?<key>.<control>=<value>`; unique on its page).

    Of ``controls``, the log sliders are named in the metadata (``controls``: input name ->
    the signal holding the number it stands for): the loader shows, announces and exports
    that number (80 hours), not the input's own value (its log10).

    `title` (what the chart shows) and `takeaway` (one line: what it finds) are shown above
    the chart on the static site and head its exported images.

    `table` (`explainer.charts._table.data_table`) lists the points the chart draws: shown
    under it as an HTML table, the keyboard's and screen reader's path to the values.

    ``presets`` (`settings.Preset`) are named in the metadata (``presets``: key, label, source
    and the bound value of every control): the loader draws a button for each that sets the
    chart's inputs to those values."""
    meta = {"csv": csv, "source": source or source_line(chart, csv)}
    meta |= {key: text for key, text in (("title", title), ("takeaway", takeaway)) if text}
    if key is not None:
        meta["key"] = key
    if table is not None:
        meta["table"] = table
    shown = {
        c.param: {"shows": c.name, "round_to": c.round_to}
        for c in controls
        if isinstance(c, settings.Slider) and c.param != c.name
    }
    if shown:
        meta["controls"] = shown
    if presets:
        meta["presets"] = [
            {"key": p.key, "label": p.label, "source": p.source, "values": dict(p.values)}
            for p in presets
        ]
    chart = describe_marks(chart)
    return chart.properties(description=description, usermeta={"explainer": meta})


# --- What a screen reader says of each mark ----------------------------------------------------
#
# Without a `description`, Vega-Lite labels each mark with every field it encodes, internals
# included ("y_plot: -1.40053177903"). `describe_marks` gives every mark a readable label: its
# tooltip's lines ("Model: GPT-4; Released: Mar 2023; ..."), a text mark its own text; a mark
# with neither is decoration (an interval beside its point, a band, a rule) and is hidden from
# the accessibility tree (`aria=False`). A chart may set its own `description` channel first.

DESCRIPTION_FIELD = "mark_description"


def _tooltip_expr(tip: dict) -> str | None:
    """A Vega expression: one tooltip line, 'Title: value', formatted as the tooltip formats
    it; None for a tooltip line that is not a plain field."""
    field = tip.get("field")
    if not isinstance(field, str) or "aggregate" in tip or "timeUnit" in tip:
        return None
    value = f"datum[{json.dumps(field)}]"
    kind, fmt = tip.get("type"), tip.get("format")
    if kind == "quantitative":
        shown = f"format({value}, {json.dumps(fmt or ',.4~r')})"
    elif kind == "temporal":
        shown = f"timeFormat(toDate({value}), {json.dumps(fmt or '%b %d, %Y')})"
    else:
        shown = f"'' + {value}"
    title = tip.get("title", field)
    return f"{json.dumps(f'{title}: ')} + (isValid({value}) ? {shown} : '—')"


def _describe_unit(unit: alt.Chart) -> alt.Chart:
    mark = unit.mark
    mark_def = mark.to_dict() if hasattr(mark, "to_dict") else {"type": mark}
    if mark_def.get("aria") is False:
        return unit
    # The unit's own data lets a shorthand without a type ("label") infer it, as Altair does.
    context = {"data": unit.data} if isinstance(unit.data, pd.DataFrame) else {}
    encoding = (
        unit.encoding.to_dict(validate=False, context=context)
        if unit.encoding is not alt.Undefined
        else {}
    )
    if "description" in encoding:
        return unit
    tips = encoding.get("tooltip")
    tips = tips if isinstance(tips, list) else [tips] if isinstance(tips, dict) else []
    lines = [_tooltip_expr(t) for t in tips]
    if tips and all(lines):
        return unit.transform_calculate(**{DESCRIPTION_FIELD: " + '; ' + ".join(lines)}).encode(
            description=f"{DESCRIPTION_FIELD}:N"
        )
    text = encoding.get("text")
    if mark_def["type"] == "text" and isinstance(text, dict) and "field" in text:
        return unit.encode(description=alt.Description(text["field"], type="nominal"))
    unit = unit.copy()
    unit.mark = alt.MarkDef(**{**mark_def, "aria": False})
    return unit


def describe_marks(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """``chart`` with every mark described for screen readers or hidden from them (see above);
    layers, concatenations and facets are walked."""
    if isinstance(chart, alt.Chart):
        return _describe_unit(chart) if chart.mark is not alt.Undefined else chart
    chart = chart.copy()
    for attr in ("layer", "hconcat", "vconcat", "concat"):
        parts = getattr(chart, attr, alt.Undefined)
        if parts is not alt.Undefined:
            setattr(chart, attr, [describe_marks(part) for part in parts])
    spec = getattr(chart, "spec", alt.Undefined)
    if isinstance(chart, alt.FacetChart) and spec is not alt.Undefined:
        chart.spec = describe_marks(spec)
    return chart


def _sources_drawn(chart: alt.TopLevelMixin) -> list[str]:
    """The sources of the rows a chart draws: its data's `source_id` values (as labels) and
    `source` labels, in order of first appearance."""
    labels = data.load("sources").set_index("source_id")["short_name"]
    found: list[str] = []
    for rows in chart.to_dict(validate=False).get("datasets", {}).values():
        for row in rows:
            for value in (labels.get(row.get("source_id")), row.get("source")):
                if isinstance(value, str) and value and value not in found:
                    found.append(value)
    # The sources themselves first, then the book's own marks (fits, reference lines).
    return sorted(found, key=lambda label: label not in set(labels))


def source_line(chart: alt.TopLevelMixin, csv: list[str]) -> str:
    """'Sources: <label>; <label>.': the sources of the rows the chart draws or, if its data
    names none, every source cited in its CSV files."""
    found = _sources_drawn(chart)
    if not found:
        for name in csv:
            table = data.load(Path(name).stem)
            if "source_id" in table.columns:
                ids = pd.Series(table["source_id"].dropna().unique())
                found += [label for label in source_label(ids) if label not in found]
    if not found:
        return ""
    return ("Sources: " if len(found) > 1 else "Source: ") + "; ".join(found) + "."


def _unit(minutes: float) -> tuple[float, str]:
    """The unit a person would say a duration of ``minutes`` in: (minutes per unit, name)."""
    if minutes < 1:
        return 1 / 60, "s"
    if minutes < 60:
        return 1.0, "min"
    return 60.0, "h"


def _amount(value: float) -> str:
    """A number of units with the digits a reader needs: '0.12', '2.4', '37', '1,234'."""
    if value >= 10:
        return f"{value:,.0f}"
    return f"{value:.2g}" if value < 1 else f"{value:.1f}"


def readable_duration(minutes: float) -> str:
    """'2.4 s', '4.2 min', '37 min', '5.7 h': a duration as a person would say it."""
    if pd.isna(minutes):
        return "not given"
    per_unit, name = _unit(minutes)
    return f"{_amount(minutes / per_unit)} {name}"


def readable_interval(minutes: float, low: float, high: float) -> str:
    """'3.1 to 10 h': an interval in the unit its value (``minutes``) is read in, so a tooltip
    never shows '5.7 h' beside an interval in minutes."""
    if pd.isna(low) or pd.isna(high):
        return "not given"
    per_unit, name = _unit(minutes)
    return f"{_amount(low / per_unit)} to {_amount(high / per_unit)} {name}"


def readable_minutes(minutes: pd.Series) -> pd.Series:
    """'2.4 s', '4.2 min', '1.5 h', '12 h': horizons as a person would say them (tooltips);
    seconds below a minute, so no model reads '0.0 min'."""
    return minutes.map(readable_duration)


def readable_intervals(minutes: pd.Series, low: pd.Series, high: pd.Series) -> pd.Series:
    """`readable_interval` row by row."""
    return pd.Series(
        [readable_interval(m, lo, hi) for m, lo, hi in zip(minutes, low, high, strict=True)],
        index=minutes.index,
    )


def duration_tick_label(v: str) -> str:
    """A Vega expression: a tick label of ``v`` minutes in seconds, minutes or hours."""
    return (
        f"{v} == 0 ? '0' : {v} < 1 ? format({v} * 60, '~r') + ' s'"
        f" : {v} < 60 ? format({v}, '~r') + ' min'"
        f" : format({v} / 60, ',~r') + ' h'"
    )


# --- The log/linear switch of the time-horizon charts ---------------------------------------
#
# Vega-Lite cannot bind a scale's type to a param, so a time-horizon chart never changes its
# scale: every layer plots a computed field, log10 of the value in log mode and the value
# itself in linear mode, on a linear scale whose domain, ticks and tick labels follow the
# mode. The labels always give the real value (a log-mode tick at 2 is labelled "100"), and
# tooltips keep reading the data's own fields, so no reader ever sees a logarithm. This is
# presentation only: every number drawn is still the one the data or `explainer.trends` gives.
# In linear mode each chart caps its scale near its largest measurement or its range of
# interest (marks above are clipped) and says so in its axis title, a text layer (`y_title`),
# since an axis title cannot follow a param.

Y_SCALE = "y_scale"  # the param's name, the same on every chart (the URL keeps charts apart)
LOG, LINEAR = "log", "linear"
IS_LOG = f"({Y_SCALE} == {json.dumps(LOG)})"
# The field each layer plots on y (and y2), and the real value it stands for (for tests).
Y_PLOT, Y2_PLOT, Y_VALUE = "y_plot", "y2_plot", "y_value"
# Said in every switchable chart's text description.
SWITCH_NOTE = " A switch under the chart redraws the vertical axis on a linear scale."


def y_scale_param() -> alt.Parameter:
    """The switch: a radio button pair, log by default (the data span five orders of magnitude;
    linear shows how sudden the growth looks on an ordinary scale)."""
    return alt.param(
        name=Y_SCALE,
        value=LOG,
        bind=alt.binding_radio(
            options=[LOG, LINEAR], labels=["Log", "Linear"], name="Vertical scale "
        ),
    )


def scaled(value_expr: str) -> str:
    """A Vega expression: where ``value_expr`` is plotted in the current mode."""
    return f"({IS_LOG} ? log({value_expr}) / LN10 : {value_expr})"


def plot_y(chart: alt.Chart, y: str, y2: str | None = None) -> alt.Chart:
    """Add the fields a layer plots: `Y_PLOT` for the field ``y`` (and `Y2_PLOT` for ``y2``),
    with `Y_VALUE`, the real value, kept beside them. Encode y as
    ``alt.Y(Y_PLOT, scale=y_scale(...), axis=y_axis(...))`` and y2 as `Y2_PLOT`; tooltips keep
    the data's own fields."""
    fields = {Y_VALUE: f"datum[{json.dumps(y)}]", Y_PLOT: scaled(f"datum[{json.dumps(y)}]")}
    if y2 is not None:
        fields[Y2_PLOT] = scaled(f"datum[{json.dumps(y2)}]")
    return chart.transform_calculate(**fields)


def shown_in_mode(field: str, linear_min: float) -> str:
    """A filter: always in log mode; in linear mode only where ``field`` is at least
    ``linear_min`` (labels of values that near zero would print over each other)."""
    return f"{IS_LOG} || datum[{json.dumps(field)}] >= {float(linear_min)!r}"


def _by_mode(log_value: str, linear_value: str) -> alt.ExprRef:
    return alt.ExprRef(f"{IS_LOG} ? {log_value} : {linear_value}")


def y_scale(log_domain: tuple[float, float], linear_max: float, **scale: object) -> alt.Scale:
    """A linear scale over the plotted field: ``log_domain`` (real values) in log mode, 0 to
    ``linear_max`` in linear mode (cap it near the largest measured value, or the chart's range
    of interest: marks above it are clipped). The domain is given, never read from the data:
    Vega would otherwise recompute every layer's extent on every move of a slider, and
    re-encode every mark on the scale, for a domain the mode alone decides."""
    low, high = (repr(math.log10(v)) for v in log_domain)
    return alt.Scale(
        type="linear",
        domain=[_by_mode(low, "0"), _by_mode(high, repr(float(linear_max)))],
        nice=False,
        zero=False,
        **scale,
    )


def y_axis(
    *,
    log_ticks: list[float],
    linear_ticks: list[float],
    label: Callable[[str], str],
    **axis: object,
) -> alt.Axis:
    """The y axis of a switchable chart: ticks at ``log_ticks`` or ``linear_ticks`` (real
    values) by mode, each labelled ``label(v)``, a Vega expression of the real value ``v``."""
    ticks = _by_mode(
        json.dumps([round(math.log10(v), 12) for v in log_ticks]),
        json.dumps([float(v) for v in linear_ticks]),
    )
    # A log-mode tick's real value is a power of ten, up to floating-point error: labels must
    # round (format with a precision, not print the raw number).
    value = f"({IS_LOG} ? pow(10, datum.value) : datum.value)"
    return alt.Axis(values=ticks, labelExpr=label(value), title=None, **axis)


def y_title(
    log_title: str,
    linear_title: str,
    *,
    x: float,
    y: float | str = "height / 2",
    lead: str | None = None,
    expr: str | None = None,
    **text: object,
) -> alt.Chart:
    """The y axis's title, which names the mode: a text layer (an axis title cannot be an
    expression). By default rotated and centred on ``y`` (px, or an expression), ``x`` px from
    the plot's left edge (left of the axis's fixed extent); ``lead``, a Vega expression, is put
    before the title; ``expr``, a Vega expression, replaces the whole title (one that names more
    than the mode); ``text`` overrides the style."""
    # In the text colour role, so the loader's dark mode swaps it (an unset colour stays dark).
    style = {"angle": 270, "align": "center", "baseline": "bottom", "fontSize": 13}
    style["color"] = style_roles.INK.light
    # Never longer than the plot is high (a longer text would push the plot down).
    style |= {"fontWeight": "bold", "limit": alt.ExprRef("height")} | text
    title = f"{IS_LOG} ? {json.dumps(log_title)} : {json.dumps(linear_title)}"
    if lead is not None:  # a Vega expression said first (e.g. which horizon a switch shows)
        title = f"{lead} + ' ' + ({title})"
    if expr is not None:
        title = expr
    return (
        alt.Chart(alt.Data(values=[{}]))
        .transform_calculate(title=title)
        .mark_text(**style)
        .encode(
            x=alt.value(x),
            y=alt.value(alt.ExprRef(y) if isinstance(y, str) else y),
            text="title:N",
        )
    )


# --- Controls: Vega-Lite params generated from `explainer.settings`' specifications ----------


def params_for(control: settings.Control) -> list[alt.Parameter]:
    """The params of one control: the one bound to its input (named `control.param`, labelled
    `control.text`, with the specification's range, step and default) and, for a log slider,
    the signal that derives the model's argument from it (named `control.name`)."""
    label = f"{control.text} "  # a space between the label and the input
    if isinstance(control, settings.Slider):
        low, high, step, default = control.bound_range
        bound = alt.param(
            name=control.param,
            value=default,
            bind=alt.binding_range(min=low, max=high, step=step, name=label),
        )
        if control.scale == "linear":
            return [bound]
        return [bound, alt.param(name=control.name, expr=control.value_expr())]
    if isinstance(control, settings.Choice):
        bind = alt.binding_radio if control.style == "radio" else alt.binding_select
        binding = bind(options=list(control.options), labels=list(control.labels), name=label)
        return [alt.param(name=control.param, value=control.default, bind=binding)]
    if isinstance(control, settings.Toggle):
        return [
            alt.param(
                name=control.param,
                value=control.default,
                bind=alt.binding_checkbox(name=label),
            )
        ]
    raise TypeError(f"not a control: {control!r}")
