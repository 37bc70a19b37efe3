#!/usr/bin/python3
"""Where one PyTorch proxy pass goes, per op and input shape: the peer side of zerocost's OpTimeProbe.

    OMP_NUM_THREADS=2 /usr/bin/python3 tools/bench/torch_ops.py [--threads 2] [--proxy grad_norm]
        [--passes 3] INDEX=ARCH_STRING

Builds torch_proxies.py's TinyNetwork (C = 16, N = 5, train mode, torch.manual_seed(0)), warms the
proxy up three times, then runs it --passes times under torch.profiler and prints per (op, input
shapes) the self CPU milliseconds per pass and the calls per pass, largest first, with the median
wall time of five untimed runs. PyTorch's convolution_backward computes the input and the weight
gradient in one call, so compare its rows with zerocost's conv2dInputGrad + conv2dWeightGrad.
"""
import argparse
import statistics
import sys
import os

import torch
from torch.profiler import ProfilerActivity, profile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_proxies as tp  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("arch", metavar="INDEX=ARCH")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--proxy", default="grad_norm")
    p.add_argument("--passes", type=int, default=3)
    p.add_argument("--rows", type=int, default=30)
    a = p.parse_args()
    if a.proxy not in tp.PROXIES:
        sys.exit(f"torch_ops.py: unknown proxy {a.proxy} (known: {tp.ALL})")
    torch.set_num_threads(a.threads)
    index, arch = a.arch.split("=", 1)
    torch.manual_seed(0)
    batches = [(torch.randn(64, 3, 32, 32), torch.randint(0, 10, (64,))) for _ in range(2)]
    torch.manual_seed(0)
    net = tp.TinyNetwork(arch).train()
    for _ in range(3):
        tp.run_once(a.proxy, net, batches)
    wall = statistics.median(tp.run_once(a.proxy, net, batches)[1] for _ in range(5))
    with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
        for _ in range(a.passes):
            tp.run_once(a.proxy, net, batches)
    rows = []
    for e in prof.key_averages(group_by_input_shape=True):
        if e.self_cpu_time_total > 0:
            shapes = [s for s in e.input_shapes if s][:3]
            rows.append((e.self_cpu_time_total / 1e3 / a.passes, e.count / a.passes, e.key, shapes))
    rows.sort(reverse=True)
    total = sum(r[0] for r in rows)
    print(f"arch {index} {a.proxy} (torch {torch.__version__}, {torch.get_num_threads()} threads): "
          f"wall {wall * 1e3:.1f} ms per pass (median of 5), profiled self time {total:.1f} ms per pass")
    for ms, calls, key, shapes in rows[:a.rows]:
        print(f"{ms:8.2f} ms {calls:6.1f} calls  {key} {shapes}")


if __name__ == "__main__":
    main()
