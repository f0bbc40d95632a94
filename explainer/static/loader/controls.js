/* Accessible controls: each input named by its visible label alone, sliders announcing their
 * value with its unit, radio buttons grouped; and the readable value of a control. */

// The unit a label names in its last parentheses: "Doubling time (months)" -> "months".
const unitOf = (labelText) => {
  const match = /\(([^()]{1,20})\)\s*$/.exec(labelText.trim());
  return match ? match[1] : "";
};

export const withUnit = (value, unit) => {
  if (!unit) return String(value);
  return /^[%×x°]$/.test(unit) ? `${value}${unit}` : `${value} ${unit}`;
};

const nameElement = (binding) => binding.label?.querySelector(".vega-bind-name") ?? null;

export const labelText = (binding) => nameElement(binding)?.textContent.trim() ?? binding.name;

// The value a control stands for: its own, or the number a log slider's signal derives.
export const shownValue = (chart, binding) => chart.view.signal(binding.shows || binding.name);

export const announceValues = (chart) => {
  for (const binding of chart.bindings) {
    if (binding.kind === "number") {
      const value = shownValue(chart, binding);
      binding.inputs[0].setAttribute("aria-valuetext", withUnit(value, binding.unit));
      // Vega's readout is the <span> after a slider.
      const readout = binding.shows && binding.inputs[0].nextElementSibling;
      if (readout?.tagName === "SPAN") readout.textContent = String(value);
    }
  }
};

/* Vega wraps each control in a <label> that also holds the value readout, so the accessible
 * name would be "Doubling time (months) 4". Name each control by its label alone, give
 * sliders a spoken value with the unit, and group radio buttons. */
export const labelBindings = (chart) => {
  for (const binding of chart.bindings) {
    const name = nameElement(binding);
    if (!name) continue;
    name.id = `${chart.el.id}-${binding.name}-label`;
    const [first] = binding.inputs;
    if (first.type === "radio") {
      const group = first.closest(".vega-bind-radio");
      if (group) {
        group.setAttribute("role", "radiogroup");
        group.setAttribute("aria-labelledby", name.id);
      }
      continue;
    }
    first.setAttribute("aria-labelledby", name.id);
    if (binding.kind === "number") binding.unit = unitOf(name.textContent);
  }
  announceValues(chart);
};

/** The value of a control as the reader sees it next to the control. */
export const displayValue = (binding, value) => {
  if (binding.kind === "bool") return value ? "on" : "off";
  if (binding.kind === "number") return withUnit(value, binding.unit);
  const index = binding.options.indexOf(value);
  const [first] = binding.inputs;
  const option = first.tagName === "SELECT" ? first.options[index] : null;
  const radioLabel = binding.inputs[index]?.labels?.[0];
  const shown = option || radioLabel;
  return shown ? shown.textContent.trim() : String(value);
};
