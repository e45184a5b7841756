"""Golden fixture for llmforge.optim: torch.optim.AdamW with two parameter groups, clip_grad_norm_ and a
LambdaLR warmup + cosine schedule for 5 steps, plus LambdaLR learning rates for the three decay shapes.

Run with the system interpreter:  /usr/bin/python3 gen_adamw.py   (writes adamw.safetensors next to it)
"""
import math
import os

import torch

from st import save

torch.manual_seed(1234)

MAX_NORM = 1.0
BETAS = (0.9, 0.95)
EPS = 1e-3          # large on purpose: with 1e-8 a misplaced eps (inside the sqrt, before the bias
                    # correction) would change the weights by less than float rounding
BASE_LR = 1e-2          # group "decay"; group "no_decay" runs at half of it
STEPS = 5
GRAD_SCALES = [0.05, 2.0, 0.02, 4.0, 0.07]   # gradient norms ~0.6, 24, 0.24, 48, 0.8: clipped and not


def lr_lambda(decay, warmup, total, min_ratio):
    """The schedule written independently of the Java code: a multiplier of the base lr per 0-based step."""
    def f(step):
        if step < warmup:
            return (step + 1) / warmup
        if decay == "constant":
            return 1.0
        p = min(1.0, (step - warmup) / (total - warmup))
        if decay == "cosine":
            return min_ratio + (1 - min_ratio) * 0.5 * (1 + math.cos(math.pi * p))
        return 1.0 - (1 - min_ratio) * p
    return f


names = ["h.0.mlp.c_fc.weight", "h.0.mlp.c_fc.bias", "h.0.ln_1.weight"]
shapes = [(7, 19), (19,), (3,)]
params = [torch.nn.Parameter(torch.randn(*s)) for s in shapes]
out = {}
for n, p in zip(names, params):
    out["init." + n] = p.detach().clone()

opt = torch.optim.AdamW([
    {"params": params[:1], "lr": BASE_LR, "weight_decay": 0.1},
    {"params": params[1:], "lr": BASE_LR / 2, "weight_decay": 0.0},
], betas=BETAS, eps=EPS)
sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda("cosine", 2, STEPS, 0.1))

for k in range(STEPS):
    out[f"lr.{k}"] = torch.tensor([opt.param_groups[0]["lr"]])
    for n, p in zip(names, params):
        p.grad = torch.randn(p.shape) * GRAD_SCALES[k]
        out[f"grad.{k}.{n}"] = p.grad.clone()
    out[f"norm.{k}"] = torch.nn.utils.clip_grad_norm_(params, MAX_NORM).reshape(1)
    opt.step()
    sched.step()
    for n, p in zip(names, params):
        out[f"param.{k}.{n}"] = p.detach().clone()

for n, p in zip(names, params):
    out["exp_avg." + n] = opt.state[p]["exp_avg"].clone()
    out["exp_avg_sq." + n] = opt.state[p]["exp_avg_sq"].clone()

# LR schedules alone: 40 steps, warmup 10, decay to step 30, floor at 10% of max
for decay in ["cosine", "linear", "constant"]:
    o = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=3e-4)
    s = torch.optim.lr_scheduler.LambdaLR(o, lr_lambda(decay, 10, 30, 0.1))
    lrs = []
    for _ in range(40):
        lrs.append(o.param_groups[0]["lr"])
        o.step()
        s.step()
    out["schedule." + decay] = torch.tensor(lrs, dtype=torch.float64)

save(os.path.join(os.path.dirname(os.path.abspath(__file__)), "adamw.safetensors"), out,
     {"max_norm": MAX_NORM, "betas": BETAS, "eps": EPS, "base_lr": BASE_LR, "torch": torch.__version__})
