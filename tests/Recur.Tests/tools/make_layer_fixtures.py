#!/usr/bin/python3
"""Reference fixtures for Recur's recurrent layers, losses and embedding/linear.

Run with /usr/bin/python3 (needs torch and numpy):

    /usr/bin/python3 tests/Recur.Tests/tools/make_layer_fixtures.py

Writes one compact JSON file per case to tests/Recur.Tests/Fixtures/layers/.
Output is deterministic (fixed seeds, one torch thread).

Number format
-------------
Every float is written as the shortest decimal that reads back as the exact
double value it holds.  Values that are float32 (all inputs and parameters,
and every tensor of a "float32" case) are therefore exact float32 values
widened to double: parsing the text either as float32 or as float64 gives the
exact value.  Integer tensors (targets, ids) are JSON integers.  Scalars have
shape [1].

Layer case files: <cell>_<uni|bi>_l<num_layers>_<mixed|equal>.json
---------------------------------------------------------------------
  { "script", "torch_version", "seed", "source", "dtype", "cell", "gate_order",
    "input_size", "hidden_size", "num_layers", "bidirectional", "steps",
    "batch", "lengths", "tensors": { name: {"shape": [...], "data": [...]} } }

Conventions: time-major x [T, B, D]; lengths [B] in no particular order;
padded steps (t >= length) leave the state unchanged and output zeros; the
reverse direction runs t = length-1 .. 0 over each sequence's own steps;
bidirectional output = concat(forward, reverse) on the last axis; hn/cn are
[num_layers*num_directions, B, H] in order l0 fwd, l0 rev, l1 fwd, ...

Tensors: every parameter by its PyTorch name (weight_ih_l{k}[_reverse]
[G*H, in], weight_hh_l{k}[_reverse] [G*H, H], bias_ih_l{k}[_reverse] [G*H],
bias_hh_l{k}[_reverse] [G*H], and for lstm-peephole weight_peephole_l{k}
[_reverse] [3, H] with rows (i, f, o)); inputs "x", "h0", "c0" (LSTMs);
upstream gradients "dy", "dhn", "dcn" (LSTMs); outputs "y", "hn", "cn"
(LSTMs); gradients "grad.x", "grad.h0", "grad.c0", "grad.<param name>" of

    L = sum(y * dy) + sum(hn * dhn) [+ sum(cn * dcn)].

Cells: "rnn-tanh", "rnn-relu", "gru-after" (= torch.nn.GRU, gates r,z,n),
"lstm" (= torch.nn.LSTM, gates i,f,g,o) come from torch.nn in float32 with
pack_padded_sequence(enforce_sorted=False) / pad_packed_sequence.
"gru" (reset applied before the hidden matmul: n = tanh(W_in x + b_in +
W_hn (r*h) + b_hn), gates r,z,n), "gru-simple" (gates z,n:
n = tanh(W_in x + b_in + W_hn h + b_hn), h' = (1-z)*n + z*h) and
"lstm-peephole" (i = s(z_i + p_i*c), f = s(z_f + p_f*c), g = tanh(z_g),
c' = f*c + i*g, o = s(z_o + p_o*c'), h' = o*tanh(c')) come from the plain
per-sequence, per-step implementation below in float64 (inputs float32
values).  That implementation is checked against torch for every torch
form (and lstm-peephole with zero peepholes against torch.nn.LSTM) before
anything is written; the script fails if they disagree.

losses.json  (float64 computation, inputs float32 values)
------------
  "ignore_index": -100 (top level)
  "logits"              [7, 5]  random
  "targets"             [7]     class ids, one of them -100 (ignored)
  "ce.mean.loss"        [1]     F.cross_entropy(logits, targets, ignore_index=-100, reduction="mean")
                                (mean over the non-ignored rows)
  "ce.mean.grad.logits" [7, 5]  d(ce.mean.loss)/d(logits)
  "ce.sum.loss"         [1]     same with reduction="sum"
  "ce.sum.grad.logits"  [7, 5]
  "bce.targets"         [7, 5]  multi-hot 0/1 targets
  "bce.mean.loss"       [1]     F.binary_cross_entropy_with_logits(logits, bce.targets, reduction="mean")
                                (mean over all 35 elements)
  "bce.mean.grad.logits"[7, 5]
  "bce.sum.loss"        [1]     same with reduction="sum"
  "bce.sum.grad.logits" [7, 5]

embedding_linear.json  (float64 computation, inputs float32 values)
---------------------
  emb = embedding.weight[ids]  ([T=4, B=2, 3]);  out = emb @ linear.weight^T + linear.bias
  "embedding.weight"        [11, 3]  nn.Embedding(11, 3) init
  "ids"                     [4, 2]   token ids (some repeated, no padding id)
  "linear.weight"           [6, 3]   nn.Linear(3, 6) init
  "linear.bias"             [6]
  "dout"                    [4, 2, 6] upstream gradient; loss = sum(out * dout)
  "emb"                     [4, 2, 3] embedding lookup result
  "out"                     [4, 2, 6]
  "grad.embedding.weight"   [11, 3]  (rows of unused ids are zero; repeated ids accumulate)
  "grad.linear.weight"      [6, 3]
  "grad.linear.bias"        [6]
"""

