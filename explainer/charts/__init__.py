"""One function per chart, each returning an Altair chart built from `explainer.data`.

The functions live in one module per subject (`horizons`, `timeline`, ...), each listing its
charts in `__all__`, and are all importable from here: a page calls
`charts.time_horizon_chart()`. Charts never compute a model themselves: numbers come from
`explainer.trends`, and where the browser must compute (a slider), the Vega expressions come
from `explainer.trends` too. Importing this package configures rendering once
(`explainer.render.enable`), so pages never repeat it.

Every chart carries a `description` (its text alternative), a tooltip naming the source of
each mark, and in `usermeta` the CSV files it is drawn from (linked for download).
"""

import importlib
import pkgutil

from explainer import render

render.enable()

# Re-export every module's charts: adding a chart is a change to its subject's module only.
__all__: list[str] = []
for _module_info in pkgutil.iter_modules(__path__):
    if _module_info.name.startswith("_"):
        continue
    _module = importlib.import_module(f"{__name__}.{_module_info.name}")
    for _name in _module.__all__:
        globals()[_name] = getattr(_module, _name)
        __all__.append(_name)
