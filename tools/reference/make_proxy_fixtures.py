#!/usr/bin/env python3
"""Write proxies.json: zero-cost proxy scores computed by the OFFICIAL implementations.

The official code is NOT part of this repository. Extract it (see tools/reference/README.md,
"proxies.json") and pass the directories:

    /usr/bin/python3 tools/reference/make_proxy_fixtures.py \
        --zero-cost-nas /tmp/ref/zero-cost-nas --zico /tmp/ref/ZiCo --naslib /tmp/ref/NASLib \
        --tenas /tmp/ref/TENAS \
        [--out nasbench/src/test/resources/fixtures/proxies.json]

Networks (both small: C = 8, N = 1 cell per stage, 10 classes, 32x32 inputs, batch 8):
  zc     zero-cost-nas foresight/models/nasbench2.py NAS201Model. The official class hard-codes
         5 cells per stage and its get_prunable_copy() rebuilds the copy with the default 16
         channels, so the script uses a subclass that only takes C and N as arguments (same
         official building blocks, same construction order; checked at start-up against the
         official class at C = 16, N = 5, parameters bit for bit).
  nb201  xautodl TinyNetwork from ZiCo's vendored xautodl, built by the official
         xautodl.models.get_cell_based_tiny_net({"name": "infer.tiny", ...}); its class is then
         switched to a subclass whose forward returns only the logits (the official forward
         returns (pooled features, logits), which none of the proxy codes accepts).

Per (network, arch): torch.manual_seed(init_seed); build the network; then the input rule
(tools/reference/README.md): torch.manual_seed(input_seed); x = rand([8,3,32,32]) * f32(high -
low) + f32(low) with low = -2, high = 2; labels = floor(rand([8]) * f32(10)). ZiCo's second
batch is the same rule with input_seed + 1. Every proxy then runs on its own copy.deepcopy of
the constructed network (train mode) with fresh clones of the inputs, through the official
entry points listed in PROXIES below.

JSON layout (see the README for the full schema):
  {"generator", "torch_version", "numpy_version", "threads", "official": {...},
   "input_rule": str, "proxies": {name: {"source", "call", "notes"}},
   "networks": {"zc": {...}, "nb201": {...}}, "checks": {...},
   "records": [RECORD, ...]}     (one record per line)
"""

import argparse
import contextlib
import copy
import hashlib
import io
import json
import math
import os
import sys
import time
import traceback
import types

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

C_DEFAULT, N_DEFAULT, CLASSES, BATCH, HW = 8, 1, 10, 8, 32
LOW, HIGH = -2.0, 2.0
PER_LAYER_MAX = 200
CPU = torch.device("cpu")

ARCHS = [
    ("all_none", "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|"),
    ("all_skip", "|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|"),
    ("all_conv3x3", "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|"),
    ("all_conv1x1", "|nor_conv_1x1~0|+|nor_conv_1x1~0|nor_conv_1x1~1|+|nor_conv_1x1~0|nor_conv_1x1~1|nor_conv_1x1~2|"),
    ("all_avgpool", "|avg_pool_3x3~0|+|avg_pool_3x3~0|avg_pool_3x3~1|+|avg_pool_3x3~0|avg_pool_3x3~1|avg_pool_3x3~2|"),
    ("zero_fed_convs", "|none~0|+|skip_connect~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|avg_pool_3x3~2|"),
    ("best_6111", "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|"),
    ("index_0", "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|"),
    ("mixed_a", "|nor_conv_1x1~0|+|none~0|avg_pool_3x3~1|+|nor_conv_3x3~0|none~1|skip_connect~2|"),
]
INIT_SEED_BASE, INPUT_SEED_BASE = 100, 500   # init_seed = 100 + i, input_seed = 500 + 10 i

# Proxy name -> how it is computed. "zcnas" = zero-cost-nas foresight, "naslib" = NASLib.
PROXIES = {
    "grad_norm": ("zcnas", "foresight/pruners/measures/grad_norm.py", "get_grad_norm_arr"),
    "snip": ("zcnas", "foresight/pruners/measures/snip.py", "compute_snip_per_weight"),
    "grasp": ("zcnas", "foresight/pruners/measures/grasp.py", "compute_grasp_per_weight"),
    "fisher": ("zcnas", "foresight/pruners/measures/fisher.py", "compute_fisher_per_weight"),
    "jacob_cov": ("zcnas", "foresight/pruners/measures/jacob_cov.py", "compute_jacob_cov"),
    "plain": ("zcnas", "foresight/pruners/measures/plain.py", "compute_plain_per_weight"),
    "synflow": ("zcnas", "foresight/pruners/measures/synflow.py", "compute_synflow_per_weight"),
    "l2_norm": ("zcnas", "foresight/pruners/measures/l2_norm.py", "get_l2_norm_array"),
    "nwot": ("naslib", "naslib/predictors/utils/pruners/measures/nwot.py", "compute_nwot"),
    "epe_nas": ("naslib", "naslib/predictors/utils/pruners/measures/epe_nas.py", "compute_epe_score"),
    "zico": ("zico", "ZeroShotProxy/compute_zico.py", "getzico"),
    "ntk": ("tenas", "lib/procedures/ntk.py", "get_ntk_n"),
}


