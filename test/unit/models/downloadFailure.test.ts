// A failed download is explained: offline (nothing answered) or what the server gave instead of the
// file. The errors come from real downloads: a closed local port, and a local hub without the model.
// (A hub answering 500 is not used here: the downloader retries it in the background for minutes;
// test/unit/reliability/downloadFaults.test.ts covers that fault.)
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { downloadModel } from "../../../src/engine/modelfiles/download";
import { describeDownloadFailure } from "../../../src/models/downloadFailure";
import { startFakeHub } from "../../helpers/models";
import { fixtures } from "../helpers/fixtures";

/** A local port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("models/downloadFailure (real downloads)", function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "ead-dlfail-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function failure(uri: string, endpoint: string): Promise<unknown> {
    try {
      await downloadModel(uri, { storageDir: join(dir, String(Math.random())), huggingFaceEndpoint: endpoint, stallTimeoutMs: 3000 });
    } catch (error) {
      return error;
    }
    throw new Error("the download did not fail");
  }

  it("nothing listening: says the machine seems offline", async () => {
    const error = await failure("hf:test/Tiny-Coder-GGUF:Q8_0", `http://127.0.0.1:${await closedPort()}/`);
    const f = describeDownloadFailure(error);
    console.log(`      raw: ${(error as Error).message}`);
    assert.equal(f.kind, "offline", (error as Error).message);
    assert.match(f.message, /seems to be offline/);
  });

  it("a model the hub does not have: says what the server answered", async () => {
    const hub = await startFakeHub({});
    try {
      const error = await failure("hf:test/Missing-Coder-GGUF:Q8_0", hub.url);
      const f = describeDownloadFailure(error);
      console.log(`      raw: ${(error as Error).message}`);
      assert.equal(f.kind, "server", (error as Error).message);
      assert.match(f.message, /^the server did not give the file: .*does not exist/);
    } finally {
      await hub.close();
    }
  });

  it("the socket error under a wrapping error counts (the cause chain)", () => {
    const inner = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
    assert.equal(describeDownloadFailure(new Error("fetch failed", { cause: inner })).kind, "offline");
    assert.equal(describeDownloadFailure(new Error("the file is corrupt")).kind, "other");
    // What the downloader says when a server kept failing (our deadline), seen with a hub answering 500.
    const stalled = new Error("Cannot download hf:a/b:Q8_0: the server did not start sending the file within 60 s (it may be down or answering with errors)");
    assert.match(describeDownloadFailure(stalled).message, /^the server did not give the file: the server did not start sending/);
    assert.match(describeDownloadFailure(new Error("Request failed with status code 403")).message, /^the server answered 403 Forbidden/);
  });
});
