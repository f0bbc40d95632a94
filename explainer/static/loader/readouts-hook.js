/* The readouts hook: a chart's readouts (tables and lists next to it, fed by its Vega
 * signals) are drawn by explainer-readouts.js when the page loads it. The loader calls
 * `attach` once a chart's view exists (again after a redraw, with the new view), and appends
 * `textLines` to the chart's exported images. Without that file, charts draw as before. */

const readoutsModule = () => window.ExplainerReadouts;

export const attachReadouts = (chart) => {
  const readouts = readoutsModule();
  if (!readouts) return;
  readouts.attach(chart.el, chart.view, chart.spec.usermeta?.explainer?.readouts);
};

/** The chart's readouts as lines of text, for exported images ([] when there are none). */
export const readoutLines = (chart) => {
  const readouts = readoutsModule();
  const lines = readouts ? readouts.textLines(chart.el) : [];
  return Array.isArray(lines) ? lines.map(String) : [];
};
