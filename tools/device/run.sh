#!/usr/bin/env bash
# Runs on the GPU machine, from the repository root, with the bundle made by tools/device/bundle.sh:
# prints nvidia-smi, lists the backends, runs the CUDA test classes with the JUnit console
# launcher on the bundle's JRE, then a short benchmark of zico on CUDA and on the CPU.
# Logs go to $OUT (when set) or device-logs/. Environment: BUNDLE (default device-bundle/),
# ARCHS (default sample:20:0), REPEAT (default 3). Exit status: that of the tests.
set -uo pipefail
bundle="${BUNDLE:-device-bundle}"
logs="${OUT:-device-logs}"
archs="${ARCHS:-sample:20:0}"
repeat="${REPEAT:-3}"
java="$bundle/jre/bin/java"
lib="$bundle/lib"
mkdir -p "$logs"
# signal chaining, as ./zerocost does: a native library that installs SIGSEGV handlers (pocl's LLVM,
# if that machine has it) must not displace the JVM's
[ -f "$bundle/jre/lib/libjsig.so" ] && export LD_PRELOAD="$bundle/jre/lib/libjsig.so${LD_PRELOAD:+:$LD_PRELOAD}"
[ -x "$java" ] || { echo "run: no $java; build the bundle with tools/device/bundle.sh first" >&2; exit 2; }

{ nvidia-smi || echo "run: nvidia-smi failed"; } 2>&1 | tee "$logs/nvidia-smi.txt"
"$java" -version 2>&1 | tee "$logs/java-version.txt"
. "$(dirname "${BASH_SOURCE[0]}")/../jvm-options.sh"
jvm_options="$(zerocost_jvm_options)"
zerocost() {
  "$java" --add-modules jdk.incubator.vector $jvm_options -jar "$lib/zerocost.jar" "$@"
}
zerocost backends 2>&1 | tee "$logs/backends.txt"

# the CUDA suite: NVRTC compilation, the no-driver checks (they skip here), allocator, every
# primitive against the CPU reference, memory scopes, PyTorch conformance, proxy parity
classes=(dev.zerocost.kernels.cuda.CudaNvrtcCompileTest dev.zerocost.kernels.cuda.CudaLibrariesTest
  dev.zerocost.kernels.cuda.CudaAllocatorTest dev.zerocost.kernels.cuda.CudaAvailabilityTest
  dev.zerocost.kernels.cuda.CudaAgreementTest dev.zerocost.kernels.cuda.CudaMemoryScopeTest
  dev.zerocost.kernels.cuda.CudaConformanceTest dev.zerocost.nasbench.scoring.CudaProxyParityTest)
select=()
for c in "${classes[@]}"; do select+=(--select-class "$c"); done
cp="$lib/zerocost.jar:$lib/engine-tests.jar:$lib/kernels-tests.jar:$lib/nasbench-tests.jar"
"$java" -Xss8m --add-modules jdk.incubator.vector -jar "$lib/junit-platform-console-standalone.jar" execute \
  --class-path "$cp" "${select[@]}" --details=tree --disable-banner --reports-dir "$logs/junit" 2>&1 | tee "$logs/tests.txt"
tests_status=${PIPESTATUS[0]}
echo "run: CUDA tests exit status $tests_status" | tee -a "$logs/tests.txt"

# a short benchmark: the same sweep on CUDA and on the CPU (synthetic data: no dataset on this machine)
for backend in cuda cpu; do
  echo "run: zerocost score --backend $backend --archs $archs --repeat $repeat" | tee -a "$logs/bench.txt"
  start=$(date +%s%N)
  zerocost score --backend "$backend" --archs "$archs" --proxies zico --dataset synthetic --batch-size 128 \
    --batches 2 --repeat "$repeat" --truth none --out "$logs/scores-$backend.jsonl" 2>&1 | tee -a "$logs/bench.txt"
  echo "run: $backend took $(( ($(date +%s%N) - start) / 1000000 )) ms wall" | tee -a "$logs/bench.txt"
done
exit "$tests_status"
