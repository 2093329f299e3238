#!/usr/bin/env bash
# Packs what tools/gpu-check.sh needs on a GPU machine that has no Java and no network, under target/gpu/ (< 64 MiB):
#   runtime/      a jlink'ed Java 17 runtime (java.base, jdk.unsupported, java.logging and what the jars need)
#   lib/          a thin class path: JavaCPP + its CUDA 13 bindings, Jackson, picocli, SLF4J, JUnit's console launcher,
#                 and the configuration classes of kafka-clients (the settings table is Kafka's ConfigDef)
#                 (no ND4J or OpenBLAS natives: the GPU tests compare with the committed float64 CPU results)
#   classes/, test-classes/   Brink's classes and its tests (with the reference, gpu-reference.json)
# Send it with the device tool: run(command="bash tools/gpu-check.sh", carry=["target/gpu"]).
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/gpu
junit=1.11.4
mvn -B -q -o test-compile
rm -rf "$out" && mkdir -p "$out/lib"
cp -r target/classes "$out/classes"
cp -r target/test-classes "$out/test-classes"
# Test-only fixtures the GPU tests do not read stay behind (they would only weigh on the transfer).
find "$out/test-classes" -name '*.onnx' -delete
rm -rf "$out/test-classes/state" "$out/test-classes/golden"
m2="${MAVEN_REPO:-$HOME/.m2/repository}"
mvn -B -q dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$junit" -DoutputDirectory="$out/lib" >/dev/null
mvn -B -q -o dependency:copy-dependencies -DoutputDirectory="$out/lib" -DincludeScope=runtime \
  -DincludeArtifactIds=javacpp,cuda,jackson-core,jackson-databind,jackson-annotations,jackson-datatype-jdk8,picocli,slf4j-api,slf4j-simple >/dev/null
# The commands read their settings through Kafka's ConfigDef (io.brink.config): the parts of kafka-clients that ConfigDef
# and AbstractConfig load, not the whole 10 MB jar (the pack must stay under the device tool's 64 MiB). gpu-check's bench
# runs fail with NoClassDefFoundError if a class the path needs was left out: GPU_CHECK_DRY=1 bash tools/gpu-check.sh
# finds that here, without a GPU (CI runs it).
tmp="$(mktemp -d)"
lib="$(pwd)/$out/lib"
mvn -B -q -o dependency:copy-dependencies -DoutputDirectory="$tmp" -DincludeScope=runtime -DincludeArtifactIds=kafka-clients >/dev/null
kafka_jar="$(ls "$tmp"/kafka-clients-*.jar)"
entries=$(jar tf "$kafka_jar" | grep -E '^org/apache/kafka/common/([^/]+\.class|(config|utils|errors|internals)/.+)$')
(mkdir "$tmp/x" && cd "$tmp/x" && jar xf "$kafka_jar" $entries && jar --create --file "$lib/$(basename "$kafka_jar" .jar)-config-only.jar" .)
rm -rf "$tmp"
# The GPU path needs no more, java.xml for the test reports (jdeps lists java.desktop, java.sql, HTTP servers for parts of the jars it never
# loads; gpu-check's first lines would show a missing module as NoClassDefFoundError).
modules="java.base,jdk.unsupported,java.logging,java.management,java.xml"
jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 --output "$out/runtime" 2>/dev/null
du -sh "$out"/* | sed 's/^/gpu-pack: /'
echo "gpu-pack: $(du -sm "$out" | cut -f1) MiB in $out (modules: $modules)"
