import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { SessionStats, percentile } from "../../../src/ui/stats/sessionStats";
import { RecentValues } from "../../../src/engine/budget/recentValues";
import { validateStatsMessage } from "../../../src/ui/stats/statsMessages";
import {
  PANEL_KEYS,
  entropyHistogram,
  fieldsFromSchema,
  settingProperties,
  isCssColor,
  shareCurve,
  validateSettingsMessage,
  validateValue,
  type PanelField,
} from "../../../src/ui/settings/panelModel";
import { csp, makeNonce, webviewHtml } from "../../../src/ui/webview/html";
import type { CompletionRecord } from "../../../src/completion/events";
import { DEFAULT_DECODE_SETTINGS, type ModelRole, type TokenEvent } from "../../../src/engine/types";
import { DEFAULT_TOKEN_HEALING, TOKEN_HEALING_VALUES } from "../../../src/engine/tokenHealing";

function record(models: string, entropies: number[], latencyMs: number, paramCost: number, switches = 0): CompletionRecord {
  const tokens: TokenEvent[] = [...models].map((c, i) => ({
    id: i,
    text: `t${i}`,
    model: (c === "L" ? "large" : "small") as ModelRole,
    entropy: entropies[i],
    rolling: entropies[i],
  }));
  const large = tokens.filter((t) => t.model === "large").length;
  return {
    uri: "file:///a.ts",
    text: tokens.map((t) => t.text).join(""),
    tokens,
    stats: {
      smallTokens: tokens.length - large,
      largeTokens: large,
      switches,
      evaluated: { small: 100 + tokens.length, large: 50 + large },
      reused: { small: 0, large: 0 },
      ms: { prefill: 10, decode: 20, catchUp: 5, verify: 0, total: 35 },
      paramCost,
      drafted: 0,
      accepted: 0,
      stopReason: "eog",
    },
    settings: { ...DEFAULT_DECODE_SETTINGS },
    latencyMs,
    at: 0,
  };
}

const pkg = JSON.parse(readFileSync("package.json", "utf8"));
const fields: PanelField[] = fieldsFromSchema(settingProperties(pkg.contributes.configuration));

describe("ui/stats session numbers", () => {
  it("percentile interpolates between the closest ranks, as the bench's and the budget's do", () => {
    assert.equal(percentile([], 50), null);
    assert.equal(percentile([5], 95), 5);
    const v = Array.from({ length: 100 }, (_, i) => 100 - i);
    assert.equal(percentile(v, 50), 50.5);
    assert.ok(Math.abs(percentile(v, 95)! - 95.05) < 1e-9);
    assert.equal(percentile(v, 95), new RecentValues(100, v).quantile(0.95));
  });

  it("sums completions, tokens, switches, evaluated counts and weights the cost by tokens", () => {
    const s = new SessionStats();
    s.add(record("ssLL", [0.1, 0.2, 3, 4], 100, 0.6, 1)); // 4 tokens, cost 0.6
    s.add(record("ssssssss", [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1], 300, 0.2, 0)); // 8 tokens, cost 0.2
    const sum = s.summary();
    assert.equal(sum.completions, 2);
    assert.equal(sum.smallTokens, 10);
    assert.equal(sum.largeTokens, 2);
    assert.equal(sum.largeShare, 2 / 12);
    assert.equal(sum.switches, 1);
    assert.equal(sum.switchesPerCompletion, 0.5);
    assert.ok(Math.abs(sum.paramCost! - (0.6 * 4 + 0.2 * 8) / 12) < 1e-12);
    assert.ok(Math.abs(sum.paramCostSaved! - (1 - sum.paramCost!)) < 1e-12);
    assert.deepEqual(sum.evaluated, { small: 100 + 4 + 100 + 8, large: 50 + 2 + 50 });
    assert.equal(sum.latency.p50, 200);
    assert.equal(sum.latency.p95, 290);
    assert.equal(sum.phaseMs.total, 70);
    assert.deepEqual(sum.modes, { ead: 2 });
    assert.equal(sum.stoppedEarly, 0);
    s.add({ ...record("s", [1], 5, 0.1), stats: { ...record("s", [1], 5, 0.1).stats, stopReason: "stopped" } });
    assert.equal(s.summary().stoppedEarly, 1);
    assert.equal(sum.last, null, "no completion was displayed yet");
    assert.equal(s.shown("untitled:t", "nothing like it"), undefined);
    assert.deepEqual(s.entropySequences().slice(0, 2), [[0.1, 0.2, 3, 4], [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]]);
  });

  it("the last completion is the last one the editor displayed, not the last one made", () => {
    const s = new SessionStats();
    const shownOne = record("sL", [0.5, 3], 10, 0.5);
    s.add(shownOne);
    assert.equal(s.shown("file:///a.ts", "t0t1"), shownOne);
    // Made afterwards but never displayed: post-processing left nothing, or nobody asked for it.
    s.add({ ...record("LLL", [4, 4, 4], 20, 1), text: "" });
    s.add({ ...record("ssss", [1, 1, 1, 1], 30, 0.1), uri: "file:///other.ts" });
    assert.equal(s.summary().completions, 3);
    assert.equal(s.summary().last?.tokens.length, 2);
    assert.equal(s.summary().last?.latencyMs, 10);
    // The rest of a suggestion the user types through counts as that suggestion.
    const typed = record("ssL", [0.1, 0.2, 3], 40, 0.4);
    s.add(typed);
    assert.equal(s.shown("file:///a.ts", "1t2"), typed);
    assert.equal(s.summary().last?.latencyMs, 40);
    assert.equal(s.shown("file:///a.ts", ""), undefined);
  });

  it("reset clears everything", () => {
    const s = new SessionStats();
    s.add(record("sL", [1, 3], 10, 0.5));
    s.shown("file:///a.ts", "t0t1");
    s.reset();
    const sum = s.summary();
    assert.equal(sum.completions, 0);
    assert.equal(sum.largeShare, null);
    assert.equal(sum.paramCost, null);
    assert.equal(sum.latency.p50, null);
    assert.equal(sum.last, null);
    assert.deepEqual(s.entropySequences(), []);
  });

  it("keeps a bounded history for the entropy histogram", () => {
    const s = new SessionStats(3);
    for (let i = 0; i < 5; i++) s.add(record("s", [i], 1, 0.1));
    assert.deepEqual(s.entropySequences(), [[2], [3], [4]]);
    assert.equal(s.summary().completions, 5);
  });

  it("stats webview messages: only known types, no extra fields", () => {
    assert.deepEqual(validateStatsMessage({ type: "reset" }), { ok: true, message: { type: "reset" } });
    for (const bad of [null, 1, "reset", [], { type: "nuke" }, { type: "reset", all: true }, {}]) {
      assert.equal(validateStatsMessage(bad).ok, false, JSON.stringify(bad));
    }
  });
});

