// "EAD: Open settings panel": sliders and numbers for the decoding settings, the entropy histogram with
// the threshold, the large share it would have given, calibration to a target share, provenance colours
// and context from other files.
(function () {
  "use strict";
  const { vscode, h, s, fill, pct, num, bits, isNum, legendItem, chartWidth } = window.ead;
  const app = document.getElementById("app");
  const SCOPE_LABELS = { default: "Default", user: "User", workspace: "Workspace", workspaceFolder: "Folder" };
  let state = null;
  let built = false;
  /** Threshold being previewed while its slider moves (before the setting is written). */
  let preview = null;
  /** A slider the pointer is holding: state updates arriving meanwhile must not move it. */
  let dragging = null;
  const controls = {};

  /** Large share from the precomputed curve at a threshold (the panel does not run the policy itself). */
  function curveShare(t) {
    const c = state && state.curve;
    if (!c || !c.shares.length) return null;
    const i = Math.max(0, Math.min(c.shares.length - 1, Math.floor((t - c.from) / c.step + 1e-9)));
    return c.shares[i];
  }

  /** Element ids from setting keys ("provenance.smallColor" -> "provenance-smallColor"). */
  const idOf = (key) => key.replace(/[^A-Za-z0-9]/g, "-");

  function send(key, value) {
    vscode.postMessage({ type: "set", key, value });
  }

  function numberControl(f) {
    const slider = h("input", { type: "range", id: `${idOf(f.key)}-slider`, min: f.min, max: f.max, step: f.step, "aria-label": `${f.key} slider` });
    const box = h("input", { type: "number", id: `${idOf(f.key)}-number`, min: f.min, max: f.max, step: f.step, "aria-label": f.key });
    slider.addEventListener("input", () => {
      box.value = slider.value;
      if (f.key === "threshold") {
        preview = Number(slider.value);
        drawChart();
      }
    });
    slider.addEventListener("pointerdown", () => (dragging = slider));
    slider.addEventListener("pointerup", () => (dragging = null));
    slider.addEventListener("change", () => {
      dragging = null;
      send(f.key, Number(slider.value));
    });
    box.addEventListener("change", () => {
      let v = Number(box.value);
      if (!isNum(v) || box.value.trim() === "") return showLocalError(`${f.key} needs a number.`);
      if (f.integer) v = Math.round(v);
      v = Math.min(f.max, Math.max(f.min, v));
      box.value = String(v);
      slider.value = String(v);
      send(f.key, v);
    });
    return {
      inputs: [slider, box],
      set: (v) => {
        if (dragging === slider) return;
        if (document.activeElement !== box) box.value = String(v);
        slider.value = String(v);
      },
    };
  }

  function enumControl(f) {
    const select = h(
      "select",
      { id: `${idOf(f.key)}-select`, "aria-label": f.key },
      f.options.map((o, i) => h("option", { value: o, title: f.optionDescriptions[i] || "" }, o)),
    );
    select.addEventListener("change", () => send(f.key, select.value));
    return { inputs: [select], set: (v) => (select.value = String(v)) };
  }

  function booleanControl(f) {
    const box = h("input", { type: "checkbox", id: `${idOf(f.key)}-check`, "aria-label": f.key });
    box.addEventListener("change", () => send(f.key, box.checked));
    return { inputs: [box], set: (v) => (box.checked = v === true) };
  }

  /** A CSS colour as text (empty = the theme colour) with a swatch of what the editor will show. */
  function colorControl(f) {
    // Webviews name a theme colour "--vscode-" + its id with only the first dot made a dash.
    const themeVar = f.key.endsWith("smallColor") ? "--vscode-ead-provenance\\.smallBackground" : "--vscode-ead-provenance\\.largeBackground";
    const text = h("input", { type: "text", id: `${idOf(f.key)}-text`, placeholder: "theme colour", spellcheck: "false", "aria-label": f.key, class: "color-text" });
    const swatch = h("span", { class: "color-swatch", title: "How accepted text will look" }, "text");
    const paint = (v) => {
      swatch.style.background = v ? v : `var(${themeVar})`;
    };
    text.addEventListener("input", () => paint(text.value.trim()));
    text.addEventListener("change", () => send(f.key, text.value.trim()));
    return {
      inputs: [text, swatch],
      set: (v) => {
        if (document.activeElement !== text) text.value = typeof v === "string" ? v : "";
        paint(text.value.trim());
      },
    };
  }

  function showLocalError(text) {
    fill(document.getElementById("notice"), h("p", { class: "notice error" }, text));
  }

  function build() {
    const row = (f) => {
      const control = f.kind === "number" ? numberControl(f) : f.kind === "enum" ? enumControl(f) : f.kind === "boolean" ? booleanControl(f) : colorControl(f);
      const scope = h("span", { class: "scope", id: `${idOf(f.key)}-scope` });
      const reset = h("button", { class: "link", id: `${idOf(f.key)}-reset`, title: `Remove this ${f.key} value so the next scope's value applies`, onclick: () => vscode.postMessage({ type: "reset", key: f.key }) }, "reset");
      controls[f.key] = { ...control, scope, reset, field: f };
      return h(
        "div",
        { class: "setting", dataset: { key: f.key } },
        h("div", { class: "setting-head" }, h("label", { for: control.inputs[control.inputs.length - 1].id || control.inputs[0].id }, f.key), scope, reset),
        h("div", { class: "setting-inputs" }, control.inputs),
        h("div", { class: "description" }, f.description),
      );
    };
    // Sections by the setting's group ("provenance.", "context."); the rest are decoding settings.
    const group = (f) => (f.key.startsWith("provenance.") ? "provenance" : f.key.startsWith("context.") ? "context" : "decoding");
    const rows = state.fields.filter((f) => group(f) === "decoding").map(row);
    const provenanceRows = state.fields.filter((f) => group(f) === "provenance").map(row);
    const contextRows = state.fields.filter((f) => group(f) === "context").map(row);
    // A share is a fraction wherever it is typed in (as ead.largeShareTarget is): 0.3 is 30 %.
    const target = h("input", { type: "number", id: "calibrate-target", min: 0, max: 1, step: 0.05, value: 0.3, "aria-label": "target large share, fraction 0 to 1" });
    // Calibrating sets the fixed threshold, so it is offered only while that threshold is in use.
    const calibrate = h(
      "section",
      { class: "calibrate", id: "calibrate-section" },
      h("h2", {}, "Calibrate the fixed threshold"),
      h("p", { class: "description" }, "Pick the threshold whose large-model share on this session's recent completions is closest to a target share (a fraction, as in largeShareTarget: 0.3 is 30 %). The window and stability rule stay as set."),
      h(
        "div",
        { class: "setting-inputs" },
        h("label", { for: "calibrate-target" }, "Target large share (0-1)"),
        target,
        h(
          "button",
          {
            id: "calibrate",
            onclick: () => {
              const v = Number(target.value);
              if (!isNum(v) || v < 0 || v > 1 || target.value.trim() === "") return showLocalError("The target share is a fraction from 0 to 1 (0.3 is 30 %).");
              vscode.postMessage({ type: "calibrate", target: v });
            },
          },
          "Calibrate",
        ),
      ),
    );
    fill(
      app,
      h("header", {}, h("h1", {}, "EAD settings"), h("div", { class: "actions" }, h("button", { class: "secondary", id: "open-stats", onclick: () => vscode.postMessage({ type: "openStats" }) }, "Switch stats"))),
      h("div", { id: "notice" }),
      h("section", { class: "histogram" }, h("h2", {}, "Recent token entropies"), h("div", { id: "budget-line", class: "share-line" }), h("div", { id: "share-line", class: "share-line" }), h("div", { id: "chart" })),
      calibrate,
      h("section", { class: "settings" }, h("h2", {}, "Decoding"), rows),
      h("section", { class: "settings" }, h("h2", {}, "Provenance colours"), provenanceRows),
      h(
        "section",
        { class: "settings", id: "context-section" },
        h("h2", {}, "Context from other files"),
        h("p", { class: "description" }, "Code from the rest of the project sent before each prompt. Off when unchecked or when the token bound is 0; the stats view shows what the last request carried."),
        contextRows,
      ),
    );
    built = true;
  }

  /** "budget: N % large" or "threshold: N bits", with what the budget has made of it lately. */
  function budgetLine(b) {
    if (!b) return h("span", { class: "muted" }, "The effective threshold shows once a model pair is loaded.");
    if (b.switching !== "budget") return [h("strong", {}, `Threshold: ${bits(b.effectiveThreshold)} bits`), " (fixed; set switching to budget to hold a large share instead)."];
    const realised = isNum(b.realisedShare)
      ? `realised ${pct(b.realisedShare)} over the last ${num(b.thresholds.length)} completion${b.thresholds.length === 1 ? "" : "s"}`
      : // The budget is learned per pair, window and top-K: a new window starts from the pair's starting point.
        "nothing learned yet for this pair, window and top-K: it starts from the pair's starting calibration (a window or top-K used before gets back what it learned)";
    return [
      h("strong", { id: "budget-value" }, `Budget: ${Math.round(b.target * 100)} % large over the long run`),
      " · effective threshold ",
      h("strong", { id: "effective-threshold" }, bits(b.effectiveThreshold)),
      ` bits · ${realised}.`,
    ];
  }

  /** Under the budget the effective threshold is the one in force; the fixed one is only a fallback. */
  function underBudget() {
    return !!state && state.values.switching === "budget";
  }

  /** The effective threshold the budget reports, once a pair is loaded. */
  function effectiveThreshold() {
    const b = state && state.budget;
    return b && b.switching === "budget" && isNum(b.effectiveThreshold) ? b.effectiveThreshold : null;
  }

  function drawChart() {
    const hist = state.histogram;
    const budgeted = underBudget() && effectiveThreshold() !== null;
    const threshold = budgeted ? effectiveThreshold() : preview !== null ? preview : state.values.threshold;
    const share = budgeted ? curveShare(threshold) : preview !== null ? curveShare(preview) : state.share;
    const shareLine = document.getElementById("share-line");
    if (state.completions === 0) {
      fill(shareLine, h("span", { class: "muted" }, "No completions yet this session: the histogram and the share fill in as suggestions are made."));
    } else {
      fill(
        shareLine,
        budgeted ? "The effective threshold " : "Threshold ",
        h("strong", { id: "threshold-value" }, bits(threshold)),
        " bits would have given the large model ",
        h("strong", { id: "share-value" }, pct(share)),
        ` of the tokens of the last ${num(state.completions)} completion${state.completions === 1 ? "" : "s"} (${num(hist.total)} tokens, replayed with the current window and stability rule).`,
      );
    }
    fill(document.getElementById("budget-line"), budgetLine(state.budget));
    const W = chartWidth(640);
    const H = 184;
    // The top margin holds the threshold's label, clear of the bars.
    const pad = { l: 36, r: 12, t: 24, b: 36 };
    const bins = hist.small.length;
    const top = Math.max(hist.max, isNum(threshold) ? threshold : 0);
    const counts = hist.small.map((c, i) => c + hist.large[i]);
    // Whole-number count ticks: at most 4 of them.
    const tick = Math.max(1, Math.ceil(Math.max(...counts, 1) / 4));
    const maxC = tick * Math.max(1, Math.ceil(Math.max(...counts, 1) / tick));
    const x = (v) => pad.l + (v / top) * (W - pad.l - pad.r);
    const y = (c) => pad.t + (1 - c / maxC) * (H - pad.t - pad.b);
    const svg = s("svg", { class: "chart histogram-chart", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Histogram of recent token entropies" });
    for (let c = 0; c <= maxC; c += tick) {
      svg.appendChild(s("line", { class: "grid", x1: pad.l, x2: W - pad.r, y1: y(c), y2: y(c) }));
      svg.appendChild(s("text", { class: "axis", x: pad.l - 4, y: y(c) + 3, "text-anchor": "end" }, String(c)));
    }
    for (let i = 0; i < bins; i++) {
      const x0 = x(i * hist.binWidth);
      const w = Math.max(1, x((i + 1) * hist.binWidth) - x0 - 1);
      const label = `${(i * hist.binWidth).toFixed(2)}–${((i + 1) * hist.binWidth).toFixed(2)} bits: ${hist.small[i]} small, ${hist.large[i]} large`;
      if (hist.small[i]) svg.appendChild(s("rect", { class: "bar small", x: x0, y: y(hist.small[i]), width: w, height: y(0) - y(hist.small[i]) }, s("title", {}, label)));
      if (hist.large[i]) svg.appendChild(s("rect", { class: "bar large", x: x0, y: y(counts[i]), width: w, height: y(hist.small[i]) - y(counts[i]) }, s("title", {}, label)));
    }
    const step = top > 8 ? 2 : 1;
    for (let v = 0; v <= top + 1e-9; v += step) {
      svg.appendChild(s("text", { class: "axis", x: x(v), y: H - pad.b + 14, "text-anchor": "middle" }, String(v)));
    }
    svg.appendChild(s("text", { class: "axis", x: (pad.l + W - pad.r) / 2, y: H - 4, "text-anchor": "middle" }, "entropy of each token (bits); bar height: tokens"));
    if (isNum(threshold)) {
      const tx = x(threshold);
      const right = tx > W * 0.75;
      svg.appendChild(s("line", { class: "threshold", id: "threshold-line", x1: tx, x2: tx, y1: pad.t - 10, y2: y(0) }));
      svg.appendChild(s("text", { class: "axis threshold-label", x: right ? tx - 4 : tx + 4, y: pad.t - 12, "text-anchor": right ? "end" : "start" }, `${budgeted ? "effective threshold" : "threshold"} ${bits(threshold)}`));
    }
    fill(document.getElementById("chart"), svg, h("div", { class: "legend" }, legendItem("small", "written by the small model"), legendItem("large", "written by the large model"), legendItem("threshold", budgeted ? "effective threshold" : "threshold")));
  }

  function render() {
    if (!built) build();
    for (const [key, c] of Object.entries(controls)) {
      c.set(state.values[key]);
      const scope = state.scopes[key] || "default";
      c.scope.textContent = SCOPE_LABELS[scope] || scope;
      c.scope.className = `scope ${scope}`;
      c.scope.title = scope === "workspace" ? "Set in this workspace's settings: changes here go there." : scope === "user" ? "Set in your user settings: changes here go there." : "Not set: changes here go to your user settings.";
      c.reset.hidden = scope === "default";
    }
    // Under the budget the fixed threshold is not used: its slider is disabled and says why; calibration (which sets it) is hidden.
    const budgeted = underBudget();
    const fixed = controls.threshold;
    if (fixed) {
      for (const input of fixed.inputs) input.disabled = budgeted;
      let why = document.getElementById("threshold-why");
      if (!why) {
        why = h("div", { class: "description why", id: "threshold-why" });
        fixed.inputs[0].closest(".setting").appendChild(why);
      }
      why.textContent = budgeted
        ? `Switching is budget, so the threshold follows the code (${effectiveThreshold() !== null ? `effective ${bits(effectiveThreshold())} bits now` : "the effective one shows once a pair is loaded"}); this fixed value only stands in until the budget has seen a new pair's first tokens. Set switching to threshold to use it.`
        : "";
    }
    const calibrateSection = document.getElementById("calibrate-section");
    if (calibrateSection) calibrateSection.hidden = budgeted;
    if (!dragging) preview = null;
    drawChart();
    const notice = document.getElementById("notice");
    fill(notice, state.notice ? h("p", { class: `notice ${state.notice.kind}` }, state.notice.text) : null);
  }

  window.addEventListener("message", (event) => {
    const msg = event.data;
    if (msg && msg.type === "state" && Array.isArray(msg.fields)) {
      state = msg;
      render();
    }
  });
  vscode.postMessage({ type: "ready" });
})();
