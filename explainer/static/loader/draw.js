/* Drawing: each chart's Vega spec (compiled from Vega-Lite at build time) drawn by a Vega
 * View into its container, controls included (Vega renders each bound signal's input into
 * the container's `.vega-bindings` form), in the page's theme, with the reader's settings.
 * Charts are drawn one per task, those in the reader's window first. */
import { announceValues, labelBindings } from "./controls.js";
import { attachReadouts } from "./readouts-hook.js";
import { followTableSwitch } from "./table-switch.js";
import { pageTheme, themedSpec } from "./theme.js";
import { showTooltip } from "./tooltip.js";
import { metaBlock } from "./toolbar.js";
import {
  applyValues,
  currentValues,
  describeBindings,
  markDirty,
  valuesFromUrl,
} from "./url-state.js";

/** chart id -> Vega view, for tests and for page controls. */
export const views = {};

const pageName = () => {
  const file = location.pathname.split("/").pop() || "index";
  return file.replace(/\.html?$/, "") || "index";
};

/* An exported file is named after the chart's figure: "Fig. 11" with the id
 * "fig-scenario-projections" gives "fig-11-scenario-projections". A chart outside a numbered
 * figure is named after its page and its place on it. */
const fileName = (el, index) => {
  const figure = el.closest("figure[id]");
  const number = figure?.querySelector(".caption-number")?.textContent.match(/\d+(\.\d+)*/)?.[0];
  if (figure && number) {
    const name = figure.id.replace(/^fig-/, "");
    return `fig-${number.replaceAll(".", "-")}-${name}`;
  }
  return `${pageName()}-chart-${index + 1}`;
};

// The title and takeaway shown above the chart (render.chart_html), for its exports.
const frameOf = (el) => {
  const frame = document.querySelector(`.explainer-chart-frame[data-for="${CSS.escape(el.id)}"]`);
  const text = (selector) => frame?.querySelector(selector)?.textContent.trim() ?? "";
  return { title: text(".explainer-chart-title"), takeaway: text(".explainer-chart-takeaway") };
};

const draw = async (chart, values) => {
  const theme = pageTheme();
  const focused = document.activeElement;
  const refocus = chart.el.contains(focused) ? focused.getAttribute("name") : null;
  try {
    const spec = themedSpec(chart.spec, theme);
    chart.el.replaceChildren();
    const view = new vega.View(vega.parse(spec), {
      renderer: "svg",
      container: chart.el,
      // Compiled Vega-Lite has no hover encodings: re-encoding marks on every pointer move
      // would cost a dataflow run for nothing. Tooltips do not need it.
      hover: false,
      tooltip: showTooltip,
    });
    chart.view = view;
    chart.theme = theme;
    views[chart.el.id] = view;
    chart.bindings = describeBindings(chart, spec);
    await view.runAsync();
    /* The reader's settings are applied to the drawn chart, as a moved control would be, not
     * before its first run: Vega's "fit" layout then settles exactly as it does when the
     * reader moves the control by hand (an axis whose labels change width lays out from
     * where it was), so a shared link shows the very picture its sender saw. */
    const settings = values ?? valuesFromUrl(chart);
    if (Object.keys(settings).length) {
      applyValues(chart, settings);
      await view.runAsync();
    }
    labelBindings(chart);
    for (const binding of chart.bindings) {
      view.addSignalListener(binding.name, () => {
        announceValues(chart);
        markDirty(chart);
      });
      // A log slider's number is derived after its input's signal: show it once it is.
      if (binding.shows) view.addSignalListener(binding.shows, () => announceValues(chart));
    }
    if (refocus) chart.el.querySelector(`[name="${CSS.escape(refocus)}"]`)?.focus();
    attachReadouts(chart);
    followTableSwitch(chart);
    chart.el.setAttribute("data-theme", theme);
    chart.el.setAttribute("data-rendered", "true");
  } catch (err) {
    chart.el.setAttribute("data-rendered", "error");
    chart.el.textContent = `This chart could not be drawn: ${err.message}`;
    throw err;
  }
};

