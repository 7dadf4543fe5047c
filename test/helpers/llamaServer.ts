// The llama-server binary for the VS Code tests, found without blocking the extension host: a first
// build (scripts/build-llama-server.sh, about 9 minutes on 2 cores) runs as a child process while the
// host stays responsive. $EAD_LLAMA_SERVER names a binary directly.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

export async function llamaServerBinary(root: string): Promise<string> {
  const fromEnv = process.env.EAD_LLAMA_SERVER;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`EAD_LLAMA_SERVER names ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  const { stdout } = await promisify(execFile)("bash", [join(root, "scripts", "build-llama-server.sh")], { cwd: root, maxBuffer: 1 << 24 });
  const path = stdout.trim().split("\n").pop() ?? "";
  if (!existsSync(path)) throw new Error(`scripts/build-llama-server.sh printed "${path}", which does not exist`);
  return path;
}
