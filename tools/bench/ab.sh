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
#
# Environment: A_OPTS / B_OPTS add JVM options to side A / B (the same jar twice with different
# -D settings is an A/B of a switch); REPEAT (default 3) is the --repeat of each run. Each round
# also prints B's per-proxy time over A's of the same round, the paired ratio that the host's
# drift between rounds does not move.
set -euo pipefail
a="$1"; b="$2"; proxies="$3"; rounds="${4:-2}"; archs="${5:-1462,0,5000,10000,15624}"
a_opts="${A_OPTS:-}"; b_opts="${B_OPTS:-}"; repeat="${REPEAT:-3}"
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
[ -f "$java_home/lib/libjsig.so" ] && export LD_PRELOAD="$java_home/lib/libjsig.so"
. "$(dirname "${BASH_SOURCE[0]}")/../jvm-options.sh"
jvm_options="$(zerocost_jvm_options)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for round in $(seq "$rounds"); do
  for side in A B; do
    if [ "$side" = A ]; then jar="$a"; opts="$a_opts"; else jar="$b"; opts="$b_opts"; fi
    # shellcheck disable=SC2086
    java --add-modules jdk.incubator.vector $jvm_options $opts -jar "$jar" score --backend cpu \
      --archs "$archs" --proxies "$proxies" --dataset synthetic --batch-size 64 --repeat "$repeat" --truth none \
      --out "$out/scores.jsonl" >/dev/null 2>&1
    python3 - "$out/scores.jsonl" "$proxies" "$jar $opts" "$round" "$out/$side.txt" <<'PY'
import json, statistics, sys
path, proxies, label, rnd, keep = sys.argv[1], sys.argv[2].split(","), sys.argv[3], sys.argv[4], sys.argv[5]
rows = [json.loads(l) for l in open(path) if '"seconds"' in l]
times = [statistics.median(r["seconds"][p] for r in rows) for p in proxies]
cells = " ".join("%s %.3f" % (p, t) for p, t in zip(proxies, times))
print("round %s %s: %s" % (rnd, label, cells))
open(keep, "w").write(" ".join(map(str, times)))
PY
    rm -f "$out/scores.jsonl"
  done
  python3 - "$out/A.txt" "$out/B.txt" "$proxies" "$round" <<'PY'
import sys
a, b = (list(map(float, open(f).read().split())) for f in sys.argv[1:3])
print("round %s B/A: %s" % (sys.argv[4], " ".join("%s %.3f" % (p, y / x) for p, x, y in zip(sys.argv[3].split(","), a, b))))
PY
done
