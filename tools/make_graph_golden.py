#!/usr/bin/python3
"""Golden files for Brink's graph import (issue 20): the classifier shapes practitioners write in PyTorch.

Each model is trained a few steps on a synthetic task, exported by torch.onnx.export (dynamic batch axis unless the
spec fixes a batch of 1) and given reference values computed by PyTorch in float64 from the exported float32 weights:
logits, predicted and runner-up class, margin, the input gradient of g = z_j - z_k (pair fixed at x) and the
eigenvalues of the dense input Hessian of g. Windows are stored batch first, [T, D] each, whatever the model's layout.

Needs Debian's python3-torch and python3-onnx:  /usr/bin/python3 tools/make_graph_golden.py [out_dir [name ...]]
Writes <name>.onnx and <name>.golden.json into out_dir (default src/test/resources/golden-graph), for the named models
only when names are given (each model's seeds depend only on its place in SPECS, so one can be added or rewritten alone).
"""
import json
import os
import sys

import torch
import torch.nn as nn

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources",
                                                         "golden-graph")
ONLY = set(sys.argv[2:])  # model names to (re)write; all when none is given
T, D, L, N, H = 6, 3, 3, 4, 5


class LastStep(nn.Module):
    """2-layer LSTM, out[:, -1] (the fixed-shape path's model, imported here as a graph too)."""
    def __init__(self):
        super().__init__()
        self.rnn = nn.LSTM(D, H, num_layers=2, batch_first=True)
        self.fc = nn.Linear(H, L)

    def forward(self, x):
        return self.fc(self.rnn(x)[0][:, -1])


class GruMlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(D, H, batch_first=True)
        self.head = nn.Sequential(nn.Linear(H, 8), nn.ReLU(), nn.Linear(8, L))

    def forward(self, x):
        return self.head(self.rnn(x)[0][:, -1])


