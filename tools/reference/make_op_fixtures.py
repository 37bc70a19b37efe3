#!/usr/bin/env python3
"""Write ops.json: PyTorch golden values for the engine's op conformance tests.

Regenerate (from the repository root; needs PyTorch, Debian's python3-torch 1.13 was used):

    /usr/bin/python3 tools/reference/make_op_fixtures.py [--out engine/src/test/resources/fixtures]

File format (one case per line):

    {"torch_version": "...", "generator": "tools/reference/make_op_fixtures.py",
     "cases": [CASE, ...]}
    CASE = {"name": str, "op": str, "dtype": "float32" | "float64", "seed": int,
            "inputs": [INPUT, ...], "args": {...},
            "gout": {"shape": [...], "sum": float64} | "ones",
            "output": SUMMARY, "grads": {input name: SUMMARY, ...},
            "extra": {name: SUMMARY, ...},                  # only some ops, see below
            "hvp_params": [input name, ...], "hvp_v": {name: {"shape", "sum"}},
            "hvp": {input name: SUMMARY, ...}}              # only second-order cases
    INPUT = {"name": str, "shape": [...], "low": float, "high": float,
             "requires_grad": bool, "sum": float64}         # float input
          | {"name": str, "shape": [...], "int_high": int, "sum": float64}   # int64 labels
    SUMMARY = {"shape": [...], "sum": float64, "abs_sum": float64, "sum_sq": float64,
               "values": [...]}                              # all values, C order, numel <= 2048
            | {... same four keys ..., "samples": [[flat_index, value], ...]}   # otherwise

sum, abs_sum and sum_sq are exact sums of the float64-widened values, rounded once (math.fsum;
for float32 data each square is exact in float64). Values are written as the exact double of
the element (for float32 data: the float32 widened), so (float) Double.parseDouble(s) gives the
float32 element bit for bit. samples: 256 entries at flat indices round(k * (numel - 1) / 255),
k = 0..255 (255 is odd, so there is never a tie to round), index stored with the value.
A scalar (0-d) tensor has "shape": [] and one value.

Generation rule (the Java side reproduces it from "seed" with TorchGenerator alone):
 1. torch.manual_seed(seed).
 2. Float inputs, in list order: t = (torch.rand(shape, float32) * float32(high - low)) + float32(low)
    as two separate float32 tensor ops (product rounded to float32, then sum rounded to float32;
    high - low is computed in Python double and then rounded to float32), then t.to(dtype).
    (TorchGenerator.randInRange / randInRange(double[]).)
 3. Integer inputs (labels) AFTER all float inputs, in list order:
    floor(torch.rand(shape, float32) * float32(int_high)) as int64 (TorchGenerator.randIntBelow).
    Inputs are listed in the order they are drawn: float inputs first.
 4. out = op(inputs, args). If out is not a scalar, gout is drawn next with the rule of step 2
    for low = -1, high = 1 and out's shape, then .to(dtype); for a scalar out, gout = 1 ("ones")
    and nothing is drawn.
 5. grads = torch.autograd.grad(out, [inputs with requires_grad, list order], gout).
    Every float input requires grad unless "requires_grad": false.
 6. Second-order cases (those with "hvp"): L = sum(out * gout) (for a scalar out: L = out);
    g = autograd.grad(L, params, create_graph=True) with params = "hvp_params" (all inputs that
    require grad, list order); then v_i is drawn for each param in order with the rule of step 2
    (low = -1, high = 1, the param's shape), .to(dtype); hvp = autograd.grad(sum_i (g_i * v_i).sum(),
    params, allow_unused=True). A param that the first gradients do not depend on gets an all-zero
    hvp (PyTorch returns None). "grads" of such a case are the g_i.

Ops (F = torch.nn.functional; tensor arguments are the inputs of the same name):
  conv2d               F.conv2d(x, weight, bias=bias or None, stride=stride, padding=padding)
                       args: stride, padding (ints, both dims); dilation 1, groups 1.
                       weight [C_out, C_in, kh, kw]; bias [C_out] when listed.
  batch_norm2d         F.batch_norm(x, running_mean, running_var, weight, bias, training=training,
                       momentum=momentum, eps=eps)
                       args: training, affine, track_running_stats, momentum, eps.
                       affine false: weight = bias = None (not inputs).
                       training and track_running_stats: running_mean = zeros(C), running_var = ones(C)
                       (buffers, not inputs); train mode normalises with the biased batch variance
                       over (N, H, W) and updates running_var with the UNBIASED one:
                       r = (1 - momentum) * r + momentum * stat. "extra" holds running_mean and
                       running_var after the call.
                       training and not track_running_stats: running stats None.
                       not training: running_mean and running_var are inputs (requires_grad false).
  relu                 F.relu(x); args: none. (Gradient at exactly 0 is 0; inputs never hit 0.)
  avg_pool2d           F.avg_pool2d(x, kernel_size, stride, padding, ceil_mode, count_include_pad)
                       args: kernel_size, stride, padding, ceil_mode (false), count_include_pad.
  max_pool2d           F.max_pool2d(x, kernel_size, stride, padding); padding acts as -inf.
                       args: kernel_size, stride, padding.
  adaptive_avg_pool2d  F.adaptive_avg_pool2d(x, output_size); args: output_size (int).
  linear               F.linear(x, weight, bias) = x @ weight.T + bias; weight [out, in]; args: none.
  log_softmax          F.log_softmax(x, dim=dim); args: dim.
  cross_entropy        F.cross_entropy(logits, target, reduction=reduction); target int64 labels.
                       args: reduction ("mean": mean over the batch). Scalar output.
  flatten              torch.flatten(x, start_dim, end_dim); args: start_dim, end_dim.
  sum                  torch.sum(x) over all elements (scalar); args: none.
  mean                 torch.mean(x) over all elements (scalar); args: none.
  nb201_node0          one NB-201 node fed three times by x (fan-out accumulation):
                       out = (F.conv2d(F.relu(x), weight, padding=padding)
                              + F.avg_pool2d(x, 3, 1, 1, count_include_pad=False)) + x
                       args: padding (1).
  avg_pool2d_squared   y = F.avg_pool2d(x, ...same args as avg_pool2d...); out = y * y.
                       Used for second order: a plain pool is linear, so its Hessian is zero;
                       squaring makes the second derivative pass through the pool's backward.
  linear_cross_entropy F.cross_entropy(F.linear(x, weight, bias), target, reduction=reduction);
                       args: reduction. Scalar output.
"""
import argparse
import json
import math
import os
import zlib