import json
import math
import os
import sys
import zlib

import numpy as np
import torch
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

SCRIPT = "tests/Recur.Tests/tools/make_layer_fixtures.py"
OUT_DIR = os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "layers"))

D, H, B, T = 5, 4, 3, 6
MIXED = [4, 6, 1]
EQUAL = [6, 6, 6]
TOL = 1e-5

TORCH_FORMS = ["rnn-tanh", "rnn-relu", "gru-after", "lstm"]
EQUATION_FORMS = ["gru", "gru-simple", "lstm-peephole"]

GATES = {
    "rnn-tanh": ["h"], "rnn-relu": ["h"],
    "gru-after": ["r", "z", "n"], "gru": ["r", "z", "n"], "gru-simple": ["z", "n"],
    "lstm": ["i", "f", "g", "o"], "lstm-peephole": ["i", "f", "g", "o"],
}

SOURCE = {"rnn-tanh": "torch.nn.RNN", "rnn-relu": "torch.nn.RNN",
          "gru-after": "torch.nn.GRU", "lstm": "torch.nn.LSTM"}


def is_lstm(cell):
    return cell in ("lstm", "lstm-peephole")


def seed_for(name):
    return zlib.crc32(name.encode("ascii")) & 0x7FFFFFFF


# ---------------------------------------------------------------- JSON output

def encode(t):
    t = t.detach().cpu()
    if t.dtype in (torch.int64, torch.int32):
        data = [int(v) for v in t.reshape(-1).tolist()]
    else:
        arr = t.numpy().reshape(-1)
        if t.dtype == torch.float32:
            data = [float(v) for v in arr]  # exact float32 value as double
        elif t.dtype == torch.float64:
            data = [float(v) for v in arr]
        else:
            raise TypeError(t.dtype)
        for v in data:
            if not math.isfinite(v):
                raise ValueError("non-finite value in fixture")
    shape = list(t.shape) if t.dim() > 0 else [1]
    return {"shape": shape, "data": data}


def check_f32(name, t):
    """Assert a float64 tensor holds only float32-representable values."""
    t = t.detach()
    if not torch.equal(t, t.float().double()):
        raise AssertionError(f"{name} is not float32-representable")


def write(fname, obj):
    text = json.dumps(obj, separators=(",", ":"), allow_nan=False)
    # Every float must read back to the exact value (double parse).
    back = json.loads(text)
    for name, tens in obj["tensors"].items():
        if back["tensors"][name]["data"] != tens["data"]:
            raise AssertionError(f"{fname}:{name} does not round-trip")
    path = os.path.join(OUT_DIR, fname)
    with open(path, "w", encoding="ascii") as f:
        f.write(text)
        f.write("\n")
    return path, len(text) + 1


# ------------------------------------------------- plain reference equations

def param_suffix(layer, direction):
    return f"_l{layer}" + ("_reverse" if direction == 1 else "")


