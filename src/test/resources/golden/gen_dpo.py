"""Golden values for the DPO loss family: DPO, conservative DPO (label smoothing), IPO, hinge and DPO + RPO (NLL of
the chosen answer per token), each the sum over 5 pairs divided by a step pair count of 8, with the gradients
w.r.t. the policy's answer log-probs. Run: /usr/bin/python3 gen_dpo.py  (writes dpo.safetensors)"""
import torch
import torch.nn.functional as F

from st import save

torch.manual_seed(10)
n, divisor = 5, 8.0
pc = -20 + 4 * torch.randn(n, dtype=torch.float64)
pr = -20 + 4 * torch.randn(n, dtype=torch.float64)
rc = pc + 2 * torch.randn(n, dtype=torch.float64)
rr = pr + 2 * torch.randn(n, dtype=torch.float64)
tokens = torch.tensor([3.0, 7.0, 12.0, 5.0, 9.0], dtype=torch.float64)
out = {"policy_chosen": pc, "policy_rejected": pr, "ref_chosen": rc, "ref_rejected": rr, "chosen_tokens": tokens}


def case(name, beta, fn, rpo=0.0):
    c = pc.clone().requires_grad_(True)
    r = pr.clone().requires_grad_(True)
    h = (c - rc) - (r - rr)
    per_pair = fn(h, beta)
    if rpo > 0:
        per_pair = per_pair + rpo * (-c / tokens)
    loss = per_pair.sum() / divisor
    loss.backward()
    out[name + ".loss"] = loss.detach().reshape(1)
    out[name + ".grad_chosen"] = c.grad
    out[name + ".grad_rejected"] = r.grad


eps = 0.1
case("dpo", 0.1, lambda h, b: -F.logsigmoid(b * h))
case("cdpo", 0.1, lambda h, b: -(1 - eps) * F.logsigmoid(b * h) - eps * F.logsigmoid(-b * h))
case("ipo", 0.1, lambda h, b: (h - 1 / (2 * b)) ** 2)
case("hinge", 0.5, lambda h, b: torch.relu(1 - b * h))
case("rpo", 0.1, lambda h, b: -F.logsigmoid(b * h), rpo=0.5)
save("dpo.safetensors", out)
print({k: v.tolist() for k, v in out.items() if k.endswith("loss")}, "h*0.5 =", (0.5 * ((pc - rc) - (pr - rr))).tolist())
