#!/usr/bin/python3
"""Time zero-cost proxies in PyTorch on NB-201 networks: the peer side of tools/bench/bench.sh.

    /usr/bin/python3 tools/bench/torch_proxies.py --threads T --repeat R \
        [--proxies grad_norm,snip,...] [--batch-size 64] [--out FILE.jsonl] INDEX=ARCH_STRING ...

Network: our own minimal copy of xautodl's TinyNetwork ("infer.tiny", what NB-201 trained and
zerocost's `--network nb201` builds): stem conv3x3(3->C, no bias) + BN, 3 stages of N InferCells at
C, 2C, 4C with ResNet basic blocks between them, lastact BN + ReLU, global average pool, linear to
10 classes; every BN affine with running statistics; train mode. Modules are constructed in
xautodl's order, so torch.manual_seed(0) gives the weights `zerocost score --seed 0` builds
(synflow, which ignores the data, then gives the same score on both sides).

Proxies: compact, self-contained copies of the official computations, one full computation per
timing: zero-cost-nas (a43bfbc) grad_norm, snip, grasp, fisher, jacob_cov, synflow (each on the
copy `get_prunable_copy` makes: copy.deepcopy, and for synflow every BN replaced by the identity),
NASLib (0b51bc1) nwot and zen, ZiCo (b0fec65) zico on 2 batches (with the gradient copied, as on
CUDA; see tools/reference/README.md). Timed: the copy of the constructed network plus the proxy
(network construction excluded), like `seconds` in zerocost's results.

Inputs: torch.manual_seed(0); x = randn(B, 3, 32, 32), labels = randint(10, (B,)), then a second
batch for zico. Output: one JSON line per (arch, proxy):
{"index", "arch", "proxy", "median_s", "seconds_all", "score", "threads", "torch"}.
"""
import argparse
import copy
import json
import math
import statistics
import sys
import time
import types
import warnings

import numpy as np
import torch
import torch.autograd as autograd
import torch.nn as nn
import torch.nn.functional as F

ALL = ["grad_norm", "snip", "grasp", "fisher", "jacob_cov", "synflow", "nwot", "zen", "zico"]


# ---------------------------------------------------------------- the NB-201 network (xautodl)

class ReLUConvBN(nn.Module):  # the type name contains "ReLU": NASLib's nwot hooks it, as in xautodl
    def __init__(self, cin, cout, k, stride, pad):
        super().__init__()
        self.op = nn.Sequential(nn.ReLU(inplace=False), nn.Conv2d(cin, cout, k, stride, pad, bias=False),
                                nn.BatchNorm2d(cout, affine=True, track_running_stats=True))

    def forward(self, x):
        return self.op(x)


class Zero(nn.Module):
    def forward(self, x):
        return x.mul(0.)


class Pooling(nn.Module):
    def __init__(self):
        super().__init__()
        self.op = nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)

    def forward(self, x):
        return self.op(x)


def make_op(name, c):
    return {"none": lambda: Zero(), "skip_connect": lambda: nn.Identity(),
            "nor_conv_1x1": lambda: ReLUConvBN(c, c, 1, 1, 0), "nor_conv_3x3": lambda: ReLUConvBN(c, c, 3, 1, 1),
            "avg_pool_3x3": lambda: Pooling()}[name]()


def parse_arch(arch):
    """'|a~0|+|b~0|c~1|+|...|' -> [[(op, source), ...] for node 1, 2, 3]."""
    nodes = []
    for part in arch.split("+"):
        edges = [e.split("~") for e in part.strip("|").split("|")]
        nodes.append([(op, int(src)) for op, src in edges])
    return nodes


class InferCell(nn.Module):
    def __init__(self, arch, c):
        super().__init__()
        self.nodes = parse_arch(arch)
        self.layers = nn.ModuleList(make_op(op, c) for node in self.nodes for op, _ in node)

    def forward(self, x):
        states, k = [x], 0
        for node in self.nodes:
            total = None
            for _, src in node:
                y = self.layers[k](states[src])
                total = y if total is None else total + y
                k += 1
            states.append(total)
        return states[-1]


