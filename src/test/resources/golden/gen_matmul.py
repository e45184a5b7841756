"""Golden fixture for llmforge.autograd.MatMul: linear (with bias) and a broadcast, transposed matmul,
forward and backward. Run with the system interpreter: /usr/bin/python3 gen_matmul.py"""
import os

import torch

from st import save

torch.manual_seed(1234)
t = {}

# linear: x (2, 5, 7) · W (6, 7)ᵀ + b (6)
x = torch.randn(2, 5, 7, requires_grad=True)
w = torch.randn(6, 7, requires_grad=True)
b = torch.randn(6, requires_grad=True)
y = torch.nn.functional.linear(x, w, b)
gy = torch.randn_like(y)
y.backward(gy)
t.update({"linear.x": x, "linear.w": w, "linear.b": b, "linear.y": y, "linear.gy": gy,
          "linear.gx": x.grad, "linear.gw": w.grad, "linear.gb": b.grad})

# matmul: a (2, 3, 4, 5) · bt (3, 6, 5)ᵀ -> (2, 3, 4, 6); bt's gradient sums over the broadcast dim
a = torch.randn(2, 3, 4, 5, requires_grad=True)
bt = torch.randn(3, 6, 5, requires_grad=True)
c = a @ bt.transpose(-1, -2)
gc = torch.randn_like(c)
c.backward(gc)
t.update({"matmul.a": a, "matmul.bt": bt, "matmul.c": c, "matmul.gc": gc,
          "matmul.ga": a.grad, "matmul.gbt": bt.grad})

save(os.path.join(os.path.dirname(os.path.abspath(__file__)), "matmul.safetensors"), t,
     {"generator": "gen_matmul.py", "torch": torch.__version__})
