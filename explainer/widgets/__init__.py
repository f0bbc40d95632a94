"""ipywidgets panels over the same model functions, for running the chapters in JupyterLab.

One module per page that has interactive sections. The static site cannot run them (there
is no kernel behind it): there, each interactive section's sliders are Vega-Lite params that
compute in the browser with the expressions from `explainer.trends`, and the page shows the
panel's code with a note that it runs in JupyterLab.
"""