class ResNetBasicblock(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv_a = ReLUConvBN(cin, cout, 3, 2, 1)
        self.conv_b = ReLUConvBN(cout, cout, 3, 1, 1)
        self.downsample = nn.Sequential(nn.AvgPool2d(2, 2, padding=0), nn.Conv2d(cin, cout, 1, 1, 0, bias=False))

    def forward(self, x):
        return self.downsample(x) + self.conv_b(self.conv_a(x))


class TinyNetwork(nn.Module):
    def __init__(self, arch, c=16, n=5, classes=10):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, c, 3, padding=1, bias=False), nn.BatchNorm2d(c))
        cells = []
        for stage, width in enumerate((c, 2 * c, 4 * c)):
            if stage > 0:
                cells.append(ResNetBasicblock(width // 2, width))
            cells.extend(InferCell(arch, width) for _ in range(n))
        self.cells = nn.ModuleList(cells)
        self.lastact = nn.Sequential(nn.BatchNorm2d(4 * c), nn.ReLU(inplace=True))
        self.global_pooling = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(4 * c, classes)

    def forward_before_global_avg_pool(self, x):  # NASLib's zen calls this
        x = self.stem(x)
        for cell in self.cells:
            x = cell(x)
        return self.lastact(x)

    def forward(self, x):
        return self.classifier(self.global_pooling(self.forward_before_global_avg_pool(x)).flatten(1))


# ---------------------------------------------------------------- proxies (official computations)

def layers(net):
    return [m for m in net.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]


def sum_arr(arr):  # zero-cost-nas find_measures: float32 torch.sum per layer
    total = 0.
    for a in arr:
        total += torch.sum(a)
    return total.item()


def grad_norm(net, b):
    x, y = b[0]
    net.zero_grad()
    F.cross_entropy(net(x), y).backward()
    return sum_arr([l.weight.grad.norm() if l.weight.grad is not None else torch.zeros_like(l.weight)
                    for l in layers(net)])


def snip(net, b):
    x, y = b[0]
    for l in layers(net):
        l.weight_mask = nn.Parameter(torch.ones_like(l.weight))
        l.weight.requires_grad = False
        if isinstance(l, nn.Conv2d):
            l.forward = types.MethodType(lambda s, i: F.conv2d(i, s.weight * s.weight_mask, s.bias, s.stride,
                                                               s.padding, s.dilation, s.groups), l)
        else:
            l.forward = types.MethodType(lambda s, i: F.linear(i, s.weight * s.weight_mask, s.bias), l)
    net.zero_grad()
    F.cross_entropy(net(x), y).backward()
    return sum_arr([torch.abs(l.weight_mask.grad) if l.weight_mask.grad is not None else torch.zeros_like(l.weight)
                    for l in layers(net)])


def grasp(net, b):
    x, y = b[0]
    weights = [l.weight for l in layers(net)]
    for w in weights:
        w.requires_grad_(True)
    net.zero_grad()
    grad_w = list(autograd.grad(F.cross_entropy(net(x), y), weights, allow_unused=True))
    grad_f = autograd.grad(F.cross_entropy(net(x), y), weights, create_graph=True, allow_unused=True)
    z = 0
    for gw, gf in zip(grad_w, grad_f):
        if gw is not None:
            z += (gw.data * gf).sum()
    z.backward()
    return sum_arr([-l.weight.data * l.weight.grad if l.weight.grad is not None else torch.zeros_like(l.weight)
                    for l in layers(net)])


def fisher(net, b):
    x, y = b[0]
    net.train()

    def fwd_conv(s, i):
        s.act = s.dummy(F.conv2d(i, s.weight, s.bias, s.stride, s.padding, s.dilation, s.groups))
        return s.act

    def fwd_linear(s, i):
        s.act = s.dummy(F.linear(i, s.weight, s.bias))
        return s.act

    def hook_factory(layer):
        def hook(module, grad_input, grad_output):
            act, grad = layer.act.detach(), grad_output[0].detach()
            g_nk = torch.sum(act * grad, list(range(2, len(act.shape)))) if len(act.shape) > 2 else act * grad
            del_k = g_nk.pow(2).mean(0).mul(0.5)
            layer.fisher = del_k if layer.fisher is None else layer.fisher + del_k
            del layer.act
        return hook

    for l in layers(net):
        l.fisher, l.act, l.dummy = None, 0., nn.Identity()
        l.forward = types.MethodType(fwd_conv if isinstance(l, nn.Conv2d) else fwd_linear, l)
        l.dummy.register_backward_hook(hook_factory(l))
    net.zero_grad()
    F.cross_entropy(net(x), y).backward()
    chans = [torch.abs(l.fisher.detach()) if l.fisher is not None else torch.zeros(l.weight.shape[0])
             for l in layers(net)]
    shapes = [l.weight.shape[1:] for l in layers(net)]
    # p_utils.reshape_elements: broadcast each channel value over the channel's weights
    return sum_arr([torch.stack([torch.Tensor(sh).fill_(v) for v in e], dim=0) for e, sh in zip(chans, shapes)])


def jacob_cov(net, b):
    x, _ = b[0]
    x = x.clone()
    net.zero_grad()
    x.requires_grad_(True)
    out = net(x)
    out.backward(torch.ones_like(out))
    jacob = x.grad.detach().reshape(x.shape[0], -1).numpy()
    v, _ = np.linalg.eig(np.corrcoef(jacob))
    k = 1e-5
    return float(np.real(-np.sum(np.log(v + k) + 1. / (v + k))))


def synflow(net, b):
    x, _ = b[0]
    with torch.no_grad():
        signs = {}
        for name, p in net.state_dict().items():
            signs[name] = torch.sign(p)
            p.abs_()
    net.zero_grad()
    net.double()
    torch.sum(net(torch.ones([1] + list(x[0].shape)).double())).backward()
    score = sum_arr([torch.abs(l.weight * l.weight.grad) if l.weight.grad is not None else torch.zeros_like(l.weight)
                     for l in layers(net)])
    with torch.no_grad():
        for name, p in net.state_dict().items():
            p.mul_(signs[name])
    return score


def nwot(net, b):
    x, y = b[0]
    net.K = np.zeros((len(y), len(y)))

    def hook(module, inp, out):
        i = inp[0].view(inp[0].size(0), -1)
        c = (i > 0).float()
        net.K = net.K + (c @ c.t()).cpu().numpy() + ((1. - c) @ (1. - c.t())).cpu().numpy()

    for m in net.modules():
        if "ReLU" in str(type(m)):
            m.register_forward_hook(hook)
    net(torch.clone(x))
    return float(np.linalg.slogdet(net.K)[1])


def zen(net, b, mixup_gamma=1e-2):
    x, _ = b[0]
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                nn.init.normal_(m.weight)
                if m.bias is not None:
                    nn.init.zeros_(m.bias)
            elif isinstance(m, nn.BatchNorm2d) and m.weight is not None:
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)
        i1 = torch.randn(size=list(x.shape))
        i2 = torch.randn(size=list(x.shape))
        out = net.forward_before_global_avg_pool(i1)
        mix = net.forward_before_global_avg_pool(i1 + mixup_gamma * i2)
        s = torch.mean(torch.sum(torch.abs(out - mix), dim=[1, 2, 3]))
        log_bn = 0.0
        for m in net.modules():
            if isinstance(m, nn.BatchNorm2d):
                log_bn += torch.log(torch.sqrt(torch.mean(m.running_var)))
        return float(torch.log(s) + log_bn)


def zico(net, b):
    grads = {}
    net.train()
    loss_fn = nn.CrossEntropyLoss()
    for x, y in b[:2]:
        net.zero_grad()
        loss_fn(net(x), y).backward()
        for name, m in net.named_modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):  # copied: on CPU .numpy() would alias .grad
                grads.setdefault(name, []).append(m.weight.grad.data.cpu().reshape(-1).numpy().copy())
    total = 0
    for g in grads.values():
        g = np.array(g)
        std = np.std(g, axis=0)
        nz = np.nonzero(std)[0]
        tmp = np.sum(np.mean(np.abs(g), axis=0)[nz] / std[nz])
        if tmp != 0:
            total += np.log(tmp)
    return float(total)


