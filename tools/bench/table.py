#!/usr/bin/env python3
"""Join zerocost's and PyTorch's timings into the Markdown table of tools/bench/bench.sh.

    python3 tools/bench/table.py ZEROCOST.jsonl TORCH.jsonl --threads T --repeat R --command CMD [--blas LIB]
                                 [--sweep SWEEP.jsonl]

ZEROCOST.jsonl is `zerocost score` output (per arch: "seconds" = the per-proxy median of --repeat
runs); TORCH.jsonl is tools/bench/torch_proxies.py output ("median_s" per arch and proxy). Each
table cell is the median over the archs of the per-arch medians. SWEEP.jsonl, when given, is a
`zerocost score --proxies zico,synflow,nwot,params` run with shared passes: its row compares the
per-arch total (sum of the four proxies' medians) with the per-arch sum of PyTorch's standalone
zico, synflow and nwot medians (PyTorch's parameter count is not timed). Needs no torch.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess


def read_lines(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def java_version():
    try:
        r = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=30)
        return (r.stderr or r.stdout).splitlines()[0].strip()
    except (OSError, subprocess.SubprocessError, IndexError):
        return "unknown"


def fmt(seconds):
    return "-" if seconds is None else f"{seconds:.3f}"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("zerocost")
    p.add_argument("torch")
    p.add_argument("--threads", required=True)
    p.add_argument("--repeat", required=True)
    p.add_argument("--command", required=True)
    p.add_argument("--blas", default="unknown")
    p.add_argument("--sweep", help="zerocost score output of the zico,synflow,nwot,params sweep")
    a = p.parse_args()

    ours = {}  # proxy -> {index: seconds}
    synflow_ours = {}
    header = None
    for rec in read_lines(a.zerocost):
        if "arch" not in rec:
            header = header or rec
            continue
        for proxy, s in rec.get("seconds", {}).items():
            ours.setdefault(proxy, {})[rec["index"]] = s
        if rec.get("scores", {}).get("synflow") is not None:
            synflow_ours[rec["index"]] = rec["scores"]["synflow"]
    theirs, synflow_theirs, torch_version = {}, {}, "unknown"
    for rec in read_lines(a.torch):
        theirs.setdefault(rec["proxy"], {})[rec["index"]] = rec["median_s"]
        torch_version = rec.get("torch", torch_version)
        if rec["proxy"] == "synflow" and rec.get("score") is not None:
            synflow_theirs[rec["index"]] = rec["score"]

    archs = sorted(set().union(*[set(v) for v in ours.values()], *[set(v) for v in theirs.values()]))
    lines = [
        f"Zero-cost proxy time per arch, zerocost vs PyTorch {torch_version} (CPU), {len(archs)} NB-201 archs"
        f" {archs}, batch {(header or {}).get('config', {}).get('batch_size', '?')}, 32x32, random inputs,"
        f" {a.threads} thread(s), {a.repeat} run(s) per arch and proxy.",
        "",
        "| proxy | zerocost median s | PyTorch median s | speed-up (PyTorch/zerocost) |",
        "|---|---:|---:|---:|",
    ]
    for proxy in list(dict.fromkeys(list(theirs) + list(ours))):
        z = statistics.median(ours[proxy].values()) if ours.get(proxy) else None
        t = statistics.median(theirs[proxy].values()) if theirs.get(proxy) else None
        ratio = f"{t / z:.2f}x" if z and t else "-"
        lines.append(f"| {proxy} | {fmt(z)} | {fmt(t)} | {ratio} |")
    if a.sweep:
        totals = [sum(r["seconds"].values()) for r in read_lines(a.sweep) if "arch" in r]
        three = ("zico", "synflow", "nwot")
        torch_totals = [sum(theirs[p][i] for p in three) for i in archs if all(i in theirs.get(p, {}) for p in three)]
        z = statistics.median(totals) if totals else None
        t = statistics.median(torch_totals) if torch_totals else None
        ratio = f"{t / z:.2f}x" if z and t else "-"
        lines.append(f"| sweep: zico+synflow+nwot+params (zerocost: one run, passes shared; PyTorch: the three"
                     f" standalone) | {fmt(z)} | {fmt(t)} | {ratio} |")
    lines += ["", "Each cell: median over the archs of the per-arch median of the runs (network construction"
                  " excluded; the copy each proxy works on included, on both sides)."]
    common = sorted(set(synflow_ours) & set(synflow_theirs))
    if common:
        worst = max(abs(synflow_ours[i] - synflow_theirs[i]) / abs(synflow_theirs[i]) for i in common)
        lines.append(f"Same-network check: synflow (data-independent) differs by at most {worst:.1e} relative"
                     f" between the two sides on archs {common}.")
    lines += ["",
              f"- machine: {os.cpu_count()} CPUs (nproc), {cpu_model()}",
              f"- date: {datetime.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}",
              f"- threads: {a.threads} (zerocost --threads, torch.set_num_threads); repeat: {a.repeat}",
              f"- PyTorch {torch_version}, BLAS {a.blas}; {java_version()}",
              f"- command: `{a.command}`"]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
