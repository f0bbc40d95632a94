"""Every chart's spec and its compiled Vega, built once per test session.

Building a chart (loading data, fitting, Altair's validation) and compiling it to Vega take a
good part of a second each, and many tests read the same specs: they ask here instead of
calling the builders. Each call returns a fresh copy, so a test may change what it gets.
"""

from __future__ import annotations

import copy
import functools

from explainer import charts, render

CHART_NAMES = tuple(name for name in charts.__all__ if name.endswith("_chart"))


@functools.cache
def _spec(name: str) -> dict:
    return getattr(charts, name)().to_dict()


@functools.cache
def _compiled(name: str) -> dict:
    return render.compile_spec(_spec(name))


def spec(name: str) -> dict:
    """The Vega-Lite spec of the chart ``explainer.charts.<name>()``."""
    return copy.deepcopy(_spec(name))


def compiled(name: str) -> dict:
    """The Vega spec that chart compiles to (what the page ships)."""
    return copy.deepcopy(_compiled(name))
