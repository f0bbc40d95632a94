/* Presets: named settings of every control of a chart, picked in one click. A chart declares
 * them in its metadata (`usermeta.explainer.presets`, from explainer/settings.py: key, label,
 * source, and the bound value of each control). A button for each sets the chart's signals
 * (Vega moves the bound inputs with them), announces the new values, and marks the URL dirty,
 * so the address, and a shared link, carry every control. */
import { announceValues } from "./controls.js";
import { metaBlock } from "./toolbar.js";
import { applyValues, markDirty, parseValue } from "./url-state.js";

/** A preset's values as the chart's controls hold them: checked, clamped and snapped to each
 * control exactly as a shared link's values are, so a preset and its link agree. */
const presetValues = (chart, preset) => {
  const values = {};
  for (const binding of chart.bindings) {
    if (!Object.hasOwn(preset.values || {}, binding.name)) continue;
    const value = parseValue(binding, String(preset.values[binding.name]));
    if (value !== undefined) values[binding.name] = value;
  }
  return values;
};

export const addPresets = (chart) => {
  const presets = chart.spec.usermeta?.explainer?.presets || [];
  if (!presets.length || !chart.bindings.length) return;
  const group = document.createElement("div");
  group.className = "explainer-chart-presets";
  group.setAttribute("role", "group");
  const title = document.createElement("span");
  title.className = "explainer-chart-presets-title";
  title.id = `${chart.el.id}-presets`;
  title.textContent = "Presets (each sets every control):";
  group.setAttribute("aria-labelledby", title.id);
  const status = document.createElement("span");
  status.className = "explainer-chart-status";
  status.setAttribute("role", "status"); // announced by screen readers when it changes
  group.append(title);
  for (const preset of presets) {
    const el = document.createElement("button");
    el.type = "button";
    el.className = "explainer-chart-button";
    el.textContent = preset.label;
    el.title = `Source: ${preset.source}`;
    el.dataset.preset = preset.key;
    el.addEventListener("click", async () => {
      applyValues(chart, presetValues(chart, preset));
      await chart.view.runAsync();
      announceValues(chart);
      markDirty(chart);
      status.textContent = `Set: ${preset.label}.`;
    });
    group.append(el);
  }
  group.append(status);
  metaBlock(chart).prepend(group);
};
