// What may reach a team server, in the real VS Code (code-server), against recording HTTP servers that
// note every request and its Authorization header: a workspace's ead.largeServer reaches nothing; a
// key stored for one server is never sent to another; plain http to another machine is asked about
// once per server, and "Cancel" sends nothing.
import * as assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import * as vscode from "vscode";
import type { CompletionTestingApi } from "../../src/wiring/wireExtension";
import type { TestHooks } from "../../src/completion/testHooks";
import { until } from "../helpers/until";

const EXTENSION_ID = "ead-complete.ead-complete";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Api {
  completions: CompletionTestingApi;
  testHooks?: TestHooks;
}

interface Recorder {
  url: string;
  requests: { path: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

/** An HTTP server that answers 503 to everything and records each request (the engine sees a server that is down). */
async function recorder(host: string, listenOn = host): Promise<Recorder> {
  const requests: Recorder["requests"] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ path: req.url ?? "", authorization: req.headers.authorization });
    res.writeHead(503, { "content-type": "application/json" }).end('{"error":{"message":"recording only"}}');
  });
  await new Promise<void>((resolve) => server.listen(0, listenOn, resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://${host}:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** An address of this machine outside the loopback range (plain http to it counts as "another machine"). */
function nonLoopbackAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    const found = list?.find((a) => a.family === "IPv4" && !a.internal && !a.address.startsWith("127."));
    if (found) return found.address;
  }
  throw new Error("this machine has no IPv4 address outside the loopback range: the plain-http question cannot be tested here");
}

