#!/usr/bin/env bash
# Measures the curvature study's models (tools/curvature_study.py) with `brink report` and prints the tables of
# docs/curvature-study.md: per training method, mean ± standard deviation over the 3 seeds of accuracy, accuracy
# under L2 PGD and under Brink's attack at the radii ε of --pgd-radii, and the medians of curvature ν, ‖H‖_F, margin,
# linear estimate and attack distance.
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
brink report $(models eustock) --points "$out/ftse-points.csv" --labels data/models/eustock-vol.outcomes.jsonl --stride 5 --no-certify \
  --title "Curvature study: the demo classifier on the held-out FTSE series" --out "$out/eustock.html" --summary "$out/eustock.json"
# shellcheck disable=SC2046
brink report $(models digits) --points data/digits-points.csv --labels data/digits.labels.jsonl --stride 1 --no-certify \
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
    eps = rows[0]["pgd_robustness"]["x"]
    print(f"\n### {data}: {rows[0]['windows']} windows per model, {rows[0]['labelled_windows']} labelled\n")
    head = ["method", "accuracy"] + [f"ε={e:g}" for e in eps]
    for title, key in [("accuracy under L2 PGD", "pgd"), ("accuracy under Brink's attack", "attack")]:
        print(f"{title}:\n")
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for method in ["plain", "jacobian", "hessian"]:
            r = [x for x in rows if f"-{method}-" in x["model"]]
            cells = [method, ms([x["accuracy"] for x in r])]
            for k, e in enumerate(eps):
                if key == "pgd":
                    cells.append(ms([x["pgd_robustness"]["y"][k] for x in r]))
                else:
                    cells.append(ms([interp(x["robustness"], e) for x in r]))
            print("| " + " | ".join(cells) + " |")
        print()
    head = ["method", "median ν", "median ‖H‖_F", "median margin", "median linear estimate", "median attack distance", "flipped by the attack"]
    print("geometry:\n")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for method in ["plain", "jacobian", "hessian"]:
        r = [x for x in rows if f"-{method}-" in x["model"]]
        cells = [method] + [ms([x[k]["median"] for x in r]) for k in ["curvature", "hessian_frobenius", "margin", "distance_linear",
                                                                       "attack_distance"]]
        cells.append(", ".join(f"{x['flipped']}/{x['attacked']}" for x in r))
        print("| " + " | ".join(cells) + " |")
PY
