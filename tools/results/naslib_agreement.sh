#!/usr/bin/env bash
# Agreement of our per-arch scores with NASLib's published ones (issue: every proxy, 300 archs).
#
#   tools/results/naslib_agreement.sh [N_ARCHS] [PROXIES] [BATCH] [OUT_DIR]
#
# Samples N_ARCHS (default 300) archs from ../shared/data/nb201/naslib_zc_cifar10.csv with a fixed
# seed, scores them with `zerocost score` (network nb201, the shared CIFAR-10 batch), then, for
# each proxy both sides have, runs `zerocost eval` with NASLib's column as the "truth": the
# Spearman it prints is the agreement between our scores and NASLib's. Resumable: rerun to go on.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
n="${1:-300}"
proxies="${2:-synflow,params,flops,l2_norm,nwot,grad_norm,snip,jacob_cov}"
batch="${3:-64}"
out="${4:-$root/results/naslib$n}"
csv="$root/../shared/data/nb201/naslib_zc_cifar10.csv"
[ -f "$csv" ] || { echo "no $csv: this script needs the shared NB-201 tables" >&2; exit 2; }
mkdir -p "$out"
# fixed sample: GNU shuf with a deterministic random source
tail -n +2 "$csv" | cut -d, -f1 | shuf -n "$n" --random-source=<(yes 42) | sort -n > "$out/archs.txt"
"$root/zerocost" score --archs @"$out/archs.txt" --proxies "$proxies" --network nb201 --dataset cifar10 \
    --batch-size "$batch" --seed 0 --truth none --out "$out/scores.jsonl" --resume \
    || [ $? -eq 1 ]   # 1 = some arch recorded an error (e.g. nwot -inf): still evaluate the rest
declare -A column=([jacob_cov]=jacov)
{
  echo "| proxy | archs | Spearman with NASLib's scores | Kendall tau-b |"
  echo "|---|---:|---:|---:|"
  for p in ${proxies//,/ }; do
    c="${column[$p]:-$p}"
    row=$("$root/zerocost" eval --results "$out/scores.jsonl" --truth "$csv" --acc-column "$c" --bootstrap 200 \
          | grep "^| $p |" || true)
    # table columns: proxy | n | Kendall [CI] | Spearman [CI] | ...
    echo "$row" | awk -F'|' -v p="$p" 'NF>4 {gsub(/^ +| +$/,"",$3); gsub(/^ +| +$/,"",$4); gsub(/^ +| +$/,"",$5);
        print "| " p " | " $3 " | " $5 " | " $4 " |"}'
  done
} | tee "$out/agreement.md"
