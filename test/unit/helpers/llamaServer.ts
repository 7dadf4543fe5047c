// A real llama-server on 127.0.0.1 serving a test model (built once per machine by
// scripts/build-llama-server.sh), for the remote-lane tests.
import { launchLlamaServer, type LlamaServerProcess } from "../../../src/bench/llamaServer/launch";
import { locateLlamaServer } from "../../../src/bench/llamaServer/locate";
import { fixtures, repoRoot } from "./fixtures";

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
