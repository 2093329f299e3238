#!/usr/bin/env bash
# Runs Brink's JMH benchmarks (src/test/java/io/brink/bench: ProfileJmh, GemmShapesJmh, GraphChainJmh). Extra arguments go to JMH,
# e.g. tools/jmh.sh ProfileJmh.profile -p batch=128
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests test-compile
cp=$(mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout | sed 's/\x1b\[[0-9;]*m//g')
exec java --add-modules jdk.incubator.vector -cp "target/test-classes:target/classes:$cp" org.openjdk.jmh.Main "${@:-ProfileJmh}"
