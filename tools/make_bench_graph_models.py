#!/usr/bin/python3
"""The benchmark's graph models (issue 20): the reference model's size (2-layer LSTM, d=4, hidden 64, T=64, 3 classes)
read three ways — the last step (the fused path), mean pooling over time and softmax-attention pooling (graphs) — and a
fourth with element-wise chains to fuse ("norm": LayerNorm over the LSTM's outputs, exported at opset 14 as its
decomposition, mean pooling, then a GELU MLP head) — with random PyTorch-initialized weights, each with a card (window
64, no normalization).

Needs Debian's python3-torch:  /usr/bin/python3 tools/make_bench_graph_models.py [out_dir]   (default target/bench-models)
Then:  ./brink bench --model target/bench-models/<name>.onnx
"""
import json
import os
import sys

import torch
import torch.nn as nn

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "target", "bench-models")
D, H, T, L = 4, 64, 64, 3


class Reading(nn.Module):
    def __init__(self, reading):
        super().__init__()
        self.rnn = nn.LSTM(D, H, num_layers=2, batch_first=True)
        self.score = nn.Linear(H, 1)
        self.fc = nn.Linear(H, L)
        self.reading = reading
        if reading == "norm":
            self.norm = nn.LayerNorm(H)
            self.hid = nn.Linear(H, H)

    def forward(self, x):
        out = self.rnn(x)[0]
        if self.reading == "last":
            feat = out[:, -1]
        elif self.reading == "mean":
            feat = out.mean(dim=1)
        elif self.reading == "norm":
            feat = torch.nn.functional.gelu(self.hid(self.norm(out).mean(dim=1)))
        else:
            w = torch.softmax(self.score(out).squeeze(-1), dim=1)
            feat = (w.unsqueeze(-1) * out).sum(dim=1)
        return self.fc(feat)


def main():
    os.makedirs(OUT, exist_ok=True)
    for reading in ("last", "mean", "attention", "norm"):
        torch.manual_seed(7)
        m = Reading(reading).eval()
        path = os.path.join(OUT, "bench_" + reading + ".onnx")
        torch.onnx.export(m, torch.randn(2, T, D), path, opset_version=14, input_names=["x"], output_names=["y"],
                          dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}})
        with open(os.path.join(OUT, "bench_" + reading + ".card.json"), "w") as f:
            json.dump({"window_length": T, "class_names": ["a", "b", "c"], "feature_names": ["f0", "f1", "f2", "f3"]}, f)
        print("wrote", path)


if __name__ == "__main__":
    main()
