/* The chart loader's entry point: finds the page's charts, draws them, adds their tools, and
 * redraws them when the theme switches. Built into `_static/explainer-charts.js` with the
 * modules it imports (explainer/loader_build.py), after the Vega runtime (vega-runtime.js),
 * which defines `window.vega`. */
import { addToolbar } from "./toolbar.js";
import { addPresets } from "./presets.js";
import { drawAll, findCharts, followTheme, remeasurer, views } from "./draw.js";

const start = () => {
  window.explainerViews = views;
  window.explainerChartsReady = Promise.resolve();
  if (!window.vega) return;
  const charts = findCharts();
  const addTools = (chart) => {
    addToolbar(chart);
    addPresets(chart);
  };
  window.explainerChartsReady = drawAll(charts, addTools);
  if (window.ResizeObserver) {
    const observer = new ResizeObserver(remeasurer(charts));
    for (const chart of charts) observer.observe(chart.el);
  }
  // After any drawing under way, so a chart is never drawn twice at once.
  new MutationObserver(() => {
    const before = window.explainerChartsReady.catch(() => {});
    window.explainerChartsReady = before.then(() => followTheme(charts));
  }).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
};

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
