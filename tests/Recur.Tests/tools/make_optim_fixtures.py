#!/usr/bin/python3
"""Writes the optimiser and gradient-clipping fixtures for tests/Recur.Tests/Optim.

Run from anywhere with Debian's interpreter (python3-torch):

    /usr/bin/python3 tests/Recur.Tests/tools/make_optim_fixtures.py

For each configuration it draws one parameter vector and five gradient vectors
(float64, fixed seed), runs five torch.optim steps in float64 and again in
float32 (the same numbers rounded), and writes the initial values, the
gradients and the values after every step to Fixtures/optim/<name>.json.
Clipping fixtures hold each gradient vector before and after clipping and the
norm PyTorch returned. The tests read these files; they never run Python.
"""

import json
import os

import torch

SEED = 20240611
SCRIPT = "tests/Recur.Tests/tools/make_optim_fixtures.py"
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "optim")

# 53 is not a multiple of any vector width, so the scalar tail runs too.
PARAMETER_COUNT = 53
STEPS = 5

# name -> (torch.optim class, keyword arguments)
OPTIMIZERS = {
    "sgd_plain": (torch.optim.SGD, {"lr": 0.1}),
    "sgd_momentum_weight_decay": (torch.optim.SGD, {"lr": 0.1, "momentum": 0.9, "weight_decay": 1e-2}),
    "sgd_nesterov": (torch.optim.SGD, {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
    "sgd_dampening": (torch.optim.SGD, {"lr": 0.1, "momentum": 0.8, "dampening": 0.3}),
    "adam_default": (torch.optim.Adam, {}),
    "adam_weight_decay_amsgrad": (torch.optim.Adam,
                                  {"lr": 1e-2, "betas": (0.8, 0.95), "weight_decay": 1e-2, "amsgrad": True}),
    "adamw_default": (torch.optim.AdamW, {}),
    "adamw_amsgrad": (torch.optim.AdamW, {"lr": 1e-2, "weight_decay": 0.1, "amsgrad": True}),
    "rmsprop_default": (torch.optim.RMSprop, {}),
    "rmsprop_centered_momentum": (torch.optim.RMSprop,
                                  {"lr": 1e-2, "centered": True, "momentum": 0.9, "weight_decay": 1e-2}),
}

# name -> (function, keyword arguments)
CLIPPING = {
    # The gradients' norms are about 3.6, so max_norm 1 always clips and 10 never does.
    "clip_grad_norm_clipping": ("clip_grad_norm_", {"max_norm": 1.0}),
    "clip_grad_norm_not_clipping": ("clip_grad_norm_", {"max_norm": 10.0}),
    "clip_grad_value": ("clip_grad_value_", {"clip_value": 0.5}),
}

DTYPES = {"float64": torch.float64, "float32": torch.float32}


def draw():
    g = torch.Generator().manual_seed(SEED)
    initial = torch.randn(PARAMETER_COUNT, generator=g, dtype=torch.float64)
    gradients = [0.5 * torch.randn(PARAMETER_COUNT, generator=g, dtype=torch.float64) for _ in range(STEPS)]
    return initial, gradients


def as_list(t):
    # float() of a float32 element is exact, so the JSON double parses back to the same float.
    return [float(x) for x in t.tolist()]


def jsonable(value):
    if isinstance(value, tuple):
        return [jsonable(v) for v in value]
    return value


def run_optimizer(cls, kwargs, initial, gradients, dtype):
    p = initial.to(dtype).clone().requires_grad_(True)
    opt = cls([p], **kwargs)
    steps = []
    for grad in gradients:
        p.grad = grad.to(dtype).clone()
        opt.step()
        steps.append(as_list(p.detach()))
    defaults = {k: jsonable(v) for k, v in opt.defaults.items()}
    record = {
        "initial": as_list(initial.to(dtype)),
        "gradients": [as_list(gr.to(dtype)) for gr in gradients],
        "steps": steps,
    }
    return defaults, record


def run_clipping(function, kwargs, gradients, dtype):
    inputs, outputs, norms = [], [], []
    for grad in gradients:
        p = torch.zeros(PARAMETER_COUNT, dtype=dtype, requires_grad=True)
        p.grad = grad.to(dtype).clone()
        inputs.append(as_list(p.grad))
        result = getattr(torch.nn.utils, function)([p], **kwargs)
        outputs.append(as_list(p.grad))
        if result is not None:
            norms.append(float(result))
    record = {"inputs": inputs, "outputs": outputs}
    if norms:
        record["norms"] = norms
    return record


def header(name):
    return {"name": name, "script": SCRIPT, "torch_version": torch.__version__, "seed": SEED,
            "parameter_count": PARAMETER_COUNT, "steps": STEPS}


def dump(value, indent=0):
    # Arrays of numbers stay on one line; everything else is indented.
    pad = "  " * indent
    if isinstance(value, dict) and value:
        items = [f'{pad}  {json.dumps(k)}: {dump(v, indent + 1).lstrip()}' for k, v in value.items()]
        return pad + "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list) and value and isinstance(value[0], list):
        rows = [dump(v, indent + 1) for v in value]
        return pad + "[\n" + ",\n".join(rows) + "\n" + pad + "]"
    return pad + json.dumps(value)


def write(name, obj):
    path = os.path.join(OUT_DIR, name + ".json")
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write(dump(obj) + "\n")
    os.replace(path + ".tmp", path)


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    initial, gradients = draw()
    for name, (cls, kwargs) in OPTIMIZERS.items():
        obj = header(name)
        obj["optimizer"] = cls.__name__
        obj["kwargs"] = {k: jsonable(v) for k, v in kwargs.items()}
        for key, dtype in DTYPES.items():
            defaults, record = run_optimizer(cls, kwargs, initial, gradients, dtype)
            obj["options"] = defaults
            obj[key] = record
        write(name, obj)
    for name, (function, kwargs) in CLIPPING.items():
        obj = header(name)
        obj["function"] = function
        obj["kwargs"] = kwargs
        for key, dtype in DTYPES.items():
            obj[key] = run_clipping(function, kwargs, gradients, dtype)
        write(name, obj)


if __name__ == "__main__":
    main()
