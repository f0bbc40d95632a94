/* The tools under each chart: copy a link to this view, download PNG / SVG. They are added
 * by the loader, so a page read without JavaScript shows no dead buttons. */
import { exportPng, exportSvg } from "./export.js";
import { linkToView } from "./url-state.js";

const copyText = async (text) => {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Pages opened from a file or over plain http on another host: the legacy command.
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.className = "explainer-offscreen";
  document.body.append(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("copy refused");
};

const button = (label, action, status, done) => {
  const el = document.createElement("button");
  el.type = "button";
  el.className = "explainer-chart-button";
  el.textContent = label;
  el.addEventListener("click", async () => {
    el.disabled = true;
    status.textContent = "";
    try {
      await action();
      status.textContent = done;
    } catch {
      status.textContent = "Sorry, that did not work in this browser.";
    }
    el.disabled = false;
  });
  return el;
};

/** The block under the chart that holds its source line and CSV links (made if missing). */
export const metaBlock = (chart) => {
  let meta = document.querySelector(
    `.explainer-chart-meta[data-for="${CSS.escape(chart.el.id)}"]`,
  );
  if (!meta) {
    meta = document.createElement("div");
    meta.className = "explainer-chart-meta";
    chart.el.insertAdjacentElement("afterend", meta);
  }
  return meta;
};

export const addToolbar = (chart) => {
  const bar = document.createElement("div");
  bar.className = "explainer-chart-toolbar";
  bar.setAttribute("role", "group");
  bar.setAttribute("aria-label", "Chart tools");
  const status = document.createElement("span");
  status.className = "explainer-chart-status";
  status.setAttribute("role", "status"); // announced by screen readers when it changes
  if (chart.bindings.length) {
    const copyLink = async () => {
      const link = linkToView(chart);
      await copyText(link);
      bar.setAttribute("data-copied", link);
    };
    bar.append(button("Copy link to this view", copyLink, status, "Link copied"));
  }
  bar.append(
    button("Download PNG", () => exportPng(chart), status, "PNG saved"),
    button("Download SVG", () => exportSvg(chart), status, "SVG saved"),
    status,
  );
  metaBlock(chart).append(bar);
};