describe("ui/settings panel model", () => {
  it("reads every panel setting and its limits from package.json", () => {
    assert.deepEqual(fields.map((f) => f.key), [...PANEL_KEYS]);
    const threshold = fields.find((f) => f.key === "threshold")!;
    assert.equal(threshold.kind, "number");
    if (threshold.kind === "number") {
      const declared = settingProperties(pkg.contributes.configuration)["ead.threshold"] as { minimum: number; maximum: number };
      assert.equal(threshold.min, declared.minimum);
      assert.equal(threshold.max, declared.maximum);
      assert.equal(threshold.integer, false);
    }
    const window = fields.find((f) => f.key === "window")!;
    assert.ok(window.kind === "number" && window.integer && window.step === 1);
    const mode = fields.find((f) => f.key === "mode")!;
    assert.ok(mode.kind === "enum" && mode.options.includes("ead"));
    // Token healing: the engine's values and default, with a description for each.
    const healing = fields.find((f) => f.key === "tokenHealing")!;
    assert.ok(healing.kind === "enum");
    if (healing.kind === "enum") {
      assert.deepEqual([...healing.options].sort(), [...TOKEN_HEALING_VALUES].sort());
      assert.equal(healing.default, DEFAULT_TOKEN_HEALING);
      assert.equal(healing.optionDescriptions.length, healing.options.length);
    }
    assert.ok(!fields.some((f) => f.description.includes("`")), "descriptions are plain text");
  });

  it("rejects a schema without a panel setting", () => {
    assert.throws(() => fieldsFromSchema({}), /ead\.mode/);
  });

  it("validates values: type, integer, range, enum", () => {
    const f = (k: string) => fields.find((x) => x.key === k)!;
    assert.deepEqual(validateValue(f("threshold"), 2.35), { ok: true, value: 2.35 });
    assert.equal(validateValue(f("threshold"), -1).ok, false);
    assert.equal(validateValue(f("threshold"), 99).ok, false);
    assert.equal(validateValue(f("threshold"), "2").ok, false);
    assert.equal(validateValue(f("threshold"), NaN).ok, false);
    assert.equal(validateValue(f("threshold"), Infinity).ok, false);
    assert.equal(validateValue(f("window"), 2.5).ok, false);
    assert.equal(validateValue(f("window"), 8).ok, true);
    assert.equal(validateValue(f("mode"), "speculative").ok, true);
    assert.equal(validateValue(f("mode"), "turbo").ok, false);
    assert.equal(validateValue(f("stability"), 1).ok, false);
  });

  it("provenance settings: a toggle and colours that must be CSS colours or empty", () => {
    const f = (k: string) => fields.find((x) => x.key === k)!;
    assert.equal(f("provenance.enabled").kind, "boolean");
    assert.equal(f("provenance.smallColor").kind, "color");
    assert.deepEqual(validateValue(f("provenance.enabled"), false), { ok: true, value: false });
    assert.equal(validateValue(f("provenance.enabled"), "false").ok, false);
    assert.deepEqual(validateValue(f("provenance.largeColor"), " rgba(0, 200, 0, 0.3) "), { ok: true, value: "rgba(0, 200, 0, 0.3)" });
    for (const ok of ["", "#fff", "#40a0ff2e", "#FFAA00", "rgb(1,2,3)", "rgba(64, 160, 255, 0.18)", "hsl(120deg 50% 50% / 0.2)", "hsla(120, 50%, 50%, .2)"]) {
      assert.ok(isCssColor(ok), ok);
    }
    for (const bad of ["red; background-image: url(x)", "url(http://x)", "#ggg", "#12345", "rgba(1,2)", "expression(alert(1))", "var(--x)", "rgb(1,2,3) !important", "x".repeat(70)]) {
      assert.equal(isCssColor(bad), false, bad);
    }
    assert.equal(validateValue(f("provenance.smallColor"), 3).ok, false);
    assert.equal(validateValue(f("provenance.smallColor"), "url(x)").ok, false);
  });

  it("validates every field of every settings message", () => {
    const ok = (m: unknown) => validateSettingsMessage(m, fields).ok;
    assert.ok(ok({ type: "ready" }));
    assert.ok(ok({ type: "set", key: "threshold", value: 3 }));
    assert.ok(ok({ type: "reset", key: "window" }));
    assert.ok(ok({ type: "calibrate", target: 0.3 }));
    assert.ok(ok({ type: "openStats" }));
    assert.ok(ok({ type: "set", key: "provenance.enabled", value: true }));
    assert.ok(ok({ type: "set", key: "tokenHealing", value: "off" }));
    assert.ok(!ok({ type: "set", key: "tokenHealing", value: "always" }));
    assert.ok(ok({ type: "set", key: "provenance.smallColor", value: "#40a0ff2e" }));
    const bad: unknown[] = [
      undefined,
      null,
      "set",
      [],
      { type: "set", key: "threshold" },
      { type: "set", key: "threshold", value: "3" },
      { type: "set", key: "enabled", value: true },
      { type: "set", key: "provenance.enabled", value: 1 },
      { type: "set", key: "provenance.largeColor", value: "red;}" },
      { type: "set", key: "smallModel", value: "/etc/passwd" },
      { type: "set", key: "__proto__", value: 1 },
      { type: "set", key: "threshold", value: 3, target: "global" },
      { type: "reset", key: "nope" },
      { type: "calibrate", target: 2 },
      { type: "calibrate", target: "0.5" },
      { type: "calibrate" },
      { type: "ready", extra: 1 },
      { type: "exec" },
    ];
    for (const m of bad) assert.equal(ok(m), false, JSON.stringify(m));
  });

  it("histogram bins entropies by writer", () => {
    const h = entropyHistogram(
      [
        { entropy: 0.1, model: "small" },
        { entropy: 0.3, model: "small" },
        { entropy: 2.6, model: "large" },
        { entropy: 5.1, model: "large" },
      ],
      0.5,
      4,
    );
    assert.equal(h.max, 5.5);
    assert.equal(h.small.length, 11);
    assert.equal(h.small[0], 2);
    assert.equal(h.large[5], 1);
    assert.equal(h.large[10], 1);
    assert.equal(h.total, 4);
  });

  it("share curve falls as the threshold rises", () => {
    const c = shareCurve([[0.5, 1.5, 2.5, 3.5]], { threshold: 0, window: 1, stability: "none", hysteresis: 0, minStay: 0 }, 0, 4, 1);
    assert.deepEqual(c.shares, [1, 0.75, 0.5, 0.25, 0]);
    assert.deepEqual(shareCurve([], { threshold: 0, window: 1, stability: "none", hysteresis: 0, minStay: 0 }, 0, 1, 1).shares, [null, null]);
  });
});

describe("ui/webview shell", () => {
  it("has a strict CSP with a nonce on every script and nothing remote", () => {
    const nonce = makeNonce();
    assert.match(nonce, /^[A-Za-z0-9]{16,}$/);
    assert.notEqual(nonce, makeNonce());
    const html = webviewHtml({
      cspSource: "https://x.vscode-cdn.net",
      nonce,
      title: "T <b>",
      styles: ["https://x.vscode-cdn.net/media/panel.css"],
      scripts: ["https://x.vscode-cdn.net/media/a.js", "https://x.vscode-cdn.net/media/b.js"],
      body: "<main></main>",
    });
    assert.match(html, new RegExp(`script-src 'nonce-${nonce}'`));
    assert.match(csp("S", nonce), /^default-src 'none'; /);
    assert.ok(!/unsafe-inline|unsafe-eval/.test(html));
    assert.equal(html.match(/<script /g)?.length, 2);
    assert.equal(html.match(new RegExp(`<script nonce="${nonce}"`, "g"))?.length, 2);
    assert.ok(html.includes("T &lt;b&gt;"));
  });
});
