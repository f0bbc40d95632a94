/* Export: PNG and SVG of the chart as drawn, framed so the image reads on its own: the
 * chart's title and takeaway above it; its source line, the settings it was drawn with, its
 * readouts and the address of the view under it. The file is named after its figure
 * ("fig-11-scenario-projections.png"). */
import { displayValue, labelText, shownValue } from "./controls.js";
import { readoutLines } from "./readouts-hook.js";
import { paletteOf } from "./theme.js";
import { addressOfView } from "./url-state.js";

const TITLE_SIZE = 15;
const FONT_SIZE = 12;
const TITLE_LINE = 20;
const LINE = 16;
const PAD = 8;

// The font of the chart's axis labels (the compiled spec's "guide-label" style).
const fontFamily = (chart) => chart.spec.config?.style?.["guide-label"]?.font ?? "sans-serif";

/* The settings line: each control's label (without its unit) and its value as shown. */
const settingsLine = (chart) => {
  const settings = chart.bindings.map((binding) => {
    const label = labelText(binding).replace(/\s*\([^()]*\)\s*$/, "");
    return `${label}: ${displayValue(binding, shownValue(chart, binding))}`;
  });
  return settings.length ? [`Settings: ${settings.join("; ")}.`] : [];
};

/** What an exported image says above and below the drawing. */
export const exportText = (chart) => ({
  header: [chart.frame.title, chart.frame.takeaway].filter(Boolean),
  footer: [
    ...(chart.source ? [chart.source] : []),
    ...settingsLine(chart),
    ...readoutLines(chart),
    `From\u00a0${addressOfView(chart)}`,
  ],
});

const measurer = () => document.createElement("canvas").getContext("2d");

// A word too long for a line (an address with its settings) broken where the line ends.
const hardBreak = (ctx, word, width) => {
  const pieces = [];
  let piece = "";
  for (const char of word) {
    if (piece && ctx.measureText(piece + char).width > width) {
      pieces.push(piece);
      piece = "";
    }
    piece += char;
  }
  return [...pieces, piece];
};

// Lines broken at spaces to fit `width` (a no-break space keeps two words together).
const wrap = (lines, width, font) => {
  const ctx = measurer();
  ctx.font = font;
  const out = [];
  for (const line of lines) {
    let current = "";
    for (const word of line.split(" ")) {
      const next = current ? `${current} ${word}` : word;
      if (ctx.measureText(next).width <= width) {
        current = next;
        continue;
      }
      if (current) out.push(current);
      const pieces = hardBreak(ctx, word, width);
      out.push(...pieces.slice(0, -1));
      current = pieces.at(-1);
    }
    if (current) out.push(current);
  }
  return out;
};

/* The text of the frame laid out for a drawing `width` wide: each line with its font, its
 * colour and its baseline offset from the top of its block. */
const layout = (chart, width) => {
  const family = fontFamily(chart);
  const titleFont = `bold ${TITLE_SIZE}px ${family}`;
  const font = `${FONT_SIZE}px ${family}`;
  const { header, footer } = exportText(chart);
  const colours = paletteOf(chart.theme);
  const top = [];
  let y = PAD;
  header.forEach((text, i) => {
    const isTitle = i === 0 && Boolean(chart.frame.title);
    const lineFont = isTitle ? titleFont : font;
    for (const line of wrap([text], width - 2 * PAD, lineFont)) {
      y += isTitle ? TITLE_LINE : LINE;
      top.push({ text: line, font: lineFont, fill: isTitle ? colours.text : colours.muted, y });
    }
  });
  const headerHeight = top.length ? y + PAD : 0;
  const bottom = wrap(footer, width - 2 * PAD, font).map((text, i) => ({
    text,
    font,
    fill: colours.text,
    y: PAD + FONT_SIZE + i * LINE,
  }));
  const footerHeight = bottom.length * LINE + 2 * PAD;
  return { top, bottom, headerHeight, footerHeight, background: colours.background };
};

const download = (blob, filename) => {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
};

export const exportPng = async (chart) => {
  const scale = 2; // sharp on high-density screens and in print
  const drawn = await chart.view.toCanvas(scale);
  const width = drawn.width / scale;
  const frame = layout(chart, width);
  const canvas = document.createElement("canvas");
  canvas.width = drawn.width;
  canvas.height = drawn.height + (frame.headerHeight + frame.footerHeight) * scale;
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = frame.background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(drawn, 0, frame.headerHeight * scale);
  ctx.scale(scale, scale);
  ctx.textBaseline = "alphabetic";
  const put = (line, offset) => {
    ctx.font = line.font;
    ctx.fillStyle = line.fill;
    ctx.fillText(line.text, PAD, offset + line.y);
  };
  for (const line of frame.top) put(line, 0);
  for (const line of frame.bottom) put(line, frame.headerHeight + drawn.height / scale);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
  download(blob, `${chart.filename}.png`);
};

const SVG_NS = "http://www.w3.org/2000/svg";

const textElement = (doc, line, offset) => {
  const text = doc.createElementNS(SVG_NS, "text");
  text.setAttribute("x", String(PAD));
  text.setAttribute("y", String(offset + line.y));
  text.setAttribute("fill", line.fill);
  text.setAttribute("style", `font: ${line.font}`);
  text.textContent = line.text;
  return text;
};

export const exportSvg = async (chart) => {
  const markup = await chart.view.toSVG();
  const doc = new DOMParser().parseFromString(markup, "image/svg+xml");
  const svg = doc.documentElement;
  const width = Number(svg.getAttribute("width"));
  const height = Number(svg.getAttribute("height"));
  const frame = layout(chart, width);
  const total = frame.headerHeight + height + frame.footerHeight;
  // The drawing moves down under the header: its children into one translated group.
  const drawing = doc.createElementNS(SVG_NS, "g");
  drawing.setAttribute("transform", `translate(0,${frame.headerHeight})`);
  drawing.append(...svg.childNodes);
  const background = doc.createElementNS(SVG_NS, "rect");
  background.setAttribute("width", String(width));
  background.setAttribute("height", String(total));
  background.setAttribute("fill", frame.background);
  const header = doc.createElementNS(SVG_NS, "g");
  header.setAttribute("class", "explainer-export-header");
  header.append(...frame.top.map((line) => textElement(doc, line, 0)));
  const footer = doc.createElementNS(SVG_NS, "g");
  footer.setAttribute("class", "explainer-export-footer");
  const below = frame.headerHeight + height;
  footer.append(...frame.bottom.map((line) => textElement(doc, line, below)));
  svg.append(background, header, drawing, footer);
  svg.setAttribute("height", String(total));
  svg.setAttribute("viewBox", `0 0 ${width} ${total}`);
  const xml = new XMLSerializer().serializeToString(doc);
  download(new Blob([xml], { type: "image/svg+xml" }), `${chart.filename}.svg`);
};