// A short pause that lets the browser paint and handle input before the next chart.
const nextTask = () =>
  window.scheduler?.yield
    ? window.scheduler.yield()
    : new Promise((resolve) => {
        setTimeout(resolve, 0);
      });

/* Where the reader will be looking, in page coordinates: where the page is scrolled, or,
 * when the address names an element (a shared link to a chart's figure), from that element
 * down, since the browser may not have scrolled there yet. */
const hashTarget = () => {
  try {
    const id = decodeURIComponent(location.hash.slice(1));
    return id ? document.getElementById(id) : null;
  } catch {
    return null; // a malformed fragment names nothing
  }
};

const readerWindow = () => {
  const target = hashTarget();
  const top = window.scrollY + (target ? target.getBoundingClientRect().top : 0);
  return { top, bottom: top + window.innerHeight };
};

const inWindow = (el, { top, bottom }) => {
  const rect = el.getBoundingClientRect();
  const elTop = rect.top + window.scrollY;
  return elTop + rect.height >= top && elTop <= bottom;
};

/** The page's charts, in page order; two with the same key are told apart by their order. */
export const findCharts = () => {
  const seen = {};
  const charts = [];
  document.querySelectorAll("script.explainer-chart-spec").forEach((specNode, index) => {
    const el = document.getElementById(specNode.getAttribute("data-for"));
    if (!el) return;
    const key = el.getAttribute("data-key") || "chart";
    seen[key] = (seen[key] || 0) + 1;
    charts.push({
      el,
      specNode,
      key: seen[key] > 1 ? `${key}-${seen[key]}` : key,
      filename: fileName(el, index),
      frame: frameOf(el),
      bindings: [],
    });
  });
  return charts;
};

/* Charts are drawn one per task, those in the window first (a shared link opens at its
 * chart), then the rest in page order. Drawing one takes tens of milliseconds, the first one
 * a page draws more (the runtime's code is compiled as it first runs): drawn together in one
 * task, no chart would appear, and no click be handled, until all were done. */
export const drawAll = (charts, onDrawn) => {
  const view = readerWindow();
  const visible = charts.filter((chart) => inWindow(chart.el, view));
  const order = [...visible, ...charts.filter((chart) => !visible.includes(chart))];
  let queue = Promise.resolve();
  const done = order.map((chart, i) => {
    const drawn = queue
      .then(i ? nextTask : undefined)
      .then(() => {
        chart.spec = JSON.parse(chart.specNode.textContent);
        chart.source = metaBlock(chart).querySelector(".explainer-chart-source")?.textContent ?? "";
        return draw(chart);
      })
      .then(() => onDrawn(chart));
    queue = drawn.catch(() => {}); // one chart failing does not stop the others
    return drawn;
  });
  return Promise.all(done);
};

/** Redraw each chart drawn in another theme, in the page's theme, keeping its settings. */
export const followTheme = (charts) => {
  const theme = pageTheme();
  return Promise.all(
    charts.map((chart) => {
      if (!chart.view || chart.theme === theme) return undefined;
      const values = currentValues(chart);
      chart.view.finalize();
      return draw(chart, values);
    }),
  );
};

/* Charts of width "container" re-measure their container on the window's resize event,
 * which can fire before the new layout has settled (the sidebar appears when a phone-width
 * window grows): the chart is then drawn far wider than its column and shrunk to fit, with
 * tiny text. When a chart's container changes size and the drawing no longer matches it,
 * send one more resize event, after layout, so Vega measures again. */
export const remeasurer = (charts) => {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      const stale = charts.some((chart) => {
        const svg = chart.view && chart.el.querySelector("svg");
        return svg && Math.abs(Number(svg.getAttribute("width")) - chart.el.clientWidth) > 1;
      });
      if (stale) window.dispatchEvent(new Event("resize"));
    });
  };
};
