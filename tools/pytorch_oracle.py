"""PyTorch's answers to two of the tests' questions, stored in tests/data/pytorch-oracle.json.

PyTorch is the independent oracle for momentum and Adam (tests/test_optimizers.py) and
for backpropagation through a convolution (tests/test_conv_backprop.py). It is not a
dependency: PyPI's Linux wheels bring gigabytes of CUDA libraries, and the CPU-only
wheels live on a host CI cannot reach. So its results are computed once, here, from the
same seeded inputs the tests build, and every test run compares against them.

    python tools/pytorch_oracle.py          # needs torch; rewrites the JSON file
    python tools/pytorch_oracle.py --check  # needs torch; fails if the file is out of date
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
ORACLE = ROOT / "tests" / "data" / "pytorch-oracle.json"


def optimizer_run(torch, optimizer: str) -> dict:
    """torch.optim after 20 full-batch updates of the tests' small tanh-sigmoid network."""
    from test_optimizers import small_run  # the tests' own start, data and settings

    params, data, _descent = small_run(optimizer, epochs=0)
    layers = [torch.nn.Linear(2, 5, dtype=torch.float64),
              torch.nn.Linear(5, 1, dtype=torch.float64)]
    with torch.no_grad():
        for l, linear in enumerate(layers, 1):
            linear.weight.copy_(torch.from_numpy(np.array(params.W[l])))
            linear.bias.copy_(torch.from_numpy(np.array(params.b[l][:, 0])))
    weights = [p for linear in layers for p in linear.parameters()]
    step = (torch.optim.SGD(weights, lr=0.05, momentum=0.9) if optimizer == "momentum"
            else torch.optim.Adam(weights, lr=0.05))
    X, Y = torch.from_numpy(data.X.T.copy()), torch.from_numpy(data.Y.T.copy())
    for _ in range(20):
        step.zero_grad()
        out = torch.sigmoid(layers[1](torch.tanh(layers[0](X))))
        torch.nn.functional.binary_cross_entropy(out, Y).backward()
        step.step()
    return {f"W{l}": linear.weight.detach().numpy().tolist() for l, linear in
            enumerate(layers, 1)} | {f"b{l}": linear.bias.detach().numpy().tolist()
                                     for l, linear in enumerate(layers, 1)}


def conv_gradients(torch) -> dict:
    """conv2d's gradients for the tests' seeded layer, stride 2, padding 1, half squared error."""
    from test_conv_backprop import conv_case

    x, kernels, biases, target = conv_case()
    tx = torch.tensor(x[None], requires_grad=True)
    tw = torch.tensor(kernels, requires_grad=True)
    tb = torch.tensor(biases, requires_grad=True)
    out = torch.nn.functional.conv2d(tx, tw, tb, stride=2, padding=1)
    (0.5 * ((torch.tensor(target[None]) - out) ** 2).sum()).backward()
    return {"dW": tw.grad.numpy().tolist(), "db": tb.grad.numpy().tolist(),
            "dx": tx.grad.numpy()[0].tolist()}


def compute() -> dict:
    import torch

    return {"#": f"made by tools/pytorch_oracle.py with torch {torch.__version__}",
            "momentum": optimizer_run(torch, "momentum"), "adam": optimizer_run(torch, "adam"),
            "conv": conv_gradients(torch)}


def main(argv: list[str]) -> int:
    fresh = compute()
    if "--check" in argv:
        stored = json.loads(ORACLE.read_text())
        same = all(np.allclose(np.array(stored[k][n]), np.array(fresh[k][n]), rtol=1e-12)
                   for k in ("momentum", "adam", "conv") for n in fresh[k])
        print("up to date" if same else "stale: run python tools/pytorch_oracle.py")
        return 0 if same else 1
    ORACLE.write_text(json.dumps(fresh, indent=1) + "\n")
    print(f"wrote {ORACLE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