import numpy as np
import torch
import torch.nn.functional as F

GENERATOR = "tools/reference/make_op_fixtures.py"
MAX_FULL = 2048
N_SAMPLES = 256
DTYPES = {"float32": torch.float32, "float64": torch.float64}


# ---------------------------------------------------------------- input specs

def fin(name, shape, low=-1.0, high=1.0, requires_grad=True):
    return {"name": name, "shape": list(shape), "low": float(low), "high": float(high),
            "requires_grad": requires_grad}


def lab(name, shape, int_high):
    return {"name": name, "shape": list(shape), "int_high": int(int_high)}


def case(name, op, inputs, args=None, dtype="float32", hvp=False):
    floats = [i for i in inputs if "int_high" not in i]
    ints = [i for i in inputs if "int_high" in i]
    assert inputs == floats + ints, f"{name}: list float inputs before integer inputs"
    return {"name": name, "op": op, "dtype": dtype,
            "seed": zlib.crc32(name.encode()) & 0x7FFFFFFF,
            "inputs": inputs, "args": dict(args or {}), "hvp": hvp}


# ---------------------------------------------------------------- drawing

def draw(shape, low, high):
    """Step 2 of the rule: float32 product, then float32 sum."""
    r = torch.rand(tuple(shape), dtype=torch.float32)
    scale = torch.tensor(high - low, dtype=torch.float32)
    offset = torch.tensor(low, dtype=torch.float32)
    return torch.add(torch.mul(r, scale), offset)