# ---------------------------------------------------------------- importing the official code

def git_blob_id(path):
    """The git blob id of a file: compare with `git ls-tree <commit> <path>` in the repo."""
    data = open(path, "rb").read()
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def stub_module(name, path=None, **attrs):
    module = types.ModuleType(name)
    if path is not None:
        module.__path__ = [path]
    for key, value in attrs.items():
        setattr(module, key, value)
    sys.modules[name] = module
    return module


def import_official(zc_dir, zico_dir, naslib_dir, tenas_dir):
    """Import only the official modules needed; returns a namespace and the list of stubs."""
    stubs = []
    # zero-cost-nas: foresight/__init__ only imports version.py; pruners and models are plain.
    sys.path.insert(0, zc_dir)
    import foresight.pruners.predictive as zc_predictive
    import foresight.pruners.measures as zc_measures
    import foresight.pruners.measures.l2_norm  # noqa: F401  (not in load_all(): register it)
    from foresight.models import nasbench2, nasbench2_ops

    # NASLib: naslib/__init__ and naslib/predictors/__init__ import every predictor (sklearn,
    # ...); only pruners/ is needed, so the parent packages are empty stubs that point to the
    # real directories. tensorwatch is only used by measures/model_stats.py (flops/params).
    for name, sub in [("naslib", "naslib"), ("naslib.predictors", "naslib/predictors"),
                      ("naslib.predictors.utils", "naslib/predictors/utils")]:
        stub_module(name, os.path.join(naslib_dir, sub))
    stubs.append("naslib, naslib.predictors, naslib.predictors.utils: empty packages (their "
                 "__init__ imports all NASLib predictors); __path__ = the real directories")
    try:
        import tensorwatch  # noqa: F401
    except ImportError:
        stub_module("tensorwatch", ModelStats=object)
        stubs.append("tensorwatch: empty module with ModelStats = object (only used by "
                     "measures/model_stats.py for NASLib's flops/params, not called here)")
    import naslib.predictors.utils.pruners.predictive as nl_predictive

    # ZiCo: compute_zico imports global_utils and ModelLoader (torchvision) at module level but
    # uses neither in getgrad / caculate_zico / getzico.
    sys.path.insert(0, zico_dir)
    for name in ["global_utils", "ModelLoader"]:
        try:
            __import__(name)
        except ImportError as e:
            stub_module(name)
            stubs.append(f"{name}: empty module ({e}); unused by the functions called")
    from ZeroShotProxy import compute_zico
    from xautodl.models import get_cell_based_tiny_net
    from xautodl.models.cell_infers.tiny_network import TinyNetwork
    from xautodl.utils.flop_benchmark import get_model_infos

    # TE-NAS: lib/procedures/__init__ imports the linear-region counter and logging helpers;
    # ntk.py itself needs only numpy and torch, so it is loaded alone from its file.
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "tenas_ntk", os.path.join(tenas_dir, "lib/procedures/ntk.py"))
    tenas_ntk = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tenas_ntk)

    files = {
        "TENAS": ["lib/procedures/ntk.py"],
        "zero-cost-nas": [os.path.join("foresight", p) for p in [
            "pruners/predictive.py", "pruners/p_utils.py", "pruners/measures/__init__.py",
            "pruners/measures/grad_norm.py", "pruners/measures/snip.py",
            "pruners/measures/grasp.py", "pruners/measures/fisher.py",
            "pruners/measures/jacob_cov.py", "pruners/measures/plain.py",
            "pruners/measures/synflow.py", "pruners/measures/l2_norm.py",
            "models/nasbench2.py", "models/nasbench2_ops.py"]],
        "NASLib": [os.path.join("naslib/predictors/utils/pruners", p) for p in [
            "predictive.py", "p_utils.py", "measures/__init__.py", "measures/nwot.py",
            "measures/epe_nas.py"]],
        "ZiCo": ["ZeroShotProxy/compute_zico.py", "xautodl/models/__init__.py",
                 "xautodl/models/cell_infers/tiny_network.py",
                 "xautodl/models/cell_infers/cells.py", "xautodl/models/cell_operations.py",
                 "xautodl/models/cell_searchs/genotypes.py", "xautodl/utils/flop_benchmark.py"],
    }
    roots = {"zero-cost-nas": zc_dir, "NASLib": naslib_dir, "ZiCo": zico_dir, "TENAS": tenas_dir}
    blobs = {repo: {f: git_blob_id(os.path.join(roots[repo], f)) for f in fs}
             for repo, fs in files.items()}
    return types.SimpleNamespace(
        zc_predictive=zc_predictive, zc_measures=zc_measures, nasbench2=nasbench2,
        nasbench2_ops=nasbench2_ops, nl_predictive=nl_predictive, compute_zico=compute_zico,
        get_cell_based_tiny_net=get_cell_based_tiny_net, TinyNetwork=TinyNetwork,
        get_model_infos=get_model_infos, tenas_ntk=tenas_ntk, stubs=stubs, blobs=blobs)


