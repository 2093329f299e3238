#!/usr/bin/env bash
# Compares `brink analyze` output byte for byte between a base revision and the working tree, on the shipped demo
# model and data, in several configurations (float32, the default precision; float64 results of the same build are
# not reproducible to the last bit from run to run on ND4J's double products, so they are not compared here).
#
#   tools/analyze-identity.sh [BASE_REF]      BASE_REF defaults to b5a1050, the last commit before the redesign
#                                              of the engine, records and pipeline (issue 8).
#   QUICK=1 tools/analyze-identity.sh          skips the longest configuration (every window, stride 1: ~90 s a side)
#
# Bases before issue 11 ran OpenBLAS 0.3.19 (JavaCPP 1.5.7); since then 0.3.31 (JavaCPP 1.5.13), whose SGEMM rounds
# float32 products differently (relative changes ~1e-6, docs/benchmarks.md): compare with a base of issue 11 or later.
#
# Builds both (mvn package, tests skipped), runs each configuration with each jar, prints one line per
# configuration and exits non-zero if any output differs. Fields added since the base (model_version, issue 9;
# uncertainty_method and members, issue 10) are removed from the new output before comparing when the base output
# does not have them.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
base="${1:-b5a1050}"
work="$(mktemp -d /tmp/brink-identity.XXXXXX)"
trap 'rm -rf "$work"' EXIT

echo "analyze-identity: base $base ($(git -C "$here" rev-parse --short "$base")) against the working tree" >&2
mkdir -p "$work/base"
git -C "$here" archive "$base" | tar -x -C "$work/base"
build() {
  if ! (cd "$1" && mvn -B -q -Dstyle.color=never -DskipTests package) > "$work/build.log" 2>&1; then
    cat "$work/build.log" >&2
    echo "analyze-identity: the build of $1 failed" >&2
    exit 2
  fi
}
build "$work/base"
build "$here"

vector=""
if java --list-modules 2>/dev/null | grep -q '^jdk.incubator.vector@'; then
  vector="--add-modules jdk.incubator.vector"
fi
model="$here/data/models/eustock-vol-lstm.onnx"
points="$here/data/eustockmarkets-points.csv"
configs=(
  "--stride 5 --emit-perturbation"
  "--stride 5 --hvp FINITE_DIFFERENCE --no-warm-start --emit-perturbation"
  "--stride 3 --workers 1 --radii none --hutchinson-probes 3 --no-warm-start"
)
if [ -z "${QUICK:-}" ]; then
  configs=("" "${configs[@]}")
fi
status=0
i=0
for c in "${configs[@]}"; do
  i=$((i + 1))
  for side in base new; do
    jar="$here/target/brink.jar"
    [ "$side" = base ] && jar="$work/base/target/brink.jar"
    # shellcheck disable=SC2086
    java $vector -XX:+UseParallelGC -jar "$jar" analyze --model "$model" --points "$points" $c \
      --out "$work/$side-$i.jsonl" 2>"$work/$side-$i.err"
  done
  if ! grep -q '"model_version"' "$work/base-$i.jsonl"; then
    sed -E -i 's/,"model_version":"[^"]*"//' "$work/new-$i.jsonl"
  fi
  if ! grep -q '"uncertainty_method"' "$work/base-$i.jsonl"; then
    sed -E -i 's/,"uncertainty_method":"[^"]*","members":[0-9]+//' "$work/new-$i.jsonl"
  fi
  a="$(sha256sum < "$work/base-$i.jsonl" | cut -c1-16)"
  b="$(sha256sum < "$work/new-$i.jsonl" | cut -c1-16)"
  n="$(wc -l < "$work/new-$i.jsonl")"
  if [ "$a" = "$b" ]; then
    echo "identical  $n records  sha256 $a  analyze ${c:-(defaults)}"
  else
    echo "DIFFERENT  $n records  base $a new $b  analyze ${c:-(defaults)}"
    status=1
  fi
done
exit $status
