// Copies a GGUF file with some header keys removed or replaced, tensor data untouched: model files as
// another converter would write them (optional keys left out, a token renamed), made from the fixtures.
import { readFileSync, writeFileSync } from "node:fs";

export type KeyValue =
  | { type: "u32"; value: number }
  | { type: "bool"; value: boolean }
  | { type: "string"; value: string }
  | { type: "strings"; value: readonly string[] };

export interface GgufEdits {
  /** Keys to leave out. */
  remove?: readonly string[];
  /** Keys to add or overwrite. */
  set?: Record<string, KeyValue>;
  /** Token texts to change (tokenizer.ggml.tokens), by id. */
  renameTokens?: Record<number, string>;
}

const SCALAR_BYTES: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  u32() { const v = this.buf.readUInt32LE(this.pos); this.pos += 4; return v; }
  u64() { const v = Number(this.buf.readBigUInt64LE(this.pos)); this.pos += 8; return v; }
  str() { const n = this.u64(); const s = this.buf.toString("utf8", this.pos, this.pos + n); this.pos += n; return s; }
  skipValue(type: number): void {
    if (type === 8) { this.str(); return; }
    if (type === 9) {
      const elem = this.u32();
      const count = this.u64();
      for (let i = 0; i < count; i++) this.skipValue(elem);
      return;
    }
    this.pos += SCALAR_BYTES[type];
  }
}

function str(s: string): Buffer {
  const bytes = Buffer.from(s, "utf8");
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(bytes.length));
  return Buffer.concat([len, bytes]);
}
const u32 = (v: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(v); return b; };
const u64 = (v: number) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(v)); return b; };

function encode(key: string, kv: KeyValue): Buffer {
  switch (kv.type) {
    case "u32": return Buffer.concat([str(key), u32(4), u32(kv.value)]);
    case "bool": return Buffer.concat([str(key), u32(7), Buffer.from([kv.value ? 1 : 0])]);
    case "string": return Buffer.concat([str(key), u32(8), str(kv.value)]);
    case "strings": return Buffer.concat([str(key), u32(9), u32(8), u64(kv.value.length), ...kv.value.map(str)]);
  }
}

function readTokens(r: Reader): string[] {
  r.u32(); // element type: string
  const count = r.u64();
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(r.str());
  return out;
}

/** Writes `to`: the GGUF `from` with `edits` applied to its header. */
export function rewriteGguf(from: string, to: string, edits: GgufEdits): void {
  const buf = readFileSync(from);
  const r = new Reader(buf);
  if (buf.toString("latin1", 0, 4) !== "GGUF") throw new Error(`${from} is not a GGUF file`);
  r.pos = 4;
  const version = r.u32();
  const tensorCount = r.u64();
  const kvCount = r.u64();
  const entries: Buffer[] = [];
  let alignment = 32;
  const remove = new Set([...(edits.remove ?? []), ...Object.keys(edits.set ?? {})]);
  for (let i = 0; i < kvCount; i++) {
    const start = r.pos;
    const key = r.str();
    const type = r.u32();
    if (key === "tokenizer.ggml.tokens" && edits.renameTokens) {
      const tokens = readTokens(r);
      for (const [id, text] of Object.entries(edits.renameTokens)) tokens[Number(id)] = text;
      entries.push(encode(key, { type: "strings", value: tokens }));
      continue;
    }
    const valueStart = r.pos;
    r.skipValue(type);
    if (key === "general.alignment") alignment = buf.readUInt32LE(valueStart);
    if (!remove.has(key)) entries.push(buf.subarray(start, r.pos));
  }
  for (const [key, kv] of Object.entries(edits.set ?? {})) entries.push(encode(key, kv));
  const tensorsStart = r.pos;
  for (let i = 0; i < tensorCount; i++) {
    r.str();
    const dims = r.u32();
    r.pos += 8 * dims + 4 + 8;
  }
  const tensorInfos = buf.subarray(tensorsStart, r.pos);
  const oldDataStart = Math.ceil(r.pos / alignment) * alignment;
  const head = Buffer.concat([Buffer.from("GGUF", "latin1"), u32(version), u64(tensorCount), u64(entries.length), ...entries, tensorInfos]);
  const pad = Buffer.alloc((alignment - (head.length % alignment)) % alignment);
  writeFileSync(to, Buffer.concat([head, pad, buf.subarray(oldDataStart)]));
}
