#!/usr/bin/env python3
"""Write a trained checkpoint as a GGUF file that llama.cpp loads as `llama`.

usage: export_gguf.py CHECKPOINT OUT.gguf [--no-permute]
(CHECKPOINT "random:small" exports a fresh model; --no-permute writes q/k unpermuted, a wrong file
that numerics.py must reject)

The GGUF v3 format is written directly: header, metadata, tensor infos, 32-byte aligned data.
Matrices are f16, norms f32. q and k weights are permuted from the rotate-half RoPE layout used in
model.py to llama.cpp's interleaved layout (the reshape llama.cpp's HF converter does). Embeddings
are tied, so no output.weight is written.
"""
import json, os, struct, sys
import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from model import LM
from bpe import TOKENIZER

T_UINT32, T_INT32, T_FLOAT32, T_BOOL, T_STRING, T_ARRAY, T_UINT64 = 4, 5, 6, 7, 8, 9, 10
GGML_F32, GGML_F16 = 0, 1
ALIGN = 32


def s(x):
    b = x.encode("utf-8")
    return struct.pack("<Q", len(b)) + b


def kv(key, typ, val):
    out = s(key) + struct.pack("<I", typ)
    if typ == T_STRING:
        return out + s(val)
    if typ == T_UINT32:
        return out + struct.pack("<I", val)
    if typ == T_INT32:
        return out + struct.pack("<i", val)
    if typ == T_FLOAT32:
        return out + struct.pack("<f", val)
    if typ == T_BOOL:
        return out + struct.pack("<?", val)
    raise ValueError(typ)


def kv_array(key, elem, vals):
    out = s(key) + struct.pack("<IIQ", T_ARRAY, elem, len(vals))
    if elem == T_STRING:
        return out + b"".join(s(v) for v in vals)
    if elem == T_INT32:
        return out + struct.pack(f"<{len(vals)}i", *vals)
    if elem == T_FLOAT32:
        return out + struct.pack(f"<{len(vals)}f", *vals)
    raise ValueError(elem)


def permute(w, n_head):
    # rotate-half (first half / second half of each head) -> interleaved pairs
    return w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def load(ckpt):
    if ckpt.startswith("random:"):
        torch.manual_seed(0)
        return LM(ckpt.split(":", 1)[1])
    d = torch.load(ckpt, map_location="cpu")
    m = LM(d["name"], d.get("ctx"))
    m.load_state_dict(d["model"])
    return m


