"""Golden values for the reward model's pairwise loss: two prompts (K=4 and K=3 ranked answers) expanded to all
C(K,2) pairs, InstructGPT weights (1/C(K,2) per pair, over 2 prompts), with and without margin and centring.
Run: /usr/bin/python3 gen_reward.py  (writes reward.safetensors)"""
import itertools

import torch

from st import save

torch.manual_seed(8)
rewards = torch.randn(7, dtype=torch.float64)
rankings = [[2, 0, 3, 1], [6, 4, 5]]          # answer indices into rewards, best first
pairs, weights = [], []
for r in rankings:
    ps = list(itertools.combinations(r, 2))   # (better, worse) in ranking order
    pairs += ps
    weights += [1.0 / (len(ps) * len(rankings))] * len(ps)
better = torch.tensor([p[0] for p in pairs])
worse = torch.tensor([p[1] for p in pairs])
w = torch.tensor(weights, dtype=torch.float64)
out = {"rewards": rewards, "pairs": torch.tensor(pairs, dtype=torch.int64), "weights": w}
for name, margin, centring in [("plain", 0.0, 0.0), ("margin", 0.3, 0.05)]:
    r = rewards.clone().requires_grad_(True)
    d = r[better] - r[worse] - margin
    loss = (-torch.nn.functional.logsigmoid(d) * w).sum() + centring * ((r[better] + r[worse]) ** 2 * w).sum()
    loss.backward()
    out[name + ".loss"] = loss.detach().reshape(1)
    out[name + ".grad"] = r.grad
save("reward.safetensors", out)
