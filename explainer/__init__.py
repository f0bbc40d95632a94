"""The explainer package: data -> trends -> charts -> pages.

- `explainer.data`: load and validate the tidy CSV files in `data/` against `data/datapackage.json`.
- `explainer.trends`: pure functions: doubling-time fits, projections, milestones, Amdahl's law,
  and the Vega expressions that mirror them in the browser.
- `explainer.charts`: one function per chart, returning an `alt.Chart`.
- `explainer.render`: the one place that configures how charts render (offline Vega runtime, theme).
- `explainer.widgets`: ipywidgets panels over the same functions, for local JupyterLab runs.
"""
