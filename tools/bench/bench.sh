#!/usr/bin/env bash
# Side-by-side proxy timings: zerocost vs PyTorch 1.13 (Debian python3-torch), same session, same
# archs, same thread count. Writes results/bench/TABLE.md and prints it (paste it into
# docs/PERFORMANCE.md yourself). See tools/bench/README.md.
#
#   tools/bench/bench.sh [THREADS] [REPEAT]          defaults 2 and 3
#
# Environment overrides (for quick checks): ROUNDS (default 2: the sides alternate, zerocost then
# PyTorch, ROUNDS times; each cell pools all rounds' runs), ARCHS (comma-separated indices), PROXIES, BATCH_SIZE,
# OUT_DIR (default results/bench), TORCH_PYTHON (default /usr/bin/python3).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

threads="${1:-2}"
repeat="${2:-3}"
# Five fixed NB-201 archs spread over the space: 1462 = all nor_conv_3x3 (the heaviest cell),
# 0 = avg_pool / nor_conv_1x1 / skip, 5000 = mixed with a none edge, 10000 = three 3x3 convs plus
# 1x1 and skip, 15624 = nor_conv_1x1 with none edges (`./zerocost arch I` shows each).
archs="${ARCHS:-1462,0,5000,10000,15624}"
proxies="${PROXIES:-grad_norm,snip,grasp,fisher,jacob_cov,synflow,nwot,zen,zico}"
batch="${BATCH_SIZE:-64}"
rounds="${ROUNDS:-2}"
out_dir="${OUT_DIR:-results/bench}"
py="${TORCH_PYTHON:-/usr/bin/python3}"  # Debian python3-torch lives here; the pyenv python3 on PATH has none

for n in "$threads" "$repeat" "$batch" "$rounds"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "bench.sh: THREADS, REPEAT, BATCH_SIZE and ROUNDS must be positive integers, got '$n'" >&2; exit 2; }
done
if ! "$py" -c 'import torch, numpy' 2>/dev/null; then
  echo "bench.sh: $py cannot import torch (and numpy); install Debian's PyTorch 1.13: apt-get install -y python3-torch" >&2
  exit 2
fi
blas="$(readlink -f /etc/alternatives/libblas.so.3-x86_64-linux-gnu 2>/dev/null || echo unknown)"
case "$blas" in
  */blas/libblas.so*) echo "bench.sh: WARNING: PyTorch's BLAS is the reference netlib BLAS ($blas); its matmuls" \
                           "(nwot's kernel, linear layers) are slow. apt-get install -y libopenblas0-pthread for a fair peer." >&2 ;;
esac

mkdir -p "$out_dir"
rm -f "$out_dir"/zerocost*.jsonl "$out_dir"/torch*.jsonl
command="ROUNDS=$rounds ARCHS=$archs PROXIES=$proxies BATCH_SIZE=$batch tools/bench/bench.sh $threads $repeat"

echo "bench.sh: building zerocost if needed" >&2
./zerocost --help >/dev/null
sweep_wanted=0
if [[ ",$proxies," == *,zico,* && ",$proxies," == *,synflow,* && ",$proxies," == *,nwot,* ]]; then
  sweep_wanted=1
fi

# Rounds alternate the two sides (zerocost, PyTorch, zerocost, PyTorch, ...), so a change in the
# machine's speed during the run (a shared host: one vCPU measured 35% slower for minutes at a time)
# lands on both sides instead of on whichever ran during it.
ours_files=() theirs_files=() sweep_files=()
for ((r = 1; r <= rounds; r++)); do
  ours="$out_dir/zerocost.r$r.jsonl"
  theirs="$out_dir/torch.r$r.jsonl"
  echo "bench.sh: round $r/$rounds: zerocost on archs $archs, $threads thread(s), repeat $repeat" >&2
  ./zerocost score --archs "$archs" --proxies "$proxies" --network nb201 --dataset synthetic --batch-size "$batch" \
    --batches 2 --seed 0 --backend cpu --threads "$threads" --repeat "$repeat" --no-share-passes --truth none --out "$ours" \
    > "$out_dir/zerocost.r$r.log" 2>&1 || {
      rc=$?
      # exit 1: some arch recorded a proxy error (shown as missing in the table); anything else is a failure
      if [ $rc -ne 1 ]; then tail -20 "$out_dir/zerocost.r$r.log" >&2; echo "bench.sh: zerocost score failed (log: $out_dir/zerocost.r$r.log)" >&2; exit 1; fi
    }
  grep -E '^zerocost: scored| s/arch|errors in [0-9]+ archs' "$out_dir/zerocost.r$r.log" >&2 || true
  ours_files+=("$ours")

  # the README's main job: zico, synflow, nwot and params in one sweep, passes shared as a user runs
  # it (the PyTorch side of that row is the sum of its three proxies timed standalone)
  if [ $sweep_wanted = 1 ]; then
    sweep="$out_dir/zerocost-sweep.r$r.jsonl"
    echo "bench.sh: round $r/$rounds: zerocost sweep of zico,synflow,nwot,params on the same archs" >&2
    ./zerocost score --archs "$archs" --proxies zico,synflow,nwot,params --network nb201 --dataset synthetic \
      --batch-size "$batch" --batches 2 --seed 0 --backend cpu --threads "$threads" --repeat "$repeat" --truth none \
      --out "$sweep" > "$out_dir/zerocost-sweep.r$r.log" 2>&1 || { tail -20 "$out_dir/zerocost-sweep.r$r.log" >&2; exit 1; }
    sweep_files+=("$sweep")
  fi

  # the same archs, by their strings, from zerocost's own output
  mapfile -t pairs < <("$py" -c '
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if "arch" in r:
        print(str(r["index"]) + "=" + r["arch"])' "$ours")
  echo "bench.sh: round $r/$rounds: PyTorch on the same ${#pairs[@]} archs" >&2
  "$py" tools/bench/torch_proxies.py --threads "$threads" --repeat "$repeat" --proxies "$proxies" \
    --batch-size "$batch" --seed 0 --out "$theirs" "${pairs[@]}"
  theirs_files+=("$theirs")
done

join() { local IFS=,; echo "$*"; }
sweep_args=()
if [ ${#sweep_files[@]} -gt 0 ]; then
  sweep_args=(--sweep "$(join "${sweep_files[@]}")")
fi
"$py" tools/bench/table.py "$(join "${ours_files[@]}")" "$(join "${theirs_files[@]}")" --threads "$threads" \
  --repeat "$repeat" --command "$command" --blas "$blas" "${sweep_args[@]}" > "$out_dir/TABLE.md"
echo >&2
cat "$out_dir/TABLE.md"
echo >&2
echo "bench.sh: wrote $out_dir/TABLE.md (raw: $out_dir/zerocost.r*.jsonl, $out_dir/torch.r*.jsonl)" >&2