class BiLast(nn.Module):
    def __init__(self, reading):
        super().__init__()
        self.rnn = nn.LSTM(D, H, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(2 * H, L)
        self.reading = reading

    def forward(self, x):
        out, (h, _) = self.rnn(x)
        feat = out[:, -1] if self.reading == "out" else torch.cat([h[-2], h[-1]], dim=1)
        return self.fc(feat)


class ActHead(nn.Module):
    """GRU, last step, a head through LeakyReLU, Hardsigmoid, ELU, SELU, Softplus and ReLU6 (Clip)."""
    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(D, H, batch_first=True)
        acts = [nn.LeakyReLU(0.125), nn.Hardsigmoid(), nn.ELU(0.75), nn.SELU(), nn.Softplus(), nn.ReLU6()]
        layers = []
        width = H
        for a in acts:
            layers += [nn.Linear(width, 6), a]
            width = 6
        self.head = nn.Sequential(*layers, nn.Linear(width, L))

    def forward(self, x):
        return self.head(self.rnn(x)[0][:, -1])


def f32(v):
    """A constant as the ONNX file stores it (attributes are float32)."""
    return torch.tensor(v, dtype=torch.float32).item()


class HardsigmoidAsExported(nn.Module):
    """HardSigmoid(alpha 1/6, beta 1/2) as clamp, which PyTorch can differentiate twice (its own Hardsigmoid cannot)."""
    def forward(self, x):
        return torch.clamp(x * f32(1 / 6) + 0.5, 0, 1)


class SeluAsExported(nn.Module):
    """SELU with the float32 alpha and gamma the file holds."""
    def forward(self, x):
        alpha, gamma = f32(1.6732632423543772848170429916717), f32(1.0507009873554804934193349852946)
        return gamma * (torch.relu(x) + alpha * torch.expm1(torch.clamp(x, max=0)))


class LogSoftmaxHead(nn.Module):
    """GRU, last step, Linear → LogSoftmax → Linear: an op the certified radius has no bound rule for (its refusal test)."""
    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(D, H, batch_first=True)
        self.a = nn.Linear(H, 6)
        self.b = nn.Linear(6, L)

    def forward(self, x):
        return self.b(torch.log_softmax(self.a(self.rnn(x)[0][:, -1]), dim=1))


class Pool(nn.Module):
    """LSTM, then the mean (ReduceMean) or the maximum (ReduceMax) over time."""
    def __init__(self, how):
        super().__init__()
        self.rnn = nn.LSTM(D, H, batch_first=True)
        self.fc = nn.Linear(H, L)
        self.how = how

    def forward(self, x):
        out = self.rnn(x)[0]
        return self.fc(out.mean(dim=1) if self.how == "mean" else out.amax(dim=1))


class Attention(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(D, H, batch_first=True)
        self.score = nn.Linear(H, 1)
        self.fc = nn.Linear(H, L)

    def forward(self, x):
        out = self.rnn(x)[0]
        w = torch.softmax(self.score(out).squeeze(-1), dim=1)
        return self.fc((w.unsqueeze(-1) * out).sum(dim=1))


class ConvLstm(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(D, 4, kernel_size=3, padding=1)
        self.rnn = nn.LSTM(4, H, batch_first=True)
        self.fc = nn.Linear(H, L)

    def forward(self, x):
        c = torch.relu(self.conv(x.transpose(1, 2))).transpose(1, 2)
        return self.fc(self.rnn(c)[0][:, -1])


class TimeMajor(nn.Module):
    """nn.LSTM(batch_first=False): the model takes [T, N, D]."""
    def __init__(self):
        super().__init__()
        self.rnn = nn.LSTM(D, H)
        self.fc = nn.Linear(H, L)

    def forward(self, x):
        return self.fc(self.rnn(x)[0][-1])


class ReluRnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(D, H, batch_first=True, nonlinearity="relu")
        self.fc = nn.Linear(H, L)

    def forward(self, x):
        return self.fc(self.rnn(x)[0][:, -1])


class GeluAsExported(nn.Module):
    """GELU as opsets < 20 export it, x·(1 + erf(x / √2))·0.5, with √2 the float32 constant the export writes."""
    def forward(self, x):
        return x * (1 + torch.erf(x / float(torch.tensor(2.0).sqrt()))) * 0.5


class GeluHead(nn.Module):
    """GRU, last step, Linear → GELU → Linear: exported through Erf before opset 20."""
    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(D, H, batch_first=True)
        self.head = nn.Sequential(nn.Linear(H, 8), nn.GELU(), nn.Linear(8, L))

    def forward(self, x):
        return self.head(self.rnn(x)[0][:, -1])


class LayerNormHead(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.LSTM(D, H, batch_first=True)
        self.norm = nn.LayerNorm(H)
        self.fc = nn.Linear(H, L)

    def forward(self, x):
        return self.fc(self.norm(self.rnn(x)[0][:, -1]))


SPECS = [
    # name, model, opset, time major, batch of one
    ("graph_lstm2_last", LastStep, 14, False, False),
    ("graph_gru_mlp", GruMlp, 14, False, False),
    ("graph_bilstm_out", lambda: BiLast("out"), 14, False, False),
    ("graph_bilstm_hn", lambda: BiLast("hn"), 15, False, False),
    ("graph_mean_pool", lambda: Pool("mean"), 13, False, False),
    ("graph_attention", Attention, 14, False, False),
    ("graph_conv_lstm", ConvLstm, 14, False, False),
    ("graph_time_major", TimeMajor, 14, True, False),
    ("graph_layernorm17", LayerNormHead, 17, False, False),
    ("graph_layernorm14", LayerNormHead, 14, False, False),
    ("graph_gru_batch1", GruMlp, 14, False, True),
    ("graph_rnn_relu", ReluRnn, 14, False, False),
    ("graph_gelu_head", GeluHead, 14, False, False),
    ("graph_max_pool", lambda: Pool("max"), 14, False, False),
    ("graph_act_head", ActHead, 14, False, False),
    ("graph_logsoftmax_head", LogSoftmaxHead, 14, False, False),
]


def train(model, seed, time_major):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(128, T, D, generator=g)
    y = (x[:, :, 0].sum(1) > 0).long() + (x[:, -1, 1] > 0.5).long()
    opt = torch.optim.Adam(model.parameters(), lr=0.03)
    for _ in range(40):
        opt.zero_grad()
        nn.functional.cross_entropy(model(x.transpose(0, 1) if time_major else x), y).backward()
        opt.step()


def main():
    os.makedirs(OUT, exist_ok=True)
    for i, (name, make, opset, time_major, batch1) in enumerate(SPECS):
        if ONLY and name not in ONLY:
            continue
        torch.manual_seed(500 + i)
        model = make()
        train(model, 600 + i, time_major)
        model.eval()
        path = os.path.join(OUT, name + ".onnx")
        example = torch.randn(1 if batch1 else 2, T, D)
        if time_major:
            example = example.transpose(0, 1).contiguous()
        axes = {} if batch1 else {"x": {1 if time_major else 0: "batch"}, "y": {0: "batch"}}
        torch.onnx.export(model, example, path, opset_version=opset, input_names=["x"], output_names=["y"],
                          dynamic_axes=axes)
        if isinstance(model, GeluHead):
            model.head[1] = GeluAsExported()  # the reference computes what the file says
        if isinstance(model, ActHead):
            model.head[3] = HardsigmoidAsExported()
            model.head[7] = SeluAsExported()
        model = model.double()
        torch.manual_seed(700 + i)
        x = torch.randn(N, T, D, dtype=torch.float64) * 1.2

        def run(batch):
            return model(batch.transpose(0, 1) if time_major else batch)

        with torch.no_grad():
            z = torch.cat([run(x[n:n + 1]) for n in range(N)])
        top2 = z.topk(2, dim=1).indices
        windows = []
        for n in range(N):
            kn, jn = int(top2[n, 0]), int(top2[n, 1])

            def g(inp):
                zz = run(inp.reshape(1, T, D))[0]
                return zz[jn] - zz[kn]

            xn = x[n].clone().requires_grad_(True)
            grad, = torch.autograd.grad(g(xn), xn)
            hess = torch.autograd.functional.hessian(g, x[n].clone()).reshape(T * D, T * D)
            windows.append({
                "x": x[n].reshape(-1).tolist(),
                "logits": z[n].tolist(),
                "predicted": kn,
                "runner_up": jn,
                "margin": float(z[n, kn] - z[n, jn]),
                "gradient": grad.reshape(-1).tolist(),
                "hessian_eigenvalues": torch.linalg.eigvalsh(hess).tolist(),
            })
        golden = {"model": name, "opset": opset, "time_major": time_major, "batch_of_one": batch1, "steps": T,
                  "features": D, "classes": L, "torch_version": torch.__version__, "windows": windows}
        with open(os.path.join(OUT, name + ".golden.json"), "w") as f:
            json.dump(golden, f)
        print("wrote", name)


if __name__ == "__main__":
    main()
