"""Golden sparse-MoE layer (Mixtral-style SwiGLU experts) for llmforge's MoeMlp: top-k routing with renormalised
gates, capacity (first choices in token order, then second choices), load-balancing loss E * sum f_i P_i with
f_i = top-k selections of expert i / N, router z-loss mean(logsumexp^2). Loss L = sum(y * g) + aux_coef * balance
+ z_coef * z; gradients of L for the input, router and expert 0.
Run: /usr/bin/python3 gen_moe.py  (writes moe.safetensors next to this script)
"""
import math
import os

import torch
import torch.nn.functional as F

import st

HERE = os.path.dirname(os.path.abspath(__file__))
N, C, H, E = 12, 8, 6, 4
AUX, Z = 0.01, 0.001


def moe(x, wr, w1, w2, w3, k, capacity_factor):
    logits = x @ wr.T
    probs = torch.softmax(logits, dim=-1)
    top_p, top_e = torch.topk(probs, k, dim=-1)        # ties do not occur with these random inputs
    gates = top_p / top_p.sum(-1, keepdim=True)
    cap = N * k if capacity_factor <= 0 else math.ceil(capacity_factor * N * k / E)
    kept = torch.zeros(N, k, dtype=torch.bool)
    load = [0] * E
    for r in range(k):
        for t in range(N):
            e = int(top_e[t, r])
            if load[e] < cap:
                load[e] += 1
                kept[t, r] = True
    y = torch.zeros(N, C)
    for t in range(N):
        for r in range(k):
            if kept[t, r]:
                e = int(top_e[t, r])
                h = F.silu(x[t] @ w1[e].T) * (x[t] @ w3[e].T)
                y = y.index_add(0, torch.tensor([t]), (gates[t, r] * (h @ w2[e].T))[None])
    f = torch.zeros(E)
    for e in top_e.flatten().tolist():
        f[e] += 1.0 / N
    balance = E * (f * probs.mean(0)).sum()
    z = (torch.logsumexp(logits, -1) ** 2).mean()
    return y, balance, z, top_e, kept


def main():
    torch.manual_seed(0)
    x = torch.randn(N, C)
    wr = torch.randn(E, C) * 0.8
    w1 = torch.randn(E, H, C) * 0.4
    w3 = torch.randn(E, H, C) * 0.4
    w2 = torch.randn(E, C, H) * 0.4
    g = torch.randn(N, C)
    out = {"x": x, "router": wr, "w1": w1, "w2": w2, "w3": w3, "g": g}
    for name, k, cf in (("k2cap", 2, 1.0), ("k1cap", 1, 1.25), ("k2free", 2, 0.0)):
        leaves = [t.clone().requires_grad_(True) for t in (x, wr, w1, w2, w3)]
        y, balance, z, top_e, kept = moe(*leaves, k, cf)
        loss = (y * g).sum() + AUX * balance + Z * z
        loss.backward()
        out.update({name + ".y": y, name + ".balance": balance.reshape(1), name + ".z": z.reshape(1),
                    name + ".choice": top_e.int(), name + ".kept": kept.int(),
                    name + ".dx": leaves[0].grad, name + ".drouter": leaves[1].grad, name + ".dw1": leaves[2].grad,
                    name + ".dw2": leaves[3].grad, name + ".dw3": leaves[4].grad})
    st.save(os.path.join(HERE, "moe.safetensors"), out)


if __name__ == "__main__":
    main()
