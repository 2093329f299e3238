#!/usr/bin/python3
"""Brink's demo model: the volatility regime of the next 10 trading days from the last 32 daily returns.

Input:  data/eustockmarkets.csv (tools/export_eustockmarkets.R; R's EuStockMarkets, DAX/SMI/CAC/FTSE 1991-1998).
Output: data/eustockmarkets-points.csv  Brink points (series,ts,log_return_pct), ts = consecutive weekdays from
                                        1991-07-01 (the dataset has a business-day index, not calendar dates)
        data/models/eustock-vol-lstm.onnx  2-layer LSTM (hidden 32) + linear head, model card in metadata_props
        data/models/eustock-vol-lstm.outcomes.csv  the realized regime of every labelled window (series,ts,class)

Classes: calm / normal / turbulent = tertiles (on the training split) of the realized volatility (std of the
next 10 log-returns). Training: DAX, SMI, CAC before 1997; validation: FTSE and everything from 1997 on.
Needs Debian's python3-torch and python3-onnx:  /usr/bin/python3 tools/make_demo_model.py
"""
import csv
import datetime as dt
import json
import math
import os

import onnx
import torch
import torch.nn as nn

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
T, HORIZON, HIDDEN = 32, 10, 32
CLASSES = ["calm", "normal", "turbulent"]
SERIES = ["DAX", "SMI", "CAC", "FTSE"]


def weekdays(start, n):
    days, d = [], start
    while len(days) < n:
        if d.weekday() < 5:
            days.append(d)
        d += dt.timedelta(days=1)
    return days


class Data:
    """The EuStockMarkets windows, the training/validation split, the class cuts and the normalization."""


def prepare():
    d = Data()
    with open(os.path.join(ROOT, "data", "eustockmarkets.csv")) as f:
        rows = list(csv.DictReader(f))
    dates = weekdays(dt.date(1991, 7, 1), len(rows))
    ts = [int(dt.datetime(d.year, d.month, d.day, 17, 30, tzinfo=dt.timezone.utc).timestamp() * 1000) for d in dates]
    returns = {s: [100 * math.log(float(rows[i][s]) / float(rows[i - 1][s])) for i in range(1, len(rows))] for s in SERIES}
    rts = ts[1:]
    split = next(i for i, t in enumerate(rts) if t >= int(dt.datetime(1997, 1, 1, tzinfo=dt.timezone.utc).timestamp() * 1000))
    windows = []  # (series, end index, input window, future volatility)
    for s in SERIES:
        r = returns[s]
        for end in range(T - 1, len(r) - HORIZON):
            fut = r[end + 1:end + 1 + HORIZON]
            m = sum(fut) / HORIZON
            vol = math.sqrt(sum((x - m) ** 2 for x in fut) / (HORIZON - 1))
            windows.append((s, end, r[end - T + 1:end + 1], vol))
    train = [w for w in windows if w[0] != "FTSE" and w[1] + HORIZON < split]
    vols = sorted(w[3] for w in train)
    cuts = [vols[len(vols) // 3], vols[2 * len(vols) // 3]]
    label = lambda v: 0 if v < cuts[0] else (1 if v < cuts[1] else 2)
    valid = [w for w in windows if w[0] == "FTSE" or w[1] >= split]
    all_r = [x for w in train for x in w[2]]
    mean = sum(all_r) / len(all_r)
    std = math.sqrt(sum((x - mean) ** 2 for x in all_r) / len(all_r))

    def tensors(ws):
        x = torch.tensor([[[(v - mean) / std] for v in w[2]] for w in ws], dtype=torch.float32)
        y = torch.tensor([label(w[3]) for w in ws])
        return x, y

    d.rts, d.returns, d.windows, d.cuts, d.mean, d.std, d.label = rts, returns, windows, cuts, mean, std, label
    d.xt, d.yt = tensors(train)
    d.xv, d.yv = tensors(valid)
    return d


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.LSTM(1, HIDDEN, num_layers=2, batch_first=True)
        self.fc = nn.Linear(HIDDEN, len(CLASSES))

    def forward(self, x):
        return self.fc(self.rnn(x)[0][:, -1])


def train(d, seed):
    """The demo architecture trained from seed `seed`; returns the model and its training and validation accuracy."""
    xt, yt, xv, yv = d.xt, d.yt, d.xv, d.yv
    torch.manual_seed(seed)
    model = Model()
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    for epoch in range(30):
        perm = torch.randperm(len(xt))
        model.train()
        for i in range(0, len(xt), 128):
            idx = perm[i:i + 128]
            opt.zero_grad()
            nn.functional.cross_entropy(model(xt[idx]), yt[idx]).backward()
            opt.step()
    model.eval()
    with torch.no_grad():
        acc_t = (model(xt).argmax(1) == yt).float().mean().item()
        acc_v = (model(xv).argmax(1) == yv).float().mean().item()
    print(f"seed {seed}: train accuracy {acc_t:.3f} on {len(xt)} windows, validation accuracy {acc_v:.3f} on {len(xv)} windows"
          " (chance 0.333)")
    return model, acc_t, acc_v


def export(d, model, path, acc_t, acc_v):
    """Writes `model` to `path` as ONNX with the demo's model card in metadata_props."""
    torch.onnx.export(model, torch.zeros(2, T, 1), path, opset_version=17, input_names=["returns"], output_names=["logits"],
                      dynamic_axes={"returns": {0: "batch"}, "logits": {0: "batch"}})
    m = onnx.load(path)
    card = {"window_length": T, "feature_names": ["log_return_pct"], "class_names": CLASSES, "mean": [d.mean], "std": [d.std]}
    for k, v in card.items():
        e = m.metadata_props.add()
        e.key, e.value = k, json.dumps(v)
    for k, v in {"description": "volatility regime of the next 10 trading days from the last 32 daily log-returns (%)",
                 "training": f"DAX/SMI/CAC before 1997; train acc {acc_t:.3f}, validation acc {acc_v:.3f} (FTSE and 1997-98)",
                 "volatility_cuts_pct": json.dumps(d.cuts)}.items():
        e = m.metadata_props.add()
        e.key, e.value = k, v
    onnx.save(m, path)
    print("wrote", path)


def main():
    d = prepare()
    with open(os.path.join(ROOT, "data", "eustockmarkets-points.csv"), "w") as f:
        f.write("series,ts,log_return_pct\n")
        for i in range(len(d.rts)):
            for s in SERIES:
                f.write(f"{s},{d.rts[i]},{d.returns[s][i]:.6f}\n")
    model, acc_t, acc_v = train(d, 0)
    os.makedirs(os.path.join(ROOT, "data", "models"), exist_ok=True)
    export(d, model, os.path.join(ROOT, "data", "models", "eustock-vol-lstm.onnx"), acc_t, acc_v)
    with open(os.path.join(ROOT, "data", "models", "eustock-vol-lstm.outcomes.csv"), "w") as f:
        f.write("series,ts,class\n")
        for s, end, _, vol in d.windows:
            f.write(f"{s},{d.rts[end]},{CLASSES[d.label(vol)]}\n")
    with open(os.path.join(ROOT, "data", "models", "eustock-vol.outcomes.jsonl"), "w") as f:
        for s, end, _, vol in d.windows:
            f.write(json.dumps({"series": s, "ts": d.rts[end], "class": CLASSES[d.label(vol)]}) + "\n")


if __name__ == "__main__":
    main()
