/* Draws every chart on the page with the locally served Vega runtime (vega-runtime.js).
 * Each chart is a <div class="explainer-chart" data-key="..."> followed by its spec, compiled
 * to Vega at build time, in a <script type="application/json" data-for="..."> element (inert
 * data, never evaluated)
 * and a <div class="explainer-chart-meta"> holding its source line and CSV links.
 * Loaded with `defer`, after the runtime, so window.vegaEmbed is defined when this runs.
 *
 * On top of drawing, for every chart present and future:
 * - shareable settings: each control bound to a param writes its value into the page's query
 *   string (`?<chart key>.<param>=<value>`) as it moves, and a page opened from such a link
 *   starts with those values. Values from the URL are parsed strictly (see `parseValue`) and
 *   only ever reach the page as a Vega signal value or a form control's `.value`;
 * - tools under each chart: copy a link to this view, download PNG / SVG of what is on
 *   screen with the chart's readouts, source line and settings written under it;
 * - readouts (explainer-readouts.js, when loaded): the chart's live tables under it;
 * - light and dark: charts are redrawn, keeping their settings, when the theme switches;
 * - accessible controls: each input is named by its visible label and a slider announces its
 *   value with its unit. */
(function () {
  "use strict";
  var views = {};
  window.explainerViews = views; // chart id -> Vega view, for tests and for page controls
  var charts = [];
  var root = document.documentElement;

  // ------------------------------------------------------------------ theme (light / dark)

  function pageTheme() {
    return root.getAttribute("data-theme") === "dark" ? "dark" : "light";
  }

  // A colour of the page as #rrggbb (the grey mapping below works on hex).
  function asHex(value, fallback) {
    var rgb = /^rgba?\((\d+), (\d+), (\d+)(, 1)?\)$/.exec(value.trim());
    if (rgb) return rgbToHex([rgb[1], rgb[2], rgb[3]].map(Number));
    return /^#[0-9a-f]{6}$/i.test(value.trim()) ? value.trim() : fallback;
  }

  function cssColour(name, fallback) {
    return asHex(getComputedStyle(root).getPropertyValue(name), fallback);
  }

  function hexToRgb(hex) {
    var h = hex.slice(1);
    if (h.length === 3) h = h.replace(/./g, "$&$&");
    return [0, 2, 4].map(function (i) {
      return parseInt(h.slice(i, i + 2), 16);
    });
  }

  function rgbToHex(rgb) {
    return (
      "#" +
      rgb
        .map(function (c) {
          return ("0" + Math.round(c).toString(16)).slice(-2);
        })
        .join("")
    );
  }

  // The named greys chart code uses; hex greys are recognised by their equal channels.
  var NAMED_GREYS = {
    black: "#000000", white: "#ffffff", gray: "#808080", grey: "#808080",
    dimgray: "#696969", dimgrey: "#696969", darkgray: "#a9a9a9", darkgrey: "#a9a9a9",
    silver: "#c0c0c0", lightgray: "#d3d3d3", lightgrey: "#d3d3d3", gainsboro: "#dcdcdc",
    whitesmoke: "#f5f5f5",
  };

  /* In dark mode a grey keeps its place between text and background: black (text on a light
   * page) becomes the dark page's text colour, white (halos, gaps) its background, and a grid
   * grey a dim line. Hues (the Okabe-Ito palette) read on both backgrounds and are kept. */
  function darkGrey(value, palette) {
    var hex = NAMED_GREYS[value.toLowerCase()] || value;
    if (!/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(hex)) return value;
    var rgb = hexToRgb(hex);
    if (Math.max.apply(null, rgb) - Math.min.apply(null, rgb) > 12) return value;
    var t = rgb[0] / 255;
    var ink = hexToRgb(palette.text);
    var paper = hexToRgb(palette.background);
    return rgbToHex(
      ink.map(function (c, i) {
        return c + (paper[i] - c) * t;
      })
    );
  }

  // Keys whose string values are colours; text-bearing keys below them are left alone.
  var COLOUR_KEY = /(colou?r|fill|stroke|range)$/i;
  var NOT_COLOUR = /^(data|datasets|usermeta|description|title|text|field|format|signal|expr|labelExpr|name|type|sort|tooltip)$/;

  function recolour(node, inColour, palette) {
    if (typeof node === "string") return inColour ? darkGrey(node, palette) : node;
    if (Array.isArray(node)) {
      return node.map(function (item) {
        return recolour(item, inColour, palette);
      });
    }
    if (node && typeof node === "object") {
      var out = {};
      Object.keys(node).forEach(function (key) {
        out[key] = NOT_COLOUR.test(key)
          ? node[key]
          : recolour(node[key], inColour || COLOUR_KEY.test(key), palette);
      });
      return out;
    }
    return node;
  }

  function mergeDeep(base, over) {
    var out = Object.assign({}, base);
    Object.keys(over || {}).forEach(function (key) {
      var a = out[key];
      var b = over[key];
      var bothObjects = a && b && typeof a === "object" && typeof b === "object";
      out[key] =
        bothObjects && !Array.isArray(a) && !Array.isArray(b) ? mergeDeep(a, b) : b;
    });
    return out;
  }

  /* The colours of the page's theme, read from the page (the theme's CSS variables) so
   * charts sit on the page's own background (fallbacks: pydata-sphinx-theme's values). */
  function palette(theme) {
    if (theme === "light") return { background: "#ffffff", text: "#000000" };
    return {
      background: asHex(getComputedStyle(document.body).backgroundColor, "#121212"),
      text: cssColour("--pst-color-text-base", "#ced6dd"),
      muted: cssColour("--pst-color-text-muted", "#9ca4af"),
      grid: cssColour("--pst-color-border-muted", "#29313d"),
    };
  }

  /* The spec to draw in a theme: as compiled in light mode (render.theme() is the light theme;
   * specs arrive compiled to Vega, see render.compile_spec). In dark mode the background and
   * Vega's default greys (axes, legends, titles) are replaced, and every grey the chart's code
   * or config names, baked into the compiled marks, is moved onto the dark ramp. */
  function themedSpec(spec, theme) {
    if (theme === "light") return spec;
    var p = palette(theme);
    var defaults = {
      axis: {
        labelColor: p.text, titleColor: p.text, gridColor: p.grid,
        domainColor: p.muted, tickColor: p.muted,
      },
      legend: { labelColor: p.text, titleColor: p.text },
      title: { color: p.text, subtitleColor: p.muted },
      text: { fill: p.text },
      rule: { stroke: p.muted },
    };
    var dark = recolour(spec, false, p);
    dark.background = p.background;
    dark.config = mergeDeep(defaults, recolour(spec.config || {}, false, p));
    return dark;
  }

  // ------------------------------------------------------- settings: bindings and the URL

  var NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
  var MAX_URL_VALUE = 200; // no option label or number is longer: anything longer is junk

  function decimals(x) {
    var text = String(x);
    var exp = /e-(\d+)$/.exec(text);
    if (exp) return Number(exp[1]);
    var dot = text.indexOf(".");
    return dot < 0 ? 0 : text.length - dot - 1;
  }

  function attrNumber(el, name, fallback) {
    var text = el.getAttribute(name);
    return text !== null && NUMBER.test(text) ? Number(text) : fallback;
  }

  /* What a chart's bound params accept, from the compiled Vega spec (bound signals are
   * top-level there) and the controls vega-embed drew (their effective min/max/step).
   * Controls other than sliders, number boxes, checkboxes, radios and selects are not
   * shared: free text has no safe "valid value" to check a URL against. */
  function describeBindings(chart, vgSpec) {
    var bindings = [];
    (vgSpec.signals || []).forEach(function (signal) {
      if (!signal.bind || !signal.name) return;
      var selector = '.vega-bindings [name="' + CSS.escape(signal.name) + '"]';
      var inputs = chart.el.querySelectorAll(selector);
      if (!inputs.length) return;
      var first = inputs[0];
      var b = { name: signal.name, inputs: inputs, label: first.closest(".vega-bind") };
      // A log slider's input holds log10 of its number; the chart names the signal that
      // holds the number itself, which is what the reader sees, hears and exports.
      var controls = ((chart.spec.usermeta || {}).explainer || {}).controls || {};
      var shows = controls[signal.name];
      if (shows) {
        b.shows = shows.shows;
        // Vega writes the input's own value beside it on every move; the number it stands for
        // replaces it at once (as `explainer.settings.Slider.value_expr` derives it), before
        // the chart has redrawn.
        var showNumber = function () {
          var readout = first.nextElementSibling;
          var step = shows.round_to || 1;
          if (readout && readout.tagName === "SPAN") {
            readout.textContent = String(Math.round(Math.pow(10, +first.value) / step) * step);
          }
        };
        // Both: a key press fires "change" after "input", and Vega rewrites its readout on each.
        first.addEventListener("input", showNumber);
        first.addEventListener("change", showNumber);
      }
      if (first.tagName === "SELECT" || first.type === "radio") {
        b.kind = "choice";
        b.options = signal.bind.options || [];
      } else if (first.type === "checkbox") {
        b.kind = "bool";
      } else if (first.type === "range" || first.type === "number") {
        b.kind = "number";
        b.min = attrNumber(first, "min", -Infinity);
        b.max = attrNumber(first, "max", Infinity);
        b.step = attrNumber(first, "step", 0); // "any" or none: no snapping
      } else {
        return;
      }
      bindings.push(b);
    });
    return bindings;
  }

  /* A URL value for one binding, or undefined (the spec's default stays) when it is not a
   * value that control could hold: numbers must be plain decimals, and are clamped to the
   * slider's range and snapped to its step; choices must be one of the options; switches
   * "true" or "false". */
  function parseValue(b, text) {
    if (typeof text !== "string" || text.length > MAX_URL_VALUE) return undefined;
    if (b.kind === "bool") return text === "true" ? true : text === "false" ? false : undefined;
    if (b.kind === "choice") {
      for (var i = 0; i < b.options.length; i++) {
        if (String(b.options[i]) === text) return b.options[i];
      }
      return undefined;
    }
    if (!NUMBER.test(text)) return undefined;
    var v = Math.min(b.max, Math.max(b.min, Number(text)));
    if (!isFinite(v)) return undefined;
    if (b.step > 0 && isFinite(b.min)) {
      v = b.min + Math.round((v - b.min) / b.step) * b.step;
      if (v > b.max) v -= b.step; // a range whose max is off the step grid
      v = Number(v.toFixed(Math.max(decimals(b.step), decimals(b.min))));
    }
    return v;
  }

  function urlKey(chart, b) {
    return chart.key + "." + b.name;
  }

  function valuesFromUrl(chart) {
    var query = new URLSearchParams(location.search);
    var values = {};
    chart.bindings.forEach(function (b) {
      var v = parseValue(b, query.get(urlKey(chart, b)));
      if (v !== undefined) values[b.name] = v;
    });
    return values;
  }

  function currentValues(chart) {
    var values = {};
    chart.bindings.forEach(function (b) {
      values[b.name] = chart.view.signal(b.name);
    });
    return values;
  }

  function applyValues(chart, values) {
    chart.bindings.forEach(function (b) {
      if (Object.prototype.hasOwnProperty.call(values, b.name)) {
        chart.view.signal(b.name, values[b.name]);
      }
    });
    return chart.view.runAsync();
  }

  /* The URL follows the controls. It is written once a control rests (URL_DELAY ms after
   * its last move), not on every move: a dragged slider moves every frame, and replacing the
   * history entry costs about a millisecond of each. It replaces the entry: moving a slider
   * is not navigation, Back should leave the page. "Copy link" and leaving the page write
   * it at once. */
  var URL_DELAY = 200;
  var dirty = [];
  var timer = 0;

  function writeUrl() {
    timer = 0;
    var query = new URLSearchParams(location.search);
    dirty.forEach(function (chart) {
      chart.bindings.forEach(function (b) {
        query.set(urlKey(chart, b), String(chart.view.signal(b.name)));
      });
    });
    dirty = [];
    var search = query.toString();
    var url = location.pathname + (search ? "?" + search : "") + location.hash;
    history.replaceState(history.state, "", url);
  }

  function markDirty(chart) {
    if (dirty.indexOf(chart) < 0) dirty.push(chart);
    clearTimeout(timer);
    timer = setTimeout(writeUrl, URL_DELAY);
  }

  function flushUrl() {
    if (timer) {
      clearTimeout(timer);
      writeUrl();
    }
  }

  window.addEventListener("pagehide", flushUrl);

  // ------------------------------------------------------------ accessible controls

  // The unit a label names in its last parentheses: "Doubling time (months)" -> "months".
  function unitOf(labelText) {
    var match = /\(([^()]{1,20})\)\s*$/.exec(labelText.trim());
    return match ? match[1] : "";
  }

  function withUnit(value, unit) {
    if (!unit) return String(value);
    return /^[%×x°]$/.test(unit) ? value + unit : value + " " + unit;
  }

  function labelText(b) {
    var name = b.label && b.label.querySelector(".vega-bind-name");
    return name ? name.textContent.trim() : b.name;
  }

  /* vega-embed wraps each control in a <label> that also holds the value readout, so the
   * accessible name would be "Doubling time (months) 4". Name each control by its label
   * alone, give sliders a spoken value with the unit, and group radio buttons. */
  function labelBindings(chart) {
    chart.bindings.forEach(function (b) {
      var name = b.label && b.label.querySelector(".vega-bind-name");
      if (!name) return;
      name.id = chart.el.id + "-" + b.name + "-label";
      if (b.inputs[0].type === "radio") {
        var group = b.inputs[0].closest(".vega-bind-radio");
        if (group) {
          group.setAttribute("role", "radiogroup");
          group.setAttribute("aria-labelledby", name.id);
        }
        return;
      }
      b.inputs[0].setAttribute("aria-labelledby", name.id);
      if (b.kind === "number") b.unit = unitOf(name.textContent);
    });
    announceValues(chart);
  }

  // The value a control stands for: its own, or the number a log slider's signal derives.
  function shownValue(chart, b) {
    return chart.view.signal(b.shows || b.name);
  }

  function announceValues(chart) {
    chart.bindings.forEach(function (b) {
      if (b.kind === "number") {
        var value = shownValue(chart, b);
        b.inputs[0].setAttribute("aria-valuetext", withUnit(value, b.unit));
        // Vega's readout is the <span> after a slider.
        var readout = b.shows && b.inputs[0].nextElementSibling;
        if (readout && readout.tagName === "SPAN") readout.textContent = String(value);
      }
    });
  }

  // ------------------------------------------------------------------------- export

  var FONT_SIZE = 12;
  var LINE = 16;
  var PAD = 8;

  // The font of the chart's axis labels (the compiled spec's "guide-label" style).
  function chartFont(chart) {
    var style = (chart.spec.config && chart.spec.config.style) || {};
    var font = (style["guide-label"] && style["guide-label"].font) || "sans-serif";
    return FONT_SIZE + "px " + font;
  }

  // The readable value of a control, as the reader sees it next to the control.
  function displayValue(b, value) {
    if (b.kind === "bool") return value ? "on" : "off";
    if (b.kind === "number") return withUnit(value, b.unit);
    var index = b.options.indexOf(value);
    var option = b.inputs[0].tagName === "SELECT" ? b.inputs[0].options[index] : null;
    var radioLabel = b.inputs[index] && b.inputs[index].labels && b.inputs[index].labels[0];
    var shown = option || radioLabel;
    return shown ? shown.textContent.trim() : String(value);
  }

  /* Under the exported image: the source line, then the settings the chart was drawn with,
   * so an image taken out of the page still says where its numbers come from. */
  function footerText(chart) {
    // The chart's readouts (its tables under it) as they now read, then where from.
    var readouts = window.ExplainerReadouts;
    var lines = readouts ? readouts.textLines(chart.el) : [];
    if (chart.source) lines.push(chart.source);
    var settings = chart.bindings.map(function (b) {
      var label = labelText(b).replace(/\s*\([^()]*\)\s*$/, "");
      return label + ": " + displayValue(b, shownValue(chart, b));
    });
    if (settings.length) lines.push("Settings: " + settings.join("; ") + ".");
    return lines;
  }

  function wrap(lines, width, font) {
    var ctx = document.createElement("canvas").getContext("2d");
    ctx.font = font;
    var out = [];
    lines.forEach(function (line) {
      var current = "";
      line.split(" ").forEach(function (word) {
        var next = current ? current + " " + word : word;
        if (current && ctx.measureText(next).width > width) {
          out.push(current);
          current = word;
        } else {
          current = next;
        }
      });
      if (current) out.push(current);
    });
    return out;
  }

  function exportColours(chart) {
    var p = palette(chart.theme);
    var background = chart.view.background();
    return {
      background: background && background !== "transparent" ? background : p.background,
      text: p.text,
    };
  }

  function download(blob, filename) {
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = url;
    a.download = filename;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 1000);
  }

  function exportPng(chart) {
    var scale = 2; // sharp on high-density screens and in print
    return chart.view.toCanvas(scale).then(function (drawn) {
      var colours = exportColours(chart);
      var font = chartFont(chart);
      var lines = wrap(footerText(chart), drawn.width / scale - 2 * PAD, font);
      var canvas = document.createElement("canvas");
      canvas.width = drawn.width;
      canvas.height = drawn.height + (lines.length * LINE + 2 * PAD) * scale;
      var ctx = canvas.getContext("2d");
      ctx.fillStyle = colours.background;
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(drawn, 0, 0);
      ctx.scale(scale, scale);
      ctx.font = font;
      ctx.fillStyle = colours.text;
      ctx.textBaseline = "top";
      lines.forEach(function (line, i) {
        ctx.fillText(line, PAD, drawn.height / scale + PAD + i * LINE);
      });
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          download(blob, chart.filename + ".png");
          resolve();
        }, "image/png");
      });
    });
  }

  function exportSvg(chart) {
    return chart.view.toSVG().then(function (markup) {
      var NS = "http://www.w3.org/2000/svg";
      var doc = new DOMParser().parseFromString(markup, "image/svg+xml");
      var svg = doc.documentElement;
      var width = Number(svg.getAttribute("width"));
      var height = Number(svg.getAttribute("height"));
      var colours = exportColours(chart);
      var font = chartFont(chart);
      var lines = wrap(footerText(chart), width - 2 * PAD, font);
      var total = height + lines.length * LINE + 2 * PAD;
      svg.setAttribute("height", String(total));
      svg.setAttribute("viewBox", "0 0 " + width + " " + total);
      var footer = doc.createElementNS(NS, "g");
      footer.setAttribute("class", "explainer-export-footer");
      var rect = doc.createElementNS(NS, "rect");
      rect.setAttribute("y", String(height));
      rect.setAttribute("width", String(width));
      rect.setAttribute("height", String(total - height));
      rect.setAttribute("fill", colours.background);
      footer.appendChild(rect);
      lines.forEach(function (line, i) {
        var text = doc.createElementNS(NS, "text");
        text.setAttribute("x", String(PAD));
        text.setAttribute("y", String(height + PAD + FONT_SIZE + i * LINE));
        text.setAttribute("fill", colours.text);
        text.setAttribute("style", "font: " + font);
        text.textContent = line;
        footer.appendChild(text);
      });
      svg.appendChild(footer);
      var xml = new XMLSerializer().serializeToString(doc);
      download(new Blob([xml], { type: "image/svg+xml" }), chart.filename + ".svg");
    });
  }

  // ------------------------------------------------------------------ copy link, toolbar

  /* The page's address with this chart's settings, pointing at the chart's figure (or
   * section) so the link opens where the chart is. */
  function linkToView(chart) {
    markDirty(chart); // the link states this chart's values even if none has moved
    flushUrl();
    var anchor = chart.el.closest("figure[id], section[id]");
    return location.href.split("#")[0] + (anchor ? "#" + anchor.id : "");
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Pages opened from a file or over plain http on another host: the legacy command.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "explainer-offscreen";
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand("copy");
    area.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function button(label, action, status, done) {
    var el = document.createElement("button");
    el.type = "button";
    el.className = "explainer-chart-button";
    el.textContent = label;
    el.addEventListener("click", function () {
      el.disabled = true;
      status.textContent = "";
      Promise.resolve()
        .then(action)
        .then(
          function () {
            status.textContent = done;
          },
          function () {
            status.textContent = "Sorry, that did not work in this browser.";
          }
        )
        .then(function () {
          el.disabled = false;
        });
    });
    return el;
  }

  /* Presets: named settings of every control, declared in the chart's metadata
   * (`usermeta.explainer.presets`, from explainer/settings.py: key, label, source, values by
   * bound param). A button for each sets the chart's signals (Vega updates the bound inputs)
   * and marks the URL dirty, so a shared link carries every control. */
  function addPresets(chart, meta) {
    var presets = ((chart.spec.usermeta || {}).explainer || {}).presets || [];
    if (!presets.length || !chart.bindings.length) return;
    var group = document.createElement("div");
    group.className = "explainer-chart-presets";
    group.setAttribute("role", "group");
    var title = document.createElement("span");
    title.className = "explainer-chart-presets-title";
    title.id = chart.el.id + "-presets";
    title.textContent = "Presets:";
    group.setAttribute("aria-labelledby", title.id);
    group.appendChild(title);
    var status = document.createElement("span");
    status.className = "explainer-chart-status";
    status.setAttribute("role", "status");
    presets.forEach(function (preset) {
      var values = {};
      chart.bindings.forEach(function (b) {
        if (!Object.prototype.hasOwnProperty.call(preset.values, b.name)) return;
        // As a shared link's value is: checked, clamped and snapped to the control.
        var v = parseValue(b, String(preset.values[b.name]));
        if (v !== undefined) values[b.name] = v;
      });
      var el = button(
        preset.label,
        function () {
          return applyValues(chart, values).then(function () {
            announceValues(chart);
            markDirty(chart);
          });
        },
        status,
        "Set: " + preset.label
      );
      el.setAttribute("data-preset", preset.key);
      el.title = preset.source;
      group.appendChild(el);
    });
    group.appendChild(status);
    meta.appendChild(group);
  }

  function addToolbar(chart) {
    var meta = document.querySelector(
      '.explainer-chart-meta[data-for="' + CSS.escape(chart.el.id) + '"]'
    );
    if (!meta) {
      meta = document.createElement("div");
      meta.className = "explainer-chart-meta";
      chart.el.insertAdjacentElement("afterend", meta);
    }
    var bar = document.createElement("div");
    bar.className = "explainer-chart-toolbar";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Chart tools");
    var status = document.createElement("span");
    status.className = "explainer-chart-status";
    status.setAttribute("role", "status"); // announced by screen readers when it changes
    if (chart.bindings.length) {
      bar.appendChild(
        button(
          "Copy link to this view",
          function () {
            var link = linkToView(chart);
            return copyText(link).then(function () {
              bar.setAttribute("data-copied", link);
            });
          },
          status,
          "Link copied"
        )
      );
    }
    bar.appendChild(button("Download PNG", function () { return exportPng(chart); }, status, "PNG saved"));
    bar.appendChild(button("Download SVG", function () { return exportSvg(chart); }, status, "SVG saved"));
    bar.appendChild(status);
    addPresets(chart, meta);
    meta.appendChild(bar);
    chart.source = (meta.querySelector(".explainer-chart-source") || {}).textContent || "";
  }

  // ------------------------------------------------------------------------ drawing

  function embed(chart, values) {
    var theme = pageTheme();
    var focused = document.activeElement;
    var refocus = chart.el.contains(focused) ? focused.getAttribute("name") : null;
    return window
      .vegaEmbed(chart.el, themedSpec(chart.spec, theme), {
        renderer: "svg",
        // As a Vega-Lite spec would be drawn: no hover re-encoding on every pointer move.
        hover: false,
        // The chart's own tools (below it) replace vega-embed's menu: ours are buttons a
        // keyboard reaches, and the exported image carries the source line.
        actions: false,
        // Width "container" charts follow the column; tooltips use vega-tooltip (bundled).
        tooltip: { theme: theme },
      })
      .then(function (result) {
        chart.result = result;
        chart.view = result.view;
        chart.theme = theme;
        views[chart.el.id] = result.view;
        chart.bindings = describeBindings(chart, result.vgSpec);
        return applyValues(chart, values || valuesFromUrl(chart));
      })
      .then(function () {
        labelBindings(chart);
        if (window.ExplainerReadouts) {
          var meta = (chart.spec.usermeta && chart.spec.usermeta.explainer) || {};
          window.ExplainerReadouts.attach(chart.el, chart.view, meta.readouts);
        }
        chart.bindings.forEach(function (b) {
          chart.view.addSignalListener(b.name, function () {
            announceValues(chart);
            markDirty(chart);
          });
          // A log slider's number is derived after its input's signal: show it once it is.
          if (b.shows) {
            chart.view.addSignalListener(b.shows, function () {
              announceValues(chart);
            });
          }
        });
        if (refocus) {
          var again = chart.el.querySelector('[name="' + CSS.escape(refocus) + '"]');
          if (again) again.focus();
        }
        chart.el.setAttribute("data-theme", theme);
        chart.el.setAttribute("data-rendered", "true");
      })
      .catch(function (err) {
        chart.el.setAttribute("data-rendered", "error");
        chart.el.textContent = "This chart could not be drawn: " + err.message;
        throw err;
      });
  }

  function pageName() {
    var file = location.pathname.split("/").pop() || "index";
    return file.replace(/\.html?$/, "") || "index";
  }

  // A short pause that lets the browser paint and handle input before the next chart.
  function nextTask() {
    if (window.scheduler && typeof window.scheduler.yield === "function") {
      return window.scheduler.yield();
    }
    return new Promise(function (resolve) {
      setTimeout(resolve, 0);
    });
  }

  /* Where the reader will be looking, in page coordinates: where the page is scrolled, or,
   * when the address names an element (a shared link to a chart's section), from that
   * element down, since the browser may not have scrolled there yet. */
  function readerWindow() {
    var top = window.scrollY;
    var target = null;
    try {
      var id = decodeURIComponent(location.hash.slice(1));
      target = id ? document.getElementById(id) : null;
    } catch (err) {
      target = null; // a malformed fragment names nothing
    }
    if (target) top += target.getBoundingClientRect().top;
    return { top: top, bottom: top + window.innerHeight };
  }

  function inWindow(el, view) {
    var rect = el.getBoundingClientRect();
    var top = rect.top + window.scrollY;
    return top + rect.height >= view.top && top <= view.bottom;
  }

  /* Charts are drawn one per task, those in the window first (a shared link opens at its
   * chart), then the rest in page order. Drawing one takes tens of milliseconds, the first
   * one a page draws more (the runtime's code is compiled as it first runs): drawn together
   * in one task, no chart would appear, and no click be handled, until all were done. */
  function drawAll() {
    if (!window.vegaEmbed) return;
    var seen = {};
    var nodes = document.querySelectorAll("script.explainer-chart-spec");
    Array.prototype.forEach.call(nodes, function (specNode, index) {
      var el = document.getElementById(specNode.getAttribute("data-for"));
      if (!el) return;
      // Two charts with the same key on one page are told apart by their order.
      var key = el.getAttribute("data-key") || "chart";
      seen[key] = (seen[key] || 0) + 1;
      charts.push({
        el: el,
        specNode: specNode,
        key: seen[key] > 1 ? key + "-" + seen[key] : key,
        filename: pageName() + "-figure-" + (index + 1),
      });
    });
    var view = readerWindow();
    var visible = charts.filter(function (chart) {
      return inWindow(chart.el, view);
    });
    var order = visible.concat(
      charts.filter(function (chart) {
        return visible.indexOf(chart) < 0;
      })
    );
    var queue = Promise.resolve();
    var done = order.map(function (chart, i) {
      var drawn = queue
        .then(i ? nextTask : undefined)
        .then(function () {
          chart.spec = JSON.parse(chart.specNode.textContent);
          return embed(chart);
        })
        .then(function () {
          addToolbar(chart);
        });
      queue = drawn.catch(function () {}); // one chart failing does not stop the others
      return drawn;
    });
    window.explainerChartsReady = Promise.all(done);
  }

  /* The theme switch changes <html data-theme>: redraw each chart in the new colours with
   * the reader's settings. */
  function followTheme() {
    var theme = pageTheme();
    return Promise.all(
      charts.map(function (chart) {
        if (!chart.view || chart.theme === theme) return undefined;
        var values = currentValues(chart);
        chart.result.finalize();
        return embed(chart, values);
      })
    );
  }

  /* Charts of width "container" re-measure their container on the window's resize event,
   * which can fire before the new layout has settled (the sidebar appears when a phone-width
   * window grows): the chart is then drawn far wider than its column and shrunk to fit, with
   * tiny text. When a chart's container changes size and the drawing no longer matches it,
   * send one more resize event, after layout, so Vega measures again. */
  var remeasureQueued = false;
  function remeasureIfNeeded() {
    if (remeasureQueued) return;
    remeasureQueued = true;
    requestAnimationFrame(function () {
      remeasureQueued = false;
      var stale = charts.some(function (chart) {
        var svg = chart.view && chart.el.querySelector("svg");
        return svg && Math.abs(Number(svg.getAttribute("width")) - chart.el.clientWidth) > 1;
      });
      if (stale) window.dispatchEvent(new Event("resize"));
    });
  }

  function start() {
    window.explainerChartsReady = Promise.resolve();
    drawAll();
    if (window.ResizeObserver) {
      var observer = new ResizeObserver(remeasureIfNeeded);
      charts.forEach(function (chart) {
        observer.observe(chart.el);
      });
    }
    // After any drawing under way, so a chart is never embedded twice at once.
    new MutationObserver(function () {
      var before = window.explainerChartsReady.catch(function () {});
      window.explainerChartsReady = before.then(followTheme);
    }).observe(root, { attributes: true, attributeFilter: ["data-theme"] });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
