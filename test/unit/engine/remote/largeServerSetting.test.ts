// ead.largeServer as load options: a base URL the engine can use, or a clear refusal that never repeats
// a secret written into the URL.
import assert from "node:assert/strict";
import { EngineError } from "../../../../src/engine/errors";
import { largeServerOptions, largeServerUrl } from "../../../../src/engine/remote/largeServerSetting";

function refusal(value: unknown): EngineError {
  try {
    largeServerUrl(value);
  } catch (error) {
    assert.ok(error instanceof EngineError, "an EngineError");
    assert.equal(error.code, "BAD_SETTINGS");
    return error;
  }
  assert.fail(`${JSON.stringify(value)} was accepted`);
}

describe("models/largeServerSetting", () => {
  it("empty means the large model runs here", () => {
    for (const v of [undefined, null, "", "   "]) assert.equal(largeServerUrl(v), undefined, JSON.stringify(v));
    assert.equal(largeServerOptions("", 5000, "k"), undefined);
  });

  it("an http(s) URL becomes the base URL, trimmed and without a trailing slash", () => {
    assert.equal(largeServerUrl(" http://gpu-box:8012/ "), "http://gpu-box:8012");
    assert.equal(largeServerUrl("https://llm.example.org/team/llama//"), "https://llm.example.org/team/llama");
    assert.equal(largeServerUrl("http://127.0.0.1:8012"), "http://127.0.0.1:8012");
  });

  it("the options carry the time limit, and the key only when there is one", () => {
    assert.deepEqual(largeServerOptions("http://gpu-box:8012", 2500, undefined), { url: "http://gpu-box:8012", timeoutMs: 2500 });
    assert.deepEqual(largeServerOptions("http://gpu-box:8012", 2500, "s3cret"), { url: "http://gpu-box:8012", timeoutMs: 2500, apiKey: "s3cret" });
  });

  it("refuses what is not an http(s) base URL, saying how to write it", () => {
    assert.match(refusal(42).message, /must be a URL such as http:\/\/gpu-box:8012; got 42/);
    assert.match(refusal("gpu-box:8012").message, /"gpu-box:8012" is not a URL: write it as http:\/\/host:port/);
    assert.match(refusal("http://gpu box:8012").message, /is not a URL/);
    assert.match(refusal("ftp://gpu-box:8012").message, /http:\/\/ or https:\/\/ URL/);
    assert.match(refusal("http://gpu-box:8012/?key=abc").message, /without a query or fragment, such as http:\/\/gpu-box:8012/);
  });

  it("refuses a URL with a user name or password without repeating it, and points at the key command", () => {
    const error = refusal("http://team:hunter2-secret@gpu-box:8012");
    assert.match(error.message, /http:\/\/gpu-box:8012\) holds a user name or password/);
    assert.match(error.message, /EAD: Set team server API key/);
    assert.doesNotMatch(error.message, /hunter2-secret|team:/);
  });
});
