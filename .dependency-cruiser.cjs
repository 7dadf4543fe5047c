// The layers of src/, written once, and the rules that keep every import pointing one way.
// `npm test` runs it (scripts/test.sh); test/unit/layers/dependencyRules.test.ts proves each rule can fail.
//
// Two processes. The engine process runs llama.cpp (node-llama-cpp) and knows no editor; the extension
// host runs VS Code and knows no llama.cpp. src/host is the bridge between them (typed messages).
// Type-only imports count like any other: a layer may not even name a type of a layer above it, and the
// editor side names no node-llama-cpp type.

/** Top-level parts of src/, lowest first: each may import only parts before it in this list. */
const CHAIN = [
  // engine side: machine facts; lanes, modes, budget, FIM formats, model files (GGUF facts, pair rule,
  // pair check, downloads). Plain Node: no `vscode`.
  { name: "machine", path: "^src/machine/", side: "engine" },
  { name: "engine", path: "^src/engine/", side: "engine" },
  // the bridge: the engine host's main (engine process) and the client and protocol (extension host)
  { name: "host", path: "^src/host/", side: "host" },
  // editor side: completion service and provider, views, model and key management UI, commands.
  // It may use the engine side's pure modules (types, errors, limits, budget arithmetic), never llama.cpp.
  { name: "completion", path: "^src/completion/", side: "editor" },
  { name: "ui", path: "^src/ui/", side: "editor" },
  { name: "models", path: "^src/models/", side: "editor" },
  { name: "commands", path: "^src/commands\\.ts$", side: "editor" },
  { name: "testApi", path: "^src/testApi\\.ts$", side: "editor" },
  // the composition root: creates the parts and wires them
  { name: "wiring", path: "^src/wiring/", side: "root" },
  { name: "extension", path: "^src/extension\\.ts$", side: "root" },
];
/** The tools sit on the engine side only, the CLI on the bench. */
const TOOLS = [
  { name: "bench", path: "^src/bench/" },
  { name: "cli", path: "^src/cli/" },
];
const VSCODE = "(^|/)(@types/)?vscode(/|$)";
const LLAMA = "(^|/)node-llama-cpp(/|$)";
const ofSide = (side) => CHAIN.filter((p) => p.side === side).map((p) => p.path);
const ENGINE_SIDE = ofSide("engine");
const ABOVE_ENGINE_SIDE = CHAIN.filter((p) => p.side !== "engine").map((p) => p.path);

// Known exceptions, each named: the tools reuse these pure editor-side modules (no `vscode`, checked by
// tools-no-vscode below) to replay and score what the editor would show.
const TOOLS_MAY_USE = [
  "^src/completion/postprocess/", // bench scoring and the postprocess command: the editor's own post-processing
  "^src/completion/service/", // bench replay drives the editor's completion service without an editor
  "^src/completion/lru\\.ts$", // bench replay's llama-server backend caches like the editor
  "^src/completion/documentContext\\.ts$", // bench's /infill prompt is cut like the editor's
  "^src/completion/settingsCheck\\.ts$", // the postprocess command checks its options like the settings
  // bench replay gathers context as the editor does: its ring buffer, chunk cuts, per-request assembly and token bound
  "^src/completion/context/(ringBuffer|chunks|assemble|sameFile|settings)\\.ts$",
];

// Known exceptions to no-circular, each named: module cycles inside one room, to be broken there.
const CYCLES_KNOWN = [
  // documentContext -> postprocess/index -> postprocess/cursorContext -> documentContext
  "^src/completion/documentContext\\.ts$",
  "^src/completion/postprocess/",
  // fidelityResults -> quality -> fidelityResults (and through outputs, intervals, taskOrders)
  "^src/bench/(fidelityResults|quality|outputs|intervals|taskOrders)\\.ts$",
];

const upward = CHAIN.map((part, i) => ({
  name: `${part.name}-not-upward`,
  comment: `${part.name} imports only the parts below it: ${CHAIN.slice(0, i).map((p) => p.name).join(", ") || "none"}.`,
  severity: "error",
  from: { path: part.path },
  to: { path: [...CHAIN.slice(i + 1).map((p) => p.path), ...TOOLS.map((t) => t.path)] },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...upward,
    {
      name: "in-a-layer",
      comment: "Every file of src/ belongs to a layer above (a new top-level folder is placed in CHAIN or TOOLS first).",
      severity: "error",
      from: { path: "^src/", pathNot: [...CHAIN, ...TOOLS].map((p) => p.path) },
      to: {},
    },
    {
      name: "engine-side-no-vscode",
      comment: "The engine side runs in the engine process and in the CLI, where there is no VS Code.",
      severity: "error",
      from: { path: ENGINE_SIDE },
      to: { path: VSCODE },
    },
    {
      name: "editor-side-no-llama",
      comment: "The editor side never loads llama.cpp nor names its types: it asks the engine process through src/host.",
      severity: "error",
      from: { path: ofSide("editor") },
      to: { path: LLAMA },
    },
    {
      name: "bench-not-to-cli",
      comment: "The CLI runs the bench, not the other way round.",
      severity: "error",
      from: { path: "^src/bench/" },
      to: { path: "^src/cli/" },
    },
    {
      name: "tools-on-engine-side",
      comment: "The CLI and the bench sit on the engine side, not on the bridge, the editor or the root (known exceptions: TOOLS_MAY_USE).",
      severity: "error",
      from: { path: TOOLS.map((t) => t.path) },
      to: { path: ABOVE_ENGINE_SIDE, pathNot: TOOLS_MAY_USE },
    },
    {
      name: "tools-no-vscode",
      comment: "The CLI and the bench run in plain Node: nothing they load, directly or through another module, is VS Code.",
      severity: "error",
      from: { path: TOOLS.map((t) => t.path) },
      to: { path: VSCODE, reachable: true },
    },
    {
      name: "no-circular",
      comment: "Modules depend on each other one way only (known exceptions: CYCLES_KNOWN).",
      severity: "error",
      from: { path: "^src/", pathNot: CYCLES_KNOWN },
      to: { circular: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(out|dist|node_modules)/" },
  },
};
