#!/usr/bin/env python3
"""Reads an archc export (config.json + model.safetensors) without archc's reader and runs the
forward pass of a plain Pre-LN GPT (learned positions, layernorm, attention, MLP gelu-tanh, tied
head) from those files alone. Usage: read_export.py DIR TOKENS_JSON -> prints the logits as JSON."""
import json, math, struct, sys
from array import array

d = sys.argv[1]
cfg = json.load(open(f"{d}/config.json"))
raw = open(f"{d}/model.safetensors", "rb").read()
n = struct.unpack("<Q", raw[:8])[0]
header = json.loads(raw[8 : 8 + n])
data = raw[8 + n :]
W = {}
for name, t in header.items():
    if name == "__metadata__":
        continue
    a = array("f")
    a.frombytes(data[t["data_offsets"][0] : t["data_offsets"][1]])
    W[name] = (list(a), t["shape"])
role = {r: [k for k, v in cfg["params"].items() if v == r] for r in set(cfg["params"].values())}

def mat(name):  # [rows, cols] row-major -> list of rows
    v, s = W[name]
    return [v[i * s[1] : (i + 1) * s[1]] for i in range(s[0])]

def linear(x, p):  # y = x W + b, W [in, out]
    k = mat(p + ".kernel"); b = W[p + ".bias"][0] if p + ".bias" in W else [0.0] * len(k[0])
    return [[sum(r[i] * k[i][j] for i in range(len(r))) + b[j] for j in range(len(k[0]))] for r in x]

def layernorm(x, p, eps):
    g, b = W[p + ".scale"][0], W[p + ".bias"][0]
    out = []
    for r in x:
        m = sum(r) / len(r); var = sum((v - m) ** 2 for v in r) / len(r)
        out.append([(v - m) / math.sqrt(var + eps) * g[i] + b[i] for i, v in enumerate(r)])
    return out

def gelu(v):
    return 0.5 * v * (1 + math.tanh(math.sqrt(2 / math.pi) * (v + 0.044715 * v ** 3)))

tokens = json.load(open(sys.argv[2]))
emb = mat(role["token_embedding"][0]); pos = mat(role["position_embedding"][0])
h = [[emb[t][i] + pos[p][i] for i in range(cfg["width"])] for p, t in enumerate(tokens)]
H, dh = cfg["heads"], cfg["headDim"]
for layer in cfg["layerList"]:
    pre = layer["instance"] + "."
    names = [k for k in cfg["params"] if k.startswith(pre)]
    def find(r):
        return next(k for k in names if cfg["params"][k] == r).rsplit(".", 1)[0]
    norms = [k.rsplit(".", 1)[0] for k in names if cfg["params"][k] == "norm.scale"]
    attn_sub, ffn_sub = layer["sublayers"]
    x = layernorm(h, norms[0], attn_sub["norm"]["eps"])
    q, k, v = (linear(x, find(f"attention.{s}.kernel")) for s in "qkv")
    att = [[0.0] * (H * dh) for _ in tokens]
    for hd in range(H):
        sl = slice(hd * dh, (hd + 1) * dh)
        for t in range(len(tokens)):
            sc = [sum(a * b for a, b in zip(q[t][sl], k[u][sl])) / math.sqrt(dh) for u in range(t + 1)]
            m = max(sc); e = [math.exp(s - m) for s in sc]; z = sum(e)
            for j in range(dh):
                att[t][hd * dh + j] = sum(e[u] / z * v[u][hd * dh + j] for u in range(t + 1))
    o = linear(att, find("attention.out.kernel"))
    h = [[a + b for a, b in zip(r, s)] for r, s in zip(h, o)]
    x = layernorm(h, norms[1], ffn_sub["norm"]["eps"])
    u = [[gelu(v) for v in r] for r in linear(x, find("ffn.up.kernel"))]
    o = linear(u, find("ffn.down.kernel"))
    h = [[a + b for a, b in zip(r, s)] for r, s in zip(h, o)]
final = [k.rsplit(".", 1)[0] for k, r in cfg["params"].items() if r == "norm.scale" and not k.startswith("blocks.")][0]
h = layernorm(h, final, cfg["finalNorm"]["eps"])
logits = [[sum(a * b for a, b in zip(r, e)) for e in emb] for r in h]
print(json.dumps(logits))
