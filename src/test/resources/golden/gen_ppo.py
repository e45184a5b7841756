"""PPO fixture: GAE, whitening, the clipped policy and value losses (with gradients), KL estimators, GRPO and RLOO.
Written from the published formulas (Schulman et al. 2017, TRL's defaults), independently of the Java code.
Run: /usr/bin/python3 gen_ppo.py  ->  ppo.safetensors
"""
import torch
from st import save

torch.manual_seed(7)
B, R = 4, 6
lengths = torch.tensor([6, 3, 5, 1], dtype=torch.int32)
mask = (torch.arange(R)[None, :] < lengths[:, None].long()).double()
rewards = torch.randn(B, R, dtype=torch.float64) * mask
values = torch.randn(B, R, dtype=torch.float64) * mask
gamma, lam = 1.0, 0.95

adv = torch.zeros(B, R, dtype=torch.float64)
for b in range(B):
    last, next_value = 0.0, 0.0
    for t in reversed(range(int(lengths[b]))):
        delta = rewards[b, t] + gamma * next_value - values[b, t]
        last = delta + gamma * lam * last
        adv[b, t] = last
        next_value = values[b, t]
returns = (adv + values) * mask

sel = adv[mask.bool()]
mean, var = sel.mean(), sel.var(unbiased=True)
whitened = (adv - mean) * torch.rsqrt(var + 1e-8) * mask

# clipped policy loss over the flattened tokens
clip = 0.2
logp = (torch.randn(B, R, dtype=torch.float64) * 0.3 - 1.0).reshape(-1).requires_grad_()
old = (logp.detach() + torch.randn(B * R, dtype=torch.float64) * 0.3)
a = whitened.reshape(-1)
m = mask.reshape(-1)
ratio = torch.exp(logp - old)
pg = torch.max(-a * ratio, -a * torch.clamp(ratio, 1 - clip, 1 + clip))
pg_loss = (pg * m).sum() / m.sum()
pg_loss.backward()

vclip = 0.2
v = (values.reshape(-1) + torch.randn(B * R, dtype=torch.float64) * 0.3).requires_grad_()
vold = values.reshape(-1)
ret = returns.reshape(-1)
vclipped = vold + torch.clamp(v - vold, -vclip, vclip)
vf = torch.max((v - ret) ** 2, (vclipped - ret) ** 2)
vf_loss = 0.5 * (vf * m).sum() / m.sum()
vf_loss.backward()

ref = old - torch.rand(B * R, dtype=torch.float64) * 0.5
k1 = logp.detach() - ref
logr = ref - logp.detach()
k3 = torch.exp(logr) - 1 - logr

G = 4
seq = torch.randn(8, dtype=torch.float64)
grp = seq.reshape(-1, G)
grpo = ((grp - grp.mean(1, keepdim=True)) / (grp.std(1, unbiased=False, keepdim=True) + 1e-4)).reshape(-1)
rloo = (grp - (grp.sum(1, keepdim=True) - grp) / (G - 1)).reshape(-1)

save("ppo.safetensors", {
    "lengths": lengths, "rewards": rewards, "values": values, "gae_advantages": adv, "returns": returns,
    "whitened": whitened, "logp": logp.detach(), "old_logp": old, "mask": m, "pg_loss": pg_loss.detach().reshape(1),
    "pg_grad": logp.grad, "v": v.detach(), "v_old": vold, "v_returns": ret, "vf_loss": vf_loss.detach().reshape(1),
    "vf_grad": v.grad, "ref_logp": ref, "k1": k1, "k3": k3, "seq_rewards": seq, "grpo": grpo, "rloo": rloo,
}, {"clip": clip, "vclip": vclip, "gamma": gamma, "lambda": lam, "group": G})