def cell_step(cell, P, sfx, x, h, c):
    """One step of one sequence; x [in], h [H], c [H] or None. Returns (h', c')."""
    W_ih, W_hh = P["weight_ih" + sfx], P["weight_hh" + sfx]
    b_ih, b_hh = P["bias_ih" + sfx], P["bias_hh" + sfx]
    G = len(GATES[cell])
    gi = torch.mv(W_ih, x) + b_ih
    if cell == "rnn-tanh":
        return torch.tanh(gi + torch.mv(W_hh, h) + b_hh), None
    if cell == "rnn-relu":
        return torch.relu(gi + torch.mv(W_hh, h) + b_hh), None
    gi = gi.chunk(G)
    if cell == "gru":
        Whr, Whz, Whn = W_hh.chunk(3, 0)
        bhr, bhz, bhn = b_hh.chunk(3)
        r = torch.sigmoid(gi[0] + torch.mv(Whr, h) + bhr)
        z = torch.sigmoid(gi[1] + torch.mv(Whz, h) + bhz)
        n = torch.tanh(gi[2] + torch.mv(Whn, r * h) + bhn)
        return (1 - z) * n + z * h, None
    gh = (torch.mv(W_hh, h) + b_hh).chunk(G)
    if cell == "gru-after":
        r = torch.sigmoid(gi[0] + gh[0])
        z = torch.sigmoid(gi[1] + gh[1])
        n = torch.tanh(gi[2] + r * gh[2])
        return (1 - z) * n + z * h, None
    if cell == "gru-simple":
        z = torch.sigmoid(gi[0] + gh[0])
        n = torch.tanh(gi[1] + gh[1])
        return (1 - z) * n + z * h, None
    if cell == "lstm":
        i = torch.sigmoid(gi[0] + gh[0])
        f = torch.sigmoid(gi[1] + gh[1])
        g = torch.tanh(gi[2] + gh[2])
        o = torch.sigmoid(gi[3] + gh[3])
        c2 = f * c + i * g
        return o * torch.tanh(c2), c2
    if cell == "lstm-peephole":
        p = P["weight_peephole" + sfx]
        i = torch.sigmoid(gi[0] + gh[0] + p[0] * c)
        f = torch.sigmoid(gi[1] + gh[1] + p[1] * c)
        g = torch.tanh(gi[2] + gh[2])
        c2 = f * c + i * g
        o = torch.sigmoid(gi[3] + gh[3] + p[2] * c2)
        return o * torch.tanh(c2), c2
    raise ValueError(cell)


def plain_forward(cell, P, x, lengths, h0, c0, num_layers, bidirectional):
    """Explicit per-layer, per-direction, per-sequence, per-step loops."""
    steps, batch, _ = x.shape
    dirs = 2 if bidirectional else 1
    hidden = h0.shape[2]
    zero = torch.zeros(hidden, dtype=x.dtype)
    layer_in = x
    hn, cn = [], []
    for layer in range(num_layers):
        dir_outs = []
        for d in range(dirs):
            sfx = param_suffix(layer, d)
            idx = layer * dirs + d
            out = [[zero] * batch for _ in range(steps)]
            for b in range(batch):
                n = lengths[b]
                h = h0[idx, b]
                c = c0[idx, b] if c0 is not None else None
                order = range(n) if d == 0 else range(n - 1, -1, -1)
                for t in order:
                    h, c = cell_step(cell, P, sfx, layer_in[t, b], h, c)
                    out[t][b] = h
                hn.append(h)
                if c is not None:
                    cn.append(c)
            dir_outs.append(torch.stack([torch.stack(row) for row in out]))
        layer_in = torch.cat(dir_outs, dim=2)
    hn = torch.stack(hn).reshape(num_layers * dirs, batch, hidden)
    cn = torch.stack(cn).reshape(num_layers * dirs, batch, hidden) if cn else None
    return layer_in, hn, cn


def loss_of(y, hn, cn, dy, dhn, dcn):
    loss = (y * dy).sum() + (hn * dhn).sum()
    if cn is not None:
        loss = loss + (cn * dcn).sum()
    return loss


def run_plain(cell, params, inputs, lengths, num_layers, bidirectional):
    """params: name -> float64 leaf; inputs: dict with x,h0,(c0),dy,dhn,(dcn).
    Returns dict of outputs and gradients (float64)."""
    P = {k: v.detach().clone().requires_grad_(True) for k, v in params.items()}
    x = inputs["x"].detach().clone().requires_grad_(True)
    h0 = inputs["h0"].detach().clone().requires_grad_(True)
    c0 = inputs["c0"].detach().clone().requires_grad_(True) if "c0" in inputs else None
    y, hn, cn = plain_forward(cell, P, x, lengths, h0, c0, num_layers, bidirectional)
    loss = loss_of(y, hn, cn, inputs["dy"], inputs["dhn"], inputs.get("dcn"))
    leaves = [("x", x), ("h0", h0)] + ([("c0", c0)] if c0 is not None else []) + list(P.items())
    grads = torch.autograd.grad(loss, [t for _, t in leaves])
    res = {"y": y.detach(), "hn": hn.detach()}
    if cn is not None:
        res["cn"] = cn.detach()
    for (name, _), g in zip(leaves, grads):
        res["grad." + name] = g
    return res


