#!/usr/bin/env bash
# The device check of the CUDA backend, for one GPU machine lease (no Java, no network there; under 6 minutes):
#   here:   bash tools/gpu-pack.sh            (target/gpu: a jlink'ed runtime, a thin class path, the tests; < 64 MiB)
#   there:  device run(command="bash tools/gpu-check.sh", carry=["target/gpu"], timeout_s=420)
# It runs the GPU tests (CudaParityTest against the committed float64 CPU results, DeviceChoiceTest), then
# `brink bench --device cuda` on the reference profile at batches 4,096 / 16,384 / 65,536, writes every log to $OUT
# (or target/gpu-check) and prints a short table last. CUDA 13 libraries: $CUDA_LIB (default the toolkit's
# targets/x86_64-linux/lib under /usr/local/cuda-13.0) and the driver's /usr/local/nvidia/lib64.
# GPU_CHECK_DRY=1 (CI, no GPU): passes when the packed tests and bench get as far as CUDA (see the end).
set -uo pipefail
cd "$(dirname "$0")/.."
out="${OUT:-target/gpu-check}"
mkdir -p "$out"
g=target/gpu
if [ ! -x "$g/runtime/bin/java" ]; then
  echo "gpu-check: $g is missing: run tools/gpu-pack.sh first and carry target/gpu" >&2
  exit 2
fi
cuda_lib="${CUDA_LIB:-/usr/local/cuda-13.0/targets/x86_64-linux/lib}"
export LD_LIBRARY_PATH="$cuda_lib:/usr/local/nvidia/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export BRINK_CUDA_CACHE="${BRINK_CUDA_CACHE:-/tmp/brink-cuda-cache}"
java="$g/runtime/bin/java"
cp="$(ls "$g"/lib/*.jar | grep -v console-standalone | tr '\n' ':')$g/classes:$g/test-classes"
batches="${GPU_CHECK_BATCHES:-4096 16384 65536}"

{
  date -u +"date: %Y-%m-%dT%H:%M:%SZ"
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv,noheader 2>&1 | sed 's/^/gpu: /'
  echo "cuda libraries: $(ls "$cuda_lib" 2>/dev/null | grep -E '^lib(cudart|cublas|nvrtc)\.so\.[0-9]+$' | tr '\n' ' ')"
} | tee "$out/machine.txt"

echo "== GPU tests" | tee "$out/tests.txt"
start=$SECONDS
timeout 160 "$java" -jar "$g"/lib/junit-platform-console-standalone-*.jar execute --class-path "$cp" \
  --select-class io.brink.engine.cuda.CudaParityTest --select-class io.brink.engine.DeviceChoiceTest \
  --details=tree --disable-banner --disable-ansi-colors --reports-dir "$out/junit" >> "$out/tests.txt" 2>&1
tests_rc=$?
tail -40 "$out/tests.txt"
echo "tests: exit $tests_rc in $((SECONDS - start)) s"

for b in $batches; do
  echo "== bench batch $b"
  timeout 60 "$java" -Xmx48g -cp "$cp" io.brink.cli.BrinkCommand bench --device cuda --batch "$b" --repetitions 3 \
    > "$out/bench-$b.txt" 2>&1
  echo "exit $?" >> "$out/bench-$b.txt"
  tail -14 "$out/bench-$b.txt"
done

echo
echo "== summary ($(sed -n 's/^gpu: //p' "$out/machine.txt" | head -1))"
printf '%-8s %14s %22s %20s\n' batch "profile w/s" "tier 0 (fwd+grad) w/s" "SGEMM GFLOP/s"
for b in $batches; do
  f="$out/bench-$b.txt"
  printf '%-8s %14s %22s %20s\n' "$b" \
    "$(sed -n 's/^profile: \([0-9.]*\) windows\/s/\1/p' "$f")" \
    "$(awk '/^tier 0 \(forward\+gradient\)/ {print $NF}' "$f")" \
    "$(sed -n 's/.*SGEMM 8192^3 (TF32 off) = \([0-9.]*\) GFLOP.*/\1/p' "$f")"
done
aborted=$(sed -n 's/.*\[ *\([0-9]*\) tests aborted.*/\1/p' "$out/tests.txt")
failed=$(sed -n 's/.*\[ *\([0-9]*\) tests failed.*/\1/p' "$out/tests.txt")
echo "GPU tests: exit $tests_rc, ${failed:-?} failed, ${aborted:-?} skipped (details in $out/tests.txt and $out/junit)"
if [ "${GPU_CHECK_DRY:-0}" = "1" ]; then
  # The pack's own check, on a machine without a GPU (CI): the tests ran and failed none, and every bench got as far as
  # CUDA itself (a result, or its one-line refusal) — a class missing from the thin class path fails here, not on a lease.
  for b in $batches; do
    f="$out/bench-$b.txt"
    if grep -qE 'NoClassDefFoundError|ClassNotFoundException|UnsatisfiedLinkError' "$f" \
        || ! grep -qE '^profile: |CUDA was asked for but cannot be used' "$f"; then
      echo "gpu-check (dry): the packed bench did not reach CUDA at batch $b:" >&2
      head -5 "$f" >&2
      exit 1
    fi
  done
  if [ "$tests_rc" != "0" ]; then
    echo "gpu-check (dry): the GPU tests failed in the packed runtime" >&2
    exit 1
  fi
  echo "gpu-check (dry): the pack's tests and bench reached CUDA"
  exit 0
fi
if grep -q 'Assumption failed: no usable GPU' "$out/tests.txt" || [ "$tests_rc" != "0" ]; then
  grep -m1 -o 'Assumption failed: no usable GPU.*' "$out/tests.txt" || true
  exit 1
fi
