#!/usr/bin/env bash
# A/B timing of two zerocost jars on the same archs, alternating A, B, A, B ... so that drift of a
# shared machine hits both sides alike; for deciding whether a kernel change helps.
#
#   tools/bench/ab.sh OLD.jar NEW.jar PROXIES [ROUNDS] [ARCHS]
#
# Each round scores ARCHS (default the 5 fixed archs of tools/bench) with `--repeat 3` on
# synthetic data, batch 64, and prints per proxy the median over archs of the per-arch median
# seconds. Build a jar with `mvn -B -q -ntp -DskipTests -pl nasbench -am package` and copy
# nasbench/target/zerocost.jar aside before and after the change.
set -euo pipefail
a="$1"; b="$2"; proxies="$3"; rounds="${4:-2}"; archs="${5:-1462,0,5000,10000,15624}"
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
[ -f "$java_home/lib/libjsig.so" ] && export LD_PRELOAD="$java_home/lib/libjsig.so"
. "$(dirname "${BASH_SOURCE[0]}")/../jvm-options.sh"
jvm_options="$(zerocost_jvm_options)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for round in $(seq "$rounds"); do
  for jar in "$a" "$b"; do
    java --add-modules jdk.incubator.vector $jvm_options -jar "$jar" score --backend cpu \
      --archs "$archs" --proxies "$proxies" --dataset synthetic --batch-size 64 --repeat 3 --truth none \
      --out "$out/scores.jsonl" >/dev/null 2>&1
    python3 - "$out/scores.jsonl" "$proxies" "$jar" "$round" <<'PY'
import json, statistics, sys
path, proxies, jar, rnd = sys.argv[1], sys.argv[2].split(","), sys.argv[3], sys.argv[4]
rows = [json.loads(l) for l in open(path) if '"seconds"' in l]
cells = " ".join("%s %.3f" % (p, statistics.median(r["seconds"][p] for r in rows)) for p in proxies)
print("round %s %s: %s" % (rnd, jar, cells))
PY
    rm -f "$out/scores.jsonl"
  done
done
