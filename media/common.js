// Helpers shared by the extension's webviews: DOM and SVG builders (text always goes in as text, never as
// markup), number formats, and the one VS Code API handle a webview may acquire.
(function () {
  "use strict";
  const vscode = acquireVsCodeApi();
  const SVG = "http://www.w3.org/2000/svg";

  function append(el, children) {
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      el.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    }
    return el;
  }

  function setAttrs(el, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") el.setAttribute("class", v);
      else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
      else if (k === "dataset") Object.assign(el.dataset, v);
      else el.setAttribute(k, v === true ? "" : String(v));
    }
    return el;
  }

  /** HTML element. */
  function h(tag, attrs, ...children) {
    return append(setAttrs(document.createElement(tag), attrs), children);
  }

  /** SVG element. */
  function s(tag, attrs, ...children) {
    return append(setAttrs(document.createElementNS(SVG, tag), attrs), children);
  }

  const isNum = (v) => typeof v === "number" && Number.isFinite(v);
  const pct = (v, digits = 1) => (isNum(v) ? `${(v * 100).toFixed(digits)}%` : "–");
  const num = (v, digits = 0) => (isNum(v) ? v.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "–");
  const ms = (v) => (isNum(v) ? `${Math.round(v).toLocaleString("en-US")} ms` : "–");
  const bits = (v) => (isNum(v) ? v.toFixed(2) : v === Infinity ? "∞" : "–");

  /** Replaces the children of `el`. */
  function fill(el, ...children) {
    el.replaceChildren();
    return append(el, children);
  }

  /** A stacked horizontal bar of small vs large tokens. */
  function shareBar(small, large, label) {
    const total = small + large;
    const w = 300;
    const ws = total ? (small / total) * w : 0;
    return s(
      "svg",
      { class: "share-bar", viewBox: `0 0 ${w} 14`, preserveAspectRatio: "none", role: "img", "aria-label": label },
      s("title", {}, label),
      total ? s("rect", { class: "small", x: 0, y: 0, width: ws, height: 14 }) : null,
      total ? s("rect", { class: "large", x: ws, y: 0, width: w - ws, height: 14 }) : s("rect", { class: "empty", x: 0, y: 0, width: w, height: 14 }),
    );
  }

  /** A legend entry: the swatch and its label kept together when the legend wraps. */
  function legendItem(swatchClass, label, attrs) {
    return h("span", { ...(attrs || {}), class: "legend-item" }, h("span", { class: `swatch ${swatchClass}` }), label);
  }

  /**
   * Width (in SVG units) for a chart drawn at 100% of the page's width: the page's own width, so that
   * text in the chart shows at its CSS size instead of being scaled down in a narrow panel.
   */
  function chartWidth(fallback) {
    const app = document.getElementById("app");
    const w = app ? app.clientWidth : 0;
    return w > 0 ? Math.max(300, Math.min(960, Math.round(w))) : fallback;
  }

  window.ead = { vscode, h, s, fill, pct, num, ms, bits, isNum, shareBar, legendItem, chartWidth };
})();