describe("Team server trust: what may reach a team server", function () {
  this.timeout(300_000);
  let api: Api;
  const servers: Recorder[] = [];
  const global = vscode.ConfigurationTarget.Global;
  const ead = () => vscode.workspace.getConfiguration("ead");
  const KEY = "trust-test-key-7f3c";
  let workspaceSettings: string;

  /** Points the user's ead.largeServer at `url` and waits for the load that follows (a reload when it already is). */
  const useServer = async (url: string | undefined) => {
    if (ead().inspect("largeServer")?.globalValue === url) return api.completions.reload();
    await ead().update("largeServer", url, global);
    await sleep(50);
    return api.completions.whenLoaded();
  };

  before(async function () {
    const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID)!;
    api = await ext.activate();
    assert.ok(api.testHooks, "test hooks in test mode");
    workspaceSettings = join(vscode.workspace.workspaceFolders![0].uri.fsPath, ".vscode", "settings.json");
  });

  afterEach(async function () {
    api.testHooks!.answerTeamServerQuestions(undefined);
  });

  after(async function () {
    rmSync(workspaceSettings, { force: true });
    for (const s of servers) await vscode.commands.executeCommand("ead.clearServerKey", s.url);
    await useServer(undefined);
    for (const s of servers) await s.close();
  });

  it("a workspace's ead.largeServer is ignored: the server gets no request and no key; the user is told once, with a button to the user setting", async function () {
    const target = await recorder("127.0.0.1");
    servers.push(target);
    // A key for that very server exists: were the workspace value used, it would be sent.
    assert.equal(await vscode.commands.executeCommand("ead.setServerKey", KEY, target.url), true);
    const before = api.completions.notices().length;
    mkdirSync(join(workspaceSettings, ".."), { recursive: true });
    writeFileSync(workspaceSettings, JSON.stringify({ "ead.largeServer": target.url, "ead.largeModel": "/tmp/shipped-by-the-repo.gguf" }, null, 2));
    // VS Code reads the file on its own: wait until it has (or has filtered it out as a machine setting).
    await sleep(3000);
    assert.equal(await api.completions.reload(), true, `the local pair loads: ${api.completions.problem()}`);
    const info = api.completions.engineInfo()!;
    assert.notEqual(info.placement.large, "remote", "the large model runs here, not on the workspace's server");
    assert.ok(!info.large.name.includes("shipped-by-the-repo"), info.large.name);
    await sleep(500);
    assert.equal(target.requests.length, 0, "the workspace's server got no request");
    // The user is told, once per workspace, with a button to the user setting.
    const toldNow = () => api.completions.notices().slice(before).filter((n) => /this workspace's settings set/.test(n.message));
    const told = await until("the notice about the ignored workspace settings", () => toldNow().length > 0 && toldNow());
    assert.match(told[0].message, /set ead\.largeModel, ead\.largeServer\. EAD ignores them/);
    assert.deepEqual(told[0].buttons, ["Open User Settings"]);
    // Written again and reloaded: not told a second time.
    writeFileSync(workspaceSettings, JSON.stringify({ "ead.largeServer": target.url, "ead.largeModel": "/tmp/shipped-by-the-repo.gguf", "editor.tabSize": 3 }, null, 2));
    await sleep(2000);
    assert.equal(await api.completions.reload(), true);
    assert.equal(toldNow().length, 1, "told once");
    assert.equal(target.requests.length, 0, "still no request");
    rmSync(workspaceSettings, { force: true });
  });

  it("a key stored for one server is not sent to another: the other asks first, and nothing is sent until then", async function () {
    const keyed = servers[0] ?? (await recorder("127.0.0.1"));
    if (!servers.includes(keyed)) servers.push(keyed);
    await vscode.commands.executeCommand("ead.setServerKey", KEY, keyed.url);
    const other = await recorder("127.0.0.1");
    servers.push(other);
    const questions: string[] = [];
    // Cancel: nothing is sent.
    api.testHooks!.answerTeamServerQuestions((message) => (questions.push(message), undefined));
    assert.equal(await useServer(other.url), false);
    assert.equal(questions.length, 1, JSON.stringify(questions));
    assert.match(questions[0], new RegExp(`The team server ${other.url.replace("http://", "").replace(/\./g, "\\.")} has no API key stored`));
    assert.match(api.completions.problem() ?? "", /nothing is sent to the team server .* until it has its own API key/);
    await sleep(500);
    assert.equal(other.requests.length, 0, "no request before the question is answered");
    // Going on without a key: requests, none with the other server's key.
    api.testHooks!.answerTeamServerQuestions((message, buttons) => (questions.push(message), buttons.find((b) => b === "Continue without a key")));
    assert.equal(await useServer(other.url), true, `${api.completions.problem()}`);
    await until("a request to the other server", () => other.requests.length > 0);
    assert.ok(other.requests.every((r) => r.authorization === undefined), JSON.stringify(other.requests));
    // Back to the keyed server: its own key goes with its requests.
    const keyedBefore = keyed.requests.length;
    assert.equal(await useServer(keyed.url), true, `${api.completions.problem()}`);
    await until("a request to the keyed server", () => keyed.requests.length > keyedBefore);
    assert.ok(keyed.requests.slice(keyedBefore).every((r) => r.authorization === `Bearer ${KEY}`), JSON.stringify(keyed.requests));
    assert.ok(!other.requests.some((r) => r.authorization?.includes(KEY)), "the key never reached the other server");
  });

  it("plain http to another machine asks once ('Send code and key unencrypted to HOST?'); Cancel sends nothing and is remembered", async function () {
    const address = nonLoopbackAddress();
    const declined = await recorder(address, "0.0.0.0");
    servers.push(declined);
    const host = declined.url.replace("http://", "");
    const questions: { message: string; buttons: string[] }[] = [];
    api.testHooks!.answerTeamServerQuestions((message, buttons) => (questions.push({ message, buttons }), undefined));
    assert.equal(await useServer(declined.url), false);
    assert.equal(questions.length, 1);
    assert.ok(questions[0].message.startsWith(`Send code and key unencrypted to ${host}?`), questions[0].message);
    assert.match(api.completions.problem() ?? "", /plain http to another machine and sending code unencrypted was declined/);
    const refusal = await until("the refusal notice", () => api.completions.notices().find((n) => n.level === "error" && n.message.includes(declined.url)));
    assert.ok(refusal.buttons.includes("Send unencrypted"), JSON.stringify(refusal));
    // Asked once: a second load is refused without asking again.
    assert.equal(await api.completions.reload(), false);
    assert.equal(questions.length, 1, "the question appears once per server");
    await sleep(500);
    assert.equal(declined.requests.length, 0, "Cancel sent nothing");

    // Another plain-http server, allowed: requests go, and it is not asked again.
    const allowed = await recorder(address, "0.0.0.0");
    servers.push(allowed);
    // (Another server has a key, so this one is also asked for its own: it goes on without one.)
    api.testHooks!.answerTeamServerQuestions((message, buttons) => (questions.push({ message, buttons }), buttons.find((b) => b === "Send unencrypted" || b === "Continue without a key")));
    const unencryptedQuestions = () => questions.filter((q) => q.message.startsWith("Send code and key unencrypted")).length;
    assert.equal(await useServer(allowed.url), true, `${api.completions.problem()}`);
    assert.equal(unencryptedQuestions(), 2);
    await until("a request to the allowed server", () => allowed.requests.length > 0);
    assert.equal(await api.completions.reload(), true);
    assert.equal(unencryptedQuestions(), 2, "not asked again after Send");
    assert.equal(declined.requests.length, 0);
  });
});
