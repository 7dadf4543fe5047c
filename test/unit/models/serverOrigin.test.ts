// The facts that decide what may go to a team server: which origin a key belongs to, and whether plain
// http would leave this machine.
import assert from "node:assert/strict";
import { isLoopbackHost, isUnencryptedRemote, serverHost, serverOrigin } from "../../../src/models/serverOrigin";

describe("models/serverOrigin", () => {
  it("an origin is scheme, host and port: paths do not matter, default ports are written out", () => {
    assert.equal(serverOrigin("http://gpu-box:8012/team/llama"), "http://gpu-box:8012");
    assert.equal(serverOrigin("http://GPU-Box:8012"), "http://gpu-box:8012");
    assert.equal(serverOrigin("https://llm.example.org"), "https://llm.example.org:443");
    assert.equal(serverOrigin("https://llm.example.org:443/x"), serverOrigin("https://llm.example.org"));
    assert.equal(serverOrigin("http://llm.example.org"), "http://llm.example.org:80");
  });

  it("a different scheme, host or port is a different origin", () => {
    const base = serverOrigin("https://gpu-box:8012");
    for (const other of ["http://gpu-box:8012", "https://gpu-box2:8012", "https://gpu-box:8013", "https://gpu-box.evil.example:8012"]) {
      assert.notEqual(serverOrigin(other), base, other);
    }
  });

  it("loopback: localhost, 127.0.0.0/8 in any spelling the URL parser accepts, ::1 and mapped 127.x", () => {
    for (const url of ["http://localhost:1", "http://LOCALHOST.:1", "http://127.0.0.1:1", "http://127.1:1", "http://127.255.0.9:1", "http://0x7f000001:1", "http://[::1]:1", "http://[0:0:0:0:0:0:0:1]:1", "http://[::ffff:127.0.0.1]:1"]) {
      assert.equal(isLoopbackHost(new URL(url).hostname), true, url);
      assert.equal(isUnencryptedRemote(url), false, url);
    }
  });

  it("anything else over plain http is unencrypted to another machine; https never is", () => {
    for (const url of ["http://gpu-box:8012", "http://10.0.0.5:8012", "http://128.0.0.1:1", "http://127.0.0.1.nip.io:1", "http://localhost.evil.example:1", "http://[::ffff:10.0.0.1]:1", "http://[::2]:1", "http://0.0.0.0:1"]) {
      assert.equal(isUnencryptedRemote(url), true, url);
    }
    assert.equal(isUnencryptedRemote("https://gpu-box:8012"), false);
  });

  it("names the host as written for messages", () => {
    assert.equal(serverHost("http://gpu-box:8012/x"), "gpu-box:8012");
    assert.equal(serverHost("http://[::1]:8012"), "[::1]:8012");
  });
});
