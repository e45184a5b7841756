#!/usr/bin/python3
"""Training-step baseline for `llmforge bench train`: the benchmark GPT in Debian's PyTorch 1.13 on CPU.

Same model, data, optimizer and measurement as bench/djl-baseline (libtorch 2.7.1 through DJL).
Usage: /usr/bin/python3 bench/torch_baseline.py [--steps N] [--warmup N] [--seed S]
stdout: exactly one JSON line; per-step losses go to stderr.
"""
import os

# Must be set before torch loads OpenBLAS: the 2 cores belong to torch's intra-op pool.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import json
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

SYSTEM = "pytorch-1.13 (Debian)"
VOCAB, BLOCK, D_MODEL, LAYERS, HEADS = 4096, 256, 256, 4, 4
BATCH, SEQ = 8, BLOCK


def synthetic_tokens(seed, count, vocab):
    """The 64-bit LCG of SyntheticTokens.java, so both baselines train on the very same batch."""
    state, mask, out = seed & (2**64 - 1), 2**64 - 1, []
    for _ in range(count):
        state = (state * 6364136223846793005 + 1442695040888963407) & mask
        out.append((state >> 33) % vocab)
    return out


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_1 = nn.LayerNorm(D_MODEL)
        self.c_attn = nn.Linear(D_MODEL, 3 * D_MODEL)
        self.c_proj = nn.Linear(D_MODEL, D_MODEL)
        self.ln_2 = nn.LayerNorm(D_MODEL)
        self.c_fc = nn.Linear(D_MODEL, 4 * D_MODEL)
        self.mlp_proj = nn.Linear(4 * D_MODEL, D_MODEL)

    def attention(self, x, mask):
        b, t, c = x.shape
        q, k, v = self.c_attn(x).split(D_MODEL, dim=2)
        q, k, v = (z.view(b, t, HEADS, c // HEADS).transpose(1, 2) for z in (q, k, v))  # (B, H, T, D)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(c // HEADS)) + mask     # additive causal mask, as DJL's
        y = att.softmax(dim=-1) @ v
        return self.c_proj(y.transpose(1, 2).reshape(b, t, c))

    def forward(self, x, mask):
        x = x + self.attention(self.ln_1(x), mask)
        return x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh"))


class BenchmarkGpt(nn.Module):
    def __init__(self):
        super().__init__()
        self.wte = nn.Embedding(VOCAB, D_MODEL)
        self.wpe = nn.Embedding(BLOCK, D_MODEL)
        self.h = nn.ModuleList(Block() for _ in range(LAYERS))
        self.ln_f = nn.LayerNorm(D_MODEL)
        self.register_buffer("mask", torch.full((BLOCK, BLOCK), float("-inf")).triu(1))
        for name, p in self.named_parameters():  # GPT-2 init; LayerNorm keeps ones/zeros
            if name.endswith("bias"):
                nn.init.zeros_(p)
            elif p.dim() == 2:
                residual = name.endswith("c_proj.weight") or name.endswith("mlp_proj.weight")
                nn.init.normal_(p, 0.0, 0.02 / math.sqrt(2 * LAYERS) if residual else 0.02)

    def forward(self, idx, targets):
        b, t = idx.shape
        x = self.wte(idx) + self.wpe.weight[:t]
        for block in self.h:
            x = block(x, self.mask[:t, :t])
        logits = F.linear(self.ln_f(x), self.wte.weight)  # tied output projection
        return F.cross_entropy(logits.view(b * t, VOCAB), targets.view(b * t))


def memory_mb(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError(f"no {field} line in /proc/self/status")


def count(flag, minimum):
    def parse(text):
        try:
            n = int(text)
        except ValueError:
            n = None
        if n is None or n < minimum:
            raise argparse.ArgumentTypeError(f"{flag} expects an integer >= {minimum}, got '{text}'")
        return n
    return parse


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=count("--steps", 1), default=10, help="timed steps (default 10)")
    parser.add_argument("--warmup", type=count("--warmup", 0), default=3, help="untimed steps first (default 3)")
    parser.add_argument("--seed", type=count("--seed", 0), default=1337)
    args = parser.parse_args()

    torch.set_num_threads(2)
    torch.set_num_interop_threads(1)
    torch.manual_seed(args.seed)
    print(f"torch-baseline: {SYSTEM}, torch {torch.__version__}, intra-op threads {torch.get_num_threads()}, "
          f"inter-op threads {torch.get_num_interop_threads()}", file=sys.stderr)
    tokens = torch.tensor(synthetic_tokens(args.seed, BATCH * (SEQ + 1), VOCAB)).view(BATCH, SEQ + 1)
    inputs, targets = tokens[:, :-1].contiguous(), tokens[:, 1:].contiguous()

    model = BenchmarkGpt()
    # nanoGPT's rule: decay the 2-D tensors (matmul weights, embeddings), not biases or LayerNorm.
    params = list(model.parameters())
    optimizer = torch.optim.AdamW(
        [{"params": [p for p in params if p.dim() >= 2], "weight_decay": 0.1},
         {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0}],
        lr=3e-4, betas=(0.9, 0.95), eps=1e-8)

    first_loss = last_loss = float("nan")
    timed = 0.0
    for s in range(args.warmup + args.steps):
        start = time.perf_counter()
        loss = model(inputs, targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        value = loss.item()
        elapsed = time.perf_counter() - start
        if s >= args.warmup:
            timed += elapsed
        if s == 0:
            first_loss = value
        last_loss = value
        print(f"torch-baseline: step {s + 1}{' (warmup)' if s < args.warmup else ''} loss {value:.4f}  "
              f"{elapsed * 1e3:.1f} ms  rss {memory_mb('VmRSS:'):.0f} MB", file=sys.stderr)
        if not math.isfinite(value):
            sys.exit(f"torch-baseline: loss is {value} at step {s + 1}")

    tokens_per_step = BATCH * SEQ
    n_params = sum(p.numel() for p in params) - model.wpe.weight.numel()  # tied wte counted once
    flops_per_step = 6 * n_params * tokens_per_step + 12 * LAYERS * D_MODEL * SEQ * tokens_per_step
    seconds_per_step = timed / args.steps
    print(json.dumps({
        "system": SYSTEM,
        "ms_per_step": round(seconds_per_step * 1e3, 2),
        "tokens_per_s": round(tokens_per_step / seconds_per_step, 1),
        "gflops": round(flops_per_step / seconds_per_step / 1e9, 3),
        "rss_mb": round(memory_mb("VmHWM:"), 1),
        "first_loss": round(first_loss, 4),
        "last_loss": round(last_loss, 4),
    }))


if __name__ == "__main__":
    main()
