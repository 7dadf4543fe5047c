// Paths and loaders for tests that use the committed fixture model pair through real node-llama-cpp.
import { join } from "node:path";
import { EadEngine } from "../../../src/engine/engine";
import { fixturePair } from "../../../src/engine/modelfiles/fixturePair";
import type { TokenHealing } from "../../../src/engine/tokenHealing";

export const repoRoot = process.cwd();
export const fixtures = fixturePair(repoRoot);
export const cliPath = join(repoRoot, "dist", "cli.js");
export const hostScript = join(repoRoot, "dist", "engine-host.js");

export function loadFixtureEngine(options: { contextSize?: number; batchSize?: number; tokenHealing?: TokenHealing } = {}): Promise<EadEngine> {
  return EadEngine.load({ smallModelPath: fixtures.small, largeModelPath: fixtures.large, threads: 1, ...options });
}

/** Deterministic JavaScript of roughly `lines` lines, for long prompts. */
export function syntheticJs(lines: number): string {
  const names = ["total", "count", "value", "items", "result", "index", "config", "buffer", "options", "state"];
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) {
    const a = names[i % names.length];
    const b = names[(i * 7 + 3) % names.length];
    out.push(`function update${i}(${a}, ${b}) {`);
    out.push(`  if (${a} === undefined) return ${b};`);
    out.push(`  const next = ${a} + ${b} * ${i % 13};`);
    out.push(`  return next > ${i * 3} ? next : ${a};`);
    out.push("}");
    out.push("");
  }
  return out.slice(0, lines).join("\n") + "\n";
}

/** Prefixes that exercise different kinds of code, from the fixture pair's point of view. */
export const SAMPLE_PREFIXES = [
  "function sum(values) {\n  let total = 0;\n  for (const v of values) {\n",
  "const express = require('express');\nconst app = express();\n\napp.get('/', (req, res) => {\n  ",
  "export class Queue {\n  constructor() {\n    this.items = [];\n  }\n\n  push(item) {\n",
  "import { readFile } from 'fs';\n\nexport async function load(path) {\n  const text = await",
];

/** Resolves once `predicate` holds, polling every 20 ms; rejects after `timeoutMs`. */
export function waitFor(predicate: () => boolean, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (predicate()) resolve();
      else if (Date.now() - start > timeoutMs) reject(new Error("timed out waiting"));
      else setTimeout(tick, 20);
    };
    tick();
  });
}
