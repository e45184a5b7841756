"""Golden MLM logits for a tiny BERT encoder exported by llmforge (EncoderFixture -> golden/encoder_model).

A from-scratch PyTorch forward of BertForMaskedLM (no transformers library): embeddings + LayerNorm, post-norm
layers with additive key-padding masks, exact-erf GELU, MLM transform and tied decoder.
Run: /usr/bin/python3 gen_encoder.py  (writes encoder.safetensors next to this script)
"""
import json
import os
import struct

import torch
import torch.nn.functional as F

import st

HERE = os.path.dirname(os.path.abspath(__file__))


def load_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        assert e["dtype"] == "F32", name
        a, b = e["data_offsets"]
        out[name] = torch.frombuffer(bytearray(data[a:b]), dtype=torch.float32).reshape(e["shape"])
    return out


def forward(w, cfg, ids, lengths):
    b, t = ids.shape
    d, h = cfg["hidden_size"], cfg["num_attention_heads"]
    eps = cfg["layer_norm_eps"]
    ln = lambda x, p: F.layer_norm(x, (d,), w[p + ".weight"], w[p + ".bias"], eps)
    lin = lambda x, p: x @ w[p + ".weight"].T + w[p + ".bias"]
    pos = torch.arange(t)
    x = w["bert.embeddings.word_embeddings.weight"][ids] + w["bert.embeddings.position_embeddings.weight"][pos] \
        + w["bert.embeddings.token_type_embeddings.weight"][torch.zeros_like(ids)]
    x = ln(x, "bert.embeddings.LayerNorm")
    valid = torch.arange(t)[None, :] < lengths[:, None]            # (B, S)
    bias = torch.zeros(b, 1, 1, t).masked_fill(~valid[:, None, None, :], float("-inf"))
    for i in range(cfg["num_hidden_layers"]):
        p = "bert.encoder.layer.%d." % i
        split = lambda y: y.view(b, t, h, d // h).transpose(1, 2)
        q, k, v = (split(lin(x, p + "attention.self." + n)) for n in ("query", "key", "value"))
        att = torch.softmax(q @ k.transpose(-1, -2) / (d // h) ** 0.5 + bias, dim=-1)
        a = (att @ v).transpose(1, 2).reshape(b, t, d)
        x = ln(x + lin(a, p + "attention.output.dense"), p + "attention.output.LayerNorm")
        m = lin(F.gelu(lin(x, p + "intermediate.dense")), p + "output.dense")
        x = ln(x + m, p + "output.LayerNorm")
    y = ln(F.gelu(lin(x, "cls.predictions.transform.dense")), "cls.predictions.transform.LayerNorm")
    return y @ w["bert.embeddings.word_embeddings.weight"].T + w["cls.predictions.bias"]


def main():
    model_dir = os.path.join(HERE, "encoder_model")
    cfg = json.load(open(os.path.join(model_dir, "config.json")))
    w = load_safetensors(os.path.join(model_dir, "model.safetensors"))
    g = torch.Generator().manual_seed(0)
    ids = torch.randint(0, cfg["vocab_size"], (3, 9), generator=g)
    full = torch.tensor([9, 9, 9])
    padded = torch.tensor([9, 4, 6])
    ids_padded = ids.clone()
    for r in range(3):
        ids_padded[r, padded[r]:] = cfg["pad_token_id"]
    st.save(os.path.join(HERE, "encoder.safetensors"), {
        "ids": ids.int(), "logits": forward(w, cfg, ids, full),
        "ids_padded": ids_padded.int(), "lengths_padded": padded.int(),
        "logits_padded": forward(w, cfg, ids_padded, padded),
    })


if __name__ == "__main__":
    main()
