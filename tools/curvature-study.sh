#!/usr/bin/env bash
# Measures the curvature study's models (tools/curvature_study.py) with `brink report` and prints the tables of
# docs/curvature-study.md: per training method, mean ± standard deviation over the 3 seeds of accuracy, accuracy
# under the attack at several radii ε, and the medians of curvature ν, ‖H‖_F, margin and attack distance.
#   tools/curvature-study.sh            writes target/study/{eustock,digits}.html and .json, prints the tables
# eustock: the held-out FTSE series (never trained on), every 5th window; digits: the 597 test images.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/study
mkdir -p "$out"
[ -f target/brink.jar ] || mvn -B -q -DskipTests package
brink() { java --add-modules jdk.incubator.vector -XX:+UseParallelGC -jar target/brink.jar "$@" 2>&1 | grep -v '^WARNING'; }
models() { for m in plain jacobian hessian; do for s in 1 2 3; do printf -- '--model data/models/study/%s-%s-s%s.onnx ' "$1" "$m" "$s"; done; done; }
grep -E '^(series|FTSE),' data/eustockmarkets-points.csv > "$out/ftse-points.csv"
# shellcheck disable=SC2046
brink report $(models eustock) --points "$out/ftse-points.csv" --labels data/models/eustock-vol.outcomes.jsonl --stride 5 \
  --title "Curvature study: the demo classifier on the held-out FTSE series" --out "$out/eustock.html" --summary "$out/eustock.json"
# shellcheck disable=SC2046
brink report $(models digits) --points data/digits-points.csv --labels data/digits.labels.jsonl --stride 1 \
  --title "Curvature study: 8x8 digits read row by row (test images)" --out "$out/digits.html" --summary "$out/digits.json"
/usr/bin/env python3 - "$out" <<'PY'
import json, statistics, sys
out = sys.argv[1]
def interp(curve, e):
    xs, ys = curve["x"], curve["y"]
    for i in range(1, len(xs)):
        if xs[i] >= e:
            f = (e - xs[i - 1]) / (xs[i] - xs[i - 1])
            return ys[i - 1] + f * (ys[i] - ys[i - 1])
    return ys[-1]
def ms(v):
    return f"{statistics.mean(v):.3f} ± {statistics.stdev(v):.3f}" if len(v) > 1 else f"{v[0]:.3f}"
for data in ["eustock", "digits"]:
    rows = json.load(open(f"{out}/{data}.json"))
    top = rows[0]["robustness"]["x"][-1]
    eps = [round(top * f, 3) for f in (0.05, 0.1, 0.2, 0.4)]
    print(f"\n### {data}: {rows[0]['windows']} windows per model, {rows[0]['labelled_windows']} labelled\n")
    head = ["method", "accuracy"] + [f"acc. under attack, ε={e}" for e in eps] + ["median ν", "median ‖H‖_F", "median margin", "median attack distance", "flipped"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for method in ["plain", "jacobian", "hessian"]:
        r = [x for x in rows if f"-{method}-" in x["model"]]
        cells = [method, ms([x["accuracy"] for x in r])]
        cells += [ms([interp(x["robustness"], e) for x in r]) for e in eps]
        cells += [ms([x["curvature"]["median"] for x in r]), ms([x["hessian_frobenius"]["median"] for x in r]),
                  ms([x["margin"]["median"] for x in r]), ms([x["attack_distance"]["median"] for x in r]),
                  ", ".join(f"{x['flipped']}/{x['attacked']}" for x in r)]
        print("| " + " | ".join(cells) + " |")
PY