# ------------------------------------------------------------- torch cases

def make_module(cell, num_layers, bidirectional):
    if cell in ("rnn-tanh", "rnn-relu"):
        return torch.nn.RNN(D, H, num_layers, nonlinearity=cell[4:], bidirectional=bidirectional)
    if cell == "gru-after":
        return torch.nn.GRU(D, H, num_layers, bidirectional=bidirectional)
    if cell == "lstm":
        return torch.nn.LSTM(D, H, num_layers, bidirectional=bidirectional)
    raise ValueError(cell)


def random_inputs(cell, num_layers, bidirectional):
    dirs = 2 if bidirectional else 1
    t = {"x": torch.randn(T, B, D), "h0": torch.randn(num_layers * dirs, B, H)}
    if is_lstm(cell):
        t["c0"] = torch.randn(num_layers * dirs, B, H)
    t["dy"] = torch.randn(T, B, dirs * H)
    t["dhn"] = torch.randn(num_layers * dirs, B, H)
    if is_lstm(cell):
        t["dcn"] = torch.randn(num_layers * dirs, B, H)
    return t


def torch_run(mod, cell, inputs, lengths, packed=True):
    x = inputs["x"].clone().requires_grad_(True)
    h0 = inputs["h0"].clone().requires_grad_(True)
    c0 = inputs["c0"].clone().requires_grad_(True) if is_lstm(cell) else None
    state = (h0, c0) if c0 is not None else h0
    if packed:
        pk = pack_padded_sequence(x, torch.tensor(lengths), enforce_sorted=False)
        out, st = mod(pk, state)
        y, _ = pad_packed_sequence(out, total_length=T)
    else:
        y, st = mod(x, state)
    hn, cn = (st if c0 is not None else (st, None))
    loss = loss_of(y, hn, cn, inputs["dy"], inputs["dhn"], inputs.get("dcn"))
    named = list(mod.named_parameters())
    leaves = [("x", x), ("h0", h0)] + ([("c0", c0)] if c0 is not None else []) + named
    grads = torch.autograd.grad(loss, [t for _, t in leaves])
    res = {"y": y.detach(), "hn": hn.detach()}
    if cn is not None:
        res["cn"] = cn.detach()
    for (name, _), g in zip(leaves, grads):
        res["grad." + name] = g
    return res


def compare(label, ref, got, keys=None):
    keys = keys if keys is not None else list(ref.keys())
    worst = 0.0
    for k in keys:
        a, b = ref[k].double(), got[k].double()
        if a.shape != b.shape:
            raise AssertionError(f"{label}: {k} shape {tuple(a.shape)} vs {tuple(b.shape)}")
        diff = (a - b).abs().max().item()
        worst = max(worst, diff)
        if not diff < TOL:
            raise AssertionError(f"{label}: {k} differs by {diff:.3e} (tolerance {TOL})")
    return worst


def header(name, seed, source, dtype, cell, num_layers, bidirectional, lengths):
    return {
        "script": SCRIPT, "torch_version": torch.__version__, "seed": seed,
        "source": source, "dtype": dtype, "cell": cell,
        "gate_order": GATES[cell],
        "input_size": D, "hidden_size": H, "num_layers": num_layers,
        "bidirectional": bidirectional, "steps": T, "batch": B,
        "lengths": list(lengths),
    }


def case_name(cell, bidirectional, num_layers, lengths):
    kind = "equal" if len(set(lengths)) == 1 else "mixed"
    return f"{cell}_{'bi' if bidirectional else 'uni'}_l{num_layers}_{kind}"


