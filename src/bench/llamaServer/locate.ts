// Where the llama-server binary is: $EAD_LLAMA_SERVER, else the build script's cache (the script builds
// it there first if needed, about 9 minutes on 2 cores, and prints the path as its last line).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export function locateLlamaServer(root: string): string {
  const fromEnv = process.env.EAD_LLAMA_SERVER;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`EAD_LLAMA_SERVER names ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  const out = execFileSync("bash", [join(root, "scripts", "build-llama-server.sh")], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 1 << 20,
  });
  const path = out.trim().split("\n").pop() ?? "";
  if (!existsSync(path)) throw new Error(`scripts/build-llama-server.sh printed "${path}", which does not exist`);
  return path;
}
