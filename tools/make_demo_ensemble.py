#!/usr/bin/python3
"""Brink's demo ensemble: 5 members of the demo architecture (2-layer LSTM, hidden 32, linear head) trained with seeds 1-5
on the same windows, split and classes as tools/make_demo_model.py.

Output: data/models/eustock-vol-ensemble/member-{1..5}.onnx  each with the demo model card in metadata_props
        data/models/eustock-vol-ensemble.json               the manifest Brink loads: {"members": [...]}
        data/models/eustock-vol.outcomes.jsonl              the realized regime of every labelled window, JSON lines
                                                            {"series", "ts", "class"} (for brink analyze --labels)
Needs Debian's python3-torch and python3-onnx:  /usr/bin/python3 tools/make_demo_ensemble.py
"""
import json
import os

import make_demo_model as demo

MEMBERS = 5


def main():
    d = demo.prepare()
    out = os.path.join(demo.ROOT, "data", "models", "eustock-vol-ensemble")
    os.makedirs(out, exist_ok=True)
    names = []
    for seed in range(1, MEMBERS + 1):
        model, acc_t, acc_v = demo.train(d, seed)
        name = f"member-{seed}.onnx"
        demo.export(d, model, os.path.join(out, name), acc_t, acc_v)
        names.append("eustock-vol-ensemble/" + name)
    with open(os.path.join(demo.ROOT, "data", "models", "eustock-vol-ensemble.json"), "w") as f:
        json.dump({"members": names}, f, indent=2)
        f.write("\n")
    with open(os.path.join(demo.ROOT, "data", "models", "eustock-vol.outcomes.jsonl"), "w") as f:
        for s, end, _, vol in d.windows:
            f.write(json.dumps({"series": s, "ts": d.rts[end], "class": demo.CLASSES[d.label(vol)]}) + "\n")


if __name__ == "__main__":
    main()
