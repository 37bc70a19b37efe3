#!/usr/bin/env python3
"""Write networks.json: golden values for the two NB-201 network definitions, from the official code.

Regenerate (from the repository root; Debian's python3-torch 1.13 was used):

    /usr/bin/python3 tools/reference/make_network_fixtures.py \
        --zero-cost-nas DIR --xautodl DIR [--out nasbench/src/test/resources/fixtures]

--zero-cost-nas: a checkout of SamsungLabs/zero-cost-nas (the directory holding `foresight/`).
--xautodl: a checkout of D-X-Y/AutoDL-Projects or of SLDGroup/ZiCo (the directory holding the
`xautodl/` package); the directory of the package itself is accepted too.

Networks:
  nb201  xautodl TinyNetwork(C, N, CellStructure.str2structure(arch), classes).
         use_bn false: zero-cost-nas's copynet(net, bn=False) (every BN forward is the identity).
  zc     foresight.models.nasbench2.get_model_from_arch_str(arch, classes, use_bn, init_channels=C);
         the reference fixes N = 5.

File format:
  {"torch_version", "generator", "input_rule",
   "full_size": [FULL, ...], "cases": [CASE, ...]}
  FULL = {"kind", "arch", "C", "N", "classes", "use_bn",
          "keys": [[state_dict key, shape], ...]   (state_dict order),
          "params_all": number of parameters of all modules,
          "params_active": parameters of the modules that run in a forward pass,
          "flops_m": xautodl get_model_infos FLOPs (millions, per 32x32 image; NB-201 API rule)}
  CASE = {"name", "kind", "arch", "C", "N", "classes", "use_bn", "height", "batch",
          "seed", "input_seed", "low", "high",
          "first": whether state entries carry "first" (all nb201 cases and zc_all_conv3x3_c4; the
                   other zc cases only sums, to keep the file small),
          "state": [[key, shape, dtype, sum, abs_sum(, first)], ...]   after manual_seed(seed) +
                   constructor; sum/abs_sum exact (math.fsum of the float64-widened values); first =
                   the first 16 elements (C order) as float32 bit patterns (unsigned ints), or the
                   int64 values;
          "input_sum": exact sum of the input batch, "labels": [...],
          "loss": mean cross-entropy (train mode), "logits_sum": exact sum, "logits": all values,
          "grad_norms": {parameter name: float64 2-norm of its gradient, or null when PyTorch
                         leaves it None (zc candidate ops that do not run)},
          "buffers_after": {buffer key: exact sum after the train-mode forward}}

Input rule (as tools/reference/README.md): torch.manual_seed(input_seed); x = torch.rand(B, 3, H, H)
in float32 multiplied by float32(high - low), then plus float32(low) (two float32 roundings);
labels = floor(torch.rand(B) * float32(classes)) as int64, drawn after x.
"""
import argparse
import json
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

GENERATOR = "tools/reference/make_network_fixtures.py"
FIRST = 16

ALL_CONV3 = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|"
MIXED = "|avg_pool_3x3~0|+|none~0|skip_connect~1|+|nor_conv_1x1~0|none~1|nor_conv_3x3~2|"
INDEX0 = "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|"
BEST = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|"


def cases():
    """Small networks: nb201 at N = 1, zc at its fixed N = 5 with C = 4."""
    def c(name, kind, arch, C, N, classes, use_bn=True, height=32, batch=2, seed=0, input_seed=1000,
          first=True):
        return {"name": name, "kind": kind, "arch": arch, "C": C, "N": N, "classes": classes,
                "use_bn": use_bn, "height": height, "batch": batch, "seed": seed,
                "input_seed": input_seed, "low": -2.0, "high": 2.0, "first": first}
    return [
        c("nb201_all_conv3x3_c8", "nb201", ALL_CONV3, 8, 1, 10, seed=0, input_seed=1000),
        c("nb201_mixed_c8", "nb201", MIXED, 8, 1, 10, seed=1, input_seed=1001),
        c("nb201_index0_c4_imagenet16", "nb201", INDEX0, 4, 1, 120, height=16, batch=3, seed=2,
          input_seed=1002),
        c("nb201_best_c4_n2", "nb201", BEST, 4, 2, 10, seed=3, input_seed=1003),
        c("nb201_mixed_c4_nobn", "nb201", MIXED, 4, 1, 10, use_bn=False, seed=4, input_seed=1004),
        c("zc_all_conv3x3_c4", "zc", ALL_CONV3, 4, 5, 10, seed=0, input_seed=1000),
        c("zc_mixed_c4", "zc", MIXED, 4, 5, 10, seed=1, input_seed=1001, first=False),
        c("zc_index0_c4_imagenet16", "zc", INDEX0, 4, 5, 120, height=16, batch=3, seed=2,
          input_seed=1002, first=False),
        # seed 0 as zc_all_conv3x3_c4: BN draws no randomness, so the weights must be the same
        c("zc_mixed_c4_nobn", "zc", MIXED, 4, 5, 10, use_bn=False, seed=0, input_seed=1004, first=False),
    ]


