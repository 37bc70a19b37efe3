#!/usr/bin/env python3
"""Is a gap to NASLib's scores an implementation difference or the proxy's own sensitivity to
the batch and the initial weights? For each proxy: Spearman of our scores with NASLib's, of two of
our runs with different seeds with each other, and of each side with CIFAR-10 test accuracy (on
the archs both runs have, then on every arch of the first run).

    tools/results/seed_agreement.py SEED0.jsonl SEED1.jsonl PROXY [PROXY ...]

SEED0/SEED1: `zerocost score` outputs on the same archs with --seed 0 and --seed 1 (other weights
and another batch). Reads ../shared/data/nb201/{naslib_zc_cifar10,nb201_ground_truth}.csv.
Plain Python 3, no third-party modules.
"""
import csv
import json
import os
import sys

SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "data", "nb201")


def ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    r = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2
        i = j + 1
    return r


def spearman(a, b):
    ra, rb = ranks(a), ranks(b)
    n = len(a)
    ma, mb = sum(ra) / n, sum(rb) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    va = sum((x - ma) ** 2 for x in ra)
    vb = sum((y - mb) ** 2 for y in rb)
    return cov / (va * vb) ** 0.5


def records(path):
    out = {}
    for line in open(path):
        r = json.loads(line)
        if "arch" in r:
            out[r["index"]] = r
    return out


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    a, b = records(sys.argv[1]), records(sys.argv[2])
    naslib = {int(r["index"]): r for r in csv.DictReader(open(os.path.join(SHARED, "naslib_zc_cifar10.csv")))}
    truth = {r["arch_str"]: float(r["cifar10_test_acc"])
             for r in csv.DictReader(open(os.path.join(SHARED, "nb201_ground_truth.csv")))}
    print("| proxy | archs | ours (seed 0) vs NASLib | ours seed 0 vs seed 1 | ours (seed 1) vs NASLib"
          " | ours (seed 0) vs accuracy | NASLib vs accuracy |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for p in sys.argv[3:]:
        ks = [k for k in a if k in b and k in naslib
              and a[k]["scores"].get(p) is not None and b[k]["scores"].get(p) is not None]
        if len(ks) < 3:
            print("| %s | %d | - | - | - | - | - |" % (p, len(ks)))
            continue
        s0 = [a[k]["scores"][p] for k in ks]
        s1 = [b[k]["scores"][p] for k in ks]
        nl = [float(naslib[k][p]) for k in ks]
        acc = [truth[a[k]["arch"]] for k in ks]
        print("| %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f |" % (
            p, len(ks), spearman(s0, nl), spearman(s0, s1), spearman(s1, nl), spearman(s0, acc), spearman(nl, acc)))
    print()
    print("| proxy | archs (all of SEED0) | ours vs NASLib | ours vs accuracy | NASLib vs accuracy |")
    print("|---|---:|---:|---:|---:|")
    for p in sys.argv[3:]:
        ks = [k for k in a if k in naslib and a[k]["scores"].get(p) is not None]
        s0 = [a[k]["scores"][p] for k in ks]
        nl = [float(naslib[k][p]) for k in ks]
        acc = [truth[a[k]["arch"]] for k in ks]
        print("| %s | %d | %.3f | %.3f | %.3f |" % (p, len(ks), spearman(s0, nl), spearman(s0, acc), spearman(nl, acc)))


if __name__ == "__main__":
    main()
