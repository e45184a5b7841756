"""Golden fixtures for the nn ops: forward outputs and input/weight gradients from PyTorch.

Run with the system interpreter from this directory: /usr/bin/python3 gen_nn.py  (writes nn.safetensors).
Every op's loss is sum(out * g) for a fixed random g (named <op>.g), so the gradients are g pulled back.
"""
import torch
import torch.nn.functional as F

import st

torch.manual_seed(0)
out = {}


def leaf(*shape, lo=-2.0, hi=2.0):
    return (torch.rand(*shape, dtype=torch.float64) * (hi - lo) + lo).requires_grad_(True)


def record(name, y, inputs):
    g = torch.rand(y.shape, dtype=torch.float64) * 2 - 1
    grads = torch.autograd.grad((y * g).sum(), [t for _, t in inputs])
    out[name + ".out"] = y
    out[name + ".g"] = g
    for (n, t), gr in zip(inputs, grads):
        out[name + "." + n] = t
        out[name + ".d" + n] = gr


x, w, b = leaf(3, 5, 33), leaf(33, lo=0.5, hi=1.5), leaf(33)
record("layer_norm", F.layer_norm(x, (33,), w, b, eps=1e-5), [("x", x), ("w", w), ("b", b)])

x, w = leaf(4, 40), leaf(40, lo=0.5, hi=1.5)
rms = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6) * w  # LLaMA RMSNorm written out
record("rms_norm", rms, [("x", x), ("w", w)])

x = leaf(7, 19, lo=-5, hi=5)
record("gelu_tanh", F.gelu(x, approximate="tanh"), [("x", x)])
x = leaf(7, 19, lo=-5, hi=5)
record("gelu_erf", F.gelu(x), [("x", x)])
x = leaf(7, 19, lo=-6, hi=6)
record("silu", F.silu(x), [("x", x)])
x = leaf(5, 37, lo=-4, hi=4)
record("softmax", F.softmax(x, -1), [("x", x)])
x = leaf(5, 37, lo=-4, hi=4)
record("log_softmax", F.log_softmax(x, -1), [("x", x)])

# cross-entropy, mean over the targets that are not ignored
logits = leaf(9, 1003, lo=-4, hi=4)
targets = torch.randint(0, 1003, (9,))
targets[[2, 5]] = -100
ce = F.cross_entropy(logits, targets, ignore_index=-100, reduction="mean")
dl, = torch.autograd.grad(ce, [logits])
out["cross_entropy.logits"] = logits
out["cross_entropy.targets"] = targets
out["cross_entropy.out"] = ce.reshape(1)
out["cross_entropy.dlogits"] = dl


def rotate_half(t):
    h = t.shape[-1] // 2
    return torch.cat((-t[..., h:], t[..., :h]), dim=-1)


# rope, HF LLaMA convention written out: (B, H, T, D), cos/sin = cat(freqs, freqs)
B, H, T, D, base = 2, 3, 6, 16, 10000.0
x = leaf(B, H, T, D, lo=-1, hi=1)
pos = torch.tensor([[0, 1, 2, 3, 4, 5], [0, 1, 2, 0, 1, 2]])
inv_freq = 1.0 / (base ** (torch.arange(0, D, 2, dtype=torch.float64) / D))
freqs = pos[..., None].double() * inv_freq  # (B, T, D/2)
emb = torch.cat((freqs, freqs), dim=-1)[:, None, :, :]  # (B, 1, T, D)
record("rope", x * emb.cos() + rotate_half(x) * emb.sin(), [("x", x)])
out["rope.positions"] = pos

table = leaf(11, 13, lo=-1, hi=1)
ids = torch.tensor([[1, 4, 4, 0], [10, 1, 4, 7]])
record("embedding", F.embedding(ids, table), [("table", table)])
out["embedding.ids"] = ids

st.save("nn.safetensors", out)