# ---------------------------------------------------------------- networks

def make_zc_class(off):
    ops = off.nasbench2_ops

    class NAS201ModelCN(off.nasbench2.NAS201Model):
        """nasbench2.NAS201Model with C and N as arguments (the official one fixes N = 5, and
        its get_prunable_copy() drops stem_ch). Modules are created in the official order
        (stem, stack_cell1, reduction1, stack_cell2, reduction2, stack_cell3, top) from the
        official building blocks; forward() is inherited unchanged."""

        def __init__(self, arch_str, num_classes, use_bn=True, C=16, N=5):
            nn.Module.__init__(self)
            self.arch_str, self.num_classes, self.use_bn, self.C, self.N = \
                arch_str, num_classes, use_bn, C, N
            mask = off.nasbench2.gen_searchcell_mask_from_arch_str(arch_str)

            def cells(ch):
                return nn.Sequential(*[ops.SearchCell(
                    in_channels=ch, out_channels=ch, stride=1, affine=False,
                    track_running_stats=False, use_bn=use_bn, keep_mask=mask) for _ in range(N)])

            self.stem = ops.stem(out_channels=C, use_bn=use_bn)
            self.stack_cell1 = cells(C)
            self.reduction1 = ops.reduction(in_channels=C, out_channels=C * 2)
            self.stack_cell2 = cells(C * 2)
            self.reduction2 = ops.reduction(in_channels=C * 2, out_channels=C * 4)
            self.stack_cell3 = cells(C * 4)
            self.top = ops.top(in_dims=C * 4, num_classes=num_classes, use_bn=use_bn)

        def get_prunable_copy(self, bn=False):
            # Official behaviour (new model with use_bn=bn, load_state_dict(strict=False),
            # train()), but keeping C and N.
            model_new = NAS201ModelCN(self.arch_str, self.num_classes, use_bn=bn, C=self.C, N=self.N)
            model_new.load_state_dict(self.state_dict(), strict=False)
            model_new.train()
            return model_new

    return NAS201ModelCN


def make_nb201_class(off):
    class TinyNetworkLogits(off.TinyNetwork):
        """xautodl TinyNetwork whose forward returns only the logits."""

        def forward(self, inputs):
            return off.TinyNetwork.forward(self, inputs)[1]

    return TinyNetworkLogits


def build(off, classes, network, arch, init_seed, C, N):
    torch.manual_seed(init_seed)
    if network == "zc":
        net = classes["zc"](arch, CLASSES, use_bn=True, C=C, N=N)
    else:
        net = off.get_cell_based_tiny_net(
            {"name": "infer.tiny", "C": C, "N": N, "arch_str": arch, "num_classes": CLASSES})
        net.__class__ = classes["nb201"]
    return net.train()


# ---------------------------------------------------------------- inputs (README input rule)

def draw(shape, low, high):
    r = torch.rand(tuple(shape), dtype=torch.float32)
    return torch.add(torch.mul(r, torch.tensor(high - low, dtype=torch.float32)),
                     torch.tensor(low, dtype=torch.float32))


def draw_labels(shape, int_high):
    r = torch.rand(tuple(shape), dtype=torch.float32)
    return torch.floor(torch.mul(r, torch.tensor(float(int_high), dtype=torch.float32))).long()


def make_batch(seed):
    torch.manual_seed(seed)
    x = draw([BATCH, 3, HW, HW], LOW, HIGH)
    y = draw_labels([BATCH], CLASSES)
    return x, y


