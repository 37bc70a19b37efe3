#!/usr/bin/env python3
"""Write rng.json: PyTorch's CPU random streams, for TorchGeneratorTest to match bit for bit.

What is recorded, for each seed in --seeds (default 0 and 42), each entry starting from a
fresh torch.manual_seed(seed):

  rand         torch.rand(2, 3, 4, 4) (float32), all 96 values flattened in C order,
               as float32 bit patterns (signed 32-bit ints) and as decimals.
  conv2d       torch.nn.Conv2d(16, 16, 3) default init (kaiming_uniform_ a=sqrt(5) on the
               weight, then U(-1/sqrt(fan_in), 1/sqrt(fan_in)) on the bias; fan_in = 144):
               first 64 weight bit patterns, the float64 sum of all weights (math.fsum, exact
               then rounded once), all 16 bias bit patterns, and the two bounds as Python doubles.
  linear       torch.nn.Linear(64, 10), the same record (fan_in = 64, 10 biases).
  rand_in_range  the op-fixture input rule of make_op_fixtures.py for low=-1, high=1:
               torch.rand(5, 7) * float32(2) + float32(-1), two float32 roundings; 35 bit patterns.
  rand_int_below the op-fixture label rule: floor(torch.rand(40) * float32(10)), as ints.

Regenerate with:  /usr/bin/python3 tools/reference/make_rng_fixture.py
"""
import argparse
import json
import math
import os

import numpy as np
import torch


def bits(t):
    """float32 tensor -> list of int32 bit patterns (C order)."""
    return t.detach().contiguous().view(-1).numpy().astype(np.float32).view(np.int32).tolist()


def decimals(t):
    """float32 tensor -> shortest decimals that parse back to the same float32."""
    return [float(str(v)) for v in t.detach().view(-1).numpy().astype(np.float32)]


def module_record(module, n_weight_bits=64):
    w = module.weight.detach().view(-1)
    fan_in = module.weight[0].numel()
    a = math.sqrt(5)
    gain = math.sqrt(2.0 / (1 + a ** 2))
    weight_bound = math.sqrt(3.0) * (gain / math.sqrt(fan_in))
    return {
        "module": repr(module),
        "fan_in": fan_in,
        "weight_shape": list(module.weight.shape),
        "weight_bound": weight_bound,
        "bias_bound": 1 / math.sqrt(fan_in),
        "weight_first_bits": bits(w[:n_weight_bits]),
        "weight_sum": math.fsum(w.double().tolist()),
        "bias_bits": bits(module.bias),
    }


def seed_record(seed):
    torch.manual_seed(seed)
    r = torch.rand(2, 3, 4, 4)
    rand = {"shape": [2, 3, 4, 4], "bits": bits(r), "values": decimals(r)}

    torch.manual_seed(seed)
    conv = module_record(torch.nn.Conv2d(16, 16, 3))

    torch.manual_seed(seed)
    linear = module_record(torch.nn.Linear(64, 10))

    torch.manual_seed(seed)
    scale = torch.tensor(1.0 - (-1.0), dtype=torch.float32)
    low = torch.tensor(-1.0, dtype=torch.float32)
    x = torch.add(torch.mul(torch.rand(5, 7, dtype=torch.float32), scale), low)
    in_range = {"shape": [5, 7], "low": -1.0, "high": 1.0, "bits": bits(x)}

    torch.manual_seed(seed)
    labels = torch.floor(torch.mul(torch.rand(40, dtype=torch.float32),
                                   torch.tensor(10.0, dtype=torch.float32))).long()
    int_below = {"shape": [40], "int_high": 10, "values": labels.tolist()}

    return {"seed": seed, "rand": rand, "conv2d": conv, "linear": linear,
            "rand_in_range": in_range, "rand_int_below": int_below}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default="engine/src/test/resources/fixtures",
                        help="output directory (default: %(default)s)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 42])
    args = parser.parse_args()
    torch.set_num_threads(1)
    doc = {
        "torch_version": torch.__version__,
        "generator": "tools/reference/make_rng_fixture.py",
        "seeds": [seed_record(s) for s in args.seeds],
    }
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "rng.json")
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()
