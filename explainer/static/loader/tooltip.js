/* Tooltips: one box per page, filled with text only (a datum's values are never parsed as
 * HTML), next to the pointer and inside the window. Vega calls the handler with the value of
 * the hovered mark's `tooltip` encoding: a string, or an object of name -> value (its
 * `title` entry, if any, heads the box). */

let box = null;

const tooltipBox = () => {
  if (!box) {
    box = document.createElement("div");
    box.className = "explainer-tooltip";
    box.setAttribute("role", "tooltip");
    box.hidden = true;
    document.body.append(box);
  }
  return box;
};

const shown = (value) => {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
};

const fill = (el, value) => {
  el.replaceChildren();
  if (typeof value !== "object" || Array.isArray(value)) {
    el.textContent = shown(value);
    return;
  }
  const { title, ...rest } = value;
  if (title !== undefined) {
    const head = document.createElement("p");
    head.className = "explainer-tooltip-title";
    head.textContent = shown(title);
    el.append(head);
  }
  const table = document.createElement("table");
  for (const [key, item] of Object.entries(rest)) {
    const row = table.insertRow();
    const name = document.createElement("th");
    name.scope = "row";
    name.textContent = key;
    row.append(name);
    row.insertCell().textContent = shown(item);
  }
  el.append(table);
};

const OFFSET = 12;

const place = (el, event) => {
  const { innerWidth, innerHeight } = window;
  const { width, height } = el.getBoundingClientRect();
  let x = event.clientX + OFFSET;
  let y = event.clientY + OFFSET;
  if (x + width > innerWidth) x = Math.max(0, event.clientX - OFFSET - width);
  if (y + height > innerHeight) y = Math.max(0, event.clientY - OFFSET - height);
  el.style.left = `${x}px`;
  el.style.top = `${y}px`;
};

/** A Vega tooltip handler (`new vega.View(..., {tooltip})`). */
export const showTooltip = (handler, event, item, value) => {
  const el = tooltipBox();
  if (value === null || value === undefined || value === "") {
    el.hidden = true;
    return;
  }
  fill(el, value);
  el.hidden = false;
  if (event) place(el, event);
};
