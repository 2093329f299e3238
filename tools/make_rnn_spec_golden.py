#!/usr/bin/python3
"""Golden files for the ONNX RNN operators' own semantics (issue 20), beyond what PyTorch exports.

Builds small classifiers with onnx.helper — windows [N, T, D] → Transpose → one LSTM/GRU/RNN node with the attribute
under test → its last hidden state → Gemm → logits — and computes reference values with an independent float64
implementation of the ONNX specification's equations (written here in torch for its autograd): logits, predicted and
runner-up class, margin, the input gradient of g = z_j - z_k and the eigenvalues of the dense input Hessian of g.
A batch-of-one initial state is broadcast to every window (Brink's reading; see README "Models").

Needs Debian's python3-torch and python3-onnx:  /usr/bin/python3 tools/make_rnn_spec_golden.py [out_dir]
"""
import json
import os
import sys

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources",
                                                         "golden-graph")
T, D, L, N, H = 5, 2, 3, 4, 3

ACT = {
    "Sigmoid": lambda a, b: torch.sigmoid,
    "Tanh": lambda a, b: torch.tanh,
    "Relu": lambda a, b: torch.relu,
    "HardSigmoid": lambda a, b: (lambda x: torch.clamp(a * x + b, 0, 1)),
    "LeakyRelu": lambda a, b: (lambda x: torch.where(x > 0, x, a * x)),
    "Softsign": lambda a, b: (lambda x: x / (1 + x.abs())),
    "Softplus": lambda a, b: (lambda x: torch.nn.functional.softplus(x)),
    "Elu": lambda a, b: (lambda x: torch.where(x > 0, x, a * torch.expm1(x))),
    "ScaledTanh": lambda a, b: (lambda x: a * torch.tanh(b * x)),
}
NEEDS = {"HardSigmoid": (0.2, 0.5), "LeakyRelu": (0.01, None), "Elu": (1.0, None), "ScaledTanh": (None, None)}

SPECS = [
    # name, op, attributes, peepholes, initial state, direction
    ("spec_gru_lbr0", "GRU", {"linear_before_reset": 0}, False, False, "forward"),
    ("spec_gru_lbr0_bidirectional", "GRU", {"linear_before_reset": 0}, False, False, "bidirectional"),
    ("spec_lstm_peepholes", "LSTM", {}, True, False, "forward"),
    ("spec_lstm_clip", "LSTM", {"clip": 0.7}, False, False, "forward"),
    ("spec_lstm_activations", "LSTM", {"activations": ["HardSigmoid", "LeakyRelu", "Softsign"],
                                       "activation_alpha": [0.3, 0.15], "activation_beta": [0.45]}, True, True, "reverse"),
    ("spec_rnn_relu", "RNN", {"activations": ["Relu"]}, False, True, "forward"),
]


def activations(op, attrs, dirs):
    per = {"LSTM": 3, "GRU": 2, "RNN": 1}[op]
    names = attrs.get("activations", {"LSTM": ["Sigmoid", "Tanh", "Tanh"], "GRU": ["Sigmoid", "Tanh"], "RNN": ["Tanh"]}[op])
    if len(names) == per:
        names = names * dirs
    alphas = list(attrs.get("activation_alpha", []))
    betas = list(attrs.get("activation_beta", []))
    fns = []
    for n in names:
        a_def, b_def = NEEDS.get(n, (None, None))
        a = alphas.pop(0) if n in NEEDS and alphas else a_def
        b = betas.pop(0) if n in ("HardSigmoid", "ScaledTanh") and betas else b_def
        fns.append(ACT[n](a, b))
    return fns


def cell_ref(op, attrs, W, R, B, P, h0, c0, x, reverse, fns):
    """x [T, N, D] float64 → (Y [T, N, H] in time order, H_last). ONNX gate orders: LSTM iofc, GRU zrh."""
    clip = attrs.get("clip")
    cl = (lambda v: torch.clamp(v, -clip, clip)) if clip is not None else (lambda v: v)
    g = {"LSTM": 4, "GRU": 3, "RNN": 1}[op]
    Wb, Rb = B[:g * H], B[g * H:]
    h = h0.expand(x.shape[1], H)
    c = c0.expand(x.shape[1], H)
    steps = range(T - 1, -1, -1) if reverse else range(T)
    ys = [None] * T
    gate = lambda k, xt, hh: xt @ W[k * H:(k + 1) * H].T + hh @ R[k * H:(k + 1) * H].T + Wb[k * H:(k + 1) * H] + Rb[k * H:(k + 1) * H]
    for t in steps:
        xt = x[t]
        if op == "LSTM":
            f, gg, hh = fns
            pi, po, pf = (P[:H], P[H:2 * H], P[2 * H:]) if P is not None else (0, 0, 0)
            i = f(cl(gate(0, xt, h) + pi * c))
            ff = f(cl(gate(2, xt, h) + pf * c))
            ct = gg(cl(gate(3, xt, h)))
            c = ff * c + i * ct
            o = f(cl(gate(1, xt, h) + po * c))
            h = o * hh(c)
        elif op == "GRU":
            f, gg = fns
            z = f(cl(gate(0, xt, h)))
            r = f(cl(gate(1, xt, h)))
            if attrs.get("linear_before_reset", 0):
                ht = gg(cl(xt @ W[2 * H:].T + Wb[2 * H:] + r * (h @ R[2 * H:].T + Rb[2 * H:])))
            else:
                ht = gg(cl(xt @ W[2 * H:].T + Wb[2 * H:] + (r * h) @ R[2 * H:].T + Rb[2 * H:]))
            h = (1 - z) * ht + z * h
        else:
            h = fns[0](cl(gate(0, xt, h)))
        ys[t] = h
    return ys, h


