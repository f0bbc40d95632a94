"""The explainer package. Imports point one way, down this list (tests/test_layers.py):

- `explainer.data`: load and validate the tidy CSV files in `data/` against `data/datapackage.json`;
  `explainer.style`: the book's colours by role and its phone breakpoint.
- `explainer.trends`: pure functions: doubling-time fits, projections, milestones, Amdahl's law,
  and the Vega expressions that mirror them in the browser.
- `explainer.settings`: what the layers above share: defaults, start points, fit windows and
  one specification per control; `explainer.render`: how charts render (runtime, theme).
- `explainer.charts` (one function per chart), `explainer.numbers` (what each page glues),
  `explainer.tables` and `explainer.lists` (what pages show as tables and lists),
  `explainer.widgets` (ipywidgets panels for JupyterLab, drawn with the charts' styles).
- `explainer.sphinx_offline`: the build extension; the pages (`intro.md`, `chapters/`).
"""