# zc keys do not depend on the arch (all candidate ops are built), so one arch per use_bn suffices
FULL = [("nb201", ALL_CONV3, True), ("nb201", MIXED, True), ("nb201", INDEX0, True),
        ("zc", ALL_CONV3, True), ("zc", MIXED, False)]


# ---------------------------------------------------------------- the official code

def import_official(zc_dir, xautodl_dir):
    xautodl_dir = os.path.abspath(xautodl_dir)
    if not os.path.isdir(os.path.join(xautodl_dir, "xautodl")):
        if os.path.isdir(os.path.join(xautodl_dir, "models", "cell_infers")):
            xautodl_dir = os.path.dirname(xautodl_dir)
        else:
            sys.exit(f"--xautodl {xautodl_dir}: no xautodl/ package there (expected AutoDL-Projects or ZiCo)")
    zc_dir = os.path.abspath(zc_dir)
    if not os.path.isdir(os.path.join(zc_dir, "foresight", "models")):
        sys.exit(f"--zero-cost-nas {zc_dir}: no foresight/models there (expected SamsungLabs/zero-cost-nas)")
    sys.path.insert(0, xautodl_dir)
    sys.path.insert(0, zc_dir)
    from xautodl.models.cell_infers.tiny_network import TinyNetwork
    from xautodl.models.cell_searchs.genotypes import Structure
    from xautodl.utils.flop_benchmark import get_model_infos
    from foresight.models.nasbench2 import get_model_from_arch_str
    from foresight.pruners.predictive import copynet
    return TinyNetwork, Structure, get_model_infos, get_model_from_arch_str, copynet


def build(official, kind, arch, C, N, classes, use_bn):
    TinyNetwork, Structure, _, get_model_from_arch_str, copynet = official
    if kind == "nb201":
        net = TinyNetwork(C, N, Structure.str2structure(arch), classes)
        if not use_bn:
            net = copynet(net, False)
        return net
    assert N == 5, "zero-cost-nas's NAS201Model has N = 5 built in"
    return get_model_from_arch_str(arch, classes, use_bn=use_bn, init_channels=C)


def logits_of(net, x):
    out = net(x)
    return out[1] if isinstance(out, tuple) else out  # TinyNetwork returns (features, logits)


# ---------------------------------------------------------------- records

def exact_sum(t):
    return math.fsum(t.detach().reshape(-1).to(torch.float64).tolist())


def first_values(t):
    flat = t.detach().reshape(-1)[:FIRST]
    if flat.dtype == torch.float32:
        return [v & 0xFFFFFFFF for v in flat.view(torch.int32).tolist()]
    return [int(v) for v in flat.tolist()]


def dtype_name(t):
    return {torch.float32: "float32", torch.int64: "int64"}[t.dtype]


def draw(shape, low, high):
    r = torch.rand(tuple(shape), dtype=torch.float32)
    return torch.add(torch.mul(r, torch.tensor(high - low, dtype=torch.float32)),
                     torch.tensor(low, dtype=torch.float32))


def draw_labels(n, classes):
    r = torch.rand((n,), dtype=torch.float32)
    return torch.floor(torch.mul(r, torch.tensor(float(classes), dtype=torch.float32))).long()


