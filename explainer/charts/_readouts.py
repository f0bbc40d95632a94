"""Readouts: the live numbers a chart states in words, declared as metadata, drawn as HTML.

A chart's readouts (a milestone table, a fit summary, the result of a calculation) are not
drawn inside the Vega view. The chart names them in its metadata,
``usermeta.explainer.readouts``, a list of readouts, each

- ``{"kind": "table", "caption", "columns": [{"label", "role"?, "dash"?}, ...], "rows"}``: a
  table whose first column holds the row headers; or
- ``{"kind": "dl", "caption", "rows"}``: a list of terms and their values;

either may carry ``"wide": true`` (its own line, the readouts' whole width: a readout of a
sentence or two, such as an answer, which a narrow column would break into a long thin
stack); where each row is ``{"header", "role"?, "dash"?, "cells": [cell, ...]}`` and each cell names
the Vega signal that feeds it: ``{"signal": name}``, or ``{"signal": name, "index": i}`` for
the i-th item of a signal whose value is a list, or
``{"dataset": name, "match": {field: value, ...}, "field": f}``: field ``f`` of the row, among
the rows of the view's dataset marked ``name`` (a field `DATASET_FIELD` equal to ``name``, the
last transform of that layer), whose fields equal ``match`` (a readout of many rows that a
Vega signal cannot compute, such as quantiles over draws). A ``role`` (a colour role of
`explainer.style`, e.g. "exponential") colours a column's or a row's header as the chart draws
that series, and a ``dash`` (a Vega dash array) draws a small line swatch beside it.

The browser module `static/explainer-readouts.js` renders them as a real ``<table>`` or
``<dl>`` under the chart, updates each cell when its signal changes, and gives their text to
the PNG/SVG exports. Every value a cell shows is computed by a Vega expression in the spec (the
same formulas the Python model uses), so the HTML only displays text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import altair as alt

__all__ = [
    "DATASET_FIELD",
    "cell",
    "column",
    "dataset_cell",
    "dl",
    "row",
    "signal_names",
    "table",
    "with_readouts",
]

#: The field whose value names a dataset a readout's cells read (`dataset_cell`).
DATASET_FIELD = "readout_dataset"


def cell(signal: str, index: int | None = None) -> dict:
    """A cell fed by the signal ``signal`` (its ``index``-th item if the signal is a list)."""
    return {"signal": signal} if index is None else {"signal": signal, "index": index}


def dataset_cell(dataset: str, match: dict, field: str) -> dict:
    """A cell fed by field ``field`` of the row of dataset ``dataset`` matching ``match``."""
    return {"dataset": dataset, "match": dict(match), "field": field}


def column(label: str, *, role: str | None = None, dash: Sequence[float] | None = None) -> dict:
    """A column heading, coloured as the series ``role`` and with its line's ``dash``."""
    out: dict = {"label": label}
    if role:
        out["role"] = role
    if dash is not None:
        out["dash"] = list(dash)
    return out


def row(
    header: str,
    cells: Iterable[dict | str],
    *,
    role: str | None = None,
    dash: Sequence[float] | None = None,
) -> dict:
    """A row: its header and its cells (a bare string is the name of a signal)."""
    out: dict = {"header": header, "cells": [cell(c) if isinstance(c, str) else c for c in cells]}
    if role:
        out["role"] = role
    if dash is not None:
        out["dash"] = list(dash)
    return out


def _widened(readout: dict, wide: bool) -> dict:
    return {**readout, "wide": True} if wide else readout


def table(
    caption: str, columns: Sequence[dict | str], rows: Sequence[dict], *, wide: bool = False
) -> dict:
    """A table readout; ``columns`` include the row headers' column. ``wide``: on its own line."""
    cols = [column(c) if isinstance(c, str) else c for c in columns]
    for r in rows:
        if len(r["cells"]) != len(cols) - 1:
            raise ValueError(f"row {r['header']!r} has {len(r['cells'])} cells for {len(cols)}")
    readout = {"kind": "table", "caption": caption, "columns": cols, "rows": list(rows)}
    return _widened(readout, wide)


def dl(caption: str, rows: Sequence[dict], *, wide: bool = False) -> dict:
    """A list of terms and values: each row's header and its one cell. ``wide``: on its own
    line, the readouts' whole width."""
    for r in rows:
        if len(r["cells"]) != 1:
            raise ValueError(f"term {r['header']!r} needs exactly one value")
    return _widened({"kind": "dl", "caption": caption, "rows": list(rows)}, wide)


def with_readouts(chart: alt.TopLevelMixin, readouts: Sequence[dict]) -> alt.TopLevelMixin:
    """The chart with ``readouts`` added to its metadata (after `_base.with_meta`)."""
    usermeta = chart.usermeta if isinstance(chart.usermeta, dict) else {}
    meta = dict(usermeta.get("explainer") or {})
    meta["readouts"] = list(readouts)
    return chart.properties(usermeta={**usermeta, "explainer": meta})


def signal_names(readouts: Iterable[dict]) -> set[str]:
    """Every signal the readouts read (for tests: each must exist in the compiled spec)."""
    return {
        c["signal"] for r in readouts for line in r["rows"] for c in line["cells"] if "signal" in c
    }