def export(model, out_path, name=None, permute_qk=True):
    c = model.c
    tok = json.load(open(TOKENIZER))
    tokens, merges, special = tok["tokens"], tok["merges"], tok["special"]
    assert len(tokens) == c["vocab"]
    sd = {k: v.detach().float().numpy() for k, v in model.state_dict().items()}
    h = c["n_heads"]
    qk = (lambda w: permute(w, h)) if permute_qk else (lambda w: w)
    tensors = [("token_embd.weight", sd["embed.weight"])]
    for i in range(c["n_layers"]):
        p = f"blocks.{i}."
        tensors += [
            (f"blk.{i}.attn_norm.weight", sd[p + "attn_norm.weight"]),
            (f"blk.{i}.attn_q.weight", qk(sd[p + "wq.weight"])),
            (f"blk.{i}.attn_k.weight", qk(sd[p + "wk.weight"])),
            (f"blk.{i}.attn_v.weight", sd[p + "wv.weight"]),
            (f"blk.{i}.attn_output.weight", sd[p + "wo.weight"]),
            (f"blk.{i}.ffn_norm.weight", sd[p + "ffn_norm.weight"]),
            (f"blk.{i}.ffn_gate.weight", sd[p + "w_gate.weight"]),
            (f"blk.{i}.ffn_up.weight", sd[p + "w_up.weight"]),
            (f"blk.{i}.ffn_down.weight", sd[p + "w_down.weight"]),
        ]
    tensors.append(("output_norm.weight", sd["norm.weight"]))

    types = [3 if t in special else 1 for t in tokens]  # 3 = CONTROL, 1 = NORMAL
    eot = special["<|endoftext|>"]
    meta = [
        kv("general.architecture", T_STRING, "llama"),
        kv("general.name", T_STRING, name or f"ead-fixture-{model.name}"),
        kv("general.file_type", T_UINT32, 1),
        kv("general.alignment", T_UINT32, ALIGN),
        kv("llama.context_length", T_UINT32, c["ctx"]),
        kv("llama.embedding_length", T_UINT32, c["dim"]),
        kv("llama.block_count", T_UINT32, c["n_layers"]),
        kv("llama.feed_forward_length", T_UINT32, c["ffn"]),
        kv("llama.attention.head_count", T_UINT32, h),
        kv("llama.attention.head_count_kv", T_UINT32, h),
        kv("llama.rope.dimension_count", T_UINT32, c["dim"] // h),
        kv("llama.rope.freq_base", T_FLOAT32, c["rope_theta"]),
        kv("llama.attention.layer_norm_rms_epsilon", T_FLOAT32, c["eps"]),
        kv("llama.vocab_size", T_UINT32, c["vocab"]),
        kv("tokenizer.ggml.model", T_STRING, "gpt2"),
        kv("tokenizer.ggml.pre", T_STRING, "qwen2"),
        kv_array("tokenizer.ggml.tokens", T_STRING, tokens),
        kv_array("tokenizer.ggml.token_type", T_INT32, types),
        kv_array("tokenizer.ggml.merges", T_STRING, merges),
        kv("tokenizer.ggml.bos_token_id", T_UINT32, eot),
        kv("tokenizer.ggml.eos_token_id", T_UINT32, eot),
        kv("tokenizer.ggml.padding_token_id", T_UINT32, eot),
        kv("tokenizer.ggml.add_bos_token", T_BOOL, False),
        kv("tokenizer.ggml.add_eos_token", T_BOOL, False),
        kv("tokenizer.ggml.fim_pre_token_id", T_UINT32, special["<|fim_prefix|>"]),
        kv("tokenizer.ggml.fim_suf_token_id", T_UINT32, special["<|fim_suffix|>"]),
        kv("tokenizer.ggml.fim_mid_token_id", T_UINT32, special["<|fim_middle|>"]),
        kv("tokenizer.ggml.fim_pad_token_id", T_UINT32, special["<|fim_pad|>"]),
        kv("tokenizer.ggml.fim_rep_token_id", T_UINT32, special["<|repo_name|>"]),
        kv("tokenizer.ggml.fim_sep_token_id", T_UINT32, special["<|file_sep|>"]),
    ]
    infos, blobs, offset = [], [], 0
    for name_, arr in tensors:
        arr = np.ascontiguousarray(arr.astype(np.float32 if arr.ndim == 1 else np.float16))
        gtype = GGML_F32 if arr.ndim == 1 else GGML_F16
        info = s(name_) + struct.pack("<I", arr.ndim) + b"".join(struct.pack("<Q", d) for d in reversed(arr.shape))
        info += struct.pack("<IQ", gtype, offset)
        infos.append(info)
        data = arr.tobytes()
        pad = (-len(data)) % ALIGN
        blobs.append(data + b"\0" * pad)
        offset += len(data) + pad
    head = b"GGUF" + struct.pack("<IQQ", 3, len(tensors), len(meta)) + b"".join(meta) + b"".join(infos)
    head += b"\0" * ((-len(head)) % ALIGN)
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    tmp = out_path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(head)
        for b in blobs:
            f.write(b)
    os.replace(tmp, out_path)
    print(f"wrote {out_path}: {model.n_params()/1e6:.2f}M params, {os.path.getsize(out_path)/1e6:.1f} MB")


if __name__ == "__main__":
    export(load(sys.argv[1]), sys.argv[2], permute_qk="--no-permute" not in sys.argv[3:])
