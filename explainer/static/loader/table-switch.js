/* A data table switched by a chart's control (render.py writes one table per value of the
 * control, e.g. the 50% and 80% horizons, each in a block marked with the control's name and
 * value, all but the default's hidden): show the block of the value the control holds, now
 * and whenever it changes. */

const variantsOf = (chart) => {
  const details = document.querySelector(
    `details.explainer-chart-table[data-for="${CSS.escape(chart.el.id)}"]`,
  );
  return details ? Array.from(details.querySelectorAll(".explainer-chart-table-variant")) : [];
};

/** Show the table of each switched control's current value, and follow its changes. */
export const followTableSwitch = (chart) => {
  const variants = variantsOf(chart);
  const params = new Set(variants.map((block) => block.getAttribute("data-param")));
  for (const param of params) {
    const blocks = variants.filter((block) => block.getAttribute("data-param") === param);
    const show = (value) => {
      // A control's value may come back as a number or as its input's text: compare as text.
      const known = blocks.some((block) => block.getAttribute("data-value") === String(value));
      if (!known) return;
      for (const block of blocks) block.hidden = block.getAttribute("data-value") !== String(value);
    };
    try {
      show(chart.view.signal(param));
      chart.view.addSignalListener(param, (_name, value) => show(value));
    } catch {
      // The chart has no such control: its default table stays.
    }
  }
};
