#!/usr/bin/env python3
"""Write cifar_batch.json: forward and backward of both full-size NB-201 networks on a REAL
CIFAR-10 batch, from the official code (the images are not stored in the fixture).

Regenerate (from the repository root; Debian's python3-torch 1.13 was used):

    /usr/bin/python3 tools/reference/make_cifar_fixtures.py \
        --zero-cost-nas DIR --xautodl DIR [--images ../shared/data/images] \
        [--out nasbench/src/test/resources/fixtures]

The batch: the first BATCH records of `cifar10_train_batch1_first1000.bin` (CIFAR binary layout:
1 label byte + 3072 bytes R, G, B planes), normalised as torchvision's ToTensor + Normalize with
zero-cost-nas's CIFAR constants (REFERENCE.md section 4). Networks at full size (C = 16, N = 5,
10 classes), weights from torch.manual_seed(seed) + the official constructor, train mode, mean
cross-entropy against the real labels. Each case is run twice: in float32 (the proxies' precision)
and with the network and input in float64 (`.to(torch.float64)`, same weights): these deep
train-mode-BN networks are ill-conditioned in float32 (PyTorch's own float32 gradient norms differ
from its float64 ones by up to 0.85% here), so the float64 run is the exact reference.

Record: {"name", "kind", "arch", "C", "N", "classes", "seed", "file", "first", "batch",
         "normalization", "labels", "loss", "logits_sum",
         "grad_norms": {parameter: float64 2-norm of its gradient, null when none},
         "loss_f64", "logits_sum_f64", "grad_norms_f64": the same in float64}
"""
import argparse
import json
import math
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_network_fixtures import ALL_CONV3, BEST, MIXED, build, exact_sum, import_official, logits_of  # noqa: E402

FILE = "cifar10_train_batch1_first1000.bin"
BATCH = 16
MEAN = (0.4914, 0.4822, 0.4465)
STD = (0.2023, 0.1994, 0.2010)
CASES = [("nb201_all_conv3x3", "nb201", ALL_CONV3, 0), ("nb201_mixed", "nb201", MIXED, 1),
         ("zc_all_conv3x3", "zc", ALL_CONV3, 0), ("zc_best", "zc", BEST, 2)]


def load_batch(path, n):
    with open(path, "rb") as f:
        raw = f.read(n * 3073)
    if len(raw) != n * 3073:
        sys.exit(f"{path}: expected at least {n} CIFAR-10 records of 3073 bytes")
    data = torch.frombuffer(bytearray(raw), dtype=torch.uint8).reshape(n, 3073)
    labels = data[:, 0].to(torch.int64)
    x = data[:, 1:].reshape(n, 3, 32, 32).to(torch.float32).div(255)
    mean = torch.tensor(MEAN, dtype=torch.float32).view(1, 3, 1, 1)
    std = torch.tensor(STD, dtype=torch.float32).view(1, 3, 1, 1)
    return (x - mean) / std, labels


def main():
    p = argparse.ArgumentParser(description="Write cifar_batch.json (real CIFAR-10 batch, both networks).")
    p.add_argument("--zero-cost-nas", required=True)
    p.add_argument("--xautodl", required=True)
    p.add_argument("--images", default="../shared/data/images")
    p.add_argument("--out", default="nasbench/src/test/resources/fixtures")
    a = p.parse_args()
    torch.set_num_threads(1)
    official = import_official(a.zero_cost_nas, a.xautodl)
    x, labels = load_batch(os.path.join(a.images, FILE), BATCH)
    records = []
    for name, kind, arch, seed in CASES:
        rec = {"name": name, "kind": kind, "arch": arch, "C": 16, "N": 5, "classes": 10,
               "seed": seed, "file": FILE, "first": 0, "batch": BATCH,
               "normalization": "ZERO_COST_NAS_CIFAR", "labels": labels.tolist()}
        for dtype, suffix in ((torch.float32, ""), (torch.float64, "_f64")):
            torch.manual_seed(seed)
            net = build(official, kind, arch, 16, 5, 10, True).to(dtype)
            net.train()
            logits = logits_of(net, x.to(dtype))
            loss = F.cross_entropy(logits, labels)
            loss.backward()
            grads = {n: (None if q.grad is None else q.grad.detach().double().norm().item())
                     for n, q in net.named_parameters()}
            assert all(v is None or math.isfinite(v) for v in grads.values())
            rec.update({"loss" + suffix: loss.item(), "logits_sum" + suffix: exact_sum(logits),
                        "grad_norms" + suffix: grads})
        records.append(rec)
        print(f"{name}: loss {rec['loss']:.6f} (float64 {rec['loss_f64']:.9f})")
    path = os.path.join(a.out, "cifar_batch.json")
    with open(path, "w") as f:
        json.dump({"torch_version": torch.__version__, "generator": "tools/reference/make_cifar_fixtures.py",
                   "cases": records}, f, separators=(",", ":"), allow_nan=False)
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()
