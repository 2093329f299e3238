#!/usr/bin/python3
"""Golden files for Brink's ONNX import parity tests.

Trains tiny PyTorch sequence classifiers (LSTM, GRU, RNN; 1-3 layers; various heads) for a few steps on
a synthetic task, exports each with torch.onnx.export (batch-first input, dynamic batch axis, opsets
13-17) and writes reference values computed by PyTorch in float64 from the exported float32 weights:
logits, predicted and runner-up class, margin, the input gradient of g = z_j - z_k (pair fixed at x), and
the eigenvalues of the dense input Hessian of g.

Needs Debian's python3-torch and python3-onnx:  /usr/bin/python3 tools/make_golden.py [out_dir]
Writes <name>.onnx and <name>.golden.json into out_dir (default src/test/resources/golden).
"""
import json
import os
import sys

import onnx
import torch
import torch.nn as nn

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "golden")
T, D, L, N = 6, 3, 3, 4


class Classifier(nn.Module):
    def __init__(self, cell, layers, hidden, head, last):
        super().__init__()
        rnn = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[cell]
        self.rnn = rnn(D, hidden, num_layers=layers, batch_first=True)
        mods = []
        width = hidden
        for act in head:
            mods += [nn.Linear(width, 8), {"relu": nn.ReLU(), "tanh": nn.Tanh()}[act]]
            width = 8
        mods.append(nn.Linear(width, L))
        self.head = nn.Sequential(*mods)
        self.last = last
        self.softmax = None

    def forward(self, x):
        out = self.rnn(x)
        if self.last == "output":
            feat = out[0][:, -1]
        else:  # final hidden state of the top layer
            h = out[1][0] if isinstance(out[1], tuple) else out[1]
            feat = h[-1]
        z = self.head(feat)
        return torch.softmax(z, dim=1) if self.softmax else z


SPECS = [
    # name, cell, layers, hidden, head activations, feature, opset, softmax output, card
    ("lstm1_linear", "lstm", 1, 5, [], "output", 13, False, "metadata"),
    ("lstm2_relu", "lstm", 2, 6, ["relu"], "output", 17, False, "sidecar"),
    ("lstm3_hidden", "lstm", 3, 4, [], "hidden", 15, True, None),
    ("gru1_tanh", "gru", 1, 6, ["tanh"], "output", 14, False, None),
    ("gru2_softmax", "gru", 2, 5, [], "output", 17, True, "metadata"),
    ("gru3_hidden", "gru", 3, 4, ["relu"], "hidden", 13, False, None),
    ("rnn1_linear", "rnn", 1, 6, [], "output", 16, False, None),
    ("rnn2_tanh", "rnn", 2, 5, ["tanh"], "hidden", 13, False, None),
]


def train(model, seed):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(128, T, D, generator=g)
    y = (x[:, :, 0].sum(1) > 0).long() + (x[:, -1, 1] > 0.5).long()
    opt = torch.optim.Adam(model.parameters(), lr=0.03)
    for _ in range(40):
        opt.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        opt.step()


def card(name):
    return {
        "window_length": T,
        "feature_names": ["price", "volume", "spread"],
        "class_names": ["down", "flat", "up"],
        "mean": [0.1, -0.2, 0.05],
        "std": [1.5, 0.8, 2.0],
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    for i, (name, cell, layers, hidden, head, last, opset, softmax, card_kind) in enumerate(SPECS):
        torch.manual_seed(100 + i)
        model = Classifier(cell, layers, hidden, head, last)
        train(model, 200 + i)
        model.eval()
        model.softmax = softmax
        path = os.path.join(OUT, name + ".onnx")
        example = torch.randn(2, T, D)
        torch.onnx.export(model, example, path, opset_version=opset, input_names=["x"], output_names=["y"],
                          dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}})
        if card_kind == "metadata":
            m = onnx.load(path)
            for key, value in card(name).items():
                entry = m.metadata_props.add()
                entry.key = key
                entry.value = json.dumps(value) if not isinstance(value, str) else value
            onnx.save(m, path)
        elif card_kind == "sidecar":
            with open(os.path.join(OUT, name + ".json"), "w") as f:
                json.dump(card(name), f, indent=2)

        model.softmax = False
        model = model.double()
        torch.manual_seed(300 + i)
        x = torch.randn(N, T, D, dtype=torch.float64) * 1.2
        with torch.no_grad():
            z = model(x)
        top2 = z.topk(2, dim=1).indices
        k, j = top2[:, 0], top2[:, 1]
        windows = []
        for n in range(N):
            kn, jn = int(k[n]), int(j[n])

            def g(inp):
                zz = model(inp.reshape(1, T, D))[0]
                return zz[jn] - zz[kn]

            xn = x[n].clone().requires_grad_(True)
            grad, = torch.autograd.grad(g(xn), xn)
            hess = torch.autograd.functional.hessian(g, x[n].clone()).reshape(T * D, T * D)
            eig = torch.linalg.eigvalsh(hess)
            windows.append({
                "x": x[n].reshape(-1).tolist(),
                "logits": z[n].tolist(),
                "predicted": kn,
                "runner_up": jn,
                "margin": float(z[n, kn] - z[n, jn]),
                "gradient": grad.reshape(-1).tolist(),
                "hessian_eigenvalues": eig.tolist(),
            })
        golden = {"model": name, "cell": cell, "layers": layers, "hidden": hidden, "opset": opset,
                  "softmax_output": softmax, "steps": T, "features": D, "classes": L,
                  "torch_version": torch.__version__, "windows": windows}
        with open(os.path.join(OUT, name + ".golden.json"), "w") as f:
            json.dump(golden, f)
        print("wrote", name)


if __name__ == "__main__":
    main()
