// Token healing with the large model on a team llama-server (fixture pair): the server's distributions
// are healed as the local lane's are, so both write the same tokens from the same healed prompt.
import assert from "node:assert/strict";
import type { CompletionResult, DecodeSettings } from "../../../../src/engine/types";
import { remotePairHooks } from "../../helpers/llamaServer";

const SUFFIX = "\n\nconsole.log(total);\n";
const PREFIXES = ["const orders = [];\nconst total = ", "function f(items) {\n  return ", "if (items.length > 0) {\n        "];
const trace = (r: CompletionResult) => r.tokens.map((t) => `${t.id}:${t.model}`);

describe("remote large lane with token healing (a real llama-server with the fixture large model)", function () {
  this.timeout(600_000);
  const pair = remotePairHooks({ tokenHealing: "on" });

  it("large-only and EAD write the local lanes' tokens, the first one starting with the healed text", async () => {
    let largeTokens = 0;
    for (const prefix of PREFIXES) {
      const { healing } = pair.local.completionPrompt(prefix, SUFFIX);
      assert.ok(healing, `${JSON.stringify(prefix)} is healed`);
      for (const settings of [{ mode: "large", maxTokens: 8 }, { mode: "ead", threshold: 1.5, window: 4, maxTokens: 16 }] as Partial<DecodeSettings>[]) {
        const a = await pair.local.complete({ prefix, suffix: SUFFIX, settings });
        const b = await pair.remote.complete({ prefix, suffix: SUFFIX, settings });
        assert.equal(b.stats.fallback, undefined);
        assert.deepEqual(trace(b), trace(a), `${settings.mode} after ${JSON.stringify(prefix)}`);
        assert.equal(b.text, a.text);
        if (b.tokens.length) assert.ok(pair.local.detokenize([b.tokens[0].id]).startsWith(healing.text));
        largeTokens += b.stats.largeTokens;
      }
    }
    assert.ok(largeTokens > 0, "the server wrote some of the tokens");
  });
});
