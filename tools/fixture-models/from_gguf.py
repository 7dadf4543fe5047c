#!/usr/bin/env python3
"""Read a fixture GGUF back into a PyTorch state dict (and its tokenizer), to continue training it.

usage: from_gguf.py MODEL.gguf NAME OUT.pt [--tokenizer OUT.json]

The inverse of export_gguf.py: f16 matrices back to float32, q and k un-permuted from llama.cpp's
interleaved RoPE layout to model.py's rotate-half layout. With --tokenizer, the vocabulary, merges and
special tokens are written in bpe.py's format, so new training data is tokenised exactly as the GGUF
tokenises (a retrained BPE could differ).
"""
import json, struct, sys
import numpy as np
import torch

T_UINT8, T_INT8, T_UINT16, T_INT16, T_UINT32, T_INT32, T_FLOAT32, T_BOOL, T_STRING, T_ARRAY, T_UINT64, T_INT64, T_FLOAT64 = range(13)
SCALAR = {T_UINT8: "<B", T_INT8: "<b", T_UINT16: "<H", T_INT16: "<h", T_UINT32: "<I", T_INT32: "<i",
          T_FLOAT32: "<f", T_BOOL: "<?", T_UINT64: "<Q", T_INT64: "<q", T_FLOAT64: "<d"}


class Reader:
    def __init__(self, data):
        self.d, self.p = data, 0

    def take(self, fmt):
        v = struct.unpack_from(fmt, self.d, self.p)[0]
        self.p += struct.calcsize(fmt)
        return v

    def string(self):
        n = self.take("<Q")
        s = self.d[self.p:self.p + n].decode("utf-8")
        self.p += n
        return s

    def value(self, typ):
        if typ == T_STRING:
            return self.string()
        if typ == T_ARRAY:
            elem, n = self.take("<I"), self.take("<Q")
            return [self.value(elem) for _ in range(n)]
        return self.take(SCALAR[typ])


def read_gguf(path):
    data = open(path, "rb").read()
    r = Reader(data)
    assert data[:4] == b"GGUF", f"{path} is not a GGUF file"
    r.p = 4
    version, n_tensors, n_kv = r.take("<I"), r.take("<Q"), r.take("<Q")
    assert version == 3, version
    meta = {}
    for _ in range(n_kv):
        key = r.string()
        meta[key] = r.value(r.take("<I"))
    infos = []
    for _ in range(n_tensors):
        name = r.string()
        dims = [r.take("<Q") for _ in range(r.take("<I"))]
        gtype, offset = r.take("<I"), r.take("<Q")
        infos.append((name, dims, gtype, offset))
    align = meta.get("general.alignment", 32)
    base = r.p + (-r.p) % align
    tensors = {}
    for name, dims, gtype, offset in infos:
        dtype = {0: np.float32, 1: np.float16}[gtype]
        n = int(np.prod(dims))
        arr = np.frombuffer(data, dtype=dtype, count=n, offset=base + offset).astype(np.float32)
        tensors[name] = arr.reshape(list(reversed(dims)))
    return meta, tensors


def unpermute(w, n_head):
    # interleaved pairs -> rotate-half: the inverse of export_gguf.permute
    return w.reshape(n_head, w.shape[0] // n_head // 2, 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def state_dict(meta, t):
    h = meta["llama.attention.head_count"]
    sd = {"embed.weight": t["token_embd.weight"], "norm.weight": t["output_norm.weight"]}
    for i in range(meta["llama.block_count"]):
        p, g = f"blocks.{i}.", f"blk.{i}."
        sd.update({
            p + "attn_norm.weight": t[g + "attn_norm.weight"],
            p + "wq.weight": unpermute(t[g + "attn_q.weight"], h),
            p + "wk.weight": unpermute(t[g + "attn_k.weight"], h),
            p + "wv.weight": t[g + "attn_v.weight"],
            p + "wo.weight": t[g + "attn_output.weight"],
            p + "ffn_norm.weight": t[g + "ffn_norm.weight"],
            p + "w_gate.weight": t[g + "ffn_gate.weight"],
            p + "w_up.weight": t[g + "ffn_up.weight"],
            p + "w_down.weight": t[g + "ffn_down.weight"],
        })
    return {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in sd.items()}


def tokenizer(meta):
    tokens = meta["tokenizer.ggml.tokens"]
    types = meta["tokenizer.ggml.token_type"]
    special = {tok: i for i, (tok, ty) in enumerate(zip(tokens, types)) if ty == 3}
    return {"tokens": tokens, "merges": meta["tokenizer.ggml.merges"], "special": special}


def main():
    path, name, out = sys.argv[1:4]
    meta, t = read_gguf(path)
    torch.save({"name": name, "model": state_dict(meta, t)}, out)
    print(f"wrote {out} from {path} (context {meta['llama.context_length']})")
    if "--tokenizer" in sys.argv:
        tok_out = sys.argv[sys.argv.index("--tokenizer") + 1]
        json.dump(tokenizer(meta), open(tok_out, "w"), ensure_ascii=False)
        print(f"wrote {tok_out}")


if __name__ == "__main__":
    main()
