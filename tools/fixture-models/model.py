"""Llama-architecture language model (RMSNorm, RoPE in rotate-half layout, SwiGLU, tied embeddings)."""
import math
import torch
import torch.nn as nn
import torch.nn.functional as F

CONFIGS = {
    # about 1.0M parameters
    "small": dict(dim=128, n_layers=3, n_heads=2, ffn=256),
    # about 11.2M parameters
    "large": dict(dim=320, n_layers=8, n_heads=5, ffn=864),
}
# ctx is the training context written to the GGUF: 1,024 for the committed pair (trained on 512-token
# windows); train.py raises it to its window length (--seq 2048 for prep_repo.py's samples).
COMMON = dict(vocab=4096, ctx=1024, rope_theta=10000.0, eps=1e-5)


class RMSNorm(nn.Module):
    def __init__(self, dim, eps):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rope_tables(head_dim, n, theta):
    inv = 1.0 / (theta ** (torch.arange(0, head_dim, 2).float() / head_dim))
    f = torch.outer(torch.arange(n).float(), inv)
    emb = torch.cat([f, f], dim=-1)
    return emb.cos(), emb.sin()


def rotate_half(x):
    a, b = x.chunk(2, dim=-1)
    return torch.cat([-b, a], dim=-1)


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        d, h = c["dim"], c["n_heads"]
        self.h, self.hd = h, d // h
        self.attn_norm = RMSNorm(d, c["eps"])
        self.wq = nn.Linear(d, d, bias=False)
        self.wk = nn.Linear(d, d, bias=False)
        self.wv = nn.Linear(d, d, bias=False)
        self.wo = nn.Linear(d, d, bias=False)
        self.ffn_norm = RMSNorm(d, c["eps"])
        self.w_gate = nn.Linear(d, c["ffn"], bias=False)
        self.w_up = nn.Linear(d, c["ffn"], bias=False)
        self.w_down = nn.Linear(c["ffn"], d, bias=False)

    def forward(self, x, cos, sin, mask):
        B, T, D = x.shape
        y = self.attn_norm(x)
        q = self.wq(y).view(B, T, self.h, self.hd).transpose(1, 2)
        k = self.wk(y).view(B, T, self.h, self.hd).transpose(1, 2)
        v = self.wv(y).view(B, T, self.h, self.hd).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        if hasattr(F, "scaled_dot_product_attention"):
            a = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        else:
            att = torch.baddbmm(mask.expand(B * self.h, T, T), (q * (1.0 / math.sqrt(self.hd))).reshape(B * self.h, T, self.hd),
                                k.reshape(B * self.h, T, self.hd).transpose(1, 2))
            a = torch.bmm(att.softmax(-1).to(v.dtype), v.reshape(B * self.h, T, self.hd)).view(B, self.h, T, self.hd)
        x = x + self.wo(a.transpose(1, 2).reshape(B, T, D))
        y = self.ffn_norm(x)
        return x + self.w_down(F.silu(self.w_gate(y)) * self.w_up(y))


class LM(nn.Module):
    def __init__(self, name, ctx=None):
        super().__init__()
        c = dict(COMMON, **CONFIGS[name])
        c["ctx"] = max(c["ctx"], ctx or 0)
        self.c = c
        self.name = name
        self.embed = nn.Embedding(c["vocab"], c["dim"])
        self.blocks = nn.ModuleList(Block(c) for _ in range(c["n_layers"]))
        self.norm = RMSNorm(c["dim"], c["eps"])
        cos, sin = rope_tables(c["dim"] // c["n_heads"], c["ctx"], c["rope_theta"])
        self.register_buffer("cos", cos, persistent=False)
        self.register_buffer("sin", sin, persistent=False)
        self.register_buffer("mask", torch.full((c["ctx"], c["ctx"]), float("-inf")).triu(1), persistent=False)
        self.apply(self._init)
        for b in self.blocks:
            nn.init.normal_(b.wo.weight, std=0.02 / math.sqrt(2 * c["n_layers"]))
            nn.init.normal_(b.w_down.weight, std=0.02 / math.sqrt(2 * c["n_layers"]))

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=0.02)

    def forward(self, idx):
        T = idx.shape[1]
        x = self.embed(idx)
        cos, sin = self.cos[:T].to(x.dtype), self.sin[:T].to(x.dtype)
        mask = self.mask[:T, :T]
        for b in self.blocks:
            x = b(x, cos, sin, mask)
        x = self.norm(x)
        return x @ self.embed.weight.t().to(x.dtype)

    def n_params(self):
        return sum(p.numel() for p in self.parameters())
