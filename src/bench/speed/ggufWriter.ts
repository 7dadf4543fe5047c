// A minimal GGUF (v3) writer, enough for random-weight llama models with real shapes: speed is a
// property of shapes and quantisation, not of trained weights, and no real model can be fetched here.
import { randomFillSync } from "node:crypto";
import { closeSync, openSync, writeSync } from "node:fs";

const ALIGNMENT = 32;

export enum GgmlType {
  F32 = 0,
  F16 = 1,
  Q8_0 = 8,
}

/** Bytes per block and values per block of each type. */
const BLOCK: Record<GgmlType, { bytes: number; values: number }> = {
  [GgmlType.F32]: { bytes: 4, values: 1 },
  [GgmlType.F16]: { bytes: 2, values: 1 },
  [GgmlType.Q8_0]: { bytes: 34, values: 32 },
};

export type MetadataValue =
  | { type: "u32"; value: number }
  | { type: "i32"; value: number }
  | { type: "f32"; value: number }
  | { type: "bool"; value: boolean }
  | { type: "string"; value: string }
  | { type: "strings"; value: readonly string[] }
  | { type: "i32s"; value: readonly number[] }
  | { type: "f32s"; value: readonly number[] };

export interface TensorSpec {
  name: string;
  /** ggml order: dims[0] is the contiguous (row) dimension. */
  dims: number[];
  type: GgmlType;
  /**
   * How the data is made: ones (norm weights), zeros (biases), or random with the given standard
   * deviation, where `set` may fix chosen elements (flat index in ggml order; f16/f32 only).
   */
  fill: "ones" | "zeros" | { std: number; set?: (index: number) => number | undefined };
}

export function tensorBytes(t: Pick<TensorSpec, "dims" | "type">): number {
  const count = t.dims.reduce((a, b) => a * b, 1);
  const block = BLOCK[t.type];
  if (count % block.values !== 0) throw new Error(`tensor size ${count} is not a multiple of ${block.values}`);
  return (count / block.values) * block.bytes;
}

/** A growable byte buffer: headers hold hundreds of thousands of strings (a 150k-token vocabulary). */
class ByteSink {
  private buf = Buffer.alloc(1 << 20);
  length = 0;
  private room(n: number) {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
  push(b: Buffer) {
    this.room(b.length);
    b.copy(this.buf, this.length);
    this.length += b.length;
  }
  u32(v: number) {
    this.room(4);
    this.length = this.buf.writeUInt32LE(v, this.length);
  }
  i32(v: number) {
    this.room(4);
    this.length = this.buf.writeInt32LE(v, this.length);
  }
  u64(v: number) {
    this.room(8);
    this.length = this.buf.writeBigUInt64LE(BigInt(v), this.length);
  }
  f32(v: number) {
    this.room(4);
    this.length = this.buf.writeFloatLE(v, this.length);
  }
  str(s: string) {
    const n = Buffer.byteLength(s, "utf8");
    this.u64(n);
    this.room(n);
    this.length += this.buf.write(s, this.length, "utf8");
  }
  concat() {
    return this.buf.subarray(0, this.length);
  }
}

// GGUF metadata value type ids.
const T = { u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9 } as const;

function writeValue(sink: ByteSink, v: MetadataValue) {
  switch (v.type) {
    case "u32": sink.u32(T.u32); sink.u32(v.value); return;
    case "i32": sink.u32(T.i32); sink.i32(v.value); return;
    case "f32": sink.u32(T.f32); sink.f32(v.value); return;
    case "bool": sink.u32(T.bool); sink.push(Buffer.from([v.value ? 1 : 0])); return;
    case "string": sink.u32(T.string); sink.str(v.value); return;
    case "strings": sink.u32(T.array); sink.u32(T.string); sink.u64(v.value.length); for (const s of v.value) sink.str(s); return;
    case "i32s": sink.u32(T.array); sink.u32(T.i32); sink.u64(v.value.length); for (const n of v.value) sink.i32(n); return;
    case "f32s": sink.u32(T.array); sink.u32(T.f32); sink.u64(v.value.length); for (const n of v.value) sink.f32(n); return;
  }
}

/** IEEE half-precision bits of a float (round to nearest, normal range only: enough for scales). */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export function f16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = ((x >>> 23) & 0xff) - 127 + 15;
  const mant = x & 0x7fffff;
  if (exp <= 0) return sign;
  if (exp >= 31) return sign | 0x7c00;
  return sign | (exp << 10) | Math.round(mant / 0x2000);
}

/** Fills `buf` with tensor data of the given kind; `first` is the index of its first element. */
function fillData(buf: Buffer, t: TensorSpec, first: number) {
  if (t.fill === "zeros") return; // Buffer.alloc is zeroed
  if (t.fill === "ones") {
    if (t.type !== GgmlType.F32) throw new Error("ones only for f32 tensors");
    for (let i = 0; i < buf.length; i += 4) buf.writeFloatLE(1, i);
    return;
  }
  const std = t.fill.std;
  if (t.type === GgmlType.Q8_0) {
    if (t.fill.set) throw new Error("set only for f16/f32 tensors");
    randomFillSync(buf);
    // Uniform int8 has a standard deviation of about 73.6: scale it to `std`.
    const scale = f16Bits(std / 73.6);
    for (let i = 0; i < buf.length; i += 34) {
      buf.writeUInt16LE(scale, i);
      for (let j = 2; j < 34; j++) if (buf[i + j] === 0x80) buf[i + j] = 0x81; // keep -128 out, as ggml does
    }
    return;
  }
  // f16/f32: small random values.
  const step = t.type === GgmlType.F16 ? 2 : 4;
  const set = t.fill.set;
  for (let i = 0; i < buf.length; i += step) {
    const v = set?.(first + i / step) ?? (Math.random() * 2 - 1) * std * 1.732;
    if (step === 2) buf.writeUInt16LE(f16Bits(v), i);
    else buf.writeFloatLE(v, i);
  }
}

export function writeGguf(path: string, metadata: Record<string, MetadataValue>, tensors: TensorSpec[]): void {
  const head = new ByteSink();
  head.push(Buffer.from("GGUF", "latin1"));
  head.u32(3);
  head.u64(tensors.length);
  head.u64(Object.keys(metadata).length);
  for (const [key, value] of Object.entries(metadata)) {
    head.str(key);
    writeValue(head, value);
  }
  let offset = 0;
  const offsets: number[] = [];
  for (const t of tensors) {
    head.str(t.name);
    head.u32(t.dims.length);
    for (const d of t.dims) head.u64(d);
    head.u32(t.type);
    head.u64(offset);
    offsets.push(offset);
    offset += Math.ceil(tensorBytes(t) / ALIGNMENT) * ALIGNMENT;
  }
  const header = head.concat();
  const fd = openSync(path, "w");
  try {
    writeSync(fd, header);
    writeSync(fd, Buffer.alloc((ALIGNMENT - (header.length % ALIGNMENT)) % ALIGNMENT));
    const chunkValues = 1 << 22;
    for (const t of tensors) {
      const total = tensorBytes(t);
      const block = BLOCK[t.type];
      const chunkBytes = (chunkValues / block.values) * block.bytes;
      for (let done = 0; done < total; done += chunkBytes) {
        const buf = Buffer.alloc(Math.min(chunkBytes, total - done));
        fillData(buf, t, (done / block.bytes) * block.values);
        writeSync(fd, buf);
      }
      writeSync(fd, Buffer.alloc((ALIGNMENT - (total % ALIGNMENT)) % ALIGNMENT));
    }
  } finally {
    closeSync(fd);
  }
}
