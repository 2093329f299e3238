#!/usr/bin/env bash
# Runs the README's "Bring your own model" snippet as written (random weights, nothing trained) in a scratch directory,
# then `brink check` on the model it exports (text and --json), on a points file with the columns named in another
# order than the card's, and `brink analyze` on it; then tools/brink_card.py round-trips the card. Exits non-zero if
# any step fails. Needs PyTorch and onnx for Python (Debian: apt-get install python3-torch python3-onnx).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
py="${PYTHON:-python3}"
if ! "$py" -c "import torch, onnx" 2>/dev/null; then
  if /usr/bin/python3 -c "import torch, onnx" 2>/dev/null; then py=/usr/bin/python3; else
    echo "byo-model-check: needs PyTorch and onnx for Python (apt-get install python3-torch python3-onnx)" >&2; exit 2; fi
fi
work="$(mktemp -d /tmp/brink-byo.XXXXXX)"
trap 'rm -rf "$work"' EXIT
# The snippet: the README's first python block under "### Bring your own model".
awk '/^### Bring your own model/{f=1} f&&/^```python/{p=1;next} p&&/^```/{exit} p' "$here/README.md" > "$work/snippet.py"
test -s "$work/snippet.py" || { echo "byo-model-check: no python snippet found in README.md" >&2; exit 1; }
(cd "$work" && "$py" snippet.py)
"$py" - "$work/points.csv" <<'PY'
import random, sys
random.seed(1)
with open(sys.argv[1], "w") as f:
    f.write("series,ts,volume,price\n")          # columns in another order than the card's [price, volume]
    for s in ("A", "B"):
        for t in range(40):
            f.write(f"{s},{1700000000000 + 60000 * t},{3 + random.gauss(0, 1.5):.4f},{100 + random.gauss(0, 5):.4f}\n")
PY
"$here/brink" check --model "$work/clf.onnx" --points "$work/points.csv"
"$here/brink" check --model "$work/clf.onnx" --json > "$work/check.json"
grep -q '"status":"ok"' "$work/check.json"
"$here/brink" analyze --model "$work/clf.onnx" --points "$work/points.csv" --out "$work/scores.jsonl" --radii none
test "$(wc -l < "$work/scores.jsonl")" -eq 18
"$py" "$here/tools/brink_card.py" "$work/clf.onnx" > "$work/card.json"
"$py" "$here/tools/brink_card.py" "$work/clf.onnx" --set "$work/card.json"
"$here/brink" check --model "$work/clf.onnx" > /dev/null
echo "byo-model-check: ok (README snippet exported clf.onnx; brink check and analyze accepted it)"
