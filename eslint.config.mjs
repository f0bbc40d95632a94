// ESLint's flat config: the chart loader (explainer/static). ESLint and the two packages below
// are pinned in the Makefile (NPM_TOOLS) and installed into the venv's node_modules, so they
// are loaded from there rather than from a node_modules beside this file.
import { createRequire } from "node:module";

const require = createRequire(new URL("./.venv/package.json", import.meta.url));
const js = require("@eslint/js");
const globals = require("globals");

// Modern syntax and the mistakes that matter in a browser script, on top of "recommended".
const rules = {
  "no-var": "error",
  "prefer-const": "error",
  "prefer-arrow-callback": "error",
  "object-shorthand": "error",
  "prefer-template": "error",
  eqeqeq: ["error", "always"],
  "no-implicit-globals": "error",
  "no-shadow": "error",
  "no-unused-vars": ["error", { args: "after-used", argsIgnorePattern: "^_" }],
};

export default [
  { ignores: [".venv/**", "_build/**"] },
  {
    // The loader's sources: ES modules, joined into one script at build time
    // (explainer/loader_build.py); Vega (vega-runtime.js) is the one global they use.
    files: ["explainer/static/loader/**/*.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.browser, vega: "readonly" },
    },
    rules: { ...js.configs.recommended.rules, ...rules },
  },
  {
    // Classic scripts served as they are (the readouts module) and the built loader.
    files: ["explainer/static/*.js", "**/explainer-charts.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser, vega: "readonly" },
    },
    rules: { ...js.configs.recommended.rules, ...rules },
  },
];
