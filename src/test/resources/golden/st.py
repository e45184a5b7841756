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


def load(path):
    """Reads a safetensors file (F32/F16/BF16 -> float64, I64/I32 -> int64) into {name: tensor}."""
    import numpy as np
    with open(path, "rb") as f:
        n, = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    header.pop("__metadata__", None)
    out = {}
    for name, e in header.items():
        b, end = e["data_offsets"]
        raw = data[b:end]
        if e["dtype"] == "BF16":  # numpy has no bfloat16: widen the 16 bits to the top half of a float32
            t = torch.from_numpy((np.frombuffer(raw, "<u2").astype(np.uint32) << 16).view("<f4").copy())
        else:
            np_type = {"F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4"}[e["dtype"]]
            t = torch.from_numpy(np.frombuffer(raw, np_type).copy())
        t = t.double() if t.is_floating_point() else t.long()
        out[name] = t.reshape(e["shape"])
    return out
