#!/usr/bin/python3
"""The curvature study's models: do Jacobian and Hessian regularization make a sequence model more robust?

Trains two classifiers three ways each, from seeds 1, 2 and 3, and exports every one to ONNX with its training
settings in metadata_props (data/models/study/, small):
  eustock-{plain,jacobian,hessian}-s{1,2,3}.onnx  the demo classifier (tools/make_demo_model.py: 2-layer LSTM, hidden 32,
                                                  the volatility regime from 32 daily returns), trained on DAX/SMI/CAC
                                                  before 1997, exactly as the demo model but for the regularizer
  digits-{plain,jacobian,hessian}-s{1,2,3}.onnx   scikit-learn's bundled 8x8 digits read row by row (T=8 steps of 8
                                                  pixels), a 1-layer LSTM (hidden 32); the offline analogue of the
                                                  seeds' MNIST-rows study. Train: the first 1,200 images; test: the
                                                  other 597, written as Brink points (data/digits-points.csv) and
                                                  labels (data/digits.labels.jsonl)
Regularizers, on the logits z(x) (inputs normalized, so distances are in the models' input units):
  jacobian: cross-entropy + lambda_jr/2 * mean ||J||_F^2, J = dz/dx, estimated with one Gaussian projection per
            window (E_u ||u^T J||^2 = ||J||_F^2, u ~ N(0, I_C)), differentiated through (double backward)
  hessian:  cross-entropy + lambda_hr/2 * mean sum_c ||H_c||_F^2, H_c the input Hessian of logit c, estimated with one
            Gaussian logit combination u and one Gaussian probe v per window by finite differences of gradients:
            ||(g(x + h v) - g(x)) / h||^2, g = d(u^T z)/dx, h = 0.01 (E = sum_c ||H_c||_F^2 up to O(h))
Needs Debian's python3-torch, python3-onnx and python3-sklearn:  /usr/bin/python3 tools/curvature_study.py [--only NAME]
Measuring them is Brink's job: tools/curvature-study.sh runs `brink report` on them (docs/curvature-study.md).
"""
import json
import os
import sys
import time

import onnx
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_demo_model as demo  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "data", "models", "study")
SEEDS = [1, 2, 3]
METHODS = ["plain", "jacobian", "hessian"]
LAMBDA = {"plain": 0.0, "jacobian": 0.1, "hessian": 0.1}
H_FD = 0.01
EPOCHS = {"eustock": 30, "digits": 60}


class DigitsModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.LSTM(8, 32, num_layers=1, batch_first=True)
        self.fc = nn.Linear(32, 10)

    def forward(self, x):
        return self.fc(self.rnn(x)[0][:, -1])


def regularizer(model, x, method):
    """The method's penalty (before lambda/2) for the batch x, differentiable with respect to the weights."""
    if method == "plain":
        return torch.zeros(())
    x = x.detach().requires_grad_(True)
    z = model(x)
    u = torch.randn_like(z)
    g, = torch.autograd.grad((z * u).sum(), x, create_graph=True)
    if method == "jacobian":
        return (g ** 2).sum(dim=(1, 2)).mean()
    v = torch.randn_like(x)
    xh = (x + H_FD * v).detach().requires_grad_(True)
    gh, = torch.autograd.grad((model(xh) * u).sum(), xh, create_graph=True)
    return (((gh - g) / H_FD) ** 2).sum(dim=(1, 2)).mean()


def fit(make, xt, yt, xv, yv, method, seed, epochs):
    torch.manual_seed(seed)
    model = make()
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    lam = LAMBDA[method]
    start = time.time()
    for _ in range(epochs):
        perm = torch.randperm(len(xt))
        model.train()
        for i in range(0, len(xt), 128):
            idx = perm[i:i + 128]
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(xt[idx]), yt[idx])
            if lam > 0:
                loss = loss + lam / 2 * regularizer(model, xt[idx], method)
            loss.backward()
            opt.step()
    model.eval()
    with torch.no_grad():
        acc_t = (model(xt).argmax(1) == yt).float().mean().item()
        acc_v = (model(xv).argmax(1) == yv).float().mean().item()
    return model, acc_t, acc_v, time.time() - start


def export(model, example, path, card, training):
    torch.onnx.export(model, example, path, opset_version=17, input_names=["x"], output_names=["logits"],
                      dynamic_axes={"x": {0: "batch"}, "logits": {0: "batch"}})
    m = onnx.load(path)
    for k, v in card.items():
        e = m.metadata_props.add()
        e.key, e.value = k, json.dumps(v)
    e = m.metadata_props.add()
    e.key, e.value = "training", json.dumps(training)
    onnx.save(m, path)


def digits():
    from sklearn.datasets import load_digits
    d = load_digits()
    x = torch.tensor(d.images, dtype=torch.float32)  # (1797, 8, 8): 8 rows (steps) of 8 pixels, values 0..16
    y = torch.tensor(d.target)
    mean, std = x[:1200].mean().item(), x[:1200].std().item()
    xn = (x - mean) / std
    with open(os.path.join(ROOT, "data", "digits-points.csv"), "w") as f:
        f.write("series,ts," + ",".join(f"px{k}" for k in range(8)) + "\n")
        for i in range(1200, len(x)):
            for t in range(8):
                f.write(f"img{i:04d},{t + 1}," + ",".join(str(int(v)) for v in d.images[i][t]) + "\n")
    with open(os.path.join(ROOT, "data", "digits.labels.jsonl"), "w") as f:
        for i in range(1200, len(x)):
            f.write(json.dumps({"series": f"img{i:04d}", "ts": 8, "class": str(int(y[i]))}) + "\n")
    card = {"window_length": 8, "feature_names": [f"px{k}" for k in range(8)], "class_names": [str(c) for c in range(10)],
            "mean": [mean] * 8, "std": [std] * 8}
    return xn[:1200], y[:1200], xn[1200:], y[1200:], card


def eustock():
    d = demo.prepare()
    card = {"window_length": demo.T, "feature_names": ["log_return_pct"], "class_names": demo.CLASSES, "mean": [d.mean],
            "std": [d.std]}
    return d.xt, d.yt, d.xv, d.yv, card


def main():
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    torch.set_num_threads(int(os.environ.get("STUDY_THREADS", "2")))
    os.makedirs(OUT, exist_ok=True)
    log = []
    for name, data, make, example in [("digits", digits, DigitsModel, torch.zeros(2, 8, 8)),
                                       ("eustock", eustock, demo.Model, torch.zeros(2, demo.T, 1))]:
        if only and only != name:
            continue
        xt, yt, xv, yv, card = data()
        for method in METHODS:
            for seed in SEEDS:
                model, acc_t, acc_v, secs = fit(make, xt, yt, xv, yv, method, seed, EPOCHS[name])
                training = {"data": name, "method": method, "lambda": LAMBDA[method], "seed": seed, "epochs": EPOCHS[name],
                            "optimizer": "Adam lr 3e-3, batch 128", "finite_difference_h": H_FD if method == "hessian" else None,
                            "train_accuracy": round(acc_t, 4), "test_accuracy": round(acc_v, 4), "seconds": round(secs, 1)}
                path = os.path.join(OUT, f"{name}-{method}-s{seed}.onnx")
                export(model, example, path, card, training)
                print(json.dumps(training), flush=True)
                log.append(training)
    with open(os.path.join(OUT, f"training{'-' + only if only else ''}.jsonl"), "w") as f:
        for t in log:
            f.write(json.dumps(t) + "\n")


if __name__ == "__main__":
    main()