def torch_case(cell, bidirectional, num_layers, lengths, log):
    name = case_name(cell, bidirectional, num_layers, lengths)
    seed = seed_for(name)
    torch.manual_seed(seed)
    mod = make_module(cell, num_layers, bidirectional)
    inputs = random_inputs(cell, num_layers, bidirectional)
    res = torch_run(mod, cell, inputs, lengths)

    # Sanity: padded outputs are zero, and with equal lengths packing is a no-op.
    for b, n in enumerate(lengths):
        assert torch.all(res["y"][n:, b] == 0)
    if len(set(lengths)) == 1 and lengths[0] == T:
        compare(name + " packed vs unpacked", res, torch_run(mod, cell, inputs, lengths, packed=False))

    # Validate the plain implementation against torch on the same values.
    params64 = {k: v.detach().double() for k, v in mod.named_parameters()}
    inputs64 = {k: v.double() for k, v in inputs.items()}
    plain = run_plain(cell, params64, inputs64, lengths, num_layers, bidirectional)
    worst = compare(name + " plain vs torch", res, plain)
    msg = f"plain {cell} == torch (max diff {worst:.2e})"
    if cell == "lstm":
        dirs = 2 if bidirectional else 1
        pp = dict(params64)
        for layer in range(num_layers):
            for d in range(dirs):
                pp["weight_peephole" + param_suffix(layer, d)] = torch.zeros(3, H, dtype=torch.float64)
        peep = run_plain("lstm-peephole", pp, inputs64, lengths, num_layers, bidirectional)
        w2 = compare(name + " plain lstm-peephole(p=0) vs torch", res, peep, keys=list(res.keys()))
        msg += f"; lstm-peephole(p=0) == torch (max diff {w2:.2e})"

    tensors = {}
    for k, v in mod.named_parameters():
        tensors[k] = encode(v)
    for k, v in inputs.items():
        tensors[k] = encode(v)
    for k in ("y", "hn", "cn"):
        if k in res:
            tensors[k] = encode(res[k])
    for k, v in res.items():
        if k.startswith("grad."):
            tensors[k] = encode(v)
    obj = header(name, seed, SOURCE[cell], "float32", cell, num_layers, bidirectional, lengths)
    obj["tensors"] = tensors
    path, size = write(name + ".json", obj)
    log(f"{os.path.basename(path):34s} {size:7d} B  {msg}")
    return size


# ---------------------------------------------------------- equation cases

def equation_params(cell, num_layers, bidirectional):
    """U(-1/sqrt(H), 1/sqrt(H)) drawn in float32, widened to float64."""
    dirs = 2 if bidirectional else 1
    G = len(GATES[cell])
    k = 1.0 / math.sqrt(H)
    P = {}
    for layer in range(num_layers):
        in_size = D if layer == 0 else dirs * H
        for d in range(dirs):
            sfx = param_suffix(layer, d)
            P["weight_ih" + sfx] = torch.empty(G * H, in_size).uniform_(-k, k)
            P["weight_hh" + sfx] = torch.empty(G * H, H).uniform_(-k, k)
            P["bias_ih" + sfx] = torch.empty(G * H).uniform_(-k, k)
            P["bias_hh" + sfx] = torch.empty(G * H).uniform_(-k, k)
            if cell == "lstm-peephole":
                P["weight_peephole" + sfx] = torch.empty(3, H).uniform_(-k, k)
    return {n: v.double() for n, v in P.items()}


def equation_case(cell, bidirectional, num_layers, lengths, log):
    name = case_name(cell, bidirectional, num_layers, lengths)
    seed = seed_for(name)
    torch.manual_seed(seed)
    params = equation_params(cell, num_layers, bidirectional)
    inputs = {k: v.double() for k, v in random_inputs(cell, num_layers, bidirectional).items()}
    for k, v in list(params.items()) + list(inputs.items()):
        check_f32(name + ":" + k, v)
    res = run_plain(cell, params, inputs, lengths, num_layers, bidirectional)
    for b, n in enumerate(lengths):
        assert torch.all(res["y"][n:, b] == 0)
        assert torch.all(res["grad.x"][n:, b] == 0)

    tensors = {}
    for k, v in params.items():
        tensors[k] = encode(v)
    for k, v in inputs.items():
        tensors[k] = encode(v)
    for k in ("y", "hn", "cn"):
        if k in res:
            tensors[k] = encode(res[k])
    for k, v in res.items():
        if k.startswith("grad."):
            tensors[k] = encode(v)
    obj = header(name, seed, "equations", "float64 (values float32-representable)",
                 cell, num_layers, bidirectional, lengths)
    obj["tensors"] = tensors
    path, size = write(name + ".json", obj)
    log(f"{os.path.basename(path):34s} {size:7d} B")
    return size


# ----------------------------------------------------- losses / embedding