def batch_record(seed, x, y):
    return {"seed": seed, "shape": list(x.shape), "low": LOW, "high": HIGH,
            "sum": math.fsum(x.double().flatten().tolist()), "labels": y.tolist()}


# ---------------------------------------------------------------- JSON helpers

def num(v):
    """(value or None, flag dict) for a float that may be NaN/inf/complex."""
    flags = {}
    if isinstance(v, torch.Tensor):
        v = v.item()
    if isinstance(v, (complex, np.complexfloating)):
        flags["complex_imag"] = float(np.imag(v))
        v = float(np.real(v))
    v = float(v)
    if math.isnan(v):
        return None, {**flags, "nan": True}
    if math.isinf(v):
        return None, {**flags, "inf": "+inf" if v > 0 else "-inf"}
    return v, flags


def exact_sum(t):
    return math.fsum(t.detach().double().flatten().tolist())


def per_layer_sums(arrays):
    out, bad = [], False
    for a in arrays:
        s = exact_sum(a) if isinstance(a, torch.Tensor) else float(a)
        if not math.isfinite(s):
            bad, s = True, None
        out.append(s)
    return out, bad


def layer_names(net):
    return [n for n, m in net.named_modules() if isinstance(m, (nn.Conv2d, nn.Linear))]


# ---------------------------------------------------------------- running the proxies

@contextlib.contextmanager
def cuda_as_identity(net):
    """getzico() calls network.cuda() and data.cuda(): make both the identity on CPU."""
    saved = torch.Tensor.cuda
    torch.Tensor.cuda = lambda self, *a, **k: self
    net.cuda = lambda *a, **k: net
    try:
        yield
    finally:
        torch.Tensor.cuda = saved
        del net.cuda


def run_zico(off, net, batches, snapshot, zero_missing):
    """Official compute_zico.getzico(network, trainloader, nn.CrossEntropyLoss()).

    snapshot=True wraps the official getgrad so that the arrays it appends are copies: on CPU
    `grad.data.cpu().reshape(-1).numpy()` is a view of the live .grad buffer, which
    zero_grad() (set_to_none=False in torch 1.13) and the next backward overwrite in place, so
    every stored "batch gradient" ends up equal to the last one, std = 0 everywhere and the
    official result is 0. On CUDA .cpu() copies, which is what the snapshot reproduces.
    zero_missing=True gives a zero .grad to Conv2d/Linear weights that have none (modules that
    never ran: the unused candidate ops of zc); the official getgrad would raise
    AttributeError on them. A zero gradient has std 0, so caculate_zico skips such a layer,
    exactly as if it were absent.
    Returns (score, per-layer values from the official caculate_zico on each layer alone,
    number of weights given a zero gradient)."""
    cz = off.compute_zico
    original = cz.getgrad
    captured = {}
    zeroed = set()

    def getgrad_patched(model, grad_dict, step_iter=0):
        if zero_missing:
            for name, mod in model.named_modules():
                if isinstance(mod, (nn.Conv2d, nn.Linear)) and mod.weight.grad is None:
                    mod.weight.grad = torch.zeros_like(mod.weight)
                    zeroed.add(name)
        grad_dict = original(model, grad_dict, step_iter)
        if snapshot:
            for name in grad_dict:
                grad_dict[name][-1] = grad_dict[name][-1].copy()
        captured.clear()
        captured.update({k: [a.copy() for a in v] for k, v in grad_dict.items()})
        return grad_dict

    cz.getgrad = getgrad_patched
    try:
        with cuda_as_identity(net):
            score = cz.getzico(net, batches, nn.CrossEntropyLoss())
    finally:
        cz.getgrad = original
    per_layer = [float(cz.caculate_zico({k: list(v)})) for k, v in captured.items()]
    return score, per_layer, len(zeroed)


