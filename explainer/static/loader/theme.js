/* Light and dark: a chart is compiled for the light page; in dark mode every colour of a role
 * (explainer/style.py) is swapped for that role's dark value, exactly, and Vega's own default
 * colours (background, axes, legends, titles) are set from the neutral roles. Colours that
 * name no role are kept. */
import { DARK_MAP, ROLES } from "./roles.js";

const root = document.documentElement;

export const pageTheme = () => (root.getAttribute("data-theme") === "dark" ? "dark" : "light");

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
// A colour literal inside a Vega expression: "datum.x > 1 ? '#0072b2' : '#6b6b6b'".
const QUOTED_HEX = /(['"])(#(?:[0-9a-f]{3}|[0-9a-f]{6}))\1/gi;

// "#AbC" and "#aabbcc" name the same colour: the map's keys are six-digit lower case.
const sixDigits = (hex) =>
  hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join("")}` : hex;

/** The dark value of a light colour, if it is a role's; the colour itself otherwise. */
export const darkColour = (value) => DARK_MAP[sixDigits(value.toLowerCase())] ?? value;

const recolourText = (text) => {
  if (HEX.test(text)) return darkColour(text);
  return text.replace(QUOTED_HEX, (whole, quote, hex) => quote + darkColour(hex) + quote);
};

// The chart's metadata (descriptions, readout declarations) is not drawn: left as written.
const KEEP = new Set(["usermeta", "description"]);

const recolour = (node) => {
  if (typeof node === "string") return recolourText(node);
  if (Array.isArray(node)) return node.map(recolour);
  if (node && typeof node === "object") {
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [key, KEEP.has(key) ? value : recolour(value)]),
    );
  }
  return node;
};

const isPlainObject = (value) => value && typeof value === "object" && !Array.isArray(value);

const mergeDeep = (base, over) => {
  const out = { ...base };
  for (const [key, value] of Object.entries(over || {})) {
    out[key] = isPlainObject(out[key]) && isPlainObject(value) ? mergeDeep(out[key], value) : value;
  }
  return out;
};

/** The page behind a chart and its text, in a theme (from the roles PAPER and INK). */
export const paletteOf = (theme) => ({
  background: ROLES.paper[theme],
  text: ROLES.ink[theme],
  muted: ROLES.muted[theme],
});

/* Vega's defaults for what no chart colours itself (its axis labels are black, its grid
 * light grey), given from the roles so they read on the dark page. */
const darkDefaults = () => {
  const ink = ROLES.ink.dark;
  const muted = ROLES.muted.dark;
  return {
    axis: {
      labelColor: ink,
      titleColor: ink,
      gridColor: ROLES.rule.dark,
      domainColor: muted,
      tickColor: muted,
    },
    legend: { labelColor: ink, titleColor: ink },
    title: { color: ink, subtitleColor: muted },
    text: { fill: ink },
    rule: { stroke: muted },
  };
};

/** The Vega spec to draw in a theme: as compiled in light mode, role-swapped in dark mode. */
export const themedSpec = (spec, theme) => {
  if (theme === "light") return spec;
  const dark = recolour(spec);
  dark.background = ROLES.paper.dark;
  dark.config = mergeDeep(darkDefaults(), dark.config);
  return dark;
};
