"""One function per chart, each returning an Altair chart built from `explainer.data`.

The functions live in one module per subject (`horizons`, ...) and are all importable from
here: a page calls `charts.time_horizon_chart()`. Charts never compute a model themselves:
numbers come from `explainer.trends`, and where the browser must compute (a slider), the
Vega expressions come from `explainer.trends` too. Importing this package configures
rendering once (`explainer.render.enable`), so pages never repeat it.

Every chart carries a `description` (its text alternative), a tooltip naming the source of
each mark, and in `usermeta` the CSV files it is drawn from (linked for download).
"""

from explainer import render
from explainer.charts.horizons import time_horizon_chart

render.enable()

__all__ = ["time_horizon_chart"]