def draw_labels(shape, int_high):
    r = torch.rand(tuple(shape), dtype=torch.float32)
    labels = torch.floor(torch.mul(r, torch.tensor(float(int_high), dtype=torch.float32))).long()
    assert int(labels.min()) >= 0 and int(labels.max()) < int_high
    return labels


# ---------------------------------------------------------------- ops

def op_conv2d(t, a, dtype):
    return F.conv2d(t["x"], t["weight"], t.get("bias"), stride=a["stride"], padding=a["padding"]), {}


def op_batch_norm2d(t, a, dtype):
    x = t["x"]
    channels = x.shape[1]
    extra = {}
    if a["training"] and a["track_running_stats"]:
        rm = torch.zeros(channels, dtype=dtype)
        rv = torch.ones(channels, dtype=dtype)
        extra = {"running_mean": rm, "running_var": rv}
    elif a["training"]:
        rm = rv = None
    else:
        rm, rv = t["running_mean"], t["running_var"]
    w = t["weight"] if a["affine"] else None
    b = t["bias"] if a["affine"] else None
    out = F.batch_norm(x, rm, rv, w, b, training=a["training"], momentum=a["momentum"], eps=a["eps"])
    return out, extra


def op_relu(t, a, dtype):
    return F.relu(t["x"]), {}


def op_avg_pool2d(t, a, dtype):
    return F.avg_pool2d(t["x"], a["kernel_size"], a["stride"], a["padding"],
                        ceil_mode=a["ceil_mode"], count_include_pad=a["count_include_pad"]), {}


def op_avg_pool2d_squared(t, a, dtype):
    y, _ = op_avg_pool2d(t, a, dtype)
    return y * y, {}


def op_max_pool2d(t, a, dtype):
    return F.max_pool2d(t["x"], a["kernel_size"], a["stride"], a["padding"]), {}


def op_adaptive_avg_pool2d(t, a, dtype):
    return F.adaptive_avg_pool2d(t["x"], a["output_size"]), {}


def op_linear(t, a, dtype):
    return F.linear(t["x"], t["weight"], t.get("bias")), {}


def op_log_softmax(t, a, dtype):
    return F.log_softmax(t["x"], dim=a["dim"]), {}


def op_cross_entropy(t, a, dtype):
    return F.cross_entropy(t["logits"], t["target"], reduction=a["reduction"]), {}


def op_linear_cross_entropy(t, a, dtype):
    logits = F.linear(t["x"], t["weight"], t.get("bias"))
    return F.cross_entropy(logits, t["target"], reduction=a["reduction"]), {}


def op_flatten(t, a, dtype):
    return torch.flatten(t["x"], a["start_dim"], a["end_dim"]), {}


def op_sum(t, a, dtype):
    return torch.sum(t["x"]), {}


def op_mean(t, a, dtype):
    return torch.mean(t["x"]), {}


def op_nb201_node0(t, a, dtype):
    x = t["x"]
    conv = F.conv2d(F.relu(x), t["weight"], padding=a["padding"])
    pool = F.avg_pool2d(x, 3, 1, 1, count_include_pad=False)
    return (conv + pool) + x, {}


OPS = {
    "conv2d": op_conv2d,
    "batch_norm2d": op_batch_norm2d,
    "relu": op_relu,
    "avg_pool2d": op_avg_pool2d,
    "avg_pool2d_squared": op_avg_pool2d_squared,
    "max_pool2d": op_max_pool2d,
    "adaptive_avg_pool2d": op_adaptive_avg_pool2d,
    "linear": op_linear,
    "log_softmax": op_log_softmax,
    "cross_entropy": op_cross_entropy,
    "linear_cross_entropy": op_linear_cross_entropy,
    "flatten": op_flatten,
    "sum": op_sum,
    "mean": op_mean,
    "nb201_node0": op_nb201_node0,
}