def run_proxy(off, name, net, x, y, x2, y2):
    """Returns (score, per-layer list or None, extra dict). Raises what the official code raises."""
    kind = PROXIES[name][0]
    loader = [(x, y)]
    info = ("random", 1, CLASSES)
    if kind == "zcnas" and name == "l2_norm":
        # get_l2_norm_array(net, inputs, targets, mode, split_data=1) takes no loss_fn, but
        # find_measures_arrays always passes loss_fn=... -> TypeError; call the registry
        # directly with the arguments find_measures_arrays would pass otherwise.
        arrays = off.zc_measures.calc_measure("l2_norm", net, CPU, x, y, split_data=1)
        score = off.zc_predictive.find_measures(net, None, None, None,
                                                measures_arr={"l2_norm": arrays})["l2_norm"]
        return score, arrays, {}
    if kind == "zcnas":
        arrays = off.zc_predictive.find_measures_arrays(
            net, loader, info, CPU, measure_names=[name], loss_fn=F.cross_entropy)
        score = off.zc_predictive.find_measures(net, None, None, None, measures_arr=arrays)[name]
        return score, (None if name == "jacob_cov" else arrays[name]), {}
    if kind == "naslib":
        score = off.nl_predictive.find_measures(
            net, loader, info, CPU, F.cross_entropy, measure_names=[name])
        return score, None, {}
    if kind == "tenas":
        # get_ntk_n asks torch.cuda.current_device() and moves inputs with .cuda(device=...):
        # on CPU the device is irrelevant and .cuda the identity.
        saved = torch.cuda.current_device
        torch.cuda.current_device = lambda: 0
        try:
            with cuda_as_identity(net):
                conds = off.tenas_ntk.get_ntk_n([(x, y)], [net], recalbn=0, train_mode=True, num_batch=1)
        finally:
            torch.cuda.current_device = saved
        return conds[0], None, {}
    if kind == "zico":
        pristine = copy.deepcopy(net)
        batches = [(x, y), (x2, y2)]
        score, per_layer, zeroed = run_zico(off, net, batches, snapshot=True, zero_missing=True)
        extra = {"patches": ["snapshot getgrad arrays (copy)"] +
                 ([f"zero .grad for {zeroed} Conv2d/Linear weights that never ran"] if zeroed else [])}
        try:
            unpatched, _, _ = run_zico(off, pristine, [(a.clone(), b.clone()) for a, b in batches],
                                       snapshot=False, zero_missing=False)
            extra["official_cpu_unpatched"] = float(unpatched)
        except Exception as e:  # noqa: BLE001 - the official code's own failure, recorded
            extra["official_cpu_unpatched"] = f"{type(e).__name__}: {e}"
        return score, per_layer, extra
    raise ValueError(name)


def proxy_record(off, name, net, batch1, batch2):
    rec = {"score": None}
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            score, arrays, extra = run_proxy(
                off, name, copy.deepcopy(net), batch1[0].clone(), batch1[1].clone(),
                batch2[0].clone(), batch2[1].clone())
        value, flags = num(score)
        rec["score"] = value
        rec.update(flags)
        if name == "synflow":
            rec["log10"] = math.log10(value) if value and value > 0 else None
        if arrays is not None and len(arrays) <= PER_LAYER_MAX:
            rec["per_layer"], bad = per_layer_sums(arrays)
            if bad:
                rec["per_layer_nonfinite"] = True
        else:
            rec["per_layer"] = None
        rec.update(extra)
        rec["error"] = None
    except Exception as e:  # noqa: BLE001 - recorded, not hidden
        rec["per_layer"] = None
        rec["error"] = f"{type(e).__name__}: {e}"
        traceback.print_exc()
    printed = out.getvalue().strip()
    rec["printed"] = printed or None
    return rec


def model_infos(off, net):
    """xautodl get_model_infos (FLOPs in M per image, params in M of ALL parameters) on a copy;
    it draws torch.rand for its input, so the global RNG state is saved and restored."""
    with torch.random.fork_rng():
        flops, params = off.get_model_infos(copy.deepcopy(net), [1, 3, HW, HW])
    # Parameters of the leaf modules that actually run (differs from xautodl's count for zc,
    # which builds all 30 candidate ops per cell). Computed by this script, not official.
    ran = set()
    probe = copy.deepcopy(net).eval()
    hooks = [m.register_forward_hook(lambda m, i, o: ran.add(id(m)))
             for m in probe.modules() if len(list(m.children())) == 0]
    with torch.no_grad():
        probe(torch.zeros(1, 3, HW, HW))
    for h in hooks:
        h.remove()
    run_params = sum(p.numel() for m in probe.modules() if id(m) in ran
                     for p in m.parameters(recurse=False))
    return {"flops_M": float(flops), "params_M": float(params), "params_of_modules_that_run": run_params}


