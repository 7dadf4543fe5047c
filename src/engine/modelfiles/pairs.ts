// Which discovered model files make a pair, best first, and why the others cannot. Pure: works on facts
// read from the headers. A pair: one tokenizer (the pair rule), FIM in both, the small model clearly
// smaller, and both files plus their working memory within the memory available.
import { pairDifference } from "./pairRule";
import type { ModelFileFacts } from "./headerFacts";

/** The small model must have at most this share of the large one's parameters. */
export const MAX_SMALL_SHARE = 0.5;
/** Memory beyond the two files while loaded: KV caches and buffers at a 4,096-token context (measured 455-494 MiB for the CPU preset). */
export const WORKING_MEMORY_BYTES = 512 * 2 ** 20;

export interface PairableModel {
  path: string;
  name: string;
  facts: ModelFileFacts;
}

export interface ProposedPair {
  small: string;
  large: string;
  /** Both files and their working memory, bytes. */
  memoryBytes: number;
}

export interface Unpaired {
  path: string;
  reason: string;
}

export function pairMemory(small: ModelFileFacts, large: ModelFileFacts): number {
  return small.sizeBytes + large.sizeBytes + WORKING_MEMORY_BYTES;
}

/** Pairs best first (the largest large model that fits, then the smallest small one), and the models in none. */
export function proposePairs(models: readonly PairableModel[], availableBytes: number): { pairs: ProposedPair[]; unpaired: Unpaired[] } {
  const pairs: (ProposedPair & { largeParams: number; smallParams: number })[] = [];
  // For a model in no pair, the most telling reason: the closest it came.
  const blockers = new Map<string, { rank: number; reason: string }>();
  const block = (m: PairableModel, rank: number, reason: string) => {
    const b = blockers.get(m.path);
    if (!b || rank > b.rank) blockers.set(m.path, { rank, reason });
  };
  for (const m of models) {
    if (!m.facts.fim) block(m, 5, "no fill-in-the-middle tokens: use a base coder model with FIM");
  }
  for (const small of models) {
    for (const large of models) {
      if (small === large || !small.facts.fim || !large.facts.fim || small.facts.params > large.facts.params) continue;
      const diff = pairDifference(small.facts.vocab, large.facts.vocab);
      if (diff) {
        block(small, 1, `no model of its vocabulary (with ${large.name}: ${diff})`);
        block(large, 1, `no model of its vocabulary (with ${small.name}: ${diff})`);
        continue;
      }
      if (small.facts.params > large.facts.params * MAX_SMALL_SHARE) {
        const why = "not clearly smaller or larger (the small model of a pair needs at most half the parameters of the large one)";
        block(small, 3, `shares its vocabulary with ${large.name} but is ${why}`);
        block(large, 3, `shares its vocabulary with ${small.name} but is ${why}`);
        continue;
      }
      const memoryBytes = pairMemory(small.facts, large.facts);
      if (memoryBytes > availableBytes) {
        const needs = `it needs about ${gib(memoryBytes)} of memory, ${gib(availableBytes)} is available`;
        block(small, 4, `with ${large.name} ${needs}`);
        block(large, 4, `with ${small.name} ${needs}`);
        continue;
      }
      pairs.push({ small: small.path, large: large.path, memoryBytes, largeParams: large.facts.params, smallParams: small.facts.params });
    }
  }
  pairs.sort((a, b) => b.largeParams - a.largeParams || a.smallParams - b.smallParams || a.small.localeCompare(b.small) || a.large.localeCompare(b.large));
  const paired = new Set(pairs.flatMap((p) => [p.small, p.large]));
  const unpaired = models
    .filter((m) => !paired.has(m.path))
    .map((m) => ({ path: m.path, reason: blockers.get(m.path)?.reason ?? "no other model with fill-in-the-middle tokens to pair it with" }));
  return { pairs: pairs.map(({ small, large, memoryBytes }) => ({ small, large, memoryBytes })), unpaired };
}

function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
}
