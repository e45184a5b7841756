#!/usr/bin/env bash
# Builds (when sources changed) and runs a libtorch-through-DJL baseline:
#   bench/djl-baseline/run.sh [--steps N] [--warmup N] [--seed S]          training steps of the benchmark GPT
#   bench/djl-baseline/run.sh generate [--batch 1,8] [--prompt-tokens P] [--new-tokens N] ...   greedy KV-cache decoding
#   either with --mkl-any-cpu first: MKL's vendor check answered "Intel" (AVX2/AVX-512 kernels on AMD CPUs too)
# stdout: JSON lines only; build output and per-step logs go to stderr.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/../../scripts/find-jdk.sh"
llmforge_find_jdk || exit 1
jar="$here/target/djl-baseline.jar"
if [ ! -f "$jar" ] || [ ! -f "$here/target/classpath.txt" ] \
   || [ -n "$(find "$here/src" "$here/pom.xml" -newer "$jar" -print -quit)" ]; then
  echo "djl-baseline: building..." >&2
  (cd "$here" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -q -B package >&2) || { echo "djl-baseline: build failed" >&2; exit 1; }
fi
main=llmforge.bench.djl.TrainStepBenchmark
if [ "${1:-}" = generate ]; then main=llmforge.bench.djl.GenerateBenchmark; shift; fi
# --mkl-any-cpu (first argument after the mode): preload shim/mkl_any_cpu.c so that MKL uses the kernels the CPU
# supports on non-Intel CPUs too (see the shim). Needs a C compiler; the system name in the JSON says it was used.
mkl=()
if [ "${1:-}" = --mkl-any-cpu ]; then
  shift
  so="$here/target/libmkl_any_cpu.so"
  if [ ! -f "$so" ] || [ "$here/shim/mkl_any_cpu.c" -nt "$so" ]; then
    command -v cc >/dev/null || { echo "djl-baseline: --mkl-any-cpu needs a C compiler (cc) to build its shim" >&2; exit 1; }
    mkdir -p "$here/target" && cc -shared -fPIC -O2 -o "$so" "$here/shim/mkl_any_cpu.c" >&2
  fi
  export LD_PRELOAD="$so${LD_PRELOAD:+:$LD_PRELOAD}"
  mkl=(-Dllmforge.baseline.mkl=any-cpu)
fi
# ai.djl.offline: DJL must take libtorch from the pytorch-native-cpu jar and never download.
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx2g -Dai.djl.offline=true "${mkl[@]}" \
  -cp "$jar:$(cat "$here/target/classpath.txt")" "$main" "$@"
