"""Golden fixture for llmforge.autograd.ScaledDotProductAttention: forward and q/k/v gradients.

torch 1.13 has no scaled_dot_product_attention, so attention is written out: scores, boolean mask, softmax,
weighted sum, all in float64 from float32 inputs. Queries are aligned to the end of the keys (query i sits at
absolute position S - T + i). Run with the system interpreter: /usr/bin/python3 gen_attention.py
"""
import os

import torch

from st import save

torch.manual_seed(1234)


def attention(q, k, v, causal, lengths=None, doc_ids=None):
    b, hq, t, d = q.shape
    hkv, s = k.shape[1], k.shape[2]
    k = k.repeat_interleave(hq // hkv, dim=1)
    v = v.repeat_interleave(hq // hkv, dim=1)
    scores = q @ k.transpose(-1, -2) / d ** 0.5
    qpos = torch.arange(t) + (s - t)
    kpos = torch.arange(s)
    allowed = torch.ones(b, t, s, dtype=torch.bool)
    if causal:
        allowed &= (kpos[None, :] <= qpos[:, None])[None]
    if lengths is not None:
        allowed &= (kpos[None, :] < lengths[:, None])[:, None, :]
    if doc_ids is not None:
        allowed &= doc_ids[:, qpos][:, :, None] == doc_ids[:, None, :]
    scores = scores.masked_fill(~allowed[:, None], float("-inf"))
    return torch.softmax(scores, dim=-1) @ v


def case(name, out, b, hq, hkv, t, s, d, causal, lengths=None, doc_ids=None):
    q = torch.randn(b, hq, t, d).double().requires_grad_()
    k = torch.randn(b, hkv, s, d).double().requires_grad_()
    v = torch.randn(b, hkv, s, d).double().requires_grad_()
    g = torch.randn(b, hq, t, d).double()
    y = attention(q, k, v, causal, lengths, doc_ids)
    y.backward(g)
    for key, val in dict(q=q, k=k, v=v, grad_out=g, out=y, dq=q.grad, dk=k.grad, dv=v.grad).items():
        out[f"{name}.{key}"] = val.detach()
    out[f"{name}.causal"] = torch.tensor([int(causal)], dtype=torch.int64)
    if lengths is not None:
        out[f"{name}.lengths"] = lengths
    if doc_ids is not None:
        out[f"{name}.doc_ids"] = doc_ids


tensors = {}
case("causal", tensors, 2, 2, 2, 7, 7, 8, True)
case("padding", tensors, 2, 2, 2, 6, 6, 8, False, lengths=torch.tensor([6, 3]))
case("causal_padding", tensors, 2, 2, 2, 6, 6, 8, True, lengths=torch.tensor([4, 6]))
case("documents", tensors, 2, 2, 2, 9, 9, 8, True,
     doc_ids=torch.tensor([[0, 0, 0, 1, 1, 2, 2, 2, 2], [0, 1, 1, 1, 1, 1, 2, 3, 3]]))
case("documents_bidirectional", tensors, 1, 2, 2, 8, 8, 4, False,
     doc_ids=torch.tensor([[5, 5, 5, 7, 7, 7, 7, 9]]))
case("gqa", tensors, 1, 4, 2, 5, 5, 8, True)
case("kv_cache", tensors, 1, 2, 1, 3, 8, 8, True)
save(os.path.join(os.path.dirname(os.path.abspath(__file__)), "attention.safetensors"), tensors)