def active_params(net, shape):
    ran = []
    hooks = [m.register_forward_hook(lambda m, i, o: ran.append(m)) for m in net.modules()
             if len(list(m.children())) == 0]
    with torch.no_grad():
        net.eval()
        logits_of(net, torch.zeros(shape))
    for h in hooks:
        h.remove()
    seen = {id(m): m for m in ran}
    return sum(p.numel() for m in seen.values() for p in m.parameters(recurse=False))


def full_record(official, kind, arch, use_bn):
    get_model_infos = official[2]
    torch.manual_seed(0)
    net = build(official, kind, arch, 16, 5, 10, use_bn)
    rec = {"kind": kind, "arch": arch, "C": 16, "N": 5, "classes": 10, "use_bn": use_bn,
           "keys": [[k, list(v.shape)] for k, v in net.state_dict().items()],
           "params_all": sum(p.numel() for p in net.parameters()),
           "params_active": active_params(net, (1, 3, 32, 32))}
    flops, _ = get_model_infos(net, (1, 3, 32, 32))
    rec["flops_m"] = flops
    return rec


def run_case(official, spec):
    torch.manual_seed(spec["seed"])
    net = build(official, spec["kind"], spec["arch"], spec["C"], spec["N"], spec["classes"], spec["use_bn"])
    state = [[k, list(v.shape), dtype_name(v), exact_sum(v), exact_sum(v.abs())]
             + ([first_values(v)] if spec["first"] else [])
             for k, v in net.state_dict().items()]
    net.train()
    torch.manual_seed(spec["input_seed"])
    H = spec["height"]
    x = draw((spec["batch"], 3, H, H), spec["low"], spec["high"])
    labels = draw_labels(spec["batch"], spec["classes"])
    logits = logits_of(net, x)
    loss = F.cross_entropy(logits, labels)
    loss.backward()
    grads = {n: (None if p.grad is None else p.grad.detach().double().norm().item())
             for n, p in net.named_parameters()}
    buffers = {k: exact_sum(v) for k, v in net.state_dict().items()
               if k.endswith("running_mean") or k.endswith("running_var") or k.endswith("num_batches_tracked")}
    rec = dict(spec)
    rec.update({"state": state, "input_sum": exact_sum(x), "labels": labels.tolist(),
                "loss": loss.item(), "logits_sum": exact_sum(logits),
                "logits": logits.detach().reshape(-1).double().tolist(),
                "grad_norms": grads, "buffers_after": buffers})
    for v in grads.values():
        assert v is None or math.isfinite(v)
    return rec


def main():
    parser = argparse.ArgumentParser(description="Write networks.json, golden values for the NB-201 networks.")
    parser.add_argument("--zero-cost-nas", required=True, help="SamsungLabs/zero-cost-nas checkout")
    parser.add_argument("--xautodl", required=True, help="AutoDL-Projects (or ZiCo) checkout holding xautodl/")
    parser.add_argument("--out", default="nasbench/src/test/resources/fixtures",
                        help="output directory (default: %(default)s)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    official = import_official(args.zero_cost_nas, args.xautodl)
    full = [full_record(official, k, a, bn) for k, a, bn in FULL]
    records = [run_case(official, spec) for spec in cases()]
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "networks.json")
    head = {"torch_version": torch.__version__, "generator": GENERATOR,
            "input_rule": "manual_seed(input_seed); x = rand(B,3,H,H)*f32(high-low)+f32(low); "
                          "labels = floor(rand(B)*f32(classes))"}
    with open(path, "w") as f:
        f.write(json.dumps(head)[:-1] + ',\n"full_size": [\n')
        f.write(",\n".join(json.dumps(r, separators=(",", ":")) for r in full))
        f.write('\n],\n"cases": [\n')
        f.write(",\n".join(json.dumps(r, separators=(",", ":"), allow_nan=False) for r in records))
        f.write("\n]}\n")
    with open(path) as f:
        assert len(json.load(f)["cases"]) == len(records)
    size = os.path.getsize(path)
    print(f"wrote {path}: {len(full)} full-size key lists, {len(records)} cases, {size} bytes "
          f"({size / 1024:.0f} KiB)")
    for r in full:
        print(f"  {r['kind']:5s} use_bn={r['use_bn']!s:5s} {r['arch']}: params all {r['params_all']}, "
              f"active {r['params_active']}, flops {r['flops_m']} M")


if __name__ == "__main__":
    main()
