#!/usr/bin/env bash
# Writes src/test/resources/io/brink/engine/cuda/gpu-reference.json: the float64 CPU engine's results for the GPU
# tests' cases (io.brink.engine.cuda.GpuCases), which a GPU machine (no ND4J CPU natives there) compares against.
# GpuReferenceTest fails when the file and the CPU engine disagree; run this after changing the cases or the engine.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >/dev/null
OMP_NUM_THREADS=1 java --add-modules jdk.incubator.vector -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  io.brink.engine.cuda.GpuReferenceTest
