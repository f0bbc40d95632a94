"""One function per chart, each returning an Altair chart built from `explainer.data`.

The functions live in one module per subject (`horizons`, `timeline`, ...), each listing its
charts in `__all__`, and are imported here by name: a page calls
`charts.time_horizon_chart()`. Adding a chart is a function in its subject's module and a
name in the lists below. Charts never compute a model themselves: numbers come from
`explainer.trends`, shared defaults and controls from `explainer.settings`, and where the
browser must compute (a slider), the Vega expressions come from `explainer.trends` too.
Importing this package configures rendering once (`explainer.render.enable`), so pages never
repeat it.

Every chart carries a `description` (its text alternative), a tooltip naming the source of
each mark, and in `usermeta` the CSV files it is drawn from (linked for download).
"""

from explainer import render
from explainer.charts.benchmarks import (
    benchmark_saturation_chart,
    doubling_trends_chart,
    time_horizon_fit_chart,
)
from explainer.charts.horizons import time_horizon_chart
from explainer.charts.internal import (
    code_per_engineer_chart,
    code_quality_chart,
    merged_code_share_chart,
    research_before_after_chart,
    speedup_chart,
)
from explainer.charts.scenarios import amdahl_chart, backtest_chart, scenario_projection_chart
from explainer.charts.timeline import timeline_chart

render.enable()

__all__ = [
    "amdahl_chart",
    "backtest_chart",
    "benchmark_saturation_chart",
    "code_per_engineer_chart",
    "code_quality_chart",
    "doubling_trends_chart",
    "merged_code_share_chart",
    "research_before_after_chart",
    "scenario_projection_chart",
    "speedup_chart",
    "time_horizon_chart",
    "time_horizon_fit_chart",
    "timeline_chart",
]
