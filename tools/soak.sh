#!/usr/bin/env bash
# Soak test (issue 9; not part of CI): a real broker (./brink broker) and ./brink run on the demo model, fed by the
# soak driver (io.brink.bench.Soak) at 80% of the maximum rate it first measures, for MINUTES (default 10).
# Every SAMPLE seconds it records the brink run process's heap, engine off-heap memory and RSS, the pipeline's input
# lag, point-to-score latency (p50, p99, max; from the window's last point ts to the committed score) and windows
# scored per second, into $OUT/soak.csv and $OUT/soak.svg. docs/reliability.md shows a run.
#
#   tools/soak.sh                       # 10 minutes at 80%
#   MINUTES=2 SHARE=0.5 tools/soak.sh   # shorter, lighter
#
# Settings: BRINK_JAVA_OPTS for the brink run JVM (default -Xmx1g),
# PORT (broker, default 19092), METRICS_PORT (default 19464), SERIES (default 200), OUT (default target/soak),
# NMT=1: the JVM tracks its native memory, and $OUT/nmt-start.txt, nmt-end.txt hold its summary after the first
# minute and at the end (what part of the RSS the JVM accounts for; RocksDB's memory is outside it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
MINUTES=${MINUTES:-10}
SHARE=${SHARE:-0.8}
SAMPLE=${SAMPLE:-5}
PORT=${PORT:-19092}
METRICS_PORT=${METRICS_PORT:-19464}
SERIES=${SERIES:-200}
OUT=${OUT:-target/soak}
mkdir -p "$OUT"
export BRINK_JAVA_OPTS="${BRINK_JAVA_OPTS:--XX:+UseParallelGC -Xmx1g}"
if [ -n "${NMT:-}" ]; then
  BRINK_JAVA_OPTS="$BRINK_JAVA_OPTS -XX:NativeMemoryTracking=summary"
fi
./brink --version >/dev/null   # builds target/brink.jar when the sources are newer

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

./brink broker --port "$PORT" >"$OUT/broker.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do grep -q "Kafka is listening" "$OUT/broker.log" && break; sleep 0.5; done
grep -q "Kafka is listening" "$OUT/broker.log" || { echo "soak: the broker did not start (see $OUT/broker.log)" >&2; exit 1; }

app="soak-$(date +%s)"
cat >"$OUT/brink.properties" <<PROPS
application.id=$app
topics.points=$app.points
topics.scores=$app.scores
topics.alerts=$app.alerts
topics.outcomes=$app.outcomes
topics.dlq=$app.dlq
topics.model.events=$app.model-events
topics.partitions=4
PROPS
./brink run --bootstrap-servers "localhost:$PORT" --model data/models/eustock-vol-lstm.onnx --config "$OUT/brink.properties" \
  --metrics-address "127.0.0.1:$METRICS_PORT" >"$OUT/run.log" 2>&1 &
run_pid=$!
pids+=($run_pid)
for _ in $(seq 1 240); do
  curl -fs "http://127.0.0.1:$METRICS_PORT/health/ready" >/dev/null 2>&1 && break
  kill -0 "$run_pid" 2>/dev/null || { echo "soak: brink run exited (see $OUT/run.log)" >&2; exit 1; }
  sleep 0.5
done
# the java process itself (./brink execs java, so the PID is the JVM's)
if [ -n "${NMT:-}" ]; then
  (sleep 90; jcmd "$run_pid" VM.native_memory summary >"$OUT/nmt-start.txt" 2>&1) &
fi
java -cp target/brink.jar io.brink.bench.Soak --bootstrap-servers "localhost:$PORT" --application-id "$app" \
  --points-topic "$app.points" --scores-topic "$app.scores" --metrics "http://127.0.0.1:$METRICS_PORT/metrics" \
  --pid "$run_pid" --series "$SERIES" --features 1 --share "$SHARE" --minutes "$MINUTES" --sample-seconds "$SAMPLE" --out "$OUT"
if [ -n "${NMT:-}" ]; then
  jcmd "$run_pid" VM.native_memory summary >"$OUT/nmt-end.txt" 2>&1 || true
fi