# ---------------------------------------------------------------- the cases

def conv_args(stride=1, padding=1):
    return {"stride": stride, "padding": padding}


def bn_args(training, affine=True, track=True):
    return {"training": training, "affine": affine, "track_running_stats": track,
            "momentum": 0.1, "eps": 1e-5}


def pool_args(k, s, p, count_include_pad=False):
    return {"kernel_size": k, "stride": s, "padding": p, "ceil_mode": False,
            "count_include_pad": count_include_pad}


def bn_inputs(shape, affine=True, eval_stats=False):
    c = shape[1]
    inputs = [fin("x", shape, -1.0, 3.0)]
    if affine:
        inputs += [fin("weight", [c], 0.5, 1.5), fin("bias", [c], -0.5, 0.5)]
    if eval_stats:
        inputs += [fin("running_mean", [c], 0.5, 1.5, requires_grad=False),
                   fin("running_var", [c], 0.5, 1.5, requires_grad=False)]
    return inputs


def all_cases():
    big = [8, 16, 32, 32]
    cases = [
        # convolution
        case("conv2d_nb201_3x3", "conv2d",
             [fin("x", big), fin("weight", [16, 16, 3, 3], -0.1, 0.1)], conv_args()),
        case("conv2d_nb201_3x3_bias", "conv2d",
             [fin("x", big), fin("weight", [16, 16, 3, 3], -0.1, 0.1), fin("bias", [16], -0.1, 0.1)],
             conv_args()),
        case("conv2d_1x1", "conv2d",
             [fin("x", big), fin("weight", [16, 16, 1, 1], -0.25, 0.25)], conv_args(padding=0)),
        case("conv2d_3x3_stride2_16to32", "conv2d",
             [fin("x", big), fin("weight", [32, 16, 3, 3], -0.1, 0.1)], conv_args(stride=2)),
        case("conv2d_3x3_64ch_8x8", "conv2d",
             [fin("x", [4, 64, 8, 8]), fin("weight", [64, 64, 3, 3], -0.05, 0.05)], conv_args()),
        case("conv2d_stem_3to16", "conv2d",
             [fin("x", [8, 3, 32, 32]), fin("weight", [16, 3, 3, 3], -0.2, 0.2)], conv_args()),
        case("conv2d_odd_7x9_stride2_bias", "conv2d",
             [fin("x", [2, 3, 7, 9]), fin("weight", [5, 3, 3, 3], -0.2, 0.2), fin("bias", [5], -0.2, 0.2)],
             conv_args(stride=2)),
        # batch norm
        case("batch_norm2d_train_affine", "batch_norm2d", bn_inputs(big), bn_args(True)),
        case("batch_norm2d_train_no_affine_no_stats", "batch_norm2d", bn_inputs(big, affine=False),
             bn_args(True, affine=False, track=False)),
        case("batch_norm2d_eval_affine", "batch_norm2d", bn_inputs(big, eval_stats=True), bn_args(False)),
        # elementwise, pooling
        case("relu", "relu", [fin("x", big)]),
        case("avg_pool2d_3x3_s1_p1_exclude_pad", "avg_pool2d", [fin("x", big)], pool_args(3, 1, 1, False)),
        case("avg_pool2d_3x3_s1_p1_include_pad", "avg_pool2d", [fin("x", big)], pool_args(3, 1, 1, True)),
        case("avg_pool2d_2x2_s2", "avg_pool2d", [fin("x", big)], pool_args(2, 2, 0)),
        case("max_pool2d_3x3_s2_p1", "max_pool2d", [fin("x", big)],
             {"kernel_size": 3, "stride": 2, "padding": 1}),
        case("adaptive_avg_pool2d_1", "adaptive_avg_pool2d", [fin("x", [8, 64, 8, 8])], {"output_size": 1}),
        # classifier head
        case("linear_64to10_bias", "linear",
             [fin("x", [8, 64]), fin("weight", [10, 64], -0.125, 0.125), fin("bias", [10], -0.125, 0.125)]),
        case("log_softmax_dim1", "log_softmax", [fin("x", [8, 10], -3.0, 3.0)], {"dim": 1}),
        case("cross_entropy_mean", "cross_entropy",
             [fin("logits", [8, 10], -3.0, 3.0), lab("target", [8], 10)], {"reduction": "mean"}),
        case("flatten_8x64x1x1", "flatten", [fin("x", [8, 64, 1, 1])], {"start_dim": 1, "end_dim": -1}),
        case("sum_all", "sum", [fin("x", [4, 16, 8, 8])]),
        case("mean_all", "mean", [fin("x", [4, 16, 8, 8])]),
        # fan-out
        case("nb201_node0", "nb201_node0",
             [fin("x", [4, 16, 8, 8]), fin("weight", [16, 16, 3, 3], -0.1, 0.1)], {"padding": 1}),
    ]
    # float64 copies at small shapes
    f64 = "float64"
    cases += [
        case("conv2d_3x3_bias_f64", "conv2d",
             [fin("x", [2, 4, 8, 8]), fin("weight", [6, 4, 3, 3], -0.2, 0.2), fin("bias", [6], -0.2, 0.2)],
             conv_args(), dtype=f64),
        case("batch_norm2d_train_affine_f64", "batch_norm2d", bn_inputs([4, 6, 5, 5]), bn_args(True), dtype=f64),
        case("avg_pool2d_3x3_s1_p1_exclude_pad_f64", "avg_pool2d", [fin("x", [2, 3, 7, 7])],
             pool_args(3, 1, 1, False), dtype=f64),
        case("linear_12to5_bias_f64", "linear",
             [fin("x", [4, 12]), fin("weight", [5, 12], -0.3, 0.3), fin("bias", [5], -0.3, 0.3)], dtype=f64),
        case("log_softmax_dim1_f64", "log_softmax", [fin("x", [4, 10], -3.0, 3.0)], {"dim": 1}, dtype=f64),
        case("cross_entropy_mean_f64", "cross_entropy",
             [fin("logits", [4, 10], -3.0, 3.0), lab("target", [4], 10)], {"reduction": "mean"}, dtype=f64),
    ]
    # second order, both precisions
    for dtype, suffix in (("float32", ""), ("float64", "_f64")):
        cases += [
            case("hvp_conv2d" + suffix, "conv2d",
                 [fin("x", [2, 3, 6, 6]), fin("weight", [4, 3, 3, 3], -0.3, 0.3), fin("bias", [4], -0.3, 0.3)],
                 conv_args(), dtype=dtype, hvp=True),
            case("hvp_batch_norm2d_train" + suffix, "batch_norm2d", bn_inputs([4, 3, 5, 5]), bn_args(True),
                 dtype=dtype, hvp=True),
            case("hvp_avg_pool2d_squared" + suffix, "avg_pool2d_squared", [fin("x", [2, 3, 7, 7])],
                 pool_args(3, 1, 1, False), dtype=dtype, hvp=True),
            case("hvp_linear_cross_entropy" + suffix, "linear_cross_entropy",
                 [fin("x", [4, 6]), fin("weight", [5, 6], -0.4, 0.4), fin("bias", [5], -0.4, 0.4),
                  lab("target", [4], 5)], {"reduction": "mean"}, dtype=dtype, hvp=True),
        ]
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return cases


