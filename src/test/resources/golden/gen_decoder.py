"""Golden fixtures for the whole decoder: an independent PyTorch forward pass over llmforge's exported files.

Reads decoder-gpt2/ and decoder-llama/ (config.json + model.safetensors, written by llmforge's
HfModelDirectory.save via llmforge.model.GoldenDecoderDirs) and re-implements HF's GPT2LMHeadModel and
LlamaForCausalLM forward from the config keys alone, in float64. Writes decoder_<flavour>.safetensors with, per
case (plain: one document per row; packed: documents packed in a row, positions restarting, block-diagonal
causal mask): ids, targets, positions, doc ids, logits, loss (sum of token losses / number of counted targets)
and the gradient of the loss w.r.t. every weight, in the file's (HF) layout.

Run with the system interpreter from this directory: /usr/bin/python3 gen_decoder.py
"""
import json
import math

import torch
import torch.nn.functional as F

import st

B, T = 2, 12


def rms_norm(x, w, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w


def gelu_new(x):
    return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x.pow(3))))


def rotate_half(x):
    h = x.shape[-1] // 2
    return torch.cat((-x[..., h:], x[..., :h]), dim=-1)


def attend(q, k, v, mask):
    """q (B, H, T, D), k/v (B, H, T, D), mask (B, T, T) True = may attend."""
    s = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
    s = s.masked_fill(~mask[:, None], float("-inf"))
    return F.softmax(s, -1) @ v


def gpt2(cfg, w, ids, pos, mask):
    d, H = cfg["n_embd"], cfg["n_head"]
    eps = cfg["layer_norm_epsilon"]
    pre = "transformer." if "transformer.wte.weight" in w else ""
    x = w[pre + "wte.weight"][ids] + w[pre + "wpe.weight"][pos]
    for i in range(cfg["n_layer"]):
        p = pre + "h.%d." % i
        h = F.layer_norm(x, (d,), w[p + "ln_1.weight"], w[p + "ln_1.bias"], eps)
        qkv = h @ w[p + "attn.c_attn.weight"] + w[p + "attn.c_attn.bias"]  # Conv1D: weight is (in, out)
        q, k, v = (t.reshape(B, T, H, d // H).transpose(1, 2) for t in qkv.split(d, dim=-1))
        y = attend(q, k, v, mask).transpose(1, 2).reshape(B, T, d)
        x = x + y @ w[p + "attn.c_proj.weight"] + w[p + "attn.c_proj.bias"]
        h = F.layer_norm(x, (d,), w[p + "ln_2.weight"], w[p + "ln_2.bias"], eps)
        h = gelu_new(h @ w[p + "mlp.c_fc.weight"] + w[p + "mlp.c_fc.bias"])
        x = x + h @ w[p + "mlp.c_proj.weight"] + w[p + "mlp.c_proj.bias"]
    x = F.layer_norm(x, (d,), w[pre + "ln_f.weight"], w[pre + "ln_f.bias"], eps)
    head = w[pre + "wte.weight"] if cfg.get("tie_word_embeddings", True) else w["lm_head.weight"]
    return x @ head.T


def llama(cfg, w, ids, pos, mask):
    d, H, KV = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
    D = d // H
    eps = cfg["rms_norm_eps"]
    rs = cfg.get("rope_scaling") or {}
    kind = rs.get("rope_type", rs.get("type", "default"))
    assert kind in ("default", "linear"), kind
    factor = rs.get("factor", 1.0) if kind == "linear" else 1.0
    inv_freq = 1.0 / (cfg["rope_theta"] ** (torch.arange(0, D, 2, dtype=torch.float64) / D))
    freqs = (pos.double() / factor)[..., None] * inv_freq  # linear scaling divides the positions
    emb = torch.cat((freqs, freqs), -1)[:, None]  # (B, 1, T, D)
    cos, sin = emb.cos(), emb.sin()

    x = w["model.embed_tokens.weight"][ids]
    for i in range(cfg["num_hidden_layers"]):
        p = "model.layers.%d." % i
        h = rms_norm(x, w[p + "input_layernorm.weight"], eps)
        q = (h @ w[p + "self_attn.q_proj.weight"].T).reshape(B, T, H, D).transpose(1, 2)
        k = (h @ w[p + "self_attn.k_proj.weight"].T).reshape(B, T, KV, D).transpose(1, 2)
        v = (h @ w[p + "self_attn.v_proj.weight"].T).reshape(B, T, KV, D).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = k.repeat_interleave(H // KV, dim=1)  # query head j reads key/value head j // (H / KV)
        v = v.repeat_interleave(H // KV, dim=1)
        y = attend(q, k, v, mask).transpose(1, 2).reshape(B, T, d)
        x = x + y @ w[p + "self_attn.o_proj.weight"].T
        h = rms_norm(x, w[p + "post_attention_layernorm.weight"], eps)
        g = h @ w[p + "mlp.gate_proj.weight"].T
        u = h @ w[p + "mlp.up_proj.weight"].T
        x = x + (F.silu(g) * u) @ w[p + "mlp.down_proj.weight"].T
    x = rms_norm(x, w["model.norm.weight"], eps)
    head = w["model.embed_tokens.weight"] if cfg.get("tie_word_embeddings", False) else w["lm_head.weight"]
    return x @ head.T


def cases(vocab):
    """plain: positions 0..T-1, causal; packed: documents of lengths (5, 4, 3) and (7, 5), positions restarting."""
    g = torch.Generator().manual_seed(7)
    out = {}
    for name, lengths in (("plain", [[T], [T]]), ("packed", [[5, 4, 3], [7, 5]])):
        ids = torch.randint(0, vocab, (B, T), generator=g)
        targets = torch.randint(0, vocab, (B, T), generator=g)
        targets[0, 3] = targets[1, T - 1] = -100
        pos = torch.cat([torch.cat([torch.arange(n) for n in row])[None] for row in lengths])
        docs = torch.cat([torch.cat([torch.full((n,), j) for j, n in enumerate(row)])[None] for row in lengths])
        causal = torch.tril(torch.ones(T, T, dtype=torch.bool))
        mask = causal[None] & (docs[:, :, None] == docs[:, None, :])  # block-diagonal causal
        out[name] = (ids, targets, pos, docs, mask)
    return out


def generate(flavour, forward):
    cfg = json.load(open("decoder-%s/config.json" % flavour))
    w = {k: v.requires_grad_(True) for k, v in st.load("decoder-%s/model.safetensors" % flavour).items()}
    out = {}
    for case, (ids, targets, pos, docs, mask) in cases(cfg["vocab_size"]).items():
        logits = forward(cfg, w, ids, pos, mask)
        counted = (targets != -100).sum()
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), ignore_index=-100,
                               reduction="sum") / counted
        names = sorted(w)
        grads = torch.autograd.grad(loss, [w[n] for n in names])
        out.update({case + ".ids": ids, case + ".targets": targets, case + ".positions": pos,
                    case + ".documents": docs, case + ".logits": logits, case + ".loss": loss.reshape(1)})
        for n, gr in zip(names, grads):
            out[case + ".grad." + n] = gr
    st.save("decoder_%s.safetensors" % flavour, out)


generate("gpt2", gpt2)
generate("llama", llama)
