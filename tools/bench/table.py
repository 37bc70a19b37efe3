#!/usr/bin/env python3
"""Join zerocost's and PyTorch's timings into the Markdown table of tools/bench/bench.sh.

    python3 tools/bench/table.py ZEROCOST.jsonl[,...] TORCH.jsonl[,...] --threads T --repeat R --command CMD
                                 [--blas LIB] [--sweep SWEEP.jsonl[,...]]

One file per round on each side, in round order (bench.sh alternates the sides round by round).
ZEROCOST.jsonl is `zerocost score` output (per arch: "seconds_all" = the --repeat runs of each
proxy); TORCH.jsonl is tools/bench/torch_proxies.py output ("seconds_all" per arch and proxy).
Per arch and proxy, the runs of all rounds are pooled and their median taken; each table cell is
the median over the archs of those per-arch medians. The last column gives the same ratio for each
round alone, to show how far the rounds agree. SWEEP.jsonl, when given, is a `zerocost score
--proxies zico,synflow,nwot,params` run with shared passes: its row compares the per-arch total
(sum of the four proxies' medians) with the per-arch sum of PyTorch's standalone zico, synflow and
nwot medians (PyTorch's parameter count is not timed). Needs no torch.
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


def runs(rec, proxy, median_key):
    """The timed runs of one proxy in one record (older files have only the median)."""
    all_runs = rec.get("seconds_all")
    if isinstance(all_runs, dict):
        all_runs = all_runs.get(proxy)
    if all_runs:
        return list(all_runs)
    median = rec.get(median_key)
    if isinstance(median, dict):
        median = median.get(proxy)
    return [median] if median is not None else []


def read_ours(path):
    """proxy -> {index: [runs]} of one zerocost file, and its header and synflow scores."""
    times, synflow, header = {}, {}, None
    for rec in read_lines(path):
        if "arch" not in rec:
            header = header or rec
            continue
        for proxy in rec.get("seconds", {}):
            times.setdefault(proxy, {}).setdefault(rec["index"], []).extend(runs(rec, proxy, "seconds"))
        if rec.get("scores", {}).get("synflow") is not None:
            synflow[rec["index"]] = rec["scores"]["synflow"]
    return times, synflow, header


def read_theirs(path):
    times, synflow, version = {}, {}, "unknown"
    for rec in read_lines(path):
        times.setdefault(rec["proxy"], {}).setdefault(rec["index"], []).extend(runs(rec, rec["proxy"], "median_s"))
        version = rec.get("torch", version)
        if rec["proxy"] == "synflow" and rec.get("score") is not None:
            synflow[rec["index"]] = rec["score"]
    return times, synflow, version


def pooled(rounds):
    """proxy -> {index: runs of every round}."""
    out = {}
    for times in rounds:
        for proxy, per_arch in times.items():
            for index, rs in per_arch.items():
                out.setdefault(proxy, {}).setdefault(index, []).extend(rs)
    return out


def cell(times, proxy):
    """Median over the archs of the per-arch median runs, or None."""
    per_arch = times.get(proxy)
    return statistics.median(statistics.median(rs) for rs in per_arch.values()) if per_arch else None


def sweep_runs(path):
    """index -> proxy -> runs of one sweep file."""
    per_arch = {}
    for rec in read_lines(path):
        if "arch" in rec:
            for proxy in rec.get("seconds", {}):
                per_arch.setdefault(rec["index"], {}).setdefault(proxy, []).extend(runs(rec, proxy, "seconds"))
    return per_arch


def ratio(t, z):
    return f"{t / z:.2f}x" if z and t else "-"


def per_arch_table(ours, theirs, archs):
    """Speed-up per proxy and arch (per-arch medians of all rounds' runs): where the median hides a split."""
    lines = ["", "Speed-up (PyTorch/zerocost) per arch:", "",
             "| proxy | " + " | ".join(str(i) for i in archs) + " |",
             "|---|" + "---:|" * len(archs)]
    for proxy in [q for q in theirs if q in ours]:
        cells = []
        for i in archs:
            z, t = ours[proxy].get(i), theirs[proxy].get(i)
            cells.append(ratio(statistics.median(t), statistics.median(z)) if z and t else "-")
        lines.append(f"| {proxy} | " + " | ".join(cells) + " |")
    return lines + [""]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("zerocost", help="comma-separated zerocost score outputs, one per round")
    p.add_argument("torch", help="comma-separated torch_proxies.py outputs, one per round")
    p.add_argument("--threads", required=True)
    p.add_argument("--repeat", required=True)
    p.add_argument("--command", required=True)
    p.add_argument("--blas", default="unknown")
    p.add_argument("--sweep", help="comma-separated zerocost outputs of the zico,synflow,nwot,params sweep, one per round")
    a = p.parse_args()

    our_rounds, their_rounds, synflow_ours, synflow_theirs = [], [], {}, {}
    header, torch_version = None, "unknown"
    for path in a.zerocost.split(","):
        times, synflow, h = read_ours(path)
        our_rounds.append(times)
        synflow_ours.update(synflow)
        header = header or h
    for path in a.torch.split(","):
        times, synflow, torch_version = read_theirs(path)
        their_rounds.append(times)
        synflow_theirs.update(synflow)
    ours, theirs = pooled(our_rounds), pooled(their_rounds)
    n_rounds = min(len(our_rounds), len(their_rounds))

    archs = sorted(set().union(*[set(v) for v in ours.values()], *[set(v) for v in theirs.values()]))
    lines = [
        f"Zero-cost proxy time per arch, zerocost vs PyTorch {torch_version} (CPU), {len(archs)} NB-201 archs"
        f" {archs}, batch {(header or {}).get('config', {}).get('batch_size', '?')}, 32x32, random inputs,"
        f" {a.threads} thread(s), {a.repeat} run(s) per arch and proxy in each of {n_rounds} round(s)"
        f" (the sides alternate round by round).",
        "",
        "| proxy | zerocost median s | PyTorch median s | speed-up (PyTorch/zerocost) | speed-up per round |",
        "|---|---:|---:|---:|---:|",
    ]
    for proxy in list(dict.fromkeys(list(theirs) + list(ours))):
        z, t = cell(ours, proxy), cell(theirs, proxy)
        per_round = ", ".join(ratio(cell(tr, proxy), cell(zr, proxy)) for zr, tr in zip(our_rounds, their_rounds))
        lines.append(f"| {proxy} | {fmt(z)} | {fmt(t)} | {ratio(t, z)} | {per_round} |")
    if a.sweep:
        three = ("zico", "synflow", "nwot")
        sweep_rounds = [sweep_runs(path) for path in a.sweep.split(",")]

        def sweep_cells(rounds_ours, torch_times):
            """(zerocost, PyTorch): the median over the archs of the per-arch total of the medians."""
            merged = {}
            for per_arch in rounds_ours:
                for index, per_proxy in per_arch.items():
                    for proxy, rs in per_proxy.items():
                        merged.setdefault(index, {}).setdefault(proxy, []).extend(rs)
            totals = [sum(statistics.median(rs) for rs in per_proxy.values()) for per_proxy in merged.values()]
            torch_totals = [sum(statistics.median(torch_times[q][i]) for q in three) for i in archs
                            if all(i in torch_times.get(q, {}) for q in three)]
            return (statistics.median(totals) if totals else None,
                    statistics.median(torch_totals) if torch_totals else None)

        z, t = sweep_cells(sweep_rounds, theirs)
        per_round = ", ".join(ratio(t_r, z_r) for z_r, t_r in (sweep_cells([sr], tr) for sr, tr in zip(sweep_rounds, their_rounds)))
        lines.append(f"| sweep: zico+synflow+nwot+params (zerocost: one run, passes shared; PyTorch: the three"
                     f" standalone) | {fmt(z)} | {fmt(t)} | {ratio(t, z)} | {per_round} |")
    lines += ["", "Each cell: median over the archs of the per-arch median of all rounds' runs (network"
                  " construction excluded; the copy each proxy works on included, on both sides)."]
    lines += per_arch_table(ours, theirs, archs)
    common = sorted(set(synflow_ours) & set(synflow_theirs))
    if common:
        worst = max(abs(synflow_ours[i] - synflow_theirs[i]) / abs(synflow_theirs[i]) for i in common)
        lines.append(f"Same-network check: synflow (data-independent) differs by at most {worst:.1e} relative"
                     f" between the two sides on archs {common}.")
    lines += ["",
              f"- machine: {os.cpu_count()} CPUs (nproc), {cpu_model()}",
              f"- date: {datetime.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}",
              f"- threads: {a.threads} (zerocost --threads, torch.set_num_threads); repeat: {a.repeat};"
              f" rounds: {n_rounds}",
              f"- PyTorch {torch_version}, BLAS {a.blas}; {java_version()}",
              f"- command: `{a.command}`"]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
