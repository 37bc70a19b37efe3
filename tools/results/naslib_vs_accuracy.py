#!/usr/bin/env python3
"""How well do NASLib's own per-arch scores predict CIFAR-10 test accuracy, beside ours? For each
proxy: Spearman with accuracy of NASLib's column over all its archs, and of NASLib's column and of
our scores over the archs of a `zerocost score` output that NASLib also has.

    tools/results/naslib_vs_accuracy.py RESULTS.jsonl PROXY [PROXY ...]

Reads ../shared/data/nb201/{naslib_zc_cifar10,nb201_ground_truth}.csv. Plain Python 3.
"""
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from seed_agreement import SHARED, records, spearman  # noqa: E402

COLUMN = {"jacob_cov": "jacov"}


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    ours = records(sys.argv[1])
    naslib = {int(r["index"]): r for r in csv.DictReader(open(os.path.join(SHARED, "naslib_zc_cifar10.csv")))}
    truth = {r["arch_str"]: float(r["cifar10_test_acc"])
             for r in csv.DictReader(open(os.path.join(SHARED, "nb201_ground_truth.csv")))}
    print("| proxy | NASLib vs accuracy, all %d NASLib archs | archs in both | NASLib vs accuracy there"
          " | ours vs accuracy there |" % len(naslib))
    print("|---|---:|---:|---:|---:|")
    for p in sys.argv[2:]:
        col = COLUMN.get(p, p)
        everything = list(naslib.values())
        all_rho = spearman([float(r[col]) for r in everything], [truth[r["arch_str"]] for r in everything])
        ks = [k for k in ours if k in naslib and ours[k]["scores"].get(p) is not None]
        theirs = spearman([float(naslib[k][col]) for k in ks], [truth[ours[k]["arch"]] for k in ks])
        mine = spearman([ours[k]["scores"][p] for k in ks], [truth[ours[k]["arch"]] for k in ks])
        print("| %s | %.3f | %d | %.3f | %.3f |" % (p, all_rho, len(ks), theirs, mine))


if __name__ == "__main__":
    main()
