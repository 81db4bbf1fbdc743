# The benchmark GPT in PyTorch eager (bench/native-training.ts drives it): the same model as the
# generated program (byte vocabulary, learned positions, pre-LN layernorm blocks of causal
# self-attention and a 4d GELU MLP, final layernorm, tied head), the same step (forward,
# cross-entropy, backward, clip to norm 1, AdamW) on a fixed batch.
# Protocol on stdin/stdout, one JSON object a line: the first line is the config; then each line
# "N" runs N steps and answers {"cpu": s, "wall": s, "loss": x}; "mem" answers {"peak_mib": m}
# (peak RSS growth: the high-water mark, Linux VmHWM reset just before the model is built, minus the
# RSS then, after `import torch`: weights, gradients, Adam state, activations, allocator caches;
# bench/_memory-child.ts measures the tfjs contenders the same way).
import json
import math
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def status_mib(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def rss_mib():
    return status_mib("VmRSS")


def reset_high_water():
    # VmHWM restarts at the current RSS (Linux); ru_maxrss would include the parent's RSS at fork
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def high_water_mib():
    hwm = status_mib("VmHWM")
    return hwm if hwm > 0 else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Block(nn.Module):
    def __init__(self, d, heads, act):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(d)
        self.q, self.k, self.v, self.o = (nn.Linear(d, d) for _ in range(4))
        self.ln2 = nn.LayerNorm(d)
        self.fc, self.proj = nn.Linear(d, 4 * d), nn.Linear(4 * d, d)
        self.act = act

    def forward(self, x, mask):
        B, T, d = x.shape
        h = self.ln1(x)
        split = lambda t: t.view(B, T, self.heads, d // self.heads).transpose(1, 2)  # [B,H,T,dh]
        q, k, v = split(self.q(h)), split(self.k(h)), split(self.v(h))
        s = (q @ k.transpose(-1, -2)) / math.sqrt(d // self.heads)  # [B,H,T,T]
        a = torch.softmax(s.masked_fill(mask, float("-inf")), dim=-1) @ v
        x = x + self.o(a.transpose(1, 2).reshape(B, T, d))
        return x + self.proj(F.gelu(self.fc(self.ln2(x)), approximate=self.act))


class GPT(nn.Module):
    def __init__(self, c):
        super().__init__()
        act = "tanh" if c["act"] == "gelu_tanh" else "none"
        self.tok = nn.Embedding(c["vocab"], c["d"])
        nn.init.normal_(self.tok.weight, std=0.02)
        self.pos = nn.Parameter(torch.randn(c["ctx"], c["d"]) * 0.02)
        self.blocks = nn.ModuleList(Block(c["d"], c["heads"], act) for _ in range(c["layers"]))
        self.ln = nn.LayerNorm(c["d"])
        T = c["ctx"]
        self.register_buffer("mask", torch.triu(torch.ones(T, T, dtype=torch.bool), 1))

    def forward(self, x):
        h = self.tok(x) + self.pos
        for b in self.blocks:
            h = b(h, self.mask)
        return self.ln(h) @ self.tok.weight.t()  # tied head


def main():
    c = json.loads(sys.stdin.readline())
    torch.manual_seed(1)
    torch.set_num_threads(c.get("threads", 1))
    reset_high_water()
    rss0 = rss_mib()
    model = GPT(c)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.95), weight_decay=0.1)
    g = torch.Generator().manual_seed(2)
    data = torch.randint(0, c["vocab"], (c["batch"], c["ctx"] + 1), generator=g)
    x, y = data[:, :-1], data[:, 1:]

    def step():
        logits = model(x)
        loss = F.cross_entropy(logits.reshape(-1, c["vocab"]), y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        return loss.item()

    print(json.dumps({"ready": True, "params": sum(p.numel() for p in model.parameters())}), flush=True)
    for line in sys.stdin:
        cmd = line.strip()
        if cmd == "mem":
            print(json.dumps({"peak_mib": high_water_mib() - rss0}), flush=True)
            continue
        n = int(cmd)
        c0, w0 = time.process_time(), time.perf_counter()
        loss = 0.0
        for _ in range(n):
            loss = step()
        print(json.dumps({"cpu": time.process_time() - c0, "wall": time.perf_counter() - w0, "loss": loss}), flush=True)


main()