def network_record(off, classes, network, arch_name, arch, init_seed, input_seed, C, N):
    net = build(off, classes, network, arch, init_seed, C, N)
    batch1 = make_batch(input_seed)
    batch2 = make_batch(input_seed + 1)
    params = [p for p in net.parameters()]
    with torch.no_grad():
        logits = copy.deepcopy(net).train()(batch1[0].clone())
    rec = {
        "network": network, "arch_name": arch_name, "arch": arch, "C": C, "N": N,
        "num_classes": CLASSES, "batch": BATCH, "input_shape": [BATCH, 3, HW, HW],
        "init_seed": init_seed, "input_seed": input_seed,
        "input": batch_record(input_seed, *batch1),
        "zico_second_batch": batch_record(input_seed + 1, *batch2),
        "parameters": {"tensors": len(params), "count": sum(p.numel() for p in params),
                       "sum": math.fsum(math.fsum(p.detach().double().flatten().tolist()) for p in params),
                       "abs_sum": math.fsum(math.fsum(p.detach().double().abs().flatten().tolist()) for p in params)},
        "logits_train_mode": [float(v) for v in logits.flatten().tolist()],
        "layers": layer_names(net),
        "model_infos": model_infos(off, net),
        "proxies": {},
    }
    for name in PROXIES:
        rec["proxies"][name] = proxy_record(off, name, net, batch1, batch2)
    return rec


# ---------------------------------------------------------------- start-up checks

def checks(off, classes):
    """Evidence that the substitutes behave like the official classes."""
    out = {}
    arch = ARCHS[6][1]
    torch.manual_seed(7)
    official = off.nasbench2.get_model_from_arch_str(arch, CLASSES)          # C = 16, N = 5
    torch.manual_seed(7)
    ours = classes["zc"](arch, CLASSES, use_bn=True, C=16, N=5)
    a, b = official.state_dict(), ours.state_dict()
    same = list(a.keys()) == list(b.keys()) and all(torch.equal(a[k], b[k]) for k in a)
    assert same, "NAS201ModelCN(C=16, N=5) differs from the official NAS201Model"
    ca, cb = official.get_prunable_copy(bn=False), ours.get_prunable_copy(bn=False)
    xs = torch.ones(1, 3, HW, HW)
    same_copy = list(ca.state_dict().keys()) == list(cb.state_dict().keys()) and \
        torch.equal(ca(xs), cb(xs))
    assert same_copy, "get_prunable_copy(bn=False) differs from the official one"
    out["zc_subclass_equals_official_at_C16_N5"] = True
    torch.manual_seed(7)
    small = off.nasbench2.get_model_from_arch_str(arch, CLASSES, init_channels=8)
    try:
        small.get_prunable_copy(bn=True)
        out["official_get_prunable_copy_with_C8"] = "ok"
    except Exception as e:  # expected: rebuilt with 16 channels
        out["official_get_prunable_copy_with_C8"] = f"{type(e).__name__}: {str(e)[:300]}"
    torch.manual_seed(7)
    tn = off.get_cell_based_tiny_net({"name": "infer.tiny", "C": 8, "N": 1, "arch_str": arch,
                                      "num_classes": CLASSES})
    x = torch.rand(2, 3, HW, HW)
    tup = tn(x)
    out["nb201_official_forward_returns"] = f"tuple of {len(tup)}: (pooled features, logits)"
    tn.__class__ = classes["nb201"]
    assert torch.equal(tn(x), tup[1])
    # l2_norm through find_measures_arrays (the generic entry point) fails:
    try:
        off.zc_predictive.find_measures_arrays(copy.deepcopy(ours), [make_batch(0)], ("random", 1, CLASSES),
                                               CPU, measure_names=["l2_norm"], loss_fn=F.cross_entropy)
        out["l2_norm_via_find_measures_arrays"] = "ok"
    except Exception as e:
        out["l2_norm_via_find_measures_arrays"] = f"{type(e).__name__}: {e}"
    return out


# ---------------------------------------------------------------- main

