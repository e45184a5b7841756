"""Tiny safetensors writer for the golden fixtures (Debian's PyTorch ships without the safetensors package).

Format: 8-byte little-endian header length, a JSON header {name: {dtype, shape, data_offsets}}, then raw
little-endian tensor bytes. Run the generators with the system interpreter: /usr/bin/python3 gen_<family>.py
"""
import json
import struct

import torch


def save(path, tensors, metadata=None):
    header = {}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous()
        if t.dtype == torch.float64:
            t = t.float()
        dtype = {torch.float32: "F32", torch.int64: "I64", torch.int32: "I32"}[t.dtype]
        data = t.numpy().tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * (-len(raw) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for b in blobs:
            f.write(b)
