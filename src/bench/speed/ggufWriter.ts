// A minimal GGUF (v3) writer, enough for random-weight llama models with real shapes: speed is a
// property of shapes and quantisation, not of trained weights, and no real model can be fetched here.
// The weights are seeded, so a test on a random-weight model sees the same model on every run.
import { createCipheriv, createHash, type Cipher } from "node:crypto";
import { closeSync, openSync, writeSync } from "node:fs";
import { endianness } from "node:os";

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

/** The seed of a file's weights when the caller names none. */
export const DEFAULT_WEIGHT_SEED = 0x5eed;

/**
 * Seeded random bytes: the AES-256-CTR keystream of a key drawn from the seed and the file's header.
 * It runs as fast as the unseeded system generator (GBs a second), which a JavaScript generator does
 * not for multi-GB files; the header in the key gives different models (names, vocabularies, shapes)
 * unrelated weights from one seed, so the two models of a pair share no layers.
 */
class WeightStream {
  private readonly cipher: Cipher;
  private zeros = Buffer.alloc(0);
  constructor(seed: number, header: Buffer) {
    const key = createHash("sha256").update(`gguf-weights:${seed}:`).update(header).digest();
    this.cipher = createCipheriv("aes-256-ctr", key, Buffer.alloc(16));
  }
  /** The next `n` bytes of the stream, in a new buffer. */
  bytes(n: number): Buffer {
    if (this.zeros.length < n) this.zeros = Buffer.alloc(n);
    return this.cipher.update(this.zeros.subarray(0, n));
  }
}

/**
 * Turns every 0x80 byte (int8 -128, which ggml's quantiser never writes) into 0x81. Four bytes are
 * tested at a time: the byte loop was most of the time a multi-GB file took to write.
 */
function keepMinus128Out(buf: Buffer): void {
  const words = new Uint32Array(buf.buffer, buf.byteOffset, buf.byteOffset % 4 === 0 ? buf.length >>> 2 : 0);
  for (let w = 0; w < words.length; w++) {
    const v = words[w] ^ 0x80808080; // a 0x80 byte becomes a zero byte
    if (((v - 0x01010101) & ~v & 0x80808080) === 0) continue;
    for (let b = w * 4; b < w * 4 + 4; b++) if (buf[b] === 0x80) buf[b] = 0x81;
  }
  for (let b = words.length * 4; b < buf.length; b++) if (buf[b] === 0x80) buf[b] = 0x81;
}

/** The bytes as little-endian 32-bit words, viewed in place where the host allows (the same words on any host). */
function littleEndianWords(bytes: Buffer): Uint32Array {
  const count = bytes.length >>> 2;
  if (endianness() === "LE" && bytes.byteOffset % 4 === 0) return new Uint32Array(bytes.buffer, bytes.byteOffset, count);
  return Uint32Array.from({ length: count }, (_, k) => bytes.readUInt32LE(k * 4));
}

/** Tensor data of the given kind, `length` bytes; `first` is the index of its first element. */
function tensorData(length: number, t: TensorSpec, first: number, random: WeightStream): Buffer {
  if (t.fill === "zeros") return Buffer.alloc(length);
  if (t.fill === "ones") {
    if (t.type !== GgmlType.F32) throw new Error("ones only for f32 tensors");
    const buf = Buffer.alloc(length);
    for (let i = 0; i < buf.length; i += 4) buf.writeFloatLE(1, i);
    return buf;
  }
  const std = t.fill.std;
  if (t.type === GgmlType.Q8_0) {
    if (t.fill.set) throw new Error("set only for f16/f32 tensors");
    const buf = random.bytes(length);
    keepMinus128Out(buf);
    // Uniform int8 has a standard deviation of about 73.6: scale it to `std`.
    const scale = f16Bits(std / 73.6);
    for (let i = 0; i < buf.length; i += 34) buf.writeUInt16LE(scale, i);
    return buf;
  }
  // f16/f32: small uniform values, 32 random bits per element (also where `set` fixes it, so fixing
  // one element leaves every other as it was).
  const step = t.type === GgmlType.F16 ? 2 : 4;
  const set = t.fill.set;
  const buf = Buffer.alloc(length);
  // The random words come in slices of 64k: small buffers are reused by the allocator, large ones fault in fresh pages.
  const slice = 1 << 16;
  for (let start = 0; start < length / step; start += slice) {
    const words = littleEndianWords(random.bytes(Math.min(slice, length / step - start) * 4));
    for (let k = 0, i = start * step; k < words.length; k++, i += step) {
      const v = set?.(first + start + k) ?? ((words[k] / 4294967296) * 2 - 1) * std * 1.732;
      if (step === 2) buf.writeUInt16LE(f16Bits(v), i);
      else buf.writeFloatLE(v, i);
    }
  }
  return buf;
}

/**
 * Writes a GGUF file with the given metadata and tensors. The random weights follow from `seed` (a
 * non-negative integer) and the file's header: the same call writes the same bytes.
 */
export function writeGguf(path: string, metadata: Record<string, MetadataValue>, tensors: TensorSpec[], seed: number = DEFAULT_WEIGHT_SEED): void {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`the weight seed must be a non-negative integer, got ${seed}`);
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
  const random = new WeightStream(seed, header);
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
        writeSync(fd, tensorData(Math.min(chunkBytes, total - done), t, (done / block.bytes) * block.values, random));
      }
      writeSync(fd, Buffer.alloc((ALIGNMENT - (total % ALIGNMENT)) % ALIGNMENT));
    }
  } finally {
    closeSync(fd);
  }
}
