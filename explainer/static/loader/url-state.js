/* Shareable settings: each control bound to a param writes its value into the page's query
 * string (`?<chart key>.<param>=<value>`) once it rests, and a page opened from such a link
 * starts with those values. Values from the URL are parsed strictly (`parseValue`) and only
 * ever reach the page as a Vega signal value or a form control's `.value`. */

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const MAX_URL_VALUE = 200; // no option label or number is longer: anything longer is junk

const decimals = (x) => {
  const text = String(x);
  const exp = /e-(\d+)$/.exec(text);
  if (exp) return Number(exp[1]);
  const dot = text.indexOf(".");
  return dot < 0 ? 0 : text.length - dot - 1;
};

const attrNumber = (el, name, fallback) => {
  const text = el.getAttribute(name);
  return text !== null && NUMBER.test(text) ? Number(text) : fallback;
};

/* What a chart's bound params accept, from its Vega spec (bound signals are top-level there)
 * and the controls Vega drew (their effective min/max/step). Controls other than sliders,
 * number boxes, checkboxes, radios and selects are not shared: free text has no safe "valid
 * value" to check a URL against. */
export const describeBindings = (chart, vgSpec) => {
  const bindings = [];
  for (const signal of vgSpec.signals || []) {
    if (!signal.bind || !signal.name) continue;
    const inputs = chart.el.querySelectorAll(`.vega-bindings [name="${CSS.escape(signal.name)}"]`);
    if (!inputs.length) continue;
    const [first] = inputs;
    const binding = { name: signal.name, inputs, label: first.closest(".vega-bind") };
    // A log slider's input holds log10 of its number; the chart names the signal that holds
    // the number itself (`usermeta.explainer.controls`), which is what the reader sees, hears
    // and exports.
    const shows = chart.spec.usermeta?.explainer?.controls?.[signal.name];
    if (shows) {
      binding.shows = shows.shows;
      // Vega writes the input's own value beside it on every move; the number it stands for
      // replaces it at once (as `explainer.settings.Slider.value_expr` derives it), before the
      // chart has redrawn. Both events: a key press fires "change" after "input", and Vega
      // rewrites its readout on each.
      const showNumber = () => {
        const readout = first.nextElementSibling;
        const step = shows.round_to || 1;
        if (readout?.tagName === "SPAN") {
          readout.textContent = String(Math.round(10 ** Number(first.value) / step) * step);
        }
      };
      first.addEventListener("input", showNumber);
      first.addEventListener("change", showNumber);
    }
    if (first.tagName === "SELECT" || first.type === "radio") {
      binding.kind = "choice";
      binding.options = signal.bind.options || [];
    } else if (first.type === "checkbox") {
      binding.kind = "bool";
    } else if (first.type === "range" || first.type === "number") {
      binding.kind = "number";
      binding.min = attrNumber(first, "min", -Infinity);
      binding.max = attrNumber(first, "max", Infinity);
      binding.step = attrNumber(first, "step", 0); // "any" or none: no snapping
    } else {
      continue;
    }
    bindings.push(binding);
  }
  return bindings;
};

/* A URL value for one binding, or undefined (the spec's default stays) when it is not a
 * value that control could hold: numbers must be plain decimals, and are clamped to the
 * slider's range and snapped to its step; choices must be one of the options; switches
 * "true" or "false". */
export const parseValue = (binding, text) => {
  if (typeof text !== "string" || text.length > MAX_URL_VALUE) return undefined;
  if (binding.kind === "bool") {
    if (text === "true") return true;
    return text === "false" ? false : undefined;
  }
  if (binding.kind === "choice") return binding.options.find((o) => String(o) === text);
  if (!NUMBER.test(text)) return undefined;
  let value = Math.min(binding.max, Math.max(binding.min, Number(text)));
  if (!Number.isFinite(value)) return undefined;
  const { min, max, step } = binding;
  if (step > 0 && Number.isFinite(min)) {
    value = min + Math.round((value - min) / step) * step;
    if (value > max) value -= step; // a range whose max is off the step grid
    value = Number(value.toFixed(Math.max(decimals(step), decimals(min))));
  }
  return value;
};

const urlKey = (chart, binding) => `${chart.key}.${binding.name}`;

export const valuesFromUrl = (chart) => {
  const query = new URLSearchParams(location.search);
  const values = {};
  for (const binding of chart.bindings) {
    const value = parseValue(binding, query.get(urlKey(chart, binding)));
    if (value !== undefined) values[binding.name] = value;
  }
  return values;
};

export const currentValues = (chart) =>
  Object.fromEntries(chart.bindings.map((b) => [b.name, chart.view.signal(b.name)]));

/** Set the chart's signals to `values` (those it binds); the caller runs the view. */
export const applyValues = (chart, values) => {
  for (const binding of chart.bindings) {
    if (Object.hasOwn(values, binding.name)) chart.view.signal(binding.name, values[binding.name]);
  }
};

const withSettings = (query, chart) => {
  for (const binding of chart.bindings) {
    query.set(urlKey(chart, binding), String(chart.view.signal(binding.name)));
  }
  return query;
};

const addressWith = (query) => {
  const search = query.toString();
  return location.pathname + (search ? `?${search}` : "") + location.hash;
};

/* The URL follows the controls. It is written once a control rests (URL_DELAY ms after its
 * last move), not on every move: a dragged slider moves every frame, and replacing the
 * history entry costs about a millisecond of each. It replaces the entry: moving a slider is
 * not navigation, Back should leave the page. "Copy link" and leaving the page write it at
 * once. */
const URL_DELAY = 200;
let dirty = [];
let timer = 0;

const writeUrl = () => {
  timer = 0;
  const query = new URLSearchParams(location.search);
  for (const chart of dirty) withSettings(query, chart);
  dirty = [];
  history.replaceState(history.state, "", addressWith(query));
};

export const markDirty = (chart) => {
  if (!dirty.includes(chart)) dirty.push(chart);
  clearTimeout(timer);
  timer = setTimeout(writeUrl, URL_DELAY);
};

export const flushUrl = () => {
  if (timer) {
    clearTimeout(timer);
    writeUrl();
  }
};

window.addEventListener("pagehide", flushUrl);

// The anchor a link to a chart opens at: its figure, else its section.
const anchorOf = (chart) => {
  const anchor = chart.el.closest("figure[id], section[id]");
  return anchor ? `#${anchor.id}` : "";
};

/** The page's address with this chart's settings, pointing at the chart's figure (or
 * section), written into the address bar: what "Copy link to this view" copies. */
export const linkToView = (chart) => {
  markDirty(chart); // the link states this chart's values even if none has moved
  flushUrl();
  return location.href.split("#")[0] + anchorOf(chart);
};

/** The same address, computed without touching the address bar (for exported images). */
export const addressOfView = (chart) => {
  const query = withSettings(new URLSearchParams(location.search), chart);
  const search = query.toString();
  const page = location.href.split(/[?#]/)[0]; // a file:// page has no origin to join
  return `${page}${search ? `?${search}` : ""}${anchorOf(chart)}`;
};
