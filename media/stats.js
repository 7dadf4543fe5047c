// "EAD: Show switch stats": the session's numbers and the last completion's entropy timeline.
(function () {
  "use strict";
  const { vscode, h, s, fill, pct, num, ms, bits, isNum, shareBar, legendItem, chartWidth } = window.ead;
  const app = document.getElementById("app");

  const PHASE_NAMES = { prefill: "prefill", decode: "decode", catchUp: "catch-up", verify: "verify" };

  /** A number of milliseconds without its unit (the unit follows once, so "ms" does not wrap alone). */
  const msValue = (v) => (isNum(v) ? Math.round(v).toLocaleString("en-US") : "–");

  function stat(key, label, value, detail) {
    return h("div", { class: "card", dataset: { stat: key } }, h("div", { class: "label" }, label), h("div", { class: "value" }, value), detail ? h("div", { class: "detail" }, detail) : null);
  }

  /** Entropy per token of the last completion: bars coloured by writer, the rolling mean, the threshold. */
  function timeline(last) {
    const tokens = last.tokens;
    const n = tokens.length;
    const W = chartWidth(640);
    const H = 180;
    // The right margin holds the threshold's label, clear of the bars.
    const pad = { l: 34, r: 78, t: 10, b: 20 };
    const top = Math.max(1, ...tokens.map((t) => (isNum(t.entropy) ? t.entropy : 0)), ...tokens.map((t) => (isNum(t.rolling) ? t.rolling : 0)));
    // A threshold far above every entropy would flatten the bars: it is then marked at the top edge.
    const thresholdAbove = isNum(last.threshold) && last.threshold > top * 1.5;
    const maxH = Math.max(top, isNum(last.threshold) && !thresholdAbove ? last.threshold : 0) * 1.1;
    // Few tokens get narrow bars from the left rather than a few giant blocks.
    const slot = Math.min(24, (W - pad.l - pad.r) / Math.max(1, n));
    const x = (i) => pad.l + i * slot;
    const bw = Math.max(1, slot - 1);
    const y = (v) => pad.t + (1 - Math.min(v, maxH) / maxH) * (H - pad.t - pad.b);
    const g = s("svg", { class: "chart timeline", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Entropy of each token of the last completion" });
    const ticks = 4;
    for (let k = 0; k <= ticks; k++) {
      const v = (maxH * k) / ticks;
      g.appendChild(s("line", { class: "grid", x1: pad.l, x2: W - pad.r, y1: y(v), y2: y(v) }));
      g.appendChild(s("text", { class: "axis", x: pad.l - 4, y: y(v) + 3, "text-anchor": "end" }, v.toFixed(1)));
    }
    tokens.forEach((t, i) => {
      const e = isNum(t.entropy) ? t.entropy : 0;
      g.appendChild(
        s(
          "rect",
          { class: `bar ${t.model}`, x: x(i), y: y(e), width: bw, height: Math.max(0.5, y(0) - y(e)), dataset: { model: t.model } },
          s("title", {}, `#${i + 1} ${JSON.stringify(t.text)} · ${t.model} model · entropy ${bits(t.entropy)} · rolling mean ${bits(t.rolling)}`),
        ),
      );
    });
    if (n > 0) {
      const points = tokens.map((t, i) => `${x(i) + bw / 2},${y(isNum(t.rolling) ? t.rolling : 0)}`).join(" ");
      g.appendChild(s("polyline", { class: "rolling", points }));
    }
    const labelX = W - pad.r + 6;
    if (thresholdAbove) {
      g.appendChild(
        s("text", { class: "axis threshold-label", x: labelX, y: pad.t + 6 }, s("tspan", { x: labelX }, `threshold ${bits(last.threshold)} ↑`), s("tspan", { x: labelX, dy: 12 }, "above every"), s("tspan", { x: labelX, dy: 12 }, "token")),
      );
    } else if (isNum(last.threshold)) {
      g.appendChild(s("line", { class: "threshold", x1: pad.l, x2: W - pad.r, y1: y(last.threshold), y2: y(last.threshold) }));
      g.appendChild(s("text", { class: "axis threshold-label", x: labelX, y: y(last.threshold) + 3 }, `threshold ${bits(last.threshold)}`));
    }
    g.appendChild(s("text", { class: "axis", x: pad.l, y: H - 5 }, "token →"));
    g.appendChild(s("text", { class: "axis", x: 2, y: H - 5 }, "bits"));
    return g;
  }

  /** The last completion's text, token by token, coloured by writer. */
  function tokenStrip(last) {
    return h(
      "pre",
      { class: "tokens" },
      last.tokens.map((t, i) => h("span", { class: `tok ${t.model}`, title: `#${i + 1} ${t.model} · entropy ${bits(t.entropy)} · rolling ${bits(t.rolling)}` }, t.text)),
    );
  }

  function legend() {
    return h(
      "div",
      { class: "legend" },
      legendItem("small", "small model"),
      legendItem("large", "large model"),
      legendItem("rolling", "rolling mean"),
      legendItem("threshold", "threshold"),
    );
  }

  /** The threshold each recent `ead` completion ran with: under the budget it follows the code. */
  function thresholdChart(points) {
    if (points.length < 2) return h("p", { class: "muted" }, "The chart fills in after two ead completions.");
    const W = chartWidth(600), H = 140, pad = { l: 40, r: 10, t: 10, b: 20 };
    const ys = points.map((p) => p.threshold);
    const lo = Math.min(...ys), hi = Math.max(...ys);
    const span = hi - lo > 1e-6 ? hi - lo : 1;
    const x = (i) => pad.l + (i / (points.length - 1)) * (W - pad.l - pad.r);
    const y = (v) => pad.t + (1 - (v - lo) / span) * (H - pad.t - pad.b);
    const g = s("svg", { class: "chart threshold-history", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Effective threshold of each recent completion" });
    g.appendChild(s("polyline", { class: "threshold", fill: "none", points: points.map((p, i) => `${x(i)},${y(p.threshold)}`).join(" ") }));
    g.appendChild(s("text", { class: "axis", x: pad.l - 4, y: y(hi) + 4, "text-anchor": "end" }, bits(hi)));
    g.appendChild(s("text", { class: "axis", x: pad.l - 4, y: y(lo), "text-anchor": "end" }, bits(lo)));
    g.appendChild(s("text", { class: "axis", x: W - pad.r, y: H - 4, "text-anchor": "end" }, `last ${points.length} completions (bits)`));
    return g;
  }

  /** The context the last engine request carried (chunks from other files; characters, as the editor counts them). */
  function contextCard(c) {
    if (!c || !c.requested) return stat("context", "Context, last request", "–", "No request has reached the engine yet.");
    if (c.chunks === 0) return stat("context", "Context, last request", "0 chunks", "None sent: context is off, or nothing from other files was gathered yet.");
    return stat(
      "context",
      "Context, last request",
      `${num(c.chunks)} chunk${c.chunks === 1 ? "" : "s"}`,
      `from ${num(c.files)} file${c.files === 1 ? "" : "s"} · ${num(c.chars)} characters · at most ${num(c.maxTokens)} tokens`,
    );
  }

  function render(summary, threshold, models, budgetTarget, context) {
    const total = summary.smallTokens + summary.largeTokens;
    const evaluatedTotal = summary.evaluated.small + summary.evaluated.large;
    const header = h(
      "header",
      {},
      h("h1", {}, "EAD switch stats"),
      h(
        "div",
        { class: "actions" },
        h("button", { id: "open-settings", class: "secondary", onclick: () => vscode.postMessage({ type: "openSettings" }) }, "Settings panel"),
        h("button", { id: "reset", onclick: () => vscode.postMessage({ type: "reset" }) }, "Reset"),
      ),
    );
    const since = new Date(summary.since);
    const intro = h(
      "p",
      { class: "muted" },
      `This session since ${since.toLocaleTimeString()}. `,
      // Under the budget the threshold in force is its effective one, the same the settings panel shows.
      isNum(budgetTarget)
        ? h("span", { id: "threshold-now" }, `Effective threshold now: ${bits(threshold)} bits (the budget moves it to keep the large model near ${Math.round(budgetTarget * 100)} % of the tokens over the long run).`)
        : h("span", { id: "threshold-now" }, `Threshold: ${bits(threshold)} bits (fixed).`),
      // "Models: a (small) + b (large)" and "Small model on CPU, large model on GPU (cuda)".
      ...(typeof models === "string" ? models.split("\n").map((line) => h("span", { class: "models-line", dataset: { stat: "models" } }, h("br", {}), line)) : []),
    );
    const cards = h(
      "section",
      { class: "cards" },
      stat("completions", "Completions", num(summary.completions), Object.entries(summary.modes).map(([m, c]) => `${m}: ${c}`).join(" · ")),
      stat("tokens", "Tokens written", num(total), h("span", {}, h("span", { class: "small-text", dataset: { stat: "smallTokens" } }, num(summary.smallTokens)), " small · ", h("span", { class: "large-text", dataset: { stat: "largeTokens" } }, num(summary.largeTokens)), " large")),
      stat("largeShare", "Large-model share", pct(summary.largeShare), shareBar(summary.smallTokens, summary.largeTokens, `${num(summary.smallTokens)} small, ${num(summary.largeTokens)} large tokens`)),
      stat("switchesPerCompletion", "Switches per completion", num(summary.switchesPerCompletion, 2), `${num(summary.switches)} switch${summary.switches === 1 ? "" : "es"} in all`),
      stat("paramCostSaved", "Parameter-weighted cost saved", pct(summary.paramCostSaved), `cost ${num(summary.paramCost, 3)} of large-only (the paper's measure)`),
      stat(
        "evaluated",
        "Tokens evaluated",
        num(evaluatedTotal),
        h(
          "span",
          {},
          h("span", { dataset: { stat: "evaluatedSmall" } }, num(summary.evaluated.small)),
          " small · ",
          h("span", { dataset: { stat: "evaluatedLarge" } }, num(summary.evaluated.large)),
          " large (prompt, catch-up, generation)",
          summary.stoppedEarly ? h("span", { class: "muted", dataset: { stat: "stoppedEarly" } }, `; ${num(summary.stoppedEarly)} completion${summary.stoppedEarly === 1 ? "" : "s"} stopped early, at the end of the shown text`) : null,
        ),
      ),
      stat("rollbacks", "Rollbacks", num(summary.rollbacks || 0), `${num(summary.rewritten || 0)} small-model tokens rewritten by the large model`),
      stat("latency", "Latency p50 / p95", h("span", {}, h("span", { dataset: { stat: "p50" } }, msValue(summary.latency.p50)), " / ", h("span", { dataset: { stat: "p95" } }, msValue(summary.latency.p95)), h("span", { class: "unit" }, " ms")), `mean ${ms(summary.latency.mean)}`),
      contextCard(context),
    );
    const phases = summary.phaseMs;
    const phaseTotal = phases.prefill + phases.decode + phases.catchUp + phases.verify;
    const phaseBar = h(
      "section",
      { class: "phases" },
      h("h2", {}, "Engine time by phase"),
      phaseTotal > 0
        ? h(
            "div",
            { class: "phase-row" },
            ["prefill", "decode", "catchUp", "verify"].map((k) => {
              // A name only where the segment is wide enough for all of it (about 7 px a character); the legend names every phase.
              const fits = (phases[k] / phaseTotal) * chartWidth(600) >= PHASE_NAMES[k].length * 7 + 8;
              const seg = h("span", { class: `phase ${k}`, title: `${PHASE_NAMES[k]}: ${ms(phases[k])}` }, fits ? PHASE_NAMES[k] : "");
              seg.style.width = `${(phases[k] / phaseTotal) * 100}%`;
              return seg;
            }),
          )
        : h("p", { class: "muted" }, "No engine time yet."),
      // Every phase named with its time, also those too thin to carry a label in the bar.
      phaseTotal > 0
        ? h(
            "div",
            { class: "legend phase-legend" },
            ["prefill", "decode", "catchUp", "verify"].map((k) =>
              legendItem(`phase ${k}`, `${PHASE_NAMES[k]} ${ms(phases[k])} (${pct(phases[k] / phaseTotal)})`, { dataset: { phase: k } }),
            ),
          )
        : null,
    );
    const thresholdSection = h("section", { class: "threshold-history" }, h("h2", {}, "Effective threshold over time"), thresholdChart(summary.thresholdHistory || []));
    const last = summary.last;
    const lastSection = h(
      "section",
      { class: "last" },
      h("h2", {}, "Last completion"),
      last
        ? [
            h(
              "p",
              { class: "muted", id: "last-summary" },
              `${last.mode} mode · ran with threshold ${bits(last.threshold)} · window ${num(last.window)} · ${num(last.smallTokens)} small + ${num(last.largeTokens)} large tokens · ${num(last.switches)} switch${last.switches === 1 ? "" : "es"} · ${ms(last.latencyMs)}`,
            ),
            legend(),
            timeline(last),
            tokenStrip(last),
          ]
        : h("p", { class: "muted" }, "No completion yet. Type in an editor and wait for a suggestion."),
    );
    fill(app, header, intro, cards, phaseBar, thresholdSection, lastSection);
  }

  window.addEventListener("message", (event) => {
    const msg = event.data;
    if (msg && msg.type === "state" && msg.summary) render(msg.summary, msg.threshold, msg.models, msg.budgetTarget, msg.context);
  });
  vscode.postMessage({ type: "ready" });
})();