def as_stored(attrs):
    """The attributes as the model stores them: float attributes are float32 in ONNX, so the reference uses those values."""
    f32 = lambda v: float(np.float32(v))
    out = dict(attrs)
    for k in ("clip",):
        if k in out:
            out[k] = f32(out[k])
    for k in ("activation_alpha", "activation_beta"):
        if k in out:
            out[k] = [f32(v) for v in out[k]]
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    for i, (name, op, attrs, peep, init, direction) in enumerate(SPECS):
        rng = np.random.default_rng(900 + i)
        dirs = 2 if direction == "bidirectional" else 1
        g = {"LSTM": 4, "GRU": 3, "RNN": 1}[op]
        W = rng.normal(0, 0.6, (dirs, g * H, D))
        R = rng.normal(0, 0.6, (dirs, g * H, H))
        B = rng.normal(0, 0.3, (dirs, 2 * g * H))
        P = rng.normal(0, 0.5, (dirs, 3 * H)) if peep else None
        h0 = rng.normal(0, 0.5, (dirs, 1, H)) if init else None
        c0 = rng.normal(0, 0.5, (dirs, 1, H)) if init and op == "LSTM" else None
        Wh = rng.normal(0, 0.8, (L, dirs * H))
        bh = rng.normal(0, 0.2, (L,))
        f32 = lambda a: a.astype(np.float32)
        inits = [numpy_helper.from_array(f32(W), "W"), numpy_helper.from_array(f32(R), "R"), numpy_helper.from_array(f32(B), "B"),
                 numpy_helper.from_array(f32(Wh), "Wh"), numpy_helper.from_array(f32(bh), "bh"),
                 numpy_helper.from_array(np.array([0, -1], dtype=np.int64), "flat")]
        rnn_inputs = ["xt", "W", "R", "B", "", ""]
        if init:
            inits.append(numpy_helper.from_array(f32(h0), "h0"))
            rnn_inputs[5] = "h0"
        if op == "LSTM":
            rnn_inputs.append("")
            if c0 is not None:
                inits.append(numpy_helper.from_array(f32(c0), "c0"))
                rnn_inputs[6] = "c0"
            if peep:
                inits.append(numpy_helper.from_array(f32(P), "P"))
                rnn_inputs.append("P")
        while rnn_inputs and rnn_inputs[-1] == "":
            rnn_inputs.pop()
        a = {k: v for k, v in attrs.items()}
        a["hidden_size"] = H
        a["direction"] = direction
        nodes = [
            helper.make_node("Transpose", ["x"], ["xt"], perm=[1, 0, 2]),
            helper.make_node(op, rnn_inputs, ["Y", "Y_h"], **a),
            helper.make_node("Transpose", ["Y_h"], ["hb"], perm=[1, 0, 2]),
            helper.make_node("Reshape", ["hb", "flat"], ["feat"]),
            helper.make_node("Gemm", ["feat", "Wh", "bh"], ["y"], transB=1),
        ]
        graph = helper.make_graph(nodes, name, [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", T, D])],
                                  [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", L])], inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)])
        onnx.checker.check_model(model)
        onnx.save(model, os.path.join(OUT, name + ".onnx"))

        d64 = lambda arr: torch.tensor(arr.astype(np.float32).astype(np.float64))
        tW, tR, tB = d64(W), d64(R), d64(B)
        tP = d64(P) if peep else None
        th0 = d64(h0) if init else torch.zeros(dirs, 1, H, dtype=torch.float64)
        tc0 = d64(c0) if c0 is not None else torch.zeros(dirs, 1, H, dtype=torch.float64)
        tWh, tbh = d64(Wh), d64(bh)
        stored = as_stored(attrs)
        fns = activations(op, stored, dirs)
        per = len(fns) // dirs

        def model_ref(xb):
            x = xb.transpose(0, 1)
            lasts = []
            for d in range(dirs):
                rev = direction == "reverse" or d == 1
                _, hl = cell_ref(op, stored, tW[d], tR[d], tB[d], tP[d] if tP is not None else None, th0[d], tc0[d], x, rev,
                                 fns[d * per:(d + 1) * per])
                lasts.append(hl)
            return torch.cat(lasts, dim=1) @ tWh.T + tbh

        torch.manual_seed(1000 + i)
        xs = torch.randn(N, T, D, dtype=torch.float64) * 1.2
        with torch.no_grad():
            z = model_ref(xs)
        windows = []
        for n in range(N):
            top = z[n].topk(2).indices
            kn, jn = int(top[0]), int(top[1])

            def gfun(inp):
                zz = model_ref(inp.reshape(1, T, D))[0]
                return zz[jn] - zz[kn]

            xn = xs[n].clone().requires_grad_(True)
            grad, = torch.autograd.grad(gfun(xn), xn)
            hess = torch.autograd.functional.hessian(gfun, xs[n].clone()).reshape(T * D, T * D)
            windows.append({"x": xs[n].reshape(-1).tolist(), "logits": z[n].tolist(), "predicted": kn, "runner_up": jn,
                            "margin": float(z[n, kn] - z[n, jn]), "gradient": grad.reshape(-1).tolist(),
                            "hessian_eigenvalues": torch.linalg.eigvalsh(hess).tolist()})
        golden = {"model": name, "opset": 14, "time_major": False, "batch_of_one": False, "steps": T, "features": D, "classes": L,
                  "reference": "ONNX specification equations in float64 (tools/make_rnn_spec_golden.py)", "windows": windows}
        with open(os.path.join(OUT, name + ".golden.json"), "w") as f:
            json.dump(golden, f)
        print("wrote", name)


if __name__ == "__main__":
    main()
