#!/usr/bin/env bash
# Builds (when sources changed) and runs a libtorch-through-DJL baseline:
#   bench/djl-baseline/run.sh [--steps N] [--warmup N] [--seed S]          training steps of the benchmark GPT
#   bench/djl-baseline/run.sh generate [--batch 1,8] [--prompt-tokens P] [--new-tokens N] ...   greedy KV-cache decoding
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
# ai.djl.offline: DJL must take libtorch from the pytorch-native-cpu jar and never download.
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx2g -Dai.djl.offline=true \
  -cp "$jar:$(cat "$here/target/classpath.txt")" "$main" "$@"
