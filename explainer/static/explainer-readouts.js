/* Readouts: a chart's live numbers as HTML, a real <table> or <dl> under the chart.
 *
 * A chart declares its readouts in its metadata (`usermeta.explainer.readouts`, written by
 * explainer/charts/_readouts.py): tables and lists of terms whose cells each name the Vega
 * signal that feeds them. The chart loader calls
 *
 *   ExplainerReadouts.attach(container, view, readouts)
 *
 * once a chart's Vega view exists (container: the chart's `.explainer-chart` element; view:
 * the Vega View; readouts: the metadata, possibly undefined), and again with the new view when
 * the chart is redrawn (a theme switch): the readouts are drawn once, after the container, and
 * re-bound to the new view. Each cell listens to its signal (view.addSignalListener), so it
 * changes as the reader moves a control. A cell may instead read a field of one row of a
 * dataset the view computes (`{dataset, match, field}`: quantiles over draws, which no signal
 * can compute); the dataset is the one whose rows carry `readout_dataset` equal to its name,
 * and the cell follows it (view.addDataListener). Values are set as text (textContent), never
 * as HTML.
 *
 *   ExplainerReadouts.textLines(container)
 *
 * gives the readouts as they now read, as lines of text, for the PNG/SVG exports.
 *
 * A classic script, loaded (deferred) before the chart loader. */
