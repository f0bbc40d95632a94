/* Draws every chart on the page with the locally served Vega runtime (vega-runtime.js).
 * Each chart is a <div class="explainer-chart"> followed by its Vega-Lite spec in a
 * <script type="application/json" data-for="..."> element: inert data, never evaluated.
 * Loaded with `defer`, after the runtime, so window.vegaEmbed is defined when this runs. */
(function () {
  "use strict";
  var views = {};
  window.explainerViews = views; // for tests and for controls that talk to a chart

  function embed(specNode) {
    var el = document.getElementById(specNode.getAttribute("data-for"));
    if (!el || !window.vegaEmbed) return Promise.resolve();
    var spec = JSON.parse(specNode.textContent);
    return window
      .vegaEmbed(el, spec, {
        renderer: "svg",
        // Export is useful; the source/compiled/editor links would open other hosts.
        actions: { export: true, source: false, compiled: false, editor: false },
        // Width "container" charts follow the column; tooltips use vega-tooltip (bundled).
        tooltip: true,
      })
      .then(function (result) {
        views[el.id] = result.view;
        el.setAttribute("data-rendered", "true");
      })
      .catch(function (err) {
        el.setAttribute("data-rendered", "error");
        el.textContent = "This chart could not be drawn: " + err.message;
        throw err;
      });
  }

  function drawAll() {
    var nodes = document.querySelectorAll("script.explainer-chart-spec");
    var done = Array.prototype.map.call(nodes, embed);
    window.explainerChartsReady = Promise.all(done);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