def describe_proxies():
    calls = {
        "zcnas": "foresight.pruners.predictive.find_measures_arrays(net, [(x, y)], ('random', 1, 10), "
                 "cpu, measure_names=[NAME], loss_fn=F.cross_entropy) -> per-layer arrays (split_data=1, "
                 "the measure's own @measure copy: net.get_prunable_copy(bn=...)); score = "
                 "foresight.pruners.predictive.find_measures(net, None, None, None, measures_arr=arrays)[NAME]",
        "naslib": "naslib.predictors.utils.pruners.predictive.find_measures(net, [(x, y)], ('random', 1, 10), "
                  "cpu, F.cross_entropy, measure_names=[NAME]) (split_data=1)",
        "tenas": "TE-NAS lib/procedures/ntk.get_ntk_n([(x, y)], [net], recalbn=0, train_mode=True, num_batch=1)[0] "
                 "(as prune_tenas.py calls it) with torch.cuda.current_device() -> 0 and Tensor.cuda as identity",
        "zico": "ZeroShotProxy.compute_zico.getzico(net, [(x, y), (x2, y2)], nn.CrossEntropyLoss()) with "
                "network.cuda()/Tensor.cuda() as identity and getgrad's appended arrays copied (snapshot)",
    }
    notes = {
        "grad_norm": "bn=True copy; sum over Conv2d/Linear of ||dL/dW||_2; score summed in float32 by find_measures",
        "snip": "bn=True copy; weight_mask trick; |dL/dmask| = |W * dL/dW|",
        "grasp": "bn=True copy; T=1, num_iters=1; -W * Hg",
        "fisher": "bn=True copy; mode='channel'; per channel 0.5*mean_n(sum_hw act*grad)^2 on the conv/linear "
                  "output (bias included), broadcast to weight.shape[1:] so a layer sums to sum_c f_c*Cin*kh*kw; "
                  "layers that never ran give zeros",
        "jacob_cov": "bn=True copy; J = d sum(logits)/dx; -sum(log(v+1e-5)+1/(v+1e-5)), v = np.linalg.eig(corrcoef(J)); "
                     "exceptions are printed and give NaN (see 'printed')",
        "plain": "bn=True copy; sum of W * dL/dW (signed)",
        "synflow": "bn=False copy: zc -> NAS201Model.get_prunable_copy(bn=False) rebuilds without stem/cell/top BN but "
                   "the reduction blocks keep their BNs (train mode, batch stats of the single ones input); nb201 -> "
                   "predictive.copynet: deepcopy with EVERY BatchNorm2d.forward replaced by identity. Then abs() of every "
                   "state_dict entry, net.double(), input ones([1,3,32,32]) float64, sum(output).backward(), "
                   "|W * dR/dW| in float64",
        "l2_norm": "copy_net=False (scores the given net directly); ||W||_2 per Conv2d/Linear; not in load_all(), and "
                   "find_measures_arrays cannot call it (passes loss_fn) -> called as "
                   "foresight.pruners.measures.calc_measure('l2_norm', net, cpu, x, y, split_data=1)",
        "nwot": "bn=True copy (NASLib copynet = deepcopy, or the net's own get_prunable_copy for zc); forward hooks on "
                "every module whose type name contains 'ReLU'; K += c c^T + (1-c)(1-c)^T with c = (relu input > 0); "
                "score = np.linalg.slogdet(K)[1] (logabsdet; -inf when K is singular)",
        "epe_nas": "bn=True copy; J = d sum(logits)/dx; per class (labels present in the batch) s_c = sum(log(|corrcoef(J_c)| "
                   "+ 1e-5)) (a class with one sample: corrcoef of one row = 1.0); score = sum_c |s_c| (n_classes <= 100); "
                   "exceptions printed and give NaN",
        "ntk": "train mode (get_ntk_n calls network.train()); per sample i: logit[i:i+1].backward(ones) and the .grad of "
               "every named parameter containing 'weight' that has a .grad (conv, linear, affine BN weights), "
               "concatenated; NTK = G G^T (float32 einsum); torch.symeig (float32); cond = lambda_max / lambda_min, "
               "numpy.nan_to_num(cond, nan=100000.0); lower is better (ZiCo scores -1 * cond)",
        "zico": "train mode, no copy inside getzico (the script passes a deepcopy); 2 batches (input_seed, input_seed+1); "
                "per layer sum(mean|g|/std_pop) over elements with std != 0, ln of it, summed over layers (layers with "
                "sum 0 skipped). per_layer = official caculate_zico on a dict holding that layer alone (0.0 = skipped). "
                "official_cpu_unpatched = the same call without any patch but .cuda() (the official CPU result or its error)",
    }
    desc = {}
    for name, (kind, path, func) in PROXIES.items():
        repo = {"zcnas": "zero-cost-nas", "naslib": "NASLib", "zico": "ZiCo", "tenas": "TENAS"}[kind]
        desc[name] = {"repo": repo, "file": path, "function": func,
                      "call": calls[kind].replace("NAME", repr(name)[1:-1]), "notes": notes[name]}
    desc["zen"] = {"skipped": "NASLib zen.py re-initialises with nn.init.normal_ and draws torch.randn inputs; "
                              "the Java side cannot reproduce torch's normal sampler, so the fixture would need the "
                              "re-initialised weights and inputs themselves (too large). Not in this fixture."}
    return desc


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--zero-cost-nas", required=True, help="SamsungLabs/zero-cost-nas checkout (a43bfbc)")
    p.add_argument("--zico", required=True, help="SLDGroup/ZiCo checkout (b0fec65)")
    p.add_argument("--naslib", required=True, help="automl/NASLib checkout (0b51bc1), naslib/predictors suffices")
    p.add_argument("--tenas", required=True, help="VITA-Group/TENAS checkout (9df78ff), lib/procedures/ntk.py suffices")
    p.add_argument("--out", default="nasbench/src/test/resources/fixtures/proxies.json")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--C", type=int, default=C_DEFAULT)
    p.add_argument("--N", type=int, default=N_DEFAULT)
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    off = import_official(os.path.abspath(args.zero_cost_nas), os.path.abspath(args.zico),
                          os.path.abspath(args.naslib), os.path.abspath(args.tenas))
    classes = {"zc": make_zc_class(off), "nb201": make_nb201_class(off)}
    started = time.time()
    check = checks(off, classes)

    records = []
    for i, (arch_name, arch) in enumerate(ARCHS):
        for network in ["zc", "nb201"]:
            records.append(network_record(off, classes, network, arch_name, arch,
                                          INIT_SEED_BASE + i, INPUT_SEED_BASE + 10 * i, args.C, args.N))
            print(f"  {network:5s} {arch_name:15s} done ({time.time() - started:.1f} s)", file=sys.stderr)

    doc = {
        "generator": "tools/reference/make_proxy_fixtures.py",
        "torch_version": torch.__version__, "numpy_version": np.__version__, "threads": args.threads,
        "official": {
            "zero-cost-nas": {"repo": "https://github.com/SamsungLabs/zero-cost-nas", "commit": "a43bfbc",
                              "git_blob_ids": off.blobs["zero-cost-nas"]},
            "ZiCo": {"repo": "https://github.com/SLDGroup/ZiCo", "commit": "b0fec65",
                     "git_blob_ids": off.blobs["ZiCo"]},
            "NASLib": {"repo": "https://github.com/automl/NASLib", "commit": "0b51bc1",
                       "git_blob_ids": off.blobs["NASLib"]},
            "TENAS": {"repo": "https://github.com/VITA-Group/TENAS", "commit": "9df78ff",
                      "git_blob_ids": off.blobs["TENAS"]},
            "import_stubs": off.stubs,
        },
        "input_rule": "torch.manual_seed(s); x = rand([8,3,32,32], f32) * f32(high-low) + f32(low) (two f32 ops); "
                      "labels = floor(rand([8], f32) * f32(10)) as int64. Batch 1: s = input_seed; ZiCo batch 2: "
                      "s = input_seed + 1. The network is built right after torch.manual_seed(init_seed).",
        "networks": {
            "zc": {"source": "zero-cost-nas foresight/models/nasbench2.py NAS201Model (subclass NAS201ModelCN: C, N "
                             "as arguments; official blocks and order)", "use_bn": True,
                   "cell": "all 30 candidate ops built per cell, keep_mask picks; cell convs have bias; cell BN "
                           "affine=False, track_running_stats=False"},
            "nb201": {"source": "ZiCo vendored xautodl get_cell_based_tiny_net({'name': 'infer.tiny', 'C', 'N', "
                                "'arch_str', 'num_classes'}) -> TinyNetwork; class switched to a subclass whose forward "
                                "returns logits only"},
        },
        "proxies": describe_proxies(),
        "checks": check,
        "records": records,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    # Header indented, one record per line (readable diffs); strict JSON (no NaN/Infinity).
    head = json.dumps({k: v for k, v in doc.items() if k != "records"}, indent=1, allow_nan=False)
    lines = [json.dumps(r, separators=(",", ":"), allow_nan=False) for r in records]
    text = head[:-2] + ',\n "records": [\n' + ",\n".join(lines) + "\n ]\n}"
    json.loads(text)
    with open(args.out, "w") as f:
        f.write(text + "\n")

    names = list(PROXIES)
    print(f"wrote {args.out} ({len(text) / 1024:.0f} KiB, {len(records)} records, {time.time() - started:.0f} s)")
    print(f"{'net':5s} {'arch':15s} " + " ".join(f"{n:>11s}" for n in names))
    for r in records:
        cells = []
        for n in names:
            pr = r["proxies"][n]
            v = pr["score"]
            if pr.get("error"):
                cells.append(f"{'ERR':>11s}")
            elif v is None:
                cells.append(f"{'nan' if pr.get('nan') else pr.get('inf', '?'):>11s}")
            else:
                cells.append(f"{v:11.4g}")
        print(f"{r['network']:5s} {r['arch_name']:15s} " + " ".join(cells))


if __name__ == "__main__":
    main()