def losses_case(log):
    name = "losses"
    seed = seed_for(name)
    torch.manual_seed(seed)
    N, C = 7, 5
    logits = torch.randn(N, C).double()
    targets = torch.randint(0, C, (N,))
    targets[3] = -100
    bce_t = (torch.rand(N, C) < 0.4).double()
    check_f32("logits", logits)

    tensors = {"logits": encode(logits), "targets": encode(targets)}
    for red in ("mean", "sum"):
        lg = logits.clone().requires_grad_(True)
        loss = F.cross_entropy(lg, targets, ignore_index=-100, reduction=red)
        (g,) = torch.autograd.grad(loss, lg)
        assert torch.all(g[3] == 0)
        tensors[f"ce.{red}.loss"] = encode(loss)
        tensors[f"ce.{red}.grad.logits"] = encode(g)
    # Independent check of the cross-entropy mean (non-ignored count = N - 1).
    keep = targets != -100
    lsm = torch.log_softmax(logits, dim=1)
    manual = -lsm[keep.nonzero().squeeze(1), targets[keep]].sum() / keep.sum()
    assert abs(manual.item() - tensors["ce.mean.loss"]["data"][0]) < 1e-12

    tensors["bce.targets"] = encode(bce_t)
    for red in ("mean", "sum"):
        lg = logits.clone().requires_grad_(True)
        loss = F.binary_cross_entropy_with_logits(lg, bce_t, reduction=red)
        (g,) = torch.autograd.grad(loss, lg)
        tensors[f"bce.{red}.loss"] = encode(loss)
        tensors[f"bce.{red}.grad.logits"] = encode(g)
    obj = {"script": SCRIPT, "torch_version": torch.__version__, "seed": seed,
           "source": "torch.nn.functional", "dtype": "float64 (inputs float32-representable)",
           "ignore_index": -100, "tensors": tensors}
    path, size = write("losses.json", obj)
    log(f"{os.path.basename(path):34s} {size:7d} B")
    return size


def embedding_case(log):
    name = "embedding_linear"
    seed = seed_for(name)
    torch.manual_seed(seed)
    emb_mod = torch.nn.Embedding(11, 3)
    lin_mod = torch.nn.Linear(3, 6)
    Tn, Bn = 4, 2
    ids = torch.randint(0, 11, (Tn, Bn))
    ids[2, 1] = ids[0, 0]  # make sure one id is repeated (gradient accumulation)
    dout = torch.randn(Tn, Bn, 6)

    E = emb_mod.weight.detach().double().requires_grad_(True)
    W = lin_mod.weight.detach().double().requires_grad_(True)
    bias = lin_mod.bias.detach().double().requires_grad_(True)
    dout = dout.double()
    emb = F.embedding(ids, E)
    out = F.linear(emb, W, bias)
    loss = (out * dout).sum()
    gE, gW, gb = torch.autograd.grad(loss, [E, W, bias])
    used = set(ids.reshape(-1).tolist())
    for r in range(11):
        if r not in used:
            assert torch.all(gE[r] == 0)

    tensors = {
        "embedding.weight": encode(E), "ids": encode(ids),
        "linear.weight": encode(W), "linear.bias": encode(bias),
        "dout": encode(dout), "emb": encode(emb), "out": encode(out),
        "grad.embedding.weight": encode(gE), "grad.linear.weight": encode(gW),
        "grad.linear.bias": encode(gb),
    }
    obj = {"script": SCRIPT, "torch_version": torch.__version__, "seed": seed,
           "source": "torch.nn.Embedding + torch.nn.Linear",
           "dtype": "float64 (inputs float32-representable)",
           "num_embeddings": 11, "embedding_dim": 3, "out_features": 6,
           "steps": Tn, "batch": Bn, "tensors": tensors}
    path, size = write("embedding_linear.json", obj)
    log(f"{os.path.basename(path):34s} {size:7d} B")
    return size


def main():
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float32)
    os.makedirs(OUT_DIR, exist_ok=True)
    total = 0
    log = print
    for cell in TORCH_FORMS:
        for bi in (False, True):
            total += torch_case(cell, bi, 2, MIXED, log)
            total += torch_case(cell, bi, 1, EQUAL, log)
    for cell in EQUATION_FORMS:
        for bi in (False, True):
            total += equation_case(cell, bi, 2, MIXED, log)
    total += losses_case(log)
    total += embedding_case(log)
    print(f"total {total} bytes in {OUT_DIR}")
    if total > 2 * 1024 * 1024:
        raise SystemExit("fixtures exceed 2 MB")


if __name__ == "__main__":
    main()