(function () {
  "use strict";

  const CLASS = "explainer-readouts";
  const SVG_NS = "http://www.w3.org/2000/svg";
  const bound = new WeakMap(); // readouts element -> { view, listeners: [[signal, handler]] }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* The small line drawn beside a family's name: its colour (the role's, from the CSS) and,
   * when given, its dash pattern, as in the chart. Decorative: hidden from screen readers. */
  function swatch(dash) {
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("class", `${CLASS}-swatch`);
    svg.setAttribute("width", "26");
    svg.setAttribute("height", "10");
    svg.setAttribute("viewBox", "0 0 26 10");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const line = document.createElementNS(SVG_NS, "line");
    line.setAttribute("x1", "1");
    line.setAttribute("x2", "25");
    line.setAttribute("y1", "5");
    line.setAttribute("y2", "5");
    line.setAttribute("stroke", "currentColor");
    line.setAttribute("stroke-width", "2.5");
    if (Array.isArray(dash) && dash.length) line.setAttribute("stroke-dasharray", dash.join(" "));
    svg.appendChild(line);
    return svg;
  }

  /* A header's content: a swatch when it has a dash, then its label; a role names its colour
   * (a CSS class, coloured by the theme's variables, so dark mode needs nothing here). */
  function fillHeader(node, spec) {
    if (spec.role) node.classList.add(`${CLASS}-role-${spec.role}`);
    if (spec.dash) node.appendChild(swatch(spec.dash));
    node.appendChild(document.createTextNode(spec.label !== undefined ? spec.label : spec.header));
    return node;
  }

  function valueCell(tag, cell, cells) {
    const node = el(tag, `${CLASS}-value`);
    if (cell && (typeof cell.signal === "string" || typeof cell.dataset === "string")) {
      cells.push({ node, cell });
    }
    return node;
  }

  const DATASET_FIELD = "readout_dataset"; // explainer/charts/_readouts.py: DATASET_FIELD

  /* The view's dataset (its Vega name) whose rows are marked as the readout dataset `name`:
   * Vega-Lite names a layer's data by position ("data_11"), so it is found by its rows. */
  const findDataset = (view, name) => {
    let state;
    try {
      state = view.getState({ signals: () => false, data: () => true, recurse: true });
    } catch {
      return null;
    }
    const readable = (key) => {
      try {
        return view.data(key);
      } catch {
        return null; // not a dataset the view can read
      }
    };
    return (
      Object.keys(state?.data || {}).find((key) => {
        const rows = readable(key);
        return Array.isArray(rows) && rows.length > 0 && rows[0][DATASET_FIELD] === name;
      }) || null
    );
  };

  /* A dataset cell's text: its field of the first row whose fields equal its `match`. */
  const rowText = (view, names, cell) => {
    const key = names[cell.dataset];
    if (!key) return "";
    let rows;
    try {
      rows = view.data(key);
    } catch {
      return "";
    }
    const match = Object.entries(cell.match || {});
    const row = rows.find((r) => match.every(([field, value]) => r[field] === value));
    const value = row ? row[cell.field] : undefined;
    return value === null || value === undefined ? "" : String(value);
  };

  function drawTable(readout, index, cells) {
    const table = el("table", `${CLASS}-table`);
    table.appendChild(el("caption", "", readout.caption || ""));
    const head = el("thead");
    const headRow = el("tr");
    (readout.columns || []).forEach((column) => {
      const th = fillHeader(el("th"), column);
      th.setAttribute("scope", "col");
      headRow.appendChild(th);
    });
    head.appendChild(headRow);
    table.appendChild(head);
    const body = el("tbody");
    (readout.rows || []).forEach((row) => {
      const tr = el("tr");
      const th = fillHeader(el("th"), row);
      th.setAttribute("scope", "row");
      tr.appendChild(th);
      (row.cells || []).forEach((cell, i) => {
        const td = valueCell("td", cell, cells);
        // On a phone each row stacks: the cell carries its column's name (see the CSS).
        const column = (readout.columns || [])[i + 1];
        if (column) td.setAttribute("data-label", column.label);
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
    return table;
  }

  function drawList(readout, index, cells, idPrefix) {
    const box = el("div", `${CLASS}-list`);
    const list = el("dl");
    if (readout.caption) {
      const caption = el("p", `${CLASS}-caption`, readout.caption);
      caption.id = `${idPrefix}-${index}`;
      box.appendChild(caption);
      // A <dl> takes no accessible name of its own; a group does.
      box.setAttribute("role", "group");
      box.setAttribute("aria-labelledby", caption.id);
    }
    (readout.rows || []).forEach((row) => {
      const item = el("div", `${CLASS}-item`);
      item.appendChild(fillHeader(el("dt"), row));
      (row.cells || []).forEach((cell) => {
        item.appendChild(valueCell("dd", cell, cells));
      });
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  function cellText(view, cell) {
    let value;
    try {
      value = view.signal(cell.signal);
    } catch {
      return ""; // a signal the spec lacks: an empty cell, never a broken page
    }
    if (typeof cell.index === "number") value = Array.isArray(value) ? value[cell.index] : "";
    return value === null || value === undefined ? "" : String(value);
  }

  function update(view, cells, names) {
    cells.forEach((c) => {
      const shown = c.cell.dataset ? rowText(view, names, c.cell) : cellText(view, c.cell);
      if (c.node.textContent !== shown) c.node.textContent = shown;
    });
  }

  function unbind(box) {
    const state = bound.get(box);
    if (!state) return;
    state.listeners.forEach((pair) => {
      try {
        if (pair[2]) state.view.removeDataListener(pair[0], pair[1]);
        else state.view.removeSignalListener(pair[0], pair[1]);
      } catch {
        /* the old view is finalized: nothing left to remove */
      }
    });
    bound.delete(box);
  }

  function boxFor(container) {
    const next = container.nextElementSibling;
    return next && next.classList.contains(CLASS) && next.getAttribute("data-for") === container.id
      ? next
      : null;
  }

  function attach(container, view, readouts) {
    if (!container) return null;
    let box = boxFor(container);
    if (box) unbind(box);
    if (!Array.isArray(readouts) || !readouts.length || !view) {
      if (box) box.remove();
      return null;
    }
    if (!box) {
      box = el("div", CLASS);
      box.setAttribute("data-for", container.id);
      container.insertAdjacentElement("afterend", box);
    }
    const cells = [];
    const idPrefix = `${container.id || "chart"}-readout`;
    const parts = readouts.map((readout, i) => {
      const part =
        readout.kind === "table"
          ? drawTable(readout, i, cells)
          : drawList(readout, i, cells, idPrefix);
      // A readout of a sentence or two takes its own line (see the CSS).
      if (readout.wide) part.classList.add(`${CLASS}-wide`);
      return part;
    });
    box.replaceChildren.apply(box, parts);
    const names = {};
    for (const { cell } of cells) {
      if (cell.dataset && !(cell.dataset in names)) names[cell.dataset] = findDataset(view, cell.dataset);
    }
    update(view, cells, names);

    // Signals change in bursts (a dragged slider); cells are written once per frame.
    let queued = false;
    function schedule() {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        update(view, cells, names);
      });
    }
    const listeners = [];
    const seen = {};
    cells.forEach((c) => {
      const isData = Boolean(c.cell.dataset);
      const name = isData ? names[c.cell.dataset] : c.cell.signal;
      if (!name || seen[name]) return;
      seen[name] = true;
      try {
        if (isData) view.addDataListener(name, schedule);
        else view.addSignalListener(name, schedule);
        listeners.push([name, schedule, isData]);
      } catch {
        /* a signal or dataset the spec lacks: its cell stays empty */
      }
    });
    bound.set(box, { view, listeners });
    return box;
  }

  function textOf(node) {
    return node.textContent.replace(/\s+/g, " ").trim();
  }

  /* The readouts as text: a table's caption, then a line per row ("Work day (8 h):
   * Exponential Jan 2027; Accelerating ..."); a list's caption, then "term: value". */
  function textLines(container) {
    const box = container ? boxFor(container) : null;
    if (!box) return [];
    const lines = [];
    Array.prototype.forEach.call(box.children, (part) => {
      if (part.tagName === "TABLE") {
        const caption = part.querySelector("caption");
        if (caption && textOf(caption)) lines.push(`${textOf(caption)}:`);
        const columns = Array.prototype.map.call(part.querySelectorAll("thead th"), textOf);
        part.querySelectorAll("tbody tr").forEach((tr) => {
          const header = tr.querySelector("th");
          const values = Array.prototype.map.call(tr.querySelectorAll("td"), (td, i) => {
            return (columns[i + 1] ? `${columns[i + 1]} ` : "") + textOf(td);
          });
          lines.push(`${header ? `${textOf(header)}: ` : ""}${values.join("; ")}.`);
        });
      } else {
        const title = part.querySelector(`.${CLASS}-caption`);
        if (title && textOf(title)) lines.push(`${textOf(title)}:`);
        part.querySelectorAll("dt").forEach((dt) => {
          const values = [];
          for (let dd = dt.nextElementSibling; dd && dd.tagName === "DD"; dd = dd.nextElementSibling) {
            values.push(textOf(dd));
          }
          lines.push(`${textOf(dt)}: ${values.join("; ")}`);
        });
      }
    });
    return lines;
  }

  window.ExplainerReadouts = { attach, textLines };
})();
