#!/usr/bin/env bash
# Builds the GPU-machine bundle (default device-bundle/ at the repository root): a jlinked JRE,
# the zerocost CLI jar, the test jars the CUDA suite needs and the JUnit console launcher, for a
# machine with an NVIDIA GPU and CUDA 13 but no Java. Fails if the bundle reaches 60 MiB.
# Usage: tools/device/bundle.sh [OUTPUT_DIR]     (needs a JDK 17 with jlink, Maven, network once)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/device-bundle}"
limit_mib=60
junit_console_version=1.10.2   # the JUnit Platform of the project's JUnit 5.10.2
cd "$root"

echo "bundle: building engine, kernels, proxies and the zerocost CLI jar (tests compiled, not run)"
mvn -B -q -ntp -DskipTests -pl nasbench -am package

rm -rf "$out"
mkdir -p "$out/lib"
cp nasbench/target/zerocost.jar "$out/lib/"
cp engine/target/zerocost-engine-*-tests.jar "$out/lib/engine-tests.jar"
# the CUDA tests of kernels and the proxy parity tests of nasbench, with their fixtures
jar --create --file "$out/lib/kernels-tests.jar" -C kernels/target/test-classes .
jar --create --file "$out/lib/nasbench-tests.jar" -C nasbench/target/test-classes .

echo "bundle: fetching junit-platform-console-standalone $junit_console_version"
mvn -B -q -ntp org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
  -Dartifact="org.junit.platform:junit-platform-console-standalone:$junit_console_version" \
  -DoutputDirectory="$out/lib" -Dmdep.stripVersion=true

# the modules the jars use, plus the Vector API (an incubator module jdeps cannot infer) and
# jdk.unsupported (sun.misc.Unsafe, used by JavaCPP)
modules="$(jdeps --multi-release 17 --ignore-missing-deps --print-module-deps \
  "$out/lib/zerocost.jar" "$out/lib/junit-platform-console-standalone.jar" "$out/lib/kernels-tests.jar")"
# without java.desktop, which only the chart libraries use (no plots from the bundle; it would
# add 10 MiB): the score command and the tests never load them
modules="$(echo "$modules,jdk.incubator.vector,jdk.unsupported" | tr ',' '\n' | grep -vx java.desktop | sort -u | paste -sd, -)"
echo "bundle: jlink --add-modules $modules"
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 --output "$out/jre"

size_kib="$(du -sk "$out" | cut -f1)"
echo "bundle: $out is $((size_kib / 1024)) MiB ($size_kib KiB): jre $(du -sh "$out/jre" | cut -f1), lib $(du -sh "$out/lib" | cut -f1)"
if [ "$size_kib" -ge $((limit_mib * 1024)) ]; then
  echo "bundle: too large, the limit is $limit_mib MiB" >&2
  exit 1
fi
