// The choices "EAD: Select model files" offers from the models already on the machine: the proposed
// pairs best first, then the files that cannot pair with the reason, then browsing for files. Pure, so
// that the editor's quick pick only shows what is built here.
import type { Catalog } from "../engine/modelfiles/catalog";
import { formatBytes } from "../engine/modelfiles/formatBytes";

export type DiscoveredChoice =
  | { choice: "pair"; label: string; description: string; detail: string; small: string; large: string }
  | { choice: "unpaired"; label: string; description: string; detail: string; reason: string }
  | { choice: "browse"; label: string; description: string; detail: string };

export function discoveredChoices(catalog: Catalog): DiscoveredChoice[] {
  const byPath = new Map(catalog.models.map((m) => [m.path, m]));
  const describe = (path: string) => {
    const m = byPath.get(path);
    return m ? `${m.name} (${m.source}, ${m.quantization ?? "?"}, ${formatBytes(m.sizeBytes)})` : path;
  };
  const choices: DiscoveredChoice[] = catalog.pairs.map((p, i) => ({
    choice: "pair",
    label: `${byPath.get(p.small)?.name ?? p.small} + ${byPath.get(p.large)?.name ?? p.large}`,
    description: i === 0 ? "best pair found on this machine" : "",
    detail: `small ${describe(p.small)}, large ${describe(p.large)}; about ${formatBytes(p.memoryBytes)} while loaded`,
    small: p.small,
    large: p.large,
  }));
  for (const u of catalog.unpaired) {
    choices.push({ choice: "unpaired", label: byPath.get(u.path)?.name ?? u.path, description: "cannot be paired", detail: u.reason, reason: u.reason });
  }
  choices.push({ choice: "browse", label: "Browse for two GGUF files…", description: "", detail: "Pick the small and the large model file yourself" });
  return choices;
}
