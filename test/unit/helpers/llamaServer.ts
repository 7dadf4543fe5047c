// A real llama-server on 127.0.0.1 serving a test model (built once per machine by
// scripts/build-llama-server.sh), for the remote-lane tests.
import { launchLlamaServer, type LlamaServerProcess } from "../../../src/bench/llamaServer/launch";
import { locateLlamaServer } from "../../../src/bench/llamaServer/locate";
import { EadEngine } from "../../../src/engine/engine";
import type { TokenHealing } from "../../../src/engine/tokenHealing";
import { fixtures, loadFixtureEngine, repoRoot } from "./fixtures";

let binary: string | undefined;

export function llamaServerBinary(): string {
  binary ??= locateLlamaServer(repoRoot);
  return binary;
}

export function startServer(options: { model?: string; slots?: number; args?: string[]; port?: number } = {}): Promise<LlamaServerProcess> {
  const slots = options.slots ?? 1;
  return launchLlamaServer({
    binary: llamaServerBinary(),
    model: options.model ?? fixtures.large,
    threads: 1,
    slots,
    contextSize: 4096 * slots,
    args: options.args,
    port: options.port,
  });
}

/** A server with the fixture large model, the fixture pair loaded here, and an engine whose large lane is the server. */
export interface RemotePair {
  server: LlamaServerProcess;
  /** Both models in this process. */
  local: EadEngine;
  /** The small model here, the large one on the server's slot 0. */
  remote: EadEngine;
}

/**
 * Registers the suite's hooks that start a RemotePair before its tests and stop it after them; its fields
 * are set once the suite's `before` has run.
 */
export function remotePairHooks(options: { tokenHealing?: TokenHealing } = {}): RemotePair {
  const pair = {} as RemotePair;
  before(async () => {
    pair.server = await startServer();
    pair.local = await loadFixtureEngine(options);
    pair.remote = await EadEngine.load({ smallModelPath: fixtures.small, largeModelPath: "", largeServer: { url: pair.server.url, slot: 0 }, threads: 1, ...options });
  });
  after(async () => {
    await pair.remote?.dispose();
    await pair.local?.dispose();
    await pair.server?.stop();
  });
  return pair;
}