PROXIES = {"grad_norm": grad_norm, "snip": snip, "grasp": grasp, "fisher": fisher, "jacob_cov": jacob_cov,
           "synflow": synflow, "nwot": nwot, "zen": zen, "zico": zico}


def no_op(self, x):
    return x


def prunable_copy(net, bn):  # zero-cost-nas predictive.copynet
    c = copy.deepcopy(net)
    if not bn:
        for m in c.modules():
            if isinstance(m, (nn.BatchNorm2d, nn.BatchNorm1d)):
                m.forward = types.MethodType(no_op, m)
    return c


def run_once(name, net, batches):
    start = time.perf_counter()
    c = prunable_copy(net, bn=name != "synflow")
    c.train()
    score = PROXIES[name](c, [(x.clone(), y.clone()) for x, y in batches])
    return score, time.perf_counter() - start


def main():
    p = argparse.ArgumentParser(description="Time zero-cost proxies in PyTorch on NB-201 networks.")
    p.add_argument("archs", nargs="+", metavar="INDEX=ARCH", help="e.g. 1462='|nor_conv_3x3~0|+|...|'")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--proxies", default=",".join(ALL))
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", default="-")
    a = p.parse_args()
    names = [n.strip() for n in a.proxies.split(",") if n.strip()]
    unknown = [n for n in names if n not in PROXIES]
    if unknown or a.repeat < 1 or a.threads < 1:
        sys.exit(f"torch_proxies.py: unknown proxies {unknown} (known: {ALL})" if unknown
                 else "torch_proxies.py: --repeat and --threads must be at least 1")
    warnings.filterwarnings("ignore")  # fisher's register_backward_hook is deprecated (official code)
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    batches = [(torch.randn(a.batch_size, 3, 32, 32), torch.randint(0, 10, (a.batch_size,))) for _ in range(2)]
    out = sys.stdout if a.out == "-" else open(a.out, "w")
    for spec in a.archs:
        index, arch = spec.split("=", 1)
        torch.manual_seed(a.seed)
        net = TinyNetwork(arch).train()
        for name in names:
            runs = [run_once(name, net, batches) for _ in range(a.repeat)]
            times = [t for _, t in runs]
            score = runs[0][0]
            rec = {"index": int(index), "arch": arch, "proxy": name, "median_s": statistics.median(times),
                   "seconds_all": times, "score": score if math.isfinite(score) else None,
                   "threads": torch.get_num_threads(), "torch": torch.__version__}
            out.write(json.dumps(rec) + "\n")
            out.flush()
            print(f"torch: arch {index} {name:10s} median {rec['median_s']:.3f} s  score {score:.6g}", file=sys.stderr)
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
