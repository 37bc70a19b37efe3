# The JVM options every zerocost run uses by default; sourced by ./zerocost, tools/bench/ab.sh and
# tools/device/run.sh, so the product, the A/B timings and the device runs agree. Prints them.
#
#   -Xss16m                     the autograd engine recurses through deep graphs
#   -XX:MaxRAMPercentage=50     leave the other half of the memory to the rest of the machine
#   -XX:+UseParallelGC          a sweep's multi-megabyte activations are G1 "humongous" objects that
#                               waste up to half their last region; measured on a 100-arch main
#                               job, peak RSS 5.9-6.5 GB against 7.7-9.0 GB with G1, same speed
#   -XX:+UseTransparentHugePages  only where the kernel hands out huge pages on request
#                               (transparent_hugepage "madvise"; with "always" it uses them anyway,
#                               with "never" the JVM would only warn). Promoting freshly pooled
#                               activations into the old generation touches hundreds of megabytes
#                               of new heap; with 4 KB pages that was most of the collector's pause
#                               time (main job on 20 archs: 24.9-31.8 s wall, 3.5-6.0 s paused
#                               without, 19.1-19.9 s and 1.5-2.1 s with; docs/PERFORMANCE.md,
#                               session 18)
zerocost_jvm_options() {
  local opts="-Xss16m -XX:MaxRAMPercentage=50 -XX:+UseParallelGC"
  if grep -q '\[madvise\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null; then
    opts="$opts -XX:+UseTransparentHugePages"
  fi
  echo "$opts"
}