# ---------------------------------------------------------------- summaries

def exact_sum(values):
    return math.fsum(values)


def summary(t):
    t = t.detach()
    flat = t.reshape(-1).to(torch.float64).tolist()  # float32 widens exactly
    out = {"shape": list(t.shape),
           "sum": exact_sum(flat),
           "abs_sum": exact_sum(abs(v) for v in flat),
           "sum_sq": exact_sum(v * v for v in flat)}
    n = len(flat)
    if n <= MAX_FULL:
        out["values"] = flat
    else:
        indices = [round(k * (n - 1) / (N_SAMPLES - 1)) for k in range(N_SAMPLES)]
        out["samples"] = [[i, flat[i]] for i in indices]
    return out


def tensor_check(t):
    return {"shape": list(t.shape), "sum": exact_sum(t.detach().reshape(-1).to(torch.float64).tolist())}


# ---------------------------------------------------------------- running one case

def run_case(spec):
    dtype = DTYPES[spec["dtype"]]
    torch.manual_seed(spec["seed"])
    tensors = {}
    record_inputs = []
    for inp in spec["inputs"]:
        if "int_high" in inp:
            t = draw_labels(inp["shape"], inp["int_high"])
        else:
            t = draw(inp["shape"], inp["low"], inp["high"]).to(dtype)
            t.requires_grad_(inp["requires_grad"])
        tensors[inp["name"]] = t
        record_inputs.append(dict(inp, sum=exact_sum(t.detach().reshape(-1).double().tolist())))

    out, extra = OPS[spec["op"]](tensors, spec["args"], dtype)
    assert out.dtype == dtype, f"{spec['name']}: output dtype {out.dtype}"
    if out.dim() == 0:
        gout = torch.ones((), dtype=dtype)
        gout_record = "ones"
    else:
        gout = draw(out.shape, -1.0, 1.0).to(dtype)
        gout_record = tensor_check(gout)

    grad_names = [i["name"] for i in spec["inputs"] if i.get("requires_grad")]
    params = [tensors[n] for n in grad_names]
    record = {"name": spec["name"], "op": spec["op"], "dtype": spec["dtype"], "seed": spec["seed"],
              "inputs": record_inputs, "args": spec["args"], "gout": gout_record,
              "output": summary(out)}

    if not spec["hvp"]:
        grads = torch.autograd.grad(out, params, gout)
        record["grads"] = {n: summary(g) for n, g in zip(grad_names, grads)}
    else:
        loss = out if out.dim() == 0 else (out * gout).sum()
        grads = torch.autograd.grad(loss, params, create_graph=True)
        record["grads"] = {n: summary(g) for n, g in zip(grad_names, grads)}
        vs = [draw(p.shape, -1.0, 1.0).to(dtype) for p in params]
        z = sum((g * v).sum() for g, v in zip(grads, vs) if g.requires_grad)
        hvps = torch.autograd.grad(z, params, allow_unused=True)
        hvps = [torch.zeros_like(p) if h is None else h for p, h in zip(params, hvps)]
        record["hvp_params"] = grad_names
        record["hvp_v"] = {n: tensor_check(v) for n, v in zip(grad_names, vs)}
        record["hvp"] = {n: summary(h) for n, h in zip(grad_names, hvps)}

    if extra:
        record["extra"] = {k: summary(v) for k, v in extra.items()}
    for part in ("grads", "hvp"):
        for n, s in record.get(part, {}).items():
            assert math.isfinite(s["sum_sq"]), f"{spec['name']}: non-finite {part} of {n}"
    return record


def main():
    parser = argparse.ArgumentParser(description="Write ops.json, PyTorch golden values for op tests.")
    parser.add_argument("--out", default="engine/src/test/resources/fixtures",
                        help="output directory (default: %(default)s)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    records = [run_case(spec) for spec in all_cases()]
    header = json.dumps({"torch_version": torch.__version__, "generator": GENERATOR})[:-1]
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "ops.json")
    with open(path, "w") as f:
        f.write(header + ', "cases": [\n')
        f.write(",\n".join(json.dumps(r, separators=(",", ":"), allow_nan=False) for r in records))
        f.write("\n]}\n")
    with open(path) as f:
        assert len(json.load(f)["cases"]) == len(records)
    size = os.path.getsize(path)
    print(f"wrote {path}: {len(records)} cases, {size} bytes ({size / 2**20:.2f} MiB)")


if __name__ == "__main__":
    main()
