// The model files on this machine, read and paired: what `ead models` prints and "EAD: Select models"
// lists. Engine side (it reads GGUF headers with node-llama-cpp).
import { availableMemoryBytes } from "../../machine/memory";
import { findModelFiles, type ModelSource, type StoreEnv } from "./discovery";
import { readModelFileFacts, type ModelFileFacts } from "./headerFacts";
import { proposePairs, type ProposedPair, type Unpaired } from "./pairs";

export interface CatalogModel {
  path: string;
  source: ModelSource;
  name: string;
  family: string;
  params: number;
  vocabSize: number;
  fim: boolean;
  quantization: string | undefined;
  sizeBytes: number;
  contextLength: number | undefined;
}

export interface Catalog {
  models: CatalogModel[];
  pairs: ProposedPair[];
  unpaired: Unpaired[];
  /** Files found in a store that are not readable GGUF models. */
  unreadable: { path: string; reason: string }[];
  availableBytes: number;
}

export async function buildCatalog(e: StoreEnv, availableBytes = availableMemoryBytes()): Promise<Catalog> {
  const files = await findModelFiles(e);
  const models: CatalogModel[] = [];
  const withFacts: { path: string; name: string; facts: ModelFileFacts }[] = [];
  const unreadable: Catalog["unreadable"] = [];
  // One at a time: a header of a 150k-token vocabulary is tens of MB of strings.
  for (const f of files) {
    try {
      const facts = await readModelFileFacts(f.path);
      const { vocab: _vocab, modelName: _name, ...shown } = facts;
      models.push({ path: f.path, source: f.source, name: f.name, ...shown });
      withFacts.push({ path: f.path, name: f.name, facts });
    } catch (error) {
      unreadable.push({ path: f.path, reason: `not a readable GGUF model (${(error as Error).message.split("\n")[0]})` });
    }
  }
  const { pairs, unpaired } = proposePairs(withFacts, availableBytes);
  return { models, pairs, unpaired, unreadable, availableBytes };
}
